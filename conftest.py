"""Test-wide set-up: the test environment, and the shared cast of users (uplift/testing/cast.py)."""

import os

os.environ["UPLIFT_ENV"] = "test"
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

pytest_plugins = ["uplift.testing.fixtures"]
