"""Advisors and their capacity (programme managers): who advises where, how many clusters each runs and
the most they may be given. Automatic allocation and reassignment read this (``services.advisor_loads``)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from uplift.accounts.access import require_manager_scope
from uplift.accounts.models import User
from uplift.clusters import services
from uplift.clusters.access import advisors_for_user
from uplift.clusters.forms import CapacityForm
from uplift.lib.forms import apply_errors
from uplift.schools.models import Region


@login_required
@require_http_methods(["GET", "POST"])
def advisors(request: HttpRequest) -> HttpResponse:
    require_manager_scope(request.user, "Only a programme manager sees advisors' capacity.")
    mine = set(User.objects.filter(advisors_for_user(request.user)).values_list("pk", flat=True))
    failed: CapacityForm | None = None
    if request.method == "POST":
        form = CapacityForm(request.POST)
        advisor = (
            User.objects.filter(pk=form.data.get("advisor") or 0, pk__in=mine).first() if form.is_valid() else None
        )
        if form.is_valid() and advisor is None:
            form.add_error(None, "Choose an advisor listed on this page")
        if form.is_valid():
            try:
                services.advisor_capacity_set(
                    advisor=advisor, max_clusters=form.cleaned_data["max_clusters"], by=request.user
                )
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                messages.success(
                    request, f"{advisor.full_name} can now run up to {form.cleaned_data['max_clusters']} clusters."
                )
                return redirect("clusters:advisors")
        failed = form
    region_names = dict(Region.objects.values_list("pk", "name"))
    rows = []
    for load in services.advisor_loads():
        if load.advisor.pk not in mine:
            continue
        regions = sorted("England" if r is None else region_names.get(r, "") for r in load.regions)
        form = (
            failed
            if failed is not None and str(failed.data.get("advisor")) == str(load.advisor.pk)
            else CapacityForm(
                initial={"advisor": load.advisor.pk, "max_clusters": load.capacity},
                auto_id=f"id_advisor{load.advisor.pk}_%s",
            )
        )
        rows.append({"load": load, "regions": ", ".join(regions), "form": form})
    return render(request, "clusters/advisors.html", {"rows": rows, "form": failed})
