"""pytest fixtures shared by every app's tests (registered in the top-level conftest.py)."""

from __future__ import annotations

import pytest
from django.test import Client

from uplift.testing.cast import Cast, build_cast


@pytest.fixture
def cast(db: None) -> Cast:
    """The shared cast of users, schools, trusts and hubs (see uplift/testing/cast.py)."""
    return build_cast()


@pytest.fixture
def client_for(client: Client):  # noqa: ANN201 - returns a callable
    """``client_for(user)`` gives the test client signed in as ``user`` (or anonymous for None)."""

    def sign_in(user: object | None) -> Client:
        client.logout()
        if user is not None:
            client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
        return client

    return sign_in
