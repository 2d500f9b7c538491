import io

from django.core.mail import EmailMessage

from uplift.lib.mail import ConsoleEmailBackend

LINK = "http://127.0.0.1:8000/accounts/invitations/foQxKOVcfKod28yofxzrNDcGoQYGD6hfqVjoZY7HZws/"


def test_console_email_prints_long_links_whole_so_they_can_be_copied():
    stream = io.StringIO()
    message = EmailMessage(
        subject="Lucy Lead invites you to join Oakfield Primary School on Uplift",
        body=f"Accept the invitation here (you can create an account if you do not have one):\n{LINK}\n",
        from_email="Uplift <no-reply@uplift.example>",
        to=["colin@example.test"],
    )

    sent = ConsoleEmailBackend(stream=stream).send_messages([message])

    printed = stream.getvalue()
    assert sent == 1
    assert f"\n{LINK}\n" in printed
    assert "To: colin@example.test\n" in printed
    assert "Subject: Lucy Lead invites you to join Oakfield Primary School on Uplift\n" in printed
