"""The CPD ledger's API (``/api/v1/cpd``): one's own record, claims and withdrawals; a school's staff CPD;
the programme's totals. Each operation calls the same access function and service as the page."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils import timezone
from ninja import Query, Router, Schema, Status

from uplift.cpd import services
from uplift.cpd.access import get_entry_for_user, get_school_cpd_for_user, require_cpd_person, require_programme_cpd
from uplift.cpd.models import Entry
from uplift.cpd.selectors import Minutes, programme_totals, school_cpd, teacher_record
from uplift.frameworks.models import Aspect, Dimension, Framework
from uplift.lib.dates import academic_year_label, academic_year_of
from uplift.schools.models import School

router = Router(tags=["cpd"])


class ErrorOut(Schema):
    detail: str
    errors: dict[str, list[str]] = {}


class MinutesOut(Schema):
    verified: int
    self_reported: int
    total: int
    trained: bool
    trained_verified: bool


def _minutes(minutes: Minutes) -> dict:
    return {
        "verified": minutes.verified,
        "self_reported": minutes.self_reported,
        "total": minutes.total,
        "trained": minutes.trained,
        "trained_verified": minutes.trained_verified,
    }


class EntryOut(Schema):
    id: int
    on: dt.date
    title: str
    provider: str
    source_kind: str
    verified: bool
    minutes: int
    school_urn: int | None
    dimensions: list[str]
    aspects: list[str]

    @staticmethod
    def resolve_school_urn(entry: Entry) -> int | None:
        return entry.school.urn if entry.school else None

    @staticmethod
    def resolve_dimensions(entry: Entry) -> list[str]:
        return [d.slug for d in entry.dimensions.all()]

    @staticmethod
    def resolve_aspects(entry: Entry) -> list[str]:
        return [a.slug for a in entry.aspects.all()]


class YearOut(Schema):
    year: int
    label: str
    minutes: MinutesOut
    entries: list[EntryOut]


class RecordOut(Schema):
    years: list[YearOut]


def _this_year() -> int:
    return academic_year_of(timezone.localdate())


@router.get("/me", response=RecordOut, summary="My CPD record by academic year")
def my_record(request: HttpRequest) -> dict:
    teacher = require_cpd_person(request.user)
    years = teacher_record(teacher=teacher, current_year=_this_year())
    return {
        "years": [
            {"year": y.year, "label": y.label, "minutes": _minutes(y.minutes), "entries": y.entries} for y in years
        ]
    }


class ClaimIn(Schema):
    title: str
    provider: str
    on: dt.date
    minutes: int
    school_urn: int | None = None
    notes: str = ""
    dimensions: list[str] = []
    aspects: list[str] = []


def _slugs(model: type[Dimension] | type[Aspect], slugs: list[str]) -> list:
    framework = Framework.objects.current()
    found = {o.slug: o for o in model.objects.filter(framework=framework, slug__in=slugs)} if framework else {}
    unknown = sorted(set(slugs) - set(found))
    if unknown:
        raise ValidationError({model.__name__.lower() + "s": f"Unknown in the current framework: {', '.join(unknown)}"})
    return [found[slug] for slug in slugs]


@router.post("/me/claims", response={201: EntryOut, 422: ErrorOut}, summary="Claim external CPD (self-reported)")
def claim(request: HttpRequest, payload: ClaimIn) -> Status:
    teacher = require_cpd_person(request.user)
    try:
        school = None
        if payload.school_urn is not None:
            school = School.objects.filter(urn=payload.school_urn).first()
            if school is None:
                raise ValidationError({"school": "Choose one of your own schools"})
        entry = services.entry_claim(
            teacher=teacher,
            claim=services.Claim(
                title=payload.title,
                provider=payload.provider,
                on=payload.on,
                minutes=payload.minutes,
                school=school,
                notes=payload.notes,
                dimensions=_slugs(Dimension, payload.dimensions),
                aspects=_slugs(Aspect, payload.aspects),
            ),
        )
    except ValidationError as error:
        errors = error.message_dict if hasattr(error, "error_dict") else {"__all__": error.messages}
        return Status(422, {"detail": "The claim is not valid.", "errors": errors})
    return Status(201, entry)


@router.post("/me/entries/{pk}/withdraw", response={200: EntryOut, 422: ErrorOut}, summary="Withdraw my own claim")
def withdraw(request: HttpRequest, pk: int) -> Status:
    entry = get_entry_for_user(request.user, pk, act="withdraw")
    return Status(200, services.entry_withdraw(entry=entry, by=request.user))


class YearQuery(Schema):
    year: int | None = None


class StaffOut(Schema):
    teacher: str
    entries: int
    minutes: MinutesOut


class SchoolCpdOut(Schema):
    urn: int
    year: int
    label: str
    minutes: MinutesOut
    trained: int
    trained_verified: int
    staff: list[StaffOut]


@router.get("/schools/{urn}", response=SchoolCpdOut, summary="A school's staff CPD in an academic year")
def school(request: HttpRequest, urn: int, query: Query[YearQuery]) -> dict:
    found = get_school_cpd_for_user(request.user, urn)
    cpd = school_cpd(school=found, year=query.year or _this_year())
    return {
        "urn": found.urn,
        "year": cpd.year,
        "label": cpd.label,
        "minutes": _minutes(cpd.minutes),
        "trained": cpd.trained,
        "trained_verified": cpd.trained_verified,
        "staff": [
            {
                "teacher": row.teacher.full_name or row.teacher.email,
                "entries": row.entries,
                "minutes": _minutes(row.minutes),
            }
            for row in cpd.rows
        ],
    }


class ProgrammeOut(Schema):
    year: int
    label: str
    national: bool
    minutes: MinutesOut
    teachers: int
    teachers_verified: int
    trained: int
    trained_verified: int
    schools: int


@router.get("/programme", response=ProgrammeOut, summary="The programme's CPD totals (managers)")
def programme(request: HttpRequest, query: Query[YearQuery]) -> dict:
    scope = require_programme_cpd(request.user)
    year = query.year or _this_year()
    totals = programme_totals(year=year, scope=scope)
    return {
        "year": year,
        "label": academic_year_label(year),
        "national": scope.national,
        "minutes": _minutes(totals.minutes),
        "teachers": totals.teachers,
        "teachers_verified": totals.teachers_verified,
        "trained": totals.trained,
        "trained_verified": totals.trained_verified,
        "schools": totals.schools,
    }
