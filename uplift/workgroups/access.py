"""Who may see, contribute to or run a cluster's workgroup, and see or publish its outputs.

Same contract as every access function (see uplift/accounts/access.py): ``Http404`` when the user may not
know the object exists, ``PermissionDenied`` (403) when they may see it but not do what they asked.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404

from uplift.accounts.models import User
from uplift.clusters.access import can_run_cluster, get_cluster_for_user
from uplift.clusters.models import ClusterStatus
from uplift.workgroups.models import Output, Workgroup


def can_contribute(user: User, workgroup: Workgroup) -> bool:
    """The rule of ``get_workgroup_for_user(act="contribute")`` for a workgroup the person may view: its
    cluster has not finished, and they run the cluster or are one of the workgroup's members. Pages call it
    to show or hide the controls for logging meetings."""
    if workgroup.cluster.status == ClusterStatus.FINISHED:
        return False
    return can_run_cluster(user, workgroup.cluster) or workgroup.members.filter(user=user).exists()


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

    if cluster.status == ClusterStatus.FINISHED:
        raise PermissionDenied(f"{cluster.name} has finished: its workgroups' record is closed.")
    is_runner = can_run_cluster(user, cluster)
    if act == "run" and not is_runner:
        raise PermissionDenied("Only the cluster's advisor or a programme manager changes the workgroup.")
    if act == "contribute" and not (is_runner or workgroup.members.filter(user=user).exists()):
        raise PermissionDenied("Only the workgroup's members, the cluster's advisor or a manager log its meetings.")
    return workgroup


def get_workgroup_output_for_user(user: User, pk: int, *, act: str = "view") -> Output:
    """An output of a cluster workgroup's meeting:

    - ``view``: any signed-in person once it is published beyond its (live) cluster; before that,
      whoever may view the workgroup (``get_workgroup_for_user``);
    - ``publish``: publish it beyond the cluster or take it back: the cluster's advisor and programme
      managers (``get_workgroup_for_user(act="run")``; other viewers get 403).

    404 for anyone else, and for a signed-out visitor.
    """

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
