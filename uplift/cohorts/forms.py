from __future__ import annotations

from decimal import Decimal

from django import forms

from uplift.accounts.access import ManagerScope
from uplift.cohorts.models import MAX_PRIORITIES, Cohort, CohortApplicationStatus
from uplift.schools.models import Region, School


class DateInput(forms.DateInput):
    """A native date picker: its value must be ISO (YYYY-MM-DD) whatever the locale's date format."""

    input_type = "date"

    def __init__(self, attrs: dict | None = None) -> None:
        super().__init__(attrs, format="%Y-%m-%d")


def _date(label: str, help_text: str = "") -> forms.DateField:
    return forms.DateField(
        label=label,
        help_text=help_text,
        widget=DateInput(),
        error_messages={"required": f"Enter {label[0].lower()}{label[1:]}", "invalid": "Enter a real date"},
    )


def _whole(label: str, *, minimum: int = 0, help_text: str = "", required: bool = True) -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        help_text=help_text,
        required=required,
        min_value=minimum,
        widget=forms.NumberInput(attrs={"class": "u-input--width-5"}),
        error_messages={
            "required": f"Enter the {label.lower()}",
            "invalid": f"Enter the {label.lower()} as a whole number",
            "min_value": f"Enter the {label.lower()} as {minimum} or more",
        },
    )


def _number(label: str, *, help_text: str = "") -> forms.FloatField:
    return forms.FloatField(
        label=label,
        help_text=help_text,
        widget=forms.NumberInput(attrs={"class": "u-input--width-5", "step": "any"}),
        error_messages={"required": f"Enter the {label.lower()}", "invalid": f"Enter the {label.lower()} as a number"},
    )


class CohortForm(forms.Form):
    """A cohort's settings. Cross-field rules (dates in order, positive amounts) are the service's."""

    name = forms.CharField(
        label="Name",
        help_text="For example “October 2027”.",
        max_length=120,
        error_messages={"required": "Enter a name for the cohort, for example “October 2027”"},
    )
    region = forms.ModelChoiceField(
        label="Region",
        queryset=Region.objects.all(),
        required=False,
        empty_label="National: schools in every region",
        help_text="A regional cohort takes applications from the region's schools; its managers manage it.",
        error_messages={"invalid_choice": "Choose a region from the list"},
    )
    applications_open = _date("Applications open")
    applications_close = _date("Applications close", "On or after the day applications open.")
    starts_on = _date("Programme starts", "After applications close: schools are matched in between.")
    months = _whole("Length of the programme in months", minimum=1)
    funding_per_cluster = forms.DecimalField(
        label="Funding per cluster (£)",
        max_digits=9,
        decimal_places=2,
        widget=forms.NumberInput(attrs={"class": "u-input--width-10", "step": "0.01"}),
        error_messages={
            "required": "Enter the funding per cluster",
            "invalid": "Enter the funding per cluster as an amount, like 15000.00",
            "max_decimal_places": "Enter the funding per cluster in pounds and pence",
        },
    )
    funded_clusters = _whole(
        "Most clusters funded",
        minimum=1,
        required=False,
        help_text="The matching never proposes more clusters than this. Leave blank for no limit.",
    )
    max_km = _number(
        "Maximum travel distance (km)",
        help_text="Every school is within this distance of its cluster's meeting school.",
    )
    cost_per_cluster = _number(
        "Cost per cluster", help_text="Added to the matching's objective for each cluster formed (0 for none)."
    )
    travel_weight = _number("Travel weight", help_text="How much a kilometre travelled counts against shared needs.")
    unassigned_penalty = _number("Penalty for a school left unplaced")
    coaching_hours = _whole("Coaching hours per cluster")
    coaching_sessions = _whole("Coaching sessions per cluster")
    bespoke_days = _whole("Bespoke days per cluster")
    output_days = _whole("Output days per cluster", help_text="Part of the bespoke days.")
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def clean_funding_per_cluster(self) -> Decimal:
        value = self.cleaned_data["funding_per_cluster"]
        if value is not None and value <= 0:
            raise forms.ValidationError("Enter the funding per cluster as an amount more than £0")
        return value

    def clean_max_km(self) -> float:
        value = self.cleaned_data["max_km"]
        if value is not None and value <= 0:
            raise forms.ValidationError("Enter the maximum travel distance as more than 0 km")
        return value

    def __init__(
        self, *args: object, cohort: Cohort | None = None, scope: ManagerScope | None = None, **kwargs: object
    ) -> None:
        super().__init__(*args, **kwargs)
        self.cohort = cohort
        if scope is not None and not scope.national:
            # A regional manager's cohorts are their region's: no national choice.
            region = self.fields["region"]
            region.queryset = Region.objects.filter(pk__in=sorted(scope.region_ids))
            region.required = True
            region.empty_label = None
            region.error_messages["required"] = "Choose the cohort's region"

    def clean(self) -> dict:
        """The service's rules too, so every problem shows at once (a rule that reads a field already in
        error is left until that field is fixed)."""
        from uplift.cohorts.services import cohort_errors

        data = super().clean()
        complete = {key: value for key, value in data.items() if key != "version"}
        for key, message in cohort_errors(complete, exclude_pk=getattr(self.cohort, "pk", None)).items():
            if key in complete and key not in self.errors and _only_needs(key, complete):
                self.add_error(key, message)
        return data

    @classmethod
    def initial_for(cls, cohort: Cohort) -> dict[str, object]:
        from uplift.cohorts.services import COHORT_FIELDS

        return {**{key: getattr(cohort, key) for key in COHORT_FIELDS}, "version": cohort.version}

    def service_fields(self) -> dict[str, object]:
        return {key: value for key, value in self.cleaned_data.items() if key != "version"}


# Which other fields a rule about a field reads: when any is missing (in error), the rule is not checked.
_DEPENDS = {
    "applications_close": ("applications_open",),
    "starts_on": ("applications_close",),
    "output_days": ("bespoke_days",),
}


def _only_needs(key: str, data: dict) -> bool:
    return all(data.get(other) is not None for other in _DEPENDS.get(key, ()))


class StatusFilterForm(forms.Form):
    status = forms.ChoiceField(
        label="Status", required=False, choices=[("", "All statuses"), *CohortApplicationStatus.choices]
    )


class ApplyForm(forms.Form):
    """Up to three priority dimensions (ordered), optional preferences, and (for a senior leader) consent."""

    preferred_schools = forms.ModelMultipleChoiceField(
        label="Schools in your trust you already work with (optional)",
        help_text="We try to place you with them when their needs and distance allow.",
        queryset=School.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": "Choose schools from your own trust"},
    )
    preferences_note = forms.CharField(
        label="Anything else about who you would like to work with (optional)",
        help_text="For example a school nearby you already work with, outside your trust.",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    consent = forms.BooleanField(
        label="As a senior leader, I consent to the school taking part for the whole programme",
        required=False,
    )

    def __init__(
        self, *args: object, dimensions: dict[str, str], trust_schools: list[School], senior: bool, **kwargs: object
    ) -> None:
        super().__init__(*args, **kwargs)
        choices = [("", "Choose a dimension"), *dimensions.items()]
        ordinals = ["First", "Second", "Third", "Fourth", "Fifth"]
        priority_fields = {}
        for index in range(1, MAX_PRIORITIES + 1):
            priority_fields[f"priority_{index}"] = forms.ChoiceField(
                label=f"{ordinals[index - 1]} priority" + ("" if index == 1 else " (optional)"),
                choices=choices,
                required=index == 1,
                error_messages={"required": "Choose at least one priority dimension"},
            )
        # The priorities come first, in order.
        self.fields = {**priority_fields, **self.fields}
        self.fields["priority_1"].help_text = "The area of computing your school most wants to improve."
        if trust_schools:
            self.fields["preferred_schools"].queryset = School.objects.filter(pk__in=[s.pk for s in trust_schools])
        else:
            del self.fields["preferred_schools"]
        if not senior:
            del self.fields["consent"]

    def clean(self) -> dict:
        data = super().clean()
        priorities = [data.get(f"priority_{index}") or "" for index in range(1, MAX_PRIORITIES + 1)]
        seen: set[str] = set()
        for index, slug in enumerate(priorities, start=1):
            if not slug:
                continue
            if slug in seen:
                self.add_error(f"priority_{index}", "Choose each priority dimension only once")
            seen.add(slug)
            if index > 1 and not priorities[index - 2]:
                self.add_error(
                    f"priority_{index}", f"Choose the {['first', 'second'][index - 2]} priority before this one"
                )
        data["priorities"] = [slug for slug in priorities if slug]
        return data


class ConsentForm(forms.Form):
    confirm = forms.BooleanField(
        label="As a senior leader, I consent to the school taking part for the whole programme",
        error_messages={"required": "Confirm that you consent to the school taking part"},
    )
