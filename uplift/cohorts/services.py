"""Writes for cohorts and applications. Every function is transactional and raises ``ValidationError``
(with field messages where a field is at fault) when a rule is broken.

- ``cohort_create`` / ``cohort_update``: a programme manager's cohort; an edit names the ``version`` it
  started from and is refused (``StaleEdit``) if someone saved in between.
- ``cohort_application_submit``: a school's senior leader or computing lead applies while the window
  is open and the school is eligible; the needs and the assessment they came from are recorded. A
  senior leader may give consent in the same step; otherwise the application waits for a senior
  leader's consent (``cohort_application_consent``) and the school's senior leaders are emailed.
- ``cohort_application_withdraw``: before matching.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.dateformat import format as date_format

from uplift.accounts.access import manager_scope
from uplift.accounts.models import SchoolRole, User
from uplift.assessments.selectors import current_assessment
from uplift.cohorts import emails
from uplift.cohorts.access import is_senior_leader
from uplift.cohorts.models import MAX_PRIORITIES, Cohort, CohortApplication, CohortApplicationStatus
from uplift.cohorts.needs import assessment_needs
from uplift.cohorts.selectors import Eligibility, dimension_titles, eligibility
from uplift.lib.versioning import lock_fresh
from uplift.schools.access import can_manage_school
from uplift.schools.models import Region, School

#: The cohort fields a manager sets (the rest are bookkeeping).
COHORT_FIELDS = (
    "name",
    "region",
    "applications_open",
    "applications_close",
    "starts_on",
    "months",
    "funding_per_cluster",
    "funded_clusters",
    "max_km",
    "cost_per_cluster",
    "travel_weight",
    "unassigned_penalty",
    "coaching_hours",
    "coaching_sessions",
    "bespoke_days",
    "output_days",
)
WITHDRAWABLE = (CohortApplicationStatus.AWAITING_CONSENT, CohortApplicationStatus.SUBMITTED)


class NotEligible(ValidationError):
    """The school cannot apply; ``eligibility.reasons`` says why."""

    def __init__(self, result: Eligibility) -> None:
        self.eligibility = result
        super().__init__([reason.text for reason in result.reasons])


def _date_errors(data: dict[str, Any]) -> dict[str, str]:
    errors: dict[str, str] = {}
    for key, label in (
        ("applications_open", "the date applications open"),
        ("applications_close", "the date applications close"),
        ("starts_on", "the date the programme starts"),
    ):
        if not isinstance(data.get(key), dt.date):
            errors[key] = f"Enter {label}"
    if errors:
        return errors
    if data["applications_close"] < data["applications_open"]:
        errors["applications_close"] = "Applications must close on or after the day they open"
    if data["starts_on"] <= data["applications_close"]:
        errors["starts_on"] = "The programme must start after applications close (matching happens in between)"
    return errors


#: Amounts that must be 0 or more, with the words used in their error messages.
NOT_NEGATIVE = {
    "cost_per_cluster": "cost per cluster",
    "travel_weight": "travel weight",
    "unassigned_penalty": "penalty for an unplaced school",
    "coaching_hours": "coaching hours",
    "coaching_sessions": "coaching sessions",
    "bespoke_days": "bespoke days",
    "output_days": "output days",
}


def _amount_errors(data: dict[str, Any]) -> dict[str, str]:
    errors: dict[str, str] = {}
    funding = data.get("funding_per_cluster")
    if funding is None or Decimal(funding) <= 0:
        errors["funding_per_cluster"] = "Enter the funding per cluster as an amount more than £0"
    funded = data.get("funded_clusters")
    if funded is not None and funded < 1:
        errors["funded_clusters"] = "Enter at least 1 funded cluster, or leave it blank for no limit"
    if data.get("max_km") is None or data["max_km"] <= 0:
        errors["max_km"] = "Enter the maximum travel distance as more than 0 km"
    if data.get("months") is None or data["months"] < 1:
        errors["months"] = "Enter the programme's length as at least 1 month"
    for key, label in NOT_NEGATIVE.items():
        if data.get(key) is None or data[key] < 0:
            errors[key] = f"Enter the {label} as 0 or more"
    if not {"bespoke_days", "output_days"} & errors.keys() and data["output_days"] > data["bespoke_days"]:  # both set
        errors["output_days"] = "Output days are part of the bespoke days: enter no more than the bespoke days"
    return errors


def cohort_errors(data: dict[str, Any], *, exclude_pk: int | None = None) -> dict[str, str]:
    """Every broken cohort rule as {field: message} (the form shows them all at once)."""
    errors: dict[str, str] = {}
    name = (data.get("name") or "").strip()
    if not name:
        errors["name"] = "Enter a name for the cohort, for example “October 2027”"
    elif Cohort.objects.filter(name__iexact=name).exclude(pk=exclude_pk).exists():
        errors["name"] = f"There is already a cohort called “{name}”: choose another name"
    errors.update(_date_errors(data))
    errors.update(_amount_errors(data))
    return errors


def _validate_cohort(data: dict[str, Any], *, exclude_pk: int | None = None) -> None:
    errors = cohort_errors(data, exclude_pk=exclude_pk)
    if errors:
        raise ValidationError(errors)


def _check_region(region: Region | None, by: User) -> None:
    """A manager creates (or moves) a cohort only within their scope: a national cohort is for national
    managers, a regional one for its region's managers too."""
    scope = manager_scope(by)
    if scope is None or not scope.covers_region(region.pk if region is not None else None):
        raise ValidationError({"region": "Choose a region you manage: you cannot manage a cohort there."})


@transaction.atomic
def cohort_create(*, by: User, **fields: Any) -> Cohort:
    """A new cohort with the manager's settings (see ``COHORT_FIELDS``); ``ValidationError`` per field."""
    data = {key: fields[key] for key in COHORT_FIELDS if key in fields}
    data["name"] = (data.get("name") or "").strip()
    _check_region(data.get("region"), by)
    _validate_cohort(data)
    now = timezone.now()
    return Cohort.objects.create(created_by=by, created_at=now, updated_at=now, **data)


@transaction.atomic
def cohort_update(*, cohort: Cohort, expected_version: int, by: User, **fields: Any) -> Cohort:
    """Change a cohort's settings if nobody saved since ``expected_version`` (else ``StaleEdit``).

    A cohort whose clusters are confirmed is closed: its settings were copied to the clusters."""
    current = lock_fresh(Cohort, pk=cohort.pk, expected_version=expected_version)
    if current.confirmed_at is not None:
        raise ValidationError("This cohort's clusters are confirmed, so its settings can no longer change.")
    data = {key: fields[key] for key in COHORT_FIELDS if key in fields}
    data["name"] = (data.get("name") or "").strip()
    _check_region(data.get("region", current.region), by)
    _validate_cohort(data, exclude_pk=current.pk)
    for key, value in data.items():
        setattr(current, key, value)
    current.bump(by=by)
    current.save()
    return current


@dataclass(frozen=True)
class ApplicationDraft:
    priority_dimensions: list[str]
    preferred_school_ids: list[int]
    preferences_note: str = ""
    consent: bool = False


def _validate_priorities(priorities: list[str], titles: dict[str, str]) -> list[str]:
    chosen = [slug for slug in priorities if slug]
    if not chosen:
        raise ValidationError({"priority_1": "Choose at least one priority dimension"})
    if len(chosen) > MAX_PRIORITIES:
        raise ValidationError({"priority_1": f"Choose no more than {MAX_PRIORITIES} priority dimensions"})
    unknown = [slug for slug in chosen if slug not in titles]
    if unknown:
        raise ValidationError({"priority_1": "Choose priority dimensions from the framework's list"})
    if len(set(chosen)) != len(chosen):
        raise ValidationError({"priority_2": "Choose each priority dimension only once"})
    return chosen


def consent_givers(school: School) -> list[User]:
    """The school's senior leaders (active accounts), who may consent to an application."""
    return list(
        User.objects.filter(
            is_active=True, school_memberships__school=school, school_memberships__role=SchoolRole.SENIOR_LEADER
        )
        .distinct()
        .order_by("email")
    )


def cohort_window_problem(cohort: Cohort, what: str = "applying") -> str:
    """Why ``cohort`` does not take applications (or consent) today, or "" while its window is open."""
    today = timezone.localdate()
    if cohort.confirmed_at is not None:
        return f"{cohort.name}'s clusters are confirmed: {what} is closed."
    if today < cohort.applications_open:
        return f"Applications to {cohort.name} open on {date_format(cohort.applications_open, 'j F Y')}."
    if today > cohort.applications_close:
        return f"Applications to {cohort.name} closed on {date_format(cohort.applications_close, 'j F Y')}."
    return ""


def _check_window(cohort: Cohort, what: str) -> None:
    problem = cohort_window_problem(cohort, what)
    if problem:
        raise ValidationError(problem)


@transaction.atomic
def cohort_application_submit(
    *, cohort: Cohort, school: School, draft: ApplicationDraft, by: User
) -> CohortApplication:
    """Apply to ``cohort`` for ``school`` (see the module docstring).

    Raises ``NotEligible`` with the reasons when the school may not apply, and ``ValidationError``
    when the window is closed, the applicant is not a senior leader or computing lead, or the draft
    breaks a rule (1-3 distinct framework dimensions; preferred schools from the school's own trust;
    consent only from a senior leader)."""
    if not can_manage_school(by, school):
        raise ValidationError("Only the school's computing lead or a senior leader can apply.")
    _check_window(cohort, "applying")
    result = eligibility(school, cohort)
    if not result.eligible:
        raise NotEligible(result)
    assessment = current_assessment(school)
    priorities = _validate_priorities(list(draft.priority_dimensions), dimension_titles(assessment.framework))
    preferred = list(School.objects.filter(pk__in=draft.preferred_school_ids).exclude(pk=school.pk))
    if len(preferred) != len(set(draft.preferred_school_ids) - {school.pk}) or any(
        school.trust_id is None or other.trust_id != school.trust_id for other in preferred
    ):
        raise ValidationError({"preferred_schools": "Choose schools from your own trust"})
    senior = is_senior_leader(by, school)
    if draft.consent and not senior:
        raise ValidationError({"consent": "Only a senior leader can give the school's consent"})
    now = timezone.now()
    consented = senior and draft.consent
    try:
        with transaction.atomic():
            application = CohortApplication.objects.create(
                cohort=cohort,
                school=school,
                status=CohortApplicationStatus.SUBMITTED if consented else CohortApplicationStatus.AWAITING_CONSENT,
                applied_by=by,
                applied_at=now,
                priority_dimensions=priorities,
                consent_by=by if consented else None,
                consented_at=now if consented else None,
                preferences_note=draft.preferences_note.strip(),
                assessment=assessment,
                needs=assessment_needs(assessment),
            )
    except IntegrityError as exc:
        raise ValidationError(f"Your school has already applied to {cohort.name}.") from exc
    application.preferred_schools.set(preferred)
    transaction.on_commit(lambda: _notify_submitted(application.pk))
    return application


def _notify_submitted(pk: int) -> None:
    application = CohortApplication.objects.select_related("cohort", "school", "applied_by").get(pk=pk)
    emails.email_application_received(application=application)
    if application.status == CohortApplicationStatus.AWAITING_CONSENT:
        givers = [person for person in consent_givers(application.school) if person.pk != application.applied_by_id]
        emails.email_consent_requested(application=application, to=givers)


@transaction.atomic
def cohort_application_consent(*, application: CohortApplication, by: User) -> CohortApplication:
    """A senior leader of the school consents: the application is submitted for matching.

    Refused when it is not waiting for consent, the window has closed, or ``by`` is not a senior
    leader of the school."""
    current = CohortApplication.objects.select_for_update().select_related("cohort", "school").get(pk=application.pk)
    if not is_senior_leader(by, current.school):
        raise ValidationError("Only a senior leader of the school can give consent.")
    if current.status != CohortApplicationStatus.AWAITING_CONSENT:
        raise ValidationError(
            f"This application is not waiting for consent (it is {current.get_status_display().lower()})."
        )
    _check_window(current.cohort, "consent")
    current.status = CohortApplicationStatus.SUBMITTED
    current.consent_by = by
    current.consented_at = timezone.now()
    current.save(update_fields=["status", "consent_by", "consented_at", *current.bump(by=by)])
    transaction.on_commit(lambda: emails.email_consent_given(application=current))
    return current


@transaction.atomic
def cohort_application_withdraw(*, application: CohortApplication, by: User) -> CohortApplication:
    """Withdraw an application before matching (the school may apply again while the window is open)."""
    current = CohortApplication.objects.select_for_update().select_related("cohort", "school").get(pk=application.pk)
    if not can_manage_school(by, current.school):
        raise ValidationError("Only the school's computing lead or a senior leader can withdraw the application.")
    if current.status not in WITHDRAWABLE or current.cohort.confirmed_at is not None:
        raise ValidationError(
            f"This application can no longer be withdrawn: it is {current.get_status_display().lower()}."
        )
    current.status = CohortApplicationStatus.WITHDRAWN
    current.withdrawn_at = timezone.now()
    current.save(update_fields=["status", "withdrawn_at", *current.bump(by=by)])
    return current
