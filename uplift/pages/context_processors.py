from django.http import HttpRequest
from django.urls import reverse

from uplift.pages.dashboard import navigation_for


def navigation(request: HttpRequest) -> dict[str, object]:
    """The header's navigation: only links the signed-in person can use."""
    user = getattr(request, "user", None)
    items = navigation_for(user) if user is not None else []
    path = request.path
    for item in items:
        item["current"] = path == item["url"] or (item["url"] != reverse("pages:home") and path.startswith(item["url"]))
    return {"nav_items": items}
