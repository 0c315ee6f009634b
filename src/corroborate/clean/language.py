"""Language identification of an article's text: ``detect(text) -> (code, confidence)``.

py3langid (a numpy port of langid.py: 97 languages, its model inside the 4.6 MB wheel,
nothing is downloaded at run time) scores the text's byte n-grams; its normalised
probability is the confidence. Cleaning stores the code as ``Article.language`` only
when the input gave none and the confidence reaches ``[clean] language_min_confidence``,
and lists it in ``Article.inferred`` with the reason ``reason(confidence)`` words.

Store-free and stateless apart from the identifier, loaded once on first use.
"""

from __future__ import annotations

import threading

from ..language_names import language_name

__all__ = ["LIBRARY", "detect", "language_name", "reason"]

LIBRARY = "py3langid"
# langid's byte n-gram features saturate long before a whole article: on MEANTIME
# en/es/it, ECB+ and NewsWCL50 (1,167 texts) the first 1,000 characters give the
# whole text's answer every time, at about half the cost of 3,000 (0.7 vs 1.3 ms).
_MAX_CHARS = 1000
_lock = threading.Lock()
_identifier = None


def _load():
    global _identifier
    if _identifier is None:
        with _lock:
            if _identifier is None:
                from py3langid.langid import MODEL_FILE, LanguageIdentifier

                _identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    return _identifier


def detect(text: str) -> tuple[str | None, float]:
    """(ISO 639-1 code, confidence 0..1) of ``text``; (None, 0.0) when it has no letters."""
    sample = text[:_MAX_CHARS]
    if not any(ch.isalpha() for ch in sample):
        return None, 0.0
    code, prob = _load().classify(sample)
    return str(code), float(prob)


def reason(confidence: float) -> str:
    """The reason listed in ``Article.inferred`` for a detected language."""
    return f"detected from the text ({LIBRARY}, confidence {confidence:.2f})"
