import re

import pytest
from django.urls import reverse

from uplift.assessments.models import Judgement
from uplift.assessments.selectors import current_assessment
from uplift.assessments.services import judgement_save
from uplift.evidence.models import EvidenceItem
from uplift.frameworks.models import Aspect, Framework
from uplift.testing.cast import Cast

pytestmark = pytest.mark.django_db


@pytest.fixture
def aspects(framework: Framework) -> list[Aspect]:
    return list(Aspect.objects.filter(framework=framework).order_by("order"))


def url(cast: Cast, aspect: Aspect) -> str:
    return reverse("assessments:aspect", args=[cast.school_a.urn, aspect.slug])


def form_data(version: int = 0, level: int | str = 3, text: str = "Our position", **extra: object) -> dict:
    return {
        "level": level,
        "current_position": text,
        "evidence_commentary": "Schemes of work",
        "improvement_actions": "Train staff",
        "version": version,
        **extra,
    }


@pytest.mark.parametrize("role", ["lead", "teacher", "head"])
def test_writers_see_the_statements_as_a_form(cast: Cast, aspects: list[Aspect], client_for, role: str) -> None:
    response = client_for(getattr(cast, role)).get(url(cast, aspects[0]))

    assert response.status_code == 200
    assert 'type="radio"' in response.text
    assert "Level 4 (Quality Mark standard)" in response.text
    assert "Save and continue" in response.text


@pytest.mark.parametrize("role", ["governor", "trust_lead", "manager", "advisor", "hub_lead"])
def test_readers_see_the_aspect_without_a_form_and_cannot_post(
    cast: Cast, aspects: list[Aspect], client_for, role: str
) -> None:
    client = client_for(getattr(cast, role))

    response = client.get(url(cast, aspects[0]))
    assert response.status_code == 200
    assert 'type="radio"' not in response.text
    assert "can read this school" in response.text

    assert client.post(url(cast, aspects[0]), form_data()).status_code == 403
    assert not Judgement.objects.exists()


@pytest.mark.parametrize("role", ["lead_b", "teacher_b", "outsider", "trust_lead_b", "other_advisor"])
def test_people_of_other_schools_get_404(cast: Cast, aspects: list[Aspect], client_for, role: str) -> None:
    client = client_for(getattr(cast, role))
    assert client.get(url(cast, aspects[0])).status_code == 404
    assert client.post(url(cast, aspects[0]), form_data()).status_code == 404


def test_an_unknown_aspect_is_404(cast: Cast, aspects: list[Aspect], client_for) -> None:
    response = client_for(cast.lead).get(reverse("assessments:aspect", args=[cast.school_a.urn, "no-such-aspect"]))
    assert response.status_code == 404


def test_statements_use_the_schools_phase(cast: Cast, framework: Framework, client_for) -> None:
    phased = Aspect.objects.filter(framework=framework, statements__statement="").distinct().first()
    if phased is None:
        pytest.skip("the shipped framework has no phase-specific statements")
    statement = phased.statements.filter(statement="").first()
    primary = client_for(cast.lead).get(url(cast, phased)).text
    assert statement.statement_primary in primary
    assert statement.statement_secondary not in primary


def test_save_and_continue_saves_and_goes_to_the_next_aspect(cast: Cast, aspects: list[Aspect], client_for) -> None:
    note = EvidenceItem.objects.create(school=cast.school_a, kind="note", title="Staff survey", note="x")

    response = client_for(cast.teacher).post(url(cast, aspects[0]), form_data(evidence=[note.pk], then="continue"))

    assert response.status_code == 302
    assert response.url == url(cast, aspects[1])
    judgement = Judgement.objects.get()
    assert judgement.level == 3
    assert judgement.current_position == "Our position"
    assert judgement.updated_by == cast.teacher
    assert judgement.version == 1
    assert list(judgement.evidence.all()) == [note]
    assert current_assessment(cast.school_a).started_by == cast.teacher


def test_save_stays_on_the_page_and_the_last_aspect_continues_to_the_task_list(
    cast: Cast, aspects: list[Aspect], client_for
) -> None:
    client = client_for(cast.lead)
    assert client.post(url(cast, aspects[0]), form_data(then="stay")).url == url(cast, aspects[0])
    response = client.post(url(cast, aspects[-1]), form_data(then="continue"))
    assert response.url == reverse("assessments:overview", args=[cast.school_a.urn])


def test_the_saved_judgement_shows_with_suggestions_for_its_level(
    cast: Cast, aspects: list[Aspect], client_for
) -> None:
    client = client_for(cast.lead)
    client.post(url(cast, aspects[0]), form_data(level=2))

    response = client.get(url(cast, aspects[0]))

    level_2 = aspects[0].statements.get(level=2)
    assert level_2.actions[0] in response.text
    assert level_2.evidence[0] in response.text
    assert re.search(r'name="level" value="2"[^>]*\bchecked', response.text)
    assert "Last edited by Lena Lead" in response.text


def test_evidence_of_another_school_cannot_be_attached(cast: Cast, aspects: list[Aspect], client_for) -> None:
    theirs = EvidenceItem.objects.create(school=cast.school_b, kind="note", title="Not yours", note="x")

    response = client_for(cast.lead).post(url(cast, aspects[0]), form_data(evidence=[theirs.pk]))

    assert response.status_code == 200
    assert "There is a problem" in response.text
    assert not Judgement.objects.exists()


def test_a_stale_save_shows_both_versions_and_keeps_what_was_typed(
    cast: Cast, aspects: list[Aspect], client_for
) -> None:
    judgement_save(
        school=cast.school_a,
        aspect=aspects[0],
        level=2,
        current_position="Teacher's words",
        evidence_commentary="",
        improvement_actions="",
        evidence_ids=[],
        by=cast.teacher,
        expected_version=0,
    )

    response = client_for(cast.lead).post(url(cast, aspects[0]), form_data(version=0, text="Lead's words"))

    assert response.status_code == 200
    text = response.text
    assert "Someone else saved this aspect" in text
    assert "Theo Teacher saved this aspect while you were editing it." in text
    assert "Teacher&#x27;s words" in text
    assert "Lead&#x27;s words" in text  # their version in the comparison and still in the form
    assert 'name="version" value="1"' in text
    # Both versions name the statement chosen, not just its number.
    assert '<dd class="u-summary-list__value">Level 2: ' in text
    assert '<dd class="u-summary-list__value">Level 3: ' in text
    assert Judgement.objects.get().current_position == "Teacher's words"


def test_saving_again_after_a_conflict_replaces_their_version(cast: Cast, aspects: list[Aspect], client_for) -> None:
    judgement_save(
        school=cast.school_a,
        aspect=aspects[0],
        level=2,
        current_position="Teacher's words",
        evidence_commentary="",
        improvement_actions="",
        evidence_ids=[],
        by=cast.teacher,
        expected_version=0,
    )
    client = client_for(cast.lead)

    client.post(url(cast, aspects[0]), form_data(version=0, text="Lead's words"))
    response = client.post(url(cast, aspects[0]), form_data(version=1, text="Lead's words"))

    assert response.status_code == 302
    judgement = Judgement.objects.get()
    assert judgement.current_position == "Lead's words"
    assert judgement.version == 2


def test_saving_a_flagged_aspect_reconfirms_it(cast: Cast, aspects: list[Aspect], client_for) -> None:
    judgement = judgement_save(
        school=cast.school_a,
        aspect=aspects[0],
        level=4,
        current_position="a",
        evidence_commentary="b",
        improvement_actions="c",
        evidence_ids=[],
        by=cast.teacher,
        expected_version=0,
    )
    Judgement.objects.filter(pk=judgement.pk).update(needs_review=True)
    client = client_for(cast.lead)
    assert "Updated since you last reviewed" in client.get(url(cast, aspects[0])).text

    client.post(url(cast, aspects[0]), form_data(version=1, level=4))

    assert not Judgement.objects.get().needs_review


def test_an_invalid_level_is_an_error_not_a_crash(cast: Cast, aspects: list[Aspect], client_for) -> None:
    response = client_for(cast.lead).post(url(cast, aspects[0]), form_data(level=9))
    assert response.status_code == 200
    assert "There is a problem" in response.text
    assert not Judgement.objects.exists()


def test_htmx_autosave_saves_and_returns_the_new_version(cast: Cast, aspects: list[Aspect], client_for) -> None:
    client = client_for(cast.teacher)

    response = client.post(url(cast, aspects[0]), form_data(autosave="1"), HTTP_HX_REQUEST="true")

    assert response.status_code == 200
    assert "Saved automatically" in response.text
    assert 'name="version" value="1"' in response.text
    assert 'hx-swap-oob="true"' in response.text
    assert Judgement.objects.get().version == 1


def test_htmx_autosave_never_overwrites_someone_elses_save(cast: Cast, aspects: list[Aspect], client_for) -> None:
    judgement_save(
        school=cast.school_a,
        aspect=aspects[0],
        level=2,
        current_position="Theirs",
        evidence_commentary="",
        improvement_actions="",
        evidence_ids=[],
        by=cast.lead,
        expected_version=0,
    )

    response = client_for(cast.teacher).post(url(cast, aspects[0]), form_data(version=0, autosave="1"))

    assert "Not saved automatically: Lena Lead saved this aspect" in response.text
    assert 'name="version"' not in response.text
    assert Judgement.objects.get().current_position == "Theirs"


def test_saving_without_changes_keeps_the_version_and_last_editor(
    cast: Cast, aspects: list[Aspect], client_for
) -> None:
    client_for(cast.teacher).post(url(cast, aspects[0]), form_data())

    client_for(cast.lead).post(url(cast, aspects[0]), form_data(version=1))

    judgement = Judgement.objects.get()
    assert (judgement.version, judgement.updated_by) == (1, cast.teacher)


def test_the_pages_own_autosave_is_not_a_conflict_for_its_save(cast: Cast, aspects: list[Aspect], client_for) -> None:
    client = client_for(cast.lead)
    client.post(url(cast, aspects[0]), form_data(version=0, form_id="page1", text="Typing", autosave="1"))

    # "Save" pressed while the autosave was in flight still carries version 0.
    response = client.post(url(cast, aspects[0]), form_data(version=0, form_id="page1", text="Typing more"))

    assert response.status_code == 302
    judgement = Judgement.objects.get()
    assert (judgement.current_position, judgement.version) == ("Typing more", 2)


def test_another_pages_save_is_still_a_conflict(cast: Cast, aspects: list[Aspect], client_for) -> None:
    client_for(cast.teacher).post(url(cast, aspects[0]), form_data(version=0, form_id="page1", text="Teacher"))

    response = client_for(cast.lead).post(url(cast, aspects[0]), form_data(version=0, form_id="page2", text="Lead"))

    assert response.status_code == 200
    assert "Someone else saved this aspect" in response.text
    assert "hx-post" not in response.text
    assert Judgement.objects.get().current_position == "Teacher"


def test_each_rendering_of_the_page_has_its_own_form_id(cast: Cast, aspects: list[Aspect], client_for) -> None:
    client = client_for(cast.lead)
    ids = {re.search(r'name="form_id" value="(\w+)"', client.get(url(cast, aspects[0])).text)[1] for _ in range(2)}
    assert len(ids) == 2


def test_the_aspect_page_query_count_does_not_grow_with_the_library(
    cast: Cast, aspects: list[Aspect], client_for, django_assert_max_num_queries
) -> None:
    client = client_for(cast.lead)
    note = EvidenceItem.objects.create(school=cast.school_a, kind="note", title="Note 0", note="x")
    client.post(url(cast, aspects[0]), form_data(evidence=[note.pk]))
    with django_assert_max_num_queries(20) as few:
        client.get(url(cast, aspects[0]))
    for n in range(1, 15):
        EvidenceItem.objects.create(school=cast.school_a, kind="note", title=f"Note {n}", note="x")

    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(url(cast, aspects[0]))
    assert "Note 14" in response.text


def test_the_aspect_page_lists_the_schools_actions_for_that_aspect_only(
    cast: Cast, aspects: list[Aspect], client_for
) -> None:
    from uplift.actions.tests.factories import ActionFactory

    mine = ActionFactory(school=cast.school_a, owner=cast.teacher, dimension=aspects[0].dimension, aspect=aspects[0])
    ActionFactory(
        school=cast.school_a, owner=cast.teacher, dimension=aspects[1].dimension, aspect=aspects[1], title="Elsewhere"
    )
    ActionFactory(
        school=cast.school_b, owner=cast.teacher_b, dimension=aspects[0].dimension, aspect=aspects[0], title="Theirs"
    )

    lead_page = client_for(cast.lead).get(url(cast, aspects[0])).text
    governor_page = client_for(cast.governor).get(url(cast, aspects[0])).text

    assert "Actions in your plan for this aspect" in lead_page
    assert reverse("actions:edit", args=[cast.school_a.urn, mine.pk]) in lead_page
    assert "Elsewhere" not in lead_page and "Theirs" not in lead_page
    assert mine.title in governor_page
    assert reverse("actions:edit", args=[cast.school_a.urn, mine.pk]) not in governor_page
    assert "No actions planned for this aspect yet." in client_for(cast.lead).get(url(cast, aspects[2])).text


def test_actions_on_an_aspect_follow_it_when_a_new_framework_version_renames_it(cast: Cast, client_for) -> None:
    from uplift.actions.tests.factories import ActionFactory
    from uplift.frameworks.services import framework_load
    from uplift.frameworks.tests.factories import default_aspects, framework_spec

    framework_load(spec=framework_spec(version=1))
    old = Aspect.objects.get(framework__version=1, slug="leadership-1")
    action = ActionFactory(school=cast.school_a, owner=cast.teacher, dimension=old.dimension, aspect=old)
    renamed = default_aspects() | {"leadership": ["leadership-vision", "leadership-2", "leadership-3"]}
    mapping = [{"from": ["leadership-1"], "to": ["leadership-vision"], "kind": "renamed"}]
    new = framework_load(spec=framework_spec(version=2, aspects=renamed, mapping=mapping))

    text = client_for(cast.lead).get(url(cast, Aspect.objects.get(framework=new, slug="leadership-vision"))).text

    assert reverse("actions:edit", args=[cast.school_a.urn, action.pk]) in text


def test_attached_evidence_is_linked_so_it_can_be_opened_from_the_aspect(
    cast: Cast, aspects: list[Aspect], client_for
) -> None:
    client = client_for(cast.lead)
    plan = EvidenceItem.objects.create(school=cast.school_a, kind="note", title="Plan", note="x")
    other = EvidenceItem.objects.create(school=cast.school_a, kind="note", title="Other", note="x")
    client.post(url(cast, aspects[0]), form_data(evidence=[plan.pk]))

    text = client.get(url(cast, aspects[0])).text

    assert "Attached now:" in text
    assert reverse("evidence:detail", args=[cast.school_a.urn, plan.pk]) in text
    assert reverse("evidence:detail", args=[cast.school_a.urn, other.pk]) not in text
