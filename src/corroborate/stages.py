"""The pipeline's stages as store-free functions: records and one settings object in, records out.

    prepare   one raw record -> its cleaned Article and raw story-feature counts (or a Rejection)
    group     articles' feature counts (+ dates) -> stories, as lists of article ids (the batch grouping)
    relate    one story's articles -> provenance links and independence groups
    derive    one story's articles (+ what it kept from its last derive: ``StoryPrior``)
              -> its Story (title, citation numbers, provenance, independence, claims, brief)

``settings`` is the whole ``config.settings()`` mapping, built once at the edge
(the CLI, the web layer, a benchmark) and passed down; no stage reads defaults
on its own, opens a store or keeps state between calls. The local jobs in
``corroborate.pipeline`` and the Ray engine (``corroborate.engines.ray``) both
call these, so every path computes the same thing.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, replace
from typing import Any, Callable, Mapping, Sequence

from .brief import compose as compose_brief
from .claims import limits
from .claims.story import story_claims
from .clean import clean
from .errors import CorroborateError
from .features import vectors
from .model import Article, Provenance, RawDoc, Rejection, Story, StoryPrior
from .numbering import number_sources
from .relate import find_provenance, independent_groups
from .stories import cluster_counts

Settings = Mapping[str, Mapping[str, Any]]
log = logging.getLogger(__name__)


# -- prepare --------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Prepared:
    """One cleaned article and its raw story-feature counts (``features.vectors.term_counts``)."""

    article: Article
    counts: vectors.Counts


def prepare(item: RawDoc | Rejection, settings: Settings) -> Prepared | Rejection:
    """Clean one raw record and count its story features (reads ``settings["clean"]``).

    A record that cannot be cleaned or featurised, or that has no article text
    left after removing boilerplate, is returned as a ``Rejection`` naming why:
    one bad input never stops a run. A ``Rejection`` passes through unchanged.
    """
    article = _clean(item, settings)
    if isinstance(article, Rejection):
        return article
    try:
        return Prepared(article, vectors.term_counts(article))
    except Exception as exc:  # noqa: BLE001 - as above: this article alone is rejected
        return Rejection(article.origin, f"could not be featurised: {type(exc).__name__}: {exc}")


def prepare_many(items: Sequence[RawDoc | Rejection], settings: Settings) -> list[Prepared | Rejection]:
    """``prepare`` of each item, in order, the story features of all counted in one
    vectorised pass (``vectors.term_counts_many``); if that pass fails, each article
    is featurised alone, so only the bad one is rejected."""
    cleaned = [_clean(item, settings) for item in items]
    articles = [a for a in cleaned if isinstance(a, Article)]
    try:
        counts = iter(vectors.term_counts_many(articles))
    except Exception:  # noqa: BLE001 - find the article that fails, one at a time
        return [a if isinstance(a, Rejection) else prepare(a, settings) for a in cleaned]
    return [a if isinstance(a, Rejection) else Prepared(a, next(counts)) for a in cleaned]


def _clean(item: RawDoc | Rejection | Article, settings: Settings) -> Article | Rejection:
    if isinstance(item, (Rejection, Article)):
        return item
    try:
        article = clean(item, settings["clean"])
    except Exception as exc:  # a bug or a pathological text must not stop the run
        return Rejection(item.origin, f"could not be cleaned: {type(exc).__name__}: {exc}")
    if not article.sentences:
        return Rejection(item.origin, "no article text left after removing boilerplate")
    return article


# -- group ----------------------------------------------------------------------
def group(
    ids: Sequence[str],
    counts: Sequence[Any],
    published: Sequence[str | None] | None,
    settings: Settings,
) -> list[list[str]]:
    """Batch grouping: article ids with their feature counts (dicts or the ``(indices,
    values)`` arrays of ``vectors.decode_arrays``) and dates -> stories as lists of ids.

    Needs the whole set at once: candidate stories are found across every article of
    a date window (``[stories] window_days``), so an engine runs it on one node, or
    one call per date window / candidate band when it shards."""
    return cluster_counts(list(ids), counts, published, settings)


# -- relate ---------------------------------------------------------------------
def order_articles(articles: Sequence[Article]) -> list[Article]:
    """A story's articles in (published, id) order, undated last: the order every stage uses."""
    return sorted(articles, key=lambda a: (a.published is None, a.published or "", a.id))


def relate(
    articles: Sequence[Article], settings: Settings
) -> tuple[list[Article], list[Provenance], list[tuple[str, ...]]]:
    """One story's articles -> (them in order, provenance links, independence groups).

    Reads ``settings["provenance"]``."""
    ordered = order_articles(articles)
    links = find_provenance(ordered, settings["provenance"])
    return ordered, links, independent_groups([a.id for a in ordered], links)


# -- derive ---------------------------------------------------------------------
def derive(
    story_id: str,
    articles: Sequence[Article],
    settings: Settings,
    *,
    find_claims: Callable[..., Any] = story_claims,
    prior: StoryPrior | None = None,
) -> Story:
    """A story's derived data from its articles: title, provenance, independence, then claims.

    ``prior``: what the story kept from its last derive (its title, a pinned title, its
    citation numbers; the jobs read it from the store): the title and the numbers are
    settled against it (``settle``). None: a new story.

    Reads ``[provenance]``, ``[pipeline]``, ``[claims]``, ``[entities]``,
    ``[attribution]``, ``[limits]`` and ``[brief]``. Claims (entities, aligned
    claims, conflicts, updates, unique details) and the brief are skipped when
    ``settings["pipeline"]["claims"]`` is false. ``find_claims``: the claims stage
    (``claims.story.story_claims``; a seam for tests).
    """
    ordered, links, groups = relate(articles, settings)
    story = settle(
        Story(id=story_id, title="", article_ids=tuple(a.id for a in ordered), provenance=tuple(links),
              independent_groups=tuple(groups)),
        ordered, prior, settings,
    )
    if not settings["pipeline"]["claims"]:
        return story
    embed = None
    if settings["claims"]["embeddings"]:
        from .features.embeddings import sentence_embedder

        embed = sentence_embedder()
    notes = limits.notes(ordered, settings)  # what the work caps cut, named in the report
    story = replace(story, notes=notes)
    ordered = [limits.for_claims(a, settings["limits"]) for a in ordered]
    try:
        found = find_claims(ordered, story.independent_groups, links, settings=settings, embed=embed)
        with_claims = replace(
            story,
            entities=found.entities,
            claims=found.claims,
            conflicts=found.conflicts,
            updates=found.updates,
            unique=found.unique,
            notes=story.notes + found.notes,
        )
        return replace(with_claims, brief=compose_brief(with_claims, ordered, **settings["brief"]))
    except CorroborateError:
        raise
    except Exception:  # one pathological story must not block the store: keep its grouping and provenance
        log.exception("story %s: claims or brief failed; stored without them", story_id)
        return story


def story_title(articles: Sequence[Article]) -> str:
    """The headline of the best-edited titled article, else its first sentence."""
    if not articles:
        return ""
    best = _best(articles)
    return best.title or _first_sentence(best)


# -- stable titles and citation numbers --------------------------------------------
def settle(story: Story, articles: Sequence[Article], prior: StoryPrior | None, settings: Settings) -> Story:
    """``story`` with its title (``choose_title``) and citation numbers (``number_sources``)
    settled against ``prior``; ``articles``: its members (any order). Idempotent."""
    ordered = order_articles(articles)
    return replace(
        story,
        title=choose_title(ordered, prior, float(settings["pipeline"]["title_margin"])),
        citations=number_sources(story.article_ids, prior.numbers if prior else ()),
    )


def choose_title(articles: Sequence[Article], prior: StoryPrior | None, margin: float) -> str:
    """The story's title: a pinned one; else the title it had, unless the best headline
    (``story_title``) is clearly better: a real headline where the title was a first
    sentence, or an article whose quality beats the title's article by ``margin`` or more.
    A title no member carries any more (its article left the story) gives way to the best."""
    if prior is not None and prior.pinned:
        return prior.pinned
    if not articles:
        return ""
    best = _best(articles)
    best_title = best.title or _first_sentence(best)
    if prior is None or not prior.title or prior.title == best_title:
        return best_title
    current = next((a for a in articles if a.title == prior.title), None)
    titled = current is not None
    if current is None:
        current = next((a for a in articles if _first_sentence(a) == prior.title), None)
    if current is None:
        return best_title
    if best.title and not titled:
        return best_title
    return best_title if best.quality.score - current.quality.score >= margin else prior.title


def _best(articles: Sequence[Article]) -> Article:
    """The best-edited titled article (else the best-edited), the earliest of equals."""
    # by position, not ``articles.index(a)``: that compares whole records, quadratic in the story's size
    return max(enumerate(articles), key=lambda ia: (ia[1].title is not None, ia[1].quality.score, -ia[0]))[1]


def _first_sentence(a: Article) -> str:
    first = a.sentences[0].text if a.sentences else a.text
    return first if len(first) <= 120 else first[:117].rsplit(" ", 1)[0] + "…"
