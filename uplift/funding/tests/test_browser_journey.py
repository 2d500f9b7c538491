"""Browser journey (every page axe-checked by ``ui``): the advisor logs a bespoke day and sees the days
remaining, records spend and a commitment, is warned before an entry takes the cluster over its budget
and confirms it; a member school's teacher reads the ledger with no controls and is refused a POST."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest

from uplift.bespoke.models import BespokeDay, DayType
from uplift.clusters.tests.factories import live_cluster
from uplift.funding.models import Kind, LedgerEntry
from uplift.testing.browser import UI

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_advisor_logs_a_day_and_spend_and_is_warned_before_the_budget_is_exceeded(ui: UI, ui_factory, cast) -> None:
    cluster = live_cluster(cast)

    # A bespoke day: type, school, output day.
    ui.sign_in(cast.advisor)
    ui.visit(f"/clusters/{cluster.pk}/bespoke-days/")
    assert ui.heading() == "Bespoke days"
    assert "0 of 9" in ui.main_text()
    ui.click_and_wait("Log a bespoke day")
    ui.submit("Log the day")
    assert "Choose the school" in ui.error_summary()
    ui.select("School", "Brookside Primary School")
    ui.fill("Date", "2027-02-10")
    ui.choose("Curriculum design")
    ui.choose("This was an output day (producing something the cluster keeps and shares)")
    ui.choose("A full day")
    ui.fill("Notes", "Mapped programming across Years 3 to 6.")
    ui.submit("Log the day")
    assert "8 of 9 days remaining (2 of 3 output days)" in ui.main_text()
    day = BespokeDay.objects.get()
    assert (day.school, day.day_type, day.is_output_day) == (cast.school_a, DayType.CURRICULUM_DESIGN, True)

    # Spend and a commitment.
    ui.click_and_wait(ui.page.get_by_role("link", name="Funding", exact=True))
    assert ui.heading() == "Funding"
    ui.click_and_wait("Record spend")
    ui.select("Category", "Supply cover")
    ui.fill("Amount (£)", "1200.00")
    ui.fill("Date", "2027-02-11")
    ui.fill("What is it for?", "Supply cover for the workgroup meeting")
    ui.submit("Record it")
    assert "Spend of £1,200.00 recorded." in ui.main_text()
    ui.click_and_wait("Record a commitment")
    ui.select("Category", "Coaching")
    ui.fill("Amount (£)", "13000.00")
    ui.fill("Date", "2027-03-01")
    ui.fill("What is it for?", "Coaching for the year")
    ui.submit("Record it")
    text = ui.main_text()
    assert "Budget nearly used" in text and "£800.00 is left to commit or spend" in text

    # An entry that would exceed the budget: warned, nothing saved until confirmed.
    ui.click_and_wait("Record spend")
    ui.select("Category", "Resources")
    ui.fill("Amount (£)", "1000.00")
    ui.fill("Date", "2027-03-02")
    ui.fill("What is it for?", "Class set of micro:bits")
    ui.submit("Record it")
    assert "£200.00 over the cluster's budget of £15,000.00" in ui.error_summary()
    assert LedgerEntry.objects.count() == 2
    ui.choose("I understand this exceeds the budget")
    ui.submit("Record it")
    assert "Over budget" in ui.main_text()
    assert LedgerEntry.objects.filter(kind=Kind.SPEND).count() == 2
    assert sum(e.amount for e in LedgerEntry.objects.all()) == Decimal("15200.00")

    # The commitment is paid, for less than committed.
    ui.click_and_wait(ui.page.get_by_role("link", name=re.compile(r"^Mark spent\W+Coaching for the year")))
    ui.fill("Amount actually spent (£)", "12500.00")
    ui.fill("Date paid", "2027-03-05")
    ui.submit("Mark spent")
    assert "Marked spent: Coaching for the year (£12,500.00)." in ui.main_text()
    assert not LedgerEntry.objects.filter(kind=Kind.COMMITMENT).exists()
    # The other forms, checked by axe on the way.
    ui.visit(f"/clusters/{cluster.pk}/bespoke-days/{day.pk}/edit/")
    assert ui.heading() == "Edit a bespoke day"
    ui.visit(f"/clusters/{cluster.pk}/bespoke-days/{day.pk}/remove/")
    entry = LedgerEntry.objects.get(description="Class set of micro:bits")
    ui.visit(f"/clusters/{cluster.pk}/funding/{entry.pk}/remove/")
    assert ui.heading() == "Remove this entry?"

    # A member school's teacher reads the ledger, with no controls, and cannot post to it.
    teacher = ui_factory()
    teacher.sign_in(cast.teacher)
    teacher.visit(f"/clusters/{cluster.pk}/funding/")
    text = teacher.main_text()
    assert "Class set of micro:bits" in text and "£14,700.00" in text
    links = teacher.links()
    assert "Record spend" not in links and not any(name.startswith(("Edit", "Remove", "Mark spent")) for name in links)
    token = teacher.page.locator("input[name=csrfmiddlewaretoken]").first.get_attribute("value")
    response = teacher.page.request.post(
        teacher.url(f"/clusters/{cluster.pk}/funding/new/"),
        form={
            "csrfmiddlewaretoken": token,
            "kind": "spend",
            "category": "other",
            "amount": "5",
            "on": "2027-03-03",
            "description": "x",
        },
    )
    assert response.status == 403
    assert "or a programme manager records the support" in response.text()
    assert LedgerEntry.objects.count() == 3
