"""Alerts over the store: the I/O around ``evaluate`` (read the touched stories, remember
what fired, deliver, remember what was delivered).

    alerts = Alerts(load("alerts.toml"), settings, report=stderr_line, out=stdout_line)
    alerts(store, story_ids, new_article_ids)    after each round (fetch, watch, add)

Only the stories a round touched are read (cost per round, not per store). Each new
firing is recorded with one pending delivery per sink in one transaction before
anything is sent; a delivery is marked done once its sink took it. A sink that fails
is one line through ``report`` naming it and why; its deliveries stay pending and are
tried again next round (the rest of that sink's queue waits for the next round too,
so an unreachable webhook costs one bounded retry cycle per round), and the other
sinks and the round go on.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable, Iterable, Mapping, Sequence

from ..store import alertstate
from ..store.sqlite import Store
from .deliver import SINKS, DeliveryError, Sink
from .evaluate import Firing, StoryView, evaluate
from .rules import RuleSet


def views(store: Store, story_ids: Sequence[str], new_article_ids: Iterable[str] = ()) -> list[StoryView]:
    """``StoryView`` of each stored story of ``story_ids`` (read in one snapshot); the text
    holds the story's title, brief and claims and the articles of ``new_article_ids`` in it."""
    ids = list(dict.fromkeys(story_ids))
    out: list[StoryView] = []
    with store.snapshot():
        summaries = {s.id: s for s in store.summaries(ids)}
        sources = alertstate.member_sources(store, ids)
        membership = store.membership_of(list(dict.fromkeys(new_article_ids)))
        new_ids = [a for a, sid in membership.items() if sid in summaries]
        new_articles = {a.id: a for a in store.articles(new_ids)}
        for sid in ids:
            story = store.story(sid)
            summary = summaries.get(sid)
            if story is None or summary is None:
                continue  # merged away since the round wrote it
            fresh = tuple(a for a in new_ids if membership[a] == sid)
            parts = [story.title, *(b.text for b in story.brief), *(c.text for c in story.claims)]
            for aid in fresh:
                art = new_articles[aid]
                parts += [art.title or "", art.text]
            out.append(StoryView(
                id=sid, title=story.title, n_articles=summary.n_articles, n_independent=summary.n_independent,
                text="\n".join(p for p in parts if p), entities=story.entities, conflicts=story.conflicts,
                sources=tuple(sources.get(sid, ())), new_articles=fresh,
            ))
    return out


@dataclass(slots=True)
class AlertRound:
    fired: list[Firing] = field(default_factory=list)  # new firings, recorded this round
    delivered: int = 0  # deliveries taken by their sink (this round's and earlier ones')
    failures: list[str] = field(default_factory=list)  # one line per failed delivery
    held: int = 0  # deliveries left for the next round behind a failed one of the same sink


class Alerts:
    """The rules of one alerts file, with their sinks open; call it after each round."""

    def __init__(self, ruleset: RuleSet, settings: Mapping[str, Mapping[str, Any]],
                 report: Callable[[str], None] | None = None, out: Callable[[str], None] | None = None):
        self.ruleset, self.settings = ruleset, settings
        self.report = report or (lambda _line: None)
        self.sinks: dict[str, Sink] = {
            name: SINKS[name](value, settings["alerts"], out or print) for name, value in ruleset.sinks
        }

    def close(self) -> None:
        for sink in self.sinks.values():
            sink.close()

    def __enter__(self) -> "Alerts":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __call__(self, store: Store, story_ids: Sequence[str], new_article_ids: Iterable[str] = ()) -> AlertRound:
        result = AlertRound()
        if story_ids:
            stories = views(store, story_ids, new_article_ids)
            already = alertstate.fired(store, [v.id for v in stories])
            result.fired = evaluate(self.ruleset.rules, stories, already, self.settings)
            alertstate.record(store, [(f.key, f.rule, f.story_id, f.payload(), f.sinks) for f in result.fired])
        self.deliver(store, result)
        return result

    def deliver(self, store: Store, result: AlertRound) -> None:
        """Send every pending delivery of the open sinks (new ones and those that failed before)."""
        blocked: set[str] = set()
        for item in alertstate.pending(store, self.sinks):
            if item.sink in blocked:
                result.held += 1
                continue
            sink = self.sinks[item.sink]
            try:
                sink.send(item.payload)
            except DeliveryError as exc:
                alertstate.failed(store, item.key, item.sink, exc.reason)
                line = (f"alert not delivered: {sink.name} {sink.target}: {exc.reason}"
                        f" (rule {item.payload.get('rule')!r}, story {item.payload.get('story')}); retried next round")
                result.failures.append(line)
                self.report(line)
                blocked.add(item.sink)
                continue
            alertstate.delivered(store, item.key, item.sink)
            result.delivered += 1
        if result.held:
            self.report(f"alerts: {result.held} more delivery(ies) to {', '.join(sorted(blocked))} held for the next round")


def load_alerts(path: str, settings: Mapping[str, Mapping[str, Any]], report: Callable[[str], None] | None = None,
                out: Callable[[str], None] | None = None) -> Alerts:
    """``Alerts`` of the file at ``path`` (a ``RulesError`` says what is wrong with it)."""
    from .rules import load

    return Alerts(load(path), settings, report=report, out=out)
