"""Read framework YAML as authors wrote it: text stays text, and every value keeps its place.

PyYAML's own constructors apply YAML 1.1 typing (`no` becomes False, `010` becomes 8) and keep
the last of two duplicate keys. We let libyaml compose the node tree (fast, located errors) and
build plain Python values ourselves: every scalar is a `str`; only the model decides whether a
field is a number, a date or a boolean. Mappings and sequences remember where each value stood.
"""

from __future__ import annotations

import errno
import os
import re
import stat
from dataclasses import dataclass
from pathlib import Path

import yaml

from ..diagnostics import Diagnostic, Location
from .limits import Limits

try:  # libyaml is several times faster; the pure-Python parser is the fallback.
    from yaml._yaml import CParser as _Parser
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml.parser import Parser as _Parser  # type: ignore[assignment]
from yaml.composer import Composer

Mark = tuple[int, int]  # 1-based (line, column)

MAX_DEPTH = 40
_SPACES_THEN_HASH = re.compile(r"[ \t]*#")
_NULLS = frozenset({"", "~", "null", "Null", "NULL"})


class LocDict(dict):
    """A mapping that knows where it and each of its values stand in the file."""

    __slots__ = ("file", "mark", "marks", "key_marks")

    def __init__(self, file: str, mark: Mark) -> None:
        super().__init__()
        self.file = file
        self.mark = mark
        self.marks: dict[str, Mark] = {}
        self.key_marks: dict[str, Mark] = {}


class LocList(list):
    """A sequence that knows where it and each of its items stand in the file."""

    __slots__ = ("file", "mark", "marks")

    def __init__(self, file: str, mark: Mark) -> None:
        super().__init__()
        self.file = file
        self.mark = mark
        self.marks: list[Mark] = []


#: The tag every node gets unless the author wrote one: any other tag on a node was written.
_UNTAGGED = "tag:spm-site,2026:untagged"


class _NodeLoader(_Parser, Composer):  # type: ignore[misc, valid-type]
    """libyaml parser and composer with no tag resolution: we never use YAML's implicit types.

    Nodes the author did not tag get `_UNTAGGED`, so that an explicit tag, even `!!str`, shows.
    """

    def __init__(self, stream: str) -> None:
        _Parser.__init__(self, stream)
        if not hasattr(_Parser, "get_single_node"):  # pure-Python fallback needs the composer
            Composer.__init__(self)

    def resolve(self, kind, value, implicit):  # noqa: ANN001 - PyYAML's signature
        return _UNTAGGED

    def descend_resolver(self, current_node, current_index):  # noqa: ANN001
        pass

    def ascend_resolver(self):
        pass


@dataclass
class SourceFile:
    """One YAML file read into located data (None when it could not be read).

    `text` is the file as it was read (undecodable bytes replaced), for quoting in findings;
    None when nothing was read.
    """

    path: Path
    display: str
    data: LocDict | None
    text: str | None = None


def _mark(m) -> Mark:  # noqa: ANN001 - a yaml Mark
    return (m.line + 1, m.column + 1)


def _offset_to_mark(raw: bytes, offset: int) -> Mark:
    """(line, column) of byte `offset`, the column counted in characters as editors do."""
    line = raw.count(b"\n", 0, offset) + 1
    start = raw.rfind(b"\n", 0, offset) + 1
    before = raw[start:offset].decode("utf-8", errors="replace")  # valid up to offset: the first bad byte
    if start == 0:
        before = before.removeprefix("\ufeff")  # the byte-order mark is invisible in editors
    return line, len(before) + 1


class _Reader:
    """Turns one file's node tree into LocDict/LocList/str, collecting every problem."""

    def __init__(self, display: str, text: str) -> None:
        self.display = display
        self.text = text
        self.problems: list[Diagnostic] = []
        #: Whether a ' #' occurs at all: most files have none, and skip the check.
        self.may_cut = " #" in text or "\t#" in text

    def error(self, mark: Mark, rule: str, message: str, hint: str | None = None) -> None:
        self.problems.append(Diagnostic(Location(self.display, *mark), rule, message, hint=hint))

    def value(self, node, depth: int = 0):  # noqa: ANN001 - a yaml Node
        if node.tag != _UNTAGGED:
            self.check_tag(node)
        if depth > MAX_DEPTH:
            self.error(_mark(node.start_mark), "too-deep", f"values are nested more than {MAX_DEPTH} levels deep",
                       "a framework file never needs this much nesting; check the indentation")
            return None
        if isinstance(node, yaml.ScalarNode):
            return self.scalar(node)
        if isinstance(node, yaml.MappingNode):
            return self.mapping(node, depth)
        return self.sequence(node, depth)

    def scalar(self, node) -> str | None:  # noqa: ANN001
        plain = not node.style
        if plain:
            self.check_cut_comment(node)
            if node.value in _NULLS:
                return None
        return node.value

    def check_tag(self, node) -> None:  # noqa: ANN001
        """`!secret`, `!!binary`, `!include`: spm-site gives tags no meaning, so none may pass unseen."""
        tag = node.tag.replace("tag:yaml.org,2002:", "!!")
        self.error(_mark(node.start_mark), "yaml-tag",
                   f"the YAML tag '{tag}' is not allowed: spm-site reads every value as plain text",
                   "delete the tag and write the plain value; the field decides whether it is text, a number or a date")

    def check_cut_comment(self, node) -> None:  # noqa: ANN001
        """`title: Lead #1 priority` loads as 'Lead': YAML reads ' #' as the start of a comment."""
        if not self.may_cut:
            return
        text = self.text
        found = _SPACES_THEN_HASH.match(text, node.end_mark.index)
        i = found.end() - 1 if found else -1
        if found and (i == 0 or text[i - 1] in " \t"):
            kept = f"'{node.value}'" if node.value else "nothing"
            self.error(
                (node.end_mark.line + 1, i - text.rfind("\n", 0, i)),
                "comment-cuts-value",
                f"everything from ' #' to the end of the line is a YAML comment, so this value is {kept}",
                "if '#' belongs to the text, put the whole value in double quotes; "
                "to keep a comment, move it to a line of its own",
            )

    def mapping(self, node, depth: int) -> LocDict:  # noqa: ANN001
        out = LocDict(self.display, _mark(node.start_mark))
        first = out.key_marks
        for key_node, value_node in node.value:
            key_mark = _mark(key_node.start_mark)
            if key_node.tag != _UNTAGGED:
                self.check_tag(key_node)
            if not isinstance(key_node, yaml.ScalarNode):
                self.error(key_mark, "bad-key", "a key must be a plain word, not a list or a mapping")
                continue
            key = key_node.value
            if key in first:
                line = first[key][0]
                self.error(
                    key_mark,
                    "duplicate-key",
                    f"key '{key}' appears twice in this mapping (first on line {line}); "
                    "YAML would silently keep only the last one",
                    "merge the two entries or delete one of them",
                )
                continue
            first[key] = key_mark
            out[key] = self.value(value_node, depth + 1)
            out.marks[key] = _mark(value_node.start_mark)
        return out

    def sequence(self, node, depth: int) -> LocList:  # noqa: ANN001
        out = LocList(self.display, _mark(node.start_mark))
        for item in node.value:
            out.append(self.value(item, depth + 1))
            out.marks.append(_mark(item.start_mark))
        return out


_ANCHOR_HINT = (
    "spm-site does not accept YAML anchors (&name) or aliases (*name): write the value out in full, "
    "so every file reads on its own"
)


def _anchors_and_aliases(reader: _Reader) -> bool:
    """Report every anchor and alias; they are refused before any tree is built (alias bombs)."""
    found = False
    for event in yaml.parse(reader.text, Loader=yaml.CSafeLoader if yaml.__with_libyaml__ else yaml.SafeLoader):
        if isinstance(event, yaml.AliasEvent):
            reader.error(_mark(event.start_mark), "anchor-alias", f"alias '*{event.anchor}' is not allowed", _ANCHOR_HINT)
            found = True
        elif getattr(event, "anchor", None):
            reader.error(_mark(event.start_mark), "anchor-alias", f"anchor '&{event.anchor}' is not allowed", _ANCHOR_HINT)
            found = True
    return found


def _syntax_error(reader: _Reader, exc: yaml.MarkedYAMLError) -> None:
    mark = exc.problem_mark or exc.context_mark
    where = _mark(mark) if mark else (1, 1)
    text = reader.text
    if mark is not None:
        line_start = text.rfind("\n", 0, mark.index) + 1
        line_end = text.find("\n", mark.index)
        line = text[line_start : line_end if line_end >= 0 else len(text)]
        indent = line[: len(line) - len(line.lstrip(" \t"))]
        if "\t" in indent or (mark.index < len(text) and text[mark.index] == "\t"):
            col = (line.index("\t") + 1) if "\t" in line else where[1]
            reader.error((where[0], col), "tab", "this line uses a tab character where YAML needs spaces",
                         "replace the tab with spaces (web editors often insert tabs when you press Tab)")
            return
    problem = exc.problem or "the file is not valid YAML"
    if "another document" in problem:
        reader.error(where, "yaml-syntax", "the file holds more than one YAML document (a second '---' line)",
                     "keep one document per file: delete the '---' line or move what follows to a file of its own")
        return
    hint = "check the indentation and that every 'key: value' has a space after the colon"
    if mark is not None and mark.index < len(text) and text[mark.index] in "%@`":
        hint = f"a value that starts with '{text[mark.index]}' must be in double quotes, like \"{text[mark.index]}\""
    if exc.context and exc.context_mark and exc.problem_mark and exc.context_mark.line != exc.problem_mark.line:
        problem += f" {exc.context} that starts on line {exc.context_mark.line + 1}, column {exc.context_mark.column + 1}"
    reader.error(where, "yaml-syntax", f"YAML syntax error: {problem}", hint)


def _compose(reader: _Reader):  # noqa: ANN202 - a yaml Node or None
    """The file's node tree; None when it is empty or, after reporting why, cannot be read."""
    text = reader.text
    try:
        if ("&" in text or "*" in text) and _anchors_and_aliases(reader):
            return None
        loader = _NodeLoader(text)
        try:
            return loader.get_single_node()
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as exc:
        _syntax_error(reader, exc)
    except yaml.reader.ReaderError as exc:  # a character YAML does not allow anywhere
        at = exc.position
        reader.error((text.count("\n", 0, at) + 1, at - text.rfind("\n", 0, at)), "bad-character",
                     f"the character U+{exc.character:04X} is not allowed in YAML",
                     "delete it: invisible control characters often come along when text is pasted from elsewhere")
    except RecursionError:
        reader.error((1, 1), "too-deep", "values are nested too deeply to read")
    return None


def _problem(display: str, rule: str, message: str, hint: str) -> list[Diagnostic]:
    return [Diagnostic(Location(display), rule, message, hint=hint)]


def symlink_problem(display: str) -> Diagnostic:
    """The one finding for a symbolic link in the framework folder, wherever it is found."""
    return Diagnostic(Location(display), "symlink",
                      "this is a symbolic link; spm-site reads no file or folder through a link",
                      hint="replace the link with the file or folder itself (git stores links as links)")


def _read_regular_file(path: Path, display: str, limits: Limits) -> tuple[bytes | None, list[Diagnostic]]:
    """The bytes of `path` if it is a regular file, not a link, and not larger than the limit.

    Opened without following a link (O_NOFOLLOW) and without blocking (a named pipe would wait
    for a writer forever); the type and size come from the open file itself, so nothing can be
    swapped in between the check and the read, and no more than the limit is ever read.
    """
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    try:
        if path.is_symlink():  # also where the platform has no O_NOFOLLOW
            return None, [symlink_problem(display)]
        fd = os.open(path, flags)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return None, [symlink_problem(display)]
        return None, _problem(display, "unreadable-file", f"cannot read the file: {exc.strerror or exc}",
                              "check that the file exists and that you may read it")
    with os.fdopen(fd, "rb") as fh:
        info = os.fstat(fh.fileno())
        if not stat.S_ISREG(info.st_mode):
            return None, _problem(display, "not-a-file", "this is not a regular file (a folder, pipe or device)",
                                  "framework files are plain text files: replace it with one, or remove it")
        if info.st_size > limits.max_file_bytes:
            return None, [too_large(display, info.st_size, limits)]
        try:
            raw = fh.read(limits.max_file_bytes + 1)
        except OSError as exc:
            return None, _problem(display, "unreadable-file", f"cannot read the file: {exc.strerror or exc}",
                                  "check that the file exists and that you may read it")
    if len(raw) > limits.max_file_bytes:  # it grew while being read
        return None, [too_large(display, len(raw), limits)]
    return raw, []


def too_large(display: str, size: int, limits: Limits) -> Diagnostic:
    return Diagnostic(
        Location(display), "file-too-large",
        f"the file is {size / 1024:,.0f} KiB; the limit for one framework file is {limits.max_file_kb:,} KiB",
        hint="split it into several files (measures/ takes any number of group files), "
             "or raise 'limits: max_file_kb' in spm.yml")


def decode(raw: bytes, display: str) -> tuple[str | None, list[Diagnostic], str | None]:
    """The bytes as text, or a located error; and the text to quote in findings (also for bad UTF-8)."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        mark = _offset_to_mark(raw, exc.start)
        shown = raw.decode("utf-8", errors="replace").removeprefix("\ufeff")
        return None, [Diagnostic(Location(display, *mark), "encoding",
                                 f"byte 0x{raw[exc.start]:02x} is not valid UTF-8",
                                 hint="save the file as UTF-8 (most editors offer it under 'Save with encoding')")], shown
    text = text.removeprefix("\ufeff")
    return text, [], text


def load_file(path: Path, display: str, limits: Limits = Limits()) -> tuple[SourceFile, list[Diagnostic]]:
    """Read one YAML file from disk (a regular file, never through a link) into located data."""
    raw, problems = _read_regular_file(path, display, limits)
    if raw is None:
        return SourceFile(path, display, None, None), problems
    return load_bytes(path, display, raw, limits)


def load_bytes(path: Path, display: str, raw: bytes, limits: Limits = Limits()) -> tuple[SourceFile, list[Diagnostic]]:
    """Read one YAML file's bytes into located data, with every problem found in it.

    The bytes may come from anywhere: a file, or a git blob (`git show REV:path`), so that two
    versions of a framework load the same way. `path` is where the file lives in the framework.
    """
    if len(raw) > limits.max_file_bytes:
        return SourceFile(path, display, None, None), [too_large(display, len(raw), limits)]
    text, problems, shown = decode(raw, display)
    if text is None:
        return SourceFile(path, display, None, shown), problems
    reader = _Reader(display, text)
    node = _compose(reader)
    if reader.problems:
        return SourceFile(path, display, None, text), reader.problems
    if node is None:
        reader.error((1, 1), "empty-file", "the file is empty",
                     "add the content this file should hold, or delete the file")
        return SourceFile(path, display, None, text), reader.problems
    data = reader.value(node)
    if not isinstance(data, LocDict):
        hint = "the top level must be keys and values, one per line, like 'name: Account executive'"
        if isinstance(data, str) and re.search(r"^[ \t]*[\w-]+:\S", data, re.M):
            hint = "put a space after each colon: 'name: value', not 'name:value'"
        found = "a list" if isinstance(data, list) else "a single piece of text"
        reader.error(_mark(node.start_mark), "not-a-mapping", f"the file holds {found}, not keys and values", hint)
        return SourceFile(path, display, None, text), reader.problems
    return SourceFile(path, display, data, text), reader.problems
