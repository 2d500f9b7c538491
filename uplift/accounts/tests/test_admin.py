import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

MODELS = ["user", "schoolmembership", "trustmembership", "programmemembership", "joinrequest", "invitation", "apitoken"]


@pytest.mark.parametrize("model", MODELS)
def test_staff_can_open_each_accounts_admin_page(client_for, cast, model):
    assert client_for(cast.staff).get(reverse(f"admin:accounts_{model}_changelist")).status_code == 200


@pytest.mark.parametrize("person", ["lead", "manager", "outsider"])
def test_non_staff_are_sent_to_the_admin_sign_in(client_for, cast, person):
    response = client_for(getattr(cast, person)).get(reverse("admin:accounts_user_changelist"))
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_staff_can_open_a_users_page(client_for, cast):
    response = client_for(cast.staff).get(reverse("admin:accounts_user_change", args=[cast.lead.pk]))
    assert response.status_code == 200
    assert "Brookside Primary School" in response.text
