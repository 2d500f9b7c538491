"""Matching and confirming Computing Clusters (programme managers only): start a run, watch its progress,
read the proposal as a list and a map, move schools, split and merge clusters with the rules re-checked,
confirm, and (re)assign advisors. Every view calls an access function first."""

from __future__ import annotations

import math

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from uplift.accounts.models import User
from uplift.clusters import selectors, services
from uplift.clusters.access import get_cluster_for_user
from uplift.clusters.forms import UNASSIGNED, AdvisorForm, ConfirmForm, MergeForm, MoveForm, SplitForm, StartForm
from uplift.clusters.models import Cluster, ClusterMember, ClusterStatus, MatchRun, MatchRunStatus
from uplift.cohorts.access import get_cohort_for_user
from uplift.cohorts.models import Cohort, CohortApplicationStatus
from uplift.schools.models import Region, School


def _cohort_for_manager(request: HttpRequest, cohort_pk: int) -> Cohort:
    """The cohort, for a programme manager (everyone else signed in: 403, like the rest of cohorts)."""
    return get_cohort_for_user(request.user, cohort_pk)


def _proposed(request: HttpRequest, pk: int) -> Cluster:
    cluster = get_cluster_for_user(request.user, pk, act="manage")
    if cluster.status != ClusterStatus.PROPOSED:
        raise Http404("No such proposal")
    return cluster


def _add_errors(form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict") and all(name in form.fields for name in exc.error_dict):
        form.add_error(None, exc)
    else:
        for message in exc.messages:
            form.add_error(None, message)


def _matching_url(cohort: Cohort, anchor: str = "") -> str:
    return reverse("clusters:matching", args=[cohort.pk]) + (f"#{anchor}" if anchor else "")


# The cohort's matching page -------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def matching(request: HttpRequest, cohort_pk: int) -> HttpResponse:
    """Parameters and the start form; the latest run; the proposal (list, map, checks) or, once confirmed,
    the confirmed clusters with their advisors."""
    cohort = _cohort_for_manager(request, cohort_pk)
    form = StartForm(request.POST or None, initial={"seed": 0})
    if request.method == "POST" and form.is_valid():
        try:
            run = services.matching_start(cohort, by=request.user, seed=form.cleaned_data["seed"])
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            return redirect("clusters:matching_run", cohort_pk=cohort.pk, pk=run.pk)
    active = services.active_run(cohort)
    confirmed = selectors.confirmed_clusters(cohort) if cohort.confirmed_at else []
    data = selectors.proposal(cohort) if not cohort.confirmed_at else None
    return render(
        request,
        "clusters/matching/matching.html",
        {
            "cohort": cohort,
            "form": form,
            "params": services.matching_params(cohort, schools=selectors.submitted_count(cohort)),
            "submitted": selectors.submitted_count(cohort),
            "min_applications": services.MIN_APPLICATIONS,
            "active": active,
            "runs": selectors.cohort_runs(cohort),
            "proposal": data,
            "map": selectors.proposal_map(data) if data and (data.clusters or data.unassigned) else None,
            "confirmed": confirmed,
            "without_advisor": [c for c in confirmed if c.advisor_id is None],
            # Each member row links to its move page: the prefix is reversed once (a national proposal has
            # thousands of rows).
            "move_prefix": reverse("clusters:matching_move", args=[cohort.pk, 1]).removesuffix("1/"),
        },
    )


@login_required
@require_GET
def matching_run(request: HttpRequest, cohort_pk: int, pk: int) -> HttpResponse:
    """A run's live progress: a <progress> bar, polled by htmx; without JavaScript, a "Refresh" link."""
    cohort = _cohort_for_manager(request, cohort_pk)
    run = get_object_or_404(MatchRun, cohort=cohort, pk=pk)
    finished = run.status in (MatchRunStatus.SUCCEEDED, MatchRunStatus.FAILED)
    context = {"cohort": cohort, "run": run, "finished": finished}
    if request.headers.get("HX-Request"):
        response = render(request, "clusters/matching/_progress.html", context)
        if run.status == MatchRunStatus.SUCCEEDED:
            response["HX-Redirect"] = _matching_url(cohort, "proposal")
        return response
    return render(request, "clusters/matching/run.html", context)


# Editing the proposal -------------------------------------------------------------------------------------


#: How many clusters a move or merge page offers (nearest first); each is checked against the rules.
NEAREST = 15


def _km(a: School | None, b: School | None) -> float | None:
    if a is None or b is None or None in (a.easting, a.northing, b.easting, b.northing):
        return None
    return math.hypot(a.easting - b.easting, a.northing - b.northing) / 1000


def _nearest(options: list[dict], limit: int = NEAREST) -> list[dict]:
    options.sort(key=lambda o: (not o["same_phase"], o["km"] if o["km"] is not None else math.inf, o["cluster"].number))
    return options[:limit]


def _move_choices(cohort: Cohort, school: School, current: Cluster | None) -> list[dict]:
    """Where the school could go, nearest meeting school of its phase first, with what the rules would say."""
    phase = services.engine_phase(school.phase)
    application = cohort.applications.filter(school=school, status=CohortApplicationStatus.SUBMITTED).first()
    options = [
        {
            "cluster": cluster,
            "km": _km(cluster.meeting_school, school),
            "same_phase": bool(cluster.meeting_school) and services.engine_phase(cluster.meeting_school.phase) == phase,
        }
        for cluster in selectors.proposed_clusters(cohort)
        if current is None or cluster.pk != current.pk
    ]
    slugs = services.dimension_slugs()
    options = _nearest(options)
    for o in options:
        members = [
            *o["cluster"].members.all(),
            ClusterMember(cluster=o["cluster"], school=school, application=application),
        ]
        o["problems"] = services.evaluate(o["cluster"], members=members, slugs=slugs).problems
    return options


@login_required
@require_http_methods(["GET", "POST"])
def matching_move(request: HttpRequest, cohort_pk: int, urn: int) -> HttpResponse:
    """Move one school: to another cluster, out of its cluster, or from the unassigned into a cluster."""
    cohort = _cohort_for_manager(request, cohort_pk)
    school = get_object_or_404(School, urn=urn)
    member = (
        ClusterMember.objects.select_related("cluster")
        .filter(cluster__cohort=cohort, cluster__status=ClusterStatus.PROPOSED, school=school)
        .first()
    )
    run = services.proposal_run(cohort)
    unassigned = run is not None and any(u.get("school") == urn for u in run.unassigned)
    if member is None and not unassigned:
        raise Http404("That school is not in this cohort's proposal")
    current = member.cluster if member else None
    options = _move_choices(cohort, school, current)
    choices = [(str(o["cluster"].pk), o["cluster"].name) for o in options]
    if current is not None:
        choices.append((UNASSIGNED, "Out of every cluster (unassigned)"))
    clusters = selectors.proposed_clusters(cohort)
    to = request.GET.get("to", "")
    preview = _move_preview(cohort, school, current, options, to) if to in dict(choices) else None
    url = reverse("clusters:matching_move", args=[cohort.pk, school.urn])
    if "to" in request.GET and request.headers.get("HX-Request"):
        return render(request, "clusters/matching/_move_preview.html", {"preview": preview, "school": school})
    form = MoveForm(
        request.POST or None,
        choices=choices,
        initial={
            "seen": selectors.seen_token(clusters),
            "from_cluster": current.pk if current else "",
            "to": to if preview is not None else None,
        },
    )
    # With JavaScript, choosing a destination shows its check in place (the links below do it without).
    form.fields["to"].widget.attrs.update(
        {"hx-get": url, "hx-trigger": "change", "hx-target": "#move-preview", "hx-swap": "innerHTML"}
    )
    if cohort.confirmed_at is not None:
        form.add_error(None, "This cohort's clusters are confirmed: the proposal can no longer change.")
    elif request.method == "POST" and form.is_valid():
        to = form.cleaned_data["to"]
        to_cluster = None if to == UNASSIGNED else next(o["cluster"] for o in options if str(o["cluster"].pk) == to)
        from_pk = form.cleaned_data["from_cluster"]
        try:
            destination = services.proposal_move(
                cohort=cohort,
                school=school,
                to_cluster=to_cluster,
                from_cluster_pk=int(from_pk) if from_pk.isdigit() else None,
                seen=selectors.parse_seen(form.cleaned_data["seen"]),
                by=request.user,
            )
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            where = destination.name if destination else "the unassigned schools"
            messages.success(request, f"{school.name} moved to {where}. The rules have been checked again.")
            anchor = f"cluster-{destination.pk}" if destination else "unassigned"
            return redirect(_matching_url(cohort, anchor))
    return render(
        request,
        "clusters/matching/move.html",
        {
            "cohort": cohort,
            "school": school,
            "current": current,
            "options": options,
            "form": form,
            "preview": preview,
            "url": url,
            "unassigned_choice": UNASSIGNED,
        },
    )


def _move_preview(cohort: Cohort, school: School, current: Cluster | None, options: list[dict], to: str) -> list:
    """Both ends of one move, re-evaluated as they would be after it: [{name, size, evaluation}]."""
    slugs = services.dimension_slugs()
    application = cohort.applications.filter(school=school, status=CohortApplicationStatus.SUBMITTED).first()
    parts = []
    if current is not None:
        staying = [m for m in current.members.select_related("school", "application") if m.school_id != school.pk]
        evaluation = services.evaluate(current, members=staying, slugs=slugs) if staying else None
        parts.append({"cluster": current, "leaving": True, "size": len(staying), "evaluation": evaluation})
        parts[-1]["furthest"] = max(evaluation.km.values(), default=0.0) if evaluation else 0.0
    destination = next((o["cluster"] for o in options if str(o["cluster"].pk) == to), None)
    if destination is not None:
        joined = [
            *destination.members.all(),
            ClusterMember(cluster=destination, school=school, application=application),
        ]
        evaluation = services.evaluate(destination, members=joined, slugs=slugs)
        parts.append({"cluster": destination, "leaving": False, "size": len(joined), "evaluation": evaluation})
        parts[-1]["furthest"] = max(evaluation.km.values(), default=0.0)
    return parts


@login_required
@require_http_methods(["GET", "POST"])
def matching_split(request: HttpRequest, pk: int) -> HttpResponse:
    """Split a proposed cluster: the ticked members form a new cluster."""
    cluster = _proposed(request, pk)
    cohort = cluster.cohort
    members = list(cluster.members.select_related("school").order_by("school__name"))
    choices = [(str(m.school.urn), f"{m.school.name} ({m.km_to_meeting:.1f} km)") for m in members]
    form = SplitForm(request.POST or None, choices=choices, initial={"seen": selectors.seen_token([cluster])})
    if request.method == "POST" and form.is_valid():
        chosen = list(School.objects.filter(urn__in=[int(u) for u in form.cleaned_data["schools"]]))
        try:
            new = services.proposal_split(
                cluster=cluster, schools=chosen, seen=selectors.parse_seen(form.cleaned_data["seen"]), by=request.user
            )
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, f"{cluster.name} split: {new.name} formed. The rules have been checked again.")
            return redirect(_matching_url(cohort, f"cluster-{new.pk}"))
    return render(request, "clusters/matching/split.html", {"cohort": cohort, "cluster": cluster, "form": form})


@login_required
@require_http_methods(["GET", "POST"])
def matching_merge(request: HttpRequest, pk: int) -> HttpResponse:
    """Merge another proposed cluster into this one (nearest first, with what the rules would say)."""
    cluster = _proposed(request, pk)
    cohort = cluster.cohort
    own = list(cluster.members.select_related("school", "application"))
    phase = services.engine_phase(cluster.meeting_school.phase) if cluster.meeting_school else None
    options = [
        {
            "cluster": other,
            "km": _km(cluster.meeting_school, other.meeting_school),
            "same_phase": bool(other.meeting_school) and services.engine_phase(other.meeting_school.phase) == phase,
        }
        for other in selectors.proposed_clusters(cohort)
        if other.pk != cluster.pk
    ]
    slugs = services.dimension_slugs()
    options = _nearest(options)
    for o in options:
        members = [*own, *o["cluster"].members.all()]
        o["problems"] = services.evaluate(cluster, members=members, slugs=slugs).problems
    form = MergeForm(
        request.POST or None,
        choices=[(str(o["cluster"].pk), o["cluster"].name) for o in options],
        initial={"seen": selectors.seen_token([cluster, *[o["cluster"] for o in options]])},
    )
    if request.method == "POST" and form.is_valid():
        other = next(o["cluster"] for o in options if str(o["cluster"].pk) == form.cleaned_data["other"])
        try:
            merged = services.proposal_merge(
                cluster=cluster, other=other, seen=selectors.parse_seen(form.cleaned_data["seen"]), by=request.user
            )
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, f"Merged into {merged.name}. The rules have been checked again.")
            return redirect(_matching_url(cohort, f"cluster-{merged.pk}"))
    context = {"cohort": cohort, "cluster": cluster, "options": options, "form": form}
    return render(request, "clusters/matching/merge.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def matching_confirm(request: HttpRequest, cohort_pk: int) -> HttpResponse:
    """Confirm the proposal (refused while any rule is broken); then advisors are allocated and schools told."""
    cohort = _cohort_for_manager(request, cohort_pk)
    data = selectors.proposal(cohort) if cohort.confirmed_at is None else None
    form = ConfirmForm(request.POST or None, initial={"seen": data.seen if data else ""})
    if cohort.confirmed_at is not None:
        return redirect(_matching_url(cohort))
    if request.method == "POST" and form.is_valid():
        try:
            clusters = services.proposal_confirm(
                cohort=cohort, seen=selectors.parse_seen(form.cleaned_data["seen"]), by=request.user
            )
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            missing = sum(1 for c in clusters if c.advisor_id is None)
            plural = "s" if len(clusters) != 1 else ""
            text = f"{len(clusters)} cluster{plural} confirmed. The schools and advisors are being told."
            if missing:
                text += f" {missing} still need{'s' if missing == 1 else ''} an advisor."
            messages.success(request, text)
            return redirect(_matching_url(cohort, "confirmed"))
    return render(request, "clusters/matching/confirm.html", {"cohort": cohort, "proposal": data, "form": form})


# Advisors -------------------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def matching_advisor(request: HttpRequest, pk: int) -> HttpResponse:
    """Assign (or change) a cluster's advisor: advisors covering its region with room first."""
    cluster = get_cluster_for_user(request.user, pk, act="manage")
    region_id = cluster.meeting_school.region_id if cluster.meeting_school else None
    loads = services.advisor_loads()
    loads.sort(
        key=lambda a: (not a.covers(region_id), not a.has_room, a.load / max(1, a.capacity), a.advisor.full_name)
    )
    region_names = dict(Region.objects.values_list("pk", "name"))

    def label(a: services.AdvisorLoad) -> str:
        where = ", ".join(sorted("England" if r is None else region_names.get(r, "?") for r in a.regions))
        notes = [] if a.covers(region_id) else ["outside the cluster's region"]
        if not a.has_room:
            notes.append("at capacity")
        return f"{a.advisor.full_name} ({where}): {a.load} of {a.capacity} clusters" + (
            f" – {', '.join(notes)}" if notes else ""
        )

    form = AdvisorForm(
        request.POST or None,
        choices=[(str(a.advisor.pk), label(a)) for a in loads],
        initial={"version": cluster.version, "advisor": str(cluster.advisor_id or "")},
    )
    if request.method == "POST" and form.is_valid():
        advisor = User.objects.get(pk=int(form.cleaned_data["advisor"]))
        try:
            services.cluster_advisor_set(
                cluster=cluster,
                advisor=advisor,
                expected_version=form.cleaned_data["version"] or 0,
                by=request.user,
                over_capacity=form.cleaned_data["over_capacity"],
            )
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, f"{advisor.full_name} is now the advisor of {cluster.name}.")
            return redirect(_matching_url(cluster.cohort, "confirmed"))
    return render(request, "clusters/matching/advisor.html", {"cluster": cluster, "form": form})
