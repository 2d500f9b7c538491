"""The permission matrix's outcomes mean what they say (uplift/testing/matrix.py)."""

from __future__ import annotations

from django.http import HttpResponse, HttpResponseRedirect

from uplift.testing.matrix import FORBIDDEN, LOGIN, NOT_FOUND, OK, each, expect, outcome_for


def test_a_redirect_to_sign_in_is_not_allowed_but_login() -> None:
    to_sign_in = HttpResponseRedirect("/accounts/sign-in/?next=/accounts/profile/")

    assert LOGIN.matches(to_sign_in)
    assert not OK.matches(to_sign_in)


def test_a_redirect_elsewhere_and_a_page_are_allowed() -> None:
    assert OK.matches(HttpResponseRedirect("/accounts/join-requests/"))
    assert OK.matches(HttpResponse("a page"))
    assert not LOGIN.matches(HttpResponseRedirect("/accounts/join-requests/"))


def test_status_outcomes_need_their_status() -> None:
    assert FORBIDDEN.matches(HttpResponse(status=403))
    assert not FORBIDDEN.matches(HttpResponse(status=404))
    assert NOT_FOUND.matches(HttpResponse(status=404))
    assert not NOT_FOUND.matches(HttpResponse())


def test_expectations_fall_back_to_the_default_but_anonymous_can_differ() -> None:
    expectation = expect(NOT_FOUND, anonymous=LOGIN, lead=OK, **each(("teacher", "governor"), FORBIDDEN))

    assert outcome_for(expectation, "lead") is OK
    assert outcome_for(expectation, "governor") is FORBIDDEN
    assert outcome_for(expectation, "outsider") is NOT_FOUND
    assert outcome_for(expectation, "anonymous") is LOGIN
    assert outcome_for(expect(OK), "anonymous") is OK
