"""Forms for the CPD ledger: claiming external CPD, choosing an academic year."""

from __future__ import annotations

from django import forms

from uplift.accounts.access import roles_for
from uplift.accounts.models import SCHOOL_WRITE_ROLE, User
from uplift.cpd.services import CLAIM_MAX_MINUTES, CLAIM_MIN_MINUTES
from uplift.frameworks.models import Aspect, Dimension, Framework
from uplift.schools.models import School


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self) -> None:
        super().__init__(format="%Y-%m-%d")


class ClaimForm(forms.Form):
    title = forms.CharField(
        label="Title of the CPD",
        max_length=200,
        error_messages={"required": "Enter the title of the CPD"},
    )
    provider = forms.CharField(
        label="Who ran it",
        help_text="For example a university, a Computing Hub, a trust or an online platform.",
        max_length=200,
        error_messages={"required": "Enter who ran the CPD"},
    )
    on = forms.DateField(
        label="Date",
        widget=DateInput(),
        help_text="The day you took it (or finished it, for a course over several days).",
        error_messages={"required": "Enter the date you took the CPD", "invalid": "Enter a real date"},
    )
    minutes = forms.IntegerField(
        label="Length in minutes",
        help_text="For example 90 for an hour and a half.",
        min_value=CLAIM_MIN_MINUTES,
        max_value=CLAIM_MAX_MINUTES,
        error_messages={
            "required": "Enter how long the CPD lasted, in minutes",
            "invalid": "Enter the length as a whole number of minutes",
            "min_value": f"Enter a length of at least {CLAIM_MIN_MINUTES} minutes",
            "max_value": f"Enter a length of at most {CLAIM_MAX_MINUTES} minutes",
        },
    )
    school = forms.ModelChoiceField(
        label="School",
        queryset=School.objects.none(),
        required=False,
        empty_label="No school",
        help_text="The school you took it for: its leaders see it with their staff's CPD.",
    )
    dimensions = forms.ModelMultipleChoiceField(
        label="Framework dimensions it helped with (optional)",
        queryset=Dimension.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    aspects = forms.ModelMultipleChoiceField(
        label="Aspects it helped with (optional)",
        queryset=Aspect.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    notes = forms.CharField(
        label="What you learned (optional)", required=False, widget=forms.Textarea(attrs={"rows": 4})
    )

    def __init__(self, *args: object, teacher: User, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        schools = [pk for pk, role in roles_for(teacher).schools.items() if role >= SCHOOL_WRITE_ROLE]
        self.fields["school"].queryset = School.objects.filter(pk__in=schools).order_by("name")
        if len(schools) == 1 and not self.is_bound:
            self.initial.setdefault("school", schools[0])
        framework = Framework.objects.current()
        if framework is not None:
            self.fields["dimensions"].queryset = Dimension.objects.filter(framework=framework).order_by("order")
            self.fields["aspects"].queryset = (
                Aspect.objects.filter(framework=framework)
                .select_related("dimension")
                .order_by("dimension__order", "order")
            )


class YearForm(forms.Form):
    year = forms.TypedChoiceField(label="Academic year", coerce=int, choices=())

    def __init__(self, *args: object, years: list[tuple[int, str]], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = years
