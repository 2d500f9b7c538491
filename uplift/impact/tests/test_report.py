"""The impact report's numbers (hand-computed), its page, PDF, API and the cohort summary."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader

from uplift.clusters.models import ClusterMember, ClusterStatus
from uplift.clusters.tests.factories import ClusterFactory, ClusterMemberFactory, live_cluster
from uplift.frameworks.models import Framework
from uplift.frameworks.services import framework_load
from uplift.frameworks.tests.factories import framework_spec
from uplift.impact.selectors import cohort_summary, impact_report
from uplift.impact.tests.helpers import frozen
from uplift.testing.cast import Cast

pytestmark = pytest.mark.django_db

MINUS = "\u2212"


@pytest.fixture
def small(cast: Cast) -> Framework:
    return framework_load(spec=framework_spec())


@pytest.fixture
def cluster(cast: Cast, small: Framework):
    """School A improves, the second school rises and falls, the third has no baseline."""
    cluster = live_cluster(cast, focus=["curriculum", "teaching"])
    a, b, c = sorted(cluster.members.select_related("school"), key=lambda m: m.school != cast.school_a)
    a.baseline_snapshot = frozen(a.school, small, {"leadership": 2, "curriculum": 1, "teaching": 3})
    a.end_snapshot = frozen(a.school, small, {"leadership": 3, "curriculum": 3, "teaching": 3})
    b.baseline_snapshot = frozen(b.school, small, {"leadership": 2, "curriculum": 2, "teaching": 2, "impact": 3})
    b.end_snapshot = frozen(b.school, small, {"leadership": 2, "curriculum": 3, "teaching": 4, "impact": 2})
    c.end_snapshot = frozen(c.school, small, {"leadership": 4, "curriculum": 4, "teaching": 4})
    for member in (a, b, c):
        member.save()
    return cluster


def test_changes_per_school_and_the_cluster_averages(cast: Cast, cluster) -> None:
    report = impact_report(cluster)

    slugs = [d.slug for d in report.dimensions]
    assert slugs == ["leadership", "curriculum", "teaching", "staff_development", "inclusion", "careers", "impact"]
    assert [d.slug for d in report.dimensions if d.focus] == ["curriculum", "teaching"]
    rows = {row.school.pk: row for row in report.rows}
    a = rows[cast.school_a.pk]
    assert [c.change for c in a.cells[:3]] == [1, 2, 0]
    assert a.improved == 2
    b = next(row for row in report.rows if row.baseline and row.school != cast.school_a)
    assert [c.change for c in b.cells] == [0, 1, 2, None, None, None, -1]
    c = next(row for row in report.rows if row.baseline is None)
    assert [cell.change for cell in c.cells] == [None] * 7
    averages = {a.dimension.slug: a for a in report.averages}
    # leadership: baseline (2+2)/2, end (3+2+4)/3, change (+1+0)/2 over the two schools with both.
    assert (averages["leadership"].baseline, averages["leadership"].end, averages["leadership"].change) == (
        2.0,
        3.0,
        0.5,
    )
    # curriculum: (1+2)/2, (3+3+4)/3 = 3.33, (+2+1)/2.
    assert (averages["curriculum"].baseline, averages["curriculum"].end, averages["curriculum"].change) == (
        1.5,
        3.3,
        1.5,
    )
    # teaching: (3+2)/2, (3+4+4)/3 = 3.67, (0+2)/2.
    assert (averages["teaching"].baseline, averages["teaching"].end, averages["teaching"].change) == (2.5, 3.7, 1.0)
    assert (averages["impact"].change, averages["impact"].schools) == (-1.0, 1)
    assert (averages["careers"].baseline, averages["careers"].change, averages["careers"].schools) == (None, None, 0)
    assert (report.recorded, report.total, report.all_recorded) == (3, 3, True)


def test_the_page_shows_the_change_per_school_and_dimension(cast: Cast, cluster, client_for) -> None:
    page = client_for(cast.teacher).get(f"/clusters/{cluster.pk}/impact/").content.decode()

    assert "Brookside Primary School" in page
    assert "<strong>+2</strong>" in page  # school A's curriculum
    assert f"<strong>{MINUS}1</strong>" in page  # the second school's impact dimension
    assert "<strong>+1.5</strong>" in page  # the cluster's mean change in curriculum
    assert "no baseline was recorded when the cluster began" in page
    assert "Record our end-of-programme snapshot" not in page  # school A has recorded
    assert "Record it again" in page
    assert "Finish the cluster" not in page  # teachers do not finish clusters
    assert "<svg" in page and "levels by dimension</title>" in page


def test_before_the_end_the_report_shows_the_baseline_and_what_is_to_come(
    cast: Cast, small: Framework, client_for
) -> None:
    cluster = live_cluster(cast)
    member = ClusterMember.objects.get(cluster=cluster, school=cast.school_a)
    member.baseline_snapshot = frozen(cast.school_a, small, {"leadership": 2})
    member.save()

    page = client_for(cast.lead).get(f"/clusters/{cluster.pk}/impact/").content.decode()

    assert "No school has recorded its end-of-programme snapshot yet." in page
    assert "0 of 3 schools have recorded their end-of-programme snapshot" in page
    assert "Still to come" in page
    assert "Record our end-of-programme snapshot" in page
    assert "+" not in page.split("Cluster averages by dimension")[1].split("Support used")[0]


def test_the_advisor_may_remind_and_the_manager_may_finish(cast: Cast, small: Framework, client_for) -> None:
    cluster = live_cluster(cast)
    advisor_page = client_for(cast.advisor).get(f"/clusters/{cluster.pk}/impact/").content.decode()
    assert "Remind the schools that have not recorded" in advisor_page
    assert "Finish the cluster" not in advisor_page
    assert "Record our end-of-programme snapshot" not in advisor_page
    manager_page = client_for(cast.manager).get(f"/clusters/{cluster.pk}/impact/").content.decode()
    assert "Finish the cluster" in manager_page


def test_finishing_without_a_reason_shows_the_error_and_with_one_finishes(
    cast: Cast, small: Framework, client_for
) -> None:
    cluster = live_cluster(cast)
    client = client_for(cast.manager)

    refused = client.post(f"/clusters/{cluster.pk}/impact/finish/", {"reason": "", "version": cluster.version})
    assert refused.status_code == 200
    assert "There is a problem" in refused.content.decode()
    assert "3 schools have not recorded" in refused.content.decode()

    done = client.post(f"/clusters/{cluster.pk}/impact/finish/", {"reason": "Ended early", "version": cluster.version})
    assert done.status_code == 302
    cluster.refresh_from_db()
    assert cluster.status == ClusterStatus.FINISHED
    page = client.get(done["Location"]).content.decode()
    assert "has finished" in page and "Ended early" in page


def test_recording_through_the_page(cast: Cast, small: Framework, client_for) -> None:
    from uplift.impact.tests.helpers import set_levels

    cluster = live_cluster(cast)
    set_levels(cast.school_a, {"leadership": 3}, cast.lead)
    response = client_for(cast.head).post(f"/clusters/{cluster.pk}/impact/end-snapshot/{cast.school_a.urn}/")
    assert response.status_code == 302
    assert (
        ClusterMember.objects.get(cluster=cluster, school=cast.school_a).end_snapshot.data["dimensions"]["leadership"]
        == 3
    )
    # Another member school's page is not the head's to record.
    other = cluster.members.exclude(school=cast.school_a).first().school
    assert client_for(cast.head).post(f"/clusters/{cluster.pk}/impact/end-snapshot/{other.urn}/").status_code == 404


def test_the_pdf_has_the_schools_and_their_changes(cast: Cast, cluster, client_for) -> None:
    response = client_for(cast.advisor).get(f"/clusters/{cluster.pk}/impact/report.pdf")

    assert response["Content-Type"] == "application/pdf"
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert "Cluster impact report" in text
    assert "Brookside Primary School" in text
    assert "+2" in text and "+1.5" in text


def test_the_api_gives_baseline_end_and_change(cast: Cast, cluster, client_for) -> None:
    data = client_for(cast.lead).get(f"/api/v1/impact/clusters/{cluster.pk}").json()

    school_a = next(s for s in data["schools"] if s["urn"] == cast.school_a.urn)
    curriculum = next(d for d in school_a["dimensions"] if d["dimension"] == "curriculum")
    assert curriculum == {
        "dimension": "curriculum",
        "title": "Curriculum",
        "focus": True,
        "baseline": 1,
        "end": 3,
        "change": 2,
    }
    assert next(a for a in data["averages"] if a["dimension"] == "teaching")["change"] == 1.0
    assert data["recorded"] == 3


def test_the_cohort_summary_averages_changes_over_every_school(
    cast: Cast, cluster, small: Framework, client_for
) -> None:
    second = ClusterFactory(cohort=cluster.cohort, advisor=cast.advisor, status=ClusterStatus.FINISHED)
    member = ClusterMemberFactory(cluster=second)
    member.baseline_snapshot = frozen(member.school, small, {"leadership": 1})
    member.end_snapshot = frozen(member.school, small, {"leadership": 4})
    member.save()

    summary = cohort_summary(cluster.cohort)

    assert [row.changes[0] for row in summary.rows] == [0.5, 3.0]
    # Leadership over the cohort's three schools with both levels: (+1 + 0 + 3) / 3.
    assert summary.overall[0] == 1.3
    assert summary.schools_counted[0] == 3
    page = client_for(cast.manager).get(f"/cohorts/{cluster.cohort_id}/impact/").content.decode()
    assert "+1.3" in page and second.name in page


def test_the_report_page_makes_as_many_queries_for_six_schools_as_for_three(
    cast: Cast, cluster, small: Framework, client_for
) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for(cast.advisor)
    with CaptureQueriesContext(connection) as three:
        client.get(f"/clusters/{cluster.pk}/impact/")
    for _ in range(3):
        member = ClusterMemberFactory(cluster=cluster)
        member.baseline_snapshot = frozen(member.school, small, {"leadership": 1})
        member.end_snapshot = frozen(member.school, small, {"leadership": 2})
        member.save()
    with CaptureQueriesContext(connection) as six:
        client.get(f"/clusters/{cluster.pk}/impact/")
    assert len(six) == len(three)
