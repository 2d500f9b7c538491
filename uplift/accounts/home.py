"""The links each capability puts on a person's home-page cards: a registry in this low app that the apps
above register into, so that no app imports the page that composes them (``uplift/pages/dashboard.py``).

Each app registers its providers in its ``AppConfig.ready``::

    from uplift.accounts import home
    home.register(school=links.school_links, programme=links.programme_links)

- a school provider takes a ``SchoolMembership`` and returns the (label, url) links for that school's card;
- a programme provider takes a programme role and the person's memberships in it.

Providers run in registration order (the order of ``INSTALLED_APPS``). Every link must be one the person can
open (the permission matrix in uplift/testing checks the routes behind them).
"""

from __future__ import annotations

from collections.abc import Callable

from uplift.accounts.models import ProgrammeMembership, SchoolMembership

Link = tuple[str, str]
SchoolLinks = Callable[[SchoolMembership], list[Link]]
ProgrammeLinks = Callable[[str, list[ProgrammeMembership]], list[Link]]

school_links: list[SchoolLinks] = []
programme_links: list[ProgrammeLinks] = []


def register(*, school: SchoolLinks | None = None, programme: ProgrammeLinks | None = None) -> None:
    """Add a capability's providers (once: registering the same provider again changes nothing)."""
    if school is not None and school not in school_links:
        school_links.append(school)
    if programme is not None and programme not in programme_links:
        programme_links.append(programme)
