"""A real Dask cluster for the tests and benchmarks: `dask scheduler` and `dask worker` processes on
127.0.0.1, talking TCP as they would across machines."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DASK = Path(sys.executable).with_name("dask")
# Seconds for a scheduler or a worker to come up.
START_TIMEOUT = 60


class LocalCluster:
    """A scheduler and its workers, each a process of its own; stop() ends them all."""

    def __init__(self, workdir: Path) -> None:
        self.workdir = workdir
        workdir.mkdir(parents=True, exist_ok=True)
        self.scheduler_file = workdir / "scheduler.json"
        self.scheduler: subprocess.Popen | None = None
        self.workers: dict[str, subprocess.Popen] = {}
        self.address = ""

    def _spawn(self, args: list[str], log: str) -> subprocess.Popen:
        # the workers import the project's modules, as a deployed worker would
        env = {**os.environ, "PYTHONPATH": str(ROOT)}
        with open(self.workdir / log, "ab") as out:
            return subprocess.Popen([str(DASK), *args], cwd=ROOT, env=env, stdout=out,
                                    stderr=subprocess.STDOUT, start_new_session=True)

    def start(self, workers: int = 2) -> LocalCluster:
        self.scheduler_file.unlink(missing_ok=True)
        self.scheduler = self._spawn(["scheduler", "--host", "127.0.0.1", "--port", "0",
                                      "--no-dashboard", "--scheduler-file",
                                      str(self.scheduler_file)], "scheduler.log")
        deadline = time.monotonic() + START_TIMEOUT
        while not self.scheduler_file.exists():
            if time.monotonic() > deadline or self.scheduler.poll() is not None:
                raise RuntimeError("the Dask scheduler did not start: "
                                   + (self.workdir / "scheduler.log").read_text()[-2000:])
            time.sleep(0.1)
        time.sleep(0.2)  # the file is written before it is complete
        self.address = json.loads(self.scheduler_file.read_text())["address"]
        for _ in range(workers):
            self.add_worker()
        self.wait_for_workers(workers)
        return self

    def add_worker(self) -> str:
        name = f"worker-{len(self.workers) + 1}"
        # one thread each, no nanny: a killed worker stays dead, as a lost machine does
        self.workers[name] = self._spawn(
            ["worker", self.address, "--nthreads", "1", "--nworkers", "1", "--no-nanny",
             "--no-dashboard", "--name", name, "--death-timeout", "30"], f"{name}.log")
        return name

    def wait_for_workers(self, n: int) -> None:
        from distributed import Client

        with Client(self.address, timeout=START_TIMEOUT, set_as_default=False) as client:
            client.wait_for_workers(n, timeout=START_TIMEOUT)

    def alive_workers(self) -> list[str]:
        return [name for name, proc in self.workers.items() if proc.poll() is None]

    def kill_worker(self, name: str) -> None:
        _kill(self.workers[name])

    def kill_scheduler(self) -> None:
        if self.scheduler is not None:
            _kill(self.scheduler)

    def stop(self) -> None:
        for proc in [*self.workers.values(), self.scheduler]:
            if proc is not None:
                _kill(proc)


def _kill(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
    proc.wait(timeout=30)
