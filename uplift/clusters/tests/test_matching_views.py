"""The matching pages and API through the test client: start, progress (with and without htmx), the proposal's
list and map, move/split/merge by plain POST-redirect-GET, confirming and the advisor form."""

from __future__ import annotations

import pytest
from django.urls import reverse

from uplift.clusters import services
from uplift.clusters.models import Cluster, ClusterStatus, MatchRun, MatchRunStatus
from uplift.clusters.tests.permissions_matching import matching_cohort
from uplift.lib.versioning import STALE_MESSAGE
from uplift.testing.cast import Cast

pytestmark = pytest.mark.django_db


def proposed(cohort) -> list[Cluster]:
    return list(Cluster.objects.filter(cohort=cohort, status=ClusterStatus.PROPOSED).order_by("number"))


def token(cohort) -> str:
    return ",".join(f"{c.pk}:{c.version}" for c in proposed(cohort))


def test_starting_a_run_shows_its_progress_then_the_proposal(cast: Cast, client_for) -> None:
    cohort = matching_cohort(cast)
    client = client_for(cast.manager)
    page = client.get(reverse("clusters:matching", args=[cohort.pk]))
    assert page.status_code == 200
    assert "Submitted applications" in page.text and "Run matching" in page.text
    response = client.post(reverse("clusters:matching", args=[cohort.pk]), {"seed": "5"})
    run = MatchRun.objects.get(cohort=cohort)
    assert response.status_code == 302
    assert response["Location"] == reverse("clusters:matching_run", args=[cohort.pk, run.pk])
    page = client.get(response["Location"])
    assert '<progress class="u-progress u-progress--success" id="run-progress-bar" max="100" value="100">' in page.text
    assert "See the proposal" in page.text
    page = client.get(reverse("clusters:matching", args=[cohort.pk]))
    text = page.text
    assert "The proposal" in text and "Every rule holds" in text
    assert "<svg" in text and 'aria-labelledby="proposal-map-title proposal-map-desc"' in text
    assert "Leadership" in text and "Curriculum" in text  # focus dimensions by name
    assert "no other all-through school within 25 km" in text
    assert "Confirm 2 clusters" in text


def test_the_proposal_shows_each_schools_priorities_and_who_it_works_with(cast: Cast, client_for) -> None:
    cohort = matching_cohort(cast)
    application = cohort.applications.get(school=cast.school_a)
    others = [a.school for a in cohort.applications.exclude(pk=application.pk).order_by("pk")]
    near, far = others[0], others[3]  # one of its own group of four, one of the other group 16 km away
    application.priority_dimensions = ["leadership", "curriculum"]
    application.save()
    application.preferred_schools.add(near, far)
    services.matching_start(cohort, by=cast.manager)

    row = next(
        m
        for c in client_for(cast.manager)
        .get(reverse("clusters:matching", args=[cohort.pk]))
        .context["proposal"]
        .clusters
        for m in c.members
        if m.school == cast.school_a
    )
    where = dict(row.preferences)
    assert where[near.name] == "this cluster"
    assert where[far.name] != "this cluster" and where[far.name].startswith("Cluster")
    assert row.preferences_met == 1


def test_the_progress_page_of_a_running_run_polls_and_has_a_refresh_link(cast: Cast, client_for) -> None:
    cohort = matching_cohort(cast)
    run = services.matching_start(cohort, by=cast.manager, enqueue=False)
    MatchRun.objects.filter(pk=run.pk).update(status=MatchRunStatus.RUNNING, progress=37, message="improving")
    client = client_for(cast.manager)
    url = reverse("clusters:matching_run", args=[cohort.pk, run.pk])
    page = client.get(url)
    assert 'value="37"' in page.text and "37%" in page.text
    assert 'hx-trigger="every 1s"' in page.text
    assert f'href="{url}">Refresh' in page.text
    fragment = client.get(url, headers={"HX-Request": "true"})
    assert fragment.text.lstrip().startswith('<div id="run-progress"')
    assert "HX-Redirect" not in fragment
    MatchRun.objects.filter(pk=run.pk).update(status=MatchRunStatus.QUEUED)
    services.matching_execute(run.pk)
    fragment = client.get(url, headers={"HX-Request": "true"})
    assert fragment["HX-Redirect"] == reverse("clusters:matching", args=[cohort.pk]) + "#proposal"
    assert "hx-trigger" not in fragment.text


def test_a_bad_seed_is_an_error_on_the_page(cast: Cast, client_for) -> None:
    cohort = matching_cohort(cast)
    page = client_for(cast.manager).post(reverse("clusters:matching", args=[cohort.pk]), {"seed": "-1"})
    assert page.status_code == 200
    assert "There is a problem" in page.text and "Enter a seed of 0 or more" in page.text
    assert not MatchRun.objects.exists()


def test_moving_split_and_merge_without_javascript(cast: Cast, client_for) -> None:
    cohort = matching_cohort(cast)
    services.matching_start(cohort, by=cast.manager)
    a, b = proposed(cohort)
    school = a.members.exclude(school=a.meeting_school).first().school
    client = client_for(cast.manager)
    url = reverse("clusters:matching_move", args=[cohort.pk, school.urn])
    page = client.get(url)
    assert "What each move would do" in page.text and "Rules hold" in page.text
    # Without JavaScript, a link shows both ends of a move checked; htmx asks for the same as a fragment.
    page = client.get(url, {"to": str(b.pk)})
    assert f"After moving {school.name}" in page.text and "(which it leaves)" in page.text
    assert "5 schools" in page.text
    fragment = client.get(url, {"to": "unassigned"}, headers={"HX-Request": "true"})
    assert fragment.text.lstrip().startswith("<h2") and "would be unassigned" in fragment.text
    assert "<html" not in client.get(url, {"to": "nonsense"}, headers={"HX-Request": "true"}).text
    response = client.post(url, {"to": str(b.pk), "from_cluster": str(a.pk), "seen": token(cohort)})
    assert response.status_code == 302 and response["Location"].endswith(f"#cluster-{b.pk}")
    assert b.members.filter(school=school).exists()
    # The same form sent again (stale versions) is refused with a clear message.
    page = client.post(url, {"to": str(a.pk), "from_cluster": str(a.pk), "seen": f"{a.pk}:1,{b.pk}:1"})
    assert page.status_code == 200 and STALE_MESSAGE in page.text
    # Split b: two schools form a new cluster, which breaks the size rule; the proposal page says so.
    b.refresh_from_db()
    two = [str(m.school.urn) for m in b.members.all()][:2]
    response = client.post(
        reverse("clusters:matching_split", args=[b.pk]), {"schools": two, "seen": f"{b.pk}:{b.version}"}
    )
    assert response.status_code == 302
    page = client.get(reverse("clusters:matching", args=[cohort.pk]))
    assert "Has 2 schools: a cluster needs 3 to 6." in page.text
    assert "You can confirm once every rule holds." in page.text
    confirm = client.post(reverse("clusters:matching_confirm", args=[cohort.pk]), {"seen": token(cohort)})
    assert confirm.status_code == 200 and "Has 2 schools" in confirm.text
    # Merge them back.
    new = proposed(cohort)[-1]
    b.refresh_from_db()
    response = client.post(
        reverse("clusters:matching_merge", args=[b.pk]), {"other": str(new.pk), "seen": token(cohort)}
    )
    assert response.status_code == 302
    page = client.get(reverse("clusters:matching", args=[cohort.pk]))
    assert "Every rule holds" in page.text


def test_confirming_from_the_page(cast: Cast, client_for, mailoutbox, django_capture_on_commit_callbacks) -> None:
    cohort = matching_cohort(cast)
    services.matching_start(cohort, by=cast.manager)
    client = client_for(cast.manager)
    page = client.get(reverse("clusters:matching_confirm", args=[cohort.pk]))
    assert "Confirm 2 clusters" in page.text and "£15,000.00" in page.text
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("clusters:matching_confirm", args=[cohort.pk]), {"seen": token(cohort)})
    assert response.status_code == 302
    page = client.get(response["Location"])
    assert "2 clusters confirmed" in page.text and "Ada Advisor" in page.text
    assert "Change advisor" in page.text
    assert mailoutbox


def test_the_advisor_form_warns_about_capacity(cast: Cast, client_for) -> None:
    from uplift.clusters.models import AdvisorCapacity
    from uplift.clusters.tests.factories import live_cluster

    cluster = live_cluster(cast, "own")
    AdvisorCapacity.objects.create(user=cast.other_advisor, max_clusters=0)
    client = client_for(cast.manager)
    url = reverse("clusters:matching_advisor", args=[cluster.pk])
    page = client.get(url)
    assert "outside the cluster&#x27;s region" in page.text and "at capacity" in page.text
    page = client.post(url, {"advisor": str(cast.other_advisor.pk), "version": str(cluster.version)})
    assert page.status_code == 200 and "Assign anyway" in page.text
    response = client.post(
        url, {"advisor": str(cast.other_advisor.pk), "version": str(cluster.version), "over_capacity": "on"}
    )
    assert response.status_code == 302
    cluster.refresh_from_db()
    assert cluster.advisor == cast.other_advisor


def test_the_api(cast: Cast, client_for) -> None:
    cohort = matching_cohort(cast)
    run = services.matching_start(cohort, by=cast.manager)
    client = client_for(cast.manager)
    data = client.get(f"/api/v1/clusters/runs/{run.pk}").json()
    assert data["status"] == "succeeded" and data["progress"] == 100
    assert data["unassigned"][0]["reason"].startswith("no other all-through school")
    data = client.get(f"/api/v1/clusters/cohorts/{cohort.pk}/proposal").json()
    assert data["can_confirm"] is True and len(data["clusters"]) == 2
    assert {len(c["members"]) for c in data["clusters"]} == {4}
    assert client_for(cast.advisor).get(f"/api/v1/clusters/runs/{run.pk}").status_code == 403
