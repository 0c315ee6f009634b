"""Statements: one article's sentences as typed claims with their slots.

``extract_statements(article, mentions, index)`` reads a cleaned ``Article``,
the entity mentions of its text (from ``entities.resolve`` over the story)
and an ``EntityIndex``, and returns one ``Statement`` per sentence that
asserts something (clauses joined by ";" are split), typed as

* ``quote``: it carries a direct quote (speaker from the attribution, or the
  author of an embedded post whose signature follows it);
* ``reported``: reported speech, "according to X";
* ``quantity``: a counted figure ("two Chinese citizens", "about 40 accounts");
* ``date``: a day it happened on ("on Tuesday", "April 8, 2025");
* ``fact``: any other statement.

Each statement keeps its slots for alignment and conflicts: entity ids,
located places ("in Donetsk"), quantities, time expressions, the speaker
(normalised through the story's entities: Zelenski = Zelenskyy) and the
medium when the text names one ("wrote on X", "in a statement").
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, replace
from typing import Any, Mapping

from ..features.text import content_words
from ..model import Article
from .attribution import Attribution, extract_attributions
from .cues import PRONOUNS
from .entities import EntityIndex, Mention
from .modality import modality, negated
from .quantities import Quantity, find_quantities
from .speakers import ArticleSpeakers, SpeakerContext, display_name, story_titles  # story_titles: re-exported
from .temporal import TimeRef, find_times

KINDS = ("quote", "reported", "fact", "quantity", "date")

# An embedded post's signature line: "— Name / Other script (@handle) April 8, 2025"
_POST_SIGNATURE = re.compile(
    r"^\s*[—–-]\s*(?P<name>[^()@\n]{2,80}?)\s*\(@(?P<handle>\w{1,30})\)\s*(?P<date>[A-Z][a-z]+\.? \d{1,2}, \d{4})?"
)
_EMBED_RESIDUE = re.compile(r"pic\.twitter\.com/|https?://|www\.\S+\.\w+/", re.I)
_MEDIUM = re.compile(
    r"\b(?:(?:on|to|via|in a (?:post|message|video|statement|tweet) on)\s+(?P<net>X|Twitter|Telegram|Facebook|Instagram|TikTok|"
    r"YouTube|Truth Social|Weibo|WeChat|LinkedIn|Bluesky|Threads))\b(?!-)"
    r"|\b(?P<kind>in a (?:written |joint |brief )?statement|in an interview|at a (?:news|press) conference|"
    r"in a (?:video|televised) (?:address|message)|at a (?:regular |joint )?(?:news |press )?briefing)\b",
)
_PLACE_PREP = re.compile(r"\b(?:in|at|near|outside|inside)\s+(?:the\s+)?(?:(?:eastern|western|northern|southern|central)\s+)?$", re.I)


@dataclass(frozen=True, slots=True)
class Statement:
    """One claim as one article states it (a sentence or clause), with its slots."""

    article_id: str
    sentence_id: int
    start: int  # offsets into the article's cleaned text
    end: int
    text: str
    kind: str
    speaker: str | None = None  # canonical name when the story's entities know it
    speaker_id: str | None = None
    speaker_explicit: bool = False  # named in the same sentence, not a pronoun or a neighbour's cue
    speaker_text: str | None = None  # the source as written ("Foreign Minister Andrii Sybiha", "he")
    quote: str | None = None  # the quoted words, for quotes
    medium: str | None = None  # "X", "Telegram", "a statement", ... when the text names it
    entity_ids: frozenset[str] = frozenset()
    places: tuple[tuple[str, str], ...] = ()  # (entity id, surface) after in/at/near
    quantities: tuple[Quantity, ...] = ()
    times: tuple[TimeRef, ...] = ()
    post_date: str | None = None  # the date of the embedded post this sentence belongs to
    post_signature: str | None = None  # that post's signature line as written ("— Name (@handle) April 8, 2025")
    quality: float = 1.0
    published: str | None = None  # the article's given date (one inferred from its text is only a bound)
    negated: bool = False  # the assertion carries a negation (claims.modality)
    modality: str = "asserted"  # asserted | future | possible | obligation (claims.modality)


_INLINE_QUOTE = re.compile(r"[\"“„«]\s*([^\"“”„«»]{3,400}?)\s*[\"”»]")


def _inline_quote(content: str) -> str | None:
    """The longest quoted phrase of 3+ words inside reported speech, else None (bounded: each
    match is at most 400 characters and the regex never backtracks across a quotation mark)."""
    found = [m.group(1) for m in _INLINE_QUOTE.finditer(content) if len(m.group(1).split()) >= 3]
    return max(found, key=len) if found else None


def _clauses(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Split a sentence at semicolons outside quotes (each part must stand alone: 5+ words)."""
    parts: list[tuple[int, int]] = []
    s = start
    depth = 0
    for i in range(start, end):
        ch = text[i]
        if ch in "“«":
            depth += 1
        elif ch in "”»":
            depth = max(0, depth - 1)
        elif ch == ";" and depth == 0 and len(text[s:i].split()) >= 5 and len(text[i + 1 : end].split()) >= 5:
            parts.append((s, i + 1))
            s = i + 1
    parts.append((s, end))
    return [(a + len(text[a:b]) - len(text[a:b].lstrip()), b) for a, b in parts]


def _medium(text: str) -> str | None:
    m = _MEDIUM.search(text)
    if not m:
        return None
    if m["net"]:
        return "X" if m["net"] == "Twitter" else m["net"]
    kind = m["kind"].lower()
    for key, label in (("statement", "a statement"), ("interview", "an interview"), ("conference", "a news conference"),
                       ("briefing", "a briefing"), ("address", "an address"), ("message", "a video message")):
        if key in kind:
            return label
    return None


def _posts(article: Article) -> dict[int, tuple[str, str, str | None, str]]:
    """Sentence ids inside an embedded post -> (author surface, medium, ISO date, signature line).

    The post is the paragraph just above its signature line ("— Name (@handle)
    April 8, 2025"), whether the signature is still in the text or was removed
    as boilerplate (``Removed.at`` says where it stood). Signature lines still
    in the text map to medium "signature" (they are not claims).
    """
    from ..clean.dates import parse_date

    out: dict[int, tuple[str, str, str | None, str]] = {}
    sents = article.sentences
    signatures: list[tuple[int, re.Match[str]]] = []  # (offset the post ends at, match)
    for k, s in enumerate(sents):
        m = _POST_SIGNATURE.match(s.text)
        if m:
            out[k] = (m["name"], "signature", None, s.text.strip())
            signatures.append((s.start, m))
    for r in article.removed:
        m = _POST_SIGNATURE.match(r.text)
        if m and r.at is not None:
            signatures.append((r.at, m))
    starts = [s.start for s in sents]
    for end, m in signatures:
        author = m["name"].split("/")[0].strip()
        day = parse_date(m["date"]) if m["date"] else None
        e = end
        while e > 0 and article.text[e - 1].isspace():
            e -= 1
        para_start = article.text.rfind("\n", 0, e) + 1
        j = bisect.bisect_left(starts, end) - 1
        while j >= 0 and sents[j].start >= para_start:
            if j not in out:
                out[j] = (author, "X", day, m.string.strip())
            j -= 1
    return out


def extract_statements(
    article: Article,
    mentions: list[tuple[Mention, str]],
    index: EntityIndex,
    *,
    min_words: int = 4,
    attributions: list[Attribution] | None = None,
    titles: dict[str, str] | None = None,
    min_cover: float = 0.3,
    speakers: SpeakerContext | None = None,
    attribution: Mapping[str, Any] | None = None,
) -> list[Statement]:
    """The statements of one article (see module docstring).

    ``mentions`` are (mention, entity id) pairs with offsets into
    ``article.text``; ``min_words`` content words make a statement.
    ``speakers`` is the story's ``speakers.speaker_context`` (titles held by
    one entity, the outlets, mention counts, ``[entities]
    speaker_surname_dominance``); without it, ``titles`` (a folded title ->
    the one entity the story gives it) alone is used.
    An attribution belongs to a clause when its content covers ``min_cover``
    of it, or when its cue is inside it.
    """
    who = ArticleSpeakers(article, mentions, index, speakers or SpeakerContext(titles=titles or {}))
    text = article.text
    if attributions is None:
        if attribution is None:
            raise TypeError("extract_statements needs the [attribution] settings (or the attributions)")
        attributions = extract_attributions(text, [(s.start, s.end) for s in article.sentences], settings=attribution)
    mentions = sorted(mentions, key=lambda me: me[0].start)
    m_starts = [m.start for m, _ in mentions]
    entity_of = {e.id: e for e in index.entities}
    posts = _posts(article)
    near = _by_sentence(attributions, article)
    out: list[Statement] = []
    for sent in article.sentences:
        post = posts.get(sent.id)
        if post and post[1] == "signature" or sent.text.rstrip().endswith("…") and len(sent.text.split()) < 12:
            continue
        for c_start, c_end in _clauses(text, sent.start, sent.end):
            ctext = text[c_start:c_end]
            if _EMBED_RESIDUE.search(ctext):
                ctext_clean = _EMBED_RESIDUE.split(ctext)[0]
                if len(content_words(ctext_clean)) < min_words or ctext_clean.rstrip().endswith("…"):
                    continue
            if len(content_words(ctext)) < min_words:
                continue
            att = _attribution_for(near.get(sent.id, ()), c_start, c_end, min_cover)
            if att is not None and att.cue.start >= sent.end:
                att = None  # a cue in a later sentence belongs to that sentence's own quote
            lo = bisect.bisect_left(m_starts, c_start)
            hi = bisect.bisect_left(m_starts, c_end)
            here = mentions[lo:hi]
            entity_ids = frozenset(eid for _, eid in here)
            places = tuple(
                (eid, m.text) for m, eid in here
                if entity_of.get(eid) is not None and entity_of[eid].kind == "place"
                and _PLACE_PREP.search(text[max(c_start, m.start - 30) : m.start])
            )
            quantities = tuple(q for q in find_quantities(ctext) if not _inside_name(q, c_start, here))
            quantities = tuple(
                replace(q, start=q.start + c_start, end=q.end + c_start) for q in quantities
            )
            times = tuple(
                replace(t, start=t.start + c_start, end=t.end + c_start) for t in find_times(ctext, article.published)
            )
            speaker = speaker_id = quote = medium = speaker_text = None
            explicit = False
            post_date = None
            if post:
                kind = "quote"
                ent = index.lookup(post[0])
                speaker, speaker_id = (display_name(ent), ent.id) if ent else (post[0], None)
                explicit, quote, medium, post_date = True, ctext, "X", post[2]
                speaker_text = post[0]
            elif att is not None:
                kind = "quote" if att.kind == "direct" else "reported"
                ent = who.speaker(att)  # claims/speakers.py: only what the text supports, else None
                if ent is not None:
                    speaker, speaker_id = display_name(ent), ent.id
                explicit = bool(
                    att.source is not None
                    and c_start <= att.cue.start < c_end
                    and att.source.text.lower() not in PRONOUNS
                    and c_start <= att.source.start < c_end
                )
                speaker_text = att.source.text if att.source else None
                if att.kind == "direct":
                    quote = att.content.text
                else:  # 'said he believed "there's a lot of goodwill"': the quoted words it carries
                    quote = _inline_quote(att.content.text)
                medium = _medium(ctext) or _medium(text[sent.start : sent.end])
            elif any(q.noun for q in quantities):
                kind = "quantity"
            elif any(t.kind in ("date", "weekday") for t in times):
                kind = "date"
            else:
                kind = "fact"
            out.append(
                Statement(
                    article_id=article.id,
                    sentence_id=sent.id,
                    start=c_start,
                    end=c_end,
                    text=ctext,
                    kind=kind,
                    speaker=speaker,
                    speaker_id=speaker_id,
                    speaker_explicit=explicit,
                    speaker_text=speaker_text,
                    quote=quote,
                    medium=medium,
                    entity_ids=entity_ids,
                    places=places,
                    quantities=quantities,
                    times=times,
                    post_date=post_date,
                    post_signature=post[3] if post else None,
                    quality=article.quality.score,
                    published=None if "published" in dict(article.inferred) else article.published,
                    negated=negated(ctext),
                    modality=modality(ctext),
                )
            )
    return out


def _by_sentence(attributions: list[Attribution], article: Article) -> dict[int, list[Attribution]]:
    """Sentence id -> the attributions whose content or cue touches that sentence (so each
    clause looks at a few candidates, not at every attribution of a long article)."""
    starts = [s.start for s in article.sentences]
    out: dict[int, list[Attribution]] = {}
    for att in attributions:
        lo = min(att.content.start, att.cue.start)
        hi = max(att.content.end, att.cue.end)
        first = max(0, bisect.bisect_right(starts, lo) - 1)
        last = max(0, bisect.bisect_left(starts, hi) - 1)
        for k in range(first, last + 1):
            out.setdefault(article.sentences[k].id, []).append(att)
    return out


def _attribution_for(
    attributions: list[Attribution], start: int, end: int, min_cover: float = 0.3
) -> Attribution | None:
    """The attribution whose content covers most of [start, end): at least ``min_cover`` of it,
    or any part when its cue is inside the clause ("“We will never give up,” X said in a
    video address on Sunday evening": a short quote, a long attribution)."""
    best, best_overlap = None, 0
    for att in attributions:
        overlap = min(end, att.content.end) - max(start, att.content.start)
        if overlap > best_overlap and (overlap >= min_cover * (end - start) or (overlap > 0 and start <= att.cue.start < end)):
            best, best_overlap = att, overlap
    return best


def _inside_name(q: Quantity, offset: int, here: list[tuple[Mention, str]]) -> bool:
    """A number that is part of a name ("Formula 1", "Group of 7") is not a quantity."""
    s, e = q.start + offset, q.end + offset
    return any(m.start <= s and e <= m.end for m, _ in here)
