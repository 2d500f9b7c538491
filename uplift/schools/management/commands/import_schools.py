"""``manage.py import_schools PATH``: load or refresh the register from a GIAS CSV download."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from uplift.schools.importer import ImportRefused, schools_import

BAR_WIDTH = 30


class Command(BaseCommand):
    help = (
        "Import schools from a GIAS establishment CSV (.csv or .csv.gz, cp1252 or UTF-8). "
        "Matches schools by URN; re-running a file changes nothing; bad rows are reported and skipped."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path, help="the GIAS CSV file (.csv or .csv.gz)")
        parser.add_argument("--quiet-rows", action="store_true", help="count skipped rows without listing them")

    def handle(self, *args: object, path: Path, quiet_rows: bool = False, **options: object) -> None:
        try:
            result = schools_import(path=path, progress=self._progress)
        except ImportRefused as exc:
            raise CommandError(f"{exc} Nothing was imported.") from exc
        if not quiet_rows:
            for problem in result.problems:
                self.stderr.write(f"{problem} - skipped")
        self.stdout.write(self.style.SUCCESS(f"Imported {path.name}: {result.summary()}."))

    def _progress(self, done: int, total: int) -> None:
        filled = BAR_WIDTH * done // total if total else BAR_WIDTH
        bar = "#" * filled + " " * (BAR_WIDTH - filled)
        self.stderr.write(f"\r[{bar}] {done}/{total}", ending="\n" if done == total else "")
        self.stderr.flush()
