"""Reads for cohorts: eligibility (checked and explained), open cohorts, a school's applications and a
cohort's applications table.

``eligibility(school)`` and ``school_needs(school)`` (uplift/cohorts/needs.py) are what the matching
run calls to re-check each applicant; ``eligibility(school, cohort)`` adds "has not already applied to
this cohort", which is what the apply page uses.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.dateformat import format as date_format

from uplift.assessments.models import Judgement
from uplift.assessments.selectors import current_assessment
from uplift.cohorts.access import cohorts_open_to
from uplift.cohorts.models import Cohort, CohortApplication, CohortApplicationStatus
from uplift.frameworks.models import Aspect, Dimension, Framework
from uplift.schools.models import School

__all__ = [
    "Check",
    "Eligibility",
    "cohort_applications",
    "dimension_titles",
    "eligibility",
    "open_cohorts",
    "register_check",
    "school_applications",
]

#: Applications that still count (not withdrawn).
LIVE_STATUSES = (
    CohortApplicationStatus.AWAITING_CONSENT,
    CohortApplicationStatus.SUBMITTED,
    CohortApplicationStatus.MATCHED,
    CohortApplicationStatus.NOT_MATCHED,
)


@dataclass(frozen=True)
class Check:
    """One eligibility rule for one school: whether it passes and, if not, why and where to fix it.

    ``items`` lists the particular things to fix (e.g. each unjudged aspect) as (text, url)."""

    key: str
    label: str
    passed: bool
    text: str = ""
    link: str = ""
    link_text: str = ""
    items: list[tuple[str, str]] = field(default_factory=list)


@dataclass(frozen=True)
class Eligibility:
    school: School
    checks: list[Check]

    @property
    def reasons(self) -> list[Check]:
        """The failed checks: each says why the school cannot apply, and links to where to fix it."""
        return [check for check in self.checks if not check.passed]

    @property
    def eligible(self) -> bool:
        return not self.reasons

    def __bool__(self) -> bool:
        return self.eligible


def _state_funded_check(school: School) -> Check:
    label = "A state-funded school in England"
    if school.is_state_funded_in_england:
        return Check("state_funded", label, True)
    return Check(
        "state_funded",
        label,
        False,
        text=f"The schools register lists {school.name} as “{school.status}”: only open state-funded "
        "schools in England can join Computing Clusters.",
        link=reverse("schools:detail", args=[school.urn]),
        link_text="See the school's register entry",
    )


def _judged_check(school: School) -> Check:
    label = "Every aspect of the self-assessment judged"
    overview = reverse("assessments:overview", args=[school.urn])
    assessment = current_assessment(school)
    if assessment is None:
        framework = Framework.objects.current()
        aspects = list(Aspect.objects.filter(framework=framework).order_by("order")) if framework else []
        return Check(
            "judged",
            label,
            False,
            text="Your school has not started its self-assessment. Choose a level for every aspect, "
            "so the programme can see where your school needs support.",
            link=overview,
            link_text="Start the self-assessment",
            items=[(aspect.title, reverse("assessments:aspect", args=[school.urn, aspect.slug])) for aspect in aspects],
        )
    judged = set(
        Judgement.objects.filter(assessment=assessment, level__isnull=False).values_list("aspect_id", flat=True)
    )
    missing = [
        aspect
        for aspect in Aspect.objects.filter(framework=assessment.framework).order_by("order")
        if aspect.pk not in judged
    ]
    if not missing:
        return Check("judged", label, True)
    count = len(missing)
    return Check(
        "judged",
        label,
        False,
        text=f"{count} aspect{'s' if count != 1 else ''} of your self-assessment "
        f"{'have' if count != 1 else 'has'} no level yet. Choose a level for each:",
        link=overview,
        link_text="Open the self-assessment",
        items=[(aspect.title, reverse("assessments:aspect", args=[school.urn, aspect.slug])) for aspect in missing],
    )


#: Rules from the apps above cohorts, each taking the school and returning its ``Check``: Computing Clusters
#: adds "not already in a running cluster" (``ClustersConfig.ready``), so this app never imports clusters.
SCHOOL_CHECKS: list[Callable[[School], Check]] = []


def register_check(check: Callable[[School], Check]) -> None:
    """Add a rule every school must pass (once: registering the same rule again changes nothing)."""
    if check not in SCHOOL_CHECKS:
        SCHOOL_CHECKS.append(check)


def _region_check(school: School, cohort: Cohort) -> Check:
    """A regional cohort takes its own region's schools (a national one every school)."""
    label = f"A school in {cohort.region.name}"
    if school.region_id == cohort.region_id:
        return Check("region", label, True)
    return Check("region", label, False, text=f"{cohort.name} is for schools in {cohort.region.name}.")


def _not_applied_check(school: School, cohort: Cohort) -> Check:
    label = f"Not already applied to {cohort.name}"
    existing = (
        CohortApplication.objects.filter(school=school, cohort=cohort, status__in=LIVE_STATUSES)
        .order_by("-applied_at")
        .first()
    )
    if existing is None:
        return Check("not_applied", label, True)
    return Check(
        "not_applied",
        label,
        False,
        text=f"Your school applied to {cohort.name} on {date_format(timezone.localtime(existing.applied_at), 'j F Y')} "
        f"(status: {existing.get_status_display().lower()}).",
        link=reverse("cohorts:school", args=[school.urn]) + f"#application-{existing.pk}",
        link_text="See your application",
    )


def eligibility(school: School, cohort: Cohort | None = None) -> Eligibility:
    """Whether ``school`` may join Computing Clusters, each rule checked and explained.

    The rules: a state-funded school in England; every aspect of its current assessment judged (the
    unjudged aspects are listed with links to their pages); the rules the apps above register
    (``register_check``: not already in a confirmed cluster); for a regional cohort, a school of its region; and,
    when ``cohort`` is given, no live (not withdrawn) application to that cohort yet. The cohort's
    application window is not a rule here (the apply page says so separately), so a matching run after
    the window can call ``eligibility(school)`` to re-check its applicants.
    """
    checks = [_state_funded_check(school), _judged_check(school), *(check(school) for check in SCHOOL_CHECKS)]
    if cohort is not None and cohort.region_id is not None:
        checks.append(_region_check(school, cohort))
    if cohort is not None:
        checks.append(_not_applied_check(school, cohort))
    return Eligibility(school=school, checks=checks)


def _for_school(school: School | None) -> Q:
    """National cohorts and the school's own region's (every cohort without a school)."""
    return Q() if school is None else cohorts_open_to(school)


def open_cohorts(today=None, *, school: School | None = None) -> list[Cohort]:
    """Cohorts taking applications today (those ``school`` may apply to: national and its region's), closing
    soonest first."""
    today = today or timezone.localdate()
    return list(
        Cohort.objects.filter(
            _for_school(school), applications_open__lte=today, applications_close__gte=today, confirmed_at__isnull=True
        ).order_by("applications_close", "name")
    )


def upcoming_cohorts(today=None, *, school: School | None = None) -> list[Cohort]:
    """Cohorts whose application window has not opened yet (those ``school`` may apply to)."""
    today = today or timezone.localdate()
    return list(
        Cohort.objects.filter(_for_school(school), applications_open__gt=today).order_by("applications_open", "name")
    )


def school_applications(school: School) -> list[CohortApplication]:
    """The school's applications, newest first."""
    return list(
        CohortApplication.objects.filter(school=school)
        .select_related("cohort", "applied_by", "consent_by")
        .prefetch_related("preferred_schools")
        .order_by("-applied_at", "-pk")
    )


def cohort_applications(cohort: Cohort, *, status: str = "") -> QuerySet[CohortApplication]:
    """A cohort's applications (optionally of one status) with what the table and CSV show."""
    applications = (
        CohortApplication.objects.filter(cohort=cohort)
        .select_related("school", "school__region", "school__trust", "applied_by", "consent_by")
        .prefetch_related("preferred_schools")
        .order_by("school__name", "pk")
    )
    if status:
        applications = applications.filter(status=status)
    return applications


def status_counts(cohort: Cohort) -> dict[str, int]:
    """{status: number of applications} for every status (0 when none)."""
    counts = dict.fromkeys(CohortApplicationStatus.values, 0)
    for status in CohortApplication.objects.filter(cohort=cohort).values_list("status", flat=True):
        counts[status] += 1
    return counts


def dimension_titles(framework: Framework | None = None) -> dict[str, str]:
    """{dimension slug: title} of ``framework`` (default: the current one), in framework order."""
    framework = framework or Framework.objects.current()
    if framework is None:
        return {}
    return dict(Dimension.objects.filter(framework=framework).order_by("order").values_list("slug", "title"))
