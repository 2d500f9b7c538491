"""The form for logging or editing a bespoke day. A manager also sees "record beyond the allowance";
the budget confirmation appears once a cost has been warned about (see uplift/funding/forms.py)."""

from __future__ import annotations

from django import forms

from uplift.bespoke.models import DayType, Length
from uplift.clusters.models import Cluster
from uplift.funding.forms import DateInput, OverBudgetMixin, SchoolChoiceField, amount_field
from uplift.schools.models import School


class DayForm(OverBudgetMixin, forms.Form):
    school = SchoolChoiceField(
        label="School",
        queryset=School.objects.none(),
        empty_label="Choose a school",
        help_text="The member school the day was for.",
        error_messages={"required": "Choose the school", "invalid_choice": "Choose a school in the cluster"},
    )
    on = forms.DateField(
        label="Date",
        widget=DateInput(),
        error_messages={"required": "Enter the date of the day", "invalid": "Enter a real date"},
    )
    day_type = forms.ChoiceField(
        label="Type of day",
        choices=DayType.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the type of day", "invalid_choice": "Choose the type of day"},
    )
    description = forms.CharField(
        label="Describe the day",
        required=False,
        max_length=200,
        help_text="Needed when the type is “Other”.",
        error_messages={"max_length": "Keep it to 200 characters or fewer"},
    )
    is_output_day = forms.BooleanField(
        label="This was an output day (producing something the cluster keeps and shares)", required=False
    )
    length = forms.ChoiceField(
        label="How long was it?",
        choices=Length.choices,
        initial=Length.FULL,
        widget=forms.RadioSelect(attrs={"class": "u-radios--inline"}),
        error_messages={"required": "Choose whether it was a full day or half a day"},
    )
    delivered_by = forms.CharField(
        label="Who delivered it?",
        max_length=120,
        error_messages={"required": "Enter who delivered the day", "max_length": "Keep it to 120 characters or fewer"},
    )
    notes = forms.CharField(label="Notes", required=False, widget=forms.Textarea(attrs={"rows": 4}))
    cost = amount_field(
        "Cost (£)", "If the day has a cost, it is recorded as “Bespoke days” spend in the funding ledger."
    )
    beyond_allowance = forms.BooleanField(
        label="Record this day beyond the cluster's allowance (programme managers only)", required=False
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(
        self,
        data: object = None,
        *,
        cluster: Cluster,
        editing: bool = False,
        manager: bool = False,
        warned: bool = False,
        **kwargs: object,
    ) -> None:
        super().__init__(data, **kwargs)
        self.fields["cost"].required = False
        self.fields["school"].queryset = School.objects.filter(cluster_memberships__cluster=cluster).order_by("name")
        if not manager:
            del self.fields["beyond_allowance"]
        if editing:
            self.fields["version"].required = True
        else:
            del self.fields["version"]
        self._add_confirm(data, warned)

    def clean(self) -> dict:
        data = super().clean()
        if data.get("day_type") == DayType.OTHER and not (data.get("description") or "").strip():
            self.add_error("description", "Describe the day, as its type is “Other”")
        return data
