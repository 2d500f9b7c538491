"""Forms for coaching: nominating oneself, assigning a coach, logging a session, a coachee's reflection."""

from __future__ import annotations

from decimal import Decimal

from django import forms

from uplift.frameworks.models import Dimension, Framework
from uplift.schools.models import School


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self) -> None:
        super().__init__(format="%Y-%m-%d")


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: object) -> str:
        return f"{obj.full_name or obj.email} ({obj.email})"  # type: ignore[attr-defined]


class NominateForm(forms.Form):
    school = forms.ModelChoiceField(
        label="Your school",
        queryset=School.objects.none(),
        error_messages={"required": "Choose your school", "invalid_choice": "Choose your school from the list"},
    )
    dimension = forms.ModelChoiceField(
        label="Which dimension is it about?",
        queryset=Dimension.objects.none(),
        empty_label="Choose a dimension",
        error_messages={"required": "Choose the dimension it is about", "invalid_choice": "Choose a dimension"},
    )
    focus = forms.CharField(
        label="What do you want to work on?",
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="A few sentences for the advisor choosing your coach, for example 'Leading my colleagues "
        "through a new KS2 programming scheme'. Your coaching is kept discreet: other staff do not see it.",
        error_messages={
            "required": "Enter what you want to work on",
            "max_length": "Keep it to 1000 characters or fewer",
        },
    )

    def __init__(self, *args: object, schools: list[School], framework: Framework | None, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["school"].queryset = School.objects.filter(pk__in=[s.pk for s in schools]).order_by("name")
        if len(schools) == 1:
            self.fields["school"].initial = schools[0].pk
            self.fields["school"].widget = forms.HiddenInput()
        self.fields["dimension"].queryset = (
            Dimension.objects.filter(framework=framework).order_by("order") if framework else Dimension.objects.none()
        )


class AssignCoachForm(forms.Form):
    coach = PersonChoiceField(
        label="Coach",
        queryset=None,
        empty_label="Choose a coach",
        help_text="Coaches are the programme's advisors (specialist programme staff).",
        error_messages={"required": "Choose a coach", "invalid_choice": "Choose a coach from the list"},
    )
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    def __init__(self, *args: object, candidates: list, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        from uplift.accounts.models import User

        self.fields["coach"].queryset = User.objects.filter(pk__in=[c.pk for c in candidates]).order_by(
            "full_name", "email"
        )


class SessionForm(forms.Form):
    held_on = forms.DateField(
        label="Date of the session",
        widget=DateInput(),
        error_messages={"required": "Enter the date of the session", "invalid": "Enter a real date"},
    )
    hours = forms.DecimalField(
        label="Hours",
        min_value=Decimal("0.5"),
        max_value=Decimal("8"),
        max_digits=3,
        decimal_places=1,
        help_text="Between 0.5 and 8, in half hours.",
        widget=forms.NumberInput(attrs={"class": "u-input--width-4", "step": "0.5", "inputmode": "decimal"}),
        error_messages={
            "required": "Enter the hours",
            "invalid": "Enter the hours as a number, for example 1.5",
            "min_value": "Enter between 0.5 and 8 hours",
            "max_value": "Enter between 0.5 and 8 hours",
            "max_digits": "Enter between 0.5 and 8 hours",
            "max_decimal_places": "Enter hours in half hours, for example 1.5",
        },
    )
    coach_notes = forms.CharField(
        label="Your notes",
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="Private to you and the coachee: the advisor and programme managers never see them.",
    )
    confirm_over = forms.BooleanField(
        label="Log it anyway: I understand this takes the cluster over its coaching allowance", required=False
    )


class SessionEditForm(SessionForm):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class ReflectionForm(forms.Form):
    coachee_notes = forms.CharField(
        label="Your reflection",
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="Private to you and your coach.",
    )
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
