"""Build ``Article`` records for tests without the clean stage: a tiny sentence splitter."""

from __future__ import annotations

import re

from corroborate.model import Article, Quality, Sentence

_SPLIT = re.compile(r"\n+|(?<=[.!?])[\"”’)]?\s+(?=[\"“‘(]?[A-Z0-9])")


def sentences(text: str) -> tuple[Sentence, ...]:
    out = []
    pos = 0
    for m in list(_SPLIT.finditer(text)) + [None]:
        end = m.end() if m else len(text)
        piece_end = m.start() if m else len(text)
        chunk = text[pos:piece_end]
        stripped = chunk.strip()
        if stripped:
            start = pos + chunk.index(stripped)
            # keep a closing quote that the lookbehind left in the gap
            stop = start + len(stripped)
            while stop < end and text[stop] in "\"”’)":
                stop += 1
            out.append(Sentence(len(out), text[start:stop], start, stop))
        pos = end
    return tuple(out)


def article(
    id: str, text: str, *, published: str | None = None, language: str | None = "en", quality: float = 1.0
) -> Article:
    return Article(
        id=id, text=text, sentences=sentences(text), published=published, language=language,
        quality=Quality(quality),
    )


import pytest  # noqa: E402


@pytest.fixture
def make_article():
    return article
