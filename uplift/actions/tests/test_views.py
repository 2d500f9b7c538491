"""Action plan pages: access for each role, filters, exports, create from an aspect, edit conflicts."""

import csv
import datetime as dt
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from uplift.actions.models import Action
from uplift.actions.tests.factories import ActionFactory
from uplift.frameworks.models import Aspect, Dimension
from uplift.lib.versioning import STALE_MESSAGE

READERS = ["governor", "trust_lead", "advisor", "hub_lead", "manager"]
WRITERS = ["lead", "head", "teacher"]
OUTSIDERS = ["lead_b", "teacher_b", "trust_lead_b", "other_advisor", "hub_lead_b", "outsider"]
TODAY = timezone.localdate


@pytest.fixture
def plan(cast, framework):
    """Three actions at school A, one at school B."""
    curriculum = Dimension.objects.get(framework=framework, slug="curriculum")
    leadership = Dimension.objects.get(framework=framework, slug="leadership")
    return {
        "map": ActionFactory(school=cast.school_a, title="Map KS2 units", owner=cast.teacher, dimension=curriculum),
        "late": ActionFactory(
            school=cast.school_a,
            title='=HYPERLINK("evil")',
            owner=cast.lead,
            dimension=leadership,
            due_date=TODAY() - dt.timedelta(days=3),
            status="in_progress",
        ),
        "done": ActionFactory(
            school=cast.school_a,
            title="Agree vision",
            owner=cast.lead,
            dimension=leadership,
            due_date=TODAY() - dt.timedelta(days=9),
            status="done",
        ),
        "other": ActionFactory(school=cast.school_b, title="Riverside action", owner=cast.lead_b, dimension=leadership),
    }


def url(cast, name, *args, school=None):
    return reverse(f"actions:{name}", args=[(school or cast.school_a).urn, *args])


@pytest.mark.parametrize("role", READERS + WRITERS)
def test_plan_is_open_to_everyone_who_sees_the_school(cast, client_for, plan, role):
    response = client_for(getattr(cast, role)).get(url(cast, "plan"))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Map KS2 units" in page and "Riverside action" not in page
    assert ("Add an action" in page) == (role in WRITERS)


@pytest.mark.parametrize("role", OUTSIDERS)
def test_plan_and_exports_are_404_outside_the_school(cast, client_for, plan, role):
    client = client_for(getattr(cast, role))
    for name in ("plan", "export_csv", "export_xlsx", "create"):
        assert client.get(url(cast, name)).status_code == 404, name


def test_plan_counts_and_overdue_flag(cast, client_for, plan):
    response = client_for(cast.governor).get(url(cast, "plan"))
    counts = response.context["counts"]
    assert (counts.open, counts.overdue, counts.done, counts.total) == (2, 1, 1, 3)
    assert "Overdue" in response.content.decode()


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"dimension": "leadership"}, {"late", "done"}),
        ({"status": "done"}, {"done"}),
        ({"status": "open"}, {"map", "late"}),
        ({"overdue": "on"}, {"late"}),
        ({"dimension": "curriculum", "status": "done"}, set()),
        ({"dimension": "nonsense"}, {"map", "late", "done"}),
    ],
)
def test_plan_filters(cast, client_for, plan, params, expected):
    actions = client_for(cast.lead).get(url(cast, "plan"), params).context["actions"]
    assert {name for name, action in plan.items() if action in actions} == expected


def test_plan_filters_by_owner(cast, client_for, plan):
    actions = client_for(cast.lead).get(url(cast, "plan"), {"owner": cast.teacher.pk}).context["actions"]
    assert actions == [plan["map"]]


def test_plan_query_count_does_not_grow_with_actions(cast, client_for, plan, django_assert_max_num_queries):
    client = client_for(cast.lead)
    client.get(url(cast, "plan"))
    with django_assert_max_num_queries(16) as before:
        client.get(url(cast, "plan"))
    for _ in range(15):
        ActionFactory(school=cast.school_a, owner=cast.head, dimension=plan["map"].dimension)
    with django_assert_max_num_queries(len(before.captured_queries)):
        client.get(url(cast, "plan"))


def test_csv_export_holds_the_filtered_actions_and_defuses_formulas(cast, client_for, plan):
    response = client_for(cast.governor).get(url(cast, "export_csv"), {"dimension": "leadership"})
    assert response["Content-Type"].startswith("text/csv")
    assert response["Content-Disposition"].startswith("attachment")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:5] == ["Action", "Details", "Owner", "Due date", "Status"]
    by_title = {row[0]: row for row in rows[1:]}
    assert set(by_title) == {'\'=HYPERLINK("evil")', "Agree vision"}
    late = by_title['\'=HYPERLINK("evil")']
    assert (late[2], late[3], late[4], late[5], late[6]) == (
        "Lena Lead",
        (TODAY() - dt.timedelta(days=3)).isoformat(),
        "In progress",
        "Yes",
        "Leadership",
    )


def test_xlsx_export_holds_the_actions_as_text_and_dates(cast, client_for, plan):
    response = client_for(cast.trust_lead).get(url(cast, "export_xlsx"))
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "Action"
    # Formula-like text is quoted as in the CSV, and stored as text, never a formula.
    assert [row[0] for row in rows[1:]] == ["Agree vision", '\'=HYPERLINK("evil")', "Map KS2 units"]
    assert sheet["A3"].data_type == "s"
    assert rows[3][3].date() == plan["map"].due_date
    assert rows[3][2] == "Theo Teacher"


@pytest.mark.parametrize("role", READERS)
def test_readers_get_403_on_every_change(cast, client_for, plan, role):
    client = client_for(getattr(cast, role))
    action = plan["map"]
    assert client.get(url(cast, "create")).status_code == 403
    assert client.post(url(cast, "create"), {"title": "x"}).status_code == 403
    assert client.get(url(cast, "edit", action.pk)).status_code == 403
    assert client.post(url(cast, "status", action.pk), {"status": "done", "version": 1}).status_code == 403
    action.refresh_from_db()
    assert action.status == "planned"


def test_other_schools_action_is_404_even_under_its_own_urn_for_outsiders(cast, client_for, plan):
    other = plan["other"]
    assert client_for(cast.lead).get(url(cast, "edit", other.pk)).status_code == 404
    assert client_for(cast.lead).get(url(cast, "edit", other.pk, school=cast.school_b)).status_code == 404
    assert client_for(cast.lead_b).get(url(cast, "edit", plan["map"].pk, school=cast.school_b)).status_code == 404


def create_data(cast, framework, **extra):
    dimension = Dimension.objects.get(framework=framework, slug="curriculum")
    return {
        "title": "Audit the curriculum",
        "detail": "",
        "owner": cast.teacher.pk,
        "due_date": (TODAY() + dt.timedelta(days=7)).isoformat(),
        "status": "planned",
        "dimension": dimension.pk,
        "aspect": Aspect.objects.get(framework=framework, slug="curriculum-2").pk,
        "cpd_topic": "",
    } | extra


def test_teacher_creates_an_action(cast, client_for, framework):
    response = client_for(cast.teacher).post(url(cast, "create"), create_data(cast, framework))
    assert response.status_code == 302 and response["Location"] == url(cast, "plan")
    action = Action.objects.get()
    assert (action.school, action.owner, action.aspect.slug, action.created_by) == (
        cast.school_a,
        cast.teacher,
        "curriculum-2",
        cast.teacher,
    )


def test_owner_from_another_school_is_refused(cast, client_for, framework):
    response = client_for(cast.lead).post(url(cast, "create"), create_data(cast, framework, owner=cast.lead_b.pk))
    assert response.status_code == 200
    assert "Choose an owner from the list" in response.content.decode()
    assert not Action.objects.exists()


def test_past_due_date_and_wrong_aspect_are_refused(cast, client_for, framework):
    data = create_data(
        cast,
        framework,
        due_date=(TODAY() - dt.timedelta(days=1)).isoformat(),
        aspect=Aspect.objects.get(framework=framework, slug="leadership-1").pk,
    )
    page = client_for(cast.lead).post(url(cast, "create"), data).content.decode()
    assert "Choose an aspect of Curriculum" in page
    assert not Action.objects.exists()


def test_create_from_an_aspect_prefills_and_offers_the_levels_suggested_actions(cast, client_for, framework):
    from uplift.assessments.services import judgement_save

    aspect = Aspect.objects.get(framework=framework, slug="teaching-2")
    judgement_save(
        school=cast.school_a,
        aspect=aspect,
        level=2,
        current_position="",
        evidence_commentary="",
        improvement_actions="",
        evidence_ids=[],
        by=cast.lead,
        expected_version=0,
    )
    client = client_for(cast.lead)
    response = client.get(url(cast, "create"), {"aspect": "teaching-2"})
    form = response.context["form"]
    assert form.initial["dimension"] == aspect.dimension and form.initial["aspect"] == aspect.pk
    assert response.context["suggestions"] == ["teaching-2 action 2a", "teaching-2 action 2b"]
    assert "teaching-2 action 2b" in response.content.decode()
    chosen = client.get(url(cast, "create"), {"aspect": "teaching-2", "suggestion": "1"})
    assert chosen.context["form"].initial["title"] == "teaching-2 action 2b"


def test_stale_edit_shows_both_versions_and_loses_nothing(cast, client_for, plan, framework):
    action = plan["map"]
    data = create_data(cast, framework, title="My title", version=1)
    data["aspect"] = ""
    client_for(cast.head).post(
        url(cast, "edit", action.pk), create_data(cast, framework, title="Their title", version=1)
    )
    action.refresh_from_db()
    assert (action.title, action.version) == ("Their title", 2)

    response = client_for(cast.teacher).post(url(cast, "edit", action.pk), data)
    page = response.content.decode()
    assert response.status_code == 200
    assert "Someone else changed this action" in page
    assert "Their title" in page and "My title" in page
    assert response.context["form"]["version"].value() == "2"
    action.refresh_from_db()
    assert action.title == "Their title"

    # Saving again (now from version 2) deliberately replaces their version with mine.
    data["version"] = 2
    assert client_for(cast.teacher).post(url(cast, "edit", action.pk), data).status_code == 302
    action.refresh_from_db()
    assert (action.title, action.version) == ("My title", 3)


def test_status_change_from_the_plan(cast, client_for, plan):
    action = plan["map"]
    client = client_for(cast.teacher)
    back = url(cast, "plan") + "?status=open"
    response = client.post(url(cast, "status", action.pk), {"status": "done", "version": 1, "next": back})
    assert response["Location"] == back
    action.refresh_from_db()
    assert (action.status, action.version) == ("done", 2)
    # A second change from the same (stale) page is refused with a message.
    response = client.post(url(cast, "status", action.pk), {"status": "dropped", "version": 1}, follow=True)
    assert STALE_MESSAGE in response.content.decode()
    action.refresh_from_db()
    assert action.status == "done"


def test_caption_says_which_filters_apply_so_the_printout_does_too(cast, client_for, plan):
    response = client_for(cast.lead).get(
        url(cast, "plan"), {"dimension": "leadership", "owner": cast.lead.pk, "status": "open", "overdue": "on"}
    )
    assert (
        "1 action: Leadership, owned by Lena Lead, open (planned or in progress), overdue" in response.content.decode()
    )


def test_action_added_from_an_aspect_returns_to_that_aspect(cast, client_for, framework):
    data = create_data(cast, framework)
    response = client_for(cast.lead).post(url(cast, "create") + "?aspect=curriculum-2", data)
    assert response.status_code == 302
    assert response["Location"] == reverse("assessments:aspect", args=[cast.school_a.urn, "curriculum-2"])
