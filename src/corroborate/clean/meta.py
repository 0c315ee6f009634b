"""Outlet and date from the text itself: reads the removed boilerplate pieces
and the kept text, returns ``(source, published)`` guesses (either may be None).

Used only where the input's metadata says nothing. Evidence, strongest first:

* source: a closing outlet credit "(Japan Times)"; a copyright line
  "© 2025 Latin Times. All rights reserved."; an outlet's self-reference in
  the body, "The BBC has reached out to ... for comment" / "X contacted ... for
  comment" (the subject must be a capitalised name, not a pronoun);
* published: a "Published/Updated: <date>" line; else the latest date of an
  embedded social-media post (the article cannot be older than a post it
  embeds, so this is a lower bound used as the best estimate available).
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


def text_metadata(removed: tuple[Removed, ...] | list[Removed], text: str) -> tuple[str | None, str | None]:
    """``(source, published)`` read from boilerplate pieces and the body text."""
    credit = copyright_ = None
    stamp = None
    posts: list[str] = []
    for r in removed:
        if r.reason == "outlet credit" and credit is None:
            credit = outlet_of_credit(r.text)
        elif r.reason == "copyright notice" and copyright_ is None:
            copyright_ = source_from_copyright(r.text)
        elif r.reason == "timestamp line" and stamp is None:
            stamp = parse_date(r.text)
        elif r.reason == "embedded post attribution":
            d = parse_date(r.text)
            if d:
                posts.append(d)
    source = credit or copyright_
    if source is None and "comment" in text:
        for m in _self_references(text):
            name = m.group(1)
            if name.lower() in _NOT_OUTLET or _NOT_OUTLET_TAIL.search(name):
                continue
            rest = name[4:]
            source = rest if name.startswith("The ") and rest.isupper() else name
            break
    published = stamp or (max(posts) if posts else None)
    return source, published


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
