import pytest
from django.urls import reverse

from uplift.accounts.models import ProgrammeMembership, SchoolRole
from uplift.accounts.tests.factories import SchoolMembershipFactory, TrustMembershipFactory
from uplift.qualitymark.models import Application, ApplicationStatus, AuditAction
from uplift.qualitymark.services import ApplicationError, application_allocate, application_reassign
from uplift.schools.tests.factories import SchoolFactory
from uplift.testing.cast import Cast

from .helpers import make_eligible, new_assessor, submit

pytestmark = pytest.mark.django_db


@pytest.fixture
def conflicted(eligible: Cast) -> list:
    """Three assessors each conflicted with school A: same school, same trust, same local authority.

    The cast's own (unconflicted) assessor is made the busiest, so a rule that only balanced workload
    would pick one of these.
    """
    cast = eligible
    same_school = new_assessor("same.school@example.test", "Aaron Sameschool")
    SchoolMembershipFactory(user=same_school, school=cast.school_a, role=SchoolRole.TEACHER)
    same_trust = new_assessor("same.trust@example.test", "Abby Sametrust")
    SchoolMembershipFactory(user=same_trust, school=SchoolFactory(trust=cast.trust_a, local_authority=cast.la_b))
    same_trust_lead = new_assessor("trust.leader@example.test", "Abe Trustlead")
    TrustMembershipFactory(user=same_trust_lead, trust=cast.trust_a)
    same_la = new_assessor("same.la@example.test", "Ali Samela")
    SchoolMembershipFactory(
        user=same_la, school=SchoolFactory(trust=None, local_authority=cast.la_a, region=cast.region_a)
    )
    return [same_school, same_trust, same_trust_lead, same_la]


def make_busy(assessor, count: int) -> None:
    for _ in range(count):
        school = SchoolFactory(trust=None, local_authority=None, region=None)
        Application.objects.create(
            school=school, statement="x", due_by="2030-01-01T00:00Z", assessor=assessor, status="allocated"
        )


def test_allocation_never_picks_an_assessor_from_the_same_school_trust_or_local_authority(
    cast: Cast, conflicted: list
) -> None:
    make_busy(cast.assessor, 3)

    application = submit(cast.school_a, cast.lead)

    assert application.assessor == cast.assessor


def test_with_only_conflicted_assessors_the_application_waits_for_a_manager(cast: Cast, conflicted: list) -> None:
    ProgrammeMembership.objects.filter(user=cast.assessor).delete()

    application = submit(cast.school_a, cast.lead)

    assert application.assessor is None
    assert application.status == ApplicationStatus.SUBMITTED
    assert not application.audit_events.filter(action=AuditAction.ALLOCATED).exists()


def test_allocation_balances_the_open_workload(cast: Cast, eligible: Cast) -> None:
    busy = cast.assessor
    light = new_assessor("light@example.test", "Zed Light")
    make_busy(busy, 2)
    make_busy(light, 1)
    # Decided work does not count as open workload.
    Application.objects.create(
        school=SchoolFactory(), statement="x", due_by="2030-01-01T00:00Z", assessor=light, status="awarded"
    )

    assert submit(cast.school_a, cast.lead).assessor == light


def test_the_lightest_unconflicted_assessor_is_chosen_for_each_new_application(cast: Cast, small) -> None:
    second = new_assessor("second@example.test", "Zoe Second")
    make_eligible(cast.school_a, cast.lead, small)
    make_eligible(cast.school_b, cast.lead_b, small)

    first = submit(cast.school_a, cast.lead)
    other = submit(cast.school_b, cast.lead_b)

    assert {first.assessor, other.assessor} == {cast.assessor, second}


def test_manager_reassigns_and_the_audit_trail_says_who(cast: Cast, eligible: Cast, client_for) -> None:
    application = submit(cast.school_a, cast.lead)
    other = new_assessor("other@example.test", "Olga Other")

    response = client_for(cast.manager).post(
        reverse("qualitymark:reassign", args=[application.pk]), {"assessor": other.pk}
    )

    application.refresh_from_db()
    assert response.status_code == 302
    assert application.assessor == other
    event = application.audit_events.get(action=AuditAction.REASSIGNED)
    assert event.by == cast.manager
    assert "Olga Other" in event.detail


def test_manager_cannot_reassign_to_a_conflicted_assessor(cast: Cast, conflicted: list, client_for) -> None:
    application = submit(cast.school_a, cast.lead)
    same_trust = conflicted[1]

    page = client_for(cast.manager).get(reverse("qualitymark:reassign", args=[application.pk])).text
    response = client_for(cast.manager).post(
        reverse("qualitymark:reassign", args=[application.pk]), {"assessor": same_trust.pk}
    )
    with pytest.raises(ApplicationError, match="belongs to the same trust"):
        application_reassign(application=application, assessor=same_trust, by=cast.manager)

    application.refresh_from_db()
    assert response.status_code == 200
    assert application.assessor == cast.assessor
    assert f'value="{same_trust.pk}"' not in page
    assert "Abby Sametrust: belongs to the same trust" in page


def test_a_manager_allocates_an_application_that_was_waiting(cast: Cast, conflicted: list) -> None:
    ProgrammeMembership.objects.filter(user=cast.assessor).delete()
    application = submit(cast.school_a, cast.lead)
    newcomer = new_assessor("newcomer@example.test", "Nina Newcomer")

    application_reassign(application=application, assessor=newcomer, by=cast.manager)

    application.refresh_from_db()
    assert application.assessor == newcomer
    assert application.status == ApplicationStatus.ALLOCATED


def test_reassigning_someone_who_is_not_an_assessor_is_refused(cast: Cast, eligible: Cast) -> None:
    application = submit(cast.school_a, cast.lead)

    with pytest.raises(ApplicationError, match="not a Quality Mark assessor"):
        application_reassign(application=application, assessor=cast.advisor, by=cast.manager)


@pytest.mark.parametrize(("role", "status"), [("assessor", 403), ("lead", 404), ("hub_lead", 404), ("outsider", 404)])
def test_only_a_manager_reassigns(cast: Cast, eligible: Cast, client_for, role: str, status: int) -> None:
    application = submit(cast.school_a, cast.lead)
    other = new_assessor("other@example.test")

    response = client_for(getattr(cast, role)).post(
        reverse("qualitymark:reassign", args=[application.pk]), {"assessor": other.pk}
    )

    application.refresh_from_db()
    assert response.status_code == status
    assert application.assessor == cast.assessor


def test_allocating_an_allocated_application_keeps_its_assessor(cast: Cast, eligible: Cast) -> None:
    application = submit(cast.school_a, cast.lead)
    new_assessor("idle@example.test")

    assert application_allocate(application=application) == cast.assessor
