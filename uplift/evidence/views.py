"""The evidence library pages and the private file download.

Every view calls an access function first: reading needs ``get_school_for_user`` (members, trust
leads and programme staff in scope), changing needs ``write=True`` (teacher and above).
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_http_methods

from uplift.evidence import services
from uplift.evidence.access import get_evidence_for_user
from uplift.evidence.forms import (
    ADD_FORMS,
    KindChoiceForm,
    LibraryFilterForm,
    edit_form_class,
    initial_for,
)
from uplift.evidence.models import EvidenceItem, EvidenceKind
from uplift.evidence.selectors import LibraryFilters, library_for, library_tags, usage_for
from uplift.lib.files import private_file_response
from uplift.lib.forms import apply_errors
from uplift.schools.access import can_write_school, get_school_for_user

PAGE_SIZE = 25


def _next_url(request: HttpRequest) -> str | None:
    """Where to go back to after adding (e.g. the aspect page that sent the person here)."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target.startswith("/") and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return None


@login_required
@require_GET
def library(request: HttpRequest, urn: int) -> HttpResponse:
    school = get_school_for_user(request.user, urn)
    filter_form = LibraryFilterForm(request.GET or None, tags=library_tags(school))
    filters = LibraryFilters(**filter_form.cleaned_data) if filter_form.is_valid() else LibraryFilters()
    page = Paginator(library_for(school, filters), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "evidence/library.html",
        {
            "school": school,
            "filter_form": filter_form,
            "filtered": filters != LibraryFilters(),
            "page_obj": page,
            "items": page.object_list,
            "can_write": can_write_school(request.user, school),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def add(request: HttpRequest, urn: int) -> HttpResponse:
    school = get_school_for_user(request.user, urn, write=True)
    kind = request.POST.get("kind") or request.GET.get("kind")
    next_url = _next_url(request)
    if kind not in EvidenceKind.values:
        # Step one (no JavaScript needed): choose the kind, then the form for it.
        choice = KindChoiceForm(request.GET if "kind" in request.GET else None)
        return render(request, "evidence/add_choose.html", {"school": school, "form": choice, "next": next_url})
    form_class = ADD_FORMS[kind]
    form = form_class(request.POST or None, request.FILES or None, initial={"date": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        details = {
            "school": school,
            "title": data["title"],
            "description": data["description"],
            "date": data["date"],
            "tags": data["tags"],
            "by": request.user,
        }
        try:
            if kind == EvidenceKind.FILE:
                item = services.evidence_add_file(upload=data["file"], **details)
            elif kind == EvidenceKind.LINK:
                item = services.evidence_add_link(url=data["url"], **details)
            else:
                item = services.evidence_add_note(note=data["note"], **details)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, f"'{item.title}' added to the evidence library")
            return redirect(next_url or reverse("evidence:detail", args=[school.urn, item.pk]))
    return render(
        request,
        "evidence/add.html",
        {"school": school, "form": form, "kind": kind, "kind_label": EvidenceKind(kind).label, "next": next_url},
    )


@login_required
@require_GET
def detail(request: HttpRequest, urn: int, pk: int) -> HttpResponse:
    item = get_evidence_for_user(request.user, urn, pk)
    return render(
        request,
        "evidence/detail.html",
        {
            "school": item.school,
            "item": item,
            "used_in": usage_for(item),
            "can_write": can_write_school(request.user, item.school),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def edit(request: HttpRequest, urn: int, pk: int) -> HttpResponse:
    item = get_evidence_for_user(request.user, urn, pk, write=True)
    form = edit_form_class(item)(request.POST or None, request.FILES or None, initial=initial_for(item))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.evidence_update(
                item=item,
                title=data["title"],
                description=data["description"],
                date=data["date"],
                tags=data["tags"],
                url=data.get("url"),
                note=data.get("note"),
                upload=data.get("file"),
                by=request.user,
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, f"'{item.title}' updated")
            return redirect("evidence:detail", urn, item.pk)
    return render(request, "evidence/edit.html", {"school": item.school, "item": item, "form": form})


@login_required
@require_http_methods(["GET", "POST"])
def delete(request: HttpRequest, urn: int, pk: int) -> HttpResponse:
    item = get_evidence_for_user(request.user, urn, pk, write=True)
    if request.method == "POST":
        title = item.title
        services.evidence_delete(item=item, by=request.user)
        messages.success(request, f"'{title}' deleted from the evidence library")
        return redirect("evidence:library", urn)
    return render(
        request,
        "evidence/delete.html",
        {"school": item.school, "item": item, "used_in": usage_for(item)},
    )


@login_required
@require_GET
def download(request: HttpRequest, urn: int, pk: int) -> FileResponse:
    """Serve a private file to someone who may see the school: the only way a stored file leaves us."""
    item: EvidenceItem = get_evidence_for_user(request.user, urn, pk)
    if item.kind != EvidenceKind.FILE:
        raise Http404("No file")
    return private_file_response(
        file=item.file,
        filename=item.original_filename or f"evidence-{item.pk}",
        content_type=item.content_type,
        as_attachment=not item.opens_inline,
    )
