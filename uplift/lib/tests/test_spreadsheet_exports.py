"""Every spreadsheet download, through its real route, with text typed to run as a formula.

Each export is fed OWASP's formula payloads in the text people type (commentary, action titles, a
ledger description, a school's preferences note, school names) and must hand back each one quoted, so
a spreadsheet shows it and never runs it. The last test fails when a new ``.csv`` or ``.xlsx`` route
appears without a case here.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from decimal import Decimal

import pytest
import time_machine
from django.http import HttpResponse
from django.urls import reverse
from openpyxl import load_workbook

from uplift.actions.tests.factories import ActionFactory
from uplift.assessments.models import Judgement
from uplift.assessments.tests.profile_data import assess, clear_averages_cache  # noqa: F401 - autouse fixture
from uplift.clusters.tests.factories import live_cluster
from uplift.cohorts.tests.factories import CohortApplicationFactory, CohortFactory
from uplift.frameworks.models import Dimension, Framework
from uplift.funding import services as funding
from uplift.funding.models import Category, Kind
from uplift.qualitymark.models import Application, Award
from uplift.schools.tests.factories import SchoolFactory
from uplift.testing.cast import Cast
from uplift.testing.test_permission_matrix import url_patterns

pytestmark = pytest.mark.django_db

PAYLOADS = ['=HYPERLINK("http://evil.test","x")', "+1", "-1+1", "@SUM(A1)", "\t=1", "\r=1"]
NEUTRALISED = ["'" + payload for payload in PAYLOADS]
# XML (so XLSX) reads a carriage return back as a line feed, in Excel as in openpyxl.
NEUTRALISED_XLSX = [cell.replace("\r", "\n") for cell in NEUTRALISED]


def csv_table(response: HttpResponse) -> list[list[str]]:
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith("attachment; filename=")
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"), newline="")))


def xlsx_table(response: HttpResponse) -> list[list[object]]:
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    sheet = load_workbook(io.BytesIO(response.content)).active
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            if isinstance(cell.value, str):
                assert cell.data_type == "s", f"{cell.coordinate} is not stored as text"
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def column(table: list[list[object]], title: str) -> list[object]:
    index = table[0].index(title)
    return [row[index] for row in table[1:]]


# --- the school's judgements (CSV, XLSX) and the trust view (CSV) ------------------------------------


@pytest.fixture
def judged(cast: Cast, framework: Framework) -> None:
    """The first six aspects of school A's framework (in the export's order), a payload as each's position."""
    aspects = list(framework.aspects.order_by("order")[: len(PAYLOADS)])
    assessment = assess(cast.school_a, framework, level=3, by=cast.teacher, only={a.slug for a in aspects})
    for aspect, payload in zip(aspects, PAYLOADS, strict=True):
        Judgement.objects.filter(assessment=assessment, aspect=aspect).update(current_position=payload)


def judged_cells(table: list[list[object]]) -> list[object]:
    return [cell for cell in column(table, "Current position") if cell]


def test_the_judgements_csv_quotes_every_formula(cast: Cast, judged: None, client_for) -> None:
    table = csv_table(client_for(cast.lead).get(reverse("assessments:export_csv", args=[cast.school_a.urn])))

    assert judged_cells(table) == NEUTRALISED
    assert {level for level in column(table, "Level") if level} == {"3"}


def test_the_judgements_xlsx_quotes_every_formula(cast: Cast, judged: None, client_for) -> None:
    table = xlsx_table(client_for(cast.lead).get(reverse("assessments:export_xlsx", args=[cast.school_a.urn])))

    assert judged_cells(table) == NEUTRALISED_XLSX
    assert {level for level in column(table, "Level") if level is not None} == {3}  # still a number


def test_the_trust_csv_quotes_school_names(cast: Cast, framework: Framework, client_for) -> None:
    for payload in PAYLOADS:
        SchoolFactory(name=payload, trust=cast.trust_a)

    table = csv_table(client_for(cast.trust_lead).get(reverse("assessments:trust_csv", args=[cast.trust_a.pk])))

    assert sorted(set(column(table, "School")) & set(NEUTRALISED)) == sorted(NEUTRALISED)
    assert not set(column(table, "School")) & set(PAYLOADS)


# --- the action plan (CSV, XLSX) ---------------------------------------------------------------------


@pytest.fixture
def actions(cast: Cast, framework: Framework) -> None:
    leadership = Dimension.objects.get(framework=framework, slug="leadership")
    for days, payload in enumerate(PAYLOADS, start=1):
        ActionFactory(
            school=cast.school_a,
            title=payload,
            detail=payload,
            owner=cast.lead,
            dimension=leadership,
            due_date=dt.date(2027, 1, days),
        )


@pytest.mark.parametrize("name", ["actions:export_csv", "actions:export_xlsx"])
def test_the_action_plan_quotes_every_formula(cast: Cast, actions: None, client_for, name: str) -> None:
    response = client_for(cast.governor).get(reverse(name, args=[cast.school_a.urn]))
    table, expected = (
        (csv_table(response), NEUTRALISED) if name.endswith("csv") else (xlsx_table(response), NEUTRALISED_XLSX)
    )

    assert column(table, "Action") == expected  # in due-date order
    assert column(table, "Details") == expected


# --- the funding ledger (CSV) ------------------------------------------------------------------------


def test_the_ledger_csv_quotes_every_description(cast: Cast, client_for) -> None:
    cluster = live_cluster(cast)
    for day, payload in enumerate(PAYLOADS, start=1):
        funding.entry_create(
            cluster=cluster,
            category=Category.RESOURCES,
            kind=Kind.SPEND,
            amount=Decimal("10.50"),
            on=dt.date(2027, 1, day),
            description=payload,
            by=cast.advisor,
        )

    table = csv_table(client_for(cast.advisor).get(reverse("funding:export_csv", args=[cluster.pk])))

    # The service trims what is typed, so a leading tab or carriage return never reaches the ledger.
    assert column(table, "Description") == ["'" + payload.strip() for payload in PAYLOADS]
    assert set(column(table, "Amount (£)")) == {"10.50"}


# --- the Quality Mark register (CSV, public) ---------------------------------------------------------


def test_the_register_csv_quotes_school_names_and_towns(cast: Cast, client) -> None:
    for index, payload in enumerate(PAYLOADS):
        school = SchoolFactory(name=payload, town=payload)
        application = Application.objects.create(
            school=school,
            statement="x",
            due_by=dt.datetime(2027, 3, 1, tzinfo=dt.UTC),
            consent_to_publish=True,
            status="awarded",
        )
        Award.objects.create(
            application=application,
            school=school,
            school_name=payload,
            number=f"UQM-TEST-000{index}",
            awarded_on=dt.date(2027, 3, 15),
            expires_on=dt.date(2030, 3, 14),
        )

    with time_machine.travel(dt.datetime(2027, 4, 1, 12, tzinfo=dt.UTC), tick=False):
        table = csv_table(client.get(reverse("qualitymark:register_csv")))

    assert sorted(column(table, "School")) == sorted(NEUTRALISED)
    assert sorted(column(table, "Town")) == sorted(NEUTRALISED)
    assert set(column(table, "Awarded on")) == {"2027-03-15"}


# --- the cohort's applications (CSV, managers) -------------------------------------------------------


def test_the_applications_csv_quotes_every_preferences_note(cast: Cast, framework: Framework, client_for) -> None:
    cohort = CohortFactory()
    for payload in PAYLOADS:
        CohortApplicationFactory(cohort=cohort, preferences_note=payload, needs={"leadership": 1.5})

    table = csv_table(client_for(cast.manager).get(reverse("cohorts:applications_csv", args=[cohort.pk])))

    assert sorted(column(table, "preferences_note")) == sorted(NEUTRALISED)
    assert set(column(table, "need_leadership")) == {"1.5"}


# --- the CPD ledger (CSV: a teacher's own record, a school's staff) --------------------------------


@pytest.mark.parametrize("route", ["cpd:mine_csv", "cpd:school_csv"])
def test_the_cpd_exports_quote_every_claim_title_and_provider(cast: Cast, client_for, route: str) -> None:
    from uplift.cpd.tests.factories import ClaimFactory

    for day, payload in enumerate(PAYLOADS, start=1):
        ClaimFactory(
            teacher=cast.teacher, school=cast.school_a, title=payload, provider=payload, on=dt.date(2027, 1, day)
        )
    args = [] if route == "cpd:mine_csv" else [cast.school_a.urn]

    with time_machine.travel(dt.datetime(2027, 3, 1, 12, tzinfo=dt.UTC), tick=False):
        table = csv_table(client_for(cast.lead if args else cast.teacher).get(reverse(route, args=args)))

    assert column(table, "Title") == NEUTRALISED  # in date order
    assert column(table, "Provider") == NEUTRALISED
    assert set(column(table, "Minutes")) == {"60"}


# --- no export without a case above ------------------------------------------------------------------

COVERED = {
    "assessments:export_csv",
    "assessments:export_xlsx",
    "assessments:trust_csv",
    "actions:export_csv",
    "actions:export_xlsx",
    "funding:export_csv",
    "qualitymark:register_csv",
    "cohorts:applications_csv",
    "cpd:mine_csv",
    "cpd:school_csv",
}


def test_every_spreadsheet_route_is_fed_formulas_here() -> None:
    spreadsheets = {name for name, route in url_patterns().items() if route.endswith((".csv", ".xlsx"))}

    assert spreadsheets == COVERED
