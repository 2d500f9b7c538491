"""What each person sees on their home page and in the header: only what their roles let them do.

Each capability registers its cards here, so the home page grows with the product.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.urls import reverse

from uplift.accounts.access import join_requests_to_decide
from uplift.accounts.models import ProgrammeRole, SchoolRole, User


@dataclass
class Card:
    title: str
    description: str
    links: list[tuple[str, str]] = field(default_factory=list)  # (label, url)


def navigation_for(user: User) -> list[dict[str, object]]:
    if not user.is_authenticated:
        return []
    items: list[dict[str, object]] = [{"label": "Home", "url": reverse("pages:home")}]
    items.append({"label": "Find a school", "url": reverse("schools:search")})
    items.append({"label": "Your account", "url": reverse("accounts:profile")})
    return items


def cards_for(user: User) -> list[Card]:
    """The home page cards for a signed-in person, one per thing they can do."""
    cards: list[Card] = []
    memberships = list(user.school_memberships.select_related("school").order_by("school__name"))
    for membership in memberships:
        school = membership.school
        links = [("School details", reverse("schools:detail", args=[school.urn]))]
        if membership.role >= SchoolRole.SENIOR_LEADER:
            links.append(("People and invitations", reverse("schools:members", args=[school.urn])))
        cards.append(
            Card(
                title=school.name,
                description=f"You are {membership.get_role_display().lower()} at this school (URN {school.urn}).",
                links=links,
            )
        )
    for trust_membership in user.trust_memberships.select_related("trust"):
        trust = trust_membership.trust
        cards.append(
            Card(
                title=trust.name,
                description=f"You are trust lead. {trust.schools.count()} schools are in this trust.",
                links=[("Schools in the trust", reverse("schools:trust", args=[trust.pk]))],
            )
        )
    roles = {m.role: m for m in user.programme_memberships.select_related("region", "hub")}
    for role, membership in roles.items():
        scope = membership.hub or membership.region or "England"
        label = ProgrammeRole(role).label
        links = [("Find a school", reverse("schools:search"))]
        if role in {ProgrammeRole.MANAGER, ProgrammeRole.HUB_LEAD}:
            links.insert(0, ("Requests to join schools", reverse("accounts:join_requests")))
        cards.append(Card(title=label, description=f"Your scope: {scope}.", links=links))
    pending = join_requests_to_decide(user)
    if pending and not roles:
        cards.append(
            Card(
                title="Requests to join your school",
                description=f"{len(pending)} waiting for your decision.",
                links=[("Review requests", reverse("accounts:join_requests"))],
            )
        )
    if not memberships and not roles and not user.trust_memberships.exists():
        cards.append(
            Card(
                title="Join your school",
                description="Find your school by name, URN or postcode and ask to join it.",
                links=[("Find your school", reverse("schools:search"))],
            )
        )
    return cards
