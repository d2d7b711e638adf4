"""`spm-site serve` never makes a reader wait for a rebuild: while one runs, requests are answered at
once from the previous site, and open pages reload when the new one is in place.

The rebuild is made slow by a real MkDocs hook (`hooks:` in the project's mkdocs.yml) that holds the
build at its end while a gate file exists; the server is a real `spm-site serve` process on 127.0.0.1.
"""

from __future__ import annotations

import re
import time
import urllib.request
from pathlib import Path

import pytest

from conftest import MINIMAL, write_framework
from preview_server import serve

ROLE = "roles/account-executive.yml"
PURPOSE = "Win new customers who will succeed with us."

HOOK = '''\
"""Holds each build at its end while the gate file exists: a rebuild as slow as the test wants."""
import os
import time
from pathlib import Path

def on_post_build(config, **kwargs):
    gate = Path(os.environ["SPM_TEST_GATE"])
    if (gate / "hold").exists():
        (gate / "held").write_text("")
        deadline = time.monotonic() + 120
        while (gate / "hold").exists() and time.monotonic() < deadline:
            time.sleep(0.05)
'''


@pytest.fixture
def project(tmp_path: Path, monkeypatch) -> Path:
    root = tmp_path / "project"
    write_framework(root / "framework", MINIMAL)
    write_framework(root, {"mkdocs.yml": "site_name: Handbook\ntheme: material\nplugins:\n  - spm\nhooks:\n  - slow.py\n",
                           "slow.py": HOOK})
    (root / "docs").mkdir()
    gate = tmp_path / "gate"
    gate.mkdir()
    monkeypatch.setenv("SPM_TEST_GATE", str(gate))
    return root


def timed_get(url: str) -> tuple[float, int, bytes]:
    """Seconds to the whole answer, its status and its body; a held request fails the test by timeout."""
    start = time.perf_counter()
    with urllib.request.urlopen(url, timeout=20) as response:
        body = response.read()
        return time.perf_counter() - start, response.status, body


def wait_for_file(path: Path, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while not path.exists():
        assert time.monotonic() < deadline, f"{path.name} never appeared"
        time.sleep(0.05)


def test_a_request_during_a_slow_rebuild_gets_the_previous_page_at_once(project, tmp_path):
    gate = tmp_path / "gate"
    role = project / "framework" / ROLE
    with serve(project) as served:
        page = served.url + "roles/account-executive/"
        _, status, before = timed_get(page)
        assert status == 200 and PURPOSE.encode() in before
        epoch = int(before.split(b"livereload(", 1)[1].split(b",", 1)[0])

        (gate / "hold").write_text("")
        seen = len(served.terminal)
        role.write_text(MINIMAL[ROLE].replace(PURPOSE, "Win customers in the north."))
        wait_for_file(gate / "held")  # the rebuild has built every page and is held at its end

        css = re.search(rb'href="([^"]*assets/spm\.css)"', before)[1].decode().replace("../", "")
        for url in (page, served.url, served.url + css):
            seconds, status, body = timed_get(url)
            assert status == 200 and seconds < 2, (url, seconds)
        seconds, status, body = timed_get(page)
        assert PURPOSE.encode() in body and b"in the north" not in body  # the previous page, whole
        assert f"livereload({epoch},".encode() in body  # with the previous version: it reloads when the new one is in
        assert b"</html>" in body

        (gate / "hold").unlink()
        served.wait_for("Reloading browsers", seen)
        _, status, after = timed_get(page)
        assert status == 200 and b"Win customers in the north." in after and PURPOSE.encode() not in after
        # an open page's live-reload poll answers with a newer version at once: the browser reloads
        seconds, _, newer = timed_get(served.url + f"livereload/{epoch}/1")
        assert int(newer) > epoch and seconds < 2


def test_a_slow_rebuild_that_fails_still_answers_readers_and_then_shows_the_error(project, tmp_path):
    gate = tmp_path / "gate"
    role = project / "framework" / ROLE
    with serve(project) as served:
        page = served.url + "roles/account-executive/"
        assert timed_get(page)[1] == 200
        # a broken link in a hand-written page: the check passes, MkDocs' strict build fails at its end
        (gate / "hold").write_text("")
        seen = len(served.terminal)
        (project / "docs" / "notes.md").write_text("# Notes\n\nSee [the plan](plan.md).\n")
        wait_for_file(gate / "held")
        seconds, status, body = timed_get(page)
        assert status == 200 and seconds < 2 and PURPOSE.encode() in body
        (gate / "hold").unlink()
        served.wait_for("shows what is wrong until it is fixed", seen)
        served.wait_for("Reloading browsers", seen)
        status, _, body = served.get("roles/account-executive/")
        assert status == 500 and b"The handbook could not be rebuilt" in body
        # fixed: the next (quick) rebuild brings the handbook back
        seen = len(served.terminal)
        (project / "docs" / "notes.md").unlink()
        role.write_text(MINIMAL[ROLE] + "\n")
        served.wait_for("Reloading browsers", seen)
        assert served.get("roles/account-executive/")[0] == 200
