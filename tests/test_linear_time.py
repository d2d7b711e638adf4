"""Label wrapping is linear in the label, and gives the same lines as the quadratic original.

No test here measures time: the work is counted (characters measured), so the tests are quick and
steady on a busy machine. `bench/wrap_complexity.py` times wrapping from 1 KB to 1 MB.
"""

from __future__ import annotations

import random
from collections.abc import Iterator

import pytest

from spm_site.site import diagram
from spm_site.site.diagram import COLUMNS, MAX_LINES, PAD_X, wrap

#: The widths the diagram wraps labels to (box width minus padding), and a few others.
WIDTHS = sorted({w - 2 * PAD_X - 4 for _, _, w in COLUMNS} | {3, 10, 30.5, 100, 152, 500})


def _reference_width(s: str) -> float:
    """The original measure: every call walks the whole string again."""
    return sum(diagram._char_width(c) for c in s) * diagram.FONT


def reference_wrap(label: str, width: float, max_lines: int = MAX_LINES) -> tuple[str, ...]:
    """The original, quadratic algorithm, kept as the definition of the right output."""
    lines: list[str] = []
    current = ""
    for word in label.split():
        trial = f"{current} {word}".strip()
        if _reference_width(trial) <= width or not current:
            current = trial
        else:
            lines.append(current)
            current = word
    if current:
        lines.append(current)
    if len(lines) > max_lines:
        last = " ".join(lines[max_lines - 1:])
        while last and _reference_width(last + "…") > width:
            last = last[:-1]
        lines = lines[: max_lines - 1] + [last.rstrip(" ,;:-") + "…"]
    return tuple(ln if _reference_width(ln) <= width else _reference_cut(ln, width) for ln in lines) or ("",)


def _reference_cut(line: str, width: float) -> str:
    while line and _reference_width(line + "…") > width:
        line = line[:-1]
    return line + "…"


ALPHABET = ("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
            "  ,.;:-'!()@%mwMWilféßÆ漢字…\t\n")


def random_labels(count: int, seed: int) -> Iterator[tuple[str, float, int]]:
    rng = random.Random(seed)
    for _ in range(count):
        size = rng.choice([0, 1, 2, 5, 12, 30, 60, 120, 400])
        label = "".join(rng.choice(ALPHABET) for _ in range(size))
        yield label, rng.choice(WIDTHS), rng.choice([1, 2, 3, 4])


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_the_linear_wrap_gives_the_same_lines_as_the_original(seed):
    """Widths are never a multiple of the font size, where the original's float sums could tip a tie."""
    assert all(w * 100 % diagram.FONT for w in WIDTHS)
    for label, width, max_lines in random_labels(300, seed):
        assert wrap.__wrapped__(label, width, max_lines) == reference_wrap(label, width, max_lines), (label, width)


@pytest.mark.parametrize("label", [
    "Start every quarter with three times coverage of qualified pipeline",
    "Net revenue retention (NRR), trailing twelve months, excluding one-off services",
    "Supercalifragilisticexpialidociousnessandthensomemorewithoutanyspace",
    "A", "", "   ", "Win rate", "Customer satisfaction – CSAT ≥ 4.5/5 in 90 % of surveys",
])
def test_names_like_the_samples_wrap_as_before(label):
    for width in WIDTHS:
        assert wrap.__wrapped__(label, width) == reference_wrap(label, width)


class Counter:
    """Counts the characters the diagram measures, by wrapping its one measuring routine."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.measured = 0
        original = diagram._advances

        def counting(s: str) -> Iterator[int]:
            for units in original(s):
                self.measured += 1
                yield units

        monkeypatch.setattr(diagram, "_advances", counting)


def _labels(size: int) -> dict[str, str]:
    """Hostile shapes of `size` characters: many words, one long word, words that each fill a line."""
    return {
        "words": ("Grow qualified pipeline " * size)[:size],
        "one word": "W" * size,
        "long words": (("m" * 40 + " ") * size)[:size],
        "spaces": "a" + " " * (size - 2) + "b",
        "punctuation": ("a, " * size)[:size],
    }


@pytest.mark.parametrize("shape", list(_labels(10)))
def test_each_character_is_measured_a_bounded_number_of_times(monkeypatch, shape):
    """The original measured a 20,000-character name's characters hundreds of millions of times."""
    counter = Counter(monkeypatch)
    for size in (2_000, 20_000):
        label = _labels(size)[shape]
        counter.measured = 0
        assert len(wrap.__wrapped__(label, 176)) <= MAX_LINES
        assert counter.measured <= 2 * size + 200, (shape, size, counter.measured)


def test_the_original_is_quadratic_so_the_counter_would_notice(monkeypatch):
    """The bound above fails for the reference algorithm: the test can tell the two apart."""
    measured = 0

    def counting(s: str) -> float:
        nonlocal measured
        measured += len(s)
        return sum(diagram._char_width(c) for c in s) * diagram.FONT

    monkeypatch.setitem(globals(), "_reference_width", counting)
    reference_wrap(_labels(4_000)["words"], 176)
    assert measured > 20 * 4_000


def test_a_megabyte_label_wraps_to_three_short_lines():
    lines = wrap.__wrapped__("Grow qualified pipeline " * 45_000, 176)
    assert len(lines) == MAX_LINES and lines[-1].endswith("…")
    assert all(len(line) < 60 for line in lines)
