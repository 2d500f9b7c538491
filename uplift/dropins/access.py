"""Who may book, manage or record attendance for a CPD implementation drop-in.

Same contract as every access function (see uplift/accounts/access.py): ``Http404`` when the user may not
know the object exists, ``PermissionDenied`` (403) when they may see it but not do what they asked.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404

from uplift.accounts.access import manager_scope, programme_roles, roles_for
from uplift.accounts.models import SCHOOL_WRITE_ROLE, ProgrammeRole, User
from uplift.clusters.models import Cluster, ClusterMember, ClusterStatus
from uplift.dropins.models import DropIn
from uplift.schools.models import School


def manages_dropins(user: User) -> bool:
    """Whether the person schedules, edits and cancels drop-ins: the schedule is national (every running
    cluster's staff book from it), so national programme managers (``ManagerScope.covers_region(None)``)."""
    scope = manager_scope(user)
    return scope is not None and scope.covers_region(None)


def require_dropin_manager(user: User) -> None:
    """For the pages that schedule drop-ins (``manages_dropins``): everyone else signed in gets 403."""
    if not manages_dropins(user):
        raise PermissionDenied("Only a national programme manager schedules drop-ins.")


def can_host_dropins(user: User) -> bool:
    """Whether the person hosts drop-ins (sees the joining links and records attendance): a programme
    manager or an advisor, anywhere."""
    return bool(programme_roles(user) & {ProgrammeRole.MANAGER.value, ProgrammeRole.ADVISOR.value})


def dropin_places_for(user: User) -> list[tuple[School, Cluster]]:
    """The (school, cluster) pairs through which the user may book drop-ins: each school where they are
    staff (teacher or above) that is a member of a running (confirmed) cluster."""

    writer_schools = sorted(pk for pk, role in roles_for(user).schools.items() if role >= SCHOOL_WRITE_ROLE)
    if not writer_schools:
        return []
    members = (
        ClusterMember.objects.filter(cluster__status=ClusterStatus.CONFIRMED, school_id__in=writer_schools)
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
    - ``manage``: edit or cancel the drop-in: national programme managers only (``manages_dropins``; others 403);
    - ``attendance``: record who attended: the host - a programme manager or any advisor (others 403).

    A signed-out visitor gets 404.
    """

    if act not in DROPIN_ACTS:
        raise ValueError(f"Unknown act {act!r}")
    if not user.is_authenticated:
        raise Http404("No such drop-in")
    dropin = DropIn.objects.select_related("topic", "host").filter(pk=pk).first()
    if dropin is None:
        raise Http404("No such drop-in")
    if act == "book" and not dropin_places_for(user):
        raise PermissionDenied("Drop-ins are booked by staff of schools in a running Computing Cluster.")
    if act == "manage" and not manages_dropins(user):
        raise PermissionDenied("Only a national programme manager changes the drop-in schedule.")
    if act == "attendance" and not can_host_dropins(user):
        raise PermissionDenied("Only the host (a programme manager or an advisor) records attendance.")
    return dropin
