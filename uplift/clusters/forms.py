"""Forms for matching and confirming Computing Clusters (the rules themselves are in ``services``)."""

from __future__ import annotations

from django import forms

UNASSIGNED = "unassigned"


class StartForm(forms.Form):
    seed = forms.IntegerField(
        label="Seed",
        min_value=0,
        max_value=2**31 - 1,
        initial=0,
        help_text="The same seed and applications give the same proposal. Try another seed for an alternative.",
        widget=forms.NumberInput(attrs={"class": "u-input--width-10", "inputmode": "numeric"}),
        error_messages={
            "required": "Enter a seed, for example 0",
            "invalid": "Enter the seed as a whole number, for example 0",
            "min_value": "Enter a seed of 0 or more",
            "max_value": "Enter a seed of 2147483647 or less",
        },
    )


class _SeenForm(forms.Form):
    """Carries the versions of the clusters the page showed (``selectors.seen_token``)."""

    seen = forms.CharField(widget=forms.HiddenInput, required=False)


class MoveForm(_SeenForm):
    from_cluster = forms.CharField(widget=forms.HiddenInput, required=False)
    to = forms.ChoiceField(
        label="Move to",
        widget=forms.RadioSelect,
        error_messages={"required": "Choose where to move the school", "invalid_choice": "Choose a cluster listed"},
    )

    def __init__(self, *args: object, choices: list[tuple[str, str]], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["to"].choices = choices


class SplitForm(_SeenForm):
    schools = forms.MultipleChoiceField(
        label="Schools to move into a new cluster",
        widget=forms.CheckboxSelectMultiple,
        help_text="The schools you tick form a new cluster; the others stay.",
        error_messages={"required": "Choose one or more schools to move into the new cluster"},
    )

    def __init__(self, *args: object, choices: list[tuple[str, str]], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["schools"].choices = choices


class MergeForm(_SeenForm):
    other = forms.ChoiceField(
        label="Merge with",
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the cluster to merge with", "invalid_choice": "Choose a cluster listed"},
    )

    def __init__(self, *args: object, choices: list[tuple[str, str]], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["other"].choices = choices


class ConfirmForm(_SeenForm):
    pass


class AdvisorForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    advisor = forms.ChoiceField(
        label="Advisor",
        widget=forms.RadioSelect,
        error_messages={"required": "Choose an advisor", "invalid_choice": "Choose an advisor listed"},
    )
    over_capacity = forms.BooleanField(label="Assign anyway, even if this advisor is at capacity", required=False)

    def __init__(self, *args: object, choices: list[tuple[str, str]], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["advisor"].choices = choices


class CapacityForm(forms.Form):
    """One advisor's capacity (the advisors page has one small form per advisor)."""

    advisor = forms.IntegerField(widget=forms.HiddenInput)
    max_clusters = forms.IntegerField(
        label="Most clusters at once",
        min_value=0,
        error_messages={
            "required": "Enter the most clusters this advisor can run at once",
            "invalid": "Enter a whole number of clusters",
            "min_value": "Enter 0 or more clusters",
        },
    )
