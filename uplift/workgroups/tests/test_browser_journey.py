"""Browser journey through a cluster's workspace (every page axe-checked by ``ui``): the advisor opens
their cluster and its timeline, adds an action to a school's plan from a gap, creates a workgroup with a
teacher, logs a meeting with notes and an output and publishes it; the member school's teacher sees it;
an outsider gets 404 in the workspace."""

from __future__ import annotations

import datetime as dt

import pytest

from uplift.actions.models import Action
from uplift.assessments.tests.profile_data import assess
from uplift.clusters.tests.factories import live_cluster
from uplift.frameworks.services import framework_load
from uplift.frameworks.tests.factories import framework_spec
from uplift.testing.browser import UI
from uplift.workgroups.models import Meeting, Output

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_advisor_runs_the_cluster_and_publishes_a_workgroup_output(ui: UI, ui_factory, cast) -> None:
    framework = framework_load(spec=framework_spec())
    cluster = live_cluster(cast, focus=["curriculum"], name="Brookside Primary Cluster")
    assess(cast.school_a, framework, level=4, dimensions={"curriculum": 2})
    school = cast.school_a.name

    # The advisor opens their cluster from the home page and sees where it is in its 12 months.
    ui.sign_in(cast.advisor)
    ui.visit("/")
    ui.click_and_wait("Your clusters (Advisor)")
    ui.click_and_wait("Brookside Primary Cluster")
    assert ui.heading() == "Brookside Primary Cluster"
    text = ui.main_text()
    assert "Timeline" in text and "Between the kick-off and the mid-point review." in text
    assert "Meeting school" in text

    # An action agreed with the school, from one of its gaps.
    ui.click_and_wait("Action plans")
    ui.click_and_wait(f"{school} action plan")
    assert ui.heading() == f"Action plan with {school}"
    ui.submit("Add to the plan")
    assert "Choose the gap this action works on" in ui.error_summary()
    ui.select("Gap in the framework", "Curriculum: Curriculum 1 (level 2, focus)")
    ui.fill("What will be done?", "Map the KS2 programming units")
    ui.select("Owner at the school", f"{cast.teacher.full_name} ({cast.teacher.email})")
    ui.fill("Due date", (dt.date.today() + dt.timedelta(days=30)).isoformat())
    ui.submit("Add to the plan")
    assert "Action agreed with" in ui.main_text()
    assert Action.objects.get(title="Map the KS2 programming units").cluster == cluster

    # A workgroup with a teacher from the school, and its first meeting.
    ui.click_and_wait("Workgroups")
    ui.click_and_wait("Create a workgroup")
    ui.fill("Name", "Programming pedagogy")
    ui.select("Focus dimension", "Curriculum")
    ui.choose(f"{cast.teacher.full_name} ({school})")
    ui.submit("Create workgroup")
    assert ui.heading() == "Programming pedagogy"
    assert "is in this workgroup yet" in ui.main_text()  # the other schools' teachers are still to come
    ui.click_and_wait("Log a meeting")
    ui.fill("Date of the meeting", dt.date.today().isoformat())
    ui.choose("Implement")
    ui.choose(f"{cast.teacher.full_name} ({school})")
    ui.fill("Notes", "Each class taught the first two lessons of the unit.")
    ui.submit("Log meeting")
    assert ui.heading().startswith("Implement meeting")
    ui.click_and_wait("Add an output")
    ui.fill("Title", "KS2 programming unit")
    ui.fill("Description", "Six lessons with PRIMM activities.")
    ui.fill("Link", "https://example.org/ks2-unit")
    ui.submit("Add output")
    assert "Output added" in ui.main_text()
    ui.click_and_wait("KS2 programming unit")
    ui.submit("Publish beyond the cluster")
    assert "Published beyond the cluster" in ui.main_text()
    output = Output.objects.get()
    assert output.is_published and Meeting.objects.get().stage == "implement"

    # The member school's teacher sees the meeting and the published output.
    teacher = ui_factory()
    teacher.sign_in(cast.teacher)
    teacher.visit(f"/clusters/{cluster.pk}/workgroups/")
    teacher.click_and_wait("Programming pedagogy")
    assert "Implement" in teacher.main_text()
    teacher.visit("/workgroups/outputs/")
    assert "KS2 programming unit" in teacher.main_text()

    # An outsider: the workspace is not there for them.
    outsider = ui_factory()
    outsider.sign_in(cast.outsider)
    response = outsider.visit(f"/clusters/{cluster.pk}/")
    assert response is not None and response.status == 404
    response = outsider.visit(f"/clusters/{cluster.pk}/workgroups/")
    assert response is not None and response.status == 404
