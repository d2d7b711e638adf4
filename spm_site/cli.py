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
from .diagnostics import FORMATS, SiteLinks, format_findings, format_text, has_errors, sort_diagnostics, summary_line
from .changes.report import FORMATS as DIFF_FORMATS
from .pipeline import check_framework
from .engine.sitedir import LOCK_TIMEOUT, SiteDirError, SiteDirRefused, terminate_as_exit
from .engine.config_files import AmbiguousConfig, find_config
from .framework.options import Setting
from .site.docs_check import check_docs, own_assets
from .site.project_config import read_config
from .site.urls import former_pages, generated_pages
from .site.template_check import check_templates, templates_dir
from .audience_cli import audience_report, audience_targets, build_audience_sites
from .framework.audience import INTERNAL, filter_framework

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


AUDIENCE_BUILD_OPTION = click.option(
    "--audience", "audiences", multiple=True, metavar="NAME[=DIR]",
    help="Build for this audience only (public, internal or one named in spm.yml), into SITE_DIR; "
         "repeat as NAME=DIR to build several sites from one check. Default: the spm plugin's audience (internal).")


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
@click.option("--audience", "audiences", multiple=True, metavar="NAME",
              help="Also list (on stderr) what a build for this audience would leave out or redact. Repeatable.")
def check(framework_dir: Path | None, fmt: str, strict: bool, templates: Path | None, audiences: tuple[str, ...]) -> None:
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
    if result.ok and not has_errors(diagnostics):  # links to a part of a page, against the pages as rendered
        from .site.anchors import check_rendered

        diagnostics = [*diagnostics, *check_rendered(result, overrides)]
    if project.docs_dir is not None:
        pages = generated_pages(result.framework, result.settings.alignment_page)
        if result.framework is not None:  # the redirect pages of former ids take those URLs too
            pages = {**{old: pages.get(new) for old, new in former_pages(result.framework).items()}, **pages}
        diagnostics = [*diagnostics, *check_docs(project.docs_dir, pages, project.use_directory_urls, own_assets())]
        from .site.project_links import check_project_links

        diagnostics = [*diagnostics, *check_project_links(_config_file(None), project.docs_dir,
                                                          [*pages, *docs_pages(project.docs_dir)])]
    diagnostics = sort_diagnostics(diagnostics)
    failed = not result.ok or has_errors(diagnostics) or (strict and bool(diagnostics))
    site = SiteLinks(project.site_url, project.use_directory_urls)
    findings = format_findings(fmt, diagnostics, [w.diagnostic() for w in result.waived], site)
    if findings:  # findings on stdout in every format, passed or failed: what a tool reads
        click.echo(findings)
    for audience in audiences:  # for the person reviewing, like the summary: the findings' formats stay as they are
        click.echo("\n".join(audience_report(result, audience)), err=True)
    summary = summary_line(diagnostics)
    if result.waived:
        summary += f" {len(result.waived)} finding{'s' if len(result.waived) != 1 else ''} waived with a reason."
    click.echo(summary, err=True)  # the summary is for the person watching, on stderr
    sys.exit(1 if failed else 0)


@cli.command()
@click.argument("base")
@click.argument("head", required=False)
@click.option("--format", "fmt", type=click.Choice(list(DIFF_FORMATS)), default="text",
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
    from .diagnostics import SiteLinks, explanation_page
    from .framework.limits import Limits

    project = read_config(_config_file(None))
    site = SiteLinks(project.site_url, project.use_directory_urls)
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
        click.echo(f"\nIn the handbook: {site.url(explanation_page(other.name, None))}")
        return
    click.echo(f"{found.CODE} {found.NAME} (default severity: {found.SEVERITY.value})\n")
    click.echo(inspect.cleandoc(found.__doc__ or ""))
    _echo_settings(f"Options (set them in framework/spm.yml under rules: {found.CODE})",
                   list(registry.options(found).settings().values()))
    click.echo(f"\nIn the handbook: {site.url(explanation_page(found.NAME, found.CODE))}")


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
@AUDIENCE_BUILD_OPTION
@click.option("--since", metavar="REV", help="The previous edition (a git tag, branch or commit, or a folder): the "
              "site then shows what changed since it. Default: `since:` in spm.yml, else none.")
@click.option("--as-of", "as_of", type=click.DateTime(["%Y-%m-%d"]), metavar="YYYY-MM-DD",
              help="Build the site as of this date: what takes effect later is announced. Default: the "
                   "edition's effective_from, else its approved_on (never today's date).")
@click.option("--cache", "cache_dir", type=click.Path(path_type=Path), metavar="DIR",
              help="Keep converted pages in DIR and reuse them in the next build: the same site, sooner "
                   "(a CI job can keep DIR between runs). Default: `cache_dir` of the spm plugin, else none.")
@click.option("-j", "--jobs", "workers", type=click.IntRange(min=1), metavar="N",
              help="How many processes convert pages at once. Default: `workers` of the spm plugin, else one a core.")
def build(framework_dir: Path | None, site_dir: Path, config_file: Path | None, strict: bool,
          lock_timeout: float, verbose: bool, audiences: tuple[str, ...], since: str | None,
          as_of: dt.datetime | None, cache_dir: Path | None, workers: int | None) -> None:
    """Check FRAMEWORK_DIR and build the handbook into SITE_DIR.

    The previous site is replaced only when the new one is complete. SITE_DIR is refused (exit 2)
    when it is, holds or lies inside the author's folders, or is a non-empty folder spm-site did
    not build.
    """
    from .engine.build import BuildFailed, build_handbook
    from .since import RevisionError

    _setup_logging(verbose)
    gc.disable()
    targets = audience_targets(audiences, site_dir, click.get_current_context())
    site_dir = targets[0][1]
    unchanged = f"The site was not built; {site_dir} is unchanged." if len(targets) == 1 else \
        f"No site was built; {', '.join(str(folder) for _, folder in targets)} are unchanged."
    try:
        with terminate_as_exit():
            day = as_of.date().isoformat() if as_of else None
            if audiences:
                result, used = build_audience_sites(framework_dir, targets, _config_file(config_file), strict,
                                                    lock_timeout, since=since, as_of=day, cache_dir=cache_dir,
                                                    workers=workers)
            else:
                result, used = build_handbook(framework_dir, site_dir, _config_file(config_file), strict=strict,
                                              lock_timeout=lock_timeout, freeze_gc=True, since=since, as_of=day,
                                              cache_dir=cache_dir, workers=workers)
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
    for audience, folder in targets if audiences else ():
        click.echo(f"Built the {audience} handbook into {folder}/ with {used}")
    if not audiences:
        again = " (nothing changed since the last build: the site kept in the cache)" if not hasattr(result, "framework") else ""
        click.echo(f"Built the handbook into {site_dir}/ with {used}{again}")


@cli.command()
@FRAMEWORK_ARG
@CONFIG_OPTION
@click.option("-a", "--dev-addr", default="127.0.0.1:8000", show_default=True, help="Address to serve on.")
@click.option("--strict/--no-strict", default=True, show_default=True,
              help="Treat MkDocs warnings (such as broken links) as errors, as `build` does.")
def serve(framework_dir: Path | None, config_file: Path | None, dev_addr: str, strict: bool) -> None:
    """Preview the handbook, rebuilding whenever a YAML file changes.

    When a rebuild fails, every page shows what is wrong (file, line, message, help) until a save
    fixes it, then the handbook again; styles and scripts come from the last good build meanwhile.
    """
    from .engine.serve import serve as serve_site

    _setup_logging(False)
    logging.getLogger("mkdocs").setLevel(logging.INFO)
    serve_site(framework_dir, _config_file(config_file), dev_addr, strict)


@cli.command()
@FRAMEWORK_ARG
@click.option("-o", "--output-dir", type=click.Path(file_okay=False, path_type=Path), required=True,
              help="Where to write the files: a new folder, an empty one or one spm-site wrote.")
@click.option("--lock-timeout", type=click.FloatRange(min=0), default=LOCK_TIMEOUT, show_default=True, metavar="SECONDS",
              help="How long to wait for another run writing into the same folder to finish.")
@click.option("--audience", default="internal", show_default=True, metavar="NAME",
              help="Write only what this audience may see: public, internal or an audience named in spm.yml.")
def render(framework_dir: Path | None, output_dir: Path, lock_timeout: float, audience: str) -> None:
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
            render_folder(result, folder.resolve(), output_dir, templates_dir(project.templates), lock_timeout,
                          audience)
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


# --- spreadsheets and JSON in and out (spm_site.exchange) ------------------------------------------


@cli.command("import")
@click.argument("source", type=click.Path(exists=True, path_type=Path))
@click.option("-o", "--output-dir", type=click.Path(file_okay=False, path_type=Path), required=True,
              help="The framework folder to write: a new or empty folder (or one holding only spm.yml), "
                   "or, with --replace, an existing framework.")
@click.option("--replace", is_flag=True,
              help="Replace the framework files (organisation.yml, roles/*.yml ...) of an existing OUTPUT_DIR. "
                   "Other files in it (spm.yml, README, notes) are kept.")
def import_command(source: Path, output_dir: Path, replace: bool) -> None:
    """Import a framework from SOURCE, an .xlsx workbook or a folder of .csv files, into YAML files.

    The layout is the one `spm-site export --template` writes (one sheet per kind, one per nested
    list); AUTHORING.md describes it. Every problem is reported at its cell (`book.xlsx:roles!B7`,
    `roles.csv:7:2`) in one run. Nothing is written unless the whole framework passes, and the
    YAML is checked with `spm-site check` before it is moved into OUTPUT_DIR.

    Exit code 0 when imported, 1 when the spreadsheet has errors (nothing is written), 2 when
    OUTPUT_DIR holds files and --replace was not given.
    """
    from .exchange.import_ import (
        OutputRefused,
        discard,
        format_findings,
        import_sheets,
        place,
        prepare,
        read_source,
        stage,
        staged_as_output,
    )
    from .framework.documents import display_path
    from .settings import load_settings
    from .site.author_links import check_links

    unchanged = f"Nothing was written; {output_dir} is unchanged."
    try:
        prepare(output_dir, replace)
    except OutputRefused as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(2)
    # The settings `check` would use on the result: spm.yml in OUTPUT_DIR, the project's plugin options.
    project = read_config(_config_file(None))
    pages = docs_pages(project.docs_dir)
    settings, problems = load_settings(output_dir, project.overrides)
    if has_errors(problems):
        click.echo(format_text(problems), err=True)
        click.echo(unchanged, err=True)
        sys.exit(1)
    try:
        sheets, problems = read_source(source, display_path(source))
        result = import_sheets(sheets, settings.limits, settings, problems)
    except OSError as exc:
        click.echo(f"error: cannot read {source}: {exc.strerror or exc}", err=True)
        sys.exit(1)
    if result.framework is not None:  # links in author text, as `check` finds them: at their cells
        result.diagnostics = sort_diagnostics([*result.diagnostics,
                                               *check_links(result.framework, settings.alignment_page, pages)])
    if result.diagnostics:
        click.echo(format_findings(result))
    click.echo(summary_line(result.diagnostics), err=True)
    if not result.ok:
        click.echo(unchanged, err=True)
        sys.exit(1)
    try:
        staging, made = stage(output_dir, result.files)
        checked = check_framework(staging, project.overrides, pages)
        if not checked.ok:  # a check the import does not run at the cells: shown in the YAML it would write
            discard(staging, made)
            click.echo(format_text(staged_as_output(checked.diagnostics, staging, output_dir)), err=True)
            click.echo(f"error: the YAML the import would write into {output_dir} does not pass `spm-site check` "
                       "(the findings above name the files it would have written)", err=True)
            click.echo(unchanged, err=True)
            sys.exit(1)
        place(staging, output_dir, result.files)
    except OSError as exc:
        click.echo(f"error: cannot write {output_dir}: {exc.strerror or exc}", err=True)
        sys.exit(1)
    click.echo(f"Imported {len(result.files)} files into {output_dir}/; `spm-site check {output_dir}` passes.", err=True)


@cli.command()
@FRAMEWORK_ARG
@click.option("--format", "fmt", type=click.Choice(["xlsx", "csv", "json"]), default="xlsx", show_default=True,
              help="xlsx: one workbook, a sheet per kind; csv: a folder with one .csv file per sheet; "
                   "json: the resolved framework, with every effective target.")
@click.option("-o", "--output", type=click.Path(path_type=Path), required=True,
              help="The file to write (a folder for csv). Refused if it exists, unless --replace.")
@click.option("--replace", is_flag=True, help="Overwrite OUTPUT if it exists (for csv: only the sheets' .csv files in it).")
@click.option("--template", is_flag=True,
              help="Write the empty template instead: every sheet with its header row, and the 'about' sheet "
                   "explaining each column. FRAMEWORK_DIR is not read.")
@click.option("--role", help="With --level: add the 'evidence' sheet, to track evidence for this role (id). "
                             "The file is then for the internal audience unless --audience says otherwise.")
@click.option("--level", help="With --role: the level (id) the evidence sheet is for.")
@click.option("--audience", metavar="NAME",
              help="Write only what this audience may see (public, internal or one named in spm.yml), as its build "
                   "shows it: no restricted item or field, no draft. Without it: the author's full copy, for "
                   "round trips (internal with --role).")
@click.option("--json-schema", "json_schema", is_flag=True,
              help="Write the JSON Schema of the json format to OUTPUT instead. FRAMEWORK_DIR is not read.")
def export(framework_dir: Path | None, fmt: str, output: Path, replace: bool, template: bool,
           role: str | None, level: str | None, audience: str | None, json_schema: bool) -> None:
    """Check FRAMEWORK_DIR and export it as a spreadsheet (xlsx, csv) or as JSON.

    The spreadsheet has the layout `spm-site import` reads, so export, edit and import give the
    framework back with the edits. Author text is written as text: a cell starting with =, +, -
    or @ never becomes a formula. Two exports of the same framework are byte for byte the same.

    Without --audience the export is the author's full copy, drafts and restricted content
    included (a warning says so): keep it for editing. To share a file, give --audience: it then
    holds what that audience's build shows and nothing else. An evidence sheet (--role, --level)
    is for an employee, so its file is for the internal audience unless --audience names another.

    Exit code 0 when written, 1 when the framework has errors (nothing is written), 2 for usage
    mistakes (an OUTPUT that exists, an unknown audience, a role or level the audience does not see).
    """
    from .exchange import csv_files, json_export, xlsx
    from .exchange.audience import documents_for, exported, full_copy_warning
    from .exchange.export import UnknownChoice, about_sheet, evidence_sheet, table_sheets
    from .exchange.tables import ABOUT_SHEET, EVIDENCE_SHEET
    from .exchange.write import OutputExists, write_file, write_sheets_folder

    if (role is None) != (level is None):
        raise click.UsageError("--role and --level go together: the evidence sheet is for one role at one level")
    if template and fmt == "json":
        raise click.UsageError("the json format has no template: use --json-schema for its schema")
    if template and role is not None:
        raise click.UsageError("--role and --level need a framework: leave out --template")
    if audience is not None and (template or json_schema):
        raise click.UsageError("--audience chooses what of a framework to write: the template and the schema hold none")
    if audience is None and role is not None:
        audience = INTERNAL  # the evidence sheet goes to an employee
    fw = docs = warning = None
    if not (template or json_schema):
        folder = framework_dir or read_config(_config_file(None)).framework
        if output.resolve().is_relative_to(folder.resolve()):
            raise click.UsageError(f"{output} lies inside the framework folder {folder}: write the export elsewhere")
        result = check_framework(folder)
        if not result.ok:
            click.echo(format_text(result.diagnostics), err=True)
            click.echo(f"Nothing was written; {output} is unchanged.", err=True)
            sys.exit(1)
        known = result.settings.audiences
        if audience is not None and not known.known(audience):
            raise click.BadParameter(f"'{audience}' is not one of: {', '.join(known.all)}", param_hint="--audience")
        fw = result.framework
        warning = full_copy_warning(fw, known) if audience is None else None
        if audience is not None:  # the build's filter, so a site and an export for one audience hold the same
            fw = exported(filter_framework(fw, audience, known))
        docs = documents_for(result.documents, fw)
    data: bytes | None = None
    if json_schema:
        data = json_export.schema_text().encode("utf-8")
    elif fmt == "json":
        data = json_export.dumps(fw).encode("utf-8")
    sheets = {ABOUT_SHEET: about_sheet(), **table_sheets(docs)}
    if fw is not None and role is not None and level is not None:
        try:
            sheets[EVIDENCE_SHEET] = evidence_sheet(fw, role, level)
        except UnknownChoice as exc:  # a hidden one reads as one that does not exist: the message names only what it may see
            raise click.BadParameter(f"the {audience} audience sees no {exc.what} '{exc.given}'; choose one of: "
                                     + ", ".join(exc.known), param_hint=f"--{exc.what}") from None
    if data is None and fmt == "xlsx":
        data = xlsx.dumps(sheets)
    try:
        if data is not None:
            write_file(output, data, replace)
        else:
            write_sheets_folder(output, {name: csv_files.dumps(*sheet) for name, sheet in sheets.items()}, replace)
    except OutputExists as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(2)
    except OSError as exc:
        click.echo(f"error: cannot write {output}: {exc.strerror or exc}", err=True)
        sys.exit(1)
    click.echo(f"Wrote {output}" + (f" for the {audience} audience" if audience else ""), err=True)
    if warning:
        click.echo(warning, err=True)


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
