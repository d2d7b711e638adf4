"""The `spm-site` command: check, build and serve a framework handbook.

Exit codes: 0 when all is well, 1 when the framework has errors, 2 for usage mistakes.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from .diagnostics import format_json, format_text
from .pipeline import check_framework

FRAMEWORK_ARG = click.argument("framework_dir", required=False, default="framework",
                               type=click.Path(file_okay=False, path_type=Path))


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="spm-site")
def cli() -> None:
    """Check a performance framework written in YAML and publish it as a handbook."""


@cli.command()
@FRAMEWORK_ARG
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="How to print the findings.")
def check(framework_dir: Path, fmt: str) -> None:
    """Check FRAMEWORK_DIR (default: framework) and print every problem found."""
    result = check_framework(framework_dir)
    if fmt == "json":
        click.echo(format_json(result.diagnostics))
    else:
        click.echo(format_text(result.diagnostics), err=not result.ok)
    sys.exit(0 if result.ok else 1)


def main() -> None:
    cli(prog_name="spm-site")
