"""What every browser test needs: a real build in its own process, served over loopback, and a page
that refuses and records every request to another host.

A handbook must work from a static folder with no request to any outside host, so each test's page
aborts such requests and the test (or `guarded_page` itself) asserts that none was made.
"""

from __future__ import annotations

import functools
import http.server
import os
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlparse

SPM_SITE = Path(sys.executable).with_name("spm-site")


def build_site(framework: Path | None, site: Path, *args: str, cwd: Path | None = None,
               env: dict[str, str] | None = None) -> Path:
    """`spm-site build --strict` in a separate process, exactly as an author runs it.

    `cwd` defaults to the site's parent: not the repository, whose mkdocs.yml names the sample's site.
    With `framework` None, the folder's own mkdocs.yml and framework/ are used (`--site-dir` too).
    """
    command = [str(SPM_SITE), "build", *([str(framework), "--strict", "--site-dir", str(site)] if framework else []),
               *args]
    environment = {**os.environ, "NO_MKDOCS_2_WARNING": "1", **(env or {})}
    done = subprocess.run(command, cwd=cwd or site.parent, env=environment, capture_output=True, text=True,
                          timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
    return site


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


@contextmanager
def serve_folder(site: Path) -> Iterator[str]:
    """The folder served on 127.0.0.1 (a free port) as a static host would: yields its base URL."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/"
    finally:
        server.shutdown()
        server.server_close()


def is_local(url: str) -> bool:
    return urlparse(url).hostname == "127.0.0.1" or url.startswith(("data:", "blob:"))


@contextmanager
def guarded_page(browser, *, strict: bool = True, **options: object) -> Iterator[object]:  # noqa: ANN001
    """A new page whose requests to other hosts are refused and kept in `page.outside`, and whose
    script errors are kept in `page.errors`; with `strict`, leaving asserts there were none."""
    context = browser.new_context(**({"viewport": {"width": 1280, "height": 900}} | options))
    outside: list[str] = []
    errors: list[str] = []

    def route(r) -> None:  # noqa: ANN001 - a Playwright Route
        if is_local(r.request.url):
            r.continue_()
        else:
            outside.append(r.request.url)
            r.abort()

    context.route("**/*", route)
    tab = context.new_page()
    tab.on("pageerror", lambda e: errors.append(str(e)))
    tab.outside, tab.errors = outside, errors
    try:
        yield tab
    finally:
        context.close()
    if strict:
        assert outside == [] and errors == [], (outside, errors)
