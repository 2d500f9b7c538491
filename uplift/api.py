"""The JSON API (django-ninja) under /api/v1/. Each app contributes a router; every operation calls
the same access functions and services as the pages."""

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
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
