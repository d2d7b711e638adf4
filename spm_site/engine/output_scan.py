"""Scan a built site for anything that could run in a reader's browser or reach another host.

The last line of defence, after escaping (`sanitize`) and the allow-list (`html_clean`): whatever
put it there (author text that slipped through, a hand-written page in docs/, a theme override),
the build fails on
- a `<script>` that is not the theme's own: its `src` must be a file the theme ships, unchanged,
  or a script named in the configuration (`extra_javascript`); an inline script must be, word for
  word, one of the inline scripts in the theme's templates (their `{{ ... }}` values may only be
  plain path characters); the theme's JSON configuration block is data, not code;
- an event-handler attribute (`on...`), a `srcdoc` document, a `<base>` or `<noscript>` element;
- a `javascript:`, `vbscript:` or `data:` URL in a link, a source, a form action, a `srcset` or a
  CSS `url()`;
- an SVG animation (`set`, `animate`) that turns a link into one of those URLs;
- an element that loads something (image, frame, object, media, stylesheet, SVG image or use,
  a `background` on any element, meta refresh, CSS `url()`, `image-set()` and `@import`) from
  another host than the site's own.

It reads every .html file, and every string in a .json file (the theme's search shows them as
HTML), with Lexbor (through selectolax), an HTML5 parser that reads markup as browsers do, in one
pass per file: what it sees is what a reader's browser would run, and it reads a large site about
five times faster than the standard library's parser. A browser reads .svg and .xml files as XML,
where a namespace prefix can make any element a script: those are read with the standard
library's XML parser and judged by namespace-free names; a document type (entities), a processing
instruction (an XSLT or CSS stylesheet) or a file that is not well-formed XML is a finding too. Files copied unchanged from the theme are its own and are not scanned. JavaScript files are
not read: a script runs only if a page loads it, and that is what the page scan decides.
The one exception to these rules is a redirect page of the configured redirect map (an old URL
sent to a page of the site): it is accepted when it is, byte for byte and at its path, the page
the redirects plugin writes for that entry (`Trust.redirect_pages`, from `engine/redirects.py`).
"""

from __future__ import annotations

import functools
import hashlib
import json
import posixpath
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Protocol
from urllib.parse import urlsplit
from xml.etree import ElementTree

from selectolax.lexbor import LexborHTMLParser, LexborNode

from .sitedir import MARKER

MARKUP_SUFFIXES = (".html", ".htm", ".svg", ".xml")
SCANNED_SUFFIXES = (*MARKUP_SUFFIXES, ".json", ".css")
XML_SUFFIXES = (".svg", ".xml")
_EXECUTABLE_SCHEMES = ("javascript", "vbscript", "data")
_URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "srcset", "poster", "data",
                   "background", "ping", "lowsrc", "dynsrc", "codebase", "manifest", "icon"}
#: Elements that fetch what these attributes name as soon as the page loads.
_LOADS = {"img": {"src", "srcset"}, "iframe": {"src"}, "frame": {"src"}, "object": {"data", "codebase"},
          "embed": {"src"}, "source": {"src", "srcset"}, "video": {"src", "poster"}, "audio": {"src"},
          "track": {"src"}, "input": {"src"}, "image": {"href", "xlink:href"}, "use": {"href", "xlink:href"},
          "feimage": {"href", "xlink:href"}, "link": {"href"}}
#: Attributes that load what they name on whatever element a browser honours them: all of them, here.
_LOADS_ANYWHERE = {"background"}
#: SVG animations, which can set a link's target to a `javascript:` URL after any scan of attributes.
_ANIMATIONS = {"set", "animate", "animatetransform", "animatemotion", "animatecolor"}
_ANIMATED_VALUES = ("to", "from", "by", "values")
#: Elements that are findings wherever they are: `<base>` redirects every relative URL, and
#: `<noscript>` is read one way by this parser and another by a browser that runs scripts.
_ALWAYS = {"base", "noscript"}
#: Attributes worth reading on any element, and elements worth reading whatever their attributes.
_WATCHED = _URL_ATTRIBUTES | {"style", "srcdoc"}
_ELEMENTS_TO_READ = {"script", "style", "meta", *_ALWAYS, *_LOADS, *_ANIMATIONS}
#: `<link rel>` values that name another document without loading it.
_LINK_ONLY = {"canonical", "alternate", "next", "prev", "author", "license", "me", "help"}
_BLANKS = re.compile(r"[\x00-\x20\x7f]")
_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.\-]*):")
_CSS_ESCAPE = re.compile(r"\\([0-9a-fA-F]{1,6})\s?|\\(.)", re.S)
_CSS_URL = re.compile(r"url\(\s*(['\"]?)([^'\")]*)|@import\s*(['\"])([^'\"]*)|(expression)\(|"
                      r"image-set\((?=((?:[^)'\"]|'[^']*'|\"[^\"]*\")*))", re.I)
_CSS_STRING = re.compile(r"'([^']*)'|\"([^\"]*)\"")
#: What a `{{ ... }}` in one of the theme's inline scripts may become: a relative path or an id, never
#: code, a scheme (no `:`) or another host (no leading `//`; `\` is not in the set).
_TEMPLATE_VALUE = r"(?!//)[A-Za-z0-9._/#?=&%~+-]*"
#: A meta refresh's content as the HTML standard reads it: delay, separator, optional `url=`, the URL.
_REFRESH = re.compile(r"\s*[0-9.]*\s*[;,]?\s*(?:url\s*=\s*)?(.*)", re.I | re.S)
#: A document type, an entity or a processing instruction (`<?xml-stylesheet?>`), but not the declaration.
_XML_REFUSED = re.compile(r"<!(?:DOCTYPE|ENTITY)|<\?(?!xml[\s?])[^\s?>]*", re.I)
_XLINK = "{http://www.w3.org/1999/xlink}"

_JINJA = re.compile(r"\{\{.*?\}\}", re.S)
SHOWN = 5


@dataclass(frozen=True)
class Finding:
    """Something in the built site that spm-site and the theme did not put there."""

    file: str
    payload: str

    def __str__(self) -> str:
        return f"{self.file}: {self.payload}"


@dataclass(frozen=True)
class Trust:
    """What the site may contain: the theme's folders, configured scripts and the site's own hosts."""

    theme_dirs: tuple[Path, ...] = ()
    #: site paths of scripts named in the configuration, such as `assets/spm.js`
    scripts: frozenset[str] = frozenset()
    #: host names that are the site's own (from `site_url`)
    hosts: frozenset[str] = frozenset()
    inline_scripts: tuple[re.Pattern[str], ...] = field(default=())
    #: the URL path the site is served from: pages such as 404.html name the theme's files from there
    base_path: str = "/"
    #: {site path: exact text} of the pages the redirects plugin writes for the configured map
    #: (engine/redirects.py): accepted as they are, at their paths only
    redirect_pages: dict[str, str] = field(default_factory=dict)

    @classmethod
    def of_theme(cls, theme_dirs: Iterable[Path], scripts: Iterable[str] = (), hosts: Iterable[str] = (),
                 base_path: str = "/") -> Trust:
        dirs = tuple(Path(d) for d in theme_dirs)
        return cls(dirs, frozenset(scripts), frozenset(h.lower() for h in hosts), theme_inline_scripts(dirs),
                   base_path if base_path.endswith("/") else base_path + "/")


class Memo(Protocol):
    """What an earlier scan found clean (engine/page_cache.py keeps it): a file whose digest it has
    seen is not parsed again. The digest covers the file's path and bytes, the trust, and every
    file of the site a script of the file could name, so nothing the verdict rests on is unseen."""

    def seen(self, key: str) -> bool: ...

    def clean(self, key: str) -> None: ...


#: `map_files(function, count)`: `[function(i) for i in range(count)]`, here or in workers that
#: inherit this process's memory (engine/parallel.py `map_forked`).
MapFiles = Callable[[Callable[[int], list[str]], int], list[list[str]]]


def scan(folder: Path, trust: Trust, memo: Memo | None = None, map_files: MapFiles | None = None) -> list[Finding]:
    """Every finding in the site built into `folder`, in a stable order."""
    global _SCANNING
    own = _ThemeCopies(trust.theme_dirs)
    paths = sorted(p for p in folder.rglob("*") if p.is_file())
    context = _context(folder, paths, trust) if memo is not None else b""
    todo: list[tuple[Path, str, str]] = []
    for path in paths:
        rel = path.relative_to(folder).as_posix()
        if path.suffix.lower() not in SCANNED_SUFFIXES or own.is_copy(rel, path):
            continue
        key = ""
        if memo is not None:
            key = hashlib.sha256(context + rel.encode() + b"\0" + path.read_bytes()).hexdigest()
            if memo.seen(key):
                continue
        todo.append((path, rel, key))
    _SCANNING = (folder, trust, own, todo)
    try:
        found = (map_files or _here)(_scan_one, len(todo))
    finally:
        _SCANNING = None
    findings: list[Finding] = []
    for (_, rel, key), payloads in zip(todo, found):
        findings.extend(Finding(rel, p) for p in payloads)
        if memo is not None and not payloads:
            memo.clean(key)
    return findings


#: The scan under way, for `_scan_one` (in this process or a forked worker).
_SCANNING: tuple[Path, Trust, _ThemeCopies, list[tuple[Path, str, str]]] | None = None


def _here(function: Callable[[int], list[str]], count: int) -> list[list[str]]:
    return [function(i) for i in range(count)]


def _scan_one(position: int) -> list[str]:
    """What is wrong with one file of the scan under way."""
    assert _SCANNING is not None
    folder, trust, own, todo = _SCANNING
    path, rel, _ = todo[position]
    text = path.read_text(encoding="utf-8", errors="replace")
    if trust.redirect_pages.get(rel) == text:
        return []
    suffix = path.suffix.lower()
    if suffix == ".json":
        return _json(text, trust)
    if suffix == ".css":
        return list(_css(text, trust))
    if suffix in XML_SUFFIXES:
        return _Scanner(trust, posixpath.dirname(rel), folder, own, inline_scripts=False).scan_xml(text)
    return _markup(text, rel, trust, own, folder)


def _context(folder: Path, paths: list[Path], trust: Trust) -> bytes:
    """What a file's verdict rests on besides its own bytes: the trust, the site's file names and the
    bytes of every file the scan does not read itself (a script a page loads is judged by them)."""
    digest = hashlib.sha256(json.dumps([[str(d) for d in trust.theme_dirs], sorted(trust.scripts),
                                        sorted(trust.hosts), [p.pattern for p in trust.inline_scripts],
                                        trust.base_path, sorted(trust.redirect_pages.items())]).encode())
    for path in paths:
        rel = path.relative_to(folder).as_posix()
        if rel == MARKER:  # names the folder it is in: the same site in another folder is judged alike
            continue
        digest.update(rel.encode() + b"\0")
        if path.suffix.lower() not in SCANNED_SUFFIXES:
            digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.digest()


def report(findings: list[Finding]) -> str:
    """A message naming the first few findings and how many more there are."""
    lines = [f"  {f}" for f in findings[:SHOWN]]
    if len(findings) > SHOWN:
        lines.append(f"  ... and {len(findings) - SHOWN} more")
    return (f"the built site has {len(findings)} thing{'s' * (len(findings) != 1)} that could run in a reader's "
            "browser or make a request to another host, which spm-site and the theme did not put there:\n"
            + "\n".join(lines))


@functools.lru_cache(maxsize=8)
def theme_inline_scripts(theme_dirs: tuple[Path, ...]) -> tuple[re.Pattern[str], ...]:
    """The inline scripts in the theme's templates, as patterns where each `{{ ... }}` is a plain value."""
    bodies: set[str] = set()
    for d in theme_dirs:
        for template in sorted(d.rglob("*.html")):
            collector = _ScriptBodies()
            collector.feed(template.read_text(encoding="utf-8", errors="replace"))
            collector.close()
            bodies.update(collector.bodies)
    patterns = []
    for body in sorted(bodies):
        parts = _JINJA.split(body.strip())
        patterns.append(re.compile(_TEMPLATE_VALUE.join(re.escape(p) for p in parts)))
    return tuple(patterns)


class _ScriptBodies(HTMLParser):
    """Collects the text of inline `<script>` elements of a template."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.bodies: list[str] = []
        self._inline = False
        self._text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "script":
            self._inline = not any(k in ("src", "type") for k, _ in attrs)
            self._text = []

    def handle_data(self, data: str) -> None:
        if self._inline:
            self._text.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self._inline:
            self.bodies.append("".join(self._text))
            self._inline = False


class _ThemeCopies:
    """Knows which built files are copies of the theme's own files, byte for byte."""

    def __init__(self, theme_dirs: tuple[Path, ...]) -> None:
        self.dirs = theme_dirs
        self.copies: set[str] = set()

    def is_copy(self, rel: str, path: Path) -> bool:
        if rel in self.copies:
            return True
        for d in self.dirs:
            source = d / rel
            if source.is_file() and source.stat().st_size == path.stat().st_size \
                    and source.read_bytes() == path.read_bytes():
                self.copies.add(rel)
                return True
        return False


def _clean_url(url: str) -> str:
    return _BLANKS.sub("", url).replace("\\", "/")


def _scheme(url: str) -> str | None:
    match = _SCHEME.match(url)
    return match.group(1).lower() if match else None


def _other_host(url: str, trust: Trust) -> bool:
    """A URL on another host: `//host`, or any scheme but the site's own http(s) host."""
    if url.startswith("//"):
        return (urlsplit("http:" + url).hostname or "") not in trust.hosts
    scheme = _scheme(url)
    if scheme is None:
        return False
    return scheme not in ("http", "https") or (urlsplit(url).hostname or "") not in trust.hosts


def _urls(name: str, value: str) -> list[str]:
    if name == "srcset":
        return [_clean_url(c.strip().split(" ")[0]) for c in value.split(",") if c.strip()]
    return [_clean_url(value)]


def _css_unescape(text: str) -> str:
    def one(m: re.Match[str]) -> str:
        if m.group(1):
            code = int(m.group(1), 16)
            return chr(code) if 0 < code <= 0x10FFFF else ""
        return m.group(2)

    return _CSS_ESCAPE.sub(one, text)


def _css(text: str, trust: Trust) -> Iterator[str]:
    for m in _CSS_URL.finditer(_css_unescape(text)):
        if m.group(5):
            yield "CSS expression()"
            continue
        if m.group(6) is not None:  # image-set(): its strings are URLs (its url()s are matched on their own)
            urls = [_clean_url(s.group(1) if s.group(1) is not None else s.group(2))
                    for s in _CSS_STRING.finditer(m.group(6))]
            shown = f"image-set({m.group(6)}"
        else:
            urls = [_clean_url(m.group(2) if m.group(2) is not None else m.group(4))]
            shown = m.group(0)
        if any(_scheme(url) in _EXECUTABLE_SCHEMES or _other_host(url, trust) for url in urls):
            yield f"CSS {shown[:100]}"


def _json(text: str, trust: Trust) -> list[str]:
    try:
        data = json.loads(text)
    except ValueError:
        return []
    found: list[str] = []
    stack = [data]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
        elif isinstance(item, str) and "<" in item:
            found.extend(_Scanner(trust, here="", folder=None, own=None, inline_scripts=False).scan(item))
    return found


def _markup(text: str, rel: str, trust: Trust, own: _ThemeCopies, folder: Path) -> list[str]:
    return _Scanner(trust, here=posixpath.dirname(rel), folder=folder, own=own, inline_scripts=True).scan(text)


def _shown(tag: str, attrs: dict[str, str | None]) -> str:
    inner = " ".join(k if v is None else f'{k}="{v}"' for k, v in attrs.items())
    out = f"<{tag}{' ' if inner else ''}{inner}>"
    out = out if len(out) <= 120 else out[:117] + "..."
    return out.encode("unicode_escape").decode("ascii")


class _Scanner:
    """One pass over a document or fragment, as a browser parses it (Lexbor, an HTML5 parser)."""

    def __init__(self, trust: Trust, here: str, folder: Path | None, own: _ThemeCopies | None,
                 inline_scripts: bool) -> None:
        self.trust, self.here, self.folder, self.own = trust, here, folder, own
        self.allow_inline = inline_scripts
        self.found: list[str] = []

    def scan(self, text: str) -> list[str]:
        tree = LexborHTMLParser(text)
        for node in tree.root.traverse(include_text=False) if tree.root is not None else ():
            self._node(node)
        return self.found

    def scan_xml(self, text: str) -> list[str]:
        """An SVG or XML file as a browser reads it: XML, where only namespace-free names count."""
        refused = _XML_REFUSED.search(text)
        if refused:
            return [f"{refused.group(0)} (a document type or processing instruction can define entities or load "
                    "a stylesheet; XML files here may not have one)"]
        try:
            root = ElementTree.fromstring(text)
        except ElementTree.ParseError as error:
            return [f"not well-formed XML ({error}): a browser would not show it, and what it means is unclear"]
        for element in root.iter():
            attrs: dict[str, str | None] = {_xml_name(k): v for k, v in element.attrib.items()}
            self._element(_xml_name(element.tag), attrs, lambda e=element: "".join(e.itertext()))
        return self.found

    def _node(self, node: LexborNode) -> None:
        self._element((node.tag or "").lower(), node.attributes, lambda: node.text(deep=True))

    def _element(self, tag: str, attrs: dict[str, str | None], text: Callable[[], str]) -> None:
        if tag not in _ELEMENTS_TO_READ and not any(k[:2].lower() == "on" or k.lower() in _WATCHED for k in attrs):
            return  # most elements: nothing that runs or loads (the parser lower-cases HTML attribute names)
        values = {k.lower(): v or "" for k, v in attrs.items()}
        if self._risky(values) or tag in _ALWAYS or self._loads_from_elsewhere(tag, values) \
                or tag in _ANIMATIONS and _animates_a_link(values):
            self.found.append(_shown(tag, attrs))
        elif tag == "script":
            self._script(text(), _shown(tag, attrs), values)
        elif tag == "style":
            self.found.extend(_css(text(), self.trust))

    def _risky(self, values: dict[str, str]) -> bool:
        """An event handler, an executable URL or a CSS URL that runs or loads from elsewhere."""
        for name, value in values.items():
            if name.startswith("on") or name == "srcdoc":  # srcdoc is a whole document, scripts and all
                return True
            if name in _URL_ATTRIBUTES and any(_scheme(u) in _EXECUTABLE_SCHEMES for u in _urls(name, value)):
                return True
            if name == "style" and "(" in value and any(True for _ in _css(value, self.trust)):
                return True
        return False

    def _loads_from_elsewhere(self, tag: str, values: dict[str, str]) -> bool:
        if tag == "meta" and values.get("http-equiv", "").strip().lower() == "refresh":
            url = _clean_url(_refresh_target(values.get("content", "")))
            return bool(url) and (_other_host(url, self.trust) or _scheme(url) is not None)
        if tag == "link" and set(values.get("rel", "").lower().split()) <= _LINK_ONLY and values.get("rel"):
            return False
        return any(_other_host(u, self.trust) for name in (*_LOADS.get(tag, ()), *_LOADS_ANYWHERE)
                   if name in values for u in _urls(name, values[name]))

    def _script(self, body: str, shown: str, values: dict[str, str]) -> None:
        if "src" in values:
            if not self._own_script(_clean_url(values["src"])):
                self.found.append(shown)
            return
        data_only = values.get("type", "").lower() == "application/json" and values.get("id") == "__config"
        if not (self._inline_ok(body) or (data_only and _is_json(body))):
            self.found.append(f"{shown}{body[:80]}".encode("unicode_escape").decode("ascii"))

    def _own_script(self, src: str) -> bool:
        if self.folder is None or self.own is None or _scheme(src) is not None or src.startswith("//"):
            return False
        src = src.split("?", 1)[0].split("#", 1)[0]
        if src.startswith("/"):
            if not src.startswith(self.trust.base_path):
                return False
            src = src[len(self.trust.base_path):]
        path = posixpath.normpath(posixpath.join(self.here, src))
        if path.startswith(("../", "/")) or path == "..":
            return False
        built = self.folder / path
        return path in self.trust.scripts or (built.is_file() and self.own.is_copy(path, built))

    def _inline_ok(self, body: str) -> bool:
        body = body.strip()
        return self.allow_inline and any(p.fullmatch(body) for p in self.trust.inline_scripts)


def _refresh_target(content: str) -> str:
    """The URL of a meta refresh, read as the HTML standard reads it (`0;url=x`, `0, x`, `0 'x'`)."""
    match = _REFRESH.match(content)
    target = match.group(1).strip() if match else ""
    return target[1:].partition(target[0])[0] if target[:1] in ("'", '"') else target


def _animates_a_link(values: dict[str, str]) -> bool:
    """An SVG animation of a link's target, or one whose values are executable URLs."""
    if values.get("attributename", "").strip().lower() in ("href", "xlink:href"):
        return True
    return any(_scheme(_clean_url(v)) in _EXECUTABLE_SCHEMES
               for name in _ANIMATED_VALUES for v in values.get(name, "").split(";"))


def _xml_name(name: str) -> str:
    """An XML element or attribute name without its namespace, as `_LOADS` knows it; xlink:href kept."""
    if name.startswith(_XLINK):
        return "xlink:" + name[len(_XLINK):].lower()
    return name.rpartition("}")[2].lower()


def _is_json(text: str) -> bool:
    try:
        json.loads(text)
    except ValueError:
        return False
    return True
