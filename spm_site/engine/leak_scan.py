"""After a build for an audience, prove that nothing hidden from it is in the site.

The filter (`framework/audience`) keeps hidden items and fields away from the templates. This scan
does not trust it: it reads every file the build wrote, and every file and folder name, and looks
for the id, the name and the distinctive text of every `Hidden` record. A hit fails the build,
naming the item, the field, the text and the file; the previous site stays in place.

What a file is read as. Its bytes (a `.gz` file decompressed) are decoded the ways a reader, a
browser or the search could decode them: JSON and JavaScript escapes (`\\u00e9`, `\\/`, `\\n`), HTML
entities (decimal, hex and named, a few layers deep for `&amp;amp;`), URL escapes (`%20`), then
Unicode compatibility forms (NFKC: full-width letters, ligatures, no-break spaces) and case
(casefold). Soft hyphens, zero-width and other invisible characters are dropped. Every tag is a
word break in the text, so a name written across tags (`<b>Pilot</b> NPS`, the spans of syntax
highlighting) is still one phrase, and the inside of every tag (its attribute values: links,
titles) is read too, on its own. Everything that is neither a letter nor a digit (spaces, line
breaks, hyphens, dashes, quotes) separates words, as Material's search splits on spaces and
hyphens. A
hidden text is then a phrase of whole words: the id `pilot-nps` is found as `pilot nps`,
`Pilot&#8209;NPS` or `pilot%2Dnps`, and the id `nps` is not found inside `snpsx`. Attribute values,
scripts, comments, inline SVG and the search index are read like any other text.

What counts. Ids and names are always looked for, whatever their length, except a bare number.
Any other text (a formula, a pay band, a purpose) must be distinctive: at least `MIN_WORDS` words
with a letter and at least `MIN_CHARS` letters and digits. A text longer than `WINDOW` words is
looked for whole and in runs of `WINDOW` words, so a shortened or partly quoted copy is found too.
Nothing is looked for that the audience may see anyway: a phrase that occurs, as whole words, in a
visible author string, in spm-site's templates and page code, in the theme's templates or in the
model's field descriptions (the reference page) proves nothing when it appears in the site, so it
is left out. The organisation's own template overrides, `custom_dir`, hand-written pages and the
files in docs/ are not counted as visible: they are where a leak gets written.

What it cannot see. Bare numbers (a hidden target of 26 %) and short texts that are not ids or
names: only the filter protects those. A text that the audience also sees elsewhere: the filter
alone keeps it off the pages where it is hidden. A word split by a tag inside it (`Pi<b>lot</b>`)
reads as two words, and a text in an image is not text: files that are not UTF-8 text (images,
fonts) are not read at all.

Speed: files are normalised as bytes with C-level operations (one translation table, a few
regular expressions without callbacks), and all phrases are found in one pass per file by an
Aho-Corasick automaton (`ahocorasick_rs`), so the time grows with the size of the site, hardly
with the number of hidden texts. `python -m bench.leak_scan` measures it.
"""

from __future__ import annotations

import functools
import html
import re
import unicodedata
import zlib
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote_to_bytes

from ahocorasick_rs import BytesAhoCorasick

from ..characters import escape
from ..diagnostics import Diagnostic, Location, format_text
from ..framework.hidden import Hidden

#: Words in a run looked for in a long text; runs start every `STRIDE` words (and one ends the text),
#: so its beginning, its end and any copied stretch of WINDOW + STRIDE - 1 words hold a whole run.
WINDOW = 6
STRIDE = 6
#: A text that is not an id or a name needs this many letters and digits, in two words or more.
MIN_CHARS = 12
MIN_WORDS = 2
#: Leaks a report lists one by one; the rest are counted.
SHOWN = 20
#: A decompressed file larger than this is read up to the limit (a site's sitemap is far smaller).
MAX_INFLATED = 256 * 1024 * 1024

_PACKAGE = Path(__file__).resolve().parent.parent
#: spm-site's own page text: templates, the code that writes generated text, the model's field
#: descriptions (the reference page) and the default navigation.
PACKAGE_TEXTS = (*sorted((_PACKAGE / "site").rglob("*.j2")), *sorted((_PACKAGE / "site").rglob("*.py")),
                 *sorted((_PACKAGE / "locale").rglob("*.po")),  # the labels in every language
                 _PACKAGE / "framework" / "model.py", _PACKAGE / "engine" / "plugin.py")
#: Files of a theme folder whose text a page can show.
THEME_SUFFIXES = (".html", ".j2")


@dataclass(frozen=True)
class Leak:
    """A hidden text found in the built site."""

    hidden: Hidden
    text: str
    #: the file's path inside the site folder
    file: str
    #: True when the file's or folder's name holds the text, not its content
    in_name: bool = False

    def __str__(self) -> str:
        where = f"the name of {escape(self.file)}" if self.in_name else escape(self.file)
        return f"{self.hidden.label}: '{escape(self.text)}' is in {where}"


# --- normalising text ---------------------------------------------------------------------------
#: Lower-case ASCII letters and digits, and every byte of a multi-byte character, are word bytes;
#: every other byte separates words. NUL is kept: it joins the visible strings and ends a phrase.
_TABLE = bytes(c + 32 if 65 <= c <= 90 else c if (48 <= c <= 57 or 97 <= c <= 122 or c >= 128 or c == 0)
               else 32 for c in range(256))
_SPACES = re.compile(rb"  +")
#: A start or end tag: in the text a word break, its inside (name and attributes) read on its own.
_TAG = re.compile(rb"<([A-Za-z/][^>]*)>")
_JS_ESCAPE = re.compile(r"\\(?:u([0-9a-fA-F]{4})|x([0-9a-fA-F]{2})|(.))", re.S)
_JS_NAMED = {"n": "\n", "r": "\r", "t": "\t", "b": " ", "f": " ", "v": " ", "0": " "}
_SURROGATE = re.compile("[\ud800-\udfff]")
_ENTITY = re.compile(rb"&(?:#|[A-Za-z][A-Za-z0-9]*;?)")
_PERCENT = re.compile(rb"%[0-9A-Fa-f]{2}")
#: Every ASCII byte: deleting them leaves a file's non-ASCII characters, whole, to look at.
_ASCII = bytes(range(128))
#: A combining mark or a conjoining Hangul letter: NFKC joins it with the character before it.
_JOINING = re.compile("[\u0300-\u036f\u1100-\u11ff\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff"
                      "\ua960-\ua97f\ud7b0-\ud7ff\ufe20-\ufe2f]")
#: Invisible characters a reader never sees: soft hyphen, zero-width spaces and joiners, word
#: joiner, byte-order mark, bidirectional controls, variation selectors, tags, Mongolian and Hangul fillers.
_INVISIBLE = re.compile("[\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f\u202a-\u202e"
                        "\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0\U000e0000-\U000e0fff]")
#: After NFKC and casefold: a non-ASCII character that is not a letter, digit or mark separates words.
_NON_ASCII_SEPARATOR = re.compile(r"[^\x00-\x7f\w\u0300-\u036f]")


def _js_unescape(match: re.Match[str]) -> str:
    code = match.group(1) or match.group(2)
    if code:
        return chr(int(code, 16))
    char = match.group(3)
    return _JS_NAMED.get(char, char)


def _fold(text: str) -> str:
    """Non-ASCII text as the search and a reader compare it: invisibles dropped, NFKC, casefold,
    and what is not a letter or a digit (a dash, an arrow, a no-break space) a word break."""
    text = unicodedata.normalize("NFKC", _INVISIBLE.sub("", text)).casefold()
    return _NON_ASCII_SEPARATOR.sub(" ", unicodedata.normalize("NFKC", text))


@functools.lru_cache(maxsize=4096)
def _fold_bytes(sequence: bytes) -> bytes:
    return _fold(sequence.decode("utf-8", errors="replace")).encode("utf-8")


def _fold_non_ascii(data: bytes) -> bytes:
    """`data` with its non-ASCII characters folded, one by one.

    Non-ASCII characters are few in a page (an arrow, a pilcrow, a name), so they are found with
    C-level byte operations (deleting the ASCII bytes; splitting at each lead byte) and only they are
    folded; text that holds combining marks, or is not valid UTF-8, is folded as a whole.
    """
    found = data.translate(None, _ASCII)
    if not found:
        return data
    try:
        chars = set(found.decode("utf-8"))
    except UnicodeDecodeError:
        chars = {"\u0300"}  # not UTF-8 (an image): the whole-text path reads it with replacements
    if any(_JOINING.match(c) for c in chars):
        text = unicodedata.normalize("NFC", data.decode("utf-8", errors="replace"))
        return _fold(text).encode("utf-8")
    if all(_fold_bytes(c.encode("utf-8")) == c.encode("utf-8") for c in chars):
        return data
    for lead in sorted({b for b in found if b >= 0xC0}):
        width = 1 if lead < 0xE0 else 2 if lead < 0xF0 else 3  # its continuation bytes
        marker = bytes([lead])
        pieces = data.split(marker)
        out = [pieces[0]]
        for piece in pieces[1:]:
            out.append(_fold_bytes(marker + piece[:width]))
            out.append(piece[width:])
        data = b"".join(out)
    return data


def _decoded(data: bytes) -> bytes:
    """UTF-8 bytes with every escape a reader's software undoes undone, and non-ASCII text folded."""
    if b"\\" in data:
        text = _JS_ESCAPE.sub(_js_unescape, data.decode("utf-8", errors="replace"))
        if _SURROGATE.search(text):  # a pair of \\u escapes is one character beyond the BMP
            text = text.encode("utf-16", "surrogatepass").decode("utf-16", errors="replace")
        data = text.encode("utf-8", errors="replace")
    for _ in range(3):  # entities in URLs in entities: undo each layer, a few deep
        before = data
        if _ENTITY.search(data):
            data = html.unescape(data.decode("utf-8", errors="replace")).encode("utf-8", errors="replace")
        if _PERCENT.search(data):
            data = unquote_to_bytes(data)
        if data == before:
            break
    return _fold_non_ascii(data)


def normalise(data: bytes) -> bytes:
    """Words separated by single spaces, lower case, with a space at each end: how every file,
    every hidden text and every visible text is compared.

    Markup is read twice over, nothing lost: the text as a reader reads it, each tag a word break
    (so `<b>Pilot</b> NPS` and `<span class="n">Pilot</span> NPS` are one phrase), then the inside
    of each tag on its own (attribute values: links, titles), NUL between them so that no phrase
    runs from the text into a tag or from one tag into the next.
    """
    data = _decoded(data)
    if b"<" in data:
        parts = _TAG.split(data)  # text, a tag's inside, text, ...: one pass
        if len(parts) > 1:
            data = b" ".join(parts[0::2]) + b" \x00 " + b" \x00 ".join(parts[1::2])
    return b" " + _SPACES.sub(b" ", data.translate(_TABLE)).strip(b" ") + b" "


def words(text: str) -> str:
    """`text` normalised, as readable words: what is looked for, and what a report shows."""
    return normalise(text.encode("utf-8", errors="replace")).decode("utf-8", errors="replace").strip()


# --- what is looked for -------------------------------------------------------------------------
@dataclass
class _Needle:
    """One phrase to look for, and each hidden record it stands for with the text it came from."""

    phrase: bytes
    owners: list[tuple[Hidden, str]]


def _distinctive(phrase_words: list[bytes]) -> bool:
    """Long enough to mean something on its own: not a bare number or a short common word."""
    return (sum(map(len, phrase_words)) >= MIN_CHARS
            and sum(not w.isdigit() for w in phrase_words) >= MIN_WORDS)


def _runs(phrase_words: list[bytes]) -> Iterator[list[bytes]]:
    """A long text's runs of WINDOW words: from the start every STRIDE words, and the last ones."""
    last = len(phrase_words) - WINDOW
    starts = sorted({*range(0, last + 1, STRIDE), last})
    for start in starts:
        yield phrase_words[start:start + WINDOW]


def _entries(record: Hidden) -> list[tuple[str, bool]]:
    """(text, whether it is an id or a name) for everything a record hides.

    A whole item hides its id and its texts; the first text that is not the id is its name. A
    field hides its texts only: the item itself is visible.
    """
    entries: list[tuple[str, bool]] = []
    if record.field is None:
        entries.append((record.item_id, True))
    named = record.field is not None
    for text in record.texts:
        is_id = text == record.item_id
        entries.append((text, is_id or not named))
        named = named or not is_id
    return entries


def _phrases(phrase_words: list[bytes], always: bool) -> Iterator[bytes]:
    """The phrases a text is looked for as: an id, a name or a distinctive text whole and, when it
    is longer than WINDOW words, in runs of WINDOW words too. Never a bare number."""
    if not phrase_words or all(w.isdigit() for w in phrase_words):
        return  # a bare number: only the filter can protect it
    if always or _distinctive(phrase_words):
        yield b" ".join(phrase_words)
    if len(phrase_words) > WINDOW:
        for run in _runs(phrase_words):
            if _distinctive(run):
                yield b" ".join(run)


def normalise_each(texts: Sequence[str]) -> list[bytes]:
    """Many texts normalised, each as `normalise` would."""
    return [b" " + part + b" " for part in _normalise_many(
        [t.encode("utf-8", errors="replace") for t in texts])]


def _normalise_many(chunks: Sequence[bytes]) -> list[bytes]:
    """Chunks normalised (without the spaces at the ends) in one pass, since each pass has a fixed
    cost: NUL keeps them apart. A chunk that makes a NUL of its own (`\\u0000`) is done alone."""
    if not chunks:
        return []
    parts = normalise(b"\x00".join(chunks)).split(b"\x00")
    if len(parts) != len(chunks) or any(b"\x00" in c for c in chunks):
        parts = [normalise(c) for c in chunks]
    return [part.strip(b" ") for part in parts]


class Needles:
    """The phrases to look for in one site, minus those the audience may see anyway."""

    def __init__(self, hidden: Sequence[Hidden], visible: Iterable[str]) -> None:
        entries = [(record, text, always) for record in hidden for text, always in _entries(record)]
        normalised = normalise_each([text for _, text, _ in entries])
        found: dict[bytes, _Needle] = {}
        owned: set[tuple[bytes, int]] = set()  # a phrase is reported once per record, by its first text
        for (record, text, always), text_words in zip(entries, normalised):
            for phrase in _phrases(text_words.split(), always):
                needle = found.setdefault(phrase, _Needle(phrase, []))
                if (phrase, id(record)) not in owned:
                    owned.add((phrase, id(record)))
                    needle.owners.append((record, text))
        # One automaton: built once, it is first run over everything visible, and what it finds there
        # is ignored from then on (a second automaton without them would cost more to build).
        self.automaton = _Automaton(found.values())
        if found:
            # One pass over all of it: NUL ends a phrase, so none runs from one string into the next.
            corpus = normalise(b" \x00 ".join(v.encode("utf-8", errors="replace") for v in visible))
            for needle in self.automaton.find(corpus):
                del found[needle.phrase]
            self.automaton.ignored = {i for i, n in enumerate(self.automaton.needles) if n.phrase not in found}
        #: what the site is searched for, by phrase
        self.needles = found

    def __bool__(self) -> bool:
        return bool(self.needles)

    def find(self, normalised: bytes) -> Iterator[_Needle]:
        """Each needle found in a normalised text, once."""
        return self.automaton.find(normalised)


class _Automaton:
    """Space-bounded phrases (whole words only), all found in one pass over a text."""

    def __init__(self, needles: Iterable[_Needle]) -> None:
        self.needles = list(needles)
        self.search = BytesAhoCorasick([b" " + n.phrase + b" " for n in self.needles]) if self.needles else None
        #: indexes of needles no longer looked for (the audience sees them anyway)
        self.ignored: set[int] = set()

    def find(self, normalised: bytes) -> Iterator[_Needle]:
        """Each needle in a normalised text, once. Overlapping matches count: phrases share spaces."""
        if self.search is None:
            return
        found = {m[0] for m in self.search.find_matches_as_indexes(normalised, overlapping=True)}
        for index in sorted(found - self.ignored):
            yield self.needles[index]


# --- the scan -----------------------------------------------------------------------------------
def scan_for_leaks(site_dir: Path, hidden: Sequence[Hidden], visible: Iterable[str]) -> list[Leak]:
    """Every hidden text found in the site in `site_dir`, in its files or their names, in a stable order."""
    needles = Needles(hidden, visible)
    if not needles:
        return []
    leaks: dict[tuple, Leak] = {}

    def add(found: Iterable[_Needle], rel: str, in_name: bool) -> None:
        by_record: dict[int, list[tuple[bytes, Hidden, str]]] = {}
        for needle in found:
            for record, text in needle.owners:
                by_record.setdefault(id(record), []).append((needle.phrase, record, text))
        for hits in by_record.values():
            for phrase, record, text in hits:
                # A phrase inside a longer one of the same record (the id within the name): one leak.
                if not any(other != phrase and f" {phrase.decode('latin-1')} " in f" {other.decode('latin-1')} "
                           for other, _, _ in hits):
                    leaks.setdefault((record.label, text, rel, in_name), Leak(record, text, rel, in_name))

    for path in sorted(site_dir.rglob("*")):
        rel = path.relative_to(site_dir).as_posix()
        name = unquote_to_bytes(path.name.encode("utf-8", errors="surrogateescape"))
        add(needles.find(normalise(name)), rel, True)
        if path.is_file() and not path.is_symlink():
            content = read_content(path)
            if is_text(content):
                add(needles.find(normalise(content)), rel, False)
    return sorted(leaks.values(), key=lambda k: (k.file, k.in_name, k.hidden.label, k.text))


def read_content(path: Path) -> bytes:
    """A file's bytes as a reader's software gets them: a gzip file (the sitemap) decompressed."""
    data = path.read_bytes()
    if data[:2] == b"\x1f\x8b" or path.suffix.lower() == ".gz":
        try:
            inflater = zlib.decompressobj(wbits=16 + zlib.MAX_WBITS)
            return inflater.decompress(data, MAX_INFLATED)
        except zlib.error:
            return data  # not gzip after all: read as it is
    return data


def is_text(content: bytes) -> bool:
    """Whether a reader could see the file as text: it decodes as UTF-8. An image or a font is read
    as bytes by no reader, and its bytes hold short ids by chance (`g1` in a PNG): not a leak."""
    try:
        content.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def report(leaks: list[Leak]) -> str:
    """One located line per leak: where the hidden thing is written, what it is, the text and the file."""
    shown = [Diagnostic(leak.hidden.where or Location(leak.file), "leak", f"{leak}, which this audience may not see")
             for leak in leaks[:SHOWN]]
    lines = [f"the built site shows {len(leaks)} hidden text{'s' * (len(leaks) != 1)}:",
             format_text(shown, quote_source=False, summary=False)]
    if len(leaks) > SHOWN:
        lines.append(f"... and {len(leaks) - SHOWN} more")
    lines.append("help: the filter left these out, so a template override, a hand-written page or a "
                 "file in docs/ put them there; remove them (spm-site explain leak)")
    return "\n".join(lines)


# --- what the audience may see ------------------------------------------------------------------


def theme_texts(theme_dirs: Iterable[Path]) -> tuple[str, ...]:
    """The literal text of spm-site's templates and page code, and of the theme's templates
    (Material's, with its translations): what every audience's pages are made of. The theme's own
    folders only: an organisation's `custom_dir` and template overrides are not counted."""
    return _theme_texts(tuple(Path(d).resolve() for d in theme_dirs))


@functools.lru_cache(maxsize=8)
def _theme_texts(theme_dirs: tuple[Path, ...]) -> tuple[str, ...]:
    files = [*PACKAGE_TEXTS]
    for folder in theme_dirs:
        files.extend(p for p in sorted(folder.rglob("*")) if p.suffix in THEME_SUFFIXES and p.is_file())
    return tuple(file.read_text(encoding="utf-8", errors="replace") for file in files)
