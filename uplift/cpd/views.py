"""CPD ledger pages. Access first, always: ``require_cpd_person`` (one's own record), ``get_entry_for_user``
(one entry), ``get_school_cpd_for_user`` (a school's staff), ``require_programme_cpd`` (the programme)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from uplift.cpd import services
from uplift.cpd.access import get_entry_for_user, get_school_cpd_for_user, require_cpd_person, require_programme_cpd
from uplift.cpd.forms import ClaimForm, YearForm
from uplift.cpd.models import TRAINED_MINUTES, Entry
from uplift.cpd.selectors import programme_totals, school_cpd, school_entries, teacher_entries, teacher_record
from uplift.lib.dates import academic_year_label, academic_year_of
from uplift.lib.forms import apply_errors
from uplift.lib.spreadsheets import csv_response

# How many academic years back the year pickers offer.
YEARS_SHOWN = 5


def _current_year() -> int:
    return academic_year_of(timezone.localdate())


def _year(request: HttpRequest) -> tuple[int, YearForm]:
    current = _current_year()
    choices = [(year, academic_year_label(year)) for year in range(current, current - YEARS_SHOWN, -1)]
    form = YearForm(request.GET or None, years=choices, initial={"year": current})
    return (form.cleaned_data["year"] if form.is_valid() else current), form


def _entry_row(entry: Entry) -> list[object]:
    return [
        entry.on,
        entry.title,
        entry.provider,
        entry.get_source_kind_display(),
        "Verified" if entry.verified else "Self-reported",
        entry.minutes,
        entry.school.name if entry.school else "",
        "; ".join(d.title for d in entry.dimensions.all()),
        "; ".join(a.title for a in entry.aspects.all()),
    ]


ENTRY_HEADER = ["Date", "Title", "Provider", "Source", "Verification", "Minutes", "School", "Dimensions", "Aspects"]


@login_required
@require_GET
def mine(request: HttpRequest) -> HttpResponse:
    teacher = require_cpd_person(request.user)
    return render(
        request,
        "cpd/mine.html",
        {"years": teacher_record(teacher=teacher, current_year=_current_year()), "trained_minutes": TRAINED_MINUTES},
    )


@login_required
@require_GET
def mine_csv(request: HttpRequest) -> HttpResponse:
    teacher = require_cpd_person(request.user)
    rows = (_entry_row(entry) for entry in teacher_entries(teacher=teacher).order_by("on", "pk"))
    return csv_response(filename="my-cpd.csv", header=ENTRY_HEADER, rows=rows)


@login_required
@require_http_methods(["GET", "POST"])
def claim(request: HttpRequest) -> HttpResponse:
    teacher = require_cpd_person(request.user)
    form = ClaimForm(request.POST or None, teacher=teacher)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            entry = services.entry_claim(
                teacher=teacher,
                claim=services.Claim(
                    title=data["title"],
                    provider=data["provider"],
                    on=data["on"],
                    minutes=data["minutes"],
                    school=data["school"],
                    notes=data["notes"],
                    dimensions=list(data["dimensions"]),
                    aspects=list(data["aspects"]),
                ),
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, f"Your CPD “{entry.title}” ({entry.hours}) is on your record as self-reported.")
            return redirect("cpd:mine")
    return render(request, "cpd/claim.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    entry = get_entry_for_user(request.user, pk, act="withdraw")
    if request.method == "POST":
        services.entry_withdraw(entry=entry, by=request.user)
        messages.success(request, f"Your claim “{entry.title}” is withdrawn and no longer counts.")
        return redirect("cpd:mine")
    return render(request, "cpd/withdraw.html", {"entry": entry})


@login_required
@require_GET
def school(request: HttpRequest, urn: int) -> HttpResponse:
    found = get_school_cpd_for_user(request.user, urn)
    year, form = _year(request)
    return render(
        request,
        "cpd/school.html",
        {"school": found, "form": form, "cpd": school_cpd(school=found, year=year), "trained_minutes": TRAINED_MINUTES},
    )


@login_required
@require_GET
def school_csv(request: HttpRequest, urn: int) -> HttpResponse:
    found = get_school_cpd_for_user(request.user, urn)
    year, _form = _year(request)
    entries = school_entries(school=found, year=year).prefetch_related("dimensions", "aspects")
    rows = ([entry.teacher.full_name or entry.teacher.email, *_entry_row(entry)] for entry in entries)
    return csv_response(
        filename=f"cpd-{found.urn}-{academic_year_label(year).replace('/', '-')}.csv",
        header=["Teacher", *ENTRY_HEADER],
        rows=rows,
    )


@login_required
@require_GET
def programme(request: HttpRequest) -> HttpResponse:
    scope = require_programme_cpd(request.user)
    year, form = _year(request)
    return render(
        request,
        "cpd/programme.html",
        {"form": form, "totals": programme_totals(year=year, scope=scope), "national": scope.national},
    )
