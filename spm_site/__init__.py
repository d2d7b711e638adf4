"""spm-site: check a performance framework written in YAML and publish it as a handbook.

The public API, for tools that embed spm-site (a bot, a pre-commit hook, another static-site
engine). Everything else in the package may change between versions.

    import spm_site

    result = spm_site.check("framework")          # every finding, and the checked framework
    for finding in result.diagnostics:
        print(finding.location, finding.message)
    pages = spm_site.render(result)                # the handbook as Markdown pages
    spm_site.build("framework", "site")            # a whole MkDocs Material site, atomically

`load` is `check` without the alignment rules' verdict mattering: it returns the framework, or
raises `FrameworkError` with the findings that stop it from loading.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from .diagnostics import Diagnostic, Location, Severity
from .framework.resolve import Framework
from .pipeline import CheckResult, check_framework

__all__ = ["CheckResult", "Diagnostic", "Framework", "FrameworkError", "Location", "Severity", "build", "check",
           "load", "render"]


class FrameworkError(Exception):
    """The framework has errors; `diagnostics` holds every finding, located."""

    def __init__(self, diagnostics: list[Diagnostic]) -> None:
        super().__init__(f"the framework has {sum(d.severity is Severity.ERROR for d in diagnostics)} error(s)")
        self.diagnostics = diagnostics


def check(framework_dir: str | Path, settings: dict | None = None) -> CheckResult:
    """Load, validate, resolve and run the alignment rules: what `spm-site check` reports.

    `settings` are rule settings in the shape of `spm.yml`, applied over the folder's own.
    """
    return check_framework(Path(framework_dir), settings)


def load(framework_dir: str | Path) -> Framework:
    """The checked framework, or FrameworkError when it has errors."""
    result = check(framework_dir)
    if not result.ok or result.framework is None:
        raise FrameworkError(result.diagnostics)
    return result.framework


def build(framework_dir: str | Path | None, site_dir: str | Path = "site", config_file: str | Path | None = None,
          strict: bool = True) -> CheckResult:
    """Check, then build the handbook into `site_dir` with MkDocs, as `spm-site build` does.

    Raises FrameworkError when the framework has errors (nothing is written), and the engine's
    `SiteDirRefused`, `SiteDirError` or `BuildFailed` when the folder may not be replaced or the
    build stops; the previous site is then untouched.
    """
    from .engine.build import build_handbook

    result, _ = build_handbook(None if framework_dir is None else Path(framework_dir), Path(site_dir),
                               None if config_file is None else Path(config_file), strict=strict)
    if not result.ok:
        raise FrameworkError(result.diagnostics)
    return result


def render(result: CheckResult, template_dirs: Iterable[str | Path] = (), directory_urls: bool = True) -> list:
    """Every page of the handbook as `Page(path, markdown, source)`, from a check without errors."""
    from .site.render import Renderer

    if not result.ok or result.framework is None:
        raise FrameworkError(result.diagnostics)
    return Renderer(result.framework, [Path(d) for d in template_dirs], result, directory_urls).pages()
