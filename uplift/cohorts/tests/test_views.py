"""The cohort pages (managers) and the school's Computing Clusters pages, through the test client."""

from __future__ import annotations

import csv
import datetime as dt
import io

from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from uplift.cohorts.models import Cohort, CohortApplication, CohortApplicationStatus
from uplift.cohorts.tests.factories import CohortApplicationFactory, CohortFactory
from uplift.lib.versioning import STALE_MESSAGE
from uplift.schools.tests.factories import SchoolFactory

from .helpers import aspects, judge

TODAY = timezone.localdate()


def form_data(**changes: object) -> dict[str, object]:
    data = {
        "name": "October 2027",
        "applications_open": TODAY.isoformat(),
        "applications_close": (TODAY + dt.timedelta(days=30)).isoformat(),
        "starts_on": (TODAY + dt.timedelta(days=60)).isoformat(),
        "months": "12",
        "funding_per_cluster": "15000.00",
        "funded_clusters": "",
        "max_km": "25",
        "cost_per_cluster": "0",
        "travel_weight": "0.1",
        "unassigned_penalty": "10",
        "coaching_hours": "30",
        "coaching_sessions": "5",
        "bespoke_days": "9",
        "output_days": "3",
    }
    return {**data, **changes}


def test_a_manager_creates_a_cohort_with_defaults_offered(cast, client_for) -> None:
    client = client_for(cast.manager)
    page = client.get(reverse("cohorts:create"))
    assert 'value="15000.00"' in page.text and 'value="25.0"' in page.text
    response = client.post(reverse("cohorts:create"), form_data())
    cohort = Cohort.objects.get()
    assert response.headers["Location"] == reverse("cohorts:detail", args=[cohort.pk])
    assert cohort.funded_clusters is None
    assert "October 2027" in client.get(reverse("cohorts:list")).text


def test_bad_settings_show_the_error_summary(cast, client_for) -> None:
    client = client_for(cast.manager)
    response = client.post(
        reverse("cohorts:create"),
        form_data(
            applications_close=(TODAY - dt.timedelta(days=1)).isoformat(),
            funding_per_cluster="-5",
            max_km="0",
            funded_clusters="0",
        ),
    )
    assert response.status_code == 400
    text = response.text
    assert "There is a problem" in text and "<title>Error: " in text
    assert "Applications must close on or after the day they open" in text
    assert "Enter the funding per cluster as an amount more than £0" in text
    assert "Enter the maximum travel distance as more than 0 km" in text
    assert "Enter the most clusters funded as 1 or more" in text
    assert not Cohort.objects.exists()


def test_a_stale_edit_is_refused_with_a_clear_message(cast, client_for) -> None:
    cohort = CohortFactory(name="April 2027")
    client = client_for(cast.manager)
    page = client.get(reverse("cohorts:edit", args=[cohort.pk])).text
    assert f'value="{cohort.applications_open.isoformat()}"' in page and 'name="version" value="1"' in page
    assert (
        client.post(reverse("cohorts:edit", args=[cohort.pk]), form_data(name="April 2027", version="1")).status_code
        == 302
    )
    stale = client.post(reverse("cohorts:edit", args=[cohort.pk]), form_data(name="Renamed", version="1"))
    assert stale.status_code == 400
    assert STALE_MESSAGE in stale.text
    assert "The cohort as it is now: April 2027" in stale.text
    assert 'name="version" value="2"' in stale.text  # saving again keeps theirs
    cohort.refresh_from_db()
    assert (cohort.name, cohort.version) == ("April 2027", 2)


def test_the_cohort_page_lists_filters_and_exports_applications(small, cast, client_for) -> None:
    cohort = CohortFactory(name="April 2027")
    CohortApplicationFactory(
        cohort=cohort,
        school=cast.school_a,
        priority_dimensions=["curriculum"],
        needs={"leadership": 1.5, "curriculum": 2.0},
    )
    CohortApplicationFactory(cohort=cohort, school=cast.school_b, status=CohortApplicationStatus.AWAITING_CONSENT)
    client = client_for(cast.manager)
    page = client.get(reverse("cohorts:detail", args=[cohort.pk])).text
    assert "Brookside Primary School" in page and "Riverside Academy" in page
    assert "Leadership: 1.5" in page and "North West" in page
    filtered = client.get(reverse("cohorts:detail", args=[cohort.pk]), {"status": "awaiting_consent"}).text
    assert "Riverside Academy" in filtered and "Brookside Primary School" not in filtered
    download = client.get(reverse("cohorts:applications_csv", args=[cohort.pk]))
    rows = list(csv.DictReader(io.StringIO(download.content.decode("utf-8-sig"))))
    assert [(row["urn"], row["status"], row["need_leadership"]) for row in rows] == [
        ("100001", "submitted", "1.5"),
        ("100002", "awaiting_consent", ""),
    ]


def test_run_matching_is_linked_only_when_the_clusters_app_provides_it(cast, client_for) -> None:
    cohort = CohortFactory()
    page = client_for(cast.manager).get(reverse("cohorts:detail", args=[cohort.pk])).text
    try:
        url = reverse("clusters:matching", args=[cohort.pk])
    except NoReverseMatch:
        assert "Run matching" not in page
    else:
        assert f'href="{url}"' in page


def test_an_ineligible_school_sees_why_with_links_and_no_apply_button(small, cast, client_for) -> None:
    cohort = CohortFactory(name="April 2027")
    unjudged = aspects(small)[0]
    judge(cast.school_a, cast.lead, small, {unjudged.slug: None})
    client = client_for(cast.lead)
    page = client.get(reverse("cohorts:school", args=[cast.school_a.urn])).text
    assert "Not met" in page and "1 aspect of your self-assessment has no level yet" in page
    assert reverse("assessments:aspect", args=[cast.school_a.urn, unjudged.slug]) in page
    assert reverse("cohorts:apply", args=[cast.school_a.urn, cohort.pk]) not in page
    apply_page = client.get(reverse("cohorts:apply", args=[cast.school_a.urn, cohort.pk])).text
    assert "Your school cannot apply yet" in apply_page and "Submit the application" not in apply_page
    client.post(reverse("cohorts:apply", args=[cast.school_a.urn, cohort.pk]), {"priority_1": "curriculum"})
    assert not CohortApplication.objects.exists()


def test_a_closed_window_is_said_plainly(small, cast, client_for) -> None:
    judge(cast.school_a, cast.lead, small)
    cohort = CohortFactory(
        name="Old cohort",
        applications_open=TODAY - dt.timedelta(days=40),
        applications_close=TODAY - dt.timedelta(days=2),
    )
    page = client_for(cast.lead).get(reverse("cohorts:apply", args=[cast.school_a.urn, cohort.pk])).text
    assert "Applications to Old cohort closed on" in page and "Submit the application" not in page


def test_the_lead_applies_the_head_consents_then_withdraws(
    small, cast, client_for, django_capture_on_commit_callbacks
) -> None:
    judge(cast.school_a, cast.lead, small)
    partner = SchoolFactory(trust=cast.trust_a, name="Hillside Primary")
    cohort = CohortFactory(name="April 2027")
    client = client_for(cast.lead)
    apply_url = reverse("cohorts:apply", args=[cast.school_a.urn, cohort.pk])
    form = client.get(apply_url).text
    assert "Hillside Primary" in form and 'name="consent"' not in form  # only a senior leader sees consent
    bad = client.post(apply_url, {"priority_1": "", "priority_2": "teaching"})
    assert bad.status_code == 400
    assert "Choose at least one priority dimension" in bad.text
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            apply_url,
            {
                "priority_1": "teaching",
                "priority_2": "impact",
                "preferred_schools": [partner.pk],
                "preferences_note": "",
            },
        )
    assert response.status_code == 302
    application = CohortApplication.objects.get()
    assert application.status == CohortApplicationStatus.AWAITING_CONSENT
    assert application.priority_dimensions == ["teaching", "impact"]
    page = client.get(reverse("cohorts:school", args=[cast.school_a.urn])).text
    assert "Waiting for one of the school’s senior leaders" in page

    head = client_for(cast.head)
    consent_url = reverse("cohorts:consent", args=[cast.school_a.urn, application.pk])
    assert "Your consent is needed" in head.get(reverse("cohorts:school", args=[cast.school_a.urn])).text
    unticked = head.post(consent_url, {})
    assert unticked.status_code == 400 and "Confirm that you consent" in unticked.text
    with django_capture_on_commit_callbacks(execute=True):
        assert head.post(consent_url, {"confirm": "on"}).status_code == 302
    application.refresh_from_db()
    assert (application.status, application.consent_by) == (CohortApplicationStatus.SUBMITTED, cast.head)

    head.post(reverse("cohorts:withdraw", args=[cast.school_a.urn, application.pk]))
    application.refresh_from_db()
    assert application.status == CohortApplicationStatus.WITHDRAWN


def test_school_page_shows_needs_and_open_cohorts(small, cast, client_for) -> None:
    judge(cast.school_a, cast.lead, small, default=2)
    CohortFactory(name="April 2027")
    page = client_for(cast.governor).get(reverse("cohorts:school", args=[cast.school_a.urn])).text
    assert "April 2027" in page and "Need by dimension" in page and "2.0" in page
    assert "Your school's computing lead or a senior leader can apply" in page


def test_the_cohort_page_runs_a_fixed_number_of_queries(small, cast, client_for, django_assert_max_num_queries) -> None:
    cohort = CohortFactory()
    client = client_for(cast.manager)
    for _ in range(3):
        CohortApplicationFactory(cohort=cohort, school=SchoolFactory(trust=cast.trust_a))
    with django_assert_max_num_queries(20) as few:
        client.get(reverse("cohorts:detail", args=[cohort.pk]))
    for _ in range(10):
        CohortApplicationFactory(cohort=cohort, school=SchoolFactory(trust=cast.trust_a))
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(reverse("cohorts:detail", args=[cohort.pk]))


def test_a_school_without_a_senior_leader_is_told_how_to_get_consent(small, cast, client_for) -> None:
    CohortApplicationFactory(school=cast.school_b, status=CohortApplicationStatus.AWAITING_CONSENT)
    page = client_for(cast.lead_b).get(reverse("cohorts:school", args=[cast.school_b.urn])).text
    assert "nobody at Riverside Academy is a senior leader on Uplift yet" in page
    assert reverse("accounts:invite", args=[cast.school_b.urn]) in page


def test_the_cohort_list_counts_applications_by_status(cast, client_for) -> None:
    cohort = CohortFactory(name="March 2025", confirmed_at=timezone.now())
    for status in (CohortApplicationStatus.MATCHED,) * 3 + (CohortApplicationStatus.NOT_MATCHED,):
        CohortApplicationFactory(cohort=cohort, status=status)
    rows = client_for(cast.manager).get(reverse("cohorts:list")).context["rows"]
    row = next(r for r in rows if r["cohort"] == cohort)
    assert (row["submitted"], row["awaiting"], row["matched"]) == (0, 0, 3)
