"""Computing Clusters cohorts in the API under /api/v1/cohorts/.

- ``GET /cohorts``: programme managers see the cohorts they manage (national managers every one, regional
  managers their region's); anyone else signed in gets 403 (schools see
  the open cohorts on their Computing Clusters page).
- ``GET /cohorts/{cohort_id}/applications``: programme managers (``get_cohort_for_user``), optionally
  filtered by ``status``.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.http import HttpRequest
from ninja import Router, Schema
from ninja.errors import HttpError

from uplift.cohorts import selectors
from uplift.cohorts.access import cohorts_for_user, get_cohort_for_user, require_cohort_manager
from uplift.cohorts.models import Cohort, CohortApplication, CohortApplicationStatus

router = Router(tags=["cohorts"])


class CohortOut(Schema):
    id: int
    name: str
    region: str  # "" for a national cohort
    applications_open: dt.date
    applications_close: dt.date
    starts_on: dt.date
    months: int
    funding_per_cluster: Decimal
    funded_clusters: int | None
    max_km: float
    cost_per_cluster: float
    travel_weight: float
    unassigned_penalty: float
    coaching_hours: int
    coaching_sessions: int
    bespoke_days: int
    output_days: int
    is_open: bool
    confirmed_at: dt.datetime | None
    version: int

    @staticmethod
    def resolve_is_open(cohort: Cohort) -> bool:
        return cohort.is_open()

    @staticmethod
    def resolve_region(cohort: Cohort) -> str:
        return cohort.region.name if cohort.region else ""


class ApplicationOut(Schema):
    id: int
    urn: int
    school: str
    phase: str
    region: str
    status: str
    applied_at: dt.datetime
    consented_at: dt.datetime | None
    priority_dimensions: list[str]
    needs: dict[str, float]
    preferred_schools: list[int]
    preferences_note: str

    @staticmethod
    def resolve_urn(application: CohortApplication) -> int:
        return application.school.urn

    @staticmethod
    def resolve_school(application: CohortApplication) -> str:
        return application.school.name

    @staticmethod
    def resolve_phase(application: CohortApplication) -> str:
        return application.school.phase

    @staticmethod
    def resolve_region(application: CohortApplication) -> str:
        return application.school.region.name if application.school.region else ""

    @staticmethod
    def resolve_preferred_schools(application: CohortApplication) -> list[int]:
        return [school.urn for school in application.preferred_schools.all()]


@router.get("", response=list[CohortOut], summary="Every cohort (programme managers)")
def list_cohorts(request: HttpRequest) -> list[Cohort]:
    require_cohort_manager(request.user)
    return list(cohorts_for_user(request.user))


@router.get(
    "/{cohort_id}/applications",
    response=list[ApplicationOut],
    summary="A cohort's applications with each school's priorities and needs (programme managers)",
)
def list_applications(request: HttpRequest, cohort_id: int, status: str = "") -> list[CohortApplication]:
    cohort = get_cohort_for_user(request.user, cohort_id)
    if status and status not in CohortApplicationStatus.values:
        raise HttpError(422, f"Unknown status {status!r}: use one of {', '.join(CohortApplicationStatus.values)}.")
    return list(selectors.cohort_applications(cohort, status=status))
