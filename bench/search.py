"""The search index of a synthetic handbook: its size, what fills it, and the browser's time to a first result.

    python -m bench.search --roles 1000 [--repeat 3] [--query WORD] [--site bench/out/1000/site-search]

Builds the synthetic framework of N roles with `spm-site build` (or reuses `--site`, a folder built
before), then reports `search/search_index.json`: its size, its entries, and the share of its text
that comes from role pages, their sections and each section title of role pages ("Line of sight"
holds the diagram's text and its table).
Then the folder is served over http on 127.0.0.1 and headless Chromium (Debian's, never a
download) opens the home page; the time runs from the page's `load` event to the first search
result shown for a word of a role's purpose typed into the search box. Material builds its index in
a web worker after the page loads, so a result cannot come before the index is ready: that wait is
what a reader meets. Each run is a new browser context (no cache), the best and the median are kept.
"""

from __future__ import annotations

import argparse
import functools
import http.server
import json
import os
import re
import shutil
import statistics
import subprocess
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from .run import BIN, ENV, OUT, ensure_framework

CHROMIUM = "/usr/bin/chromium"


def build(size: int, site: Path) -> dict[str, float]:
    """`spm-site build` of the synthetic framework into `site`; wall and CPU seconds of the build."""
    framework = ensure_framework(size)
    shutil.rmtree(site, ignore_errors=True)
    before = os.times()
    start = time.perf_counter()
    subprocess.run([str(BIN / "spm-site"), "build", "framework", "-d", str(site)], cwd=framework.parent, env=ENV,
                   check=True, capture_output=True)
    after = os.times()
    return {"seconds": round(time.perf_counter() - start, 2),
            "cpu_seconds": round(after.children_user - before.children_user
                                 + after.children_system - before.children_system, 2)}


def composition(index_file: Path) -> dict[str, object]:
    """How big the index is and where its text comes from (characters of the JSON text fields)."""
    data = json.loads(index_file.read_text(encoding="utf-8"))
    docs = data["docs"]
    text = sum(len(d["text"]) + len(d["title"]) for d in docs)
    roles = [d for d in docs if d["location"].startswith("roles/")]
    role_sections = [d for d in roles if "#" in d["location"]]
    return {
        "bytes": index_file.stat().st_size, "mb": round(index_file.stat().st_size / 1e6, 2),
        "entries": len(docs), "text_chars": text,
        "role_entries": len(roles), "role_section_entries": len(role_sections),
        "role_share": round(sum(len(d["text"]) for d in roles) / max(text, 1), 3),
        "role_sections_share": round(sum(len(d["text"]) for d in role_sections) / max(text, 1), 3),
        "by_section_title": _by_title(docs, text),
    }


def _by_title(docs: list[dict], total: int) -> dict[str, float]:
    """Share of the text under each section title of role pages (titles alike across roles), top 8."""
    counts: dict[str, int] = {}
    for d in docs:
        if d["location"].startswith("roles/") and "#" in d["location"]:
            key = re.sub(r"<[^>]+>", "", d["title"])
            counts[key] = counts.get(key, 0) + len(d["text"])
    top = sorted(counts.items(), key=lambda kv: -kv[1])[:8]
    return {k: round(v / max(total, 1), 3) for k, v in top}


def purpose_word(framework: Path) -> str:
    """A word from the purpose of the last role file: what a reader might type to find that role."""
    import yaml

    role = yaml.safe_load(sorted((framework / "roles").rglob("*.yml"))[-1].read_text(encoding="utf-8"))
    words = [w.strip(".,;:").lower() for w in role["purpose"].split()]
    return max(words, key=len)


@contextmanager
def served(site: Path) -> Iterator[str]:
    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/"
    finally:
        server.shutdown()
        server.server_close()


def first_result(url: str, query: str, repeat: int) -> list[float]:
    """Seconds from the home page's load event to the first search result, once per new browser context."""
    from playwright.sync_api import sync_playwright

    times = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        try:
            for _ in range(repeat):
                context = browser.new_context(viewport={"width": 1280, "height": 900})
                context.route("**/*", lambda r: r.continue_() if r.request.url.startswith(url) else r.abort())
                page = context.new_page()
                page.goto(url, wait_until="load")
                loaded = time.perf_counter()
                search = page.locator("input.md-search__input")
                search.click()
                search.fill(query)
                search.press("End")  # a keyup: Material reads the box on keyup, or once its index is ready
                page.locator(".md-search-result__item").first.wait_for(state="visible", timeout=120_000)
                times.append(round(time.perf_counter() - loaded, 2))
                context.close()
        finally:
            browser.close()
    return times


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.search", description=__doc__.splitlines()[0])
    parser.add_argument("--roles", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=3, help="browser runs (default: %(default)s)")
    parser.add_argument("--query", help="the word typed (default: the longest word of a role's purpose)")
    parser.add_argument("--site", type=Path, help="a site built before, instead of building one")
    parser.add_argument("--keep", action="store_true", help="keep the built site (bench/out/<N>/site-search)")
    args = parser.parse_args(argv)
    load = os.getloadavg()[0]
    framework = ensure_framework(args.roles)
    site = args.site or OUT / str(args.roles) / "site-search"
    result: dict[str, object] = {"roles": args.roles, "load_average_before": round(load, 2)}
    if args.site is None:
        result["build"] = build(args.roles, site)
    try:
        result["index"] = composition(site / "search" / "search_index.json")
        query = args.query or purpose_word(framework)
        with served(site) as url:
            times = first_result(url, query, args.repeat)
        result["query"] = query
        result["first_result_seconds"] = {"best": min(times), "median": statistics.median(times), "runs": times}
    finally:
        if args.site is None and not args.keep:
            shutil.rmtree(site, ignore_errors=True)
    print(json.dumps(result, indent=2))
    store = OUT / "search.json"
    old = json.loads(store.read_text()) if store.is_file() else {}
    old[str(args.roles)] = result
    store.write_text(json.dumps(old, indent=2) + "\n")


if __name__ == "__main__":
    main()
