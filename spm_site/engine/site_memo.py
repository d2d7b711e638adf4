"""The last site built with a cache folder, kept there with a digest of everything it was built from.

Most CI runs rebuild a handbook whose input has not changed (a commit that touches the README, a
scheduled run). A build is deterministic, so when every input is the same as last time the site is
the same, byte for byte: `spm-site build --cache DIR` then copies the kept site instead of checking
and building (the check's findings are part of that same output, and a build with errors is never
kept). The digest covers every file of the framework, the docs folder, the page templates and the
theme's custom_dir; mkdocs.yml and the files it inherits; the environment variables it names with
`!ENV` and `SOURCE_DATE_EPOCH`; today's date (rules such as a review falling due read it); the
build's options; spm-site's code and the version of every installed distribution. A build that
reads what no digest can see, a previous edition from git (`since`), is never shortcut.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import importlib.metadata
import json
import os
import re
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

import yaml

from . import page_cache

#: The kept site and its digest, inside the cache folder.
SITE, KEY = "site", "site.key"
#: The site folder's marker, which names its folder: each site has its own, so it is not kept.
_MARKER = ".spm-site"
_ENV_TAG = re.compile(r"!ENV\s+\[?\s*([^\]\n#]+)")
_INHERIT = re.compile(r"^INHERIT:\s*['\"]?([^'\"\n#]+?)['\"]?\s*$", re.M)


def input_key(folders: dict[str, Path], config_file: Path | None, options: dict[str, object]) -> str:
    """The digest of a build's whole input: the files in `folders` (by what each is: framework, docs,
    templates, custom_dir; where they are is in `options`), the config file with what it inherits and
    the variables it reads, and the build's `options`."""
    digest = hashlib.sha256()

    def add(*parts: object) -> None:
        digest.update(json.dumps(parts, default=str, ensure_ascii=False).encode() + b"\n")

    add(page_cache.code_fingerprint(), dt.date.today().isoformat(), os.environ.get("SOURCE_DATE_EPOCH"))
    add(sorted({f"{d.metadata['Name']}=={d.version}" for d in importlib.metadata.distributions()}))
    add(options)
    for config in _config_files(config_file):
        text = config.read_bytes()
        digest.update(text)
        names = [n.strip() for m in _ENV_TAG.finditer(text.decode("utf-8", "replace")) for n in m.group(1).split(",")]
        add(str(config), {name: os.environ.get(name) for name in names if name})
    for role, folder in sorted(folders.items()):
        add("folder", role)
        for top, dirs, files in os.walk(folder):
            dirs.sort()
            for name in sorted(files + [d for d in dirs if os.path.islink(os.path.join(top, d))]):
                path = Path(top, name)
                add(path.relative_to(folder).as_posix(), os.readlink(path) if path.is_symlink() else None)
                if path.is_file():
                    digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def _config_files(config_file: Path | None) -> list[Path]:
    """mkdocs.yml and the files it inherits (`INHERIT:`), each once."""
    found: list[Path] = []
    while config_file is not None and config_file.is_file() and config_file.resolve() not in found:
        found.append(config_file.resolve())
        parent = _INHERIT.search(config_file.read_text(encoding="utf-8", errors="replace"))
        config_file = (config_file.parent / parent.group(1).strip()) if parent else None
    return found


def names_a_previous_edition(framework: Path) -> bool:
    """True when spm.yml asks for a comparison with an earlier edition (`since:`), read from git."""
    for name in ("spm.yml", "spm.yaml"):
        try:
            data = yaml.safe_load((framework / name).read_text(encoding="utf-8"))
        except (OSError, yaml.YAMLError, UnicodeDecodeError):
            continue
        if isinstance(data, dict) and data.get("since"):
            return True
    return False


def has(cache: Path, key: str) -> bool:
    """Whether the site kept in `cache` was built from `key`."""
    try:
        return (cache / KEY).read_text(encoding="ascii").strip() == key and (cache / SITE).is_dir()
    except (OSError, UnicodeDecodeError):
        return False


def restore(cache: Path, key: str, into: Path) -> bool:
    """Copy the kept site into `into` (an empty, marked staging folder) when it was built from `key`."""
    if not has(cache, key):
        return False
    shutil.copytree(cache / SITE, into, dirs_exist_ok=True, copy_function=shutil.copyfile)
    return True


def keep(cache: Path, key: str, site: Path) -> None:
    """Keep a copy of `site` (just built from `key`) in the cache folder, in place of the last one.

    The digest is written last and removed first, so a copy cut short is never taken for a whole one."""
    (cache / KEY).unlink(missing_ok=True)
    fresh = Path(tempfile.mkdtemp(prefix=f".{SITE}-new-", dir=cache))
    try:
        shutil.copytree(site, fresh, dirs_exist_ok=True, copy_function=shutil.copyfile,
                        ignore=lambda folder, names: [_MARKER] if Path(folder) == site else [])
        old = cache / SITE
        if old.exists():
            gone = Path(tempfile.mkdtemp(prefix=f".{SITE}-old-", dir=cache))
            os.replace(old, gone / SITE)
            shutil.rmtree(gone)
        os.replace(fresh, old)
    finally:
        if fresh.exists():
            shutil.rmtree(fresh)
    (cache / KEY).write_text(key + "\n", encoding="ascii")


@dataclass(frozen=True)
class Reused:
    """What a build that copied the kept site returns in place of a check's result: that same input
    passed its check and built before, so there is nothing to report."""

    diagnostics: tuple = ()
    ok: bool = True
