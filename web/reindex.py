"""Re-index from the web: POST /api/reindex starts a build of raw/, GET reports on it.

Off unless REINDEX_TOKEN is set. The build runs as a child process (`python -m indexer
build`), so a crash or kill of either side never takes the other down, and the index's
own lock keeps it to one writer.

Every worker process of the server sees the same state: it lives in the index folder, in
`reindex.json`, read and written under the flock of `reindex.lock`. The worker that starts
a build records it there as running (with the child's pid) and a thread of that worker
records how it ended. If that worker is gone first, whichever worker is asked next reads
the build's report to tell how it ended.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import fcntl
import hmac
import json
import os
import subprocess
import sys
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from flask import Blueprint, Response, abort, current_app, jsonify, request

from indexer.store.lock import BuildLock, BuildLocked

from .errors import json_error

bp = Blueprint("reindex", __name__, url_prefix="/api")

EXIT_LOCKED = 75  # python -m indexer build: another build holds the index
PROJECT_ROOT = str(Path(__file__).resolve().parent.parent)
STATE_FILE = "reindex.json"
STATE_LOCK = "reindex.lock"
# What GET /api/reindex shows of the state file (the rest is for the workers).
PUBLIC = ("state", "started", "finished", "exit_code", "summary", "message")
IDLE: dict[str, Any] = {"state": "idle", "started": None, "finished": None, "exit_code": None,
                        "summary": None, "message": None}


class Reindexer:
    """The background build of one index folder, as every worker process sees it."""

    def __init__(self, raw_dir: str, index_dir: str) -> None:
        self.raw_dir = raw_dir
        self.index_dir = Path(index_dir)

    @contextlib.contextmanager
    def _locked(self) -> Iterator[None]:
        self.index_dir.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.index_dir / STATE_LOCK, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            yield
        finally:
            os.close(fd)  # releases the flock

    def _read(self) -> dict[str, Any]:
        try:
            return {**IDLE, **json.loads((self.index_dir / STATE_FILE).read_text())}
        except (OSError, ValueError):
            return dict(IDLE)

    def _write(self, state: dict[str, Any]) -> None:
        path = self.index_dir / STATE_FILE
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_text(json.dumps(state))
        os.replace(tmp, path)

    def start(self) -> bool:
        """Start a build unless one runs; False if one is already running (started from
        any worker, or a build from the command line)."""
        with self._locked():
            state = self._settled(self._read())
            if state["state"] == "running" or _index_locked(self.index_dir):
                return False
            handle, report = tempfile.mkstemp(prefix="reindex-", suffix=".json")
            os.close(handle)
            # A file, not a pipe: a chatty build must never block on a full pipe buffer.
            handle, log = tempfile.mkstemp(prefix="reindex-", suffix=".log")
            with os.fdopen(handle, "w") as out:
                proc = subprocess.Popen(
                    [sys.executable, "-m", "indexer", "build", "--raw", self.raw_dir,
                     "--index", str(self.index_dir), "--report", report],
                    cwd=PROJECT_ROOT, stdin=subprocess.DEVNULL, stdout=out,
                    stderr=subprocess.STDOUT, start_new_session=True,
                )
            self._write({**IDLE, "state": "running", "started": _now(), "pid": proc.pid,
                         "report": report, "log": log})
        threading.Thread(target=self._wait, args=(proc,), daemon=True,
                         name="reindex-wait").start()
        return True

    def _wait(self, proc: subprocess.Popen) -> None:
        code = proc.wait()
        with self._locked():
            state = self._read()
            if state.get("pid") == proc.pid and state["state"] == "running":
                self._write(_ended(state, code))

    def status(self) -> dict[str, Any]:
        with self._locked():
            state = self._read()
            settled = self._settled(state)
            if settled is not state:
                self._write(settled)
        return {key: settled[key] for key in PUBLIC}

    @staticmethod
    def _settled(state: dict[str, Any]) -> dict[str, Any]:
        """The state, with a build whose process is gone (its worker died before it could
        say) recorded as ended."""
        if state["state"] != "running" or _alive(state.get("pid")):
            return state
        return _ended(state, None)


def _ended(state: dict[str, Any], code: int | None) -> dict[str, Any]:
    """The state of a build that ended with exit `code` (None: unknown, its parent is
    gone); its report and log are read and removed."""
    summary = None
    report = Path(state.get("report") or "")
    with contextlib.suppress(OSError, ValueError):
        text = report.read_text()
        summary = json.loads(text) if text else None
    log = Path(state.get("log") or "")
    lines = [""]
    with contextlib.suppress(OSError):
        lines = log.read_text(errors="replace").strip().splitlines() or [""]
    for path in (report, log):
        if path.name:
            with contextlib.suppress(OSError):
                path.unlink()
    if code is None:
        code = 0 if summary is not None else None
    if code == 0:
        outcome, message = "finished", lines[-1]
    elif code == EXIT_LOCKED:
        outcome, message = "busy", "another build was running; try again later"
    else:
        outcome, message = "failed", lines[-1] or "build failed"
    return {**IDLE, "state": outcome, "started": state.get("started"), "finished": _now(),
            "exit_code": code, "summary": summary, "message": message}


def _alive(pid: Any) -> bool:
    if not isinstance(pid, int) or pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _index_locked(index_dir: Path) -> bool:
    """True while a build holds the index (one from the command line, say)."""
    lock = BuildLock(index_dir)
    try:
        lock.acquire()
    except BuildLocked:
        return True
    lock.release()
    return False


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def _authorised() -> None:
    token = current_app.config.get("REINDEX_TOKEN")
    if not token:
        abort(404, "Re-indexing from the web is off (set REINDEX_TOKEN to turn it on).")
    scheme, _, given = request.headers.get("Authorization", "").strip().partition(" ")
    if scheme.lower() != "bearer":
        given = ""  # the token alone, without its scheme, is not accepted
    # Constant-time comparison: response timing must not reveal the token.
    if not hmac.compare_digest(given.strip().encode(), str(token).encode()):
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
