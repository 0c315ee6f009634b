"""The clean stage: reads a RawDoc, returns an Article.

    RawDoc.text ──normalize──> paragraphs ──boilerplate──> kept text (+Removed)
        ──sentences──> Sentence(start, end) offsets into Article.text
        ──quality──> Quality(score, reasons);  meta ──> source / published
        ──language──> language (py3langid) when the input gave none
          (a value read from the text is listed in Article.inferred with its reason)

``Article.text`` is the normalised text with boilerplate paragraphs removed;
paragraphs are separated by a blank line and every offset refers to it.
The title is not part of the text and never a sentence.
"""

from __future__ import annotations

import hashlib
from typing import Any, Iterable, Iterator, Mapping

from ..model import Article, Quality, RawDoc, Removed
from .boilerplate import classify, strip_boilerplate
from .dates import parse_date
from .language import detect as detect_language, reason as language_reason
from .meta import text_metadata
from .normalize import normalize_inline, normalize_text
from .quality import score_quality
from .sentences import split_sentences

__all__ = [
    "clean",
    "clean_all",
    "classify",
    "content_hash",
    "normalize_text",
    "parse_date",
    "score_quality",
    "split_sentences",
    "strip_boilerplate",
]

_QUALITY_PREFIX = "quality_"


def content_hash(text: str) -> str:
    """sha256 hex of the whitespace-collapsed, case-folded text (exact-duplicate key)."""
    return hashlib.sha256(" ".join(text.casefold().split()).encode("utf-8")).hexdigest()


def _resolve(settings: Mapping[str, Any]) -> tuple[bool, int, dict[str, Any], float]:
    """(remove_boilerplate, trailing_window, score_quality keywords, language_min_confidence) of a ``[clean]`` section."""
    unknown = {k for k in settings if not k.startswith(_QUALITY_PREFIX)} - {"remove_boilerplate", "trailing_window", "language_min_confidence"}
    if unknown:
        raise TypeError(f"clean() got unknown setting(s): {', '.join(sorted(unknown))}")
    try:
        quality = {k[len(_QUALITY_PREFIX):]: v for k, v in settings.items() if k.startswith(_QUALITY_PREFIX)}
        return (bool(settings["remove_boilerplate"]), int(settings["trailing_window"]), quality,
                float(settings["language_min_confidence"]))
    except KeyError as exc:
        raise TypeError(f"clean() needs the whole [clean] section; missing {exc}") from None


def clean(raw: RawDoc, settings: Mapping[str, Any]) -> Article:
    """Normalise, strip boilerplate, split sentences and score one document.

    ``settings`` is the ``[clean]`` section of ``config.settings()`` (every key).
    """
    remove, window, quality_kw, min_language = _resolve(settings)
    title = normalize_inline(raw.title)
    paragraphs = normalize_text(raw.text).split("\n\n")
    if remove:
        kept, removed = strip_boilerplate(paragraphs, title, trailing_window=window)
    else:
        kept, removed = [p for p in paragraphs if p], []
    text = "\n\n".join(kept)
    if removed:
        starts = [0]
        for p in kept:
            starts.append(starts[-1] + len(p) + 2)
        starts[-1] = len(text)
        removed = [Removed(r.text, r.reason, starts[min(r.at, len(kept))] if r.at is not None else None) for r in removed]
    # an unreadable date is dropped, never stored as given (it would sort stories and reach reports)
    source, published = normalize_inline(raw.source), parse_date(raw.published)
    inferred: list[tuple[str, str]] = []  # (field, reason): given metadata is never marked
    if source is None or published is None:
        guesses = text_metadata(removed, text)
        if source is None and "source" in guesses:
            source = normalize_inline(guesses["source"][0])
            if source is not None:
                inferred.append(("source", guesses["source"][1]))
        if published is None and "published" in guesses:
            published = guesses["published"][0]
            inferred.append(("published", guesses["published"][1]))
    language = normalize_inline(raw.language)
    if language is None:  # a given language wins; a detected one is marked inferred, a doubtful one left out
        language, confidence = detect_language(text or title or "")
        if language is not None and confidence >= min_language:
            inferred.append(("language", language_reason(confidence)))
        else:
            language = None
    if text.strip():
        quality = score_quality(text, sum(len(r.text) for r in removed), **quality_kw)
    else:
        quality = Quality(0.0, ("no text left after cleaning",))
    return Article(
        id=raw.id,
        text=text,
        sentences=split_sentences(text),
        title=title,
        source=source,
        url=raw.url,
        published=published,
        language=language,
        removed=tuple(removed),
        quality=quality,
        origin=raw.origin,
        content_hash=content_hash(text),
        inferred=tuple(inferred),
        author=raw.author,
    )


def clean_all(raws: Iterable[RawDoc], settings: Mapping[str, Any]) -> Iterator[Article]:
    """``clean`` over a stream of documents (``settings``: the ``[clean]`` section)."""
    for raw in raws:
        yield clean(raw, settings)
