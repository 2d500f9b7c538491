"""Fixtures for the Quality Mark tests: a small framework and a school A that meets the standard."""

from __future__ import annotations

import pytest

from uplift.frameworks.models import Framework
from uplift.frameworks.services import framework_load
from uplift.frameworks.tests.factories import framework_spec
from uplift.testing.cast import Cast

from .helpers import make_eligible


@pytest.fixture
def small(cast: Cast) -> Framework:
    """A small valid framework (7 dimensions x 3 aspects), loaded and current."""
    return framework_load(spec=framework_spec())


@pytest.fixture
def eligible(cast: Cast, small: Framework) -> Cast:
    """School A at level 4 with full commentary on every aspect, and one evidence note on the first."""
    make_eligible(cast.school_a, cast.lead, small)
    return cast
