"""Characters that can deceive a reader, and how spm-site shows or refuses them.

Three uses, one set of definitions:

- `escape` makes any text safe to print as part of one line of a finding: control characters,
  line breaks, bidirectional controls, zero-width and other invisible format characters become
  visible escapes (`\\n`, `\\u202e`), so author text can neither start a line of its own nor
  reorder the line it sits in.
- `forbidden_in_name` finds the characters a `name:` or `title:` may not hold. Bidirectional
  embeddings, overrides and isolates (U+202A-U+202E, U+2066-U+2069) reorder what a reader sees;
  zero-width spaces, word joiners, byte-order marks, soft hyphens and other invisible format
  characters make two names that look the same differ. Allowed, because real names need them:
  the zero-width non-joiner and joiner (U+200C, U+200D) between two visible characters (Persian,
  Hindi and other scripts that join letters; emoji sequences such as 👩‍💻), the left-to-right,
  right-to-left and Arabic letter marks (U+200E, U+200F, U+061C), which only set the direction
  of the punctuation next to them in a name that mixes scripts, and the tag characters of an
  emoji flag sequence (🏴 followed by tags and U+E007F). Ids need no rule here: they are ASCII.
- `name_skeleton` and `id_skeleton` fold text to what a reader can tell apart, so that items
  whose names or ids look alike can be found by bucketing, in linear time.
"""

from __future__ import annotations

import re
import unicodedata

#: Bidirectional embeddings, overrides and isolates: they reorder the text that follows them.
BIDI_CONTROLS = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
#: Direction marks: invisible, but they only act like a letter of one direction.
DIRECTION_MARKS = "\u200e\u200f\u061c"
#: Joiners that scripts and emoji sequences need between two visible characters.
JOINERS = "\u200c\u200d"

#: Everything `escape` rewrites: C0 and C1 controls, DEL, line and paragraph separators, every
#: invisible format character (category Cf, which holds the bidi controls, marks and joiners),
#: and lone surrogates (undecodable bytes in a file name).
_UNSAFE = re.compile(
    "[\x00-\x1f\x7f-\x9f\u00ad\u061c\u115f\u1160\u180e\u200b-\u200f\u2028-\u202e\u2060-\u206f"
    "\u3164\ufe00-\ufe0f\ufeff\ufff9-\ufffb\ud800-\udfff\U000e0000-\U000e0fff]"
)
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}

#: An emoji flag sequence (black flag, tag letters, cancel tag): the only place tags are allowed.
_FLAG_SEQUENCE = re.compile("\U0001f3f4[\U000e0020-\U000e007e]+\U000e007f")
#: Invisible format characters a name may not hold, wherever they stand.
_FORBIDDEN = re.compile(
    "[\u00ad\u115f\u1160\u180e\u200b\u2028\u2029\u202a-\u202e\u2060-\u206f\u3164\ufeff\ufff9-\ufffb"
    "\U000e0000-\U000e0fff]"
)
#: Control characters: a name is one line of plain text (YAML's "\\n" escapes can put them in).
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f]")
#: A joiner is allowed only with a visible character on each side.
_LOOSE_JOINER = re.compile(f"(?:^|(?<=[\\s{JOINERS}]))[{JOINERS}]|[{JOINERS}](?=$|[\\s{JOINERS}])")


def _escape_one(match: re.Match[str]) -> str:
    char = match.group()
    if char in _NAMED:
        return _NAMED[char]
    code = ord(char)
    if code < 0x100:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


def escape(text: str) -> str:
    """`text` with every control, line break and invisible format character written as an escape."""
    if not _UNSAFE.search(text):
        return text
    return _UNSAFE.sub(_escape_one, text)


def char_name(char: str) -> str:
    """`U+202E (RIGHT-TO-LEFT OVERRIDE)`: how a finding names an invisible character."""
    name = unicodedata.name(char, "")
    return f"U+{ord(char):04X}" + (f" ({name})" if name else "")


def forbidden_in_name(text: str) -> tuple[int, str] | None:
    """The first character a name may not hold, with its index; None when the name is fine."""
    if text.isascii():
        found = _CONTROL.search(text)
    else:
        masked = _FLAG_SEQUENCE.sub(lambda m: "x" * len(m.group()), text)
        matches = (_CONTROL.search(masked), _FORBIDDEN.search(masked), _LOOSE_JOINER.search(masked))
        found = min((m for m in matches if m), key=lambda m: m.start(), default=None)
    return (found.start(), text[found.start()]) if found else None


_INVISIBLE = re.compile(f"[{BIDI_CONTROLS}{DIRECTION_MARKS}{JOINERS}\u200b\u2060\ufeff\u00ad]")


def name_skeleton(text: str) -> str:
    """A name folded as a reader sees it: compatibility forms, case, invisible characters and spacing."""
    folded = unicodedata.normalize("NFKC", _INVISIBLE.sub("", text)).casefold()
    return " ".join(folded.split())


#: Letters and digits, and pairs of letters, that read alike in most fonts.
_ID_CONFUSABLE_PAIRS = re.compile("rn|vv")
_ID_CONFUSABLE = str.maketrans({"0": "o", "1": "l", "i": "l"})


def id_skeleton(ident: str) -> str:
    """An id folded so that `wln-rate`, `win-rate` and `w1n-rate` meet: 0/o, 1/l/i, rn/m, vv/w."""
    paired = _ID_CONFUSABLE_PAIRS.sub(lambda m: "m" if m.group() == "rn" else "w", ident)
    return paired.translate(_ID_CONFUSABLE)
