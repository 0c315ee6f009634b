"""Polarity and modality of a statement: what two tellings of one fact must share.

"Iran has nuclear weapons" and "Iran does not have nuclear weapons" share
every content word and state opposite facts; "the ministry will publish the
list" is a plan, "the ministry published the list" a report. A claim's
members must agree on both (``align`` never joins them), so a denial is never
counted as support for the assertion it denies.

``negated(text)`` is True when the clause's main assertion carries a
negation; ``modality(text)`` is ``asserted``, ``future`` (will, would,
plans to, is set to: a plan or prediction; reported speech shifts *will* to
*would*, so both are one class), ``possible`` (may, might, could) or
``obligation`` (must, should, has to): "Iran must never have nuclear
weapons" is no support for "Iran lied about never having a weapons program". Both
read only the words *outside* quotation marks when the clause has a quote
and an attribution around it ("“We will never give up,” he said" asserts
that he said it), and the quote's own words otherwise.

These are deliberately coarse, word-level signals: they separate, they
never raise a conflict (a denial beside an assertion is a story, not a
typo). Calibrated on the labelled pair sample (benchmarks/claim_alignment.py,
strata ``hard-polarity``): see ``[claims] polarity`` in defaults.toml.
"""

from __future__ import annotations

import re

from ..features.text import STOPWORDS, fold

_QUOTED = re.compile(r"[“\"«„][^”\"»“]*[”\"»]")
_NEGATION = re.compile(
    r"\b(?:not|no|never|none|nobody|nothing|neither|nor|cannot|without|"
    r"\w+n['’]t|den(?:y|ies|ied|ying)|reject(?:s|ed|ing)?|refus(?:e|es|ed|ing)|fail(?:s|ed)? to)\b",
    re.I,
)
# Negations that do not negate the assertion: "not only", "no doubt", "no later than", "nothing but".
_NOT_NEGATION = re.compile(
    r"\b(?:not only|not just|no doubt|no later than|no longer than|no more than|no fewer than|no less than|"
    r"nothing but|not least|if not|whether or not|no matter)\b",
    re.I,
)
_FUTURE = re.compile(
    r"\b(?:will(?!\s+(?-i:[A-Z]))|won['’]t|would|wouldn['’]t|shall|"
    r"(?:is|are|was|were|['’]re|['’]s|['’]m) (?:set|due|going|expected|scheduled|planning) to|"
    r"plans? to|planned to|intends? to|intended to|aims? to|vow(?:s|ed)? to|pledg(?:es|ed) to|promis(?:es|ed) to|"
    r"threaten(?:s|ed)? to)\b",
    re.I,
)
_OBLIGATION = re.compile(r"\b(?:must|mustn['’]t|should|shouldn['’]t|ought to|needs? to|ha(?:s|ve) to|had to)\b", re.I)
_POSSIBLE = re.compile(r"\b(?:may|might|could|couldn['’]t|possibly|perhaps|likely|unlikely|reportedly|allegedly)\b", re.I)


def _asserted_part(text: str) -> str:
    """The words outside quotation marks, when enough of them remain to assert something."""
    outside = _QUOTED.sub(" ", text)
    return outside if len(outside.split()) >= 4 else text


def negated(text: str) -> bool:
    """Does the clause's assertion carry a negation (see module docstring)?"""
    part = _NOT_NEGATION.sub(" ", _asserted_part(text))
    return bool(_NEGATION.search(part))


def modality(text: str) -> str:
    """``asserted``, ``future``, ``possible`` or ``obligation`` (see module docstring)."""
    part = _asserted_part(text)
    if _POSSIBLE.search(part):
        return "possible"
    if _OBLIGATION.search(part):
        return "obligation"
    if _FUTURE.search(part):
        return "future"
    return "asserted"


_CLASSES = (("negated", _NEGATION), ("possible", _POSSIBLE), ("obligation", _OBLIGATION), ("future", _FUTURE))
_CLAUSE_END = re.compile(r"[,;:.?!—–()“”\"«»]")
_WORD = re.compile(r"[^\W\d_][\w'’-]*", re.UNICODE)


def stem(word: str) -> str:
    """A crude stem ("visited" / "visit", "weapons" / "weapon"): the scope test only asks whether
    the other sentence has the word too."""
    w = fold(word)
    for suffix in ("ing", "ed", "es", "s"):
        if w.endswith(suffix) and len(w) - len(suffix) >= 3:
            w = w[: -len(suffix)]
            break
    return w[:5]


def content_stems(text: str) -> frozenset[str]:
    """Stems of the content words of ``text`` (what two sentences can share)."""
    return frozenset(stem(w) for w in _WORD.findall(text) if fold(w) not in STOPWORDS)


def scoped_cues(text: str, shared: frozenset[str] | set[str], scope: int) -> set[str]:
    """The cue classes (``negated``, ``possible``, ``obligation``, ``future``) of ``text`` whose
    scope, the next ``scope`` content words of the clause after the cue, holds a word of ``shared``:
    a cue on the content two sentences share. "Iran must never have nuclear weapons" / "Iran lied
    about never having a nuclear weapons program": *must* governs "nuclear weapons", which both
    say, so the first is an obligation the second does not state; "Hargrove (knee) ... all sat out"
    / "... did not participate in team drills": *not* governs words the first does not have, so the
    negation tells nothing about what both say."""
    part = _NOT_NEGATION.sub(lambda m: " " * len(m.group(0)), text)
    found: set[str] = set()
    for name, pattern in _CLASSES:
        for m in pattern.finditer(part):
            rest = part[m.end() : m.end() + 160]
            cut = _CLAUSE_END.search(rest)
            words = [w for w in _WORD.findall(rest[: cut.start()] if cut else rest) if fold(w) not in STOPWORDS]
            if any(stem(w) in shared for w in words[:scope]):
                found.add(name)
                break
    return found


def shared_cues(a: str, b: str, scope: int) -> tuple[set[str], set[str]]:
    """The scoped cue classes of two sentences over the content words they share (see ``scoped_cues``)."""
    shared = content_stems(a) & content_stems(b)
    return scoped_cues(a, shared, scope), scoped_cues(b, shared, scope)


def modality_of(cues: set[str]) -> str:
    """The modality class a set of scoped cues gives (``possible`` before ``obligation`` before ``future``)."""
    return next((c for c in ("possible", "obligation", "future") if c in cues), "asserted")


__all__ = ["negated", "modality", "stem", "shared_cues", "modality_of", "content_stems", "scoped_cues"]
