"""Whether an article's evidence sentence states what a brief sentence states: the check behind each citation.

Reads plain strings (a brief sentence, the cited article's evidence sentences
of the claims that sentence carries); returns a verdict (``states``). The claims stage aligns
sentences that share a fact; a brief sentence usually says more than that
fact (a figure, a name, a second clause), so an article is cited for the whole
sentence only where its own evidence says as much:

* **figures**: every figure of the brief sentence is in the evidence
  ("3:30 a.m." is not stated by "3:33 a.m.", "100,000 supporters" not by
  "28,000 attendees", "three life sentences" not by "a life sentence");
* **quotations**: every quotation of the brief sentence is in the evidence word
  for word (a quotation is someone's words: another wording is another quote);
* **content**: the evidence holds at least ``recall`` of the brief sentence's
  content words (stemmed; a shared five-letter prefix counts, for spelling
  variants: Zelenski / Zelensky). Weighting the words by their rarity in the
  story was tried and is no better on the labelled citations.

Nothing here reads the similarity the ``bench briefs`` evaluator uses: the
check is on the claim evidence, word by word, and it is stricter on figures.
"""

from __future__ import annotations

import re
from typing import Iterable

from ..features.text import content_words, fold, words

# Number words a figure may be written as ("two hours" / "2 hours", "Sixty-five per cent" / "65 %").
# "one", "first" and "second" are left out: they are pronouns and ordinary words far more often
# than figures ("one of them", "for the first time", "a second attempt").
_UNITS = {
    w: n
    for n, w in enumerate(
        "zero _ two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
        "sixteen seventeen eighteen nineteen".split()
    )
    if w != "_"
}
_TENS = {w: 10 * n for n, w in enumerate("_ _ twenty thirty forty fifty sixty seventy eighty ninety".split()) if n >= 2}
_ORDINALS = {
    w: n
    for n, w in enumerate(
        "_ _ _ third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth".split()
    )
    if w != "_"
}
_NUMBER_WORDS = {**_UNITS, **_TENS, **_ORDINALS}
# Reporting verbs name the act of telling, not what is told ("..., Zelensky has revealed" /
# "Zelensky said ..."): the speaker's name stays a content word, the verb does not count.
# (said, says, told, according are features.text stop words already.)
_REPORTING = frozenset(
    "add added adds announce announced announces confirm confirmed confirms explain explained explains "
    "note noted notes report reported reports reporting reveal revealed reveals state stated states "
    "write wrote writes written".split()
)
_DIGITS = re.compile(r"\d+(?:[.,]\d+)*")
# A quotation: straight or curly marks, or a straight opening mark closed by two apostrophes
# as tokenised copy (ECB+) prints it ("mother vessel '').
_QUOTATION = re.compile(r"[\"“]([^\"“”]*?)(?:[\"”]|'')")
_NOT_ALNUM = re.compile(r"[\W_]+")
_SUFFIXES = ("ing", "ed", "es", "s", "ly", "e")


def _number(token: str) -> str:
    """A figure without thousands separators or leading zeros ("11,000" -> "11000", "06" -> "6", "6.10" -> "6.1")."""
    if "," in token and all(len(p) == 3 for p in token.split(",")[1:]):
        token = token.replace(",", "")
    token = token.replace(",", ".")
    if "." in token:
        token = token.rstrip("0").rstrip(".")
    return token.lstrip("0") or "0"


def figures(text: str) -> frozenset[str]:
    """The figures a text states: digit runs ("2,302", "6.1", "3:30" -> 3 and 30, "£88m" -> 88) and
    number words ("two", "sixty-five", "sixth")."""
    out: set[str] = set()
    for w in words(text):
        f = fold(w)
        if any(c.isdigit() for c in f):
            out.update(_number(d) for d in _DIGITS.findall(f))
            continue
        parts = f.split("-")
        if len(parts) == 2 and parts[0] in _TENS and parts[1] in _UNITS:
            out.add(str(_TENS[parts[0]] + _UNITS[parts[1]]))
        else:
            out.update(str(_NUMBER_WORDS[p]) for p in parts if p in _NUMBER_WORDS)
    return frozenset(out)


def quotations(text: str) -> list[str]:
    """The quoted words of a text, folded, letters and digits only ("It ' s" and "It's" read alike)."""
    out = []
    for m in _QUOTATION.finditer(text):
        q = _NOT_ALNUM.sub("", fold(m.group(1)))
        if q:
            out.append(q)
    return out


def _stem(word: str) -> str:
    for suffix in _SUFFIXES:
        if len(word) > len(suffix) + 3 and word.endswith(suffix):
            return word[: -len(suffix)]
    return word


def content(text: str) -> frozenset[str]:
    """Stemmed content words, figures and number words aside (``figures`` checks those), reporting verbs left out."""
    return frozenset(
        _stem(w)
        for w in content_words(text)
        if not any(c.isdigit() for c in w) and w not in _NUMBER_WORDS and w not in _REPORTING
    )


def _found(word: str, pool: frozenset[str]) -> bool:
    """In the pool, or sharing its first five letters with a pool word (Zelenski / Zelensky, rescuers / rescued)."""
    return word in pool or (len(word) >= 5 and any(p[:5] == word[:5] for p in pool))


def content_recall(text: str, evidence: Iterable[str]) -> float:
    """Share of ``text``'s content words found in the evidence sentences (1 when it has none)."""
    mine = content(text)
    if not mine:
        return 1.0
    pool = frozenset().union(*(content(e) for e in evidence))
    return sum(_found(w, pool) for w in mine) / len(mine)


def states(text: str, evidence: Iterable[str], recall: float) -> bool:
    """Whether the evidence sentences state ``text``: all its figures, its quotations word for word,
    and ``recall`` of its content words."""
    evidence = list(evidence)
    if not evidence:
        return False
    if figures(text) - frozenset().union(*(figures(e) for e in evidence)):
        return False
    said = [_NOT_ALNUM.sub("", fold(e)) for e in evidence]
    if any(not any(q in e for e in said) for q in quotations(text)):
        return False
    return content_recall(text, evidence) >= recall
