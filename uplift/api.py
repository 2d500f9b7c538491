"""The JSON API (django-ninja) under /api/v1/. Each app contributes a router; every operation calls
the same access functions and services as the pages."""

from collections.abc import Callable

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError

from uplift.accounts.api_auth import SessionAuth, TokenAuth

api = NinjaAPI(
    title="Uplift API",
    version="1",
    description="Schools, self-assessment and programme data. Authenticate with a personal token "
    "(`Authorization: Bearer <token>`, created on your account's API tokens page) or your session.",
    auth=[TokenAuth(), SessionAuth()],
    urls_namespace="api",
)


def _error(request: HttpRequest, message: str, status: int, **extra: object) -> HttpResponse:
    return api.create_response(request, {"detail": message, **extra}, status=status)


class JsonMethodNotAllowedMiddleware:
    """Django-ninja answers a wrong HTTP method with a plain-text 405; API clients get JSON like every
    other API error (the ``Allow`` header is kept)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if (
            response.status_code == 405
            and request.path.startswith("/api/")
            and not response.get("Content-Type", "").startswith("application/json")
        ):
            allowed = response.get("Allow", "")
            json_response = JsonResponse(
                {"detail": f"Method {request.method} is not allowed here. Allowed: {allowed}."}, status=405
            )
            json_response["Allow"] = allowed
            return json_response
        return response


@api.exception_handler(Http404)
def not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return _error(request, "Not found.", 404)


@api.exception_handler(PermissionDenied)
def forbidden(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    return _error(request, str(exc) or "You do not have permission to do that.", 403)


@api.exception_handler(AuthenticationError)
def unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return _error(request, "Authentication required: send a valid API token or sign in.", 401)


@api.exception_handler(ValidationError)
def invalid(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    return _error(request, "The request is not valid.", 422, errors=exc.errors)


@api.exception_handler(HttpError)
def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    return _error(request, str(exc), exc.status_code)


api.add_router("/schools", "uplift.schools.api.router")
api.add_router("/me", "uplift.accounts.api.router")
api.add_router("/frameworks", "uplift.frameworks.api.router")
api.add_router("/schools", "uplift.assessments.api.router")
api.add_router("/schools", "uplift.actions.api.router")
api.add_router("/schools", "uplift.assessments.api_profile.router")
api.add_router("/quality-mark", "uplift.qualitymark.api.router")
api.add_router("/funding", "uplift.funding.api.router")
api.add_router("/bespoke", "uplift.bespoke.api.router")
api.add_router("/cohorts", "uplift.cohorts.api.router")
api.add_router("/impact", "uplift.impact.api.router")
api.add_router("/coaching", "uplift.coaching.api.router")
api.add_router("/dropins", "uplift.dropins.api.router")
api.add_router("/clusters", "uplift.clusters.api.router")
api.add_router("/workgroups", "uplift.workgroups.api.router")
api.add_router("/cpd", "uplift.cpd.api.router")
