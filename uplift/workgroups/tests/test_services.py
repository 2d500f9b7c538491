"""Workgroup writes: members from the cluster's schools (at most 2 each), meetings, outputs, publishing."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from uplift.accounts.models import SchoolRole
from uplift.accounts.tests.factories import SchoolMembershipFactory, UserFactory
from uplift.clusters.tests.factories import live_cluster
from uplift.lib.versioning import StaleEdit
from uplift.workgroups import selectors, services
from uplift.workgroups.models import Stage, Visibility

pytestmark = pytest.mark.django_db


def _teacher(school):
    user = UserFactory()
    SchoolMembershipFactory(user=user, school=school, role=SchoolRole.TEACHER)
    return user


def test_members_must_be_staff_of_member_schools(cast, framework) -> None:
    cluster = live_cluster(cast)
    with pytest.raises(ValidationError) as error:
        services.workgroup_create(cluster=cluster, name="Programming", members=[cast.teacher_b], by=cast.advisor)
    assert "staff of the cluster's schools" in error.value.message_dict["members"][0]
    with pytest.raises(ValidationError):  # a governor is not staff
        services.workgroup_create(cluster=cluster, name="Programming", members=[cast.governor], by=cast.advisor)
    workgroup = services.workgroup_create(
        cluster=cluster, name="Programming", dimension_slug="teaching", members=[cast.teacher], by=cast.advisor
    )
    assert [m.user for m in workgroup.members.all()] == [cast.teacher]
    assert workgroup.members.get().school == cast.school_a


def test_at_most_two_per_school_and_unique_names(cast, framework) -> None:
    cluster = live_cluster(cast)
    with pytest.raises(ValidationError, match="at most 2"):
        services.workgroup_create(
            cluster=cluster, name="Programming", members=[cast.teacher, cast.lead, cast.head], by=cast.advisor
        )
    services.workgroup_create(cluster=cluster, name="Programming", members=[cast.teacher], by=cast.advisor)
    with pytest.raises(ValidationError, match="already has a workgroup"):
        services.workgroup_create(cluster=cluster, name="programming", by=cast.advisor)
    with pytest.raises(ValidationError, match="dimension"):
        services.workgroup_create(cluster=cluster, name="Other", dimension_slug="nope", by=cast.advisor)


def test_schools_without_members_are_a_warning_not_an_error(cast, framework) -> None:
    cluster = live_cluster(cast)
    workgroup = services.workgroup_create(cluster=cluster, name="Programming", members=[cast.teacher], by=cast.advisor)
    missing = selectors.schools_without_members(workgroup)
    assert len(missing) == 2 and cast.school_a not in missing
    others = [m.school for m in cluster.members.exclude(school=cast.school_a)]
    updated = services.workgroup_update(
        workgroup=workgroup,
        name="Programming",
        dimension_slug="",
        members=[cast.teacher, *(_teacher(school) for school in others)],
        expected_version=workgroup.version,
        by=cast.advisor,
    )
    assert selectors.schools_without_members(updated) == [] and updated.members.count() == 3
    with pytest.raises(StaleEdit):
        services.workgroup_update(
            workgroup=workgroup, name="X", dimension_slug="", members=[], expected_version=1, by=cast.advisor
        )


def test_meetings_attendees_and_outputs(cast, framework) -> None:
    cluster = live_cluster(cast)
    workgroup = services.workgroup_create(cluster=cluster, name="Programming", members=[cast.teacher], by=cast.advisor)
    with pytest.raises(ValidationError) as error:
        services.meeting_create(
            workgroup=workgroup, held_on=dt.date.today(), stage="brainstorm", attendees=[cast.lead], by=cast.advisor
        )
    assert set(error.value.message_dict) == {"stage", "attendees"}
    meeting = services.meeting_create(
        workgroup=workgroup,
        held_on=dt.date.today(),
        stage=Stage.IMPLEMENT,
        attendees=[cast.teacher],
        notes=" Taught it. ",
        by=cast.teacher,
    )
    assert meeting.notes == "Taught it." and list(meeting.attendees.all()) == [cast.teacher]
    with pytest.raises(StaleEdit):
        services.meeting_update(
            meeting=meeting,
            held_on=meeting.held_on,
            stage=Stage.REFLECT,
            attendees=[],
            notes="",
            expected_version=0,
            by=cast.advisor,
        )
    with pytest.raises(ValidationError) as error:
        services.output_create(meeting=meeting, title=" ", description="", link="ftp://x", by=cast.teacher)
    assert set(error.value.message_dict) == {"title", "description", "link"}
    output = services.output_create(
        meeting=meeting, title="Unit plan", description="Six lessons", link="https://example.org/u", by=cast.teacher
    )
    assert output.visibility == Visibility.CLUSTER and not selectors.published_outputs().exists()
    published = services.output_set_visibility(output=output, visibility=Visibility.PUBLISHED, by=cast.advisor)
    assert published.published_at and published.published_by == cast.advisor
    assert list(selectors.published_outputs()) == [published]
    assert list(selectors.published_outputs(query="six")) == [published]
    back = services.output_set_visibility(output=output, visibility=Visibility.CLUSTER, by=cast.advisor)
    assert back.published_at is None and not selectors.published_outputs().exists()
    usage = selectors.workgroup_usage(cluster)
    assert usage.used == 1 and usage.unit == "meeting" and "1 output, 0 published" in usage.detail
