"""Make author text safe to place in generated Markdown.

Authors may use Markdown (emphasis, lists, links) but their text is never trusted:
- raw HTML is shown as text, not run (`<` and `&` are escaped, so no tag or entity trick survives);
- links keep only web and mail schemes: `javascript:`, `data:` and the like lose their link;
- `{` and `}` are escaped so `attr_list` syntax cannot add attributes such as `onclick`;
- in a table cell, a `|` cannot end the cell and a newline cannot end the row;
- in a heading, nothing the author types is read as Markdown at all.
Jinja's HTML autoescape does none of this for Markdown, so the templates use these filters instead.
"""

from __future__ import annotations

import functools
import html
import re

_SAFE_SCHEMES = ("http", "https", "mailto")
# `[text](destination "title")` and `![alt](destination)`; destinations may hold balanced parentheses.
_INLINE_LINK = re.compile(
    r"(!?\[(?P<text>[^\]\n]*)\])\(\s*(?P<dest>(?:[^()\s]|\([^()\s]*\))*)(?P<rest>[^)]*)\)")
# `[label]: destination` reference definitions.
_REF_DEF = re.compile(r"^(?P<lead>[ ]{0,3}\[[^\]\n]+\]:[ \t]*)(?P<dest>\S+)(?P<rest>.*)$", re.M)
_SCHEME = re.compile(r"^\s*([a-zA-Z][a-zA-Z0-9+.\-]*)\s*:")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# Characters that start Markdown syntax inside a line; escaped in headings and plain text.
_INLINE_SYNTAX = re.compile(r"([\\`*_\[\]#])")


def _unsafe(destination: str) -> bool:
    decoded = destination
    while (once := html.unescape(decoded)) != decoded:  # `&amp;#115;` hides an `s` twice over
        decoded = once
    cleaned = _CONTROL.sub("", decoded).replace("\\", "")
    match = _SCHEME.match(cleaned)
    return bool(match) and match.group(1).lower() not in _SAFE_SCHEMES


def _escape_html(text: str) -> str:
    return _CONTROL.sub("", text).replace("&", "&amp;").replace("<", "&lt;")


def _defuse_links(text: str) -> str:
    def inline(m: re.Match[str]) -> str:
        return m.group("text") if _unsafe(m.group("dest")) else m.group(0)

    def ref(m: re.Match[str]) -> str:
        return m.group("lead") + "#" + m.group("rest") if _unsafe(m.group("dest")) else m.group(0)

    return _REF_DEF.sub(ref, _INLINE_LINK.sub(inline, text))


@functools.lru_cache(maxsize=65536)  # author text recurs across pages (names in every link)
def markdown_block(text: str | None) -> str:
    """Author Markdown for a block of its own (paragraphs and lists kept)."""
    if not text:
        return ""
    out = _escape_html(_defuse_links(text))
    return out.replace("{", "\\{").replace("}", "\\}").strip()


@functools.lru_cache(maxsize=65536)  # author text recurs across pages (names in every link)
def markdown_inline(text: str | None) -> str:
    """Author Markdown on one line, for list items and table cells: no newline, no cell break."""
    if not text:
        return ""
    out = markdown_block(text)
    out = re.sub(r"\s*\n\s*", " ", out)
    return out.replace("|", "&#124;")


@functools.lru_cache(maxsize=65536)  # author text recurs across pages (names in every link)
def plain(text: str | None) -> str:
    """Author text shown exactly as typed (titles, headings, link labels): no Markdown at all."""
    if not text:
        return ""
    out = _escape_html(re.sub(r"\s+", " ", text).strip())
    out = _INLINE_SYNTAX.sub(r"\\\1", out)
    return out.replace("{", "&#123;").replace("}", "&#125;").replace("|", "&#124;")
