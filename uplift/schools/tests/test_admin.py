"""The register's Django admin pages open for staff and stay closed to everyone else."""

from __future__ import annotations

import pytest

from uplift.testing.cast import Cast

PAGES = [
    "/admin/schools/school/?q=Brookside",
    "/admin/schools/school/1/change/",
    "/admin/schools/localauthority/",
    "/admin/schools/trust/",
    "/admin/schools/region/",
    "/admin/hubs/hub/",
]


@pytest.mark.parametrize("path", PAGES)
def test_staff_can_open_register_admin(cast: Cast, client_for, path: str) -> None:
    path = path.replace("/1/", f"/{cast.school_a.pk}/")

    response = client_for(cast.staff).get(path)

    assert response.status_code == 200


def test_school_admin_search_finds_by_name(cast: Cast, client_for) -> None:
    text = client_for(cast.staff).get("/admin/schools/school/", {"q": "Brookside"}).text

    assert "Brookside Primary School" in text
    assert "Riverside Academy" not in text


@pytest.mark.parametrize("role", ["manager", "lead", "outsider"])
def test_non_staff_are_sent_to_the_admin_sign_in(cast: Cast, client_for, role: str) -> None:
    response = client_for(getattr(cast, role)).get("/admin/schools/school/")

    assert response.status_code == 302
