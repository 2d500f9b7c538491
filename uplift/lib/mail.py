"""Email to the terminal for local development, readable and with links that can be copied."""

from __future__ import annotations

from collections.abc import Sequence

from django.core.mail import EmailMessage
from django.core.mail.backends.console import EmailBackend as DjangoConsoleBackend


class ConsoleEmailBackend(DjangoConsoleBackend):
    """Django's console backend prints the encoded MIME message, where quoted-printable breaks every
    line longer than 76 characters with '=': an invitation or password-reset link pasted from the
    terminal then no longer works. This prints the headers that matter and the body as written."""

    def write_message(self, message: EmailMessage) -> None:
        recipients: Sequence[str] = [*message.to, *message.cc, *message.bcc]
        self.stream.write(
            f"From: {message.from_email}\nTo: {', '.join(recipients)}\nSubject: {message.subject}\n\n"
            f"{message.body.rstrip()}\n"
        )
        self.stream.write("-" * 79 + "\n")
