"""Computing Clusters cohorts: the programme manager's cohort pages (under clusters/cohorts/) and the
school's side (under schools/<urn>/clusters/). Every view calls an access function first."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from uplift.accounts.access import manager_scope, school_role
from uplift.accounts.models import SchoolRole
from uplift.cohorts import selectors, services
from uplift.cohorts.access import (
    cohorts_for_user,
    get_cohort_application_for_user,
    get_cohort_for_school,
    get_cohort_for_user,
    is_senior_leader,
    require_cohort_manager,
)
from uplift.cohorts.forms import ApplyForm, CohortForm, ConsentForm, StatusFilterForm
from uplift.cohorts.models import Cohort, CohortApplication, CohortApplicationStatus
from uplift.cohorts.needs import school_needs
from uplift.lib.forms import with_version
from uplift.lib.spreadsheets import csv_response
from uplift.lib.versioning import StaleEdit
from uplift.schools.access import can_manage_school, get_school_for_user
from uplift.schools.models import School


def _matching_url(cohort: Cohort) -> str:
    """The "Run matching" page, once the clusters app provides it."""
    try:
        return reverse("clusters:matching", args=[cohort.pk])
    except NoReverseMatch:
        return ""


# The programme manager's side ------------------------------------------------------------------------


@login_required
@require_GET
def cohort_list(request: HttpRequest) -> HttpResponse:
    require_cohort_manager(request.user)
    cohorts = list(cohorts_for_user(request.user))
    counts: dict[int, dict[str, int]] = {}
    for cohort_id, status in CohortApplication.objects.values_list("cohort_id", "status"):
        counts.setdefault(cohort_id, {}).setdefault(status, 0)
        counts[cohort_id][status] += 1
    rows = [
        {
            "cohort": cohort,
            "submitted": counts.get(cohort.pk, {}).get(CohortApplicationStatus.SUBMITTED, 0),
            "awaiting": counts.get(cohort.pk, {}).get(CohortApplicationStatus.AWAITING_CONSENT, 0),
            "matched": counts.get(cohort.pk, {}).get(CohortApplicationStatus.MATCHED, 0),
        }
        for cohort in cohorts
    ]
    return render(request, "cohorts/list.html", {"rows": rows})


@login_required
@require_http_methods(["GET", "POST"])
def cohort_create(request: HttpRequest) -> HttpResponse:
    scope = require_cohort_manager(request.user)
    form = CohortForm(
        request.POST if request.method == "POST" else None, initial=CohortForm.initial_for(Cohort()), scope=scope
    )
    if request.method == "POST" and form.is_valid():
        try:
            cohort = services.cohort_create(by=request.user, **form.service_fields())
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, f"Cohort “{cohort.name}” created")
            return redirect("cohorts:detail", pk=cohort.pk)
    return render(request, "cohorts/form.html", {"form": form, "cohort": None}, status=400 if form.errors else 200)


@login_required
@require_http_methods(["GET", "POST"])
def cohort_edit(request: HttpRequest, pk: int) -> HttpResponse:
    cohort = get_cohort_for_user(request.user, pk)
    scope = manager_scope(request.user)
    form = CohortForm(
        request.POST if request.method == "POST" else None,
        initial=CohortForm.initial_for(cohort),
        cohort=cohort,
        scope=scope,
    )
    conflict = None
    if request.method == "POST" and form.is_valid():
        try:
            cohort = services.cohort_update(
                cohort=cohort,
                expected_version=form.cleaned_data.get("version") or 0,
                by=request.user,
                **form.service_fields(),
            )
        except StaleEdit as exc:
            conflict = exc.theirs
            # Keep what they typed, moved onto the saved version: saving again keeps theirs.
            form = CohortForm(
                with_version(request.POST, conflict.version),
                initial=CohortForm.initial_for(conflict),
                cohort=conflict,
                scope=scope,
            )
            form.is_valid()
            form.add_error(None, exc.message)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, f"Cohort “{cohort.name}” saved")
            return redirect("cohorts:detail", pk=cohort.pk)
    return render(
        request,
        "cohorts/form.html",
        {"form": form, "cohort": cohort, "conflict": conflict},
        status=400 if form.errors else 200,
    )


@login_required
@require_GET
def cohort_detail(request: HttpRequest, pk: int) -> HttpResponse:
    cohort = get_cohort_for_user(request.user, pk)
    form = StatusFilterForm(request.GET or None)
    status = form.cleaned_data.get("status", "") if form.is_valid() else ""
    applications = list(selectors.cohort_applications(cohort, status=status))
    titles = selectors.dimension_titles()
    counts = selectors.status_counts(cohort)
    return render(
        request,
        "cohorts/detail.html",
        {
            "cohort": cohort,
            "form": form,
            "status": status,
            "applications": applications,
            "rows": [_row(application, titles) for application in applications],
            "status_summary": [(label, counts[value]) for value, label in CohortApplicationStatus.choices],
            "status_label": CohortApplicationStatus(status).label if status else "",
            "matching_url": _matching_url(cohort),
            "is_open": cohort.is_open(),
            "dimensions": titles,
        },
    )


def _row(application: CohortApplication, titles: dict[str, str]) -> dict[str, object]:
    school = application.school
    return {
        "application": application,
        "school": school,
        "priorities": [titles.get(slug, slug) for slug in application.priority_dimensions],
        "needs": [(titles.get(slug, slug), value) for slug, value in application.needs.items()],
        "status_colour": STATUS_COLOURS.get(application.status, "grey"),
    }


STATUS_COLOURS = {
    CohortApplicationStatus.AWAITING_CONSENT: "yellow",
    CohortApplicationStatus.SUBMITTED: "blue",
    CohortApplicationStatus.WITHDRAWN: "grey",
    CohortApplicationStatus.MATCHED: "green",
    CohortApplicationStatus.NOT_MATCHED: "red",
}


@login_required
@require_GET
def applications_csv(request: HttpRequest, pk: int) -> HttpResponse:
    """The cohort's applications as CSV: one row per application, a column per dimension's need."""
    cohort = get_cohort_for_user(request.user, pk)
    titles = selectors.dimension_titles()
    slugs = list(titles)
    header = [
        "urn",
        "school",
        "phase",
        "region",
        "trust",
        "easting",
        "northing",
        "status",
        "applied_at",
        "consented_at",
        "priorities",
        *[f"need_{slug}" for slug in slugs],
        "preferred_schools",
        "preferences_note",
    ]
    rows = (
        [
            application.school.urn,
            application.school.name,
            application.school.get_phase_display(),
            application.school.region.name if application.school.region else "",
            application.school.trust.name if application.school.trust else "",
            application.school.easting,
            application.school.northing,
            application.status,
            application.applied_at,
            application.consented_at,
            ";".join(application.priority_dimensions),
            *[application.needs.get(slug) for slug in slugs],
            ";".join(str(other.urn) for other in application.preferred_schools.all()),
            application.preferences_note,
        ]
        for application in selectors.cohort_applications(cohort)
    )
    return csv_response(filename=f"cohort-{cohort.pk}-applications.csv", header=header, rows=rows)


# The school's side -----------------------------------------------------------------------------------


@login_required
@require_GET
def school(request: HttpRequest, urn: int) -> HttpResponse:
    """Open cohorts, the school's eligibility checklist, its needs and its applications."""
    school = get_school_for_user(request.user, urn)
    role = school_role(request.user, school)
    titles = selectors.dimension_titles()
    needs = school_needs(school)
    applications = selectors.school_applications(school)
    live_cohorts = {
        application.cohort_id for application in applications if application.status in selectors.LIVE_STATUSES
    }
    return render(
        request,
        "cohorts/school.html",
        {
            "school": school,
            "eligibility": selectors.eligibility(school),
            "open_cohorts": selectors.open_cohorts(school=school),
            "upcoming": selectors.upcoming_cohorts(school=school),
            "applied_to": live_cohorts,
            "needs": [(titles.get(slug, slug), value, _bar(value)) for slug, value in needs.items()],
            "applications": [
                {
                    "application": application,
                    "priorities": [titles.get(slug, slug) for slug in application.priority_dimensions],
                    "colour": STATUS_COLOURS.get(application.status, "grey"),
                    "withdrawable": application.status in services.WITHDRAWABLE
                    and application.cohort.confirmed_at is None,
                }
                for application in applications
            ],
            "can_apply": can_manage_school(request.user, school),
            "is_senior": role == SchoolRole.SENIOR_LEADER,
            "has_senior": bool(services.consent_givers(school)),
            "consent_form": ConsentForm(),
        },
    )


def _bar(need: float) -> int:
    """Width class (steps of 5) of a need 0..3 as a share of the most need."""
    return 5 * round(100 * min(max(need, 0.0), 3.0) / 3 / 5)


@login_required
@require_http_methods(["GET", "POST"])
def apply(request: HttpRequest, urn: int, pk: int) -> HttpResponse:
    """Apply to a cohort: the school's computing lead or a senior leader, while the window is open and
    the school is eligible (otherwise the page says exactly why)."""
    school = get_school_for_user(request.user, urn, manage=True)
    cohort = get_cohort_for_school(school, pk)
    senior = is_senior_leader(request.user, school)
    result = selectors.eligibility(school, cohort)
    trust_schools = (
        list(School.objects.filter(trust_id=school.trust_id).exclude(pk=school.pk).order_by("name"))
        if school.trust_id
        else []
    )
    titles = selectors.dimension_titles()
    form = ApplyForm(
        request.POST if request.method == "POST" else None,
        dimensions=titles,
        trust_schools=trust_schools,
        senior=senior,
    )
    window_closed = services.cohort_window_problem(cohort)
    status = 200
    if request.method == "POST" and result.eligible and not window_closed:
        if form.is_valid():
            draft = services.ApplicationDraft(
                priority_dimensions=form.cleaned_data["priorities"],
                preferred_school_ids=[s.pk for s in form.cleaned_data.get("preferred_schools") or []],
                preferences_note=form.cleaned_data.get("preferences_note", ""),
                consent=bool(form.cleaned_data.get("consent")),
            )
            try:
                application = services.cohort_application_submit(
                    cohort=cohort, school=school, draft=draft, by=request.user
                )
            except services.NotEligible as exc:
                result = exc.eligibility
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                if application.status == CohortApplicationStatus.SUBMITTED:
                    messages.success(request, f"Application to {cohort.name} submitted")
                else:
                    messages.success(
                        request,
                        f"Application to {cohort.name} saved. It is waiting for a senior leader's consent: "
                        "we have emailed your school's senior leaders.",
                    )
                return redirect("cohorts:school", urn=school.urn)
        status = 400 if form.errors else 200
    return render(
        request,
        "cohorts/apply.html",
        {
            "school": school,
            "cohort": cohort,
            "form": form,
            "eligibility": result,
            "window_closed": window_closed,
            "senior": senior,
        },
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def consent(request: HttpRequest, urn: int, pk: int) -> HttpResponse:
    """A senior leader of the school consents to an application waiting for consent."""
    application = get_cohort_application_for_user(request.user, urn, pk, act="consent")
    form = ConsentForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.cohort_application_consent(application=application, by=request.user)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, f"Consent recorded: the application to {application.cohort.name} is submitted")
            return redirect("cohorts:school", urn=application.school.urn)
    titles = selectors.dimension_titles()
    return render(
        request,
        "cohorts/consent.html",
        {
            "application": application,
            "school": application.school,
            "form": form,
            "priorities": [titles.get(slug, slug) for slug in application.priority_dimensions],
        },
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def withdraw(request: HttpRequest, urn: int, pk: int) -> HttpResponse:
    """Withdraw an application before matching (senior leaders and the computing lead)."""
    application = get_cohort_application_for_user(request.user, urn, pk, act="withdraw")
    try:
        services.cohort_application_withdraw(application=application, by=request.user)
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
    else:
        messages.success(request, f"Application to {application.cohort.name} withdrawn")
    return redirect("cohorts:school", urn=application.school.urn)
