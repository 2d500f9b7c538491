"""Who may see, run or manage a Computing Cluster and its workspace, and whose capacity a manager sets.

Same contract as every access function (uplift/accounts/access.py): ``Http404`` when the user may not know
the object exists, ``PermissionDenied`` (403) when they may see it but not do what they asked.

A programme manager manages a cluster when their scope (``accounts.access.manager_scope``) covers it: a
national manager every cluster; a regional (or hub) manager the clusters of their region's cohorts, the
clusters with a member school in their region (or hub) and those advised by an advisor of their region.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q, QuerySet
from django.http import Http404

from uplift.accounts.access import ManagerScope, manager_scope, programme_roles, roles_for
from uplift.accounts.models import SCHOOL_WRITE_ROLE, ProgrammeMembership, ProgrammeRole, SchoolMembership, User
from uplift.clusters.models import Cluster, ClusterMember, ClusterStatus, MatchRun
from uplift.cohorts.access import get_cohort_for_user, manages_cohort, require_cohort_manager

LIVE = (ClusterStatus.CONFIRMED, ClusterStatus.FINISHED)


def _region_advisors(scope: ManagerScope) -> QuerySet[ProgrammeMembership]:
    return ProgrammeMembership.objects.filter(role=ProgrammeRole.ADVISOR, region_id__in=sorted(scope.region_ids))


def managed_clusters(scope: ManagerScope) -> Q:
    """A filter over clusters: those the manager with ``scope`` manages (see the module docstring)."""
    if scope.national:
        return Q(pk__isnull=False)
    with_schools = ClusterMember.objects.filter(scope.schools("school__")).values("cluster_id")
    return (
        Q(cohort__region_id__in=sorted(scope.region_ids))
        | Q(pk__in=with_schools)
        | Q(advisor_id__in=_region_advisors(scope).values("user_id"))
    )


def manages_cluster(user: User, cluster: Cluster) -> bool:
    """Whether the person is a programme manager whose scope covers the cluster."""
    scope = manager_scope(user)
    if scope is None:
        return False
    if scope.national or scope.covers_region(cluster.cohort.region_id):
        return True
    return Cluster.objects.filter(managed_clusters(scope), pk=cluster.pk).exists()


def manages_advisor(user: User, advisor: User) -> bool:
    """Whether the person manages the advisor's capacity: a national manager every advisor; a regional
    manager the advisors of their region (a national advisor is for national managers)."""
    scope = manager_scope(user)
    if scope is None:
        return False
    if scope.national:
        return True
    regions = ProgrammeMembership.objects.filter(user=advisor, role=ProgrammeRole.ADVISOR).values_list(
        "region_id", flat=True
    )
    return any(scope.covers_region(region_id) for region_id in regions)


def advisors_for_user(user: User) -> Q:
    """A filter over people: the advisors whose capacity the manager sets (``manages_advisor``)."""
    scope = manager_scope(user)
    if scope is None:
        return Q(pk__in=[])
    if scope.national:
        return Q(pk__isnull=False)
    return Q(pk__in=_region_advisors(scope).values("user_id"))


def _is_member_staff(user: User, cluster: Cluster) -> bool:
    """Whether the person works (teacher or above) at one of the cluster's member schools."""
    schools = [pk for pk, role in roles_for(user).schools.items() if role >= SCHOOL_WRITE_ROLE]
    if not schools:
        return False
    return ClusterMember.objects.filter(cluster=cluster, school_id__in=schools).exists()


def cluster_staff_ids(cluster: Cluster) -> set[int]:
    """The people who work at a member school (teacher or above): the cluster's school-side readers."""
    return set(
        SchoolMembership.objects.filter(
            school__cluster_memberships__cluster=cluster, role__gte=SCHOOL_WRITE_ROLE
        ).values_list("user_id", flat=True)
    )


def get_match_run_for_user(user: User, pk: int) -> MatchRun:
    """A matching run, for its cohort's managers (``get_cohort_for_user``: others signed in 403, a manager of
    another region's cohort 404); an unknown run is 404 for the managers."""
    require_cohort_manager(user)
    run = MatchRun.objects.select_related("cohort").filter(pk=pk).first()
    if run is None:
        raise Http404("No such run")
    get_cohort_for_user(user, run.cohort_id)
    return run


# What a person wants to do in a cluster's workspace (``get_cluster_for_user``).
CLUSTER_ACTS = ("view", "run", "manage")


def get_cluster_for_user(user: User, pk: int, *, act: str = "view") -> Cluster:
    """A Computing Cluster, for one of ``CLUSTER_ACTS``:

    - ``view``: its workspace (timeline, plans, workgroups, support used, impact): staff (teacher or
      above) of its member schools, its advisor, the programme managers who manage it (``manages_cluster``);
    - ``run``: log the support (meetings, drop-ins, days, spend, plans): its advisor and the managers who
      manage it (member schools' staff get 403);
    - ``manage``: change the cluster itself (advisor, budget, finishing): the managers who manage it only
      (the others who may view get 403).

    A proposal (not yet confirmed, or discarded) is seen by the managers of its cohort only
    (``manages_cohort``). Everyone else gets 404, as does a signed-out visitor.
    """
    if act not in CLUSTER_ACTS:
        raise ValueError(f"Unknown act {act!r}")
    if not user.is_authenticated:
        raise Http404("No such cluster")
    cluster = Cluster.objects.select_related("cohort", "advisor", "meeting_school").filter(pk=pk).first()
    if cluster is None:
        raise Http404("No such cluster")
    if not cluster.is_live:
        if manages_cohort(user, cluster.cohort):
            return cluster
        raise Http404("No such cluster")
    runs = runs_cluster(user, cluster)
    if not (runs or _is_member_staff(user, cluster)):
        raise Http404("No such cluster")
    if act == "run" and not runs:
        raise PermissionDenied("Only the cluster's advisor or a programme manager records the support.")
    if act == "run" and not can_run_cluster(user, cluster):
        raise PermissionDenied(f"{cluster.name} has finished: its record of support is closed.")
    if act == "manage" and not manages_cluster(user, cluster):
        raise PermissionDenied("Only a programme manager does that.")
    return cluster


def runs_cluster(user: User, cluster: Cluster) -> bool:
    """Whether the person runs the cluster: its advisor while they hold the advisor programme role, or a
    programme manager who manages it. They see everything the workspace shows (not coaching notes) while it
    runs and after."""
    is_advisor = cluster.advisor_id == user.pk and ProgrammeRole.ADVISOR in programme_roles(user)
    return is_advisor or manages_cluster(user, cluster)


def can_run_cluster(user: User, cluster: Cluster) -> bool:
    """Whether the person may record support in the cluster now: they run it (``runs_cluster``) and it has
    not finished (a finished cluster's record is closed, so its impact report stays what it was). The rule
    of ``get_cluster_for_user(act="run")``; pages call it, after the access function, to show or hide the
    controls for recording support."""
    return cluster.status != ClusterStatus.FINISHED and runs_cluster(user, cluster)


def clusters_for_user(
    user: User,
    *,
    cohort: int | None = None,
    region: int | None = None,
    advisor: int | None = None,
) -> QuerySet[Cluster]:
    """The live clusters the person works in: those they manage for a programme manager (all of them for a
    national one); the ones they advise for an advisor; their schools' clusters for school staff (teacher or
    above). Optional filters by cohort, region (of the meeting school) and advisor (pks)."""
    clusters = Cluster.objects.filter(status__in=LIVE)
    scope = manager_scope(user)
    if scope is None or not scope.national:
        writer_schools = sorted(pk for pk, role in roles_for(user).schools.items() if role >= SCHOOL_WRITE_ROLE)
        mine = Q(members__school_id__in=writer_schools)
        if ProgrammeRole.ADVISOR in programme_roles(user):
            mine |= Q(advisor=user)
        if scope is not None:
            mine |= managed_clusters(scope)
        clusters = clusters.filter(pk__in=Cluster.objects.filter(mine).values("pk"))
    if cohort:
        clusters = clusters.filter(cohort_id=cohort)
    if region:
        clusters = clusters.filter(meeting_school__region_id=region)
    if advisor:
        clusters = clusters.filter(advisor_id=advisor)
    return (
        clusters.select_related("cohort", "advisor", "meeting_school", "meeting_school__region")
        .annotate(school_count=Count("members", distinct=True))
        .order_by("-cohort__starts_on", "cohort__name", "number")
    )
