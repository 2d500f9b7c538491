"""``manage.py cpd_backfill``: record in the CPD ledger every activity already held (drop-in attendance,
coaching sessions, workgroup meetings...). Idempotent: a second run changes nothing. Safe to run daily (it
also picks up workgroup meetings whose date has come)."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandParser

from uplift.cpd.sources import sources


class Command(BaseCommand):
    help = "Record verified CPD for every activity already held (idempotent)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--kind", choices=sorted(sources), help="Only this source (default: every source).")

    def handle(self, *args: object, **options: object) -> None:
        chosen = [sources[options["kind"]]] if options.get("kind") else list(sources.values())
        total = 0
        for source in chosen:
            changed = source.backfill()
            total += changed
            self.stdout.write(f"{source.label}: {changed} entries recorded or brought up to date")
        self.stdout.write(self.style.SUCCESS(f"Done: {total} entries recorded or brought up to date."))
