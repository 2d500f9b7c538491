"""Access functions: the one place that decides who may see or change each kind of object.

Every view and API operation calls one of these first. The contract is the same for all of them:

- ``Http404`` when the user may not know the object exists (not signed in counts as "may not see");
- ``PermissionDenied`` (403) when they may see it but not do what they asked;
- otherwise the object, ready to use.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404

from uplift.accounts.models import (
    SCHOOL_MANAGE_ROLE,
    SCHOOL_WRITE_ROLE,
    ApiToken,
    Invitation,
    JoinRequest,
    ProgrammeMembership,
    ProgrammeRole,
    SchoolMembership,
    SchoolRole,
    User,
)
from uplift.schools.models import LocalAuthority, School, Trust

if TYPE_CHECKING:
    from uplift.actions.models import Action
    from uplift.clusters.models import Cluster
    from uplift.coaching.models import Coaching
    from uplift.cohorts.models import Cohort, CohortApplication
    from uplift.dropins.models import DropIn
    from uplift.evidence.models import EvidenceItem
    from uplift.qualitymark.models import Application
    from uplift.workgroups.models import Output as WorkgroupOutput
    from uplift.workgroups.models import Workgroup


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
    if school.local_authority_id is None:
        # No local authority, no hub: comparing with None would match hubs that cover nothing.
        return False
    return user.programme_memberships.filter(
        role=ProgrammeRole.HUB_LEAD, hub__local_authorities=school.local_authority_id
    ).exists()


def join_requests_to_decide(user: User) -> list[JoinRequest]:
    """Pending requests this user may decide, oldest first.

    The same rule as ``can_decide_join_request`` (a test holds them equal), applied to the whole list
    in a fixed number of queries rather than a few per request.
    """
    pending = JoinRequest.objects.filter(status="pending").select_related("school", "user", "school__region")
    if not user.is_authenticated:
        return []
    programme = list(user.programme_memberships.all())
    national = any(m.role == ProgrammeRole.MANAGER and m.region_id is None and m.hub_id is None for m in programme)
    regions = {m.region_id for m in programme if m.role == ProgrammeRole.MANAGER and m.region_id is not None}
    hub_ids = {m.hub_id for m in programme if m.role == ProgrammeRole.HUB_LEAD}
    scope = Q(school__memberships__user=user, school__memberships__role__gte=SCHOOL_MANAGE_ROLE)
    if national:
        scope = Q(pk__isnull=False)
    if regions:
        scope |= Q(school__region_id__in=regions)
    if hub_ids:
        scope |= Q(school__local_authority__hubs__in=hub_ids)
    candidates = list(pending.filter(scope).distinct().order_by("created_at", "pk"))
    if not candidates:
        return []
    school_ids = {jr.school_id for jr in candidates}
    managed = set(
        SchoolMembership.objects.filter(school_id__in=school_ids, role__gte=SCHOOL_MANAGE_ROLE).values_list(
            "school_id", flat=True
        )
    )
    mine = set(
        SchoolMembership.objects.filter(user=user, school_id__in=school_ids, role__gte=SCHOOL_MANAGE_ROLE).values_list(
            "school_id", flat=True
        )
    )
    hub_las = set(LocalAuthority.objects.filter(hubs__in=hub_ids).values_list("pk", flat=True)) if hub_ids else set()

    def decides(join_request: JoinRequest) -> bool:
        school = join_request.school
        if join_request.user_id == user.pk:
            return False
        if national or (school.region_id is not None and school.region_id in regions):
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
    school's hub and the programme managers for its region; national programme managers only when
    nobody closer can.
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
                programme_memberships__role=ProgrammeRole.HUB_LEAD,
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


def get_evidence_for_user(user: User, urn: int, pk: int, *, write: bool = False) -> EvidenceItem:
    """An item of the school's evidence library, with the school's rule (``get_school_for_user``).

    404 when the user may not see the school, or the item belongs to another school (even one the
    user can see: the URN in the address must be the item's own); 403 for a reader asking to change it.
    """
    from uplift.evidence.models import EvidenceItem

    school = get_school_for_user(user, urn, write=write)
    item = EvidenceItem.objects.filter(school=school, pk=pk).select_related("school", "added_by").first()
    if item is None:
        raise Http404("No such evidence")
    return item


def get_action_for_user(user: User, urn: int, pk: int, *, write: bool = False) -> Action:
    """One of the school's improvement actions, with the school's rule (``get_school_for_user``).

    404 when the user may not see the school or the action is another school's; 403 for a reader
    asking to change it.
    """
    from uplift.actions.models import Action

    school = get_school_for_user(user, urn, write=write)
    action = (
        Action.objects.filter(school=school, pk=pk)
        .select_related("school", "owner", "dimension", "aspect", "updated_by")
        .first()
    )
    if action is None:
        raise Http404("No such action")
    return action


# What a person wants to do with a Quality Mark application (``get_application_for_user``).
APPLICATION_ACTS = ("view", "review", "assess", "moderate", "manage")


def get_application_for_user(user: User, pk: int, *, act: str = "view") -> Application:
    """A Quality Mark application, for one of ``APPLICATION_ACTS``:

    - ``view``: its school's side (the application and, once decided, its feedback) and its frozen
      evidence: whoever may see the school's workspace, its assessor and moderator, programme managers;
    - ``review``: the review in progress (read): the allocated assessor, the moderator and programme
      managers only - the school does not see the review until the decision (404 for everyone else);
    - ``assess``: record aspect outcomes and decide: the allocated assessor only (the others who may
      review get 403);
    - ``moderate``: the second look before release: the moderator only (the others who may review get 403);
    - ``manage``: reassign, settle a moderation disagreement, revoke: programme managers only (the others
      who may review get 403).

    Assessor and moderator count only while they hold the assessor role. Programme managers count
    within their scope (``qualitymark.selectors.manager_scope``): a national manager every application,
    a regional (or hub) manager those of schools in their region (or hub).
    """
    from uplift.qualitymark.models import Application
    from uplift.qualitymark.selectors import manages_application

    if act not in APPLICATION_ACTS:
        raise ValueError(f"Unknown act {act!r}")
    if not user.is_authenticated:
        raise Http404("No such application")
    application = (
        Application.objects.select_related("school", "school__region", "school__trust", "assessor", "parent")
        .filter(pk=pk)
        .first()
    )
    if application is None:
        raise Http404("No such application")
    is_assessor_role = ProgrammeRole.ASSESSOR in programme_roles(user)
    is_assessor = is_assessor_role and application.assessor_id == user.pk
    is_moderator = is_assessor_role and application.moderator_id == user.pk
    is_manager = manages_application(user, application)
    if act == "view":
        if is_assessor or is_moderator or is_manager:
            return application
        if School.objects.visible_to(user).filter(pk=application.school_id).exists():
            return application
        raise Http404("No such application")
    if not (is_assessor or is_moderator or is_manager):
        raise Http404("No such application")
    if act == "assess" and not is_assessor:
        raise PermissionDenied("Only the allocated assessor records the review and decides.")
    if act == "moderate" and not is_moderator:
        raise PermissionDenied("Only the moderator records the moderation.")
    if act == "manage" and not is_manager:
        raise PermissionDenied("Only a programme manager does that.")
    return application


# What a person wants to do in a cluster's workspace (``get_cluster_for_user``).
CLUSTER_ACTS = ("view", "run", "manage")


def cluster_staff_ids(cluster: Cluster) -> set[int]:
    """The people who work at a member school (teacher or above): the cluster's school-side readers."""
    return set(
        SchoolMembership.objects.filter(
            school__cluster_memberships__cluster=cluster, role__gte=SCHOOL_WRITE_ROLE
        ).values_list("user_id", flat=True)
    )


def get_cluster_for_user(user: User, pk: int, *, act: str = "view") -> Cluster:
    """A Computing Cluster, for one of ``CLUSTER_ACTS``:

    - ``view``: its workspace (timeline, plans, workgroups, support used, impact): staff (teacher or
      above) of its member schools, its advisor, programme managers;
    - ``run``: log the support (meetings, drop-ins, days, spend, plans): its advisor and programme
      managers (member schools' staff get 403);
    - ``manage``: change the cluster itself (advisor, budget, finishing): programme managers only
      (the others who may view get 403).

    A proposal (not yet confirmed, or discarded) is seen by programme managers only. Everyone else
    gets 404, as does a signed-out visitor.
    """
    from uplift.clusters.models import Cluster

    if act not in CLUSTER_ACTS:
        raise ValueError(f"Unknown act {act!r}")
    if not user.is_authenticated:
        raise Http404("No such cluster")
    cluster = Cluster.objects.select_related("cohort", "advisor", "meeting_school").filter(pk=pk).first()
    if cluster is None:
        raise Http404("No such cluster")
    if not cluster.is_live:
        if is_programme_manager(user):
            return cluster
        raise Http404("No such cluster")
    runs = runs_cluster(user, cluster)
    if not (runs or user.pk in cluster_staff_ids(cluster)):
        raise Http404("No such cluster")
    if act == "run" and not runs:
        raise PermissionDenied("Only the cluster's advisor or a programme manager records the support.")
    if act == "run" and not can_run_cluster(user, cluster):
        raise PermissionDenied(f"{cluster.name} has finished: its record of support is closed.")
    if act == "manage" and not is_programme_manager(user):
        raise PermissionDenied("Only a programme manager does that.")
    return cluster


def get_cohort_for_user(user: User, pk: int) -> Cohort:
    """A Computing Clusters cohort, for its management pages (settings, applications, matching):
    programme managers only. A signed-in person who is not a manager gets 403 (the page exists, it is
    not theirs); an unknown cohort or a signed-out visitor gets 404."""
    from uplift.cohorts.models import Cohort

    if not user.is_authenticated:
        raise Http404("No such cohort")
    if not is_programme_manager(user):
        raise PermissionDenied("Only a programme manager manages cohorts.")
    cohort = Cohort.objects.filter(pk=pk).first()
    if cohort is None:
        raise Http404("No such cohort")
    return cohort


# What a person wants to do with a school's cohort application (``get_cohort_application_for_user``).
COHORT_APPLICATION_ACTS = ("view", "withdraw", "consent")


def get_cohort_application_for_user(user: User, urn: int, pk: int, *, act: str = "view") -> CohortApplication:
    """A school's application to a Computing Clusters cohort, for one of ``COHORT_APPLICATION_ACTS``:

    - ``view``: whoever may see the school's workspace (``get_school_for_user``);
    - ``withdraw``: the school's senior leaders and computing lead (``manage=True``; other readers 403);
    - ``consent``: a senior leader of the school only (role exactly "senior leader": the computing lead
      who applies needs a senior leader's agreement, so leads and everyone else who may see it get 403).

    404 when the user may not see the school or the application is another school's.
    """
    from uplift.cohorts.models import CohortApplication

    if act not in COHORT_APPLICATION_ACTS:
        raise ValueError(f"Unknown act {act!r}")
    school = get_school_for_user(user, urn, manage=act != "view")
    application = (
        CohortApplication.objects.select_related("cohort", "school", "applied_by", "consent_by")
        .filter(school=school, pk=pk)
        .first()
    )
    if application is None:
        raise Http404("No such application")
    if act == "consent" and school_role(user, school) != SchoolRole.SENIOR_LEADER:
        raise PermissionDenied("Only a senior leader of the school gives consent.")
    return application


# What a person wants to do with a cluster's workgroup (``get_workgroup_for_user``).
WORKGROUP_ACTS = ("view", "contribute", "run")


def get_workgroup_for_user(user: User, pk: int, *, act: str = "view") -> Workgroup:
    """A Computing Cluster's workgroup, for one of ``WORKGROUP_ACTS``:

    - ``view``: whoever may view the cluster's workspace (``get_cluster_for_user(act="view")``):
      member schools' staff, its advisor, programme managers;
    - ``contribute``: log a meeting, edit a meeting's notes and attendees, add an output: the
      cluster's advisor and programme managers, and the workgroup's own members (teachers of member
      schools in this workgroup); other viewers get 403;
    - ``run``: change the workgroup itself (name, focus, members) and publish an output beyond the
      cluster: the cluster's advisor and programme managers (``act="run"``); other viewers get 403.

    404 for anyone who may not view the cluster, and for a signed-out visitor.
    """
    from uplift.workgroups.models import Workgroup

    if act not in WORKGROUP_ACTS:
        raise ValueError(f"Unknown act {act!r}")
    if not user.is_authenticated:
        raise Http404("No such workgroup")
    cluster_pk = Workgroup.objects.filter(pk=pk).values_list("cluster_id", flat=True).first()
    if cluster_pk is None:
        raise Http404("No such workgroup")
    cluster = get_cluster_for_user(user, cluster_pk, act="view")
    workgroup = Workgroup.objects.get(pk=pk)
    workgroup.cluster = cluster
    if act == "view":
        return workgroup
    from uplift.clusters.models import ClusterStatus

    if cluster.status == ClusterStatus.FINISHED:
        raise PermissionDenied(f"{cluster.name} has finished: its workgroups' record is closed.")
    is_runner = can_run_cluster(user, cluster)
    if act == "run" and not is_runner:
        raise PermissionDenied("Only the cluster's advisor or a programme manager changes the workgroup.")
    if act == "contribute" and not (is_runner or workgroup.members.filter(user=user).exists()):
        raise PermissionDenied("Only the workgroup's members, the cluster's advisor or a manager log its meetings.")
    return workgroup


# What a person wants to do with someone's coaching (``get_coaching_for_user``).
COACHING_ACTS = ("view", "notes", "log", "reflect", "assign", "close")


def get_coaching_for_user(user: User, pk: int, *, act: str = "view") -> Coaching:
    """A coaching (one person's nomination, coach and sessions in a cluster), for one of ``COACHING_ACTS``.

    Session notes are private to the coach and the coachee: the cluster's advisor (unless they are the
    coach) and programme managers see hours and sessions only; other staff of member schools see nothing
    of it (who is being coached is kept discreet; the cluster page shows them totals only).

    - ``view``: the summary (coachee, school, focus, coach, sessions held with dates and hours - never
      notes): the coachee, the coach, the cluster's advisor, programme managers; everyone else 404;
    - ``notes``: read the sessions' notes: the coach and the coachee only (the advisor and managers 403);
    - ``log``: record or correct a session and the coach's notes: the coach only (the others who may view 403);
    - ``reflect``: write the coachee's own reflection on a session: the coachee only (others who may view 403);
    - ``assign``: assign or change the coach: the cluster's advisor and managers (others who may view 403);
    - ``close``: close the coaching: the coachee (withdrawing), the cluster's advisor and managers.

    The coach and the cluster's advisor count only while they hold the advisor programme role. A coaching
    in a cluster that is not live (a discarded proposal) is seen by programme managers only.
    """
    from uplift.coaching.models import Coaching

    if act not in COACHING_ACTS:
        raise ValueError(f"Unknown act {act!r}")
    if not user.is_authenticated:
        raise Http404("No such coaching")
    coaching = (
        Coaching.objects.select_related("cluster", "coachee", "coach", "school", "dimension").filter(pk=pk).first()
    )
    if coaching is None:
        raise Http404("No such coaching")
    is_manager = is_programme_manager(user)
    if not coaching.cluster.is_live and not is_manager:
        raise Http404("No such coaching")
    holds_advisor_role = ProgrammeRole.ADVISOR in programme_roles(user)
    is_coach = coaching.coach_id == user.pk and holds_advisor_role
    is_coachee = coaching.coachee_id == user.pk
    runs_cluster = is_manager or (coaching.cluster.advisor_id == user.pk and holds_advisor_role)
    if not (is_coach or is_coachee or runs_cluster):
        raise Http404("No such coaching")
    allowed = {
        "view": True,
        "notes": is_coach or is_coachee,
        "log": is_coach,
        "reflect": is_coachee,
        "assign": runs_cluster,
        "close": is_coachee or runs_cluster,
    }[act]
    if not allowed:
        raise PermissionDenied(
            {
                "notes": "Session notes are private to the coach and the coachee.",
                "log": "Only the coach records sessions.",
                "reflect": "Only the coachee writes their reflections.",
                "assign": "Only the cluster's advisor or a programme manager assigns a coach.",
                "close": "Only the coachee, the cluster's advisor or a programme manager closes a coaching.",
            }[act]
        )
    return coaching


def dropin_places_for(user: User) -> list[tuple[School, Cluster]]:
    """The (school, cluster) pairs through which the user may book drop-ins: each school where they are
    staff (teacher or above) that is a member of a running (confirmed) cluster."""
    from uplift.clusters.models import ClusterMember, ClusterStatus

    if not user.is_authenticated:
        return []
    members = (
        ClusterMember.objects.filter(
            cluster__status=ClusterStatus.CONFIRMED,
            school__memberships__user=user,
            school__memberships__role__gte=SCHOOL_WRITE_ROLE,
        )
        .select_related("school", "cluster")
        .order_by("school__name", "cluster_id")
    )
    return [(member.school, member.cluster) for member in members]


# What a person wants to do with a CPD implementation drop-in (``get_dropin_for_user``).
DROPIN_ACTS = ("view", "book", "manage", "attendance")


def get_dropin_for_user(user: User, pk: int, *, act: str = "view") -> DropIn:
    """A CPD implementation drop-in, for one of ``DROPIN_ACTS``:

    - ``view``: the schedule is open to every signed-in person (the joining link is shown only to those
      booked, advisors and managers - the pages decide that);
    - ``book``: book or cancel one's own place: staff (teacher or above) of schools in running clusters
      (``dropin_places_for``); other signed-in people 403;
    - ``manage``: edit or cancel the drop-in: programme managers only (others 403);
    - ``attendance``: record who attended: the host - a programme manager or any advisor (others 403).

    A signed-out visitor gets 404.
    """
    from uplift.dropins.models import DropIn

    if act not in DROPIN_ACTS:
        raise ValueError(f"Unknown act {act!r}")
    if not user.is_authenticated:
        raise Http404("No such drop-in")
    dropin = DropIn.objects.select_related("topic", "host").filter(pk=pk).first()
    if dropin is None:
        raise Http404("No such drop-in")
    if act == "book" and not dropin_places_for(user):
        raise PermissionDenied("Drop-ins are booked by staff of schools in a running Computing Cluster.")
    if act == "manage" and not is_programme_manager(user):
        raise PermissionDenied("Only a programme manager changes the drop-in schedule.")
    if act == "attendance" and not (programme_roles(user) & {ProgrammeRole.MANAGER.value, ProgrammeRole.ADVISOR.value}):
        raise PermissionDenied("Only the host (a programme manager or an advisor) records attendance.")
    return dropin


def get_workgroup_output_for_user(user: User, pk: int, *, act: str = "view") -> WorkgroupOutput:
    """An output of a cluster workgroup's meeting:

    - ``view``: any signed-in person once it is published beyond its (live) cluster; before that,
      whoever may view the workgroup (``get_workgroup_for_user``);
    - ``publish``: publish it beyond the cluster or take it back: the cluster's advisor and programme
      managers (``get_workgroup_for_user(act="run")``; other viewers get 403).

    404 for anyone else, and for a signed-out visitor.
    """
    from uplift.workgroups.models import Output

    if act not in ("view", "publish"):
        raise ValueError(f"Unknown act {act!r}")
    if not user.is_authenticated:
        raise Http404("No such output")
    output = (
        Output.objects.select_related("meeting", "meeting__workgroup", "meeting__workgroup__cluster")
        .filter(pk=pk)
        .first()
    )
    if output is None:
        raise Http404("No such output")
    workgroup = output.meeting.workgroup
    if act == "view" and output.is_published and workgroup.cluster.is_live:
        return output
    get_workgroup_for_user(user, workgroup.pk, act="run" if act == "publish" else "view")
    return output


def runs_cluster(user: User, cluster: Cluster) -> bool:
    """Whether the person runs the cluster: its advisor while they hold the advisor programme role, or a
    programme manager. They see everything the workspace shows (not coaching notes) while it runs and after."""
    roles = programme_roles(user)
    return ProgrammeRole.MANAGER in roles or (cluster.advisor_id == user.pk and ProgrammeRole.ADVISOR in roles)


def can_run_cluster(user: User, cluster: Cluster) -> bool:
    """Whether the person may record support in the cluster now: they run it (``runs_cluster``) and it has
    not finished (a finished cluster's record is closed, so its impact report stays what it was). The rule
    of ``get_cluster_for_user(act="run")``; pages call it, after the access function, to show or hide the
    controls for recording support."""
    from uplift.clusters.models import ClusterStatus

    return cluster.status != ClusterStatus.FINISHED and runs_cluster(user, cluster)
