"""How much of one kind of support a cluster has used against its allowance (read by the workspace
overview and the impact report). Each support app returns one from its ``selectors.<kind>_usage(cluster)``,
registered with its workspace section (``clusters.workspace.Section.usage``)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from uplift.clusters.models import Cluster


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


def support_usage(cluster: Cluster) -> list[Usage]:
    """The cluster's support used against its allowances, one ``Usage`` per support app, in workspace order
    (read by the workspace overview and the impact report). Each support app registers its ``usage`` with
    its workspace section (``workspace.register``), so this module imports none of them."""
    from uplift.clusters.workspace import ordered

    return [section.usage(cluster) for section in ordered() if section.usage is not None]
