"""Tests for the framework schema and the shipped Uplift framework file. No Django needed."""

from __future__ import annotations

import copy
import datetime as dt
import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from uplift.frameworks.schema import (
    DATA_DIR,
    FrameworkError,
    FrameworkSpec,
    load_framework_file,
    parse_framework,
)

SHIPPED = DATA_DIR / "uplift-cqf-v1.yaml"

CQF_DIMENSIONS = [
    ("leadership", "Leadership and Vision"),
    ("curriculum", "Curriculum and Qualifications"),
    ("teaching", "Teaching, Learning and Assessment"),
    ("staff_development", "Staff Development"),
    ("inclusion", "Equity, Diversity, Inclusion and SEND"),
    ("careers", "Careers Education"),
    ("impact", "Impact on Outcomes"),
]

# A small valid framework: one dimension whose three aspects are built from ASPECT below.
HEADER = """
slug: test-framework
version: 2
title: Test framework
published: 2026-01-31
threshold_level: 4
levels: {1: One, 2: Two, 3: Three, 4: Four, 5: Five}
cpd_topics:
  topic-a: Topic A
  topic-b: Topic B
"""

ASPECT = """
slug: SLUG
title: An aspect
summary: What this aspect is about.
levels:
  - level: 1
    statement: Nothing happens yet.
    actions: [Start something, Tell someone]
    evidence: [A note, A list]
    cpd_topics: [topic-a]
  - level: 2
    statement:
      primary: Something happens in primary.
      secondary: Something happens in secondary.
    actions: [Do more, Do it often]
    evidence: [A plan, A record]
  - level: 3
    statement: It happens in most classes.
    actions: [Check it, Review it]
    evidence: [Visit notes, Work samples]
    cpd_topics: []
  - level: 4
    threshold: true
    statement: It happens in every class and is reviewed every year.
    actions: [Share it, Refine it]
    evidence: [Review notes, Pupil voice]
    cpd_topics: [topic-a, topic-b]
  - level: 5
    statement: Other schools learn from it.
    actions: [Publish it, Mentor others]
    evidence: [Case study, Feedback]
"""


def aspect(slug: str) -> dict[str, Any]:
    return yaml.safe_load(ASPECT.replace("SLUG", slug))


def framework(*aspect_slugs: str) -> dict[str, Any]:
    """A valid framework as data: one dimension 'dim' with the given (default three) aspects."""
    data = yaml.safe_load(HEADER)
    slugs = aspect_slugs or ("aspect-a", "aspect-b", "aspect-c")
    data["dimensions"] = [
        {
            "slug": "dim",
            "title": "A dimension",
            "summary": "What this dimension is about.",
            "aspects": [aspect(slug) for slug in slugs],
        }
    ]
    return data


def dump(data: dict[str, Any]) -> str:
    return yaml.safe_dump(data, sort_keys=False)


def problems_of(data: dict[str, Any] | str) -> list[str]:
    text = data if isinstance(data, str) else dump(data)
    with pytest.raises(FrameworkError) as excinfo:
        parse_framework(text)
    return excinfo.value.problems


def assert_problem(data: dict[str, Any] | str, expected: str) -> list[str]:
    problems = problems_of(data)
    assert any(expected in problem for problem in problems), problems
    return problems


def level_of(data: dict[str, Any], aspect_index: int, number: int) -> dict[str, Any]:
    levels = data["dimensions"][0]["aspects"][aspect_index]["levels"]
    return next(level for level in levels if level["level"] == number)


# --- the shipped framework -----------------------------------------------------------------------


@pytest.fixture(scope="module")
def shipped() -> FrameworkSpec:
    return load_framework_file(SHIPPED)


def test_shipped_framework_header(shipped: FrameworkSpec) -> None:
    assert shipped.slug == "uplift-cqf"
    assert shipped.version == 1
    assert shipped.title == "Uplift Computing Quality Framework"
    assert shipped.published == dt.date(2026, 11, 22)
    assert shipped.threshold_level == 4
    assert shipped.level_names[4] == "Quality Mark standard"
    assert list(shipped.level_names) == [1, 2, 3, 4, 5]
    assert 15 <= len(shipped.cpd_topics) <= 25
    assert shipped.mapping == ()


def test_shipped_framework_has_the_seven_dimensions_in_order(shipped: FrameworkSpec) -> None:
    assert [(d.slug, d.title) for d in shipped.dimensions] == CQF_DIMENSIONS
    for dimension in shipped.dimensions:
        assert 3 <= len(dimension.aspects) <= 5, dimension.slug
    assert 25 <= len(shipped.aspects) <= 28


def test_every_shipped_aspect_has_five_levels_and_threshold_on_four(
    shipped: FrameworkSpec,
) -> None:
    for aspect_spec in shipped.aspects:
        assert [level.level for level in aspect_spec.levels] == [1, 2, 3, 4, 5]
        assert [level.is_threshold for level in aspect_spec.levels] == [
            False,
            False,
            False,
            True,
            False,
        ], aspect_spec.slug
        assert aspect_spec.threshold.level == 4
        for level in aspect_spec.levels:
            assert 2 <= len(level.actions) <= 4
            assert 2 <= len(level.evidence) <= 4
            assert set(level.cpd_topics) <= set(shipped.cpd_topics)
            assert level.statement_for("primary") and level.statement_for("secondary")


def test_shipped_statements_are_distinct(shipped: FrameworkSpec) -> None:
    statements = [level.statement_for(None) for aspect_spec in shipped.aspects for level in aspect_spec.levels]
    assert len(statements) == len(set(statements))


def test_shipped_careers_and_qualifications_are_phase_specific(shipped: FrameworkSpec) -> None:
    for aspect_spec in shipped.dimension("careers").aspects:
        assert aspect_spec.level(4).is_phase_specific, aspect_spec.slug
    qualifications = shipped.aspect("curriculum-qualifications")
    assert all(level.is_phase_specific for level in qualifications.levels)
    threshold = qualifications.threshold
    assert "GCSE" in threshold.statement_for("secondary")
    assert "GCSE" not in threshold.statement_for("primary")


def test_shipped_actions_for_one_phase_say_which_phase(shipped: FrameworkSpec) -> None:
    # Actions are shared by primary and secondary schools: one that only fits one phase must say so,
    # or a primary school is told to plan a GCSE course.
    one_phase = re.compile(r"GCSE|post-16|A level|Year 7|Key Stage 4", re.IGNORECASE)
    unclear = [
        (aspect.slug, level.level, action)
        for dimension in shipped.dimensions
        for aspect in dimension.aspects
        for level in aspect.levels
        for action in level.actions
        if one_phase.search(action) and not re.search(r"\b(primary|secondary)\b", action, re.IGNORECASE)
    ]
    assert unclear == []


# --- a valid framework and the spec API ----------------------------------------------------------


def test_minimal_framework_parses() -> None:
    spec = parse_framework(dump(framework()))
    assert spec.slug == "test-framework"
    assert spec.version == 2
    assert [a.slug for a in spec.aspects] == ["aspect-a", "aspect-b", "aspect-c"]
    first = spec.aspect("aspect-a")
    assert first.dimension_slug == "dim"
    assert first.changed is False
    assert first.level(1).cpd_topics == ("topic-a",)
    assert first.level(4).cpd_topics == ("topic-a", "topic-b")
    assert first.level(1).actions == ("Start something", "Tell someone")
    assert spec.dimension("dim").title == "A dimension"
    with pytest.raises(KeyError):
        spec.aspect("nope")


def test_statement_for_phases() -> None:
    spec = parse_framework(dump(framework()))
    plain = spec.aspect("aspect-a").level(1)
    assert not plain.is_phase_specific
    assert plain.statement_for("primary") == plain.statement_for(None) == "Nothing happens yet."
    phased = spec.aspect("aspect-a").level(2)
    assert phased.is_phase_specific
    assert phased.statement_for("primary") == "Something happens in primary."
    assert phased.statement_for("secondary") == "Something happens in secondary."
    both = phased.statement_for(None)
    assert "Something happens in primary." in both and "Something happens in secondary." in both
    with pytest.raises(ValueError):
        phased.statement_for("nursery")


def test_changed_flag_is_read() -> None:
    data = framework()
    data["dimensions"][0]["aspects"][1]["changed"] = True
    spec = parse_framework(dump(data))
    assert spec.aspect("aspect-b").changed is True
    assert spec.aspect("aspect-a").changed is False


def test_published_may_be_a_quoted_iso_date() -> None:
    data = framework()
    data["published"] = "2026-02-01"
    assert parse_framework(dump(data)).published == dt.date(2026, 2, 1)


# --- top-level problems --------------------------------------------------------------------------


def test_not_yaml() -> None:
    assert_problem("slug: [unclosed\n", "not valid YAML")


@pytest.mark.parametrize("text", ["- a\n- b\n", "just a string\n", ""])
def test_top_level_must_be_a_mapping(text: str) -> None:
    assert_problem(text, "the top level must be a mapping")


def test_duplicate_yaml_key_is_refused() -> None:
    assert_problem(dump(framework()) + "version: 3\n", "duplicate key 'version'")


@pytest.mark.parametrize("version", [0, -1, "1", True, 1.5])
def test_version_must_be_a_positive_integer(version: object) -> None:
    data = framework()
    data["version"] = version
    assert_problem(data, "version must be a positive integer")


def test_version_missing() -> None:
    data = framework()
    del data["version"]
    assert_problem(data, "version is not set")


def test_threshold_level_not_set() -> None:
    data = framework()
    del data["threshold_level"]
    assert_problem(data, "threshold_level is not set")


def test_threshold_level_out_of_range() -> None:
    data = framework()
    data["threshold_level"] = 6
    assert_problem(data, "threshold_level must be one of the levels 1..5")


def test_level_names_must_cover_one_to_five() -> None:
    data = framework()
    del data["levels"][5]
    assert_problem(data, "levels: level 5 has no name")


def test_published_must_be_a_date() -> None:
    data = framework()
    data["published"] = "next spring"
    assert_problem(data, "published must be a date")


def test_unknown_top_level_key() -> None:
    data = framework()
    data["titel"] = "typo"
    assert_problem(data, "unknown key 'titel'")


def test_bad_cpd_topic_slug() -> None:
    data = framework()
    data["cpd_topics"]["Bad Topic"] = "Bad"
    assert_problem(data, "cpd_topics: 'Bad Topic' must be lowercase words joined by hyphens")


# --- dimensions and aspects ----------------------------------------------------------------------


def test_dimension_with_too_few_aspects() -> None:
    assert_problem(framework("aspect-a", "aspect-b"), "dimension 'dim' has 2 aspects; a dimension needs 3 to 5")


def test_dimension_with_too_many_aspects() -> None:
    slugs = [f"aspect-{n}" for n in range(6)]
    assert_problem(framework(*slugs), "dimension 'dim' has 6 aspects; a dimension needs 3 to 5")


def test_duplicate_aspect_slug_across_dimensions() -> None:
    data = framework()
    other = copy.deepcopy(data["dimensions"][0])
    other["slug"] = "other"
    other["aspects"][0]["slug"] = "other-a"
    other["aspects"][1]["slug"] = "other-b"  # aspect-c remains in both
    data["dimensions"].append(other)
    assert_problem(data, "duplicate aspect slug 'aspect-c' (dimensions 'dim' and 'other')")


def test_duplicate_aspect_slug_in_one_dimension() -> None:
    assert_problem(
        framework("aspect-a", "aspect-a", "aspect-c"),
        "duplicate aspect slug 'aspect-a' (twice in dimension 'dim')",
    )


def test_duplicate_dimension_slug() -> None:
    data = framework()
    other = copy.deepcopy(data["dimensions"][0])
    for index, item in enumerate(other["aspects"]):
        item["slug"] = f"other-{index}"
    data["dimensions"].append(other)
    assert_problem(data, "duplicate dimension slug 'dim'")


def test_aspect_slug_must_be_lowercase_hyphenated() -> None:
    assert_problem(
        framework("aspect-a", "Aspect_B", "aspect-c"),
        "dimension 'dim', aspect 'Aspect_B': slug must be lowercase words joined by hyphens",
    )


def test_aspect_title_missing() -> None:
    data = framework()
    del data["dimensions"][0]["aspects"][0]["title"]
    assert_problem(data, "dimension 'dim', aspect 'aspect-a': title is missing")


def test_changed_must_be_boolean() -> None:
    data = framework()
    data["dimensions"][0]["aspects"][0]["changed"] = "yes please"
    assert_problem(data, "aspect 'aspect-a': changed must be true or false")


# --- levels --------------------------------------------------------------------------------------


def test_missing_level() -> None:
    data = framework()
    levels = data["dimensions"][0]["aspects"][1]["levels"]
    levels[:] = [level for level in levels if level["level"] != 3]
    assert_problem(data, "dimension 'dim', aspect 'aspect-b': level 3 is missing")


def test_duplicate_level() -> None:
    data = framework()
    levels = data["dimensions"][0]["aspects"][0]["levels"]
    levels[2]["level"] = 2
    problems = assert_problem(data, "aspect 'aspect-a': level 2 appears more than once")
    assert any("aspect 'aspect-a': level 3 is missing" in problem for problem in problems)


def test_levels_out_of_order() -> None:
    data = framework()
    levels = data["dimensions"][0]["aspects"][0]["levels"]
    levels[0], levels[1] = levels[1], levels[0]
    assert_problem(data, "aspect 'aspect-a': levels must be listed in order 1..5")


def test_level_number_out_of_range() -> None:
    data = framework()
    data["dimensions"][0]["aspects"][0]["levels"][4]["level"] = 6
    assert_problem(data, "level entry #5 has level 6; levels are 1..5")


def test_missing_statement() -> None:
    data = framework()
    del level_of(data, 0, 3)["statement"]
    assert_problem(data, "dimension 'dim', aspect 'aspect-a', level 3: statement is missing")


def test_empty_statement() -> None:
    data = framework()
    level_of(data, 0, 3)["statement"] = "   "
    assert_problem(data, "aspect 'aspect-a', level 3: statement is empty")


def test_statement_mapping_with_unknown_phase() -> None:
    data = framework()
    level_of(data, 0, 2)["statement"]["special"] = "For special schools."
    assert_problem(data, "aspect 'aspect-a', level 2: statement has key 'special'")


def test_statement_mapping_missing_a_phase() -> None:
    data = framework()
    del level_of(data, 0, 2)["statement"]["secondary"]
    assert_problem(data, "aspect 'aspect-a', level 2: statement has no secondary version")


def test_statement_of_wrong_type() -> None:
    data = framework()
    level_of(data, 0, 1)["statement"] = ["a", "list"]
    assert_problem(data, "level 1: statement must be a string or a mapping")


def test_threshold_flagged_on_wrong_level() -> None:
    data = framework()
    level_of(data, 0, 2)["threshold"] = True
    assert_problem(data, "aspect 'aspect-a', level 2: threshold must be flagged on level 4 only")


def test_threshold_not_flagged() -> None:
    data = framework()
    del level_of(data, 2, 4)["threshold"]
    assert_problem(data, "aspect 'aspect-c', level 4: threshold must be flagged on level 4")


def test_unknown_cpd_topic() -> None:
    data = framework()
    level_of(data, 1, 2)["cpd_topics"] = ["foo"]
    assert_problem(data, "aspect 'aspect-b', level 2: unknown cpd topic 'foo'")


def test_too_many_cpd_topics() -> None:
    data = framework()
    data["cpd_topics"].update({"topic-c": "C", "topic-d": "D"})
    level_of(data, 0, 1)["cpd_topics"] = ["topic-a", "topic-b", "topic-c", "topic-d"]
    assert_problem(data, "level 1: 4 cpd topics; at most 3 are allowed")


def test_too_few_actions() -> None:
    data = framework()
    level_of(data, 0, 1)["actions"] = ["Only one"]
    assert_problem(data, "aspect 'aspect-a', level 1: actions has 1 items; it needs 2 to 4")


def test_too_many_evidence_items() -> None:
    data = framework()
    level_of(data, 0, 5)["evidence"] = ["a", "b", "c", "d", "e"]
    assert_problem(data, "aspect 'aspect-a', level 5: evidence has 5 items; it needs 2 to 4")


def test_missing_evidence() -> None:
    data = framework()
    del level_of(data, 0, 5)["evidence"]
    assert_problem(data, "aspect 'aspect-a', level 5: evidence is missing")


def test_unknown_level_key() -> None:
    data = framework()
    level_of(data, 0, 1)["statment"] = "typo"
    assert_problem(data, "aspect 'aspect-a', level 1: unknown key 'statment'")


# --- reporting -----------------------------------------------------------------------------------


def test_all_problems_are_collected_and_listed() -> None:
    data = framework()
    del data["threshold_level"]
    del level_of(data, 0, 3)["statement"]
    level_of(data, 1, 2)["cpd_topics"] = ["foo"]
    with pytest.raises(FrameworkError) as excinfo:
        parse_framework(dump(data))
    problems = excinfo.value.problems
    assert len(problems) == 3, problems
    message = str(excinfo.value)
    assert "3 problems" in message
    for problem in problems:
        assert f"- {problem}" in message


def test_load_framework_file_names_the_file(tmp_path: Path) -> None:
    path = tmp_path / "broken.yaml"
    data = framework()
    del data["threshold_level"]
    path.write_text(dump(data), encoding="utf-8")
    with pytest.raises(FrameworkError) as excinfo:
        load_framework_file(path)
    assert str(path) in str(excinfo.value)
    assert excinfo.value.problems == ["threshold_level is not set"]


# --- version mapping -----------------------------------------------------------------------------


def with_mapping(*entries: dict[str, Any]) -> dict[str, Any]:
    data = framework("aspect-a", "aspect-b", "aspect-c", "aspect-d")
    data["mapping"] = list(entries)
    return data


def test_valid_mapping_is_parsed() -> None:
    data = with_mapping(
        {"from": ["aspect-a"], "to": ["aspect-a"], "kind": "kept"},
        {"from": ["old-b"], "to": ["aspect-b"], "kind": "renamed"},
        {"from": ["old-c", "old-d"], "to": ["aspect-c"], "kind": "merged"},
    )
    spec = parse_framework(dump(data))
    assert [entry.kind for entry in spec.mapping] == ["kept", "renamed", "merged"]
    merged = spec.mapping_for("aspect-c")
    assert merged is not None
    assert merged.from_slugs == ("old-c", "old-d")
    assert spec.mapping_for("aspect-d") is None


def test_valid_split_is_parsed() -> None:
    data = with_mapping({"from": ["old"], "to": ["aspect-c", "aspect-d"], "kind": "split"})
    (entry,) = parse_framework(dump(data)).mapping
    assert entry.to_slugs == ("aspect-c", "aspect-d")


@pytest.mark.parametrize(
    ("entry", "expected"),
    [
        ({"from": ["x", "y"], "to": ["aspect-a"], "kind": "renamed"}, "renamed maps 1 aspect to 1"),
        ({"from": ["aspect-a"], "to": ["aspect-a", "aspect-b"], "kind": "kept"}, "kept maps 1"),
        ({"from": ["x"], "to": ["aspect-a"], "kind": "split"}, "split maps 1 aspect to 2 or more"),
        ({"from": ["x"], "to": ["aspect-a"], "kind": "merged"}, "merged maps 2 or more aspects"),
        ({"from": ["x"], "to": ["aspect-a"], "kind": "kept"}, "kept keeps the slug"),
        ({"from": ["aspect-a"], "to": ["aspect-a"], "kind": "renamed"}, "renamed needs a new slug"),
        ({"from": ["x"], "to": ["aspect-a"], "kind": "moved"}, "kind must be one of"),
        ({"from": [], "to": ["aspect-a"], "kind": "renamed"}, "'from' must be a non-empty list"),
        ({"from": ["x"], "to": ["aspect-a"], "kind": "renamed", "note": "hi"}, "unknown key"),
    ],
)
def test_mapping_entry_shape(entry: dict[str, Any], expected: str) -> None:
    assert_problem(with_mapping(entry), f"mapping entry #1: {expected}")


def test_mapping_to_unknown_aspect() -> None:
    data = with_mapping({"from": ["old"], "to": ["aspect-z"], "kind": "renamed"})
    assert_problem(data, "mapping entry #1: 'to' aspect 'aspect-z' is not an aspect of this file")


def test_new_aspect_in_two_mapping_entries() -> None:
    data = with_mapping(
        {"from": ["old-a"], "to": ["aspect-a"], "kind": "renamed"},
        {"from": ["old-b", "old-c"], "to": ["aspect-a"], "kind": "merged"},
    )
    assert_problem(data, "mapping entry #2: new aspect 'aspect-a' already appears in entry #1")


def test_old_aspect_in_two_mapping_entries() -> None:
    data = with_mapping(
        {"from": ["old-a"], "to": ["aspect-a"], "kind": "renamed"},
        {"from": ["old-a"], "to": ["aspect-b"], "kind": "renamed"},
    )
    assert_problem(data, "mapping entry #2: old aspect 'old-a' already appears in entry #1")


def test_mapping_must_be_a_list() -> None:
    data = framework()
    data["mapping"] = {"from": "a", "to": "b"}
    assert_problem(data, "mapping must be a list")
