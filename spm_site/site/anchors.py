"""Links to a part of a page (`strategy.md#growth`, `#measures`), checked against the pages as built.

MkDocs' strict build fails on a link to an anchor that a page does not have (the handbook's
configuration sets `validation.anchors: warn`), and its message names the generated page. Which
anchors a page has depends on the templates (an organisation's overrides too) and on the text shown
on it, so they cannot be listed from the YAML alone: this check takes the rendered pages, converts
the ones that matter with the site's Markdown extensions, and reads their ids as MkDocs does (every
element's `id`, an `<a>`'s `name`). It reports each missing part at the YAML value that links to it.

It costs a Markdown conversion of each page concerned, so it runs only when some author text links
to a part of a page; `spm-site check` renders the pages for it, and the build runs it on the pages
it is about to publish (its audience's), so the two agree.

A part of the same page (`#measures`) is looked up on every page the text is shown on: a role's
purpose appears on its page and in the roles table, and the two pages have different parts.
"""

from __future__ import annotations

import difflib
import posixpath
from collections.abc import Container, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import markdown

from ..diagnostics import Diagnostic, Location, sort_diagnostics
from ..framework.model import Node
from ..framework.resolve import Framework
from . import sanitize
from .author_links import EXTENSIONS, LinkChecker, texts
from ..pipeline import CheckResult
from .render import Page, Renderer


@dataclass(frozen=True)
class AnchorLink:
    """One author link to a part of a page: where it is written, the page (None: the page it is on), the part."""

    model: Node
    key: str
    index: int | None
    text: str
    url: str
    page: str | None
    anchor: str

    @property
    def location(self) -> Location:
        src = self.model.src
        return Location(src.file, *src.of(self.key, self.index)) if src else Location("?")


def anchor_links(fw: Framework, files: Container[str] | None = None) -> list[AnchorLink]:
    """Every link in author text that names a part of a page, as the build reads it (cheap: no page is rendered)."""
    checker = LinkChecker(())
    out = []
    for model, key, index, text in texts(fw, files):
        if "#" not in text:
            continue
        for fetched, url in checker.destinations(model, key, text):  # MkDocs checks an image's part as a link's
            reading = sanitize.read_destination(url)
            if reading.kind == "anchor" and len(reading.decoded) > 1 and not fetched:  # an image of '#x' is dropped
                out.append(AnchorLink(model, key, index, text, url, None, unquote(reading.decoded[1:])))
            elif reading.kind == "page" and "#" in reading.rest and reading.rest.split("#", 1)[1]:
                out.append(AnchorLink(model, key, index, text, url, reading.path,
                                      unquote(reading.rest.split("#", 1)[1])))
    return out


class _Ids(HTMLParser):
    """The anchors of a page's HTML, as MkDocs collects them: `id` of any element, `name` of an `<a>`."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if value and (name == "id" or (name == "name" and tag == "a")):
                self.ids.add(value)


class Anchors:
    """The anchors of the handbook's pages, each converted once, when first asked for."""

    def __init__(self, pages: Sequence[Page], extensions: Sequence[Any] = EXTENSIONS,
                 configs: Mapping[str, dict] | None = None) -> None:
        self.pages = {page.path: page for page in pages}
        self._md = markdown.Markdown(extensions=list(extensions), extension_configs=dict(configs or {}))
        self._ids: dict[str, set[str]] = {}

    def of(self, path: str) -> set[str] | None:
        """The anchors of the page at `path`, or None when it is not one of these pages (a hand-written one)."""
        if path not in self.pages:
            return None
        if path not in self._ids:
            parser = _Ids()
            parser.feed(self._md.reset().convert(self.pages[path].markdown))
            parser.close()
            self._ids[path] = parser.ids
        return self._ids[path]

    def showing(self, text: str) -> Iterator[str]:
        """The pages that show `text` as Markdown (block or inline), so that its links are links there."""
        for path, page in self.pages.items():
            here = posixpath.dirname(path)
            if any(form and form in page.markdown for form in
                   (sanitize.markdown_block(text, here), sanitize.markdown_inline(text, here))):
                yield path


def check_anchors(links: Iterable[AnchorLink], anchors: Anchors) -> list[Diagnostic]:
    """A located error for each link to a part of a page that the page, as built, does not have."""
    out = []
    for link in links:
        if link.page is not None:
            ids = anchors.of(link.page)
            if ids is None or link.anchor in ids:  # hand-written pages' anchors are the build's to check
                continue
            out.append(Diagnostic(link.location, "missing-anchor",
                                  f"the link '{link.url}' names a part of {link.page} that the page does not have",
                                  hint=_suggest(link.anchor, ids)))
            continue
        showing = list(anchors.showing(link.text))
        lacking = [path for path in showing if link.anchor not in (anchors.of(path) or set())]
        if lacking:
            having = [path for path in showing if path not in lacking]
            shown = ", ".join(lacking[:5]) + (f" and {len(lacking) - 5} more" if len(lacking) > 5 else "")
            example = having[0] if having else "roles/account-executive.md"
            out.append(Diagnostic(
                link.location, "missing-anchor",
                f"the link '{link.url}' names a part of the page it is shown on, and "
                f"{'it is' if len(lacking) == 1 else f'{len(lacking)} of its pages are'} without that part: {shown}",
                hint="the text is shown on more than one page: name the page too, from the site root, like "
                     f"{example}#{link.anchor}, or remove the link"))
    return sort_diagnostics(out)


def _suggest(anchor: str, ids: set[str]) -> str:
    close = difflib.get_close_matches(anchor, sorted(ids), n=1)
    ids_shown = ", ".join(f"#{i}" for i in sorted(ids)[:12])
    guess = f"did you mean '#{close[0]}'? " if close else ""
    return f"{guess}the page's parts are its headings: {ids_shown}" if ids else "the page has no parts to link to"


def foresee_anchors(fw: Framework, pages: Sequence[Page], extensions: Sequence[Any] = EXTENSIONS,
                    configs: Mapping[str, dict] | None = None) -> list[Diagnostic]:
    """Every link to a missing part of a page in `pages` (the pages a build would publish from `fw`)."""
    links = anchor_links(fw)
    return check_anchors(links, Anchors(pages, extensions, configs)) if links else []


def check_rendered(result: CheckResult, templates: Path | None = None) -> list[Diagnostic]:
    """`foresee_anchors` for `spm-site check`: the pages rendered as the build renders them (overrides too).

    Pages are rendered only when some author text links to a part of a page.
    """
    fw = result.framework
    if fw is None:
        return []
    links = anchor_links(fw, _files_with_anchors(result.sources))
    if not links:
        return []
    pages = Renderer(fw, [templates] if templates else [], result).pages()
    return check_anchors(links, Anchors(pages))


def _files_with_anchors(sources: Mapping[str, str]) -> set[str] | None:
    """The files whose text may hold a link to a part of a page; None (every file) when the texts are unknown."""
    if not sources:
        return None
    return {f for f, text in sources.items() if "#" in text or "\\" in text}
