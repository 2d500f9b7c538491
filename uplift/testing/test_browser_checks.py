"""The browser fixture itself: it finds accessibility violations, CSP violations and unchecked pages."""

from __future__ import annotations

import pytest

from uplift.testing.browser import UI

pytestmark = pytest.mark.browser

BROKEN = """<!DOCTYPE html><html lang="en"><head><title>Broken</title></head>
<body><main><h1>Broken</h1><img src="/static/missing.png"><p style="color: red">Inline style</p>
<script>document.title = "inline script ran";</script></main></body></html>"""


def serve_broken_page(ui: UI) -> str:
    path = "/__broken-page-for-the-checker__/"
    ui.page.route(
        ui.url(path),
        lambda route: route.fulfill(
            status=200,
            content_type="text/html",
            body=BROKEN,
            headers={"Content-Security-Policy": "default-src 'self'"},
        ),
    )
    return path


def test_public_pages_pass_axe_and_csp(ui: UI) -> None:
    ui.visit("/")
    ui.click_and_wait("Accessibility")
    assert ui.heading()
    assert ui.path == "/accessibility/"


def test_axe_violations_are_found_with_their_selectors(ui: UI) -> None:
    ui.visit(serve_broken_page(ui))

    assert [v.id for v in ui.violations] == ["image-alt"]
    assert ui.violations[0].targets == ["img"]
    ui.violations.clear()  # this test provoked them (and the CSP errors) on purpose
    ui.console_problems.clear()


def test_csp_violations_are_reported_because_csp_stays_on(ui: UI) -> None:
    ui.visit(serve_broken_page(ui))

    assert ui.page.title() == "Broken", "the inline script must not have run"
    assert any("Content Security Policy" in problem for problem in ui.console_problems)
    ui.violations.clear()
    ui.console_problems.clear()


def test_a_page_reached_without_a_helper_is_checked_at_teardown(ui: UI) -> None:
    ui.visit("/")
    ui.page.get_by_role("link", name="Accessibility").first.click()
    ui.page.wait_for_url("**/accessibility/")

    assert [n.checked for n in ui.navigations] == [True, False]
    assert ui.problems() == []
    assert ui.navigations[-1].checked


def test_an_earlier_unchecked_page_fails_the_journey(ui: UI) -> None:
    ui.visit("/")
    ui.page.goto(ui.url("/about/"))
    ui.page.goto(ui.url("/accessibility/"))

    assert any("never axe-checked: /about/" in problem for problem in ui.problems())
    ui.navigations.clear()


def test_pages_without_javascript_are_checked_from_the_html_served(ui_without_js: UI) -> None:
    ui_without_js.visit("/")
    ui_without_js.click_and_wait("About and data licence")

    assert ui_without_js.path == "/about/"
    assert all(n.checked for n in ui_without_js.navigations)


def test_keyboard_users_can_reach_and_follow_links(ui: UI) -> None:
    ui.visit("/")
    ui.press_tab_until("Accessibility")
    ui.press_enter_and_wait()

    assert ui.path == "/accessibility/"
