"""The signed-in home page, and a health check for load balancers."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from msp.core.health import health  # noqa: F401  (msp/core/urls.py serves it at /health too)


@login_required
def home(request):
    return render(request, "core/home.html", {"page_title": "Home"})
