"""Which steps work in which language: a registry, and the claims stage's gate.

``SUPPORTED`` maps an ISO 639-1 code to the steps tested on real text in it.
What was checked (tests/claims/test_languages.py, MEANTIME en/es/it: one text and
its human translations):

* ``sentences`` (clean/sentences.py): Spanish and Italian MEANTIME articles split
  into the same sentences as their English original.
* ``numbers`` (claims/quantities.py) and ``dates`` / ``weekdays`` (claims/temporal.py):
  English only. In Spanish and Italian the digits are found but "40.000 millones"
  reads as 40 (the thousands separator and the scale word are English-only), and
  "1 de marzo de 2008" / "1 marzo 2008" are not found as dates.
* ``quotes``, ``entities``, ``speakers`` and ``claims`` (claims/extract.py,
  entities.py, attribution.py, speakers.py): English cue words, titles and
  capitalisation rules; German or Spanish text yields wrong entities ("Angaben von
  Präsident ...", "Dienstag").

An article whose language is known and lacks a step the claims stage needs is left
out of the story's entities, statements and claims, and the story's notes say so for
that article (``language_notes``). An article of unknown language (none given, none
detected with confidence) is read as before, as English.
"""

from __future__ import annotations

from typing import Iterable, Sequence, TypeVar

from ..language_names import language_name

__all__ = ["CLAIM_STEPS", "STEPS", "SUPPORTED", "base_code", "missing_steps", "split_for_claims", "supports"]

STEPS = ("sentences", "numbers", "dates", "weekdays", "quotes", "entities", "speakers", "claims")

SUPPORTED: dict[str, frozenset[str]] = {
    "en": frozenset(STEPS),
    "es": frozenset({"sentences"}),
    "it": frozenset({"sentences"}),
}

# what claims/story.py runs on every article: all or nothing (statements need their
# entities and speakers; a quantity or date claim needs the English number/date readers)
CLAIM_STEPS = ("entities", "speakers", "claims", "numbers", "dates")

# how a step is named in a note ("... is not supported for speaker attribution")
_STEP_LABEL = {"entities": "entities", "speakers": "speaker attribution", "claims": "claim extraction",
               "numbers": "numbers", "dates": "dates", "weekdays": "weekdays", "quotes": "quotations",
               "sentences": "sentence splitting"}

A = TypeVar("A")


def base_code(language: str | None) -> str | None:
    """"en" for "en", "EN", "en-GB" or "en_US"; None for None or an empty value."""
    if not language or not language.strip():
        return None
    return language.strip().replace("_", "-").split("-")[0].lower() or None


def supports(language: str | None, step: str) -> bool:
    """Whether ``step`` works for text in ``language``; an unknown language (None) is read as English."""
    code = base_code(language)
    return code is None or step in SUPPORTED.get(code, frozenset())


def missing_steps(language: str | None, steps: Iterable[str] = CLAIM_STEPS) -> tuple[str, ...]:
    """The steps of ``steps`` that ``language`` does not support, in ``steps`` order."""
    return tuple(s for s in steps if not supports(language, s))


def _note(article_id: str, code: str, missing: Sequence[str]) -> str:
    labels = [_STEP_LABEL.get(s, s) for s in missing]
    listed = labels[0] if len(labels) == 1 else ", ".join(labels[:-1]) + " and " + labels[-1]
    return f"article {article_id}: claims not extracted: {language_name(code)} ({code}) is not supported for {listed}"


def split_for_claims(articles: Sequence[A]) -> tuple[list[A], tuple[str, ...]]:
    """(the articles the claims stage reads, one note per article it leaves out for its language).

    ``articles`` are ``model.Article`` (anything with ``id`` and ``language``)."""
    kept: list[A] = []
    notes: list[str] = []
    for a in articles:
        language = getattr(a, "language", None)
        missing = missing_steps(language)
        if missing:
            notes.append(_note(a.id, base_code(language) or "", missing))
        else:
            kept.append(a)
    return kept, tuple(notes)
