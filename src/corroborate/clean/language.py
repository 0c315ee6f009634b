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

__all__ = ["LIBRARY", "detect", "language_name", "reason"]

LIBRARY = "py3langid"
# langid's byte n-gram features saturate long before a whole article: the first
# characters decide as well as all of them (MEANTIME/ECB+: same answers) at a
# fraction of the cost on long articles.
_MAX_CHARS = 3000
_lock = threading.Lock()
_identifier = None

# ISO 639-1 code -> English name, for the notes and reports ("Spanish (es)"); a code
# not listed is shown as itself.
_NAMES = {
    "af": "Afrikaans", "ar": "Arabic", "be": "Belarusian", "bg": "Bulgarian", "bn": "Bengali", "bs": "Bosnian",
    "ca": "Catalan", "cs": "Czech", "cy": "Welsh", "da": "Danish", "de": "German", "el": "Greek", "en": "English",
    "eo": "Esperanto", "es": "Spanish", "et": "Estonian", "eu": "Basque", "fa": "Persian", "fi": "Finnish",
    "fr": "French", "ga": "Irish", "gl": "Galician", "he": "Hebrew", "hi": "Hindi", "hr": "Croatian",
    "hu": "Hungarian", "hy": "Armenian", "id": "Indonesian", "is": "Icelandic", "it": "Italian", "ja": "Japanese",
    "ka": "Georgian", "kk": "Kazakh", "ko": "Korean", "lt": "Lithuanian", "lv": "Latvian", "mk": "Macedonian",
    "ms": "Malay", "mt": "Maltese", "nb": "Norwegian Bokmål", "nl": "Dutch", "nn": "Norwegian Nynorsk",
    "no": "Norwegian", "pl": "Polish", "pt": "Portuguese", "ro": "Romanian", "ru": "Russian", "sk": "Slovak",
    "sl": "Slovenian", "sq": "Albanian", "sr": "Serbian", "sv": "Swedish", "sw": "Swahili", "ta": "Tamil",
    "th": "Thai", "tl": "Tagalog", "tr": "Turkish", "uk": "Ukrainian", "ur": "Urdu", "vi": "Vietnamese",
    "zh": "Chinese",
}


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


def language_name(code: str) -> str:
    """"Spanish" for "es"; an unlisted code as itself."""
    return _NAMES.get(code, code)


def reason(confidence: float) -> str:
    """The reason listed in ``Article.inferred`` for a detected language."""
    return f"detected from the text ({LIBRARY}, confidence {confidence:.2f})"
