"""Action services: the plan's rules, and optimistic concurrency."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from uplift.actions.models import Action
from uplift.actions.services import ActionDraft, action_create, action_set_status, action_update
from uplift.frameworks.models import Aspect, Dimension
from uplift.lib.versioning import StaleEdit

TODAY = timezone.localdate


def dims(framework, slug):
    return Dimension.objects.get(framework=framework, slug=slug)


def make(cast, framework, **extra):
    values = {
        "school": cast.school_a,
        "title": "Map KS2 units",
        "owner": cast.teacher,
        "due_date": TODAY() + dt.timedelta(days=14),
        "dimension": dims(framework, "curriculum"),
        "aspect": Aspect.objects.get(framework=framework, slug="curriculum-1"),
        "by": cast.lead,
    } | extra
    return action_create(**values)


def test_create_saves_the_action(cast, framework):
    action = make(cast, framework, cpd_topic="subject-leadership", detail="  With the KS2 team ")
    action.refresh_from_db()
    assert (action.school, action.owner, action.status, action.version) == (cast.school_a, cast.teacher, "planned", 1)
    assert (action.detail, action.cpd_topic, action.created_by) == (
        "With the KS2 team",
        "subject-leadership",
        cast.lead,
    )


@pytest.mark.parametrize("person", ["lead_b", "outsider", "trust_lead", "advisor"])
def test_owner_must_be_a_member_of_this_school(cast, framework, person):
    with pytest.raises(ValidationError) as excinfo:
        make(cast, framework, owner=getattr(cast, person))
    assert "owner" in excinfo.value.message_dict
    assert not Action.objects.exists()


def test_a_governor_may_own_an_action(cast, framework):
    assert make(cast, framework, owner=cast.governor).owner == cast.governor


def test_due_date_may_not_be_in_the_past_on_create(cast, framework):
    with pytest.raises(ValidationError) as excinfo:
        make(cast, framework, due_date=TODAY() - dt.timedelta(days=1))
    assert "due_date" in excinfo.value.message_dict
    assert make(cast, framework, due_date=TODAY()).due_date == TODAY()


def test_aspect_must_belong_to_the_dimension(cast, framework):
    with pytest.raises(ValidationError) as excinfo:
        make(cast, framework, dimension=dims(framework, "leadership"))
    assert "aspect" in excinfo.value.message_dict


def test_cpd_topic_must_be_the_frameworks(cast, framework):
    with pytest.raises(ValidationError) as excinfo:
        make(cast, framework, cpd_topic="made-up")
    assert "cpd_topic" in excinfo.value.message_dict


def test_update_bumps_the_version_and_records_who(cast, framework):
    action = make(cast, framework)
    draft = ActionDraft(**{**ActionDraft.of(action).__dict__, "title": "Map all units", "status": "done"})
    updated = action_update(action=action, draft=draft, expected_version=1, by=cast.head)
    updated.refresh_from_db()
    assert (updated.title, updated.version, updated.updated_by) == ("Map all units", 2, cast.head)
    assert updated.completed_at is not None


def test_stale_update_raises_conflict_with_both_versions_and_saves_nothing(cast, framework):
    action = make(cast, framework)
    mine = ActionDraft(**{**ActionDraft.of(action).__dict__, "title": "Mine"})
    theirs = ActionDraft(**{**ActionDraft.of(action).__dict__, "title": "Theirs"})
    action_update(action=action, draft=theirs, expected_version=1, by=cast.head)
    with pytest.raises(StaleEdit) as excinfo:
        action_update(action=action, draft=mine, expected_version=1, by=cast.teacher)
    assert excinfo.value.theirs.title == "Theirs" and excinfo.value.theirs.version == 2
    assert excinfo.value.yours.title == "Mine"
    action.refresh_from_db()
    assert (action.title, action.version) == ("Theirs", 2)


def test_edit_may_keep_a_past_due_date_but_not_move_to_another(cast, framework):
    action = make(cast, framework)
    Action.objects.filter(pk=action.pk).update(due_date=TODAY() - dt.timedelta(days=5))
    action.refresh_from_db()
    kept = action_update(
        action=action,
        draft=ActionDraft(**{**ActionDraft.of(action).__dict__, "title": "x"}),
        expected_version=1,
        by=cast.lead,
    )
    assert kept.due_date == TODAY() - dt.timedelta(days=5)
    with pytest.raises(ValidationError):
        action_update(
            action=kept,
            draft=ActionDraft(**{**ActionDraft.of(kept).__dict__, "due_date": TODAY() - dt.timedelta(days=1)}),
            expected_version=2,
            by=cast.lead,
        )


def test_status_change_keeps_an_owner_who_has_left(cast, framework):
    action = make(cast, framework)
    cast.teacher.school_memberships.all().delete()
    done = action_set_status(action=action, status="done", expected_version=1, by=cast.lead)
    assert (done.status, done.owner, done.version) == ("done", cast.teacher, 2)
