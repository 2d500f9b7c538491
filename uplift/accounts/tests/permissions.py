"""The accounts routes in the permission matrix (see uplift/testing/matrix.py).

"own" objects belong to school A's world, "foreign" ones to school B's. A school's people pages are
for its managers (lead, senior leader) only: other members and the programme staff and trust leads
who can see the school get 403; everyone else 404.
"""

from __future__ import annotations

from uplift.accounts.models import Invitation, JoinRequest, SchoolMembership, SchoolRole
from uplift.accounts.services import api_token_create
from uplift.schools.models import School
from uplift.testing.cast import Cast
from uplift.testing.matrix import (
    FORBIDDEN,
    LOGIN,
    NOT_ALLOWED,
    NOT_FOUND,
    OK,
    SCHOOL_A_MANAGERS,
    SCHOOL_A_READERS,
    SCHOOL_B_READERS,
    UNAUTHORIZED,
    Route,
    Side,
    api,
    each,
    expect,
)

SIGNED_IN = expect(OK, anonymous=LOGIN)


def _school(cast: Cast, side: Side) -> School:
    return cast.school_a if side == "own" else cast.school_b


def school_urn(cast: Cast, side: Side) -> list[int]:
    return [_school(cast, side).urn]


def teacher_membership(cast: Cast, side: Side) -> list[int]:
    teacher = cast.teacher if side == "own" else cast.teacher_b
    school = _school(cast, side)
    return [school.urn, SchoolMembership.objects.get(user=teacher, school=school).pk]


def outsider_request(cast: Cast, side: Side) -> list[int]:
    join_request = JoinRequest.objects.create(user=cast.outsider, school=_school(cast, side), role=SchoolRole.TEACHER)
    return [join_request.pk]


def _invitation(cast: Cast, side: Side) -> tuple[Invitation, str]:
    token, token_hash = Invitation.new_token()
    invitation = Invitation.objects.create(
        school=_school(cast, side),
        email=f"invited.{side}@example.test",
        role=SchoolRole.TEACHER,
        token_hash=token_hash,
        invited_by=cast.lead if side == "own" else cast.lead_b,
        expires_at=Invitation.default_expiry(),
    )
    return invitation, token


def invitation_pk(cast: Cast, side: Side) -> list[int]:
    invitation, _token = _invitation(cast, side)
    return [invitation.school.urn, invitation.pk]


def invitation_token(cast: Cast, side: Side) -> list[str]:
    return [_invitation(cast, side)[1]]


def token_pk(cast: Cast, side: Side) -> list[int]:
    token, _secret = api_token_create(user=cast.lead if side == "own" else cast.lead_b, name="Script")
    return [token.pk]


# Managers manage; members and those who can see the school get 403; the rest 404.
MANAGE_OWN = expect(
    NOT_FOUND,
    anonymous=LOGIN,
    **each(("teacher", "governor"), FORBIDDEN),
    **each(SCHOOL_A_READERS, FORBIDDEN),
    **each(SCHOOL_A_MANAGERS, OK),
)
MANAGE_FOREIGN = expect(
    NOT_FOUND,
    anonymous=LOGIN,
    **each(("teacher_b",), FORBIDDEN),
    **each(SCHOOL_B_READERS, FORBIDDEN),
    lead_b=OK,
)

ROUTES = [
    # Signing in and out, passwords: open to everyone (signed-in people are sent on).
    Route("accounts:login", expect(OK), methods=("GET", "POST")),
    Route("accounts:logout", expect(NOT_ALLOWED)),
    Route("accounts:logout", expect(OK), methods=("POST",)),
    Route("accounts:register", expect(OK), methods=("GET", "POST")),
    Route("accounts:password_reset", expect(OK), methods=("GET", "POST")),
    Route("accounts:password_reset_done", expect(OK)),
    Route("accounts:password_reset_complete", expect(OK)),
    Route("accounts:password_reset_confirm", expect(OK), args=lambda cast, side: ["MQ", "not-a-token"]),
    Route("accounts:password_change", SIGNED_IN, methods=("GET", "POST")),
    # Your account: only ever your own.
    Route("accounts:profile", SIGNED_IN),
    Route("accounts:profile_edit", SIGNED_IN, methods=("GET", "POST")),
    Route("accounts:api_tokens", SIGNED_IN, methods=("GET", "POST")),
    Route(
        "accounts:api_token_revoke",
        expect(NOT_FOUND, anonymous=LOGIN, lead=OK),
        foreign=expect(NOT_FOUND, anonymous=LOGIN, lead_b=OK),
        args=token_pk,
        methods=("POST",),
    ),
    # Joining a school: anyone signed in may ask; members are told they already belong.
    Route("accounts:join_school", SIGNED_IN, foreign=SIGNED_IN, args=school_urn, methods=("GET", "POST")),
    Route("accounts:join_requests", SIGNED_IN),
    Route(
        "accounts:join_request_decide",
        expect(NOT_FOUND, anonymous=LOGIN, lead=OK, head=OK, manager=OK, outsider=FORBIDDEN),
        foreign=expect(NOT_FOUND, anonymous=LOGIN, lead_b=OK, manager=OK, manager_b=OK, outsider=FORBIDDEN),
        args=outsider_request,
        methods=("GET", "POST"),
    ),
    Route(
        "accounts:join_request_withdraw",
        expect(NOT_FOUND, anonymous=LOGIN, outsider=OK, lead=FORBIDDEN, head=FORBIDDEN, manager=FORBIDDEN),
        foreign=expect(
            NOT_FOUND, anonymous=LOGIN, outsider=OK, lead_b=FORBIDDEN, manager=FORBIDDEN, manager_b=FORBIDDEN
        ),
        args=outsider_request,
        methods=("POST",),
    ),
    # A school's people: its managers only.
    Route("accounts:school_people", MANAGE_OWN, foreign=MANAGE_FOREIGN, args=school_urn),
    Route("accounts:invite", MANAGE_OWN, foreign=MANAGE_FOREIGN, args=school_urn, methods=("GET", "POST")),
    Route("accounts:member_role", MANAGE_OWN, foreign=MANAGE_FOREIGN, args=teacher_membership, methods=("GET", "POST")),
    Route(
        "accounts:member_remove",
        MANAGE_OWN,
        foreign=MANAGE_FOREIGN,
        args=teacher_membership,
        methods=("GET", "POST"),
    ),
    Route("accounts:invitation_cancel", MANAGE_OWN, foreign=MANAGE_FOREIGN, args=invitation_pk, methods=("POST",)),
    # The invitation link: holding it is the permission; accepting needs an account.
    Route("accounts:accept_invitation", expect(OK), foreign=expect(OK), args=invitation_token),
    Route(
        "accounts:accept_invitation",
        expect(OK, anonymous=LOGIN),
        foreign=expect(OK, anonymous=LOGIN),
        args=invitation_token,
        methods=("POST",),
    ),
    # The API: who am I.
    api("GET", "/api/v1/me", expect=expect(OK, anonymous=UNAUTHORIZED)),
]
