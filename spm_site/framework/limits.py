"""Caps on the size of what an author can write, so no input makes a check or a build slow.

Every text routine is linear, but a 100 KB name still makes every page that shows it heavy. The
caps give a located error long before that; an organisation can raise them in `spm.yml`:

    limits:
      max_name_length: 300
      max_file_kb: 2048
"""

from __future__ import annotations

from dataclasses import dataclass

from .options import Whole


@dataclass(frozen=True)
class Limits:
    """How long a name (or title) and how large one YAML file may be."""

    #: Characters in a `name:` or `title:` value.
    max_name_length: int = 200
    #: Size of one framework file, in KiB (1,024 bytes).
    max_file_kb: int = 1024

    @property
    def max_file_bytes(self) -> int:
        return self.max_file_kb * 1024


#: What each limit accepts: long enough for any real name and file, short of making a build slow.
LIMITS = {"max_name_length": Whole(20, 10_000), "max_file_kb": Whole(16, 65_536)}
