"""Where a finding about a set points: at the key that holds the set, when the engine can point at a
key (`Finding.on_key`), else at the key's value, the set itself. Lets the SPM12x tests state the
intended place and still pass on an engine that cannot point at keys yet."""

from __future__ import annotations

from rule_helpers import position
from spm_site.rules.base import Finding

#: Whether findings can point at a key rather than at its value.
ON_KEY = "on_key" in Finding.__dataclass_fields__


def set_position(text: str, key: str, value: str) -> tuple[int, int]:
    """The position of `key` (written `key:`) in `text` if findings point at keys, else of `value`."""
    return position(text, f"{key}:") if ON_KEY else position(text, value)
