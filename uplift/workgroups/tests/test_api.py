"""The workgroups API: a cluster's workgroups for its readers; published outputs for everyone signed in."""

from __future__ import annotations

import datetime as dt

import pytest

from uplift.clusters.tests.factories import live_cluster
from uplift.workgroups import services
from uplift.workgroups.models import Stage, Visibility

pytestmark = pytest.mark.django_db


def test_cluster_workgroups_and_published_outputs(cast, client_for, framework) -> None:
    cluster = live_cluster(cast)
    workgroup = services.workgroup_create(cluster=cluster, name="Programming", members=[cast.teacher], by=cast.advisor)
    meeting = services.meeting_create(
        workgroup=workgroup, held_on=dt.date.today(), stage=Stage.REFLECT, attendees=[cast.teacher], by=cast.teacher
    )
    output = services.output_create(meeting=meeting, title="Unit plan", description="Six lessons", by=cast.teacher)
    body = client_for(cast.lead).get(f"/api/v1/workgroups/clusters/{cluster.pk}/workgroups").json()
    assert body[0]["name"] == "Programming"
    assert body[0]["members"] == [{"name": cast.teacher.full_name, "school_urn": cast.school_a.urn}]
    assert body[0]["meetings"][0]["stage"] == "reflect"
    assert body[0]["meetings"][0]["outputs"][0]["visibility"] == "cluster"
    assert client_for(cast.outsider).get(f"/api/v1/workgroups/clusters/{cluster.pk}/workgroups").status_code == 404
    assert client_for(cast.outsider).get("/api/v1/workgroups/outputs").json() == []
    services.output_set_visibility(output=output, visibility=Visibility.PUBLISHED, by=cast.advisor)
    published = client_for(cast.outsider).get("/api/v1/workgroups/outputs").json()
    assert [(o["title"], o["cluster"]) for o in published] == [("Unit plan", cluster.name)]
