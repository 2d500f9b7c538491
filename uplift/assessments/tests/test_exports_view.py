import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from uplift.assessments.models import Judgement
from uplift.assessments.tests.profile_data import assess, clear_averages_cache  # noqa: F401 - autouse fixture
from uplift.evidence.models import EvidenceItem
from uplift.frameworks.models import Framework
from uplift.testing.cast import Cast

pytestmark = pytest.mark.django_db


def url(name: str, cast: Cast) -> str:
    return reverse(f"assessments:{name}", args=[cast.school_a.urn])


@pytest.fixture
def judged(cast: Cast, framework: Framework) -> Judgement:
    """School A judged at level 3, with one aspect carrying evidence and a formula-like commentary."""
    assessment = assess(
        cast.school_a, framework, level=3, by=cast.teacher, only={"leadership-vision", "leadership-time"}
    )
    judgement = Judgement.objects.get(assessment=assessment, aspect__slug="leadership-vision")
    judgement.current_position = '=HYPERLINK("http://evil.test")'
    judgement.save()
    item = EvidenceItem.objects.create(
        school=cast.school_a, kind="note", title="Curriculum map", note="A note", added_by=cast.lead
    )
    judgement.evidence.add(item)
    return judgement


def read_csv(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


@pytest.mark.parametrize("role", ["lead", "teacher", "governor", "trust_lead", "advisor"])
def test_readers_download_every_aspect_as_csv(cast: Cast, judged: Judgement, client_for, role) -> None:
    response = client_for(getattr(cast, role)).get(url("export_csv", cast))

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    rows = read_csv(response)
    assert rows[0] == [
        "Dimension",
        "Aspect",
        "Level",
        "Complete",
        "Current position",
        "Evidence commentary",
        "Improvement actions",
        "Evidence",
        "Last edited by",
        "Last edited at",
    ]
    assert len(rows) == 1 + 27  # every aspect, judged or not


def test_csv_holds_levels_commentary_evidence_and_editor(cast: Cast, judged: Judgement, client_for) -> None:
    rows = read_csv(client_for(cast.lead).get(url("export_csv", cast)))

    vision = next(row for row in rows if row[1] == judged.aspect.title)
    assert vision[0] == "Leadership and Vision"
    assert vision[2] == "3"
    assert vision[3] == "Yes"
    assert vision[4] == '\'=HYPERLINK("http://evil.test")'  # never runs as a formula
    assert vision[7] == "Curriculum map"
    assert vision[8] == "Theo Teacher"
    unjudged = rows[-1]
    assert unjudged[2:4] == ["", "No"]


def test_xlsx_holds_the_same_rows(cast: Cast, judged: Judgement, client_for) -> None:
    response = client_for(cast.governor).get(url("export_xlsx", cast))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("Dimension", "Aspect", "Level")
    assert len(rows) == 28
    vision = next(row for row in rows if row[1] == judged.aspect.title)
    assert vision[2] == 3
    assert vision[4].startswith("'=")
    assert vision[7] == "Curriculum map"


def test_a_school_that_has_not_started_exports_blank_rows(cast: Cast, framework: Framework, client_for) -> None:
    rows = read_csv(client_for(cast.lead).get(url("export_csv", cast)))

    assert len(rows) == 28
    assert {row[3] for row in rows[1:]} == {"No"}


@pytest.mark.parametrize("name", ["export_csv", "export_xlsx"])
@pytest.mark.parametrize("role", ["lead_b", "teacher_b", "outsider", "trust_lead_b", "other_advisor"])
def test_outsiders_get_404(cast: Cast, framework: Framework, client_for, name, role) -> None:
    assert client_for(getattr(cast, role)).get(url(name, cast)).status_code == 404


def test_anonymous_visitors_are_sent_to_sign_in(cast: Cast, framework: Framework, client_for) -> None:
    assert client_for(None).get(url("export_csv", cast)).status_code == 302
