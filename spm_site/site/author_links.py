"""Links in author text, checked before the build: the check reports what the strict build would reject.

Author text may link to the handbook's own pages by their path from the site root
(`[Win rate](measures/win-rate.md)`, `[growth](strategy.md#growth)`); the build rewrites each such
link for the page it is shown on. A link to a page that does not exist fails MkDocs' strict
build, which names the generated page, not the YAML; here it is an error at the YAML value.
What the build drops is a warning, so the author knows the link will not be there: a destination
written another way (`../x.md`, `/x.md`, `//host`), a scheme other than http, https and mailto
(`javascript:`, `data:`), and an image from another host (the handbook makes no outside request).

Destinations are found the way the build finds them: Python-Markdown, with the site's extensions,
converts the text, and the HTML parser reads the URLs out of the result; each is then read as the
build's sanitiser reads it. Regular expressions over Markdown miss links the parser sees. Only
text that could hold a link (`](` or `]:`) is converted, which keeps the check cheap. The build
escapes `<` in author text, so raw HTML and `<url>` are shown as text and are not links here either.

A supporting link's `url` (on an expectation) is read as one destination, the way the page writes it.
Every text of every item is covered without a list of fields: the walk visits every field of every
validated model that holds text or a list of texts. Anchors (`#growth`) are not checked.
"""

from __future__ import annotations

import difflib
import functools
import posixpath
from collections.abc import Container, Iterable, Iterator, Mapping
from html.parser import HTMLParser
from pathlib import Path
from typing import Annotated, Any, get_args, get_origin
from urllib.parse import unquote, urlsplit

import markdown
from pydantic import BaseModel

from ..diagnostics import Diagnostic, Location, Severity
from ..framework.model import AS_WRITTEN, Node, SupportingLink
from ..framework.resolve import Framework
from ..framework.kinds import ITEM_KINDS
from .docs_check import walk
from . import sanitize
from .sanitize import read_destination
from .urls import generated_pages

#: The extensions the handbook converts author text with (see the plugin's Markdown configuration).
EXTENSIONS = ("admonition", "attr_list", "tables", "toc", "md_in_html")
_MAY_LINK = ("](", "]:")
#: In a file's raw text: a YAML escape (`\u0028`, a `\` line continuation) can spell a link's `](`.
_FILE_MAY_LINK = (*_MAY_LINK, "\\", "url:")
#: Attributes that make the browser fetch what they name; other URL attributes are links.
_FETCHED = {"src", "srcset", "poster", "background", "data"}
_LINKS = {"href", "action", "formaction", "cite"}


#: Where a text may be shown: a page at the site root (`index.md`) and a page one folder down (every
#: section's pages are): a link the build publishes must work from both. `_` holds no page.
SHOWN_IN = ("", "_")

#: What to write when the build cannot rewrite a link the way it is laid out.
LAYOUT = ("write the link as [text](roles/account-executive.md): its text in at most one level of [brackets], "
          "with no blank line inside it, and a reference definition's destination after its label")

NOTATION = ("write a handbook page as its path from the site root, with no leading '/', './' or '../', "
            "like measures/win-rate.md or strategy.md#growth; write another site's address in full, "
            "starting with https://")


def page_paths(fw: Framework, alignment_page: bool = True) -> set[str]:
    """The path of every page the build generates from `fw`."""
    return set(generated_pages(fw, alignment_page))


def texts(fw: Framework, files: Container[str] | None = None) -> Iterator[tuple[Node, str, int | None, str]]:
    """(model, field, index in a list or None, text) for every text field of every item in `fw`.

    `files`, when given, limits the walk to items written in those files.
    """
    seen: set[int] = set()
    roots: list[Node] = [fw.organisation]
    for kind in ITEM_KINDS:
        items = getattr(fw, kind.collection)
        roots.extend(items.values() if isinstance(items, dict) else items)
    for root in roots:
        if files is None or (root.src is not None and root.src.file in files):
            yield from _walk(root, seen)


def is_url(model: Node, key: str) -> bool:
    """Whether the field is a destination as it is (a supporting link's `url`), not Markdown."""
    return isinstance(model, SupportingLink) and key == "url"


def _marked(annotation: Any) -> bool:
    if get_origin(annotation) is Annotated and AS_WRITTEN in get_args(annotation)[1:]:
        return True
    return any(_marked(a) for a in get_args(annotation))


@functools.cache
def _as_written(model: type[BaseModel]) -> frozenset[str]:
    """The fields of `model` that pages show as written (names, targets in words): no link to check."""
    return frozenset(key for key, f in model.model_fields.items() if AS_WRITTEN in f.metadata or _marked(f.annotation))


def _walk(model: BaseModel, seen: set[int]) -> Iterator[tuple[Node, str, int | None, str]]:
    if id(model) in seen:
        return
    seen.add(id(model))
    plain = _as_written(type(model))
    for key in type(model).model_fields:
        value = getattr(model, key)
        if key in plain and not isinstance(value, (BaseModel, list)):
            continue
        if isinstance(value, BaseModel):
            yield from _walk(value, seen)
        elif isinstance(value, str) and isinstance(model, Node):
            yield model, key, None, value
        elif isinstance(value, list):
            for index, entry in enumerate(value):
                if isinstance(entry, BaseModel):
                    yield from _walk(entry, seen)
                elif isinstance(entry, str) and isinstance(model, Node):
                    yield model, key, index, entry


class _Urls(HTMLParser):
    """Every URL in a piece of HTML, with whether the browser would fetch it (an image) or follow it."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[bool, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if value is None:
                continue
            if name == "srcset":
                self.found.extend((True, part.split()[0]) for part in value.split(",") if part.split())
            elif name in _FETCHED or (name == "href" and tag == "link"):
                self.found.append((True, value))
            elif name in _LINKS:
                self.found.append((False, value))


class LinkChecker:
    """Checks the links of every author text against the pages a build would have."""

    def __init__(self, pages: Iterable[str]) -> None:
        self.pages = set(pages)
        self._md = markdown.Markdown(extensions=list(EXTENSIONS))
        self._published_md = markdown.Markdown(extensions=list(EXTENSIONS))
        self._suggestions_left = 20

    def destinations(self, model: Node, key: str, text: str) -> list[tuple[bool, str]]:
        """(fetched, URL) of every link a field makes: a supporting link's `url` is one destination
        as it is, any other text is Markdown (`urls`)."""
        return [(False, text)] if is_url(model, key) else self.urls(text)

    def urls(self, text: str) -> list[tuple[bool, str]]:
        """(fetched, URL) for every destination the text has once converted to HTML, as the build converts it.

        The build escapes `<` before Markdown sees the text (see `sanitize`), so raw HTML and `<url>`
        are shown as text and make no link: they are escaped here too.
        """
        if not any(mark in text for mark in _MAY_LINK):
            return []
        parser = _Urls()
        parser.feed(self._md.reset().convert(text.replace("<", "&lt;")))
        parser.close()
        return parser.found

    def problem(self, fetched: bool, url: str) -> tuple[str, Severity, str, str] | None:
        """(rule, severity, message, hint) for a destination the build would reject or drop, else None.

        The build's own reading decides (`sanitize.read_destination`): a scheme other than http,
        https or mailto, any scheme on an image, and anything without a scheme that is not a path
        from the site root lose their link. A path from the site root must name a page (MkDocs'
        strict build fails otherwise, or leaves a link to nowhere when the path has no extension).
        """
        what = "image" if fetched else "link"
        shown = url if len(url) <= 80 else url[:77] + "..."
        reading = read_destination(url)
        if reading.kind == "hidden":
            return "link-notation", Severity.WARNING, f"the {what} '{shown}' is left out: it hides its text in " \
                                                     f"nested character references", NOTATION
        if reading.kind in ("web", "unsafe"):
            if not fetched and reading.kind == "web":
                return None
            if fetched and reading.scheme in ("http", "https"):
                return ("external-image", Severity.WARNING,
                        f"the image '{shown}' is on another host and is left out: the handbook makes no request "
                        f"to outside hosts", "put the image in docs/ and write its path, or link to it instead")
            return ("unsafe-link", Severity.WARNING,
                    f"the {what} '{shown}' is left out: only http, https and mailto links are kept",
                    "remove the link, or write a web address starting with https://")
        if reading.kind == "anchor" and not fetched:
            return None
        if reading.kind != "page":
            rule = "external-image" if fetched and reading.decoded.startswith("//") else "link-notation"
            return (rule, Severity.WARNING, f"the {what} '{shown}' is left out: it is not written as a handbook page",
                    self._meant(reading.decoded) if rule == "link-notation" else NOTATION)
        if posixpath.normpath(unquote(reading.path)) in self.pages:
            return None
        return ("missing-page", Severity.ERROR, f"the {what} '{shown}' names a page the handbook does not have",
                self._suggest(unquote(reading.path)))

    def _meant(self, written: str) -> str:
        """The hint for a page written another way (`/roles/x/`, `../roles/x.md`): its path from the site root."""
        path, cut, rest = written.partition("#")
        path = path.replace("\\", "/")
        while path.startswith(("/", "./", "../")):
            path = path.split("/", 1)[1] if "/" in path else ""
        for guess in (path, path.rstrip("/") + ".md", posixpath.join(path, "index.md")):
            if guess and posixpath.normpath(guess) in self.pages:
                return f"write '{posixpath.normpath(guess)}{cut}{rest}' instead; " + NOTATION
        return NOTATION

    def published(self, text: str, urls: Iterable[tuple[bool, str]] = ()) -> tuple[bool, str] | None:
        """(image, URL) of the first destination the build would publish broken, or None.

        The sanitiser rewrites each link for the page it is shown on, by reading the text the way
        Python-Markdown does; where the two readings differ (link text over a blank line, brackets
        nested twice), a link may be left as written, which works at the site root and nowhere else,
        or keep a `/path` the sanitiser meant to drop. Here the text is sanitised as for a page at the
        root and one a folder down, converted, and every destination that comes out is resolved as
        MkDocs resolves it. A part of a page (`#x`) must be one the text's own reading has (`urls`),
        so that the check of parts (`anchors`) sees it.
        """
        parts = {_part(url) for fetched, url in urls if not (fetched and url.startswith("#"))}
        for here in SHOWN_IN:
            for out in {sanitize.markdown_block(text, here), sanitize.markdown_inline(text, here)}:
                if not any(mark in out for mark in _MAY_LINK):
                    continue
                parser = _Urls()
                parser.feed(self._published_md.reset().convert(out))
                parser.close()
                for fetched, url in parser.found:
                    target = self._resolves(url, here)
                    if target is None or (target is not True and "#" in url
                                          and (target, urlsplit(url).fragment) not in parts):
                        return fetched, url
        return None

    def _resolves(self, url: str, here: str) -> str | bool | None:
        """The page `url` names from a page in folder `here`, as MkDocs resolves it (see its `path_to_url`):
        True for another site, '' for the same page, None when MkDocs would not find it."""
        parts = urlsplit(url)
        if parts.scheme or parts.netloc or markdown.util.AMP_SUBSTITUTE in url:
            return True  # another site, or an address Markdown obfuscated: not a page of this site
        if url.startswith(("/", "\\")):
            return None  # MkDocs leaves an absolute link as it is, with a warning
        if not parts.path:
            return ""
        target = posixpath.normpath(posixpath.join(here, unquote(parts.path)).lstrip("/"))
        return target if target in self.pages else None

    def _suggest(self, path: str) -> str:
        for guess in (path.rstrip("/") + ".md", posixpath.join(path, "index.md")):
            if guess in self.pages:
                return f"write the page's file: '{guess}'"
        if self._suggestions_left <= 0:  # a close match costs a pass over every page: only for the first few
            return NOTATION
        self._suggestions_left -= 1
        close = difflib.get_close_matches(path, sorted(self.pages), n=1)
        return f"did you mean '{close[0]}'? " + NOTATION if close else NOTATION

    def check(self, fw: Framework, files: Container[str] | None = None) -> list[Diagnostic]:
        out: list[Diagnostic] = []
        for model, key, index, text in texts(fw, files):
            whole_url = is_url(model, key)
            if not whole_url and not any(mark in text for mark in _MAY_LINK):
                continue
            urls = self.destinations(model, key, text)
            src = model.src
            location = Location(src.file, *src.of(key, index)) if src else Location("?")
            errors = False
            for fetched, url in urls:
                found = self.problem(fetched, url)
                if found is None:
                    continue
                rule, severity, message, hint = found
                errors = errors or severity is Severity.ERROR
                out.append(Diagnostic(location, rule, message, severity=severity, hint=hint))
            broken = None if errors or whole_url else self.published(text, urls)  # an error here is the author's to fix first
            if broken is not None:
                what, url = "image" if broken[0] else "link", broken[1]
                shown = url if len(url) <= 80 else url[:77] + "..."
                out.append(Diagnostic(location, "link-layout", f"the {what} '{shown}' would be broken on the pages "
                                      "this text is shown on: the way it is laid out keeps spm-site from rewriting "
                                      "it for each page", hint=LAYOUT))
        return out


def _part(url: str) -> tuple[str, str]:
    """(page path or '' for the same page, part) that an author's destination names, as the build reads it."""
    reading = read_destination(url)
    path = posixpath.normpath(unquote(reading.path)) if reading.kind == "page" else ""
    return path, urlsplit(reading.decoded).fragment


def docs_pages(docs_dir: Path | None) -> list[str]:
    """The hand-written files in `docs_dir` as site paths (`guides/onboarding.md`), sorted.

    Links and whatever lies in a linked folder are left out: the build refuses them (`docs_check`).
    """
    if docs_dir is None or not docs_dir.is_dir():
        return []
    return sorted(src for src, is_link in walk(docs_dir) if not is_link)


def check_links(fw: Framework, alignment_page: bool = True, extra_pages: Iterable[str] = (),
                sources: Mapping[str, str] | None = None) -> list[Diagnostic]:
    """Every link in author text that the strict build would reject (errors) or drop (warnings).

    `extra_pages` are the paths of hand-written pages and files in docs/, which links may name too.
    `sources` (each file's text as read) lets the check skip the files that hold no link at all.
    """
    files = None if sources is None else {f for f, text in sources.items() if any(m in text for m in _FILE_MAY_LINK)}
    return LinkChecker(page_paths(fw, alignment_page) | set(extra_pages)).check(fw, files)
