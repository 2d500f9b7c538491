"""The bespoke days pages: the days logged with days used and remaining (overall and per school), and
logging, editing and removing a day.

Reading needs ``get_cluster_for_user(act="view")``; every change ``act="run"`` (the cluster's advisor
and managers; member schools' staff get 403).
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from uplift.bespoke import selectors, services
from uplift.bespoke.forms import DayForm
from uplift.bespoke.models import BespokeDay, Length
from uplift.bespoke.services import DayDraft
from uplift.clusters.access import can_run_cluster, get_cluster_for_user, manages_cluster
from uplift.clusters.models import Cluster
from uplift.funding.services import OverBudget
from uplift.lib.forms import apply_errors, with_version
from uplift.lib.versioning import StaleEdit


def _day(cluster: Cluster, day_pk: int) -> BespokeDay:
    return get_object_or_404(BespokeDay.objects.select_related("school", "ledger_entry"), cluster=cluster, pk=day_pk)


def _draft(data: dict) -> DayDraft:
    return DayDraft(
        school=data["school"],
        on=data["on"],
        day_type=data["day_type"],
        length=data["length"],
        delivered_by=data["delivered_by"],
        is_output_day=data["is_output_day"],
        description=data["description"],
        notes=data["notes"],
        cost=data["cost"],
    )


def _saved_message(request: HttpRequest, cluster: Cluster, verb: str, day: BespokeDay) -> None:
    s = selectors.summary(cluster)
    messages.success(
        request,
        f"Bespoke day {verb}: {day.type_label} at {day.school.name}. "
        f"{selectors.fmt_days(s.remaining)} of {s.allowance} days remaining "
        f"({selectors.fmt_days(s.output_remaining)} of {s.output_allowance} output days).",
    )


@login_required
@require_GET
def cluster(request: HttpRequest, pk: int) -> HttpResponse:
    cluster = get_cluster_for_user(request.user, pk, act="view")
    days = list(selectors.days_for(cluster))
    return render(
        request,
        "bespoke/cluster.html",
        {
            "cluster": cluster,
            "days": days,
            "summary": selectors.summary(cluster, days),
            "can_run": can_run_cluster(request.user, cluster),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def add(request: HttpRequest, pk: int) -> HttpResponse:
    cluster = get_cluster_for_user(request.user, pk, act="run")
    manager = manages_cluster(request.user, cluster)
    initial = {
        "on": timezone.localdate().isoformat(),
        "length": Length.FULL,
        "delivered_by": (cluster.advisor.full_name or str(cluster.advisor)) if cluster.advisor else "",
    }
    form = DayForm(request.POST or None, cluster=cluster, manager=manager, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            day = services.bespoke_day_create(
                cluster=cluster,
                draft=_draft(form.cleaned_data),
                beyond_allowance=bool(form.cleaned_data.get("beyond_allowance")),
                confirm_over_budget=form.confirmed,
                by=request.user,
            )
        except OverBudget as exc:
            form.warn(str(exc))
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            _saved_message(request, cluster, "logged", day)
            return redirect("bespoke:cluster", cluster.pk)
    return render(
        request,
        "bespoke/day_form.html",
        {"cluster": cluster, "form": form, "day": None, "summary": selectors.summary(cluster)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def edit(request: HttpRequest, pk: int, day_pk: int) -> HttpResponse:
    cluster = get_cluster_for_user(request.user, pk, act="run")
    day = _day(cluster, day_pk)
    initial = {
        "school": day.school_id,
        "on": day.on.isoformat(),
        "day_type": day.day_type,
        "description": day.description,
        "is_output_day": day.is_output_day,
        "length": day.length,
        "delivered_by": day.delivered_by,
        "notes": day.notes,
        "cost": day.ledger_entry.amount if day.ledger_entry else None,
        "beyond_allowance": day.beyond_allowance,
        "version": day.version,
    }
    form = DayForm(
        request.POST or None,
        cluster=cluster,
        editing=True,
        manager=manages_cluster(request.user, cluster),
        initial=initial,
    )
    if request.method == "POST" and form.is_valid():
        try:
            day = services.bespoke_day_update(
                day=day,
                draft=_draft(form.cleaned_data),
                expected_version=form.cleaned_data["version"],
                beyond_allowance=bool(form.cleaned_data.get("beyond_allowance")),
                confirm_over_budget=form.confirmed,
                by=request.user,
            )
        except StaleEdit as exc:
            if exc.theirs is None:
                messages.error(request, exc.message)
                return redirect("bespoke:cluster", cluster.pk)
            # Keep what they typed and move them on to the saved version: saving again keeps theirs.
            form = DayForm(
                with_version(request.POST, exc.theirs.version),
                cluster=cluster,
                editing=True,
                manager=manages_cluster(request.user, cluster),
            )
            form.is_valid()
            theirs = exc.theirs
            form.add_error(
                None,
                f"{exc.message} It now reads: {theirs.type_label} at {theirs.school.name} on {theirs.on:%-d %B %Y} "
                f"({theirs.get_length_display().lower()}). "
                "Your changes are still in the form: save again to keep them.",
            )
            day = theirs
        except OverBudget as exc:
            form.warn(str(exc))
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            _saved_message(request, cluster, "updated", day)
            return redirect("bespoke:cluster", cluster.pk)
    return render(
        request,
        "bespoke/day_form.html",
        {"cluster": cluster, "form": form, "day": day, "summary": selectors.summary(cluster)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def delete(request: HttpRequest, pk: int, day_pk: int) -> HttpResponse:
    cluster = get_cluster_for_user(request.user, pk, act="run")
    day = _day(cluster, day_pk)
    if request.method == "POST":
        try:
            version = int(request.POST.get("version", ""))
        except ValueError:
            version = -1
        try:
            services.bespoke_day_delete(day=day, expected_version=version, by=request.user)
        except StaleEdit as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, f"Bespoke day removed: {day.type_label} at {day.school.name}.")
        return redirect("bespoke:cluster", cluster.pk)
    return render(request, "bespoke/delete.html", {"cluster": cluster, "day": day})
