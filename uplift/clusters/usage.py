"""How much of one kind of support a cluster has used against its allowance (read by the workspace
overview and the impact report). Each support app returns one from its ``selectors.<kind>_usage(cluster)``."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True)
class Usage:
    label: str  # e.g. "Coaching hours"
    used: Decimal | int
    allowance: Decimal | int | None  # None when there is no allowance (e.g. drop-ins attended)
    unit: str  # e.g. "hours", "days", "£"
    detail: str = ""  # one line, e.g. "2 of 3 output days used"

    @property
    def remaining(self) -> Decimal | int | None:
        return None if self.allowance is None else self.allowance - self.used

    @property
    def percent(self) -> int | None:
        if not self.allowance:
            return None
        return min(100, round(100 * self.used / self.allowance))

    @property
    def over(self) -> bool:
        return self.allowance is not None and self.used > self.allowance


def support_usage(cluster) -> list[Usage]:
    """The cluster's support used against its allowances, one ``Usage`` per support app, in workspace order
    (read by the workspace overview and the impact report)."""
    # Imported here: each support app's selectors import ``Usage`` from this module.
    from uplift.bespoke.selectors import bespoke_usage
    from uplift.coaching.selectors import coaching_usage
    from uplift.dropins.selectors import dropin_usage
    from uplift.funding.selectors import funding_usage
    from uplift.workgroups.selectors import workgroup_usage

    return [
        selector(cluster) for selector in (workgroup_usage, coaching_usage, dropin_usage, bespoke_usage, funding_usage)
    ]
