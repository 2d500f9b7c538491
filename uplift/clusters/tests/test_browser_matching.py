"""Browser journey for matching (every page axe-checked by ``ui``): the manager starts matching and watches the
progress bar until the worker finishes (htmx polling takes them to the proposal), reads the map and the list,
moves a school and sees the rules checked again (a breach, then fixed), confirms; the schools and the advisor
are emailed."""

from __future__ import annotations

import re

import pytest
from django.core import mail

from uplift.clusters import services
from uplift.clusters.models import Cluster, ClusterStatus, MatchRun
from uplift.clusters.tests.permissions_matching import matching_cohort
from uplift.testing.browser import UI

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

IMMEDIATE = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
# No worker: the run stays queued until the test plays the worker's part.
NO_WORKER = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}


def test_a_manager_matches_moves_a_school_and_confirms(ui: UI, cast, settings) -> None:
    cohort = matching_cohort(cast, name="October 2027")
    settings.TASKS = NO_WORKER

    # The manager starts matching and sees the progress bar.
    ui.sign_in(cast.manager)
    ui.visit(f"/clusters/cohorts/{cohort.pk}/matching/")
    assert ui.heading() == "Match schools into clusters"
    assert "Furthest from the meeting school\t25 km" in ui.main_text()
    ui.fill("Seed", "0")
    ui.submit("Run matching")
    assert ui.heading().startswith("Matching run")
    bar = ui.page.locator("progress#run-progress-bar")
    assert bar.get_attribute("value") == "0"
    assert "0% – Waiting to start" in ui.main_text()

    # The worker runs the engine; the page (polling) moves on to the proposal by itself.
    settings.TASKS = IMMEDIATE
    services.matching_execute(MatchRun.objects.get(cohort=cohort).pk)
    ui.page.wait_for_url(re.compile(r"/matching/#proposal$"), timeout=15000)
    ui.check()
    text = ui.main_text()
    assert "Every rule holds" in text
    assert "no other all-through school within 25 km" in text
    figure = ui.page.locator("svg[aria-labelledby='proposal-map-title proposal-map-desc']")
    assert figure.is_visible()
    assert figure.locator("g circle, g rect").count() == 9  # 8 schools in clusters, 1 unassigned
    assert figure.locator("text").all_text_contents().count("U") == 1

    # Move a school out of its cluster: the cluster now breaks the size rule and confirming is held back.
    first, second = Cluster.objects.filter(cohort=cohort, status=ClusterStatus.PROPOSED).order_by("number")
    movers = [m.school for m in first.members.exclude(school=first.meeting_school).order_by("school__name")]
    ui.click_and_wait(f"Move {movers[0].name}")
    assert "What each move would do" in ui.main_text()
    ui.choose(second.name)  # the check of both clusters appears in place
    preview = ui.page.locator("#move-preview")
    preview.get_by_text("(which it leaves)").wait_for()
    ui.check()
    assert f"{second.name}: 5 schools" in " ".join(preview.inner_text().split())
    ui.submit("Move the school")
    assert f"{movers[0].name} moved to {second.name}" in ui.main_text()
    ui.click_and_wait(f"Move {movers[1].name}")
    ui.choose("Out of every cluster (unassigned)")
    ui.submit("Move the school")
    text = ui.main_text()
    assert "Has 2 schools: a cluster needs 3 to 6." in text
    assert "You can confirm once every rule holds." in text
    assert "moved out of Cluster 1 by Mina Manager" in text

    # Put it back: the rules hold again.
    ui.click_and_wait(f"Place {movers[1].name} in a cluster")
    ui.choose(first.name)
    ui.submit("Move the school")
    assert "Every rule holds" in ui.main_text()

    # Confirm.
    ui.click_and_wait("Confirm 2 clusters")
    ui.submit("Confirm the clusters")
    text = ui.main_text()
    assert "2 clusters confirmed" in text
    assert "Ada Advisor" in text
    assert Cluster.objects.filter(cohort=cohort, status=ClusterStatus.CONFIRMED).count() == 2

    # The schools' leaders and the advisor are told.
    recipients = {message.to[0] for message in mail.outbox}
    assert {"lead@example.test", "head@example.test", "advisor@example.test"} <= recipients
    lead_mail = next(message for message in mail.outbox if message.to == ["lead@example.test"])
    assert "Your school is in a Computing Cluster" in lead_mail.subject

    # The advisors page shows the new load; the manager lowers Ada's capacity.
    ui.visit("/clusters/advisors/")
    assert "Advisors and capacity" in ui.main_text()
    ui.fill("Most clusters at once for Ada Advisor", "1")
    ui.submit("Save capacity for Ada Advisor")
    assert "Ada Advisor can now run up to 1 clusters." in ui.main_text()
