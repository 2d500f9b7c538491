"""Template tags for the cluster workspace: ``{% workspace_nav cluster.pk active as items %}``."""

from __future__ import annotations

from django import template
from django.urls import NoReverseMatch, reverse

from uplift.clusters import workspace

register = template.Library()


@register.simple_tag
def workspace_nav(cluster_pk: int, active: str | None = None) -> list[dict]:
    """The cluster workspace's sections, in order, each ``{"label", "url", "current", "key"}``.

    A section whose URL is not there (yet) is left out rather than breaking every workspace page."""
    try:
        return workspace.nav(cluster_pk, active)
    except NoReverseMatch:
        items = []
        for s in sorted(workspace.SECTIONS.values(), key=lambda s: (s.order, s.label)):
            try:
                url = reverse(s.url_name, args=[cluster_pk])
            except NoReverseMatch:
                continue
            items.append({"label": s.label, "url": url, "current": s.key == active, "key": s.key})
        return items


@register.filter
def amount(value: object, unit: str) -> str:
    """A usage figure with its unit: ``£1,234.00`` for money, ``12 hours`` otherwise."""
    if value is None:
        return "—"
    if unit == "£":
        return f"£{value:,.2f}"
    if isinstance(value, float) or (hasattr(value, "normalize") and value != int(value)):
        text = f"{value:,.1f}"
    else:
        text = f"{int(value):,}"
    return f"{text} {unit}".strip()
