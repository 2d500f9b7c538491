from functools import cache

import pytest

from uplift.frameworks.models import Framework
from uplift.frameworks.schema import FrameworkSpec
from uplift.frameworks.services import framework_load
from uplift.frameworks.tests.factories import framework_spec


@cache
def _spec() -> FrameworkSpec:
    # Parsed once per run: building and parsing the YAML is most of the cost of loading it.
    return framework_spec()


@pytest.fixture
def framework(db: None) -> Framework:
    """A small current framework (7 dimensions x 3 aspects; see frameworks/tests/factories.py)."""
    return framework_load(spec=_spec())
