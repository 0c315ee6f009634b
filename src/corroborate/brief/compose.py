"""The cited extractive brief of one story: source sentences chosen to cover its best-supported claims.

Reads a ``Story`` (its claims, independence groups) and the story's
``Article`` records; returns ``BriefSentence`` records. Nothing is written
that no source wrote: every brief sentence is a slice ``article.text[start:end]``
of an article it cites (a whole sentence, or a clause the claims stage marked
as a claim's evidence span when that clause reads as a sentence on its own).

    claims ──> units: (article, span) -> the claims whose evidence it is
    refuse: captions, headlines, bylines, credits, dangling pronouns, garbled lines, cut sentences (style.refused);
            units of copy below edited_quality whose claims edited copy also carries
    greedy: best (weight of new claims x quality x style / length^e), no near-repeats
    order:  position in the source article, dated units chronological among themselves
    cite:   the unit's article, its verbatim copies, and every article with its own
            evidence of each claim whose evidence is the unit's span, where those evidence
            sentences state the unit (cite.states: its figures, its quotations, enough of
            its content words): fewer sources rather than one that says something else

A claim weighs ``independent_support ** support_exponent``: what several
independent outlets report comes first, single-source details only fill a
brief that is still shorter than ``min_words``. When a story has no claims
(the claims stage is off), sentences of different articles that align at
``fallback_similarity`` are grouped into stand-in claims with the same
support counting, so the brief still favours what several sources carry;
its sentences then list no claim ids.
"""

from __future__ import annotations

import bisect

from dataclasses import dataclass, replace
from typing import Any, Mapping, Sequence

import numpy as np
from scipy import sparse

from ..claims.languages import supports
from ..features.similarity import sentence_vectors
from ..model import Article, BriefSentence, Claim, Story
from . import cite
from .style import dateline_end, quotable, reads_alone, refused

@dataclass(frozen=True, slots=True)
class _Unit:
    """A candidate brief sentence: a span of one article and the claims it carries."""

    article_id: str
    start: int
    end: int
    text: str
    claims: frozenset[int]  # indices into the weight table
    main: frozenset[int]  # the claims whose evidence is this very span (not a clause inside it)
    speakers: tuple[str, ...]  # speakers of the quotes and statements among them
    position: float  # 0 = first sentence of its article, 1 = last
    order: int  # sentence index in its article (ties)
    quality: float
    date: str | None
    copies: frozenset[str] = frozenset()  # other articles printing the same text verbatim


def words_in(text: str) -> int:
    """Length in words, as the brief's length limits count them (whitespace-separated tokens)."""
    return len(text.split())


def _claim_weights(
    claims: Sequence[Claim], support_exponent: float, quote_weight: float
) -> list[float]:
    out = []
    for c in claims:
        w = float(max(1, c.independent_support)) ** support_exponent
        if c.kind == "quote" and c.speaker:
            w *= quote_weight
        out.append(w)
    return out


def _absorb_contained(spans_of: list[tuple[int, int, set[int]]]) -> None:
    """Add to each span's claim set the claims of every other span inside it. Spans sorted by
    start: those inside [start, end) start in it, so each span scans only the spans starting
    within it (its clauses), not every span of the article."""
    spans_of.sort(key=lambda t: (t[0], -t[1]))
    starts = [s for s, _, _ in spans_of]
    direct = [frozenset(cs) for _, _, cs in spans_of]
    for k, (start, end, cs) in enumerate(spans_of):
        j = bisect.bisect_left(starts, start)
        while j < len(spans_of) and starts[j] <= end:
            s2, e2, _ = spans_of[j]
            if (s2, e2) != (start, end) and e2 <= end:
                cs |= direct[j]
            j += 1


def _units_from_claims(
    articles: Mapping[str, Article], claims: Sequence[Claim], edited_quality: float = 0.0
) -> list[_Unit]:
    """One unit per evidence sentence, plus one per evidence clause that reads as a sentence.

    Left out: lines that are not edited prose (``style.refused``: captions,
    headlines, bylines, credits, sentences opening on an unresolved pronoun or
    attributed to one, garbled sentences) and the article's own headline; a
    leading dateline is cut off the span. A unit of an article below
    ``edited_quality`` is left out when a better-edited article carries one of
    its claims: edited copy says the same.
    """
    spans: dict[tuple[str, int, int], set[int]] = {}
    sentence_of: dict[tuple[str, int, int], int] = {}
    for ci, c in enumerate(claims):
        for e in c.evidence:
            a = articles.get(e.article_id)
            if a is None or not 0 <= e.sentence_id < len(a.sentences):
                continue
            s = a.sentences[e.sentence_id]
            keys = [(a.id, s.start, s.end)]
            if e.start is not None and e.end is not None and s.start <= e.start < e.end <= s.end:
                if (e.start, e.end) != (s.start, s.end):
                    keys = [(a.id, e.start, e.end)]
            for k in keys:
                spans.setdefault(k, set()).add(ci)
                sentence_of[k] = e.sentence_id
    direct = {k: frozenset(cs) for k, cs in spans.items()}
    # a sentence carries the claims whose evidence clauses lie inside it (a unit of its own too)
    for (aid, start, end), sid in list(sentence_of.items()):
        s = articles[aid].sentences[sid]
        spans.setdefault((aid, s.start, s.end), set())
        sentence_of[(aid, s.start, s.end)] = sid
    per_article: dict[str, list[tuple[int, int, set[int]]]] = {}
    for (aid, start, end), cs in spans.items():
        per_article.setdefault(aid, []).append((start, end, cs))
    for spans_of in per_article.values():
        _absorb_contained(spans_of)
    edited = {
        ci for ci, c in enumerate(claims)
        if any(e.article_id in articles and articles[e.article_id].quality.score >= edited_quality for e in c.evidence)
    }
    units = []
    for (aid, start, end), cs in spans.items():
        a = articles[aid]
        if a.quality.score < edited_quality and cs & edited:
            continue  # edited copy says the same
        sid = sentence_of[(aid, start, end)]
        s = a.sentences[sid]
        main = direct.get((aid, start, end)) or frozenset(cs)
        cut = dateline_end(a.text[start:end])
        start += cut
        text = a.text[start:end]
        speakers = tuple(sorted({claims[c].speaker for c in cs if claims[c].speaker and claims[c].kind in ("quote", "reported")}))
        if (start - cut, end) != (s.start, s.end) and reads_alone(text, speakers) < 1.0:
            continue  # a clause that does not read as a sentence stays inside its sentence
        if not quotable(text, a.text, start) or refused(text) or _is_title(text, a.title):
            continue
        n = max(1, len(a.sentences) - 1)
        ds = [claims[c].date for c in cs if claims[c].date]
        units.append(
            _Unit(aid, start, end, text, frozenset(cs), main, speakers, sid / n, sid, a.quality.score, min(ds) if ds else None)
        )
    return _merge_same_text(units)


def _is_title(text: str, title: str | None) -> bool:
    """Whether the span is the article's headline printed again in its body."""
    return bool(title) and text.strip(" .!?\"“”'").casefold() == title.strip(" .!?\"“”'").casefold()


def _merge_same_text(units: list[_Unit]) -> list[_Unit]:
    """One unit per distinct text (copies print the same sentence): the best-edited one, with all their claims."""
    by_text: dict[str, list[_Unit]] = {}
    for u in units:
        by_text.setdefault(u.text, []).append(u)
    out = []
    for same in by_text.values():
        best = min(same, key=lambda u: (-u.quality, u.position, u.article_id, u.start))
        if len(same) > 1:
            claims = frozenset().union(*(u.claims for u in same))
            main = frozenset().union(*(u.main for u in same))
            speakers = tuple(sorted(set().union(*(u.speakers for u in same))))
            dates = [u.date for u in same if u.date]
            copies = frozenset(u.article_id for u in same) - {best.article_id}
            best = replace(best, claims=claims, main=main, speakers=speakers, date=min(dates) if dates else None, copies=copies)
        out.append(best)
    return out


def _stand_in_claims(
    story: Story, articles: Sequence[Article], similarity: float, min_words: int
) -> list[Claim]:
    """Claims built from sentence alignment alone (no claims stage): one per group of aligned sentences.

    Sentences of different articles at ``similarity`` or more join one group
    (single link); support counts articles, independent support independence groups.
    """
    from ..model import Evidence

    items = [(a, s) for a in articles for s in a.sentences if words_in(s.text) >= min_words]
    if not items:
        return []
    from scipy.sparse.csgraph import connected_components

    m = sentence_vectors([s.text for _, s in items])
    pairs = sparse.triu(m @ m.T, k=1).tocoo()
    article = np.array([a.id for a, _ in items], dtype=object)
    keep = (pairs.data >= similarity) & (article[pairs.row] != article[pairs.col])
    link = sparse.csr_matrix((np.ones(int(keep.sum())), (pairs.row[keep], pairs.col[keep])), shape=(len(items),) * 2)
    _, label = connected_components(link, directed=False)
    groups: dict[int, list[int]] = {}
    for i, lab in enumerate(label.tolist()):
        groups.setdefault(lab, []).append(i)
    group_of = {aid: n for n, g in enumerate(story.independent_groups) for aid in g}
    claims = []
    for members in groups.values():
        ev = tuple(Evidence(items[i][0].id, items[i][1].id, items[i][1].text) for i in members)
        aids = {e.article_id for e in ev}
        indep = {group_of.get(a, a) for a in aids}
        claims.append(Claim(f"_{len(claims)}", items[members[0]][1].text, "fact", evidence=ev, support=len(aids), independent_support=len(indep)))
    return claims


def compose(
    story: Story,
    articles: Sequence[Article],
    *,
    min_words: int = 120,
    max_words: int = 200,
    support_exponent: float = 2.0,
    length_exponent: float = 0.5,
    quality_exponent: float = 2.0,
    quote_weight: float = 1.0,
    redundancy: float = 0.4,
    min_sentence_words: int = 6,
    max_sentence_words: int = 60,
    filler_support: int = 2,
    fallback_similarity: float = 0.45,
    edited_quality: float = 0.8,
    citation_recall: float = 0.6,
    **_: Any,
) -> tuple[BriefSentence, ...]:
    """The brief of ``story``: verbatim spans of ``articles``, each citing the articles that carry its claims.

    Reads ``story.claims`` (evidence, support, independent support, date),
    ``story.independent_groups`` and ``story.article_ids`` (citation order), and
    the articles' texts, sentences and quality scores. Returns the brief
    sentences in reading order; their total length stays within ``max_words``
    and, when the story has enough to say, reaches ``min_words``. Once
    ``min_words`` is reached only units adding a claim with independent support
    of at least ``filler_support`` are taken. An article is cited for a sentence
    only where its own evidence of the sentence's claims states it (``cite.states``:
    every figure and quotation, ``citation_recall`` of its content words). Unknown keyword
    settings are ignored, so a whole ``[brief]`` settings section can be passed.
    """
    members = set(story.article_ids)
    by_id = {a.id: a for a in articles if a.id in members}
    if not by_id:
        return ()
    real = bool(story.claims)
    claims = list(story.claims) if real else _stand_in_claims(
        story, [by_id[a] for a in story.article_ids if a in by_id], fallback_similarity, min_sentence_words
    )
    if not claims:
        return ()
    weights = _claim_weights(claims, support_exponent, quote_weight)
    units = [
        u
        for u in _units_from_claims(by_id, claims, edited_quality)
        if min_sentence_words <= words_in(u.text) <= max_sentence_words
    ]
    if not units:
        return ()
    units.sort(key=lambda u: (u.article_id, u.start, u.end))  # deterministic
    vectors = sentence_vectors([u.text for u in units])
    nearest = np.zeros(len(units))  # each unit's highest similarity to a chosen one
    lengths = [words_in(u.text) for u in units]
    style = [reads_alone(u.text, u.speakers) for u in units]
    strong = {i for i, c in enumerate(claims) if c.independent_support >= filler_support}

    chosen: list[int] = []
    covered: set[int] = set()
    total = 0
    while True:
        best, best_score = -1, 0.0
        for i, u in enumerate(units):
            if i in chosen or total + lengths[i] > max_words:
                continue
            new = u.claims - covered
            if not new or (total >= min_words and not (new & strong)):
                continue
            if nearest[i] >= redundancy:
                continue
            gain = sum(weights[c] for c in new)
            score = gain * (u.quality**quality_exponent) * style[i] / (lengths[i] ** length_exponent)
            if score > best_score:
                best, best_score = i, score
        if best < 0:
            break
        chosen.append(best)
        covered |= units[best].claims
        total += lengths[best]
        nearest = np.maximum(nearest, (vectors @ vectors[best].T).toarray().ravel())

    picked = _reading_order([units[i] for i in chosen])
    rank = {aid: n for n, aid in enumerate(story.article_ids)}
    out = []
    for u in picked:
        ids = sorted(u.claims, key=lambda c: (-weights[c], c))
        # an article in a language the claims steps do not read (claims/languages.py) is cited only
        # for text it holds word for word: the content-word test that lets a rewrite be cited is English's
        carriers = {u.article_id} | u.copies | {
            a for a in _carriers(u, claims, by_id, citation_recall)
            if supports(by_id[a].language, "claims") or u.text in by_id[a].text}
        out.append(
            BriefSentence(
                text=u.text,
                claim_ids=tuple(claims[c].id for c in ids) if real else (),
                article_ids=tuple(sorted(carriers, key=lambda a: (rank.get(a, len(rank)), a))),
            )
        )
    return tuple(out)


def _carriers(
    unit: _Unit, claims: Sequence[Claim], by_id: Mapping[str, Article], recall: float
) -> set[str]:
    """The articles whose own evidence states the unit: one of their sentences is evidence of each
    claim of ``unit.main``, and those sentences together state the unit's text (``cite.states``).

    Evidence counts only where the article's text holds it (not a removed
    signature line) and where it is the article's prose (not its headline,
    a caption or a credit line: ``style.refused``); an article carrying one
    clause of a longer sentence, or the same fact with another figure or
    without most of what the sentence adds, is not cited for it.
    """
    said: dict[str, set[str]] | None = None
    for c in unit.main:
        have: dict[str, set[str]] = {}
        for e in claims[c].evidence:
            a = by_id.get(e.article_id)
            if a is None or not e.text or e.text not in a.text or _display_line(e.text):
                continue
            sentence = a.sentences[e.sentence_id].text if 0 <= e.sentence_id < len(a.sentences) else e.text
            have.setdefault(a.id, set()).add(sentence if e.text in sentence else e.text)
        if said is None:
            said = have
        else:
            said = {aid: said[aid] | have[aid] for aid in said.keys() & have.keys()}
    return {aid for aid, sentences in (said or {}).items() if cite.states(unit.text, sorted(sentences), recall)}


def _display_line(text: str) -> bool:
    """A headline, caption, byline or credit: the article's display type, not a statement in its prose."""
    return refused(text) in ("headline", "caption", "byline", "photo credit")


def _reading_order(units: list[_Unit]) -> list[_Unit]:
    """Units by relative position in their articles (leads first); dated units chronological among themselves.

    The dated units keep the slots the position order gives them and are
    re-dealt into those slots by date, so undated context stays where it reads
    best and dated events never run backwards.
    """
    ordered = sorted(units, key=lambda u: (u.position, u.order, u.article_id, u.start))
    slots = [i for i, u in enumerate(ordered) if u.date]
    dated = sorted((ordered[i] for i in slots), key=lambda u: (u.date, u.position, u.article_id))
    for i, u in zip(slots, dated):
        ordered[i] = u
    return ordered
