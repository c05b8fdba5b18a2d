"""Response headers that keep page content inert, and the API's rate limit."""

from __future__ import annotations

import json
from typing import Any

from flask import Flask, Response
from flask.json.provider import DefaultJSONProvider
from flask_limiter import Limiter, RateLimitExceeded
from flask_limiter.util import get_remote_address

from .errors import error_body, respond

# Nothing but our own stylesheet loads; no script runs at all (the page needs none).
CSP = ("default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; "
       "base-uri 'none'; frame-ancestors 'none'")
HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    "Cross-Origin-Opener-Policy": "same-origin",
}


class HtmlSafeJSONProvider(DefaultJSONProvider):
    """JSON with <, >, & and ' as \\u escapes: the same data once decoded, but inert if a
    client pastes it into HTML or a browser sniffs it (as Jinja's htmlsafe_json_dumps)."""

    def dumps(self, obj: Any, **kwargs: Any) -> str:
        text = super().dumps(obj, **kwargs)
        return (text.replace("<", "\\u003c").replace(">", "\\u003e")
                .replace("&", "\\u0026").replace("'", "\\u0027"))


def _host_is_valid(host: str) -> bool:
    """False for a Host header that URLs cannot be built from (it fails IDNA: empty or
    over-long labels, characters no host name has)."""
    name = host.rsplit(":", 1)[0] if not host.endswith("]") else host
    if name.startswith("["):  # an IPv6 literal
        return name.endswith("]") and all(c in "0123456789abcdefABCDEF:." for c in name[1:-1])
    try:
        name.encode("idna")
    except UnicodeError:
        return False
    return True


class HostGuard:
    """WSGI middleware: a request whose Host header cannot name a server is a 400 here,
    with the security headers, before Flask needs that host to build any URL."""

    def __init__(self, wsgi_app) -> None:
        self.wsgi_app = wsgi_app

    def __call__(self, environ, start_response):
        host = environ.get("HTTP_HOST")
        if host is None or _host_is_valid(host):
            return self.wsgi_app(environ, start_response)
        message = "the Host header is not a valid host name"
        if environ.get("PATH_INFO", "").startswith("/api/"):
            body = json.dumps(error_body(400, message))
            response = Response(body, status=400, mimetype="application/json")
        else:
            response = Response(message + "\n", status=400, mimetype="text/plain")
        response.headers.update(HEADERS)
        return response(environ, start_response)


def init_app(app: Flask) -> None:
    app.json = HtmlSafeJSONProvider(app)
    app.wsgi_app = HostGuard(app.wsgi_app)

    @app.after_request
    def secure_headers(response: Response) -> Response:
        for name, value in HEADERS.items():
            response.headers.setdefault(name, value)
        return response

    limit = app.config.get("RATELIMIT_API")
    limiter = Limiter(
        get_remote_address,
        app=app,
        default_limits=[],
        storage_uri=app.config.get("RATELIMIT_STORAGE_URI", "memory://"),
        enabled=bool(limit),
    )
    app.extensions["limiter_api"] = limiter
    if limit:
        from . import api, export

        limiter.limit(limit)(api.bp)
        limiter.limit(limit)(export.bp)
        # These pages run the same searches: their views, as registered, check the limit too.
        for page in ("views.search_page", "feeds.search_feed", "speakers.speaker_page",
                     "speakers.speaker_json"):
            app.view_functions[page] = limiter.limit(limit)(app.view_functions[page])

    @app.errorhandler(RateLimitExceeded)
    def too_many(exc: RateLimitExceeded):
        return respond(429, f"rate limit exceeded ({exc.description}); slow down",
                       "Too many requests")
