"""Caps on the size of what an author can write, so no input makes a check or a build slow.

Every text routine is linear, but a 100 KB name still makes every page that shows it heavy. The
caps give a located error long before that; an organisation can raise them in `spm.yml`:

    limits:
      max_name_length: 300
      max_file_kb: 2048
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from .options import Declared, Whole, setting


@dataclass(frozen=True)
class Limits(Declared):
    """How long a name (or title) and how large one YAML file may be.

    The ranges are long enough for any real name and file, and short of making a build slow.
    """

    kind: ClassVar[str] = "limit"

    max_name_length: int = setting(200, Whole(20, 10_000), "Characters in a `name:` or `title:` value.",
                                   finding="too-long")
    max_file_kb: int = setting(1024, Whole(16, 65_536), "Size of one framework file, in KiB (1,024 bytes).",
                               finding="file-too-large")

    @property
    def max_file_bytes(self) -> int:
        return self.max_file_kb * 1024
