"""The end of a cluster's programme: the impact report (page and PDF), recording a school's end
snapshot, reminding schools, finishing the cluster, and the cohort summary. Every view calls an access
function first (``get_cluster_for_user``; recording also ``get_school_for_user(write=True)``)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from uplift.clusters.access import can_run_cluster, get_cluster_for_user, manages_cluster
from uplift.cohorts.access import get_cohort_for_user
from uplift.impact import selectors, services
from uplift.impact.forms import FinishForm
from uplift.lib.forms import apply_errors
from uplift.lib.pdf import pdf_response
from uplift.schools.access import get_school_for_user


def _errors(exc: ValidationError) -> str:
    return " ".join(exc.messages)


@login_required
@require_GET
def report(request: HttpRequest, pk: int) -> HttpResponse:
    """Baseline against end per school and dimension, averages, chart, support used; who has recorded."""
    cluster = get_cluster_for_user(request.user, pk, act="view")
    report = selectors.impact_report(cluster)
    mine = {school.pk for school in selectors.writable_member_schools(cluster, request.user)}
    context = {
        "cluster": cluster,
        "report": report,
        "my_rows": [row for row in report.rows if row.school.pk in mine],
        "may_run": can_run_cluster(request.user, cluster),
        "may_manage": manages_cluster(request.user, cluster),
    }
    return render(request, "impact/report.html", context)


@login_required
@require_GET
def report_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """The same report as a PDF, for governors, trusts and funders."""
    cluster = get_cluster_for_user(request.user, pk, act="view")
    context = {"cluster": cluster, "report": selectors.impact_report(cluster), "today": timezone.localdate()}
    filename = f"uplift-cluster-{cluster.pk}-impact-{timezone.localdate():%Y-%m-%d}.pdf"
    return pdf_response("impact/report_pdf.html", context, filename=filename)


@login_required
@require_POST
def record_end(request: HttpRequest, pk: int, urn: int) -> HttpResponse:
    """A member school's teacher or leader freezes its current assessment as its end snapshot."""
    cluster = get_cluster_for_user(request.user, pk, act="view")
    school = get_school_for_user(request.user, urn, write=True)
    if not cluster.members.filter(school=school).exists():
        raise Http404("That school is not in this cluster")
    try:
        snapshot = services.end_snapshot_record(cluster=cluster, school=school, by=request.user)
    except ValidationError as exc:
        messages.error(request, _errors(exc))
    else:
        messages.success(
            request, f"End-of-programme snapshot recorded for {school.name} on {snapshot.created_at:%-d %B %Y}"
        )
    return redirect("impact:report", pk=cluster.pk)


@login_required
@require_POST
def remind(request: HttpRequest, pk: int) -> HttpResponse:
    """The advisor or a manager emails the schools that have not recorded their end snapshot."""
    cluster = get_cluster_for_user(request.user, pk, act="run")
    try:
        reminders = services.end_snapshot_remind(cluster=cluster, by=request.user)
    except ValidationError as exc:
        messages.error(request, _errors(exc))
    else:
        if reminders:
            names = ", ".join(r.member.school.name for r in reminders)
            messages.success(
                request, f"Reminder sent to {len(reminders)} school{'s' if len(reminders) > 1 else ''}: {names}"
            )
        else:
            messages.info(request, "No reminder sent: every school has recorded, or has nobody on Uplift to remind.")
    return redirect("impact:report", pk=cluster.pk)


@login_required
@require_http_methods(["GET", "POST"])
def finish(request: HttpRequest, pk: int) -> HttpResponse:
    """A programme manager finishes the cluster (a reason is needed while end snapshots are missing)."""
    cluster = get_cluster_for_user(request.user, pk, act="manage")
    report = selectors.impact_report(cluster, with_usage=False)
    form = FinishForm(request.POST or None, initial={"version": cluster.version})
    if request.method == "POST" and form.is_valid():
        try:
            services.cluster_finish(
                cluster=cluster,
                by=request.user,
                reason=form.cleaned_data["reason"],
                expected_version=form.cleaned_data["version"],
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, f"{cluster.name} has finished")
            return redirect("impact:report", pk=cluster.pk)
    return render(request, "impact/finish.html", {"cluster": cluster, "report": report, "form": form})


@login_required
@require_GET
def cohort(request: HttpRequest, pk: int) -> HttpResponse:
    """The cohort's programme managers (``get_cohort_for_user``): the average change per dimension across its
    clusters."""
    cohort = get_cohort_for_user(request.user, pk)
    return render(request, "impact/cohort.html", {"cohort": cohort, "summary": selectors.cohort_summary(cohort)})
