"""The aspect page's form: best-fit level, three commentary boxes, attached evidence, version."""

from __future__ import annotations

from django import forms
from django.db.models import QuerySet

from uplift.frameworks.models import LevelStatement

COMMENTARY_FIELDS = ("current_position", "evidence_commentary", "improvement_actions")


def level_label(statement: LevelStatement, phase: str | None) -> str:
    marker = " (Quality Mark standard)" if statement.is_threshold else ""
    return f"Level {statement.level}{marker}: {statement.statement_for(phase)}"


class JudgementForm(forms.Form):
    level = forms.TypedChoiceField(
        label="Which statement describes your school best?",
        help_text="Choose the best fit, even if not every word applies. You can save without choosing.",
        coerce=int,
        empty_value=None,
        required=False,
        widget=forms.RadioSelect,
    )
    current_position = forms.CharField(
        label="Current position",
        help_text="Where your school is now, in a few sentences.",
        required=False,
        max_length=10_000,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    evidence_commentary = forms.CharField(
        label="Evidence",
        help_text="What shows this: documents, observations, pupil work, data. Attach items below.",
        required=False,
        max_length=10_000,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    improvement_actions = forms.CharField(
        label="Improvement actions",
        help_text="What you will do next to improve, and who will do it.",
        required=False,
        max_length=10_000,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    evidence = forms.ModelMultipleChoiceField(
        label="Evidence items attached",
        help_text="Items from your school's evidence library that support this judgement.",
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    version = forms.IntegerField(min_value=0, widget=forms.HiddenInput)
    # One id per rendering of the page, so the page's own autosave never conflicts with its "Save".
    form_id = forms.CharField(required=False, max_length=32, widget=forms.HiddenInput)

    def __init__(
        self,
        *args: object,
        statements: list[LevelStatement],
        phase: str | None,
        evidence_items: QuerySet,
        **kwargs: object,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["level"].choices = [(s.level, level_label(s, phase)) for s in statements]
        self.fields["evidence"].queryset = evidence_items
        self.fields["evidence"].label_from_instance = lambda item: f"{item.title} ({item.get_kind_display().lower()})"
