"""One continuous browser journey through a whole Computing Clusters programme (issue 5), every page
axe-checked by the ``ui`` fixtures:

1. a programme manager creates a cohort; a school's computing lead applies and its headteacher consents
   (six more schools have applied already); a school with an unfinished self-assessment is told why it
   cannot apply;
2. the manager runs matching, sees the progress bar, the map and the list, moves a school into another
   cluster with the rules checked again, and confirms (advisors allocated, baselines recorded);
3. the programme runs (the clock moves on to kick-off): the advisor creates a workgroup and logs its
   first meeting, records who attended a centrally scheduled drop-in a teacher booked, logs a bespoke
   day with its cost and records spend in the funding ledger; a subject leader is coached, and the
   session notes stay invisible to the advisor (who sees hours only);
4. at the end (12 months on) each school records its end-of-programme snapshot, the manager finishes
   the cluster and the impact report shows the change from baseline and the support used.

The data a journey needs but no page builds (the schools with their coordinates and self-assessments,
the people, the other schools' applications, a year's progress in the self-assessments) is made with
factories and services; every user step is taken on the real pages.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest
import time_machine
from django.core import mail
from django.utils import timezone

from uplift.accounts.models import SchoolRole, User
from uplift.accounts.tests.factories import SchoolMembershipFactory, UserFactory
from uplift.bespoke.models import BespokeDay
from uplift.clusters.models import Cluster, ClusterStatus, MatchRun
from uplift.clusters.services import matching_execute
from uplift.coaching.models import Coaching
from uplift.cohorts.models import Cohort, CohortApplication, CohortApplicationStatus
from uplift.cohorts.services import ApplicationDraft, cohort_application_submit
from uplift.cohorts.tests.helpers import aspects, judge
from uplift.dropins.models import Booking, DropIn
from uplift.frameworks.services import framework_load
from uplift.frameworks.tests.factories import framework_spec
from uplift.funding.models import LedgerEntry
from uplift.impact.tests.helpers import set_levels
from uplift.schools.models import Phase, School
from uplift.schools.tests.factories import SchoolFactory
from uplift.testing.browser import UI
from uplift.workgroups.models import Meeting

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

IMMEDIATE = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
NO_WORKER = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}

# Levels per dimension (1..5). Need = mean over aspects of max(0, 4 - level).
# Around Brookside (Preston): curriculum and teaching are the gaps.
CURRICULUM_GAP = {
    "leadership": 3,
    "curriculum": 1,
    "teaching": 2,
    "staff_development": 3,
    "inclusion": 3,
    "careers": 4,
    "impact": 3,
}
# 16 km east: leadership and impact are the gaps.
LEADERSHIP_GAP = {
    "leadership": 1,
    "curriculum": 3,
    "teaching": 3,
    "staff_development": 2,
    "inclusion": 3,
    "careers": 4,
    "impact": 1,
}


def primary_near(cast, name: str, east_km: float, north_km: float, town: str) -> School:
    """A primary school in Lancashire, ``east_km``/``north_km`` from Brookside Primary School."""
    return SchoolFactory(
        name=name,
        town=town,
        phase=Phase.PRIMARY,
        local_authority=cast.la_a,
        easting=cast.school_a.easting + round(east_km * 1000),
        northing=cast.school_a.northing + round(north_km * 1000),
    )


def senior_leader(school: School, number: int) -> User:
    head = UserFactory(email=f"head{number}@example.test", full_name=f"Harriet Head {number}")
    SchoolMembershipFactory(user=head, school=school, role=SchoolRole.SENIOR_LEADER)
    return head


def test_a_whole_programme_from_applications_to_the_impact_report(ui: UI, ui_factory, cast, settings) -> None:
    framework = framework_load(spec=framework_spec())
    today = timezone.localdate()
    starts_on = today + dt.timedelta(days=45)

    # Brookside (school A) has judged every aspect; Riverside (school B) has two aspects left to judge.
    set_levels(cast.school_a, CURRICULUM_GAP, cast.lead)
    unjudged = aspects(framework)[-2:]
    judge(cast.school_b, cast.lead_b, framework, {aspect.slug: None for aspect in unjudged})

    # ---------------------------------------------------------------------------------------------------
    # 1. The manager creates the cohort.
    ui.sign_in(cast.manager)
    ui.click_and_wait("Cluster cohorts (Programme manager)")
    ui.click_and_wait("Create a cohort")
    assert ui.field("Funding per cluster (£)").input_value() in {"15000", "15000.00"}
    assert ui.field("Maximum travel distance (km)").input_value() in {"25", "25.0"}
    ui.fill("Name", "October 2027")
    ui.fill("Applications open", today.isoformat())
    ui.fill("Applications close", (today + dt.timedelta(days=14)).isoformat())
    ui.fill("Programme starts", starts_on.isoformat())
    ui.submit("Create the cohort")
    assert ui.heading() == "October 2027"
    cohort = Cohort.objects.get(name="October 2027")

    # Six more schools have applied, with their heads' consent: two near Brookside sharing its gaps, and
    # four 16 km east that need leadership and impact most.
    neighbours = [
        primary_near(cast, "Meadow Lane Primary School", 2, 0, "Preston"),
        primary_near(cast, "Orchard Primary School", 0, 2, "Preston"),
    ]
    eastern = [
        primary_near(cast, name, east, north, "Blackburn")
        for name, east, north in (
            ("Ash Grove Primary School", 16, 0),
            ("Beacon Hill Primary School", 18, 0),
            ("Canal Side Primary School", 16, 2),
            ("Dale End Primary School", 18, 2),
        )
    ]
    heads: dict[int, User] = {}
    for number, school in enumerate([*neighbours, *eastern], start=1):
        heads[school.pk] = head = senior_leader(school, number)
        gaps = CURRICULUM_GAP if school in neighbours else LEADERSHIP_GAP
        set_levels(school, gaps, head)
        priorities = ["curriculum", "teaching"] if school in neighbours else ["leadership", "impact"]
        cohort_application_submit(
            cohort=cohort,
            school=school,
            draft=ApplicationDraft(priority_dimensions=priorities, preferred_school_ids=[], consent=True),
            by=head,
        )

    # Brookside's computing lead applies; the headteacher is asked for consent and gives it.
    lead = ui_factory()
    lead.sign_in(cast.lead)
    lead.visit(f"/schools/{cast.school_a.urn}/clusters/")
    assert "Yes: your school meets every condition." in lead.main_text()
    lead.click_and_wait("Apply to October 2027")
    lead.select("First priority", "Curriculum")
    lead.select("Second priority (optional)", "Teaching")
    lead.submit("Submit the application")
    assert "waiting for a senior leader's consent" in lead.main_text()
    application = CohortApplication.objects.get(cohort=cohort, school=cast.school_a)
    assert application.status == CohortApplicationStatus.AWAITING_CONSENT
    assert cast.head.email in {address for message in mail.outbox for address in message.to}

    head = ui_factory()
    head.sign_in(cast.head)
    head.visit(f"/schools/{cast.school_a.urn}/clusters/")
    assert "Your consent is needed" in head.main_text()
    head.choose(
        "As a senior leader, I consent to Brookside Primary School taking part in October 2027 for the whole programme"
    )
    head.submit("Give consent")
    assert "Consent recorded" in head.main_text()
    application.refresh_from_db()
    assert application.status == CohortApplicationStatus.SUBMITTED

    # Riverside's lead is told exactly why the school cannot apply, with links to what to fix.
    ineligible = ui_factory()
    ineligible.sign_in(cast.lead_b)
    ineligible.visit(f"/schools/{cast.school_b.urn}/clusters/")
    text = ineligible.main_text()
    assert "Your school cannot apply yet" in text
    assert "2 aspects of your self-assessment have no level yet" in text
    assert ineligible.page.get_by_role("link", name="Apply to October 2027").count() == 0
    assert ineligible.links()[unjudged[0].title] == f"/schools/{cast.school_b.urn}/assessment/{unjudged[0].slug}/"

    # ---------------------------------------------------------------------------------------------------
    # 2. The manager runs matching: the progress bar, then the proposal as a map and a list.
    ui.visit(f"/clusters/cohorts/{cohort.pk}/")
    ui.click_and_wait("Run matching")
    assert ui.heading() == "Match schools into clusters"
    settings.TASKS = NO_WORKER  # the run waits for a worker, as it would in production
    ui.submit("Run matching")
    assert ui.heading().startswith("Matching run")
    bar = ui.page.get_by_label(re.compile("^Progress of matching run"))
    assert bar.get_attribute("value") == "0"
    assert "0%" in ui.main_text()
    # The worker runs the engine; the page (polling) moves on to the proposal by itself.
    settings.TASKS = IMMEDIATE
    matching_execute(MatchRun.objects.get(cohort=cohort).pk)
    ui.page.wait_for_url(re.compile(r"/matching/#proposal$"), timeout=20_000)
    ui.check()
    text = ui.main_text()
    assert "Every rule holds" in text
    proposed = list(Cluster.objects.filter(cohort=cohort, status=ClusterStatus.PROPOSED).order_by("number"))
    ours = next(c for c in proposed if c.members.filter(school=cast.school_a).exists())
    theirs = next(c for c in proposed if c.pk != ours.pk)
    assert {m.school_id for m in ours.members.all()} == {cast.school_a.pk, *(s.pk for s in neighbours)}
    assert {m.school_id for m in theirs.members.all()} == {s.pk for s in eastern}
    the_map = ui.page.get_by_role("img", name="Map of the proposed clusters")
    assert the_map.is_visible()
    assert the_map.locator("circle, rect").count() >= 7  # every school is a point (meeting schools squares)
    assert "Curriculum" in text and "Leadership" in text  # each cluster's shared focus

    # Ash Grove already works with Brookside's teachers: the manager moves it into Brookside's cluster.
    mover = eastern[0]
    ui.click_and_wait(f"Move {mover.name}")
    assert "What each move would do" in ui.main_text()
    ui.choose(ours.name)
    ui.submit("Move the school")
    text = ui.main_text()
    assert f"{mover.name} moved to {ours.name}" in text
    assert "Every rule holds" in text  # 4 and 3 schools, all within 25 km of their meeting schools

    # The manager confirms; the advisor is allocated and the schools are told.
    ui.click_and_wait("Confirm 2 clusters")
    ui.submit("Confirm the clusters")
    text = ui.main_text()
    assert "2 clusters confirmed" in text
    assert "Ada Advisor" in text
    cluster = Cluster.objects.get(pk=ours.pk)
    assert cluster.status == ClusterStatus.CONFIRMED and cluster.advisor == cast.advisor
    assert cluster.members.count() == 4 and cluster.members.filter(school=mover).exists()
    assert all(member.baseline_snapshot_id for member in cluster.members.all())
    assert {"lead@example.test", "advisor@example.test"} <= {m.to[0] for m in mail.outbox}

    # Before kick-off, the manager schedules a drop-in, a teacher books a place and a subject leader
    # nominates herself for coaching; the advisor asks another advisor to coach her.
    dropin_day = starts_on + dt.timedelta(days=5)
    ui.visit("/drop-ins/")
    ui.click_and_wait("Schedule a drop-in")
    ui.select("CPD topic", "Leading computing")
    ui.fill("Title", "Planning a unit of programming")
    ui.fill("Date", dropin_day.isoformat())
    ui.fill("Start time", "16:00")
    ui.choose("Online")
    ui.fill("Joining link", "https://meet.example.org/programming")
    ui.fill("Places", "30")
    ui.submit("Schedule")
    assert "Drop-in scheduled" in ui.main_text()
    dropin = DropIn.objects.get()

    teacher = ui_factory()
    teacher.sign_in(cast.teacher)
    teacher.visit(f"/drop-ins/{dropin.pk}/")
    teacher.submit("Book a place")
    assert "You have a place at Planning a unit of programming" in teacher.main_text()

    lead.visit(f"/clusters/{cluster.pk}/coaching/")
    lead.click_and_wait("Nominate yourself for coaching")
    lead.select("Which dimension is it about?", "Curriculum")
    lead.fill("What do you want to work on?", "Leading my colleagues through a new KS2 programming scheme.")
    lead.submit("Nominate myself")
    coaching = Coaching.objects.get(cluster=cluster)

    advisor = ui_factory()
    advisor.sign_in(cast.advisor)
    advisor.visit(f"/clusters/{cluster.pk}/coaching/")
    advisor.click_and_wait(advisor.page.get_by_role("link", name="Assign a coach to Lena Lead"))
    advisor.select("Coach", "Otto Advisor (advisor.b@example.test)")
    advisor.submit("Assign coach")
    coaching.refresh_from_db()
    assert coaching.coach == cast.other_advisor

    # ---------------------------------------------------------------------------------------------------
    # 3. The programme runs: ten days after kick-off.
    running = timezone.make_aware(dt.datetime.combine(starts_on + dt.timedelta(days=10), dt.time(9)))
    with time_machine.travel(running, tick=True) as clock:
        on = timezone.localdate().isoformat()
        advisor.sign_in(cast.advisor)  # a new day: sessions from before kick-off have expired

        # The workspace: the advisor's cluster, with its sections.
        advisor.visit("/clusters/")
        advisor.click_and_wait(cluster.name)
        assert advisor.heading() == cluster.name
        assert "Ada Advisor" in advisor.main_text() and "Ash Grove Primary School" in advisor.main_text()

        # A workgroup and its first meeting.
        advisor.click_and_wait("Workgroups")
        advisor.click_and_wait("Create a workgroup")
        advisor.fill("Name", "KS2 programming")
        advisor.select("Focus dimension", "Curriculum")
        advisor.choose("Theo Teacher (Brookside Primary School)")
        advisor.choose(f"Harriet Head 1 ({neighbours[0].name})")
        advisor.submit("Create workgroup")
        assert "Workgroup created: KS2 programming" in advisor.main_text()
        advisor.click_and_wait("Log a meeting")
        advisor.fill("Date of the meeting", on)
        advisor.choose("Plan")
        advisor.choose("Theo Teacher (Brookside Primary School)")
        advisor.fill("Notes", "Agreed a shared Year 4 unit on repetition; each school teaches it this half-term.")
        advisor.submit("Log meeting")
        assert "Plan meeting logged" in advisor.main_text()
        meeting = Meeting.objects.get()
        assert meeting.stage == "plan" and list(meeting.attendees.all()) == [cast.teacher]

        # The drop-in has happened: the advisor records who attended.
        advisor.visit(f"/drop-ins/{dropin.pk}/")
        advisor.click_and_wait("Record attendance")
        advisor.choose("Theo Teacher, Brookside Primary School")
        advisor.submit("Save attendance")
        assert "Attendance recorded" in advisor.main_text()
        assert Booking.objects.get(dropin=dropin, user=cast.teacher).attended is True
        advisor.visit(f"/clusters/{cluster.pk}/drop-ins/")
        assert "Planning a unit of programming" in advisor.main_text()

        # A bespoke day, with its cost, and spend in the funding ledger.
        advisor.visit(f"/clusters/{cluster.pk}/")
        advisor.click_and_wait("Bespoke days")
        advisor.click_and_wait("Log a bespoke day")
        advisor.select("School", "Brookside Primary School")
        advisor.fill("Date", on)
        advisor.choose("Curriculum design")
        advisor.fill("Cost (£)", "450.00")
        advisor.submit("Log the day")
        assert "Bespoke day logged" in advisor.main_text()
        assert BespokeDay.objects.filter(cluster=cluster).count() == 1

        advisor.click_and_wait("Funding")
        advisor.click_and_wait("Record spend")
        advisor.choose("Spend – the money has been paid")
        advisor.select("Category", "Supply cover")
        advisor.fill("Amount (£)", "180.00")
        advisor.fill("Date", on)
        advisor.fill("What is it for?", "Supply cover for two teachers at the workgroup meeting")
        advisor.submit("Record it")
        text = advisor.main_text()
        assert "£630.00" in text  # spent: the bespoke day's £450.00 and £180.00 of supply cover
        assert "£14,370.00" in text  # remaining of £15,000.00
        assert LedgerEntry.objects.filter(cluster=cluster).count() == 2

        # Coaching: the coach logs a session with notes, the coachee reflects.
        coach = ui_factory()
        coach.sign_in(cast.other_advisor)
        coach.visit(f"/coaching/{coaching.pk}/")
        coach.click_and_wait("Log a session")
        coach.fill("Date of the session", on)
        coach.fill("Hours", "1.5")
        coach.fill("Your notes", "Lena is worried about two colleagues' confidence with Scratch.")
        coach.submit("Save session")
        assert "Session logged" in coach.main_text()

        lead.sign_in(cast.lead)
        lead.visit(f"/coaching/{coaching.pk}/")
        lead.click_and_wait("Read and write session notes")
        assert "worried about two colleagues" in lead.main_text()
        lead.click_and_wait(lead.page.get_by_role("link", name=re.compile("^Write your reflection")))
        lead.fill("Your reflection", "I will pair the two colleagues with our Year 6 teacher.")
        lead.submit("Save reflection")
        assert "pair the two colleagues" in lead.main_text()

        # The advisor sees the hours used, never the notes.
        advisor.visit(f"/clusters/{cluster.pk}/coaching/")
        assert "1.5" in advisor.main_text()
        advisor.click_and_wait("Lena Lead")
        text = advisor.main_text()
        assert "1, 1.5 hours" in text
        assert "worried about two colleagues" not in text and "pair the two colleagues" not in text
        assert advisor.page.get_by_role("link", name="Read and write session notes").count() == 0
        response = advisor.visit(f"/coaching/{coaching.pk}/notes/")
        assert response is not None and response.status == 403
        text = advisor.main_text()
        assert "worried about two colleagues" not in text and "pair the two colleagues" not in text

        # -----------------------------------------------------------------------------------------------
        # 4. Twelve months on: a year's work shows in the self-assessments.
        cluster.refresh_from_db()
        clock.move_to(timezone.make_aware(dt.datetime.combine(cluster.ends_on, dt.time(9))))
        set_levels(cast.school_a, {"curriculum": 3, "teaching": 3}, cast.lead)
        set_levels(neighbours[0], {"curriculum": 2}, heads[neighbours[0].pk])
        set_levels(mover, {"leadership": 2}, heads[mover.pk])

        # Each school records its end-of-programme snapshot.
        lead.sign_in(cast.lead)
        lead.visit(f"/clusters/{cluster.pk}/")
        lead.click_and_wait("Impact")
        lead.submit("Record our end-of-programme snapshot")
        assert "End-of-programme snapshot recorded for Brookside Primary School" in lead.main_text()
        for school in [*neighbours, mover]:
            other = ui_factory()
            other.sign_in(heads[school.pk])
            other.visit(f"/clusters/{cluster.pk}/impact/")
            other.submit("Record our end-of-programme snapshot")
            assert f"End-of-programme snapshot recorded for {school.name}" in other.main_text()

        # The manager finishes the cluster.
        ui.sign_in(cast.manager)
        ui.visit(f"/clusters/{cluster.pk}/impact/")
        assert "4 of 4 schools have recorded their end-of-programme snapshot" in ui.main_text()
        ui.click_and_wait("Finish the cluster")
        ui.submit("Finish the cluster")
        cluster.refresh_from_db()
        assert cluster.status == ClusterStatus.FINISHED

        # The impact report: the change from baseline per school and dimension, and the support used.
        text = ui.main_text()
        assert "finished on" in text
        brookside = ui.page.locator("table", has=ui.page.locator("caption", has_text="Brookside Primary School"))
        rows = {
            " ".join(row.locator("th").first.inner_text().split()): row.inner_text().split("\t")[-1].strip()
            for row in brookside.locator("tbody tr").all()
        }
        assert any(key.startswith("Curriculum") and value == "+2" for key, value in rows.items()), rows
        assert any(key.startswith("Teaching") and value == "+1" for key, value in rows.items()), rows
        assert any(key.startswith("Leadership") and value == "0" for key, value in rows.items()), rows
        averages = ui.page.locator("table", has=ui.page.locator("caption", has_text="Average level"))
        curriculum = averages.locator("tbody tr").nth(1).inner_text().split("\t")
        assert curriculum[0].startswith("Curriculum") and curriculum[-1].strip() in {"+0.7", "+0.8"}, curriculum
        # (Curriculum: +2 at Brookside, +1 at Meadow Lane, 0 at Orchard and Ash Grove: +0.75 on average.)

        support_table = ui.page.locator("table", has=ui.page.locator("caption", has_text="Support used"))
        support = {
            cells[0].strip(): [cell.strip() for cell in cells[1:]]
            for cells in (row.inner_text().split("\t") for row in support_table.locator("tbody tr").all())
        }

        def used(prefix: str) -> list[str]:
            return next((cells for label, cells in support.items() if label.startswith(prefix)), [])

        assert "1.5" in used("Coaching")[0] and "30" in used("Coaching")[1], support
        assert used("Drop-in")[0].startswith("1"), support
        assert used("Bespoke")[0].startswith("1") and "9" in used("Bespoke")[1], support
        assert "630.00" in used("Funding")[0] and "15,000.00" in used("Funding")[1], support
        assert used("Workgroup")[0].startswith("1"), support
