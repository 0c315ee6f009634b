"""Outlet and date from the text itself: reads the removed boilerplate pieces
and the kept text, returns guesses with the reason for each, so that every
place that shows one can say it was inferred and why.

Used only where the input's metadata says nothing. Evidence, strongest first:

* source: a closing outlet credit "(Japan Times)" ("outlet credit line"); a
  copyright line "© 2025 Latin Times. All rights reserved." ("copyright
  line"); an outlet's self-reference in the body, "The BBC has reached out to
  ... for comment" / "X contacted ... for comment" ("named in the text": the
  weakest, a rewrite may repeat another outlet's sentence; the subject must be
  a capitalised name, not a pronoun);
* published: a "Published/Posted: <date>" line ("Published: line in the
  text"); else an "Updated: <date>" line (publication is on or before it);
  else the latest date of an embedded social-media post (the article cannot be
  older than a post it embeds: a lower bound, the best estimate available).

Measured on PolNeAR train+dev (924 articles, publisher and date known, both
hidden; tests/clean/test_meta.py gates it): no guess is made, so recall is 0
of 924 outlets and 0 of 924 dates and precision is undefined (no wrong guess).
ECB+ (772), NewsWCL50 (35) and MEANTIME en/es/it (360) get no guess either:
none has a credit, copyright, time-stamp or embed line, and no text says
"X has reached out to ... for comment". The labelled data never shows a guess
wrong nor right, so every guess is marked as inferred wherever it is shown.
"""

from __future__ import annotations

import re

from ..model import Removed
from .boilerplate import outlet_of_credit
from .dates import parse_date

_NAME_WORD = r"[A-Z][\w&'’!-]*(?:\.[A-Za-z][\w&'’-]*)*"
_COPYRIGHT = re.compile(
    r"(?i:©|\(c\)|copyright)\s*(?:©\s*)?(?:(\d{4})(?:\s*[-–]\s*\d{4})?\s*,?\s*)?"
    rf"((?:[Tt]he )?{_NAME_WORD}(?:\s+(?:{_NAME_WORD}|of|and|&))*)"
)
_CORP_TAIL = re.compile(r"[\s,]+(?:ltd|limited|inc|llc|plc|corp|gmbh|s\.a|media group|all)\.?$", re.I)
_SELF_REF = re.compile(
    r"\b((?:The )?[A-Z][\w&'.-]*(?: [A-Z][\w&'.-]*){0,3}) (?:has |have |had )?(?:reached out to|contacted|approached)"
    r"\b[^.]{0,160}?\bfor (?:comment|a comment|further comment)\b"
)
_NOT_OUTLET = frozenset(
    "he she they we it i you police officials authorities the this that who which officers investigators".split()
)
_NOT_OUTLET_TAIL = re.compile(
    r"(?:ministry|department|government|police|embassy|office|officials?|spokesm[ae]n|spokesperson|lawyers?"
    r"|attorneys?|investigators|authorities|council|committee|agency|court)$",
    re.I,
)


def source_from_copyright(text: str) -> str | None:
    m = _COPYRIGHT.search(text)
    if not m or not m.group(2):
        return None
    name = m.group(2).strip().rstrip(".")
    name = _CORP_TAIL.sub("", name).strip()
    if name.lower() in {"all rights reserved", "all", ""}:
        return None
    return name


# The reasons shown beside an inferred value (report.json ``inferred``, every renderer).
CREDIT = "outlet credit line"
COPYRIGHT = "copyright line"
NAMED = "named in the text"
PUBLISHED_LINE = "Published: line in the text"
UPDATED_LINE = "Updated: line in the text (published on or before it)"
EMBEDDED_POST = "date of an embedded post, a lower bound"

_UPDATED = re.compile(r"^\W*(?:last )?(?:updated|modified)\b", re.I)


def text_metadata(removed: tuple[Removed, ...] | list[Removed], text: str) -> dict[str, tuple[str, str]]:
    """``{"source"|"published": (value, reason)}`` read from boilerplate pieces and the body text;
    a field with no evidence is absent."""
    credit = copyright_ = None
    stamp = updated = None
    posts: list[str] = []
    for r in removed:
        if r.reason == "outlet credit" and credit is None:
            credit = outlet_of_credit(r.text)
        elif r.reason == "copyright notice" and copyright_ is None:
            copyright_ = source_from_copyright(r.text)
        elif r.reason == "timestamp line":
            if _UPDATED.match(r.text):
                updated = updated or parse_date(r.text)
            else:
                stamp = stamp or parse_date(r.text)
        elif r.reason == "embedded post attribution":
            d = parse_date(r.text)
            if d:
                posts.append(d)
    out: dict[str, tuple[str, str]] = {}
    if credit:
        out["source"] = (credit, CREDIT)
    elif copyright_:
        out["source"] = (copyright_, COPYRIGHT)
    elif "comment" in text:
        for m in _self_references(text):
            name = m.group(1)
            if name.lower() in _NOT_OUTLET or _NOT_OUTLET_TAIL.search(name):
                continue
            rest = name[4:]
            out["source"] = (rest if name.startswith("The ") and rest.isupper() else name, NAMED)
            break
    if stamp:
        out["published"] = (stamp, PUBLISHED_LINE)
    elif updated:
        out["published"] = (updated, UPDATED_LINE)
    elif posts:
        out["published"] = (max(posts), EMBEDDED_POST)
    return out


_FOR_COMMENT = re.compile(r"for (?:a |further )?comment\b")


def _self_references(text: str) -> list[re.Match[str]]:
    """Matches of the self-reference pattern, searched only near "for comment"."""
    out = []
    for hit in _FOR_COMMENT.finditer(text):
        lo = max(text.rfind(". ", 0, max(0, hit.start() - 220)), text.rfind("\n", 0, hit.start()), 0)
        m = _SELF_REF.search(text, lo, hit.end())
        if m:
            out.append(m)
    return out
