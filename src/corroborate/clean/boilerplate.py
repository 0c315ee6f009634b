"""Boilerplate removal: reads the paragraphs of a normalised text, returns the
kept paragraphs and every removed piece with its reason.

Rules are general patterns for news pages (copyright, "Read more", newsletter
and follow prompts, share/ad/cookie lines, photo and reporting credits,
bylines, time stamps, embedded-post residue, outlet credits, author bios).
A false removal of real content is worse than leaving a bit of boilerplate,
so every rule is anchored (whole paragraph, or its start) and bounded in
length: a long paragraph is never removed by a keyword alone. Author bios and
outlet credits are only looked for in the trailing block of the article.
"""

from __future__ import annotations

import re
from ..model import Removed
from .dates import MONTH_DATE

_I = re.I

_AGENCY = (
    r"(?:getty images|shutterstock|alamy(?: stock photo)?|afp|reuters|ap|epa(?:-efe)?|pa(?: wire| images| media)?"
    r"|anadolu(?: agency)?|sipa(?: usa)?|xinhua|tass|bloomberg|imago|dpa|zuma(?: press)?|nurphoto|sopa images"
    r"|lightrocket|the associated press|associated press|ansa|efe|kyodo|yonhap)"
)
_WHEN = (
    r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec|january|february|march|april|june|july|august"
    r"|september|october|november|december|monday|tuesday|wednesday|thursday|friday|saturday|sunday|today|yesterday)"
)
_ROLE = (
    r"(?:editor|correspondent|reporter|writer|journalist|columnist|contributor|presenter|producer|analyst"
    r"|commentator|intern|fellow|photographer|blogger)"
)

# (reason, pattern, max words); the pattern is matched against the whole paragraph.
_RULES: list[tuple[str, re.Pattern[str], int]] = [
    ("copyright notice", re.compile(r"^(?:©|\(c\)\s|copyright\s*(?:©|\(c\)|\d{4})|all rights reserved\b)", _I), 60),
    ("copyright notice", re.compile(r"\ball rights reserved\b", _I), 30),
    ("reading prompt", re.compile(
        r"^(?:read|see|watch|listen|click|tap)(?: to| the)?(?: more| next| also| here| full| now| the full story| latest)"
        r"(?:\b.*)?$|^(?:related(?: articles?| stories| coverage| content| reading)?|see also|also read|more|"
        r"recommended(?: for you)?|most read|trending|editor'?s picks?|you may also like|more on this(?: story)?)\s*[:»>|]",
        _I), 30),
    ("reading prompt", re.compile(r"^(?:click|tap) here\b", _I), 30),
    ("media prompt", re.compile(r"^(?:watch|listen|video|audio|gallery|podcast)\s*[:|]", _I), 20),
    ("newsletter prompt", re.compile(
        r"^(?:please )?(?:sign up|sign-up|signup|subscribe|register (?:now|here|for free|today)|join (?:us|our|now|today)"
        r"|get (?:our|the) (?:\w+ )?newsletter)\b", _I), 30),
    ("newsletter prompt", re.compile(
        r"^(?=.*\bnewsletters?\b)(?=.*\b(?:sign[ -]?up|subscribe|inbox|delivered (?:straight |directly )?to you)).*", _I), 35),
    ("social follow prompt", re.compile(
        r"^(?:follow|like|join|find|connect with)\s+(?:(?:us|me)(?: on\b| at\b|\s*[:@]|\W*$)|@\w+|(?:[\w.'-]+ ){0,3}on (?:twitter|x|facebook|instagram"
        r"|tiktok|linkedin|youtube|threads|bluesky|telegram|whatsapp|google news|flipboard))\b", _I), 30),
    ("share buttons", re.compile(
        r"^(?:(?:share|share this(?: article| story| page)?|share on \w+|tweet|e-?mail|print|copy link|save|comments?|"
        r"whatsapp|facebook|twitter|linkedin|pinterest|reddit|messenger|flipboard|telegram)\s*[|/·•,]?\s*)+$", _I), 12),
    ("advertisement marker", re.compile(
        r"^(?:advertisement|advert|ad|sponsored(?: content)?|paid content|story continues below(?: advertisement)?|"
        r"(?:article|story) continues (?:below|after (?:this )?advertisement)|continue reading(?: below| the main story)?|"
        r"scroll to continue(?: with content)?|skip (?:advert|advertisement|ad))\W*$", _I), 8),
    ("cookie notice", re.compile(
        r"^(?:we use cookies|this (?:web)?site uses cookies|by (?:continuing|using) (?:to (?:use|browse) )?(?:this|our) (?:web)?site"
        r"|accept (?:all )?cookies|cookie (?:policy|settings|preferences))", _I), 60),
    ("page notice", re.compile(r"^(?:please )?(?:enable javascript|javascript is (?:disabled|required))|your browser does not support", _I), 30),
    ("photo credit", re.compile(
        r"^[(\[]?(?:photos?|photograph|images?|pictures?|pictured|file photo|main image|top image|credits?|illustration|"
        r"photo illustration)(?: credit)?\s*(?::|/|by\b)", _I), 20),
    ("photo credit", re.compile(
        rf"^[(\[]?(?:[\w .'-]{{0,60}}\s*/\s*)?{_AGENCY}(?:\s*/\s*[\w .'-]{{0,60}})?(?: via {_AGENCY})?[)\]]?\.?$", _I), 10),
    ("photo credit", re.compile(r"\b(?:ap|afp|epa|reuters|pa|xinhua|ansa|efe) photo\s*/|\bgetty images\)?\.?$", _I), 40),
    ("reporting credit", re.compile(
        r"^[(\[]?(?:(?:additional )?reporting|writing|editing|compiled|written|produced|translated|edited)"
        r"(?: by| from)\b", _I), 50),
    ("byline", re.compile(
        rf"^[Bb]y\s+(?!(?i:{_WHEN})\b)[A-Z][\w.'-]*(?:\s+(?:[A-Z][\w.'-]*|and|de|da|van|von|al))*"
        r"(?:\s*[,|/]\s*[A-Z][\w.'&-]*(?:\s+[A-Z][\w.'&-]*)*)?$"), 10),
    ("timestamp line", re.compile(
        rf"^(?:published|posted|updated|last updated|first published|last modified)(?: on| at)?(?:\s*[:|]|\s+(?:\d|{_WHEN}\b))",
        _I), 20),
    ("embedded post attribution", re.compile(rf"^[—–-]{{1,2}}\s*.{{1,150}}\(@\w{{1,30}}\)\s*{MONTH_DATE}\s*$", _I), 40),
    ("embedded post attribution", re.compile(r"^a post shared by .{1,100}\(@[\w.]{1,40}\)", _I), 40),
]

_TRAILING_OUTLET = re.compile(r"^[(\[]\s*([A-Z][\w&.' -]{1,50}?)\s*[)\]]\.?$")
_BIO_START = [
    re.compile(rf"^As (?:the|a|an|\S+'s) .{{0,100}}?\b{_ROLE}s?\b.{{0,40}}?,? I\b", _I),
    re.compile(rf"^[A-Z][\w.'-]+(?: [A-Z][\w.'-]+){{0,3}} (?:is|was) (?:a|an|the) (?:[\w-]+ ){{0,5}}{_ROLE}\b"),
    re.compile(r"^[A-Z][\w.'-]+(?: [A-Z][\w.'-]+){1,3} (?:covers|reports on|writes about|has covered) "),
    re.compile(r"^about the author\b", _I),
]
_FIRST_PERSON = re.compile(r"\b(?:I|me|my|I've|I'm|I'd)\b")
_EMBED_LINK = re.compile(r"\s*(?:https?://)?(?:pic\.twitter\.com|t\.co)/\w+")
_NORM_TITLE = re.compile(r"[\W_]+")


def _words(p: str) -> int:
    return p.count(" ") + 1


# First words with which an anchored rule can start, and keywords of the
# unanchored rules: a paragraph with neither skips the rules (speed only).
_STARTS = frozenset(
    """© (c) copyright all read see watch listen click tap related also more recommended most trending editor's
    editors editor you video audio gallery podcast please sign sign-up signup subscribe register join get follow
    like find connect share tweet email e-mail print copy save comment comments whatsapp facebook twitter linkedin
    pinterest reddit messenger flipboard telegram advertisement advert ad sponsored paid story article continue
    scroll skip we this by accept cookie enable javascript your photo photos photograph image images picture
    pictures pictured file main top credit credits illustration additional reporting writing editing compiled
    written produced translated edited published posted updated last first a — – - -- about""".split()
)
_KEYWORDS = ("rights reserved", "newsletter", "getty", " photo", "/", "cookie", "browser")


def _may_be_boilerplate(p: str, n: int) -> bool:
    if n <= 10:
        return True
    sp = p.find(" ")
    first = p[:sp].lower().lstrip("([").rstrip(":|»>.,")
    if first in _STARTS or p[0] in "©([—–-":
        return True
    low = p.lower()
    return any(k in low for k in _KEYWORDS)


def classify(paragraph: str) -> str | None:
    """The boilerplate reason for a whole paragraph, or None if it is content."""
    n = _words(paragraph)
    if n > 60 or not _may_be_boilerplate(paragraph, n):
        return None
    for reason, pattern, max_words in _RULES:
        if n <= max_words and pattern.search(paragraph):
            return reason
    return None


def _is_bio_start(p: str) -> bool:
    return _words(p) <= 80 and any(rx.search(p) for rx in _BIO_START)


def strip_boilerplate(
    paragraphs: list[str], title: str | None = None, *, trailing_window: int = 6
) -> tuple[list[str], list[Removed]]:
    """Kept paragraphs (in order) and the removed pieces (in text order)."""
    removed: dict[int, Removed] = {}
    inline: list[tuple[int, Removed]] = []
    kept = list(paragraphs)
    for i, p in enumerate(kept):
        if "t.co/" in p or "pic.twitter" in p:
            for m in _EMBED_LINK.finditer(p):
                inline.append((i, Removed(m.group().strip(), "embedded post link")))
            p = _EMBED_LINK.sub("", p).strip()
            kept[i] = p
            if not p:
                continue
        reason = classify(p)
        if reason:
            removed[i] = Removed(p, reason)
    if title and kept:
        t = _NORM_TITLE.sub(" ", title).strip().casefold()
        first = next((i for i, p in enumerate(kept) if p and i not in removed), None)
        if first is not None and t and _same_words(kept[first], t):
            removed[first] = Removed(kept[first], "repeated headline")
    _trailing(kept, removed, trailing_window)
    out = [p for i, p in enumerate(kept) if p and i not in removed]
    pieces = sorted([(i, r) for i, r in removed.items()] + inline, key=lambda x: x[0])
    # where each piece stood: the number of kept paragraphs before it (clean() turns it into an offset)
    before = [0] * (len(kept) + 1)
    for i, p in enumerate(kept):
        before[i + 1] = before[i] + (1 if p and i not in removed else 0)
    return out, [Removed(r.text, r.reason, before[i + 1] if (i, r) in inline else before[i]) for i, r in pieces]


_WORD_RUN = re.compile(r"[^\W_]+")


def _same_words(p: str, t: str) -> bool:
    """``_NORM_TITLE.sub(" ", p).strip().casefold() == t``, reading only as much of ``p`` as needed."""
    out: list[str] = []
    size = -1
    for m in _WORD_RUN.finditer(p):
        w = m.group()
        size += len(w) + 1
        if size > len(t):  # casefold maps every character to one or more: the text can only grow
            return False
        out.append(w)
    return " ".join(out).casefold() == t


def _trailing(kept: list[str], removed: dict[int, Removed], window: int) -> None:
    """Author bios and outlet credits in the trailing block (walking backwards)."""
    pending: list[int] = []
    seen = 0
    for i in range(len(kept) - 1, -1, -1):
        p = kept[i]
        if not p:
            continue
        if i in removed:
            continue
        seen += 1
        if seen > window:
            break
        m = _TRAILING_OUTLET.match(p)
        if m and _words(p) <= 6 and not any(c.isdigit() for c in p):
            removed[i] = Removed(p, "outlet credit")
            continue
        if _is_bio_start(p):
            removed[i] = Removed(p, "author bio")
            for j in pending:
                removed[j] = Removed(kept[j], "author bio")
            pending.clear()
            continue
        if _words(p) <= 80 and _FIRST_PERSON.search(p):  # the cheap test first
            pending.append(i)
            continue
        break


def outlet_of_credit(text: str) -> str | None:
    """The outlet named by an "outlet credit" line such as ``(Japan Times)``."""
    m = _TRAILING_OUTLET.match(text)
    return m.group(1).strip() if m else None

