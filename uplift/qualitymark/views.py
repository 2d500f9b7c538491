"""Quality Mark pages: the school's side, the assessor's review, the manager's queue, and the public
verification page and register. Every view calls an access function first."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from uplift.accounts.access import require_programme_role
from uplift.accounts.models import ProgrammeRole, User
from uplift.assessments.selectors import school_progress
from uplift.evidence.models import EvidenceKind
from uplift.lib.files import private_file_response
from uplift.lib.pdf import pdf_response
from uplift.lib.spreadsheets import csv_response
from uplift.qualitymark import credentials, england_map, selectors, services
from uplift.qualitymark.access import get_application_for_user, manages_application
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
    VerifyLookupForm,
)
from uplift.qualitymark.models import OPEN_STATUSES, Application, ApplicationStatus, Award
from uplift.schools.access import can_manage_school, get_school_for_user
from uplift.schools.models import School


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
    renews = services.renewable_award(school)
    no_open = latest is None or not latest.is_open
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
            "can_apply": can_manage_school(request.user, school),
            "resubmittable": resubmittable,
            "show_apply": no_open and resubmittable is None and renews is None,
            # Renewal: offered in the award's last months and after it has expired.
            "renews": renews if no_open and resubmittable is None else None,
            "can_renew": renews is not None and timezone.localdate() >= renews.renewal_opens_on,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def apply(request: HttpRequest, urn: int) -> HttpResponse:
    """Apply (senior leaders and leads): only when eligible, else the page lists what is missing."""
    school = get_school_for_user(request.user, urn, manage=True)
    progress = school_progress(school)
    open_application = Application.objects.filter(school=school, status__in=OPEN_STATUSES).first()
    renews = services.renewable_award(school)
    too_early = renews is not None and timezone.localdate() < renews.renewal_opens_on
    initial = {"consent_to_publish": renews.application.consent_to_publish} if renews else None
    form = ApplyForm(request.POST or None, initial=initial)
    eligible = progress is not None and progress.eligible and open_application is None and not too_early
    if request.method == "POST" and eligible and form.is_valid():
        try:
            services.application_submit(school=school, by=request.user, **form.cleaned_data)
        except services.ApplicationError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(
                request,
                f"{'Renewal' if renews else 'Application'} submitted. You will hear the decision within 4 weeks.",
            )
            return redirect("qualitymark:school", urn=school.urn)
    missing = progress.missing_for_mark if progress else []
    return render(
        request,
        "qualitymark/apply.html",
        {
            "school": school,
            "form": form,
            "eligible": eligible,
            "missing": missing,
            "open": open_application,
            "renews": renews,
            "too_early": too_early,
        },
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


def _review_page(request: HttpRequest, application: Application, *, invalid: dict | None = None) -> HttpResponse:
    """The review page; ``invalid`` = {context name: bound form with errors} re-shows a refused form (400)."""
    forms = {
        "decide_form": DecideForm(),
        "moderation_form": ModerationForm(),
        "resolve_form": ResolveForm(),
        **(invalid or {}),
    }
    return render(
        request,
        "qualitymark/review.html",
        {
            "application": application,
            "progress": selectors.review_progress(application),
            "is_assessor": application.assessor_id == request.user.pk,
            "is_moderator": application.moderator_id == request.user.pk,
            "is_manager": manages_application(request.user, application),
            "audit": application.audit_events.select_related("by"),
            "award": Award.objects.filter(application=application).first(),
            "renews": application.renews,
            "invalid_forms": list((invalid or {}).values()),
            **forms,
        },
        status=400 if invalid else 200,
    )


@login_required
@require_GET
def review(request: HttpRequest, pk: int) -> HttpResponse:
    """The application over its frozen snapshot, aspect by aspect, with the review's progress."""
    application = get_application_for_user(request.user, pk, act="review")
    return _review_page(request, application)


# The review page's POST-only actions: (access act, form, its name on the page, service, success message).
_REVIEW_ACTIONS: dict[str, tuple[str, type, str, Callable[..., Application], Callable[[Application], str]]] = {
    "decide": (
        "assess",
        DecideForm,
        "decide_form",
        services.application_decide,
        lambda done: (
            "Sent to moderation: a second assessor looks before the school is told"
            if done.status == ApplicationStatus.MODERATION
            else f"Decision released: {done.get_status_display()}"
        ),
    ),
    "moderate": (
        "moderate",
        ModerationForm,
        "moderation_form",
        services.moderation_record,
        lambda _: "Moderation recorded",
    ),
    "resolve": ("manage", ResolveForm, "resolve_form", services.moderation_resolve, lambda _: "Disagreement settled"),
}


def _review_action(request: HttpRequest, pk: int, name: str) -> HttpResponse:
    """One POST action on the review page: access check, form (re-shown with its errors, 400), service
    (a refusal by the rules becomes an error message), then back to the review page."""
    act, form_class, form_name, service, success = _REVIEW_ACTIONS[name]
    application = get_application_for_user(request.user, pk, act=act)
    form = form_class(request.POST)
    if not form.is_valid():
        return _review_page(request, application, invalid={form_name: form})
    try:
        done = service(application=application, by=request.user, **form.cleaned_data)
    except services.ApplicationError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, success(done))
    return redirect("qualitymark:review", pk=application.pk)


@login_required
@require_POST
def decide(request: HttpRequest, pk: int) -> HttpResponse:
    """The allocated assessor decides (released, or sent to moderation)."""
    return _review_action(request, pk, "decide")


@login_required
@require_POST
def moderate(request: HttpRequest, pk: int) -> HttpResponse:
    """The moderator agrees (the decision is released) or disagrees (it goes to a programme manager)."""
    return _review_action(request, pk, "moderate")


@login_required
@require_POST
def resolve(request: HttpRequest, pk: int) -> HttpResponse:
    """A programme manager settles a moderation disagreement."""
    return _review_action(request, pk, "resolve")


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
@require_GET
def evidence(request: HttpRequest, pk: int, item_pk: int) -> HttpResponse:
    """A frozen evidence item of the application (the copy made at submission, whatever happened to the
    library item since; ``item_pk`` is the library item's id as cited in the snapshot): the school,
    the allocated assessor and moderator, managers."""
    application = get_application_for_user(request.user, pk, act="view")
    item = application.frozen_evidence.filter(source_pk=item_pk).first()
    if item is None:
        raise Http404("No such evidence")
    if item.kind == EvidenceKind.LINK:
        return HttpResponseRedirect(item.url)
    if item.kind == EvidenceKind.NOTE:
        return render(request, "qualitymark/evidence_note.html", {"application": application, "item": item})
    return private_file_response(
        file=item.file,
        filename=item.original_filename or f"evidence-{item.pk}",
        content_type=item.content_type,
        as_attachment=not item.opens_inline,
    )


@login_required
@require_GET
def manager_queue(request: HttpRequest) -> HttpResponse:
    """The programme manager's queue: the applications in their scope, filtered and sorted."""
    memberships = require_programme_role(request.user, ProgrammeRole.MANAGER)
    assessors = list(
        User.objects.filter(programme_memberships__role=ProgrammeRole.ASSESSOR).distinct().order_by("full_name")
    )
    form = ManagerFilterForm(request.GET or None, assessors=assessors)
    filters = form.cleaned_data if form.is_valid() else {}
    applications = selectors.manager_queue(
        user=request.user,
        status=filters.get("status") or "open",
        assessor_id=filters.get("assessor"),
        overdue=bool(filters.get("overdue")),
        sort=filters.get("sort") or "oldest",
    )
    national = any(m.region_id is None and m.hub_id is None for m in memberships)
    scope_label = "" if national else ", ".join(str(m.region or m.hub) for m in memberships)
    return render(
        request,
        "qualitymark/manager_queue.html",
        {"form": form, "applications": applications[:200], "scope_label": scope_label},
        status=400 if form.is_bound and not form.is_valid() else 200,
    )


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
    return render(
        request,
        "qualitymark/verify.html",
        {"award": award, "number": number, "lookup": VerifyLookupForm()},
        status=200 if award else 404,
    )


@require_GET
def verify_lookup(request: HttpRequest) -> HttpResponse:
    """Public: type an award number, go to its verification page (or be told clearly it was not found)."""
    form = VerifyLookupForm(request.GET or None)
    status = 200
    if form.is_valid():
        award = Award.objects.filter(number=form.cleaned_data["number"]).first()
        if award is not None:
            return redirect("qualitymark:verify", number=award.number)
        form.add_error(
            "number",
            f"No Quality Mark has the number {form.cleaned_data['number']}: check it as printed on the certificate",
        )
        status = 404
    elif form.is_bound:
        status = 400
    return render(request, "qualitymark/verify_lookup.html", {"form": form}, status=status)


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
    rows = (
        [
            award.school_name,
            award.school.town,
            award.school.region.name if award.school.region else "",
            award.awarded_on,
            award.expires_on,
            award.number,
            request.build_absolute_uri(reverse("qualitymark:verify", args=[award.number])),
        ]
        for award in selectors.register(query)
    )
    return csv_response(
        filename="uplift-quality-mark-register.csv",
        header=["School", "Town", "Region", "Awarded on", "Expires on", "Award number", "Verification"],
        rows=rows,
    )
