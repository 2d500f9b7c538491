"""``manage.py demo_logins``: print the demo world's sign-ins (role, email, password)."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from uplift.accounts.models import User
from uplift.pages.demo import DEMO_LOGINS, format_logins


class Command(BaseCommand):
    help = "Print the demo sign-ins made by seed_demo (every role, one shared password)."

    def handle(self, *args: object, **options: object) -> None:
        if not User.objects.filter(email=DEMO_LOGINS[0].email).exists():
            self.stdout.write("The demo world is not loaded in this database: run `manage.py seed_demo` first.")
            return
        self.stdout.write("Demo sign-ins (synthetic people; every account uses the same password):")
        self.stdout.write(format_logins())
