"""The funding ledger pages: the ledger (totals, entries, history, CSV), adding and editing an entry,
marking a commitment spent, removing an entry, and a manager's change of the budget.

Reading needs ``get_cluster_for_user(act="view")`` (member schools' staff, the advisor, managers);
every entry change ``act="run"`` (the advisor and managers; member staff get 403); the budget
``act="manage"`` (managers).
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from uplift.clusters.access import can_run_cluster, get_cluster_for_user, manages_cluster
from uplift.clusters.models import Cluster
from uplift.funding import selectors, services
from uplift.funding.forms import BudgetForm, DeleteForm, EntryForm, MarkSpentForm
from uplift.funding.models import Kind, LedgerEntry
from uplift.funding.selectors import money
from uplift.lib.forms import apply_errors, with_version
from uplift.lib.spreadsheets import csv_response
from uplift.lib.versioning import StaleEdit


def _entry(cluster: Cluster, entry_pk: int) -> LedgerEntry:
    return get_object_or_404(LedgerEntry.objects.select_related("school"), cluster=cluster, pk=entry_pk)


def _conflict(request: HttpRequest, exc: StaleEdit, cluster: Cluster) -> HttpResponse:
    messages.error(request, exc.message)
    return redirect("funding:cluster", cluster.pk)


@login_required
@require_GET
def cluster(request: HttpRequest, pk: int) -> HttpResponse:
    cluster = get_cluster_for_user(request.user, pk, act="view")
    return render(
        request,
        "funding/cluster.html",
        {
            "cluster": cluster,
            "totals": selectors.totals(cluster),
            "entries": list(selectors.ledger(cluster).select_related("bespoke_day")),
            "history": list(selectors.history(cluster)[:50]),
            "can_run": can_run_cluster(request.user, cluster),
            "can_manage": manages_cluster(request.user, cluster),
        },
    )


@login_required
@require_GET
def export_csv(request: HttpRequest, pk: int) -> HttpResponse:
    cluster = get_cluster_for_user(request.user, pk, act="view")
    rows = (
        [
            entry.on,
            entry.get_kind_display(),
            entry.get_category_display(),
            entry.amount,
            entry.committed_amount,
            entry.description,
            entry.school.name if entry.school_id else "",
            str(entry.created_by or ""),
        ]
        for entry in selectors.ledger(cluster).order_by("on", "pk")
    )
    return csv_response(
        filename=f"cluster-{cluster.pk}-ledger-{timezone.localdate():%Y-%m-%d}.csv",
        header=["Date", "Kind", "Category", "Amount (£)", "Committed (£)", "Description", "School", "Recorded by"],
        rows=rows,
    )


@login_required
@require_http_methods(["GET", "POST"])
def add(request: HttpRequest, pk: int) -> HttpResponse:
    cluster = get_cluster_for_user(request.user, pk, act="run")
    kind = request.GET.get("kind") if request.GET.get("kind") in Kind.values else Kind.SPEND
    form = EntryForm(
        request.POST or None, cluster=cluster, initial={"kind": kind, "on": timezone.localdate().isoformat()}
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            entry = services.entry_create(
                cluster=cluster,
                kind=data["kind"],
                category=data["category"],
                amount=data["amount"],
                on=data["on"],
                description=data["description"],
                school=data["school"],
                confirm_over_budget=form.confirmed,
                by=request.user,
            )
        except services.OverBudget as exc:
            form.warn(str(exc))
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, f"{entry.get_kind_display()} of {money(entry.amount)} recorded.")
            return redirect("funding:cluster", cluster.pk)
    return render(
        request,
        "funding/entry_form.html",
        {"cluster": cluster, "form": form, "totals": selectors.totals(cluster), "entry": None},
    )


@login_required
@require_http_methods(["GET", "POST"])
def edit(request: HttpRequest, pk: int, entry_pk: int) -> HttpResponse:
    cluster = get_cluster_for_user(request.user, pk, act="run")
    entry = _entry(cluster, entry_pk)
    initial = {
        "category": entry.category,
        "amount": entry.amount,
        "on": entry.on.isoformat(),
        "description": entry.description,
        "school": entry.school_id,
        "version": entry.version,
    }
    form = EntryForm(request.POST or None, cluster=cluster, editing=True, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.entry_update(
                entry=entry,
                category=data["category"],
                amount=data["amount"],
                on=data["on"],
                description=data["description"],
                school=data["school"],
                expected_version=data["version"],
                confirm_over_budget=form.confirmed,
                by=request.user,
            )
        except StaleEdit as exc:
            if exc.theirs is None:
                return _conflict(request, exc, cluster)
            # Keep what they typed and move them on to the saved version: saving again keeps theirs.
            form = EntryForm(with_version(request.POST, exc.theirs.version), cluster=cluster, editing=True)
            form.is_valid()
            theirs = exc.theirs
            form.add_error(
                None,
                f"{exc.message} It now reads: {theirs.get_category_display()}, {money(theirs.amount)}, "
                f"{theirs.on:%-d %B %Y}, “{theirs.description}”. Your changes are still in the form: "
                "save again to keep them.",
            )
            entry = theirs
        except services.OverBudget as exc:
            form.warn(str(exc))
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, f"Entry updated: {data['description']}")
            return redirect("funding:cluster", cluster.pk)
    return render(
        request,
        "funding/entry_form.html",
        {"cluster": cluster, "form": form, "totals": selectors.totals(cluster), "entry": entry},
    )


@login_required
@require_http_methods(["GET", "POST"])
def mark_spent(request: HttpRequest, pk: int, entry_pk: int) -> HttpResponse:
    cluster = get_cluster_for_user(request.user, pk, act="run")
    entry = _entry(cluster, entry_pk)
    if not entry.is_commitment:
        messages.info(request, f"“{entry.description}” is already spend.")
        return redirect("funding:cluster", cluster.pk)
    form = MarkSpentForm(
        request.POST or None,
        initial={"amount": entry.amount, "on": timezone.localdate().isoformat(), "version": entry.version},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.entry_mark_spent(
                entry=entry,
                amount=data["amount"],
                on=data["on"],
                expected_version=data["version"],
                confirm_over_budget=form.confirmed,
                by=request.user,
            )
        except StaleEdit as exc:
            return _conflict(request, exc, cluster)
        except services.OverBudget as exc:
            form.warn(str(exc))
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, f"Marked spent: {entry.description} ({money(data['amount'])}).")
            return redirect("funding:cluster", cluster.pk)
    return render(request, "funding/mark_spent.html", {"cluster": cluster, "form": form, "entry": entry})


@login_required
@require_http_methods(["GET", "POST"])
def delete(request: HttpRequest, pk: int, entry_pk: int) -> HttpResponse:
    cluster = get_cluster_for_user(request.user, pk, act="run")
    entry = _entry(cluster, entry_pk)
    form = DeleteForm(request.POST or None, initial={"version": entry.version})
    if request.method == "POST" and form.is_valid():
        try:
            services.entry_delete(
                entry=entry,
                expected_version=form.cleaned_data["version"],
                reason=form.cleaned_data["reason"],
                by=request.user,
            )
        except StaleEdit as exc:
            return _conflict(request, exc, cluster)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, f"Entry removed: {entry.description}")
            return redirect("funding:cluster", cluster.pk)
    return render(request, "funding/delete.html", {"cluster": cluster, "form": form, "entry": entry})


@login_required
@require_http_methods(["GET", "POST"])
def budget(request: HttpRequest, pk: int) -> HttpResponse:
    cluster = get_cluster_for_user(request.user, pk, act="manage")
    form = BudgetForm(request.POST or None, initial={"budget": cluster.budget, "version": cluster.version})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.budget_change(
                cluster=cluster,
                budget=data["budget"],
                reason=data["reason"],
                expected_version=data["version"],
                by=request.user,
            )
        except StaleEdit as exc:
            # Someone changed the cluster meanwhile: show the message, and move the form on to it.
            form = BudgetForm(with_version(request.POST, exc.theirs.version))
            form.is_valid()
            form.add_error(None, f"{exc.message} The budget is now {money(exc.theirs.budget)}.")
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, f"The budget is now {money(data['budget'])}.")
            return redirect("funding:cluster", cluster.pk)
    return render(
        request, "funding/budget.html", {"cluster": cluster, "form": form, "totals": selectors.totals(cluster)}
    )
