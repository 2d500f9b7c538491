"""The school's profile, snapshots and comparison, new cycle, exports, report PDF, and the trust view.

Every view calls an access function first: ``get_school_for_user`` (reading: members including
governors, leads of the school's trust, programme staff in scope; writing: teachers and above) or
``get_trust_for_user``.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from uplift.actions.models import Action
from uplift.assessments.exports import JUDGEMENT_HEADER, judgement_rows, trust_rows
from uplift.assessments.forms_profile import NOW, CompareForm, SnapshotForm, snapshot_label
from uplift.assessments.models import Snapshot
from uplift.assessments.profile import Profile, change_summary, compare_levels, profile_for_school, trust_overview
from uplift.assessments.selectors import current_assessment, levels_data, school_progress
from uplift.assessments.services import assessment_start, cycle_start, snapshot_record
from uplift.frameworks.models import Framework
from uplift.lib.pdf import pdf_response
from uplift.lib.spreadsheets import csv_response, xlsx_response
from uplift.schools.access import can_write_school, get_school_for_user, get_trust_for_user
from uplift.schools.models import School


def _profile(school: School) -> Profile:
    profile = profile_for_school(school=school)
    if profile is None:
        raise Http404("No framework has been loaded yet.")
    return profile


@login_required
def profile(request: HttpRequest, urn: int) -> HttpResponse:
    """The school's profile: radar and table against the averages, strengths, areas, next steps."""
    school = get_school_for_user(request.user, urn)
    return render(
        request,
        "assessments/profile.html",
        {"school": school, "profile": _profile(school), "may_write": can_write_school(request.user, school)},
    )


def _school_snapshots(school: School) -> list[Snapshot]:
    # Every assessment of the school, so snapshots of earlier cycles and framework versions stay listed.
    return list(
        Snapshot.objects.filter(assessment__school=school)
        .select_related("assessment__framework", "created_by")
        .order_by("-created_at", "-pk")
    )


@login_required
@require_http_methods(["GET", "POST"])
def snapshots(request: HttpRequest, urn: int) -> HttpResponse:
    """The school's snapshots, and (for members who may write) a form to record one."""
    school = get_school_for_user(request.user, urn, write=request.method == "POST")
    form = SnapshotForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            assessment = assessment_start(school=school, by=request.user)
            snapshot = snapshot_record(assessment=assessment, name=form.cleaned_data["name"], by=request.user)
        except (ValidationError, ValueError) as exc:
            form.add_error("name", exc.messages if isinstance(exc, ValidationError) else str(exc))
        else:
            messages.success(request, f"Snapshot “{snapshot.name}” recorded.")
            return redirect("assessments:snapshots", urn=school.urn)
    return render(
        request,
        "assessments/snapshots.html",
        {
            "school": school,
            "snapshots": _school_snapshots(school),
            "form": form,
            "may_write": can_write_school(request.user, school),
        },
    )


def _side(school: School, choice: str, by_id: dict[str, Snapshot]) -> tuple[str, dict, Framework]:
    """(label, levels, framework) for a snapshot id or ``now``."""
    if choice == NOW:
        progress = school_progress(school)
        if progress is None:
            raise Http404("No framework has been loaded yet.")
        return "Now", levels_data(progress), progress.framework
    snapshot = by_id[choice]
    return snapshot_label(snapshot), snapshot.data, snapshot.assessment.framework


@login_required
def compare(request: HttpRequest, urn: int) -> HttpResponse:
    """Change per dimension and aspect between two snapshots (?a=<id>&b=<id>), or a snapshot and ``now``."""
    school = get_school_for_user(request.user, urn)
    snapshot_list = _school_snapshots(school)
    by_id = {str(snapshot.pk): snapshot for snapshot in snapshot_list}
    data = request.GET if "a" in request.GET or "b" in request.GET else None
    initial = {"a": str(snapshot_list[0].pk) if snapshot_list else NOW, "b": NOW}
    form = CompareForm(data, initial=initial, snapshots=snapshot_list)
    comparison = before = after = None
    if data is not None and form.is_valid():
        before_label, before_data, before_framework = _side(school, form.cleaned_data["a"], by_id)
        after_label, after_data, after_framework = _side(school, form.cleaned_data["b"], by_id)
        frameworks = [after_framework] if after_framework == before_framework else [after_framework, before_framework]
        comparison = compare_levels(before=before_data, after=after_data, frameworks=frameworks)
        before, after = before_label, after_label
    return render(
        request,
        "assessments/compare.html",
        {
            "school": school,
            "form": form,
            "has_snapshots": bool(snapshot_list),
            "comparison": comparison,
            "summary": change_summary(comparison) if comparison else None,
            "before": before,
            "after": after,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def new_cycle(request: HttpRequest, urn: int) -> HttpResponse:
    """Confirm, then start a new assessment cycle that copies the latest judgements forward."""
    school = get_school_for_user(request.user, urn, write=True)
    assessment = current_assessment(school)
    if request.method == "POST":
        try:
            started = cycle_start(school=school, by=request.user)
        except ValueError as exc:
            messages.error(request, str(exc))
            return redirect("assessments:profile", urn=school.urn)
        messages.success(
            request,
            f"Cycle {started.cycle} started. Your latest judgements were copied forward: review each aspect.",
        )
        return redirect("assessments:overview", urn=school.urn)
    return render(request, "assessments/new_cycle_confirm.html", {"school": school, "assessment": assessment})


def _filename(school: School, what: str, extension: str) -> str:
    return f"uplift-{school.urn}-{what}-{timezone.localdate():%Y-%m-%d}.{extension}"


@login_required
def export_csv(request: HttpRequest, urn: int) -> HttpResponse:
    """Every aspect of the current assessment with its level, commentary and evidence, as CSV."""
    school = get_school_for_user(request.user, urn)
    return csv_response(
        filename=_filename(school, "judgements", "csv"), header=JUDGEMENT_HEADER, rows=judgement_rows(school)
    )


@login_required
def export_xlsx(request: HttpRequest, urn: int) -> HttpResponse:
    """The same as ``export_csv``, as an Excel workbook."""
    school = get_school_for_user(request.user, urn)
    return xlsx_response(
        filename=_filename(school, "judgements", "xlsx"),
        sheet_title="Judgements",
        header=JUDGEMENT_HEADER,
        rows=judgement_rows(school),
        wrap_text=True,
    )


def _open_actions(school: School) -> list[Action]:
    """The school's planned and in-progress actions, soonest due first."""
    return list(
        Action.objects.filter(school=school)
        .open()
        .select_related("owner", "dimension", "aspect")
        .order_by("due_date", "pk")
    )


@login_required
def report_pdf(request: HttpRequest, urn: int) -> HttpResponse:
    """The school report for governors and senior leaders, as a PDF."""
    school = get_school_for_user(request.user, urn)
    context = {
        "school": school,
        "profile": _profile(school),
        "actions": _open_actions(school),
        "today": timezone.localdate(),
    }
    return pdf_response("assessments/report_pdf.html", context, filename=_filename(school, "report", "pdf"))


# --- the trust view ----------------------------------------------------------------------------


@login_required
def trust(request: HttpRequest, trust_id: int) -> HttpResponse:
    """The trust's schools side by side: dimension levels, progress, last activity; sortable."""
    the_trust = get_trust_for_user(request.user, trust_id)
    overview = trust_overview(trust=the_trust, sort=request.GET.get("sort", "name"))
    columns = [("name", "School")] + [(d.slug, d.title) for d in overview.dimensions]
    columns += [("progress", "Progress"), ("activity", "Last activity")]
    headers = []
    for column, title in columns:
        current = overview.sort.removeprefix("-") == column
        descending = overview.sort.startswith("-")
        headers.append(
            {
                "title": title,
                "href": "?sort=" + (column if current and descending else f"-{column}" if current else column),
                "aria_sort": ("descending" if descending else "ascending") if current else "none",
                "numeric": column not in {"name", "activity"},
            }
        )
    return render(
        request,
        "assessments/trust.html",
        {
            "trust": the_trust,
            "overview": overview,
            "headers": headers,
            "export_url": reverse("assessments:trust_csv", args=[the_trust.pk]) + f"?sort={overview.sort}",
        },
    )


@login_required
def trust_csv(request: HttpRequest, trust_id: int) -> HttpResponse:
    """The trust view as CSV, in the order chosen on the page."""
    the_trust = get_trust_for_user(request.user, trust_id)
    header, rows = trust_rows(trust_overview(trust=the_trust, sort=request.GET.get("sort", "name")))
    return csv_response(
        filename=f"uplift-trust-{the_trust.pk}-{timezone.localdate():%Y-%m-%d}.csv", header=header, rows=rows
    )
