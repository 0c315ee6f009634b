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
    r"\b(?:will|won['’]t|would|wouldn['’]t|shall|(?:is|are|was|were) (?:set|due|going|expected|scheduled|planning) to|"
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


__all__ = ["negated", "modality"]
