import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_about_explains_uplift_and_carries_the_ogl_attribution(client):
    response = client.get(reverse("pages:about"))
    assert response.status_code == 200
    assert "Uplift is an open platform that helps schools in England improve their computing education" in response.text
    assert "Contains public sector information licensed under the Open Government Licence v3.0." in response.text


def test_accessibility_statement(client):
    response = client.get(reverse("pages:accessibility"))
    assert response.status_code == 200
    assert "Accessibility statement for Uplift" in response.text
    assert "WCAG" in response.text


def test_pages_open_to_everyone_signed_in_too(client_for, cast):
    client = client_for(cast.teacher)
    assert client.get(reverse("pages:about")).status_code == 200
    assert client.get(reverse("pages:accessibility")).status_code == 200
