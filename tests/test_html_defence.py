"""Defence in depth for HTML: hostile text in every field, the allow-list, the post-build scan, docs/ hygiene.

Every test builds a real site with MkDocs and Material and asserts on the raw bytes of what was built.
"""

from __future__ import annotations

import html
import re
import types
import typing
from pathlib import Path
from urllib.parse import urljoin

import material
import mkdocs
import pytest
import yaml
from html.parser import HTMLParser
from pydantic import AfterValidator, BaseModel

from conftest import MINIMAL
from spm_site.site import html_clean, sanitize
from spm_site.framework import model
from spm_site.engine import output_scan
from spm_site.cli import cli
from spm_site.engine.plugin import THEME_DIR, publishable

REPO = Path(__file__).resolve().parent.parent
TRUST = output_scan.Trust.of_theme(
    [THEME_DIR, Path(material.__file__).parent / "templates", Path(mkdocs.__file__).parent / "templates"],
    ["assets/spm.js"])

# --- hostile text in every text field -----------------------------------------------------------

#: Several variants of each trick; multi-line ones only go where Markdown blocks are allowed.
PAYLOADS = {
    "nested-brackets": "[a [nested] b](javascript:alert(1)) [c [d [e]] f](javascript:alert(1))",
    "ref-in-list": "- item [x][r]\n\n  [r]: javascript:alert(2)\n- [y][s]\n  [s]: JAVASCRIPT:alert(2)",
    "ref-in-quote": "> [x][r]\n>\n> [r]: javascript:alert(3)\n\n> > [y][t]\n> > [t]: data:text/html,hi",
    "script": "<script>alert(4)</script><SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    "img-tag": "<img src=https://evil.example/x.gif> <img src=x onerror=alert(5)>",
    "md-image": "![x](https://evil.example/p.gif) ![y](//evil.example/q.gif) ![z][r]\n\n[r]: https://evil.example/r.gif",
    "svg": "<svg onload=alert(7)><image href=https://evil.example/s.png /></svg>",
    "entities": "[e](java&#115;cript:alert(8)) [f](&#106;avascript:alert(8)) [g](jav&#x09;ascript:alert(8)) &lt;script&gt;",
    "attr-list": "Text {: onclick=alert(9) } and *em*{: onmouseover=\"alert(9)\" }",
    "autolink": "<javascript:alert(10)> <https://evil.example/auto>",
    "data-url": "[d](data:text/html;base64,PHNjcmlwdD4=) ![i](data:image/svg+xml;base64,PHN2Zz4=)",
    "breakout": "</title><script>alert(12)</script> \"><img src=x onerror=alert(12)> &lt;/title&gt; ' \"",
    "off-site": "[p](//evil.example/x) [q](/\\evil.example/y) [r](\\\\evil.example) [s](../../../etc/x)",
}

FILE_MODELS: dict[str, type[BaseModel]] = {
    "organisation.yml": model.Organisation, "principles.yml": model.PrinciplesFile, "levels.yml": model.LevelsFile,
    "feedback.yml": model.FeedbackFile, "values/": model.Value, "objectives/": model.Objective,
    "functions/": model.Function, "roles/": model.Role, "measures/": model.MeasureGroup,
}
#: Text fields that must name something real to pass the check: a waiver's rule code, and the
#: organisation's locale and currency, which are codes CLDR and ISO 4217 must know.
NOT_FREE_TEXT = {"rule", "locale", "currency"}


def _field_kind(annotation: object, metadata: typing.Sequence[object] = ()) -> tuple[str, type[BaseModel] | None, bool]:
    """('text' | 'name' | 'id' | 'model' | 'other', the model class, is a list) of a model field."""
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        base, *meta = typing.get_args(annotation)
        return _field_kind(base, [*metadata, *meta])
    if origin is list:
        kind, sub, _ = _field_kind(typing.get_args(annotation)[0])
        return kind, sub, True
    if origin in (typing.Union, types.UnionType):
        return _field_kind(next(a for a in typing.get_args(annotation) if a is not type(None)), metadata)
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return "model", annotation, False
    if annotation is str:
        if any(getattr(m, "pattern", None) for m in metadata):
            return "id", None, False
        return ("name" if any(isinstance(m, AfterValidator) for m in metadata) else "text"), None, False
    return "other", None, False


def _fill(data: dict, cls: type[BaseModel], payload: str) -> None:
    """Put the payload in every text field of `data` (and every optional one it lacks), recursively."""
    one_line = " ".join(payload.split())
    for name, info in cls.model_fields.items():
        key = info.alias or name
        kind, sub, many = _field_kind(info.annotation, info.metadata)
        if kind in ("text", "name") and name not in NOT_FREE_TEXT:
            value = one_line if kind == "name" else payload
            data[key] = [value] * max(1, len(data.get(key) or [])) if many else value
        elif kind == "model" and key in data:
            for item in data[key] if many else [data[key]]:
                _fill(item, sub, payload)


def hostile_framework(payload: str) -> dict[str, str]:
    """MINIMAL with the payload in every text field of every file, as YAML."""
    out = {}
    for path, text in MINIMAL.items():
        cls = next(c for prefix, c in FILE_MODELS.items() if path == prefix or path.startswith(prefix))
        data = yaml.safe_load(text)
        _fill(data, cls, payload)
        out[path] = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=10_000)
    return out


def test_the_hostile_framework_reaches_every_text_field():
    files = hostile_framework("PAYLOAD")
    role = yaml.safe_load(files["roles/account-executive.yml"])
    assert role["name"] == role["purpose"] == role["levels"][0]["expectations"][0] == "PAYLOAD"
    assert role["measures"][1]["accepted"]["reason"] == role["values"][0]["note"] == "PAYLOAD"
    assert role["function"] == "sales" and role["feedback"] == ["weekly-one-to-one", "annual-review"]
    org = yaml.safe_load(files["organisation.yml"])
    assert org["about"] == org["pillars"][0]["description"] == org["commitment"]["input_from"] == "PAYLOAD"
    assert yaml.safe_load(files["measures/sales.yml"])["measures"][0]["formula"] == "PAYLOAD"


def build(runner, root: Path, site: Path):
    return runner.invoke(cli, ["build", str(root), "--site-dir", str(site)])


def built_files(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*"))
            if p.is_file() and p.suffix in (".html", ".json", ".xml", ".svg", ".css")}


URL_ATTRIBUTES = {"href", "src", "srcset", "action", "formaction", "xlink:href", "poster", "data", "content"}
_TAG = re.compile(rb"<[a-zA-Z][^\s<>/]*([^<>]*)>")
_ATTRIBUTE = re.compile(r"""([^\s"'>/=]+)(?:\s*=\s*("[^"]*"|'[^']*'|[^\s>]*))?""")


def _attributes(data: bytes):  # noqa: ANN202 - (name, value) pairs
    """Every attribute of every tag in raw markup (also inside JSON strings), values unescaped."""
    for inner in _TAG.findall(data.replace(b'\\"', b'"')):
        for m in _ATTRIBUTE.finditer(inner.decode("utf-8", "replace")):
            yield m.group(1).lower(), html.unescape((m.group(2) or "").strip("\"'"))


@pytest.fixture(scope="module")
def clean_scripts(tmp_path_factory) -> dict[str, int]:
    """How many <script> elements each page of a clean MINIMAL build has."""
    from click.testing import CliRunner

    from conftest import write_framework

    tmp = tmp_path_factory.mktemp("clean")
    root = write_framework(tmp / "framework", MINIMAL)
    assert build(CliRunner(), root, tmp / "site").exit_code == 0
    return {rel: data.count(b"<script") for rel, data in built_files(tmp / "site").items() if rel.endswith(".html")}


@pytest.mark.parametrize("payload", list(PAYLOADS.values()), ids=list(PAYLOADS))
def test_hostile_text_in_every_field_leaves_nothing_live_or_external(
        runner, make_framework, tmp_path, monkeypatch, clean_scripts, payload):
    monkeypatch.chdir(tmp_path)
    site = tmp_path / "site"
    result = build(runner, make_framework(hostile_framework(payload)), site)
    assert result.exit_code == 0, result.output
    assert output_scan.scan(site, TRUST) == []
    files = built_files(site)
    assert len(files) > 20
    for rel, data in files.items():
        attributes = list(_attributes(data))
        assert not [a for a in attributes if a[0].startswith("on")], rel
        urls = [(n, v) for n, v in attributes if n in URL_ATTRIBUTES]
        assert not [u for u in urls if re.match(r"\s*(javascript|vbscript|data):", u[1], re.I)], rel
        assert not [u for u in urls if u[0] != "href" and "evil.example" in u[1]], rel  # links may leave, loads may not
        assert not [u for u in urls if re.match(r"\s*[/\\]{2}", u[1])], rel
        assert b"data-spm-fragment" not in data, rel
        for body in re.findall(rb"<script[^>]*>(.*?)</script>", data, re.S | re.I):
            assert b"alert" not in body, rel
        if rel.endswith(".html"):  # a part of a split page (site/subpages.py: so many findings) has its index's scripts
            clean = rel if rel in clean_scripts else rel.split("/", 1)[0] + "/index.html"
            assert data.count(b"<script") == clean_scripts[clean], rel


def test_hostile_names_show_as_typed_in_titles_and_headings(runner, make_framework, tmp_path, monkeypatch):
    """The theme prints the site name unescaped and strips tags from titles: both must still show the text."""
    name = "</title><script>alert(1)</script> \"><img src=x onerror=alert(1)> &lt;/title&gt; ' \" & <b>"
    role = MINIMAL["roles/account-executive.yml"].replace("name: Account executive", f"name: {yaml.safe_dump(name)[:-5]}")
    org = MINIMAL["organisation.yml"].replace("name: Acme Field Services", f"name: {yaml.safe_dump(name)[:-5]}")
    assert role != MINIMAL["roles/account-executive.yml"] and org != MINIMAL["organisation.yml"]
    monkeypatch.chdir(tmp_path)
    site = tmp_path / "site"
    result = build(runner, make_framework({"roles/account-executive.yml": role, "organisation.yml": org}), site)
    assert result.exit_code == 0, result.output
    site_name = f"{name} handbook"
    for rel, data in built_files(site).items():
        if not rel.endswith(".html"):
            continue
        text = data.decode()
        assert "<script>alert" not in text and "<img src=x" not in text and "<b>" not in text, rel
        title = text[text.index("<title>") + 7: text.index("</title>")]
        assert html.unescape(title).endswith(site_name), rel
        logo = re.search(r'class="md-header__button md-logo" aria-label="([^"]*)"', text)
        assert logo and html.unescape(logo.group(1)) == site_name, rel
        tooltip = re.search(r'title="([^"]*)" class="md-header__button md-logo"', text)
        assert html.unescape(tooltip.group(1)) == site_name, rel  # escaped once, not twice
    page = (site / "roles/account-executive/index.html").read_text()
    title = page[page.index("<title>") + 7: page.index("</title>")]
    assert html.unescape(title) == f"{name} - {site_name}"
    h1 = re.search(r"<h1[^>]*>(.*?)<a class=\"headerlink\"", page, re.S).group(1)
    assert html.unescape(h1) == name


# --- the allow-list keeps clean pages as they are --------------------------------------------------

class _Tokens(HTMLParser):
    """A page as the browser's tokens: tags with their attributes, and text, entities decoded."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tokens: list[tuple] = []

    def handle_starttag(self, tag, attrs):  # noqa: ANN001
        self.tokens.append(("<", tag, tuple((k, v or "") for k, v in attrs)))

    def handle_endtag(self, tag):  # noqa: ANN001
        self.tokens.append(("/", tag))

    def handle_data(self, data):  # noqa: ANN001
        if self.tokens and self.tokens[-1][0] == "text":
            self.tokens[-1] = ("text", self.tokens[-1][1] + data)
        else:
            self.tokens.append(("text", data))


def _tokens(text: str) -> list[tuple]:
    parser = _Tokens()
    parser.feed(text)
    parser.close()
    return parser.tokens


@pytest.fixture
def recorded_cleaning(monkeypatch) -> list[tuple[str, str]]:
    """Every (before, after) pair the sanitiser sees during a build."""
    seen: list[tuple[str, str]] = []
    real = html_clean.clean

    def record(text: str) -> str:
        out = real(text)
        seen.append((text, out))
        return out

    monkeypatch.setattr(html_clean, "clean", record)
    return seen


def test_the_allow_list_keeps_minimal_pages_as_they_are(runner, make_framework, tmp_path, monkeypatch,
                                                        recorded_cleaning):
    monkeypatch.chdir(tmp_path)
    assert build(runner, make_framework(), tmp_path / "site").exit_code == 0
    assert len(recorded_cleaning) > 15
    for before, after in recorded_cleaning:
        assert _tokens(after) == _tokens(before)


def test_the_allow_list_keeps_the_sample_pages_as_they_are(runner, tmp_path, monkeypatch, recorded_cleaning):
    monkeypatch.chdir(REPO)
    assert runner.invoke(cli, ["build", "--site-dir", str(tmp_path / "site")]).exit_code == 0
    assert len(recorded_cleaning) > 50
    changed = [before[:200] for before, after in recorded_cleaning if _tokens(after) != _tokens(before)]
    assert changed == []


def test_the_line_of_sight_svg_is_put_back_verbatim(runner, make_framework, tmp_path, monkeypatch):
    from spm_site.site import diagram
    from spm_site.pipeline import check_framework
    from spm_site.site.urls import page_url

    monkeypatch.chdir(tmp_path)
    root = make_framework()
    assert build(runner, root, tmp_path / "site").exit_code == 0
    fw = check_framework(root).framework
    here = "roles/account-executive.md"
    figure = diagram.line_of_sight(fw, fw.roles["account-executive"], lambda t: page_url(t, here))
    assert figure.startswith("<figure") and figure in (tmp_path / "site/roles/account-executive/index.html").read_text()


@pytest.mark.parametrize(("fragment", "expected"), [
    ('<a href="//evil.example/x">a</a>', "<a>a</a>"),
    ('<a href="/\\evil.example/x">a</a>', "<a>a</a>"),
    ('<a href="java&#115;cript:x">a</a>', "<a>a</a>"),
    ('<a href="https://ok.example/" onclick="x()">a</a>', '<a href="https://ok.example/">a</a>'),
    ('<img src="https://evil.example/p.gif" alt="chart">', '<img alt="chart">'),
    ('<img src="../assets/chart.png" alt="chart">', '<img src="../assets/chart.png" alt="chart">'),
    ('<h2 id="__config">x</h2>', "<h2>x</h2>"),
    ('<h2 id="growth">x</h2>', '<h2 id="growth">x</h2>'),
    ("<p>a<script>alert(1)</script><iframe src=x></iframe><style>p{}</style></p>", "<p>a</p>"),
    ('<table><tr><td style="text-align: right;">1</td><td style="color: red">2</td></tr></table>',
     '<table><tbody><tr><td style="text-align: right;">1</td><td>2</td></tr></tbody></table>'),
])
def test_clean(fragment, expected):
    assert html_clean.clean(fragment) == expected


# --- links to the site's own pages ------------------------------------------------------------------

def test_author_links_to_site_pages_work_from_every_page(runner, make_framework, tmp_path, monkeypatch):
    """The same text is shown on the role's page and in the roles index: the link works from both."""
    role = MINIMAL["roles/account-executive.yml"].replace(
        "purpose: Win new customers who will succeed with us.",
        "purpose: \"Moves [Win rate](measures/win-rate.md) for [growth](strategy.md#growth); "
        "not [up](../x.md), [root](/x.md), [host](//evil.example/x).\"")
    monkeypatch.chdir(tmp_path)
    site = tmp_path / "site"
    result = build(runner, make_framework({"roles/account-executive.yml": role}), site)
    assert result.exit_code == 0, result.output
    for page, url in (("roles/account-executive/index.html", "https://h.example/roles/account-executive/"),
                      ("roles/index.html", "https://h.example/roles/")):
        text = (site / page).read_text()
        cell = text[text.index("Moves"): text.index("host", text.index("Moves")) + 4]
        hrefs = re.findall(r'href="([^"]*)"', cell)
        assert [urljoin(url, h) for h in hrefs] == ["https://h.example/measures/win-rate/",
                                                    "https://h.example/strategy/#growth"], (page, hrefs)
        assert "up" in cell and "root" in cell and "host" in cell


@pytest.mark.parametrize(("dest", "here", "expected"), [
    ("measures/win-rate.md", "roles", "../measures/win-rate.md"),
    ("strategy.md#growth", "", "strategy.md#growth"),
    ("roles/x.md?a=1#b", "roles", "x.md?a=1#b"),
    ("#top", "roles", "#top"),
    ("../x.md", "roles", None),
    ("/x.md", "", None),
    ("//evil.example/x", "", None),
    ("\\\\evil.example/x", "", None),
    ("a/../../x.md", "", None),
    ("https://ok.example/", "roles", "https://ok.example/"),
    ("JaVaScRiPt:alert(1)", "", None),
])
def test_destination(dest, here, expected):
    assert sanitize.destination(dest, here) == expected


# --- the post-build scan ------------------------------------------------------------------------------

HAND_WRITTEN = {
    "script": "<script>alert(1)</script>",
    "script-src": '<script src="https://evil.example/x.js"></script>',
    "local-script": '<script src="notes.js"></script>',
    "handler": '<div onclick="alert(1)">x</div>',
    "js-link": '<a href="javascript:alert(1)">x</a>',
    "image": '<img src="https://evil.example/x.gif">',
    "frame": '<iframe src="//evil.example/x"></iframe>',
    "base": '<base href="https://evil.example/">',
    "style": "<style>body { background: url(https://evil.example/x.png) }</style>",
    "refresh": '<meta http-equiv="refresh" content="0; url=https://evil.example/">',
    "svg": '<svg><use href="https://evil.example/s.svg#i"/></svg>',
    "srcdoc": '<iframe srcdoc="&lt;script&gt;alert(1)&lt;/script&gt;"></iframe>',
    "noscript": '<noscript><p title="</noscript><img src=x onerror=alert(1)>"></p></noscript>',
    "entity-js": '<a href="&#106;ava&#x73;cript:alert(1)">x</a>',
    "svg-script": '<svg><script>alert(1)</script></svg>',
    "slash-attr": '<img/src=//evil.example/x.gif>',
    "redirect-script": '<script>window.location.replace(["//evil.example/x",window.location.search,'
                       'window.location.hash].join(""))</script>',
    "refresh-no-url": '<meta http-equiv="refresh" content="0;https://evil.example/">',
    "refresh-comma": '<meta http-equiv="refresh" content="0, //evil.example/">',
    "refresh-quoted": """<meta http-equiv="refresh" content="1.5 ; URL = 'javascript:alert(1)'">""",
    "import-no-space": '<style>@import"http://evil.example/a.css";</style>',
    "import-url": "<style>@import url(//evil.example/a.css);</style>",
    "image-set": "<style>p { background: image-set('http://evil.example/a.png' 1x) }</style>",
    "webkit-image-set": '<style>p { background: -webkit-image-set("a.png" 1x, "//evil.example/b.png" 2x) }</style>',
    "td-background": '<table><tr><td background="http://evil.example/a.png">x</td></tr></table>',
    "div-background": '<div background="//evil.example/a.png">x</div>',
    "svg-set-href": '<svg><a><set attributeName="href" to="javascript:alert(1)"/><text>x</text></a></svg>',
    "svg-animate-values": '<svg><a><animate attributeName="x" values="0;javascript:alert(1)"/></a></svg>',
}


def _with_docs(tmp_path: Path, root: Path, docs: dict[str, str], extra: str = "") -> None:
    (tmp_path / "docs").mkdir(exist_ok=True)
    for rel, text in docs.items():
        (tmp_path / "docs" / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / "docs" / rel).write_text(text)
    (tmp_path / "mkdocs.yml").write_text(
        f"site_name: T\ntheme:\n  name: material\n  font: false\n{extra}plugins:\n  - search\n"
        f"  - spm:\n      framework: {root}\n")


@pytest.mark.parametrize("snippet", list(HAND_WRITTEN.values()), ids=list(HAND_WRITTEN))
def test_the_scan_fails_a_build_with_a_hostile_hand_written_page(runner, make_framework, tmp_path, monkeypatch,
                                                                 snippet):
    monkeypatch.chdir(tmp_path)
    root = make_framework()
    _with_docs(tmp_path, root, {"notes.md": f"# Notes\n\n{snippet}\n", "notes.js": "alert(1)\n"})
    result = build(runner, root, tmp_path / "site")
    assert result.exit_code == 1, result.output
    assert "\n  notes/index.html: " in result.output and "Traceback" not in result.output
    assert not (tmp_path / "site").exists()


def test_the_scan_fails_a_build_whose_theme_override_adds_a_script(runner, make_framework, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    root = make_framework()
    (tmp_path / "overrides").mkdir()
    (tmp_path / "overrides/main.html").write_text(
        '{% extends "base.html" %}\n{% block scripts %}{{ super() }}<script>track()</script>{% endblock %}\n')
    _with_docs(tmp_path, root, {}, extra="  custom_dir: overrides\n")
    result = build(runner, root, tmp_path / "site")
    assert result.exit_code == 1
    assert "index.html: <script>track()" in result.output
    assert re.search(r"and \d+ more", result.output)  # every page has it: a handful shown, then a count
    assert len(re.findall(r"^  \S+\.html: <script>", result.output, re.M)) == output_scan.SHOWN


def test_the_scan_reads_a_folder(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "a/index.html").write_text('<p>ok <a href="https://ok.example/">x</a></p><img src="../i.png">')
    (tmp_path / "search.json").write_text('{"docs": [{"text": "<img src=x onerror=alert(1)>"}]}')
    (tmp_path / "x.css").write_text("@import 'https://evil.example/a.css'; p { background: url( \"java\\73 cript:x\") }")
    (tmp_path / "pic.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>')
    findings = [str(f) for f in output_scan.scan(tmp_path, output_scan.Trust())]
    assert findings[0] == "pic.svg: <script>alert(1)"
    assert findings[1] == "search.json: <img src=\"x\" onerror=\"alert(1)\">"
    assert len([f for f in findings if f.startswith("x.css: CSS")]) == 2
    assert len(findings) == 4


HOSTILE_SVG = {
    "prefixed-script": '<svg xmlns="http://www.w3.org/2000/svg"><x:script xmlns:x="http://www.w3.org/2000/svg">'
                       'fetch("http://evil.example/")</x:script></svg>',
    "cdata-script": '<svg xmlns="http://www.w3.org/2000/svg"><script><![CDATA[fetch("http://evil.example/")]]>'
                    '</script></svg>',
    "xhtml-script": '<svg xmlns="http://www.w3.org/2000/svg"><foreignObject><h:script '
                    'xmlns:h="http://www.w3.org/1999/xhtml">alert(1)</h:script></foreignObject></svg>',
    "handler": '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>',
    "xlink-js": '<svg xmlns="http://www.w3.org/2000/svg" xmlns:l="http://www.w3.org/1999/xlink">'
                '<a l:href="javascript:alert(1)"><text>x</text></a></svg>',
    "xlink-image": '<svg xmlns="http://www.w3.org/2000/svg" xmlns:l="http://www.w3.org/1999/xlink">'
                   '<image l:href="https://evil.example/a.png"/></svg>',
    "set-href": '<svg xmlns="http://www.w3.org/2000/svg"><a><set attributeName="href" to="javascript:alert(1)"/>'
                '<text>x</text></a></svg>',
    "doctype": '<!DOCTYPE svg [<!ENTITY x "y">]><svg xmlns="http://www.w3.org/2000/svg">&x;</svg>',
    "stylesheet-pi": '<?xml version="1.0"?><?xml-stylesheet href="https://evil.example/a.xsl"?>'
                     '<svg xmlns="http://www.w3.org/2000/svg"/>',
    "not-well-formed": '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</svg>',
}


@pytest.mark.parametrize("svg", list(HOSTILE_SVG.values()), ids=list(HOSTILE_SVG))
def test_the_scan_fails_a_build_with_a_hostile_svg_in_docs(runner, make_framework, tmp_path, monkeypatch, svg):
    monkeypatch.chdir(tmp_path)
    root = make_framework()
    _with_docs(tmp_path, root, {"notes.md": "# Notes\n\n![x](evil.svg)\n", "evil.svg": svg})
    result = build(runner, root, tmp_path / "site")
    assert result.exit_code == 1, result.output
    assert "\n  evil.svg: " in result.output and "Traceback" not in result.output
    assert not (tmp_path / "site").exists()


def test_a_plain_svg_in_docs_passes_the_scan(runner, make_framework, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    root = make_framework()
    svg = ('<?xml version="1.0" encoding="UTF-8"?>\n<svg xmlns="http://www.w3.org/2000/svg" '
           'xmlns:xlink="http://www.w3.org/1999/xlink" viewBox="0 0 10 10"><style>rect { fill: red }</style>'
           '<a xlink:href="https://ok.example/"><rect width="5" height="5"/></a>'
           '<animate attributeName="x" from="0" to="10"/></svg>')
    _with_docs(tmp_path, root, {"notes.md": "# Notes\n\n![x](plain.svg)\n", "plain.svg": svg})
    result = build(runner, root, tmp_path / "site")
    assert result.exit_code == 0, result.output
    assert (tmp_path / "site/plain.svg").read_text() == svg
    assert (tmp_path / "site/sitemap.xml").read_text().startswith("<?xml")


_REDIRECT = '<script>window.location.replace(["{}",window.location.search,window.location.hash].join(""))</script>'


@pytest.mark.parametrize(("snippet", "found"), [
    (_REDIRECT.format("../new-page/"), False),
    (_REDIRECT.format("new-page/#part?x=1"), False),
    (_REDIRECT.format("//evil.example/x"), True),
    (_REDIRECT.format("https://evil.example/x"), True),
    (_REDIRECT.format("/\\evil.example/x"), True),
    (_REDIRECT.format("\\\\evil.example/x"), True),
    (_REDIRECT.format("javascript:alert(1)"), True),
    ('<meta http-equiv="refresh" content="0;url=../new-page/">', False),
    ('<meta http-equiv="refresh" content="5">', False),
    ('<meta http-equiv="refresh" content="0;https://evil.example/">', True),
    ('<meta http-equiv="refresh" content="0, //evil.example/">', True),
    ('<meta http-equiv="refresh" content="0 //evil.example/">', True),
    ("""<meta http-equiv="Refresh" content="0; url = '//evil.example/'">""", True),
    ('<meta http-equiv="refresh" content="0;URL=data:text/html,x">', True),
    ('<style>@import"http://evil.example/a.css";</style>', True),
    ("<style>@import'//evil.example/a.css';</style>", True),
    ('<style>@import url("//evil.example/a.css");</style>', True),
    ("<style>@import 'local.css';</style>", False),
    ("<style>p { background: image-set('http://evil.example/a.png' 1x) }</style>", True),
    ('<style>p { background: -webkit-image-set("a.png" 1x, "//evil.example/b.png" 2x) }</style>', True),
    ("<style>p { background: image-set('a.png' 1x, url(//evil.example/b.png) 2x) }</style>", True),
    ("<style>p { background: image-set('java\\73 cript:x' 1x) }</style>", True),
    ("<style>p { background: image-set('a.png' 1x, \"b.png\" 2x) }</style>", False),
    ('<table><tr><td background="http://evil.example/a.png">x</td></tr></table>', True),
    ('<table><tr><th background="//evil.example/a.png">x</th></tr></table>', True),
    ('<p background="https://evil.example/a.png">x</p>', True),
    ('<table><tr><td background="a.png">x</td></tr></table>', False),
    ('<svg><a><set attributeName="href" to="javascript:alert(1)"/></a></svg>', True),
    ('<svg><a><set attributeName="xlink:href" to="../x/"/></a></svg>', True),
    ('<svg><a><animate attributeName="x" values="0; javascript:alert(1)"/></a></svg>', True),
    ('<svg><a><animate attributeName="y" from="JavaScript:alert(1)"/></a></svg>', True),
    ('<svg><animate attributeName="x" from="0" to="10"/></svg>', False),
])
def test_the_scanner_judges_a_page(snippet, found):
    assert bool(output_scan._Scanner(TRUST, "", None, None, inline_scripts=True).scan(snippet)) is found


@pytest.mark.parametrize(("svg", "found"), [
    *((s, True) for s in HOSTILE_SVG.values()),
    ('<svg xmlns="http://www.w3.org/2000/svg"><a href="https://ok.example/"><text>x</text></a></svg>', False),
    ('<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
     "<url><loc>https://h.example/roles/</loc></url></urlset>", False),
    ('<svg xmlns="http://www.w3.org/2000/svg"><!-- <!DOCTYPE x> --></svg>', True),  # fails closed
    ('<svg xmlns="http://www.w3.org/2000/svg"><h:iframe xmlns:h="http://www.w3.org/1999/xhtml" '
     'src="//evil.example/"/></svg>', True),
    ('<svg xmlns="http://www.w3.org/2000/svg"><style>@import"//evil.example/a.css";</style></svg>', True),
    ('<svg xmlns="http://www.w3.org/2000/svg"><g style="fill: url(https://evil.example/#p)"/></svg>', True),
    ("<svg", True),
])
def test_the_scanner_reads_svg_and_xml_as_xml(svg, found):
    assert bool(output_scan._Scanner(TRUST, "", None, None, inline_scripts=False).scan_xml(svg)) is found


def test_the_scan_names_what_an_svg_file_holds(tmp_path):
    (tmp_path / "a.svg").write_text(HOSTILE_SVG["prefixed-script"])
    (tmp_path / "b.svg").write_text(HOSTILE_SVG["doctype"])
    (tmp_path / "c.xml").write_text("<a><b></a>")
    (tmp_path / "d.svg").write_text(HOSTILE_SVG["xlink-image"])
    findings = [str(f) for f in output_scan.scan(tmp_path, output_scan.Trust())]
    assert findings[0] == 'a.svg: <script>fetch("http://evil.example/")'
    assert findings[1].startswith("b.svg: <!DOCTYPE (a document type")
    assert findings[2].startswith("c.xml: not well-formed XML (mismatched tag: line 1, column 8)")
    assert findings[3] == 'd.svg: <image xlink:href="https://evil.example/a.png">'
    assert len(findings) == 4


# --- docs/ hygiene -------------------------------------------------------------------------------------

def test_docs_publishes_only_pages_and_assets_and_lists_them_in_the_nav(runner, make_framework, tmp_path,
                                                                        monkeypatch):
    monkeypatch.chdir(tmp_path)
    root = make_framework()
    (tmp_path / "docs").mkdir()
    for rel, text in {"guide.md": "# Our guide\n\nSECRET-NOT", "guide.md.bak": "SECRET-BAK", "x.yaml": "k: SECRET",
                      "notes.md~": "SECRET-TILDE", ".draft.md": "# SECRET-DOT", "a.swp": "SECRET", "b.orig": "S",
                      "c.tmp": "S", "img/logo.png": "png", "sub/more.md": "# More"}.items():
        (tmp_path / "docs" / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / "docs" / rel).write_text(text)
    (tmp_path / "mkdocs.yml").write_text(
        f"site_name: T\ntheme:\n  name: material\n  font: false\nplugins:\n  - search\n  - spm:\n      framework: {root}\n")
    result = build(runner, root, tmp_path / "site")
    assert result.exit_code == 0, result.output
    published = {p.relative_to(tmp_path / "site").as_posix() for p in (tmp_path / "site").rglob("*") if p.is_file()}
    assert {"guide/index.html", "sub/more/index.html", "img/logo.png"} <= published
    assert not [p for p in published if re.search(r"\.(bak|yaml|swp|orig|tmp)$|~$|draft", p)]
    assert b"SECRET" not in (tmp_path / "site/search/search_index.json").read_bytes().replace(b"SECRET-NOT", b"")
    home = (tmp_path / "site/index.html").read_text()
    nav = home[home.index("md-sidebar--primary"): home.index("md-sidebar--secondary")]
    assert 'href="guide/"' in nav and 'href="sub/more/"' in nav
    assert nav.index('href="reference/"') < nav.index('href="guide/"')  # after the generated sections


@pytest.mark.parametrize(("page", "generated"), [
    ("roles/index.md", "roles/index.md"), ("roles.md", "roles/index.md"),
    ("roles/account-executive/index.md", "roles/account-executive.md from framework/roles/account-executive.yml"),
    ("index.md", "index.md from framework/organisation.yml")])
def test_a_hand_written_page_at_a_generated_url_is_an_error(runner, make_framework, tmp_path, monkeypatch, page,
                                                            generated):
    monkeypatch.chdir(tmp_path)
    root = make_framework()
    _with_docs(tmp_path, root, {page: "# Mine\n"})
    result = build(runner, root, tmp_path / "site")
    assert result.exit_code == 1
    assert f"docs/{page}:1:1: error[docs-collision]" in result.output
    assert f"spm-site generates as {generated}" in result.output
    assert "Traceback" not in result.output


@pytest.mark.parametrize(("name", "published"), [
    ("a.md", True), ("img/a.PNG", True), ("f/x.woff2", True), ("a.pdf", True), ("a.md.bak", False),
    ("a.yml", False), (".a.md", False), ("d/.git/x.md", False), ("a.md~", False), ("a.swp", False), ("a.html", False),
])
def test_publishable(name, published):
    assert publishable(name) is published
