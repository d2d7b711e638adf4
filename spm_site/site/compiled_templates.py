"""Compiled Jinja templates kept for the life of the process, so a rebuild does not compile them again.

Every build makes a new Jinja environment (its labels and template folders are the build's own), and
compiling the page templates cost a quarter of a small rebuild in `serve`. Jinja looks each template up
by its name and file and checks the stored code against a digest of the template's source
(`jinja2.bccache.Bucket`): an edited template is compiled afresh. Code is kept in memory only, never on
disk, where anyone who could write the folder could make a build run their code.
"""

from __future__ import annotations

import jinja2
from jinja2.bccache import Bucket


class CompiledTemplates(jinja2.BytecodeCache):
    """One kind of environment's compiled templates (Jinja's key does not cover the environment's
    options, so environments set up differently must not share an instance)."""

    def __init__(self) -> None:
        self._code: dict[str, bytes] = {}

    def load_bytecode(self, bucket: Bucket) -> None:
        code = self._code.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)  # drops it when the source's digest differs

    def dump_bytecode(self, bucket: Bucket) -> None:
        self._code[bucket.key] = bucket.bytecode_to_string()


#: The page templates' (site/render.py): one environment set-up for every build.
PAGE_TEMPLATES = CompiledTemplates()
