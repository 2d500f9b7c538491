"""``{{ amount|money }}``: £1,234.00, the way Uplift shows money."""

from __future__ import annotations

from decimal import Decimal

from django import template

from uplift.funding.selectors import money as _money

register = template.Library()


@register.filter
def money(value: Decimal | int | None) -> str:
    return _money(value)
