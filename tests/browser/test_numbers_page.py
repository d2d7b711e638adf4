"""Formatted numbers on a role page of the sample handbook, in a real Chromium.

The sample states `locale: en-GB` and `currency: GBP`: the account executive's page must read
£300,000 (not 300000 GBP), `14 calls a month` where the measure states its period, and the reason
its discovery-call target falls by level, in the table and the sentences alike. The sample is built
in a separate process, served on 127.0.0.1; requests to other hosts are refused and recorded.
"""

from __future__ import annotations

import functools
import http.server
import os
import subprocess
import sys
import threading
from pathlib import Path
from urllib.parse import urlparse

import pytest

pytestmark = pytest.mark.browser

REPO = Path(__file__).resolve().parents[2]
ARTIFACTS = REPO / "test-artifacts"


@pytest.fixture(scope="module")
def base_url(tmp_path_factory):
    site = tmp_path_factory.mktemp("numbers-browser") / "site"
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    done = subprocess.run([str(Path(sys.executable).with_name("spm-site")), "build", str(REPO / "framework"),
                           "--strict", "--site-dir", str(site)], cwd=site.parent, env=env, capture_output=True,
                          text=True, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}/"
    server.shutdown()
    server.server_close()


def test_the_role_page_writes_money_percentages_and_periods_as_people_do(browser, base_url):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    outside: list[str] = []
    context.route("**/*", lambda r: r.continue_() if urlparse(r.request.url).hostname == "127.0.0.1"
                  else (outside.append(r.request.url), r.abort()))
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(base_url + "roles/account-executive/")
    table = page.locator("table", has=page.locator("th", has_text="Measure")).filter(has_text="Discovery calls held").first
    row = table.locator("tr", has_text="New ARR booked").first
    cells = [c.split("\n")[0].strip() for c in row.locator("td").all_inner_texts()]  # not the screen-reader word
    assert cells[1:4] == ["£300,000", "£400,000 ↑", "£520,000 ↑"], cells
    calls = [c.strip() for c in table.locator("tr", has_text="Discovery calls held").first.locator("td").all_inner_texts()]
    assert calls[1] == "14 calls a month", calls
    body = page.locator("article").inner_text()
    assert ("Targets at this level: New ARR booked £300,000, Win rate 22%, Pipeline coverage 3x, Discovery calls held "
            "14 calls a month, Forecast accuracy 95%, Average discount rate 12%.") in body
    assert "Senior account executives lead fewer, larger and slower deals" in body
    assert "300000" not in body and " GBP" not in body.split("Expectations")[0]
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "numbers-account-executive.png"), full_page=True)
    assert outside == [] and errors == []
    context.close()
