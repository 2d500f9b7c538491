"""Forms for signing in, registering, joining schools, inviting colleagues and API tokens.

Forms validate and clean; the writes happen in uplift/accounts/services.py.
"""

from __future__ import annotations

from typing import override

from django import forms
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm

from uplift.accounts.emails import send_templated
from uplift.accounts.models import SchoolRole, User

# The roles people may ask for or be given, most common first.
ROLE_CHOICES = [
    (SchoolRole.TEACHER.value, SchoolRole.TEACHER.label),
    (SchoolRole.LEAD.value, SchoolRole.LEAD.label),
    (SchoolRole.SENIOR_LEADER.value, SchoolRole.SENIOR_LEADER.label),
    (SchoolRole.GOVERNOR.value, SchoolRole.GOVERNOR.label),
]


class SignInForm(AuthenticationForm):
    """Email and password. ``AuthenticationForm`` passes the request to ``authenticate`` so that
    django-axes counts failed attempts."""

    username = forms.EmailField(
        label="Email address",
        max_length=254,
        error_messages={
            "required": "Enter your email address.",
            "invalid": "Enter an email address like name@school.org.uk.",
        },
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
    )
    password = forms.CharField(
        label="Password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        error_messages={"required": "Enter your password."},
    )
    error_messages = {
        "invalid_login": "Enter a correct email address and password.",
        "inactive": "This account has been closed.",
    }

    def clean_username(self) -> str:
        return self.cleaned_data["username"].strip().lower()


class RegisterForm(forms.Form):
    full_name = forms.CharField(
        label="Full name",
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
        error_messages={"required": "Enter your full name."},
    )
    email = forms.EmailField(
        label="Email address",
        help_text="Use your school email address if you have one.",
        error_messages={
            "required": "Enter your email address.",
            "invalid": "Enter an email address like name@school.org.uk.",
        },
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
    )
    password1 = forms.CharField(
        label="Create a password",
        help_text="At least 10 characters. Avoid common words and passwords you use elsewhere.",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        error_messages={"required": "Create a password."},
    )
    password2 = forms.CharField(
        label="Confirm your password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        error_messages={"required": "Enter your password again."},
    )

    def clean_email(self) -> str:
        email = self.cleaned_data["email"].strip().lower()
        if User.objects.filter(email__iexact=email).exists():
            raise forms.ValidationError("An account with this email address already exists. Sign in instead.")
        return email

    def clean(self) -> dict[str, object]:
        data = super().clean()
        password1, password2 = data.get("password1"), data.get("password2")
        if password1 and password2 and password1 != password2:
            self.add_error("password2", "The passwords do not match.")
        elif password1:
            candidate = User(email=data.get("email", ""), full_name=data.get("full_name", ""))
            try:
                password_validation.validate_password(password1, candidate)
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return data


class ProfileForm(forms.Form):
    full_name = forms.CharField(
        label="Full name",
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
        error_messages={"required": "Enter your full name."},
    )
    email = forms.EmailField(
        label="Email address",
        help_text="You sign in with this address.",
        error_messages={
            "required": "Enter your email address.",
            "invalid": "Enter an email address like name@school.org.uk.",
        },
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
    )


class QueuedPasswordResetForm(PasswordResetForm):
    """Django's password reset, with the email sent by the background task."""

    @override
    def send_mail(
        self,
        subject_template_name: str,
        email_template_name: str,
        context: dict[str, object],
        from_email: str | None,
        to_email: str,
        html_email_template_name: str | None = None,
    ) -> None:
        send_templated(to=[to_email], template="password_reset", context=context)


class JoinRequestForm(forms.Form):
    role = forms.TypedChoiceField(
        label="What is your role at the school?",
        choices=ROLE_CHOICES,
        coerce=int,
        widget=forms.RadioSelect,
        help_text="Senior leaders and computing leads can manage the school's people. Governors can read.",
        error_messages={"required": "Select your role at the school."},
    )
    job_title = forms.CharField(label="Job title", max_length=120, required=False)
    message = forms.CharField(
        label="Message to the person who approves",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class JoinRequestDecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label="Do you approve this request?",
        choices=[("approve", "Yes, approve"), ("reject", "No, do not approve")],
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether you approve this request."},
    )
    note = forms.CharField(
        label="Note to the person who asked",
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class InvitationForm(forms.Form):
    email = forms.EmailField(
        label="Email address",
        widget=forms.EmailInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
        error_messages={
            "required": "Enter their email address.",
            "invalid": "Enter an email address like name@school.org.uk.",
        },
    )
    role = forms.TypedChoiceField(
        label="Role",
        choices=ROLE_CHOICES,
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": "Select a role."},
    )

    def __init__(self, *args: object, school: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.school = school

    def clean_email(self) -> str:
        email = self.cleaned_data["email"].strip().lower()
        if self.school.memberships.filter(user__email__iexact=email).exists():
            raise forms.ValidationError(f"{email} is already a member of {self.school.name}.")
        return email


class MembershipRoleForm(forms.Form):
    role = forms.TypedChoiceField(
        label="Role",
        choices=ROLE_CHOICES,
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": "Select a role."},
    )


class ApiTokenForm(forms.Form):
    name = forms.CharField(
        label="Token name",
        max_length=80,
        help_text="What the token is for, for example “MIS export script”.",
        error_messages={"required": "Enter a name for the token."},
    )
