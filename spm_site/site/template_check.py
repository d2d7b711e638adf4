"""An organisation's template overrides, checked before the build: errors at the template's file and line.

A typo in `theme/templates/role.md.j2` fails the build somewhere inside Jinja; here it is a
`path:line:col: error[template]: ...` finding, like any other. Two passes:
- every file in the overrides folder is compiled, so a syntax error anywhere is found;
- each overridden page template is rendered once, against the first item of its kind in the
  checked framework (an index page against the whole framework), with undefined names as errors,
  as the build renders it. An override of anything else (`_macros.md.j2`, a partial of its own)
  renders every page template once.

What it does not catch: a mistake in a branch the chosen item does not take (`{% if role.levels %}`
for a role without levels), a value only another item has, a page of a kind with no items yet, and
what MkDocs does with the Markdown afterwards (a link the template writes to a page that does not
exist is the build's to report).

`located_template_error` turns any exception raised while rendering into such a finding; the
plugin uses it, so the build's own message names the template file and line too.
"""

from __future__ import annotations

import traceback
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import jinja2

from .coverage import coverage
from ..diagnostics import Diagnostic, Location, sort_diagnostics
from ..framework.documents import display_path
from ..pipeline import CheckResult
from .reference import reference_context
from .render import PART_TEMPLATES, Renderer, page_path, part_renders

BUILT_IN = Path(__file__).parent / "templates"

#: Page templates that show the whole framework, and the page each writes.
INDEX_TEMPLATES = {
    "home.md.j2": "index.md", "values.md.j2": "values/index.md", "principles.md.j2": "principles.md",
    "strategy.md.j2": "strategy.md", "cascade.md.j2": "cascade.md", "objectives.md.j2": "objectives/index.md",
    "functions.md.j2": "functions/index.md", "roles.md.j2": "roles/index.md", "measures.md.j2": "measures/index.md",
    "compare.md.j2": "compare.md",
    "levels.md.j2": "levels.md", "feedback.md.j2": "feedback.md", "reference.md.j2": "reference.md",
    "alignment.md.j2": "alignment.md",
}
#: The page of a retired item (retired.yml), at its old address.
RETIRED_TEMPLATE = "retired.md.j2"
#: Page templates of one item, by the kind they show and the framework's items of that kind.
ITEM_TEMPLATES = {"value.md.j2": ("value", "values"), "objective.md.j2": ("objective", "objectives"),
                  "function.md.j2": ("function", "functions"), "role.md.j2": ("role", "roles"),
                  "measure.md.j2": ("measure", "measures")}


def templates_dir(folder: Path) -> Path | None:
    """The overrides folder to check (given, or the one the project's config names), or None when
    it does not exist: then there is nothing to check."""
    return folder if folder.is_dir() else None


def overrides(folder: Path) -> list[str]:
    """The template names the folder provides (`role.md.j2`, `partials/x.md.j2`), sorted.

    Only `.j2` files: nothing else in the folder is ever asked for by name.
    """
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*.j2") if p.is_file())


def located_template_error(exc: BaseException, template_dirs: Iterable[Path] = (),
                           fallback: Path | None = None) -> Diagnostic:
    """An exception raised while compiling or rendering a template, as a finding at the template's line.

    Jinja keeps each template's file and line in the traceback's frames. The innermost frame in one
    of `template_dirs` (the overrides) wins, so a bad call from an override into a built-in macro
    is reported where the override made it; otherwise the innermost template frame of any kind, or
    `fallback` (the file being compiled) when no template frame exists, as for a file not in UTF-8.
    """
    file, line = _where(exc, [d.resolve() for d in template_dirs])
    if file is None and fallback is not None:
        file = str(fallback)
    return Diagnostic(Location(display_path(Path(file)) if file else "?", line or 1), "template", _describe(exc),
                      hint=_hint(exc))


def _where(exc: BaseException, dirs: list[Path]) -> tuple[str | None, int | None]:
    if isinstance(exc, jinja2.TemplateSyntaxError) and exc.filename:
        return exc.filename, exc.lineno
    frames = [f for f in traceback.extract_tb(exc.__traceback__) if _is_template(f.filename, dirs)]
    ours = [f for f in frames if _inside(f.filename, dirs)]
    frame = (ours or frames or [None])[-1]
    return (frame.filename, frame.lineno) if frame is not None else (None, None)


def _is_template(filename: str, dirs: list[Path]) -> bool:
    return filename.endswith(".j2") or _inside(filename, [*dirs, BUILT_IN.resolve()])


def _inside(filename: str, dirs: list[Path]) -> bool:
    path = Path(filename).resolve()
    return any(path.is_relative_to(d) for d in dirs)


def _describe(exc: BaseException) -> str:
    if isinstance(exc, jinja2.TemplateSyntaxError):
        return f"template syntax error: {exc.message}"
    if isinstance(exc, jinja2.TemplateNotFound):
        return f"no template is called '{exc.name}'"
    if isinstance(exc, jinja2.UndefinedError):
        return f"undefined name while rendering: {exc.message}"
    if isinstance(exc, UnicodeDecodeError):
        return "the template is not UTF-8 text"
    return f"the template failed while rendering: {type(exc).__name__}: {exc}"


def _hint(exc: BaseException) -> str | None:
    if isinstance(exc, jinja2.UndefinedError):
        return "check the spelling against the field names on the Reference page; `spm-site check` renders " \
               "each override once to find these"
    if isinstance(exc, jinja2.TemplateNotFound):
        return "templates are named like the built-in ones: role.md.j2, measure.md.j2, _macros.md.j2 ..."
    return None


def check_templates(folder: Path, result: CheckResult) -> list[Diagnostic]:
    """Every syntax error in the overrides under `folder`, and every error rendering each overridden page once."""
    names = overrides(folder)
    if not names or result.framework is None:
        return []
    renderer = Renderer(result.framework, [folder], result)
    problems = []
    for name in names:
        try:
            renderer.env.get_template(name)
        except Exception as exc:  # noqa: BLE001 - any failure of an author's template is a finding
            problems.append(located_template_error(exc, [folder], folder / name))
    for template, path, context in _renders(names, result):
        try:
            renderer.render(template, path, None, **context)
        except Exception as exc:  # noqa: BLE001 - as above
            own = folder / template if template in names else None
            problems.append(located_template_error(exc, [folder], own))
    return sort_diagnostics(problems)


def _renders(names: list[str], result: CheckResult) -> Iterator[tuple[str, str, dict[str, Any]]]:
    """(template, page path, context) for each page to render once: the overridden ones, or all of them."""
    pages = set(INDEX_TEMPLATES) | set(ITEM_TEMPLATES) | {RETIRED_TEMPLATE} | set(PART_TEMPLATES)
    wanted = set(names) & pages if set(names) <= pages else pages
    fw = result.framework
    parts = {}  # the first part page of each kind, where the framework is large enough to have one
    for template, path, _, context in part_renders(fw, result):
        parts.setdefault(template, (path, context))
    for template in sorted(wanted):
        if template in PART_TEMPLATES:
            if template in parts:
                yield template, *parts[template]
            continue
        if template == "alignment.md.j2" and not result.settings.alignment_page:
            continue
        if template in INDEX_TEMPLATES:
            yield template, INDEX_TEMPLATES[template], _index_context(template, result)
            continue
        if template == RETIRED_TEMPLATE:  # the page at a retired item's old address, if any is retired
            for entry in fw.retired[:1]:
                yield template, page_path(entry.kind.value, entry.id), {"retired": entry}
            continue
        kind, attribute = ITEM_TEMPLATES[template]
        first = next(iter(getattr(fw, attribute).values()), None)
        if first is not None:
            yield template, page_path(kind, first.id), {kind: first}


def _index_context(template: str, result: CheckResult) -> dict[str, Any]:
    if template == "reference.md.j2":
        return {"ref": reference_context()}
    if template == "alignment.md.j2":
        return {"findings": result.diagnostics, "waived": result.waived, "cover": coverage(result.framework)}
    return {}
