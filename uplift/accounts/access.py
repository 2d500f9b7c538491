"""Access functions: the one place that decides who may see or change each kind of object.

Every view and API operation calls one of these first. The contract is the same for all of them:

- ``Http404`` when the user may not know the object exists (not signed in counts as "may not see");
- ``PermissionDenied`` (403) when they may see it but not do what they asked;
- otherwise the object, ready to use.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404

from uplift.accounts.models import (
    SCHOOL_MANAGE_ROLE,
    SCHOOL_WRITE_ROLE,
    JoinRequest,
    ProgrammeMembership,
    ProgrammeRole,
    SchoolMembership,
    SchoolRole,
    User,
)
from uplift.schools.models import School, Trust


def school_role(user: User, school: School) -> SchoolRole | None:
    """The user's role in the school, or None if they are not a member."""
    if not user.is_authenticated:
        return None
    role = SchoolMembership.objects.filter(user=user, school=school).values_list("role", flat=True).first()
    return SchoolRole(role) if role is not None else None


def programme_roles(user: User) -> set[str]:
    """The programme roles the user holds anywhere (advisor, assessor, hub lead, manager)."""
    if not user.is_authenticated:
        return set()
    return set(user.programme_memberships.values_list("role", flat=True))


def get_school_for_user(user: User, urn: int, *, write: bool = False, manage: bool = False) -> School:
    """The school whose private workspace the user may see (see ``SchoolQuerySet.visible_to``).

    ``write=True`` also requires a member who may change the school's work (teacher or above);
    ``manage=True`` requires a member who may manage its people (senior leader or above).
    Programme staff and trust leads see a school read-only.
    """
    school = School.objects.visible_to(user).filter(urn=urn).select_related("trust", "region").first()
    if school is None:
        raise Http404("No such school")
    if write or manage:
        role = school_role(user, school)
        needed = SCHOOL_MANAGE_ROLE if manage else SCHOOL_WRITE_ROLE
        if role is None or role < needed:
            raise PermissionDenied("You can see this school but not change it.")
    return school


def get_register_school(user: User, urn: int) -> School:
    """A school's public register entry: every signed-in person may see it (for finding a school)."""
    if not user.is_authenticated:
        raise Http404("No such school")
    school = School.objects.select_related("local_authority", "region", "trust").filter(urn=urn).first()
    if school is None:
        raise Http404("No such school")
    return school


def get_trust_for_user(user: User, trust_id: int) -> Trust:
    """A trust whose side-by-side view the user may see: its trust leads and programme managers."""
    trust = Trust.objects.filter(pk=trust_id).first()
    if trust is None or not user.is_authenticated:
        raise Http404("No such trust")
    if trust.memberships.filter(user=user).exists() or is_programme_manager(user):
        return trust
    raise Http404("No such trust")


def is_programme_manager(user: User) -> bool:
    return user.is_authenticated and user.programme_memberships.filter(role=ProgrammeRole.MANAGER).exists()


def require_programme_role(user: User, *roles: str) -> list[ProgrammeMembership]:
    """The user's memberships in any of ``roles``; 404 if they hold none (the page is not for them)."""
    if not user.is_authenticated:
        raise Http404("Page not found")
    memberships = list(user.programme_memberships.filter(role__in=roles).select_related("region", "hub"))
    if not memberships:
        raise Http404("Page not found")
    return memberships


def school_has_manager(school: School) -> bool:
    return school.memberships.filter(role__gte=SCHOOL_MANAGE_ROLE).exists()


def can_decide_join_request(user: User, join_request: JoinRequest) -> bool:
    """Who approves a request to join a school.

    While a school has no member who can manage it, a programme manager (national or for the
    school's region) or the lead of the school's hub approves. After that, the school's own
    leads approve; programme managers keep the power to step in.
    """
    if not user.is_authenticated:
        return False
    school = join_request.school
    if join_request.user_id == user.pk:
        return False
    managers = user.programme_memberships.filter(
        Q(role=ProgrammeRole.MANAGER, region__isnull=True, hub__isnull=True)
        | Q(role=ProgrammeRole.MANAGER, region_id=school.region_id)
    )
    if managers.exists():
        return True
    if school_has_manager(school):
        role = school_role(user, school)
        return role is not None and role >= SCHOOL_MANAGE_ROLE
    return user.programme_memberships.filter(
        role=ProgrammeRole.HUB_LEAD, hub__local_authorities=school.local_authority_id
    ).exists()


def join_requests_to_decide(user: User) -> list[JoinRequest]:
    """Pending requests this user may decide, oldest first."""
    pending = JoinRequest.objects.filter(status="pending").select_related("school", "user", "school__region")
    if not user.is_authenticated:
        return []
    scope = Q(school__memberships__user=user, school__memberships__role__gte=SCHOOL_MANAGE_ROLE)
    for membership in user.programme_memberships.all():
        if membership.role == ProgrammeRole.MANAGER:
            if membership.region_id is None:
                scope = Q(pk__isnull=False)
                break
            scope |= Q(school__region_id=membership.region_id)
        elif membership.role == ProgrammeRole.HUB_LEAD:
            scope |= Q(school__local_authority__hubs=membership.hub_id)
    return [jr for jr in pending.filter(scope).distinct() if can_decide_join_request(user, jr)]


def get_join_request_for_user(user: User, pk: int, *, decide: bool = False) -> JoinRequest:
    """A join request: seen by the person who made it and by those who may decide it."""
    join_request = JoinRequest.objects.select_related("school", "user").filter(pk=pk).first()
    if join_request is None or not user.is_authenticated:
        raise Http404("No such request")
    may_decide = can_decide_join_request(user, join_request)
    if join_request.user_id != user.pk and not may_decide:
        raise Http404("No such request")
    if decide and not may_decide:
        raise PermissionDenied("You cannot decide this request.")
    return join_request
