"""Preview the handbook with MkDocs' development server, rebuilt whenever a YAML file changes."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from mkdocs.commands.serve import serve as mkdocs_serve

from .build import DEFAULT_CONFIG
from .plugin import FRAMEWORK_ENV


def serve(framework_dir: Path | None, config_file: Path | None, dev_addr: str) -> None:
    """Serve until interrupted; pages live in memory, so nothing is written into a watched folder."""
    if framework_dir is not None or config_file is None:
        os.environ[FRAMEWORK_ENV] = str((framework_dir or Path("framework")).resolve())
    # The docs folder MkDocs insists on stays empty, outside the watched tree.
    with tempfile.TemporaryDirectory(prefix="spm-docs-") as empty_docs:
        overrides = {"dev_addr": dev_addr}
        if config_file is None:
            overrides["docs_dir"] = empty_docs
        mkdocs_serve(str(config_file or DEFAULT_CONFIG), livereload=True, **overrides)
