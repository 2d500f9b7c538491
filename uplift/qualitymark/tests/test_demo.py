import datetime as dt

import pytest
from django.utils import timezone

from uplift.frameworks.models import Framework
from uplift.pages.demo import build_demo_world
from uplift.qualitymark.demo import seed_demo_quality_mark
from uplift.qualitymark.models import Application, ApplicationStatus, Award

pytestmark = pytest.mark.django_db


def test_the_demo_has_two_assessors_and_an_application_in_each_state(framework: Framework) -> None:
    world = build_demo_world()  # seeds the Quality Mark applications itself

    made = list(Application.objects.order_by("pk"))
    again = seed_demo_quality_mark(schools=world.schools, home_school=world.home_school)

    statuses = [application.status for application in made]
    assert statuses == [
        ApplicationStatus.SUBMITTED,
        ApplicationStatus.IN_REVIEW,
        ApplicationStatus.MODERATION,
        ApplicationStatus.NOT_YET,
        ApplicationStatus.AWARDED,
        ApplicationStatus.AWARDED,
    ]
    assert again == []
    assert len({a.assessor_id for a in made if a.assessor_id}) == 2
    assert made[0].assessor is None
    assert made[1].is_overdue and not made[0].is_overdue  # the queue shows the service level flag
    assert made[2].moderator is not None and made[2].moderator != made[2].assessor
    assert made[3].reviews.filter(outcome="not_yet").count() == 2
    expiring = Award.objects.get(application=made[5])
    assert dt.timedelta(days=50) < expiring.expires_on - timezone.localdate() < dt.timedelta(days=70)
    assert Application.objects.count() == 6
