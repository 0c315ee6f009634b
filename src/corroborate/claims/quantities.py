"""Quantities in English news text: "two Chinese citizens", "about 40 accounts",
"thousands of troops", "more than 11,000 personnel", "20%", "$23,200".

``find_quantities(text)`` returns ``Quantity`` records with the interval the
words allow (exact figures are points; "about", "more than", "thousands"
widen it) and the noun they count, singularised ("troops" -> "troop"). Years,
ordinals, ages in apposition and clock times are not quantities. Two
quantities *conflict* only when they count the same noun and their intervals
do not overlap: "thousands of troops" and "11,000 troops" are compatible.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from ..features.text import STOPWORDS, fold

UNITS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
    "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50,
    "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90, "dozen": 12, "a dozen": 12, "half a dozen": 6,
}
SCALES = {"hundred": 1e2, "thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12, "bn": 1e9, "m": 1e6, "k": 1e3}
# Vague amounts: the interval a careful reader would grant them.
VAGUE = {
    "several": (3, 9), "a few": (2, 6), "a handful of": (2, 8), "dozens": (24, 199), "scores": (40, 199),
    "hundreds": (200, 1999), "thousands": (2000, 999_999), "tens of thousands": (20_000, 199_999),
    "hundreds of thousands": (200_000, 1_999_999), "millions": (2e6, 999e6), "billions": (2e9, 999e9),
}
# Words before a number that widen it: (low factor, high factor).
APPROX = {
    "about": (0.8, 1.25), "around": (0.8, 1.25), "approximately": (0.8, 1.25), "roughly": (0.8, 1.25),
    "some": (0.8, 1.25), "nearly": (0.8, 1.0), "almost": (0.8, 1.0), "close to": (0.8, 1.0),
    "an estimated": (0.7, 1.4), "estimated": (0.7, 1.4), "up to": (0.0, 1.0), "as many as": (0.0, 1.0),
    "at least": (1.0, math.inf), "more than": (1.0, math.inf), "over": (1.0, math.inf),
    "upwards of": (1.0, math.inf), "less than": (0.0, 1.0), "fewer than": (0.0, 1.0), "under": (0.0, 1.0),
    "at most": (0.0, 1.0), "nearly all": (0.0, 1.0),
}
_MONTHS = ("january february march april may june july august september october november december "
           "jan feb mar apr jun jul aug sep sept oct nov dec").split()

_num_words = "|".join(sorted((re.escape(w) for w in UNITS), key=len, reverse=True))
_scale_words = r"hundred|thousand|million|billion|trillion|bn|m|k"
_approx_words = "|".join(sorted((re.escape(w) for w in APPROX), key=len, reverse=True))
_vague_words = "|".join(sorted((re.escape(w) for w in VAGUE), key=len, reverse=True))

_QUANTITY = re.compile(
    rf"(?i:(?P<approx>{_approx_words})\s+)?"
    rf"(?:(?P<cur>[$€£¥])\s?)?"
    rf"(?:(?P<vague>(?i:{_vague_words}))\b"
    rf"|(?P<digits>\d{{1,3}}(?:,\d{{3}})+(?:\.\d+)?|\d+(?:\.\d+)?)"
    rf"|(?P<word>(?i:{_num_words})(?:[-\s](?i:one|two|three|four|five|six|seven|eight|nine))?))"
    rf"(?:\s?(?P<scale>(?i:{_scale_words}))\b)?"
    rf"(?P<pct>\s?(?:%|per\s?cent|percent))?"
)
_COMPOUND_TAIL = re.compile(
    rf"\s+(?:and\s+)?(?P<tail>(?i:{_num_words})(?:[-\s](?i:one|two|three|four|five|six|seven|eight|nine))?)"
    rf"(?:\s+(?P<scale>(?i:hundred|thousand)))?\b"
)
# Cheap pre-check: no digit, number word or vague amount -> nothing to find.
_ANY_NUMBER = re.compile(rf"\d|(?i:\b(?:{_num_words}|{_vague_words})\b)")
_WORD = re.compile(r"[^\W\d_][\w’'-]*|\d[\d,.]*|\S")
_PLURAL_NOUNS = {"people", "men", "women", "children", "personnel", "police", "staff", "cattle", "sheep", "feet", "teeth", "mice"}
_NOUN_STOP = STOPWORDS | {"than", "more", "less", "per", "each", "every", "just", "only", "other", "others"}
_ADJ_SUFFIX = ("ed", "al", "ive", "ous", "ful", "ic", "ary", "ing")


@dataclass(frozen=True, slots=True)
class Quantity:
    """A number in the text: the interval its words allow and the noun it counts."""

    start: int
    end: int
    text: str
    low: float
    high: float
    exact: bool
    noun: str | None  # singular, folded ("soldier"); "%" for percentages, None if unknown
    unit: str | None = None  # currency sign or "%"

    @property
    def value(self) -> float:
        return self.low if self.exact else (self.low + self.high) / 2


def _singular(word: str) -> str:
    w = fold(word).strip("'’")
    if w.endswith("ies") and len(w) > 4:
        return w[:-3] + "y"
    if w.endswith(("ches", "shes", "sses", "xes")):
        return w[:-2]
    if w.endswith("s") and not w.endswith(("ss", "us", "is")) and len(w) > 3:
        return w[:-1]
    return w


_LABEL_BEFORE = re.compile(r"\b(?:week|game|round|no\.|number|route|flight|room|chapter|section|article|item|grade|level|gate|lane)\s+$", re.I)
_CURRENCY_WORDS = {"dollar": "$", "euro": "€", "yuan": "¥", "yen": "¥"}
# A measure named beside the figure: "magnitude 4.6", "a 6.1 magnitude quake", "4.2 on the Richter scale",
# and an age in apposition: "Smith, 42, was arrested".
_MEASURE_BEFORE = re.compile(r"\b(?P<m>magnitude|aged?)[\s-]+$", re.I)
_MEASURE_AFTER = re.compile(r"^[\s-]*(?:(?P<m>magnitude)\b|on the richter scale\b)", re.I)
_APPOSITION_AGE = re.compile(r"[A-Z][\w’'-]+,\s$")


# A rate after the figure's noun phrase: "yards per carry", "miles an hour", "$20 million a year".
_RATE = re.compile(r"(?P<np>(?:\s+(?!per\b|an?\b|each\b|every\b)[A-Za-z][\w'’-]*){0,2})\s+(?P<per>per|an?|each|every)\s+(?P<r>[a-z]+)\b", re.I)
# Words between the figure and "a day" that end its noun phrase: a verb ("two soldiers were killed a day after").
_NOT_RATE_WORDS = frozenset("were was are is be been have has had will would could did do does and or but".split())
# After "a"/"an"/"each"/"every" only these make a rate ("three soldiers a day"; not "two boats a pirate had").
_RATE_NOUNS = frozenset("""second minute hour day night week weekend month quarter year season game match race
    carry catch attempt run shot inning lap mile kilometre kilometer gallon litre liter pound head person
    share barrel ton tonne piece unit""".split())


def _measure(text: str, start: int, stop: int) -> str | None:
    before = text[max(0, start - 12) : start]
    b = _MEASURE_BEFORE.search(before)
    if b:
        return "magnitude" if b["m"].lower() == "magnitude" else "year-old"
    if _MEASURE_AFTER.match(text[stop : stop + 24]):
        return "magnitude"
    if _APPOSITION_AGE.search(text[max(0, start - 30) : start]) and re.match(r",(?:\s|$)", text[stop : stop + 2]):
        value = text[start:stop]
        if value.isdigit() and 1 <= int(value) <= 120:
            return "year-old"
    return None


def _noun_after(text: str, pos: int) -> str | None:
    """The head noun of the short phrase after a number ("Chinese soldiers", "of troops")."""
    toks = [m for m in _WORD.finditer(text, pos, min(len(text), pos + 80))]
    head = None
    k = 0
    if toks and fold(toks[0].group()) == "of":  # "thousands of troops", "two of them"
        toks = toks[1:]
        if toks and fold(toks[0].group()) in {"them", "us", "those", "these", "whom", "which"}:
            return None
    for m in toks[:4]:
        w = m.group()
        f = fold(w)
        if not w[0].isalpha() or f in _NOUN_STOP:
            break
        if f.endswith("-year-old"):
            return "year-old"
        head = w
        k += 1
        # a plural ends the phrase: "six soldiers and" / "40 accounts in" / "150 people died"
        if f in _PLURAL_NOUNS or f.endswith("s") and not f.endswith(("ss", "ous")) and not w[0].isupper():
            break
    if head is None or head[0].isupper() and k == 1 and fold(head) not in {"%"}:
        # "2 Chinese" alone counts nothing we can name; "the 2 Koreas" is rare
        return None if head is None or head[0].isupper() else _singular(head)
    return _singular(head)


def _value(m: re.Match) -> tuple[float, float, bool] | None:
    if m["vague"]:
        lo, hi = VAGUE[m["vague"].lower()]
        return float(lo), float(hi), False
    if m["digits"]:
        v = float(m["digits"].replace(",", ""))
    else:
        parts = re.split(r"[-\s]", m["word"].lower())
        if " ".join(parts) in UNITS:
            v = float(UNITS[" ".join(parts)])
        else:
            v = float(sum(UNITS.get(p, 0) for p in parts))
    if m["scale"]:
        scale = m["scale"].lower()
        if scale in {"m", "k", "bn"} and not m["cur"]:
            return None if scale != "bn" else (v * 1e9, v * 1e9, True)
        v *= SCALES[scale]
    return v, v, True


def find_quantities(text: str) -> list[Quantity]:
    """Quantities in ``text``, in order (see module docstring)."""
    if not _ANY_NUMBER.search(text):
        return []
    out: list[Quantity] = []
    taken = 0  # end of the last compound figure ("one hundred and fifty"): its parts are not figures
    for m in _QUANTITY.finditer(text):
        if not (m["digits"] or m["word"] or m["vague"]) or m.start() < taken:
            continue
        start, end = m.start(), m.end()
        before = text[max(0, start - 1) : start]
        after = text[end : end + 1]
        if before.isalnum() or after.isalnum() and not m["pct"]:
            continue  # inside a word or an id ("F-16", "COVID19")
        if re.search(r"[^\W\d_][-–]$", text[max(0, start - 2) : start]):
            continue  # after a word and a hyphen: an id or a height ("Su-27", "COVID-19", "6-foot-9")
        if re.search(r"\d\s?[-–]\s?$", text[max(0, start - 4) : start]) or _LABEL_BEFORE.search(text[max(0, start - 10) : start]):
            continue  # the second half of a score or range ("27-24", "88-72"), or a label ("Week 15", "No. 3")
        # an age in tokenised copy ("38 - year - old"); other spaced compounds stay plain figures
        # ("170, 000 - square - foot", "an 86 - yard run": tried, they raised false conflicts on ECB+)
        spaced = re.match(r" [-–] (year|month|week|day)s? [-–] old\b", text[end : end + 20]) if not m["pct"] else None
        if spaced and re.search(r"\d\s?,\s$", text[max(0, start - 4) : start]):
            spaced = None
        if (after in "-–" and text[end + 1 : end + 2].isalpha() and not m["pct"]) or spaced:
            # "three-year war", "33-year-old" (tokenised copy: "38 - year - old"): a modifier, count it
            # as the compound's noun
            rest = spaced or re.match(r"[-–]([a-z]+)(?:[-–]old)?", text[end:])
            if rest is None:
                continue
            end_noun = "year-old" if rest.group().endswith("old") else _singular(rest[1])
            got = _value(m)
            if got is None:
                continue
            out.append(Quantity(start, end + len(rest.group()), text[start : end + len(rest.group())],
                                got[0], got[1], got[2], end_noun))
            continue
        if re.search(r"[/⁄]\s*$", text[max(0, start - 3) : start]) or re.match(r"\s*[/⁄]|\s\d+\s?[/⁄]\s?\d", text[end : end + 8]):
            continue  # a fraction or ratio ("4 1/2", "24/7")
        if re.search(r"\d\s?,\s$", text[max(0, start - 4) : start]) or re.match(r"\s?,\s\d{3}\b", text[end : end + 6]):
            continue  # "4, 183" (tokenised thousands) or a list of figures: not one plain value
        if re.match(r"\s+of\s+(?:the\s+|its\s+|their\s+|his\s+|her\s+|[A-Z]\w+['’]s\s+)", text[m.end() : m.end() + 30]):
            continue  # "one of Egypt's largest providers", "two of the victims": a part, not a count
        if m["digits"] and not m["cur"] and not m["pct"] and not m["scale"]:
            v = m["digits"].replace(",", "")
            prev = fold(text[max(0, start - 12) : start]).split()
            if re.fullmatch(r"(1[89]|20|21)\d\d", v) and "," not in m["digits"]:
                continue  # a year
            if prev and prev[-1].rstrip(".,") in _MONTHS:
                continue  # "April 8"
            nxt = text[end : end + 12].lower()
            if re.match(r"\s?(?:a\.?m\.?|p\.?m\.?|gmt|utc|:\d)", nxt) or text[end : end + 1] == ":" or text[start - 1 : start] == ":":
                continue  # a clock time
            if re.match(r"\s?(?:st|nd|rd|th)\b", nxt):
                continue  # ordinal
            if re.match(r"\s+blocks?\s+of\b", text[end : end + 12], re.I):
                continue  # a street address ("the 12000 block of East 223rd Street"), not a count of blocks
            if re.match(r"\s*(?:" + "|".join(_MONTHS) + r")\b", nxt):
                continue  # "8 April"
        got = _value(m)
        if got is None:
            continue
        lo, hi, exact = got
        if m["approx"]:
            f_lo, f_hi = APPROX[m["approx"].lower()]
            lo, hi, exact = lo * f_lo, hi * f_hi, False
        elif re.search(r"\bthan\s+(?:just\s+|only\s+|these\s+|those\s+|the\s+)*$", text[max(0, start - 30) : start], re.I):
            low_side = re.search(r"\b(?:less|fewer|smaller|lower)\s+\w*\s*than\s+\S*\s*\S*\s*$", text[max(0, start - 40) : start], re.I)
            lo, hi, exact = (0.0, lo, False) if low_side else (lo, math.inf, False)
        stop = m.end()
        if m["word"] and m["scale"] and not m["pct"]:
            # "one hundred and fifty", "two thousand five hundred": one figure
            rest = _COMPOUND_TAIL.match(text, stop)
            if rest:
                add = float(sum(UNITS.get(p, 0) for p in re.split(r"[-\s]", rest["tail"].lower())))
                add *= SCALES[rest["scale"].lower()] if rest["scale"] else 1
                lo, hi = (lo + add * (lo / got[0] if got[0] else 1), hi + add * (hi / got[1] if got[1] and hi != math.inf else 1))
                stop = rest.end()
                taken = stop
        unit = m["cur"] or ("%" if m["pct"] else None)
        noun = "%" if m["pct"] else _noun_after(text, stop)
        if m["cur"]:
            noun = noun or m["cur"]
        elif noun in _CURRENCY_WORDS:  # "2.8 billion euros" is "€2.8 billion"
            unit = noun = _CURRENCY_WORDS[noun]
        rate = _RATE.match(text, stop, min(len(text), stop + 48))
        if (rate and (fold(rate["per"]) == "per" or _singular(rate["r"]) in _RATE_NOUNS)
                and not any(fold(w) in _NOT_RATE_WORDS or fold(w).endswith("ed") for w in rate["np"].split())):
            # "5.2 yards a carry", "3.8 yards per run", "$80 million a year": a rate, not the total
            noun = f"{noun or ''}/{_singular(rate['r'])}"
        measure = _measure(text, start, stop)
        if measure and not m["pct"] and not m["cur"]:
            noun = measure
            if re.search(r"\b(?:under|over|below|above)\s+aged?\s*$", text[max(0, start - 16) : start], re.I):
                lo, hi, exact = (0.0, lo, False) if re.search(r"(?:under|below)\s+aged?\s*$", text[max(0, start - 16) : start], re.I) else (lo, math.inf, False)
        out.append(Quantity(start, stop, text[start:stop].strip(), lo, hi, exact, noun, unit))
    return out


def compatible(a: Quantity, b: Quantity, tolerance: float = 0.0) -> bool:
    """Do the two quantities' intervals overlap (widened by ``tolerance``, a fraction)?"""
    return a.low * (1 - tolerance) <= b.high * (1 + tolerance) and b.low * (1 - tolerance) <= a.high * (1 + tolerance)


def same_noun(a: Quantity, b: Quantity) -> bool:
    return a.noun is not None and a.noun == b.noun and a.unit == b.unit
