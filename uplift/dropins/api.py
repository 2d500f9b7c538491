"""GET /api/v1/dropins (the upcoming schedule, any signed-in person; no joining links) and
GET /api/v1/dropins/clusters/{cluster_id} (a cluster's staff places and attendance; ``get_cluster_for_user``)."""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest
from ninja import Query, Router, Schema

from uplift.clusters.access import get_cluster_for_user
from uplift.dropins.models import Booking, DropIn
from uplift.dropins.selectors import cluster_bookings, dropin_usage, upcoming

router = Router(tags=["drop-ins"])


class DropInOut(Schema):
    id: int
    title: str
    topic: str
    topic_title: str
    starts_at: dt.datetime
    duration_minutes: int
    mode: str
    venue: str
    capacity: int
    places_left: int
    status: str

    @staticmethod
    def resolve_topic(dropin: DropIn) -> str:
        return dropin.topic.slug

    @staticmethod
    def resolve_topic_title(dropin: DropIn) -> str:
        return dropin.topic.title


class ScheduleQuery(Schema):
    topic: str = ""
    mode: str = ""


@router.get("", response=list[DropInOut], summary="Upcoming drop-ins")
def schedule(request: HttpRequest, filters: Query[ScheduleQuery]) -> list[DropIn]:
    """Soonest first; filter by CPD topic (slug) and mode (online, in_person)."""
    return upcoming(topic=filters.topic, mode=filters.mode)


class PlaceOut(Schema):
    dropin_id: int
    dropin_title: str
    starts_at: dt.datetime
    person: str
    school_urn: int
    status: str
    attended: bool | None

    @staticmethod
    def resolve_dropin_title(booking: Booking) -> str:
        return booking.dropin.title

    @staticmethod
    def resolve_starts_at(booking: Booking) -> dt.datetime:
        return booking.dropin.starts_at

    @staticmethod
    def resolve_person(booking: Booking) -> str:
        return str(booking.user)

    @staticmethod
    def resolve_school_urn(booking: Booking) -> int:
        return booking.school.urn


class ClusterDropInsOut(Schema):
    cluster_id: int
    attended: int
    detail: str
    places: list[PlaceOut]


@router.get("/clusters/{cluster_id}", response=ClusterDropInsOut, summary="A cluster's drop-in places")
def cluster_dropins(request: HttpRequest, cluster_id: int) -> dict:
    cluster = get_cluster_for_user(request.user, cluster_id)
    usage = dropin_usage(cluster)
    return {
        "cluster_id": cluster.pk,
        "attended": usage.used,
        "detail": usage.detail,
        "places": cluster_bookings(cluster),
    }
