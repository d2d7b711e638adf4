"""Fuzz `spm-site check` with seeded mutations of the sample framework, in process.

    python -m bench.fuzz [--runs 2000] [--seed 0] [--budget 900] [--timeout 30]
    python -m bench.fuzz --case 0:137          # run one case again and print what it did

Case I of seed S is always the same input: `random.Random("spm-fuzz:S:I")` picks one to three
mutations of framework/ at three levels:

- text: truncate a file, duplicate, swap or re-indent lines, delete bytes, insert hostile
  characters (YAML indicators, tabs, NUL, CR, bidirectional and zero-width characters, invalid
  UTF-8), very long runs, deep `[[[[`, other encodings and line endings;
- files: delete, rename (`.YML`, `index.yml`, nested folders), add empty or unknown files, replace
  a file or add a folder by a symbolic link out of the framework, a file over the size cap, a
  hostile `spm.yml`;
- data: on the parsed YAML, drop a key, change a value's type, near-miss or missing ids, unknown
  keys, empty lists, reserved ids, duplicate items, YAML tags, anchors and aliases, huge numbers,
  impossible dates, YAML 1.1 booleans and hostile text, then dumped again with a SafeDumper.

Each case gets its own copy of the framework (hard links to one pristine copy, changed files
written afresh) and is checked twice through click's CliRunner, `--format json` and text. What
any input must give (`verify`): exit code 0, 1 or 2 and no exception; every finding in a file of
the framework, at a line and column that exist; messages free of control characters; the text
output made only of finding lines (the same as the JSON ones), quoted source, carets, help and the
summary; never a line of a file outside the framework; an answer within --timeout seconds.

The run stops after --runs cases or --budget seconds, prints a summary (findings by rule, the
slowest case) and writes every failing case to bench/out/fuzz/<seed>-<index>/ (its framework and
what went wrong), ready for `spm-site check`. tests/test_fuzz.py runs a few hundred of the same
cases in the test suite.
"""

from __future__ import annotations

import argparse
import contextlib
import copy
import gc
import json
import os
import random
import re
import shutil
import signal
import sys
import tempfile
import time
import traceback
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from click.testing import CliRunner

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
SAMPLE_DIR = REPO / "framework"
OUT = BENCH / "out" / "fuzz"

#: Written into every file outside the framework: it must never appear in any output.
CANARY = "FUZZ-CANARY-3b9f1c"
OUTSIDE = {
    "secret.yml": f"name: {CANARY} role\npurpose: token {CANARY}\nfunction: sales\n",
    "secret.txt": f"API_TOKEN={CANARY}\n",
    "more/leaked.yml": f"name: {CANARY} value\nstatement: {CANARY}\n",
}
ONE_ITEM = ("values", "objectives", "functions", "roles")


# --- cases ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Link:
    """A symbolic link in place of a file or folder; `target` is relative to the case folder."""

    target: str


Content = bytes | Link
Tree = dict[str, Content]


@dataclass(frozen=True)
class Case:
    """One input: what was done to the sample, and the files that differ from it (None: deleted)."""

    seed: int
    index: int
    steps: tuple[str, ...]
    files: dict[str, Content | None]

    @property
    def name(self) -> str:
        return f"{self.seed}-{self.index:05d}"

    @property
    def slug(self) -> str:
        """The mutators' names, for test ids: `0-00012-swap_lines+tag`."""
        return self.name + "-" + "+".join(step.split(":", 1)[0] for step in self.steps)


@dataclass
class Sample:
    """The sample framework's bytes, its parsed data and every id it defines."""

    files: dict[str, bytes]
    data: dict[str, Any]
    ids: list[str]

    @classmethod
    def read(cls, root: Path = SAMPLE_DIR) -> Sample:
        files = {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}
        data = {rel: yaml.load(raw, Loader=yaml.CSafeLoader) for rel, raw in files.items()}
        ids = {Path(rel).stem for rel in files if rel.split("/")[0] in ONE_ITEM}
        for value in data.values():
            ids.update(v for c, k, v in _slots(value) if k == "id" and isinstance(v, str))
        return cls(files, data, sorted(ids))


def make_case(sample: Sample, seed: int, index: int) -> Case:
    """Case `index` of `seed`: the same mutations of the same sample every time."""
    rng = random.Random(f"spm-fuzz:{seed}:{index}")
    tree: Tree = dict(sample.files)
    steps = tuple(_mutate(rng, tree, sample) for _ in range(rng.choices((1, 2, 3), weights=(6, 3, 1))[0]))
    changed: dict[str, Content | None] = {rel: None for rel in sample.files if rel not in tree}
    changed.update({rel: c for rel, c in sorted(tree.items()) if sample.files.get(rel) != c})
    return Case(seed, index, steps, changed)


def cases(sample: Sample, seed: int, count: int, start: int = 0) -> Iterator[Case]:
    for index in range(start, start + count):
        yield make_case(sample, seed, index)


def _mutate(rng: random.Random, tree: Tree, sample: Sample) -> str:
    for _ in range(100):  # a mutator that does not apply (no such value here) returns None: pick again
        name = rng.choices(_NAMES, weights=_WEIGHTS)[0]
        step = MUTATORS[name][1](rng, tree, sample)
        if step is not None:
            return f"{name}: {step}"
    raise RuntimeError("no mutator applies")  # pragma: no cover - truncate always does


def _pick(rng: random.Random, tree: Tree) -> str | None:
    paths = sorted(rel for rel, content in tree.items() if isinstance(content, bytes))
    return rng.choice(paths) if paths else None


# --- text mutations -------------------------------------------------------------------------------

HOSTILE = [t.encode() for t in (
    ":", ": ", "-", "- ", "#", " #", "&a ", "*a", "!", "!secret ", "!!binary ", "|", ">", "'", '"', "\t", "\0",
    "\r", "\r\n", "\n", "\u202e", "\u200b", "\ufeff", "\x85", "\u2028", "\x1b[2J", "\x7f", "{", "}", "[", "]",
    ",", "%YAML 1.1\n", "@", "`", "? ", "---\n", "...\n", "<<: *a\n", "\\", "\u00e9", "\U0001f600",
)] + [b"\xff", b"\xc3", b"\xed\xa0\x80", b"\xf4\x90\x80\x80"]
RUN_UNITS = [b"a", b"-", b":", b" ", b"\t", b"#", b"'", b"x ", "\u200b".encode(), b"- ", b"\n", b"\r"]


def _value_offsets(data: bytes) -> list[int]:
    """Offsets just after `key: `, where a value starts."""
    return [m.end() for m in re.finditer(rb": ", data)] or [0]


def _position(rng: random.Random, data: bytes) -> int:
    where = rng.random()
    if where < 0.4:
        return rng.choice(_value_offsets(data))
    if where < 0.6:
        return rng.choice([0] + [m.end() for m in re.finditer(rb"\n", data)])
    return rng.randrange(len(data) + 1)


def _edit(rng: random.Random, tree: Tree, change: Callable[[random.Random, bytes], tuple[bytes, str]]) -> str | None:
    path = _pick(rng, tree)
    if path is None:
        return None
    tree[path], what = change(rng, tree[path])  # type: ignore[arg-type]
    return f"{path}: {what}"


def truncate(rng: random.Random, tree: Tree, sample: Sample) -> str | None:
    def change(r: random.Random, data: bytes) -> tuple[bytes, str]:
        cut = r.randrange(len(data) + 1)
        return data[:cut], f"cut at byte {cut}"
    return _edit(rng, tree, change)


def _lines_edit(rng: random.Random, tree: Tree,
               change: Callable[[random.Random, list[bytes]], str | None]) -> str | None:
    path = _pick(rng, tree)
    if path is None:
        return None
    lines = tree[path].splitlines(keepends=True)  # type: ignore[union-attr]
    if len(lines) < 2:
        return None
    what = change(rng, lines)
    if what is None:
        return None
    tree[path] = b"".join(lines)
    return f"{path}: {what}"


def duplicate_line(rng: random.Random, tree: Tree, sample: Sample) -> str | None:
    def change(r: random.Random, lines: list[bytes]) -> str:
        i = r.randrange(len(lines))
        lines.insert(i, lines[i] if lines[i].endswith(b"\n") else lines[i] + b"\n")
        return f"line {i + 1} twice"
    return _lines_edit(rng, tree, change)


def swap_lines(rng: random.Random, tree: Tree, sample: Sample) -> str | None:
    def change(r: random.Random, lines: list[bytes]) -> str:
        i = r.randrange(len(lines) - 1)
        j = i + 1 if r.random() < 0.5 else r.randrange(len(lines))
        if not lines[-1].endswith(b"\n"):
            lines[-1] += b"\n"
        lines[i], lines[j] = lines[j], lines[i]
        return f"lines {i + 1} and {j + 1} swapped"
    return _lines_edit(rng, tree, change)


def reindent(rng: random.Random, tree: Tree, sample: Sample) -> str | None:
    def change(r: random.Random, lines: list[bytes]) -> str | None:
        indented = [i for i, line in enumerate(lines) if line.startswith(b" ")]
        if not indented:
            return None
        i = r.choice(indented)
        how = r.choice(("deeper", "shallower", "tab"))
        if how == "deeper":
            lines[i] = b" " * r.choice((1, 2, 4)) + lines[i]
        elif how == "shallower":
            lines[i] = lines[i][r.choice((1, 2)):]
        else:
            lines[i] = b"\t" + lines[i].lstrip(b" ")
        return f"line {i + 1} indented {how}"
    return _lines_edit(rng, tree, change)


def delete_bytes(rng: random.Random, tree: Tree, sample: Sample) -> str | None:
    def change(r: random.Random, data: bytes) -> tuple[bytes, str]:
        start, length = r.randrange(len(data) + 1), r.choice((1, 1, 2, 5, 40))
        return data[:start] + data[start + length:], f"{length} bytes deleted at {start}"
    return _edit(rng, tree, change)


def insert_hostile(rng: random.Random, tree: Tree, sample: Sample) -> str | None:
    def change(r: random.Random, data: bytes) -> tuple[bytes, str]:
        token, at = r.choice(HOSTILE) * r.choice((1, 1, 3)), _position(r, data)
        return data[:at] + token + data[at:], f"{token!r} inserted at {at}"
    return _edit(rng, tree, change)


def long_run(rng: random.Random, tree: Tree, sample: Sample) -> str | None:
    def change(r: random.Random, data: bytes) -> tuple[bytes, str]:
        unit, times, at = r.choice(RUN_UNITS), r.choice((250, 5_000, 100_000)), _position(r, data)
        return data[:at] + unit * times + data[at:], f"{unit!r} x {times} inserted at {at}"
    return _edit(rng, tree, change)


def deep_nesting(rng: random.Random, tree: Tree, sample: Sample) -> str | None:
    def change(r: random.Random, data: bytes) -> tuple[bytes, str]:
        opener, depth = r.choice((b"[", b"{", b"- ", b"[{")), r.choice((41, 500, 20_000, 100_000))
        closer = {b"[": b"]", b"{": b"}", b"- ": b"", b"[{": b"}]"}[opener] * (depth if r.random() < 0.5 else 0)
        at = r.choice(_value_offsets(data))
        return data[:at] + opener * depth + b"x" + closer + data[at:], f"{opener!r} x {depth} at {at}"
    return _edit(rng, tree, change)


def _encode(r: random.Random, data: bytes) -> tuple[bytes, str]:
    how = r.choice(("utf-16", "utf-16-le", "latin-1", "bom", "crlf", "cr", "trailing-garbage", "nul"))
    text = data.decode("utf-8", errors="replace")
    if how in ("utf-16", "utf-16-le", "latin-1"):
        return text.encode(how, errors="replace"), f"encoded as {how}"
    if how == "bom":
        return b"\xef\xbb\xbf" + data, "byte-order mark added"
    if how in ("crlf", "cr"):
        return data.replace(b"\n", b"\r\n" if how == "crlf" else b"\r"), f"line endings {how}"
    if how == "nul":
        at = r.randrange(len(data) + 1)
        return data[:at] + b"\0" + data[at:], f"NUL at {at}"
    return data + b"\xff\xfe\xfd", "invalid UTF-8 at the end"


def re_encode(rng: random.Random, tree: Tree, sample: Sample) -> str | None:
    return _edit(rng, tree, _encode)


# --- file mutations -------------------------------------------------------------------------------


def delete_file(rng: random.Random, tree: Tree, sample: Sample) -> str | None:
    path = _pick(rng, tree)
    if path is None:
        return None
    del tree[path]
    return path


def _variant_name(r: random.Random, rel: str) -> str:
    folder, _, name = rel.rpartition("/")
    stem = name.rsplit(".", 1)[0]
    new = r.choice((f"{stem}.YML", f"{stem}.yaml", f"{stem}.Yaml", f"{stem}.yml.bak", "index.yml", "Index.yml",
                    f"{stem.upper()}.yml", f"{stem} copy.yml", f"_{stem}.yml", f".{stem}.yml", f"sub/{stem}.yml",
                    f"{stem}_x.yml", f"{stem}\u200b.yml", f"{stem}.md", "spm.yml", "search.yml", "assets.yml"))
    return f"{folder}/{new}" if folder else new


def rename_file(rng: random.Random, tree: Tree, sample: Sample) -> str | None:
    path = _pick(rng, tree)
    if path is None:
        return None
    new = _variant_name(rng, path)
    if new in tree:
        return None
    tree[new] = tree.pop(path)
    return f"{path} -> {new}"


def copy_file(rng: random.Random, tree: Tree, sample: Sample) -> str | None:
    """The same item twice: `roles/x.yml` beside `roles/x.yaml`, `roles/index.yml`, a top-level copy."""
    path = _pick(rng, tree)
    if path is None:
        return None
    new = _variant_name(rng, path) if rng.random() < 0.7 else path.rpartition("/")[2]
    if new in tree:
        return None
    tree[new] = tree[path]
    return f"{path} copied to {new}"


ODD_FILES = [b"", b"# only a comment\n", b"---\n", b"--- a\n...\n--- b\n", b"null\n", b"[]\n", b"- item\n",
             b"name: x\n", b"\xff\xfe", b"~\n", b"? complex\n: key\n", b"\xef\xbb\xbf", b"\n\n\n"]


def add_file(rng: random.Random, tree: Tree, sample: Sample) -> str | None:
    folder = rng.choice(("", "roles/", "measures/", "values/", "objectives/", "functions/", "docs/", "roles/sub/"))
    name = folder + rng.choice(("new-item.yml", "notes.yml", "index.yml", "x.YAML", "spm.yaml", "levels.yaml"))
    if name in tree:
        return None
    tree[name] = rng.choice(ODD_FILES)
    return f"{name} = {tree[name]!r}"


def link_out(rng: random.Random, tree: Tree, sample: Sample) -> str | None:
    """A symbolic link from inside the framework to a file or folder outside it (or to nothing)."""
    target = rng.choice(("outside/secret.yml", "outside/secret.txt", "outside/more", "outside/missing.yml"))
    if target == "outside/more":
        name = rng.choice(("roles/more", "measures/more", "values", "more"))
    else:
        name = rng.choice((_pick(rng, tree) or "roles/leak.yml", "roles/leak.yml", "measures/leak.yml", "spm.yml"))
    if name == "values":
        for rel in [r for r in tree if r.startswith("values/")]:
            del tree[rel]
    tree[name] = Link(target)
    return f"{name} -> {target}"


def oversize(rng: random.Random, tree: Tree, sample: Sample) -> str | None:
    path = _pick(rng, tree)
    if path is None:
        return None
    kb = rng.choice((1100, 1500))
    tree[path] += (b"# " + b"x" * 1021 + b"\n") * kb  # type: ignore[operator]
    return f"{path}: padded with {kb} KiB of comments"


INT, BOOL, TIMESTAMP, FLOAT = (f"tag:yaml.org,2002:{t}" for t in ("int", "bool", "timestamp", "float"))


@dataclass(frozen=True)
class Tagged:
    """A scalar dumped with this tag: plain when the tag is what YAML would read anyway (`no` as a
    boolean, `2026-02-30` as a timestamp), otherwise with the tag written out (`!secret x`)."""

    tag: str
    text: str


def _settings_part(r: random.Random) -> dict[str, Any]:
    number = Tagged(INT, r.choice(("99999999999999999999", "-1", "0", "-99999999999999999999", "9" * 400)))
    odd = r.choice((Tagged(INT, "0x10"), Tagged(INT, "010"), Tagged(FLOAT, "1e400"), Tagged(FLOAT, ".nan"), "big",
                    [], {}, None, Tagged("!secret", "365")))
    date = Tagged(TIMESTAMP, r.choice(("0001-01-01", "9999-12-31", "2026-02-30", "1970-01-01", "2026-13-01")))
    return r.choice((
        {"rules": {"SPM118": {"max_age_days": r.choice((number, odd))}}},
        {"rules": {"SPM118": {"as_of": r.choice((date, odd, "yesterday"))}}},
        {"rules": {"SPM111": {"min_per_year": r.choice((number, odd))}}},
        {"rules": {r.choice(("SPM999", "spm118", "stale-content", "", "SPM118\n")):
                   r.choice(("off", "fatal", None, [], {}))}},
        {"alignment_page": r.choice(("no", Tagged(BOOL, "no"), Tagged(BOOL, "off"), "maybe", None, []))},
        {"rules": r.choice(([], "all", None))},
        {"limits": {"max_name_length": r.choice((number, odd)), "max_file_kb": r.choice((number, odd))}},
        {"unknown_setting": 1},
    ))


def hostile_settings(rng: random.Random, tree: Tree, sample: Sample) -> str | None:
    settings: dict[str, Any] = {}
    for _ in range(rng.choice((1, 2))):
        settings.update(_settings_part(rng))
    name = rng.choice(("spm.yml", "spm.yml", "spm.yaml"))
    tree[name] = _dump(settings, rng)
    return f"{name} = {settings!r}"


# --- data mutations -------------------------------------------------------------------------------


class _Dumper(yaml.SafeDumper):
    """yaml.safe_dump's dumper, plus `Tagged` scalars."""


_Dumper.add_representer(Tagged, lambda dumper, data: dumper.represent_scalar(data.tag, data.text))


def _dump(data: Any, rng: random.Random) -> bytes:
    return yaml.dump(data, Dumper=_Dumper, allow_unicode=rng.random() < 0.7, sort_keys=False, width=100).encode()


def _slots(data: Any) -> list[tuple[Any, Any, Any]]:
    """(container, key or index, value) for every value inside `data`, outermost first."""
    found: list[tuple[Any, Any, Any]] = []
    todo = [data]
    while todo:
        container = todo.pop(0)
        items = container.items() if isinstance(container, dict) else enumerate(container)
        for key, value in items:
            found.append((container, key, value))
            if isinstance(value, (dict, list)):
                todo.append(value)
    return found


def _with_data(rng: random.Random, tree: Tree, sample: Sample,
               change: Callable[[random.Random, Any, list[tuple[Any, Any, Any]]], str | None]) -> str | None:
    """Parse a file, let `change` edit its data in place, dump it again."""
    path = _pick(rng, tree)
    if path is None:
        return None
    if tree[path] == sample.files.get(path):
        data = copy.deepcopy(sample.data[path])
    else:
        try:
            data = yaml.load(tree[path], Loader=yaml.CSafeLoader)  # type: ignore[arg-type]
        except (yaml.YAMLError, ValueError, RecursionError):  # ValueError: an int of over 4,300 digits
            return None
    if not isinstance(data, (dict, list)):
        return None
    what = change(rng, data, _slots(data))
    if what is None:
        return None
    tree[path] = _dump(data, rng)
    return f"{path}: {what}"


def _choose(rng: random.Random, slots: list, keep: Callable[[Any, Any, Any], bool]) -> tuple[Any, Any, Any] | None:
    fitting = [s for s in slots if keep(*s)]
    return rng.choice(fitting) if fitting else None


def _data_mutator(keep: Callable[[Any, Any, Any], bool], apply: Callable[..., str | None]) -> Callable[..., str | None]:
    """A mutator that picks one value for which `keep(container, key, value)` holds and hands it to `apply`.

    Up to four files are tried: most files have no number, few have a list of items.
    """
    def mutator(rng: random.Random, tree: Tree, sample: Sample) -> str | None:
        def change(r: random.Random, data: Any, slots: list) -> str | None:
            slot = _choose(r, slots, keep)
            return None if slot is None else apply(r, sample, *slot)
        for _ in range(4):
            step = _with_data(rng, tree, sample, change)
            if step is not None:
                return step
        return None
    mutator.__doc__ = apply.__doc__
    return mutator


def _in_dict(container: Any, key: Any, value: Any) -> bool:
    return isinstance(container, dict)


def _any(container: Any, key: Any, value: Any) -> bool:
    return True


def _drop(r: random.Random, sample: Sample, container: Any, key: Any, value: Any) -> str:
    """Drop a key (often a required one)."""
    del container[key]
    return f"key {key!r} dropped"


def _retype(r: random.Random, sample: Sample, container: Any, key: Any, value: Any) -> str:
    """Give a value another type."""
    new = r.choice(([], {}, 0, -1, True, None, "", [value], {"value": value}, "x", 3.5, [[[]]]))
    container[key] = new
    return f"{key!r} = {new!r}"


def _is_id(sample: Sample) -> Callable[[Any, Any, Any], bool]:
    ids = set(sample.ids)
    return lambda container, key, value: isinstance(value, str) and value in ids


HOMOGLYPHS = {"a": "\u0430", "e": "\u0435", "o": "\u043e", "c": "\u0441", "l": "1", "i": "\u0456"}


def _near(r: random.Random, word: str) -> str:
    i = r.randrange(len(word))
    how = r.choice(("swap", "drop", "double", "upper", "underscore", "plural", "homoglyph", "zero-width"))
    if how == "swap" and len(word) > 1:
        i = min(i, len(word) - 2)
        return word[:i] + word[i + 1] + word[i] + word[i + 2:]
    if how == "homoglyph" and any(ch in HOMOGLYPHS for ch in word):
        ch = r.choice([ch for ch in word if ch in HOMOGLYPHS])
        return word.replace(ch, HOMOGLYPHS[ch], 1)
    return {"drop": word[:i] + word[i + 1:], "double": word[:i] + word[i] + word[i:], "upper": word.capitalize(),
            "underscore": word.replace("-", "_"), "plural": word + "s", "zero-width": word[:i] + "\u200b" + word[i:],
            }.get(how, word + "x")


def _near_miss(r: random.Random, sample: Sample, container: Any, key: Any, value: Any) -> str:
    """Replace an id (a reference or an item's own) by a near miss."""
    container[key] = _near(r, value)
    return f"{value!r} -> {container[key]!r}"


def _missing(r: random.Random, sample: Sample, container: Any, key: Any, value: Any) -> str:
    """Point a reference at an item that does not exist."""
    container[key] = r.choice(("no-such-item", f"{value}-old", "x", "-"))
    return f"{value!r} -> {container[key]!r}"


UNKNOWN_KEYS = ("nmae", "confidental", "Name", "ID", "name\u200b", "<script>", "extra", "id ", "__proto__")


def _unknown_key(r: random.Random, sample: Sample, container: Any, key: Any, value: Any) -> str:
    """Add a key the model does not know."""
    target = value if isinstance(value, dict) else container
    name = r.choice(UNKNOWN_KEYS)
    target[name] = r.choice(("x", True, 1, None))
    return f"key {name!r} added"


def _empty_list(r: random.Random, sample: Sample, container: Any, key: Any, value: Any) -> str:
    """Make a list empty."""
    container[key] = []
    return f"{key!r} emptied"


RESERVED_IDS = ("index", "Index", "INDEX", "search", "assets", "404", "sitemap", "tags", "reference", "alignment",
                "..", "-", "a--b", "x-", "l1\u200b", "\u202eevil", "\u0430ccount-executive", "\uff49ndex", "")


def _reserved(r: random.Random, sample: Sample, container: Any, key: Any, value: Any) -> str:
    """Give an item a reserved or hostile id (`index`, `..`, bidirectional override, look-alike)."""
    container[key] = r.choice(RESERVED_IDS)
    return f"id {value!r} -> {container[key]!r}"


def _duplicate(r: random.Random, sample: Sample, container: Any, key: Any, value: Any) -> str:
    """The same item twice in one list (a duplicate id)."""
    container.insert(key, copy.deepcopy(value) if r.random() < 0.5 else value)
    return f"item {key} twice"


TAGS = ("!secret", "!include", "tag:yaml.org,2002:binary", "tag:yaml.org,2002:python/object/apply:os.system",
        "tag:yaml.org,2002:str", "tag:yaml.org,2002:int", "!", "!custom/x", "tag:example.com,2026:x")


def _tag(r: random.Random, sample: Sample, container: Any, key: Any, value: Any) -> str:
    """Write a YAML tag before a value."""
    container[key] = Tagged(r.choice(TAGS), str(value))
    return f"{key!r} tagged {container[key].tag}"


def _alias(r: random.Random, sample: Sample, container: Any, key: Any, value: Any) -> str:
    """Use one list or mapping twice (an anchor and an alias), or plant a small alias bomb."""
    if r.random() < 0.3:
        bomb: Any = ["lol"]
        for _ in range(r.choice((3, 6))):
            bomb = [bomb] * 9
        container[key] = bomb
        return f"{key!r} = alias bomb"
    siblings = container.values() if isinstance(container, dict) else container
    shared = next((v for v in siblings if isinstance(v, (dict, list)) and v is not value), value)
    container[key] = shared
    if isinstance(container, dict):
        container[f"{key}_again"] = shared
    return f"{key!r} shares a node (anchor and alias)"


HUGE = (Tagged(INT, "1" + "0" * 30), Tagged(INT, "9" * 5000), Tagged(INT, "-" + "9" * 25), Tagged(FLOAT, "1e400"),
        Tagged(FLOAT, ".inf"), Tagged(FLOAT, "-.inf"), Tagged(FLOAT, ".nan"), Tagged(INT, "0x1F"), Tagged(INT, "010"),
        Tagged(INT, "1_000"), Tagged(INT, "0b101"), Tagged(INT, "12:30"), "1,000", -1, 0)


def _huge_number(r: random.Random, sample: Sample, container: Any, key: Any, value: Any) -> str:
    """Replace a number by a huge, infinite, octal, sexagesimal or negative one."""
    container[key] = r.choice(HUGE)
    return f"{key!r} = {container[key]!r}"


BAD_DATES = ("2026-02-30", "0001-01-01", "9999-12-31", "2026-13-01", "2026-02-29", "1900-02-29", "2026-1-1",
             "2026-02-29T25:00:00", "0000-01-01", "99999-01-01")


def _bad_date(r: random.Random, sample: Sample, container: Any, key: Any, value: Any) -> str:
    """Put an impossible or extreme date where a value was."""
    container[key] = Tagged(TIMESTAMP, r.choice(BAD_DATES))
    return f"{key!r} = {container[key].text}"


YAML11 = ("no", "No", "NO", "off", "on", "yes", "y", "n", "~", "null", "true", "False")


def _yaml11(r: random.Random, sample: Sample, container: Any, key: Any, value: Any) -> str:
    """Write an unquoted YAML 1.1 boolean or null where text was."""
    word = r.choice(YAML11)
    container[key] = Tagged(BOOL, word)
    return f"{key!r} = {word}"


HOSTILE_TEXT = ("<script>alert(1)</script>", "\"><img src=x onerror=alert(1)>", "</title><script>alert(1)</script>",
                "[x [y] z](javascript:alert(1))", "![t](https://evil.example/p.gif)", "Engineer {: onclick=alert(1) }",
                "line one\nfake.yml:1:1: error[forged]: not ours", "a\rb", "\x1b[31mred\x1b[0m", "\u202eevil",
                "zero\u200bwidth", "{{ 7 * 7 }}", "{% raw %}", "a | b", "x" * 300, "y" * 30_000, "- [ ] *x* `y`",
                "[r]: javascript:alert(1)\n\n[a][r]", "&lt;script&gt;", "\t\ttabbed", "\u0000nul", "\u2028line")


def _hostile_text(r: random.Random, sample: Sample, container: Any, key: Any, value: Any) -> str:
    """Replace text by markup, script, a forged finding, control characters or a very long string."""
    container[key] = r.choice(HOSTILE_TEXT)
    return f"{key!r} = {container[key][:40]!r}"


def _is_text(container: Any, key: Any, value: Any) -> bool:
    return isinstance(value, str)


def _is_number(container: Any, key: Any, value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _is_scalar(container: Any, key: Any, value: Any) -> bool:
    return not isinstance(value, (dict, list))


def _is_list(container: Any, key: Any, value: Any) -> bool:
    return isinstance(value, list)


def _is_item(container: Any, key: Any, value: Any) -> bool:
    return isinstance(container, list) and isinstance(value, dict)


def _reserved_id(rng: random.Random, tree: Tree, sample: Sample) -> str | None:
    """A reserved id: rename a one-item file (`roles/index.yml`) or change an item's `id:`."""
    path = _pick(rng, tree)
    if path is None:
        return None
    folder = path.split("/")[0]
    if folder in ONE_ITEM and "/" in path:
        new = f"{folder}/{rng.choice(RESERVED_IDS)}.yml"
        if new in tree:
            return None
        tree[new] = tree.pop(path)
        return f"{path} -> {new}"
    return _data_mutator(lambda c, k, v: k == "id", _reserved)(rng, tree, sample)


def _references(rng: random.Random, tree: Tree, sample: Sample, apply: Callable[..., str]) -> str | None:
    return _data_mutator(_is_id(sample), apply)(rng, tree, sample)


#: name -> (weight, mutator(rng, tree, sample) -> description or None when it does not apply here).
MUTATORS: dict[str, tuple[int, Callable[[random.Random, Tree, Sample], str | None]]] = {
    "truncate": (4, truncate),
    "duplicate_line": (4, duplicate_line),
    "swap_lines": (4, swap_lines),
    "reindent": (3, reindent),
    "delete_bytes": (4, delete_bytes),
    "insert_hostile": (8, insert_hostile),
    "long_run": (2, long_run),
    "deep_nesting": (2, deep_nesting),
    "re_encode": (3, re_encode),
    "delete_file": (2, delete_file),
    "rename_file": (3, rename_file),
    "copy_file": (2, copy_file),
    "add_file": (2, add_file),
    "link_out": (2, link_out),
    "oversize": (1, oversize),
    "hostile_settings": (4, hostile_settings),
    "drop_key": (4, _data_mutator(_in_dict, _drop)),
    "retype": (4, _data_mutator(_any, _retype)),
    "near_miss_id": (4, lambda r, t, s: _references(r, t, s, _near_miss)),
    "missing_reference": (3, lambda r, t, s: _references(r, t, s, _missing)),
    "unknown_key": (3, _data_mutator(_in_dict, _unknown_key)),
    "empty_list": (2, _data_mutator(_is_list, _empty_list)),
    "reserved_id": (3, _reserved_id),
    "duplicate_item": (2, _data_mutator(_is_item, _duplicate)),
    "tag": (3, _data_mutator(_is_scalar, _tag)),
    "alias": (2, _data_mutator(_any, _alias)),
    "huge_number": (2, _data_mutator(_is_number, _huge_number)),
    "bad_date": (2, _data_mutator(_is_scalar, _bad_date)),
    "yaml11_scalar": (2, _data_mutator(_is_text, _yaml11)),
    "hostile_text": (5, _data_mutator(_is_text, _hostile_text)),
}
_NAMES = list(MUTATORS)
_WEIGHTS = [weight for weight, _ in MUTATORS.values()]


# --- running a case -------------------------------------------------------------------------------


def pristine_copy(folder: Path, sample: Sample) -> Path:
    """The sample written once to `folder`: every case hard-links its unchanged files from here."""
    for rel, raw in sample.files.items():
        path = folder / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(raw)
    return folder


def _link_or_copy(src: str, dst: str) -> None:
    try:
        os.link(src, dst)
    except OSError:
        shutil.copy2(src, dst)


def materialise(case: Case, pristine: Path, folder: Path) -> Path:
    """Write the case into `folder`: framework/ (the sample, changed) and outside/ (the canary files)."""
    root = folder / "framework"
    shutil.copytree(pristine, root, copy_function=_link_or_copy)
    for rel, text in OUTSIDE.items():
        path = folder / "outside" / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    for rel, content in case.files.items():
        path = root / rel
        if path.is_symlink() or path.is_file():
            path.unlink()  # never write through a hard link into the pristine copy
        elif path.is_dir():
            shutil.rmtree(path)
        if content is None:
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, Link):
            path.symlink_to(os.path.relpath(folder / content.target, path.parent))
        else:
            path.write_bytes(content)
    return root


@dataclass(frozen=True)
class Run:
    """One `spm-site check` invocation, reduced to what `verify` looks at."""

    args: tuple[str, ...]
    exit_code: int
    error: str | None  # the traceback of an exception that escaped the command
    stdout: str
    output: str  # stdout and stderr, interleaved

    @property
    def label(self) -> str:
        return "json" if "json" in self.args else "text"


class Hang(BaseException):
    """Raised in the main thread when a case runs longer than its time limit (not an Exception, so
    neither click nor spm-site can swallow it)."""


@contextlib.contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    def expire(signum: int, frame: Any) -> None:
        raise Hang(f"no answer after {seconds:g} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def invoke(runner: CliRunner, args: list[str]) -> Run:
    from spm_site.cli import cli

    was_enabled = gc.isenabled()
    try:
        result = runner.invoke(cli, args)
    finally:
        if was_enabled:  # `check` turns the collector off for its short process; ours lives on
            gc.enable()
    error = None
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        error = "".join(traceback.format_exception(*result.exc_info)) if result.exc_info else repr(result.exception)
    return Run(tuple(args), result.exit_code, error, result.stdout, result.output)


@dataclass
class Outcome:
    case: Case
    findings: list[dict] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)
    exit_codes: tuple[int, ...] = ()
    seconds: float = 0.0
    runs: list[Run] = field(default_factory=list)


def run_case(case: Case, pristine: Path, folder: Path, runner: CliRunner, timeout: float = 30) -> Outcome:
    """Materialise the case in `folder`, check it as JSON and as text, and verify both answers."""
    root = materialise(case, pristine, folder)
    outcome = Outcome(case)
    start = time.perf_counter()
    try:
        with time_limit(timeout):
            outcome.runs = [invoke(runner, ["check", str(root), "--format", fmt]) for fmt in ("json", "text")]
    except Hang as hang:
        outcome.failures.append(f"hang: {hang}")
        return outcome
    finally:
        outcome.seconds = time.perf_counter() - start
    outcome.exit_codes = tuple(run.exit_code for run in outcome.runs)
    outcome.findings, outcome.failures = verify(root, *outcome.runs)
    return outcome


# --- what every answer must look like -------------------------------------------------------------

FINDING_LINE = re.compile(r"^[^\s].*:\d+:\d+: (error|warning|info)\[[^\]]+\]: ")
QUOTE_LINE = re.compile(r"^  +\d+ \| ")
CARET_LINE = re.compile(r"^ {7}\| *\^$")
HELP_LINE = re.compile(r"^  help: ")
#: Where to read more, the last line of every finding; a waived finding's reason.
SEE_LINE = re.compile(r"^  see: spm-site explain [A-Za-z0-9-]+$")
REASON_LINE = re.compile(r"^  reason: ")
#: A finding accepted on purpose: listed after the open findings, with its reason, failing nothing.
WAIVED_LINE = re.compile(r"^[^\s].*:\d+:\d+: waived\[[^\]]+\]: ")
SUMMARY_LINE = re.compile(r"^(No problems found\.|Found \d+ \w+(, \d+ \w+)*\.)"
                          r"( \d+ findings? waived with a reason\.)?$")


def verify(root: Path, json_run: Run, text_run: Run) -> tuple[list[dict], list[str]]:
    """(findings, failures): every way the two answers break what any input must give."""
    failures = [*_run_failures(json_run), *_run_failures(text_run)]
    if json_run.exit_code != text_run.exit_code:
        failures.append(f"json exits {json_run.exit_code} but text exits {text_run.exit_code}")
    if json_run.error is not None or json_run.exit_code == 2:
        return [], failures
    findings, found = _json_findings(json_run.stdout)
    failures += found
    for finding in findings:
        failures += _location_failures(root, finding) + _message_failures(finding)
    if text_run.error is None and text_run.exit_code != 2 and not found:
        failures += _text_failures(text_run.output, findings)
    return findings, failures


def _run_failures(run: Run) -> list[str]:
    failures = []
    if run.exit_code not in (0, 1, 2):
        failures.append(f"{run.label}: exit code {run.exit_code}")
    if run.error is not None:
        failures.append(f"{run.label}: exception escaped:\n{run.error}")
    elif "Traceback (most recent call last)" in run.output:
        failures.append(f"{run.label}: a traceback in the output")
    if CANARY in run.output:
        line = next(line for line in run.output.splitlines() if CANARY in line)
        failures.append(f"{run.label}: shows text of a file outside the framework: {line[:120]!r}")
    return failures


def _json_findings(stdout: str) -> tuple[list[dict], list[str]]:
    try:
        findings = json.loads(stdout)
    except ValueError as exc:
        return [], [f"json: output is not JSON ({exc}): {stdout[:200]!r}"]
    if not isinstance(findings, list) or not all(isinstance(f, dict) for f in findings):
        return [], [f"json: not a list of findings: {stdout[:200]!r}"]
    return findings, []


def _location_failures(root: Path, finding: dict) -> list[str]:
    """A finding must point into a file of the framework, at a line and column that exist."""
    file, line, col = finding.get("file"), finding.get("line"), finding.get("column")
    where = f"{file}:{line}:{col} [{finding.get('rule')}]"
    if not isinstance(file, str) or not isinstance(line, int) or not isinstance(col, int) or line < 1 or col < 1:
        return [f"{where}: not a location"]
    if file == "mkdocs.yml":
        return []
    path = Path(os.path.normpath(Path.cwd() / file))
    if path != root and root not in path.parents:
        return [f"{where}: not in the framework folder {root}"]
    if not os.path.lexists(path):
        missing_ok = finding.get("rule") == "missing-file" and (line, col) == (1, 1)
        return [] if missing_ok else [f"{where}: the file does not exist"]
    if not path.is_file():  # a folder, or a link to nothing: there is no line to point at
        return [] if (line, col) == (1, 1) else [f"{where}: a line and column in something that is not a file"]
    text = path.read_bytes().decode("utf-8", errors="replace")
    if line > len(text.splitlines()) + 1:
        return [f"{where}: line {line} is past the end of the file ({len(text.splitlines())} lines)"]
    widest = max((len(part) for part in re.split(r"\r\n|[\r\n\x85\u2028\u2029]", text)), default=0)
    if col > widest + 1:
        return [f"{where}: column {col} is past the end of every line (the longest has {widest} characters)"]
    return []


#: Characters that break a line, move the cursor or reorder what follows them on screen.
_LINE_BREAKERS = "\u2028\u2029\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"


def _raw_controls(text: str) -> list[str]:
    return sorted({f"U+{ord(ch):04X}" for ch in text if unicodedata.category(ch) == "Cc" or ch in _LINE_BREAKERS})


def _message_failures(finding: dict) -> list[str]:
    """Messages are one line of ours: author text in them has its control and bidirectional characters escaped."""
    failures = []
    for part in ("message", "hint"):
        controls = _raw_controls(finding.get(part) or "")
        if controls:
            failures.append(f"{finding['file']}:{finding['line']} [{finding['rule']}]: raw {', '.join(controls)} in "
                            f"its {part}: {finding[part][:120]!r}")
    return failures


def _after_path(finding: dict) -> str:
    label = f"{finding['code']} {finding['rule']}" if finding.get("code") else finding["rule"]
    return f":{finding['line']}:{finding['column']}: {finding['severity']}[{label}]: {finding['message']}"


def finding_line(finding: dict) -> str:
    """The text format's first line for a finding of the JSON format (whose path is not escaped)."""
    return finding["file"] + _after_path(finding)


def _text_failures(output: str, findings: list[dict]) -> list[str]:
    """Every line of the text output has one of its shapes and no raw control, and its finding lines are
    the JSON findings (the text format may escape the path: it is compared from the line number on)."""
    lines = output.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    failures = []
    headers = []
    findings = [f for f in findings if not f.get("waived")]  # the JSON lists waived findings among the others
    for number, line in enumerate(lines, 1):
        if FINDING_LINE.match(line):
            headers.append(line)
        elif not (QUOTE_LINE.match(line) or CARET_LINE.match(line) or HELP_LINE.match(line) or SEE_LINE.match(line)
                  or WAIVED_LINE.match(line) or REASON_LINE.match(line)
                  or (number == len(lines) and SUMMARY_LINE.match(line))):
            failures.append(f"text: line {number} has no known shape: {line[:160]!r}")
        if _raw_controls(line):
            failures.append(f"text: raw {', '.join(_raw_controls(line))} in line {number}: {line[:160]!r}")
    wrong = [i for i, (line, f) in enumerate(zip(headers, findings))
             if not line.endswith(_after_path(f)) or len(line) == len(_after_path(f))]
    if len(headers) != len(findings) or wrong:
        first = wrong[0] if wrong else min(len(headers), len(findings))
        failures.append(f"text: {len(headers)} finding lines for {len(findings)} JSON findings; first difference at "
                        f"#{first + 1}: {headers[first:first + 1]!r} vs {findings[first:first + 1]!r}")
    return failures[:5]


def report(outcome: Outcome) -> str:
    """What a failing case did and what went wrong, for a test's message or a failure file."""
    parts = [f"case {outcome.case.name}:", *(f"  {step}" for step in outcome.case.steps),
             f"files changed: {', '.join(outcome.case.files) or 'none'}", "failures:",
             *(f"  - {failure}" for failure in outcome.failures)]
    return "\n".join(parts)


# --- the bench run --------------------------------------------------------------------------------


def save_failure(outcome: Outcome, pristine: Path) -> Path:
    """bench/out/fuzz/<case>/: the mutated framework, the canary files and failure.md."""
    folder = OUT / outcome.case.name
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    materialise(outcome.case, pristine, folder)
    outputs = "\n".join(f"## {run.label} (exit {run.exit_code})\n\n```text\n{run.output[:20_000]}\n```\n"
                        for run in outcome.runs)
    (folder / "failure.md").write_text(
        f"# fuzz case {outcome.case.name}\n\n```text\n{report(outcome)}\n```\n\n"
        f"Reproduce: `spm-site check {folder.relative_to(REPO)}/framework` or "
        f"`python -m bench.fuzz --case {outcome.case.seed}:{outcome.case.index}`\n\n{outputs}", encoding="utf-8")
    return folder


def _summary(outcomes: list[Outcome], seconds: float, saved: list[Path]) -> str:
    rules = Counter(f["code"] or f["rule"] for o in outcomes for f in o.findings)
    codes = Counter(o.exit_codes for o in outcomes)
    slowest = max(outcomes, key=lambda o: o.seconds)
    lines = [f"{len(outcomes)} cases in {seconds:.1f} s ({len(outcomes) / seconds:.1f} cases/s), "
             f"{sum(len(o.findings) for o in outcomes)} findings, {len(saved)} failing cases",
             "exit codes (json, text): " + ", ".join(f"{k}: {v}" for k, v in sorted(codes.items())),
             "findings by rule: " + ", ".join(f"{k} {v}" for k, v in rules.most_common()),
             f"slowest case: {slowest.case.name} ({slowest.seconds:.2f} s): {'; '.join(slowest.case.steps)[:200]}"]
    lines += [f"FAILED {path.relative_to(REPO)}/failure.md" for path in saved]
    return "\n".join(lines)


def _run_one(sample: Sample, seed: int, index: int, timeout: float) -> None:
    case = make_case(sample, seed, index)
    with tempfile.TemporaryDirectory(prefix="spm-fuzz-") as tmp:
        pristine = pristine_copy(Path(tmp) / "pristine", sample)
        outcome = run_case(case, pristine, Path(tmp) / "case", CliRunner(), timeout)
        print(report(outcome) if outcome.failures else f"case {case.name}: ok\n" + "\n".join(case.steps))
        for run in outcome.runs:
            print(f"--- {run.label} (exit {run.exit_code})\n{run.output[:5000]}")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.fuzz", description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=2000, help="number of cases (default 2000)")
    parser.add_argument("--seed", type=int, default=0, help="which series of cases (default 0)")
    parser.add_argument("--budget", type=float, default=900, help="stop after this many seconds (default 900)")
    parser.add_argument("--timeout", type=float, default=30, help="a case that takes longer is a hang (default 30)")
    parser.add_argument("--case", help="SEED:INDEX: run that one case and print its outputs")
    args = parser.parse_args(argv)
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    sample = Sample.read()
    if args.case:
        seed, index = (int(part) for part in args.case.split(":"))
        return _run_one(sample, seed, index, args.timeout)
    shutil.rmtree(OUT, ignore_errors=True)
    outcomes: list[Outcome] = []
    saved: list[Path] = []
    start = time.perf_counter()
    runner = CliRunner()
    with tempfile.TemporaryDirectory(prefix="spm-fuzz-") as tmp:
        pristine = pristine_copy(Path(tmp) / "pristine", sample)
        baseline = invoke(runner, ["check", str(pristine), "--format", "json"])  # also imports: not a case's time
        print(f"the unchanged sample: exit {baseline.exit_code}, {len(json.loads(baseline.stdout or '[]'))} findings")
        for case in cases(sample, args.seed, args.runs):
            if time.perf_counter() - start > args.budget:
                print(f"time budget of {args.budget:g} s spent after {len(outcomes)} cases")
                break
            folder = Path(tmp) / case.name
            outcome = run_case(case, pristine, folder, runner, args.timeout)
            outcome.runs = outcome.runs if outcome.failures else []  # keep memory flat over thousands
            outcomes.append(outcome)
            if outcome.failures:
                saved.append(save_failure(outcome, pristine))
            shutil.rmtree(folder)
            if len(outcomes) % 250 == 0:
                print(f"  {len(outcomes)} cases, {len(saved)} failing, {time.perf_counter() - start:.0f} s", flush=True)
    print(_summary(outcomes, time.perf_counter() - start, saved))
    sys.exit(1 if saved else 0)


if __name__ == "__main__":
    main()
