import pytest

from uplift.clusters.matching import MatchingInputError, read_schools

HEADER = (
    "school_id,phase,easting,northing,need_leadership,need_curriculum,need_teaching,"
    "need_staff_development,need_inclusion,need_careers,need_impact"
)
GOOD = "100,Primary,400000,300000,1,2,3,0,1,2,1.5"


def write(tmp_path, text):
    p = tmp_path / "in.csv"
    p.write_text(text)
    return p


def test_reads_good_file_and_ignores_extra_columns(tmp_path):
    p = write(tmp_path, "name," + HEADER + "\nX," + GOOD + "\n\nY,101,Secondary,1,2,0,0,0,0,0,0,3\n")
    schools = read_schools(p)
    assert [s.id for s in schools] == ["100", "101"]
    assert schools[0].needs == (1, 2, 3, 0, 1, 2, 1.5)
    assert schools[1].phase == "Secondary"


@pytest.mark.parametrize(
    ("text", "line", "reason"),
    [
        ("", 1, "empty"),
        (HEADER + "\n", 1, "no schools"),
        (HEADER.replace(",need_impact", "") + "\n" + GOOD + "\n", 1, "missing column(s): need_impact"),
        (HEADER + "\n" + GOOD + "\n101,Primary,abc,300000,1,1,1,1,1,1,1\n", 3, "easting is not a number"),
        (HEADER + "\n" + GOOD + "\n101,Primary,1,2,1,1,1,1,1,1,3.5\n", 3, "need_impact is 3.5, outside 0..3"),
        (HEADER + "\n" + GOOD + "\n101,Primary,1,2,-0.1,1,1,1,1,1,1\n", 3, "need_leadership is -0.1"),
        (HEADER + "\n" + GOOD + "\n\n" + GOOD + "\n", 4, "duplicate school_id '100' (first on line 2)"),
        (HEADER + "\n" + GOOD + "\n101,Primary,1,,1,1,1,1,1,1,1\n", 3, "northing is empty"),
        (HEADER + "\n,Primary,1,2,1,1,1,1,1,1,1\n", 2, "school_id is empty"),
        (HEADER + "\n101,,1,2,1,1,1,1,1,1,1\n", 2, "phase is empty"),
        (HEADER + "\n101,Primary,1,2,1,1,nan,1,1,1,1\n", 2, "need_teaching is not a finite number"),
        (HEADER + "\n101,Primary,1,2,1,1,1\n", 2, "need_staff_development is empty"),
    ],
)
def test_bad_input_reports_line_and_reason(tmp_path, text, line, reason):
    p = write(tmp_path, text)
    with pytest.raises(MatchingInputError) as exc:
        read_schools(p)
    assert exc.value.line == line
    assert reason in exc.value.reason
    assert str(exc.value).startswith(f"line {line}: ")


def test_missing_file(tmp_path):
    with pytest.raises(MatchingInputError, match="cannot open"):
        read_schools(tmp_path / "nope.csv")
