"""The build's edition: the date it is built as of and the previous edition it compares with.

Both come from the spm plugin's options (`since`, `as_of`), which `spm-site build --since/--as-of`
set, else from the framework (`since:` in spm.yml; the edition's dates). Nothing here reads the
clock: the same input gives the same site on any day.
"""

from __future__ import annotations

import datetime as dt
import logging
from pathlib import Path

from mkdocs.exceptions import PluginError

from ..diagnostics import format_text
from ..framework.scalars import parse_date
from ..pipeline import CheckResult
from ..since import RevisionError, compare, lost_urls, previous_edition
from ..site.editions import Edition

log = logging.getLogger("mkdocs.plugins.spm")


def as_of(value: object) -> dt.date | None:
    """The `as_of` option as a date: YAML gives a date, the command line a string."""
    if value is None or isinstance(value, dt.date):
        return value
    try:
        day = parse_date(value) if isinstance(value, str) else None
    except ValueError:
        day = None
    if day is None:
        raise PluginError(f"as_of: '{value}' is not a date written YYYY-MM-DD that exists in the calendar")
    return day


def edition(result: CheckResult, framework_dir: Path, since: str | None, as_of_option: object,
            overrides: dict, docs_dir: Path | None, audience: str | None = None) -> Edition:
    """The Edition the pages are rendered with; PluginError when the previous edition cannot be compared.

    `result` is the check as this build's audience sees it; the previous edition is filtered for the
    same `audience` before the two are compared."""
    assert result.framework is not None
    day = as_of(as_of_option)
    revision, where = previous_edition(result, since)
    if revision is None:
        return Edition.of(result.framework, day)
    try:
        diff, problems = compare(result, framework_dir, revision, where, overrides, docs_dir, audience)
    except RevisionError as exc:
        raise PluginError(f"since: {exc}") from None
    if diff is None:
        raise PluginError(f"the previous edition ({revision}) has errors, so this edition cannot be compared "
                          "with it:\n" + format_text(problems, quote_source=False))
    for lost in lost_urls(diff, revision, framework_dir):  # `check` reports them as warnings
        log.info(str(lost.location) + ": " + lost.message)
    return Edition.of(result.framework, day, diff, revision)
