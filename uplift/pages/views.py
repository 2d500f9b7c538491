from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render

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
