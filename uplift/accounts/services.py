"""Every write about people, memberships and the ways they join (see uplift/accounts/README.md).

Services are keyword-only and transactional. A broken rule raises ``ValidationError`` with a message
written for the person using the page; views add it to their form so the error summary shows it.
Emails are rendered here and sent by a background task (uplift/accounts/tasks.py).
"""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from uplift.accounts import emails
from uplift.accounts.access import join_request_deciders, school_role
from uplift.accounts.models import (
    SCHOOL_MANAGE_ROLE,
    ApiToken,
    Invitation,
    JoinRequest,
    JoinRequestStatus,
    SchoolMembership,
    SchoolRole,
    User,
)

if TYPE_CHECKING:
    from uplift.schools.models import School


def normalise_email(email: str) -> str:
    return email.strip().lower()


# People ---------------------------------------------------------------------------------------


@transaction.atomic
def user_register(*, full_name: str, email: str, password: str) -> User:
    """Create a person's account. The email address is their sign-in name (unique, any case)."""
    email = normalise_email(email)
    if User.objects.filter(email__iexact=email).exists():
        raise ValidationError({"email": "An account with this email address already exists. Sign in instead."})
    return User.objects.create_user(email=email, password=password, full_name=full_name.strip())


@transaction.atomic
def user_sign_in_lockout_lift(*, user: User) -> int:
    """Forget the failed sign-ins against the person's email address, lifting any lockout.

    Called when they set a new password through the emailed reset link: that proves they hold the
    address, and the lockout page offers the reset as the way back in. Returns the records removed.
    """
    from axes.models import AccessAttempt  # here: axes is a sign-in concern, only this service needs it

    deleted, _ = AccessAttempt.objects.filter(username__iexact=user.email).delete()
    return deleted


@transaction.atomic
def user_update(*, user: User, full_name: str, email: str) -> User:
    """Change a person's name and email address."""
    email = normalise_email(email)
    if User.objects.filter(email__iexact=email).exclude(pk=user.pk).exists():
        raise ValidationError({"email": "Another account already uses this email address."})
    user.full_name = full_name.strip()
    user.email = email
    user.save(update_fields=["full_name", "email"])
    return user


# Requests to join a school -----------------------------------------------------------------------


@transaction.atomic
def join_request_create(
    *, user: User, school: School, role: SchoolRole, job_title: str = "", message: str = ""
) -> JoinRequest:
    """Ask to join a school, and tell the people who may decide.

    One pending request per person and school; members cannot ask again.
    """
    membership = SchoolMembership.objects.filter(user=user, school=school).first()
    if membership is not None:
        raise ValidationError(f"You are already a member of {school.name} ({membership.get_role_display().lower()}).")
    if JoinRequest.objects.filter(user=user, school=school, status=JoinRequestStatus.PENDING).exists():
        raise ValidationError(f"You have already asked to join {school.name}. Wait for a decision or withdraw it.")
    join_request = JoinRequest.objects.create(
        user=user, school=school, role=role, job_title=job_title.strip(), message=message.strip()
    )
    emails.email_join_request_made(join_request=join_request, deciders=join_request_deciders(join_request))
    return join_request


@transaction.atomic
def join_request_decide(*, join_request: JoinRequest, by: User, approve: bool, note: str = "") -> JoinRequest:
    """Approve (the person becomes a member with the role they asked for) or reject a request.

    The caller has checked ``can_decide_join_request``. The requester is emailed either way.
    """
    join_request = JoinRequest.objects.select_for_update().select_related("school", "user").get(pk=join_request.pk)
    if join_request.status != JoinRequestStatus.PENDING:
        raise ValidationError(f"This request has already been decided ({join_request.get_status_display().lower()}).")
    if approve:
        membership, created = SchoolMembership.objects.get_or_create(
            user=join_request.user, school=join_request.school, defaults={"role": join_request.role}
        )
        if not created and membership.role < join_request.role:
            membership.role = join_request.role
            membership.save(update_fields=["role"])
    join_request.status = JoinRequestStatus.APPROVED if approve else JoinRequestStatus.REJECTED
    join_request.decided_at = timezone.now()
    join_request.decided_by = by
    join_request.decision_note = note.strip()
    join_request.save(update_fields=["status", "decided_at", "decided_by", "decision_note"])
    emails.email_join_request_decided(join_request=join_request)
    return join_request


@transaction.atomic
def join_request_withdraw(*, join_request: JoinRequest, by: User) -> JoinRequest:
    """The requester takes back a request that is still waiting."""
    join_request = JoinRequest.objects.select_for_update().get(pk=join_request.pk)
    if join_request.user_id != by.pk:
        raise ValidationError("Only the person who asked can withdraw a request.")
    if join_request.status != JoinRequestStatus.PENDING:
        raise ValidationError("This request has already been decided.")
    join_request.status = JoinRequestStatus.WITHDRAWN
    join_request.save(update_fields=["status"])
    return join_request


# Invitations ------------------------------------------------------------------------------------


@transaction.atomic
def invitation_create(*, school: School, email: str, role: SchoolRole, by: User) -> tuple[Invitation, str]:
    """Invite a colleague to a school with a single-use link, and email it to them.

    Returns the invitation and the token (only its hash is stored). Inviting the same address again
    cancels the earlier link, so only the newest one works. Nobody may invite above their own role.
    """
    email = normalise_email(email)
    if SchoolMembership.objects.filter(school=school, user__email__iexact=email).exists():
        raise ValidationError({"email": f"{email} is already a member of {school.name}."})
    inviter_role = school_role(by, school)
    if inviter_role is None or inviter_role < SCHOOL_MANAGE_ROLE:
        raise ValidationError("Only the school's senior leaders and computing leads can invite people.")
    if role > inviter_role:
        raise ValidationError({"role": "You cannot invite someone to a role above your own."})
    Invitation.objects.usable().filter(school=school, email__iexact=email).update(revoked_at=timezone.now())
    token, token_hash = Invitation.new_token()
    now = timezone.now()
    invitation = Invitation.objects.create(
        school=school,
        email=email,
        role=role,
        token_hash=token_hash,
        invited_by=by,
        created_at=now,
        expires_at=now + timedelta(days=settings.INVITATION_VALID_DAYS),
    )
    emails.email_invitation(invitation=invitation, token=token)
    return invitation, token


@transaction.atomic
def invitation_cancel(*, invitation: Invitation, by: User) -> Invitation:
    """Cancel a waiting invitation: its link stops working."""
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.status != "Waiting":
        raise ValidationError(f"This invitation cannot be cancelled: it is {invitation.status.lower()}.")
    invitation.revoked_at = timezone.now()
    invitation.save(update_fields=["revoked_at"])
    return invitation


@transaction.atomic
def invitation_accept(*, invitation: Invitation, user: User) -> SchoolMembership:
    """Accept an invitation: the signed-in person becomes a member with the invited role.

    Single use: the link stops working once accepted. Holding the emailed link is what entitles
    someone to accept, so the account's email address need not match the invited one.
    """
    invitation = Invitation.objects.select_for_update().select_related("school").get(pk=invitation.pk)
    if invitation.status != "Waiting":
        raise ValidationError(f"This invitation can no longer be used: it is {invitation.status.lower()}.")
    school = invitation.school
    if SchoolMembership.objects.filter(user=user, school=school).exists():
        raise ValidationError(f"You are already a member of {school.name}.")
    membership = SchoolMembership.objects.create(user=user, school=school, role=invitation.role)
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = user
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    # A request to join the same school has nothing left to decide.
    JoinRequest.objects.filter(user=user, school=school, status=JoinRequestStatus.PENDING).update(
        status=JoinRequestStatus.WITHDRAWN
    )
    return membership


# Members ----------------------------------------------------------------------------------------


def _check_may_manage(*, membership: SchoolMembership, by: User) -> SchoolRole:
    by_role = school_role(by, membership.school)
    if by_role is None or by_role < SCHOOL_MANAGE_ROLE:
        raise ValidationError("Only the school's senior leaders and computing leads can manage its people.")
    if membership.role > by_role:
        raise ValidationError(f"You cannot change {membership.user}: their role is above yours.")
    return by_role


def _check_not_last_manager(*, membership: SchoolMembership) -> None:
    # Lock the school's managers so two leads cannot demote each other at the same moment.
    managers = list(
        SchoolMembership.objects.select_for_update()
        .filter(school_id=membership.school_id, role__gte=SCHOOL_MANAGE_ROLE)
        .values_list("pk", flat=True)
    )
    if managers == [membership.pk]:
        raise ValidationError(
            f"{membership.user} is the only person who can manage this school. "
            "Give someone else the senior leader or computing lead role first."
        )


@transaction.atomic
def membership_change_role(*, membership: SchoolMembership, role: SchoolRole, by: User) -> SchoolMembership:
    """Change a member's role. Nobody grants a role above their own, and the last person who can
    manage the school keeps that right."""
    membership = SchoolMembership.objects.select_for_update().select_related("user", "school").get(pk=membership.pk)
    by_role = _check_may_manage(membership=membership, by=by)
    if role > by_role:
        raise ValidationError({"role": "You cannot give someone a role above your own."})
    if membership.role >= SCHOOL_MANAGE_ROLE and role < SCHOOL_MANAGE_ROLE:
        _check_not_last_manager(membership=membership)
    membership.role = role
    membership.save(update_fields=["role"])
    return membership


@transaction.atomic
def membership_remove(*, membership: SchoolMembership, by: User) -> None:
    """Remove someone from a school (never the last person who can manage it)."""
    membership = SchoolMembership.objects.select_for_update().select_related("user", "school").get(pk=membership.pk)
    _check_may_manage(membership=membership, by=by)
    if membership.role >= SCHOOL_MANAGE_ROLE:
        _check_not_last_manager(membership=membership)
    membership.delete()


# API tokens -------------------------------------------------------------------------------------


@transaction.atomic
def api_token_create(*, user: User, name: str) -> tuple[ApiToken, str]:
    """Create a personal API token. Returns the token and its secret, which is never shown again."""
    secret, prefix, token_hash = ApiToken.new_secret()
    token = ApiToken.objects.create(user=user, name=name.strip(), prefix=prefix, token_hash=token_hash)
    return token, secret


@transaction.atomic
def api_token_revoke(*, token: ApiToken, by: User) -> ApiToken:
    """Revoke one of your own tokens: the API refuses it from now on."""
    if token.user_id != by.pk:
        raise ValidationError("You can only revoke your own tokens.")
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
    return token
