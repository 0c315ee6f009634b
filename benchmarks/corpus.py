"""A synthetic news corpus of any size, resampled from the labelled sets in ../shared/data.

``resample(n, seed)`` returns ``n`` records (id, title, text, event, published)
made from whole ECB+ and NewsWCL50 events. Copy 0 of each event keeps the
original texts; every further copy ``c`` is rewritten token by token with
mappings that are stable within the copy (a keyed hash of ``c`` and the
token), so its articles still tell one story among themselves:

* numbers get their digits shifted;
* names (capitalised tokens never seen lower-case in the corpus) become
  pseudo-names made of syllables;
* content words (lower-case non-stopwords, and their capitalised forms at
  sentence starts) are replaced, a ``share`` of them, by another word of the
  corpus vocabulary of about the same corpus frequency (a word of frequency
  rank ``r`` by one ranked within ``r +- max(16, r/4)``), so the idf profile
  (common words stay common, rare ones rare) is kept;
* stopwords, punctuation, word and sentence counts stay as they are.

So each copy is a distinct synthetic event of realistic size and structure
that shares part of its topic vocabulary with its look-alikes (as two
reports of two earthquakes do), instead of the same event duplicated.
Everything is deterministic for a given ``seed``.
"""

from __future__ import annotations

import hashlib
import json
import random
import re
from collections import Counter
from datetime import date
from functools import lru_cache
from pathlib import Path

from corroborate.features.text import STOPWORDS

DATA = Path(__file__).resolve().parents[1] / "../shared/data"
SOURCES = ("ecbplus/topics-1-35.jsonl", "newswcl50/events-0-6.jsonl")
SHARE = 0.5  # fraction of content-word types each copy replaces

_TOKEN = re.compile(r"[^\W_]+")
_SYLLABLES = [c + v for c in "bdfgklmnprstvz" for v in "aeiou"]


@lru_cache(maxsize=1)
def _events() -> tuple[tuple[str, tuple[dict, ...]], ...]:
    by: dict[str, list[dict]] = {}
    for name in SOURCES:
        with open(DATA / name, encoding="utf-8") as fh:
            for line in fh:
                r = json.loads(line)
                by.setdefault(f"{name.split('/')[0]}:{r['event']}", []).append(
                    {"id": str(r["id"]), "title": r.get("title"), "text": r["text"]}
                )
    return tuple(sorted((k, tuple(v)) for k, v in by.items()))


def _is_content(word: str) -> bool:
    return word.isalpha() and len(word) > 1 and word not in STOPWORDS


@lru_cache(maxsize=1)
def _vocabulary() -> tuple[tuple[str, ...], dict[str, int]]:
    """Lower-case content words of the whole corpus by falling frequency, and each word's rank."""
    counts: Counter[str] = Counter()
    for _, docs in _events():
        for d in docs:
            for text in (d["title"] or "", d["text"]):
                counts.update(t for t in _TOKEN.findall(text) if t.islower() and _is_content(t))
    words = tuple(sorted(counts, key=lambda w: (-counts[w], w)))
    return words, {w: r for r, w in enumerate(words)}


def _digest(copy: int, token: str) -> bytes:
    return hashlib.blake2b(f"{copy}\x00{token}".encode(), digest_size=8).digest()


def _word(copy: int, word: str, share: float) -> str:
    """``word`` (lower-case, in the vocabulary) or the word of similar frequency that replaces it in ``copy``."""
    vocab, rank = _vocabulary()
    h = _digest(copy, "w\x00" + word)
    if h[0] >= share * 256:
        return word
    r = rank[word]
    spread = max(16, r // 4)
    lo, hi = max(0, r - spread), min(len(vocab) - 1, r + spread)
    return vocab[lo + int.from_bytes(h[1:5], "little") % (hi - lo + 1)]


def _shape(word: str, like: str) -> str:
    if like.isupper() and len(like) > 1:
        return word.upper()
    return word.capitalize() if like[0].isupper() else word


def _rename(text: str, copy: int, share: float = SHARE) -> str:
    _, rank = _vocabulary()

    def sub(m: re.Match) -> str:
        tok = m.group()
        if tok[0].isdigit():
            h = _digest(copy, tok)
            return "".join(str((int(ch) + h[i % 8]) % 10) if ch.isdigit() else ch for i, ch in enumerate(tok))
        low = tok.lower()
        if low in rank:  # a content word (also capitalised at a sentence start)
            return _shape(_word(copy, low, share), tok)
        if tok[0].isupper() and len(tok) > 1 and low not in STOPWORDS and tok.isalpha():
            h = _digest(copy, low)
            word = "".join(_SYLLABLES[b % len(_SYLLABLES)] for b in h[: 2 + h[7] % 2])
            return word.upper() if tok.isupper() else word.capitalize()
        return tok

    return _TOKEN.sub(sub, text)


def resample(n: int, seed: int = 0, days: int = 365, share: float = SHARE) -> list[dict]:
    """``n`` records (id, title, text, event, published) of distinct synthetic events.

    Copy 0 keeps the original texts; later copies are rewritten by ``_rename``
    (``share``: fraction of content-word types replaced). Each event copy gets
    a random date within ``days`` (its articles spread over two days), as a
    real year of news would.
    """
    events = _events()
    rng = random.Random(seed)
    start = date(2020, 1, 1).toordinal()
    out: list[dict] = []
    copy = 0
    while len(out) < n:
        order = list(range(len(events)))
        rng.shuffle(order)
        for e in order:
            key, docs = events[e]
            day = start + rng.randrange(days)
            for d in docs:
                if len(out) >= n:
                    break
                out.append({
                    "id": f"{d['id']}#{copy}",
                    "title": _rename(d["title"], copy, share) if (d["title"] and copy) else d["title"],
                    "text": _rename(d["text"], copy, share) if copy else d["text"],
                    "event": f"{key}#{copy}",
                    "published": date.fromordinal(day + rng.randrange(2)).isoformat(),
                })
            if len(out) >= n:
                break
        copy += 1
    return out
