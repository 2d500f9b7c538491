"""CSV input and output for the matching engine.

IN.csv columns (others ignored): ``school_id,phase,easting,northing,need_leadership,need_curriculum,need_teaching,
need_staff_development,need_inclusion,need_careers,need_impact``.

OUT.csv: ``school_id,cluster_id`` (empty = unassigned), then ``phase,meeting_school,km_to_meeting,focus,reason``.
"""

from __future__ import annotations

import csv
import math
from collections.abc import Sequence
from pathlib import Path

from .engine import Proposal
from .objective import NEED_DIMS, SchoolInput

NEED_COLUMNS = tuple(f"need_{d}" for d in NEED_DIMS)
REQUIRED_COLUMNS = ("school_id", "phase", "easting", "northing", *NEED_COLUMNS)
OUTPUT_COLUMNS = ("school_id", "cluster_id", "phase", "meeting_school", "km_to_meeting", "focus", "reason")


class MatchingInputError(ValueError):
    """Bad input file; ``line`` is the 1-based line number in the file (1 = header), or None."""

    def __init__(self, line: int | None, reason: str):
        self.line = line
        self.reason = reason
        super().__init__(f"line {line}: {reason}" if line is not None else reason)


def _number(value: str | None, column: str, line: int) -> float:
    text = (value or "").strip()
    if not text:
        raise MatchingInputError(line, f"{column} is empty")
    try:
        x = float(text)
    except ValueError:
        raise MatchingInputError(line, f"{column} is not a number: {text!r}") from None
    if not math.isfinite(x):
        raise MatchingInputError(line, f"{column} is not a finite number: {text!r}")
    return x


def _parse_row(row: list[str], col: dict[str, int], line: int) -> SchoolInput:
    sid = row[col["school_id"]].strip()
    if not sid:
        raise MatchingInputError(line, "school_id is empty")
    phase = row[col["phase"]].strip()
    if not phase:
        raise MatchingInputError(line, "phase is empty")
    easting = _number(row[col["easting"]], "easting", line)
    northing = _number(row[col["northing"]], "northing", line)
    needs = []
    for c in NEED_COLUMNS:
        v = _number(row[col[c]], c, line)
        if not 0.0 <= v <= 3.0:
            raise MatchingInputError(line, f"{c} is {v:g}, outside 0..3")
        needs.append(v)
    return SchoolInput(sid, phase, easting, northing, tuple(needs))


def read_schools(path: str | Path) -> list[SchoolInput]:
    """Read IN.csv; raises ``MatchingInputError`` (with the line number) on any bad input."""
    try:
        fh = open(path, newline="", encoding="utf-8-sig")  # noqa: SIM115
    except OSError as exc:
        raise MatchingInputError(None, f"cannot open {path}: {exc.strerror or exc}") from None
    with fh:
        reader = csv.reader(fh)
        try:
            header = next(reader, None)
        except (csv.Error, UnicodeDecodeError) as exc:
            raise MatchingInputError(1, f"unreadable header: {exc}") from None
        if header is None or not any(h.strip() for h in header):
            raise MatchingInputError(1, "the file is empty (no header row)")
        names = [h.strip().lower() for h in header]
        missing = [c for c in REQUIRED_COLUMNS if c not in names]
        if missing:
            raise MatchingInputError(1, f"missing column(s): {', '.join(missing)}")
        dup_cols = sorted({c for c in REQUIRED_COLUMNS if names.count(c) > 1})
        if dup_cols:
            raise MatchingInputError(1, f"duplicate column(s): {', '.join(dup_cols)}")
        col = {c: names.index(c) for c in REQUIRED_COLUMNS}
        schools: list[SchoolInput] = []
        seen: dict[str, int] = {}
        line = 1
        while True:
            try:
                row = next(reader)
            except StopIteration:
                break
            except (csv.Error, UnicodeDecodeError) as exc:
                raise MatchingInputError(line + 1, f"unreadable row: {exc}") from None
            line = reader.line_num
            if not any(cell.strip() for cell in row):
                continue  # blank line
            school = _parse_row(row + [""] * (len(names) - len(row)), col, line)
            if school.id in seen:
                raise MatchingInputError(line, f"duplicate school_id {school.id!r} (first on line {seen[school.id]})")
            seen[school.id] = line
            schools.append(school)
        if not schools:
            raise MatchingInputError(line, "no schools in the file (header only)")
        return schools


def proposal_rows(schools: Sequence[SchoolInput], proposal: Proposal) -> list[dict]:
    """One row per school, in input order."""
    by_school = {}
    for c in proposal.clusters:
        for sid in c.members:
            by_school[sid] = c
    rows = []
    for s in schools:
        c = by_school.get(s.id)
        if c is None:
            rows.append(
                {
                    "school_id": s.id,
                    "cluster_id": "",
                    "phase": s.phase,
                    "meeting_school": "",
                    "km_to_meeting": "",
                    "focus": "",
                    "reason": proposal.unassigned.get(s.id, "unassigned"),
                }
            )
        else:
            rows.append(
                {
                    "school_id": s.id,
                    "cluster_id": c.id,
                    "phase": s.phase,
                    "meeting_school": c.meeting_school,
                    "km_to_meeting": f"{c.km_to_meeting[s.id]:.2f}",
                    "focus": "; ".join(c.focus),
                    "reason": c.member_reasons[s.id],
                }
            )
    return rows


def write_proposal(path: str | Path, schools: Sequence[SchoolInput], proposal: Proposal) -> None:
    with open(path, "w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(OUTPUT_COLUMNS))
        writer.writeheader()
        writer.writerows(proposal_rows(schools, proposal))
