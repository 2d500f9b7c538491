"""Signing in and out, registering, your account and API tokens, joining schools, and managing a
school's people. Each view: access function first, then form, then service, then redirect/render."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from uplift.accounts import services
from uplift.accounts.access import (
    get_api_token_for_user,
    get_invitation_for_token,
    get_join_request_for_user,
    join_requests_to_decide,
    school_role,
)
from uplift.accounts.forms import (
    ApiTokenForm,
    InvitationForm,
    JoinRequestDecisionForm,
    JoinRequestForm,
    MembershipRoleForm,
    ProfileForm,
    QueuedPasswordResetForm,
    RegisterForm,
    SignInForm,
)
from uplift.accounts.models import JoinRequest, JoinRequestStatus, SchoolMembership, SchoolRole
from uplift.schools.access import get_register_school, get_school_for_user

# Signing in and out, passwords ------------------------------------------------------------------


class SignInView(auth_views.LoginView):
    """Email and password; django-axes locks an email and address out after repeated failures."""

    form_class = SignInForm
    template_name = "accounts/sign_in.html"
    redirect_authenticated_user = True


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("accounts:profile")

    def form_valid(self, form: object) -> HttpResponse:
        response = super().form_valid(form)
        messages.success(self.request, "Your password has been changed.")
        return response


sign_in = SignInView.as_view()
# Django's LogoutView only accepts POST, so a link (or a crawler) cannot sign anyone out.
sign_out = auth_views.LogoutView.as_view()
password_change = login_required(PasswordChangeView.as_view())
password_reset = auth_views.PasswordResetView.as_view(
    form_class=QueuedPasswordResetForm,
    template_name="accounts/password_reset.html",
    success_url=reverse_lazy("accounts:password_reset_done"),
)
password_reset_done = auth_views.PasswordResetDoneView.as_view(template_name="accounts/password_reset_done.html")


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    """A new password from the emailed link also lifts a sign-in lockout (the lockout page offers this)."""

    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password_reset_complete")

    def form_valid(self, form: object) -> HttpResponse:
        response = super().form_valid(form)
        services.user_sign_in_lockout_lift(user=self.user)
        return response


password_reset_confirm = PasswordResetConfirmView.as_view()
password_reset_complete = auth_views.PasswordResetCompleteView.as_view(
    template_name="accounts/password_reset_complete.html"
)


def _posted(request: HttpRequest) -> QueryDict | None:
    """The submitted data for a bound form (even when empty), or None for an unbound one."""
    return request.POST if request.method == "POST" else None


def _safe_next(request: HttpRequest) -> str | None:
    target = request.POST.get("next") or request.GET.get("next")
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}, require_https=request.is_secure()):
        return target
    return None


def register(request: HttpRequest) -> HttpResponse:
    """Create an account and sign in; then find your school (or go back to an invitation)."""
    if request.user.is_authenticated:
        return redirect(_safe_next(request) or "pages:home")
    form = RegisterForm(_posted(request), initial={"email": request.GET.get("email", "")})
    if request.method == "POST" and form.is_valid():
        try:
            user = services.user_register(
                full_name=form.cleaned_data["full_name"],
                email=form.cleaned_data["email"],
                password=form.cleaned_data["password1"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            next_url = _safe_next(request)
            if next_url:
                return redirect(next_url)
            messages.success(request, "Your account has been created. Now find your school and ask to join it.")
            return redirect("pages:home")
    return render(request, "accounts/register.html", {"form": form, "next": _safe_next(request)})


# Your account -----------------------------------------------------------------------------------


@login_required
def profile(request: HttpRequest) -> HttpResponse:
    """Your details and every role you hold. Only ever about the signed-in person."""
    user = request.user
    return render(
        request,
        "accounts/profile.html",
        {
            "school_memberships": user.school_memberships.select_related("school").order_by("school__name"),
            "trust_memberships": user.trust_memberships.select_related("trust"),
            "programme_memberships": user.programme_memberships.select_related("region", "hub"),
        },
    )


@login_required
def profile_edit(request: HttpRequest) -> HttpResponse:
    user = request.user
    form = ProfileForm(_posted(request), initial={"full_name": user.full_name, "email": user.email})
    if request.method == "POST" and form.is_valid():
        try:
            services.user_update(user=user, full_name=form.cleaned_data["full_name"], email=form.cleaned_data["email"])
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "Your details have been saved.")
            return redirect("accounts:profile")
    return render(request, "accounts/profile_edit.html", {"form": form})


@login_required
def api_tokens(request: HttpRequest) -> HttpResponse:
    """Your personal API tokens. A new token's secret is shown on this response only."""
    form = ApiTokenForm(_posted(request))
    secret = new_token = None
    if request.method == "POST" and form.is_valid():
        new_token, secret = services.api_token_create(user=request.user, name=form.cleaned_data["name"])
        form = ApiTokenForm()
    tokens = request.user.api_tokens.all()
    return render(
        request, "accounts/api_tokens.html", {"form": form, "tokens": tokens, "secret": secret, "new_token": new_token}
    )


@login_required
@require_POST
def api_token_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    token = get_api_token_for_user(request.user, pk)
    services.api_token_revoke(token=token, by=request.user)
    messages.success(request, f"The token “{token.name}” has been revoked. The API no longer accepts it.")
    return redirect("accounts:api_tokens")


# Joining a school -------------------------------------------------------------------------------


@login_required
def join_school(request: HttpRequest, urn: int) -> HttpResponse:
    """Ask to join a school found in the register."""
    school = get_register_school(request.user, urn)
    membership = SchoolMembership.objects.filter(user=request.user, school=school).first()
    pending = JoinRequest.objects.filter(user=request.user, school=school, status=JoinRequestStatus.PENDING).first()
    form = JoinRequestForm(_posted(request))
    if request.method == "POST" and membership is None and pending is None and form.is_valid():
        try:
            services.join_request_create(
                user=request.user,
                school=school,
                role=SchoolRole(form.cleaned_data["role"]),
                job_title=form.cleaned_data["job_title"],
                message=form.cleaned_data["message"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"You have asked to join {school.name}. We will email you when it is decided.")
            return redirect("accounts:join_requests")
    return render(
        request,
        "accounts/join_school.html",
        {"school": school, "form": form, "membership": membership, "pending": pending},
    )


@login_required
def join_requests(request: HttpRequest) -> HttpResponse:
    """Requests you may decide, and your own requests with their status."""
    to_decide = join_requests_to_decide(request.user)
    mine = JoinRequest.objects.filter(user=request.user).select_related("school").order_by("-created_at")
    return render(request, "accounts/join_requests.html", {"to_decide": to_decide, "mine": mine})


@login_required
def join_request_decide(request: HttpRequest, pk: int) -> HttpResponse:
    join_request = get_join_request_for_user(request.user, pk, decide=True)
    form = JoinRequestDecisionForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        approve = form.cleaned_data["decision"] == "approve"
        try:
            services.join_request_decide(
                join_request=join_request, by=request.user, approve=approve, note=form.cleaned_data["note"]
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            outcome = "approved" if approve else "not approved"
            messages.success(request, f"{join_request.user}'s request to join {join_request.school} was {outcome}.")
            return redirect("accounts:join_requests")
    return render(request, "accounts/join_request_decide.html", {"join_request": join_request, "form": form})


@login_required
@require_POST
def join_request_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    join_request = get_join_request_for_user(request.user, pk)
    if join_request.user_id != request.user.pk:
        raise PermissionDenied("Only the person who asked can withdraw a request.")
    try:
        services.join_request_withdraw(join_request=join_request, by=request.user)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, f"Your request to join {join_request.school} has been withdrawn.")
    return redirect("accounts:join_requests")


# A school's people ------------------------------------------------------------------------------


@login_required
def school_people(request: HttpRequest, urn: int) -> HttpResponse:
    """Members, requests and invitations. Only members who can manage the school see this page:
    it shows colleagues' email addresses, which other members and programme staff do not need."""
    school = get_school_for_user(request.user, urn, manage=True)
    my_role = school_role(request.user, school)
    members = school.memberships.select_related("user").order_by("-role", "user__full_name")
    pending = school.join_requests.filter(status=JoinRequestStatus.PENDING).select_related("user")
    invitations = school.invitations.select_related("invited_by", "accepted_by")[:50]
    return render(
        request,
        "accounts/school_people.html",
        {"school": school, "my_role": my_role, "members": members, "pending": pending, "invitations": invitations},
    )


def _managed_membership(request: HttpRequest, urn: int, pk: int) -> SchoolMembership:
    school = get_school_for_user(request.user, urn, manage=True)
    membership = get_object_or_404(school.memberships.select_related("user", "school"), pk=pk)
    if membership.role > school_role(request.user, school):
        raise PermissionDenied("Their role is above yours.")
    return membership


@login_required
def member_role(request: HttpRequest, urn: int, pk: int) -> HttpResponse:
    membership = _managed_membership(request, urn, pk)
    form = MembershipRoleForm(_posted(request), initial={"role": membership.role})
    if request.method == "POST" and form.is_valid():
        try:
            services.membership_change_role(
                membership=membership, role=SchoolRole(form.cleaned_data["role"]), by=request.user
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"{membership.user}'s role has been changed.")
            return redirect("accounts:school_people", urn=urn)
    return render(
        request, "accounts/member_role.html", {"membership": membership, "school": membership.school, "form": form}
    )


@login_required
def member_remove(request: HttpRequest, urn: int, pk: int) -> HttpResponse:
    membership = _managed_membership(request, urn, pk)
    error = None
    if request.method == "POST":
        try:
            services.membership_remove(membership=membership, by=request.user)
        except ValidationError as exc:
            error = exc.messages[0]
        else:
            if membership.user_id == request.user.pk:
                messages.success(request, f"You have left {membership.school}.")
                return redirect("pages:home")
            messages.success(request, f"{membership.user} has been removed from {membership.school}.")
            return redirect("accounts:school_people", urn=urn)
    return render(
        request,
        "accounts/member_remove.html",
        {"membership": membership, "school": membership.school, "error": error},
        status=400 if error else 200,
    )


@login_required
def invite(request: HttpRequest, urn: int) -> HttpResponse:
    """Invite a colleague by email; the link works once, for INVITATION_VALID_DAYS days."""
    school = get_school_for_user(request.user, urn, manage=True)
    form = InvitationForm(_posted(request), school=school, initial={"role": SchoolRole.TEACHER.value})
    if request.method == "POST" and form.is_valid():
        try:
            invitation, _token = services.invitation_create(
                school=school,
                email=form.cleaned_data["email"],
                role=SchoolRole(form.cleaned_data["role"]),
                by=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"Invitation sent to {invitation.email}.")
            return redirect("accounts:school_people", urn=urn)
    return render(request, "accounts/invite.html", {"school": school, "form": form})


@login_required
@require_POST
def invitation_cancel(request: HttpRequest, urn: int, pk: int) -> HttpResponse:
    school = get_school_for_user(request.user, urn, manage=True)
    invitation = get_object_or_404(school.invitations, pk=pk)
    try:
        services.invitation_cancel(invitation=invitation, by=request.user)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, f"The invitation for {invitation.email} has been cancelled.")
    return redirect("accounts:school_people", urn=urn)


def accept_invitation(request: HttpRequest, token: str) -> HttpResponse:
    """The invitation link. Signed out: register or sign in, then come back here to accept."""
    try:
        invitation = get_invitation_for_token(token)
    except Http404:
        return render(request, "accounts/invitation_unusable.html", {"reason": "unknown"}, status=404)
    if invitation.status != "Waiting":
        return render(
            request,
            "accounts/invitation_unusable.html",
            {"reason": invitation.status.lower(), "invitation": invitation},
            status=410,
        )
    here = reverse("accounts:accept_invitation", args=[token])
    if request.method == "POST":
        if not request.user.is_authenticated:
            return redirect(f"{reverse('accounts:login')}?next={here}")
        try:
            membership = services.invitation_accept(invitation=invitation, user=request.user)
        except ValidationError as error:
            messages.error(request, error.messages[0])
        else:
            messages.success(
                request, f"You have joined {membership.school} as {membership.get_role_display().lower()}."
            )
            return redirect("pages:home")
    already_member = (
        request.user.is_authenticated
        and SchoolMembership.objects.filter(user=request.user, school=invitation.school).exists()
    )
    return render(
        request,
        "accounts/accept_invitation.html",
        {"invitation": invitation, "here": here, "already_member": already_member},
    )
