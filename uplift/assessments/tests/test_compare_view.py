import pytest
from django.urls import reverse

from uplift.assessments.models import Judgement
from uplift.assessments.profile import Change, compare_levels
from uplift.assessments.services import cycle_start, snapshot_record
from uplift.assessments.tests.profile_data import assess, clear_averages_cache  # noqa: F401 - autouse fixture
from uplift.frameworks.models import Framework
from uplift.testing.cast import Cast

pytestmark = pytest.mark.django_db


def compare_url(cast: Cast) -> str:
    return reverse("assessments:compare", args=[cast.school_a.urn])


def test_a_change_reads_as_an_arrow_a_word_and_a_signed_number() -> None:
    assert (Change("a", "A", 2, 3).arrow, Change("a", "A", 2, 3).direction, Change("a", "A", 2, 3).signed) == (
        "↑",
        "up",
        "+1",
    )
    assert (Change("a", "A", 4, 2).arrow, Change("a", "A", 4, 2).direction, Change("a", "A", 4, 2).signed) == (
        "↓",
        "down",
        "\u22122",
    )
    assert (Change("a", "A", 3, 3).arrow, Change("a", "A", 3, 3).direction, Change("a", "A", 3, 3).signed) == (
        "→",
        "no change",
        "0",
    )
    assert Change("a", "A", None, 3).direction == "not comparable"
    assert Change("a", "A", None, 3).signed == ""


def test_compare_levels_groups_aspects_under_dimensions_in_framework_order(framework: Framework) -> None:
    before = {"aspects": {"leadership-vision": 1}, "dimensions": {"leadership": None}}
    after = {"aspects": {"leadership-vision": 3, "gone-aspect": 2}, "dimensions": {"leadership": 2}}

    result = compare_levels(before=before, after=after, frameworks=[framework])

    leadership = result[0]
    assert leadership.title == "Leadership and Vision"
    assert leadership.delta is None
    assert [(c.slug, c.delta) for c in leadership.aspects] == [("leadership-vision", 2)]
    other = result[-1]
    assert other.title == "Other aspects"
    assert other.aspects[0].title == "gone-aspect"
    assert other.aspects[0].direction == "not comparable"


def test_compare_a_baseline_with_now_shows_arrows_numbers_and_words(
    cast: Cast, framework: Framework, client_for
) -> None:
    assessment = assess(cast.school_a, framework, level=3)
    baseline = snapshot_record(assessment=assessment, name="Baseline", by=cast.lead)
    Judgement.objects.filter(assessment=assessment, aspect__slug="leadership-vision").update(level=4)
    Judgement.objects.filter(assessment=assessment, aspect__dimension__slug="careers").update(level=1)

    response = client_for(cast.governor).get(compare_url(cast), {"a": baseline.pk, "b": "now"})

    text = response.text
    assert response.status_code == 200
    assert "From Baseline" in text
    assert "1 aspect went up, 3 went down and 23 stayed the same." in " ".join(text.split())
    assert '<span aria-hidden="true">↑</span> <span class="u-visually-hidden">up</span> +1' in text
    assert '<span aria-hidden="true">↓</span> <span class="u-visually-hidden">down</span> \u22122' in text
    assert '<span class="u-visually-hidden">no change</span> 0' in text


def test_compare_two_snapshots(cast: Cast, framework: Framework, client_for) -> None:
    assessment = assess(cast.school_a, framework, level=2)
    first = snapshot_record(assessment=assessment, name="Autumn", by=cast.lead)
    Judgement.objects.filter(assessment=assessment).update(level=5)
    second = snapshot_record(assessment=assessment, name="Summer", by=cast.lead)

    text = client_for(cast.lead).get(compare_url(cast), {"a": first.pk, "b": second.pk}).text

    assert "From Autumn" in text
    assert text.count('<span class="u-visually-hidden">up</span> +3') == 27 + 7  # every aspect and dimension


def test_snapshots_from_an_earlier_cycle_compare_by_slug(cast: Cast, framework: Framework, client_for) -> None:
    old = assess(cast.school_a, framework, level=2)
    baseline = snapshot_record(assessment=old, name="Cycle one baseline", by=cast.lead)
    new = cycle_start(school=cast.school_a, by=cast.lead)
    Judgement.objects.filter(assessment=new, aspect__slug="leadership-vision").update(level=3)

    text = client_for(cast.lead).get(compare_url(cast), {"a": baseline.pk, "b": "now"}).text

    assert "Cycle one baseline" in text
    assert '<span class="u-visually-hidden">up</span> +1' in text


def test_an_aspect_judged_since_the_snapshot_reads_as_newly_judged(
    cast: Cast, framework: Framework, client_for
) -> None:
    assessment = assess(cast.school_a, framework, level=2)
    Judgement.objects.filter(assessment=assessment, aspect__slug="leadership-vision").update(level=None)
    baseline = snapshot_record(assessment=assessment, name="Baseline", by=cast.lead)
    Judgement.objects.filter(assessment=assessment, aspect__slug="leadership-vision").update(level=3)

    text = " ".join(client_for(cast.lead).get(compare_url(cast), {"a": baseline.pk, "b": "now"}).text.split())

    assert text.count("Newly judged") == 2  # the aspect, and its dimension (which now has a level)
    assert (
        "0 went down and 26 stayed the same; 1 cannot be compared because it has no level on one side or both." in text
    )


def test_without_a_choice_the_form_offers_the_latest_snapshot_and_now(cast: Cast, framework, client_for) -> None:
    assessment = assess(cast.school_a, framework, level=2)
    snapshot_record(assessment=assessment, name="Baseline", by=cast.lead)

    text = client_for(cast.lead).get(compare_url(cast)).text

    assert "Now (the current judgements)" in text
    assert "Baseline" in text
    assert "From Baseline" not in text


def test_another_schools_snapshot_cannot_be_compared(cast: Cast, framework: Framework, client_for) -> None:
    theirs = snapshot_record(assessment=assess(cast.school_b, framework, level=5), name="Secret", by=cast.lead_b)
    assess(cast.school_a, framework, level=2)

    response = client_for(cast.lead).get(compare_url(cast), {"a": theirs.pk, "b": "now"})

    assert response.status_code == 200
    assert "Choose one of the school" in response.text
    assert "Secret" not in response.text


@pytest.mark.parametrize("role", ["lead_b", "outsider", "trust_lead_b", "hub_lead_b"])
def test_outsiders_get_404(cast: Cast, framework: Framework, client_for, role) -> None:
    assert client_for(getattr(cast, role)).get(compare_url(cast), {"a": "now", "b": "now"}).status_code == 404


def test_an_aspect_renamed_in_a_new_framework_version_compares_with_its_old_self(cast: Cast, client_for) -> None:
    from uplift.frameworks.services import framework_load
    from uplift.frameworks.tests.factories import default_aspects, framework_spec

    framework_load(spec=framework_spec(version=1))
    v1 = assess(cast.school_a, Framework.objects.get(is_current=True), level=2)
    baseline = snapshot_record(assessment=v1, name="Baseline", by=cast.lead)
    renamed = default_aspects() | {"leadership": ["leadership-vision", "leadership-2", "leadership-3"]}
    mapping = [{"from": ["leadership-1"], "to": ["leadership-vision"], "kind": "renamed"}]
    framework_load(spec=framework_spec(version=2, aspects=renamed, mapping=mapping))
    Judgement.objects.filter(assessment__is_current=True, aspect__slug="leadership-vision").update(level=3)

    before = compare_levels(
        before=baseline.data,
        after={"aspects": {"leadership-vision": 3}, "dimensions": {}},
        frameworks=list(Framework.objects.order_by("-version")),
    )
    (vision,) = [change for change in before[0].aspects if change.slug == "leadership-vision"]
    assert (vision.before, vision.after, vision.signed) == (2, 3, "+1")
    assert not [change for change in before[0].aspects if change.slug == "leadership-1"]

    text = client_for(cast.lead).get(compare_url(cast), {"a": baseline.pk, "b": "now"}).text
    assert "cannot be compared" not in text


def test_snapshot_choices_read_dates_the_british_way_in_uk_time(cast: Cast, framework: Framework) -> None:
    import datetime as dt

    from uplift.assessments.forms_profile import snapshot_label
    from uplift.assessments.models import Snapshot

    snapshot = snapshot_record(assessment=assess(cast.school_a, framework, level=2), name="Baseline", by=cast.lead)
    # 23:30 UTC on 7 May is already 8 May in the UK (British Summer Time).
    Snapshot.objects.filter(pk=snapshot.pk).update(created_at=dt.datetime(2026, 5, 7, 23, 30, tzinfo=dt.UTC))
    snapshot.refresh_from_db()

    assert snapshot_label(snapshot) == "Baseline (8 May 2026, cycle 1)"
