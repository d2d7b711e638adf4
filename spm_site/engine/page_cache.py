"""What one build may take from the one before: each page's converted HTML, its search entries and
the output scan's verdict on each file, each stored under a digest of everything that went into it.

A build spends most of its time converting Markdown, indexing the HTML for search and scanning the
finished files, and an edit of one role changes a handful of pages. `serve` keeps this cache in
memory across its rebuilds; `spm-site build --cache DIR` (or the plugin's `cache_dir`) keeps it in
a folder a CI job can carry between runs.

A hit must give exactly what the work would have given, so every key covers all of the work's
input: the page's Markdown, its path and URL, every file's URL (links are resolved and checked
against them), the Markdown settings, and the code that does the work (spm-site's own files and
the version of every installed distribution). A conversion that logged anything (a warning, a
note on a link) is not stored, so nothing MkDocs says is lost on a warm build. Anything else that changes
is simply a new key; what a build did not use is dropped when it ends, so memory stays flat.
"""

from __future__ import annotations

import copy
import functools
import hashlib
import importlib.metadata
import importlib.util
import json
import logging
import os
import stat
import sys
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc

from . import sitedir

log = logging.getLogger("mkdocs.plugins.spm")

#: The stages a build can take from the cache, each kept in a file of its own name; the theme's
#: output of a page (engine/theme_cache.py) only in serve's memory.
MARKDOWN, SEARCH, SCAN, THEME = "markdown", "search", "scan", "theme"
STAGES = (MARKDOWN, SEARCH, SCAN, THEME)
#: The stages a cache folder keeps.
SAVED = (MARKDOWN, SEARCH, SCAN)

#: Bumped when what is stored changes shape (the code fingerprint covers what it means).
FORMAT = 1

#: How many builds an entry outlives its last use: enough for the sites of several audiences built
#: one after another (and a few undone edits in `serve`), few enough that memory stays flat.
KEPT_FOR = 4

#: The file that makes a folder spm-site's cache: the only folder a build writes its cache into.
MARKER = ".spm-site-cache"
MARKER_TEXT = (b"This folder is spm-site's page cache.\n"
               b"Delete it whenever you like: the next build fills it again, only slower.\n")

#: Markdown extensions whose output depends on files other than the page: pages are not cached under them.
_READS_FILES = ("pymdownx.snippets", "pymdownx.b64", "markdown_include")
#: A setting that makes an extension read files (Material's and pymdownx's emoji with icons of one's own).
_READS_FILES_SETTING = "custom_icons"


class CacheDirRefused(sitedir.SiteDirRefused):
    """The cache folder may not be used: it holds or lies inside the author's files."""


@functools.lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """A digest of spm-site's own files and the version of every installed distribution (any of them
    may be a Markdown extension, a plugin or a theme a page goes through): new code, new keys."""
    digest = hashlib.sha256(f"{FORMAT} {sys.version}".encode())
    installed = sorted({f"{d.metadata['Name']}=={d.version}" for d in importlib.metadata.distributions()})
    digest.update(";".join(installed).encode())
    package = Path(__file__).resolve().parents[1]
    for path in sorted(p for p in package.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
        digest.update(path.relative_to(package).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


class Unstable(ValueError):
    """An input with no stable text (an object whose repr names its address): no key can be made."""


def _stable(value: object) -> str:
    """A value JSON cannot write, as stable text: a function or class by its dotted name, else its repr."""
    name = getattr(value, "__qualname__", None)
    if callable(value) and name:
        return f"{getattr(value, '__module__', '')}.{name}"
    text = repr(value)
    if " at 0x" in text:
        raise Unstable(text)
    return text


def digest(*parts: object) -> str:
    """The key of one piece of work: a SHA-256 of its inputs, written as JSON; Unstable when one of
    them has no stable text."""
    return hashlib.sha256(json.dumps(parts, sort_keys=True, default=_stable, ensure_ascii=False).encode()).hexdigest()


class PageCache:
    """Stored work by stage and key; in memory, and in `folder` too when one is given.

    Each build starts with `begin`; a good build ends with `end`, which drops what the last `KEPT_FOR`
    builds did not use and writes the folder, one JSON file a stage. After a failed build everything
    stays: each entry is still right for its key.
    """

    def __init__(self, folder: Path | None = None) -> None:
        self.folder = folder
        self._stages: dict[str, dict[str, Any]] = {stage: {} for stage in STAGES}
        #: {stage: {key: the build that last used it}}
        self._used: dict[str, dict[str, int]] = {stage: {} for stage in STAGES}
        self._build = 0
        self.hits: dict[str, int] = dict.fromkeys(STAGES, 0)
        self.misses: dict[str, int] = dict.fromkeys(STAGES, 0)
        self._loaded = folder is None

    def begin(self) -> None:
        if not self._loaded:
            self._load()
        self._build += 1
        for stage in STAGES:
            self.hits[stage] = self.misses[stage] = 0

    def get(self, stage: str, key: str) -> Any | None:
        value = self._stages[stage].get(key)
        if value is None:
            self.misses[stage] += 1
        else:
            self.hits[stage] += 1
            self._used[stage][key] = self._build
        return value

    def has(self, stage: str, key: str) -> bool:
        """Whether `key` is stored, without counting it as used."""
        return key in self._stages[stage]

    def keys(self, stage: str) -> set[str]:
        """Every key a stage holds (what a build would find there)."""
        return set(self._stages[stage])

    def put(self, stage: str, key: str, value: Any) -> None:
        self._stages[stage][key] = value
        self._used[stage][key] = self._build

    def end(self) -> None:
        """Drop what the last builds did not use, then write the folder (when there is one)."""
        for stage in STAGES:
            used = {key: n for key, n in self._used[stage].items() if self._build - n < KEPT_FOR}
            self._used[stage] = used
            self._stages[stage] = {key: value for key, value in self._stages[stage].items() if key in used}
        log.info("page cache: " + ", ".join(f"{stage} {self.hits[stage]} reused, {self.misses[stage]} new"
                                           for stage in STAGES))
        if self.folder is not None:
            try:
                self._save()
            except OSError as exc:  # the site is built and scanned: a cache that cannot be kept only costs time
                log.warning(f"page cache: could not keep it in {self.folder} ({exc}); the next build converts every page")

    def _load(self) -> None:
        self._loaded = True
        assert self.folder is not None
        code = code_fingerprint()
        for stage in SAVED:
            path = self.folder / f"{stage}.json"
            try:
                stored = json.loads(path.read_bytes())
            except FileNotFoundError:
                continue
            except (OSError, ValueError) as exc:  # a damaged file is only a slower build
                log.info(f"page cache: {path} is not readable ({exc}); it is filled again")
                continue
            self._stages[stage], self._used[stage] = _readable(stage, stored, code)

    def _save(self) -> None:
        assert self.folder is not None
        self.folder.mkdir(parents=True, exist_ok=True)
        if not (self.folder / MARKER).exists():
            (self.folder / MARKER).write_bytes(MARKER_TEXT)
        code = code_fingerprint()
        for stage in SAVED:
            data = json.dumps({"code": code, "build": self._build, "used": self._used[stage],
                               "entries": self._stages[stage]},
                              separators=(",", ":"), ensure_ascii=False).encode()
            fd, tmp = tempfile.mkstemp(prefix=f".{stage}.json.", dir=self.folder)
            try:
                with os.fdopen(fd, "wb") as f:
                    f.write(data)
                os.replace(tmp, self.folder / f"{stage}.json")
            except BaseException:
                Path(tmp).unlink(missing_ok=True)
                raise


def _readable(stage: str, stored: Any, code: str) -> tuple[dict[str, Any], dict[str, int]]:
    """One stage's entries and when each was last used (builds before this one, as 0 or less), as
    `_save` wrote them; nothing when the file is another code's, and no entry of another shape: a
    file damaged or edited by hand is only a slower build, never a traceback."""
    if not (isinstance(stored, dict) and stored.get("code") == code):
        return {}, {}
    entries, used, build = stored.get("entries"), stored.get("used"), stored.get("build")
    if not (isinstance(entries, dict) and isinstance(used, dict) and type(build) is int):
        return {}, {}
    shaped = _SHAPES[stage]
    kept = {key: value for key, value in entries.items() if type(used.get(key)) is int and shaped(value)}
    return kept, {key: used[key] - build for key in kept}


def _is_page(value: Any) -> bool:
    """The shape `_stored` gives a converted page."""
    return (isinstance(value, dict) and isinstance(value.get("content"), str) and _is_toc(value.get("toc"))
            and "title" in value and (value["title"] is None or isinstance(value["title"], str))
            and isinstance(value.get("anchors"), list) and all(isinstance(a, str) for a in value["anchors"])
            and "links" in value and (value["links"] is None or _is_links(value["links"])))


def _is_toc(items: Any) -> bool:
    return isinstance(items, list) and all(
        isinstance(i, dict) and type(i.get("level")) is int and isinstance(i.get("id"), str)
        and isinstance(i.get("name"), str) and _is_toc(i.get("children")) for i in items)


def _is_links(links: Any) -> bool:
    return isinstance(links, dict) and all(
        isinstance(anchors, dict) and all(isinstance(a, str) and isinstance(u, str) for a, u in anchors.items())
        for anchors in links.values())


#: What a stored value of each stage looks like: a page, a page's search entries, a clean verdict.
_SHAPES = {
    MARKDOWN: _is_page,
    SEARCH: lambda value: isinstance(value, list) and all(isinstance(entry, dict) for entry in value),
    SCAN: lambda value: value is True,
}


def check_folder(folder: Path, protected: Iterable[sitedir.Protected]) -> Path:
    """`folder` resolved when the cache may live there: new, empty, or holding spm-site's cache
    marker, and clear of the author's folders; else CacheDirRefused saying why."""
    reason = _refusal(folder, list(protected))
    if reason is None:
        return folder.resolve()
    raise CacheDirRefused(sitedir.message(
        folder.absolute(), f"refusing to keep the page cache here: {reason}",
        "pass a folder of its own, such as --cache .cache/spm-site (add it to .gitignore)", rule="cache-dir"))


def _refusal(folder: Path, protected: list[sitedir.Protected]) -> str | None:
    if folder.is_symlink():
        return "it is a symbolic link; pass the folder itself"
    if folder.exists() and not folder.is_dir():
        return "it is a file, not a folder"
    path = folder.resolve()
    for kept in protected:
        found = sitedir.overlap(path, kept)
        if found:
            return found
    if ".git" in path.parts or (path / ".git").exists():
        return "it is in or holds a git repository's own folder"
    if path.is_dir() and any(path.iterdir()):
        marker = path / MARKER
        if not (marker.exists() and stat.S_ISREG(marker.lstat().st_mode) and marker.read_bytes() == MARKER_TEXT):
            return f"it is not empty and holds no {MARKER} file (spm-site did not make it)"
    return None


def files_fingerprint(files: Files, config: MkDocsConfig) -> str | None:
    """A digest of everything a page's conversion reads besides the page: every file's URL and
    inclusion, the Markdown extensions (and the source of each one's module) with their settings,
    the link-validation settings, and whether MkDocs collects links to anchors (it does not at the
    debug level). None when no key can be made: an extension reads other files, or a setting has no
    stable text."""
    names = [e if isinstance(e, str) else type(e).__module__ for e in config.markdown_extensions]
    if any(name.startswith(_READS_FILES) for name in names) or _READS_FILES_SETTING in str(config.mdx_configs):
        return None
    listed = [(f.src_uri, f.dest_uri, f.url, str(f.inclusion)) for f in files]
    extensions = [e if isinstance(e, str) else f"{type(e).__module__}.{type(e).__qualname__}"
                  for e in config.markdown_extensions]
    collects_anchors = logging.getLogger("mkdocs.structure.pages").getEffectiveLevel() > logging.DEBUG
    try:
        return digest(code_fingerprint(), sorted(listed), extensions, [_module_source(n) for n in names],
                      config.mdx_configs, config.use_directory_urls, str(config.validation), collects_anchors)
    except Unstable:
        return None


def _module_source(name: str) -> str | None:
    """A digest of the file of an extension's module (a project's own extension can change with no
    version to say so); Python-Markdown's short names (`toc`) are its own modules."""
    module = name.split(":", 1)[0]
    for candidate in (module, f"markdown.extensions.{module}"):
        try:
            spec = importlib.util.find_spec(candidate)
        except (ImportError, ValueError):
            spec = None
        if spec is not None and spec.origin and os.path.isfile(spec.origin):
            return hashlib.sha256(Path(spec.origin).read_bytes()).hexdigest()
    return None


class Messages(logging.Handler):
    """Counts what MkDocs logs (information and up) while one page converts: a conversion that said
    something is not stored, so a warm build says it again."""

    def __init__(self) -> None:
        super().__init__(logging.INFO)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.count += 1


def conversion_key(base: str, file: File, markdown: str) -> str:
    """The key of one page's conversion: `base` (files_fingerprint) and the page's path, URL and Markdown.

    MkDocs collects a page's links to parts of other pages only when its log is not verbose
    (mkdocs/structure/pages.py): a conversion without them must not stand in for one with them."""
    tracks_links = logging.getLogger("mkdocs.structure.pages").getEffectiveLevel() > logging.DEBUG
    return digest(base, file.src_uri, file.url, markdown, tracks_links)


def convert_with_cache(page: Page, cache: PageCache, base: str) -> None:
    """Make `page.render` (the one conversion MkDocs runs for a page) take the stored result for this
    exact Markdown, or convert and store it.

    MkDocs offers no event between reading a page and converting it that could supply the HTML, and
    the page object belongs to the navigation (so a subclass cannot stand in for it): the render
    method of this one page object is replaced for this one build, and puts itself back.
    """
    render = page.render

    def cached_render(config: MkDocsConfig, files: Files) -> None:
        del page.render  # the class's own method again
        key = conversion_key(base, page.file, page.markdown or "")  # as every plugin left it
        entry = cache.get(MARKDOWN, key)
        if entry is not None:
            _restore(page, entry, files)
            return
        counter = Messages()
        logger = logging.getLogger("mkdocs")
        logger.addHandler(counter)
        try:
            render(config, files)
        finally:
            logger.removeHandler(counter)
        if counter.count == 0:
            cache.put(MARKDOWN, key, conversion_of(page))

    page.render = cached_render  # type: ignore[method-assign]


def conversion_of(page: Page) -> dict[str, Any]:
    """What the cache keeps of a converted page: everything `Page.render` sets, as JSON."""
    links = page.links_to_anchors
    return {
        "content": page.content,
        "toc": [_token(item) for item in page.toc.items],
        "title": page._title_from_render,  # noqa: SLF001 (the title MkDocs takes from the first heading)
        "anchors": sorted(page.present_anchor_ids or ()),
        "links": None if links is None else {f.src_uri: dict(v) for f, v in links.items()},
    }


def _token(item: Any) -> dict[str, Any]:
    """A table-of-contents entry back as the token `get_toc` reads (mkdocs/structure/toc.py)."""
    return {"level": item.level, "id": item.id, "name": item.title, "children": [_token(c) for c in item.children]}


def _restore(page: Page, stored: dict[str, Any], files: Files) -> None:
    page.content = stored["content"]
    page.toc = get_toc(stored["toc"])
    page._title_from_render = stored["title"]  # noqa: SLF001
    page.present_anchor_ids = set(stored["anchors"])
    if stored["links"] is not None:
        page.links_to_anchors = {files.get_file_from_path(src): links for src, links in stored["links"].items()}


class SearchEntries:
    """Material's search index, with each unchanged page's entries taken from the cache.

    Material indexes a page (`add_entry_from_context`) from its HTML, its table of contents, its URL,
    title and metadata, with the plugin's settings: the key covers all of them. A page the cache
    lacks is indexed later, all such pages together (`finish`, before Material writes the index):
    in worker processes when there are several (engine/parallel.py `map_forked`), each page's
    entries at its own place, so the index holds what Material alone would have written.
    """

    def __init__(self, index: Any, cache: PageCache) -> None:
        self.index, self.cache = index, cache
        self.settings = digest(code_fingerprint(), getattr(index, "config", {}))
        self.pending: list[tuple[str | None, _Indexed]] = []
        index.add_entry_from_context = self.add

    def add(self, page: Page) -> None:
        meta = {name: page.meta.get(name) for name in ("title", "tags", "search")}
        try:
            key: str | None = digest(self.settings, page.url, page.title, meta, page.content, _toc_ids(page.toc.items))
        except Unstable:  # indexed, not kept
            key = None
        entries = self.cache.get(SEARCH, key) if key is not None else None
        if entries is not None:
            self.index.entries.extend(_copy(entry) for entry in entries)
            return
        self.index.entries.append(_Pending(len(self.pending)))
        # What Material reads of the page, as it is now: the page changes after this event (the theme
        # and other plugins see it later), and its entries must be the ones Material would make now.
        self.pending.append((key, _Indexed(page.content, page.toc, page.url, page.title, dict(page.meta))))

    def finish(self, map_pages: Callable[[Callable[[int], list[dict]], int], list[list[dict]]]) -> None:
        """Index the pending pages (`map_pages(function, count)` maps the function over their
        positions, in this process or in workers) and put their entries in place."""
        global _INDEXING
        _INDEXING = self
        try:
            found = map_pages(_entries_of_pending, len(self.pending)) if self.pending else []
        finally:
            _INDEXING = None
        for (key, _), entries in zip(self.pending, found):
            if key is not None:
                self.cache.put(SEARCH, key, entries)
        self.index.entries = [entry for item in self.index.entries
                              for entry in ([_copy(e) for e in found[item.position]] if isinstance(item, _Pending) else [item])]
        self.pending = []

    def entries_of(self, page: _Indexed) -> list[dict]:
        """One page's entries, as Material's own indexing makes them, in an index of their own."""
        alone = copy.copy(self.index)
        alone.__dict__.pop("add_entry_from_context", None)
        alone.entries = []
        type(self.index).add_entry_from_context(alone, page)
        return [_copy(entry) for entry in alone.entries]


@dataclass(frozen=True)
class _Indexed:
    """What Material's indexing reads of a page (`add_entry_from_context`)."""

    content: str | None
    toc: Any
    url: str
    title: str | None
    meta: dict[str, Any]


@dataclass(frozen=True)
class _Pending:
    """Where a page's entries go in the index once it is indexed."""

    position: int


#: The index whose pending pages are being indexed: what forked workers find (see `finish`).
_INDEXING: SearchEntries | None = None


def _entries_of_pending(position: int) -> list[dict]:
    assert _INDEXING is not None
    return _INDEXING.entries_of(_INDEXING.pending[position][1])


def _toc_ids(items: Iterable[Any]) -> list[Any]:
    return [[item.id, item.url, _toc_ids(item.children)] for item in items]


def _copy(entry: dict[str, Any]) -> dict[str, Any]:
    """An entry apart from the stored one (its tags are a list), so neither side changes the other."""
    return {key: list(value) if isinstance(value, list) else value for key, value in entry.items()}


def search_index_of(plugins: Iterable[Any]) -> Any | None:
    """The search index of the build's search plugin (Material's, or one shaped like it), if any."""
    for plugin in plugins:
        index = getattr(plugin, "search_index", None)
        if callable(getattr(index, "add_entry_from_context", None)) and isinstance(getattr(index, "entries", None), list):
            return index
    return None


class ScanMemo:
    """The output scan's memory (output_scan.Memo): digests of files it found clean before."""

    def __init__(self, cache: PageCache) -> None:
        self.cache = cache

    def seen(self, key: str) -> bool:
        return self.cache.get(SCAN, key) is not None

    def clean(self, key: str) -> None:
        self.cache.put(SCAN, key, True)
