from io import StringIO
from pathlib import Path

import pytest
import yaml
from django.core.management import CommandError, call_command

from uplift.assessments.services import judgement_save
from uplift.frameworks.models import Aspect, Framework, LevelStatement
from uplift.frameworks.schema import DATA_DIR
from uplift.frameworks.tests.factories import default_aspects, framework_data, framework_yaml
from uplift.testing.cast import Cast

pytestmark = pytest.mark.django_db


def run(path: Path | str) -> str:
    out = StringIO()
    call_command("load_framework", str(path), stdout=out)
    return out.getvalue()


def test_loading_the_shipped_framework_makes_it_current() -> None:
    output = run(DATA_DIR / "uplift-cqf-v1.yaml")

    framework = Framework.objects.get()
    assert framework.is_current
    assert framework.threshold_level == 4
    assert "now the current framework" in output
    assert list(framework.dimensions.values_list("slug", flat=True)) == [
        "leadership",
        "curriculum",
        "teaching",
        "staff_development",
        "inclusion",
        "careers",
        "impact",
    ]
    aspects = Aspect.objects.filter(framework=framework).count()
    assert LevelStatement.objects.filter(aspect__framework=framework).count() == aspects * 5
    assert LevelStatement.objects.filter(aspect__framework=framework, is_threshold=True, level=4).count() == aspects


def test_loading_the_same_version_again_changes_nothing(tmp_path: Path) -> None:
    path = tmp_path / "f.yaml"
    path.write_text(framework_yaml())
    run(path)
    output = run(path)

    assert "already loaded; nothing to do" in output
    assert Framework.objects.count() == 1


def test_an_invalid_file_lists_every_problem_and_writes_nothing(tmp_path: Path) -> None:
    data = framework_data()
    del data["threshold_level"]
    data["dimensions"][0]["aspects"][0]["levels"].pop(2)  # level 3 missing
    data["dimensions"][1]["aspects"][1]["slug"] = data["dimensions"][1]["aspects"][0]["slug"]
    path = tmp_path / "bad.yaml"
    path.write_text(yaml.safe_dump(data))

    with pytest.raises(CommandError) as error:
        run(path)

    message = str(error.value)
    assert "threshold_level is not set" in message
    assert "level 3 is missing" in message
    assert "duplicate aspect slug 'curriculum-1'" in message
    assert "Nothing was loaded" in message
    assert not Framework.objects.exists()


def test_a_missing_file_is_a_clear_error() -> None:
    with pytest.raises(CommandError, match="No such file"):
        run("/nonexistent/framework.yaml")


def test_a_mapping_from_unknown_previous_aspects_is_refused(tmp_path: Path) -> None:
    first = tmp_path / "v1.yaml"
    first.write_text(framework_yaml(version=1))
    run(first)
    second = tmp_path / "v2.yaml"
    second.write_text(
        framework_yaml(version=2, mapping=[{"from": ["no-such-aspect"], "to": ["leadership-1"], "kind": "renamed"}])
    )

    with pytest.raises(CommandError) as error:
        run(second)

    assert "'from' aspect 'no-such-aspect' is not an aspect of test-cqf version 1" in str(error.value)
    assert Framework.objects.get(is_current=True).version == 1
    assert Framework.objects.count() == 1


def test_an_older_version_is_refused(tmp_path: Path) -> None:
    newer = tmp_path / "v2.yaml"
    newer.write_text(framework_yaml(version=2))
    run(newer)
    older = tmp_path / "v1.yaml"
    older.write_text(framework_yaml(version=1))

    with pytest.raises(CommandError, match="not newer than the current version 2"):
        run(older)


def test_publishing_a_new_version_reports_moves_and_retired_aspects(tmp_path: Path, cast: Cast) -> None:
    first = tmp_path / "v1.yaml"
    first.write_text(framework_yaml(version=1))
    run(first)
    judgement_save(
        school=cast.school_a, aspect=Aspect.objects.get(slug="impact-3"), level=3, current_position="",
        evidence_commentary="", improvement_actions="", evidence_ids=[], by=cast.lead, expected_version=0,
    )  # fmt: skip
    aspects = default_aspects() | {"impact": ["impact-1", "impact-2", "impact-4"]}
    second = tmp_path / "v2.yaml"
    second.write_text(framework_yaml(version=2, aspects=aspects))

    output = run(second)

    assert "Moved 1 school assessment(s) from version 1 onto it." in output
    assert "Retired aspects (judgements on them stay in the schools' history only): impact-3" in output
