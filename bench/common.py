"""Small helpers shared by the benchmark scripts (stdlib only)."""

from __future__ import annotations

import datetime as dt
import os
import platform
import socket
import statistics
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent  # the project root
BENCH = Path(__file__).resolve().parent


def percentiles(samples: list[float]) -> dict[str, float]:
    """p50, p95 and max of a list of timings (same unit as the samples)."""
    if not samples:
        return {"n": 0, "p50": float("nan"), "p95": float("nan"), "max": float("nan"),
                "mean": float("nan")}
    if len(samples) == 1:
        v = samples[0]
        return {"n": 1, "p50": v, "p95": v, "max": v, "mean": v}
    cuts = statistics.quantiles(samples, n=100, method="inclusive")
    return {"n": len(samples), "p50": cuts[49], "p95": cuts[94], "max": max(samples),
            "mean": statistics.fmean(samples)}


def cpu_model() -> str:
    """platform.processor(), or the model name Linux reports, or the architecture."""
    name = platform.processor()
    if name:
        return name
    try:
        with open("/proc/cpuinfo", encoding="utf-8", errors="replace") as fh:
            for line in fh:
                if line.lower().startswith("model name"):
                    return " ".join(line.split(":", 1)[1].split())
    except OSError:
        pass
    return platform.machine() or "unknown"


def machine() -> str:
    """One short line: CPU, cores, Python."""
    return (f"{cpu_model()}, {os.cpu_count()} cores, "
            f"Python {platform.python_version()}")


def today() -> str:
    return dt.date.today().isoformat()


def free_port() -> int:
    """A TCP port free on 127.0.0.1 right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def dir_bytes(path: Path) -> int:
    total = 0
    for dirpath, _dirs, files in os.walk(path):
        for name in files:
            try:
                total += os.path.getsize(os.path.join(dirpath, name))
            except OSError:
                pass
    return total


def mb(nbytes: float) -> float:
    return nbytes / (1024 * 1024)


def ratio(a: float, b: float) -> float:
    """a / b, NaN when b is 0."""
    return a / b if b else float("nan")


def parse_sizes(text: str) -> list[int]:
    """'1000,10k,2e4' -> [1000, 10000, 20000]."""
    out = []
    for part in text.split(","):
        part = part.strip().lower()
        if not part:
            continue
        mult = 1
        if part.endswith("k"):
            part, mult = part[:-1], 1000
        out.append(int(float(part) * mult))
    return out


def child_env() -> dict[str, str]:
    """Environment for the project's own processes: the project root on the path."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(
        p for p in (str(ROOT), env.get("PYTHONPATH", "")) if p)
    return env


def log(*parts: object) -> None:
    print(*parts, file=sys.stderr, flush=True)


@contextmanager
def work_dir(given: Path | None, prefix: str) -> Iterator[Path]:
    """`given`, or a temporary directory removed at the end."""
    if given is not None:
        yield given
        return
    with tempfile.TemporaryDirectory(prefix=prefix) as tmp:
        yield Path(tmp)
