"""The store behind the web server: reads in snapshots, serialised writes, a story catalog.

Reads the SQLite store through ``Store`` and writes only through the library
jobs (``pipeline.add``: ingest, then ``group_new``, which re-derives the
touched stories' provenance, claims and brief). Knows nothing of HTTP.

Concurrency:

- every request thread reads through its own ``Store`` connection, inside a
  deferred read transaction, so that one page sees one committed state of the
  store (SQLite WAL: readers never wait for the writer);
- one writer connection, used only under ``write_lock``; the store's own
  ``BEGIN IMMEDIATE`` transactions keep a crash from leaving half a write, and
  the lock keeps two adds in this process from grouping the same pending
  articles twice. Another process grouping the same file (say a cron
  ``corroborate add``) is caught at commit: a grouping writes only if no other
  was committed since it read the store, else it plans again
  (``pipeline._regroup``).

Inputs never become paths we did not choose: uploads and JSON bodies are
written under fresh names into a private temporary folder, ingested, and the
folder is removed.
"""

from __future__ import annotations

import json
import logging
import re
import tempfile
import threading
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any, Iterator, Mapping, Sequence

from .. import pipeline
from ..claims.entities import place_key
from ..claims.names import name_key
from ..errors import StoreBusy
from ..features.text import fold, words
from ..ingest import split_headline
from ..ingest.files import SUPPORTED, Unusable, decode
from ..model import Rejection, Story
from ..store import Store

log = logging.getLogger("corroborate.web")


class InputProblem(ValueError):
    """A request whose articles cannot be read at all (``str(exc)`` says why).

    ``status`` is the HTTP status to answer with: 400 for a malformed or empty
    request, 413 for one over a cap.
    """

    def __init__(self, message: str, status: int = 400):
        super().__init__(message)
        self.status = status


class GroupingFailed(RuntimeError):
    """An add whose articles were stored but whose grouping into stories failed.

    ``str(exc)`` says what failed and what state the articles are in; ``added``
    names the articles this add stored.
    """

    def __init__(self, message: str, added: Sequence[str] = ()):
        super().__init__(message)
        self.added = list(added)


# -- the catalog ----------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class EntityRef:
    """One entity of one story."""

    id: str
    name: str
    kind: str
    variants: tuple[str, ...]
    n_articles: int


@dataclass(frozen=True, slots=True)
class StoryCard:
    """What the stories list shows and searches for one story."""

    id: str
    title: str
    n_articles: int
    n_independent: int
    n_conflicts: int
    n_claims: int
    first_published: str | None
    last_published: str | None
    updated_at: str
    entities: tuple[EntityRef, ...] = ()
    text: str = ""  # folded title, brief, claims and entity names: what `q` searches
    name_keys: frozenset[str] = frozenset()  # spelling-insensitive keys of the entities' name words

    def summary(self) -> dict[str, Any]:
        """The card as the API returns it."""
        return {
            "id": self.id,
            "title": self.title,
            "n_articles": self.n_articles,
            "n_independent": self.n_independent,
            "n_conflicts": self.n_conflicts,
            "n_claims": self.n_claims,
            "first_published": self.first_published,
            "last_published": self.last_published,
            "updated_at": self.updated_at,
        }


def story_card(story: Story, summary: Any) -> StoryCard:
    """A story's card from its record and its ``StoryVersion`` (or ``StorySummary``)."""
    # people and organisations first (they tell stories apart better than places), then by articles naming them
    rank = {"person": 0, "organisation": 1, "other": 2, "place": 3}
    entities = tuple(
        EntityRef(e.id, e.name, e.kind, tuple(e.variants), len(e.article_ids))
        for e in sorted(story.entities, key=lambda e: (rank.get(e.kind, 2), -len(e.article_ids), e.name))
    )
    parts = [story.title, *(b.text for b in story.brief), *(c.text for c in story.claims)]
    for e in entities:
        parts += [e.name, *e.variants]
    keys = {name_key(w) for e in entities for v in (e.name, *e.variants) for w in words(v)}
    return StoryCard(
        id=story.id,
        title=story.title,
        n_articles=summary.n_articles,
        n_independent=len(story.independent_groups) or summary.n_articles,  # as Store.summaries counts
        n_conflicts=len(story.conflicts),
        n_claims=len(story.claims),
        first_published=summary.first_published,
        last_published=summary.last_published,
        updated_at=summary.updated_at,
        entities=entities,
        text=fold(" \n".join(parts)),
        name_keys=frozenset(k for k in keys if len(k) >= 3),
    )


@dataclass(slots=True)
class _Cached:
    card: StoryCard
    key: tuple[str, int]  # (updated_at, n_articles) when loaded
    generation: int  # the service's write generation the snapshot it came from had seen


class Catalog:
    """Cards of every story, refreshed from the store when stories change.

    A card is reloaded when its story's ``(updated_at, n_articles)`` changed
    (any writer, this process or another) or when this process's writer
    touched the story after the card was loaded.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._cards: dict[str, _Cached] = {}
        self._dirty: dict[str, int] = {}  # story id -> generation of the write that touched it

    def mark_dirty(self, story_ids: Sequence[str], generation: int) -> None:
        with self._lock:
            for sid in story_ids:
                self._dirty[sid] = generation

    def cards(self, store: Store, generation: int) -> list[StoryCard]:
        """Every story's card, newest and largest first (the order of ``Store.summaries``).

        ``store`` must be in a read snapshot taken after ``generation`` was read.
        """
        versions = story_versions(store)
        out: list[StoryCard] = []
        with self._lock:
            for v in versions:
                key = (v.updated_at, v.n_articles)
                cached = self._cards.get(v.id)
                if cached is None or cached.key != key or self._dirty.get(v.id, -1) > cached.generation:
                    story = store.story(v.id)
                    if story is None:  # cannot happen inside a snapshot; be safe
                        continue
                    cached = _Cached(story_card(story, v), key, generation)
                    self._cards[v.id] = cached
                out.append(cached.card)
            live = {v.id for v in versions}
            for sid in [sid for sid in self._cards if sid not in live]:
                del self._cards[sid]
        out.sort(key=lambda c: (c.last_published or "", c.updated_at, c.n_articles), reverse=True)
        return out


@dataclass(frozen=True, slots=True)
class StoryVersion:
    """What tells the catalog that a story changed, and its dates."""

    id: str
    n_articles: int
    first_published: str | None
    last_published: str | None
    updated_at: str


def story_versions(store: Store) -> list[StoryVersion]:
    """Every story's size, dates and last write, without reading the stories' data.

    ``Store.summaries`` parses every story's JSON to count its independent
    sources (45 ms for 50 stories of ECB+, growing with the store); the catalog
    has that count in its cached cards, so it asks only for this.
    """
    return [StoryVersion(*r) for r in store.story_versions()]


def search(cards: Sequence[StoryCard], q: str | None = None, entity: str | None = None) -> list[StoryCard]:
    """Cards matching every word of ``q`` (text, or a name in any spelling) and naming ``entity``.

    A word matches when it occurs in the story's title, brief, claims or entity
    names (case and accents ignored), or, for words of four letters or more,
    when it spells the same name as an entity's name word (Zelenskyy =
    Zelenski). ``entity`` is an entity id (``person:volodymyr-zelensky``) or a
    name in any spelling.
    """
    out = list(cards)
    if q and q.strip():
        terms = [fold(t) for t in q.split() if t.strip()]
        keys = [name_key(t) if len(t) >= 4 else "" for t in terms]
        out = [c for c in out if all(t in c.text or (k and k in c.name_keys) for t, k in zip(terms, keys))]
    if entity and entity.strip():
        wanted = entity_matcher(cards, entity)
        out = [c for c in out if any(wanted(e) for e in c.entities)]
    return out


def entity_matcher(cards: Sequence[StoryCard], query: str):
    """A predicate on ``EntityRef``: the entity ``query`` names, gathered across stories.

    ``query`` is an id or a name. Stories name one entity in their own way (one
    has ``person:volodymyr-zelensky``, another ``person:volodymyr-zelenskyy``),
    so an id stands for every entity of the same kind whose name has the same
    spelling-insensitive key as one bearing that id; a name matches an entity
    whose name or one of whose spellings has its key.
    """
    query = query.strip()
    by_id = [e for c in cards for e in c.entities if e.id == query]
    if by_id:
        kinds = {e.kind for e in by_id}
        keys = {place_key(e.name) for e in by_id}
        return lambda e: e.id == query or (e.kind in kinds and place_key(e.name) in keys)
    key = place_key(query.split(":", 1)[1].replace("-", " ")) if ":" in query else place_key(query)
    if not key:
        return lambda e: False
    return lambda e: any(place_key(v) == key for v in (e.name, *e.variants))


@dataclass(slots=True)
class EntityPage:
    """An entity gathered across stories: its names, and (story card, its entity there) pairs."""

    id: str
    name: str
    kind: str
    variants: list[str]
    stories: list[tuple[StoryCard, EntityRef]]


def entity_page(cards: Sequence[StoryCard], query: str) -> EntityPage | None:
    """The entity ``query`` (an id or a name) names across stories, or None."""
    match = entity_matcher(cards, query)
    found = [(c, e) for c in cards for e in c.entities if match(e)]
    if not found:
        return None
    exact = [e for _, e in found if e.id == query]
    head = exact[0] if exact else max((e for _, e in found), key=lambda e: e.n_articles)
    variants: dict[str, int] = {}
    for _, e in found:
        for v in (e.name, *e.variants):
            variants[v] = variants.get(v, 0) + e.n_articles
    seen: set[str] = set()
    stories = []
    for c, e in found:  # one row per story (a story may hold two entities of one key)
        if c.id not in seen:
            seen.add(c.id)
            stories.append((c, e))
    return EntityPage(head.id, head.name, head.kind, sorted(variants, key=lambda v: (-variants[v], v)), stories)


def top_entities(cards: Sequence[StoryCard], limit: int) -> list[tuple[EntityRef, int]]:
    """The entities named in the most stories (then articles), one per spelling-insensitive key."""
    by_key: dict[tuple[str, str], list[EntityRef]] = {}
    for c in cards:
        for e in c.entities:
            by_key.setdefault((e.kind, place_key(e.name)), []).append(e)
    ranked = sorted(
        by_key.values(), key=lambda es: (-len(es), -sum(e.n_articles for e in es), es[0].name)
    )
    return [(max(es, key=lambda e: e.n_articles), len(es)) for es in ranked[:limit]]


# -- adding articles ------------------------------------------------------------
@dataclass(slots=True)
class AddResult:
    """What one add did, with input origins as the client named them."""

    added: list[str] = field(default_factory=list)
    existing: list[str] = field(default_factory=list)
    skipped: list[Rejection] = field(default_factory=list)
    rejected: list[Rejection] = field(default_factory=list)
    stories: list[str] = field(default_factory=list)

    def to_dict(self, cards: Mapping[str, StoryCard]) -> dict[str, Any]:
        return {
            "added": self.added,
            "existing": self.existing,
            "skipped": [{"origin": r.origin, "reason": r.reason} for r in self.skipped],
            "rejected": [{"origin": r.origin, "reason": r.reason} for r in self.rejected],
            "stories": [cards[s].summary() for s in self.stories if s in cards],
        }


_SAFE_NAME = re.compile(r"[^\w.-]+")


def safe_filename(name: str | None, fallback: str = "upload") -> str:
    """A client's file name reduced to a plain base name of word characters, dots and dashes.

    Folders (``../../etc``, ``C:\\x``) and leading dots are dropped; the result
    is only ever joined to a fresh private folder.
    """
    base = PurePosixPath((name or "").replace("\\", "/")).name
    base = _SAFE_NAME.sub("_", base).lstrip(".")
    stem, dot, suffix = base.rpartition(".")
    if not dot:
        stem, suffix = base, ""
    stem = stem[:100] or fallback
    return f"{stem}.{suffix[:12]}" if suffix else stem


def _record_list(data: Any) -> list[Any]:
    """The records of parsed ``.json`` input: one record, a list, or ``{"articles": [...]}``."""
    if isinstance(data, dict):
        for key in ("articles", "items", "data", "records", "documents", "docs"):
            if isinstance(data.get(key), list) and not any(k in data for k in ("text", "body", "content")):
                data = data[key]
                break
    return data if isinstance(data, list) else [data]


def records_from_json(data: Any, max_records: int) -> list[Any]:
    """The records of a JSON body: one record, a list, or ``{"articles": [...]}`` (as ``.json`` input)."""
    records = _record_list(data)
    if not records:
        raise InputProblem("no articles in the request (an empty list)")
    if len(records) > max_records:
        raise InputProblem(f"{len(records)} articles in one request, over the {max_records} cap (web.max_records)", 413)
    return records


# JSON nesting a request may hold: article records are 2-4 levels deep; the parser
# itself gives up near 1,000 levels (Python's recursion limit, less the frames already
# on the stack, so a body that parses here could still fail deeper in ingest).
MAX_JSON_DEPTH = 100


def _brackets(text: bytes | str) -> int:
    """Opening brackets in JSON text (C-speed): a bound on its nesting depth."""
    if isinstance(text, bytes):
        return text.count(b"[") + text.count(b"{")
    return text.count("[") + text.count("{")


def _nests_over(data: Any, limit: int = MAX_JSON_DEPTH) -> bool:
    """Whether parsed JSON ``data`` nests over ``limit`` levels (walked without recursion)."""
    stack = [(data, 1)]
    while stack:
        item, depth = stack.pop()
        if depth > limit:
            return True
        if isinstance(item, dict):
            stack.extend((v, depth + 1) for v in item.values() if isinstance(v, (dict, list)))
        elif isinstance(item, list):
            stack.extend((v, depth + 1) for v in item if isinstance(v, (dict, list)))
    return False


def _too_deep(text: bytes | str, limit: int = MAX_JSON_DEPTH) -> bool:
    """Whether the JSON text nests over ``limit`` levels (False for text that is not JSON at all)."""
    if _brackets(text) <= limit:  # so many levels need as many brackets
        return False
    try:
        return _nests_over(json.loads(text), limit)
    except RecursionError:
        return True
    except ValueError:  # malformed, yet ingest's parser recurses as deep as the brackets go before failing
        return _bracket_depth(text) > limit


_JSON_STRING = re.compile(r'"(?:[^"\\]|\\.)*"')
_JSON_STRING_BYTES = re.compile(rb'"(?:[^"\\]|\\.)*"')


def _bracket_depth(text: bytes | str) -> int:
    """The deepest bracket nesting of (possibly malformed) JSON text, brackets inside strings ignored."""
    if isinstance(text, bytes):
        marks = re.findall(rb"[\[\]{}]", _JSON_STRING_BYTES.sub(b"", text))
        opening = (b"[", b"{")
    else:
        marks = re.findall(r"[\[\]{}]", _JSON_STRING.sub("", text))
        opening = ("[", "{")
    depth = deepest = 0
    for mark in marks:
        depth = depth + 1 if mark in opening else max(depth - 1, 0)
        deepest = max(deepest, depth)
    return deepest


def parse_json(body: bytes | str) -> Any:
    """``json.loads(body)``, or ``InputProblem`` (400) saying why it is not usable JSON: malformed,
    not UTF-8, or nested over ``MAX_JSON_DEPTH`` levels (``[[[[...`` would exhaust the stack)."""
    try:
        data = json.loads(body)
    except json.JSONDecodeError as exc:
        raise InputProblem(f"malformed JSON: {exc.msg} at line {exc.lineno} column {exc.colno}") from exc
    except UnicodeDecodeError as exc:
        raise InputProblem("malformed JSON: not UTF-8") from exc
    except RecursionError as exc:
        raise InputProblem(f"malformed JSON: nested too deeply (over {MAX_JSON_DEPTH} levels)") from exc
    except ValueError as exc:  # anything else json refuses
        raise InputProblem(f"malformed JSON: {exc}") from exc
    if _brackets(body) > MAX_JSON_DEPTH and _nests_over(data):
        raise InputProblem(f"malformed JSON: nested too deeply (over {MAX_JSON_DEPTH} levels)")
    return data


def check_json_lines(body: bytes, max_records: int, name: str | None = None) -> int:
    """The number of records (non-blank lines) of a JSON Lines body or upload ``name``, after checking it.

    ``InputProblem``: 413 when there are over ``max_records`` lines; 400 when a
    line nests over ``MAX_JSON_DEPTH`` levels (ingest parses each line
    recursively and would exhaust the stack). Other malformed lines are left to
    ingest, which rejects each with its reason.
    """
    lines = [(n, ln) for n, ln in enumerate(body.split(b"\n"), start=1) if ln.strip()]
    if len(lines) > max_records:
        where = f"upload {name!r} holds" if name else "the request holds"
        raise InputProblem(f"{where} {len(lines)} articles, over the {max_records} cap on articles in one request (web.max_records)", 413)
    for number, line in lines:
        if _too_deep(line):
            where = f"{name!r}" if name else "the request"
            raise InputProblem(f"malformed JSON in {where}, line {number}: nested too deeply (over {MAX_JSON_DEPTH} levels)")
    return len(lines)


def upload_records(name: str, data: bytes, max_records: int) -> int:
    """How many articles the uploaded file ``name`` holds: its records for ``.json``/``.jsonl``, else 1.

    ``InputProblem`` naming the file: 413 when it alone is over ``max_records``,
    400 for a ``.jsonl`` line nested too deeply to parse. A ``.json`` file that
    cannot be parsed counts 1 (ingest rejects it with its reason).
    """
    kind = SUPPORTED.get(Path(name).suffix.lower())
    if kind == "jsonl":
        return check_json_lines(data, max_records, name)
    if kind != "json":
        return 1
    try:
        records = _record_list(json.loads(decode(data)))
    except (Unusable, ValueError, RecursionError):
        return 1
    if len(records) > max_records:
        raise InputProblem(
            f"upload {name!r} holds {len(records)} articles, over the {max_records} cap on articles in one request"
            " (web.max_records)",
            413,
        )
    return len(records)


def describe_origin(origin: str) -> str:
    """An article's stored ``origin`` in words: inputs added through the server are stored
    as the client named them, behind "web: " (``pipeline.ingest_paths`` ``rename``)."""
    if not origin.startswith("web: "):
        return origin
    rest = origin[len("web: "):]
    if rest.startswith("pasted text"):
        return "added through the web: pasted text"
    if rest.startswith("request:"):
        return "added through the web: POST /api/articles, line " + rest[len("request:"):]
    if rest.startswith("request"):
        return "added through the web: POST /api/articles, record " + rest[len("request"):].strip("[]")
    return "added through the web: uploaded " + rest


class Service:
    """The store a server reads and writes: per-thread readers, one guarded writer, the catalog."""

    def __init__(self, db_path: str, settings: Mapping[str, Mapping[str, Any]], *, read_only: bool = False):
        self.db_path = str(db_path)
        self.read_only = read_only
        web = dict(settings["web"])
        pipe = dict(settings["pipeline"], workers=int(web["workers"]))
        self.settings = {k: dict(v) for k, v in settings.items()} | {"pipeline": pipe}
        self.web = web
        self.catalog = Catalog()
        self.write_lock = threading.Lock()
        self.generation = 0
        self._local = threading.local()
        self._open: list[Store] = []
        self._open_lock = threading.Lock()
        self._writer: Store | None = None
        # fail early (StoreError) on an unusable file; migrate once (a read-only service never writes:
        # every connection it opens is read-only, and a store needing migration is refused)
        Store(self.db_path, read_only=read_only).close()

    # -- connections ------------------------------------------------------
    def _reader(self) -> Store:
        store = getattr(self._local, "store", None)
        if store is None:
            store = Store(self.db_path, read_only=self.read_only)
            self._local.store = store
            with self._open_lock:
                self._open.append(store)
        return store

    @contextmanager
    def reading(self) -> Iterator[tuple[Store, int]]:
        """(this thread's store inside a read snapshot, the write generation it has seen)."""
        generation = self.generation  # read before the snapshot starts: it holds at least these writes
        store = self._reader()
        with store.snapshot():  # a deferred read transaction (Store.transaction() would take the write lock)
            yield store, generation

    def close(self) -> None:
        with self._open_lock:
            for store in self._open:
                try:
                    store.close()
                except Exception:  # noqa: BLE001 - a connection of a finished thread
                    pass
            self._open.clear()
        self._drop_writer()

    def _drop_writer(self) -> None:
        """Close the writer connection (the next add opens a fresh one)."""
        if self._writer is not None:
            try:
                self._writer.close()
            except Exception:  # noqa: BLE001 - closing a connection a failed job left behind
                log.warning("closing the writer connection failed", exc_info=True)
            self._writer = None

    def _group_after_failure(self, exc: Exception, added: Sequence[str]) -> tuple[list[str], GroupingFailed]:
        """After ``group_new`` raised ``exc`` (call under ``write_lock``): group the pending
        articles again without claims and briefs (the stages most likely to fail on one
        odd text), on a fresh connection, so that no article is left out of its story.

        Returns (the stories written, the error to answer with). Should that fail too,
        the articles stay pending and the next add groups them (``group_new`` takes
        every pending article); the service is never left unable to add.
        """
        log.error("grouping the pending articles failed", exc_info=exc)
        self._drop_writer()
        self._writer = Store(self.db_path)
        if isinstance(exc, StoreBusy):
            # contention, not a bad text: regrouping without claims would degrade stories for nothing
            message = (
                "the articles were stored, but another process held the store's write lock longer than the"
                " wait allows (a long analyze?); they stay pending and the next add groups them"
            )
            return [], GroupingFailed(message, added)
        why = type(exc).__name__
        plain = {k: dict(v) for k, v in self.settings.items()}
        plain["pipeline"]["claims"] = False
        try:
            written = pipeline.group_new(self._writer, plain)
        except Exception as again:  # noqa: BLE001
            log.error("grouping the pending articles without claims failed too", exc_info=again)
            self._drop_writer()
            self._writer = Store(self.db_path)
            message = (
                f"the articles were stored, but grouping them into stories failed ({why}); they stay pending"
                " and the next add retries grouping them; the server log has the details"
            )
            return [], GroupingFailed(message, added)
        message = (
            f"the articles were stored, but deriving their stories failed ({why}); they were grouped into"
            f" {len(written)} stor{'y' if len(written) == 1 else 'ies'} without claims or briefs, which the next add"
            " touching those stories recomputes; the server log has the details"
        )
        return written, GroupingFailed(message, added)

    # -- reads ------------------------------------------------------------
    def cards(self, store: Store, generation: int) -> list[StoryCard]:
        return self.catalog.cards(store, generation)

    # -- writes -----------------------------------------------------------
    def add_records(self, records: list[Any]) -> AddResult:
        """Add JSON records (the ``.json`` input format); origins read ``request[i]``."""
        cap = int(self.web["max_records"])
        if len(records) > cap:
            raise InputProblem(f"{len(records)} articles in one request, over the {cap} cap (web.max_records)", 413)
        try:
            data = json.dumps(records, ensure_ascii=False).encode("utf-8")
        except RecursionError as exc:  # records not from parse_json, nested too deeply to write out
            raise InputProblem("malformed JSON: nested too deeply") from exc
        return self._add([("request.json", data)], {"request.json": "request"})

    def add_jsonl(self, body: bytes) -> AddResult:
        """Add a JSON Lines body; origins read ``request:LINE``."""
        check_json_lines(body, int(self.web["max_records"]))
        return self._add([("request.jsonl", body)], {"request.jsonl": "request"})

    def add_text(self, text: str, *, title: str = "", source: str = "", url: str = "", published: str = "") -> AddResult:
        """Add one pasted article; without a title, a first line followed by a blank line is taken as one."""
        if not text.strip():
            raise InputProblem("the pasted text is empty")
        if not title.strip():
            head, body = split_headline(text)
            title, text = (head or ""), body
        record = {"text": text, "title": title.strip(), "source": source.strip(), "url": url.strip(), "published": published.strip()}
        record = {k: v for k, v in record.items() if v}
        return self._add([("pasted.jsonl", json.dumps(record, ensure_ascii=False).encode("utf-8"))], {"pasted.jsonl": "pasted text"})

    def check_uploads(self, files: Sequence[tuple[str | None, bytes]]) -> int:
        """The articles in the uploaded record files (``.json``/``.jsonl``) of ``files``, counted
        before anything is added: ``InputProblem`` (413) naming the file(s) when over
        ``web.max_records``, alone or together. (Other files are one article each, capped by
        ``web.max_upload_files``.)
        """
        cap = int(self.web["max_records"])
        counts: list[tuple[str, int]] = []
        for client_name, data in files:
            shown = safe_filename(client_name)
            if SUPPORTED.get(Path(shown).suffix.lower()) in ("json", "jsonl"):
                counts.append((shown, upload_records(shown, data, cap)))
        total = sum(n for _, n in counts)
        if total > cap:
            named = ", ".join(f"{name}: {n}" for name, n in counts)
            raise InputProblem(
                f"the uploaded files hold {total} articles together ({named}), over the {cap} cap on articles"
                " in one request (web.max_records)",
                413,
            )
        return total

    def add_files(self, files: Sequence[tuple[str | None, bytes]]) -> AddResult:
        """Add uploaded files: ``(client file name, bytes)``; the name's stem is the article id, as for ``add``.

        ``InputProblem`` (413) before anything is added when record files hold over ``web.max_records`` articles.
        """
        self.check_uploads(files)
        named: list[tuple[str, bytes]] = []
        labels: dict[str, str] = {}
        early: list[Rejection] = []
        for n, (client_name, data) in enumerate(files):
            shown = safe_filename(client_name)
            if Path(shown).suffix.lower() not in SUPPORTED:
                kinds = ", ".join(sorted(SUPPORTED))
                early.append(Rejection(shown, f"unsupported file type '{Path(shown).suffix or '(none)'}' (supported: {kinds})"))
                continue
            rel = f"{n}/{shown}"
            named.append((rel, data))
            labels[rel] = shown
        result = self._add(named, labels) if named else AddResult()
        result.rejected[:0] = early
        return result

    def _add(self, files: Sequence[tuple[str, bytes]], labels: Mapping[str, str]) -> AddResult:
        """Write ``files`` (relative names we chose) into a private folder and run ``pipeline.add`` on them."""
        if self.read_only:
            raise PermissionError("read-only")
        with tempfile.TemporaryDirectory(prefix="corroborate-web-") as tmp:
            root = Path(tmp)

            def shown(origin: str) -> str:
                """The input as the client named it ("pasted text", "report.html", "request:3")."""
                prefix = str(root) + "/"
                if origin.startswith(prefix):
                    rest = origin[len(prefix):]
                    for rel, label in labels.items():
                        if rest.startswith(rel):
                            return label + rest[len(rel):]
                    return rest
                return origin

            paths = []
            for rel, data in files:
                target = root / rel
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(data)
                paths.append(target)
            with self.write_lock:
                if self._writer is None:
                    self._writer = Store(self.db_path)
                store = self._writer
                written: list[str] = []
                failed: GroupingFailed | None = None
                try:
                    run = pipeline.ingest_paths(store, paths, self.settings, rename=lambda o: "web: " + shown(o))
                    try:
                        written = pipeline.group_new(store, self.settings)
                    except Exception as exc:  # noqa: BLE001 - the articles are stored: keep the service usable
                        written, failed = self._group_after_failure(exc, run.added)
                        store = self._writer
                    membership = store.membership()
                    run.stories = list(dict.fromkeys(membership[a] for a in run.added + run.existing if a in membership))
                except BaseException:
                    self._drop_writer()  # a fresh connection for the next add, whatever state this one is in
                    raise
                finally:
                    self.generation += 1
                    self.catalog.mark_dirty(written, self.generation)
            if failed is not None:
                raise failed

        def label(origin: str) -> str:
            return origin[len("web: "):] if origin.startswith("web: ") else origin

        return AddResult(
            added=run.added,
            existing=run.existing,
            skipped=[Rejection(label(r.origin), r.reason) for r in run.skipped],
            rejected=[Rejection(label(r.origin), r.reason.replace(str(root) + "/", "")) for r in run.rejected],
            stories=run.stories,
        )
