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

import gc
import logging
import multiprocessing
import os
import threading
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any, TypeVar

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from . import page_cache

log = logging.getLogger("mkdocs.plugins.spm")

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
        results = _in_workers(_convert, chunks, workers, 1)
    finally:
        _JOB = None
    if results is None:  # MkDocs converts them all, as without workers
        return 0
    converted = 0
    for chunk in results:
        for key, stored in chunk:
            cache.put(page_cache.MARKDOWN, key, stored)
            converted += 1
    return converted


def _convert(chunk: list[tuple[str, str]]) -> list[tuple[str, dict[str, Any]]]:
    """In a worker: each page converted as MkDocs would, kept only when its conversion logged nothing
    (MkDocs converts such a page again itself, and says what it has to say once)."""
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
        counter = page_cache.Messages()
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
    if workers >= 2 and count >= MIN_PAGES:
        results = _in_workers(function, range(count), workers, max(1, count // (workers * 4)))
        if results is not None:
            return results
    return [function(i) for i in range(count)]


def _in_workers(function: Callable[[Any], T], items: Iterable[Any], workers: int, chunksize: int) -> list[T] | None:
    """`function` over `items` in forked workers, in order; None when a worker died (killed, out of
    memory): the caller does the work in this process instead of waiting for it forever.

    The build's objects are moved out of the collector's sight while the workers run (`gc.freeze`):
    a worker's collections would otherwise walk, and so copy, all of the memory it shares with this
    process (a tenth of a 1,000-role build's time). They are given back afterwards unless something
    froze them before (a one-shot `spm-site build` does, for the whole build)."""
    frozen_before = gc.get_freeze_count()
    gc.freeze()
    try:
        with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork")) as pool:
            return list(pool.map(function, items, chunksize=chunksize))
    except BrokenProcessPool:
        log.warning("a worker process stopped before its work was done; this process does it instead")
        return None
    finally:
        if frozen_before == 0:
            gc.unfreeze()
