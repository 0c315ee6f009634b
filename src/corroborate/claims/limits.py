"""Work caps of the per-story stages, and the notes that name what a cap cut.

Claims, entities, attributions and the brief cost time that grows with an
article's sentences, names and cues; on hostile text (a run-on of 4,000
"said", thousands of names, a 1 MB sentence) that growth must stay linear.
Two caps bound it, both far above real news (see ``defaults.toml``):

    [limits] max_claim_chars          an article is read for claims up to this offset
    [attribution] max_sentence_words  a longer sentence gets no attribution

``for_claims`` cuts an article to the sentences within the first cap (a prefix
of its text, so every offset stays valid); ``notes`` states each cut in plain
words for the story's ``notes``. Both read only the settings passed in.
"""

from __future__ import annotations


import itertools
import re
from dataclasses import replace
from typing import Any, Mapping, Sequence

from ..model import Article, Sentence
from ..words import count

_WORD = re.compile(r"\S+")


def for_claims(article: Article, limits: Mapping[str, Any]) -> Article:
    """``article`` with only the sentences ending within ``[limits] max_claim_chars`` (itself when all do)."""
    cap = int(limits["max_claim_chars"])
    if len(article.text) <= cap:
        return article
    kept = tuple(s for s in article.sentences if s.end <= cap)
    end = kept[-1].end if kept else 0
    return replace(article, text=article.text[:end], sentences=kept)


def long_sentence(text: str, max_words: int) -> bool:
    """Whether ``text`` has more than ``max_words`` words (stops counting once over)."""
    return next(itertools.islice(_WORD.finditer(text), max_words, None), None) is not None


def sentence_skipped(sentence: Sentence, attribution: Mapping[str, Any]) -> bool:
    """Whether attribution skips ``sentence`` (over ``[attribution] max_sentence_words``)."""
    return long_sentence(sentence.text, int(attribution["max_sentence_words"]))


def notes(articles: Sequence[Article], settings: Mapping[str, Mapping[str, Any]]) -> tuple[str, ...]:
    """What the caps cut in these articles, one line per article and cap, in article order."""
    limits, attribution = settings["limits"], settings["attribution"]
    cap, max_words = int(limits["max_claim_chars"]), int(attribution["max_sentence_words"])
    out: list[str] = []
    for article in articles:
        if len(article.text) > cap:
            out.append(
                f"article {article.id}: {len(article.text):,} characters, over {cap:,} "
                f"(limits.max_claim_chars): claims read its first {cap:,} only"
            )
        cut = for_claims(article, limits)
        long_ids = [s.id for s in cut.sentences if sentence_skipped(s, attribution)]
        if long_ids:
            shown = ", ".join(str(i) for i in long_ids[:5]) + (", ..." if len(long_ids) > 5 else "")
            out.append(
                f"article {article.id}: {count(len(long_ids), 'sentence')} over {max_words} words "
                f"(attribution.max_sentence_words): attribution skipped (sentence {shown})"
            )
    return tuple(out)
