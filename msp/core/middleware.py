"""Request middleware: one JSON line per request (what was asked, how it ended, how long it took; never
personal data); bodies in an unknown character set refused before anything reads them; idle sessions ended."""

from __future__ import annotations

import codecs
import datetime
import json
import logging
import time

from django.contrib.auth import SESSION_KEY
from django.http import HttpResponseBadRequest
from django.utils.functional import empty

log = logging.getLogger("msp.requests")


def _user(request):
    """The signed-in user if this request already looked them up, else None.

    Reading `request.user` here would load the session and the user for requests that never needed them
    (the health check, static files), so an unevaluated lazy user counts as unknown."""
    user = getattr(request, "user", None)
    user = getattr(user, "_wrapped", user)
    if user is None or user is empty or not getattr(user, "is_authenticated", False):
        return None
    return user


def request_record(request, response, duration_ms: float) -> dict:
    """The logged fields. The path is logged without its query string: searches put names and NHS numbers
    there. No POST body, no IP address, no user name: the user's id and council id are enough to follow up."""
    user = _user(request)
    match = getattr(request, "resolver_match", None)
    return {
        "time": datetime.datetime.now(datetime.UTC).isoformat(timespec="milliseconds"),
        "method": request.method,
        "path": request.path[:200],
        "route": match.route if match else None,
        "status": response.status_code,
        "duration_ms": round(duration_ms, 1),
        "user_id": user.pk if user else None,
        "council_id": getattr(user, "council_id", None) if user else None,
    }


class RequestLogMiddleware:
    """First in MIDDLEWARE, so the duration covers everything the application does for the request (for a
    streamed response, such as a CSV export, until its first byte is ready)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        started = time.perf_counter()
        response = self.get_response(request)
        if log.isEnabledFor(logging.INFO):
            duration_ms = (time.perf_counter() - started) * 1000
            log.info(json.dumps(request_record(request, response, duration_ms), separators=(",", ":")))
        return response


def unknown_charset(request) -> str:
    """The charset a request's Content-Type declares, when Python has no codec of that name (else "")."""
    charset = request.content_params.get("charset", "") if request.content_type else ""
    if not charset:
        return ""
    try:
        codecs.lookup(charset)
    except LookupError:
        return charset
    return ""


def has_nul(request) -> bool:
    """A NUL character in the path, the query or a form field: no name, code or answer has one, and
    PostgreSQL refuses it in text, so it would end as a server error. (Uploaded files are not looked at:
    their readers refuse a NUL in a cell with its row and column; a multipart body is left for the view to
    parse with its own upload handlers.)"""

    def in_query(query) -> bool:
        return any("\x00" in key or any("\x00" in v for v in values) for key, values in query.lists())

    if "\x00" in request.path or in_query(request.GET):
        return True
    return request.content_type == "application/x-www-form-urlencoded" and in_query(request.POST)


class RequestCharsetMiddleware:
    """A body in a character set that no codec knows, or a NUL in the path, query or a form field, is a bad
    request (400), not a server error later.

    Django itself refuses form posts in any charset but UTF-8 with a 400; an unknown name raised LookupError
    when a form read the body."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if unknown_charset(request):
            return HttpResponseBadRequest("The request declares a character set that is not known.")
        if has_nul(request):
            return HttpResponseBadRequest("The request holds a NUL character, which no value in MSP has.")
        return self.get_response(request)


REFRESH_SECONDS = 300  # how stale a session's end may get before a request moves it on


def session_seen(session) -> None:
    """Note that a signed-in session was used now, which makes Django save it with a new end."""
    session["seen_at"] = int(time.time())


class SessionIdleMiddleware:
    """A signed-in session ends SESSION_COOKIE_AGE after its last use. Saving the session on every request
    would be a database write a request, so it is saved when its last save is REFRESH_SECONDS old: the
    session then ends between SESSION_COOKIE_AGE less five minutes and SESSION_COOKIE_AGE after the last
    request."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        session = getattr(request, "session", None)
        # Only a session the request read already (a page that never looked, like /health/, costs nothing).
        if session is not None and session.accessed and session.get(SESSION_KEY):
            if time.time() - session.get("seen_at", 0) >= REFRESH_SECONDS:
                session_seen(session)  # SessionMiddleware, outside this one, then saves it
        return response
