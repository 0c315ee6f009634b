"""One record in, a RawDoc or a named Rejection out: the only gate every input passes.

    record (a JSON object as parsed, or the fields read from a txt/md/html file)
      ──validate_record──> RawDoc | Rejection(origin, "field 'title' holds ...")

Every route that turns outside data into a RawDoc calls ``validate_record``:
``read_inputs`` for files and folders (``.json``/``.jsonl`` records and the
fields of a txt/md/html file), and the web layer for records posted to it. It
never raises for a bad record, so one record cannot stop the others. It checks:

- the record is a JSON object with a non-empty ``text`` string (aliases in
  ``records.FIELDS``);
- each known field has the right JSON type: strings, or an integer for ``id``;
- no string holds a character that cannot be stored or hashed: a lone
  surrogate (``"\\ud800"`` is valid JSON but no Unicode text), NUL, or a
  Unicode non-character (U+FDD0..U+FDEF, U+xFFFE, U+xFFFF);
- ``text`` is within ``max_text_chars``, every other field within ``max_field_chars``;
- ``published``, when it reads as a date, falls within the years
  ``published_min_year``..``published_max_year``, and an ISO time's UTC offset
  is within ±18:00 (the range ISO 8601 and Python's ``datetime`` accept).

The id is the record's ``id``, else ``default_id`` (a file's stem), else
``ids.default_id`` (``sha1(text)[:16]``, with the URL's key hashed in when the record
has a URL); making it unique within a run is ``ids.IdRegistry``'s job.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Mapping

from ..clean.dates import parse_date
from ..model import RawDoc, Rejection
from .ids import default_id as id_from_text
from .text import split_headline
from .records import FIELDS, pick

#: Fields read besides ``text``, each with the JSON types it may hold.
_META: dict[str, tuple[type, ...]] = {
    "id": (str, int),
    "title": (str,),
    "url": (str,),
    "source": (str,),
    "published": (str,),
    "language": (str,),
    "author": (str,),
}
_NONCHARACTERS = "\ufdd0-\ufdef\ufffe\uffff" + "".join(
    f"{chr(plane * 0x10000 + 0xFFFE)}{chr(plane * 0x10000 + 0xFFFF)}" for plane in range(1, 17)
)
_INVALID = re.compile(f"[\x00\ud800-\udfff{_NONCHARACTERS}]")
# An ISO 8601 time with a UTC offset: "T10:00:00+05:30", "10:00Z" has none to check.
_OFFSET = re.compile(r"\d{1,2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?\s*([+-])(\d{2}):?(\d{2})\b")
_MAX_OFFSET_MINUTES = 18 * 60


@dataclass(frozen=True, slots=True)
class RecordRules:
    """The limits a record must keep (the ``[ingest]`` settings that concern one record)."""

    max_text_chars: int
    max_field_chars: int
    published_min_year: int
    published_max_year: int

    @classmethod
    def from_settings(cls, ingest: Mapping[str, Any]) -> "RecordRules":
        """From the ``[ingest]`` section of ``config.settings()``."""
        return cls(
            int(ingest["max_text_chars"]),
            int(ingest["max_field_chars"]),
            int(ingest["published_min_year"]),
            int(ingest["published_max_year"]),
        )


def validate_record(
    record: Any, origin: str, rules: RecordRules, *, fmt: str = "json", default_id: str | None = None
) -> RawDoc | Rejection:
    """``record`` as a RawDoc, or a Rejection naming ``origin``, the field and the reason.

    ``record``: a parsed JSON value (aliases as in ``records.FIELDS``; a
    ``{"name": ...}`` object for ``source`` is read as its name). Never raises.
    """
    try:
        return _validate(record, origin, rules, fmt, default_id)
    except RecursionError:
        return Rejection(origin, "record nested too deeply")
    except Exception as exc:  # noqa: BLE001 - a bad record is rejected alone, whatever it holds
        return Rejection(origin, f"record cannot be read: {type(exc).__name__}")


def _validate(record: Any, origin: str, rules: RecordRules, fmt: str, default_id: str | None) -> RawDoc | Rejection:
    if not isinstance(record, dict):
        return Rejection(origin, f"record is a JSON {json_type(record)}, not an object")
    text = pick(record, "text")
    if text is None:
        return Rejection(origin, "record has no text (expected a non-empty 'text' field)")
    if not isinstance(text, str):
        return Rejection(origin, f"field 'text' is a JSON {json_type(text)}, expected a string")
    if (why := invalid_character(text)) is not None:
        return Rejection(origin, f"field 'text' {why}")
    if not text.strip():
        return Rejection(origin, "record has no text (expected a non-empty 'text' field)")
    if len(text) > rules.max_text_chars:
        return Rejection(
            origin, f"text is {len(text):,} characters, over the {rules.max_text_chars:,} cap (ingest.max_text_chars)"
        )
    meta: dict[str, str | None] = {}
    for name, types in _META.items():
        value, why = _meta_field(pick(record, name), name, types, rules)
        if why is not None:
            return Rejection(origin, why)
        meta[name] = value
    if meta["published"] is not None:
        published, why = check_published(meta["published"], rules)
        if why is not None:
            return Rejection(origin, f"field 'published' {why}")
        meta["published"] = published
    if meta["title"] is None and fmt in ("json", "jsonl"):
        # one article, one record (ingest.ids): a record whose text starts with its headline
        # ("Headline\n\nBody", as pasted or as a .txt file holds it) is read as a .txt file is
        meta["title"], text = split_headline(text)
    return RawDoc(
        id=meta["id"] or default_id or id_from_text(text, meta["url"]),
        text=text,
        origin=origin,
        title=meta["title"],
        url=meta["url"],
        source=meta["source"],
        published=meta["published"],
        language=meta["language"],
        format=fmt,
        author=meta["author"],
    )


def _meta_field(value: Any, name: str, types: tuple[type, ...], rules: RecordRules) -> tuple[str | None, str | None]:
    """``(value as a string or None, None)`` or ``(None, reason)``."""
    if value is None:
        return None, None
    if isinstance(value, bool) or not isinstance(value, types):
        expected = " or ".join("a string" if t is str else "an integer" for t in types)
        return None, f"field '{name}' is a JSON {json_type(value)}, expected {expected}"
    if isinstance(value, int):
        # Python refuses str() of an int over 4,300 digits: count those from their bit length
        digits = len(str(abs(value))) if value.bit_length() < 14_000 else int(value.bit_length() * 0.30103) + 1
        if digits > rules.max_field_chars:
            return None, f"field '{name}' is a number of over {rules.max_field_chars:,} digits (ingest.max_field_chars)"
        value = str(value)
    if (why := invalid_character(value)) is not None:
        return None, f"field '{name}' {why}"
    if len(value) > rules.max_field_chars:
        return None, (
            f"field '{name}' is {len(value):,} characters, over the {rules.max_field_chars:,} cap"
            " (ingest.max_field_chars)"
        )
    return value.strip() or None, None


def invalid_character(text: str) -> str | None:
    """Why ``text`` cannot be stored ("holds an invalid character (lone surrogate U+D800)"), or None."""
    m = _INVALID.search(text)
    if m is None:
        return None
    ch = ord(m.group())
    if ch == 0:
        kind = "NUL"
    elif 0xD800 <= ch <= 0xDFFF:
        kind = "lone surrogate"
    else:
        kind = "non-character"
    return f"holds an invalid character ({kind} U+{ch:04X}) at position {m.start():,}"


def check_published(value: str, rules: RecordRules) -> tuple[str | None, str | None]:
    """``(YYYY-MM-DD, or the text as found when it reads as no date, None)`` or ``(None, reason)``."""
    m = _OFFSET.search(value)
    if m is not None and int(m[2]) * 60 + int(m[3]) > _MAX_OFFSET_MINUTES:
        return None, f"{value[:40]!r} has a UTC offset of {m[1]}{m[2]}:{m[3]}, beyond ±18:00"
    day = parse_date(value) or _iso_day(value)
    if day is None:
        return value, None
    year = int(day[:4])
    if not rules.published_min_year <= year <= rules.published_max_year:
        return None, (
            f"{value[:40]!r} is in the year {year}, outside {rules.published_min_year}-{rules.published_max_year}"
            " (ingest.published_min_year/published_max_year)"
        )
    return day, None


def _iso_day(value: str) -> str | None:
    """The day of an ISO form ``parse_date`` does not read (``20250408``, ``2025-W15-2``), or None."""
    text = value.strip()
    for parse in (lambda v: datetime.fromisoformat(v.replace("Z", "+00:00")).date(), lambda v: date.fromisoformat(v[:10])):
        try:
            return parse(text).isoformat()
        except (ValueError, OverflowError):
            continue
    return None


def json_type(value: Any) -> str:
    """The JSON name of a parsed value's type."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, (int, float)):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, (list, tuple)):
        return "array"
    if isinstance(value, dict):
        return "object"
    return type(value).__name__


__all__ = ["RecordRules", "validate_record", "invalid_character", "check_published", "json_type", "FIELDS"]
