"""What one audience's build renders, and links in visible text to pages its site does not have.

A public value whose statement links to `measures/win-rate.md`, an internal measure, would be a
broken link on the public site (its strict build fails) and would print the hidden page's address.
Each audience's framework is filtered as its build filters it, and the links of what is left are
checked against the pages that build would have; what only fails there is reported once, as a
warning naming the audiences.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING

from ..diagnostics import Diagnostic, Severity
from ..framework.audience import (
    Filtered,
    filter_framework,
    shown_findings,
    shown_waived,
)
from ..framework.resolve import Framework
from ..framework.visibility import INTERNAL, PUBLIC, Audiences
from .audience_text import for_public
from .author_links import _FILE_MAY_LINK, LinkChecker, page_paths

if TYPE_CHECKING:  # the pipeline calls `hidden_links`: a run-time import would go round in a circle
    from ..pipeline import CheckResult


def broken_for(fw: Framework, audience: str, alignment_page: bool = True, extra_pages: Iterable[str] = (),
               files: set[str] | None = None) -> list[Diagnostic]:
    """The links of an audience's (filtered) framework that name a page its site will not have;
    `files`, when given, are the only files whose text holds a link (see `check_links`)."""
    pages = page_paths(fw, alignment_page) | set(extra_pages)
    if audience == PUBLIC:
        pages = {page for page in pages if for_public(page)}
    return [d for d in LinkChecker(pages).check(fw, files) if d.rule == "missing-page"]


def hidden_links(fw: Framework, audiences: Audiences, links: Iterable[Diagnostic], alignment_page: bool = True,
                 extra_pages: Iterable[str] = (), sources: Mapping[str, str] | None = None) -> list[Diagnostic]:
    """A `hidden-link` warning for each link that some audience's build could not resolve.

    `links` are the full framework's link findings (`check_links`): a link broken for everyone is
    reported there already, not again here."""
    files = None if sources is None else {f for f, text in sources.items() if any(m in text for m in _FILE_MAY_LINK)}
    if files is not None and not files:
        return []  # no text links anywhere: nothing to check
    broken: dict[tuple, list[str]] = {}
    for audience in audiences.all:
        filtered = filter_framework(fw, audience, audiences)
        if not filtered.hidden:
            continue
        for d in broken_for(filtered.framework, audience, alignment_page, extra_pages, files):
            broken.setdefault((d.location, d.message), []).append(audience)
    reported = {(d.location, d.message) for d in links if d.rule == "missing-page"}  # broken for everyone already
    out = []
    for (location, message), names in broken.items():
        if (location, message) in reported:
            continue
        link = message.split(" names a page", 1)[0]
        out.append(Diagnostic(location, "hidden-link",
                              f"{link} names a page that the {', '.join(names)} build{'s' if len(names) > 1 else ''} "
                              f"will not have: it is hidden from {'them' if len(names) > 1 else 'that audience'}",
                              hint="link only to pages the readers of this text may see, or narrow the text's visibility",
                              severity=Severity.WARNING))
    return out


class UnknownAudience(ValueError):
    """A build asked for an audience that spm.yml does not define."""


def audience_view(result: CheckResult, audience: str, extra_pages: Iterable[str] = ()) -> tuple[Filtered, CheckResult, list[Diagnostic]]:
    """What one audience's build renders: the filtered framework, the check as its alignment page may
    show it, and the links of visible text that name a page this build will not have (which fail it)."""
    settings = result.settings.audiences
    if not settings.known(audience):
        raise UnknownAudience(f"audience '{audience}' is not one of: {', '.join(settings.all)} "
                              "(name your own under audiences: names: in framework/spm.yml)")
    filtered = filter_framework(result.framework, audience, settings)  # type: ignore[arg-type]
    if not filtered.hidden:
        return filtered, result, []
    broken = broken_for(filtered.framework, audience, result.settings.alignment_page, extra_pages)
    return filtered, _shown(result, filtered), broken


def _shown(result: CheckResult, filtered: Filtered) -> CheckResult:
    """The check as the filtered audience's site shows it: its framework, and only the findings it may read."""
    findings, left_out = shown_findings(result.diagnostics, filtered.hidden, result.framework)  # type: ignore[arg-type]
    filtered.framework.omitted[("page", "alignment")] = {"findings": left_out}
    return dataclasses.replace(result, framework=filtered.framework, diagnostics=findings,
                               waived=shown_waived(result.waived, filtered.hidden))


def audience_result(result: CheckResult, audience: str) -> CheckResult:
    """A check as `audience`'s site shows it (framework filtered, findings narrowed); for comparing two
    editions as its readers see them. A version whose spm.yml does not name `audience` (an older
    edition) could not restrict anything to it: it is shown as internal readers see it."""
    settings = result.settings.audiences
    filtered = filter_framework(result.framework, audience if settings.known(audience) else INTERNAL, settings)  # type: ignore[arg-type]
    return _shown(result, filtered) if filtered.hidden else result
