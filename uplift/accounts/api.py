"""GET /api/v1/me: who the token (or session) belongs to, and their roles."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Router, Schema

router = Router(tags=["accounts"])


class SchoolRoleOut(Schema):
    urn: int
    name: str
    role: str


class TrustRoleOut(Schema):
    id: int
    name: str
    role: str


class ProgrammeRoleOut(Schema):
    role: str
    region: str | None
    hub: str | None


class MeOut(Schema):
    email: str
    full_name: str
    schools: list[SchoolRoleOut]
    trusts: list[TrustRoleOut]
    programme_roles: list[ProgrammeRoleOut]


@router.get("", response=MeOut, summary="The signed-in person and their roles")
def me(request: HttpRequest) -> dict[str, object]:
    # Only ever about the authenticated person, so no access function beyond authentication.
    user = request.auth
    return {
        "email": user.email,
        "full_name": user.full_name,
        "schools": [
            {"urn": m.school.urn, "name": m.school.name, "role": m.get_role_display()}
            for m in user.school_memberships.select_related("school").order_by("school__name")
        ],
        "trusts": [
            {"id": m.trust_id, "name": m.trust.name, "role": m.get_role_display()}
            for m in user.trust_memberships.select_related("trust")
        ],
        "programme_roles": [
            {"role": m.role, "region": m.region.name if m.region else None, "hub": m.hub.name if m.hub else None}
            for m in user.programme_memberships.select_related("region", "hub")
        ],
    }
