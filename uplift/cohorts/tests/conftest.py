"""Fixtures for the cohorts tests: a small framework (7 dimensions x 3 aspects) and helpers to judge."""

from __future__ import annotations

import pytest

from uplift.frameworks.models import Framework
from uplift.frameworks.services import framework_load
from uplift.frameworks.tests.factories import framework_spec


@pytest.fixture
def small(db: None) -> Framework:
    """A small valid framework (7 dimensions x 3 aspects, threshold 4), loaded and current."""
    return framework_load(spec=framework_spec())
