"""Time spm-site's steps against their floors, each in its own process, at several sizes.

    python -m bench.run [--sizes 100,1000,5000] [--repeat 3] [--steps parse,check,generate,build,mkdocs]

For each size the framework is generated into bench/out/<size>/framework (reused while the
generator version is unchanged). Every step runs as a separate child of a small wrapper process,
which reports the wall time and the peak resident memory (ru_maxrss) of that step alone; the
median of --repeat runs is kept. Results go to stdout, bench/out/results.md and results.json
(sizes measured earlier and not now are kept, so sizes can be run one at a time).
"""

from __future__ import annotations

import argparse
import contextlib
import fcntl
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from .generate import GENERATOR_VERSION, generate

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
OUT = BENCH / "out"
BIN = Path(sys.executable).parent
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
ENV.pop("SOURCE_DATE_EPOCH", None)

#: Goals at the largest size: spm-site's cost over what it cannot avoid.
GOALS = {"check/parse": 1.5, "build/mkdocs": 1.15}
GOAL_SIZE = 5000

# Runs argv[2:] and writes {"seconds", "cpu_seconds", "maxrss_kb", "returncode"} to argv[1]. Its
# only child is the command, so RUSAGE_CHILDREN is that command's alone: ru_maxrss is its peak
# (kilobytes on Linux), user + system time its CPU time (steadier than wall time on a busy machine).
WRAPPER = r"""
import json, resource, subprocess, sys, time
start = time.perf_counter()
code = subprocess.call(sys.argv[2:])
seconds = time.perf_counter() - start
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
with open(sys.argv[1], "w") as f:
    json.dump({"seconds": seconds, "cpu_seconds": usage.ru_utime + usage.ru_stime, "maxrss_kb": usage.ru_maxrss,
               "returncode": code}, f)
"""

# a. The floor for reading: parse every YAML file with libyaml and PyYAML's C constructor, nothing else.
PARSE = r"""
import sys, yaml
from pathlib import Path
count = 0
for path in sorted(Path(sys.argv[1]).rglob("*")):
    if path.suffix in (".yml", ".yaml") and path.is_file():
        with open(path, "rb") as f:
            yaml.load(f, Loader=yaml.CSafeLoader)
        count += 1
print(count, "files parsed")
"""

# c. Check, then render every page in memory: what the plugin does before MkDocs takes over.
GENERATE = r"""
import sys
from pathlib import Path
from spm_site.pipeline import check_framework
from spm_site.site.render import Renderer
result = check_framework(Path(sys.argv[1]))
if not result.ok:
    sys.exit("the framework has errors")
pages = Renderer(result.framework).pages()
print(len(pages), "pages,", sum(len(p.markdown) for p in pages), "characters")
"""

STEPS = ("parse", "check", "generate", "build", "serial", "warm", "mkdocs")
LABELS = {"parse": "parse floor", "check": "check", "generate": "generate", "build": "build",
          "serial": "build -j 1", "warm": "warm cache", "mkdocs": "mkdocs floor"}


def machine() -> dict[str, object]:
    def git(*args: str) -> str:
        try:
            return subprocess.run(["git", *args], cwd=REPO, capture_output=True, text=True, check=True).stdout.strip()
        except (OSError, subprocess.CalledProcessError):
            return "?"

    dirty = bool(git("status", "--porcelain", "--", "spm_site"))
    return {
        "nproc": os.cpu_count(),
        "python": platform.python_version(),
        "platform": platform.platform(),
        "commit": git("rev-parse", "--short", "HEAD") + (" + uncommitted spm_site changes" if dirty else ""),
        "generator_version": GENERATOR_VERSION,
    }


# --- inputs ---------------------------------------------------------------------------------------


def ensure_framework(size: int) -> Path:
    """bench/out/<size>/framework, generated unless the same generator version already wrote it."""
    base = OUT / str(size)
    framework = base / "framework"
    stamp = base / "stamp.json"
    wanted = {"generator_version": GENERATOR_VERSION, "roles": size}
    if framework.is_dir() and stamp.is_file() and json.loads(stamp.read_text()) == wanted:
        return framework
    base.mkdir(parents=True, exist_ok=True)
    stamp.unlink(missing_ok=True)
    counts = generate(size, framework)
    stamp.write_text(json.dumps(wanted) + "\n")
    print(f"  generated {size} roles: {counts['files']} files, {counts['bytes'] / 1e6:.1f} MB", flush=True)
    return framework


def yaml_stats(framework: Path) -> tuple[int, int]:
    files = [p for p in framework.rglob("*") if p.suffix in (".yml", ".yaml") and p.is_file()]
    return len(files), sum(p.stat().st_size for p in files)


def prepare_floor(size: int, framework: Path) -> tuple[Path, int]:
    """The same pages as Markdown files, with an equivalent mkdocs.yml that has no spm plugin."""
    import yaml

    from spm_site.engine.build import DEFAULT_CONFIG
    from spm_site.pipeline import check_framework
    from spm_site.engine.plugin import DEFAULT_NAV, THEME_DIR, build_timestamp
    from spm_site.site.render import Renderer

    result = check_framework(framework)
    if not result.ok or result.framework is None:
        raise SystemExit(f"the generated framework for {size} roles has errors: run `spm-site check {framework}`")
    pages = Renderer(result.framework).pages()
    floor = OUT / str(size) / "floor"
    if floor.exists():
        shutil.rmtree(floor)
    docs = floor / "docs"
    for page in pages:
        path = docs / page.path
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(page.markdown, encoding="utf-8")
    (docs / "assets").mkdir(exist_ok=True)
    shutil.copy(THEME_DIR / "assets" / "spm.css", docs / "assets" / "spm.css")
    config = yaml.safe_load(DEFAULT_CONFIG.read_text())
    config["plugins"] = [p for p in config["plugins"] if p != "spm"]
    config["site_name"] = f"{result.framework.organisation.name} handbook"
    config["nav"] = DEFAULT_NAV
    config["extra_css"] = ["assets/spm.css"]
    (floor / "mkdocs.yml").write_text(yaml.safe_dump(config, sort_keys=False))
    (floor / "source_date_epoch").write_text(str(build_timestamp(result.framework)))
    return floor, len(pages)


# --- measuring --------------------------------------------------------------------------------------


def measure(cmd: list[str], cwd: Path, env: dict[str, str] | None = None) -> dict[str, float]:
    with tempfile.NamedTemporaryFile(prefix="spm-bench-", suffix=".json", delete=False) as tmp:
        report = Path(tmp.name)
    try:
        proc = subprocess.run([sys.executable, "-c", WRAPPER, str(report), *cmd], cwd=cwd, env=env or ENV,
                              capture_output=True, text=True)
        data = json.loads(report.read_text()) if report.stat().st_size else {"returncode": proc.returncode}
    finally:
        report.unlink(missing_ok=True)
    if proc.returncode != 0 or data.get("returncode") != 0:
        raise SystemExit(f"step failed ({' '.join(cmd)}) in {cwd}:\n{proc.stdout[-3000:]}\n{proc.stderr[-3000:]}")
    return {"seconds": data["seconds"], "cpu_seconds": data["cpu_seconds"], "peak_mb": data["maxrss_kb"] / 1024}


def site_stats(site: Path) -> dict[str, object]:
    """What a reader downloads: the largest HTML page, the search index, and all HTML together."""
    pages = [(p.stat().st_size, p.relative_to(site).as_posix()) for p in site.rglob("*.html")]
    largest = max(pages)
    index = site / "search" / "search_index.json"
    return {"largest_page": largest[1], "largest_page_kb": round(largest[0] / 1024, 1),
            "html_mb": round(sum(size for size, _ in pages) / 1e6, 1),
            "search_index_mb": round(index.stat().st_size / 1e6, 2) if index.is_file() else None}


def run_step(step: str, size: int, framework: Path, floor: Path | None) -> dict[str, float]:
    base = framework.parent
    if step == "parse":
        return measure([sys.executable, "-c", PARSE, str(framework)], base)
    if step == "check":
        return measure([str(BIN / "spm-site"), "check", str(framework)], base)
    if step == "generate":
        return measure([sys.executable, "-c", GENERATE, str(framework)], base)
    if step in ("build", "serial", "warm"):
        return build_step(step, base)
    if step == "mkdocs":
        assert floor is not None
        site = floor / "site"
        shutil.rmtree(site, ignore_errors=True)
        env = {**ENV, "SOURCE_DATE_EPOCH": (floor / "source_date_epoch").read_text()}
        try:
            return measure([str(BIN / "mkdocs"), "build", "--strict", "-f", str(floor / "mkdocs.yml"), "-d", str(site)],
                           floor, env)
        finally:
            shutil.rmtree(site, ignore_errors=True)
    raise ValueError(step)


def build_step(step: str, base: Path) -> dict[str, object]:
    """`spm-site build` from the framework's parent (no mkdocs.yml there: spm-site's defaults): on every
    core (`build`), in one process (`serial`), or again with the cache a first, untimed build filled
    (`warm`: what a CI job that keeps its cache folder waits for). The site of each is compared with
    the previous step's: they must be byte-identical, or the bench stops."""
    site, cache = base / f"site-{step}", base / "cache"
    shutil.rmtree(site, ignore_errors=True)
    assert not (base / "mkdocs.yml").exists(), "build must use spm-site's default config"
    command = [str(BIN / "spm-site"), "build", "framework", "-d", str(site)]
    if step == "serial":
        command += ["-j", "1"]
    if step == "warm":
        shutil.rmtree(cache, ignore_errors=True)
        measure([*command, "--cache", str(cache)], base)  # fills the cache; not timed
        command += ["--cache", str(cache)]
    try:
        got: dict[str, object] = dict(measure(command, base))
        got["site"] = site_stats(site)
        _same_as_before(site, base / "site-compared")
        return got
    finally:
        shutil.rmtree(site, ignore_errors=True)
        shutil.rmtree(cache, ignore_errors=True)


def _same_as_before(site: Path, kept: Path) -> None:
    """Stop unless `site` holds exactly the files of the site kept from the step before (the marker,
    which names its folder, aside); then keep this one for the next comparison."""
    if kept.is_dir():
        def files(folder: Path) -> dict[str, bytes]:
            return {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*")
                    if p.is_file() and p.name != ".spm-site"}
        mine, theirs = files(site), files(kept)
        differ = sorted(k for k in mine.keys() | theirs.keys() if mine.get(k) != theirs.get(k))
        if differ:
            raise SystemExit(f"{site} differs from the previous build in {len(differ)} files, such as {differ[:3]}")
        shutil.rmtree(kept)
    shutil.copytree(site, kept)


def bench_size(size: int, repeat: int, steps: list[str]) -> dict[str, object]:
    load = os.getloadavg()[0]
    print(f"== {size} roles (load average {load:.1f} on {os.cpu_count()} CPUs)", flush=True)
    framework = ensure_framework(size)
    files, size_bytes = yaml_stats(framework)
    floor, pages = prepare_floor(size, framework)
    runs: dict[str, list[dict[str, float]]] = {s: [] for s in steps}
    site: object = None
    for i in range(repeat):  # interleaved, so that a slow patch of the machine hits every step alike
        for step in steps:
            got = run_step(step, size, framework, floor)
            if "site" in got:  # the same every run (deterministic build): kept once
                site = got.pop("site")
            runs[step].append(got)
            print(f"  run {i + 1}/{repeat} {LABELS[step]:>13}: {got['seconds']:7.2f} s (cpu {got['cpu_seconds']:7.2f} s)"
                  f" {got['peak_mb']:7.0f} MB", flush=True)
    shutil.rmtree(floor, ignore_errors=True)
    shutil.rmtree(framework.parent / "site-compared", ignore_errors=True)
    result: dict[str, object] = {
        "roles": size, "files": files, "yaml_mb": round(size_bytes / 1e6, 2), "pages": pages, "repeat": repeat,
        "load_average_before": round(load, 2),
        "steps": {s: {"seconds": round(statistics.median(r["seconds"] for r in rs), 3),
                      "cpu_seconds": round(statistics.median(r["cpu_seconds"] for r in rs), 3),
                      "peak_mb": round(statistics.median(r["peak_mb"] for r in rs), 1),
                      "runs_seconds": [round(r["seconds"], 3) for r in rs]} for s, rs in runs.items()},
        "machine": machine(),
    }
    if site is not None:
        result["site"] = site
    result["ratios"] = ratios(result["steps"])  # type: ignore[arg-type]
    return result


def ratios(steps: dict[str, dict[str, float]]) -> dict[str, float | None]:
    """Wall-time ratios (the goals), and the same on CPU time (less disturbed by other load)."""
    def ratio(a: str, b: str, key: str) -> float | None:
        if a in steps and b in steps and steps[b].get(key):
            return round(steps[a][key] / steps[b][key], 2)
        return None

    return {"check/parse": ratio("check", "parse", "seconds"), "build/mkdocs": ratio("build", "mkdocs", "seconds"),
            "check/parse cpu": ratio("check", "parse", "cpu_seconds"),
            "build/mkdocs cpu": ratio("build", "mkdocs", "cpu_seconds")}


# --- reporting --------------------------------------------------------------------------------------


def table(results: dict[str, dict]) -> str:
    head = ["roles", "pages", "YAML MB"] + [f"{LABELS[s]}: s (cpu s) / MB" for s in STEPS] + [
        f"check/parse (goal <= {GOALS['check/parse']}) (cpu)", f"build/mkdocs (goal <= {GOALS['build/mkdocs']}) (cpu)",
        "largest page KB", "search index MB", "all HTML MB"]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for key in sorted(results, key=int):
        r = results[key]
        cells = [str(r["roles"]), str(r["pages"]), f"{r['yaml_mb']:.1f}"]
        for s in STEPS:
            got = r["steps"].get(s)
            cpu = f" ({got['cpu_seconds']:.2f})" if got and "cpu_seconds" in got else ""
            cells.append(f"{got['seconds']:.2f}{cpu} / {got['peak_mb']:.0f}" if got else "—")
        for name, goal in GOALS.items():
            value, cpu_ratio = r["ratios"].get(name), r["ratios"].get(f"{name} cpu")
            mark = "" if value is None or r["roles"] != GOAL_SIZE else (" ok" if value <= goal else " MISSED")
            cpu = f" ({cpu_ratio:.2f})" if cpu_ratio is not None else ""
            cells.append("—" if value is None else f"{value:.2f}{mark}{cpu}")
        site = r.get("site")
        cells += ([f"{site['largest_page_kb']:.0f} (`{site['largest_page']}`)", f"{site['search_index_mb']}",
                   f"{site['html_mb']}"] if site else ["—"] * 3)
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def report(results: dict[str, dict], info: dict[str, object]) -> str:
    repeats = sorted({r["repeat"] for r in results.values()})
    return "\n".join([
        "# spm-site benchmark",
        "",
        f"Machine: {info['nproc']} CPUs, Python {info['python']}, {info['platform']}; spm-site {info['commit']}; "
        f"generator v{info['generator_version']}. Median of {'/'.join(map(str, repeats))} run(s); "
        "Step cells are wall seconds (CPU seconds) / peak MB, the step's own maximum resident memory; "
        "ratios are on wall time, with the same ratio on CPU time in brackets.",
        "",
        table(results),
        "",
        f"Goals at {GOAL_SIZE} roles: check within {GOALS['check/parse']}x of parsing the YAML with libyaml; "
        f"build within {GOALS['build/mkdocs']}x of a plain MkDocs build of the same pages.",
        "",
    ])


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.run", description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100,1000,5000", help="comma-separated role counts (default: %(default)s)")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each step; the median is kept (default: 3)")
    parser.add_argument("--steps", default=",".join(STEPS), help="comma-separated subset of: " + ", ".join(STEPS))
    parser.add_argument("--fresh", action="store_true", help="forget results of sizes not measured in this run")
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    steps = [s.strip() for s in args.steps.split(",") if s.strip()]
    unknown = set(steps) - set(STEPS)
    if unknown or args.repeat < 1:
        parser.error(f"unknown steps {sorted(unknown)}" if unknown else "--repeat must be at least 1")
    steps = [s for s in STEPS if s in steps]

    OUT.mkdir(parents=True, exist_ok=True)
    with _only_run():
        _main(args, sizes, steps)


@contextlib.contextmanager
def _only_run():
    """bench/out is shared: two runs at once would delete each other's sites and floors mid-step."""
    with open(OUT / ".lock", "w") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise SystemExit("another `python -m bench.run` is using bench/out; wait for it to finish") from None
        yield


def _main(args: argparse.Namespace, sizes: list[int], steps: list[str]) -> None:
    info = machine()
    print(f"machine: nproc {info['nproc']}, Python {info['python']}, {info['platform']}, spm-site {info['commit']}",
          flush=True)
    store = OUT / "results.json"
    results: dict[str, dict] = {}
    if store.is_file() and not args.fresh:
        results = json.loads(store.read_text()).get("results", {})
    for size in sizes:
        results[str(size)] = bench_size(size, args.repeat, steps)
        store.write_text(json.dumps({"machine": info, "results": results}, indent=2) + "\n")
    text = report(results, info)
    (OUT / "results.md").write_text(text)
    print()
    print(text)


if __name__ == "__main__":
    main()
