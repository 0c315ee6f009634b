"""Parse the dates news text and metadata carry into ISO ``YYYY-MM-DD``.

Reads a string, returns an ISO date string or None. Understands ISO dates and
datetimes (``2025-04-08``, ``2025-04-08T10:00:00Z``), English month names in
either order (``April 8, 2025``, ``Apr. 8 2025``, ``8 April 2025``), and
numeric ``DD/MM/YYYY`` only when unambiguous (day > 12) — an ambiguous
``04/08/2025`` is not guessed.
"""

from __future__ import annotations

import re
from datetime import date

MONTHS = {
    "jan": 1, "january": 1, "feb": 2, "february": 2, "mar": 3, "march": 3, "apr": 4, "april": 4,
    "may": 5, "jun": 6, "june": 6, "jul": 7, "july": 7, "aug": 8, "august": 8, "sep": 9, "sept": 9,
    "september": 9, "oct": 10, "october": 10, "nov": 11, "november": 11, "dec": 12, "december": 12,
}
_MONTH = r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)"
#: A date written with an English month name, in either order (for use inside other patterns).
MONTH_DATE = rf"(?:{_MONTH}\.?\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}|\d{{1,2}}(?:st|nd|rd|th)?\s+{_MONTH}\.?,?\s+\d{{4}})"

_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_MDY = re.compile(rf"({_MONTH})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+(\d{{4}})", re.I)
_DMY = re.compile(rf"(\d{{1,2}})(?:st|nd|rd|th)?\s+({_MONTH})\.?,?\s+(\d{{4}})", re.I)
_NUM = re.compile(r"(\d{1,2})[/.](\d{1,2})[/.](\d{4})")


def _iso(y: int, m: int, d: int) -> str | None:
    try:
        return date(y, m, d).isoformat()
    except ValueError:
        return None


def parse_date(value: object) -> str | None:
    """The first date found in ``value`` as ``YYYY-MM-DD``, or None."""
    if value is None:
        return None
    text = str(value).strip()
    if not text:
        return None
    m = _ISO.search(text)
    if m:
        return _iso(int(m[1]), int(m[2]), int(m[3]))
    m = _MDY.search(text)
    if m:
        return _iso(int(m[3]), MONTHS[m[1].lower().rstrip(".")], int(m[2]))
    m = _DMY.search(text)
    if m:
        return _iso(int(m[3]), MONTHS[m[2].lower().rstrip(".")], int(m[1]))
    m = _NUM.search(text)
    if m:
        a, b, y = int(m[1]), int(m[2]), int(m[3])
        if a > 12 >= b:
            return _iso(y, b, a)
        if b > 12 >= a:
            return _iso(y, a, b)
    return None
