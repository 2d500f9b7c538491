"""``{{ value|days }}``: 9, 4.5 - a number of days without a trailing .0."""

from __future__ import annotations

from decimal import Decimal

from django import template

from uplift.bespoke.selectors import fmt_days

register = template.Library()


@register.filter
def days(value: Decimal | int) -> str:
    return fmt_days(value)
