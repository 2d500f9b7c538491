"""The cluster workspace's sections (overview, plans, workgroups, coaching...), contributed by each app.

Each support app registers its section in its ``AppConfig.ready`` so the workspace navigation
(``templates/clusters/_workspace_nav.html``) links only to what exists, and the support used against the
cluster's allowances (``usage.support_usage``) lists what each app reports, without clusters importing them:

    from uplift.clusters.workspace import Section, register
    from uplift.coaching.selectors import coaching_usage
    register(Section(key="coaching", label="Coaching", url_name="coaching:cluster", order=40, usage=coaching_usage))

``url_name`` takes the cluster's pk as its only argument; ``usage`` (optional) takes the cluster and returns
its ``Usage``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.urls import reverse

if TYPE_CHECKING:
    from uplift.clusters.models import Cluster
    from uplift.clusters.usage import Usage


@dataclass(frozen=True)
class Section:
    key: str
    label: str
    url_name: str
    order: int = 50
    usage: Callable[[Cluster], Usage] | None = None


SECTIONS: dict[str, Section] = {}


def register(section: Section) -> None:
    SECTIONS[section.key] = section


def ordered() -> list[Section]:
    """The registered sections in workspace order."""
    return sorted(SECTIONS.values(), key=lambda s: (s.order, s.label))


def nav(cluster_pk: int, active: str | None = None) -> list[dict]:
    """The workspace navigation for one cluster: [{"label", "url", "current"}] in order."""
    return [
        {"label": s.label, "url": reverse(s.url_name, args=[cluster_pk]), "current": s.key == active, "key": s.key}
        for s in ordered()
    ]
