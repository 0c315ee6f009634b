"""evaluate(): each rule kind on story snapshots, store-free; keys stable across re-analysis."""

from __future__ import annotations

import json
from corroborate import config
from corroborate.alerts.evaluate import KINDS, Firing, Rule, StoryView, evaluate, outlet_matches
from corroborate.alerts.rules import parse
from corroborate.model import Conflict, ConflictValue, Entity

S = config.settings()


def _rules(*tables: str) -> tuple[Rule, ...]:
    import tomllib
    from pathlib import Path

    doc = tomllib.loads('[deliver]\nstdout = true\n' + "".join(f"[[rule]]\n{t}\n" for t in tables))
    return parse(doc, "test.toml", Path(".")).rules


def _view(**kw) -> StoryView:
    base = dict(id="st-1", title="Two captured", n_articles=3, n_independent=2, text="")
    return StoryView(**{**base, **kw})


def test_sources_fires_once_at_the_threshold():
    rules = _rules('name = "three"\nkind = "sources"\nmin_sources = 3')
    assert evaluate(rules, [_view(n_independent=2)], set(), S) == []
    [f] = evaluate(rules, [_view(n_independent=3)], set(), S)
    assert isinstance(f, Firing) and (f.rule, f.kind, f.story_id, f.n_independent) == ("three", "sources", "st-1", 3)
    assert evaluate(rules, [_view(n_independent=4)], {f.key}, S) == []  # already fired: never again
    assert [g.story_id for g in evaluate(rules, [_view(id="st-2", n_independent=5)], {f.key}, S)] == ["st-2"]
    json.dumps(f.payload())  # the payload is plain JSON
    assert f.payload()["detail"] == {"min_sources": 3, "independent_sources": 3}


def _conflict(cid: str, kind: str, *values: str) -> Conflict:
    return Conflict(cid, "how many were captured", tuple(ConflictValue(v) for v in values), kind=kind)


def test_conflict_fires_per_new_conflict_and_not_again_after_reanalysis():
    rules = _rules('name = "disputes"\nkind = "conflict"')
    first = evaluate(rules, [_view(conflicts=(_conflict("c1", "number", "two", "six"),))], set(), S)
    assert len(first) == 1 and "two / six" in first[0].message
    fired = {f.key for f in first}
    # analysed again: a new conflict id, the values in another order and case: the same conflict
    again = _view(conflicts=(_conflict("c9", "number", "Six", "two"),))
    assert evaluate(rules, [again], fired, S) == []
    # another disagreement in the same story is new; so is the same one gaining a value
    more = _view(conflicts=(_conflict("c9", "number", "six", "two"), _conflict("c2", "weekday", "Monday", "Tuesday"),
                            _conflict("c3", "number", "two", "six", "eight")))
    assert [f.detail[0][1] for f in evaluate(rules, [more], fired, S)] == ["weekday", "number"]


def test_conflict_kinds_filter():
    rules = _rules('name = "days"\nkind = "conflict"\nconflict_kinds = ["weekday"]')
    view = _view(conflicts=(_conflict("c1", "number", "2", "6"), _conflict("c2", "weekday", "Monday", "Tuesday")))
    assert [f.detail[0][1] for f in evaluate(rules, [view], set(), S)] == ["weekday"]


def test_words_any_all_phrases_case_and_accents():
    text = "Ukrainian troops CAPTURED two Chinese citizens near Pokrovsk; a prisoner exchange is café talk."
    view = _view(text=text)
    assert len(evaluate(_rules('name = "w"\nkind = "words"\nwords = ["captured", "tanks"]'), [view], set(), S)) == 1
    assert evaluate(_rules('name = "w"\nkind = "words"\nwords = ["captured", "tanks"]\nall = true'), [view], set(), S) == []
    assert len(evaluate(_rules('name = "w"\nkind = "words"\nwords = ["Chinese citizens", "cafe"]\nall = true'),
                        [view], set(), S)) == 1
    assert evaluate(_rules('name = "w"\nkind = "words"\nwords = ["citizens Chinese"]'), [view], set(), S) == []
    assert evaluate(_rules('name = "w"\nkind = "words"\nwords = ["capture"]'), [view], set(), S) == []  # whole words


def test_entity_in_any_spelling_or_script():
    rules = _rules('name = "z"\nkind = "entity"\nentity = "Zelenski"')
    zel = Entity("e1", "Volodymyr Zelenskyy", "person", variants=("Zelensky",))
    [f] = evaluate(rules, [_view(entities=(zel,))], set(), S)
    assert f.payload()["detail"]["as"] == "Volodymyr Zelenskyy"
    cyr = _view(text="Президент Зеленський заявив про полонених.")  # no entity kept: its spelling in the text
    assert len(evaluate(rules, [cyr], set(), S)) == 1
    full = _rules('name = "z"\nkind = "entity"\nentity = "Volodimir Zelenski"')
    assert len(evaluate(full, [_view(entities=(zel,))], set(), S)) == 1
    assert len(evaluate(full, [_view(text="President Volodymyr Zelensky said")], set(), S)) == 1
    assert evaluate(full, [_view(text="Zelensky said")], set(), S) == []  # the given name is missing
    trump = _rules('name = "t"\nkind = "entity"\nentity = "Trump"')
    assert evaluate(trump, [_view(text="It was her trump card.")], set(), S) == []  # a word, not a name
    assert evaluate(rules, [_view(entities=(Entity("e2", "Zelda Smith", "person"),), text="Zelda said")], set(), S) == []


def test_entity_spelling_uses_the_entities_thresholds():
    rules = _rules('name = "s"\nkind = "entity"\nentity = "Sybiha"')
    view = _view(text="Foreign Minister Andrii Sybiga said")  # alike (Jaro-Winkler 0.93), not the same key
    assert len(evaluate(rules, [view], set(), S)) == 1
    strict = config.override(S, {"entities": {"surname_threshold": 1.0}})
    assert evaluate(rules, [view], set(), strict) == []


def test_outlet_by_name_or_domain():
    rules = _rules('name = "wires"\nkind = "outlet"\noutlets = ["Reuters", "apnews.com"]')
    assert evaluate(rules, [_view(sources=((None, "https://example.org/a"), ("Le Monde", None)))], set(), S) == []
    [f] = evaluate(rules, [_view(sources=(("le monde", None), ("REUTERS", "https://x.example/a")))], set(), S)
    assert f.payload()["detail"]["outlet"] == "Reuters"
    assert len(evaluate(rules, [_view(sources=((None, "https://www.apnews.com/article/1"),))], set(), S)) == 1
    assert outlet_matches("apnews.com", None, "https://hosted.apnews.com/x")
    assert not outlet_matches("apnews.com", None, "https://notapnews.com/x")
    assert not outlet_matches("Reuters", "Reuters Breakingviews", None)


def test_each_firing_once_per_call_in_story_then_rule_order_and_the_function_is_pure():
    rules = _rules('name = "a"\nkind = "sources"\nmin_sources = 1', 'name = "b"\nkind = "words"\nwords = "captured"')
    views = [_view(id="st-1", text="captured"), _view(id="st-2", text="captured"), _view(id="st-1", text="captured")]
    out = evaluate(rules, views, set(), S)
    assert [(f.story_id, f.rule) for f in out] == [("st-1", "a"), ("st-1", "b"), ("st-2", "a"), ("st-2", "b")]
    assert evaluate(rules, views, set(), S) == out
    assert all(f.sinks == ("stdout",) for f in out)
    assert len({f.id for f in out}) == 4


def test_every_kind_is_documented_in_the_example_file():
    from pathlib import Path

    example = (Path(__file__).resolve().parents[2] / "examples" / "alerts.toml").read_text("utf-8")
    for name, kind in KINDS.items():
        assert kind.what and callable(kind.match), name
        assert f'kind = "{name}"' in example, name
