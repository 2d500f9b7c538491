"""The site's own error pages, and JSON errors for API addresses that match no operation."""

import json

import pytest
from django.test import Client, RequestFactory
from django.urls import reverse

from uplift.pages.views import server_error

pytestmark = pytest.mark.django_db


def test_unknown_page_shows_uplifts_page_not_found(client):
    response = client.get("/no-such-page/")

    assert response.status_code == 404
    assert '<h1 class="u-heading-xl">Page not found</h1>' in response.text
    assert reverse("schools:search") in response.text


def test_unknown_api_address_answers_json_not_html(client_for, cast):
    response = client_for(cast.teacher).get("/api/v1/no-such-thing")

    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert json.loads(response.content) == {"detail": "Not found: there is no such API address."}


def test_forbidden_page_says_why_in_the_sites_layout(client_for, cast):
    # A teacher can see the school but not manage its people: 403, with the access function's reason.
    response = client_for(cast.teacher).get(reverse("accounts:invite", args=[cast.school_a.urn]))

    assert response.status_code == 403
    assert "You cannot do that" in response.text
    assert "Sign out" in response.text


def test_server_error_is_a_page_for_people_and_json_for_the_api():
    factory = RequestFactory()

    page = server_error(factory.get("/about/"))
    api = server_error(factory.get("/api/v1/schools"))

    assert page.status_code == 500
    assert "Sorry, there is a problem with the service" in page.content.decode()
    assert api.status_code == 500
    assert json.loads(api.content)["detail"] == "Something went wrong on our side. Try again later."


def test_rejected_form_post_explains_what_to_do():
    response = Client(enforce_csrf_checks=True).post(reverse("accounts:login"), {"username": "x", "password": "y"})

    assert response.status_code == 403
    assert "Your form could not be sent" in response.text
