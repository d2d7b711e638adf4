"""A real `spm-site serve` in a subprocess on 127.0.0.1, for the preview tests (browser and not).

The process runs in the project folder it is given, on a free port; its terminal output (stderr)
is collected line by line as it comes, so a test can wait for what the author would read.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

SPM_SITE = Path(sys.executable).with_name("spm-site")


@dataclass
class Served:
    """A running preview: its address, its process and what it has printed so far."""

    url: str
    proc: subprocess.Popen
    lines: list[str] = field(default_factory=list)

    @property
    def terminal(self) -> str:
        return "".join(self.lines)

    def wait_for(self, text: str, after: int = 0, timeout: float = 60) -> int:
        """Wait until `text` appears in the output after the first `after` characters; its end offset."""
        deadline = time.monotonic() + timeout
        while True:
            found = self.terminal.find(text, after)
            if found >= 0:
                return found + len(text)
            assert self.proc.poll() is None, f"serve stopped:\n{self.terminal}"
            assert time.monotonic() < deadline, f"never printed {text!r}:\n{self.terminal}"
            time.sleep(0.05)

    def get(self, path: str) -> tuple[int, str, bytes]:
        """Status, content type and body of one request (an error status is an answer too)."""
        try:
            with urllib.request.urlopen(self.url + path, timeout=30) as response:
                return response.status, response.headers.get("Content-Type", ""), response.read()
        except urllib.error.HTTPError as exc:
            with exc:
                return exc.code, exc.headers.get("Content-Type", ""), exc.read()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def serve(project: Path, *args: str) -> Iterator[Served]:
    """`spm-site serve ARGS` in `project`, once it answers; interrupted (Ctrl-C) afterwards."""
    port = free_port()
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    proc = subprocess.Popen([str(SPM_SITE), "serve", *args, "-a", f"127.0.0.1:{port}"], cwd=project, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    served = Served(f"http://127.0.0.1:{port}/", proc)
    def read() -> None:
        for line in proc.stderr:
            served.lines.append(line)

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    try:
        served.wait_for("Serving on")
        yield served
    finally:
        if proc.poll() is None:
            proc.send_signal(signal.SIGINT)
        try:
            proc.wait(timeout=30)
        finally:
            if proc.poll() is None:
                proc.kill()
        reader.join(timeout=5)
