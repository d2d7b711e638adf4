"""The live preview under edits: save to served page, the rebuild's CPU, readers' waits and memory.

    python -m bench.preview --roles 100 --rebuilds 50
    python -m bench.preview --roles 1000 --rebuilds 3

Runs a real `spm-site serve` (a subprocess, on a free port of 127.0.0.1) over a copy of the
synthetic framework of N roles (bench/out/preview-<N>/, deleted afterwards). Each rebuild edits ONE
role file (a new word at the start of its purpose) and measures:

- **save to served**: wall seconds from writing the file to the role page, fetched over http again
  and again, containing the new word (the watcher's poll and debounce included: what an author waits);
- **rebuild CPU**: CPU seconds (user + system) the serve process spent from the save until the
  rebuild finished ("Reloading browsers" in its output): the incremental rebuild of one edited role;
- **readers' longest wait**: meanwhile another thread asks for the home page every 0.1 s, as a
  reader clicking around would; its slowest answer. MkDocs' own server holds every request until a
  rebuild is done, so this wait is as long as the rebuild there;
- **memory**: the serve process's resident memory (VmRSS) after each rebuild: first vs last.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import socket
import statistics
import subprocess
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

from .run import BIN, ENV, OUT, ensure_framework

TICK = os.sysconf("SC_CLK_TCK")


class Serve:
    """`spm-site serve` in its own process; its terminal output collected as it comes."""

    def __init__(self, project: Path) -> None:
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        self.url = f"http://127.0.0.1:{port}/"
        self.proc = subprocess.Popen([str(BIN / "spm-site"), "serve", "framework", "-a", f"127.0.0.1:{port}"],
                                     cwd=project, env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        self.lines: list[str] = []
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.proc.stderr is not None
        for line in self.proc.stderr:
            self.lines.append(line)

    def count(self, text: str) -> int:
        return sum(text in line for line in list(self.lines))

    def wait_count(self, text: str, at_least: int, timeout: float = 600) -> None:
        deadline = time.monotonic() + timeout
        while self.count(text) < at_least:
            if self.proc.poll() is not None or time.monotonic() > deadline:
                raise SystemExit("serve stopped or hung:\n" + "".join(self.lines[-40:]))
            time.sleep(0.02)

    def cpu_seconds(self) -> float:
        fields = Path(f"/proc/{self.proc.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / TICK  # utime, stime

    def rss_mb(self) -> float:
        for line in Path(f"/proc/{self.proc.pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
        raise RuntimeError("no VmRSS")

    def get(self, path: str) -> bytes:
        try:
            with urllib.request.urlopen(self.url + path, timeout=600) as response:
                return response.read()
        except urllib.error.HTTPError as exc:
            with exc:
                return exc.read()

    def stop(self) -> None:
        if self.proc.poll() is None:  # SIGTERM: a background job ignores SIGINT; serve cleans up on either
            self.proc.send_signal(signal.SIGTERM)
        try:
            self.proc.wait(timeout=60)
        except subprocess.TimeoutExpired:
            self.proc.kill()


class Reader(threading.Thread):
    """Asks for the home page every 0.1 s while `active`; keeps the slowest answer of each rebuild."""

    def __init__(self, serve: Serve) -> None:
        super().__init__(daemon=True)
        self.serve = serve
        self.active = threading.Event()
        self.stopped = threading.Event()
        self.slowest = 0.0

    def run(self) -> None:
        while not self.stopped.is_set():
            if self.active.is_set():
                start = time.perf_counter()
                self.serve.get("")
                self.slowest = max(self.slowest, time.perf_counter() - start)
            time.sleep(0.1)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.preview", description=__doc__.splitlines()[0])
    parser.add_argument("--roles", type=int, default=100)
    parser.add_argument("--rebuilds", type=int, default=10)
    args = parser.parse_args(argv)
    load = os.getloadavg()[0]
    source = ensure_framework(args.roles)
    project = OUT / f"preview-{args.roles}"
    shutil.rmtree(project, ignore_errors=True)
    shutil.copytree(source, project / "framework")
    role = sorted((project / "framework" / "roles").glob("*.yml"))[0]
    original = role.read_text(encoding="utf-8")
    slug = role.stem
    assert "purpose: >-\n  " in original
    serve = Serve(project)
    runs = []
    try:
        serve.wait_count("Serving on", 1)
        serve.get(f"roles/{slug}/")
        reader = Reader(serve)
        reader.start()
        for i in range(args.rebuilds):
            word = f"Quokka{i}x"
            done = serve.count("Reloading browsers")
            reader.slowest = 0.0
            reader.active.set()
            cpu = serve.cpu_seconds()
            saved = time.perf_counter()
            role.write_text(original.replace("purpose: >-\n  ", f"purpose: >-\n  {word} ", 1), encoding="utf-8")
            while word.encode() not in serve.get(f"roles/{slug}/"):
                time.sleep(0.02)
            served = time.perf_counter() - saved
            serve.wait_count("Reloading browsers", done + 1)
            rebuild_cpu = serve.cpu_seconds() - cpu
            reader.active.clear()
            time.sleep(0.15)  # the reader's last request ends
            runs.append({"save_to_served": round(served, 2), "rebuild_cpu": round(rebuild_cpu, 2),
                         "reader_longest_wait": round(reader.slowest, 2), "rss_mb": round(serve.rss_mb(), 1)})
            print(f"  rebuild {i + 1}/{args.rebuilds}: " + ", ".join(f"{k} {v}" for k, v in runs[-1].items()), flush=True)
        reader.stopped.set()
    finally:
        serve.stop()
        shutil.rmtree(project, ignore_errors=True)

    def med(key: str) -> float:
        return round(statistics.median(r[key] for r in runs), 2)

    result = {"roles": args.roles, "rebuilds": args.rebuilds, "load_average_before": round(load, 2),
              "save_to_served_median": med("save_to_served"), "rebuild_cpu_median": med("rebuild_cpu"),
              "reader_longest_wait_median": med("reader_longest_wait"),
              "reader_longest_wait_max": max(r["reader_longest_wait"] for r in runs),
              "rss_mb_first": runs[0]["rss_mb"], "rss_mb_last": runs[-1]["rss_mb"], "runs": runs}
    print(json.dumps({k: v for k, v in result.items() if k != "runs"}, indent=2))
    store = OUT / "preview.json"
    old = json.loads(store.read_text()) if store.is_file() else {}
    old[str(args.roles)] = result
    store.write_text(json.dumps(old, indent=2) + "\n")


if __name__ == "__main__":
    main()
