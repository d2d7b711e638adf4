"""Sanitise the HTML of generated pages after Markdown has converted them: the second line of defence.

`sanitize` escapes author text before Markdown sees it, but Markdown is not regular, so the HTML
that comes out is treated as untrusted too and passed through an allow-list sanitiser (nh3, the
Python binding of Ammonia). The allow-list is what spm-site's own templates and Python-Markdown's
core, `admonition`, `attr_list`, `tables` and `toc` output need, and nothing else:
- links keep `http`, `https`, `mailto` and relative URLs; a protocol-relative `//host` is dropped;
- images keep only same-site sources: an image from another host loses its `src` (its alt text stays);
- ids that start with `__` are the theme's own (`__config`, `__drawer`): content cannot take them;
- a table cell keeps `style` only for the alignments the `tables` extension writes;
- `data-spm-level` marks what belongs to one level of a role, `data-spm-all-levels` what compares
  them (site/my_level.py); `md_in_html` writes the `<div>`s that carry them;
- `data-search-exclude` keeps a listing (the `unsearched` macro), a form or the printout's heading
  out of Material's search index; Material removes it once the page is indexed.

The line-of-sight SVG is markup spm-site builds itself: it is kept out of the sanitiser and put
back afterwards (`restore`), from the page's table of trusted fragments.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

import nh3

from .render import placeholder

_ALIGN = {"text-align: left;", "text-align: center;", "text-align: right;"}
_HEADINGS = {f"h{n}": {"id"} for n in range(1, 7)}
#: Marks a part of a role page that belongs to one level, for the level picker (site/my_level.py).
_LEVEL = {"data-spm-level"}
#: tag -> attributes it may keep; every tag here is allowed, with no attribute unless listed.
ATTRIBUTES: dict[str, set[str]] = {
    **_HEADINGS,
    "a": {"href", "title", "class", "hidden"},
    "abbr": {"title"},
    "blockquote": set(),
    "br": set(),
    "button": {"type", "class"},
    "code": {"class"},
    "details": {"class", "open"},
    "div": {"class", "data-spm-fragment", "data-spm-all-levels", "data-search-exclude", "id", "aria-live", *_LEVEL},
    "em": set(),
    "figcaption": {"class"},
    "figure": {"class", "id"},
    "fieldset": {"class"},
    "form": {"class", "data-search-exclude", "data-spm-filters", "data-spm-compare", "data-spm-finder", "data-spm-words", "hidden"},
    "hr": set(),
    "img": {"src", "alt", "title"},
    "input": {"type", "name", "placeholder", "autocomplete"},
    "label": {"class"},
    "legend": set(),
    "li": set(_LEVEL),
    "ol": {"start"},
    "option": {"value"},
    "p": {"class", "role", "aria-live", "data-search-exclude", *_LEVEL},
    "pre": {"class"},
    "select": {"name"},
    "small": {"class"},
    "span": {"class", "title", "data-level", *_LEVEL},
    "strong": set(),
    "summary": set(),
    "table": {"id"},
    "tbody": set(),
    "td": {"data-value", "data-unit", "data-words", *_LEVEL},
    "th": {"scope", "data-sort", *_LEVEL},
    "thead": set(),
    "tr": {"id", "data-function", "data-kind", "data-timing", "data-objectives", "data-text", "data-key", "data-health", *_LEVEL},
    "ul": set(),
}
_BLANKS = re.compile(r"[\x00-\x20\x7f]")


def _outside(url: str) -> bool:
    """A URL that reaches another host or runs: any scheme, or `//host` (also spelt with backslashes)."""
    cleaned = _BLANKS.sub("", url).replace("\\", "/")
    return cleaned.startswith("//") or ":" in cleaned.split("/", 1)[0].split("?", 1)[0].split("#", 1)[0]


def _relative_url(url: str) -> str | None:
    return None if _outside(url) else url


def _attribute(tag: str, name: str, value: str) -> str | None:
    if name == "id" and value.startswith("__"):
        return None
    if tag == "img" and name == "src" and _outside(value):
        return None
    return value


_CLEANER = nh3.Cleaner(
    tags=set(ATTRIBUTES),
    clean_content_tags={"script", "style"},
    attributes=ATTRIBUTES,
    attribute_filter=_attribute,
    link_rel=None,
    tag_attribute_values={"td": {"style": _ALIGN}, "th": {"style": _ALIGN}},
    url_schemes={"http", "https", "mailto"},
    url_relative=_relative_url,
)


def clean(html: str) -> str:
    """The page's HTML with everything outside the allow-list removed."""
    return _CLEANER.clean(html)


def restore(html: str, fragments: Mapping[str, str]) -> str:
    """Put each trusted fragment back in place of its placeholder."""
    for key, fragment in fragments.items():
        html = html.replace(placeholder(key), fragment, 1)
    return html
