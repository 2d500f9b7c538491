import csv
import io
import subprocess
import sys
from pathlib import Path

from uplift.clusters.matching import MatchParams, read_schools, score
from uplift.clusters.matching.cli import main

from .test_csvio import HEADER

ROOT = Path(__file__).resolve().parents[4]


def make_input(path):
    rows = [HEADER]
    for g, (x0, needs) in enumerate([(0, "0,3,3,0,0,0,0"), (100_000, "3,0,0,0,0,0,3")]):
        for i, (dx, dy) in enumerate([(0, 0), (1000, 0), (0, 1000)]):
            rows.append(f"G{g}S{i},Primary,{400_000 + x0 + dx},{300_000 + dy},{needs}")
    rows.append("LONE,Secondary,450000,300000,1,1,1,1,1,1,1")
    path.write_text("\n".join(rows) + "\n")


def test_cli_end_to_end(tmp_path):
    src, dst = tmp_path / "in.csv", tmp_path / "out.csv"
    make_input(src)
    out = io.StringIO()
    rc = main(["--input", str(src), "--output", str(dst), "--time-limit", "1", "--seed", "4"], stdout=out)
    assert rc == 0
    text = out.getvalue()
    assert "100.0%" in text and "2 clusters, 1 unassigned" in text and "objective" in text
    with open(dst, newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert list(rows[0])[:2] == ["school_id", "cluster_id"]
    assert {"meeting_school", "km_to_meeting", "focus", "reason"} <= set(rows[0])
    by_id = {r["school_id"]: r for r in rows}
    assert by_id["LONE"]["cluster_id"] == ""
    assert by_id["LONE"]["reason"] == "no other secondary school within 25 km"
    assert by_id["G0S0"]["cluster_id"] == by_id["G0S1"]["cluster_id"] != by_id["G1S0"]["cluster_id"]
    assert by_id["G0S1"]["meeting_school"] == "G0S0" and by_id["G0S1"]["km_to_meeting"] == "1.00"
    assert by_id["G0S1"]["focus"] == "Curriculum; Teaching"
    schools = read_schools(src)
    assignment = {r["school_id"]: r["cluster_id"] or None for r in rows}
    assert score(schools, assignment, MatchParams())[1] == []


def test_cli_reports_bad_input_with_line(tmp_path):
    src = tmp_path / "in.csv"
    src.write_text(HEADER + "\n1,Primary,1,2,1,1,1,1,1,1,9\n")
    err = io.StringIO()
    rc = main(["--input", str(src), "--output", str(tmp_path / "o.csv")], stdout=io.StringIO(), stderr=err)
    assert rc == 1
    assert "line 2: need_impact is 9, outside 0..3" in err.getvalue()
    assert not (tmp_path / "o.csv").exists()


def test_python_dash_m(tmp_path):
    src, dst = tmp_path / "in.csv", tmp_path / "out.csv"
    make_input(src)
    res = subprocess.run(  # noqa: S603
        [sys.executable, "-m", "uplift.clusters.matching", "--input", str(src), "--output", str(dst), "--quiet"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert res.returncode == 0, res.stderr
    assert "2 clusters, 1 unassigned" in res.stdout
    assert dst.exists()
