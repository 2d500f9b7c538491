"""Forms for the funding ledger: an entry (add and edit), marking a commitment spent, removing an entry,
and a manager's change of the budget. The over-budget confirmation appears only once the service has
warned (``warned`` is posted back with it, so an unticked box is noticed)."""

from __future__ import annotations

from decimal import Decimal

from django import forms

from uplift.clusters.models import Cluster
from uplift.funding.models import Category, Kind
from uplift.schools.models import School

CONFIRM_LABEL = "I understand this exceeds the budget"


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self) -> None:
        super().__init__(format="%Y-%m-%d")


def amount_field(label: str = "Amount (£)", help_text: str = "In pounds and pence, for example 450.00") -> forms.Field:
    return forms.DecimalField(
        label=label,
        help_text=help_text,
        min_value=Decimal("0.01"),
        max_digits=9,
        decimal_places=2,
        widget=forms.TextInput(attrs={"class": "u-input--width-10", "inputmode": "decimal", "spellcheck": "false"}),
        error_messages={
            "required": "Enter the amount",
            "invalid": "Enter the amount in pounds, like 450.00",
            "min_value": "Enter an amount greater than £0.00",
            "max_digits": "Enter an amount of at most £9,999,999.99",
            "max_whole_digits": "Enter an amount of at most £9,999,999.99",
            "max_decimal_places": "Enter the amount in pounds and pence, like 450.50",
        },
    )


class SchoolChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: School) -> str:
        return obj.name


class OverBudgetMixin:
    """Adds the explicit confirmation once the service has warned that the change exceeds the budget."""

    def _add_confirm(self, data: object, warned: bool) -> None:
        self.warned = warned or bool(data is not None and data.get("warned"))  # type: ignore[union-attr]
        if self.warned:
            self.fields["confirm_over_budget"] = forms.BooleanField(  # type: ignore[attr-defined]
                label=CONFIRM_LABEL, required=False
            )

    def warn(self, message: str) -> None:
        """Show the service's over-budget warning on the confirmation box (adding the box if needed)."""
        if not self.warned:
            self.warned = True
            self.fields["confirm_over_budget"] = forms.BooleanField(label=CONFIRM_LABEL, required=False)  # type: ignore[attr-defined]
        self.add_error(  # type: ignore[attr-defined]
            "confirm_over_budget",
            f"{message} Check the amount, or tick “{CONFIRM_LABEL}” to record it anyway.",
        )

    @property
    def confirmed(self) -> bool:
        return bool(self.cleaned_data.get("confirm_over_budget"))  # type: ignore[attr-defined]


class EntryForm(OverBudgetMixin, forms.Form):
    kind = forms.ChoiceField(
        label="Is this a commitment or spend?",
        choices=[
            (Kind.SPEND, "Spend – the money has been paid"),
            (Kind.COMMITMENT, "Commitment – the money is promised but not yet paid"),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose whether this is a commitment or spend"},
    )
    category = forms.ChoiceField(
        label="Category",
        choices=[("", "Choose a category"), *Category.choices],
        error_messages={"required": "Choose a category", "invalid_choice": "Choose a category from the list"},
    )
    amount = amount_field()
    on = forms.DateField(
        label="Date",
        widget=DateInput(),
        help_text="When it was paid, or when the money is due to be spent.",
        error_messages={"required": "Enter the date", "invalid": "Enter a real date"},
    )
    description = forms.CharField(
        label="What is it for?",
        max_length=300,
        help_text="For example “Supply cover for two teachers at the workgroup meeting”.",
        error_messages={"required": "Enter what the money is for", "max_length": "Keep it to 300 characters or fewer"},
    )
    school = SchoolChoiceField(
        label="School",
        queryset=School.objects.none(),
        required=False,
        empty_label="The whole cluster",
        help_text="The member school it was for, if it was for one school.",
        error_messages={"invalid_choice": "Choose a school in the cluster from the list"},
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(
        self, data: object = None, *, cluster: Cluster, editing: bool = False, warned: bool = False, **kwargs: object
    ) -> None:
        super().__init__(data, **kwargs)
        self.fields["school"].queryset = School.objects.filter(cluster_memberships__cluster=cluster).order_by("name")
        if editing:
            # The kind changes only by marking a commitment spent.
            del self.fields["kind"]
            self.fields["version"].required = True
        else:
            del self.fields["version"]
        self._add_confirm(data, warned)


class MarkSpentForm(OverBudgetMixin, forms.Form):
    amount = amount_field(
        "Amount actually spent (£)", "Change it if the actual cost was different from the commitment."
    )
    on = forms.DateField(
        label="Date paid",
        widget=DateInput(),
        error_messages={"required": "Enter the date it was paid", "invalid": "Enter a real date"},
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, data: object = None, *, warned: bool = False, **kwargs: object) -> None:
        super().__init__(data, **kwargs)
        self._add_confirm(data, warned)


class DeleteForm(forms.Form):
    reason = forms.CharField(
        label="Why are you removing it?",
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="For example “Recorded twice”. Kept in the ledger’s history.",
    )
    version = forms.IntegerField(widget=forms.HiddenInput)


class BudgetForm(forms.Form):
    budget = amount_field("New budget (£)", "The cluster’s whole budget for its 12 months, for example 15000.00")
    reason = forms.CharField(
        label="Reason for the change",
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Kept in the ledger’s history, which the cluster’s schools and advisor can read.",
        error_messages={"required": "Enter the reason for changing the budget"},
    )
    version = forms.IntegerField(widget=forms.HiddenInput)
