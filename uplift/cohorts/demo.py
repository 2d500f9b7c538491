"""The demo world's open cohort (``seed_demo_cohort``), called by ``uplift.clusters.demo.seed_demo_clusters``.

An open cohort ("April 2027" when seeded on 22 November 2026: applications opened two weeks ago and
close in about two months; the programme starts on the first day of a month at least two months after
that) with about 20 applications from the demo schools that are eligible: mostly submitted with a
senior leader's consent, one waiting for consent and one withdrawn.

Demo shortcuts (never taken by the services): a school's unjudged aspects are given a level directly so
it is eligible, and the applications are written with the models, so no emails are sent while seeding.
Each application records the school's needs and assessment exactly as ``cohort_application_submit``
would. Safe to run again: an existing cohort of the same name is returned unchanged.
"""

from __future__ import annotations

import datetime as dt
import math
import random

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from uplift.accounts.models import SCHOOL_MANAGE_ROLE, ProgrammeRole, SchoolMembership, SchoolRole, User
from uplift.assessments.models import Judgement
from uplift.assessments.selectors import current_assessment
from uplift.cohorts.models import MAX_PRIORITIES, Cohort, CohortApplication, CohortApplicationStatus
from uplift.cohorts.needs import assessment_needs
from uplift.cohorts.selectors import eligibility
from uplift.frameworks.models import Aspect
from uplift.schools.models import School

#: How many schools apply (at most: fewer when fewer are eligible).
APPLICATIONS = 20
#: Levels given to a demo school's unjudged aspects (mostly below the standard: schools that need support).
FILL_LEVELS = (1, 2, 2, 3, 3, 3, 4)


def demo_dates(today: dt.date) -> tuple[dt.date, dt.date, dt.date]:
    """Applications open two weeks ago and close in 60 days; the programme starts on the first of a
    month at least 60 days after that."""
    opens = today - dt.timedelta(days=14)
    closes = today + dt.timedelta(days=60)
    earliest = closes + dt.timedelta(days=60)
    starts = (earliest.replace(day=1) + dt.timedelta(days=32)).replace(day=1) if earliest.day > 1 else earliest
    return opens, closes, starts


def _fill_unjudged(school: School, rng: random.Random) -> None:
    """Give every unjudged aspect of the school's current assessment a level (a demo shortcut)."""
    assessment = current_assessment(school)
    if assessment is None:
        return
    judged = set(Judgement.objects.filter(assessment=assessment).values_list("aspect_id", flat=True))
    now = timezone.now()
    for aspect in Aspect.objects.filter(framework=assessment.framework).order_by("order"):
        if aspect.pk not in judged:
            Judgement.objects.create(
                assessment=assessment, aspect=aspect, level=rng.choice(FILL_LEVELS), updated_at=now
            )
    for judgement in Judgement.objects.filter(assessment=assessment, level__isnull=True).order_by("pk"):
        Judgement.objects.filter(pk=judgement.pk).update(level=rng.choice(FILL_LEVELS), version=F("version") + 1)


def _leaders(school: School) -> tuple[User | None, User | None]:
    """(the person who applies: the computing lead or a senior leader, a senior leader who consents)."""
    memberships = list(
        SchoolMembership.objects.filter(school=school, role__gte=SCHOOL_MANAGE_ROLE, user__is_active=True)
        .select_related("user")
        .order_by("-role", "user__email")
    )
    applicant = memberships[0].user if memberships else None
    senior = next((m.user for m in memberships if m.role == SchoolRole.SENIOR_LEADER), None)
    return applicant, senior


def _priorities(needs: dict[str, float], rng: random.Random) -> list[str]:
    """The school's highest needs first (ties broken at random), 1 to 3 of them."""
    ranked = sorted(needs, key=lambda slug: (-needs[slug], rng.random()))
    return ranked[: rng.randint(1, MAX_PRIORITIES)]


@transaction.atomic
def _in_matchable_groups(schools: list[School], max_km: float, rng: random.Random) -> list[School]:
    """The schools in the order they apply: first those with at least two schools of their phase within
    ``max_km`` (so matching the demo cohort can form clusters), neighbours together, then the rest."""

    def near(a: School, b: School) -> bool:
        return (
            a.phase == b.phase
            and None not in (a.easting, a.northing, b.easting, b.northing)
            and math.dist((a.easting, a.northing), (b.easting, b.northing)) <= max_km * 1000
        )

    neighbours = {s.pk: [o for o in schools if o.pk != s.pk and near(s, o)] for s in schools}
    seeds = [s for s in schools if len(neighbours[s.pk]) >= 2]
    rng.shuffle(seeds)
    ordered: list[School] = []
    for seed in seeds:
        for school in [seed, *neighbours[seed.pk]]:
            if school not in ordered:
                ordered.append(school)
    rest = [s for s in schools if s not in ordered]
    rng.shuffle(rest)
    return ordered + rest


def seed_demo_cohort(*, schools: list[School], rng: random.Random) -> Cohort:
    """The open demo cohort and its applications (see the module docstring)."""
    today = timezone.localdate()
    opens, closes, starts = demo_dates(today)
    name = f"{starts:%B %Y}"
    existing = Cohort.objects.filter(name=name).first()
    if existing is not None:
        return existing
    manager = User.objects.filter(programme_memberships__role=ProgrammeRole.MANAGER).order_by("pk").first()
    cohort = Cohort.objects.create(
        name=name,
        applications_open=opens,
        applications_close=closes,
        starts_on=starts,
        funded_clusters=4,
        created_by=manager,
    )
    candidates = _in_matchable_groups(
        sorted((s for s in schools if current_assessment(s) is not None), key=lambda s: s.urn), cohort.max_km, rng
    )
    applied: list[CohortApplication] = []
    for school in candidates:
        if len(applied) >= APPLICATIONS:
            break
        if not eligibility(school, cohort).eligible:
            _fill_unjudged(school, rng)
            if not eligibility(school, cohort).eligible:
                continue  # e.g. already in a running cluster
        assessment = current_assessment(school)
        needs = assessment_needs(assessment)
        if not any(needs.values()):
            continue  # at the standard everywhere: nothing for a cluster to work on
        applicant, senior = _leaders(school)
        applied_at = timezone.now() - dt.timedelta(days=rng.randint(0, 13), hours=rng.randint(0, 8))
        application = CohortApplication.objects.create(
            cohort=cohort,
            school=school,
            status=CohortApplicationStatus.SUBMITTED,
            applied_by=applicant,
            applied_at=applied_at,
            priority_dimensions=_priorities(needs, rng),
            consent_by=senior or applicant,
            consented_at=applied_at + dt.timedelta(hours=rng.randint(1, 48)),
            assessment=assessment,
            needs=needs,
        )
        if school.trust_id and rng.random() < 0.3:
            partners = list(School.objects.filter(trust_id=school.trust_id).exclude(pk=school.pk).order_by("urn")[:2])
            application.preferred_schools.set(partners)
        applied.append(application)
    # One waiting for a senior leader's consent, one withdrawn.
    if len(applied) >= 2:
        # The one waiting has someone who applied (its senior leaders would have been emailed).
        waiting = next((a for a in reversed(applied) if a.applied_by_id), applied[-1])
        withdrawn = next(a for a in reversed(applied) if a != waiting)
        CohortApplication.objects.filter(pk=waiting.pk).update(
            status=CohortApplicationStatus.AWAITING_CONSENT, consent_by=None, consented_at=None
        )
        CohortApplication.objects.filter(pk=withdrawn.pk).update(
            status=CohortApplicationStatus.WITHDRAWN, withdrawn_at=timezone.now() - dt.timedelta(days=1)
        )
    return cohort
