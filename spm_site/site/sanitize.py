"""Make author text safe to place in generated Markdown.

Authors may use Markdown (emphasis, lists, links) but their text is never trusted:
- raw HTML is shown as text, not run (`<` and `&` are escaped, so no tag or entity trick survives);
- links keep only web and mail schemes: `javascript:`, `data:` and the like lose their link;
- an image from another host is shown as its alt text: no page makes a request to an outside host;
- `{` and `}` are escaped so `attr_list` syntax cannot add attributes such as `onclick`;
- in a table cell, a `|` cannot end the cell and a newline cannot end the row;
- in a heading, nothing the author types is read as Markdown at all.
Jinja's HTML autoescape does none of this for Markdown, so the templates use these filters instead.

This is the first line only: Markdown is not regular, and a regular expression cannot see every
link the parser sees (deeply nested brackets, reference definitions in odd places). The HTML that
comes out of Markdown is sanitised again with an allow-list (`html_clean`), and the built site is
scanned (`output_scan`).

Links to the handbook's own pages: author text names a page by its path from the site root, with
no scheme and no leading `/`, `./` or `../`: `[Win rate](measures/win-rate.md)`,
`[growth](strategy.md#growth)`. The same text is shown on several pages, so each such destination
is rewritten for the page being rendered (`here`, the folder of that page). Any other destination
without a scheme (`../x`, `/x`, `//host`, `\\host`) loses its link: it could leave the site or
reach another host. `#anchor` alone stays a link within the page it is shown on.
"""

from __future__ import annotations

import functools
import html
import posixpath
import re
from dataclasses import dataclass

from .urls import relative

_SAFE_SCHEMES = ("http", "https", "mailto")
# Link text with up to one level of nested brackets, as in `[a [b] c]`: Python-Markdown reads that as one link.
# The text may run over several lines of one paragraph (a line break not followed by a blank line).
_BREAK = r"\n(?![ \t]*\n)"
_TEXT = r"(?:[^\[\]\n]|" + _BREAK + r"|\[(?:[^\[\]\n]|" + _BREAK + r")*\])*"
# `[text](destination "title")` and `![alt](destination)`; destinations may hold balanced parentheses.
_INLINE_LINK = re.compile(
    r"(?P<bang>!?)\[(?P<text>" + _TEXT + r")\]\(\s*(?P<dest>(?:[^()\s]|\([^()\s]*\))*+)(?P<rest>(?:\s[^)]*)?)\)")
# `[label]: destination` reference definitions, also inside list items and block quotes (`- [r]: x`, `> [r]: x`),
# and with the destination on the next line, as Python-Markdown allows.
_REF_DEF = re.compile(
    r"^(?P<lead>[ \t]*(?:(?:[>*+-]|\d{1,9}[.)])[ \t]*)*\[[^\]\n]+\]:[ \t]*(?:\n[ \t]*)?)(?P<dest>\S+)(?P<rest>.*)$",
    re.M)
_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.\-]*):")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# Browsers drop tabs and newlines inside URLs, so `/\t/host` is `//host`.
_URL_BLANKS = re.compile(r"[\t\n\r]")
# A path from the site root: a first segment that is a name, not `.`, `..`, `/` or `\`.
_SITE_PATH = re.compile(r"^[A-Za-z0-9_]")
# Characters that start Markdown syntax inside a line; escaped in headings and plain text.
_INLINE_SYNTAX = re.compile(r"([\\`*_\[\]#])")


#: Rounds of entity decoding before a destination counts as hiding what it is (`&amp;amp;#106;`):
#: a bounded number keeps decoding linear in the destination's length.
_DECODE_ROUNDS = 8


def _decoded(destination: str) -> str | None:
    """The destination as a browser reads it: entities decoded, blanks and controls gone; None if it hides."""
    decoded = destination
    for _ in range(_DECODE_ROUNDS):  # `&amp;#115;` hides an `s` twice over
        once = html.unescape(decoded)
        if once == decoded:
            return _URL_BLANKS.sub("", _CONTROL.sub("", decoded)).strip()
        decoded = once
    return None


@dataclass(frozen=True)
class Reading:
    """How the build reads one link or image destination an author wrote.

    `kind` is `web` (a scheme the site keeps: http, https, mailto), `unsafe` (any other scheme),
    `anchor` (`#part` of the same page), `page` (a path from the site root, in `path`, with any
    `?query` or `#anchor` in `rest`), `notation` (no scheme, but not a path from the site root:
    `../x`, `/x`, `//host`) or `hidden` (nested character references that hide what it is).
    """

    kind: str
    decoded: str = ""
    scheme: str | None = None
    path: str = ""
    rest: str = ""


def read_destination(dest: str) -> Reading:
    """The build's one reading of a destination, shared by the page filters and `spm-site check`."""
    decoded = _decoded(dest)
    if decoded is None:
        return Reading("hidden")
    match = _SCHEME.match(decoded.replace("\\", ""))
    if match is not None:
        scheme = match.group(1).lower()
        return Reading("web" if scheme in _SAFE_SCHEMES else "unsafe", decoded, scheme)
    if decoded.startswith("#"):
        return Reading("anchor", decoded)
    path = re.split(r"[?#]", decoded, maxsplit=1)[0]
    if not _SITE_PATH.match(decoded) or "\\" in decoded or ".." in path.split("/"):
        return Reading("notation", decoded)
    return Reading("page", decoded, path=posixpath.normpath(path), rest=decoded[len(path):])


def destination(dest: str, here: str, image: bool = False) -> str | None:
    """The destination to publish for an author's link or image on a page in folder `here`; None drops it.

    Images come only from the site itself; links may also go to the web or to a part of the page.
    """
    reading = read_destination(dest)
    if reading.kind == "page":
        return relative(reading.path, here) + reading.rest
    if reading.kind in ("web", "anchor") and not image:
        return dest
    return None


#: Runs of white space; those holding a line break become one space (one pass, no backtracking).
_BREAKS = re.compile(r"\s+")


def _one_line(m: re.Match[str]) -> str:
    return " " if "\n" in m.group() else m.group()


def _escape_html(text: str) -> str:
    return _CONTROL.sub("", text).replace("&", "&amp;").replace("<", "&lt;")


def _links(text: str, here: str) -> str:
    def inline(m: re.Match[str]) -> str:
        image = bool(m.group("bang"))
        dest = destination(m.group("dest"), here, image)
        if dest is None:
            return m.group("text")
        return f"{m.group('bang')}[{m.group('text')}]({dest}{m.group('rest')})"

    def ref(m: re.Match[str]) -> str:
        dest = destination(m.group("dest"), here)
        return m.group("lead") + ("#" if dest is None else dest) + m.group("rest")

    return _REF_DEF.sub(ref, _INLINE_LINK.sub(inline, text))


@functools.lru_cache(maxsize=65536)  # author text recurs across pages (names in every link)
def markdown_block(text: str | None, here: str = "") -> str:
    """Author Markdown for a block of its own (paragraphs and lists kept), on a page in folder `here`."""
    if not text:
        return ""
    out = _escape_html(_links(text, here))
    return out.replace("{", "\\{").replace("}", "\\}").strip()


@functools.lru_cache(maxsize=65536)  # author text recurs across pages (names in every link)
def markdown_inline(text: str | None, here: str = "") -> str:
    """Author Markdown on one line, for list items and table cells: no newline, no cell break."""
    if not text:
        return ""
    out = markdown_block(text, here)
    out = _BREAKS.sub(_one_line, out)
    return out.replace("|", "&#124;")


def html_text(value: object) -> str:
    """Author text for raw HTML or SVG (the diagram, the catalogue): one line, controls dropped, HTML-escaped."""
    if value is None:
        return ""
    return html.escape(_BREAKS.sub(" ", _CONTROL.sub("", str(value))).strip(), quote=True)


@functools.lru_cache(maxsize=65536)  # author text recurs across pages (names in every link)
def plain(text: str | None) -> str:
    """Author text shown exactly as typed (titles, headings, link labels): no Markdown at all."""
    if not text:
        return ""
    out = _escape_html(re.sub(r"\s+", " ", text).strip())
    out = _INLINE_SYNTAX.sub(r"\\\1", out)
    return out.replace("{", "&#123;").replace("}", "&#125;").replace("|", "&#124;")
