"""The framework, read-only, for anyone signed in."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from uplift.frameworks.models import Framework
from uplift.frameworks.selectors import framework_with_content


@login_required
def current(request: HttpRequest) -> HttpResponse:
    framework = Framework.objects.current()
    if framework is None:
        raise Http404("No framework has been loaded yet.")
    return render(
        request,
        "frameworks/current.html",
        {"framework": framework, "dimensions": framework_with_content(framework)},
    )
