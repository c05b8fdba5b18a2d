"""Re-index from the web: POST /api/reindex starts a build of raw/, GET reports on it.

Off unless REINDEX_TOKEN is set. The build runs as a child process (`python -m indexer
build`), so a crash or kill of either side never takes the other down, and the index's
own lock keeps it to one writer.
"""

from __future__ import annotations

import datetime as dt
import hmac
import json
import os
import subprocess
import sys
import tempfile
import threading
from pathlib import Path
from typing import Any

from flask import Blueprint, Response, abort, current_app, jsonify, request

from .errors import json_error

bp = Blueprint("reindex", __name__, url_prefix="/api")

EXIT_LOCKED = 75  # python -m indexer build: another build holds the index
PROJECT_ROOT = str(Path(__file__).resolve().parent.parent)


class Reindexer:
    """The one background build this app may run, and what became of the last one."""

    def __init__(self, raw_dir: str, index_dir: str) -> None:
        self.raw_dir = raw_dir
        self.index_dir = index_dir
        self._lock = threading.Lock()
        self._proc: subprocess.Popen | None = None
        self._report: Path | None = None
        self._log: Any = None
        self.state: dict[str, Any] = {"state": "idle", "started": None, "finished": None,
                                      "exit_code": None, "summary": None, "message": None}

    def start(self) -> bool:
        """Start a build unless one runs; False if one is already running."""
        with self._lock:
            self._poll()
            if self.state["state"] == "running":
                return False
            handle, name = tempfile.mkstemp(prefix="reindex-", suffix=".json")
            os.close(handle)
            report = self._report = Path(name)
            # A file, not a pipe: a chatty build must never block on a full pipe buffer.
            self._log = tempfile.TemporaryFile(mode="w+")
            self._proc = subprocess.Popen(
                [sys.executable, "-m", "indexer", "build", "--raw", self.raw_dir,
                 "--index", self.index_dir, "--report", str(report)],
                cwd=PROJECT_ROOT, stdin=subprocess.DEVNULL, stdout=self._log,
                stderr=subprocess.STDOUT,
            )
            self.state.update(state="running", started=_now(), finished=None, exit_code=None,
                              summary=None, message=None)
            return True

    def status(self) -> dict[str, Any]:
        with self._lock:
            self._poll()
            return dict(self.state)

    def _poll(self) -> None:
        if self._proc is None or self._proc.poll() is None:
            return
        code = self._proc.returncode
        self._log.seek(0)
        lines = self._log.read().strip().splitlines() or [""]
        self._log.close()
        summary = None
        if self._report and self._report.exists():
            text = self._report.read_text()
            summary = json.loads(text) if text else None
            self._report.unlink()
        if code == 0:
            state, message = "finished", lines[-1]
        elif code == EXIT_LOCKED:
            state, message = "busy", "another build was running; try again later"
        else:
            state, message = "failed", lines[-1] or "build failed"
        self.state.update(state=state, finished=_now(), exit_code=code, summary=summary,
                          message=message)
        self._proc = None


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def _authorised() -> None:
    token = current_app.config.get("REINDEX_TOKEN")
    if not token:
        abort(404, "Re-indexing from the web is off (set REINDEX_TOKEN to turn it on).")
    given = request.headers.get("Authorization", "").removeprefix("Bearer ").strip()
    # Constant-time comparison: response timing must not reveal the token.
    if not hmac.compare_digest(given.encode(), str(token).encode()):
        abort(401, "Missing or wrong token (send 'Authorization: Bearer <token>').")


def _reindexer() -> Reindexer:
    return current_app.extensions["reindexer"]


@bp.post("/reindex")
def start() -> Response | tuple[Response, int]:
    _authorised()
    started = _reindexer().start()
    state = _reindexer().status()
    if not started:
        return json_error(409, "a build is already running", **state)
    return jsonify({"ok": True, **state}), 202


@bp.get("/reindex")
def status() -> Response:
    _authorised()
    return jsonify({"ok": True, **_reindexer().status()})


def init_app(app) -> None:
    app.extensions["reindexer"] = Reindexer(app.config["RAW_DIR"], app.config["INDEX_DIR"])
    app.register_blueprint(bp)
