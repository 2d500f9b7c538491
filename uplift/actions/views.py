"""The action plan pages: the plan (filters, counts, exports), create, edit and status change.

Reading needs ``get_school_for_user`` (members incl. governors, trust leads, programme staff in
scope); every change needs ``write=True`` (teacher and above) - 403 for readers, 404 for outsiders.
"""

from __future__ import annotations

import contextlib

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from uplift.actions import services
from uplift.actions.access import get_action_for_user
from uplift.actions.forms import ActionEditForm, ActionForm, PlanFilterForm, StatusForm
from uplift.actions.models import Action, ActionStatus
from uplift.actions.selectors import EXPORT_HEADERS, export_rows, plan_counts, plan_for
from uplift.actions.services import ActionDraft
from uplift.frameworks.models import Aspect, CpdTopic, Framework, LevelStatement
from uplift.lib.forms import apply_errors, with_version
from uplift.lib.spreadsheets import csv_response, xlsx_response
from uplift.lib.versioning import StaleEdit
from uplift.schools.access import can_write_school, get_school_for_user
from uplift.schools.models import School


def _safe_next(request: HttpRequest) -> str | None:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target.startswith("/") and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return None


def _draft(data: dict) -> ActionDraft:
    return ActionDraft(
        title=data["title"],
        detail=data["detail"],
        owner=data["owner"],
        due_date=data["due_date"],
        status=data["status"],
        dimension=data["dimension"],
        aspect=data["aspect"],
        cpd_topic=data["cpd_topic"],
    )


@login_required
@require_GET
def plan(request: HttpRequest, urn: int) -> HttpResponse:
    school = get_school_for_user(request.user, urn)
    filter_form = PlanFilterForm(request.GET or None, school=school)
    filters = filter_form.filters() if request.GET else None
    actions = list(plan_for(school, filters))
    topics = dict(CpdTopic.objects.values_list("slug", "title"))
    for action in actions:
        action.cpd_title = topics.get(action.cpd_topic, action.cpd_topic)
    return render(
        request,
        "actions/plan.html",
        {
            "school": school,
            "filter_form": filter_form,
            "filtered": bool(filters and filters != type(filters)()),
            "filter_summary": filter_form.summary(filters) if filters else "",
            "actions": actions,
            "counts": plan_counts(school),
            "can_write": can_write_school(request.user, school),
            "status_choices": ActionStatus.choices,
            "query": request.GET.urlencode(),
            "today": timezone.localdate(),
            # Aspects of older framework versions are shown, but only current ones link to a page.
            "current_framework_id": Framework.objects.filter(is_current=True).values_list("pk", flat=True).first(),
        },
    )


def _filtered(request: HttpRequest, urn: int) -> tuple[School, list[list[object]]]:
    school = get_school_for_user(request.user, urn)
    filters = PlanFilterForm(request.GET or None, school=school).filters() if request.GET else None
    return school, export_rows(plan_for(school, filters))


def _filename(school: School, extension: str) -> str:
    return f"action-plan-{school.urn}-{timezone.localdate():%Y-%m-%d}.{extension}"


@login_required
@require_GET
def export_csv(request: HttpRequest, urn: int) -> HttpResponse:
    school, rows = _filtered(request, urn)
    return csv_response(filename=_filename(school, "csv"), header=EXPORT_HEADERS, rows=rows)


@login_required
@require_GET
def export_xlsx(request: HttpRequest, urn: int) -> HttpResponse:
    school, rows = _filtered(request, urn)
    return xlsx_response(
        filename=_filename(school, "xlsx"),
        sheet_title="Action plan",
        header=EXPORT_HEADERS,
        rows=rows,
        column_widths=[50, 50, 25, 12, 14, 9, 35, 35, 30, 12, 12],
    )


def _suggestions(school: School, aspect: Aspect) -> tuple[int | None, LevelStatement | None]:
    """The school's current level for ``aspect`` and that level's statement (its suggested actions).

    The level is read through the relation the self-assessment declares on the aspect (``aspect.judgements``)
    rather than by importing the assessments app, which sits above actions."""
    level = (
        aspect.judgements.filter(assessment__school=school, assessment__is_current=True)
        .values_list("level", flat=True)
        .first()
    )
    if level is None:
        return None, None
    return level, LevelStatement.objects.filter(aspect=aspect, level=level).first()


def _aspect_url(urn: int, aspect: Aspect | None) -> str | None:
    """Back to the aspect page an action was added from (the assessments app owns that page)."""
    if aspect is None:
        return None
    try:
        return reverse("assessments:aspect", args=[urn, aspect.slug])
    except NoReverseMatch:
        return None


@login_required
@require_http_methods(["GET", "POST"])
def create(request: HttpRequest, urn: int) -> HttpResponse:
    school = get_school_for_user(request.user, urn, write=True)
    framework = Framework.objects.current()
    if framework is None:
        messages.info(request, "Actions can be added once the quality framework has been loaded.")
        return redirect("actions:plan", urn)
    aspect = (
        Aspect.objects.filter(framework=framework, slug=request.GET.get("aspect", ""))
        .select_related("dimension")
        .first()
    )
    level, statement = _suggestions(school, aspect) if aspect else (None, None)
    suggestions = list(statement.actions) if statement else []
    initial: dict[str, object] = {"status": ActionStatus.PLANNED}
    if aspect:
        initial.update(dimension=aspect.dimension, aspect=aspect.pk)
        if statement and statement.cpd_topics:
            initial["cpd_topic"] = statement.cpd_topics[0]
    elif dimension := framework.dimensions.filter(slug=request.GET.get("dimension", "")).first():
        initial["dimension"] = dimension
    with contextlib.suppress(ValueError, IndexError):
        initial["title"] = suggestions[int(request.GET.get("suggestion", ""))]
    form = ActionForm(request.POST or None, school=school, framework=framework, initial=initial)
    if request.method == "POST" and form.is_valid():
        draft = _draft(form.cleaned_data)
        try:
            action = services.action_create(school=school, by=request.user, **draft.__dict__)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, f"Action added: {action.title}")
            return redirect(_safe_next(request) or _aspect_url(urn, aspect) or reverse("actions:plan", args=[urn]))
    return render(
        request,
        "actions/create.html",
        {
            "school": school,
            "form": form,
            "aspect": aspect,
            "level": level,
            "suggestions": suggestions,
            "next": _safe_next(request),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def edit(request: HttpRequest, urn: int, pk: int) -> HttpResponse:
    action = get_action_for_user(request.user, urn, pk, write=True)
    framework = Framework.objects.current() or action.dimension.framework
    initial = {**ActionDraft.of(action).__dict__, "aspect": action.aspect_id, "version": action.version}
    form = ActionEditForm(
        request.POST or None, school=action.school, framework=framework, action=action, initial=initial
    )
    conflict: StaleEdit | None = None
    if request.method == "POST" and form.is_valid():
        try:
            services.action_update(
                action=action,
                draft=_draft(form.cleaned_data),
                expected_version=form.cleaned_data["version"],
                by=request.user,
            )
        except StaleEdit as exc:
            conflict = exc
            # Keep what they typed, and move them on to the saved version: saving again keeps theirs.
            form = ActionEditForm(
                with_version(request.POST, exc.theirs.version),
                school=action.school,
                framework=framework,
                action=exc.theirs,
            )
            form.is_valid()
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, f"Action updated: {form.cleaned_data['title']}")
            return redirect("actions:plan", urn)
    return render(
        request,
        "actions/edit.html",
        {"school": action.school, "action": action, "form": form, "conflict": _conflict_rows(conflict)},
    )


def _conflict_rows(conflict: StaleEdit | None) -> dict | None:
    """Both versions side by side, field by field, for the conflict message."""
    if conflict is None:
        return None
    theirs, yours = ActionDraft.of(conflict.theirs), conflict.yours
    labels = {
        "title": "What",
        "detail": "Details",
        "owner": "Owner",
        "due_date": "Due date",
        "status": "Status",
        "dimension": "Dimension",
        "aspect": "Aspect",
        "cpd_topic": "CPD topic",
    }
    statuses = dict(ActionStatus.choices)

    def shown(name: str, value: object) -> str:
        if name == "status":
            return str(statuses.get(value, value))
        if name == "due_date":
            return f"{value:%-d %B %Y}" if value else ""
        return "" if value is None else str(value)

    rows = [
        {
            "label": label,
            "theirs": shown(name, getattr(theirs, name)),
            "yours": shown(name, getattr(yours, name)),
            "differs": getattr(theirs, name) != getattr(yours, name),
        }
        for name, label in labels.items()
    ]
    return {"by": conflict.theirs.updated_by, "at": conflict.theirs.updated_at, "rows": rows}


@login_required
@require_POST
def status(request: HttpRequest, urn: int, pk: int) -> HttpResponse:
    action: Action = get_action_for_user(request.user, urn, pk, write=True)
    form = StatusForm(request.POST)
    back = _safe_next(request) or reverse("actions:plan", args=[urn])
    if not form.is_valid():
        messages.error(request, f"Choose a status for '{action.title}'.")
        return redirect(back)
    try:
        services.action_set_status(
            action=action,
            status=form.cleaned_data["status"],
            expected_version=form.cleaned_data["version"],
            by=request.user,
        )
    except StaleEdit as exc:
        messages.error(request, f"'{action.title}': {exc.message}")
    else:
        messages.success(request, f"'{action.title}' is now {ActionStatus(form.cleaned_data['status']).label.lower()}")
    return redirect(back)
