"""Workgroups in the demo world (``seed_demo(mid=..., finished=..., rng=...)``, called by
``uplift.clusters.demo.seed_demo_clusters``).

Each cluster gets workgroups of 1-2 teachers from each member school that has staff (with its focus
dimensions). The mid-programme cluster's meetings have reached each stage of the cycle (plan,
implement, reflect) with notes and outputs, one of them published beyond the cluster; the finished
cluster went round the cycle twice and published its best outputs. Safe to run again: a cluster that
already has workgroups is left alone. Everything is written through ``uplift.workgroups.services``.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict

from django.db import transaction
from django.utils import timezone

from uplift.accounts.models import SchoolMembership
from uplift.clusters.models import Cluster
from uplift.workgroups import services
from uplift.workgroups.models import Stage, Visibility, Workgroup
from uplift.workgroups.selectors import eligible_staff

NAMES = {
    "leadership": "Leading computing",
    "curriculum": "Curriculum mapping",
    "teaching": "Programming pedagogy",
    "staff_development": "Staff confidence",
    "inclusion": "Computing for all",
    "careers": "Computing careers",
    "impact": "Measuring impact",
}
NOTES = {
    Stage.PLAN: "Agreed the focus for the next half term and who will try what in their classes.",
    Stage.IMPLEMENT: "Each school taught the planned sequence; shared pupils' work and what got in the way.",
    Stage.REFLECT: "Compared pupils' work across the schools; kept what worked and changed the rest.",
}
OUTPUTS = [
    ("Sequenced programming unit", "A six-lesson unit with PRIMM activities and a shared assessment task."),
    ("Curriculum map", "Our computing curriculum mapped across the year groups, with gaps marked."),
    ("Lesson observation prompts", "Prompts the workgroup used when observing each other's lessons."),
    ("Pupil voice survey", "A short survey of pupils' confidence in computing, with our results."),
]


def _members(cluster: Cluster, rng: random.Random) -> list:
    """1 or 2 staff from each member school with staff, teachers before leaders (so the demo teacher
    at Oakfield is in its workgroups and can log meetings)."""
    roles = dict(
        SchoolMembership.objects.filter(school__cluster_memberships__cluster=cluster).values_list("user_id", "role")
    )
    by_school: dict[int, list] = defaultdict(list)
    for choice in eligible_staff(cluster):
        by_school[choice.school.pk].append(choice.user)
    chosen = []
    for users in by_school.values():
        users.sort(key=lambda user: (roles.get(user.pk, 0), rng.random()))
        chosen.extend(users[: rng.choice((1, 2))])
    return chosen


def _between(start: dt.date, end: dt.date, fraction: float) -> dt.date:
    return start + dt.timedelta(days=max(0, round((end - start).days * fraction)))


def _cycle(
    workgroup: Workgroup,
    *,
    start: dt.date,
    end: dt.date,
    stages: list[str],
    rng: random.Random,
    publish: bool,
) -> None:
    by = workgroup.cluster.advisor
    members = [m.user for m in workgroup.members.select_related("user")]
    for index, stage in enumerate(stages):
        held_on = _between(start, end, (index + 1) / (len(stages) + 1))
        attendees = [u for u in members if rng.random() < 0.85] or members[:1]
        meeting = services.meeting_create(
            workgroup=workgroup, held_on=held_on, stage=stage, attendees=attendees, notes=NOTES[Stage(stage)], by=by
        )
        if stage != Stage.PLAN:
            title, description = rng.choice(OUTPUTS)
            output = services.output_create(
                meeting=meeting,
                title=f"{title} ({workgroup.name})",
                description=description,
                link="https://example.org/uplift-demo/" + title.lower().replace(" ", "-"),
                by=by,
            )
            if publish and stage == Stage.REFLECT:
                services.output_set_visibility(output=output, visibility=Visibility.PUBLISHED, by=by)


def _workgroups(cluster: Cluster, rng: random.Random) -> list[Workgroup]:
    focus = list(cluster.focus or [])[:2] or ["curriculum"]
    created = []
    for slug in focus:
        members = _members(cluster, rng)
        created.append(
            services.workgroup_create(
                cluster=cluster,
                name=NAMES.get(slug, slug.replace("_", " ").capitalize()),
                dimension_slug=slug if slug in NAMES else "",
                members=members,
                by=cluster.advisor,  # type: ignore[arg-type]
            )
        )
    return created


@transaction.atomic
def seed_demo(*, mid: Cluster, finished: Cluster, rng: random.Random) -> None:
    today = timezone.localdate()
    if mid is not None and not mid.workgroups.exists():
        start = mid.kickoff_on or today - dt.timedelta(days=90)
        for index, workgroup in enumerate(_workgroups(mid, rng)):
            # The first workgroup has been round plan -> implement -> reflect; the next is mid-cycle.
            stages = [Stage.PLAN, Stage.IMPLEMENT, Stage.REFLECT] if index == 0 else [Stage.PLAN, Stage.IMPLEMENT]
            _cycle(workgroup, start=start, end=today, stages=stages, rng=rng, publish=index == 0)
    if finished is not None and not finished.workgroups.exists():
        start = finished.kickoff_on or today - dt.timedelta(days=400)
        end = min(finished.ends_on or today, today)
        for workgroup in _workgroups(finished, rng):
            stages = [Stage.PLAN, Stage.IMPLEMENT, Stage.REFLECT] * 2
            _cycle(workgroup, start=start, end=end, stages=stages, rng=rng, publish=True)
