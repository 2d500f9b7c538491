"""Test-wide set-up: the test environment, the shared cast of users (uplift/testing/cast.py) and the clock
(uplift/testing/clock.py: frozen per test, moved for a whole run by ``UPLIFT_TEST_TRAVEL_DAYS``)."""

import os
from collections.abc import Iterator

import pytest
from django.test import override_settings

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

pytest_plugins = ["uplift.testing.clock", "uplift.testing.fixtures", "uplift.testing.browser"]


@pytest.fixture(autouse=True, scope="session")
def _private_media_in_tmp(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Files stored by tests (evidence uploads) go to a throw-away folder, never the real private-media/."""
    with override_settings(MEDIA_ROOT=tmp_path_factory.mktemp("private-media")):
        yield
