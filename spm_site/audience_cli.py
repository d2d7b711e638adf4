"""The command line's side of audiences: `build --audience NAME[=DIR]` and `check --audience NAME`."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import click

from .characters import escape
from .framework.audience import filter_framework
from .pipeline import CheckResult


def audience_targets(given: Sequence[str], site_dir: Path, ctx: click.Context) -> list[tuple[str | None, Path]]:
    """(audience, folder) of each site to build: `--audience NAME` into SITE_DIR, or several `NAME=DIR`."""
    if not given:
        return [(None, site_dir)]
    if len(given) == 1 and "=" not in given[0]:
        return [(given[0], site_dir)]
    if any("=" not in one for one in given):
        raise click.UsageError("with several --audience options, give each its own folder: --audience public=public-site")
    if ctx.get_parameter_source("site_dir") is not click.core.ParameterSource.DEFAULT:
        raise click.UsageError("--site-dir and --audience NAME=DIR both say where to build: give one of them")
    targets = [(name, Path(folder)) for name, _, folder in (one.partition("=") for one in given)]
    folders = [f.resolve() for _, f in targets]
    if any(not name or not str(folder) for name, folder in targets):
        raise click.UsageError("--audience NAME=DIR needs both the audience and the folder")
    if len(set(folders)) < len(folders):
        raise click.UsageError("two audiences cannot be built into the same folder")
    if len({name for name, _ in targets}) < len(targets):
        raise click.UsageError("each audience may be given once")
    return targets  # type: ignore[return-value]


def build_audience_sites(framework_dir: Path | None, targets: list[tuple[str | None, Path]], config_file: Path | None,
                         strict: bool, lock_timeout: float, since: str | None = None,
                         as_of: str | None = None, cache_dir: Path | None = None,
                         workers: int | None = None) -> tuple[CheckResult, str]:
    """`build_handbooks`, an unknown audience on the command line being a usage error (exit 2)."""
    from .engine.audiences import UnknownAudience, build_handbooks

    try:
        return build_handbooks(framework_dir, targets, config_file, strict=strict, lock_timeout=lock_timeout,
                               since=since, as_of=as_of, cache_dir=cache_dir, workers=workers)
    except UnknownAudience as exc:
        raise click.UsageError(str(exc)) from None


def audience_report(result: CheckResult, audience: str) -> list[str]:
    """What a build for `audience` would leave out (an item) or redact (a field), one located line each."""
    if result.framework is None:
        return []
    known = result.settings.audiences
    if not known.known(audience):
        raise click.BadParameter(f"'{audience}' is not one of: {', '.join(known.all)}", param_hint="--audience")
    filtered = filter_framework(result.framework, audience, known)
    lines = []
    for h in sorted(filtered.hidden, key=lambda h: (h.where.file, h.where.line, h.where.col) if h.where else ("", 0, 0)):
        where = f"{h.where.file}:{h.where.line}:{h.where.col}: " if h.where else ""
        name = h.texts[1] if h.field is None and len(h.texts) > 1 else None
        what = "left out" if h.field is None else "redacted"
        lines.append(escape(f"{where}{h.label}{f' ({name})' if name and name != h.item_id else ''}: "
                            f"{what} in the {audience} build"))
    total = f"The {audience} build leaves out {sum(h.field is None for h in filtered.hidden)} item(s) " \
            f"and redacts {sum(h.field is not None for h in filtered.hidden)} field(s)."
    return [*lines, total]
