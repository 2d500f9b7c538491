"""Drop-in pages. Access: ``get_dropin_for_user`` (view / book / manage / attendance) for one drop-in,
``require_dropin_manager`` to schedule, ``get_cluster_for_user`` for a cluster's bookings."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from uplift.clusters.access import get_cluster_for_user
from uplift.dropins import services
from uplift.dropins.access import (
    can_host_dropins,
    dropin_places_for,
    get_dropin_for_user,
    manages_dropins,
    require_dropin_manager,
)
from uplift.dropins.forms import AttendanceForm, CancelForm, DropInEditForm, DropInForm, FilterForm, SeriesForm
from uplift.dropins.models import BookingStatus, DropIn
from uplift.dropins.selectors import (
    attendees,
    booked_ids,
    cluster_bookings,
    dropin_usage,
    recent_past,
    upcoming,
)
from uplift.dropins.services import DropInDraft
from uplift.lib.forms import apply_errors


def _draft(form: Form, starts_at: object) -> DropInDraft:
    data = form.cleaned_data
    return DropInDraft(
        topic=data["topic"],
        title=data["title"],
        description=data["description"],
        starts_at=starts_at,  # type: ignore[arg-type]
        duration_minutes=data["duration_minutes"],
        mode=data["mode"],
        joining_link=data["joining_link"],
        venue=data["venue"],
        capacity=data["capacity"],
        host=data["host"],
    )


@login_required
@require_GET
def schedule(request: HttpRequest) -> HttpResponse:
    form = FilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    hosts = can_host_dropins(request.user)
    return render(
        request,
        "dropins/list.html",
        {
            "form": form,
            "dropins": upcoming(topic=filters.get("topic", ""), mode=filters.get("mode", "")),
            "filtered": bool(filters.get("topic") or filters.get("mode")),
            "booked": booked_ids(request.user),
            "can_book": bool(dropin_places_for(request.user)),
            "is_manager": manages_dropins(request.user),
            "past": list(recent_past()) if hosts else [],
        },
    )


@login_required
@require_GET
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    dropin = get_dropin_for_user(request.user, pk)
    hosts = can_host_dropins(request.user)
    mine = dropin.bookings.filter(user=request.user).exclude(status=BookingStatus.CANCELLED).first()
    return render(
        request,
        "dropins/detail.html",
        {
            "dropin": dropin,
            "mine": mine,
            "can_book": bool(dropin_places_for(request.user)),
            "is_manager": manages_dropins(request.user),
            "hosts": hosts,
            "shows_link": hosts or (mine is not None and mine.status == BookingStatus.BOOKED),
            "attendees": attendees(dropin) if hosts else [],
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def create(request: HttpRequest) -> HttpResponse:
    require_dropin_manager(request.user)
    form = DropInForm(request.POST or None, initial={"duration_minutes": 60, "capacity": 30})
    if request.method == "POST" and form.is_valid():
        try:
            dropin = services.dropin_create(draft=_draft(form, form.starts_at()), by=request.user)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(
                request, f"Drop-in scheduled: {dropin.title} on {timezone.localtime(dropin.starts_at):%-d %B %Y}."
            )
            return redirect("dropins:detail", dropin.pk)
    return render(request, "dropins/form.html", {"form": form, "title": "Schedule a drop-in", "action": request.path})


@login_required
@require_http_methods(["GET", "POST"])
def series(request: HttpRequest) -> HttpResponse:
    require_dropin_manager(request.user)
    form = SeriesForm(request.POST or None, initial={"duration_minutes": 60, "capacity": 30})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            created = services.dropin_create_series(
                draft=_draft(form, None),
                first_month=data["first_month"],
                months=data["months"],
                weekday=data["weekday"],
                nth=data["nth"],
                at=data["time"],
                by=request.user,
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            first, last = (timezone.localtime(d.starts_at) for d in (created[0], created[-1]))
            messages.success(request, f"{len(created)} drop-ins scheduled, from {first:%-d %B %Y} to {last:%-d %B %Y}.")
            return redirect("dropins:list")
    return render(
        request, "dropins/form.html", {"form": form, "title": "Schedule a monthly series", "action": request.path}
    )


@login_required
@require_http_methods(["GET", "POST"])
def edit(request: HttpRequest, pk: int) -> HttpResponse:
    dropin = get_dropin_for_user(request.user, pk, act="manage")
    local = timezone.localtime(dropin.starts_at)
    initial = {
        **DropInDraft.of(dropin).__dict__,
        "date": local.date(),
        "time": local.time().replace(second=0, microsecond=0),
        "version": dropin.version,
    }
    form = DropInEditForm(request.POST or None, dropin=dropin, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.dropin_update(
                dropin=dropin,
                draft=_draft(form, form.starts_at()),
                expected_version=form.cleaned_data["version"],
                by=request.user,
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, "Drop-in updated.")
            return redirect("dropins:detail", dropin.pk)
    return render(
        request,
        "dropins/form.html",
        {"form": form, "title": "Change the drop-in", "action": request.path, "dropin": dropin},
    )


@login_required
@require_http_methods(["GET", "POST"])
def cancel(request: HttpRequest, pk: int) -> HttpResponse:
    dropin = get_dropin_for_user(request.user, pk, act="manage")
    form = CancelForm(request.POST or None, initial={"version": dropin.version})
    if request.method == "POST" and form.is_valid():
        try:
            services.dropin_cancel(
                dropin=dropin,
                reason=form.cleaned_data["reason"],
                expected_version=form.cleaned_data["version"],
                by=request.user,
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, "The drop-in is cancelled and the people booked have been emailed.")
            return redirect("dropins:detail", dropin.pk)
    return render(request, "dropins/cancel.html", {"form": form, "dropin": dropin})


@login_required
@require_POST
def book(request: HttpRequest, pk: int) -> HttpResponse:
    dropin = get_dropin_for_user(request.user, pk, act="book")
    try:
        services.booking_create(dropin=dropin, user=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, f"You have a place at {dropin.title}.")
    return redirect("dropins:detail", dropin.pk)


@login_required
@require_POST
def unbook(request: HttpRequest, pk: int) -> HttpResponse:
    dropin = get_dropin_for_user(request.user, pk, act="book")
    try:
        services.booking_cancel(dropin=dropin, user=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, f"Your place at {dropin.title} is cancelled.")
    return redirect("dropins:detail", dropin.pk)


@login_required
@require_http_methods(["GET", "POST"])
def attendance(request: HttpRequest, pk: int) -> HttpResponse:
    dropin: DropIn = get_dropin_for_user(request.user, pk, act="attendance")
    if dropin.is_cancelled or not dropin.has_started:
        messages.error(
            request,
            "This drop-in was cancelled."
            if dropin.is_cancelled
            else "Attendance is recorded once the drop-in has started.",
        )
        return redirect("dropins:detail", dropin.pk)
    bookings = attendees(dropin)
    initial = {"attended": [b.pk for b in bookings if b.attended]}
    form = AttendanceForm(request.POST or None, bookings=bookings, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.attendance_record(
                dropin=dropin,
                attended=set(form.cleaned_data.get("attended", [])),
                walk_in_emails=form.walk_in_emails(),
                by=request.user,
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, "Attendance recorded.")
            return redirect("dropins:detail", dropin.pk)
    return render(request, "dropins/attendance.html", {"form": form, "dropin": dropin})


@login_required
@require_GET
def cluster(request: HttpRequest, pk: int) -> HttpResponse:
    cluster = get_cluster_for_user(request.user, pk)
    return render(
        request,
        "dropins/cluster.html",
        {"cluster": cluster, "bookings": cluster_bookings(cluster), "usage": dropin_usage(cluster)},
    )
