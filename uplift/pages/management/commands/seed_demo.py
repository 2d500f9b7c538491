"""``manage.py seed_demo [--if-empty] [--seed N]``: build the synthetic demo world (uplift/pages/demo.py)."""

from __future__ import annotations

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from uplift.pages.demo import DEFAULT_SEED, DEMO_PASSWORD, build_demo_world, format_logins
from uplift.schools.models import School


class Command(BaseCommand):
    help = (
        "Build the demo world: about 60 synthetic schools in 5 regions, 3 trusts, 2 hubs, one sign-in for every "
        f"role (password {DEMO_PASSWORD!r}) and two requests to join. Safe to run again."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--if-empty", action="store_true", help="do nothing if any school exists already")
        parser.add_argument(
            "--no-logins", action="store_true", help="do not print the sign-ins (`make run` prints them as it serves)"
        )
        parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help=f"random seed (default {DEFAULT_SEED})")

    def handle(self, *args: object, if_empty: bool, seed: int, no_logins: bool, **options: object) -> None:
        if settings.PRODUCTION:
            raise CommandError("seed_demo creates accounts with a published password; it never runs in production.")
        if if_empty and School.objects.exists():
            self.stdout.write(
                "Schools exist already, so the demo world was not built (run without --if-empty to add it)."
            )
            return
        world = build_demo_world(seed)
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo world ready (seed {seed}): {len(world.schools)} schools in {len(world.regions)} regions, "
                f"{len(world.trusts)} trusts, {len(world.hubs)} hubs, {len(world.users)} people, "
                f"{len(world.join_requests)} requests to join waiting."
            )
        )
        if not no_logins:
            self.stdout.write("")
            self.stdout.write(format_logins())
