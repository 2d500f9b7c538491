"""pytest fixtures shared by every app's tests (registered in the top-level conftest.py)."""

from __future__ import annotations

import functools

import pytest
from django.test import Client

from uplift.frameworks.models import Framework
from uplift.frameworks.schema import DATA_DIR, FrameworkSpec, load_framework_file
from uplift.frameworks.services import framework_load
from uplift.testing.cast import Cast, build_cast


@pytest.fixture
def cast(db: None) -> Cast:
    """The shared cast of users, schools, trusts and hubs (see uplift/testing/cast.py)."""
    return build_cast()


@pytest.fixture
def client_for(client: Client):
    """``client_for(user)`` gives the test client signed in as ``user`` (or anonymous for None)."""

    def sign_in(user: object | None) -> Client:
        client.logout()
        if user is not None:
            client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
        return client

    return sign_in


@functools.cache
def shipped_framework_spec() -> FrameworkSpec:
    """The shipped framework file, parsed once per test run (the spec is immutable)."""
    return load_framework_file(DATA_DIR / "uplift-cqf-v1.yaml")


@pytest.fixture
def framework(db: None) -> Framework:
    """The shipped framework (uplift/frameworks/data/uplift-cqf-v1.yaml), loaded and current."""
    return framework_load(spec=shipped_framework_spec())
