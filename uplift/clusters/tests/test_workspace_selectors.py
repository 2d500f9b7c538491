"""The cluster workspace's reads: whose clusters, the timeline, the support summary, a school's gaps."""

from __future__ import annotations

import datetime as dt

import pytest

from uplift.actions.models import ActionStatus
from uplift.actions.tests.factories import ActionFactory
from uplift.assessments.tests.profile_data import assess
from uplift.clusters import selectors_workspace as selectors
from uplift.clusters.access import clusters_for_user
from uplift.clusters.models import ClusterStatus
from uplift.clusters.tests.factories import ClusterFactory, live_cluster
from uplift.clusters.usage import support_usage
from uplift.frameworks.models import Aspect, Dimension
from uplift.workgroups.models import Meeting, Output, Stage, Visibility, Workgroup

pytestmark = pytest.mark.django_db


def test_clusters_for_user_by_role(cast) -> None:
    own = live_cluster(cast, "own")
    foreign = live_cluster(cast, "foreign")
    proposed = ClusterFactory(status=ClusterStatus.PROPOSED, advisor=cast.advisor)
    assert list(clusters_for_user(cast.advisor)) == [own]
    assert list(clusters_for_user(cast.other_advisor)) == [foreign]
    assert list(clusters_for_user(cast.teacher)) == [own]
    assert list(clusters_for_user(cast.governor)) == []  # governors are not cluster staff
    assert list(clusters_for_user(cast.outsider)) == []
    managed = set(clusters_for_user(cast.manager))
    assert managed == {own, foreign} and proposed not in managed
    assert list(clusters_for_user(cast.manager, advisor=cast.other_advisor.pk)) == [foreign]
    assert list(clusters_for_user(cast.manager, region=cast.school_a.region_id)) == [own]
    assert list(clusters_for_user(cast.manager, cohort=own.cohort_id)) == [own]


def test_timeline_marks_done_next_and_later(cast) -> None:
    cluster = live_cluster(
        cast,
        kickoff_on=dt.date(2027, 1, 10),
        midpoint_on=dt.date(2027, 7, 1),
        ends_on=dt.date(2028, 1, 9),
    )
    before = selectors.timeline(cluster, today=dt.date(2027, 1, 1))
    assert [m.state for m in before.milestones] == ["next", "later", "later"]
    assert before.where == "The programme has not started yet." and before.percent == 0
    during = selectors.timeline(cluster, today=dt.date(2027, 3, 1))
    assert [m.state for m in during.milestones] == ["done", "next", "later"]
    assert during.next.label == "Mid-point review"
    assert during.where == "Between the kick-off and the mid-point review."
    assert 0 < during.percent < 50
    after = selectors.timeline(cluster, today=dt.date(2028, 2, 1))
    assert [m.state for m in after.milestones] == ["done", "done", "done"]
    assert after.next is None and after.percent == 100 and after.where == "The programme has ended."


def test_support_summary_reads_the_workgroup_usage(cast) -> None:
    cluster = live_cluster(cast)
    workgroup = Workgroup.objects.create(cluster=cluster, name="Programming")
    held = Meeting.objects.create(workgroup=workgroup, held_on=dt.date.today(), stage=Stage.PLAN)
    Meeting.objects.create(workgroup=workgroup, held_on=dt.date.today() + dt.timedelta(days=7), stage=Stage.IMPLEMENT)
    Output.objects.create(meeting=held, title="Plan", description="d", visibility=Visibility.PUBLISHED)
    summary = {usage.label: usage for usage in support_usage(cluster)}
    usage = summary["Workgroup meetings"]
    assert usage.used == 1  # the meeting next week is not held yet
    assert usage.allowance is None
    assert usage.detail == "1 output, 1 published beyond the cluster"


def test_gaps_put_the_cluster_focus_first(cast, framework) -> None:
    cluster = live_cluster(cast, focus=["teaching", "curriculum"])
    levels = {"leadership": 2, "curriculum": 3, "teaching": 3}
    assess(cast.school_a, framework, level=4, dimensions=levels)
    gaps, threshold, has_assessment = selectors.school_gaps(cluster, cast.school_a)
    assert has_assessment and threshold == 4
    slugs = [gap.dimension.slug for gap in gaps]
    # Focus in focus order (teaching, then curriculum), then the rest in the framework's order.
    first_other = slugs.index("leadership")
    assert set(slugs[:first_other]) == {"teaching", "curriculum"}
    assert slugs[:first_other] == sorted(slugs[:first_other], key=["teaching", "curriculum"].index)
    assert set(slugs[first_other:]) == {"leadership"}
    assert all(gap.is_focus == (gap.dimension.slug != "leadership") for gap in gaps)
    assert all(gap.level is not None and gap.level < 4 for gap in gaps)
    # Aspects within a dimension keep the framework's order.
    teaching = [gap.aspect.order for gap in gaps if gap.dimension.slug == "teaching"]
    assert teaching == sorted(teaching)
    assert len(teaching) == Aspect.objects.filter(framework=framework, dimension__slug="teaching").count()


def test_school_plan_lists_open_actions_on_gaps_and_agreed_ones(cast, framework) -> None:
    cluster = live_cluster(cast, focus=["curriculum"])
    assess(cast.school_a, framework, level=4, dimensions={"curriculum": 2})
    curriculum = Dimension.objects.get(framework=framework, slug="curriculum")
    aspect = curriculum.aspects.order_by("order").first()
    on_gap = ActionFactory(school=cast.school_a, dimension=curriculum, aspect=aspect, owner=cast.teacher)
    dimension_wide = ActionFactory(school=cast.school_a, dimension=curriculum, aspect=None, owner=cast.teacher)
    done = ActionFactory(
        school=cast.school_a, dimension=curriculum, aspect=aspect, owner=cast.teacher, status=ActionStatus.DONE
    )
    done.cluster = cluster
    done.save()
    leadership = Dimension.objects.get(framework=framework, slug="leadership")
    ActionFactory(school=cast.school_a, dimension=leadership, owner=cast.teacher)  # not a gap: left out
    member = selectors.plan_member(cluster, cast.school_a.urn)
    plan = selectors.school_plan(cluster, member)
    gap = next(g for g in plan.gaps if g.aspect == aspect)
    assert gap.actions == [on_gap]
    assert plan.dimension_actions == [dimension_wide]
    assert plan.agreed == [done]
    assert selectors.plan_member(cluster, cast.school_b.urn) is None
