"""Render a Django template to PDF with WeasyPrint, offline.

Static files referenced as ``/static/...`` are read from the staticfiles finders, so a PDF renders the
same in development, tests and production without fetching anything over the network.
"""

from __future__ import annotations

import mimetypes
from typing import Any
from urllib.parse import urlparse

from django.conf import settings
from django.contrib.staticfiles import finders
from django.http import HttpResponse
from django.template.loader import render_to_string


def _static_fetcher() -> Any:  # WeasyPrint (and its fetcher class) is imported lazily: slow to import
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class StaticOnlyFetcher(URLFetcher):
        """Serves ``/static/...`` from the staticfiles finders and refuses everything else."""

        def fetch(self, url: str, headers: Any = None) -> URLFetcherResponse:
            if url.startswith("data:"):
                return super().fetch(url, headers)
            path = urlparse(url).path
            static_prefix = "/" + settings.STATIC_URL.lstrip("/")
            if not path.startswith(static_prefix):
                # Nothing else may be fetched: PDFs never reach out to the network.
                raise ValueError(f"PDF rendering may only load static files, not {url}")
            found = finders.find(path.removeprefix(static_prefix))
            if not found:
                raise FileNotFoundError(path)
            with open(found, "rb") as handle:
                data = handle.read()
            content_type = mimetypes.guess_type(found)[0] or "application/octet-stream"
            return URLFetcherResponse(url, body=data, headers={"Content-Type": content_type})

    return StaticOnlyFetcher()


def render_pdf(template_name: str, context: dict[str, Any]) -> bytes:
    """The PDF bytes of ``template_name`` rendered with ``context``."""
    from weasyprint import HTML  # imported lazily: WeasyPrint is slow to import

    html = render_to_string(template_name, context)
    return HTML(string=html, base_url="http://uplift.invalid/", url_fetcher=_static_fetcher()).write_pdf()


def pdf_response(template_name: str, context: dict[str, Any], filename: str, *, inline: bool = False) -> HttpResponse:
    """An HTTP response carrying the rendered PDF as a download (or inline)."""
    response = HttpResponse(render_pdf(template_name, context), content_type="application/pdf")
    disposition = "inline" if inline else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    return response
