"""The cluster workspace pages: your clusters, a cluster's overview (timeline, members, support used),
the timeline's dates, and the advisor's action plans with each member school.

Every view calls ``get_cluster_for_user`` first ("view" to read; "run" to change: the advisor and
programme managers)."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from uplift.accounts.access import manager_scope
from uplift.actions.models import Action
from uplift.clusters import selectors_workspace as selectors
from uplift.clusters import services_workspace as services
from uplift.clusters.access import can_run_cluster, clusters_for_user, get_cluster_for_user
from uplift.clusters.forms_workspace import AgreeForm, ClusterFilterForm, PlanActionForm, TimelineForm
from uplift.clusters.models import Cluster
from uplift.clusters.usage import support_usage
from uplift.lib.forms import apply_errors, with_version
from uplift.lib.versioning import StaleEdit
from uplift.schools.access import can_write_school


def _date(value: dt.date | None) -> str:
    return value.strftime("%-d %B %Y") if value else "not set"


@login_required
@require_GET
def index(request: HttpRequest) -> HttpResponse:
    """Your clusters: those you advise, your schools' clusters, or (managers) every live cluster."""
    everything = clusters_for_user(request.user)
    manager = manager_scope(request.user) is not None
    filter_form = ClusterFilterForm(request.GET or None, clusters=everything) if manager else None
    filters: dict[str, int | None] = {}
    if filter_form is not None and filter_form.is_valid():
        filters = {k: v for k, v in filter_form.cleaned_data.items() if v}
    clusters = clusters_for_user(request.user, **filters) if filters else everything
    page_obj = Paginator(clusters, 20).get_page(request.GET.get("page"))
    titles = selectors.dimension_titles()
    rows = [
        {
            "cluster": cluster,
            "focus": [titles.get(slug, slug) for slug in cluster.focus or []],
            "timeline": selectors.timeline(cluster),
        }
        for cluster in page_obj.object_list
    ]
    return render(
        request,
        "clusters/workspace/index.html",
        {
            "rows": rows,
            "page_obj": page_obj,
            "filter_form": filter_form,
            "filtered": bool(filters),
            "is_manager": manager,
        },
    )


@login_required
@require_GET
def overview(request: HttpRequest, pk: int) -> HttpResponse:
    """A cluster at a glance: who is in it, its focus, where it is in its 12 months, support used."""
    cluster = get_cluster_for_user(request.user, pk, act="view")
    return render(
        request,
        "clusters/workspace/overview.html",
        {
            "cluster": cluster,
            "focus": selectors.focus_dimensions(cluster),
            "members": selectors.cluster_members(cluster),
            "timeline": selectors.timeline(cluster),
            "support": support_usage(cluster),
            "can_run": can_run_cluster(request.user, cluster),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def timeline_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Change the kick-off, mid-point review and end dates (the advisor or a manager)."""
    cluster = get_cluster_for_user(request.user, pk, act="run")
    initial = {
        "kickoff_on": cluster.kickoff_on,
        "midpoint_on": cluster.midpoint_on,
        "ends_on": cluster.ends_on,
        "version": cluster.version,
    }
    form = TimelineForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.cluster_set_timeline(
                cluster=cluster,
                kickoff_on=form.cleaned_data["kickoff_on"],
                midpoint_on=form.cleaned_data["midpoint_on"],
                ends_on=form.cleaned_data["ends_on"],
                expected_version=form.cleaned_data["version"],
                by=request.user,
            )
        except StaleEdit as exc:
            # Someone else saved first: keep what they typed, moved on to the saved version, so
            # saving again (after checking the dates named in the message) keeps theirs.
            cluster.refresh_from_db()
            form = TimelineForm(with_version(request.POST, cluster.version))
            form.is_valid()
            form.add_error(
                None,
                f"{exc.message} The dates are now: kick-off {_date(cluster.kickoff_on)}, "
                f"mid-point review {_date(cluster.midpoint_on)}, end {_date(cluster.ends_on)}.",
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, "Timeline updated")
            return redirect("clusters:workspace", cluster.pk)
    return render(request, "clusters/workspace/timeline_edit.html", {"cluster": cluster, "form": form})


@login_required
@require_GET
def plans(request: HttpRequest, pk: int) -> HttpResponse:
    """The advisor's action plans: one row per member school."""
    cluster = get_cluster_for_user(request.user, pk, act="view")
    return render(
        request,
        "clusters/workspace/plans.html",
        {
            "cluster": cluster,
            "rows": selectors.plans_summary(cluster),
            "focus": selectors.focus_dimensions(cluster),
        },
    )


def _member_or_404(cluster: Cluster, urn: int):
    member = selectors.plan_member(cluster, urn)
    if member is None:
        raise Http404("That school is not a member of this cluster")
    return member


@login_required
@require_http_methods(["GET", "POST"])
def school_plan(request: HttpRequest, pk: int, urn: int) -> HttpResponse:
    """One member school's plan: its gaps (focus first) with its open actions; the advisor adds actions
    from a gap here (POST). Member schools' staff read it; they update actions in the school's own plan."""
    cluster = get_cluster_for_user(request.user, pk, act="run" if request.method == "POST" else "view")
    member = _member_or_404(cluster, urn)
    plan = selectors.school_plan(cluster, member)
    can_run = can_run_cluster(request.user, cluster)
    form = None
    if can_run and plan.gaps:
        initial = {}
        if aspect := request.GET.get("aspect"):
            initial["aspect"] = aspect
        form = PlanActionForm(
            request.POST or None, school=member.school, gaps=plan.gaps, initial=initial, auto_id="id_add_%s"
        )
    if request.method == "POST":
        if form is None:
            messages.error(request, f"{member.school.name} has no gaps to plan an action from.")
            return redirect("clusters:school_plan", cluster.pk, urn)
        if form.is_valid():
            data = form.cleaned_data
            try:
                action = services.plan_add_action(
                    cluster=cluster,
                    school=member.school,
                    aspect=data["aspect"].aspect,
                    title=data["title"],
                    detail=data["detail"],
                    owner=data["owner"],
                    due_date=data["due_date"],
                    by=request.user,
                )
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, f"Action agreed with {member.school.name}: {action.title}")
                return redirect(reverse("clusters:school_plan", args=[cluster.pk, urn]) + f"#action-{action.pk}")
    return render(
        request,
        "clusters/workspace/school_plan.html",
        {
            "cluster": cluster,
            "member": member,
            "school": member.school,
            "plan": plan,
            "form": form,
            "can_run": can_run,
            "can_edit_actions": can_write_school(request.user, member.school),
        },
    )


@login_required
@require_POST
def agree(request: HttpRequest, pk: int, urn: int) -> HttpResponse:
    """Mark one of the school's actions as agreed in the cluster's plan, or take it out (the advisor)."""
    cluster = get_cluster_for_user(request.user, pk, act="run")
    member = _member_or_404(cluster, urn)
    back = reverse("clusters:school_plan", args=[cluster.pk, urn])
    form = AgreeForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose an action to agree.")
        return redirect(back)
    action = Action.objects.filter(pk=form.cleaned_data["action"], school=member.school).first()
    if action is None:
        raise Http404("No such action in this school's plan")
    agreed = form.cleaned_data["agreed"]
    try:
        services.plan_set_agreed(
            cluster=cluster,
            action=action,
            agreed=agreed,
            expected_version=form.cleaned_data["version"],
            by=request.user,
        )
    except StaleEdit as exc:
        messages.error(request, f"“{action.title}”: {exc.message}")
    except ValidationError as exc:
        for error in exc.messages:
            messages.error(request, error)
    else:
        if agreed:
            messages.success(request, f"Agreed in the cluster's plan: {action.title}")
        else:
            messages.success(request, f"Taken out of the cluster's plan: {action.title}")
    return redirect(back + f"#action-{action.pk}")
