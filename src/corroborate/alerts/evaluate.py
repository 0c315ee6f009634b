"""Which alert rules fire on which stories: store-free, a function of its arguments.

    evaluate(rules, stories, already_fired, settings) -> [Firing]

reads ``Rule`` records (``alerts.rules``) and ``StoryView`` snapshots of the stories a
round touched (built from the store by ``alerts.run.views``), and returns the
``Firing`` records whose ``key`` is not in ``already_fired``. A key names the rule,
the story and what fired, so that it is stable when a story is analysed again:

    sources    "<rule>|<story>|"                     once per story, when it reaches N
    conflict   "<rule>|<story>|<kind>:<values>"      values folded and sorted; a conflict
                                                      that gains a value is a new one
    words      "<rule>|<story>|"                     once per story
    entity     "<rule>|<story>|"                     once per story
    outlet     "<rule>|<story>|"                     once per story

``KINDS`` is the registry: each kind names its parameters (checked by ``alerts.rules``)
and its matcher; a new kind is one entry there.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable, Mapping, Sequence
from urllib.parse import urlsplit

from ..claims.names import name_key, similar
from ..features.text import fold, words
from ..model import Conflict, Entity


# -- records ------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Rule:
    """One rule of a rules file: its unique ``name``, ``kind`` (a key of ``KINDS``), its
    checked parameters as (key, value) pairs, and the sinks it delivers to."""

    name: str
    kind: str
    params: tuple[tuple[str, Any], ...] = ()
    sinks: tuple[str, ...] = ()

    def get(self, key: str, default: Any = None) -> Any:
        return next((v for k, v in self.params if k == key), default)


@dataclass(frozen=True, slots=True)
class StoryView:
    """What the rules read of one story: summary counts, its derived records, the text the
    word rules search (title, brief, claims, and the articles that arrived this round), and
    (source, url) of each of its articles."""

    id: str
    title: str
    n_articles: int
    n_independent: int
    text: str = ""
    entities: tuple[Entity, ...] = ()
    conflicts: tuple[Conflict, ...] = ()
    sources: tuple[tuple[str | None, str | None], ...] = ()
    new_articles: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Firing:
    """A rule that fired on a story; ``key`` is what the store remembers it by."""

    key: str
    rule: str
    kind: str
    story_id: str
    title: str
    message: str
    n_articles: int
    n_independent: int
    detail: tuple[tuple[str, Any], ...] = ()
    sinks: tuple[str, ...] = ()

    @property
    def id(self) -> str:
        return hashlib.sha1(self.key.encode("utf-8")).hexdigest()[:16]

    def payload(self) -> dict[str, Any]:
        """The JSON object every sink delivers (``fired_at`` is added when it is recorded)."""
        return {
            "id": self.id, "rule": self.rule, "kind": self.kind, "story": self.story_id, "title": self.title,
            "message": self.message, "n_articles": self.n_articles, "n_independent": self.n_independent,
            "detail": {k: list(v) if isinstance(v, tuple) else v for k, v in self.detail},
        }


@dataclass(frozen=True, slots=True)
class Hit:
    """What a matcher found: ``suffix`` of the firing key, a message, details."""

    suffix: str
    message: str
    detail: tuple[tuple[str, Any], ...] = ()


# -- text helpers ----------------------------------------------------------------------------
def tokens(text: str) -> tuple[str, ...]:
    """Folded word tokens (lower case, no accents)."""
    return tuple(fold(w) for w in words(text))


def _contains(seq: Sequence[str], phrase: Sequence[str]) -> bool:
    n = len(phrase)
    if not n or n > len(seq):
        return False
    first = phrase[0]
    return any(seq[i] == first and tuple(seq[i : i + n]) == tuple(phrase) for i in range(len(seq) - n + 1))


def _norm(text: str) -> str:
    return " ".join(tokens(text)) or text.strip().lower()


@dataclass(slots=True)
class _Context:
    """Per-call caches and the name-spelling thresholds (``[entities]``)."""

    threshold: float
    min_len: int
    _tokens: dict[str, tuple[str, ...]] = field(default_factory=dict)
    _capitalised: dict[str, tuple[str, ...]] = field(default_factory=dict)
    _names: dict[str, tuple[tuple[str, ...], ...]] = field(default_factory=dict)

    def text_tokens(self, view: StoryView) -> tuple[str, ...]:
        if view.id not in self._tokens:
            self._tokens[view.id] = tokens(view.text)
        return self._tokens[view.id]

    def capitalised(self, view: StoryView) -> tuple[str, ...]:
        """The text's words, with those not starting with a capital letter blanked (a name's spelling
        is compared with names only, so that "trump card" is no "Trump")."""
        if view.id not in self._capitalised:
            self._capitalised[view.id] = tuple(w if w[:1].isupper() else "" for w in words(view.text))
        return self._capitalised[view.id]

    def alike(self, a: str, b: str) -> bool:
        return bool(b) and similar(a, b, self.threshold, self.min_len)

    def names(self, view: StoryView) -> tuple[tuple[str, ...], ...]:
        if view.id not in self._names:
            self._names[view.id] = tuple(
                tuple(words(n)) for e in view.entities for n in dict.fromkeys((e.name, *e.variants))
            )
        return self._names[view.id]


# -- the kinds -------------------------------------------------------------------------------
def _sources(rule: Rule, view: StoryView, ctx: _Context) -> list[Hit]:
    n = int(rule.get("min_sources"))
    if view.n_independent < n:
        return []
    return [Hit("", f"{view.n_independent} independent sources (rule: at least {n})",
                (("min_sources", n), ("independent_sources", view.n_independent)))]


def _conflict(rule: Rule, view: StoryView, ctx: _Context) -> list[Hit]:
    kinds = rule.get("conflict_kinds") or ()
    out = []
    for c in view.conflicts:
        if kinds and c.kind not in kinds:
            continue
        values = sorted({_norm(v.value) for v in c.values})
        shown = tuple(v.value for v in c.values)
        out.append(Hit(f"{c.kind}:" + "|".join(values), f"new conflict ({c.kind or 'other'}): {c.about}: " + " / ".join(shown),
                       (("conflict_kind", c.kind), ("about", c.about), ("values", shown))))
    return out


def _words(rule: Rule, view: StoryView, ctx: _Context) -> list[Hit]:
    phrases: tuple[tuple[str, ...], ...] = rule.get("words")
    seq = ctx.text_tokens(view)
    found = [p for p in phrases if _contains(seq, p)]
    need_all = bool(rule.get("all", False))
    if not found or (need_all and len(found) < len(phrases)):
        return []
    shown = tuple(" ".join(p) for p in found)
    return [Hit("", "mentions " + ", ".join(repr(s) for s in shown), (("words", shown),))]


def _entity(rule: Rule, view: StoryView, ctx: _Context) -> list[Hit]:
    for name in rule.get("entity"):
        for candidate in ctx.names(view):  # the story's entities and their spellings
            if _name_in(name, candidate, ctx):
                return [Hit("", f"names {' '.join(name)} (as {' '.join(candidate)})",
                            (("entity", " ".join(name)), ("as", " ".join(candidate))))]
        seq = ctx.capitalised(view)  # a name the entity step did not keep: its spelling in the text
        n = len(name)
        for i in range(len(seq) - n + 1):
            if seq[i] and all(ctx.alike(name[j], seq[i + j]) for j in range(n)):
                found = " ".join(seq[i : i + n])
                return [Hit("", f"names {' '.join(name)} (as {found})", (("entity", " ".join(name)), ("as", found)))]
    return []


def _name_in(name: Sequence[str], candidate: Sequence[str], ctx: _Context) -> bool:
    """Every token of ``name`` spelled alike by a token of ``candidate`` ("Zelenski" in
    "Volodymyr Zelensky"; "Volodimir Zelenski" in "Volodymyr Zelenskyy")."""
    if not name or len(name) > len(candidate):
        return False
    return all(any(ctx.alike(t, c) for c in candidate) for t in name)


def outlet_matches(outlet: str, source: str | None, url: str | None) -> bool:
    """``outlet`` names the article's source (folded words equal), or, when it is a domain
    ("bbc.co.uk"), the host of its URL or a parent of it."""
    if source and " ".join(tokens(source)) == " ".join(tokens(outlet)):
        return True
    if "." in outlet and " " not in outlet and url:
        host = (urlsplit(url).hostname or "").lower()
        domain = outlet.lower().removeprefix("www.")
        host = host.removeprefix("www.")
        return host == domain or host.endswith("." + domain)
    return False


def _outlet(rule: Rule, view: StoryView, ctx: _Context) -> list[Hit]:
    for outlet in rule.get("outlets"):
        for source, url in view.sources:
            if outlet_matches(outlet, source, url):
                return [Hit("", f"a story from {outlet}", (("outlet", outlet), ("source", source or ""), ("url", url or "")))]
    return []


# -- parameter checks (used by alerts.rules) --------------------------------------------------
def _positive_int(v: Any) -> int:
    if isinstance(v, bool) or not isinstance(v, int) or v < 1:
        raise ValueError("must be a whole number of 1 or more")
    return v


def _strings(v: Any) -> tuple[str, ...]:
    if isinstance(v, str):
        v = [v]
    if not isinstance(v, list) or not v or not all(isinstance(x, str) and x.strip() for x in v):
        raise ValueError("must be a non-empty string or list of non-empty strings")
    return tuple(x.strip() for x in v)


def _phrases(v: Any) -> tuple[tuple[str, ...], ...]:
    out = tuple(tokens(s) for s in _strings(v))
    if not all(out):
        raise ValueError("each entry must hold a word (letters or digits)")
    return out


def _names(v: Any) -> tuple[tuple[str, ...], ...]:
    out = tuple(tuple(words(s)) for s in _strings(v))
    if not all(out) or not all(name_key(t) for n in out for t in n):
        raise ValueError("each entry must be a name (words of letters)")
    return out


def _kinds(v: Any) -> tuple[str, ...]:
    return tuple(s.lower() for s in _strings(v))


def _flag(v: Any) -> bool:
    if not isinstance(v, bool):
        raise ValueError("must be true or false")
    return v


@dataclass(frozen=True, slots=True)
class Param:
    check: Callable[[Any], Any]  # the value as written -> the value kept; ValueError says why not
    required: bool = False
    default: Any = None


@dataclass(frozen=True, slots=True)
class Kind:
    what: str  # one line for messages and docs
    params: Mapping[str, Param]
    match: Callable[[Rule, StoryView, _Context], list[Hit]]


KINDS: dict[str, Kind] = {
    "sources": Kind("a story reaches min_sources independent sources",
                    {"min_sources": Param(_positive_int, required=True)}, _sources),
    "conflict": Kind("a new conflict appears in a story (optionally only conflict_kinds: number, date, ...)",
                     {"conflict_kinds": Param(_kinds, default=())}, _conflict),
    "words": Kind("a story mentions any of words (all of them with all = true); case and accents ignored",
                  {"words": Param(_phrases, required=True), "all": Param(_flag, default=False)}, _words),
    "entity": Kind("a story names entity (any spelling or script: Zelenski, Zelenskyy, Зеленський)",
                   {"entity": Param(_names, required=True)}, _entity),
    "outlet": Kind("a story carries an article from one of outlets (a source name or a domain)",
                   {"outlets": Param(_strings, required=True)}, _outlet),
}


# -- the stage -------------------------------------------------------------------------------
def firing_key(rule: str, story_id: str, suffix: str) -> str:
    if len(suffix) > 200:
        suffix = "sha1:" + hashlib.sha1(suffix.encode("utf-8")).hexdigest()
    return f"{rule}|{story_id}|{suffix}"


def evaluate(
    rules: Sequence[Rule], stories: Iterable[StoryView], already_fired: Iterable[str] | set[str],
    settings: Mapping[str, Mapping[str, Any]],
) -> list[Firing]:
    """The firings of ``rules`` on ``stories`` whose key is not in ``already_fired``, each once,
    in story then rule order. Reads ``settings["entities"]`` (how alike two spellings of a
    name must be: the thresholds that group a story's names)."""
    ent = settings["entities"]
    ctx = _Context(float(ent["surname_threshold"]), int(ent["min_fuzzy_len"]))
    seen = set(already_fired)
    out: list[Firing] = []
    for view in stories:
        for rule in rules:
            for hit in KINDS[rule.kind].match(rule, view, ctx):
                key = firing_key(rule.name, view.id, hit.suffix)
                if key in seen:
                    continue
                seen.add(key)
                out.append(Firing(key, rule.name, rule.kind, view.id, view.title, hit.message, view.n_articles,
                                  view.n_independent, hit.detail, rule.sinks))
    return out

