"""Browser journeys: Playwright (sync API) driving Debian's Chromium against pytest-django's live server.

Every page a journey opens is checked with axe-core (WCAG 2.0/2.1/2.2 A and AA) and the test fails at
teardown if any page had a violation, if a page the browser loaded was never checked, if the
browser reported a Content Security Policy violation or a JavaScript error, or if a page answered 5xx.
See uplift/testing/README.md for how to write a journey.

The app's Content Security Policy stays ON in the browser (no ``bypass_csp``): axe is evaluated through
the DevTools protocol, which the page's CSP does not govern, so a page that relies on an inline script,
inline style or ``on*=`` handler fails its journey exactly as it would fail for a real user.
"""

from __future__ import annotations

import functools
import hashlib
import os
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urldefrag, urlsplit

import pytest
from playwright.sync_api import Browser, BrowserContext, ConsoleMessage, Locator, Page, Response
from playwright.sync_api import Error as PlaywrightError

from uplift.testing.cast import TEST_PASSWORD

CHROMIUM = os.environ.get("UPLIFT_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
AXE_SOURCE_PATH = Path(__file__).parent / "vendor" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
_AXE_RUN = """async (tags) => {
  const results = await axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']});
  return results.violations.map(v => ({
    id: v.id, impact: v.impact, help: v.help,
    targets: v.nodes.map(n => n.target.join(' ')),
  }));
}"""
# How long to wait for a page (the live server is local; anything slower is a bug worth seeing).
TIMEOUT_MS = 15_000
MAX_TABS = 80


# axe's verdict depends only on the DOM (the CSS and viewport are the same all run long), so a page
# whose DOM was already checked - the sign-in page, again - is not checked twice. CSRF tokens (64
# letters and digits, different on every render) are left out of the comparison.
_AXE_RESULTS: dict[str, list[dict[str, Any]]] = {}
_CSRF_TOKEN = re.compile(r"[A-Za-z0-9]{64}")


def _dom_key(html: str) -> str:
    return hashlib.sha256(_CSRF_TOKEN.sub("", html).encode()).hexdigest()


@functools.cache
def _axe_source() -> str:
    return AXE_SOURCE_PATH.read_text()


@dataclass
class AxeViolation:
    url: str
    id: str
    impact: str | None
    help: str
    targets: list[str]

    def __str__(self) -> str:
        return f"{self.url}: [{self.id}, {self.impact}] {self.help} -> {', '.join(self.targets[:5])}"


@dataclass
class _Navigation:
    """A document the tab loaded, and whether axe has checked it."""

    url: str
    checked: bool = False


def _path(url: str) -> str:
    """The path and query of a URL, without the fragment (the unit axe checks)."""
    parts = urlsplit(urldefrag(url).url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


@dataclass
class UI:
    """One person's browser tab, with helpers that keep every page axe-checked.

    Navigate with ``visit``, ``click_and_wait``, ``submit`` or ``press_enter_and_wait``: each runs the
    axe check on the page it arrives at. If a test navigates with ``page`` directly, call ``check()``
    afterwards (the current page is also checked at teardown; earlier unchecked pages fail the test).
    """

    page: Page
    base_url: str
    javascript: bool
    _checker: Callable[[], Page]
    violations: list[AxeViolation] = field(default_factory=list)
    navigations: list[_Navigation] = field(default_factory=list)
    console_problems: list[str] = field(default_factory=list)
    server_errors: list[str] = field(default_factory=list)
    _last_document: Response | None = None

    # Navigation ------------------------------------------------------------------------------------

    def url(self, path: str) -> str:
        return path if path.startswith("http") else self.base_url.rstrip("/") + path

    @property
    def path(self) -> str:
        """The current page's path and query string."""
        return _path(self.page.url)

    def visit(self, path: str) -> Response | None:
        """Open a path (or full URL) and check the page it lands on."""
        response = self.page.goto(self.url(path))
        self.check()
        return response

    def click_and_wait(self, target: str | Locator) -> None:
        """Click a link or button (by its accessible name, exact) that loads a new page; check that page."""
        locator = target if isinstance(target, Locator) else self._link_or_button(target)
        with self.page.expect_navigation():
            locator.click()
        self.check()

    def submit(self, button: str = "Continue") -> None:
        """Press a form's submit button (by its exact text) and check the page that comes back."""
        with self.page.expect_navigation():
            self.page.get_by_role("button", name=button, exact=True).click()
        self.check()

    def press_enter_and_wait(self) -> None:
        """Press Enter on the focused element (a link or a submit button) and check the new page."""
        with self.page.expect_navigation():
            self.page.keyboard.press("Enter")
        self.check()

    def _link_or_button(self, name: str) -> Locator:
        link = self.page.get_by_role("link", name=name, exact=True)
        if link.count():
            return link.first
        return self.page.get_by_role("button", name=name, exact=True).first

    # Forms and reading -------------------------------------------------------------------------------

    def field(self, label: str) -> Locator:
        """The form control labelled ``label`` exactly, or else the one whose label starts with it
        (so "Name" finds "Name (optional)")."""
        exact = self.page.get_by_label(label, exact=True)
        if exact.count():
            return exact.first
        return self.page.get_by_label(re.compile("^" + re.escape(label))).first

    def fill(self, label: str, value: str) -> None:
        self.field(label).fill(value)

    def choose(self, label: str) -> None:
        """Pick a radio button or tick a checkbox by its label."""
        self.field(label).check()

    def select(self, label: str, option: str) -> None:
        self.field(label).select_option(label=option)

    def heading(self) -> str:
        """The page's h1."""
        return self.page.locator("h1").first.inner_text().strip()

    def main_text(self) -> str:
        return self.page.locator("main").inner_text()

    def error_summary(self) -> str:
        """The error summary's text ('' when the page has none)."""
        summary = self.page.locator(".u-error-summary")
        return summary.inner_text() if summary.count() else ""

    def links(self, within: str = "main") -> dict[str, str]:
        """Link text -> href for the links in ``within`` (a CSS selector)."""
        found: dict[str, str] = {}
        for link in self.page.locator(f"{within} a[href]").all():
            found[" ".join(link.inner_text().split())] = link.get_attribute("href") or ""
        return found

    # People ----------------------------------------------------------------------------------------

    def sign_in(self, user: Any, password: str = TEST_PASSWORD) -> None:
        """Sign in through the real sign-in form (so throttling, redirects and messages are exercised)."""
        self.visit("/accounts/sign-in/")
        self.fill("Email address", user.email if hasattr(user, "email") else str(user))
        self.fill("Password", password)
        self.submit("Sign in")

    def sign_out(self) -> None:
        self.submit("Sign out")

    # Keyboard ----------------------------------------------------------------------------------------

    def focused(self) -> Locator:
        return self.page.locator(":focus")

    def press_tab_until(self, text: str, *, limit: int = MAX_TABS) -> Locator:
        """Press Tab until the focused element's text (or accessible label) contains ``text``.

        Fails if it is never reached: a keyboard user could not get there.
        """
        seen: list[str] = []
        for _ in range(limit):
            self.page.keyboard.press("Tab")
            focused = self.focused()
            if not focused.count():
                continue
            label = self._describe_focus(focused)
            if text.lower() in label.lower():
                return focused
            seen.append(label.strip()[:40])
        pytest.fail(f"Tabbing {limit} times on {self.path} never reached {text!r}; focus went through {seen}")

    def _describe_focus(self, focused: Locator) -> str:
        """The focused element's text, aria-label, value and <label> (no page JavaScript needed)."""
        parts = [
            focused.inner_text(),
            focused.get_attribute("aria-label") or "",
            focused.get_attribute("value") or "",
        ]
        element_id = focused.get_attribute("id")
        if element_id:
            label = self.page.locator(f'label[for="{element_id}"]')
            if label.count():
                parts.append(label.first.inner_text())
        return " ".join(part.strip() for part in parts if part and part.strip())

    # Checking ----------------------------------------------------------------------------------------

    def check(self) -> list[AxeViolation]:
        """Run axe on the current page; record (and return) its violations."""
        self.page.wait_for_load_state("load")
        url = self.page.url
        found = self._run_axe_here() if self.javascript else self._run_axe_on_served_html(url)
        violations = [AxeViolation(url=_path(url), **v) for v in found]
        self.violations.extend(violations)
        if self.navigations:
            self.navigations[-1].checked = True  # the document on screen is the latest one loaded
        return violations

    def _run_axe_here(self) -> list[dict[str, Any]]:
        key = _dom_key(self.page.evaluate("() => document.documentElement.outerHTML"))
        if key not in _AXE_RESULTS:
            if not self.page.evaluate("() => typeof window.axe !== 'undefined'"):
                self.page.evaluate(_axe_source())
            _AXE_RESULTS[key] = self.page.evaluate(_AXE_RUN, AXE_TAGS)
        return _AXE_RESULTS[key]

    def _run_axe_on_served_html(self, url: str) -> list[dict[str, Any]]:
        """Pages without JavaScript cannot run axe, so check the HTML they were served in a JS page."""
        if self._last_document is None:
            return []
        html = self._last_document.text()
        key = "no-js " + _dom_key(html)
        if key in _AXE_RESULTS:
            return _AXE_RESULTS[key]
        checker = self._checker()
        target = urldefrag(url).url

        def serve(route: Any) -> None:
            # Scripts blocked: the checker must see the page as a no-JavaScript browser does.
            route.fulfill(
                status=200,
                content_type="text/html; charset=utf-8",
                body=html,
                headers={"Content-Security-Policy": "script-src 'none'"},
            )

        def is_target(candidate: str) -> bool:
            return candidate == target

        checker.route(is_target, serve)
        try:
            checker.goto(target)
            checker.evaluate(_axe_source())
            _AXE_RESULTS[key] = checker.evaluate(_AXE_RUN, AXE_TAGS)
            return _AXE_RESULTS[key]
        finally:
            checker.unroute(is_target)

    # Recording (browser events) -------------------------------------------------------------------------

    def _on_response(self, response: Response) -> None:
        """Every HTML document the tab loads (not redirects, downloads or #fragment jumps) is a page to check,
        including a form re-rendered at the same address with its errors."""
        request = response.request
        if not request.is_navigation_request() or response.frame != self.page.main_frame:
            return
        if response.status >= 500:
            self.server_errors.append(f"{response.status} from {request.method} {_path(response.url)}")
        if 300 <= response.status < 400 or "text/html" not in response.headers.get("content-type", ""):
            return
        self.navigations.append(_Navigation(url=response.url))
        self._last_document = response

    def _on_console(self, message: ConsoleMessage) -> None:
        if message.type == "error" and "Content Security Policy" in message.text:
            self.console_problems.append(f"CSP violation on {self.path}: {message.text}")

    def _on_page_error(self, error: Any) -> None:
        self.console_problems.append(f"JavaScript error on {self.path}: {error}")

    def problems(self) -> list[str]:
        """Everything that fails the test: axe violations, unchecked pages, CSP/JS errors, 5xx pages."""
        if self.navigations and not self.navigations[-1].checked and not self.page.is_closed():
            self.check()
        found = [f"axe: {violation}" for violation in self.violations]
        found += [
            f"never axe-checked: {_path(n.url)} (navigate with ui.visit/click_and_wait/submit, or call ui.check())"
            for n in self.navigations
            if not n.checked
        ]
        return found + self.console_problems + self.server_errors


BROWSER_FIXTURES = {"ui", "ui_without_js", "ui_factory", "browser"}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """A test that opens a browser is a browser test, marked or not (so `-m "not browser"` skips it)."""
    for item in items:
        if BROWSER_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any]) -> dict[str, Any]:
    """pytest-playwright's browser launches Debian's Chromium (never a downloaded one)."""
    if not Path(CHROMIUM).exists():
        message = f"Chromium is not installed at {CHROMIUM}: run scripts/ensure-browser"
        if os.environ.get("CI"):
            pytest.fail(message)  # CI must never pass by skipping the journeys
        pytest.skip(message)
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


@pytest.fixture
def ui_factory(browser: Browser, live_server: Any) -> Iterator[Callable[..., UI]]:
    """``ui_factory(javascript=True)`` opens another person's browser (a fresh context each)."""
    contexts: list[BrowserContext] = []
    uis: list[UI] = []
    checker_pages: list[Page] = []

    def checker() -> Page:
        if not checker_pages:
            context = browser.new_context(base_url=live_server.url)
            contexts.append(context)
            checker_pages.append(context.new_page())
        return checker_pages[0]

    def make(*, javascript: bool = True) -> UI:
        context = browser.new_context(base_url=live_server.url, java_script_enabled=javascript, locale="en-GB")
        context.set_default_timeout(TIMEOUT_MS)
        contexts.append(context)
        page = context.new_page()
        ui = UI(page=page, base_url=live_server.url, javascript=javascript, _checker=checker)
        page.on("response", ui._on_response)
        page.on("console", ui._on_console)
        page.on("pageerror", ui._on_page_error)
        uis.append(ui)
        return ui

    yield make
    problems: list[str] = []
    try:
        for ui in uis:
            try:
                problems += ui.problems()
            except PlaywrightError as error:  # e.g. the test failed half-way through a navigation
                problems.append(f"could not check the last page of a tab ({ui.path}): {error}")
    finally:
        for context in contexts:
            context.close()
    if problems:
        pytest.fail("Browser journey problems:\n  " + "\n  ".join(problems), pytrace=False)


@pytest.fixture
def ui(ui_factory: Callable[..., UI]) -> UI:
    """A fresh browser tab with JavaScript; every page it visits is axe-checked."""
    return ui_factory()


@pytest.fixture
def ui_without_js(ui_factory: Callable[..., UI]) -> UI:
    """A fresh browser tab with JavaScript turned off ("works without JavaScript" journeys)."""
    return ui_factory(javascript=False)


def outbox_links(pattern: str = r"https?://\S+") -> list[str]:
    """Every link in the emails sent so far (tasks run immediately in tests; the live server shares
    this process, so ``django.core.mail.outbox`` sees the emails its views send)."""
    from django.core import mail

    return [link for message in mail.outbox for link in re.findall(pattern, message.body)]


__all__ = ["AXE_TAGS", "UI", "AxeViolation", "outbox_links"]
