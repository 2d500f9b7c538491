import csv
import datetime as dt
import io

import pytest
import time_machine
from django.urls import reverse
from pypdf import PdfReader

from uplift.frameworks.models import Framework
from uplift.qualitymark.models import Application, Award
from uplift.schools.tests.factories import SchoolFactory
from uplift.testing.cast import Cast

from .helpers import decide, make_eligible, submit

pytestmark = pytest.mark.django_db

AWARDED_AT = dt.datetime(2027, 3, 15, 10, tzinfo=dt.UTC)


@pytest.fixture
def awarded(cast: Cast, eligible: Cast) -> Award:
    with time_machine.travel(AWARDED_AT, tick=False):
        decide(submit(cast.school_a, cast.lead, consent=True))
    return Award.objects.get(school=cast.school_a)


def award_for(school, *, consent: bool, by, framework: Framework) -> Award:
    make_eligible(school, by, framework)
    application = submit(school, by, consent=consent)
    decide(application)
    return Award.objects.get(application=application)


def test_verification_confirms_an_award_and_reveals_nothing_else(cast: Cast, awarded: Award, client) -> None:
    with time_machine.travel(AWARDED_AT + dt.timedelta(days=10)):
        response = client.get(reverse("qualitymark:verify", args=[awarded.number.lower()]))

    page = response.content.decode()
    assert response.status_code == 200
    assert "This Quality Mark is genuine and current" in page
    assert "Brookside Primary School" in page
    assert "15 March 2027" in page and "14 March 2030" in page
    for secret in (str(cast.school_a.urn), cast.school_a.postcode, cast.lead.email, "We have come a long way"):
        assert secret not in page
    assert "Where we are" not in page


def test_verification_says_when_an_award_has_expired_or_is_unknown(cast: Cast, awarded: Award, client) -> None:
    with time_machine.travel(dt.datetime(2030, 6, 1, tzinfo=dt.UTC)):
        expired = client.get(reverse("qualitymark:verify", args=[awarded.number])).content.decode()
    unknown = client.get(reverse("qualitymark:verify", args=["UQM-NOPE-NOPE"]))

    assert "no longer valid" in expired and "expired" in expired
    assert unknown.status_code == 404
    assert "could not find that Quality Mark" in unknown.content.decode()


def test_register_lists_only_current_holders_who_consented(cast: Cast, small: Framework, awarded: Award, client):
    private = award_for(cast.school_b, consent=False, by=cast.lead_b, framework=small)
    revoked_school = SchoolFactory(name="Revoked Junior School", town="Leeds")
    revoked = Award.objects.create(
        application=Application.objects.create(
            school=revoked_school, statement="x", due_by=AWARDED_AT, consent_to_publish=True, status="awarded"
        ),
        school=revoked_school,
        school_name=revoked_school.name,
        number="UQM-REVO-KED2",
        awarded_on=dt.date(2027, 1, 1),
        expires_on=dt.date(2029, 12, 31),
        revoked_at=AWARDED_AT,
    )

    with time_machine.travel(AWARDED_AT + dt.timedelta(days=30)):
        page = client.get(reverse("qualitymark:register")).content.decode()
        rows = list(
            csv.reader(io.StringIO(client.get(reverse("qualitymark:register_csv")).content.decode("utf-8-sig")))
        )
    with time_machine.travel(dt.datetime(2030, 6, 1, tzinfo=dt.UTC)):
        after_expiry = client.get(reverse("qualitymark:register")).content.decode()

    assert "Brookside Primary School" in page and "Preston" in page and "North West" in page
    assert "15 March 2027" in page and "14 March 2030" in page
    assert private.school_name not in page
    assert revoked.school_name not in page
    assert rows[0][:5] == ["School", "Town", "Region", "Awarded on", "Expires on"]
    assert [row[0] for row in rows[1:]] == ["Brookside Primary School"]
    assert rows[1][3:5] == ["2027-03-15", "2030-03-14"]
    assert "Brookside Primary School" not in after_expiry


def test_register_search_by_name_town_or_region(cast: Cast, awarded: Award, client) -> None:
    with time_machine.travel(AWARDED_AT + dt.timedelta(days=1)):
        for query in ("brookside", "Preston", "north west"):
            assert "Brookside Primary School" in client.get(reverse("qualitymark:register"), {"q": query}).text
        assert "Brookside Primary School" not in client.get(reverse("qualitymark:register"), {"q": "Leeds"}).text
        csv_rows = client.get(reverse("qualitymark:register_csv"), {"q": "Leeds"}).content.decode().splitlines()
    assert len(csv_rows) == 1


def test_the_school_downloads_its_certificate(cast: Cast, awarded: Award, client_for) -> None:
    with time_machine.travel(AWARDED_AT + dt.timedelta(days=1)):
        page = client_for(cast.governor).get(reverse("qualitymark:school", args=[cast.school_a.urn])).text
        response = client_for(cast.governor).get(reverse("qualitymark:certificate", args=[cast.school_a.urn]))

    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages)
    assert "Quality Mark awarded" in page
    assert response["Content-Type"] == "application/pdf"
    assert "Brookside Primary School" in text
    assert awarded.number in text
    assert f"/quality-mark/verify/{awarded.number}/" in text


def test_no_certificate_without_a_current_award(cast: Cast, eligible: Cast, client_for) -> None:
    submit(cast.school_a, cast.lead)

    assert client_for(cast.lead).get(reverse("qualitymark:certificate", args=[cast.school_a.urn])).status_code == 404


def test_the_register_map_places_each_holder_inside_england(cast: Cast, awarded: Award, client) -> None:
    from uplift.qualitymark.england_map import point

    with time_machine.travel(AWARDED_AT + dt.timedelta(days=1)):
        page = client.get(reverse("qualitymark:register")).content.decode()

    preston = point(cast.school_a.easting, cast.school_a.northing, "x")
    assert "Map of England with 1 Quality Mark school;" in page
    assert f'cx="{preston.x}" cy="{preston.y}"' in page
    assert "<title>Brookside Primary School, Preston</title>" in page
    assert point(None, 100, "x") is None and point(900000, 100000, "x") is None


def test_the_lookup_form_goes_to_the_awards_page_or_says_clearly_it_was_not_found(awarded: Award, client) -> None:
    url = reverse("qualitymark:verify_lookup")
    typed = awarded.number.lower().replace("-", " ")  # as someone might type it off the certificate

    assert client.get(url).status_code == 200
    found = client.get(url, {"number": typed})
    blank = client.get(url, {"number": ""})
    missing = client.get(url, {"number": "UQM-NOPE-NOPE"})

    assert found.status_code == 302 and found["Location"] == reverse("qualitymark:verify", args=[awarded.number])
    assert blank.status_code == 400 and "There is a problem" in blank.text and "Enter the award number" in blank.text
    assert missing.status_code == 404
    assert "No Quality Mark has the number UQM-NOPE-NOPE" in missing.text and 'href="#id_number"' in missing.text
    assert reverse("qualitymark:verify_lookup") in client.get(reverse("qualitymark:register")).text


def test_the_badge_on_the_school_page_links_to_the_verification_page(cast: Cast, awarded: Award, client_for) -> None:
    page = client_for(cast.lead).get(reverse("qualitymark:school", args=[cast.school_a.urn])).text
    verify = reverse("qualitymark:verify", args=[awarded.number])
    badge = reverse("qualitymark:badge", args=[awarded.number])

    assert f'<a href="{verify}"><img src="{badge}"' in page
