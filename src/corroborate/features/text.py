"""Tokens shared by every stage: words, content words, folded forms.

Reads plain strings, returns lists of strings. No state, no I/O.

``fold`` lower-cases and strips accents so that "Zelenskyy" and "ZELENSKYY",
"chargé" and "charge" compare equal; stages that need spelling variants to
meet (Zelenski / Zelensky) use character n-grams of folded words on top.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# Words: letters/digits with inner apostrophes, hyphens, dots or commas (3.5, 11,000, U.S.)
_WORD = re.compile(r"[^\W_]+(?:[\'’.,\-][^\W_]+)*", re.UNICODE)

# A compact English stop list (function words, auxiliaries, reporting filler).
# Kept small on purpose: content words decide every similarity downstream.
STOPWORDS = frozenset(
    """a about above after again against all also am an and any are aren't as at be because been before
    being below between both but by can could did do does doing down during each few for from further had
    has have having he her here hers herself him himself his how i if in into is it its itself just let me
    more most my myself no nor not now of off on once only or other our ours ourselves out over own same she
    should so some such than that the their theirs them themselves then there these they this those through
    to too under until up very was we were what when where which while who whom why will with would you your
    yours yourself yourselves said says say saying told tells according also however would could may might
    must shall one ones s t re ve ll d m o y mr mrs ms dr""".split()
)


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c)).replace("’", "'")


_fold_word = lru_cache(maxsize=200_000)(_fold)


def fold(word: str) -> str:
    """Lower-case, strip accents and typographic apostrophes.

    Words are memoised (the same few thousand recur everywhere); long strings
    (whole sentences or texts) are not, so the cache never pins articles in memory.
    """
    return _fold_word(word) if len(word) <= 64 else _fold(word)


def words(text: str) -> list[str]:
    """Surface word tokens, in order."""
    return _WORD.findall(text)


def word_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) character offsets of each word token."""
    return [m.span() for m in _WORD.finditer(text)]


def folded_words(text: str) -> list[str]:
    return [fold(w) for w in _WORD.findall(text)]


def content_words(text: str) -> list[str]:
    """Folded words minus stopwords and one-letter tokens."""
    out = []
    for w in _WORD.findall(text):
        f = fold(w)
        if len(f) > 1 and f not in STOPWORDS:
            out.append(f)
    return out


def is_number(token: str) -> bool:
    return any(c.isdigit() for c in token)


def char_ngrams(word: str, n: int = 3) -> list[str]:
    """Character n-grams of ``<word>`` (with boundary marks)."""
    padded = f"<{word}>"
    if len(padded) <= n:
        return [padded]
    return [padded[i : i + n] for i in range(len(padded) - n + 1)]
