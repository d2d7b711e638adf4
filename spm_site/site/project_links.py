"""The project's own links, checked before the build: the `nav` of mkdocs.yml and the links of docs/ pages.

A `nav` entry that names no page, and a hand-written page's link to a page that does not exist,
make MkDocs warn (`validation.nav.not_found` and `validation.links.not_found` are `warn` unless the
config lowers them), so the strict build fails, naming the page after the fact. Here each is an
error at its line: in mkdocs.yml (or properdocs.yml), or in the docs/ page.

The pages a link may name are those the build will have: the generated ones (`urls.generated_pages`,
and the redirect pages of former ids) and the files of docs/. Hand-written pages are converted with
the handbook's Markdown extensions, and their links resolved as MkDocs resolves them (relative to
the page's folder; another site, an absolute path and a part of the same page are not looked up).
What an extension of the project's own adds to a page (snippets, macros) is not seen here.
"""

from __future__ import annotations

import posixpath
from collections.abc import Iterable, Iterator
from pathlib import Path
from urllib.parse import unquote, urlsplit

import markdown
import yaml

from ..diagnostics import Diagnostic, Location
from ..framework.documents import display_path
from .author_links import EXTENSIONS, _Urls
from .docs_check import PUBLISHED_PAGES, walk


def _levels(data: object, section: str) -> str:
    """The level MkDocs logs a missing target at, under `validation:` (`warn` unless the config lowers it)."""
    validation = data.get("validation") if isinstance(data, dict) else None
    part = validation.get(section) if isinstance(validation, dict) else None
    level = part.get("not_found") if isinstance(part, dict) else None
    return level if isinstance(level, str) else "warn"


def _compose(config: Path) -> yaml.Node | None:
    """The config as YAML nodes, which keep their lines; tags (`!!python/name:`, `!ENV`) are not run."""
    try:
        return yaml.compose(config.read_text(encoding="utf-8"), Loader=yaml.SafeLoader)
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return None


def _nav_entries(node: yaml.Node) -> Iterator[yaml.ScalarNode]:
    """Every page path in a `nav` node: a list item `- x.md` or the value of `- Title: x.md`."""
    if isinstance(node, yaml.SequenceNode):
        for item in node.value:
            yield from _nav_entries(item)
    elif isinstance(node, yaml.MappingNode):
        for _, value in node.value:
            yield from _nav_entries(value)
    elif isinstance(node, yaml.ScalarNode) and node.tag.endswith(":str"):
        yield node


def check_nav(config: Path, pages: set[str]) -> list[Diagnostic]:
    """A located error for each `nav` entry of `config` that names no page the build will have."""
    root = _compose(config)
    if not isinstance(root, yaml.MappingNode):
        return []
    if _levels({"validation": _plain(root, "validation")}, "nav") != "warn":
        return []
    nav = next((value for key, value in root.value if getattr(key, "value", None) == "nav"), None)
    out = []
    for entry in _nav_entries(nav) if nav is not None else ():
        path = entry.value
        parts = urlsplit(path)
        if parts.scheme or parts.netloc or path.startswith("/") or posixpath.normpath(path) in pages:
            continue
        out.append(Diagnostic(Location(display_path(config), entry.start_mark.line + 1, entry.start_mark.column + 1),
                              "missing-page", f"the menu entry '{path}' names a page the handbook does not have",
                              hint="name a page of docs/ or a generated page by its path, like roles/index.md; "
                                   "a menu entry to a section the framework leaves empty can simply go"))
    return out


def _plain(root: yaml.MappingNode, key: str) -> object:
    """The value of a top-level key as plain data (strings and mappings only), or None."""
    for k, value in root.value:
        if getattr(k, "value", None) == key:
            try:
                return yaml.safe_load(yaml.serialize(value))
            except yaml.YAMLError:
                return None
    return None


def check_docs_links(docs_dir: Path, pages: set[str], config: Path | None = None) -> list[Diagnostic]:
    """A located error for each link of a hand-written page to a page or file the build will not have."""
    if config is not None:
        root = _compose(config)
        if isinstance(root, yaml.MappingNode) and _levels({"validation": _plain(root, "validation")}, "links") != "warn":
            return []
    md = markdown.Markdown(extensions=list(EXTENSIONS))
    out = []
    for src, is_link in walk(docs_dir):
        if is_link or not src.endswith(PUBLISHED_PAGES):
            continue
        path = docs_dir / src
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            continue  # the build reports a page it cannot read itself
        if "](" not in text and "]:" not in text and "href" not in text and "src" not in text:
            continue
        parser = _Urls()
        parser.feed(md.reset().convert(text))
        parser.close()
        for _, url in parser.found:
            target = _target(src, url)
            if target is None or target in pages:
                continue
            line, col = _where(text, url)
            out.append(Diagnostic(Location(display_path(path), line, col), "missing-page",
                                  f"the link '{url}' names a page or file the handbook does not have ('{target}')",
                                  hint="write the path from this page's folder to a page of docs/ or a generated "
                                       "page, like ../roles/index.md"))
    return out


def _target(src: str, url: str) -> str | None:
    """The file a link on page `src` names, as MkDocs looks it up; None when MkDocs does not look it up."""
    parts = urlsplit(url)
    if parts.scheme or parts.netloc or url.startswith(("/", "\\")) or not parts.path \
            or markdown.util.AMP_SUBSTITUTE in url:
        return None
    path = unquote(parts.path)
    if not posixpath.splitext(path.rstrip("/"))[1]:
        return None  # MkDocs logs a link without an extension at `unrecognized_links`, info by default
    return posixpath.normpath(posixpath.join(posixpath.dirname(src), path).lstrip("/"))


def _where(text: str, url: str) -> tuple[int, int]:
    """The line and column of the link's first appearance in the page's source (its start if not found)."""
    at = text.find(url)
    if at < 0:
        return 1, 1
    line = text.count("\n", 0, at) + 1
    return line, at - (text.rfind("\n", 0, at) + 1) + 1


def check_project_links(config: Path | None, docs_dir: Path | None, pages: Iterable[str]) -> list[Diagnostic]:
    """`check_nav` and `check_docs_links` against `pages` (generated, redirected and hand-written)."""
    found = set(pages)
    out = check_nav(config, found) if config is not None and config.is_file() else []
    if docs_dir is not None and docs_dir.is_dir():
        out += check_docs_links(docs_dir, found, config if config is not None and config.is_file() else None)
    return out
