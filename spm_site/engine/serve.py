"""Preview the handbook with MkDocs' development server, rebuilt whenever a YAML file changes."""

from __future__ import annotations

import tempfile
from pathlib import Path

from mkdocs.commands.serve import serve as mkdocs_serve

from .build import DEFAULT_CONFIG, config_overrides, needs_empty_docs


def serve(framework_dir: Path | None, config_file: Path | None, dev_addr: str) -> None:
    """Serve until interrupted; pages live in memory, so nothing is written into a watched folder.

    The framework folder reaches the plugin as its `framework` option, in the config MkDocs loads for
    every rebuild: without a config of the repository's, spm-site's own names `framework` here.
    """
    if config_file is None:
        framework_dir = framework_dir or Path("framework")
    overrides: dict[str, object] = {"dev_addr": dev_addr, **config_overrides(config_file, framework_dir)}
    # The docs folder MkDocs insists on stays empty, outside the watched tree.
    with tempfile.TemporaryDirectory(prefix="spm-docs-") as empty_docs:
        if needs_empty_docs(config_file):
            overrides["docs_dir"] = empty_docs
        mkdocs_serve(str(config_file or DEFAULT_CONFIG), livereload=True, **overrides)
