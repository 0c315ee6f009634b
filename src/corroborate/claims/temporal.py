"""Time expressions in English news text, resolved against the article's date.

``find_times(text, published)`` returns ``TimeRef`` records for explicit dates
("April 8, 2025", "8 April", "2025-04-08"), weekdays ("on Tuesday",
"Monday, April 7"), relative days ("yesterday", "last week") and months or
years ("in January", "in 2022"). A weekday alone resolves, as in news
copy, to the most recent such day on or before the publication date;
a month-day without a year takes the publication year (or the year before
when that would be in the future). ``weekday_mismatch`` tells when a
weekday and an explicit date written together disagree.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from datetime import date, timedelta

from ..clean.dates import MONTHS

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_MONTH = r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)"
_WD = r"(?P<wd>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_TIME = re.compile(
    rf"(?:{_WD}(?:\s*,\s*|\s+)?)?"
    rf"(?:(?P<m1>{_MONTH})\.?\s+(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?\b(?:,?\s+(?P<y1>\d{{4}}))?"
    rf"|(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?\s+(?P<m2>{_MONTH})\b\.?(?:,?\s+(?P<y2>\d{{4}}))?"
    rf"|(?P<iso>\d{{4}}-\d{{2}}-\d{{2}}))?"
)
_RELATIVE = re.compile(
    r"\b(?P<rel>yesterday|today|tonight|(?:last|this|next) (?:week|month|year|weekend)|earlier this (?:week|month|year))\b",
    re.I,
)
_MONTH_YEAR = re.compile(rf"\b(?:in|since|until|by|from|during)\s+(?:(?:early|mid|late)[-\s])?(?P<m>{_MONTH})\b(?:\s+(?P<y>\d{{4}}))?|\b(?:in|since|until|by)\s+(?P<year>(?:19|20)\d\d)\b")
# Cheap pre-check: no digit, month, weekday or relative-day word -> nothing to find.
_ANY_TIME = re.compile(
    rf"\d|\b(?:{_MONTH}|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b|"
    r"\b(?i:yesterday|today|tonight|last|this|next|earlier)\b"
)
# A time said of the future: "will meet on Monday", "is due to vote Tuesday", "next Friday".
_FUTURE = re.compile(
    r"\b(?:will|won't|shall|is due|are due|due to|plans? to|planned|scheduled|expected to|set to|is to|are to|"
    r"going to|next|upcoming|tomorrow)\b[^.;!?]*$",
    re.I,
)


def _in_name(text: str, start: int, end: int) -> bool:
    """A weekday inside a capitalised name: a capitalised word just before it (not at a
    sentence start) or just after it (other than a month); never right after a preposition."""
    if re.search(r"\b(?:on|by|since|until|from|last|next|this|early|late|through|before|after)\s+$",
                 text[max(0, start - 12) : start], re.I):
        return False  # "On Wednesday Zelensky shared": a preposition makes it a day, whatever follows
    before = re.search(r"([A-Z][\w’'-]*)\s+$", text[max(0, start - 30) : start])
    if before and not re.search(r"(?:^|[.!?]\s+|[“\"(]\s*)" + re.escape(before.group(1)) + r"\s+$", text[max(0, start - 32) : start]):
        return before.group(1) not in _PREP_CAPS
    after = re.match(r"\s+([A-Z][a-z]+)", text[end : end + 20])
    return bool(after) and after.group(1) not in _MONTH_WORDS and after.group(1) not in _PREP_CAPS


_PREP_CAPS = {"On", "By", "Since", "Until", "From", "Last", "Next", "This", "Early", "Late", "Through", "And", "Or"}
_MONTH_WORDS = {
    "January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November",
    "December", "Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep", "Sept", "Oct", "Nov", "Dec",
}
_REL_DAYS = {"yesterday": -1, "today": 0, "tonight": 0}


@dataclass(frozen=True, slots=True)
class TimeRef:
    """A time expression: ``date`` (ISO) when it resolves to a day; ``weekday`` 0-6 when it names one."""

    start: int
    end: int
    text: str
    kind: str  # date | weekday | relative | month | year
    date: str | None = None
    weekday: int | None = None
    explicit: bool = False  # the day is written out (a calendar date), not inferred from a weekday
    mismatch: bool = False  # a weekday written with a date it does not fall on
    future: bool = False  # said of something to come ("will meet on Monday"): resolved forward


def _iso(y: int, m: int, d: int) -> str | None:
    try:
        return date(y, m, d).isoformat()
    except ValueError:
        return None


def _shift(day: date, days: int) -> date | None:
    """``day`` moved by ``days``, or None past the calendar's ends (a ``published`` of year 1 or 9999)."""
    try:
        return day + timedelta(days=days)
    except OverflowError:
        return None


def _shifted_iso(day: date, days: int) -> str | None:
    moved = _shift(day, days)
    return moved.isoformat() if moved is not None else None


def _overlapping(spans: list[TimeRef]):
    """A test of whether [start, end) overlaps one of ``spans`` as ``find_times`` counts it (a span
    holds ``start``, or starts inside it), by bisection instead of a scan of every span."""
    ordered = sorted((t.start, t.end) for t in spans)
    starts = [a for a, _ in ordered]
    reach: list[int] = []  # the furthest end of the spans up to each one
    for _, b in ordered:
        reach.append(max(b, reach[-1]) if reach else b)

    def test(start: int, end: int) -> bool:
        k = bisect.bisect_right(starts, start)  # spans starting at or before ``start``
        if k and reach[k - 1] > start:
            return True
        return k < len(starts) and starts[k] < end or (k > 0 and starts[k - 1] == start and start < end)

    return test


def _parse_pub(published: str | None) -> date | None:
    if not published:
        return None
    try:
        return date.fromisoformat(published[:10])
    except ValueError:
        return None


def find_times(text: str, published: str | None = None) -> list[TimeRef]:
    """Time expressions of ``text`` in order, resolved against ``published`` (ISO date) when given."""
    if not _ANY_TIME.search(text):
        return []
    pub = _parse_pub(published)
    out: list[TimeRef] = []
    for m in _TIME.finditer(text):
        if m.start() == m.end():
            continue
        if m["wd"] and not (m["m1"] or m["m2"] or m["iso"]) and _in_name(text, m.start("wd"), m.end("wd")):
            continue  # "Cyber Monday", "Black Friday", "Super Tuesday", "the Sunday Times"
        wd = WEEKDAYS.index(m["wd"].lower()) if m["wd"] else None
        future = bool(_FUTURE.search(text[max(0, m.start() - 50) : m.start()]))
        day: str | None = None
        explicit = False
        if m["iso"]:
            day = _iso(*map(int, m["iso"].split("-")))
            explicit = day is not None
        elif m["m1"] or m["m2"]:
            month = MONTHS[(m["m1"] or m["m2"]).lower().rstrip(".")]
            d = int(m["d1"] or m["d2"])
            y = m["y1"] or m["y2"]
            if (m["m1"] or "").lower() == "may" and not y and not m["wd"]:
                # "may 8" is rarely a date without a year or weekday ("they may 8 ...")
                if not (m["m1"] or "")[0].isupper():
                    continue
            if y:
                day = _iso(int(y), month, d)
                explicit = day is not None
            elif pub is not None:
                cand = _iso(pub.year, month, d)
                limit = _shift(pub, 31)
                if cand and limit is not None and date.fromisoformat(cand) > limit:
                    cand = _iso(pub.year - 1, month, d)
                day = cand
                explicit = cand is not None
            elif d > 31:
                continue
        if day is None and wd is None:
            continue
        mismatch = bool(day and wd is not None and explicit and date.fromisoformat(day).weekday() != wd)
        if day is None and wd is not None and pub is not None:
            if future:  # the next such day after publication
                day = _shifted_iso(pub, (wd - pub.weekday() - 1) % 7 + 1)
            else:  # the most recent such day on or before publication
                day = _shifted_iso(pub, -((pub.weekday() - wd) % 7))
        kind = "date" if explicit else "weekday"
        out.append(TimeRef(m.start(), m.end(), m.group().strip(" ,"), kind, day, wd, explicit, mismatch, future))
    for m in _RELATIVE.finditer(text):
        rel = m["rel"].lower()
        day = None
        if rel in _REL_DAYS and pub is not None:
            day = _shifted_iso(pub, _REL_DAYS[rel])
        out.append(TimeRef(m.start(), m.end(), m.group(), "relative", day))
    overlaps = _overlapping(out)  # month-year matches do not overlap each other: test the others only
    for m in _MONTH_YEAR.finditer(text):
        if overlaps(m.start(), m.end()):
            continue
        out.append(TimeRef(m.start(), m.end(), m.group(), "year" if m["year"] else "month"))
    out.sort(key=lambda t: t.start)
    return out


def weekday_name(wd: int) -> str:
    return WEEKDAYS[wd].capitalize()
