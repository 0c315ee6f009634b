"""A synthetic news corpus of any size, resampled from the labelled sets in ../shared/data.

``resample(n, seed)`` returns ``n`` records (id, title, text, event, published) made from
whole ECB+ and NewsWCL50 events: each copy of an event renames its capitalised
tokens and numbers consistently (per copy, by a stable hash), so every copy is a
distinct synthetic event of realistic size, with the same topic vocabulary as
its look-alikes, instead of the same events duplicated.
"""

from __future__ import annotations

import hashlib
import json
import random
import re
from datetime import date
from functools import lru_cache
from pathlib import Path

DATA = Path(__file__).resolve().parents[1] / "../shared/data"
SOURCES = ("ecbplus/topics-1-35.jsonl", "newswcl50/events-0-6.jsonl")

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


def _digest(copy: int, token: str) -> bytes:
    return hashlib.blake2b(f"{copy}\x00{token}".encode(), digest_size=8).digest()


def _rename(text: str, copy: int) -> str:
    def sub(m: re.Match) -> str:
        tok = m.group()
        if tok[0].isdigit():
            h = _digest(copy, tok)
            return "".join(str((int(ch) + h[i % 8]) % 10) if ch.isdigit() else ch for i, ch in enumerate(tok))
        if tok[0].isupper() and len(tok) > 1:
            h = _digest(copy, tok.lower())
            word = "".join(_SYLLABLES[b % len(_SYLLABLES)] for b in h[: 2 + h[7] % 2])
            return word.upper() if tok.isupper() else word.capitalize()
        return tok

    return _TOKEN.sub(sub, text)


def resample(n: int, seed: int = 0, days: int = 365) -> list[dict]:
    """``n`` records (id, title, text, event, published) of distinct synthetic events.

    Copy 0 keeps the original texts. Each event copy gets a random date within
    ``days`` (its articles spread over two days), as a real year of news would.
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
                    "title": _rename(d["title"], copy) if (d["title"] and copy) else d["title"],
                    "text": _rename(d["text"], copy) if copy else d["text"],
                    "event": f"{key}#{copy}",
                    "published": date.fromordinal(day + rng.randrange(2)).isoformat(),
                })
            if len(out) >= n:
                break
        copy += 1
    return out
