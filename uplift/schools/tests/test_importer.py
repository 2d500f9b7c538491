"""The GIAS importer (uplift/schools/importer.py), one behaviour at a time."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest

from uplift.schools import importer
from uplift.schools.importer import ImportRefused, RowProblem, schools_import
from uplift.schools.models import LocalAuthority, Phase, Region, School, Trust
from uplift.schools.tests.factories import LocalAuthorityFactory, RegionFactory, SchoolFactory
from uplift.schools.tests.gias_files import GOOD_ROWS, HEADER, OAKFIELD, ST_MARYS, YSGOL, with_values, write_gias

pytestmark = pytest.mark.django_db


def test_cp1252_file_creates_schools_with_every_column(tmp_path: Path) -> None:
    result = schools_import(path=write_gias(tmp_path, GOOD_ROWS, encoding="cp1252"))

    assert (result.created, result.updated, result.unchanged, result.skipped) == (3, 0, 0, 0)
    school = School.objects.get(urn=700002)
    assert school.name == "Ysgol Gymraeg Llundain \u2013 Écoles Unies"
    assert school.phase == Phase.SECONDARY
    assert school.type_name == "Academy converter"
    assert school.status == "Open"
    assert school.local_authority.name == "Camden"
    assert school.region.name == "London"
    assert school.trust.name == "Thames Learning Trust"
    assert (school.town, school.postcode, school.postcode_compact) == ("London", "NW1 2CD", "NW12CD")
    assert (school.easting, school.northing, school.number_of_pupils) == (529100, 183200, 950)
    assert School.objects.get(urn=700001).name == "St Mary\u2019s Church of England Primary School"


def test_gzipped_file_is_read(tmp_path: Path) -> None:
    result = schools_import(path=write_gias(tmp_path, GOOD_ROWS, name="edubase.csv.gz"))

    assert result.created == 3
    assert School.objects.get(urn=700001).name.startswith("St Mary\u2019s")


def test_utf8_file_with_byte_order_mark_is_read(tmp_path: Path) -> None:
    result = schools_import(path=write_gias(tmp_path, GOOD_ROWS, encoding="utf-8-sig"))

    assert result.created == 3
    assert School.objects.get(urn=700002).name == "Ysgol Gymraeg Llundain \u2013 Écoles Unies"


def test_local_authority_is_linked_to_the_region_in_the_gor_column(tmp_path: Path) -> None:
    schools_import(path=write_gias(tmp_path, GOOD_ROWS))

    assert LocalAuthority.objects.get(name="Lancashire").region.name == "North West"
    assert LocalAuthority.objects.get(name="Camden").region.name == "London"
    assert Region.objects.count() == 2
    assert Trust.objects.count() == 1


def test_existing_local_authority_moves_to_the_region_the_file_gives(tmp_path: Path) -> None:
    LocalAuthorityFactory(name="Lancashire", region=RegionFactory(name="Somewhere Else"))

    schools_import(path=write_gias(tmp_path, GOOD_ROWS))

    assert LocalAuthority.objects.get(name="Lancashire").region.name == "North West"


def test_reimporting_the_same_file_changes_nothing(tmp_path: Path) -> None:
    path = write_gias(tmp_path, GOOD_ROWS)
    schools_import(path=path)
    before = list(School.objects.order_by("urn").values())

    result = schools_import(path=path)

    assert (result.created, result.updated, result.unchanged, result.skipped) == (0, 0, 3, 0)
    assert list(School.objects.order_by("urn").values()) == before
    assert (Region.objects.count(), LocalAuthority.objects.count(), Trust.objects.count()) == (2, 2, 1)


def test_changed_row_updates_the_school_matched_by_urn(tmp_path: Path) -> None:
    schools_import(path=write_gias(tmp_path, GOOD_ROWS))
    renamed = with_values(ST_MARYS, EstablishmentName="St Mary\u2019s Academy", NumberOfPupils="230")

    result = schools_import(path=write_gias(tmp_path, [renamed, YSGOL, OAKFIELD], name="newer.csv"))

    assert (result.created, result.updated, result.unchanged) == (0, 1, 2)
    school = School.objects.get(urn=700001)
    assert (school.name, school.number_of_pupils) == ("St Mary\u2019s Academy", 230)
    assert School.objects.count() == 3


def test_school_missing_from_a_newer_file_is_kept(tmp_path: Path) -> None:
    schools_import(path=write_gias(tmp_path, GOOD_ROWS))

    result = schools_import(path=write_gias(tmp_path, [ST_MARYS], name="newer.csv"))

    assert result.unchanged == 1
    assert set(School.objects.values_list("urn", flat=True)) == {700001, 700002, 700003}


def test_only_urn_and_name_are_required(tmp_path: Path) -> None:
    path = write_gias(tmp_path, [["800001", "Hillview Primary School"]], header=["URN", "EstablishmentName"])

    result = schools_import(path=path)

    assert result.created == 1
    school = School.objects.get(urn=800001)
    assert (school.phase, school.local_authority, school.easting) == ("", None, None)


def test_column_absent_from_the_file_leaves_existing_values_alone(tmp_path: Path) -> None:
    school = SchoolFactory(urn=800001, name="Hillview", phase=Phase.PRIMARY, number_of_pupils=120)
    path = write_gias(tmp_path, [["800001", "Hillview Primary School"]], header=["URN", "EstablishmentName"])

    result = schools_import(path=path)

    assert result.updated == 1
    school.refresh_from_db()
    assert (school.name, school.phase, school.number_of_pupils) == ("Hillview Primary School", "primary", 120)
    assert school.local_authority is not None


def test_blank_optional_values_clear_the_field(tmp_path: Path) -> None:
    schools_import(path=write_gias(tmp_path, GOOD_ROWS))
    blank = with_values(YSGOL, PhaseOfEducation="", Easting="", Northing="", Trusts="", LA="", GOR="")

    schools_import(path=write_gias(tmp_path, [blank], name="newer.csv"))

    school = School.objects.get(urn=700002)
    assert (school.phase, school.easting, school.northing) == ("", None, None)
    assert (school.trust, school.local_authority, school.region) == (None, None, None)


def test_each_bad_row_is_skipped_and_reported_with_its_line(tmp_path: Path) -> None:
    rows = [
        ST_MARYS,  # line 2
        with_values(YSGOL, URN=""),  # line 3
        with_values(YSGOL, URN="70000X"),  # line 4
        with_values(YSGOL, URN="700010", Easting="east"),  # line 5
        with_values(YSGOL, URN="700011", Northing="-12"),  # line 6
        with_values(YSGOL, URN="700012", NumberOfPupils="many"),  # line 7
        with_values(YSGOL, URN="700013", PhaseOfEducation="Kindergarten"),  # line 8
        with_values(ST_MARYS, EstablishmentName="Duplicate"),  # line 9
        with_values(YSGOL, URN="700014", EstablishmentName=""),  # line 10
        OAKFIELD,  # line 11
    ]

    result = schools_import(path=write_gias(tmp_path, rows))

    assert result.created == 2
    assert result.problems == [
        RowProblem(3, "no URN"),
        RowProblem(4, "URN '70000X' is not a number"),
        RowProblem(5, "Easting 'east' is not a whole number"),
        RowProblem(6, "Northing '-12' is not a whole number"),
        RowProblem(7, "NumberOfPupils 'many' is not a whole number"),
        RowProblem(8, "unknown phase 'Kindergarten'"),
        RowProblem(9, "URN 700001 appears again (first on line 2)"),
        RowProblem(10, "no establishment name"),
    ]
    assert result.skipped == 8
    assert set(School.objects.values_list("urn", flat=True)) == {700001, 700003}
    assert School.objects.get(urn=700001).name.startswith("St Mary\u2019s")


def test_line_numbers_count_physical_lines_of_quoted_multiline_values(tmp_path: Path) -> None:
    rows = [with_values(ST_MARYS, Town="Preston\nLancashire"), with_values(YSGOL, URN="bad")]

    result = schools_import(path=write_gias(tmp_path, rows))

    assert result.problems == [RowProblem(4, "URN 'bad' is not a number")]


def test_value_too_long_for_the_register_is_a_bad_row(tmp_path: Path) -> None:
    result = schools_import(path=write_gias(tmp_path, [with_values(ST_MARYS, Postcode="X" * 13)]))

    assert result.problems == [RowProblem(2, "Postcode is longer than 12 characters")]
    assert not School.objects.exists()


def test_other_columns_and_blank_lines_are_ignored(tmp_path: Path) -> None:
    path = tmp_path / "schools.csv"
    path.write_text("OpenDate,URN,EstablishmentName,Gender (name)\r\n2001-01-01,900001,Elm Tree School,Mixed\r\n\r\n")

    result = schools_import(path=path)

    assert (result.created, result.skipped) == (1, 0)
    assert School.objects.get(urn=900001).name == "Elm Tree School"


def test_progress_is_reported_up_to_the_total(tmp_path: Path) -> None:
    calls: list[tuple[int, int]] = []

    schools_import(path=write_gias(tmp_path, GOOD_ROWS), progress=lambda done, total: calls.append((done, total)))

    assert calls[-1] == (3, 3)


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("empty.csv", b"", "is empty"),
        ("blank.csv", b"\r\n  \r\n", "is empty"),
        ("no-columns.csv", b"Name,Town\r\nOakfield,Leeds\r\n", "missing: URN, EstablishmentName"),
        ("no-name.csv", b"URN,Town\r\n1,Leeds\r\n", "missing: EstablishmentName"),
        ("picture.csv", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary data"),
        ("notes.csv", b"These are my notes about schools.\nNothing tabular.\n", "not a GIAS schools file"),
        ("broken.csv.gz", b"this is not gzip at all", "not a valid gzip file"),
        ("truncated.csv.gz", gzip.compress(b"URN,EstablishmentName\r\n1,A\r\n", mtime=0)[:-12], "a valid gzip file"),
        ("latin.csv", b"URN,EstablishmentName\r\n1,\x81\x8d\x8f\x90\x9d\r\n", "UTF-8 or Windows-1252"),
    ],
)
def test_unreadable_file_is_refused_with_one_message(tmp_path: Path, name: str, content: bytes, message: str) -> None:
    path = tmp_path / name
    path.write_bytes(content)

    with pytest.raises(ImportRefused, match=message):
        schools_import(path=path)

    assert not School.objects.exists()


def test_missing_file_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ImportRefused, match="There is no file"):
        schools_import(path=tmp_path / "nowhere.csv")


def test_failure_while_writing_leaves_no_partial_import(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(importer, "BATCH_SIZE", 1)
    original = importer._BatchWriter.flush
    calls = []

    def fail_on_second_batch(writer: importer._BatchWriter) -> None:
        calls.append(1)
        if len(calls) == 2:
            raise RuntimeError("database went away")
        original(writer)

    monkeypatch.setattr(importer._BatchWriter, "flush", fail_on_second_batch)

    with pytest.raises(RuntimeError):
        schools_import(path=write_gias(tmp_path, GOOD_ROWS))

    assert len(calls) == 2
    assert not School.objects.exists()
    assert not Region.objects.exists()


def test_header_must_be_the_first_line(tmp_path: Path) -> None:
    path = tmp_path / "schools.csv"
    path.write_text("\r\n" + ",".join(HEADER) + "\r\n")

    with pytest.raises(ImportRefused, match="first line must name the columns"):
        schools_import(path=path)


def test_malformed_csv_is_refused_before_anything_is_written(tmp_path: Path) -> None:
    path = tmp_path / "schools.csv"
    path.write_text(f"URN,EstablishmentName\r\n1,Elm Tree School\r\n2,{'x' * 200_000}\r\n")

    with pytest.raises(ImportRefused, match="not valid CSV near line 3"):
        schools_import(path=path)

    assert not School.objects.exists()


def test_quote_left_open_is_refused_rather_than_swallowing_the_rows_after_it(tmp_path: Path) -> None:
    path = tmp_path / "schools.csv"
    path.write_text('URN,EstablishmentName,Town\r\n1,"Elm Tree School,Leeds\r\n2,Ash Grove School,York\r\n')

    with pytest.raises(ImportRefused, match="not valid CSV"):
        schools_import(path=path)

    assert not School.objects.exists()
