"""The signed-in home page, the server error page, and a health check for load balancers."""

import logging

from django.contrib.auth.decorators import login_required
from django.http import HttpResponseServerError
from django.shortcuts import render

from msp.core.health import health  # noqa: F401  (msp/core/urls.py serves it at /health too)


@login_required
def home(request):
    return render(request, "core/home.html", {"page_title": "Home"})


def server_error(request):
    """The 500 page in the site layout (Django's own renders it without the request, so no layout links).

    If even that fails, a plain page: an error page must not raise.
    """
    try:
        return render(request, "500.html", status=HttpResponseServerError.status_code)
    except Exception:
        logging.getLogger(__name__).exception("The 500 page could not be drawn in the site layout")
        return HttpResponseServerError(
            "<!DOCTYPE html><title>Server error</title><h1>Sorry, there is a problem with the service</h1>"
        )
