"""Browser journey (issue 3): a new school lead's first self-assessment, end to end, and the same with the keyboard.

A new school lead completes two dimensions (levels, commentary), uploads a file to the evidence library and
attaches it to two aspects, adds an action with an owner and due date, records a baseline snapshot, changes a
level and compares with the baseline, views the profile with the radar and its table, downloads the report and
the Progress certificate (checking the PDFs' text), and a teacher of another school cannot open any of it.

Every page visited is axe-checked by the ``ui`` fixture (uplift/testing/browser.py): 0 violations, no CSP or
JavaScript errors, no 5xx.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import Download, FileChooser, Locator
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError
from pypdf import PdfReader

from uplift.accounts.models import User
from uplift.actions.models import Action
from uplift.assessments.models import Judgement, Snapshot
from uplift.assessments.services import judgement_save
from uplift.evidence.models import EvidenceItem
from uplift.frameworks.models import Aspect, Framework
from uplift.schools.models import School
from uplift.testing.browser import UI
from uplift.testing.cast import TEST_PASSWORD, Cast

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DONE_IN_THE_BROWSER = ("leadership", "curriculum")  # 8 aspects
DONE_BY_COLLEAGUES = ("teaching", "staff_development", "inclusion")  # 12 aspects
LEVEL = 3
CHANGED_LEVEL = 4
FILE_TITLE = "Computing scheme of work"
ACTION_TITLE = "Share the computing vision with governors"
# A small but valid PDF (what the library accepts is decided from the content, not the name).
PDF_BYTES = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)


@dataclass
class Journey:
    school: School
    lead: User
    framework: Framework
    aspects: list[Aspect]  # the two dimensions the lead completes, in framework order

    @property
    def base(self) -> str:
        return f"/schools/{self.school.urn}"

    def aspect_path(self, aspect: Aspect) -> str:
        return f"{self.base}/assessment/{aspect.slug}/"


@pytest.fixture
def journey(cast: Cast, framework: Framework) -> Journey:
    """Arrange: colleagues have already completed three other dimensions through the services.

    The Progress certificate needs at least 50% of the aspects complete; two dimensions of seven (8 of 27
    aspects) are not enough on their own, so 12 more are saved here, by the head, before the lead starts:
    8 + 12 = 20 of 27 (74%) once the lead has done their part in the browser (and 44% before, so the
    certificate really depends on the lead's work).
    """
    for aspect in Aspect.objects.filter(framework=framework, dimension__slug__in=DONE_BY_COLLEAGUES):
        judgement_save(
            school=cast.school_a,
            aspect=aspect,
            level=LEVEL,
            current_position=f"Colleagues agreed level {LEVEL} for {aspect.title.lower()}.",
            evidence_commentary="Minutes of the department meeting.",
            improvement_actions="Review at the end of term.",
            evidence_ids=[],
            by=cast.head,
            expected_version=0,
        )
    aspects = list(
        Aspect.objects.filter(framework=framework, dimension__slug__in=DONE_IN_THE_BROWSER)
        .select_related("dimension")
        .order_by("dimension__order", "order")
    )
    return Journey(school=cast.school_a, lead=cast.lead, framework=framework, aspects=aspects)


def pdf_text(download: Download) -> str:
    data = Path(download.path()).read_bytes()
    assert data.startswith(b"%PDF"), download.suggested_filename
    return " ".join(" ".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages).split())


def field(ui: UI, label: str) -> Locator:
    """The field labelled ``label`` (optional fields add " (optional)" to the label)."""
    return ui.page.get_by_label(re.compile(rf"^{re.escape(label)}( \(optional\))*$"))


def level_radio(ui: UI, level: int) -> Locator:
    return ui.page.get_by_role("radio", name=re.compile(rf"^Level {level}\b"))


def autosaved(ui: UI) -> None:
    """Wait for the autosave a change just started to answer, so "Save" never races it (on a busy machine
    the two requests otherwise queue behind each other past the navigation timeout)."""
    ui.page.locator("#autosave-status").filter(has_text="automatically").wait_for(timeout=60_000)


def assert_saved(ui: UI, aspect: Aspect) -> None:
    """The save went through: its message shows, and no conflict (the page's own autosave never is one)."""
    assert ui.heading() == aspect.title
    assert f"“{aspect.title}” saved." in ui.page.content()
    assert "Someone else saved this aspect" not in ui.page.content()


def comparison_row(ui: UI, aspect: Aspect) -> str:
    row = ui.page.get_by_role("row").filter(has=ui.page.get_by_role("rowheader", name=aspect.title, exact=True))
    return " ".join(row.first.inner_text().split())


def check_the_database(journey: Journey, *, changed: Aspect, attached: list[Aspect]) -> None:
    judgements = Judgement.objects.filter(assessment__school=journey.school, assessment__is_current=True)
    done = judgements.filter(aspect__in=journey.aspects)
    assert done.count() == len(journey.aspects)
    assert all(judgement.is_complete for judgement in done)
    assert all(judgement.updated_by == journey.lead for judgement in done)
    item = EvidenceItem.objects.get(school=journey.school, title=FILE_TITLE)
    assert item.content_type == "application/pdf"
    assert sorted(j.aspect.slug for j in item.judgements.all()) == sorted(a.slug for a in attached)
    action = Action.objects.get(school=journey.school, title=ACTION_TITLE)
    assert action.owner == journey.lead
    assert action.due_date == due_date()
    baseline = Snapshot.objects.get(assessment__school=journey.school, name="Baseline")
    assert baseline.data["aspects"][changed.slug] == LEVEL
    assert judgements.get(aspect=changed).level == CHANGED_LEVEL


def due_date() -> dt.date:
    return timezone.localdate() + dt.timedelta(days=60)


def paths_of(journey: Journey) -> list[str]:
    """Every page of the school's assessment the journey touched (and a few more)."""
    base = journey.base
    item = EvidenceItem.objects.get(school=journey.school, title=FILE_TITLE)
    baseline = Snapshot.objects.get(assessment__school=journey.school, name="Baseline")
    return [
        f"{base}/assessment/",
        journey.aspect_path(journey.aspects[0]),
        f"{base}/evidence/",
        f"{base}/evidence/{item.pk}/",
        f"{base}/actions/",
        f"{base}/actions/new/?aspect={journey.aspects[0].slug}",
        f"{base}/assessment/snapshots/",
        f"{base}/assessment/compare/?a={baseline.pk}&b=now",
        f"{base}/assessment/profile/",
        f"{base}/certificates/",
    ]


def downloads_of(journey: Journey) -> list[str]:
    base = journey.base
    item = EvidenceItem.objects.get(school=journey.school, title=FILE_TITLE)
    return [
        f"{base}/evidence/{item.pk}/download/",
        f"{base}/assessment/report.pdf",
        f"{base}/assessment/judgements.csv",
        f"{base}/assessment/judgements.xlsx",
        f"{base}/actions/export.csv",
        f"{base}/certificates/progress.pdf",
    ]


def a_teacher_of_another_school_cannot_open_any_of_it(
    ui_factory: Callable[..., UI], cast: Cast, journey: Journey
) -> None:
    other = ui_factory()
    other.sign_in(cast.teacher_b)
    for path in paths_of(journey):
        response = other.visit(path)
        assert response is not None and response.status == 404, path
        assert journey.school.name not in other.page.content(), path
    for path in downloads_of(journey):
        response = other.page.request.get(other.url(path))
        assert response.status == 404, path
        assert b"%PDF" not in response.body()[:8], path
    # Nor change it (with a valid CSRF token, so it is the access check that says no).
    token = next(cookie["value"] for cookie in other.page.context.cookies() if cookie["name"] == "csrftoken")
    aspect = journey.aspects[0]
    before = Judgement.objects.get(assessment__school=journey.school, assessment__is_current=True, aspect=aspect)
    response = other.page.request.post(
        other.url(journey.aspect_path(aspect)),
        form={"level": "1", "version": str(before.version), "current_position": "Mine now"},
        headers={"X-CSRFToken": token},
    )
    assert response.status == 404
    before.refresh_from_db()
    assert before.level == CHANGED_LEVEL


# --- with a mouse (and JavaScript) -------------------------------------------------------------------------------


def test_a_new_lead_completes_two_dimensions_and_shares_the_results(
    ui: UI, ui_factory: Callable[..., UI], cast: Cast, journey: Journey
) -> None:
    ui.sign_in(journey.lead)
    ui.visit(f"{journey.base}/certificates/")
    assert "Available when your self-assessment is at least 50% complete" in ui.main_text()
    ui.visit(f"{journey.base}/assessment/")
    assert ui.heading() == "Self-assessment"
    assert "12 of 27 aspects complete" in ui.main_text()

    # Two dimensions, aspect after aspect with "Save and continue".
    ui.click_and_wait(ui.page.get_by_role("link", name=journey.aspects[0].title, exact=True).first)
    for aspect in journey.aspects:
        assert ui.heading() == aspect.title
        level_radio(ui, LEVEL).check()
        field(ui, "Current position").fill(f"We are at level {LEVEL} for {aspect.title.lower()}: most classes show it.")
        field(ui, "Evidence").fill("Planning, pupil work and notes from two learning walks.")
        field(ui, "Improvement actions").fill("The subject lead will run a staff meeting on it next term.")
        ui.submit("Save and continue")
    ui.click_and_wait("Back to the self-assessment")
    text = ui.main_text()
    assert "20 of 27 aspects complete (74%)" in text
    for aspect in journey.aspects:
        assert (
            f"Last edited by {journey.lead.full_name}" in ui.page.locator("li", has_text=aspect.title).last.inner_text()
        )

    # A file in the evidence library, attached to two aspects.
    first, second = journey.aspects[0], journey.aspects[4]
    ui.click_and_wait(ui.page.get_by_role("link", name=first.title, exact=True).first)
    ui.click_and_wait("Open the evidence library")
    ui.click_and_wait("Add evidence")
    ui.choose("A file (document, spreadsheet, presentation or image)")
    ui.submit("Continue")
    field(ui, "File").set_input_files(
        {"name": "scheme-of-work.pdf", "mimeType": "application/pdf", "buffer": PDF_BYTES}
    )
    field(ui, "Title").fill(FILE_TITLE)
    field(ui, "Date of the evidence").fill(timezone.localdate().isoformat())
    field(ui, "Tags (optional)").fill("curriculum, planning")
    ui.submit("Add to the library")
    assert not ui.error_summary()
    for aspect in (first, second):
        ui.visit(journey.aspect_path(aspect))
        ui.choose(f"{FILE_TITLE} (file)")
        autosaved(ui)
        ui.submit("Save")
        assert_saved(ui, aspect)
        assert ui.page.get_by_label(f"{FILE_TITLE} (file)", exact=True).is_checked()

    # An action with an owner and a due date, from the aspect page (its aspect comes filled in).
    ui.click_and_wait(f"Add an action for {second.title}")
    field(ui, "What will be done?").fill(ACTION_TITLE)
    field(ui, "Owner").select_option(label=f"{journey.lead.full_name} ({journey.lead.email})")
    field(ui, "Due date").fill(due_date().isoformat())
    ui.submit("Add action")
    assert not ui.error_summary()
    ui.visit(f"{journey.base}/actions/")
    assert ACTION_TITLE in ui.main_text()

    # A baseline snapshot, then a change of level, compared with the baseline.
    ui.visit(f"{journey.base}/assessment/profile/")
    ui.click_and_wait("Snapshots")
    field(ui, "Name of the snapshot").fill("Baseline")
    ui.submit("Record snapshot")
    assert "Baseline" in ui.page.get_by_role("table").inner_text()
    ui.visit(journey.aspect_path(first))
    level_radio(ui, CHANGED_LEVEL).check()
    autosaved(ui)
    ui.submit("Save")
    assert_saved(ui, first)
    ui.visit(f"{journey.base}/assessment/snapshots/")
    ui.click_and_wait(ui.page.get_by_role("link", name=re.compile(r"^Compare with now\W+Baseline$")))
    assert comparison_row(ui, first) == f"{first.title} {LEVEL} {CHANGED_LEVEL} ↑ up +1"
    assert comparison_row(ui, second) == f"{second.title} {LEVEL} {LEVEL} → no change 0"

    # The profile: the radar and the table with the same numbers.
    ui.visit(f"{journey.base}/assessment/profile/")
    assert ui.page.locator("svg[role=img]").count() == 1
    table = ui.page.get_by_role("table", name="Levels by dimension")
    assert first.dimension.title in table.inner_text()
    row = " ".join(table.get_by_role("row").filter(has_text=second.dimension.title).inner_text().split())
    assert row.startswith(f"{second.dimension.title} {LEVEL} {float(LEVEL)}")

    # The report and the Progress certificate, as PDFs with the school's name in them.
    with ui.page.expect_download() as report:
        ui.page.get_by_role("link", name="Download the school report (PDF)").click()
    text = pdf_text(report.value)
    assert journey.school.name in text and "Leadership and Vision" in text
    ui.visit(f"{journey.base}/certificates/")
    with ui.page.expect_download() as certificate:
        ui.page.get_by_role("link", name="Download the Certificate of Progress (PDF)").click()
    text = pdf_text(certificate.value)
    assert journey.school.name in text and "Progress" in text

    check_the_database(journey, changed=first, attached=[first, second])
    a_teacher_of_another_school_cannot_open_any_of_it(ui_factory, cast, journey)


# --- with the keyboard alone -------------------------------------------------------------------------------------

# What a keyboard user hears as the focused control's name: its text, aria-label, label(s), or a button's value.
FOCUSED_NAMES = """() => {
    const e = document.activeElement;
    if (!e || e === document.body) return [];
    const names = [e.innerText || "", e.getAttribute("aria-label") || ""];
    if (e.labels) names.push(...Array.from(e.labels).map((label) => label.innerText));
    if (e.type === "submit") names.push(e.value || "");
    return names.map((name) => name.replace(/\\s+/g, " ").trim()).filter(Boolean);
}"""


def name_pattern(name: str | re.Pattern[str]) -> re.Pattern[str]:
    """An exact name, allowing the " (optional)" optional fields add; or a pattern as given."""
    return name if isinstance(name, re.Pattern) else re.compile(rf"^{re.escape(name)}( \(optional\))*$")


def tab_to(ui: UI, name: str | re.Pattern[str], *, backwards: bool = False, limit: int = 150) -> None:
    """Press Tab (or Shift+Tab) until the focused control has ``name``; fail if the keyboard never gets there."""
    pattern = name_pattern(name)
    seen: list[str] = []
    for _ in range(limit):
        ui.page.keyboard.press("Shift+Tab" if backwards else "Tab")
        names = ui.page.evaluate(FOCUSED_NAMES)
        if any(pattern.search(found) for found in names):
            return
        seen.append((names or ["(nothing)"])[0][:30])
    pytest.fail(f"Tabbing on {ui.path} never reached {pattern.pattern!r}; focus went through {seen}")


def type_into(ui: UI, name: str, text: str) -> None:
    tab_to(ui, name)
    ui.page.keyboard.type(text)


def follow(ui: UI, name: str | re.Pattern[str]) -> None:
    """Tab to a link or button and press Enter (a new page loads and is axe-checked)."""
    tab_to(ui, name)
    ui.press_enter_and_wait()


def choose_level(ui: UI, level: int) -> None:
    """Tab into the radio group and move to ``level`` with the arrow keys (Space picks the first if none is)."""
    tab_to(ui, re.compile(r"^Level \d\b"))
    if not ui.page.evaluate("() => document.activeElement.checked"):
        ui.page.keyboard.press("Space")
    current = int(ui.page.evaluate("() => document.activeElement.value"))
    for _ in range(abs(level - current)):
        ui.page.keyboard.press("ArrowDown" if level > current else "ArrowUp")
    assert ui.page.evaluate("() => document.activeElement.checked && document.activeElement.value") == str(level)


def choose_option(ui: UI, name: str, option: str) -> None:
    """Tab to a select and press the arrow keys until ``option`` is selected (the list never opens)."""
    tab_to(ui, name)
    for _ in range(50):
        if ui.page.evaluate("() => document.activeElement.selectedOptions[0].text") == option:
            return
        ui.page.keyboard.press("ArrowDown")
    pytest.fail(f"{option!r} is not an option of {name!r}")


def open_file_chooser(ui: UI) -> FileChooser:
    """Space (or Enter) on the focused file input opens the chooser; the test then picks the file in it.

    Tried again with the other key: once, on the busy development machine, no chooser opened within 15 s
    of a Space press (cause not found; the same step passed in every other run).
    """
    for key in ("Space", "Enter", "Space"):
        try:
            with ui.page.expect_file_chooser(timeout=5_000) as chooser:
                ui.page.keyboard.press(key)
        except PlaywrightTimeoutError:
            continue
        return chooser.value
    pytest.fail("Neither Space nor Enter on the file input opened the file chooser")


def keyboard_sign_in(ui: UI, user: User) -> None:
    ui.visit("/accounts/sign-in/")
    type_into(ui, "Email address", user.email)
    type_into(ui, "Password", TEST_PASSWORD)
    ui.press_enter_and_wait()  # Enter in a text box submits its form


def download_with_enter(ui: UI, name: str) -> Download:
    tab_to(ui, name)
    with ui.page.expect_download() as download:
        ui.page.keyboard.press("Enter")
    return download.value


def test_the_same_journey_with_the_keyboard_alone(
    ui: UI, ui_factory: Callable[..., UI], cast: Cast, journey: Journey
) -> None:
    keyboard_sign_in(ui, journey.lead)
    ui.visit(f"{journey.base}/assessment/")  # typed into the address bar
    assert "12 of 27 aspects complete" in ui.main_text()

    follow(ui, journey.aspects[0].title)
    for aspect in journey.aspects:
        assert ui.heading() == aspect.title
        choose_level(ui, LEVEL)
        type_into(ui, "Current position", f"Level {LEVEL} for {aspect.title.lower()}, typed without a mouse.")
        type_into(ui, "Evidence", "Planning and pupil work.")
        type_into(ui, "Improvement actions", "A staff meeting next term.")
        tab_to(ui, "Save and continue")  # leaving the box autosaves it (htmx): Save must not conflict with that
        ui.press_enter_and_wait()
    follow(ui, "Back to the self-assessment")
    assert "20 of 27 aspects complete (74%)" in ui.main_text()

    # A file for the library: Space on the file input opens the file chooser, as Enter or Space does for a person.
    first, second = journey.aspects[0], journey.aspects[4]
    follow(ui, first.title)
    follow(ui, "Open the evidence library")
    follow(ui, "Add evidence")
    tab_to(ui, "A file (document, spreadsheet, presentation or image)")
    ui.page.keyboard.press("Space")
    follow(ui, "Continue")
    tab_to(ui, "File")
    assert ui.page.evaluate("() => document.activeElement.type") == "file", ui.page.evaluate(
        "() => document.activeElement.outerHTML"
    )
    open_file_chooser(ui).set_files({"name": "scheme-of-work.pdf", "mimeType": "application/pdf", "buffer": PDF_BYTES})
    type_into(ui, "Title", FILE_TITLE)
    type_into(ui, "Tags (optional)", "curriculum, planning")  # the date is today's already
    follow(ui, "Add to the library")
    assert not ui.error_summary()
    for aspect in (first, second):
        ui.visit(journey.aspect_path(aspect))
        tab_to(ui, f"{FILE_TITLE} (file)")
        ui.page.keyboard.press("Space")
        follow(ui, "Save")
        assert_saved(ui, aspect)

    # An action with an owner and a due date.
    follow(ui, f"Add an action for {second.title}")
    type_into(ui, "What will be done?", ACTION_TITLE)
    choose_option(ui, "Owner", f"{journey.lead.full_name} ({journey.lead.email})")
    # The date box's segments, in the order Chromium shows them (its --lang is en-US: month, day, year).
    type_into(ui, "Due date", due_date().strftime("%m%d%Y"))
    assert ui.page.evaluate("() => document.activeElement.value") == due_date().isoformat()
    follow(ui, "Add action")
    assert not ui.error_summary()

    # Baseline, a changed level, the comparison: from here on only by the links on the pages.
    ui.visit(f"{journey.base}/assessment/")  # the task list, from a bookmark
    follow(ui, "Snapshots and comparison")
    type_into(ui, "Name of the snapshot", "Baseline")
    ui.press_enter_and_wait()
    assert "Baseline" in ui.page.get_by_role("table").inner_text()
    follow(ui, "Back to the profile")
    follow(ui, "Back to the self-assessment")
    follow(ui, first.title)
    choose_level(ui, CHANGED_LEVEL)
    follow(ui, "Save")
    assert_saved(ui, first)
    follow(ui, "Back to the self-assessment")
    follow(ui, "Snapshots and comparison")
    follow(ui, re.compile(r"^Compare with now\W+Baseline$"))
    assert comparison_row(ui, first) == f"{first.title} {LEVEL} {CHANGED_LEVEL} ↑ up +1"

    # Profile, report, certificate.
    follow(ui, "Back to snapshots")
    follow(ui, "Back to the profile")
    assert ui.page.locator("svg[role=img]").count() == 1
    assert first.dimension.title in ui.page.get_by_role("table", name="Levels by dimension").inner_text()
    text = pdf_text(download_with_enter(ui, "Download the school report (PDF)"))
    assert journey.school.name in text
    follow(ui, "Back to the self-assessment")
    follow(ui, "Certificates")
    text = pdf_text(download_with_enter(ui, "Download the Certificate of Progress (PDF)"))
    assert journey.school.name in text and "Progress" in text

    check_the_database(journey, changed=first, attached=[first, second])
    a_teacher_of_another_school_cannot_open_any_of_it(ui_factory, cast, journey)
