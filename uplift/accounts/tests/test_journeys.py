"""Foundation journeys in a real browser: signing in as each role, joining a school, inviting a colleague,
and what a wrong password does. Every page visited is checked with axe-core (uplift/testing/browser.py).
"""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlsplit

import pytest
from django.core import mail

from uplift.accounts.models import Invitation, JoinRequest, SchoolMembership, SchoolRole, User
from uplift.schools.tests.factories import SchoolFactory
from uplift.testing.browser import UI, outbox_links
from uplift.testing.cast import Cast

pytestmark = pytest.mark.browser

NEW_PASSWORD = "a-long-and-unusual-passphrase"

# Each role, and a card link its home page must offer (the one the journey follows).
ROLE_HOME_LINKS = {
    "lead": "People and invitations",
    "head": "People and invitations",
    "teacher": "School details",
    "governor": "School details",
    "trust_lead": "Schools in the trust",
    "advisor": "Find a school",
    "assessor": "Find a school",
    "hub_lead": "Requests to join schools",
    "manager": "Requests to join schools",
    "staff": "Find your school",
    "outsider": "Find your school",
}
# Links that only people who manage a school's members may see.
MANAGER_ONLY = ("People and invitations", "Invite a colleague")


def card_links(ui: UI) -> dict[str, str]:
    """Home page card links, by their visible text (without the visually hidden card title)."""
    found: dict[str, str] = {}
    for link in ui.page.locator(".u-card a[href]").all():
        label = link.evaluate("a => Array.from(a.childNodes).filter(n => n.nodeType === 3).map(n => n.textContent)")
        found["".join(label).strip()] = link.get_attribute("href") or ""
    return found


def test_each_role_lands_on_a_home_page_with_only_links_they_can_use(ui: UI, cast: Cast, framework: object) -> None:
    # With the framework loaded, as in every real deployment (the self-assessment links need it).
    for role, link_to_follow in ROLE_HOME_LINKS.items():
        person: User = getattr(cast, role)
        ui.sign_in(person)

        assert ui.path == "/", f"{role} should land on the home page"
        assert ui.heading() == f"Hello, {person.get_short_name()}"
        links = card_links(ui)
        assert link_to_follow in links, f"{role}'s home page offers {sorted(links)}"
        if role not in {"lead", "head"}:
            assert not set(MANAGER_ONLY) & set(links), f"{role} must not be offered {MANAGER_ONLY}"
        # Every link the home page and the menu offer opens for this person: nothing they cannot use.
        menu = ui.links(within=".u-service-nav")
        for label, href in {**links, **menu}.items():
            response = ui.page.request.get(ui.url(href), max_redirects=0)
            assert response.status == 200, f"{role}'s home link {label!r} ({href}) answered {response.status}"

        ui.click_and_wait(ui.page.locator(".u-card a", has_text=link_to_follow).first)
        assert ui.path == links[link_to_follow]
        assert ui.heading()
        ui.sign_out()


def test_a_new_lead_joins_a_school_is_approved_and_invites_a_colleague(
    ui_factory: Callable[..., UI], cast: Cast
) -> None:
    school = SchoolFactory(
        urn=100003, name="Hillcrest Primary School", local_authority=cast.la_a, town="Preston", postcode="PR2 9ZZ"
    )

    # Nadia registers and asks to join her school, found by its postcode.
    nadia = ui_factory()
    nadia.visit("/")
    nadia.click_and_wait("Create an account")
    nadia.fill("Full name", "Nadia Newlead")
    nadia.fill("Email address", "nadia@hillcrest.example.test")
    nadia.fill("Create a password", NEW_PASSWORD)
    nadia.fill("Confirm your password", NEW_PASSWORD)
    nadia.submit("Create account")
    assert "Your account has been created" in nadia.main_text()
    nadia.click_and_wait(nadia.page.get_by_role("link", name="Find a school", exact=True).first)
    nadia.fill("Name, URN or postcode", "PR2 9ZZ")
    nadia.submit("Search")
    nadia.click_and_wait("Hillcrest Primary School")
    nadia.click_and_wait("Ask to join this school")
    nadia.choose("School computing lead")
    nadia.fill("Job title", "Head of computing")
    nadia.submit("Send request")
    assert "You have asked to join Hillcrest Primary School" in nadia.main_text()
    join_request = JoinRequest.objects.get(school=school)
    assert join_request.status == "pending"
    assert join_request.role == SchoolRole.LEAD

    # Nobody at the school can approve yet, so a programme manager does.
    manager = ui_factory()
    manager.sign_in(cast.manager)
    manager.click_and_wait(manager.page.locator(".u-card a", has_text="Requests to join schools").first)
    manager.click_and_wait(manager.page.get_by_role("link", name="Decide on Nadia Newlead's request"))
    manager.choose("Yes, approve")
    manager.submit("Save decision")
    assert "was approved" in manager.main_text()
    assert SchoolMembership.objects.get(school=school, user__email="nadia@hillcrest.example.test").role == (
        SchoolRole.LEAD
    )

    # Nadia, now the school's lead, invites a colleague.
    nadia.visit("/")
    nadia.click_and_wait(nadia.page.locator(".u-card a", has_text="Invite a colleague").first)
    nadia.fill("Email address", "colin@hillcrest.example.test")
    nadia.choose("Teacher")
    mail.outbox.clear()
    nadia.submit("Send invitation")
    assert "Invitation sent to colin@hillcrest.example.test" in nadia.main_text()
    assert Invitation.objects.usable().filter(school=school, email="colin@hillcrest.example.test").exists()

    # Colin follows the emailed link, creates his account, accepts, and can sign in again later.
    [link] = [link for link in outbox_links() if "/accounts/invitations/" in link]
    colin = ui_factory()
    colin.visit(urlsplit(link).path)
    assert colin.heading() == "Join Hillcrest Primary School"
    colin.click_and_wait("Create an account")
    assert colin.page.get_by_label("Email address", exact=True).input_value() == "colin@hillcrest.example.test"
    colin.fill("Full name", "Colin Colleague")
    colin.fill("Create a password", NEW_PASSWORD)
    colin.fill("Confirm your password", NEW_PASSWORD)
    colin.submit("Create account")
    colin.submit("Accept invitation")
    assert "You have joined Hillcrest Primary School as teacher" in colin.main_text()
    colin.sign_out()
    colin.sign_in("colin@hillcrest.example.test", password=NEW_PASSWORD)
    assert "Hillcrest Primary School" in colin.main_text()
    assert SchoolMembership.objects.get(school=school, user__email="colin@hillcrest.example.test").role == (
        SchoolRole.TEACHER
    )


def test_a_wrong_password_shows_an_error_summary_and_repeated_failures_are_throttled(ui: UI, cast: Cast) -> None:
    ui.sign_in(cast.teacher, password="not-the-password")

    assert ui.page.title().startswith("Error: ")
    assert "Enter a correct email address and password." in ui.error_summary()
    assert ui.path.startswith("/accounts/sign-in/")

    for _attempt in range(4):
        ui.sign_in(cast.teacher, password="still-not-the-password")
    assert ui.heading() == "Too many attempts to sign in"

    # Locked out: even the right password is refused until the cool-off ends.
    ui.sign_in(cast.teacher)
    assert ui.heading() == "Too many attempts to sign in"
    assert "Sign out" not in ui.page.locator("header").inner_text()


def test_signing_in_works_with_the_keyboard_alone_and_without_javascript(ui_without_js: UI, cast: Cast) -> None:
    ui = ui_without_js
    ui.visit("/accounts/sign-in/")
    ui.press_tab_until("Email address")
    ui.page.keyboard.type(cast.lead.email)
    ui.page.keyboard.press("Tab")
    ui.page.keyboard.type("test-password-that-is-wrong")
    ui.press_tab_until("Sign in")
    ui.press_enter_and_wait()

    assert "Enter a correct email address and password." in ui.error_summary()
