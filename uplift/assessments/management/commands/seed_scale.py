"""``manage.py seed_scale --schools N [--seed S] [--clear]``: assessments for N schools of the real register."""

from __future__ import annotations

import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from uplift.assessments.demo import ScaleRefused, seed_scale_assessments

BAR_WIDTH = 30


class Command(BaseCommand):
    help = (
        "Fill the database at national scale for load tests and benchmarks: pick N open schools of the "
        "imported register (deterministically for --seed) and give each a current assessment on the current "
        "framework, with a baseline snapshot and, for about a third, an earlier submitted cycle. Schools that "
        "already have an assessment are skipped unless --clear is given. Run after import_schools and load_framework."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--schools", type=int, required=True, help="how many schools to give assessments")
        parser.add_argument("--seed", type=int, default=1, help="random seed: which schools, which levels (default 1)")
        parser.add_argument(
            "--clear",
            action="store_true",
            help="delete the picked schools' assessments and evidence first, then seed them again",
        )

    def handle(self, *args: object, schools: int, seed: int, clear: bool, **options: object) -> None:
        if settings.PRODUCTION:
            raise CommandError("seed_scale writes synthetic assessments; it never runs in production.")
        began = time.monotonic()
        try:
            result = seed_scale_assessments(schools=schools, seed=seed, clear=clear, progress=self._progress)
        except ScaleRefused as exc:
            raise CommandError(f"{exc} Nothing was seeded.") from exc
        seconds = time.monotonic() - began
        if result.cleared:
            self.stdout.write(f"Cleared {result.cleared} earlier assessment(s) of the picked schools.")
        if result.skipped:
            self.stdout.write(
                f"Skipped {result.skipped} school(s) that already have an assessment (use --clear to seed them again)."
            )
        self.stdout.write(
            self.style.SUCCESS(
                f"Seeded {result.seeded} of {result.picked} schools in {seconds:.1f} s: {result.assessments} "
                f"assessments, {result.judgements} judgements, {result.snapshots} snapshots."
            )
        )

    def _progress(self, done: int, total: int) -> None:
        filled = BAR_WIDTH * done // total if total else BAR_WIDTH
        bar = "#" * filled + " " * (BAR_WIDTH - filled)
        self.stderr.write(f"\r[{bar}] {done}/{total} schools", ending="\n" if done == total else "")
        self.stderr.flush()
