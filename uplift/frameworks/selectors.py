"""Reads of frameworks."""

from __future__ import annotations

from django.db.models import Prefetch

from uplift.frameworks.models import Aspect, Dimension, Framework


def framework_with_content(framework: Framework) -> list[Dimension]:
    """The framework's dimensions, each with ``aspects`` and their ``statements`` prefetched (3 queries)."""
    return list(
        framework.dimensions.order_by("order").prefetch_related(
            Prefetch("aspects", queryset=Aspect.objects.order_by("order").prefetch_related("statements"))
        )
    )
