"""Convert the generated pages' Markdown in worker processes, ahead of MkDocs, into the page cache.

MkDocs builds one page after another in one process, and converting Markdown is the largest part of a
build. Before MkDocs reads the pages (the `nav` event comes right before), the plugin hands each page
it generated to a worker: a forked copy of this process, with the same configuration and files,
which runs MkDocs' own `Page.render` on the page's Markdown and sends back what the page cache stores
(engine/page_cache.py). MkDocs then converts nothing itself: each page takes its result from the cache
under the same key it would have computed anyway. The output is therefore byte-identical to a build
in one process, and anything the workers could not know (Markdown another plugin changes later, a
page whose conversion warned) simply misses the cache and is converted by MkDocs as before.

Workers are forked (their copy of the build costs nothing to make), so this runs only where `fork`
is safe: on POSIX, in a process with no other threads (`spm-site build`, not `serve`).
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import threading
from collections.abc import Callable
from typing import Any, TypeVar

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from . import page_cache

T = TypeVar("T")

#: Below this many pages, starting workers costs more than it saves.
MIN_PAGES = 64

#: What the workers inherit when forked: the build's config, its files and the conversion's digest.
_JOB: tuple[MkDocsConfig, Files, str] | None = None


def workers_wanted(requested: int | None) -> int:
    """How many workers to use: `requested`, or one a core (at least 1); 1 where forking is not safe."""
    if "fork" not in multiprocessing.get_all_start_methods() or threading.active_count() > 1:
        return 1
    available = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    return max(1, requested if requested is not None else available)


def convert_ahead(pages: list[tuple[File, str]], config: MkDocsConfig, files: Files, base: str,
                  cache: page_cache.PageCache, workers: int) -> int:
    """Convert what `cache` lacks of `pages` ((file, Markdown) pairs) in `workers` processes and store
    it; returns how many pages were converted."""
    global _JOB
    todo = [(file.src_uri, markdown) for file, markdown in pages
            if not cache.has(page_cache.MARKDOWN, page_cache.conversion_key(base, file, markdown))]
    if workers < 2 or len(todo) < MIN_PAGES:
        return 0
    chunks = [todo[i::workers] for i in range(workers)]
    _JOB = (config, files, base)
    try:
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            results = pool.map(_convert, chunks)
    finally:
        _JOB = None
    converted = 0
    for chunk in results:
        for key, stored in chunk:
            cache.put(page_cache.MARKDOWN, key, stored)
            converted += 1
    return converted


def _convert(chunk: list[tuple[str, str]]) -> list[tuple[str, dict[str, Any]]]:
    """In a worker: each page converted as MkDocs would, kept only when nothing was logged as a warning
    (MkDocs converts such a page again itself, and says its warnings once)."""
    assert _JOB is not None
    config, files, base = _JOB
    logger = logging.getLogger("mkdocs")
    logger.handlers, logger.propagate = [], False  # this copy's warnings are not the author's to read twice
    out = []
    for src_uri, markdown in chunk:
        file = files.get_file_from_path(src_uri)
        assert file is not None
        page = Page(None, file, config)
        page.markdown = markdown
        counter = page_cache.Warnings()
        logger.addHandler(counter)
        try:
            page.render(config, files)
        except Exception:  # noqa: BLE001 (MkDocs raises it again, with its own message, when it converts the page)
            continue
        finally:
            logger.removeHandler(counter)
        if counter.count == 0:
            out.append((page_cache.conversion_key(base, file, markdown), page_cache.conversion_of(page)))
    return out


def map_forked(function: Callable[[int], T], count: int, workers: int) -> list[T]:
    """`[function(i) for i in range(count)]`, in `workers` forked processes when that is worth it.

    `function` reads what it needs from this process's memory, which the workers inherit: only
    positions go to them and only results come back."""
    if workers < 2 or count < MIN_PAGES:
        return [function(i) for i in range(count)]
    with multiprocessing.get_context("fork").Pool(workers) as pool:
        return pool.map(function, range(count), chunksize=max(1, count // (workers * 4)))
