"""Import the national register of schools from a DfE "Get Information about Schools" (GIAS) download.

The file is a GIAS establishment CSV (``.csv`` or ``.csv.gz``), in cp1252 as GIAS publishes it or in
UTF-8. Only ``URN`` and ``EstablishmentName`` are required; the other columns in ``COLUMNS`` are read
when present and every other column is ignored. A column that is absent from the file leaves that
field of existing schools as it was; a column that is present but blank clears it.

Rules:

- Schools are matched by URN and upserted in bulk; a school missing from a newer file is kept.
- Re-importing the same file changes nothing (every school is reported unchanged).
- Each bad row is skipped and reported with its physical line number (the header is line 1).
- A file that cannot be read at all is refused with one message, before anything is written; the
  writes themselves happen in one transaction.
"""

from __future__ import annotations

import csv
import gzip
import io
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from django.db import connection, transaction
from django.utils import timezone

from uplift.schools.models import LocalAuthority, Phase, Region, School, Trust

# GIAS column -> School field (or the related name) read from it.
URN = "URN"
NAME = "EstablishmentName"
STATUS = "EstablishmentStatus (name)"
PHASE = "PhaseOfEducation (name)"
TYPE = "TypeOfEstablishment (name)"
LA = "LA (name)"
REGION = "GOR (name)"
TOWN = "Town"
POSTCODE = "Postcode"
EASTING = "Easting"
NORTHING = "Northing"
PUPILS = "NumberOfPupils"
TRUST = "Trusts (name)"
REQUIRED_COLUMNS = (URN, NAME)

# Plain text columns: GIAS column -> (School field, the field's maximum length).
TEXT_COLUMNS = {
    NAME: ("name", 200),
    STATUS: ("status", 60),
    TYPE: ("type_name", 120),
    TOWN: ("town", 120),
    POSTCODE: ("postcode", 12),
}
NUMBER_COLUMNS = {EASTING: "easting", NORTHING: "northing", PUPILS: "number_of_pupils"}
NAME_LIMITS = {LA: 120, REGION: 100, TRUST: 200}
# GIAS publishes a few "not applicable" placeholders where other files have a blank.
BLANK_PLACEHOLDERS = {"", "not applicable", "null"}

# Phase.from_gias as a look-up table, since it runs once a row.
PHASES = {phase.label.lower(): phase.value for phase in Phase}
BATCH_SIZE = 1000
ProgressCallback = Callable[[int, int], None]


class ImportRefused(Exception):
    """The file cannot be imported at all; nothing was written."""


@dataclass(frozen=True)
class RowProblem:
    line: int
    reason: str

    def __str__(self) -> str:
        return f"Line {self.line}: {self.reason}"


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    problems: list[RowProblem] = field(default_factory=list)

    @property
    def skipped(self) -> int:
        return len(self.problems)

    @property
    def total(self) -> int:
        return self.created + self.updated + self.unchanged + self.skipped

    def summary(self) -> str:
        return f"{self.created} created, {self.updated} updated, {self.unchanged} unchanged, {self.skipped} skipped"


@dataclass
class _Row:
    """One valid row: the School fields it sets, and the names of its related objects."""

    line: int
    urn: int
    values: dict[str, object]
    la: str | None = None
    region: str | None = None
    trust: str | None = None


class _BadRow(ValueError):
    pass


def schools_import(*, path: Path, progress: ProgressCallback | None = None) -> ImportResult:
    """Upsert the schools in a GIAS CSV file (plain or gzipped) into the register.

    Raises ``ImportRefused`` (nothing written) when the file cannot be read as a GIAS CSV. Bad rows
    are skipped and listed in the result's ``problems``. ``progress(done, total)`` is called as the
    rows are written.
    """
    text = _read_text(path)
    rows, problems, columns = _parse(text)
    result = ImportResult(problems=problems)
    with transaction.atomic():
        _write(rows, columns, result, progress)
    result.problems.sort(key=lambda problem: problem.line)
    return result


# Reading ------------------------------------------------------------------------------------------


def _read_text(path: Path) -> str:
    try:
        raw = path.read_bytes()
    except FileNotFoundError as exc:
        raise ImportRefused(f"There is no file at {path}.") from exc
    except OSError as exc:
        raise ImportRefused(f"The file {path} cannot be read: {exc.strerror or exc}.") from exc
    if raw[:2] == b"\x1f\x8b" or path.suffix.lower() == ".gz":
        try:
            raw = gzip.decompress(raw)
        except (OSError, EOFError, zlib.error) as exc:
            raise ImportRefused(f"{path.name} is not a valid gzip file.") from exc
    if not raw.strip():
        raise ImportRefused(f"{path.name} is empty.")
    if b"\x00" in raw:
        raise ImportRefused(f"{path.name} is not a CSV file (it contains binary data).")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return raw.decode("cp1252")
    except UnicodeDecodeError as exc:
        raise ImportRefused(f"{path.name} is not a CSV file in UTF-8 or Windows-1252 (cp1252) text.") from exc


def _records(text: str) -> Iterator[tuple[int, list[str]]]:
    """(physical line where the record starts, its fields); blank lines are passed over."""
    # strict: a quote left open would otherwise swallow the rest of the file into one "school name".
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    next_line = 1
    try:
        for record in reader:
            start, next_line = next_line, reader.line_num + 1
            if any(value.strip() for value in record):
                yield start, record
    except csv.Error as exc:
        raise ImportRefused(f"The file is not valid CSV near line {reader.line_num}: {exc}.") from exc


def _parse(text: str) -> tuple[list[_Row], list[RowProblem], set[str]]:
    records = _records(text)
    header_line, header = next(records, (1, []))
    columns = {name.strip(): index for index, name in enumerate(header) if name.strip()}
    missing = [name for name in REQUIRED_COLUMNS if name not in columns]
    if header_line != 1 or missing:
        raise ImportRefused(
            "This is not a GIAS schools file: the first line must name the columns, including "
            + " and ".join(f'"{name}"' for name in REQUIRED_COLUMNS)
            + (f" (missing: {', '.join(missing)})." if missing else ".")
        )
    rows: list[_Row] = []
    problems: list[RowProblem] = []
    first_line_of: dict[int, int] = {}
    for line, record in records:
        try:
            row = _row(line, record, columns)
        except _BadRow as exc:
            problems.append(RowProblem(line, str(exc)))
            continue
        if row.urn in first_line_of:
            problems.append(RowProblem(line, f"URN {row.urn} appears again (first on line {first_line_of[row.urn]})"))
            continue
        first_line_of[row.urn] = line
        rows.append(row)
    return rows, problems, set(columns)


def _row(line: int, record: list[str], columns: dict[str, int]) -> _Row:
    def cell(column: str) -> str:
        index = columns.get(column)
        return record[index].strip() if index is not None and index < len(record) else ""

    urn_text = cell(URN)
    if not urn_text:
        raise _BadRow("no URN")
    if not urn_text.isdigit() or int(urn_text) == 0:
        raise _BadRow(f"URN {urn_text!r} is not a number")
    values: dict[str, object] = {}
    for column, (field_name, limit) in TEXT_COLUMNS.items():
        if column in columns:
            values[field_name] = _text(column, cell(column), limit)
    if not values["name"]:
        raise _BadRow("no establishment name")
    if POSTCODE in columns:
        values["postcode_compact"] = str(values["postcode"]).replace(" ", "").upper()
    if PHASE in columns:
        values["phase"] = _phase(cell(PHASE))
    for column, field_name in NUMBER_COLUMNS.items():
        if column in columns:
            values[field_name] = _whole_number(column, cell(column))
    names = {column: _text(column, cell(column), limit) for column, limit in NAME_LIMITS.items()}
    names = {column: None if value.lower() in BLANK_PLACEHOLDERS else value for column, value in names.items()}
    return _Row(line=line, urn=int(urn_text), values=values, la=names[LA], region=names[REGION], trust=names[TRUST])


def _text(column: str, value: str, limit: int) -> str:
    if len(value) > limit:
        raise _BadRow(f"{column} is longer than {limit} characters")
    return value


def _phase(label: str) -> str:
    if not label:
        return ""
    phase = PHASES.get(label.lower())
    if phase is None:
        raise _BadRow(f"unknown phase {label!r}")
    return phase


def _whole_number(column: str, text: str) -> int | None:
    if text and not text.isdigit():
        raise _BadRow(f"{column} {text!r} is not a whole number")
    return int(text) if text else None


# Writing ------------------------------------------------------------------------------------------


def _write(rows: list[_Row], columns: set[str], result: ImportResult, progress: ProgressCallback | None) -> None:
    regions = _get_or_create_named(Region, {row.region for row in rows if row.region})
    trusts = _get_or_create_named(Trust, {row.trust for row in rows if row.trust})
    authorities = _local_authorities(rows, regions)
    compared = _field_names(columns)
    existing = _existing_schools([row.urn for row in rows], compared)
    writer = _BatchWriter(compared)
    for done, row in enumerate(rows, start=1):
        values = row.values
        if LA in columns:
            values["local_authority_id"] = authorities[row.la].pk if row.la else None
        if REGION in columns:
            values["region_id"] = regions[row.region].pk if row.region else None
        if TRUST in columns:
            values["trust_id"] = trusts[row.trust].pk if row.trust else None
        new = tuple(values[name] for name in compared)
        found = existing.get(row.urn)
        if found is None:
            writer.create(row.urn, new)
            result.created += 1
        elif found[1] != new:
            writer.update(found[0], new)
            result.updated += 1
        else:
            result.unchanged += 1
        if progress and (done % BATCH_SIZE == 0 or done == len(rows)):
            progress(done, len(rows))
    writer.flush()


class _BatchWriter:
    """Inserts new schools and updates changed ones, a batch at a time.

    A full register is tens of thousands of rows; ``bulk_create`` spends most of its time preparing
    each value through the ORM, so this sends plain parameter rows with ``executemany`` instead.
    Every value is already a str, int or None; ``imported_at`` is adapted for the database.
    """

    def __init__(self, fields: list[str]) -> None:
        table = connection.ops.quote_name(School._meta.db_table)
        quote = connection.ops.quote_name
        model_fields = {f.attname: f for f in School._meta.concrete_fields if not f.primary_key}
        # Columns the file does not set get the model's default on insert.
        self.defaults = tuple(
            f.get_db_prep_save(f.get_default(), connection)
            for name, f in model_fields.items()
            if name not in {"urn", "imported_at", *fields}
        )
        insert_columns = ["urn", "imported_at", *fields]
        insert_columns += [name for name in model_fields if name not in insert_columns]
        # Table and column names come from the model's own metadata; every value is a parameter.
        names = ", ".join(quote(model_fields[name].column) for name in insert_columns)
        placeholders = ", ".join(["%s"] * len(insert_columns))
        self.insert_sql = f"INSERT INTO {table} ({names}) VALUES ({placeholders})"  # noqa: S608
        assignments = ", ".join(f"{quote(model_fields[name].column)} = %s" for name in [*fields, "imported_at"])
        self.update_sql = f"UPDATE {table} SET {assignments} WHERE {quote(School._meta.pk.column)} = %s"  # noqa: S608
        self.now = connection.ops.adapt_datetimefield_value(timezone.now())
        self.to_create: list[tuple] = []
        self.to_update: list[tuple] = []

    def create(self, urn: int, values: tuple) -> None:
        self.to_create.append((urn, self.now, *values, *self.defaults))
        if len(self.to_create) >= BATCH_SIZE:
            self.flush()

    def update(self, pk: int, values: tuple) -> None:
        self.to_update.append((*values, self.now, pk))
        if len(self.to_update) >= BATCH_SIZE:
            self.flush()

    def flush(self) -> None:
        with connection.cursor() as cursor:
            if self.to_create:
                cursor.executemany(self.insert_sql, self.to_create)
                self.to_create = []
            if self.to_update:
                cursor.executemany(self.update_sql, self.to_update)
                self.to_update = []


def _field_names(columns: set[str]) -> list[str]:
    """The School fields this file sets (a column absent from the file leaves its field alone)."""
    names = [field_name for column, (field_name, _) in TEXT_COLUMNS.items() if column in columns]
    if POSTCODE in columns:
        names.append("postcode_compact")
    if PHASE in columns:
        names.append("phase")
    names += [field_name for column, field_name in NUMBER_COLUMNS.items() if column in columns]
    related = {LA: "local_authority_id", REGION: "region_id", TRUST: "trust_id"}
    names += [field_name for column, field_name in related.items() if column in columns]
    return names


def _get_or_create_named[M: (Region, Trust)](model: type[M], names: set[str]) -> dict[str, M]:
    """Every object of ``model`` with one of ``names``, creating the missing ones in bulk."""
    found = {obj.name: obj for obj in _in_chunks(model.objects.all(), "name", sorted(names))}
    missing = [model(name=name) for name in sorted(names - set(found))]
    if missing:
        model.objects.bulk_create(missing, batch_size=BATCH_SIZE)
        found |= {obj.name: obj for obj in _in_chunks(model.objects.all(), "name", [m.name for m in missing])}
    return found


def _local_authorities(rows: list[_Row], regions: dict[str, Region]) -> dict[str, LocalAuthority]:
    """Local authorities by name, created as needed, each linked to the region the file gives it."""
    region_of: dict[str, str | None] = {}
    for row in rows:
        if row.la and (row.la not in region_of or region_of[row.la] is None):
            region_of[row.la] = row.region
    found = {la.name: la for la in LocalAuthority.objects.filter(name__in=list(region_of))}
    missing = [
        LocalAuthority(name=name, region=regions[region] if region else None)
        for name, region in sorted(region_of.items())
        if name not in found
    ]
    if missing:
        LocalAuthority.objects.bulk_create(missing, batch_size=BATCH_SIZE)
        found = {la.name: la for la in LocalAuthority.objects.filter(name__in=list(region_of))}
    moved = []
    for name, region in region_of.items():
        la = found[name]
        if region and la.region_id != regions[region].pk:
            la.region = regions[region]
            moved.append(la)
    if moved:
        LocalAuthority.objects.bulk_update(moved, ["region"], batch_size=BATCH_SIZE)
    return found


def _existing_schools(urns: list[int], fields: list[str]) -> dict[int, tuple[int, tuple]]:
    """(primary key, current values of ``fields``) of the schools already registered, by URN."""
    rows = _in_chunks(School.objects.values_list("urn", "pk", *fields), "urn", urns)
    return {urn: (pk, tuple(values)) for urn, pk, *values in rows}


def _in_chunks[M](queryset: object, field_name: str, values: list, size: int = 5000) -> Iterator[M]:
    """Objects whose ``field_name`` is in ``values``, a chunk at a time (SQLite limits query parameters)."""
    for start in range(0, len(values), size):
        yield from queryset.filter(**{f"{field_name}__in": values[start : start + size]})  # type: ignore[attr-defined]
