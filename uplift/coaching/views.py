"""Coaching pages. Access: ``get_cluster_for_user`` for the cluster's coaching page and nominating;
``get_coaching_for_user`` for one coaching (its summary, coach, sessions and the private notes)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.defaultfilters import floatformat
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from uplift.accounts.models import SCHOOL_WRITE_ROLE, SchoolMembership
from uplift.clusters.access import get_cluster_for_user, runs_cluster
from uplift.clusters.models import ClusterStatus
from uplift.coaching import services
from uplift.coaching.access import get_coaching_for_user
from uplift.coaching.forms import AssignCoachForm, NominateForm, ReflectionForm, SessionEditForm, SessionForm
from uplift.coaching.models import CoachingSession, CoachingStatus
from uplift.coaching.selectors import (
    coachee_rows,
    coaching_usage,
    coachings_of,
    open_coaching_of,
    session_summaries,
    sessions_with_notes,
)
from uplift.frameworks.models import Framework
from uplift.lib.forms import apply_errors


def _my_schools(request: HttpRequest, cluster: object) -> list:
    ids = SchoolMembership.objects.filter(
        user=request.user, role__gte=SCHOOL_WRITE_ROLE, school__cluster_memberships__cluster=cluster
    ).values_list("school_id", flat=True)
    return [m.school for m in cluster.members.select_related("school") if m.school_id in set(ids)]  # type: ignore[attr-defined]


@login_required
@require_GET
def cluster(request: HttpRequest, pk: int) -> HttpResponse:
    cluster = get_cluster_for_user(request.user, pk)
    runs = runs_cluster(request.user, cluster)
    mine = open_coaching_of(cluster, request.user)
    return render(
        request,
        "coaching/cluster.html",
        {
            "cluster": cluster,
            "usage": coaching_usage(cluster),
            "runs": runs,
            "rows": coachee_rows(cluster) if runs else [],
            "mine": mine,
            "can_nominate": mine is None
            and cluster.status == ClusterStatus.CONFIRMED
            and bool(_my_schools(request, cluster)),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def nominate(request: HttpRequest, pk: int) -> HttpResponse:
    cluster = get_cluster_for_user(request.user, pk)
    schools = _my_schools(request, cluster)
    if not schools:
        raise PermissionDenied("Staff of the cluster's schools nominate themselves for coaching.")
    existing = open_coaching_of(cluster, request.user)
    if existing is not None:
        messages.info(request, "You have already nominated yourself for coaching in this cluster.")
        return redirect("coaching:detail", existing.pk)
    form = NominateForm(request.POST or None, schools=schools, framework=Framework.objects.current())
    if request.method == "POST" and form.is_valid():
        try:
            coaching = services.coaching_nominate(cluster=cluster, user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(
                request, "You have nominated yourself for coaching. The cluster's advisor will assign a coach."
            )
            return redirect("coaching:detail", coaching.pk)
    return render(request, "coaching/nominate.html", {"cluster": cluster, "form": form})


@login_required
@require_GET
def mine(request: HttpRequest) -> HttpResponse:
    return render(request, "coaching/mine.html", coachings_of(request.user))


@login_required
@require_GET
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    coaching = get_coaching_for_user(request.user, pk)
    user = request.user
    is_coach = coaching.coach_id == user.pk
    is_coachee = coaching.coachee_id == user.pk
    sessions = session_summaries(coaching)
    hours = sum((s.hours for s in sessions), start=0)
    return render(
        request,
        "coaching/detail.html",
        {
            "coaching": coaching,
            "cluster": coaching.cluster,
            "sessions": sessions,
            "hours_used": hours,
            "usage": coaching_usage(coaching.cluster),
            "is_coach": is_coach,
            "is_coachee": is_coachee,
            "reads_notes": _allowed(user, pk, "notes"),
            "can_assign": _allowed(user, pk, "assign") and coaching.status != CoachingStatus.CLOSED,
            "can_log": _allowed(user, pk, "log") and coaching.status == CoachingStatus.ACTIVE,
            "can_close": _allowed(user, pk, "close") and coaching.status != CoachingStatus.CLOSED,
        },
    )


def _allowed(user: object, pk: int, act: str) -> bool:
    try:
        get_coaching_for_user(user, pk, act=act)  # type: ignore[arg-type]
    except (PermissionDenied, Http404):
        return False
    return True


@login_required
@require_http_methods(["GET", "POST"])
def assign(request: HttpRequest, pk: int) -> HttpResponse:
    coaching = get_coaching_for_user(request.user, pk, act="assign")
    candidates = services.coach_candidates()
    form = AssignCoachForm(
        request.POST or None,
        candidates=candidates,
        initial={"coach": coaching.coach_id, "version": coaching.version},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.coaching_assign_coach(
                coaching=coaching,
                coach=form.cleaned_data["coach"],
                expected_version=form.cleaned_data["version"],
                by=request.user,
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, f"{form.cleaned_data['coach']} is now {coaching.coachee}'s coach.")
            return redirect("coaching:detail", coaching.pk)
    return render(request, "coaching/assign.html", {"coaching": coaching, "cluster": coaching.cluster, "form": form})


@login_required
@require_POST
def close(request: HttpRequest, pk: int) -> HttpResponse:
    coaching = get_coaching_for_user(request.user, pk, act="close")
    try:
        services.coaching_close(coaching=coaching, by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, "The coaching is closed. Its sessions still count towards the cluster's hours.")
    return redirect("coaching:detail", coaching.pk)


@login_required
@require_GET
def notes(request: HttpRequest, pk: int) -> HttpResponse:
    coaching = get_coaching_for_user(request.user, pk, act="notes")
    return render(
        request,
        "coaching/notes.html",
        {
            "coaching": coaching,
            "sessions": sessions_with_notes(coaching),
            "is_coach": coaching.coach_id == request.user.pk,
            "is_coachee": coaching.coachee_id == request.user.pk,
        },
    )


def _session(coaching: object, session_pk: int) -> CoachingSession:
    session = CoachingSession.objects.filter(coaching=coaching, pk=session_pk).first()
    if session is None:
        raise Http404("No such session")
    return session


def _save_session(request: HttpRequest, form: SessionForm, save: object) -> bool:
    """Run ``save(confirm_over)``; on an allowance warning show it and the confirmation box."""
    try:
        save(form.cleaned_data.get("confirm_over", False))  # type: ignore[operator]
    except services.OverAllowance as exc:
        form.add_error("confirm_over", f"{exc.message} Tick the box to log it anyway, or change the hours.")
    except ValidationError as exc:
        apply_errors(form, exc)
    else:
        return True
    return False


def _confirm_only_when_needed(form: SessionForm, usage: object) -> None:
    """Show the "log it anyway" box only after the allowance warning, or once no hours are left."""
    exhausted = usage.remaining is not None and usage.remaining <= 0  # type: ignore[attr-defined]
    if not exhausted and not form.errors.get("confirm_over") and not form.data.get("confirm_over"):
        del form.fields["confirm_over"]


@login_required
@require_http_methods(["GET", "POST"])
def log(request: HttpRequest, pk: int) -> HttpResponse:
    coaching = get_coaching_for_user(request.user, pk, act="log")
    if coaching.status != CoachingStatus.ACTIVE:
        messages.error(request, "Sessions are logged while the coaching is active.")
        return redirect("coaching:detail", coaching.pk)
    form = SessionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data

        def save(confirm_over: bool) -> None:
            services.coaching_session_log(
                coaching=coaching,
                held_on=data["held_on"],
                hours=data["hours"],
                coach_notes=data["coach_notes"],
                by=request.user,
                confirm_over=confirm_over,
            )

        if _save_session(request, form, save):
            messages.success(
                request, f"Session logged: {floatformat(data['hours'], -1)} hours on {data['held_on']:%-d %B %Y}."
            )
            return redirect("coaching:notes", coaching.pk)
    usage = coaching_usage(coaching.cluster)
    _confirm_only_when_needed(form, usage)
    return render(
        request,
        "coaching/session_form.html",
        {"coaching": coaching, "form": form, "usage": usage, "title": "Log a session"},
    )


@login_required
@require_http_methods(["GET", "POST"])
def session_edit(request: HttpRequest, pk: int, session_pk: int) -> HttpResponse:
    coaching = get_coaching_for_user(request.user, pk, act="log")
    session = _session(coaching, session_pk)
    initial = {
        "held_on": session.held_on,
        "hours": session.hours,
        "coach_notes": session.coach_notes,
        "version": session.version,
    }
    form = SessionEditForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data

        def save(confirm_over: bool) -> None:
            services.coaching_session_update(
                session=session,
                held_on=data["held_on"],
                hours=data["hours"],
                coach_notes=data["coach_notes"],
                expected_version=data["version"],
                by=request.user,
                confirm_over=confirm_over,
            )

        if _save_session(request, form, save):
            messages.success(request, "Session updated.")
            return redirect("coaching:notes", coaching.pk)
    usage = coaching_usage(coaching.cluster)
    _confirm_only_when_needed(form, usage)
    return render(
        request,
        "coaching/session_form.html",
        {
            "coaching": coaching,
            "form": form,
            "usage": usage,
            "title": "Change a session",
            "session": session,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def reflect(request: HttpRequest, pk: int, session_pk: int) -> HttpResponse:
    coaching = get_coaching_for_user(request.user, pk, act="reflect")
    session = _session(coaching, session_pk)
    form = ReflectionForm(
        request.POST or None, initial={"coachee_notes": session.coachee_notes, "version": session.version}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.coaching_session_reflect(
                session=session,
                coachee_notes=form.cleaned_data["coachee_notes"],
                expected_version=form.cleaned_data["version"],
                by=request.user,
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, "Your reflection is saved.")
            return redirect("coaching:notes", coaching.pk)
    return render(request, "coaching/reflect.html", {"coaching": coaching, "session": session, "form": form})
