"""Cohort settings (validation, stale edits) and applications (apply, consent, withdraw, emails)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from uplift.assessments.selectors import current_assessment
from uplift.cohorts import services
from uplift.cohorts.models import Cohort, CohortApplicationStatus
from uplift.cohorts.services import ApplicationDraft
from uplift.cohorts.tests.factories import CohortFactory
from uplift.lib.versioning import StaleEdit
from uplift.schools.tests.factories import SchoolFactory

from .helpers import judge

TODAY = timezone.localdate()


def settings_for(**changes: object) -> dict[str, object]:
    data = {
        "name": "October 2027",
        "applications_open": TODAY,
        "applications_close": TODAY + dt.timedelta(days=30),
        "starts_on": TODAY + dt.timedelta(days=60),
        "months": 12,
        "funding_per_cluster": Decimal("15000.00"),
        "funded_clusters": 10,
        "max_km": 25.0,
        "cost_per_cluster": 0.0,
        "travel_weight": 0.1,
        "unassigned_penalty": 10.0,
        "coaching_hours": 30,
        "coaching_sessions": 5,
        "bespoke_days": 9,
        "output_days": 3,
    }
    return {**data, **changes}


def errors_of(excinfo: pytest.ExceptionInfo) -> dict[str, list[str]]:
    return excinfo.value.message_dict


def test_a_manager_creates_a_cohort(cast) -> None:
    cohort = services.cohort_create(by=cast.manager, **settings_for(name="  October 2027 "))
    cohort.refresh_from_db()
    assert cohort.name == "October 2027"
    assert cohort.funding_per_cluster == Decimal("15000.00")
    assert cohort.created_by == cast.manager
    assert cohort.version == 1


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"name": ""}, "name", "Enter a name"),
        ({"applications_close": TODAY - dt.timedelta(days=1)}, "applications_close", "close on or after"),
        ({"starts_on": TODAY + dt.timedelta(days=30)}, "starts_on", "start after applications close"),
        ({"funding_per_cluster": Decimal("0")}, "funding_per_cluster", "more than £0"),
        ({"funded_clusters": 0}, "funded_clusters", "at least 1"),
        ({"max_km": 0.0}, "max_km", "more than 0 km"),
        ({"travel_weight": -1.0}, "travel_weight", "0 or more"),
        ({"output_days": 10}, "output_days", "no more than the bespoke days"),
        ({"months": 0}, "months", "at least 1 month"),
    ],
)
def test_cohort_rules_are_explained_per_field(cast, changes, field, message) -> None:
    with pytest.raises(ValidationError) as excinfo:
        services.cohort_create(by=cast.manager, **settings_for(**changes))
    assert message in " ".join(errors_of(excinfo)[field])
    assert not Cohort.objects.exists()


def test_funded_clusters_may_be_blank_and_names_are_unique(cast) -> None:
    services.cohort_create(by=cast.manager, **settings_for(funded_clusters=None))
    with pytest.raises(ValidationError) as excinfo:
        services.cohort_create(by=cast.manager, **settings_for(name="october 2027"))
    assert "already a cohort" in errors_of(excinfo)["name"][0]


def test_a_stale_edit_is_refused_and_changes_nothing(cast) -> None:
    cohort = services.cohort_create(by=cast.manager, **settings_for())
    services.cohort_update(cohort=cohort, expected_version=1, by=cast.manager, **settings_for(max_km=30.0))
    with pytest.raises(StaleEdit) as excinfo:
        services.cohort_update(cohort=cohort, expected_version=1, by=cast.manager, **settings_for(max_km=10.0))
    assert excinfo.value.theirs.max_km == 30.0
    cohort.refresh_from_db()
    assert (cohort.max_km, cohort.version) == (30.0, 2)


def draft(**changes: object) -> ApplicationDraft:
    data = {"priority_dimensions": ["curriculum", "teaching"], "preferred_school_ids": [], "preferences_note": ""}
    return ApplicationDraft(**{**data, **changes})


def test_a_lead_applies_and_waits_for_a_senior_leaders_consent(
    small, cast, mailoutbox, django_capture_on_commit_callbacks
) -> None:
    judge(cast.school_a, cast.lead, small, {"curriculum-1": 1}, default=3)
    cohort = CohortFactory(name="April 2027")
    with django_capture_on_commit_callbacks(execute=True):
        application = services.cohort_application_submit(
            cohort=cohort, school=cast.school_a, draft=draft(preferences_note=" Near Oak Lane "), by=cast.lead
        )
    assert application.status == CohortApplicationStatus.AWAITING_CONSENT
    assert application.priority_dimensions == ["curriculum", "teaching"]
    assert application.assessment == current_assessment(cast.school_a)
    # Curriculum: levels 1, 3, 3 -> (3 + 1 + 1) / 3; the others 3, 3, 3 -> 1.
    assert application.needs["curriculum"] == pytest.approx(1.667)
    assert application.needs["leadership"] == 1.0
    assert application.preferences_note == "Near Oak Lane"
    assert sorted(mail.to[0] for mail in mailoutbox) == [cast.head.email, cast.lead.email]
    to_head = next(mail for mail in mailoutbox if mail.to == [cast.head.email])
    assert "Your consent is needed" in to_head.subject
    assert f"/schools/{cast.school_a.urn}/clusters/" in to_head.body

    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        consented = services.cohort_application_consent(application=application, by=cast.head)
    assert consented.status == CohortApplicationStatus.SUBMITTED
    assert consented.consent_by == cast.head
    assert [mail.to for mail in mailoutbox] == [[cast.lead.email]]
    assert "Consent recorded" in mailoutbox[0].subject


def test_a_senior_leader_may_consent_when_applying(small, cast, mailoutbox, django_capture_on_commit_callbacks) -> None:
    judge(cast.school_a, cast.lead, small)
    with django_capture_on_commit_callbacks(execute=True):
        application = services.cohort_application_submit(
            cohort=CohortFactory(), school=cast.school_a, draft=draft(consent=True), by=cast.head
        )
    assert application.status == CohortApplicationStatus.SUBMITTED
    assert (application.consent_by, application.consented_at is not None) == (cast.head, True)
    assert [mail.to for mail in mailoutbox] == [[cast.head.email]]
    assert "Application submitted" in mailoutbox[0].subject


def test_only_a_senior_leader_consents(small, cast) -> None:
    judge(cast.school_a, cast.lead, small)
    cohort = CohortFactory()
    with pytest.raises(ValidationError) as excinfo:
        services.cohort_application_submit(cohort=cohort, school=cast.school_a, draft=draft(consent=True), by=cast.lead)
    assert "Only a senior leader" in errors_of(excinfo)["consent"][0]
    application = services.cohort_application_submit(cohort=cohort, school=cast.school_a, draft=draft(), by=cast.lead)
    with pytest.raises(ValidationError, match="Only a senior leader"):
        services.cohort_application_consent(application=application, by=cast.lead)
    with pytest.raises(ValidationError, match="computing lead or a senior leader"):
        services.cohort_application_submit(cohort=CohortFactory(), school=cast.school_a, draft=draft(), by=cast.teacher)


@pytest.mark.parametrize(
    ("priorities", "message"),
    [
        ([], "at least one"),
        (["curriculum", "teaching", "impact", "careers"], "no more than 3"),
        (["curriculum", "curriculum"], "only once"),
        (["not-a-dimension"], "framework's list"),
    ],
)
def test_priorities_are_checked(small, cast, priorities, message) -> None:
    judge(cast.school_a, cast.lead, small)
    with pytest.raises(ValidationError, match=message):
        services.cohort_application_submit(
            cohort=CohortFactory(), school=cast.school_a, draft=draft(priority_dimensions=priorities), by=cast.lead
        )


def test_preferred_schools_come_from_the_schools_own_trust(small, cast) -> None:
    judge(cast.school_a, cast.lead, small)
    same_trust = SchoolFactory(trust=cast.trust_a)
    with pytest.raises(ValidationError, match="your own trust"):
        services.cohort_application_submit(
            cohort=CohortFactory(),
            school=cast.school_a,
            draft=draft(preferred_school_ids=[same_trust.pk, cast.school_b.pk]),
            by=cast.lead,
        )
    application = services.cohort_application_submit(
        cohort=CohortFactory(), school=cast.school_a, draft=draft(preferred_school_ids=[same_trust.pk]), by=cast.lead
    )
    assert list(application.preferred_schools.all()) == [same_trust]


def test_an_ineligible_school_is_refused_with_the_reasons(small, cast) -> None:
    with pytest.raises(services.NotEligible) as excinfo:
        services.cohort_application_submit(cohort=CohortFactory(), school=cast.school_a, draft=draft(), by=cast.lead)
    assert [reason.key for reason in excinfo.value.eligibility.reasons] == ["judged"]


def test_applying_outside_the_window_is_refused(small, cast) -> None:
    judge(cast.school_a, cast.lead, small)
    closed = CohortFactory(
        applications_open=TODAY - dt.timedelta(days=30), applications_close=TODAY - dt.timedelta(days=1)
    )
    with pytest.raises(ValidationError, match="closed on"):
        services.cohort_application_submit(cohort=closed, school=cast.school_a, draft=draft(), by=cast.lead)
    later = CohortFactory(
        applications_open=TODAY + dt.timedelta(days=3), applications_close=TODAY + dt.timedelta(days=9)
    )
    with pytest.raises(ValidationError, match="open on"):
        services.cohort_application_submit(cohort=later, school=cast.school_a, draft=draft(), by=cast.lead)


def test_withdrawing_before_matching_and_applying_again(small, cast) -> None:
    judge(cast.school_a, cast.lead, small)
    cohort = CohortFactory()
    application = services.cohort_application_submit(cohort=cohort, school=cast.school_a, draft=draft(), by=cast.lead)
    withdrawn = services.cohort_application_withdraw(application=application, by=cast.head)
    assert withdrawn.status == CohortApplicationStatus.WITHDRAWN
    assert withdrawn.withdrawn_at is not None
    with pytest.raises(ValidationError, match="can no longer be withdrawn"):
        services.cohort_application_withdraw(application=application, by=cast.head)
    again = services.cohort_application_submit(cohort=cohort, school=cast.school_a, draft=draft(), by=cast.lead)
    assert again.pk != application.pk
    again.status = CohortApplicationStatus.MATCHED
    again.save()
    with pytest.raises(ValidationError, match="matched to a cluster"):
        services.cohort_application_withdraw(application=again, by=cast.lead)
