"""The funding app's routes in the permission matrix (see uplift/testing/matrix.py)."""

from __future__ import annotations

ROUTES: list = []
