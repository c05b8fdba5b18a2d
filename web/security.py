"""Response headers that keep page content inert, and the API's rate limit."""

from __future__ import annotations

from typing import Any

from flask import Flask, Response
from flask.json.provider import DefaultJSONProvider
from flask_limiter import Limiter, RateLimitExceeded
from flask_limiter.util import get_remote_address

from .errors import json_error

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


def init_app(app: Flask) -> None:
    app.json = HtmlSafeJSONProvider(app)

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
        from . import api

        limiter.limit(limit)(api.bp)

    @app.errorhandler(RateLimitExceeded)
    def too_many(exc: RateLimitExceeded):
        return json_error(429, f"rate limit exceeded ({exc.description}); slow down")
