"""Project-level routes in the permission matrix: the Django admin (one group) and the API's own pages.

Each app declares its own routes in uplift/<app>/tests/permissions.py (see uplift/testing/matrix.py).
"""

from uplift.testing.matrix import ADMIN_LOGIN, NOT_FOUND, OK, Route, expect

ROUTES = [
    # The admin is one group: staff only; everyone else is sent to the admin's sign-in page.
    Route("admin:index", expect(ADMIN_LOGIN, staff=OK), covers="admin"),
    Route("admin:accounts_user_changelist", expect(ADMIN_LOGIN, staff=OK)),
    # The API's schema and interactive docs are public, like any published API reference.
    Route("api:openapi-json", expect(OK)),
    Route("api:openapi-view", expect(OK)),
    # ninja's root only exists to anchor the API's paths: it is a 404 for everyone.
    Route("api:api-root", expect(NOT_FOUND)),
]
