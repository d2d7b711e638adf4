"""Where a build's time goes, page by page: one `spm-site build` of N roles under cProfile, split by part.

    python -m bench.profile --roles 1000 [--top 15] [--save bench/out/profile-1000.prof]
    python -m bench.profile --roles 100 --rebuild    # one preview rebuild after a one-role edit

The build runs in this process (`build_handbook`, as `spm-site build` calls it, spm-site's default
config) with cProfile on, and the profile's cumulative time is split into the parts issue 14 names:
Python-Markdown (its `convert`; with two of its stages shown apart: inline patterns and the raw-HTML
stash), Material's search plugin (its HTML parse of every page and writing the index), theme
rendering (MkDocs rendering each page with Material's templates), spm-site's own page rendering
(`Renderer.pages`: views, Jinja templates, sanitising), the check, the post-build output scan, and
the rest (MkDocs' nav, files, link validation, writing). The profiler's clock is CPU time, so other
load on the machine does not count. Shares are of the profiled total; cProfile slows Python-level
code more than C code, so read the shares, not the seconds. Per page = total / HTML pages.

With `--rebuild`, what is profiled is the preview's rebuild (`serve.Preview.rebuild`, in this process,
as `spm-site serve` runs it) after one role file is edited, once a first rebuild has filled the
preview's memory (its page cache and compiled templates): what an author waits for after a save.
"""

from __future__ import annotations

import argparse
import cProfile
import json
import os
import pstats
import shutil
import time
from pathlib import Path

from .run import OUT, ensure_framework

#: part -> (file suffix, function name[, caller's file suffix, caller's name]) whose cumulative times add
#: up to the part; with a caller, only the time of the calls from that caller (MkDocs renders each page's
#: theme template inline in `_build_page`, with the same Jinja `render` spm-site's templates use).
PARTS: dict[str, list[tuple[str, ...]]] = {
    "check": [("spm_site/pipeline.py", "check_framework")],
    "spm-site page rendering (views, Jinja, sanitising)": [("spm_site/site/render.py", "pages")],
    "Python-Markdown": [("markdown/core.py", "convert")],
    "  of which inline patterns": [("markdown/treeprocessors.py", "run")],
    "  of which raw HTML (block scan + placeholders)": [("markdown/preprocessors.py", "run"),
                                                        ("markdown/postprocessors.py", "run")],
    "search plugin": [("material/plugins/search/plugin.py", "on_page_context"),
                      ("material/plugins/search/plugin.py", "on_post_build")],
    "theme rendering": [("mkdocs/commands/build.py", "_build_template"),
                        ("jinja2/environment.py", "render", "mkdocs/commands/build.py", "_build_page")],
    "output scan": [("spm_site/engine/output_scan.py", "scan")],
}


def split(stats: pstats.Stats) -> tuple[float, dict[str, float]]:
    table = stats.stats  # type: ignore[attr-defined]
    total = max(ct for (_, _, _, ct, _) in table.values())
    parts: dict[str, float] = {}
    for part, wanted in PARTS.items():
        seconds = 0.0
        for (file, _line, name), (_cc, _nc, _tt, ct, callers) in table.items():
            for suffix, fn, *caller in wanted:
                if not (file.endswith(suffix) and name == fn):
                    continue
                if part.startswith("  of which inline") and "InlineProcessor" not in _owner(file, _line):
                    continue
                if caller:  # only the calls from that caller: callers maps it to (cc, nc, tt, ct)
                    seconds += sum(c[3] for (cf, _, cn), c in callers.items()
                                   if cf.endswith(caller[0]) and cn == caller[1])
                else:
                    seconds += ct
        parts[part] = seconds
    top = sum(v for k, v in parts.items() if not k.startswith("  "))
    parts["rest (MkDocs nav, files, links, writing)"] = max(total - top, 0.0)
    return total, parts


def _owner(file: str, line: int) -> str:
    """The class a `run` method at this line belongs to (treeprocessors has several)."""
    try:
        lines = Path(file).read_text(encoding="utf-8").splitlines()[:line]
    except OSError:
        return ""
    for text in reversed(lines):
        if text.startswith("class "):
            return text
    return ""


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.profile", description=__doc__.splitlines()[0])
    parser.add_argument("--roles", type=int, default=1000)
    parser.add_argument("--top", type=int, default=0, help="also print the N functions with most own time")
    parser.add_argument("--save", type=Path, help="write the raw profile (for snakeviz, pstats)")
    parser.add_argument("--rebuild", action="store_true", help="profile a preview rebuild after a one-role edit")
    args = parser.parse_args(argv)
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    from spm_site.engine.build import build_handbook

    framework = ensure_framework(args.roles)
    if args.rebuild:
        return rebuild(framework, args)
    site = framework.parent / "site-profile"
    shutil.rmtree(site, ignore_errors=True)
    here = Path.cwd()
    load = os.getloadavg()[0]
    profiler = cProfile.Profile(time.process_time)  # CPU time: other load on the machine does not count
    os.chdir(framework.parent)  # no mkdocs.yml there: spm-site's default config, as bench.run builds
    try:
        cpu, wall = time.process_time(), time.perf_counter()
        profiler.enable()
        result, _ = build_handbook(Path("framework"), site, workers=1)  # one process: workers escape the profiler
        profiler.disable()
        cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
        assert result.ok
        pages = sum(1 for _ in site.rglob("*.html"))
    finally:
        os.chdir(here)
        shutil.rmtree(site, ignore_errors=True)
    report(profiler, args, pages, wall, cpu, load, f"{args.roles} roles")


def rebuild(framework: Path, args: argparse.Namespace) -> None:
    """Profile `serve`'s rebuild after a one-role edit, on a copy of the framework (deleted afterwards)."""
    from spm_site.engine.build import spm_plugin
    from spm_site.engine.serve import Preview

    work = framework.parent / "profile-rebuild"
    shutil.rmtree(work, ignore_errors=True)
    shutil.copytree(framework, work / "framework")
    here = Path.cwd()
    load = os.getloadavg()[0]
    os.chdir(work)
    preview = Preview(None, {}, strict=False)
    try:
        config = preview.config()
        spm_plugin(config)
        config.plugins.on_startup(command="serve", dirty=False)  # as serve starts: one process, the cache in memory
        preview.rebuild(config)  # the first build: what serve does once before it watches
        role = sorted((work / "framework" / "roles").glob("*.yml"))[-1]
        role.write_text(role.read_text(encoding="utf-8").replace("purpose: ", "purpose: Profiled ", 1), encoding="utf-8")
        profiler = cProfile.Profile(time.process_time)
        cpu, wall = time.process_time(), time.perf_counter()
        profiler.enable()
        preview.rebuild()
        profiler.disable()
        cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
        assert preview.failed_page is None
        pages = sum(1 for _ in preview.site.rglob("*.html"))
    finally:
        preview.close()
        os.chdir(here)
        shutil.rmtree(work, ignore_errors=True)
    report(profiler, args, pages, wall, cpu, load, f"{args.roles} roles, rebuild")


def report(profiler: cProfile.Profile, args: argparse.Namespace, pages: int, wall: float, cpu: float,
           load: float, key: str) -> None:
    """Print the split (and the top functions), and keep it in bench/out/profile.json under `key`."""
    stats = pstats.Stats(profiler)
    if args.save:
        stats.dump_stats(args.save)
    total, parts = split(stats)
    print(f"{key}: {pages} HTML pages; profiled build {wall:.1f} s wall, {cpu:.1f} s CPU "
          f"(load average {load:.1f}); {1000 * cpu / pages:.1f} ms CPU a page under cProfile")
    print(f"| part | s (profiled) | share | ms a page |\n|---|---|---|---|")
    for part, seconds in parts.items():
        print(f"| {part} | {seconds:.1f} | {seconds / total:.0%} | {1000 * seconds / pages:.1f} |")
    if args.top:
        stats.sort_stats("tottime").print_stats(args.top)
    store = OUT / "profile.json"
    old = json.loads(store.read_text()) if store.is_file() else {}
    old[key] = {"pages": pages, "wall": round(wall, 2), "cpu": round(cpu, 2), "load_average_before": load,
                "parts": {k.strip(): round(v, 2) for k, v in parts.items()}}
    store.write_text(json.dumps(old, indent=2) + "\n")


if __name__ == "__main__":
    main()
