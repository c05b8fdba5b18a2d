"""The WSGI servers `python -m web` runs, with the security headers on the answers they
make themselves.

waitress and gunicorn answer some requests without calling the app: a request line over
their limit (414), headers they cannot parse (400), too many headers (431). Those answers
carry the same Content-Security-Policy and companions as the app's (security.HEADERS).
"""

from __future__ import annotations

from typing import Any

from gunicorn.workers.gthread import ThreadWorker
from waitress.channel import HTTPChannel
from waitress.task import ErrorTask

from .security import HEADERS

_HEADER_LINES = "".join(f"{name}: {value}\r\n" for name, value in HEADERS.items()).encode()


class _SecureErrorTask(ErrorTask):
    def execute(self) -> None:
        self.response_headers.extend(HEADERS.items())
        super().execute()


class SecureChannel(HTTPChannel):
    """waitress's connection, whose own error answers carry the security headers."""

    error_task_class = _SecureErrorTask


class _HeadersAfterStatusLine:
    """A socket whose first write gets the security headers after its status line (how
    gunicorn writes its own error answers: one buffer, status line first)."""

    def __init__(self, sock: Any) -> None:
        self._sock = sock
        self._sent = False

    def sendall(self, data: bytes) -> None:
        if not self._sent and data.startswith(b"HTTP/") and b"\r\n" in data:
            end = data.index(b"\r\n") + 2
            data = data[:end] + _HEADER_LINES + data[end:]
        self._sent = True
        self._sock.sendall(data)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._sock, name)


class SecureThreadWorker(ThreadWorker):
    """gunicorn's threaded worker, whose own error answers carry the security headers."""

    def handle_error(self, req, client, addr, exc) -> None:
        super().handle_error(req, _HeadersAfterStatusLine(client), addr, exc)


def serve_waitress(app: Any, host: str, port: int, threads: int) -> None:
    from waitress.server import create_server

    server = create_server(app, host=host, port=port, threads=threads, ident="news-search")
    server.channel_class = SecureChannel
    server.run()
