"""Speakers: who said a quote or reported statement, only as far as the text says.

``speaker_context(resolution, articles, surname_dominance=...)`` gathers once per story
what resolution needs (titles one entity holds, the outlets, mention counts);
``ArticleSpeakers(article, mentions, index, context)`` reads one cleaned article and
the story's entity mentions in it (from ``entities.resolve``); its ``speaker(att)``
returns the ``Entity`` that said the attribution's content, or None. Rules (each with a test in
tests/claims/test_speakers.py, measured by ``corroborate bench speakers``):

* a written source names its speaker by a person (else organisation) mention that heads
  it: not a possessive ("Mr. Trump's comments"), not a modifier of a noun ("the FBI
  director", "GOP lawmakers"), not after a preposition ("a spokesman for Mr. Moon") nor
  inside a relative clause ("Trump, who welcomed ... Abe"); two or more such people
  ("Gowdy and Nunes", "Kyiv and Western officials") are a list: no speaker;
* a bare surname ("Johnson") names a person only when one person of the story carries
  that surname, or one is mentioned ``surname_dominance`` times as often as each other;
* a title-only source ("the foreign minister") names the one holder the story gives that
  title; a title several people hold ("the president") names nobody;
* "he"/"she" resolve to the one person named before the cue in the same sentence, else to
  the previous sentence's speaker when it had one, else to the one person the previous
  sentence names (skipping sentences that name nobody); two candidates: no speaker;
  a pronoun whose sentence names a person only as a possessive before it ("Khan's remarks, when he
  said") resolves to nobody. "who"/"which" resolve to the name right before them, unless that name
  is a preposition's object ("a big fan of Hillary Clinton, who ..."); "they", "it", "I", "we": none;
* a cue that reports nothing said (negated, modal, conditional: "he did not repeat ...") gives no
  speaker, but its subject stays who the next "he said" refers back to;
* a quantified group ("Many Democrats", "Some officials") is no speaker;
* never a fragment, a generic noun ("officials", "analysts"), a place, or one of the
  story's outlets (the articles' ``source`` values).
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Iterable, Mapping

from ..features.text import STOPWORDS, fold
from ..model import Article, Entity
from . import gazetteer
from .attribution import Attribution
from .cues import PRONOUNS
from .entities import EntityIndex, Mention, Resolution
from .names import ORG_NOUNS, PERSON_NOUNS, TITLES, similar

# lower-case nouns that, right after a name, make the name a modifier ("FBI director", "Trump campaign")
HEAD_NOUNS = PERSON_NOUNS | ORG_NOUNS | frozenset(
    """officials lawmakers legislators critics supporters aides staff spokespeople officers forces military troops
    memo memos office campaign administration team lawyers attorneys analysts experts sources chief chiefs
    government officers agents diplomats negotiators voters members statement report documents visit visits trip
    count comments remarks allies associates family relationship deal policy policies plan plans program server
    servers staffer staffers spokesman spokeswoman""".split()
)
PREPOSITIONS = frozenset(
    """for of by with at in on from to about against under behind than like between among toward towards into
    over after before during via per""".split()
)
_RELATIVE = re.compile(r"\b(?:who|whom|whose|which|that)\b")
_INDEFINITE = re.compile(r"\s*(?:a|an|another|one|some|many|several|two|three|other)\b", re.I)
_TIME_ADJECTIVES = frozenset("former ex then current new newly incoming outgoing".split())
_ADVERBS = r"(?:\w+ly\s+|also\s+|even\s+|still\s+|already\s+|not\s+|never\s+)*"
_NEGATED = re.compile(r"(?:\b(?:not|never|no\s+longer)|n[’']t)\s+" + _ADVERBS + r"$", re.I)
_MODAL = re.compile(
    r"\b(?:must|could|might|may|would|should|can|cannot)\s+" + _ADVERBS + r"(?:be\s+|have\s+)?" + _ADVERBS + r"$", re.I
)
_PASSIVE = re.compile(r"\b(?:is|are|was|were|been|being|be)\s+" + _ADVERBS + r"$", re.I)
_CONDITION = re.compile(r"\b(?:if|whether|unless)\s+$", re.I)
_INTENT = ("hop", "want", "plan", "seek", "sought", "intend", "aim", "expect", "decid", "wish", "tri", "try")  # stems
_QUOTED = re.compile(r"“[^”]*”|\"[^\"\n]*\"")
_SPEAKER_KINDS = ("person", "organisation", "other")
_QUANTIFIERS = frozenset("many some most several few all both other others numerous various".split())
_SUFFIXES = frozenset("jr sr ii iii iv".split())


def _surname(name: str) -> str:
    """The last word of a full name that is not a generational suffix ("Donald Trump Jr." -> "Trump")."""
    words = name.split()
    while len(words) > 1 and fold(words[-1]).strip(".,") in _SUFFIXES:
        words.pop()
    return words[-1].strip(",")


def story_titles(mentions: Iterable[tuple[Mention, str]]) -> dict[str, str]:
    """Folded titles ("foreign minister", "president") held by exactly one entity of the story."""
    holders: dict[str, set[str]] = {}
    for m, eid in mentions:
        if m.title:
            words = fold(m.title).replace(".", "").split()
            for k in range(len(words)):
                holders.setdefault(" ".join(words[k:]), set()).add(eid)
    return {t: next(iter(e)) for t, e in holders.items() if len(e) == 1 and t not in {"mr", "mrs", "ms", "dr"}}


def display_name(entity: Entity) -> str:
    """The name to show for a speaker: the canonical name, or its most used multiword
    variant when the canonical name only adds words in front ("United States Donald
    Trump" -> "Donald Trump", "Labour MP David Lammy" -> "David Lammy")."""
    for v in entity.variants:
        if len(v.split()) > 1 and v != entity.name and entity.name.endswith(" " + v):
            return v
    words = entity.name.split()
    if entity.kind == "person":
        titled = [k for k, w in enumerate(words[:-2]) if fold(w).replace(".", "") in TITLES]
        if titled:
            return " ".join(words[titled[-1] + 1 :])  # "Patrol Agent Rodney Scott" -> "Rodney Scott"
    return entity.name


@dataclass(frozen=True, slots=True)
class SpeakerContext:
    """What speaker resolution needs to know about the whole story (built once per story by
    ``speaker_context``; an internal stage input, so it lives here and not in model.py)."""

    titles: Mapping[str, str] = field(default_factory=dict)  # folded title -> its one holder's entity id
    outlets: frozenset[str] = frozenset()  # the articles' ``source`` values
    mention_counts: Mapping[str, int] = field(default_factory=dict)  # entity id -> mentions in the story
    surname_dominance: float = float("inf")


def speaker_context(
    resolution: Resolution, articles: Iterable[Article], *, surname_dominance: float = float("inf")
) -> SpeakerContext:
    """The story-wide part of speaker resolution: titles held by one entity, outlets, mention counts.
    ``surname_dominance`` is ``[entities] speaker_surname_dominance`` of the caller's settings."""
    return SpeakerContext(
        titles=story_titles((m, eid) for _, m, eid in resolution.mentions),
        outlets=frozenset(a.source for a in articles if a.source),
        mention_counts=dict(Counter(eid for _, _, eid in resolution.mentions)),
        surname_dominance=float(surname_dominance),
    )


class ArticleSpeakers:
    """Speaker resolution for the attributions of one article (see module docstring)."""

    def __init__(
        self,
        article: Article,
        mentions: list[tuple[Mention, str]],
        index: EntityIndex,
        context: SpeakerContext | None = None,
    ):
        context = context or SpeakerContext()
        self.text = article.text
        self.sentences = article.sentences
        self.starts = [s.start for s in article.sentences]
        self.mentions = sorted(mentions, key=lambda me: me[0].start)
        self.m_starts = [m.start for m, _ in self.mentions]
        self.index = index
        self.entity_of = {e.id: e for e in index.entities}
        self.titles = dict(context.titles)
        self.outlets = {fold(o).removeprefix("the ") for o in (*context.outlets, article.source or "") if o}
        self.surname_dominance = context.surname_dominance
        self.counts = Counter(context.mention_counts)
        if not self.counts:
            self.counts.update(eid for _, eid in self.mentions)
        self.said: dict[int, Entity | None] = {}  # sentence index -> the speaker its attribution got (None: unresolved)
        self._memo: dict[tuple[int, int], Entity | None] = {}

    # ------------------------------------------------------------ public
    def speaker(self, att: Attribution) -> Entity | None:
        """The entity that said ``att``, or None. Resolved once per attribution and remembered
        for the sentence holding its source (or cue), which a later "he said" may refer back to:
        call it for the attributions of an article in text order."""
        key = (att.cue.start, att.cue.end)
        if key not in self._memo:
            at = att.source.start if att.source is not None else att.cue.start
            j = max(0, bisect.bisect_right(self.starts, at) - 1)
            ent = self._resolve(att, j)
            if ent is not None and (ent.kind not in _SPEAKER_KINDS or self._is_outlet(ent)):
                ent = None
            # a cue that reports nothing said ("he did not repeat the claim") gives no speaker, but
            # its subject is still who the next "he said" refers back to
            self._memo[key] = None if att.source is not None and self._not_said(att) else ent
            self.said[j] = ent
        return self._memo[key]

    # ------------------------------------------------------------ rules
    def _resolve(self, att: Attribution, k: int) -> Entity | None:
        src = att.source
        if src is None:
            return None
        word = src.text.strip().lower()
        if word in ("he", "she"):
            return self._pronoun(src.start, k, att.content.start, att.content.end)
        if word in ("who", "which"):
            return self._relative(src.start, "person" if word == "who" else None)
        if " " not in word and (word in PRONOUNS or word in ("him", "them", "this", "these", "those")):
            return None
        return self._written(src.start, src.end)

    def _written(self, start: int, end: int) -> Entity | None:
        span = self.text[start:end]
        rel = _RELATIVE.search(span)
        cut = start + rel.start() if rel else end
        head_text = self.text[start:cut]
        last = re.findall(r"[A-Za-z][\w'’-]*", head_text.split(",")[0])
        if last and last[-1][:1].islower() and _plural(last[-1]):
            return None  # a group: "GOP presidential candidates", "the Republican congressmen"
        heads: list[tuple[Mention, str]] = []
        for m, eid in self._mentions_in(start, cut):
            if self._possessive(m) or self._modifier(m, cut) or self._after_preposition(m, start):
                continue
            if re.search(r"[A-Z][\w.]*\s+(?:and|&)\s+$", self.text[start : m.start]):
                return None  # "Customs and Border Protection" read as two names, or a list "Gates and Papadopoulos"
            if _INDEFINITE.match(self.text[start : m.start]) and "," not in self.text[start : m.start]:
                continue  # "a former DNC staffer": the speaker is the indefinite noun, not the name
            if fold(m.text.split()[0]) in _QUANTIFIERS:
                return None  # "Many Democrats claim ...": some unnamed members of a group
            heads.append((m, eid))
        if len({eid for _, eid in heads if self._kind(eid) == "person"}) > 1:
            return None  # a list of people, however each one resolves
        people: dict[str, Entity] = {}
        others: dict[str, Entity] = {}
        for m, eid in heads:
            ent = self._head_entity(m, eid, start)
            if ent is None:
                continue
            (people if ent.kind == "person" else others)[ent.id] = ent
        if len(people) > 1 or (not people and len(others) > 1):
            return None  # a list ("Gowdy and Nunes") or two candidates
        if people or others:
            return next(iter((people or others).values()))
        if heads:
            return None  # only places or unknown words named
        return self._by_title(head_text)

    def _head_entity(self, m: Mention, eid: str, start: int) -> Entity | None:
        """The speaker a head mention names: its entity, a one-word name's one full-name
        holder ("Cruz" -> Ted Cruz), or None (a shared surname, a place, a stray word)."""
        ent = self.entity_of.get(eid)
        if ent is None:
            return None
        if len(m.text.split()) > 1:
            return ent if ent.kind in _SPEAKER_KINDS else None
        if ent.kind == "organisation":
            return ent if _word_of(m.text, ent) else None
        if ent.kind not in ("person", "other"):
            return None
        holder = self._surname_holder(m.text)
        if holder is not None:
            return holder
        if self._holders(m.text):
            return None  # a surname several people of the story carry
        if ent.kind == "person" or self._given_name_before(m, start):
            return ent if _word_of(m.text, ent) else None
        return None

    def _by_title(self, surface: str) -> Entity | None:
        """The one holder of a title the source is made of ("the Ukrainian foreign minister")."""
        if _INDEFINITE.match(surface):
            return None
        words = [w.strip(",") for w in fold(surface).replace(".", "").split()]
        words = [w for w in words if w and w != "the"]
        if not words or not any(w in TITLES for w in words):
            return None
        folded = " " + " ".join(words) + " "
        best = None
        for title, eid in self.titles.items():
            if f" {title} " in folded and (best is None or len(title) > len(best[0])):
                best = (title, eid)
        if best is None or not folded.rstrip().endswith(best[0]):
            return None  # the title must head the source: not "the president's lawyer"
        orig = [w.strip(",") for w in surface.replace(".", "").split() if w.lower() != "the"]
        rest = orig[: len(orig) - len(best[0].split())]
        if any(not (w.lower() in _TIME_ADJECTIVES or gazetteer.demonym_place(w)
                    or gazetteer.is_place(re.sub(r"['’]s$", "", w))) for w in rest):
            return None  # "a prominent foreign leader": more than a nationality in front of the title
        return self.entity_of.get(best[1])

    def _pronoun(self, at: int, k: int, c_start: int, c_end: int) -> Entity | None:
        sent = self.sentences[k]
        here = {eid: m for eid, m in self._people(sent.start, at).items() if not c_start <= m.start < c_end}
        if len(here) > 1:
            return None
        if here:
            return self._person(*next(iter(here.items())))
        if self._people(sent.start, at, objects=True):
            return None  # only a preposition's object before it ("between Mr. Trump and Mexico ... he"): unclear
        if any(self._possessive(m) and self._kind(eid) == "person" for m, eid in self._mentions_in(sent.start, at)):
            return None  # "Breitbart London reported on Khan's remarks, when he said ...": only a possessive, unclear
        for j in (k - 1, k - 2):
            if j < 0:
                break
            if j in self.said:
                ent = self.said[j]
                return ent if ent is not None and ent.kind == "person" else None
            prev = self.sentences[j]
            people = self._people(prev.start, prev.end)
            if len(people) > 1:
                return None
            if people:
                return self._person(*next(iter(people.items())))
        return None

    def _relative(self, at: int, kind: str | None) -> Entity | None:
        """The name ending right before "who"/"which" (", who" or " who")."""
        k = bisect.bisect_left(self.m_starts, at) - 1
        if k < 0:
            return None
        m, eid = self.mentions[k]
        if self.text[m.end : at].strip(" ,") or self._possessive(m):
            return None
        sent = self.sentences[max(0, bisect.bisect_right(self.starts, m.start) - 1)] if self.sentences else None
        if self._after_preposition(m, sent.start if sent is not None else 0):
            return None  # "Sadiq Khan, a big fan of Hillary Clinton, who ...": the name may not be the head
        ent = self._head_entity(m, eid, m.start)
        if ent is None or (kind == "person" and ent.kind != "person"):
            return None
        return ent

    def _not_said(self, att: Attribution) -> bool:
        """The cue does not report the source saying the content: negated ("hasn't discussed"),
        under a modal ("must decide", "could be hoping"), passive ("was dismissed", "is expected
        to"), inside a condition ("if Kim decides", "whether Trump sought") or an intention
        followed by "to" ("hoped to change the subject")."""
        src, cue = att.source, att.cue
        if cue.start < src.start:
            return False  # '"...," said X': the cue comes first, nothing in between
        pre = self.text[max(src.end, cue.start - 40) : cue.start]
        if _NEGATED.search(pre) or _MODAL.search(pre):
            return True
        if _PASSIVE.search(pre) and not cue.text.lower().endswith("ing"):
            return True
        if _CONDITION.search(self.text[max(0, src.start - 12) : src.start]):
            return True
        verb = cue.text.lower().split()[0]
        return verb.startswith(_INTENT) and bool(re.match(r"\s+to\s+[a-z]", self.text[cue.end : cue.end + 20]))

    # ------------------------------------------------------------ helpers
    def _mentions_in(self, start: int, end: int) -> list[tuple[Mention, str]]:
        lo = bisect.bisect_left(self.m_starts, start)
        hi = bisect.bisect_left(self.m_starts, end)
        return [(m, eid) for m, eid in self.mentions[lo:hi] if m.end <= end]

    def _people(self, start: int, end: int, objects: bool = False) -> dict[str, Mention]:
        """The people a pronoun may refer to in [start, end): person names outside quotation
        marks that are not possessives or (unless ``objects``) objects of a preposition ("with Mr. Kim")."""
        quoted = [(start + q.start(), start + q.end()) for q in _QUOTED.finditer(self.text[start:end])]
        out: dict[str, Mention] = {}
        for m, eid in self._mentions_in(start, end):
            ent = self.entity_of.get(eid)
            if ent is None or ent.kind != "person" or not _personlike(ent.name):
                continue
            if any(a <= m.start < b for a, b in quoted) or self._possessive(m):
                continue
            if not objects and self._after_preposition(m, start):
                continue
            out[eid] = m
        return out

    def _person(self, eid: str, m: Mention) -> Entity | None:
        """The person a pronoun's antecedent names, unless it was a bare surname several people carry."""
        if len(m.text.split()) == 1 and self._kind(eid) in ("person", "other"):
            holder = self._surname_holder(m.text)
            if holder is not None or self._holders(m.text):
                return holder
            ent = self.entity_of.get(eid)
            return ent if ent is not None and _word_of(m.text, ent) else None
        return self.entity_of.get(eid)

    def _kind(self, eid: str) -> str:
        e = self.entity_of.get(eid)
        return e.kind if e is not None else "other"

    def _possessive(self, m: Mention) -> bool:
        return self.text[m.end : m.end + 1] in ("'", "’")

    def _modifier(self, m: Mention, end: int) -> bool:
        nxt = re.match(r"\s+([a-z][\w-]*)", self.text[m.end : end])
        return bool(nxt) and nxt.group(1) in HEAD_NOUNS

    def _after_preposition(self, m: Mention, start: int) -> bool:
        before = self.text[start : m.start].split()
        k = len(before) - 1
        while k >= 0 and (before[k][:1].isupper() or before[k] in ("the", "a", "an", "&", "and")):
            k -= 1  # skip names, titles and articles in front ("for the nonprofit", "by President")
        return k >= 0 and before[k] in PREPOSITIONS  # "Soon after, Mr. Comey": a comma ends the phrase

    def _given_name_before(self, m: Mention, start: int) -> bool:
        """The source writes a full name: a capitalised word right before a one-word mention ("Kristi Govella")."""
        before = self.text[start : m.start].split()
        w = before[-1] if before else ""
        return w[:1].isupper() and w.isalpha() and fold(w) not in TITLES and fold(w) not in STOPWORDS

    def _holders(self, surname: str) -> set[str]:
        idx = self.index
        return {  # the surname ends the name, or starts it where the family name comes first ("Kim Jong Un")
            e.id for e in idx.entities if e.kind == "person" and _personlike(e.name) and not surname.isupper()
            and any(len(v.split()) > 1 and any(similar(surname, w, idx.surname_threshold, idx.min_fuzzy_len)
                                                 for w in (_surname(v), v.split()[0]))
                    for v in e.variants)
        }

    def _surname_holder(self, surname: str) -> Entity | None:
        """The person a bare surname names: the only person of the story with a full name ending in
        it, or one mentioned ``surname_dominance`` times as often as each other; else None."""
        holders = self._holders(surname)
        if not holders:
            return None
        if len(holders) > 1:
            ranked = sorted(holders, key=lambda h: -self.counts.get(h, 0))
            top, second = self.counts.get(ranked[0], 0), self.counts.get(ranked[1], 0)
            if top < self.surname_dominance * max(second, 1):
                return None
        best = max(holders, key=lambda h: self.counts.get(h, 0))
        return self.entity_of.get(best)

    def _is_outlet(self, ent: Entity) -> bool:
        return any(fold(v).removeprefix("the ") in self.outlets for v in (ent.name, *ent.variants))


def _plural(word: str) -> bool:
    w = word.lower()
    return len(w) > 3 and (w.endswith("men") or (w.endswith("s") and not w.endswith(("ss", "us", "is"))))


def _personlike(name: str) -> bool:
    """A person's name has no lower-case linking words ("Port of Entry" is no person)."""
    return not any(w in ("of", "for", "and", "&", "the", "on", "at") for w in name.split())


def _word_of(word: str, ent: Entity) -> bool:
    """A one-word mention names the entity by a word of one of its names or by an acronym, not by
    a look-alike the linker joined ("UK" is a word of "Amnesty International UK", "Server" of none)."""
    key = fold(word).replace(".", "")
    return any(key in fold(v).replace(".", "").split() for v in (ent.name, *ent.variants))
