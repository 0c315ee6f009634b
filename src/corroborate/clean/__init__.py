"""The clean stage: reads a RawDoc, returns an Article.

    RawDoc.text ──normalize──> paragraphs ──boilerplate──> kept text (+Removed)
        ──sentences──> Sentence(start, end) offsets into Article.text
        ──quality──> Quality(score, reasons);  meta ──> source / published

``Article.text`` is the normalised text with boilerplate paragraphs removed;
paragraphs are separated by a blank line and every offset refers to it.
The title is not part of the text and never a sentence.
"""

from __future__ import annotations

import hashlib
from functools import lru_cache
from typing import Any, Iterable, Iterator

from .. import config
from ..model import Article, Quality, RawDoc, Removed
from .boilerplate import classify, strip_boilerplate
from .dates import parse_date
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


@lru_cache(maxsize=1)
def _defaults() -> dict[str, Any]:
    return dict(config.section("clean"))


@lru_cache(maxsize=1)
def _default_settings() -> tuple[bool, int, dict[str, Any]]:
    return _resolve({})


def _settings(overrides: dict[str, Any]) -> tuple[bool, int, dict[str, Any]]:
    return _resolve(overrides) if overrides else _default_settings()


def _resolve(overrides: dict[str, Any]) -> tuple[bool, int, dict[str, Any]]:
    merged = dict(_defaults())
    unknown = set(overrides) - set(merged)
    if unknown:
        raise TypeError(f"clean() got unknown setting(s): {', '.join(sorted(unknown))}")
    merged.update(overrides)
    quality = {k[len(_QUALITY_PREFIX):]: v for k, v in merged.items() if k.startswith(_QUALITY_PREFIX)}
    return bool(merged["remove_boilerplate"]), int(merged["trailing_window"]), quality


def clean(raw: RawDoc, **settings: Any) -> Article:
    """Normalise, strip boilerplate, split sentences and score one document.

    ``settings`` are the keys of ``[clean]`` in defaults.toml (any subset).
    """
    remove, window, quality_kw = _settings(settings)
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
    source, published = raw.source, parse_date(raw.published)
    if source is None or published is None:
        text_source, text_date = text_metadata(removed, text)
        source = source or text_source
        published = published or text_date
    if text.strip():
        quality = score_quality(text, sum(len(r.text) for r in removed), **quality_kw)
    else:
        quality = Quality(0.0, ("no text left after cleaning",))
    return Article(
        id=raw.id,
        text=text,
        sentences=split_sentences(text),
        title=title,
        source=normalize_inline(source),
        url=raw.url,
        published=published,
        language=raw.language,
        removed=tuple(removed),
        quality=quality,
        origin=raw.origin,
        content_hash=content_hash(text),
    )


def clean_all(raws: Iterable[RawDoc], **settings: Any) -> Iterator[Article]:
    """``clean`` over a stream of documents (settings resolved once per call)."""
    for raw in raws:
        yield clean(raw, **settings)
