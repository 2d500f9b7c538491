from __future__ import annotations

from django import forms

from uplift.impact.services import REASON_MAX


class FinishForm(forms.Form):
    reason = forms.CharField(
        label="Reason for finishing without every end-of-programme snapshot",
        required=False,
        max_length=REASON_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Only needed when a school has not recorded its end-of-programme snapshot, for example "
        "“Castle School left the programme in March”.",
        error_messages={"max_length": f"Keep the reason to {REASON_MAX} characters or fewer."},
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
