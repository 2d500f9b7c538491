"""Template tags for the cluster workspace: ``{% workspace_nav cluster.pk active as items %}``."""

from __future__ import annotations

from django import template

from uplift.clusters import workspace

register = template.Library()


@register.simple_tag
def workspace_nav(cluster_pk: int, active: str | None = None) -> list[dict]:
    """The cluster workspace's sections, in order, each ``{"label", "url", "current", "key"}``."""
    return workspace.nav(cluster_pk, active)


@register.filter
def amount(value: object, unit: str) -> str:
    """A usage figure with its unit: ``£1,234.00`` for money, ``12 hours`` (``1 hour``) otherwise. Used by the
    workspace overview and the impact report."""
    if value is None:
        return "—"
    if unit == "£":
        return f"£{value:,.2f}"
    if isinstance(value, float) or (hasattr(value, "normalize") and value != int(value)):
        text = f"{value:,.1f}"
    else:
        text = f"{int(value):,}"
    if text == "1" and unit.endswith("s"):
        unit = unit[:-1]  # 1 hour, 1 day, 1 attendance
    return f"{text} {unit}".strip()
