"""Factories for drop-ins: a CPD topic of the current framework (made small if none is loaded), drop-ins
and bookings."""

from __future__ import annotations

import datetime as dt

import factory
from django.utils import timezone

from uplift.dropins.models import Booking, DropIn, DropInMode
from uplift.frameworks.models import CpdTopic, Dimension, Framework


def current_framework() -> Framework:
    """The current framework, or a tiny one (one dimension, one CPD topic) when none is loaded."""
    framework = Framework.objects.current()
    if framework is None:
        framework = Framework.objects.create(
            slug="tiny",
            version=1,
            title="Tiny framework",
            published_on=dt.date(2026, 1, 1),
            threshold_level=4,
            is_current=True,
        )
        Dimension.objects.create(framework=framework, slug="curriculum", title="Curriculum", summary="", order=1)
        CpdTopic.objects.create(framework=framework, slug="primm", title="PRIMM in the classroom")
    return framework


def cpd_topic() -> CpdTopic:
    framework = current_framework()
    topic = CpdTopic.objects.filter(framework=framework).order_by("pk").first()
    return topic or CpdTopic.objects.create(framework=framework, slug="primm", title="PRIMM in the classroom")


class DropInFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DropIn

    topic = factory.LazyFunction(cpd_topic)
    title = factory.Sequence(lambda n: f"Putting PRIMM into practice {n}")
    starts_at = factory.LazyFunction(lambda: timezone.now() + dt.timedelta(days=7))
    duration_minutes = 60
    mode = DropInMode.ONLINE
    joining_link = "https://meet.example.test/primm"
    capacity = 20


class BookingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Booking

    dropin = factory.SubFactory(DropInFactory)
