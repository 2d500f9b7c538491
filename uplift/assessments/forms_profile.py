"""Forms of the profile pages: naming a snapshot, choosing two sets of levels to compare."""

from __future__ import annotations

from django import forms
from django.utils import dateformat, timezone

from uplift.assessments.models import Snapshot

NOW = "now"


class SnapshotForm(forms.Form):
    name = forms.CharField(
        label="Name of the snapshot",
        help_text="For example “Baseline” or “End of autumn term”.",
        max_length=120,
        error_messages={"required": "Enter a name for the snapshot, for example “Baseline”."},
    )

    def clean_name(self) -> str:
        name = self.cleaned_data["name"].strip()
        if not name:
            raise forms.ValidationError("Enter a name for the snapshot, for example “Baseline”.")
        return name


def snapshot_label(snapshot: Snapshot) -> str:
    recorded = dateformat.format(timezone.localtime(snapshot.created_at), "j F Y")  # "8 May 2026", in UK time
    return f"{snapshot.name} ({recorded}, cycle {snapshot.assessment.cycle})"


class CompareForm(forms.Form):
    """Two sets of levels: any of the school's snapshots, or ``now`` (the current judgements)."""

    a = forms.ChoiceField(label="Compare from")
    b = forms.ChoiceField(label="with")

    def __init__(self, *args: object, snapshots: list[Snapshot], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        choices = [(str(snapshot.pk), snapshot_label(snapshot)) for snapshot in snapshots]
        choices.append((NOW, "Now (the current judgements)"))
        self.fields["a"].choices = choices
        self.fields["b"].choices = choices
        self.fields["a"].error_messages["invalid_choice"] = "Choose one of the school's snapshots to compare from."
        self.fields["b"].error_messages["invalid_choice"] = "Choose one of the school's snapshots to compare with."
