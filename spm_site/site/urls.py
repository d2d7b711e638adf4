"""Where every page lives and how one page links to another: the only home of page paths and URLs.

A page path is the Markdown file's place in the site (`roles/account-executive.md`); MkDocs turns
it into a URL (`roles/account-executive/`). Markdown links are rewritten by MkDocs, but raw HTML
and SVG are not, so those get the final, relative URL from `page_url`.
"""

from __future__ import annotations

import functools
import posixpath

from .. import rules
from ..diagnostics import rule_page
from ..framework.kinds import SECTIONS
from ..framework.resolve import Framework
from . import subpages

#: The pages that do not depend on the framework's items, in the order the handbook lists them.
INDEX_PAGES = ("index.md", "values/index.md", "principles.md", "strategy.md", "cascade.md", "objectives/index.md",
               "functions/index.md", "roles/index.md", "measures/index.md", "compare.md", "levels.md", "feedback.md",
               "reference.md")
#: One page per alignment rule, with its full explanation: what a JSON finding's `url` names.
RULE_PAGE_PATHS = tuple(rule_page(code) for code in rules.RULES)
#: The page of the check's findings, published unless the organisation leaves it out.
ALIGNMENT_PAGE = "alignment.md"
#: "What changed in this edition": built only when there is a previous edition to compare with.
CHANGES_PAGE = "changes.md"


def page_path(kind: str, ident: str) -> str:
    """The page of one item: `roles/<id>.md` and so on. Stable, because people bookmark them."""
    return f"{SECTIONS[kind]}/{ident}.md"


def generated_pages(fw: Framework | None, alignment_page: bool = True) -> dict[str, str | None]:
    """Every page the build generates, with the file an item page comes from (None for the others).

    Without a framework (it has errors) the index pages are still known, so docs/ is still checked.
    """
    pages: dict[str, str | None] = dict.fromkeys((*INDEX_PAGES, *RULE_PAGE_PATHS))
    if alignment_page:
        pages[ALIGNMENT_PAGE] = None
    for kind, item in fw.items() if fw is not None else ():
        pages[page_path(kind, item.id)] = item.src.file if item.src else None
    for part in subpages.part_pages(fw) if fw is not None else ():
        pages[part] = None
    for entry in fw.retired if fw is not None else ():
        pages[page_path(entry.kind.value, entry.id)] = entry.src.file if entry.src else None
    return pages


def former_pages(fw: Framework) -> dict[str, str]:
    """{the page path of a former id: the page of the item that has it now}, for redirects.

    Only items list former ids (`previous_ids`); a retired item keeps a page of its own instead.
    """
    moved = {page_path(kind, old): page_path(kind, item.id) for kind, item in fw.items() for old in item.previous_ids}
    parts = set(subpages.part_pages(fw))  # a renamed function's pages of the career levels and the catalogue
    for f in fw.functions.values():
        for old in f.previous_ids:
            for page in (subpages.level_page, subpages.catalogue_page):
                if page(f.id) in parts and page(old) not in parts:
                    moved[page(old)] = page(f.id)
    return moved


@functools.lru_cache(maxsize=65536)
def relative(dest: str, base: str) -> str:
    """`posixpath.relpath` for paths inside the site: no file system, no cwd (it runs ~100,000 times)."""
    d = [p for p in dest.split("/") if p not in ("", ".")]
    b = [p for p in base.split("/") if p not in ("", ".")]
    common = 0
    while common < min(len(d), len(b)) and d[common] == b[common]:
        common += 1
    return "/".join([".."] * (len(b) - common) + d[common:]) or "."


def page_url(target: str, here: str, directory_urls: bool = True) -> str:
    """The URL of page `target` (a path like `measures/win-rate.md`, maybe with `#anchor`) from page `here`.

    MkDocs turns `roles/x.md` into `roles/x/` (or `roles/x.html` without directory URLs); links in
    raw HTML must already point there, relative to the page's own URL.
    """
    target, _, anchor = target.partition("#")

    def final(path: str) -> str:
        stem = path[:-3] if path.endswith(".md") else path
        if not directory_urls:
            return stem + ".html"
        if stem == "index":
            return ""
        return (stem[: -len("index")] if stem.endswith("/index") else stem + "/")

    base = final(here)
    base_dir = base if directory_urls else posixpath.dirname(base)
    dest = final(target)
    rel = relative(dest or ".", base_dir.rstrip("/") or ".")
    if directory_urls and (dest == "" or dest.endswith("/")):
        rel = "./" if rel == "." else rel + "/"
    return rel + (f"#{anchor}" if anchor else "")
