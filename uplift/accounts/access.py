"""Access: the primitives every app's access rules are built on, and accounts' own objects.

Each app decides who may see or change its own objects in its own ``access.py`` (``uplift/schools/access.py``
``get_school_for_user``, ``uplift/clusters/access.py`` ``get_cluster_for_user``...; docs/where-things-live.md,
"Who may do what"). Every view and API operation calls one of those first. The contract is the same for all:

- ``Http404`` when the user may not know the object exists (not signed in counts as "may not see");
- ``PermissionDenied`` (403) when they may see it but not do what they asked;
- otherwise the object, ready to use.

They are built on the primitives here, which read a person's roles once per request (``roles_for``):

- ``school_role(user, school)``: their role in a school, or None;
- ``programme_roles(user)``: the programme roles they hold anywhere;
- ``manager_scope(user)``: where they are a programme manager (``ManagerScope``), or None. A national manager
  covers everything; a regional (or hub) manager the schools of their region (or hub), and the cohorts,
  clusters and advisors of that region. There is no other meaning of "manager" anywhere.

Accounts' own objects (join requests, invitations, API tokens) are decided here too. This module imports no
app above accounts.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404

from uplift.accounts.models import (
    SCHOOL_MANAGE_ROLE,
    ApiToken,
    Invitation,
    JoinRequest,
    ProgrammeMembership,
    ProgrammeRole,
    SchoolMembership,
    SchoolRole,
    TrustMembership,
    User,
)

if TYPE_CHECKING:
    from uplift.schools.models import School


# A person's roles, once per request ----------------------------------------------------------------------


@dataclass(frozen=True)
class ProgrammeGrant:
    """One programme membership: a role, national (no region, no hub) or scoped to a region or a hub, with
    the local authorities the hub covers."""

    role: str
    region_id: int | None
    hub_id: int | None
    local_authority_ids: frozenset[int] = frozenset()

    @property
    def national(self) -> bool:
        return self.region_id is None and self.hub_id is None


# Bumped whenever a membership changes anywhere in this process (``roles_changed``): a snapshot taken before
# is read again on its next use, so a request (or a test) that changes roles never sees the old ones.
_generation = 0


def roles_changed(**_signal: Any) -> None:
    """Signal receiver (connected in ``AccountsConfig.ready`` to every membership model and to the hubs'
    local authorities): every ``Roles`` snapshot taken before is stale."""
    global _generation  # noqa: PLW0603 - one process-wide counter is the point
    _generation += 1


class Roles:
    """A person's memberships, each kind read at most once (on first use) and kept on the user object for the
    request as ``user._uplift_roles`` (``roles_for``). Primitives and access functions read roles only from
    here, so a page asks the role tables once however many access checks it makes."""

    def __init__(self, user_id: int | None) -> None:
        self.user_id = user_id
        self.generation = _generation

    @cached_property
    def schools(self) -> dict[int, SchoolRole]:
        """{school pk: the person's role there} (1 query)."""
        rows = SchoolMembership.objects.filter(user_id=self.user_id).order_by().values_list("school_id", "role")
        return {school_id: SchoolRole(role) for school_id, role in rows}

    @cached_property
    def trust_ids(self) -> frozenset[int]:
        """The trusts the person leads (1 query)."""
        rows = TrustMembership.objects.filter(user_id=self.user_id).order_by().values_list("trust_id", flat=True)
        return frozenset(rows)

    @cached_property
    def programme(self) -> tuple[ProgrammeGrant, ...]:
        """Every programme membership with its scope and, for a hub, the hub's local authorities (1 query)."""
        grants: dict[tuple[str, int | None, int | None], set[int]] = {}
        rows = (
            ProgrammeMembership.objects.filter(user_id=self.user_id)
            .order_by()
            .values_list("role", "region_id", "hub_id", "hub__local_authorities")
        )
        for role, region_id, hub_id, local_authority_id in rows:
            local_authorities = grants.setdefault((role, region_id, hub_id), set())
            if local_authority_id is not None:
                local_authorities.add(local_authority_id)
        return tuple(
            ProgrammeGrant(role, region_id, hub_id, frozenset(local_authorities))
            for (role, region_id, hub_id), local_authorities in sorted(grants.items(), key=str)
        )

    def grants(self, role: str) -> list[ProgrammeGrant]:
        return [grant for grant in self.programme if grant.role == role]

    def scope(self, role: str) -> ManagerScope | None:
        """Where the person holds ``role`` (None: nowhere), in the shape of a manager's scope."""
        grants = self.grants(role)
        if not grants:
            return None
        return ManagerScope(
            national=any(grant.national for grant in grants),
            region_ids=frozenset(grant.region_id for grant in grants if grant.region_id is not None),
            hub_ids=frozenset(grant.hub_id for grant in grants if grant.hub_id is not None),
            local_authority_ids=frozenset(la for grant in grants for la in grant.local_authority_ids),
        )

    @cached_property
    def manager(self) -> ManagerScope | None:
        return self.scope(ProgrammeRole.MANAGER)


def _no_roles() -> Roles:
    roles = Roles(None)
    roles.__dict__.update(schools={}, trust_ids=frozenset(), programme=(), manager=None)
    return roles


def roles_for(user: User) -> Roles:
    """The person's ``Roles`` snapshot, taken on first use and kept on the user object (``_uplift_roles``) for
    the request; a signed-out visitor has none (no query)."""
    if not user.is_authenticated:
        return _no_roles()
    roles = getattr(user, "_uplift_roles", None)
    if roles is None or roles.generation != _generation or roles.user_id != user.pk:
        roles = Roles(user.pk)
        user._uplift_roles = roles  # type: ignore[union-attr]
    return roles


def school_role(user: User, school: School) -> SchoolRole | None:
    """The user's role in the school, or None if they are not a member."""
    return roles_for(user).schools.get(school.pk)


def programme_roles(user: User) -> set[str]:
    """The programme roles the user holds anywhere (advisor, assessor, hub lead, manager)."""
    return {grant.role for grant in roles_for(user).programme}


# Manager scope: the one meaning of "programme manager" -------------------------------------------------


@dataclass(frozen=True)
class ManagerScope:
    """Where a programme manager manages: everywhere (``national``), or the schools of some regions and of
    some hubs' local authorities (``local_authority_ids``: the LAs the ``hub_ids`` cover).

    Every app asks it the same questions: ``covers_school`` (one school), ``covers_region`` (a cohort's
    region, an advisor's region) and ``schools(prefix)`` (a filter for a queryset)."""

    national: bool
    region_ids: frozenset[int] = frozenset()
    hub_ids: frozenset[int] = frozenset()
    local_authority_ids: frozenset[int] = frozenset()

    def covers_school(self, school: School) -> bool:
        return (
            self.national
            or (school.region_id is not None and school.region_id in self.region_ids)
            or (school.local_authority_id is not None and school.local_authority_id in self.local_authority_ids)
        )

    def covers_region(self, region_id: int | None) -> bool:
        """A region-wide object (a cohort, an advisor): a national one (``None``) is for national managers only."""
        return self.national or (region_id is not None and region_id in self.region_ids)

    def schools(self, prefix: str = "") -> Q:
        """A filter over schools (``prefix=""``) or over a model reaching its school through ``prefix``
        (e.g. ``"school__"``): the schools this manager covers."""
        if self.national:
            return Q(**{f"{prefix}pk__isnull": False})  # every school (not Q(): OR-ed with it, it vanishes)
        rule = Q(**{f"{prefix}pk__in": []})
        if self.region_ids:
            rule |= Q(**{f"{prefix}region_id__in": sorted(self.region_ids)})
        if self.local_authority_ids:
            rule |= Q(**{f"{prefix}local_authority_id__in": sorted(self.local_authority_ids)})
        return rule

    def regions(self, field: str = "region") -> Q:
        """A filter over a model with a nullable region (``field``): national managers every row, regional
        managers their regions' rows (never the national ones, ``field`` null)."""
        if self.national:
            return Q(pk__isnull=False)
        return Q(**{f"{field}_id__in": sorted(self.region_ids)})


def manager_scope(user: User) -> ManagerScope | None:
    """Where the user is a programme manager, or None when they are not one anywhere."""
    return roles_for(user).manager


def require_manager_scope(user: User, refusal: str = "Only a programme manager does that.") -> ManagerScope:
    """The manager's scope, for a page about managing in general (a list to filter by scope, a form): a
    signed-in person who is not a programme manager anywhere gets 403 with ``refusal``; signed out, 404."""
    if not user.is_authenticated:
        raise Http404("Page not found")
    scope = manager_scope(user)
    if scope is None:
        raise PermissionDenied(refusal)
    return scope


def require_programme_role(user: User, *roles: str) -> list[ProgrammeMembership]:
    """The user's memberships in any of ``roles``; 404 if they hold none (the page is not for them)."""
    if not user.is_authenticated:
        raise Http404("Page not found")
    if not programme_roles(user) & set(roles):
        raise Http404("Page not found")
    return list(user.programme_memberships.filter(role__in=roles).select_related("region", "hub"))


# Joining a school ----------------------------------------------------------------------------------------


def school_has_manager(school: School) -> bool:
    return school.memberships.filter(role__gte=SCHOOL_MANAGE_ROLE).exists()


def may_decide_join_requests(user: User) -> bool:
    """Cheap check for the header: could this person ever decide a request to join a school?"""
    roles = roles_for(user)
    return any(role >= SCHOOL_MANAGE_ROLE for role in roles.schools.values()) or bool(
        {ProgrammeRole.MANAGER, ProgrammeRole.HUB_LEAD} & {grant.role for grant in roles.programme}
    )


def _hub_lead_local_authorities(user: User) -> frozenset[int]:
    scope = roles_for(user).scope(ProgrammeRole.HUB_LEAD)
    return scope.local_authority_ids if scope is not None else frozenset()


def can_decide_join_request(user: User, join_request: JoinRequest) -> bool:
    """Who approves a request to join a school.

    While a school has no member who can manage it, a programme manager whose scope covers the school
    (``manager_scope``: national, the school's region or its hub) or the lead of the school's hub approves.
    After that, the school's own leads approve; programme managers keep the power to step in.
    """
    if not user.is_authenticated:
        return False
    school = join_request.school
    if join_request.user_id == user.pk:
        return False
    scope = manager_scope(user)
    if scope is not None and scope.covers_school(school):
        return True
    if school_has_manager(school):
        role = school_role(user, school)
        return role is not None and role >= SCHOOL_MANAGE_ROLE
    # No local authority, no hub: a school without one is never a hub's.
    return school.local_authority_id is not None and school.local_authority_id in _hub_lead_local_authorities(user)


def join_requests_to_decide(user: User) -> list[JoinRequest]:
    """Pending requests this user may decide, oldest first.

    The same rule as ``can_decide_join_request`` (a test holds them equal), applied to the whole list
    in a fixed number of queries rather than a few per request.
    """
    if not user.is_authenticated:
        return []
    pending = JoinRequest.objects.filter(status="pending").select_related("school", "user", "school__region")
    scope = manager_scope(user)
    hub_las = _hub_lead_local_authorities(user)
    mine = {school_id for school_id, role in roles_for(user).schools.items() if role >= SCHOOL_MANAGE_ROLE}
    if not (mine or scope or hub_las):
        return []  # nobody to decide for: no query
    rule = Q(school_id__in=sorted(mine))
    if scope is not None:
        rule |= scope.schools("school__")
    if hub_las:
        rule |= Q(school__local_authority_id__in=sorted(hub_las))
    candidates = list(pending.filter(rule).order_by("created_at", "pk"))
    if not candidates:
        return []
    school_ids = {jr.school_id for jr in candidates}
    managed = set(
        SchoolMembership.objects.filter(school_id__in=school_ids, role__gte=SCHOOL_MANAGE_ROLE).values_list(
            "school_id", flat=True
        )
    )

    def decides(join_request: JoinRequest) -> bool:
        school = join_request.school
        if join_request.user_id == user.pk:
            return False
        if scope is not None and scope.covers_school(school):
            return True
        if school.pk in managed:
            return school.pk in mine
        return school.local_authority_id is not None and school.local_authority_id in hub_las

    return [jr for jr in candidates if decides(jr)]


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


def join_request_deciders(join_request: JoinRequest) -> list[User]:
    """The people to tell about a new request to join a school (each may decide it).

    Once the school has members who can manage it, they decide. Before that, the leads of the
    school's hub and the programme managers whose scope covers it (its region or its hub); national
    programme managers only when nobody closer can.
    """
    school = join_request.school
    if school_has_manager(school):
        people = User.objects.filter(
            is_active=True, school_memberships__school=school, school_memberships__role__gte=SCHOOL_MANAGE_ROLE
        )
    else:
        # Built only from the scopes the school has: comparing with None would match unscoped rows.
        closer = Q(pk__in=[])
        if school.local_authority_id is not None:
            closer |= Q(
                programme_memberships__role__in=[ProgrammeRole.HUB_LEAD, ProgrammeRole.MANAGER],
                programme_memberships__hub__local_authorities=school.local_authority_id,
            )
        if school.region_id is not None:
            closer |= Q(
                programme_memberships__role=ProgrammeRole.MANAGER, programme_memberships__region_id=school.region_id
            )
        people = User.objects.filter(closer, is_active=True)
        if not people.exists():
            people = User.objects.filter(
                is_active=True,
                programme_memberships__role=ProgrammeRole.MANAGER,
                programme_memberships__region__isnull=True,
                programme_memberships__hub__isnull=True,
            )
    return [person for person in people.exclude(pk=join_request.user_id).distinct().order_by("email")]


# Invitations and API tokens ------------------------------------------------------------------------------


def get_invitation_for_token(token: str) -> Invitation:
    """The invitation behind a link. Holding the token is the permission to see it, whoever you are.

    Unknown tokens raise ``Http404``; used, cancelled and expired invitations are returned so the
    page can say clearly why they no longer work.
    """
    invitation = (
        Invitation.objects.select_related("school", "invited_by").filter(token_hash=Invitation.hash(token)).first()
    )
    if invitation is None:
        raise Http404("No such invitation")
    return invitation


def get_api_token_for_user(user: User, pk: int) -> ApiToken:
    """One of the user's own API tokens; everybody else's are invisible (404)."""
    if not user.is_authenticated:
        raise Http404("No such token")
    token = ApiToken.objects.filter(user=user, pk=pk).first()
    if token is None:
        raise Http404("No such token")
    return token
