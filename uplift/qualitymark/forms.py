from __future__ import annotations

from django import forms

from uplift.accounts.models import User
from uplift.qualitymark.models import ApplicationStatus, ReviewOutcome


class ApplyForm(forms.Form):
    statement = forms.CharField(
        label="Statement from the headteacher or a senior leader",
        help_text="A few sentences on how computing has improved at your school and why it meets the standard.",
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=5000,
        error_messages={"required": "Enter a statement from the headteacher or a senior leader"},
    )
    consent_to_publish = forms.BooleanField(
        label="If we are awarded the Quality Mark, list our school on the public register of holders",
        required=False,
    )


class AspectReviewForm(forms.Form):
    outcome = forms.ChoiceField(
        label="Does this aspect meet the Quality Mark standard?",
        choices=ReviewOutcome.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose whether this aspect meets the standard"},
    )
    comment = forms.CharField(
        label="Comment for the school",
        help_text='Required for "not yet": say what is missing and what evidence would show it.',
        widget=forms.Textarea(attrs={"rows": 5}),
        required=False,
        max_length=5000,
    )

    def clean(self) -> dict:
        data = super().clean()
        if data.get("outcome") == ReviewOutcome.NOT_YET and not data.get("comment", "").strip():
            self.add_error("comment", "Explain what is missing: the school reads this as its feedback")
        return data


class DecideForm(forms.Form):
    summary = forms.CharField(
        label="Summary for the school (optional)",
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        max_length=5000,
    )


class ReassignForm(forms.Form):
    assessor = forms.TypedChoiceField(label="Assessor", coerce=int, error_messages={"required": "Choose an assessor"})

    def __init__(self, *args: object, choices: list[tuple[int, str]], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["assessor"].choices = [("", "Choose an assessor"), *choices]


class ManagerFilterForm(forms.Form):
    status = forms.ChoiceField(
        label="Status",
        choices=[
            ("open", "Open (not decided)"),
            ("attention", "Needs a manager (unallocated, no moderator, disagreement)"),
            ("all", "All"),
            *ApplicationStatus.choices,
        ],
        required=False,
    )
    assessor = forms.TypedChoiceField(label="Assessor", coerce=int, required=False, empty_value=None)
    overdue = forms.BooleanField(label="Only overdue applications", required=False)
    sort = forms.ChoiceField(
        label="Sort by",
        choices=[
            ("oldest", "Oldest first"),
            ("newest", "Newest first"),
            ("due", "Due date"),
            ("assessor", "Assessor"),
            ("school", "School"),
        ],
        required=False,
    )

    def __init__(self, *args: object, assessors: list[User], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["assessor"].choices = [
            ("", "Any assessor"),
            (0, "Not allocated"),
            *[(a.pk, a.full_name or a.email) for a in assessors],
        ]


class RegisterSearchForm(forms.Form):
    q = forms.CharField(label="School name, town or region", required=False, max_length=100)


class RevokeForm(forms.Form):
    reason = forms.CharField(
        label="Why is the award being revoked?",
        help_text="Kept in the audit trail. The school's verification page will say the award is no longer valid.",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=500,
        error_messages={"required": "Enter the reason for revoking the award"},
    )


class ModerationForm(forms.Form):
    agrees = forms.TypedChoiceField(
        label="Do you agree with the assessor's decision?",
        choices=[("yes", "Yes: release the decision to the school"), ("no", "No: send it to a programme manager")],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        error_messages={"required": "Choose whether you agree with the decision"},
    )
    comment = forms.CharField(
        label="Comment",
        help_text="Required if you disagree: which aspects, and why.",
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        max_length=5000,
    )

    def clean(self) -> dict:
        data = super().clean()
        if data.get("agrees") is False and not data.get("comment", "").strip():
            self.add_error("comment", "Explain why you disagree")
        return data


class ResolveForm(forms.Form):
    release = forms.TypedChoiceField(
        label="How do you want to settle the disagreement?",
        choices=[
            ("release", "Release the assessor's decision to the school"),
            ("return", "Return the application to the assessor to revise"),
        ],
        coerce=lambda value: value == "release",
        widget=forms.RadioSelect,
        error_messages={"required": "Choose how to settle the disagreement"},
    )
    note = forms.CharField(label="Note for the audit trail (optional)", required=False, max_length=400)


class VerifyLookupForm(forms.Form):
    number = forms.CharField(
        label="Award number",
        help_text="As printed on the certificate or shown on the badge, for example UQM-AB23-CD45.",
        max_length=30,
        error_messages={"required": "Enter the award number"},
    )

    def clean_number(self) -> str:
        number = "".join(self.cleaned_data["number"].split()).upper()
        body = number.removeprefix("UQM").replace("-", "")
        if len(body) == 8:  # typed without the dashes
            number = f"UQM-{body[:4]}-{body[4:]}"
        return number
