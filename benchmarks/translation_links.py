"""Translations across languages: one story, a ``translation`` link, one independence group.

    python benchmarks/translation_links.py [--save] [--scenarios given detected dated incremental]
                                           [--stories-only] [--label NAME]

Two benchmarks on MEANTIME en + es + it (120 English Wikinews articles and their human
translations into Spanish and Italian; a translation has its original's ``id``),
read from ../shared/data and never copied into the repository:

1. **Translation links** (the whole foundation path, ``pipeline.analyze`` or ``add``,
   into a fresh SQLite store, [pipeline] claims off): the 360 articles in one corpus,
   one JSONL file per language. Per translation pair (en-es, en-it, es-it), whether
   both land in one story, whether that story links them as ``translation``, whether
   they share an independence group; false ``translation`` links (between articles
   of different MEANTIME ids); the relation given to pairs that are not linked as
   translations. Scenarios:
   - ``given``: records carry ``lang`` (the ``language`` field);
   - ``detected``: no ``lang`` field, the language is identified from the text;
   - ``dated``: ``lang`` given, each event a date (the original on day d, the Spanish
     translation on d+1, the Italian on d+2): direction accuracy = share of en-x
     translation links whose source is the English original;
   - ``incremental``: ``lang`` given, the English file analysed, then the Spanish and
     the Italian ones each ``add``-ed (the incremental path).
   Without dates, what each link says about direction is counted (directed by the
   better-edited text or a "translated from" sign, or undirected).
2. **Stories across languages** (``stories.cluster_counts``, batch, and ``StoryIndex``
   in a shuffled order, incremental): MEANTIME en+es+it mixed with ECB+ topics 1-35
   (English, 772 records), gold = MEANTIME id / ECB+ event. BCubed F1 per language pair
   (the records of those two languages only scored, clustered all together), with the
   cross-language step on and off, and ECB+ alone (within the mix: its idf is shared with
   the other languages' articles); again with half of the English and half of the Italian
   articles removed (seed 0), so that the language pairs hold different events and
   many an article has no translation. Also the cross-language partner links themselves,
   with half of the English and half of the Italian articles removed (seeded): a
   Spanish article whose original is missing must find no partner.
3. **Monolingual English through the pipeline**: ``pipeline.analyze`` of ECB+ 1-35 and
   NewsWCL50 (languages identified from the text), cross-language step on and off.

``--save`` writes benchmarks/results/<date>-translation_links[-label].json.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from datetime import date, timedelta
from itertools import combinations
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.append(str(HERE.parent / "src"))  # after PYTHONPATH: an older checkout can be measured

import numpy as np  # noqa: E402

from corroborate import config, pipeline  # noqa: E402
from corroborate.evaluate.clustering import bcubed, labels_from_groups  # noqa: E402
from corroborate.features.vectors import DocFreq, term_counts_many  # noqa: E402
from corroborate.model import Article  # noqa: E402
from corroborate.store import Store  # noqa: E402
from corroborate.stories.batch import cluster_counts, story_settings  # noqa: E402
from corroborate.stories.index import StoryIndex  # noqa: E402
from corroborate.stories.vectors import count_arrays  # noqa: E402

DATA = (HERE.parent.parent / "shared" / "data").resolve()
LANGS = ("en", "es", "it")
PAIRS = (("en", "es"), ("en", "it"), ("es", "it"))


def _jsonl(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def meantime() -> dict[str, list[dict]]:
    return {lang: _jsonl(DATA / "meantime" / f"{lang}.jsonl") for lang in LANGS}


def _aid(lang: str, mid: str) -> str:
    return f"{lang}:{mid}"


# -- 1. translation links through the pipeline -------------------------------------------
def write_corpus(folder: Path, mt: dict[str, list[dict]], *, with_lang: bool, dated: bool) -> list[Path]:
    """One JSONL file per language in ``folder``; ids ``<lang>:<meantime id>``."""
    mids = sorted({r["id"] for r in mt["en"]})
    day0 = date(2008, 1, 1)
    day_of = {m: day0 + timedelta(days=3 * k) for k, m in enumerate(mids)}
    paths = []
    for k, lang in enumerate(LANGS):
        path = folder / f"meantime-{lang}.jsonl"
        with path.open("w", encoding="utf-8") as fh:
            for r in mt[lang]:
                rec = {"id": _aid(lang, r["id"]), "text": r["text"]}
                if with_lang:
                    rec["lang"] = lang
                if dated and r["id"] in day_of:
                    rec["published"] = (day_of[r["id"]] + timedelta(days=k)).isoformat()
                fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
        paths.append(path)
    return paths


def settings_for(claims: bool = False, **stories) -> dict:
    """The defaults with [pipeline] claims off, one worker, and ``stories`` keys set; keys this
    code does not know are left out, so that the links part also runs on the code before the
    cross-language step (``PYTHONPATH=<old checkout>/src``: the baseline)."""
    base = config.settings()
    changes: dict[str, dict] = {"pipeline": {"claims": claims, "workers": 1}}
    known = {k: v for k, v in stories.items() if k in base["stories"]}
    if known:
        changes["stories"] = known
    return config.override(base, changes)


def run_pipeline(scenario: str, mt: dict[str, list[dict]], settings) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        paths = write_corpus(folder, mt, with_lang=scenario != "detected", dated=scenario == "dated")
        t0 = time.perf_counter()
        with Store(folder / "s.sqlite3") as store:
            if scenario == "incremental":
                pipeline.analyze(store, [paths[0]], settings)
                for p in paths[1:]:
                    pipeline.add(store, [p], settings)
            else:
                pipeline.analyze(store, paths, settings)
            seconds = time.perf_counter() - t0
            membership = store.membership()
            stories = {sid: store.story(sid) for sid in set(membership.values())}
            languages = {a.id: a.language for a in store.articles(list(membership))}
    return score_links(mt, membership, stories, languages, seconds, dated=scenario == "dated")


def score_links(mt, membership, stories, languages, seconds, *, dated: bool) -> dict:
    links = {}
    groups = {}
    for story in stories.values():
        for p in story.provenance:
            links[frozenset((p.source_id, p.derived_id))] = p
        for g in story.independent_groups:
            for a in g:
                groups[a] = g
    mids = sorted({r["id"] for r in mt["en"]} & {r["id"] for r in mt["es"]} & {r["id"] for r in mt["it"]})
    out: dict = {"articles": len(membership), "stories": len(set(membership.values())), "seconds": round(seconds, 2)}
    out["language_right"] = round(
        sum(languages.get(_aid(lang, m)) == lang for lang in LANGS for m in mids) / (3 * len(mids)), 4
    )
    en_x = {"pairs": 0, "in_story": 0, "translation": 0, "same_group": 0}
    for a_lang, b_lang in PAIRS:
        tally = {"pairs": 0, "in_story": 0, "translation": 0, "same_group": 0, "other_relation": {}}
        for m in mids:
            a, b = _aid(a_lang, m), _aid(b_lang, m)
            tally["pairs"] += 1
            if membership.get(a) is None or membership.get(a) != membership.get(b):
                continue
            tally["in_story"] += 1
            link = links.get(frozenset((a, b)))
            if link is not None and link.relation == "translation":
                tally["translation"] += 1
            else:
                rel = link.relation if link is not None else "none"
                tally["other_relation"][rel] = tally["other_relation"].get(rel, 0) + 1
            tally["same_group"] += groups.get(a) is not None and b in groups[a]
        for k in ("in_story", "translation", "same_group"):
            tally[f"{k}_share"] = round(tally[k] / tally["pairs"], 4) if tally["pairs"] else 0.0
        out[f"{a_lang}-{b_lang}"] = tally
        if a_lang == "en":
            for k in en_x:
                en_x[k] += tally[k]
    out["en-x"] = {**en_x, **{f"{k}_share": round(en_x[k] / en_x["pairs"], 4) for k in ("in_story", "translation",
                                                                                         "same_group")}}
    mid_of = {_aid(lang, m): m for lang in LANGS for m in mids}
    trans = [p for p in links.values() if p.relation == "translation"]
    false = [p for p in trans if mid_of.get(p.source_id) != mid_of.get(p.derived_id)]
    out["translation_links"] = len(trans)
    out["false_translation_links"] = len(false)
    out["false_examples"] = [f"{p.source_id} -> {p.derived_id}" for p in false[:5]]
    # direction: en-x translation links
    en_links = [p for p in trans if mid_of.get(p.source_id) == mid_of.get(p.derived_id)
                and "en" in (p.source_id[:2], p.derived_id[:2])]
    directed = [p for p in en_links if p.directed]
    out["direction"] = {
        "en_x_links": len(en_links),
        "directed": len(directed),
        "undirected": len(en_links) - len(directed),
        "source_is_english": sum(p.source_id.startswith("en:") for p in directed),
        "accuracy_when_directed": round(sum(p.source_id.startswith("en:") for p in directed) / len(directed), 4)
        if directed else None,
        "dates_given": dated,
    }
    return out


# -- 2. stories across languages ----------------------------------------------------------
def story_records(mt: dict[str, list[dict]]) -> list[dict]:
    recs = [{"id": _aid(lang, r["id"]), "text": r["text"], "event": "mt:" + r["id"], "lang": lang}
            for lang in LANGS for r in mt[lang]]
    for r in _jsonl(DATA / "ecbplus" / "topics-1-35.jsonl"):
        recs.append({"id": "ecb:" + str(r["id"]), "title": r.get("title"), "text": r.get("text") or "",
                     "event": "ecb:" + str(r["event"]), "lang": "en"})
    return recs


def _subset_f1(ids, gold, labels, keep) -> dict:
    k = [n for n, i in enumerate(ids) if keep(i)]
    b = bcubed([gold[n] for n in k], [labels[n] for n in k])
    return {"f1": round(b.f1, 4), "precision": round(b.precision, 4), "recall": round(b.recall, 4), "n": len(k)}


_SUBSETS = {
    "ecbplus": lambda i: i.startswith("ecb:"),
    "meantime-all": lambda i: not i.startswith("ecb:"),
    **{f"{a}+{b}": (lambda a, b: lambda i: i[:3] in (f"{a}:", f"{b}:"))(a, b) for a, b in PAIRS},
    **{lang: (lambda lang: lambda i: i.startswith(f"{lang}:"))(lang) for lang in LANGS},
}


def _half_removed(mt: dict[str, list[dict]], seed: int) -> dict[str, list[dict]]:
    """MEANTIME with the English version of half the events and the Italian version of half
    the events (drawn independently, ``seed``) removed: many an article has no translation
    partner, and the language pairs hold different events."""
    mids = sorted({r["id"] for r in mt["en"]})
    rng = np.random.default_rng(seed)
    gone = {"en": set(rng.choice(mids, len(mids) // 2, replace=False).tolist()),
            "it": set(rng.choice(mids, len(mids) // 2, replace=False).tolist())}
    return {lang: [r for r in rows if r["id"] not in gone.get(lang, set())] for lang, rows in mt.items()}


def bench_stories(mt: dict[str, list[dict]], seed: int = 0, *, partners: bool = True) -> dict:
    recs = story_records(mt)
    arts = [Article(id=r["id"], text=r["text"], sentences=(), title=r.get("title"), language=r["lang"])
            for r in recs]
    counts = term_counts_many(arts)
    ids = [a.id for a in arts]
    gold = [r["event"] for r in recs]
    out: dict = {"articles": len(ids), "gold_stories": len(set(gold))}
    order = np.random.default_rng(seed).permutation(len(ids))
    for name, on in (("on", True), ("off", False)):
        st = settings_for(crosslingual=on)
        t0 = time.perf_counter()
        batch = labels_from_groups(ids, cluster_counts(ids, counts, None, st))
        t_batch = time.perf_counter() - t0
        t0 = time.perf_counter()
        index = StoryIndex(st)
        for k in order:
            index.add_counts(ids[k], counts[k], None)
        t_inc = time.perf_counter() - t0
        final = {i: key for key, members in index.stories().items() for i in members}
        inc = [final[i] for i in ids]
        story_b = dict(zip(ids, batch))
        story_i = dict(zip(ids, inc))
        present = set(ids)
        pairs = [(_aid("en", r["id"]), _aid(lang, r["id"])) for lang in ("es", "it") for r in mt["en"]
                 if _aid(lang, r["id"]) in present]
        out[name] = {
            "batch": {s: _subset_f1(ids, gold, batch, f) for s, f in _SUBSETS.items()},
            "incremental": {s: _subset_f1(ids, gold, inc, f) for s, f in _SUBSETS.items()},
            "incremental_vs_batch_f1": round(bcubed(batch, inc).f1, 4),
            "translations_in_story": {
                "batch": round(sum(story_b[a] == story_b[b] for a, b in pairs) / len(pairs), 4),
                "incremental": round(sum(story_i[a] == story_i[b] for a, b in pairs) / len(pairs), 4),
            },
            "ecb_meantime_mixed_stories": sum(
                1 for g in set(batch) if len({ids[n][:4] == "ecb:" for n in range(len(ids)) if batch[n] == g}) > 1
            ),
            "seconds_batch": round(t_batch, 2),
            "seconds_incremental": round(t_inc, 2),
        }
    if partners:
        out["partners"] = partner_precision(ids, gold, counts)
    return out


def partner_precision(ids, gold, counts, seeds=(0, 1, 2), thresholds=(0.1, 0.2, 0.25, 0.3, 0.35, 0.4, 0.5)) -> dict:
    """Cross-language partner links (``crosslingual.partners``) against gold, all articles and with
    half the English and half the Italian articles of MEANTIME removed (seeded)."""
    from corroborate.stories import crosslingual

    mids = sorted({g for g in gold if g.startswith("mt:")})

    def run(keep, thr):
        s = story_settings(settings_for(crosslingual_threshold=thr))
        ks = [n for n in range(len(ids)) if keep(ids[n])]
        arrays = [count_arrays(counts[n]) for n in ks]
        df = DocFreq()
        for idx, _ in arrays:
            df.df[idx] += 1
        df.n_docs = len(arrays)
        links = crosslingual.partners(arrays, df, np.full(len(ks), np.nan), s)
        right = sum(gold[ks[i]] == gold[ks[j]] for i, j, _ in links)
        return right, len(links) - right

    out: dict = {}
    for thr in thresholds:
        row = {}
        right, wrong = run(lambda i: True, thr)
        row["all"] = {"gold_pairs": 3 * len(mids), "right": right, "false": wrong}
        for seed in seeds:
            rng = np.random.default_rng(seed)
            gone_en = set(rng.choice(mids, len(mids) // 2, replace=False).tolist())
            gone_it = set(rng.choice(mids, len(mids) // 2, replace=False).tolist())

            def keep(i, gone_en=gone_en, gone_it=gone_it):
                return not ((i.startswith("en:") and "mt:" + i[3:] in gone_en)
                            or (i.startswith("it:") and "mt:" + i[3:] in gone_it))

            def kept(m, gone_en=gone_en, gone_it=gone_it):
                return [lang for lang in LANGS if not ((lang == "en" and m in gone_en) or (lang == "it" and m in gone_it))]

            n_gold = sum(len(list(combinations(kept(m), 2))) for m in mids)
            right, wrong = run(keep, thr)
            row[f"half_removed_seed{seed}"] = {"gold_pairs": n_gold, "right": right, "false": wrong}
        out[str(thr)] = row
    return out


def monolingual_pipeline(name: str) -> dict:
    """BCubed F1 of ``pipeline.analyze`` (languages identified from the text, [pipeline] claims off)
    on an English labelled set, with the cross-language step on and off: it must not change."""
    recs = _jsonl(DATA / name)
    out: dict = {"data": name, "articles": len(recs)}
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "records.jsonl"
        with path.open("w", encoding="utf-8") as fh:
            for r in recs:
                rec = {"id": str(r["id"]), "text": r.get("text") or r.get("title") or ""}
                if r.get("title"):
                    rec["title"] = r["title"]
                fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
        for label, on in (("on", True), ("off", False)):
            with Store(Path(tmp) / f"{label}.sqlite3") as store:
                t0 = time.perf_counter()
                pipeline.analyze(store, [path], settings_for(crosslingual=on))
                seconds = time.perf_counter() - t0
                membership = store.membership()
                langs = {a.id: a.language for a in store.articles(list(membership))}
            ids = [str(r["id"]) for r in recs if str(r["id"]) in membership]
            b = bcubed([str(r["event"]) for r in recs if str(r["id"]) in membership], [membership[i] for i in ids])
            out[label] = {"f1": round(b.f1, 4), "precision": round(b.precision, 4), "recall": round(b.recall, 4),
                          "stories": len(set(membership.values())), "seconds": round(seconds, 2),
                          "languages": {k: sum(v == k for v in langs.values()) for k in set(langs.values())}}
    return out


def machine() -> dict:
    import os
    import platform

    return {"cpus": os.cpu_count(), "python": platform.python_version(), "platform": platform.platform(),
            "processor": platform.machine()}


def commit() -> str:
    import subprocess

    try:
        head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=HERE, capture_output=True, text=True).stdout
        dirty = subprocess.run(["git", "status", "--porcelain"], cwd=HERE, capture_output=True, text=True).stdout
        return head.strip() + ("+dirty" if dirty.strip() else "")
    except OSError:
        return "unknown"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--save", action="store_true", help="store the figures in benchmarks/results/")
    ap.add_argument("--label", default="", help="suffix of the result file name")
    ap.add_argument("--scenarios", nargs="*", default=["given", "detected", "dated", "incremental"])
    ap.add_argument("--stories-only", action="store_true", help="only the story benchmark (no pipeline runs)")
    ap.add_argument("--links-only", action="store_true", help="only the translation-link benchmark")
    ap.add_argument("--crosslingual", choices=["on", "off"], default="on",
                    help="[stories] crosslingual for the pipeline runs (off: the figures before this step)")
    args = ap.parse_args()
    mt = meantime()
    result: dict = {"benchmark": "translation_links", "date": time.strftime("%Y-%m-%dT%H:%M:%S+00:00", time.gmtime()),
                    "commit": commit(), "machine": machine(),
                    "settings": {k: v for k, v in config.settings()["stories"].items() if k.startswith("crosslingual")},
                    "code": "corroborate from " + str(Path(config.__file__).resolve().parent)}
    if not args.stories_only:
        st = settings_for(crosslingual=args.crosslingual == "on")
        result["links"] = {"crosslingual": args.crosslingual}
        for scenario in args.scenarios:
            r = run_pipeline(scenario, mt, st)
            result["links"][scenario] = r
            ex = r["en-x"]
            print(f"[{scenario}] en-x pairs {ex['pairs']}: in one story {ex['in_story_share']:.3f}, translation link "
                  f"{ex['translation_share']:.3f}, same group {ex['same_group_share']:.3f}; es-it translation "
                  f"{r['es-it']['translation_share']:.3f}; false translation links {r['false_translation_links']}; "
                  f"direction {r['direction']}; {r['seconds']} s", flush=True)
    if not args.links_only:
        s = bench_stories(mt)
        result["stories"] = s
        result["stories_half_removed_seed0"] = half = bench_stories(_half_removed(mt, 0), partners=False)
        for label, d in (("", s), (" half removed", half)):
            for name in ("on", "off"):
                b, i = d[name]["batch"], d[name]["incremental"]
                print(f"[stories{label} {name}] " + ", ".join(f"{k} {b[k]['f1']:.3f}/{i[k]['f1']:.3f}" for k in _SUBSETS)
                      + f" (batch/incremental BCubed F1); translations in story {d[name]['translations_in_story']}; "
                      f"incr~batch {d[name]['incremental_vs_batch_f1']}", flush=True)
        for thr, row in s["partners"].items():
            print(f"[partners {thr}] " + ", ".join(f"{k}: {v['right']}/{v['gold_pairs']} right, {v['false']} false"
                                                 for k, v in row.items()))
    if not args.links_only and not args.stories_only:
        result["monolingual_pipeline"] = {}
        for name in ("ecbplus/topics-1-35.jsonl", "newswcl50/events-0-6.jsonl"):
            m = monolingual_pipeline(name)
            result["monolingual_pipeline"][name] = m
            print(f"[analyze {name}] BCubed F1 on {m['on']['f1']:.4f} / off {m['off']['f1']:.4f}; "
                  f"languages {m['on']['languages']}", flush=True)
    if args.save:
        name = "translation_links" + (f"-{args.label}" if args.label else "")
        path = HERE / "results" / f"{time.strftime('%Y-%m-%d', time.gmtime())}-{name}.json"
        path.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        print(f"saved {path}")


if __name__ == "__main__":
    main()
