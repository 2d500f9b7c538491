import datetime as dt
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from uplift.actions.models import ActionStatus
from uplift.actions.tests.factories import ActionFactory
from uplift.assessments.tests.profile_data import assess, clear_averages_cache  # noqa: F401 - autouse fixture
from uplift.frameworks.models import Dimension, Framework
from uplift.testing.cast import Cast

pytestmark = pytest.mark.django_db


def report_url(cast: Cast) -> str:
    return reverse("assessments:report_pdf", args=[cast.school_a.urn])


def pdf_text(content: bytes) -> str:
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)
    return " ".join(text.split())


def test_the_report_holds_the_profile_strengths_areas_and_open_actions(
    cast: Cast, framework: Framework, client_for
) -> None:
    assess(cast.school_a, framework, level=3, dimensions={"careers": 5}, aspects={"leadership-vision": 1})
    careers = Dimension.objects.get(framework=framework, slug="careers")
    today = timezone.localdate()
    ActionFactory(
        school=cast.school_a, owner=cast.teacher, dimension=careers, title="Invite an engineer to talk", due_date=today
    )
    ActionFactory(
        school=cast.school_a,
        owner=cast.lead,
        dimension=careers,
        title="Run a careers fair",
        status=ActionStatus.IN_PROGRESS,
        due_date=today + dt.timedelta(days=3),
    )
    ActionFactory(
        school=cast.school_a, owner=cast.lead, dimension=careers, title="Finished already", status=ActionStatus.DONE
    )

    response = client_for(cast.governor).get(report_url(cast))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    assert "Computing quality report" in text
    assert "Brookside Primary School" in text
    assert f"Prepared on {today:%-d %B %Y}" in text
    assert "Levels by dimension" in text
    assert "Leadership and Vision" in text
    strengths = text[text.index("Strengths") : text.index("Areas for development")]
    assert "Careers Education: level 5" in strengths
    areas = text[text.index("Areas for development") :]
    assert "Shared vision for computing" in areas
    actions = text[text.index("Open actions") :]
    assert actions.index("Invite an engineer to talk") < actions.index("Run a careers fair")
    assert "Theo Teacher" in actions
    assert "Finished already" not in text


def test_a_school_that_has_not_started_still_gets_a_report(cast: Cast, framework: Framework, client_for) -> None:
    response = client_for(cast.head).get(report_url(cast))

    text = pdf_text(response.content)
    assert response.status_code == 200
    assert "no planned or in-progress actions" in text
    assert "27 aspects still to judge" in text


@pytest.mark.parametrize("role", ["trust_lead", "advisor", "manager"])
def test_trust_and_programme_staff_in_scope_may_read_the_report(cast: Cast, framework, client_for, role) -> None:
    assert client_for(getattr(cast, role)).get(report_url(cast)).status_code == 200


@pytest.mark.parametrize("role", ["lead_b", "teacher_b", "outsider", "trust_lead_b", "other_advisor", "hub_lead_b"])
def test_outsiders_get_404(cast: Cast, framework: Framework, client_for, role) -> None:
    assert client_for(getattr(cast, role)).get(report_url(cast)).status_code == 404
