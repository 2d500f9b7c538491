"""Formatting for the impact report: signed changes ("+1", "0", "−0.5")."""

from __future__ import annotations

from django import template

from uplift.clusters.templatetags.clusters_workspace import amount as workspace_amount

register = template.Library()

MINUS = "\u2212"  # a real minus sign: read as "minus" by screen readers, unlike a hyphen


@register.filter
def signed(value: float | int | None, empty: str = "–") -> str:
    """``+1`` / ``0`` / ``−1`` for a whole change, ``+0.8`` for a mean; ``empty`` for None."""
    if value is None:
        return empty
    text = f"{abs(value):.1f}" if isinstance(value, float) else f"{abs(value)}"
    if value > 0:
        return f"+{text}"
    if value < 0:
        return f"{MINUS}{text}"
    return text


@register.filter
def level(value: float | int | None, empty: str = "–") -> str:
    """A level (1..5) or a mean level to one decimal place; ``empty`` for None."""
    if value is None:
        return empty
    return f"{value:.1f}" if isinstance(value, float) else str(value)


# The same usage figures as the workspace overview (``12 hours``, ``£1,234.00``).
register.filter("amount", workspace_amount)
