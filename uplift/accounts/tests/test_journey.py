"""Browser journeys for accounts: joining a school by request and by invitation, API tokens, sign-in
throttling and password reset. Every page is axe-checked by the ``ui`` fixture (uplift/testing/browser.py).
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.core import mail

from uplift.accounts.models import ApiToken, SchoolMembership, SchoolRole, User
from uplift.testing.browser import UI, outbox_links
from uplift.testing.cast import Cast

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def register(ui: UI, name: str, email: str) -> None:
    ui.fill("Full name", name)
    ui.fill("Email address", email)
    ui.fill("Create a password", "purple-otter-lantern")
    ui.fill("Confirm your password", "purple-otter-lantern")
    ui.submit("Create account")


def test_newcomer_registers_asks_to_join_and_the_lead_approves(ui_factory: Callable[..., UI], cast: Cast) -> None:
    newcomer = ui_factory()
    newcomer.visit("/")
    newcomer.click_and_wait("Create an account")
    newcomer.submit("Create account")
    assert "There is a problem" in newcomer.error_summary()
    register(newcomer, "Nina Newcomer", "nina@example.test")
    assert "Find your school and ask to join" in newcomer.main_text()

    newcomer.visit(f"/accounts/schools/{cast.school_a.urn}/join/")
    newcomer.choose("Teacher")
    newcomer.fill("Job title (optional)", "Year 5 teacher")
    newcomer.submit("Send request")
    assert "Waiting for approval" in newcomer.main_text()
    assert sorted(m.to[0] for m in mail.outbox) == ["head@example.test", "lead@example.test"]

    lead = ui_factory()
    lead.sign_in(cast.lead)
    lead.click_and_wait("Requests to join")
    lead.click_and_wait("Decide on Nina Newcomer's request")
    lead.choose("Yes, approve")
    lead.submit("Save decision")
    assert "was approved" in lead.main_text()
    nina = User.objects.get(email="nina@example.test")
    assert SchoolMembership.objects.get(user=nina, school=cast.school_a).role == SchoolRole.TEACHER

    newcomer.visit("/")
    assert "Brookside Primary School" in newcomer.main_text()


def test_lead_invites_a_colleague_who_registers_and_accepts(ui_factory: Callable[..., UI], cast: Cast) -> None:
    lead = ui_factory()
    lead.sign_in(cast.lead)
    lead.click_and_wait("People and invitations (Brookside Primary School)")
    lead.click_and_wait("Invite a colleague")
    lead.fill("Email address", "teacher@example.test")
    lead.choose("Teacher")
    lead.submit("Send invitation")
    assert "is already a member" in lead.error_summary()
    lead.fill("Email address", "colin@example.test")
    lead.submit("Send invitation")
    assert "Invitation sent to colin@example.test" in lead.main_text()
    (link,) = outbox_links(r"https?://\S+/accounts/invitations/\S+/")

    colleague = ui_factory(javascript=False)
    path = link.split("://", 1)[1].split("/", 1)[1]
    colleague.visit("/" + path)
    assert "Join Brookside Primary School" in colleague.heading()
    colleague.click_and_wait("Create an account")
    register(colleague, "Colin Colleague", "colin@example.test")
    colleague.submit("Accept invitation")
    assert "You have joined Brookside Primary School" in colleague.main_text()
    # The link works once. (A 410 page is checked in a JavaScript tab: the no-JavaScript checker
    # re-serves only 2xx documents.)
    someone_else = ui_factory()
    someone_else.visit("/" + path)
    assert "This invitation cannot be used" in someone_else.heading()


def test_api_token_is_shown_once_and_can_be_revoked(ui: UI, cast: Cast) -> None:
    ui.sign_in(cast.teacher)
    ui.click_and_wait("Your account")
    ui.click_and_wait("Manage your API tokens")
    ui.fill("Token name", "MIS export")
    ui.submit("Create token")
    secret = ui.page.locator("#new-token-secret").inner_text()
    assert ApiToken.objects.get(user=cast.teacher).token_hash == ApiToken.hash(secret)
    ui.visit("/accounts/api-tokens/")
    assert secret not in ui.main_text()
    ui.submit("Revoke MIS export")
    assert "has been revoked" in ui.main_text()


def test_five_wrong_passwords_lock_sign_in(ui: UI, cast: Cast) -> None:
    for _ in range(5):
        ui.sign_in(cast.lead, password="wrong-password")
    assert ui.heading() == "Too many attempts to sign in"
    ui.click_and_wait("reset your password")
    ui.fill("Email", "lead@example.test")
    ui.submit("Send the link")
    assert ui.heading() == "Check your email"
