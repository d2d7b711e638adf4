"""The `spm-site` command: check, build and serve a framework handbook.

Exit codes: 0 when all is well, 1 when the framework has errors or the build fails, 2 for usage
mistakes (click's own).
"""

from __future__ import annotations

import datetime as dt
import gc
import logging
import os
import sys
from pathlib import Path

import click

from .site.author_links import docs_pages
from .diagnostics import FORMATS, format_findings, format_text, has_errors, sort_diagnostics, summary_line
from .pipeline import check_framework
from .engine.sitedir import LOCK_TIMEOUT, SiteDirError, SiteDirRefused, terminate_as_exit
from .engine.config_files import AmbiguousConfig, find_config
from .framework.options import Setting
from .site.docs_check import check_docs, own_assets
from .site.project_config import read_config
from .site.urls import former_pages, generated_pages
from .site.template_check import check_templates, templates_dir

FRAMEWORK_ARG = click.argument("framework_dir", required=False, type=click.Path(file_okay=False, path_type=Path))
CONFIG_OPTION = click.option(
    "-f", "--config-file", type=click.Path(dir_okay=False, exists=True, path_type=Path),
    help="MkDocs configuration to use. Default: the one of properdocs.yml, properdocs.yaml, mkdocs.yml "
         "or mkdocs.yaml here, else spm-site's own.")


def _config_file(given: Path | None) -> Path | None:
    """The config to build with: the one given, else the one here (two here are a usage error)."""
    if given is not None:
        return given
    try:
        return find_config(Path("."))
    except AmbiguousConfig as exc:
        raise click.UsageError(str(exc)) from None


def _setup_logging(verbose: bool) -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(levelname)-7s -  %(message)s"))
    logger = logging.getLogger("mkdocs")
    logger.handlers[:] = [handler]
    logger.setLevel(logging.DEBUG if verbose else logging.WARNING)
    logger.propagate = False


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="spm-site")
def cli() -> None:
    """Check a performance framework written in YAML and publish it as a handbook."""


@cli.command()
@FRAMEWORK_ARG
@click.option("--format", "fmt", type=click.Choice(list(FORMATS)), default="text", show_default=True,
              help="text for people, json for tools, github for pull-request annotations, markdown for a PR comment.")
@click.option("--strict", is_flag=True, help="Fail (exit 1) on warnings too, not only on errors.")
@click.option("--templates", "templates", type=click.Path(exists=True, file_okay=False, path_type=Path),
              help="Folder of template overrides to check. Default: the spm plugin's `templates` option in "
                   "the config here (mkdocs.yml, properdocs.yml, ...) if there is one, else theme/templates.")
def check(framework_dir: Path | None, fmt: str, strict: bool, templates: Path | None) -> None:
    """Check FRAMEWORK_DIR (default: the spm plugin's `framework` option, else framework) and print every finding.

    The project's config is read as the build reads it: the plugin's `rules`, `limits` and
    `alignment_page` apply, and its `docs_dir` is checked for files the build would refuse.
    Template overrides are compiled, and each overridden page is rendered once against an item of
    its kind, so a template error is reported at its file and line before any build.

    Findings go to stdout in every format, the summary line to stderr. Exit code 0 when there is no
    error (warnings are printed but allowed unless --strict), 1 otherwise.
    """
    gc.disable()  # a short run: collecting the framework's millions of live objects would only cost time
    project = read_config(_config_file(None))
    result = check_framework(framework_dir or project.framework, project.overrides, docs_pages(project.docs_dir))
    diagnostics = result.diagnostics
    if result.ok and result.settings.since:  # the previous edition the build would compare with
        from .since import problems as since_problems

        diagnostics = [*diagnostics, *since_problems(result, framework_dir or project.framework, project.overrides,
                                                     project.docs_dir)]
    overrides = templates_dir(templates or project.templates) if result.framework else None
    if overrides is not None:
        diagnostics = [*diagnostics, *check_templates(overrides, result)]
    if project.docs_dir is not None:
        pages = generated_pages(result.framework, result.settings.alignment_page)
        if result.framework is not None:  # the redirect pages of former ids take those URLs too
            pages = {**{old: pages.get(new) for old, new in former_pages(result.framework).items()}, **pages}
        diagnostics = [*diagnostics, *check_docs(project.docs_dir, pages, project.use_directory_urls, own_assets())]
    diagnostics = sort_diagnostics(diagnostics)
    failed = not result.ok or has_errors(diagnostics) or (strict and bool(diagnostics))
    findings = format_findings(fmt, diagnostics)
    if findings:  # findings on stdout in every format, passed or failed: what a tool reads
        click.echo(findings)
    summary = summary_line(diagnostics)
    if result.waived:
        summary += f" {len(result.waived)} finding{'s' if len(result.waived) != 1 else ''} waived with a reason."
    click.echo(summary, err=True)  # the summary is for the person watching, on stderr
    sys.exit(1 if failed else 0)


@cli.command()
@click.argument("base")
@click.argument("head", required=False)
@click.option("--format", "fmt", type=click.Choice(["text", "markdown", "json", "github"]), default="text",
              show_default=True, help="text for people, markdown for a pull-request comment, json for tools, github for "
                                      "a step summary and annotations on the changed lines.")
@click.option("-F", "--framework", "framework_dir", type=click.Path(file_okay=False, path_type=Path),
              help="The framework folder in the working tree, and where to find it in a revision. "
                   "Default: the spm plugin's `framework` option, else framework.")
def diff(base: str, head: str | None, fmt: str, framework_dir: Path | None) -> None:
    """Say what changed in the framework from BASE to HEAD, for whom: roles, levels, targets, measures.

    BASE and HEAD are each a folder, or a git revision of the repository (origin/main, a tag, a
    commit), read straight from git without checking anything out; HEAD defaults to the working
    tree. Both sides are checked as `check` checks them, with the project's config. Changes are
    grouped by function and role, with the ripples of a redefined measure, a removed objective
    or a value's behaviours to every role concerned; renames are recognised, and so are the
    alignment findings the change introduces or resolves.

    Exit code 0 whether or not anything changed; 1 when a side has errors (they are printed,
    located); 2 for a usage mistake, such as a revision git does not know.

    \b
    Examples:
      spm-site diff origin/main                      # the working tree against main
      spm-site diff v2026 v2027 --format markdown    # two tags, as a pull-request comment
    """
    from .changes.diff import diff_frameworks
    from .changes.report import FORMATTERS, annotations, format_markdown
    from .changes.revision import RevisionError, check_side
    from .diagnostics import format_json

    gc.disable()
    project = read_config(_config_file(None))
    folder = framework_dir or project.framework
    pages = docs_pages(project.docs_dir)
    results = []
    try:
        for spec in (base, head):
            if spec is None:
                results.append(check_framework(folder, project.overrides, pages))
            else:
                results.append(check_side(spec, folder, project.overrides, project.docs_dir, pages))
    except RevisionError as exc:
        raise click.UsageError(str(exc)) from None
    labels = (base, head or "the working tree")
    failed = [(label, [d for d in r.diagnostics if d.severity.value == "error"]) for label, r in zip(labels, results)
              if not r.ok]
    if failed:  # each side's located errors, in the format asked (json: one list for both sides)
        if fmt == "json":
            click.echo(format_json([d for _, errors in failed for d in errors]))
        for label, errors in failed:
            if fmt != "json":
                click.echo(format_findings("github" if fmt == "github" else "text", errors))
            click.echo(f"{label} has {len(errors)} error{'s' if len(errors) != 1 else ''}: "
                       "fix them to compare it.", err=True)
        sys.exit(1)
    changes = diff_frameworks(*results)
    if fmt == "github":
        notes = annotations(changes, f"{head}:" if head is not None and not Path(head).is_dir() else "")
        if notes:
            click.echo(notes)
        text = format_markdown(changes, *labels)
        step_summary = os.environ.get("GITHUB_STEP_SUMMARY")
        if step_summary:
            with open(step_summary, "a", encoding="utf-8") as fh:
                fh.write(text + "\n")
        else:
            click.echo(text)
    else:
        click.echo(FORMATTERS[fmt](changes, *labels))
    sys.exit(0)


@cli.command()
@click.option("-a", "--all", "everything", is_flag=True,
              help="Also list the findings of loading, validation, links, templates and the build.")
def rules(everything: bool) -> None:
    """List every alignment rule with its code, name and default severity (with --all, every finding)."""
    from . import rules as registry
    from .diagnostic_docs import explanations

    for rule in registry.RULES.values():
        click.echo(f"{rule.CODE}  {rule.NAME:<34} {rule.SEVERITY.value:<8} {registry.summary(rule)}")
    if everything:
        click.echo("\nFindings of loading, validation, links, templates and the build (no code, not configurable):")
        for found in explanations():
            if found.code is None:
                click.echo(f"        {found.name:<34} {found.summary}")


@cli.command()
@click.argument("rule")
def explain(rule: str) -> None:
    """Explain a finding by rule code (SPM106) or by the name it prints (imposed-measure, unknown-reference)."""
    import inspect
    import textwrap

    from . import rules as registry
    from .diagnostic_docs import closest, explanation
    from .diagnostics import help_anchor
    from .framework.limits import Limits

    found = registry.get(rule)
    if found is None:
        other = explanation(rule)
        if other is None:
            near = closest(rule)
            guess = f" (did you mean '{near}'?)" if near else ""
            raise click.BadParameter(f"no rule is called '{rule}', nor any other finding{guess}; `spm-site rules --all` lists them",
                                     param_hint="RULE")
        click.echo(f"{other.name}\n")
        click.echo(textwrap.fill(other.text, width=100, break_on_hyphens=False, break_long_words=False))
        limits = [s for s in Limits.settings().values() if s.finding == other.name]
        _echo_settings("Limit (raise it in framework/spm.yml under limits:)", limits)
        click.echo(f"\nIn the handbook: {help_anchor(other.name)}")
        return
    click.echo(f"{found.CODE} {found.NAME} (default severity: {found.SEVERITY.value})\n")
    click.echo(inspect.cleandoc(found.__doc__ or ""))
    _echo_settings(f"Options (set them in framework/spm.yml under rules: {found.CODE})",
                   list(registry.options(found).settings().values()))
    click.echo(f"\nIn the handbook: {help_anchor(found.NAME)}")


def _echo_settings(title: str, declared: list[Setting]) -> None:
    """Each declared setting with its meaning, range and default, as `explain` prints them."""
    import textwrap

    if declared:
        click.echo(f"\n{title}:")
    for one in declared:
        click.echo(textwrap.fill(f"{one.name}: {one.explained()}", width=100, initial_indent="  ",
                                 subsequent_indent="    ", break_on_hyphens=False, break_long_words=False))


@cli.command()
@FRAMEWORK_ARG
@click.option("-d", "--site-dir", type=click.Path(path_type=Path), default=Path("site"),
              show_default=True, help="Where to put the built site: a new folder, an empty one or one spm-site built.")
@CONFIG_OPTION
@click.option("--strict/--no-strict", default=True, show_default=True,
              help="Treat MkDocs warnings (such as broken links) as errors.")
@click.option("--lock-timeout", type=click.FloatRange(min=0), default=LOCK_TIMEOUT, show_default=True, metavar="SECONDS",
              help="How long to wait for another build into the same site folder to finish.")
@click.option("-v", "--verbose", is_flag=True, help="Show MkDocs' progress messages.")
@click.option("--since", metavar="REV", help="The previous edition (a git tag, branch or commit, or a folder): the "
              "site then shows what changed since it. Default: `since:` in spm.yml, else none.")
@click.option("--as-of", "as_of", type=click.DateTime(["%Y-%m-%d"]), metavar="YYYY-MM-DD",
              help="Build the site as of this date: what takes effect later is announced. Default: the "
                   "edition's effective_from, else its approved_on (never today's date).")
def build(framework_dir: Path | None, site_dir: Path, config_file: Path | None, strict: bool,
          lock_timeout: float, verbose: bool, since: str | None, as_of: dt.datetime | None) -> None:
    """Check FRAMEWORK_DIR and build the handbook into SITE_DIR.

    The previous site is replaced only when the new one is complete. SITE_DIR is refused (exit 2)
    when it is, holds or lies inside the author's folders, or is a non-empty folder spm-site did
    not build.
    """
    from .engine.build import BuildFailed, build_handbook
    from .since import RevisionError

    _setup_logging(verbose)
    gc.disable()
    unchanged = f"The site was not built; {site_dir} is unchanged."
    try:
        with terminate_as_exit():
            result, used = build_handbook(framework_dir, site_dir, _config_file(config_file), strict=strict,
                                          lock_timeout=lock_timeout, freeze_gc=True, since=since,
                                          as_of=as_of.date().isoformat() if as_of else None)
        if not result.ok:
            click.echo(format_text(result.diagnostics), err=True)
            click.echo(unchanged, err=True)
            sys.exit(1)
    except SiteDirRefused as exc:
        click.echo(str(exc), err=True)
        sys.exit(2)
    except RevisionError as exc:
        raise click.BadParameter(str(exc), param_hint="--since") from None
    except SiteDirError as exc:
        click.echo(str(exc), err=True)
        click.echo(unchanged, err=True)
        sys.exit(1)
    except BuildFailed as exc:
        click.echo(f"error: {exc}", err=True)
        click.echo(unchanged, err=True)
        sys.exit(1)
    click.echo(f"Built the handbook into {site_dir}/ with {used}")


@cli.command()
@FRAMEWORK_ARG
@CONFIG_OPTION
@click.option("-a", "--dev-addr", default="127.0.0.1:8000", show_default=True, help="Address to serve on.")
def serve(framework_dir: Path | None, config_file: Path | None, dev_addr: str) -> None:
    """Preview the handbook, rebuilding whenever a YAML file changes."""
    from .engine.serve import serve as serve_site

    _setup_logging(False)
    logging.getLogger("mkdocs").setLevel(logging.INFO)
    serve_site(framework_dir, _config_file(config_file), dev_addr)


@cli.command()
@FRAMEWORK_ARG
@click.option("-o", "--output-dir", type=click.Path(file_okay=False, path_type=Path), required=True,
              help="Where to write the files: a new folder, an empty one or one spm-site wrote.")
@click.option("--lock-timeout", type=click.FloatRange(min=0), default=LOCK_TIMEOUT, show_default=True, metavar="SECONDS",
              help="How long to wait for another run writing into the same folder to finish.")
def render(framework_dir: Path | None, output_dir: Path, lock_timeout: float) -> None:
    """Check FRAMEWORK_DIR and write the handbook as plain Markdown files with a minimal mkdocs.yml.

    Any engine that reads Markdown and mkdocs.yml (MkDocs without the spm plugin, ProperDocs,
    Zensical) can build OUTPUT_DIR. Template overrides are read as `check` reads them. OUTPUT_DIR
    follows the site folder's rules: refused (exit 2) when it is, holds or lies inside the author's
    folders, or is a non-empty folder spm-site did not write.
    """
    from .engine.export import RenderFailed, render_folder

    project = read_config(_config_file(None))
    folder = framework_dir or project.framework
    # Hand-written docs/ pages are not copied into OUTPUT_DIR: author links may not name them.
    result = check_framework(folder, project.overrides)
    if not result.ok:
        click.echo(format_text(result.diagnostics), err=True)
        click.echo(f"Nothing was written; {output_dir} is unchanged.", err=True)
        sys.exit(1)
    try:
        with terminate_as_exit():
            render_folder(result, folder.resolve(), output_dir, templates_dir(project.templates), lock_timeout)
    except SiteDirRefused as exc:
        click.echo(str(exc), err=True)
        sys.exit(2)
    except (SiteDirError, RenderFailed) as exc:
        click.echo(str(exc), err=True)
        click.echo(f"Nothing was written; {output_dir} is unchanged.", err=True)
        sys.exit(1)
    click.echo(f"Wrote the handbook's Markdown into {output_dir}/: build it with any engine that reads "
               f"{output_dir}/mkdocs.yml, such as `mkdocs build -f {output_dir}/mkdocs.yml`")


@cli.command()
@click.option("-o", "--output-dir", type=click.Path(file_okay=False, path_type=Path), default=Path("schemas"),
              show_default=True, help="Folder to write the <kind>.schema.json files into.")
def schema(output_dir: Path) -> None:
    """Write JSON Schemas of the framework files, for autocompletion and checks in editors.

    Files that would not change are left alone, so running it again changes nothing.
    """
    from .schema import write_schemas

    for path, changed in write_schemas(output_dir):
        click.echo(f"{'wrote' if changed else 'unchanged'} {path}")


def main() -> None:
    """The console script: run the command, then leave without tearing down the loaded framework.

    Freeing millions of objects one by one at exit took longer than some checks; the operating
    system reclaims the memory at once.
    """
    try:
        cli(prog_name="spm-site")
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
        if exc.code is not None and not isinstance(exc.code, int):
            print(exc.code, file=sys.stderr)
        for stream in (sys.stdout, sys.stderr):
            try:
                stream.flush()
            except OSError:  # a closed pipe (`spm-site check | head`): nothing left to say
                pass
        logging.shutdown()
        os._exit(code)
