"""The workspace pages: your clusters, the overview, changing the timeline, and the home page links."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from uplift.clusters.models import Cluster
from uplift.clusters.tests.factories import live_cluster
from uplift.lib.versioning import STALE_MESSAGE

pytestmark = pytest.mark.django_db


def test_index_lists_the_people_s_own_clusters(cast, client_for) -> None:
    own = live_cluster(cast, "own", name="Preston Primary Cluster")
    live_cluster(cast, "foreign", name="Camden Secondary Cluster")
    page = client_for(cast.advisor).get(reverse("clusters:index")).text
    assert "Preston Primary Cluster" in page and "Camden Secondary Cluster" not in page
    page = client_for(cast.teacher).get(reverse("clusters:index")).text
    assert "Preston Primary Cluster" in page and "Camden Secondary Cluster" not in page
    page = client_for(cast.outsider).get(reverse("clusters:index")).text
    assert "You are not in any Computing Cluster yet." in page
    manager = client_for(cast.manager)
    page = manager.get(reverse("clusters:index")).text
    assert "Preston Primary Cluster" in page and "Camden Secondary Cluster" in page
    page = manager.get(reverse("clusters:index"), {"advisor": cast.advisor.pk}).text
    assert "Preston Primary Cluster" in page and "Camden Secondary Cluster" not in page
    page = manager.get(reverse("clusters:index"), {"cohort": own.cohort_id}).text
    assert "Camden Secondary Cluster" not in page


def test_overview_shows_members_focus_timeline_and_support(cast, client_for, framework) -> None:
    cluster = live_cluster(cast, focus=["curriculum", "teaching"])
    page = client_for(cast.teacher).get(reverse("clusters:workspace", args=[cluster.pk]))
    assert page.status_code == 200
    text = page.text
    assert cluster.name in text and "Meeting school" in text and cast.school_a.name in text
    assert "4.0 km" in text  # the farthest member's distance to the meeting school
    assert "Curriculum" in text and "Teaching" in text  # focus by title, not slug
    assert "Between the kick-off and the mid-point review." in text
    assert "Workgroup meetings" in text  # the support summary
    assert 'aria-current="page"' in text and 'aria-label="' + cluster.name + ' workspace"' in text
    assert reverse("clusters:timeline_edit", args=[cluster.pk]) not in text  # staff do not change dates
    advisor_page = client_for(cast.advisor).get(reverse("clusters:workspace", args=[cluster.pk])).text
    assert reverse("clusters:timeline_edit", args=[cluster.pk]) in advisor_page


def test_timeline_dates_must_be_in_order_and_fresh(cast, client_for) -> None:
    cluster = live_cluster(cast)
    url = reverse("clusters:timeline_edit", args=[cluster.pk])
    client = client_for(cast.advisor)
    assert client.get(url).status_code == 200
    bad = client.post(
        url, {"kickoff_on": "2027-03-01", "midpoint_on": "2027-02-01", "ends_on": "2027-01-01", "version": 1}
    )
    assert bad.status_code == 200
    assert "The mid-point review must be after the kick-off" in bad.text and "There is a problem" in bad.text
    good = {"kickoff_on": "2027-01-11", "midpoint_on": "2027-07-05", "ends_on": "2028-01-10", "version": 1}
    response = client.post(url, good)
    assert response.status_code == 302
    cluster.refresh_from_db()
    assert cluster.midpoint_on == dt.date(2027, 7, 5) and cluster.version == 2
    # Someone saving from the old version is refused with the current dates, nothing overwritten.
    stale = client_for(cast.manager).post(url, {**good, "ends_on": "2028-02-01"})
    assert stale.status_code == 200 and STALE_MESSAGE in stale.text
    assert (
        "The dates are now: kick-off 11 January 2027, mid-point review 5 July 2027, end 10 January 2028." in stale.text
    )
    assert stale.context["form"]["version"].value() == "2"  # saving again keeps what they typed
    assert Cluster.objects.get(pk=cluster.pk).ends_on == dt.date(2028, 1, 10)


def test_home_page_links(cast, client_for) -> None:
    home = reverse("pages:home")
    assert "Your cluster" not in client_for(cast.lead).get(home).text  # not in a cluster yet
    cluster = live_cluster(cast)
    assert reverse("clusters:workspace", args=[cluster.pk]) in client_for(cast.lead).get(home).text
    assert reverse("clusters:workspace", args=[cluster.pk]) not in client_for(cast.governor).get(home).text
    assert "Your clusters" in client_for(cast.advisor).get(home).text
    manager_home = client_for(cast.manager).get(home).text
    assert reverse("clusters:index") in manager_home
