"""Quality Mark pages: the school's side, the assessor's review, the manager's queue, and the public
verification page and register. Every view calls an access function first."""

from __future__ import annotations

import csv

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from uplift.accounts.access import (
    get_application_for_user,
    get_school_for_user,
    is_programme_manager,
    require_programme_role,
    school_role,
)
from uplift.accounts.models import SCHOOL_MANAGE_ROLE, ProgrammeRole, User
from uplift.assessments.selectors import school_progress
from uplift.evidence.models import EvidenceKind
from uplift.lib.pdf import pdf_response
from uplift.qualitymark import credentials, england_map, selectors, services
from uplift.qualitymark.forms import (
    ApplyForm,
    AspectReviewForm,
    DecideForm,
    ManagerFilterForm,
    ModerationForm,
    ReassignForm,
    RegisterSearchForm,
    ResolveForm,
    RevokeForm,
)
from uplift.qualitymark.models import OPEN_STATUSES, Application, ApplicationStatus, Award
from uplift.schools.models import School


def _can_apply(user: User, school: School) -> bool:
    role = school_role(user, school)
    return role is not None and role >= SCHOOL_MANAGE_ROLE


def _latest_not_yet(school: School) -> Application | None:
    """The school's latest application when it is "not yet" and may still be resubmitted."""
    latest = Application.objects.filter(school=school).order_by("-submitted_at", "-pk").first()
    if latest is None or latest.status != ApplicationStatus.NOT_YET:
        return None
    return latest if timezone.localdate() <= latest.resubmit_until else None


# The school's side -----------------------------------------------------------------------------------


@login_required
@require_GET
def school(request: HttpRequest, urn: int) -> HttpResponse:
    """Status of the school's applications; feedback per aspect only once decided; the award."""
    school = get_school_for_user(request.user, urn)
    applications = selectors.school_applications(school)
    latest = applications[0] if applications else None
    feedback = selectors.review_progress(latest) if latest and latest.is_decided else None
    progress = school_progress(school)
    resubmittable = _latest_not_yet(school)
    award = selectors.current_award(school)
    badge_url = settings.SITE_URL + reverse("qualitymark:badge", args=[award.number]) if award else ""
    return render(
        request,
        "qualitymark/school.html",
        {
            "school": school,
            "latest": latest,
            "history": applications[1:],
            "feedback": feedback,
            "award": award,
            "badge_url": badge_url,
            "progress": progress,
            "can_apply": _can_apply(request.user, school),
            "resubmittable": resubmittable,
            "show_apply": (latest is None or not latest.is_open) and resubmittable is None,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def apply(request: HttpRequest, urn: int) -> HttpResponse:
    """Apply (senior leaders and leads): only when eligible, else the page lists what is missing."""
    school = get_school_for_user(request.user, urn, manage=True)
    progress = school_progress(school)
    open_application = Application.objects.filter(school=school, status__in=OPEN_STATUSES).first()
    form = ApplyForm(request.POST or None)
    eligible = progress is not None and progress.eligible and open_application is None
    if request.method == "POST" and eligible and form.is_valid():
        try:
            services.application_submit(school=school, by=request.user, **form.cleaned_data)
        except services.ApplicationError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, "Application submitted. You will hear the decision within 4 weeks.")
            return redirect("qualitymark:school", urn=school.urn)
    missing = progress.missing_for_mark if progress else []
    return render(
        request,
        "qualitymark/apply.html",
        {"school": school, "form": form, "eligible": eligible, "missing": missing, "open": open_application},
    )


@login_required
@require_http_methods(["GET", "POST"])
def resubmit(request: HttpRequest, urn: int) -> HttpResponse:
    """Resubmit the aspects judged "not yet" (the rest stays accepted) within 6 months."""
    school = get_school_for_user(request.user, urn, manage=True)
    previous = _latest_not_yet(school)
    if previous is None:
        raise Http404("Nothing to resubmit")
    feedback = selectors.review_progress(previous)
    form = ApplyForm(request.POST or None, initial={"consent_to_publish": previous.consent_to_publish})
    missing: list = []
    if request.method == "POST" and form.is_valid():
        try:
            services.application_resubmit(application=previous, by=request.user, **form.cleaned_data)
        except services.NotEligible as exc:
            missing = exc.missing
        except services.ApplicationError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, "Resubmitted. The assessor will review the aspects you improved.")
            return redirect("qualitymark:school", urn=school.urn)
    return render(
        request,
        "qualitymark/resubmit.html",
        {"school": school, "previous": previous, "form": form, "gaps": feedback.not_yet, "missing": missing},
    )


@login_required
@require_GET
def certificate(request: HttpRequest, urn: int) -> HttpResponse:
    """The current award's certificate as a PDF."""
    school = get_school_for_user(request.user, urn)
    award = selectors.current_award(school)
    if award is None:
        raise Http404("No current award")
    return pdf_response(
        "qualitymark/certificate_pdf.html", {"award": award}, filename=f"uplift-quality-mark-{award.number}.pdf"
    )


@login_required
@require_GET
def credential(request: HttpRequest, urn: int) -> HttpResponse:
    """The current award as a signed Open Badges 3.0 credential (JSON), for the school's own wallet or site."""
    school = get_school_for_user(request.user, urn)
    award = selectors.current_award(school)
    if award is None:
        raise Http404("No current award")
    response = JsonResponse(credentials.signed_credential(award), json_dumps_params={"indent": 2})
    response["Content-Disposition"] = f'attachment; filename="uplift-quality-mark-{award.number}.json"'
    return response


@require_GET
def badge(request: HttpRequest, number: str) -> HttpResponse:
    """Public: the award's badge image (SVG) for the school's website, linking to its verification page."""
    award = Award.objects.filter(number=number.strip().upper()).first()
    if award is None:
        raise Http404("No such award")
    response = render(request, "qualitymark/badge.svg", {"award": award}, content_type="image/svg+xml")
    response["Cache-Control"] = "public, max-age=3600"
    return response


@require_GET
def issuer(request: HttpRequest) -> HttpResponse:
    """Public: the issuer profile with the key that verifies every Quality Mark credential."""
    return JsonResponse(credentials.issuer_profile(), json_dumps_params={"indent": 2})


# The assessor's and manager's side -------------------------------------------------------------------


@login_required
@require_GET
def assessor_queue(request: HttpRequest) -> HttpResponse:
    require_programme_role(request.user, ProgrammeRole.ASSESSOR)
    open_applications, decided = selectors.assessor_queue(request.user)
    return render(
        request,
        "qualitymark/assessor_queue.html",
        {"open": open_applications, "decided": decided, "to_moderate": selectors.moderation_queue(request.user)},
    )


def _review_page(
    request: HttpRequest,
    application: Application,
    *,
    moderation_form: ModerationForm | None = None,
    resolve_form: ResolveForm | None = None,
) -> HttpResponse:
    return render(
        request,
        "qualitymark/review.html",
        {
            "application": application,
            "progress": selectors.review_progress(application),
            "is_assessor": application.assessor_id == request.user.pk,
            "is_moderator": application.moderator_id == request.user.pk,
            "is_manager": is_programme_manager(request.user),
            "audit": application.audit_events.select_related("by"),
            "decide_form": DecideForm(),
            "moderation_form": moderation_form or ModerationForm(),
            "resolve_form": resolve_form or ResolveForm(),
            "award": Award.objects.filter(application=application).first(),
        },
        status=400 if (moderation_form or resolve_form) else 200,
    )


@login_required
@require_GET
def review(request: HttpRequest, pk: int) -> HttpResponse:
    """The application over its frozen snapshot, aspect by aspect, with the review's progress."""
    application = get_application_for_user(request.user, pk, act="review")
    return _review_page(request, application)


@login_required
@require_POST
def moderate(request: HttpRequest, pk: int) -> HttpResponse:
    """The moderator agrees (the decision is released) or disagrees (it goes to a programme manager)."""
    application = get_application_for_user(request.user, pk, act="moderate")
    form = ModerationForm(request.POST)
    if not form.is_valid():
        return _review_page(request, application, moderation_form=form)
    try:
        services.moderation_record(application=application, by=request.user, **form.cleaned_data)
    except services.ApplicationError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, "Moderation recorded")
    return redirect("qualitymark:review", pk=application.pk)


@login_required
@require_POST
def resolve(request: HttpRequest, pk: int) -> HttpResponse:
    """A programme manager settles a moderation disagreement."""
    application = get_application_for_user(request.user, pk, act="manage")
    form = ResolveForm(request.POST)
    if not form.is_valid():
        return _review_page(request, application, resolve_form=form)
    try:
        services.moderation_resolve(application=application, by=request.user, **form.cleaned_data)
    except services.ApplicationError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, "Disagreement settled")
    return redirect("qualitymark:review", pk=application.pk)


@login_required
@require_http_methods(["GET", "POST"])
def review_aspect(request: HttpRequest, pk: int, slug: str) -> HttpResponse:
    """One aspect as the school froze it, and the assessor's outcome and comment."""
    application = get_application_for_user(request.user, pk, act="assess" if request.method == "POST" else "review")
    aspect = application.aspect(slug)
    if aspect is None:
        raise Http404("No such aspect")
    progress = selectors.review_progress(application)
    row = next(row for row in progress.rows if row.aspect["slug"] == slug)
    initial = {"outcome": row.review.outcome, "comment": row.review.comment} if row.review else {}
    form = AspectReviewForm(request.POST or None, initial=initial)
    editable = application.is_reviewable and row.to_review and application.assessor_id == request.user.pk
    if request.method == "POST" and editable and form.is_valid():
        try:
            services.aspect_review_record(
                application=application, aspect_slug=slug, by=request.user, **form.cleaned_data
            )
        except services.ApplicationError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, f"Saved your review of '{aspect['title']}'")
            following = selectors.review_progress(application).next_after(slug)
            if following:
                return redirect("qualitymark:review_aspect", pk=application.pk, slug=following)
            return redirect("qualitymark:review", pk=application.pk)
    elif request.method == "POST" and not editable:
        messages.error(request, "This aspect cannot be changed now.")
        return redirect("qualitymark:review", pk=application.pk)
    return render(
        request,
        "qualitymark/review_aspect.html",
        {"application": application, "aspect": aspect, "row": row, "form": form, "editable": editable},
    )


@login_required
@require_POST
def decide(request: HttpRequest, pk: int) -> HttpResponse:
    application = get_application_for_user(request.user, pk, act="assess")
    form = DecideForm(request.POST)
    if form.is_valid():
        try:
            decided = services.application_decide(application=application, by=request.user, **form.cleaned_data)
        except services.ApplicationError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, f"Decision released: {decided.get_status_display()}")
    return redirect("qualitymark:review", pk=application.pk)


@login_required
@require_GET
def evidence(request: HttpRequest, pk: int, item_pk: int) -> HttpResponse:
    """A frozen evidence item of the application: the school, the allocated assessor and managers."""
    application = get_application_for_user(request.user, pk, act="view")
    item = application.evidence.filter(pk=item_pk).first()
    if item is None:
        raise Http404("No such evidence")
    if item.kind == EvidenceKind.LINK:
        return HttpResponseRedirect(item.url)
    if item.kind == EvidenceKind.NOTE:
        return render(request, "qualitymark/evidence_note.html", {"application": application, "item": item})
    try:
        handle = item.file.open("rb")
    except (FileNotFoundError, ValueError) as exc:
        raise Http404("The file is missing") from exc
    response = FileResponse(
        handle,
        content_type=item.content_type or "application/octet-stream",
        as_attachment=not item.opens_inline,
        filename=item.original_filename or f"evidence-{item.pk}",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    response["Content-Security-Policy"] = (
        "default-src 'none'; img-src 'self' data:; style-src 'unsafe-inline'; object-src 'self'; frame-ancestors 'none'"
    )
    return response


@login_required
@require_GET
def manager_queue(request: HttpRequest) -> HttpResponse:
    require_programme_role(request.user, ProgrammeRole.MANAGER)
    assessors = list(
        User.objects.filter(programme_memberships__role=ProgrammeRole.ASSESSOR).distinct().order_by("full_name")
    )
    form = ManagerFilterForm(request.GET or None, assessors=assessors)
    filters = form.cleaned_data if form.is_valid() else {}
    applications = selectors.manager_queue(
        status=filters.get("status") or "open",
        assessor_id=filters.get("assessor"),
        overdue=bool(filters.get("overdue")),
        sort=filters.get("sort") or "oldest",
    )
    return render(request, "qualitymark/manager_queue.html", {"form": form, "applications": applications[:200]})


@login_required
@require_http_methods(["GET", "POST"])
def reassign(request: HttpRequest, pk: int) -> HttpResponse:
    """A programme manager gives the application to another assessor (never a conflicted one)."""
    application = get_application_for_user(request.user, pk, act="manage")
    # In moderation, the manager chooses the moderator (never the application's own assessor).
    for_moderation = application.status == ApplicationStatus.MODERATION
    loads = services.eligible_assessors(application.school)
    choices = [
        (load.assessor.pk, f"{load.assessor.full_name or load.assessor.email} ({load.open_count} open)")
        for load in loads
        if not load.conflicts and not (for_moderation and load.assessor.pk == application.assessor_id)
    ]
    form = ReassignForm(request.POST or None, choices=choices)
    if request.method == "POST" and form.is_valid():
        assessor = next(load.assessor for load in loads if load.assessor.pk == form.cleaned_data["assessor"])
        try:
            if for_moderation:
                services.moderator_assign(application=application, moderator=assessor, by=request.user)
            else:
                services.application_reassign(application=application, assessor=assessor, by=request.user)
        except services.ApplicationError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, f"{'Moderator' if for_moderation else 'Assessor'} is now {assessor}")
            return redirect("qualitymark:review", pk=application.pk)
    return render(
        request,
        "qualitymark/reassign.html",
        {
            "application": application,
            "form": form,
            "for_moderation": for_moderation,
            "conflicted": [load for load in loads if load.conflicts],
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def revoke(request: HttpRequest, pk: int) -> HttpResponse:
    """A programme manager withdraws a current award, with a reason."""
    application = get_application_for_user(request.user, pk, act="manage")
    award = Award.objects.filter(application=application, revoked_at__isnull=True).first()
    if award is None:
        raise Http404("No award to revoke")
    form = RevokeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.award_revoke(award=award, by=request.user, **form.cleaned_data)
        except services.ApplicationError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, f"Award {award.number} revoked")
            return redirect("qualitymark:review", pk=application.pk)
    return render(request, "qualitymark/revoke.html", {"application": application, "award": award, "form": form})


# Public --------------------------------------------------------------------------------------------


@require_GET
def verify(request: HttpRequest, number: str) -> HttpResponse:
    """Public: confirms an award (school name, dates, status) and reveals nothing else."""
    award = Award.objects.filter(number=number.strip().upper()).first()
    return render(request, "qualitymark/verify.html", {"award": award, "number": number}, status=200 if award else 404)


@require_GET
def register(request: HttpRequest) -> HttpResponse:
    """Public: the current holders who agreed to be listed, searchable."""
    form = RegisterSearchForm(request.GET or None)
    query = form.cleaned_data["q"] if form.is_valid() else ""
    awards = list(selectors.register(query))
    points = [
        england_map.point(a.school.easting, a.school.northing, f"{a.school_name}, {a.school.town}") for a in awards
    ]
    return render(
        request,
        "qualitymark/register.html",
        {
            "form": form,
            "awards": awards,
            "query": query,
            "points": [p for p in points if p],
            "outline": england_map.outline_path(),
            "view_box": england_map.view_box(),
        },
    )


@require_GET
def register_csv(request: HttpRequest) -> HttpResponse:
    """Public: the register as CSV (the same rows and search as the page)."""
    form = RegisterSearchForm(request.GET or None)
    query = form.cleaned_data["q"] if form.is_valid() else ""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="uplift-quality-mark-register.csv"'
    writer = csv.writer(response)
    writer.writerow(["School", "Town", "Region", "Awarded on", "Expires on", "Award number", "Verification"])
    for award in selectors.register(query):
        writer.writerow(
            [
                award.school_name,
                award.school.town,
                award.school.region.name if award.school.region else "",
                award.awarded_on.isoformat(),
                award.expires_on.isoformat(),
                award.number,
                request.build_absolute_uri(reverse("qualitymark:verify", args=[award.number])),
            ]
        )
    return response
