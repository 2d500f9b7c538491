import json

import pytest
from django.test import override_settings

from uplift.qualitymark.models import ApplicationStatus, Award
from uplift.testing.cast import Cast

from .helpers import decide, make_eligible, make_experienced, new_assessor, review_all, submit

pytestmark = pytest.mark.django_db

BASE = "/api/v1/quality-mark"


def test_register_and_verification_are_open_and_show_only_public_facts(cast: Cast, eligible: Cast, client) -> None:
    decide(submit(cast.school_a, cast.lead, consent=True))
    award = Award.objects.get()

    register = client.get(f"{BASE}/register").json()
    verified = client.get(f"{BASE}/verify/{award.number.lower()}").json()

    assert register == [
        {
            "school": "Brookside Primary School",
            "town": "Preston",
            "region": "North West",
            "awarded_on": award.awarded_on.isoformat(),
            "expires_on": award.expires_on.isoformat(),
            "number": award.number,
        }
    ]
    assert verified == {
        "number": award.number,
        "school": "Brookside Primary School",
        "awarded_on": award.awarded_on.isoformat(),
        "expires_on": award.expires_on.isoformat(),
        "status": "current",
    }
    assert client.get(f"{BASE}/verify/UQM-NOPE-NOPE").status_code == 404


def test_register_leaves_out_schools_that_did_not_consent(cast: Cast, eligible: Cast, client) -> None:
    decide(submit(cast.school_a, cast.lead, consent=False))

    assert client.get(f"{BASE}/register").json() == []


def test_an_assessor_lists_only_their_applications_and_a_manager_all(cast: Cast, small, eligible: Cast, client_for):
    mine = submit(cast.school_a, cast.lead)
    new_assessor("bea@example.test", "Bea Assessor")
    make_eligible(cast.school_b, cast.lead_b, small)
    submit(cast.school_b, cast.lead_b)

    assert [a["id"] for a in client_for(cast.assessor).get(f"{BASE}/applications").json()] == [mine.pk]
    assert len(client_for(cast.manager).get(f"{BASE}/applications").json()) == 2
    assert client_for(cast.lead).get(f"{BASE}/applications").status_code == 404


@override_settings(QUALITY_MARK_MODERATION_SHARE=0)
def test_the_assessor_reviews_and_decides_through_the_api(cast: Cast, eligible: Cast, client_for) -> None:
    make_experienced(cast.assessor)
    application = submit(cast.school_a, cast.lead)
    client = client_for(cast.assessor)
    first = application.aspects[0]["slug"]

    refused = client.put(
        f"{BASE}/applications/{application.pk}/aspects/{first}",
        json.dumps({"outcome": "not_yet"}),
        content_type="application/json",
    )
    recorded = client.put(
        f"{BASE}/applications/{application.pk}/aspects/{first}",
        json.dumps({"outcome": "meets", "comment": "Clear"}),
        content_type="application/json",
    )
    review_all(application)
    decided = client.post(f"{BASE}/applications/{application.pk}/decision", "{}", content_type="application/json")

    assert refused.status_code == 409
    assert recorded.json()["aspects"][0] == {
        "slug": first,
        "title": application.aspects[0]["title"],
        "level": 4,
        "to_review": True,
        "outcome": "meets",
        "comment": "Clear",
    }
    assert decided.json()["status"] == ApplicationStatus.AWARDED
    assert decided.json()["award_number"] == Award.objects.get().number


def test_moderation_is_read_and_recorded_through_the_api(cast: Cast, eligible: Cast, client_for) -> None:
    moderator = new_assessor("moderator@example.test", "Mo Moderator")
    application = submit(cast.school_a, cast.lead)
    review_all(application)
    decided = client_for(cast.assessor).post(
        f"{BASE}/applications/{application.pk}/decision",
        json.dumps({"summary": "Fine"}),
        content_type="application/json",
    )
    assert decided.json()["status"] == ApplicationStatus.MODERATION  # the assessor's first decision

    listed = client_for(moderator).get(f"{BASE}/applications").json()
    disagree = client_for(moderator).post(
        f"{BASE}/applications/{application.pk}/moderation",
        json.dumps({"agrees": False, "comment": "Too generous on aspect 1."}),
        content_type="application/json",
    )
    by_assessor = client_for(cast.assessor).post(
        f"{BASE}/applications/{application.pk}/resolution",
        json.dumps({"release": True}),
        content_type="application/json",
    )
    settled = client_for(cast.manager).post(
        f"{BASE}/applications/{application.pk}/resolution",
        json.dumps({"release": True, "note": "Within the standard."}),
        content_type="application/json",
    )

    assert [row["id"] for row in listed] == [application.pk] and listed[0]["moderator"] == "Mo Moderator"
    assert disagree.status_code == 200
    assert disagree.json()["moderation"] == {
        **disagree.json()["moderation"],
        "proposed_outcome": "awarded",
        "moderator": "Mo Moderator",
        "agrees": False,
        "comment": "Too generous on aspect 1.",
        "done": False,
    }
    assert by_assessor.status_code == 403
    assert settled.status_code == 200 and settled.json()["status"] == "awarded"
    actions = [event["action"] for event in settled.json()["audit"]]
    assert actions[:2] == ["submitted", "allocated"] and actions[-4:] == ["moderated", "resolved", "decided", "awarded"]
