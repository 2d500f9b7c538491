"""Workgroup pages through the client: creating with members, logging a meeting and an output,
publishing, and who sees a published output."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from uplift.clusters.tests.factories import live_cluster
from uplift.lib.versioning import STALE_MESSAGE
from uplift.workgroups.models import Meeting, Output, Visibility, Workgroup

pytestmark = pytest.mark.django_db


def test_the_cycle_through_the_pages(cast, client_for, framework) -> None:
    cluster = live_cluster(cast)
    advisor = client_for(cast.advisor)
    bad = advisor.post(reverse("workgroups:create", args=[cluster.pk]), {"name": "", "members": [cast.teacher_b.pk]})
    assert bad.status_code == 200 and "There is a problem" in bad.text and "Enter a name for the workgroup" in bad.text
    response = advisor.post(
        reverse("workgroups:create", args=[cluster.pk]),
        {"name": "Programming", "dimension_slug": "teaching", "members": [cast.teacher.pk]},
    )
    workgroup = Workgroup.objects.get()
    assert response.status_code == 302 and response.url == reverse("workgroups:detail", args=[workgroup.pk])
    detail = advisor.get(response.url).text
    assert cast.teacher.full_name in detail
    assert "is in this workgroup yet" in detail  # the other two schools have nobody

    # The workgroup's teacher logs a meeting and adds an output; the advisor publishes it.
    teacher = client_for(cast.teacher)
    response = teacher.post(
        reverse("workgroups:meeting_create", args=[workgroup.pk]),
        {"held_on": dt.date.today().isoformat(), "stage": "plan", "attendees": [cast.teacher.pk], "notes": "Agreed."},
    )
    meeting = Meeting.objects.get()
    assert response.status_code == 302 and meeting.created_by == cast.teacher
    response = teacher.post(
        reverse("workgroups:output_create", args=[meeting.pk]),
        {"title": "Unit plan", "description": "Six lessons", "link": "https://example.org/unit"},
    )
    output = Output.objects.get()
    assert response.status_code == 302 and output.visibility == Visibility.CLUSTER
    # Before publishing, an outsider gets 404; the teacher may not publish (403).
    assert client_for(cast.outsider).get(reverse("workgroups:output", args=[output.pk])).status_code == 404
    publish = reverse("workgroups:output_visibility", args=[output.pk])
    assert client_for(cast.teacher).post(publish, {"visibility": "published"}).status_code == 403
    assert client_for(cast.advisor).post(publish, {"visibility": "published"}).status_code == 302
    output.refresh_from_db()
    assert output.is_published
    # Published: every signed-in person sees it, and in the list of published outputs.
    assert client_for(cast.outsider).get(reverse("workgroups:output", args=[output.pk])).status_code == 200
    assert "Unit plan" in client_for(cast.outsider).get(reverse("workgroups:published")).text
    assert client_for(None).get(reverse("workgroups:output", args=[output.pk])).status_code == 302
    listing = client_for(cast.lead).get(reverse("workgroups:cluster_outputs", args=[cluster.pk])).text
    assert "Unit plan" in listing and "Published" in listing


def test_only_members_of_the_workgroup_may_log_its_meetings(cast, client_for, framework) -> None:
    cluster = live_cluster(cast)
    workgroup = Workgroup.objects.create(cluster=cluster, name="Programming")
    url = reverse("workgroups:meeting_create", args=[workgroup.pk])
    assert client_for(cast.teacher).get(url).status_code == 403
    assert client_for(cast.lead).get(reverse("workgroups:detail", args=[workgroup.pk])).status_code == 200
    assert client_for(cast.teacher_b).get(reverse("workgroups:detail", args=[workgroup.pk])).status_code == 404


def test_a_stale_meeting_edit_is_refused_then_saved_on_purpose(cast, client_for, framework) -> None:
    cluster = live_cluster(cast)
    workgroup = Workgroup.objects.create(cluster=cluster, name="Programming")
    meeting = Meeting.objects.create(workgroup=workgroup, held_on=dt.date.today(), stage="plan", notes="First")
    url = reverse("workgroups:meeting_edit", args=[meeting.pk])
    Meeting.objects.filter(pk=meeting.pk).update(notes="Someone else's", version=2)
    data = {"held_on": dt.date.today().isoformat(), "stage": "reflect", "notes": "Mine", "version": 1}
    client = client_for(cast.advisor)
    refused = client.post(url, data)
    assert refused.status_code == 200 and STALE_MESSAGE in refused.text
    meeting.refresh_from_db()
    assert meeting.notes == "Someone else's"
    assert 'name="version" value="2"' in refused.text  # saving again keeps theirs, knowingly
    assert client.post(url, {**data, "version": 2}).status_code == 302
    meeting.refresh_from_db()
    assert meeting.notes == "Mine" and meeting.stage == "reflect" and meeting.version == 3


def test_every_form_cancels_back_to_where_it_came_from(cast, client_for, framework) -> None:
    cluster = live_cluster(cast)
    workgroup = Workgroup.objects.create(cluster=cluster, name="Programming")
    meeting = Meeting.objects.create(workgroup=workgroup, held_on=dt.date.today(), stage="plan")
    advisor = client_for(cast.advisor)
    for url, back in [
        (reverse("workgroups:create", args=[cluster.pk]), reverse("workgroups:cluster", args=[cluster.pk])),
        (reverse("workgroups:edit", args=[workgroup.pk]), reverse("workgroups:detail", args=[workgroup.pk])),
        (reverse("workgroups:meeting_create", args=[workgroup.pk]), reverse("workgroups:detail", args=[workgroup.pk])),
        (reverse("workgroups:meeting_edit", args=[meeting.pk]), reverse("workgroups:meeting", args=[meeting.pk])),
        (reverse("workgroups:output_create", args=[meeting.pk]), reverse("workgroups:meeting", args=[meeting.pk])),
    ]:
        page = advisor.get(url).text
        assert f'href="{back}">Cancel</a>' in page, url
