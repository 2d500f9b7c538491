"""Small GIAS-layout CSV files the tests write themselves (never the real download)."""

from __future__ import annotations

import csv
import gzip
import io
from pathlib import Path

HEADER = [
    "URN",
    "EstablishmentName",
    "EstablishmentStatus (name)",
    "PhaseOfEducation (name)",
    "TypeOfEstablishment (name)",
    "LA (name)",
    "GOR (name)",
    "Town",
    "Postcode",
    "Easting",
    "Northing",
    "NumberOfPupils",
    "Trusts (name)",
    "Gender (name)",
]

ST_MARYS = [
    "700001", "St Mary\u2019s Church of England Primary School", "Open", "Primary", "Voluntary aided school",
    "Lancashire", "North West", "Preston", "PR1 2AB", "354100", "429200", "210", "", "Mixed",
]  # fmt: skip
YSGOL = [
    "700002", "Ysgol Gymraeg Llundain \u2013 Écoles Unies", "Open", "Secondary", "Academy converter",
    "Camden", "London", "London", "NW1 2CD", "529100", "183200", "950", "Thames Learning Trust", "Mixed",
]  # fmt: skip
OAKFIELD = [
    "700003", "Oakfield Academy", "Open", "All-through", "Free schools",
    "Camden", "London", "London", "NW1 3EF", "", "", "", "Thames Learning Trust", "Mixed",
]  # fmt: skip
GOOD_ROWS = [ST_MARYS, YSGOL, OAKFIELD]


def csv_text(rows: list[list[str]], header: list[str] | None = None) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(HEADER if header is None else header)
    writer.writerows(rows)
    return out.getvalue()


def write_gias(
    directory: Path,
    rows: list[list[str]],
    *,
    name: str = "schools.csv",
    encoding: str = "cp1252",
    header: list[str] | None = None,
) -> Path:
    """Write rows in the GIAS layout; a name ending .gz is gzipped."""
    data = csv_text(rows, header).encode(encoding)
    path = directory / name
    path.write_bytes(gzip.compress(data) if name.endswith(".gz") else data)
    return path


def with_values(row: list[str], **changes: str) -> list[str]:
    """A copy of a row with some columns changed, by GIAS column name with spaces and brackets removed."""
    keys = {column.replace(" (name)", "").replace(" ", ""): index for index, column in enumerate(HEADER)}
    changed = list(row)
    for key, value in changes.items():
        changed[keys[key]] = value
    return changed
