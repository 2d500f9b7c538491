"""The register pages: find a school, a school's register entry, and a trust's schools."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from uplift.accounts.access import school_role
from uplift.accounts.models import SCHOOL_MANAGE_ROLE, JoinRequest, JoinRequestStatus
from uplift.hubs.models import Hub
from uplift.schools.access import can_see_trust, get_register_school, get_trust_for_user
from uplift.schools.forms import SchoolSearchForm
from uplift.schools.models import School
from uplift.schools.selectors import schools_search

PAGE_SIZE = 25


@login_required
def search(request: HttpRequest) -> HttpResponse:
    """Every signed-in person may search the register (to find and join their school)."""
    form = SchoolSearchForm(request.GET or None)
    schools = School.objects.none()
    if form.is_bound and form.is_valid():
        schools = schools_search(
            q=form.cleaned_data["q"],
            phase=form.cleaned_data["phase"],
            region=form.cleaned_data["region"] and form.cleaned_data["region"].pk,
            local_authority=form.cleaned_data["local_authority"] and form.cleaned_data["local_authority"].pk,
        )
    elif not form.is_bound:
        schools = schools_search()
    page = Paginator(schools, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "schools/search.html", {"form": form, "page_obj": page, "searched": form.is_bound})


@login_required
def detail(request: HttpRequest, urn: int) -> HttpResponse:
    """A school's register entry, what the viewer's role there is, and how to join it."""
    school = get_register_school(request.user, urn)
    role = school_role(request.user, school)
    context = {
        "school": school,
        "rows": _register_rows(school),
        "role": role,
        "may_manage": role is not None and role >= SCHOOL_MANAGE_ROLE,
        "may_see_trust": school.trust is not None and can_see_trust(request.user, school.trust),
        "hubs": Hub.objects.filter(local_authorities=school.local_authority_id) if school.local_authority_id else [],
        "pending_request": JoinRequest.objects.filter(
            user=request.user, school=school, status=JoinRequestStatus.PENDING
        ).first(),
    }
    return render(request, "schools/detail.html", context)


@login_required
def trust(request: HttpRequest, trust_id: int) -> HttpResponse:
    """A trust's schools side by side, for its trust leads and programme managers."""
    the_trust = get_trust_for_user(request.user, trust_id)
    schools = the_trust.schools.select_related("local_authority").order_by("name", "urn")
    return render(request, "schools/trust.html", {"trust": the_trust, "schools": schools})


def _register_rows(school: School) -> list[dict[str, object]]:
    latlon, pupils = school.latlon, school.number_of_pupils
    return [
        {"key": "URN", "value": school.urn},
        {"key": "Phase", "value": school.get_phase_display() or "Not recorded"},
        {"key": "Type", "value": school.type_name or "Not recorded"},
        {"key": "Status", "value": school.status or "Not recorded"},
        {"key": "Local authority", "value": school.local_authority or "Not recorded"},
        {"key": "Region", "value": school.region or "Not recorded"},
        {"key": "Trust", "value": school.trust or "Not part of a trust"},
        {"key": "Town", "value": school.town or "Not recorded"},
        {"key": "Postcode", "value": school.postcode or "Not recorded"},
        {"key": "Number of pupils", "value": "Not recorded" if pupils is None else pupils},
        {"key": "Latitude and longitude", "value": f"{latlon[0]:.5f}, {latlon[1]:.5f}" if latlon else "Not recorded"},
    ]
