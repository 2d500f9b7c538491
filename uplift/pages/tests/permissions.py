"""The public pages in the permission matrix (uplift/testing/matrix.py): open to everyone."""

from uplift.testing.matrix import OK, Route, expect

ROUTES = [
    Route("pages:home", expect(OK)),
    Route("pages:about", expect(OK)),
    Route("pages:accessibility", expect(OK)),
    Route("pages:healthz", expect(OK)),
]
