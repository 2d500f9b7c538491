"""Programme managers handle the applications in their scope: a national manager (no region) all of
them, a regional manager only those of schools in their region - pages, queue and API alike."""

import pytest
from django.core import mail
from django.urls import reverse

from uplift.accounts.models import ProgrammeRole, User
from uplift.accounts.tests.factories import ProgrammeMembershipFactory, UserFactory
from uplift.frameworks.models import Framework
from uplift.qualitymark.models import Application
from uplift.qualitymark.selectors import manager_queue
from uplift.qualitymark.services import application_decide, moderation_record
from uplift.testing.cast import Cast

from .helpers import make_eligible, new_assessor, review_all, submit

pytestmark = pytest.mark.django_db


def regional_manager(email: str, region) -> User:
    user = UserFactory(email=email, full_name=email.split("@", maxsplit=1)[0].title())
    ProgrammeMembershipFactory(user=user, role=ProgrammeRole.MANAGER, region=region)
    return user


@pytest.fixture
def both(cast: Cast, small: Framework, eligible: Cast) -> tuple[Application, Application]:
    new_assessor("bea@example.test", "Bea Assessor")
    make_eligible(cast.school_b, cast.lead_b, small)
    return submit(cast.school_a, cast.lead), submit(cast.school_b, cast.lead_b)


def test_a_regional_manager_sees_and_handles_only_their_regions_applications(cast: Cast, both, client_for) -> None:
    in_a, in_b = both
    north_west = regional_manager("nw.manager@example.test", cast.region_a)
    client = client_for(north_west)

    assert list(manager_queue(user=north_west)) == [in_a]
    assert {a.pk for a in manager_queue(user=cast.manager)} == {in_a.pk, in_b.pk}  # national
    queue = client.get(reverse("qualitymark:manager_queue")).text
    assert "Brookside Primary School" in queue and "Riverside Academy" not in queue
    assert client.get(reverse("qualitymark:review", args=[in_a.pk])).status_code == 200
    assert client.get(reverse("qualitymark:reassign", args=[in_a.pk])).status_code == 200
    assert client.get(reverse("qualitymark:review", args=[in_b.pk])).status_code == 404
    assert client.get(reverse("qualitymark:reassign", args=[in_b.pk])).status_code == 404
    listed = client.get("/api/v1/quality-mark/applications").json()
    assert [row["id"] for row in listed] == [in_a.pk]
    assert client.get(f"/api/v1/quality-mark/applications/{in_b.pk}").status_code == 404


def test_a_disagreement_is_sent_to_the_managers_for_the_schools_region(
    cast: Cast, eligible: Cast, django_capture_on_commit_callbacks
) -> None:
    north_west = regional_manager("nw.manager@example.test", cast.region_a)
    london = regional_manager("london.manager@example.test", cast.region_b)
    moderator = new_assessor("moderator@example.test", "Mo Moderator")
    application = submit(cast.school_a, cast.lead)
    review_all(application)
    application = application_decide(application=application, by=cast.assessor)
    assert application.moderator == moderator  # the assessor's first decision
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        moderation_record(application=application, agrees=False, comment="Aspect 2 is thin.", by=moderator)

    to = {address for message in mail.outbox for address in message.to}
    assert to == {north_west.email, cast.manager.email}
    assert london.email not in to
    assert "Aspect 2 is thin." in mail.outbox[0].body
    assert list(manager_queue(user=north_west, status="attention")) == [application]
    assert list(manager_queue(user=london, status="attention")) == []
