"""Eligibility, checked and explained: each failed rule says why and links to where to fix it."""

from __future__ import annotations

from django.urls import reverse

from uplift.clusters.tests.factories import live_cluster
from uplift.cohorts.models import CohortApplicationStatus
from uplift.cohorts.selectors import eligibility
from uplift.cohorts.tests.factories import CohortApplicationFactory, CohortFactory

from .helpers import aspects, judge


def test_a_fully_judged_open_school_is_eligible(small, cast) -> None:
    judge(cast.school_a, cast.lead, small)
    result = eligibility(cast.school_a, CohortFactory())
    assert result.eligible
    assert [check.key for check in result.checks] == ["state_funded", "judged", "not_in_cluster", "not_applied"]
    assert result.reasons == []


def test_unjudged_aspects_are_listed_with_links_to_their_pages(small, cast) -> None:
    missing = aspects(small)[:2]
    judge(cast.school_a, cast.lead, small, {aspect.slug: None for aspect in missing})
    result = eligibility(cast.school_a)
    assert not result.eligible
    [reason] = result.reasons
    assert reason.key == "judged"
    assert "2 aspects of your self-assessment have no level yet" in reason.text
    assert reason.items == [
        (aspect.title, reverse("assessments:aspect", args=[cast.school_a.urn, aspect.slug])) for aspect in missing
    ]


def test_a_school_without_a_self_assessment_is_sent_to_start_it(small, cast) -> None:
    [reason] = eligibility(cast.school_a).reasons
    assert "has not started its self-assessment" in reason.text
    assert reason.link == reverse("assessments:overview", args=[cast.school_a.urn])
    assert len(reason.items) == 21


def test_a_school_that_is_not_open_and_state_funded_cannot_apply(small, cast) -> None:
    judge(cast.school_a, cast.lead, small)
    cast.school_a.status = "Closed"
    cast.school_a.save()
    [reason] = eligibility(cast.school_a).reasons
    assert reason.key == "state_funded"
    assert "“Closed”" in reason.text
    assert reason.link == reverse("schools:detail", args=[cast.school_a.urn])


def test_a_school_in_a_running_cluster_cannot_apply(small, cast) -> None:
    judge(cast.school_a, cast.lead, small)
    cluster = live_cluster(cast, "own")
    [reason] = eligibility(cast.school_a).reasons
    assert reason.key == "not_in_cluster"
    assert cluster.name in reason.text
    assert reason.link == reverse("clusters:workspace", args=[cluster.pk])


def test_a_finished_or_proposed_cluster_does_not_count(small, cast) -> None:
    judge(cast.school_a, cast.lead, small)
    live_cluster(cast, "own", status="finished")
    live_cluster(cast, "own", status="proposed")
    assert eligibility(cast.school_a).eligible


def test_a_school_applies_once_per_cohort_but_may_again_after_withdrawing(small, cast) -> None:
    judge(cast.school_a, cast.lead, small)
    cohort = CohortFactory(name="April 2027")
    application = CohortApplicationFactory(cohort=cohort, school=cast.school_a)
    [reason] = eligibility(cast.school_a, cohort).reasons
    assert reason.key == "not_applied"
    assert "applied to April 2027" in reason.text
    # Without the cohort (as at matching time) the standing rules still pass.
    assert eligibility(cast.school_a).eligible
    application.status = CohortApplicationStatus.WITHDRAWN
    application.save()
    assert eligibility(cast.school_a, cohort).eligible
