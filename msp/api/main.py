"""The one JSON API (django-ninja) behind /api/: the figures endpoints and the cases endpoints, every
error answered as `{"error": "..."}`, and the OpenAPI description of both at /api/openapi.json."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError

from msp.api.auth import TooManyCalls
from msp.api.routes import router as figures_router
from msp.cases.api import router as cases_router

DESCRIPTION = """\
Read-only JSON for council, board and regional systems (docs/api.md).

**Figures** (`/api/figures/`): outcome indicators, return cells, roll-ups, benchmarks and councils ranked,
with the scope and disclosure rules of the outcome pages. Send `Authorization: Bearer <token>` with your
organisation's token, or call from a signed-in session. Every figure is `{text, value, suppressed,
not_submitted}`: exact only for a council's own staff and token, published (`[c]` for 0-4, others rounded to
the nearest 5, percentages from unrounded counts) for everyone else.

**Cases** (`/api/cases/`): a council's concerns and people, for its signed-in staff only (session cookie);
tokens do not open it.
"""


class MspApi(NinjaAPI):
    def get_content_type(self) -> str:
        return "application/json"  # JSON is UTF-8 by definition (RFC 8259): no charset, as JsonResponse

    def get_openapi_operation_id(self, operation) -> str:
        """`figures_council_indicators`, `cases_concern_list`: what a generated client names its calls."""
        area = "cases" if operation.view_func.__module__ == "msp.cases.api" else "figures"
        return f"{area}_{operation.view_func.__name__}"


def _error(api: NinjaAPI, request: HttpRequest, status: int, message: str) -> HttpResponse:
    return api.create_response(request, {"error": message}, status=status)


def build() -> NinjaAPI:
    api = MspApi(
        title="MSP API",
        version="1",
        description=DESCRIPTION,
        urls_namespace="api",
        docs_url="/docs/",
        openapi_url="/openapi.json",
    )

    @api.exception_handler(Http404)
    def not_found(request, exc):
        return _error(api, request, 404, "not found")

    @api.exception_handler(AuthenticationError)
    def not_signed_in(request, exc):
        message = exc.message if exc.message != "Unauthorized" else "not signed in"
        return _error(api, request, 401, message)

    @api.exception_handler(TooManyCalls)
    def too_many(request, exc):
        response = _error(api, request, 429, exc.message)
        response["Retry-After"] = str(exc.wait_seconds)
        return response

    @api.exception_handler(HttpError)
    def http_error(request, exc):
        return _error(api, request, exc.status_code, exc.message)

    @api.exception_handler(ValidationError)
    def bad_request(request, exc):
        problems = "; ".join(
            f"{'.'.join(str(p) for p in e.get('loc', ()))}: {e.get('msg', '')}" for e in exc.errors
        )
        return _error(api, request, 400, problems or "bad request")

    api.add_router("/figures/", figures_router)
    api.add_router("/cases/", cases_router)
    return api


api = build()
