"""One error handler: JSON under /api/, an HTML page elsewhere."""

from __future__ import annotations

import logging
from dataclasses import replace

from flask import Flask, Response, current_app, jsonify, render_template, request
from werkzeug.exceptions import HTTPException, InternalServerError

from .params import KNOWN, BadParam, SearchParams
from .search import IndexUnavailable

logger = logging.getLogger(__name__)


def error_body(status: int, message: str, /, **extra: object) -> dict:
    """The one shape of every error answered as JSON."""
    return {"ok": False, "error": message, "status": status, **extra}


def json_error(status: int, message: str, /, **extra: object) -> Response:
    response = jsonify(error_body(status, message, **extra))
    response.status_code = status
    return response


def kept_search() -> SearchParams:
    """The request's search without what was refused, for the error page's form: the words
    stay in the box as typed (to be put right), and every other parameter that is valid
    stays in the form."""
    args = {name: value for name, value in request.args.items() if name in KNOWN - {"q"}}
    limits = current_app.config["LIMITS"]
    while True:
        try:
            kept = SearchParams.from_args(args, limits)
            break
        except BadParam as exc:
            if exc.name not in args:
                kept = SearchParams()
                break
            del args[exc.name]
    return replace(kept, q=request.args.get("q", "").strip())


def respond(status: int, message: str, title: str):
    if request.path.startswith("/api/"):
        return json_error(status, message)
    return render_template("error.html", status=status, title=title, message=message,
                           params=kept_search()), status


def init_app(app: Flask) -> None:
    @app.errorhandler(BadParam)
    def bad_param(exc: BadParam):
        return respond(400, str(exc), "Bad request")

    @app.errorhandler(IndexUnavailable)
    def no_index(exc: IndexUnavailable):
        return respond(503, str(exc), "Index unavailable")

    @app.errorhandler(HTTPException)
    def http_error(exc: HTTPException):
        return respond(exc.code or 500, exc.description or exc.name, exc.name)

    @app.errorhandler(Exception)
    def unexpected(exc: Exception):
        logger.exception("unhandled error on %s", request.path)
        return respond(500, InternalServerError.description, "Server error")
