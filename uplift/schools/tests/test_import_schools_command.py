"""``manage.py import_schools``: arguments, progress bar, bad-row report and summary."""

from __future__ import annotations

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from uplift.schools.models import School
from uplift.schools.tests.gias_files import GOOD_ROWS, YSGOL, with_values, write_gias

pytestmark = pytest.mark.django_db


def run(path: Path) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("import_schools", str(path), stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_prints_progress_and_summary(tmp_path: Path) -> None:
    out, err = run(write_gias(tmp_path, GOOD_ROWS, name="gias.csv.gz"))

    assert "Imported gias.csv.gz: 3 created, 0 updated, 0 unchanged, 0 skipped." in out
    assert "[##############################] 3/3" in err
    assert School.objects.count() == 3


def test_second_run_reports_every_school_unchanged(tmp_path: Path) -> None:
    path = write_gias(tmp_path, GOOD_ROWS)
    run(path)

    out, _ = run(path)

    assert "0 created, 0 updated, 3 unchanged, 0 skipped" in out


def test_lists_each_skipped_row_with_its_line(tmp_path: Path) -> None:
    out, err = run(write_gias(tmp_path, [*GOOD_ROWS, with_values(YSGOL, URN="abc")]))

    assert "Line 5: URN 'abc' is not a number - skipped" in err
    assert "3 created, 0 updated, 0 unchanged, 1 skipped" in out


def test_unreadable_file_stops_with_one_message(tmp_path: Path) -> None:
    path = tmp_path / "schools.csv.gz"
    path.write_bytes(b"plain text, not gzip")

    with pytest.raises(CommandError, match=r"schools.csv.gz is not a valid gzip file. Nothing was imported."):
        run(path)

    assert not School.objects.exists()
