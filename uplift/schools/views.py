# Being written (schools helper): search, detail, trust.
from django.http import HttpRequest, HttpResponse


def search(request: HttpRequest) -> HttpResponse:
    raise NotImplementedError


detail = trust = search
