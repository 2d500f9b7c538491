"""The workgroups' demo data: workgroups with meetings at each stage and a published output."""

from __future__ import annotations

import datetime as dt
import random

import pytest

from uplift.accounts.models import SchoolRole
from uplift.accounts.tests.factories import SchoolMembershipFactory, UserFactory
from uplift.clusters.models import ClusterStatus
from uplift.clusters.tests.factories import live_cluster
from uplift.workgroups.demo import seed_demo
from uplift.workgroups.models import Meeting, Output, Stage, Workgroup
from uplift.workgroups.selectors import workgroup_usage

pytestmark = pytest.mark.django_db


def test_seed_demo(cast, framework) -> None:
    mid = live_cluster(cast, "own", focus=["curriculum", "teaching"])
    today = dt.date.today()
    finished = live_cluster(
        cast,
        "foreign",
        status=ClusterStatus.FINISHED,
        focus=["impact"],
        kickoff_on=today - dt.timedelta(days=400),
        midpoint_on=today - dt.timedelta(days=220),
        ends_on=today - dt.timedelta(days=35),
    )
    for cluster in (mid, finished):
        for member in cluster.members.all():
            SchoolMembershipFactory(user=UserFactory(), school=member.school, role=SchoolRole.TEACHER)
    seed_demo(mid=mid, finished=finished, rng=random.Random(1))
    assert Workgroup.objects.filter(cluster=mid).count() == 2
    stages = set(Meeting.objects.filter(workgroup__cluster=mid).values_list("stage", flat=True))
    assert stages == set(Stage.values)
    assert Output.objects.published().filter(meeting__workgroup__cluster=mid).exists()
    assert Output.objects.published().filter(meeting__workgroup__cluster=finished).exists()
    for workgroup in Workgroup.objects.all():
        schools = list(workgroup.members.values_list("school", flat=True))
        assert schools and all(schools.count(s) <= 2 for s in schools)
    assert Meeting.objects.filter(workgroup__cluster=finished, held_on__gt=finished.ends_on).count() == 0
    assert workgroup_usage(mid).used == Meeting.objects.filter(workgroup__cluster=mid).count()
    # Running it again adds nothing.
    before = Meeting.objects.count()
    seed_demo(mid=mid, finished=finished, rng=random.Random(2))
    assert Meeting.objects.count() == before
