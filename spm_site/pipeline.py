"""The one-way flow from files to a checked framework: load, validate, resolve, check.

Each stage returns values; nothing here prints or exits. Both the CLI and the MkDocs plugin call
`check_framework` and decide for themselves how to show the findings.
"""

from __future__ import annotations

import gc
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from .rules.engine import Waived, run_rules
from .site.author_links import check_links
from .diagnostics import Diagnostic, Location, has_errors, sort_diagnostics, with_excerpts
from .framework.documents import Documents, Tree, display_path, read_documents
from .framework.resolve import Framework, resolve
from .framework import visibility
from .framework.audience import hollow_items
from .site.audience_links import hidden_links
from .settings import Settings, load_settings


@dataclass
class CheckResult:
    """The framework (None when it could not be resolved) and every finding, sorted.

    `sources` holds the text of every file the check read, by display path: findings quote their
    line from it (`Diagnostic.excerpt`), and nothing else is ever quoted. `documents` are the files
    as validated, for tools that write them out again (`spm-site export`) without reading them twice.
    """

    framework: Framework | None
    diagnostics: list[Diagnostic]
    settings: Settings = field(default_factory=Settings)
    waived: list[Waived] = field(default_factory=list)
    sources: dict[str, str] = field(default_factory=dict)
    documents: Documents | None = None

    @property
    def ok(self) -> bool:
        """True when the framework resolved and no finding is an error (warnings are allowed)."""
        return self.framework is not None and not has_errors(self.diagnostics)


@contextmanager
def paused_gc() -> Iterator[None]:
    """Pause the cyclic garbage collector while building many long-lived objects.

    Checking allocates millions of small containers that all stay alive; each automatic
    collection walks all of them again, which made checking 5,000 roles twice as slow (bench/).
    If the caller has already turned the collector off, it stays off.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def check_framework(root: Tree, overrides: dict | None = None, extra_pages: Iterable[str] = ()) -> CheckResult:
    """Everything `spm-site check` knows about the framework under `root` (a folder, or a git revision's `Blobs`).

    `overrides` are settings from outside the framework folder (the MkDocs plugin's options);
    `extra_pages` are the hand-written pages in docs/, which author text may link to.
    """
    with paused_gc():
        return _check(root, overrides, extra_pages)


def _check(root: Tree, overrides: dict | None, extra_pages: Iterable[str]) -> CheckResult:
    if isinstance(root, Path) and not root.is_dir():
        missing = Diagnostic(Location(display_path(root)), "missing-file", f"framework folder '{root}' does not exist",
                             hint="pass the folder that holds organisation.yml, roles/, measures/ ...")
        return CheckResult(None, [missing])
    settings, problems = load_settings(root, overrides)
    docs, found = read_documents(root, settings.limits)
    problems.extend(found)
    problems.extend(visibility.check_names(docs, settings.audiences))
    sources = {**settings.sources, **docs.sources}
    framework, found = resolve(docs)
    problems.extend(found)
    if has_errors(problems) or framework is None:
        return CheckResult(None, with_excerpts(sort_diagnostics(problems), sources), settings, sources=sources,
                           documents=docs)
    findings, waived = run_rules(framework, settings)
    links = check_links(framework, settings.alignment_page, extra_pages, sources)
    findings.extend(links)
    findings.extend(hollow_items(framework, settings.audiences))
    findings.extend(hidden_links(framework, settings.audiences, links, settings.alignment_page, extra_pages, sources))
    diagnostics = with_excerpts(sort_diagnostics([*problems, *findings]), sources)
    return CheckResult(framework, diagnostics, settings, waived, sources, docs)
