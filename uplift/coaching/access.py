"""Who may see a coaching, read its session notes, log sessions, reflect, assign a coach or close it.

Same contract as every access function (see uplift/accounts/access.py): ``Http404`` when the user may not
know the object exists, ``PermissionDenied`` (403) when they may see it but not do what they asked.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404

from uplift.accounts.access import programme_roles
from uplift.accounts.models import ProgrammeRole, User
from uplift.clusters.access import manages_cluster
from uplift.coaching.models import Coaching
from uplift.cohorts.access import manages_cohort

# What a person wants to do with someone's coaching (``get_coaching_for_user``).
COACHING_ACTS = ("view", "notes", "log", "reflect", "assign", "close")


def get_coaching_for_user(user: User, pk: int, *, act: str = "view") -> Coaching:
    """A coaching (one person's nomination, coach and sessions in a cluster), for one of ``COACHING_ACTS``.

    Session notes are private to the coach and the coachee: the cluster's advisor (unless they are the
    coach) and the programme managers who manage the cluster (``manages_cluster``) see hours and sessions
    only; other staff of member schools see nothing of it (who is being coached is kept discreet; the
    cluster page shows them totals only).

    - ``view``: the summary (coachee, school, focus, coach, sessions held with dates and hours - never
      notes): the coachee, the coach, the cluster's advisor, its managers; everyone else 404;
    - ``notes``: read the sessions' notes: the coach and the coachee only (the advisor and managers 403);
    - ``log``: record or correct a session and the coach's notes: the coach only (the others who may view 403);
    - ``reflect``: write the coachee's own reflection on a session: the coachee only (others who may view 403);
    - ``assign``: assign or change the coach: the cluster's advisor and managers (others who may view 403);
    - ``close``: close the coaching: the coachee (withdrawing), the cluster's advisor and managers.

    The coach and the cluster's advisor count only while they hold the advisor programme role. A coaching
    in a cluster that is not live (a discarded proposal) is seen by the managers of its cohort only.
    """

    if act not in COACHING_ACTS:
        raise ValueError(f"Unknown act {act!r}")
    if not user.is_authenticated:
        raise Http404("No such coaching")
    coaching = (
        Coaching.objects.select_related("cluster", "cluster__cohort", "coachee", "coach", "school", "dimension")
        .filter(pk=pk)
        .first()
    )
    if coaching is None:
        raise Http404("No such coaching")
    if not coaching.cluster.is_live:
        if not manages_cohort(user, coaching.cluster.cohort):
            raise Http404("No such coaching")
        is_manager = True
    else:
        is_manager = manages_cluster(user, coaching.cluster)
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
