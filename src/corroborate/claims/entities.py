"""Entities: people, organisations and places named in the articles of one story.

``mentions(text)`` reads a plain text and returns proper-name ``Mention``s found by
capitalisation patterns and cue words, with no downloaded model: titles
("President", "Mr.", "Foreign Minister") are split off and make a person; cue words
inside or around the name ("Ministry", "Times", "newspaper ...", "... region") and
the gazetteer (``claims/gazetteer.py``: pycountry countries and subdivisions, world
cities) decide organisation or place; all-caps acronyms are organisations unless the
gazetteer knows them. Sentence-initial words count only when the text (or the story)
also uses them as names. Demonyms ("Ukrainian", "North Koreans") are *not* mentions:
they describe nationality, not a reference to the place; ``gazetteer.demonym_place``
maps them when a caller wants to.

``resolve(docs)`` / ``link_entities(docs)`` read (article_id, text) pairs of one story
and return ``model.Entity`` records: mentions are grouped by transliteration-folded
keys (``claims/names.py``: any script, so Зеленський, Zelenskyy and Zelensky share one),
full names are joined when their surnames are spelled alike (keys, loose keys:
Selenskyj / Zelensky) and their given names are compatible (Andrius / Andrii, J. / James),
surname-only and title+surname mentions join the one full name they fit, acronyms join
the name they abbreviate, and remaining one-word spellings join when alike *and* used
in similar contexts (shared neighbouring words). Kinds must agree. An entity's id is
its kind and the ASCII slug of its name (``entity_slug``: transliterated, so
``person:volodimir-zelenskiy`` for a story that names him only in Ukrainian); the
most complete Latin-script spelling names it. ``EntityIndex`` looks a surface string
(a speaker "Zelenski", "Selenskyj") up among the entities.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections import Counter, defaultdict
from functools import lru_cache
from dataclasses import dataclass, field
from typing import Any, Iterable, Mapping, Sequence

from ..features.text import STOPWORDS, fold
from ..model import Entity
from . import gazetteer
from .names import (
    ABBREVIATIONS,
    CONNECTORS,
    MONTHS_DAYS,
    NUMBER_WORDS,
    EVENT_CUES,
    ORG_CUES,
    ORG_NOUNS,
    PERSON_NOUNS,
    PLACE_CUES,
    PLACE_NOUNS,
    ROLE_NOUNS,
    SPEECH_VERBS,
    TITLE_HEADS,
    TITLES,
    compatible_given,
    jaro_winkler,
    name_initials,
    name_key,
    similar,
    translit,
)

KINDS = ("person", "organisation", "place", "other")


@dataclass(frozen=True, slots=True)
class Mention:
    start: int
    end: int
    text: str  # the name as written, without title or possessive
    kind: str  # person | organisation | place | other
    head: str  # surname (last token) for people, the whole name otherwise
    title: str = ""  # the title split off in front ("Foreign Minister"), if any
    # kind evidence: (kind, weight) pairs; summed over a group of mentions to decide its kind
    votes: tuple[tuple[str, float], ...] = field(default=(), compare=False)


@dataclass(frozen=True, slots=True)
class Resolution:
    """Entities of one story and where each was mentioned."""

    entities: tuple[Entity, ...]
    mentions: tuple[tuple[str, Mention, str], ...]  # (article_id, mention, entity id)
    # what ``[entities] max_name_block`` cut ("1,234 names share one block ..."), for the story's notes
    notes: tuple[str, ...] = ()


# ---------------------------------------------------------------- tokens

_TOKEN = re.compile(r"(?:[A-Z]\.){2,}|[^\W\d_]+(?:['’\-][^\W\d_]+)*|\d[\d.,]*|\S")
_POSSESSIVE = re.compile(r"['’]s?$")
_PLACE_PREPS = {"in": 1.0, "at": 0.7, "from": 0.7, "near": 1.0, "across": 0.7, "into": 0.7, "inside": 0.7,
                "outside": 0.7, "throughout": 1.0, "to": 0.4}
_SENTENCE_END = {".", "!", "?", ":", ";", "…"}
_OPENERS = set("\"“‘'([—–-")
# sentence openers that are neither stopwords nor -ly/-ed/-ing words ("Despite Trump's threats")
_OPENER_WORDS = frozenset("""since after before when while because but and or so if as despite unlike amid among
meanwhile however although though instead perhaps maybe thus hence still yet once whereas whether unless until upon
within without toward towards beyond beside besides like near per via versus plus minus then now today tonight
yesterday tomorrow here there why how what which""".split())


@dataclass(slots=True)
class _Tok:
    start: int
    end: int
    text: str
    cap: bool
    initial: bool = False
    possessive: bool = False
    headline: bool = False


def _tokens(text: str) -> list[_Tok]:
    toks: list[_Tok] = []
    for m in _TOKEN.finditer(text):
        s, e, t = m.start(), m.end(), m.group()
        if toks and t == "." and toks[-1].end == s:
            prev = toks[-1]
            bare = fold(prev.text)
            if bare in ABBREVIATIONS or (len(prev.text) == 1 and prev.text.isupper()):
                prev.end, prev.text = e, prev.text + "."
                continue
        cap = t[:1].isupper()
        poss = False
        if cap and _POSSESSIVE.search(t) and len(t) > 2:
            core = _POSSESSIVE.sub("", t)
            if core != t and core:
                poss, e, t = True, s + len(core), core
        toks.append(_Tok(s, e, t, cap, possessive=poss))
    # sentence-initial: first token, after a terminator, or after a newline (skipping openers)
    prev_real: _Tok | None = None
    for i, tok in enumerate(toks):
        if tok.text in _OPENERS:
            continue
        gap_start = prev_real.end if prev_real else 0
        k = i - 1
        while k >= 0 and toks[k].text in _OPENERS:
            k -= 1
        before = toks[k] if k >= 0 else None
        tok.initial = before is None or before.text in _SENTENCE_END or "\n" in text[gap_start : tok.start]
        prev_real = tok
    # title-case lines (headlines): every token there needs the same evidence as a sentence start
    starts = [t.start for t in toks]  # ascending: tokens come in text order
    pos = 0
    for line in text.split("\n"):
        lo, hi = pos, pos + len(line)
        pos = hi + 1
        words = [t for t in toks[bisect_left(starts, lo) : bisect_left(starts, hi)] if t.text[:1].isalpha()]
        if len(words) >= 4 and sum(t.cap for t in words) >= 0.7 * len(words):
            for t in words:
                t.initial = t.headline = True
    return toks


@lru_cache(maxsize=100_000)
def _bare(tok_text: str) -> str:
    return fold(tok_text).replace(".", "")


def _is_acronym(t: str) -> bool:
    letters = t.replace(".", "")
    return 2 <= len(letters) <= 6 and letters.isalpha() and letters.isupper()


# ---------------------------------------------------------------- detection


def name_words(text: str) -> tuple[set[str], set[str]]:
    """(folded words capitalised mid-sentence, folded words written in lower case) of a text."""
    return _name_words(_tokens(text))


def _name_words(toks: list[_Tok]) -> tuple[set[str], set[str]]:
    """``name_words`` of an already tokenised text."""
    return {fold(t.text) for t in toks if t.cap and not t.initial}, {fold(t.text) for t in toks if t.text[:1].islower()}


def mentions(text: str, known: Iterable[str] = (), common: Iterable[str] = ()) -> list[Mention]:
    """Proper-name mentions of ``text`` in order. ``known``: folded words used as names
    elsewhere in the story (lets a sentence-initial "Sybiha" count); ``common``: words
    the story writes in lower case (a sentence-initial "Since" is no name)."""
    return _mentions(text, _tokens(text), known, common)


def _mentions(text: str, toks: list[_Tok], known: Iterable[str], common: Iterable[str]) -> list[Mention]:
    """``mentions`` of a text already tokenised by ``_tokens`` (``toks`` is only read)."""
    known_set = set(known)
    mid, low = _name_words(toks)
    lower_words = low | set(common)
    mid_caps = mid | known_set

    def evidence(t: _Tok) -> int:
        """2: a name word; 1: maybe (needs a name word after it); 0: not a name word."""
        b = _bare(t.text)
        if not t.cap or not b:
            return 0
        if b in TITLES or _is_acronym(t.text):
            return 2 if not (t.initial and b in STOPWORDS and b not in ABBREVIATIONS) else 0
        if b in STOPWORDS or b in NUMBER_WORDS or b in MONTHS_DAYS:
            return 0
        if not t.initial:
            return 2
        f = fold(t.text)
        if f in mid_caps or f in known_set or gazetteer.is_place(t.text):
            return 2
        if f in lower_words or t.headline or f.endswith("ly"):
            return 0
        return 1

    ev = [evidence(t) for t in toks]
    # mid-sentence month names after a title ("Mrs. May") are names
    for i in range(1, len(toks)):
        prev = _bare(toks[i - 1].text)
        if ev[i] == 0 and toks[i].cap and not toks[i].initial and (prev in ABBREVIATIONS or prev in TITLE_HEADS):
            ev[i] = 2
    runs: list[list[int]] = []
    i = 0
    n = len(toks)
    while i < n:
        if ev[i] == 0 or (i > 0 and toks[i - 1].text in {"@", "#"}):
            i += 1
            continue
        run = [i]
        j = i + 1
        while j < n and not toks[j - 1].possessive and "\n" not in text[toks[j - 1].end : toks[j].start]:
            if ev[j]:
                run.append(j)
                j += 1
                continue
            c = toks[j]
            if c.text in CONNECTORS and j + 1 < n and ev[j + 1] and toks[j + 1].cap:
                left = _bare(toks[j - 1].text)
                if c.text != "of" and _bare(toks[j + 1].text) in TITLE_HEADS:
                    break  # "Angaben von Präsident Selenskyj": a title after "von"/"de" starts a new name
                if c.text != "of" or left in ORG_CUES or left in PLACE_CUES or left in TITLE_HEADS:
                    run.extend([j, j + 1])
                    j += 2
                    continue
            break
        runs.append(run)
        i = j
    out: list[Mention] = []
    for run in runs:
        # a sentence-initial unknown word before a known name ("Since Kim") is no part of it
        if (len(run) > 1 and ev[run[0]] == 1 and all(fold(toks[k].text) in mid_caps for k in run[1:])
                and not _given_name_like(toks[run[0]].text)):
            run = run[1:]
        out.extend(_run_mentions(text, toks, run, ev))
    return out


def _given_name_like(word: str) -> bool:
    """A sentence-initial word that may be a given name ("Boris" in "Boris Johnson, who ..."), not an
    adverb, participle or other sentence opener ("Meanwhile", "Asked", "Following", "Unlike")."""
    w = fold(word)
    return (w.isalpha() and len(w) > 2 and w not in STOPWORDS and w not in _OPENER_WORDS
            and not w.endswith(("ly", "ed", "ing", "ward", "wards", "ever")))


def _split_title(toks: list[_Tok], run: list[int]) -> tuple[list[int], list[int], list[int]]:
    """(prefix, title, name) parts of a run such as 'Ukraine Foreign Minister Andrii Sybiha'."""
    last = _bare(toks[run[-1]].text)
    if last in ORG_CUES or last in PLACE_CUES:
        return [], [], run
    head = -1
    for k, idx in enumerate(run):
        if _bare(toks[idx].text) in TITLE_HEADS:
            head = k
    if head < 0:
        return [], [], run
    name_from = head + 1
    if name_from + 1 < len(run) and toks[run[name_from]].text == "of":  # Secretary of State Mike Pompeo
        name_from += 2
    first = head
    while first > 0 and _bare(toks[run[first - 1]].text) in TITLES:
        first -= 1
    return run[:first], run[first:name_from], run[name_from:]


def _run_mentions(text: str, toks: list[_Tok], run: list[int], ev: list[int], prefix_part: bool = False) -> list[Mention]:
    # strip leading non-names (sentence starters) and 'maybe' words not followed by a name word
    while run and (ev[run[0]] == 0 or (ev[run[0]] == 1 and (len(run) == 1 or ev[run[1]] != 2))):
        if toks[run[0]].text in CONNECTORS or ev[run[0]] != 2:
            run = run[1:]
        else:
            break
    while run and toks[run[-1]].text in CONNECTORS:
        run = run[:-1]
    if len(run) > 1 and ev[run[0]] == 1:
        rest = text[toks[run[1]].start : toks[run[-1]].end]
        if gazetteer.is_place(rest) or _bare(toks[run[1]].text) in TITLES:
            run = run[1:]
    if not run:
        return []
    prefix, title, name = _split_title(toks, run)
    out: list[Mention] = []
    if prefix and title:
        out.extend(_run_mentions(text, toks, prefix, ev, True))
    if not name:
        return out
    start, end = toks[name[0]].start, toks[name[-1]].end
    surface = text[start:end]
    b_first = _bare(toks[name[0]].text)
    generic = b_first in ORG_CUES or b_first in PLACE_CUES
    if len(name) == 1 and not title and (
        b_first in TITLES or b_first in gazetteer.GENERIC or (generic and (prefix_part or toks[name[0]].initial))
    ):
        return out
    if len(name) == 1 and len(toks[name[0]].text) == 2 and toks[name[0]].text.endswith("."):
        end -= 1  # "X." at a sentence end
        surface = text[start:end]
    if not title and gazetteer.demonym_place(surface):
        return out
    if not title and len(name) == 1 and toks[name[0]].text.endswith("s") and gazetteer.demonym_place(surface[:-1]):
        return out
    votes = _kind_votes(text, toks, name, title)
    kind = _argmax(votes)[0]
    words = surface.split()
    head = words[-1] if kind == "person" else surface
    title_text = text[toks[title[0]].start : toks[title[-1]].end] if title else ""
    out.append(Mention(start, end, surface, kind, head, title_text, tuple(sorted(votes.items()))))
    return out


def _kind_votes(text: str, toks: list[_Tok], name: list[int], title: list[int]) -> dict[str, float]:
    votes: dict[str, float] = defaultdict(float)
    surface = text[toks[name[0]].start : toks[name[-1]].end]
    bares = [_bare(toks[i].text) for i in name]
    if title and not all(_bare(toks[i].text) in {"house", "state", "home"} for i in title):
        votes["person"] += 3.0
    if bares[-1] in ORG_CUES:
        votes["organisation"] += 2.0
    elif any(b in ORG_CUES for b in bares):
        votes["organisation"] += 1.5
    if bares[-1] in PLACE_CUES and len(bares) > 1:
        votes["place"] += 2.0
    elif len(bares) > 2 and bares[0] in PLACE_CUES and bares[1] == "of":
        votes["place"] += 2.0  # "Gulf of Aden", "Bay of Bengal", "Strait of Hormuz"
    if bares[-1] in EVENT_CUES and len(bares) > 1:
        votes["other"] += 2.5  # "Super Bowl", "Academy Awards"
    if len(bares) > 1 and _team_name(surface, bares):
        votes["organisation"] += 2.5  # "San Diego Chargers", "New Orleans Saints"
    if gazetteer.is_place(surface) or place_key(surface) in _place_keys():
        votes["place"] += 2.0
    if len(name) == 1 and _is_acronym(toks[name[0]].text) and not votes:
        votes["organisation"] += 1.5
    before = _word_before(toks, name[0])
    after = _word_after(toks, name[-1])
    if before == "the" and not title and _plural(bares[-1]):
        votes["organisation"] += 1.5  # "the Chargers", "the New Orleans Saints": a team, a band, a party
    if before is not None and not title:
        if before in PERSON_NOUNS:
            votes["person"] += 2.0
        elif before in ORG_NOUNS:
            votes["organisation"] += 2.0
        elif before in PLACE_NOUNS:
            votes["place"] += 1.5
        elif before in _PLACE_PREPS:
            votes["place"] += _PLACE_PREPS[before] * (1.0 if len(name) == 1 else 0.5)
    if after is not None and after in ROLE_NOUNS and _next_is_name(toks, name[-1] + 1):
        votes["organisation"] += 1.5  # "Chargers receiver Vincent Jackson": the first name employs the second
    if after is not None:
        if after in PLACE_NOUNS:
            votes["place"] += 2.0
        elif after in SPEECH_VERBS and not toks[name[-1]].possessive:
            votes["person"] += 0.7
    if len(name) > 1 and not votes:
        votes["person"] += 0.5
    return dict(votes)


def _plural(word: str) -> bool:
    return len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is"))


def _team_name(surface: str, bares: list[str]) -> bool:
    """A place followed by one plural word: a team or a club ("San Diego Chargers", "Texas Rangers"),
    not a person ("Paris Hilton")."""
    if not _plural(bares[-1]):
        return False
    head = surface.rsplit(None, 1)[0]
    return gazetteer.is_place(head) or place_key(head) in _place_keys()


def _next_is_name(toks: list[_Tok], i: int) -> bool:
    """A capitalised word follows the lower-case word at ``i`` (the role's holder)."""
    return i + 1 < len(toks) and toks[i + 1].cap


def _word_before(toks: list[_Tok], i: int) -> str | None:
    if i == 0:
        return None
    t = toks[i - 1]
    return fold(t.text) if t.text[:1].islower() else None


def _word_after(toks: list[_Tok], i: int) -> str | None:
    if i + 1 >= len(toks):
        return None
    t = toks[i + 1]
    return fold(t.text) if t.text[:1].islower() else None


def _argmax(votes: dict[str, float]) -> tuple[str, float]:
    if not votes:
        return "other", 0.0
    kind = max(votes, key=lambda k: (votes[k], -KINDS.index(k)))
    return kind, votes[kind]


def place_key(name: str) -> str:
    return "".join(name_key(w) for w in name.split())


_PLACE_KEYS: frozenset[str] | None = None


def _place_keys() -> frozenset[str]:
    """Transliteration keys of gazetteer names, so 'Kiev' meets 'Kyiv'."""
    global _PLACE_KEYS
    if _PLACE_KEYS is None:
        _PLACE_KEYS = frozenset(k for k in (place_key(p) for p in gazetteer.places()) if len(k) >= 4)
    return _PLACE_KEYS


# ---------------------------------------------------------------- linking


@dataclass(slots=True)
class _Group:
    key: str
    tokens: list[str]
    surfaces: Counter
    votes: Counter
    articles: set
    context: Counter
    acronym: bool


class _Union:
    def __init__(self, groups: list[_Group]):
        self.parent = list(range(len(groups)))
        self.votes = [Counter(g.votes) for g in groups]
        self.mentions = [sum(g.surfaces.values()) for g in groups]  # of each set, kept at its root
        self._kinds: dict[int, tuple[str, float]] = {}  # root -> _argmax of its votes, dropped when they change

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def kind_weight(self, i: int) -> tuple[str, float]:
        """(kind, vote) of the set holding ``i``."""
        r = self.find(i)
        kw = self._kinds.get(r)
        if kw is None:
            kw = self._kinds[r] = _argmax(self.votes[r])
        return kw

    def kind(self, i: int) -> str:
        return self.kind_weight(i)[0]

    def compatible(self, a: int, b: int) -> bool:
        ka, wa = self.kind_weight(a)
        kb, wb = self.kind_weight(b)
        return ka == kb or "other" in (ka, kb) or min(wa, wb) < 1.0

    def union(self, a: int, b: int) -> bool:
        ra, rb = self.find(a), self.find(b)
        if ra == rb or not self.compatible(ra, rb):
            return False
        self.parent[rb] = ra
        self.votes[ra] += self.votes[rb]
        self.mentions[ra] += self.mentions[rb]
        self._kinds.pop(ra, None)
        return True


_SUFFIXES = frozenset("jr sr ii iii iv".split())


def _surname(tokens: list[str]) -> str:
    """Last name token, skipping generational suffixes (Jr., II)."""
    for t in reversed(tokens):
        if _bare(t) not in _SUFFIXES:
            return t
    return tokens[-1]


def _initials(tokens: list[str]) -> str:
    return "".join(fold(t)[0] for t in tokens if fold(t) not in CONNECTORS and fold(t) != "the" and t[:1].isalpha())


_NONSPACE = re.compile(r"\S+")  # the words of str.split(), with offsets


def _word_spans(text: str) -> tuple[list[int], list[int]]:
    """(starts, ends) of the whitespace-separated words of ``text`` (those of ``text.split()``)."""
    starts: list[int] = []
    ends: list[int] = []
    for m in _NONSPACE.finditer(text):
        starts.append(m.start())
        ends.append(m.end())
    return starts, ends


def _words_around(text: str, spans: tuple[list[int], list[int]], lo: int, hi: int, window: int) -> list[str]:
    """The last ``window`` words of ``text[:lo].split()`` then the first ``window`` of
    ``text[hi:].split()`` (``window`` >= 0), found by bisection in ``spans =
    _word_spans(text)`` instead of splitting the text again: a word that ``lo`` or
    ``hi`` cuts counts with its part on that side, as ``split`` of the slice has it."""
    starts, ends = spans
    n = len(starts)
    nb = bisect_right(ends, lo)  # words wholly before lo
    before = [text[starts[k] : ends[k]] for k in range(max(0, nb - window), nb)]
    if nb < n and starts[nb] < lo:  # lo falls inside a word
        before.append(text[starts[nb] : lo])
    before = before[max(0, len(before) - window) :]
    na = bisect_left(starts, hi)  # first word wholly after hi
    after = [text[hi : ends[na - 1]]] if na > 0 and ends[na - 1] > hi else []
    after.extend(text[starts[k] : ends[k]] for k in range(na, min(n, na + window)))
    return before + after[: max(0, window)]


def _context(words: list[str]) -> list[str]:
    """The context words among ``words``: longer than two letters, no stopwords."""
    return [w for w in words if len(w) > 2 and w not in STOPWORDS]


def entity_settings(
    settings: Mapping[str, Mapping[str, Any]] | None = None, **overrides: Any
) -> dict[str, Any]:
    """The ``[entities]`` values a caller hands down: ``settings["entities"]`` (the settings
    mapping built at the edge by ``config.settings(path)``) overlaid with the explicit keyword
    values that are not None. Without ``settings`` the packaged defaults stand in: a fallback
    for callers not yet passing their settings (see ARCHITECTURE.md, "One settings object")."""
    if settings is None:
        from ..config import section  # transitional fallback, see the docstring

        base = dict(section("entities"))
    else:
        base = dict(settings["entities"])
    unknown = set(overrides) - set(base)
    if unknown:
        raise TypeError(f"unknown [entities] setting(s): {', '.join(sorted(unknown))}")
    base.update({k: v for k, v in overrides.items() if v is not None})
    return base


def resolve(
    docs: Sequence[tuple[str, str]],
    *,
    settings: Mapping[str, Mapping[str, Any]] | None = None,
    **overrides: Any,
) -> Resolution:
    """Detect and link the name mentions of one story's (article_id, text) pairs.

    ``settings`` is the settings mapping built at the edge (its ``[entities]`` section is
    read); keyword values (``given_threshold=``, ``surname_threshold=``, ``context_window=``,
    ``context_min=``, ``min_fuzzy_len=``, ``dominance=``) override single keys.
    """
    cfg = entity_settings(settings, **overrides)
    given_threshold = float(cfg["given_threshold"])
    surname_threshold = float(cfg["surname_threshold"])
    context_window = int(cfg["context_window"])
    context_min = int(cfg["context_min"])
    min_fuzzy_len = int(cfg["min_fuzzy_len"])
    dominance = float(cfg["dominance"])
    max_name_block = int(cfg["max_name_block"])

    tokenised = [_tokens(text) for _, text in docs]
    known: set[str] = set()
    common: set[str] = set()
    for toks in tokenised:
        k, c = _name_words(toks)
        known |= k
        common |= c
    known -= common
    found = [(aid, _mentions(text, toks, known, common), text) for (aid, text), toks in zip(docs, tokenised)]

    groups: list[_Group] = []
    by_key: dict[str, int] = {}
    placed: list[tuple[str, Mention, int]] = []
    for aid, ms, text in found:
        lowered = fold(text)
        spans = _word_spans(lowered)
        for m in ms:
            toks = m.text.split()
            key = "".join(name_key(t) for t in toks)
            if not key:
                continue
            gi = by_key.get(key)
            if gi is None:
                gi = by_key[key] = len(groups)
                groups.append(_Group(key, toks, Counter(), Counter(), set(), Counter(), _is_acronym(m.text)))
            g = groups[gi]
            g.surfaces[m.text] += 1
            g.votes.update(dict(m.votes))
            g.articles.add(aid)
            g.context.update(set(_context(_words_around(lowered, spans, m.start, m.end, context_window))))
            placed.append((aid, m, gi))

    uf = _Union(groups)
    kind = uf.kind
    multi = [i for i, g in enumerate(groups) if len(g.tokens) > 1]
    single = [i for i, g in enumerate(groups) if len(g.tokens) == 1 and not g.acronym]
    acronyms = [i for i, g in enumerate(groups) if g.acronym]
    # per-group values the pairwise passes below compare (computed once, not once per pair)
    tkeys = [[name_key(t) for t in g.tokens] for g in groups]
    surnames = [_surname(g.tokens) for g in groups]
    initials = {i: _initials(groups[i].tokens) for i in multi}

    # full names: surnames alike, given names compatible (people); near-equal keys otherwise.
    # A pair can only match inside a block (same surname-key initial, same last-token key
    # initial, or same initials), so only those pairs are tried, in the same (x, y) order.
    blocks = _Blocks(max_name_block)
    for x, i in enumerate(multi):
        blocks.add(x, *(("s", c) for c in name_initials(surnames[i])), ("l", tkeys[i][-1][:1]), ("i", initials[i]))
    for x, y in blocks.pairs():
        a, b = groups[multi[x]], groups[multi[y]]
        ka, kb = kind(multi[x]), kind(multi[y])
        if "person" in (ka, kb) or (ka == kb == "other"):
            short, long_ = sorted((tkeys[multi[x]], tkeys[multi[y]]), key=len)
            sa, sb = surnames[multi[x]], surnames[multi[y]]
            ok = (  # "Labour MP David Lammy" ends with "David Lammy"
                len(short) < len(long_) and long_[-len(short) :] == short and ka == kb
            ) or (
                similar(sa, sb, surname_threshold, min_fuzzy_len)
                and compatible_given(a.tokens[0], b.tokens[0], given_threshold)
                and (sa == a.tokens[-1]) == (sb == b.tokens[-1])
            )
        else:
            ok = (
                len(a.tokens) == len(b.tokens)
                and min(len(a.key), len(b.key)) >= 2 * min_fuzzy_len
                and initials[multi[x]] == initials[multi[y]]
                and jaro_winkler(a.key, b.key) >= surname_threshold
            )
        if ok:
            uf.union(multi[x], multi[y])

    # organisations named by a shorter tail ("Security Council" of "UN Security Council"):
    # the names that end with a tail, looked up by that tail (each name's proper tails indexed once)
    by_tail: dict[tuple[str, ...], list[int]] = defaultdict(list)
    for j in multi:
        for k in range(1, min(len(tkeys[j]), _MAX_TAIL + 1)):
            by_tail[tuple(tkeys[j][-k:])].append(j)
    for i in multi:
        if kind(i) != "organisation":
            continue
        tail = tkeys[i]
        cands = {uf.find(j) for j in by_tail.get(tuple(tail), ()) if j != i}
        if len(cands) == 1:
            uf.union(cands.pop(), i)

    # acronyms: the one multiword name whose initials they spell
    by_initials: dict[str, list[int]] = defaultdict(list)
    for j in multi:
        by_initials[initials[j]].append(j)
    for i in acronyms:
        letters = fold(groups[i].tokens[0]).replace(".", "")
        cands = {uf.find(j) for j in by_initials.get(letters, ()) if kind(j) != "person"}
        if len(cands) == 1:
            uf.union(cands.pop(), i)

    # surname-only (or given-name-only) mentions: the one full name they fit; ``similar``
    # needs keys (or loose keys) starting alike, so full names are looked up by the first
    # letters of their surname's keys
    by_surname: dict[str, list[int]] = defaultdict(list)
    by_given: dict[str, list[int]] = defaultdict(list)
    for j in multi:
        for c in name_initials(surnames[j]):
            by_surname[c].append(j)
        by_given[tkeys[j][0]].append(j)
    for bucket in by_surname.values():
        blocks.cut(len(bucket))
    for i in single:
        tok, tk = groups[i].tokens[0], tkeys[i][0]
        if kind(i) not in ("person", "other"):
            continue
        cands = {
            uf.find(j)
            for c in (name_initials(tok) if tk else ())
            for j in by_surname.get(c, ())[:max_name_block]
            if kind(j) in ("person", "other") and similar(tok, surnames[j], surname_threshold, min_fuzzy_len)
        }
        if not cands:
            cands = {uf.find(j) for j in by_given.get(tk, ()) if kind(j) == "person"}
        best = _dominant(cands, uf, groups, dominance)
        if best is not None:
            uf.union(best, i)

    # one-word spellings alike and used alike (shared neighbouring words); ``similar``
    # needs both keys non-empty and starting alike, so only those pairs are tried (same order)
    same_start: dict[str, list[int]] = defaultdict(list)
    starts = [name_initials(groups[i].tokens[0]) if tkeys[i][0] else () for i in single]
    for x, cs in enumerate(starts):
        for c in cs:
            same_start[c].append(x)
    for bucket in same_start.values():
        blocks.cut(len(bucket))
    for x in range(len(single)):
        if not starts[x]:
            continue
        ys: set[int] = set()
        for c in starts[x]:
            bucket = same_start[c][:max_name_block]
            ys.update(bucket[bisect_right(bucket, x) :])
        for y in sorted(ys):
            i, j = single[x], single[y]
            if uf.find(i) == uf.find(j):
                continue
            a, b = groups[i], groups[j]
            if not similar(a.tokens[0], b.tokens[0], surname_threshold, min_fuzzy_len):
                continue
            shared = sum((a.context & b.context).values())
            if shared >= context_min:
                uf.union(i, j)

    # entities
    members: dict[int, list[int]] = defaultdict(list)
    for i in range(len(groups)):
        members[uf.find(i)].append(i)
    entity_of: dict[int, str] = {}
    entities: list[Entity] = []
    used: Counter = Counter()
    order = {aid: k for k, (aid, _) in enumerate(docs)}
    for root, gis in sorted(members.items(), key=lambda kv: min(kv[1])):
        surfaces: Counter = Counter()
        articles: set = set()
        for gi in gis:
            surfaces.update(groups[gi].surfaces)
            articles |= groups[gi].articles
        canonical = _canonical(surfaces)
        ek = _argmax(uf.votes[root])[0]
        slug = entity_slug(canonical)
        eid = f"{ek}:{slug}"
        used[eid] += 1
        if used[eid] > 1:
            eid = f"{eid}-{used[eid]}"
        variants = tuple(s for s, _ in sorted(surfaces.items(), key=lambda kv: (-kv[1], kv[0])))
        entities.append(Entity(eid, canonical, ek, variants, tuple(sorted(articles, key=lambda a: order.get(a, 0)))))
        for gi in gis:
            entity_of[gi] = eid
    linked = tuple((aid, m, entity_of[gi]) for aid, m, gi in placed)
    return Resolution(tuple(entities), linked, blocks.notes())


# a name's tails longer than this are not indexed (no organisation name has 12 words after its first)
_MAX_TAIL = 12


class _Blocks:
    """Names (by position) in blocks of the names that may match them; ``pairs`` yields the
    (x, y), x < y, that share a block, in x-then-y order. A block keeps its first ``cap``
    names: the pairwise passes cost at most ``cap`` comparisons per name (``[entities]
    max_name_block``), and ``notes`` names what was cut."""

    def __init__(self, cap: int):
        self.cap = cap
        self._members: dict[tuple[str, str], list[int]] = defaultdict(list)
        self._of: list[list[tuple[str, str]]] = []
        self._largest = 0

    def add(self, x: int, *keys: tuple[str, str]) -> None:
        self._of.append([])
        for key in dict.fromkeys(keys):
            members = self._members[key]
            members.append(x)
            if len(members) <= self.cap:
                self._of[x].append(key)
            self.cut(len(members))

    def cut(self, size: int) -> None:
        self._largest = max(self._largest, size)

    def pairs(self):
        for x, keys in enumerate(self._of):
            ys: set[int] = set()
            for key in keys:
                members = self._members[key][: self.cap]
                ys.update(members[bisect_right(members, x) :])
            yield from ((x, y) for y in sorted(ys))

    def notes(self) -> tuple[str, ...]:
        if self._largest <= self.cap:
            return ()
        return (f"{self._largest:,} names share one block (same initial), over {self.cap:,} "
                "(entities.max_name_block): names past it were joined only to names spelled the same",)


def _dominant(cands: set[int], uf: _Union, groups: list[_Group], dominance: float) -> int | None:
    """The one candidate, or the one mentioned at least ``dominance`` times as often as any other."""
    if len(cands) <= 1:
        return next(iter(cands), None)
    size = Counter({r: uf.mentions[r] for r in sorted(cands)})
    (top, n1), (_, n2) = size.most_common(2)
    return top if n1 >= dominance * n2 else None


def _canonical(surfaces: Counter) -> str:
    """Most complete (most words), then Latin script, then most frequent, then longest spelling."""
    return max(surfaces, key=lambda s: (len(s.split()) if not _is_acronym(s) else 0, translit(s) == s, surfaces[s],
                                        len(s), s))


_APOSTROPHES = re.compile(r"['’ʼ`]")
_NON_SLUG = re.compile(r"[^a-z0-9_]+")


def entity_slug(name: str) -> str:
    """The ASCII slug of an entity id: folded and hyphenated ("Angela Merkel" ->
    "angela-merkel", "O'Brien" -> "o-brien" as before); a name in another script is
    transliterated first, its transliteration apostrophes (ь) dropped
    ("Володимир Зеленський" -> "volodimir-zelenskiy", "Łukasz" -> "lukasz")."""
    text = fold(name)
    if not text.isascii():
        text = fold(_APOSTROPHES.sub("", translit(name)))
    return _NON_SLUG.sub("-", text).strip("-") or "unnamed"


def link_entities(
    docs: Sequence[tuple[str, str]], *, settings: Mapping[str, Mapping[str, Any]] | None = None, **overrides: Any
) -> list[Entity]:
    """Entities of one story's (article_id, text) pairs (see ``resolve`` for the settings)."""
    return list(resolve(docs, settings=settings, **overrides).entities)


# ---------------------------------------------------------------- lookup


class EntityIndex:
    """Look a surface name ("Zelenski", "Mr. Putin", "Foreign Minister Andrii Sybiha") up among entities."""

    def __init__(self, entities: Iterable[Entity], *, settings: Mapping[str, Mapping[str, Any]] | None = None,
                 surname_threshold: float | None = None, given_threshold: float | None = None,
                 min_fuzzy_len: int | None = None):
        """``settings``: the settings mapping built at the edge (its ``[entities]`` section);
        the keyword values override single keys (see ``entity_settings``)."""
        cfg = entity_settings(settings, surname_threshold=surname_threshold, given_threshold=given_threshold,
                              min_fuzzy_len=min_fuzzy_len)
        self.surname_threshold = float(cfg["surname_threshold"])
        self.given_threshold = float(cfg["given_threshold"])
        self.min_fuzzy_len = int(cfg["min_fuzzy_len"])
        self.entities = tuple(entities)
        self._exact: dict[str, set[int]] = defaultdict(set)
        for k, e in enumerate(self.entities):
            for v in (e.name, *e.variants):
                self._exact[place_key(v)].add(k)
        # person/other variants by the first letter of their surname key: ``similar`` needs
        # the keys to start alike, so a lookup tries only that bucket
        self._by_initial: dict[str, list[tuple[int, list[str]]]] = defaultdict(list)
        for k, e in enumerate(self.entities):
            if e.kind not in ("person", "other"):
                continue
            for v in e.variants:
                vw = v.split()
                for c in name_initials(vw[-1]) if vw else ():
                    self._by_initial[c].append((k, vw))
        self._memo: dict[str, Entity | None] = {}

    @staticmethod
    def _strip(surface: str) -> list[str]:
        words = _POSSESSIVE.sub("", surface.strip(" \t\n\"“”‘’'.,:;")).split()
        while len(words) > 1 and (_bare(words[0]) in TITLES or fold(words[0]) in STOPWORDS):
            words = words[1:]
        return words

    def lookup(self, surface: str) -> Entity | None:
        """The one entity ``surface`` names (exact key, else a person/other whose surname
        is spelled alike and given name fits), or None; answers are memoised per surface."""
        if surface not in self._memo:
            self._memo[surface] = self._lookup(surface)
        return self._memo[surface]

    def _lookup(self, surface: str) -> Entity | None:
        words = self._strip(surface)
        if not words:
            return None
        hit = self._exact.get("".join(name_key(w) for w in words))
        if hit and len(hit) == 1:
            return self.entities[next(iter(hit))]
        cands = set()
        for k, vw in (kv for c in name_initials(words[-1]) for kv in self._by_initial.get(c, ())):
            if k in cands or not similar(words[-1], vw[-1], self.surname_threshold, self.min_fuzzy_len):
                continue
            if len(words) == 1 or len(vw) == 1 or compatible_given(words[0], vw[0], self.given_threshold):
                cands.add(k)
        return self.entities[cands.pop()] if len(cands) == 1 else None


def normalise_name(
    name: str, entities: Iterable[Entity], *, settings: Mapping[str, Mapping[str, Any]] | None = None
) -> Entity | None:
    """The entity a surface name refers to, or None when unknown or ambiguous."""
    return EntityIndex(entities, settings=settings).lookup(name)
