"""The cluster workspace's sections (overview, plans, workgroups, coaching...), contributed by each app.

Each support app registers its section in its ``AppConfig.ready`` so the workspace navigation
(``templates/clusters/_workspace_nav.html``) links only to what exists:

    from uplift.clusters.workspace import Section, register
    register(Section(key="coaching", label="Coaching", url_name="coaching:cluster", order=40))

``url_name`` takes the cluster's pk as its only argument.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse


@dataclass(frozen=True)
class Section:
    key: str
    label: str
    url_name: str
    order: int = 50


SECTIONS: dict[str, Section] = {}


def register(section: Section) -> None:
    SECTIONS[section.key] = section


def nav(cluster_pk: int, active: str | None = None) -> list[dict]:
    """The workspace navigation for one cluster: [{"label", "url", "current"}] in order."""
    return [
        {"label": s.label, "url": reverse(s.url_name, args=[cluster_pk]), "current": s.key == active, "key": s.key}
        for s in sorted(SECTIONS.values(), key=lambda s: (s.order, s.label))
    ]
