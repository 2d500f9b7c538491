"""``manage.py load_framework FILE``: validate a framework file and publish it as the current version."""

from __future__ import annotations

from argparse import ArgumentParser

from django.core.management.base import BaseCommand, CommandError

from uplift.frameworks.models import Framework
from uplift.frameworks.schema import FrameworkError, load_framework_file
from uplift.frameworks.services import framework_load, retired_aspects


class Command(BaseCommand):
    help = (
        "Validate a framework YAML file and publish it: it becomes the current version and every "
        "school's current assessment moves onto it through the file's mapping. Loading a version "
        "that is already loaded changes nothing."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "file", help="Path to the framework YAML file, e.g. uplift/frameworks/data/uplift-cqf-v1.yaml"
        )

    def handle(self, *args: object, file: str, **options: object) -> None:
        try:
            spec = load_framework_file(file)
        except FileNotFoundError:
            raise CommandError(f"No such file: {file}") from None
        except FrameworkError as error:
            raise CommandError(f"{error}\nNothing was loaded.") from None
        if Framework.objects.filter(slug=spec.slug, version=spec.version).exists():
            self.stdout.write(f"{spec.title} version {spec.version} is already loaded; nothing to do.")
            return
        moving = Framework.objects.filter(is_current=True).first()
        retired = retired_aspects(spec, moving)
        try:
            framework = framework_load(spec=spec)
        except FrameworkError as error:
            raise CommandError(f"{error}\nNothing was loaded.") from None
        aspects = len(spec.aspects)
        self.stdout.write(
            self.style.SUCCESS(
                f"Loaded {framework.title} version {framework.version}: {len(spec.dimensions)} dimensions, "
                f"{aspects} aspects, {aspects * 5} level statements, {len(spec.cpd_topics)} CPD topics. "
                "It is now the current framework."
            )
        )
        if moving is not None:
            moved = framework.assessments.count()
            self.stdout.write(f"Moved {moved} school assessment(s) from version {moving.version} onto it.")
        if retired:
            self.stdout.write(
                f"Retired aspects (judgements on them stay in the schools' history only): {', '.join(retired)}"
            )
