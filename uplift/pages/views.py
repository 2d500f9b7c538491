from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views import defaults

from uplift.accounts.models import JoinRequest
from uplift.pages.dashboard import cards_for


def home(request: HttpRequest) -> HttpResponse:
    """Public landing page, or the signed-in person's home with what their roles let them do."""
    if not request.user.is_authenticated:
        return render(request, "pages/landing.html")
    my_requests = JoinRequest.objects.filter(user=request.user, status="pending").select_related("school")
    return render(request, "pages/home.html", {"cards": cards_for(request.user), "my_requests": my_requests})


def about(request: HttpRequest) -> HttpResponse:
    return render(request, "pages/about.html")


def accessibility(request: HttpRequest) -> HttpResponse:
    return render(request, "pages/accessibility.html")


def healthz(request: HttpRequest) -> JsonResponse:
    """Liveness for load balancers: the database answers."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


def not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    """404 for any address no route matches: the API answers in JSON like its other errors."""
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": "Not found: there is no such API address."}, status=404)
    return defaults.page_not_found(request, exception)


def server_error(request: HttpRequest) -> HttpResponse:
    """500: the API answers in JSON like its other errors; pages get templates/500.html."""
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": "Something went wrong on our side. Try again later."}, status=500)
    return defaults.server_error(request)
