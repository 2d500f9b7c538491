from django import forms

from uplift.schools.models import LocalAuthority, Phase, Region


class SchoolSearchForm(forms.Form):
    """The register search: free text plus optional filters, all submitted by GET."""

    q = forms.CharField(
        label="Name, URN or postcode",
        required=False,
        max_length=200,
        help_text="For example Oakfield, 100001 or PR1 1AA",
    )
    phase = forms.ChoiceField(label="Phase", required=False, choices=[("", "Any phase"), *Phase.choices])
    region = forms.ModelChoiceField(
        label="Region", required=False, queryset=Region.objects.all(), empty_label="Any region"
    )
    local_authority = forms.ModelChoiceField(
        label="Local authority",
        required=False,
        queryset=LocalAuthority.objects.all(),
        empty_label="Any local authority",
    )
