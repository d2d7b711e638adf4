"""`spm-site serve` when a rebuild fails: an error page with every finding, assets from the last
good build, recovery by itself, and findings in the terminal.

The error page is checked as HTML (what it lists, in what order, and that hostile author text stays
text); the server is a real `spm-site serve` process on 127.0.0.1 over a temporary framework.
"""

from __future__ import annotations

import base64
import hashlib
import re
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest

from spm_site.diagnostics import Diagnostic, Location, Severity
from spm_site.engine.serve import is_page
from spm_site.site.error_page import CONTENT_POLICY, RELOAD_SCRIPT, Failure, error_page

from conftest import MINIMAL, write_framework
from preview_server import SPM_SITE, free_port, serve

PACKAGE_TEMPLATES = Path(__file__).resolve().parents[1] / "spm_site/site/templates"
HOSTILE = '</code></p><script>alert(1)</script><img src="https://evil.example/x.gif" onerror="alert(2)">\u202e'


class Parsed(HTMLParser):
    """Every tag, attribute and script body of a page, as a browser's parser meets them."""

    def __init__(self, page: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.scripts: list[str] = []
        self.text: list[str] = []
        self._in_script = False
        self.feed(page)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        self._in_script = tag == "script"
        if self._in_script:
            self.scripts.append("")

    def handle_endtag(self, tag: str) -> None:
        self._in_script = False

    def handle_data(self, data: str) -> None:
        if self._in_script:
            self.scripts[-1] += data
        else:
            self.text.append(data)


def finding(message: str, severity: Severity = Severity.ERROR, **kw) -> Diagnostic:
    return Diagnostic(Location(kw.pop("file", "framework/roles/ae.yml"), kw.pop("line", 7), kw.pop("col", 12)),
                      kw.pop("rule", "unknown-reference"), message, severity=severity, **kw)


def test_the_error_page_lists_every_finding_errors_first_with_where_what_and_help():
    warning = finding("role 'ae' names nothing to develop", Severity.WARNING, rule="role-without-development",
                      code="SPM110", file="framework/roles/ae.yml", line=1, col=1, hint="list under 'development:'")
    error = finding("unknown level 'l9'", hint="use a level id defined in levels.yml",
                    excerpt="  - level: l9", line=7, col=12)
    other = finding("weights add up to 90", file="framework/roles/z.yml", line=3, col=5, rule="weights-not-100",
                    code="SPM113")
    page = error_page(Failure([warning, error, other], ["Aborted with 1 warning in strict mode!"]), epoch=42)
    parsed = Parsed(page)
    text = " ".join(" ".join(parsed.text).split())
    assert parsed.tags[0] == ("html", {"lang": "en", "data-epoch": "42"})
    assert "Found 2 errors, 1 warning." in text
    # errors (what stops the build) before the warning, each located and with its help
    order = [text.index(s) for s in ("What stops the build", "framework/roles/ae.yml:7:12 error unknown-reference",
                                     "unknown level 'l9'", "help: use a level id defined in levels.yml",
                                     "spm-site explain unknown-reference", "framework/roles/z.yml:3:5 error",
                                     "SPM113 weights-not-100", "What the build said",
                                     "Aborted with 1 warning in strict mode!", "Warnings",
                                     "framework/roles/ae.yml:1:1 warning SPM110 role-without-development",
                                     "spm-site explain SPM110")]
    assert order == sorted(order)
    # the source line, its column marked
    assert '<pre class="source" aria-label="line 7">   7 |   - level: <mark>l</mark>9</pre>' in page


def test_hostile_author_text_stays_text_and_the_page_loads_nothing():
    page = error_page(Failure([finding(HOSTILE, hint=HOSTILE, excerpt=f"name: {HOSTILE}", col=7,
                                       file=f"framework/roles/{HOSTILE}.yml")], [HOSTILE]), epoch=1)
    parsed = Parsed(page)
    tags = {tag for tag, _ in parsed.tags}
    assert tags <= {"html", "head", "meta", "title", "style", "body", "main", "h1", "h2", "p", "ol", "li", "code",
                    "span", "pre", "strong", "mark", "script"}
    assert "img" not in tags
    assert not [name for _, attrs in parsed.tags for name in attrs if name.startswith("on")]
    # one script, ours, and the policy allows exactly it: nothing else runs, nothing loads from a host
    assert parsed.scripts == [RELOAD_SCRIPT]
    digest = base64.b64encode(hashlib.sha256(parsed.scripts[0].encode()).digest()).decode()
    assert f"script-src 'sha256-{digest}'" in CONTENT_POLICY and "default-src 'none'" in CONTENT_POLICY
    policy = [attrs["content"] for tag, attrs in parsed.tags if tag == "meta" and attrs.get("http-equiv")]
    assert policy == [CONTENT_POLICY]
    assert not [name for _, attrs in parsed.tags for name in attrs if name in ("src", "href", "action", "style")]
    # the author's text is all there, as text, and the invisible reordering character shows as an escape
    shown = "".join(parsed.text)
    assert shown.count("<script>alert(1)</script>") == 5  # path, message, source line, help, note
    assert "\u202e" not in page and "\\u202e" in shown


@pytest.mark.parametrize(("path", "page"), [
    ("/", True), ("/roles/account-executive/", True), ("/roles/account-executive", True), ("/404.html", True),
    ("/assets/spm.css", False), ("/assets/javascripts/bundle.js", False), ("/search/search_index.json", False),
    ("/sitemap.xml", False), ("/livereload/123/456", False),
])
def test_which_requests_get_the_error_page(path, page):
    assert is_page(path) is page


# --- a real `spm-site serve` -------------------------------------------------------------------

ROLE = "roles/account-executive.yml"
NO_DEVELOPMENT = MINIMAL[ROLE].replace("development:\n  - Run discovery without a script.\n", "")


@pytest.fixture
def project(tmp_path: Path, monkeypatch) -> Path:
    """A project folder whose framework has one warning; TMPDIR of its own, to see what serve leaves."""
    root = tmp_path / "project"
    write_framework(root / "framework", {**MINIMAL, ROLE: NO_DEVELOPMENT, "spm.yml": "rules:\n  SPM110: warning\n"})
    monkeypatch.setenv("TMPDIR", str(tmp_path / "tmp"))
    (tmp_path / "tmp").mkdir()
    return root


def test_a_failed_rebuild_shows_its_findings_keeps_the_assets_and_recovers(project, tmp_path):
    role = project / "framework" / ROLE
    with serve(project, "framework") as served:
        # a good build: its warning is printed in the terminal, not only on the alignment page
        assert f"framework/{ROLE}:1:1: warning[SPM110 role-without-development]" in served.terminal
        status, _, good = served.get("roles/account-executive/")
        assert status == 200 and b"Account executive" in good
        css = re.search(rb'href="([^"]*assets/spm\.css)"', good)[1].decode().replace("../", "")
        assert served.get(css)[0] == 200
        before = served.get(css)[2]

        # a rule made an error in spm.yml ("strict" for one rule): the rebuild fails on its finding
        seen = len(served.terminal)
        (project / "framework/spm.yml").write_text("rules:\n  SPM110: error\n")
        seen = served.wait_for(f"framework/{ROLE}:1:1: error[SPM110 role-without-development]", seen)
        seen = served.wait_for("shows what is wrong until it is fixed", seen)
        for path in ("roles/account-executive/", "", "measures/win-rate/"):  # every page, not the one that broke
            status, kind, body = served.get(path)
            assert (status, kind) == (500, "text/html; charset=utf-8")
            page = body.decode()
            assert "The handbook could not be rebuilt" in page
            assert f"<code>framework/{ROLE}:1:1</code> <span class=\"severity\">error</span>" in page
            assert "help:</strong> list under &#x27;development:&#x27;" in page
        assert served.get(css) == (200, "text/css", before)  # the last good build's styles

        # then a YAML value that looks like HTML, quoted in the message: shown as text
        role.write_text(NO_DEVELOPMENT.replace("reports_to: head-of-sales", 'reports_to: "<script>x()</script>"'))
        seen = served.wait_for("error[invalid-id]", seen)
        seen = served.wait_for("shows what is wrong until it is fixed", seen)
        page = served.get("roles/account-executive/")[2].decode()
        assert f"<code>framework/{ROLE}:3:13</code>" in page
        assert "&#x27;&lt;script&gt;x()&lt;/script&gt;&#x27; is not a valid id" in page and "<script>x()" not in page
        assert served.get(css) == (200, "text/css", before)

        # fixed: the handbook is back, and the warning is listed again
        (project / "framework/spm.yml").write_text("rules:\n  SPM110: warning\n")
        role.write_text(NO_DEVELOPMENT)
        seen = served.wait_for("Reloading browsers", served.wait_for(
            f"framework/{ROLE}:1:1: warning[SPM110", seen))
        status, _, body = served.get("roles/account-executive/")
        assert status == 200 and b"Account executive" in body

        # the same warnings again: one line, not the whole list
        role.write_text(NO_DEVELOPMENT + "\n")
        served.wait_for("1 finding, as listed before.", seen)
    assert list((tmp_path / "tmp").iterdir()) == []  # the served site and its folders are gone


def test_a_template_error_at_start_is_shown_and_fixed_without_a_restart(project):
    templates = project / "theme" / "templates"
    templates.mkdir(parents=True)
    good = (PACKAGE_TEMPLATES / "home.md.j2").read_text()
    (templates / "home.md.j2").write_text("# Welcome\n\n{{ organisation.name \n")
    with serve(project, "framework") as served:
        status, _, body = served.get("")
        assert status == 500
        page = body.decode()
        assert "theme/templates/home.md.j2:3" in page and "What stops the build" in page
        seen = len(served.terminal)
        (templates / "home.md.j2").write_text(good)
        served.wait_for("Reloading browsers", seen)
        status, _, body = served.get("")
        assert status == 200 and b"The handbook could not be rebuilt" not in body


def test_mkdocs_warnings_stop_a_strict_preview_and_are_shown_as_said(project):
    """A broken link in a hand-written page: MkDocs warns, `--strict` (the default, as for `build`)
    stops the build; the page shows MkDocs' words, and `--no-strict` previews the handbook anyway."""
    write_framework(project, {"mkdocs.yml": "site_name: Handbook\ntheme: material\nplugins:\n  - spm\n",
                              "docs/notes.md": "# Notes\n\nSee [the plan](plan.md).\n"})
    with serve(project) as served:
        status, _, body = served.get("notes/")
        assert status == 500
        page = body.decode()
        assert "What the build said" in page and "Aborted with 1 warnings in strict mode!" in page
        assert "contains a link &#x27;plan.md&#x27;, but the target is not found" in page
        assert "error: Aborted with 1 warnings in strict mode!" in served.terminal
        seen = len(served.terminal)
        (project / "docs/plan.md").write_text("# Plan\n")
        served.wait_for("Reloading browsers", seen)
        assert served.get("notes/")[0] == 200
    (project / "docs/plan.md").unlink()
    with serve(project, "--no-strict") as served:
        assert served.get("notes/")[0] == 200


def test_a_config_without_the_plugin_stops_serve_at_once_with_one_line(project, tmp_path):
    """Nothing to preview and nothing to watch: a located reason and exit 1, not a traceback."""
    write_framework(project, {"mkdocs.yml": "site_name: Handbook\ntheme: material\nplugins:\n  - search\n"})
    done = subprocess.run([str(SPM_SITE), "serve", "-a", f"127.0.0.1:{free_port()}"], cwd=project,
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 1
    assert "does not enable the 'spm' plugin: add '- spm' under 'plugins:'" in done.stderr
    assert "Traceback" not in done.stderr
    assert list((tmp_path / "tmp").iterdir()) == []
