"""Time `spm-site diff` of two large framework versions next to one `spm-site check`.

    python -m bench.diff [--roles 1000] [--changed 20] [--repeat 3]

A synthetic framework (`bench.generate`) is committed in a git repository in a temporary folder;
then `--changed` role files are edited (a target and an expectation each) and committed again.
Each step runs in its own process under `bench.run`'s wrapper (wall time, CPU time, peak memory):

- check: `spm-site check framework` on the working tree (one side, read from files);
- diff revisions: `spm-site diff HEAD~1 HEAD`: both sides read from git objects, checked, compared;
- diff working tree: `spm-site diff HEAD~1`: one side from git, the other from files.

Goal: a diff costs under twice one check (it checks two versions; comparing them must be cheap).
Results are printed and written to bench/out/diff.json. Run from the repository root.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import subprocess
import tempfile
from pathlib import Path

from .generate import generate
from .run import BIN, ENV, OUT, measure

GOAL = 2.0
GIT_ENV = {"GIT_AUTHOR_NAME": "bench", "GIT_AUTHOR_EMAIL": "bench@example.com", "GIT_COMMITTER_NAME": "bench",
           "GIT_COMMITTER_EMAIL": "bench@example.com", "GIT_CONFIG_GLOBAL": os.devnull}
_TARGET = re.compile(r"^(\s+target: )(\d+)$", re.MULTILINE)


def git(repo: Path, *args: str) -> None:
    subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True, env={**os.environ, **GIT_ENV})


def change_roles(framework: Path, count: int) -> list[Path]:
    """Edit `count` role files, the same ones every run: a level's target up by one, an expectation reworded."""
    roles = sorted((framework / "roles").glob("*.yml"))[:count]
    for path in roles:
        text = path.read_text(encoding="utf-8")
        text = _TARGET.sub(lambda m: f"{m.group(1)}{int(m.group(2)) + 1}", text, count=1)
        text = text.replace("    expectations:\n      - ", "    expectations:\n      - Consistently ", 1)
        path.write_text(text, encoding="utf-8")
    return roles


def prepare(repo: Path, roles: int, changed: int) -> None:
    framework = repo / "framework"
    generate(roles, framework)
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "base")
    edited = change_roles(framework, changed)
    git(repo, "commit", "-q", "-am", f"change {len(edited)} roles")


STEPS = {
    "check": ["check", "framework"],
    "diff revisions": ["diff", "HEAD~1", "HEAD"],
    "diff working tree": ["diff", "HEAD~1"],
}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.diff", description=__doc__.splitlines()[0])
    parser.add_argument("--roles", type=int, default=1000, help="roles in each version (default: %(default)s)")
    parser.add_argument("--changed", type=int, default=20, help="role files that differ (default: %(default)s)")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each step; the median is kept (default: %(default)s)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="spm-bench-diff-") as tmp:
        repo = Path(tmp)
        prepare(repo, args.roles, args.changed)
        runs: dict[str, list[dict[str, float]]] = {step: [] for step in STEPS}
        for i in range(args.repeat):  # interleaved, like bench.run
            for step, cli_args in STEPS.items():
                got = measure([str(BIN / "spm-site"), *cli_args], repo, ENV)
                runs[step].append(got)
                print(f"  run {i + 1}/{args.repeat} {step:>17}: {got['seconds']:6.2f} s (cpu {got['cpu_seconds']:6.2f} s)"
                      f" {got['peak_mb']:6.0f} MB", flush=True)
        sample = subprocess.run([str(BIN / "spm-site"), "diff", "HEAD~1", "HEAD"], cwd=repo, env=ENV,
                                capture_output=True, text=True, check=True).stdout.splitlines()[0]
    steps = {s: {key: round(statistics.median(r[key] for r in rs), 3) for key in ("seconds", "cpu_seconds", "peak_mb")}
             for s, rs in runs.items()}
    ratio = steps["diff revisions"]["seconds"] / steps["check"]["seconds"]
    cpu_ratio = steps["diff revisions"]["cpu_seconds"] / steps["check"]["cpu_seconds"]
    result = {"roles": args.roles, "changed_files": args.changed, "repeat": args.repeat, "load_average": os.getloadavg()[0],
              "steps": steps, "diff/check": round(ratio, 2), "diff/check cpu": round(cpu_ratio, 2), "goal": GOAL,
              "first line": sample}
    print("\n| step | wall s | CPU s | peak MB |\n| --- | ---: | ---: | ---: |")
    for step, got in steps.items():
        print(f"| {step} | {got['seconds']:.2f} | {got['cpu_seconds']:.2f} | {got['peak_mb']:.0f} |")
    verdict = "meets" if ratio < GOAL else "misses"
    print(f"\ndiff/check = {ratio:.2f} ({cpu_ratio:.2f} on CPU time): {verdict} the goal of under {GOAL}x")
    print(f"the diff says: {sample}")
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "diff.json").write_text(json.dumps(result, indent=2) + "\n")


if __name__ == "__main__":
    main()
