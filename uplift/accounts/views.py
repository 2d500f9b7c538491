# Being written (accounts helper): sign-in, sign-out, profile, join requests, invitations, API tokens.
from django.http import HttpRequest, HttpResponse


def sign_in(request: HttpRequest) -> HttpResponse:
    raise NotImplementedError


sign_out = profile = join_requests = sign_in
