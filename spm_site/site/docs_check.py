"""The hand-written docs/ folder, checked before the build: what the build would refuse, found by `check` too.

docs/ is published beside the pages generated from the framework, so three things there would
change the handbook behind the author's back, and both `spm-site check` and the plugin's `on_files`
refuse them with the same findings:
- a page whose output URL is that of a generated page (`docs/index.md`, `docs/roles/README.md`,
  `docs/strategy.markdown`): one of the two would silently replace the other;
- a file at the path of spm-site's own assets (`docs/assets/spm.js`): it would replace the script
  or stylesheet the finished-site scan trusts as spm-site's;
- a symbolic link, to a file or a folder: MkDocs follows it and publishes whatever it points to
  (`docs/leak.css -> /etc/secret`). Links are reported, never followed.

Output URLs are computed as MkDocs computes them (`File._get_dest_path`), without importing it.
"""

from __future__ import annotations

import os
import posixpath
from collections.abc import Callable, Iterable, Iterator, Mapping
from pathlib import Path

from ..diagnostics import Diagnostic, Location
from ..framework.documents import display_path
from . import THEME_DIR

#: The suffixes MkDocs reads as Markdown pages (mkdocs/utils `markdown_extensions`).
MARKDOWN_SUFFIXES = (".markdown", ".mdown", ".mkdn", ".mkd", ".md")
#: The pages the plugin publishes from docs/: only these can collide with a generated page.
PUBLISHED_PAGES = (".md", ".markdown")


def own_assets() -> list[str]:
    """spm-site's own theme files (`assets/spm.js`), as paths in the built site. Its templates
    (`partials/path.html`) are not among them: MkDocs renders a theme's .html files, never copies them."""
    return sorted(p.relative_to(THEME_DIR).as_posix() for p in THEME_DIR.rglob("*")
                  if p.is_file() and p.suffix != ".html")


def output_path(src: str, directory_urls: bool = True) -> str:
    """Where MkDocs writes the file `src` of docs/: `x.md` to `x/index.html` (`x.html` without directory
    URLs), `x/index.md` and `x/README.md` to `x/index.html`; any other file to its own path."""
    if not src.endswith(MARKDOWN_SUFFIXES):
        return src
    parent, name = posixpath.split(src)
    stem = posixpath.splitext(name)[0]
    stem = "index" if stem == "README" else stem
    if not directory_urls or stem == "index":
        return posixpath.join(parent, stem + ".html")
    return posixpath.join(parent, stem, "index.html")


def walk(docs_dir: Path) -> Iterator[tuple[str, bool]]:
    """(path in docs/, is a symbolic link) for every file and link in `docs_dir`, sorted per folder.

    A linked folder is reported as a link and not entered.
    """
    for folder, dirs, files in os.walk(docs_dir):
        dirs.sort()
        base = Path(folder).relative_to(docs_dir)
        for name in sorted(files):
            path = Path(folder, name)
            yield (base / name).as_posix(), path.is_symlink()
        for name in [d for d in dirs if Path(folder, d).is_symlink()]:
            dirs.remove(name)
            yield (base / name).as_posix(), True


def check_docs(docs_dir: Path, generated: Mapping[str, str | None], directory_urls: bool = True,
               assets: Iterable[str] = (), shown: Callable[[Path], str] = display_path) -> list[Diagnostic]:
    """Every collision and link in `docs_dir`, located at the hand-written file.

    `generated` maps each generated page to the file it comes from (or None); `assets` are
    spm-site's own files in the built site; `shown` writes a path as the author reads it.
    """
    if not docs_dir.is_dir():
        return []
    by_url = {output_path(page, directory_urls): page for page in generated}
    theirs = set(assets)
    out: list[Diagnostic] = []
    for src, is_link in walk(docs_dir):
        where = Location(shown(docs_dir / src))
        if is_link:
            out.append(Diagnostic(where, "docs-symlink", "this is a symbolic link: the build would publish "
                                  "whatever it points to, from outside docs/",
                                  hint="copy the file into docs/, or remove the link"))
        elif src in theirs:
            out.append(Diagnostic(where, "docs-collision", f"this hand-written file has the path of spm-site's "
                                  f"own {src}, which it would replace",
                                  hint="rename or remove the hand-written file; add a stylesheet or script "
                                       "of your own with extra_css or extra_javascript instead"))
        elif (page := by_url.get(output_path(src, directory_urls))) is not None and src.endswith(PUBLISHED_PAGES):
            source = generated[page]
            out.append(Diagnostic(where, "docs-collision", "this hand-written page has the URL of the page "
                                  f"spm-site generates as {page}" + (f" from {source}" if source else ""),
                                  hint="rename or remove the hand-written page"))
    return out
