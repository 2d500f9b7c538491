from django.core.management.base import BaseCommand

from uplift.qualitymark.tasks import quality_mark_daily


class Command(BaseCommand):
    help = "Queue the Quality Mark's daily work: expiry reminders (6, 3 and 1 months before) and expiries."

    def handle(self, *args: object, **options: object) -> None:
        result = quality_mark_daily.enqueue()
        self.stdout.write(f"Queued the Quality Mark daily task ({result.id}).")
