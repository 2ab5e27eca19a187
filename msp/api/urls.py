"""URLs under /api/: the JSON API and its description; anything else there is a JSON 404 or 405."""

from functools import wraps

from django.http import HttpResponseNotAllowed, JsonResponse
from django.shortcuts import redirect
from django.urls import include, path, re_path

from msp.api.main import api


def json_not_allowed(view):
    """The API's 405 in JSON, like its other errors (django-ninja answers it in plain text)."""

    @wraps(view)  # keeps csrf_exempt: a refused method is a 405, not a CSRF failure
    def wrapped(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        if isinstance(response, HttpResponseNotAllowed):
            allowed = response["Allow"]
            response = JsonResponse({"error": "method not allowed"}, status=405)
            response["Allow"] = allowed
        return response

    return wrapped


def not_found(request, *args, **kwargs) -> JsonResponse:
    """Any other path under /api/: JSON, not the site's HTML 404 page."""
    return JsonResponse({"error": "not found"}, status=404)


def _api_patterns() -> tuple[list, list]:
    """(the cases endpoints, everything else): the cases keep the `cases_api` URL names they always had."""
    patterns, _, _ = api.urls
    for pattern in patterns:
        pattern.callback = json_not_allowed(pattern.callback)
    cases = [p for p in patterns if str(p.pattern).startswith("cases/")]
    return cases, [p for p in patterns if p not in cases]


CASES, OTHERS = _api_patterns()
urlpatterns = [
    path("", lambda request: redirect("api:openapi-view")),
    path("", include((CASES, "cases_api"))),
    path("", include((OTHERS, "api"))),
    re_path(r"^.*$", not_found),
]
