"""The school's self-assessment: the task list and the aspect page."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from uplift.actions.models import Action
from uplift.assessments.forms import JudgementForm
from uplift.assessments.models import Judgement
from uplift.assessments.selectors import current_assessment, judgement_for, school_progress
from uplift.assessments.services import AssessmentIncomplete, assessment_submit, judgement_save
from uplift.evidence.models import EvidenceItem
from uplift.frameworks.models import Aspect, Framework, LevelStatement
from uplift.lib.forms import with_version
from uplift.lib.versioning import StaleEdit
from uplift.schools.access import can_write_school, get_school_for_user
from uplift.schools.models import Phase, School


def school_phase(school: School) -> str | None:
    """The framework wording for the school: "primary", "secondary", or None (show both)."""
    return Phase(school.phase).framework_phase if school.phase in Phase.values else None


@login_required
def overview(request: HttpRequest, urn: int) -> HttpResponse:
    school = get_school_for_user(request.user, urn)
    progress = school_progress(school)
    if progress is None:
        raise Http404("No framework has been loaded yet.")
    return render(
        request,
        "assessments/overview.html",
        {
            "school": school,
            "progress": progress,
            "may_write": can_write_school(request.user, school),
        },
    )


@login_required
@require_POST
def submit(request: HttpRequest, urn: int) -> HttpResponse:
    """Submit the completed assessment (records a "submitted" snapshot)."""
    school = get_school_for_user(request.user, urn, write=True)
    assessment = current_assessment(school)
    if assessment is None:
        messages.error(request, "Complete every aspect before submitting: nothing has been saved yet.")
    else:
        try:
            assessment_submit(assessment=assessment, by=request.user)
        except AssessmentIncomplete as error:
            messages.error(request, str(error))
        else:
            messages.success(request, "Self-assessment submitted. A snapshot of it has been recorded.")
    return redirect("assessments:overview", school.urn)


@dataclass
class AspectPage:
    """What the aspect page shows: the school, the aspect, its statements and the saved judgement."""

    school: School
    aspect: Aspect
    judgement: Judgement | None
    statements: list[LevelStatement]
    phase: str | None

    @classmethod
    def load(cls, school: School, aspect_slug: str) -> AspectPage:
        assessment = current_assessment(school)
        framework = assessment.framework if assessment else Framework.objects.current()
        aspect = get_object_or_404(
            Aspect.objects.select_related("dimension", "framework"), framework=framework, slug=aspect_slug
        )
        statements = list(aspect.statements.all())
        return cls(school, aspect, judgement_for(assessment, aspect), statements, school_phase(school))

    def form(self, data: QueryDict | None = None) -> JudgementForm:
        evidence_items = EvidenceItem.objects.filter(school=self.school)
        kwargs = {"statements": self.statements, "phase": self.phase, "evidence_items": evidence_items}
        if data is None:
            return JudgementForm(initial=_initial(self.judgement), **kwargs)
        return JudgementForm(data, **kwargs)


@login_required
def aspect(request: HttpRequest, urn: int, aspect_slug: str) -> HttpResponse:
    school = get_school_for_user(request.user, urn, write=request.method == "POST")
    page = AspectPage.load(school, aspect_slug)
    if request.method != "POST":
        return _render_aspect(request, page, page.form())
    autosave = bool(request.POST.get("autosave"))
    form, conflict = page.form(request.POST), None
    if form.is_valid():
        try:
            judgement = _save(request, page, form.cleaned_data)
        except StaleEdit as error:
            # Keep what they typed; saving again now deliberately replaces the other version.
            conflict, page.judgement = error, error.theirs
            form = page.form(with_version(request.POST, error.theirs.version))
        except ValidationError as error:
            form.add_error(None, error)
        else:
            if autosave:
                return _autosaved(request, judgement)
            messages.success(request, f"“{page.aspect.title}” saved.")
            return redirect(_after_save(request, school, page.aspect))
    if autosave:
        return _autosaved(request, None, conflict=conflict)
    return _render_aspect(request, page, form, conflict)


def _save(request: HttpRequest, page: AspectPage, data: dict) -> Judgement:
    return judgement_save(
        school=page.school,
        aspect=page.aspect,
        level=data["level"],
        current_position=data["current_position"],
        evidence_commentary=data["evidence_commentary"],
        improvement_actions=data["improvement_actions"],
        evidence_ids=[item.pk for item in data["evidence"]],
        by=request.user,
        expected_version=data["version"],
        form_id=data["form_id"],
    )


def _render_aspect(
    request: HttpRequest, page: AspectPage, form: JudgementForm, conflict: StaleEdit | None = None
) -> HttpResponse:
    school, judgement, aspect_slug = page.school, page.judgement, page.aspect.slug
    shown_level = judgement.level if judgement else None
    return render(
        request,
        "assessments/aspect.html",
        {
            "school": school,
            "aspect": page.aspect,
            "framework": page.aspect.framework,
            "judgement": judgement,
            "statements": [(s, s.statement_for(page.phase)) for s in page.statements],
            "suggested": next((s for s in page.statements if s.level == shown_level), None),
            "form": form,
            "conflict": conflict,
            "conflict_level_text": _level_text(page.statements, conflict.theirs.level, page.phase) if conflict else "",
            "conflict_your_level_text": _level_text(page.statements, conflict.yours.level, page.phase)
            if conflict
            else "",
            "conflict_your_evidence": (
                EvidenceItem.objects.filter(school=school, pk__in=conflict.yours.evidence_ids) if conflict else []
            ),
            "may_write": can_write_school(request.user, school),
            # The school's actions for this aspect, including those made on the aspect(s) it replaced in an
            # earlier framework version (same slug, or mapped onto it when renamed, split or merged).
            "aspect_actions": Action.objects.filter(
                Q(aspect__slug=aspect_slug) | Q(aspect__next_mappings__aspect=page.aspect), school=school
            )
            .select_related("owner")
            .distinct(),
            "overview_url": reverse("assessments:overview", args=[school.urn]),
            # After adding evidence, the library brings the person back to this aspect.
            "library_add_url": reverse("evidence:add", args=[school.urn]) + "?" + urlencode({"next": request.path}),
        },
    )


def _autosaved(request: HttpRequest, judgement: Judgement | None, conflict: StaleEdit | None = None) -> HttpResponse:
    """The htmx autosave's answer: a status line, and the new version for the next save."""
    return render(request, "assessments/_autosave.html", {"judgement": judgement, "conflict": conflict})


def _initial(judgement: Judgement | None) -> dict:
    if judgement is None:
        return {"version": 0, "form_id": uuid.uuid4().hex}
    return {
        "form_id": uuid.uuid4().hex,
        "level": judgement.level,
        "current_position": judgement.current_position,
        "evidence_commentary": judgement.evidence_commentary,
        "improvement_actions": judgement.improvement_actions,
        "evidence": list(judgement.evidence.all()),
        "version": judgement.version,
    }


def _level_text(statements: list, level: int | None, phase: str | None) -> str:
    statement = next((s for s in statements if s.level == level), None)
    return statement.statement_for(phase) if statement else ""


def _after_save(request: HttpRequest, school: School, aspect: Aspect) -> str:
    """ "Save and continue" goes to the next aspect (the task list after the last); "Save" stays."""
    if request.POST.get("then") != "continue":
        return reverse("assessments:aspect", args=[school.urn, aspect.slug])
    following = (
        Aspect.objects.filter(framework_id=aspect.framework_id, order__gt=aspect.order).order_by("order").first()
    )
    if following is None:
        return reverse("assessments:overview", args=[school.urn])
    return reverse("assessments:aspect", args=[school.urn, following.slug])
