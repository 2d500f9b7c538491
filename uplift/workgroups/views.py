"""Workgroup pages. Every view calls an access function first:

- the cluster's workgroups and outputs: ``get_cluster_for_user`` ("view"; "run" to create one);
- a workgroup and its meetings: ``get_workgroup_for_user`` ("view"; "contribute" to log a meeting or an
  output: its members, the advisor, managers; "run" to change the workgroup: the advisor, managers);
- an output: ``get_workgroup_output_for_user`` ("view": any signed-in person once published beyond the
  cluster; "publish": the advisor, managers);
- the published outputs across all clusters: any signed-in person.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from uplift.accounts.models import User
from uplift.clusters.access import can_run_cluster, get_cluster_for_user
from uplift.clusters.selectors_workspace import dimension_titles
from uplift.lib.forms import apply_errors, with_version
from uplift.lib.versioning import StaleEdit
from uplift.workgroups import selectors, services
from uplift.workgroups.access import can_contribute, get_workgroup_for_user, get_workgroup_output_for_user
from uplift.workgroups.forms import MeetingForm, OutputForm, VisibilityForm, WorkgroupForm
from uplift.workgroups.models import Meeting, Visibility


def _meeting_for(user: User, pk: int, act: str) -> Meeting:
    workgroup_pk = Meeting.objects.filter(pk=pk).values_list("workgroup_id", flat=True).first()
    if workgroup_pk is None:
        raise Http404("No such meeting")
    workgroup = get_workgroup_for_user(user, workgroup_pk, act=act)
    meeting = Meeting.objects.get(pk=pk)
    meeting.workgroup = workgroup
    return meeting


# A cluster's workgroups -------------------------------------------------------------------------------


@login_required
@require_GET
def cluster(request: HttpRequest, pk: int) -> HttpResponse:
    """The cluster's workgroups: members, meetings, outputs; warnings for schools nobody represents."""
    cluster = get_cluster_for_user(request.user, pk, act="view")
    workgroups = selectors.cluster_workgroups(cluster)
    titles = dimension_titles()
    rows = [
        {
            "workgroup": wg,
            "dimension": titles.get(wg.dimension_slug, "") if wg.dimension_slug else "",
            "missing": selectors.schools_without_members(wg),
        }
        for wg in workgroups
    ]
    return render(
        request,
        "workgroups/cluster.html",
        {"cluster": cluster, "rows": rows, "can_run": can_run_cluster(request.user, cluster)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def create(request: HttpRequest, pk: int) -> HttpResponse:
    cluster = get_cluster_for_user(request.user, pk, act="run")
    form = WorkgroupForm(request.POST or None, cluster=cluster)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            workgroup = services.workgroup_create(
                cluster=cluster,
                name=data["name"],
                dimension_slug=data["dimension_slug"],
                members=data["members"],
                by=request.user,
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, f"Workgroup created: {workgroup.name}")
            return redirect("workgroups:detail", workgroup.pk)
    return render(request, "workgroups/form.html", {"cluster": cluster, "form": form, "workgroup": None})


@login_required
@require_GET
def cluster_outputs(request: HttpRequest, pk: int) -> HttpResponse:
    """Everything the cluster's workgroups produced, cluster-only and published."""
    cluster = get_cluster_for_user(request.user, pk, act="view")
    return render(
        request,
        "workgroups/cluster_outputs.html",
        {"cluster": cluster, "outputs": list(selectors.cluster_outputs(cluster))},
    )


@login_required
@require_GET
def published(request: HttpRequest) -> HttpResponse:
    """Outputs published beyond their cluster, from every cluster: open to every signed-in person."""
    query = request.GET.get("q", "").strip()[:100]
    page_obj = Paginator(selectors.published_outputs(query=query), 20).get_page(request.GET.get("page"))
    return render(request, "workgroups/published.html", {"page_obj": page_obj, "query": query})


# One workgroup ----------------------------------------------------------------------------------------


@login_required
@require_GET
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    workgroup = get_workgroup_for_user(request.user, pk, act="view")
    titles = dimension_titles()
    return render(
        request,
        "workgroups/detail.html",
        {
            "cluster": workgroup.cluster,
            "workgroup": workgroup,
            "dimension": titles.get(workgroup.dimension_slug, "") if workgroup.dimension_slug else "",
            "members": list(workgroup.members.select_related("user", "school")),
            "missing": selectors.schools_without_members(workgroup),
            "meetings": selectors.workgroup_meetings(workgroup),
            "can_run": can_run_cluster(request.user, workgroup.cluster),
            "can_contribute": can_contribute(request.user, workgroup),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def edit(request: HttpRequest, pk: int) -> HttpResponse:
    workgroup = get_workgroup_for_user(request.user, pk, act="run")
    form = WorkgroupForm(request.POST or None, cluster=workgroup.cluster, initial=WorkgroupForm.initial_for(workgroup))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.workgroup_update(
                workgroup=workgroup,
                name=data["name"],
                dimension_slug=data["dimension_slug"],
                members=data["members"],
                expected_version=data["version"] or 0,
                by=request.user,
            )
        except StaleEdit as exc:
            # Someone else saved first: show the message, and saving again (after checking) keeps theirs.
            workgroup.refresh_from_db()
            form = WorkgroupForm(with_version(request.POST, workgroup.version), cluster=workgroup.cluster)
            form.is_valid()
            apply_errors(form, exc)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, f"Workgroup updated: {data['name']}")
            return redirect("workgroups:detail", workgroup.pk)
    return render(request, "workgroups/form.html", {"cluster": workgroup.cluster, "form": form, "workgroup": workgroup})


# Meetings ---------------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def meeting_create(request: HttpRequest, pk: int) -> HttpResponse:
    workgroup = get_workgroup_for_user(request.user, pk, act="contribute")
    form = MeetingForm(request.POST or None, workgroup=workgroup)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            meeting = services.meeting_create(
                workgroup=workgroup,
                held_on=data["held_on"],
                stage=data["stage"],
                attendees=data["attendees"],
                notes=data["notes"],
                by=request.user,
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, f"{meeting.get_stage_display()} meeting logged. Add what it produced below.")
            return redirect("workgroups:meeting", meeting.pk)
    return render(
        request,
        "workgroups/meeting_form.html",
        {
            "cluster": workgroup.cluster,
            "workgroup": workgroup,
            "form": form,
            "meeting": None,
            "missing": selectors.schools_without_members(workgroup),
        },
    )


@login_required
@require_GET
def meeting(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting_for(request.user, pk, "view")
    workgroup = meeting.workgroup
    may_contribute = can_contribute(request.user, workgroup)
    return render(
        request,
        "workgroups/meeting.html",
        {
            "cluster": workgroup.cluster,
            "workgroup": workgroup,
            "meeting": meeting,
            "attendees": list(meeting.attendees.order_by("full_name", "email")),
            "outputs": list(meeting.outputs.all()),
            "can_contribute": may_contribute,
            "can_run": can_run_cluster(request.user, workgroup.cluster),
            "output_form": OutputForm() if may_contribute else None,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def meeting_edit(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting_for(request.user, pk, "contribute")
    workgroup = meeting.workgroup
    initial = {
        "held_on": meeting.held_on,
        "stage": meeting.stage,
        "attendees": list(meeting.attendees.values_list("pk", flat=True)),
        "notes": meeting.notes,
        "version": meeting.version,
    }
    form = MeetingForm(request.POST or None, workgroup=workgroup, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.meeting_update(
                meeting=meeting,
                held_on=data["held_on"],
                stage=data["stage"],
                attendees=data["attendees"],
                notes=data["notes"],
                expected_version=data["version"] or 0,
                by=request.user,
            )
        except StaleEdit as exc:
            meeting.refresh_from_db()
            form = MeetingForm(with_version(request.POST, meeting.version), workgroup=workgroup)
            form.is_valid()
            apply_errors(form, exc)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, "Meeting updated")
            return redirect("workgroups:meeting", meeting.pk)
    return render(
        request,
        "workgroups/meeting_form.html",
        {"cluster": workgroup.cluster, "workgroup": workgroup, "form": form, "meeting": meeting, "missing": []},
    )


@login_required
@require_http_methods(["GET", "POST"])
def output_create(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting_for(request.user, pk, "contribute")
    form = OutputForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            output = services.output_create(
                meeting=meeting,
                title=data["title"],
                description=data["description"],
                link=data["link"],
                by=request.user,
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, f"Output added: {output.title}. It is seen in the cluster's workspace.")
            return redirect("workgroups:meeting", meeting.pk)
    return render(
        request,
        "workgroups/output_form.html",
        {"cluster": meeting.workgroup.cluster, "workgroup": meeting.workgroup, "meeting": meeting, "form": form},
    )


# Outputs ----------------------------------------------------------------------------------------------


@login_required
@require_GET
def output(request: HttpRequest, pk: int) -> HttpResponse:
    output = get_workgroup_output_for_user(request.user, pk, act="view")
    workgroup = output.meeting.workgroup
    in_cluster = True
    try:
        get_cluster_for_user(request.user, workgroup.cluster_id, act="view")
    except Http404:
        in_cluster = False
    return render(
        request,
        "workgroups/output.html",
        {
            "output": output,
            "workgroup": workgroup,
            "cluster": workgroup.cluster,
            "in_cluster": in_cluster,
            "can_run": in_cluster and can_run_cluster(request.user, workgroup.cluster),
        },
    )


@login_required
@require_POST
def output_visibility(request: HttpRequest, pk: int) -> HttpResponse:
    output = get_workgroup_output_for_user(request.user, pk, act="publish")
    form = VisibilityForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose who can see the output.")
        return redirect("workgroups:output", output.pk)
    output = services.output_set_visibility(output=output, visibility=form.cleaned_data["visibility"], by=request.user)
    if output.visibility == Visibility.PUBLISHED:
        messages.success(request, f"Published beyond the cluster: {output.title}")
    else:
        messages.success(request, f"Now seen in the cluster only: {output.title}")
    return redirect("workgroups:output", output.pk)
