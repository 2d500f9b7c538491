"""The demo's open cohort: open today, with applications from eligible schools only."""

from __future__ import annotations

import datetime as dt
import random

from django.utils import timezone

from uplift.accounts.models import SchoolRole
from uplift.accounts.tests.factories import SchoolMembershipFactory, UserFactory
from uplift.clusters.tests.factories import live_cluster
from uplift.cohorts.demo import demo_dates, seed_demo_cohort
from uplift.cohorts.models import CohortApplication, CohortApplicationStatus
from uplift.cohorts.needs import school_needs
from uplift.cohorts.selectors import eligibility
from uplift.schools.tests.factories import SchoolFactory

from .helpers import aspects, judge


def test_the_dates_make_an_april_2027_cohort_from_22_november_2026() -> None:
    assert demo_dates(dt.date(2026, 11, 22)) == (dt.date(2026, 11, 8), dt.date(2027, 1, 21), dt.date(2027, 4, 1))


def test_seed_demo_cohort_builds_an_open_cohort_with_eligible_applicants(small, cast) -> None:
    schools = [SchoolFactory(trust=cast.trust_a) for _ in range(5)]
    head = UserFactory()
    SchoolMembershipFactory(user=head, school=schools[0], role=SchoolRole.SENIOR_LEADER)
    first_aspect = aspects(small)[0]
    for school in schools:
        # Every school has an assessment; some with an aspect left unjudged (the demo fills it in).
        judge(school, cast.lead, small, {first_aspect.slug: None} if school.pk % 2 else {}, default=2)
    judge(cast.school_a, cast.lead, small)
    live_cluster(cast, "own")  # school A is in a running cluster: never an applicant
    without_assessment = SchoolFactory()

    cohort = seed_demo_cohort(schools=[*schools, cast.school_a, without_assessment], rng=random.Random(1))

    assert cohort.is_open(timezone.localdate())
    assert cohort.starts_on > cohort.applications_close
    applications = list(CohortApplication.objects.filter(cohort=cohort))
    assert {a.school for a in applications} == set(schools)
    statuses = sorted(a.status for a in applications)
    assert statuses.count(CohortApplicationStatus.AWAITING_CONSENT) == 1
    assert statuses.count(CohortApplicationStatus.WITHDRAWN) == 1
    assert statuses.count(CohortApplicationStatus.SUBMITTED) == 3
    for application in applications:
        assert eligibility(application.school).eligible  # every aspect judged now
        assert application.needs == school_needs(application.school)
        assert 1 <= len(application.priority_dimensions) <= 3
        assert application.assessment is not None
    led = next(a for a in applications if a.school == schools[0])
    assert led.applied_by == head

    # Safe to run again.
    assert seed_demo_cohort(schools=schools, rng=random.Random(1)) == cohort
    assert CohortApplication.objects.filter(cohort=cohort).count() == len(applications)
