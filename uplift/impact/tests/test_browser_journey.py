"""Browser journey for the end of a cluster's programme (every page axe-checked by ``ui``): each member
school records its end-of-programme snapshot, the manager finishes the cluster, the impact report shows
the change from baseline per school and dimension, and the PDF downloads."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader

from uplift.accounts.models import SchoolRole
from uplift.accounts.tests.factories import SchoolMembershipFactory, UserFactory
from uplift.clusters.models import ClusterStatus
from uplift.clusters.tests.factories import live_cluster
from uplift.frameworks.services import framework_load
from uplift.frameworks.tests.factories import framework_spec
from uplift.impact.tests.helpers import record_baseline, set_levels
from uplift.testing.browser import UI

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_schools_record_their_end_the_manager_finishes_and_the_report_shows_the_change(
    ui: UI, ui_factory, cast
) -> None:
    framework_load(spec=framework_spec())
    cluster = live_cluster(cast, focus=["curriculum", "teaching"])
    others = [m.school for m in cluster.members.exclude(school=cast.school_a).order_by("school__name")]
    leads = []
    for number, school in enumerate(others, start=1):
        lead = UserFactory(email=f"lead{number}@example.test", full_name=f"Lena Lead {number}")
        SchoolMembershipFactory(user=lead, school=school, role=SchoolRole.LEAD)
        leads.append(lead)
    for school, lead in [(cast.school_a, cast.lead), *zip(others, leads, strict=True)]:
        record_baseline(cluster, school, {"leadership": 2, "curriculum": 1, "teaching": 2}, lead)
    # A year's work: school A moves up in curriculum and teaching; the others in curriculum.
    set_levels(cast.school_a, {"curriculum": 3, "teaching": 3}, cast.lead)
    for school, lead in zip(others, leads, strict=True):
        set_levels(school, {"curriculum": 2}, lead)

    # Before the end the report shows the baseline and what is still to come.
    ui.sign_in(cast.lead)
    ui.visit(f"/clusters/{cluster.pk}/impact/")
    assert ui.heading() == "Impact"
    assert "No school has recorded its end-of-programme snapshot yet." in ui.main_text()
    ui.submit("Record our end-of-programme snapshot")
    assert f"End-of-programme snapshot recorded for {cast.school_a.name}" in ui.main_text()
    assert "1 of 3 schools has recorded its end-of-programme snapshot" in ui.main_text()

    for lead in leads:
        other = ui_factory()
        other.sign_in(lead)
        other.visit(f"/clusters/{cluster.pk}/impact/")
        other.submit("Record our end-of-programme snapshot")
        assert "End-of-programme snapshot recorded" in other.main_text()

    # The manager finishes the cluster.
    manager = ui_factory()
    manager.sign_in(cast.manager)
    manager.visit(f"/clusters/{cluster.pk}/impact/")
    assert "3 of 3 schools have recorded their end-of-programme snapshot" in manager.main_text()
    manager.click_and_wait("Finish the cluster")
    assert "Every school (3) has recorded its end-of-programme snapshot." in manager.main_text()
    manager.submit("Finish the cluster")
    cluster.refresh_from_db()
    assert cluster.status == ClusterStatus.FINISHED

    # The report: change from baseline per school and dimension, and the cluster's averages.
    text = manager.main_text()
    assert "has finished" in text
    school_a_table = manager.page.locator("table", has=manager.page.locator("caption", has_text=cast.school_a.name))
    rows = school_a_table.locator("tbody tr")
    assert rows.nth(1).inner_text().split("\t")[-1].strip() == "+2"  # curriculum 1 -> 3
    assert rows.nth(2).inner_text().split("\t")[-1].strip() == "+1"  # teaching 2 -> 3
    assert rows.nth(0).inner_text().split("\t")[-1].strip() == "0"  # leadership unchanged
    averages = manager.page.locator("table", has=manager.page.locator("caption", has_text="Average level"))
    # Curriculum: +2, +1, +1 over three schools = +1.3.
    assert averages.locator("tbody tr").nth(1).inner_text().split("\t")[-1].strip() == "+1.3"

    # Across the cohort (its only cluster here): the same mean change.
    manager.click_and_wait(f"Impact across the {cluster.cohort.name} cohort")
    assert "+1.3" in manager.main_text()

    # The PDF downloads with the same numbers.
    pdf = manager.page.context.request.get(manager.url(f"/clusters/{cluster.pk}/impact/report.pdf"))
    assert pdf.headers["content-type"] == "application/pdf"
    pdf_text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.body())).pages)
    assert cast.school_a.name in pdf_text and "+1.3" in pdf_text
