"""One vectorised tokenisation pass per text, shared by the feature stages: strings to interned ids.

Reads plain strings, returns numpy arrays. ``split`` finds the tokens of the
``features.text`` word pattern (letters and digits, joined by single inner
``' ’ . , -``) with numpy over the text's code points, and names each token
by an id of ``SURFACES``, a process-wide table of the distinct surface forms
seen so far. A token is looked up by a 64-bit polynomial hash of its code
points computed for all tokens at once (tokens over ``EXACT_OVER``
characters are looked up by their string instead), so no per-token string
is built: the only per-token Python work is one dictionary look-up, done in
C by ``map``. What a stage needs to know about a token (its folded form, its
story-feature index, its content-word id, ...) is a ``Table`` over the
vocabulary: computed in Python once per distinct surface, then gathered for
every token with one numpy indexing operation. Story features
(``features.vectors``), sentence vectors (``features.similarity``) and
provenance (``relate.provenance``) all read the same pass.

The ids are valid only until the next ``split`` (the vocabulary is emptied
between texts when it grows past its limit, so a long run's memory stays
bounded); callers use them at once and keep derived values, never ids, and
hold ``LOCK`` from the split to their last gather (threads share the tables).
Nothing here depends on the ids' values: the same text gives the same
features whatever was seen before it. ``tests/features/test_tokens.py``
checks that the tokens are exactly the regex's.
"""

from __future__ import annotations

import threading
from typing import Any, Callable, Sequence

import numpy as np

# Character classes, as bit flags per BMP code point (astral ones are classified one by one).
WORD, JOIN, BREAK, NEWLINE = 1, 2, 4, 8
_JOINERS = "'’.,-"
# Characters that end a sentence for the story features' name rule (``features.vectors``).
SENTENCE_END = ".!?:;\n\"“”'‘’—–-|()[]"


def _classify(chars: str) -> np.ndarray:
    """Class bits of each character: WORD is ``[^\\W_]`` of ``re`` (``str.isalnum``)."""
    n = len(chars)
    cls = np.fromiter(map(str.isalnum, chars), dtype=bool, count=n).astype(np.uint8)
    for bit, members in ((JOIN, _JOINERS), (BREAK, SENTENCE_END), (NEWLINE, "\n")):
        for ch in members:
            if ord(ch) < n:
                cls[ord(ch)] |= bit
    return cls


_CLASS = _classify("".join(map(chr, range(0x10000))))
_ASTRAL_CLASS: dict[int, int] = {}

# Powers of an odd 64-bit base and of its inverse (mod 2**64), grown as texts need.
_BASE = np.uint64(0x9E3779B97F4A7C15)
_BASE_INV = np.uint64(pow(int(_BASE), -1, 1 << 64))
_POWERS: list[np.ndarray] = [np.ones(1, dtype=np.uint64), np.ones(1, dtype=np.uint64)]
EXACT_OVER = 48  # longer tokens are looked up by their string (the hash is exact up to collisions)


def _powers(n: int) -> tuple[np.ndarray, np.ndarray]:
    if len(_POWERS[0]) < n:
        size = max(n, 2 * len(_POWERS[0]), 4096)
        for k, base in enumerate((_BASE, _BASE_INV)):
            factors = np.full(size, base, dtype=np.uint64)
            factors[0] = 1
            _POWERS[k] = np.cumprod(factors, dtype=np.uint64)  # wraps mod 2**64
    return _POWERS[0][:n], _POWERS[1][:n]


class Vocabulary:
    """Token keys interned to consecutive ids, their surface strings, and ``Table`` columns
    computed once per surface."""

    def __init__(self, limit: int):
        self.limit = limit
        self.ids: dict[Any, int] = {}
        self.strings: list[str] = []
        self.tables: list[Table] = []
        self.generation = 0

    def reset_if_large(self) -> None:
        """Forget every id (and every table's rows) when the vocabulary is past its limit."""
        if len(self.strings) > self.limit:
            self.ids.clear()
            self.strings.clear()
            for table in self.tables:
                table.clear()
            self.generation += 1


class Table:
    """Columns over a ``Vocabulary``: ``fn(surface)`` gives one row (a tuple, one value per
    column), computed the first time an id is gathered; ``gather(ids)`` returns each column
    at ``ids``."""

    def __init__(self, vocab: Vocabulary, fn: Callable[[str], tuple], dtypes: Sequence[Any]):
        self.vocab, self.fn = vocab, fn
        self.columns = [np.empty(1024, dtype=d) for d in dtypes]
        self.n = 0
        vocab.tables.append(self)

    def clear(self) -> None:
        self.n = 0

    def _extend(self) -> None:
        strings = self.vocab.strings
        new = len(strings)
        rows = [self.fn(s) for s in strings[self.n : new]]
        if len(self.columns[0]) < new:
            size = max(2 * len(self.columns[0]), new)
            grown = [np.empty(size, dtype=c.dtype) for c in self.columns]
            for g, c in zip(grown, self.columns):
                g[: self.n] = c[: self.n]
            self.columns = grown
        for k, column in enumerate(self.columns):
            column[self.n : new] = [row[k] for row in rows]
        self.n = new

    def gather(self, ids: np.ndarray) -> list[np.ndarray]:
        if self.n < len(self.vocab.strings):
            self._extend()
        return [c[ids] for c in self.columns]


# Held from a split to the last gather of its ids: the vocabulary and its tables are shared.
LOCK = threading.RLock()
# Distinct surface forms seen by this process (about 150 bytes each with their table rows).
SURFACES = Vocabulary(limit=300_000)


class Split:
    """A text's tokens: surface ids (``SURFACES``), (start, end) offsets, and the class
    bits of every character (``WORD``, ``JOIN``, ``BREAK``, ``NEWLINE``)."""

    __slots__ = ("text", "ids", "starts", "ends", "classes", "_counts")

    def __init__(self, text: str, ids: np.ndarray, starts: np.ndarray, ends: np.ndarray, classes: np.ndarray):
        self.text, self.ids, self.starts, self.ends, self.classes = text, ids, starts, ends, classes
        self._counts: dict[int, np.ndarray] = {}

    def __len__(self) -> int:
        return len(self.ids)

    def count_before(self, bit: int, offsets: np.ndarray) -> np.ndarray:
        """How many characters of class ``bit`` lie before each offset."""
        c = self._counts.get(bit)
        if c is None:
            c = self._counts[bit] = np.concatenate([[0], np.cumsum((self.classes & bit) != 0)])
        return c[offsets]

    def gap_has(self, bit: int) -> np.ndarray:
        """Per token: whether the text between the previous token (or the start) and it holds a ``bit`` character."""
        ends = np.concatenate([[0], self.ends[:-1]])
        return self.count_before(bit, self.starts) > self.count_before(bit, ends)


def split_many(texts: Sequence[str]) -> tuple[Split, np.ndarray, np.ndarray]:
    """Tokenise several texts in one pass: (their ``Split``, joined by line breaks; each
    text's start offset in it; the index of the text of each token). One call per batch
    keeps numpy's fixed cost per call off each text."""
    lengths = np.fromiter(map(len, texts), dtype=np.int64, count=len(texts))
    offsets = np.concatenate([[0], np.cumsum(lengths + 1)[:-1]]) if len(texts) else np.zeros(0, dtype=np.int64)
    sp = split("\n".join(texts))
    return sp, offsets, np.searchsorted(offsets, sp.starts, side="right") - 1


def split(text: str) -> Split:
    """Tokenise ``text`` once (the ``features.text`` word pattern), vectorised."""
    SURFACES.reset_if_large()
    cp = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    n = len(cp)
    if n and int(cp.max()) > 0xFFFF:
        cls = _CLASS[np.minimum(cp, 0xFFFF)]
        for i in np.flatnonzero(cp > 0xFFFF).tolist():
            c = int(cp[i])
            bits = _ASTRAL_CLASS.get(c)
            if bits is None:
                bits = _ASTRAL_CLASS[c] = WORD if chr(c).isalnum() else 0  # no joiner or break is astral
            cls[i] = bits
    else:
        cls = _CLASS[cp]
    # a token: a run of word characters and joiners that stand between two word characters
    word = (cls & WORD).astype(bool)
    inside = np.zeros(n + 2, dtype=bool)
    inside[1:-1] = word
    if n > 2:
        inside[2:-2] |= ((cls[1:-1] & JOIN) != 0) & word[:-2] & word[2:]
    edges = np.flatnonzero(inside[1:] != inside[:-1])
    starts, ends = edges[0::2], edges[1::2]
    if not len(starts):
        return Split(text, np.zeros(0, dtype=np.int64), starts, ends, cls)
    power, inverse = _powers(n + 1)
    with np.errstate(over="ignore"):
        acc = np.zeros(n + 1, dtype=np.uint64)
        np.cumsum(cp.astype(np.uint64) * power[1:], out=acc[1:])
        keys = ((acc[ends] - acc[starts]) * inverse[starts + 1]).tolist()
    long = np.flatnonzero(ends - starts > EXACT_OVER)
    for i in long.tolist():  # long tokens (hashes could be forced to collide): their string is the key
        keys[i] = text[starts[i] : ends[i]]
    table = SURFACES.ids
    got = list(map(table.get, keys))
    if None in got:
        strings = SURFACES.strings
        for i, v in enumerate(got):
            if v is None:
                key = keys[i]
                v = table.get(key)
                if v is None:
                    v = table[key] = len(strings)
                    strings.append(text[starts[i] : ends[i]])
                got[i] = v
    return Split(text, np.array(got, dtype=np.int64), starts, ends, cls)
