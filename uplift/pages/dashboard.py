"""What each person sees on their home page and in the header: only what their roles let them do.

Each capability adds its links through the registry in ``uplift/accounts/home.py`` (from its
``AppConfig.ready``), so the home page grows with the product without any app importing this page: a
school card gets the ``school`` providers' links, a programme role's card the ``programme`` providers'.
Every link must be one the person can open (the permission matrix in uplift/testing checks the routes
behind them).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.urls import reverse

from uplift.accounts import home
from uplift.accounts.access import join_requests_to_decide, may_decide_join_requests, roles_for
from uplift.accounts.home import Link
from uplift.accounts.models import SCHOOL_MANAGE_ROLE, ProgrammeMembership, ProgrammeRole, SchoolMembership, User


@dataclass
class Card:
    title: str
    description: str
    links: list[tuple[str, str]] = field(default_factory=list)  # (label, url)


def _school_links(membership: SchoolMembership) -> list[Link]:
    school = membership.school
    links = [("School details", reverse("schools:detail", args=[school.urn]))]
    if membership.role >= SCHOOL_MANAGE_ROLE:
        links.append(("People and invitations", reverse("accounts:school_people", args=[school.urn])))
        links.append(("Invite a colleague", reverse("accounts:invite", args=[school.urn])))
    return links


def _programme_links(role: str, memberships: list[ProgrammeMembership]) -> list[Link]:
    links: list[Link] = []
    if role in {ProgrammeRole.MANAGER, ProgrammeRole.HUB_LEAD}:
        links.append(("Requests to join schools", reverse("accounts:join_requests")))
    links.append(("Find a school", reverse("schools:search")))
    return links


def _workspace_links(membership: SchoolMembership) -> list[Link]:
    """The school's own work: every member (governors included) can open these, read-only or not."""
    urn = membership.school.urn
    return [
        ("Self-assessment", reverse("assessments:overview", args=[urn])),
        ("Profile and progress", reverse("assessments:profile", args=[urn])),
        ("Evidence library", reverse("evidence:library", args=[urn])),
        ("Action plan", reverse("actions:plan", args=[urn])),
        ("Certificates", reverse("certificates:school", args=[urn])),
    ]


def register_links() -> None:
    """The site's own links (the school's workspace and people, finding schools): ``PagesConfig.ready``."""
    home.register(school=_workspace_links)
    home.register(school=_school_links, programme=_programme_links)


def navigation_for(user: User) -> list[dict[str, object]]:
    """The header links for a person: only pages they can open."""
    if not user.is_authenticated:
        return []
    items: list[dict[str, object]] = [{"label": "Home", "url": reverse("pages:home")}]
    items.append({"label": "Find a school", "url": reverse("schools:search")})
    if may_decide_join_requests(user):
        items.append({"label": "Requests to join", "url": reverse("accounts:join_requests")})
    items.append({"label": "Your account", "url": reverse("accounts:profile")})
    if user.is_staff:
        items.append({"label": "Admin", "url": reverse("admin:index")})
    return items


def _scope(membership: ProgrammeMembership) -> str:
    if membership.hub is not None:
        return membership.hub.name
    if membership.region is not None:
        return membership.region.name
    return "England"


def cards_for(user: User) -> list[Card]:
    """The home page cards for a signed-in person, one per place they work or role they hold."""
    cards: list[Card] = []
    roles = roles_for(user)  # each kind of membership is listed below only when the person has one
    to_decide = join_requests_to_decide(user)
    memberships = (
        list(user.school_memberships.select_related("school").order_by("school__name")) if roles.schools else []
    )
    for membership in memberships:
        school = membership.school
        links = [link for provider in home.school_links for link in provider(membership)]
        waiting = sum(1 for jr in to_decide if jr.school_id == school.pk)
        if waiting and membership.role >= SCHOOL_MANAGE_ROLE:
            links.insert(1, (f"Requests to join ({waiting} waiting)", reverse("accounts:join_requests")))
        cards.append(
            Card(
                title=school.name,
                description=f"You are {membership.get_role_display().lower()} at this school (URN {school.urn}).",
                links=links,
            )
        )
    trust_memberships = list(user.trust_memberships.select_related("trust")) if roles.trust_ids else []
    for trust_membership in trust_memberships:
        trust = trust_membership.trust
        cards.append(
            Card(
                title=trust.name,
                description=f"You are {trust_membership.get_role_display().lower()}. "
                f"See the trust's schools side by side.",
                links=[
                    ("Trust dashboard: schools side by side", reverse("assessments:trust", args=[trust.pk])),
                    ("Schools in the trust", reverse("schools:trust", args=[trust.pk])),
                ],
            )
        )
    by_role: dict[str, list[ProgrammeMembership]] = {}
    programme = user.programme_memberships.select_related("region", "hub").order_by("role") if roles.programme else []
    for membership in programme:
        by_role.setdefault(membership.role, []).append(membership)
    for role, role_memberships in by_role.items():
        scopes = ", ".join(sorted(_scope(m) for m in role_memberships))
        description = f"Your scope: {scopes}."
        if role in {ProgrammeRole.MANAGER, ProgrammeRole.HUB_LEAD} and to_decide:
            description += f" {len(to_decide)} requests to join schools are waiting for a decision."
        links = [link for provider in home.programme_links for link in provider(role, role_memberships)]
        cards.append(Card(title=ProgrammeRole(role).label, description=description, links=links))
    if user.is_staff:
        cards.append(
            Card(
                title="Site administration",
                description="You are a site administrator: manage people, schools and memberships in the admin site.",
                links=[("Open the admin site", reverse("admin:index"))],
            )
        )
    if not memberships and not by_role and not trust_memberships:
        cards.append(
            Card(
                title="Find your school and ask to join",
                description="Search by name, URN or postcode, then ask to join. "
                "The school's leads, or its Computing Hub, will approve you.",
                links=[("Find your school", reverse("schools:search"))],
            )
        )
    return cards
