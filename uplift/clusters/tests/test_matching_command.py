"""``manage.py match_clusters``: the engine from the command line, errors as CommandError with the line."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

HEADER = (
    "school_id,phase,easting,northing,need_leadership,need_curriculum,need_teaching,need_staff_development,"
    "need_inclusion,need_careers,need_impact,name\n"
)
ROWS = [
    "a,Primary,354000,429000,3,1,1,0,0,0,0,Alpha",
    "b,Primary,356000,429000,3,1,1,0,0,0,0,Beta",
    "c,Primary,354000,431000,2.5,1,1,0,0,0,0,Gamma",
    "d,Secondary,354000,429500,1,1,1,1,1,1,1,Delta",
]


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "in.csv"
    path.write_text(text, encoding="utf-8")
    return path


def test_it_writes_the_proposal(tmp_path: Path) -> None:
    source = write(tmp_path, HEADER + "\n".join(ROWS) + "\n")
    target = tmp_path / "out.csv"
    out = io.StringIO()
    call_command("match_clusters", "--input", source, "--output", target, "--max-km", "25", "--seed", "1", stdout=out)
    rows = {row["school_id"]: row for row in csv.DictReader(target.open(encoding="utf-8"))}
    assert rows["a"]["cluster_id"] == rows["b"]["cluster_id"] == rows["c"]["cluster_id"] != ""
    assert rows["d"]["cluster_id"] == ""
    assert "no other secondary school within 25 km" in rows["d"]["reason"]
    assert "4 schools -> 1 clusters, 1 unassigned" in out.getvalue()


def test_a_tighter_limit_leaves_everyone_unassigned(tmp_path: Path) -> None:
    source = write(tmp_path, HEADER + "\n".join(ROWS) + "\n")
    target = tmp_path / "out.csv"
    call_command(
        "match_clusters", "--input", source, "--output", target, "--max-km", "1", "--quiet", stdout=io.StringIO()
    )
    assert {row["cluster_id"] for row in csv.DictReader(target.open(encoding="utf-8"))} == {""}


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (HEADER.replace("need_impact,", "") + ROWS[0] + "\n", "line 1: missing column(s): need_impact"),
        (HEADER + ROWS[0] + "\n" + ROWS[1].replace("356000", "east") + "\n", "line 3: easting is not a number: 'east'"),
        (HEADER + ROWS[0] + "\n" + ROWS[0] + "\n", "line 3: duplicate school_id 'a' (first on line 2)"),
    ],
)
def test_bad_input_is_refused_with_the_line(tmp_path: Path, text: str, message: str) -> None:
    source = write(tmp_path, text)
    with pytest.raises(CommandError, match=message.replace("(", r"\(").replace(")", r"\)")):
        call_command("match_clusters", "--input", source, "--output", tmp_path / "out.csv", stdout=io.StringIO())
    assert not (tmp_path / "out.csv").exists()


def test_bad_options_are_refused(tmp_path: Path) -> None:
    source = write(tmp_path, HEADER + "\n".join(ROWS) + "\n")
    with pytest.raises(CommandError, match="--max-km must be positive"):
        call_command("match_clusters", "--input", source, "--output", tmp_path / "o.csv", "--max-km", "0")
