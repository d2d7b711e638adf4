"""Which config file a project has: the names MkDocs-compatible engines read, found without MkDocs.

Kept apart from `build` so that `spm-site check` can find the project's config (for its template
overrides) without importing MkDocs, which would slow every pre-commit run.
"""

from __future__ import annotations

from pathlib import Path


#: The config file names MkDocs-compatible engines look for, in ProperDocs' order
#: (properdocs/config/base.py, `_open_config_file`); MkDocs itself reads only the last two.
CONFIG_NAMES = ("properdocs.yml", "properdocs.yaml", "mkdocs.yml", "mkdocs.yaml")


class AmbiguousConfig(Exception):
    """Two config files in one folder: which one an engine reads depends on the engine."""


def find_config(folder: Path) -> Path | None:
    """The folder's one config file, or None; two or more are refused, since MkDocs would read
    `mkdocs.yml` where ProperDocs reads `properdocs.yml`, and the same repository would build two sites."""
    found = [folder / name for name in CONFIG_NAMES if (folder / name).is_file()]
    if len(found) > 1:
        raise AmbiguousConfig(f"{' and '.join(str(f) for f in found)} are both here, and engines differ on "
                              f"which they read: keep one, or choose with --config-file")
    return found[0] if found else None
