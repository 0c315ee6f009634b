"""Fuzz the ingest path and the CLI with folders mixing good and hostile inputs.

Each generated case is a folder: JSON Lines files whose lines are good records,
hostile records (a lone surrogate, NUL or non-character in any field, a wrong
JSON type, an absurd date or UTC offset, a huge number, an over-long field, a
non-object) and broken lines (malformed JSON, NUL bytes, a number of 5,000
digits, deep nesting); a ``.json`` list mixing the same; whole hostile files
(malformed JSON, gzip bytes named ``.jsonl``, empty, NUL inside a text file,
a non-character in a Markdown file); good ``.txt`` files, some under names
that are not UTF-8; a good HTML page and random HTML-ish pages whose outcome
is not known in advance. Every input of a case is one of: good (must be
stored under its id), bad (must be rejected, named by its origin), or either
(random HTML, text in an unknown encoding: stored or rejected, never a crash).

    python benchmarks/fuzz.py --inputs 10000 [--cli-share 0.2] [--save]

Prints inputs tried, cases, crashes, good records lost, bad inputs not named,
and the time; ``--save`` writes benchmarks/results/DATE-fuzz.json (date,
commit, machine). ``tests/test_fuzz_ingest.py`` runs the same cases, fewer.
"""

from __future__ import annotations

import argparse
import gzip
import json
import shutil
import sys
import tempfile
import time
import traceback
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from hypothesis import HealthCheck, given, settings
from hypothesis import seed as hypothesis_seed
from hypothesis import strategies as st

from corroborate import config, pipeline
from corroborate.ingest import shown_path
from corroborate.store import Store

SETTINGS = config.settings()
FIELD_CAP = int(SETTINGS["ingest"]["max_field_chars"])
MIN_YEAR = int(SETTINGS["ingest"]["published_min_year"])
MAX_YEAR = int(SETTINGS["ingest"]["published_max_year"])

SENTENCES = [
    "The city council voted on Tuesday to build a new bridge over the river.",
    "Construction will start in May and cost about 40 million dollars, officials said.",
    "The mayor said the project would create hundreds of jobs in the region.",
    "Opposition members argued that the budget had not been properly reviewed.",
    "Residents living near the site were told to expect noise during the works.",
    "A spokesman for the transport ministry declined to comment on the schedule.",
    "The old bridge was closed after inspectors found cracks in two of its pillars.",
    "Local businesses have complained about the long detours since the closure.",
    "Engineers expect the new structure to carry twice the traffic of the old one.",
    "The regional government will pay for a third of the total cost.",
]
NONCHARS = "\ufdd0\ufdef\ufffe\uffff\U0001fffe\U0010ffff"
BAD_CHARS = ["\ud800", "\udfff", "\udc80", "\x00", *NONCHARS]
CLEAN_CHARS = st.characters(codec="utf-8", exclude_characters="\x00\n" + NONCHARS, exclude_categories=("Cs",))
SAFE_TEXT = st.text(CLEAN_CHARS, max_size=40).filter(lambda s: not any(0xFDD0 <= ord(c) <= 0xFDEF or (ord(c) & 0xFFFE) == 0xFFFE for c in s))
WRONG_TYPES = st.sampled_from([0, 7, -3.5, 1e308, True, False, ["x"], {"a": 1}, [1, [2]]])  # [] and {} read as absent
META = ("title", "url", "source", "language")


@dataclass
class Case:
    """One generated folder: its files and what must become of each input."""

    files: list[tuple[bytes, bytes]] = field(default_factory=list)  # (file name as bytes, content)
    good: dict[str, str] = field(default_factory=dict)  # id -> origin (relative)
    bad: set[str] = field(default_factory=set)  # origins (relative) that must be rejected
    either: set[str] = field(default_factory=set)  # origins that may go either way

    @property
    def n_inputs(self) -> int:
        return len(self.good) + len(self.bad) + len(self.either)


# -- records -----------------------------------------------------------------------------
def _good_text(draw: Callable, n: int) -> str:
    picked = draw(st.lists(st.sampled_from(SENTENCES), min_size=2, max_size=5))
    return " ".join(picked) + f" Inquiry number {n} opened on day {n * 7 % 31 + 1}."


@st.composite
def good_record(draw: Callable, n: int) -> dict[str, Any]:
    rec: dict[str, Any] = {"id": draw(st.sampled_from([f"g{n}", n + 100_000])), "text": _good_text(draw, n)}
    for name in META:
        if draw(st.booleans()):
            rec[name] = draw(SAFE_TEXT)
    if draw(st.booleans()):
        y, m, d = draw(st.integers(1990, 2030)), draw(st.integers(1, 12)), draw(st.integers(1, 28))
        rec["published"] = draw(st.sampled_from([f"{y}-{m:02d}-{d:02d}", f"{y}-{m:02d}-{d:02d}T10:00:00+05:30", f"{d} April {y}"]))
    return rec


def _with_bad_char(draw: Callable, value: str) -> str:
    at = draw(st.integers(0, len(value)))
    return value[:at] + draw(st.sampled_from(BAD_CHARS)) + value[at:]


@st.composite
def hostile_record(draw: Callable, n: int) -> Any:
    """A record that must be rejected: one field made hostile (or not an object at all)."""
    rec = draw(good_record(n))
    kind = draw(st.sampled_from(["char", "type", "date", "offset", "long", "huge", "notobject", "notext"]))
    name = draw(st.sampled_from(["text", "id", "published", *META]))
    if kind == "char":
        rec[name] = _with_bad_char(draw, str(rec.get(name) or "x"))
    elif kind == "type":
        wrong = draw(WRONG_TYPES)
        if name == "id" and isinstance(wrong, int) and not isinstance(wrong, bool):
            wrong = float(wrong) + 0.5
        if isinstance(wrong, dict) and name == "source":  # {"a": 1} names no source: read as none, not rejected
            wrong = ["x"]
        rec[name] = wrong
    elif kind == "date":
        year = draw(st.one_of(st.integers(1, MIN_YEAR - 1), st.integers(MAX_YEAR + 1, 9999)))
        rec["published"] = draw(st.sampled_from([f"{year:04d}-01-02", f"{year:04d}-06-30T12:00:00Z", f"March 3, {year:04d}"]))
    elif kind == "offset":
        rec["published"] = f"2025-04-08T10:00:00{draw(st.sampled_from('+-'))}{draw(st.integers(19, 99)):02d}:{draw(st.integers(0, 59)):02d}"
    elif kind == "long":
        rec[draw(st.sampled_from(["id", *META]))] = "x" * (FIELD_CAP + draw(st.integers(1, 100)))
    elif kind == "huge":
        rec["id"] = 10 ** draw(st.integers(FIELD_CAP, 4250))  # still writable as JSON, over the field cap
    elif kind == "notobject":
        return draw(st.sampled_from([None, 3, "text", [rec], True]))
    else:
        rec["text"] = draw(st.sampled_from(["", "   \n\t "]))
    return rec


BROKEN_LINES = st.one_of(
    st.text(CLEAN_CHARS.filter(lambda c: c != "}"), max_size=30).map(lambda s: ("{" + s).encode("utf-8", "surrogatepass")),
    st.just(b'{"text": "nul\x00 inside"}'),
    st.binary(max_size=30).map(lambda b: b"\x00" + b.replace(b"\n", b" ")),
    st.integers(4400, 6000).map(lambda k: b'{"text": "a long number", "id": ' + b"7" * k + b"}"),
    st.integers(2000, 50_000).map(lambda k: b"[" * k),
)


def _dump(rec: Any, ascii_only: bool = True) -> bytes:
    return json.dumps(rec, ensure_ascii=ascii_only).encode("utf-8")


# -- files ---------------------------------------------------------------------------------
@st.composite
def cases(draw: Callable, max_lines: int = 12) -> Case:
    case = Case()
    counter = iter(range(1_000_000))

    def good() -> dict[str, Any]:
        return draw(good_record(next(counter)))

    for f in range(draw(st.integers(1, 3))):
        name = f"feed-{f}.jsonl"
        lines: list[bytes] = []
        for _ in range(draw(st.integers(1, max_lines))):
            kind = draw(st.sampled_from(["good", "good", "hostile", "broken"]))
            where = f"{name}:{len(lines) + 1}"
            if kind == "good":
                rec = good()
                lines.append(_dump(rec, draw(st.booleans())))
                case.good[str(rec["id"])] = where
            elif kind == "hostile":
                lines.append(_dump(draw(hostile_record(next(counter)))))
                case.bad.add(where)
            else:
                lines.append(draw(BROKEN_LINES))
                case.bad.add(where)
        case.files.append((name.encode(), b"\n".join(lines) + b"\n"))
    if draw(st.booleans()):
        records = []
        for i in range(draw(st.integers(1, 6))):
            if draw(st.booleans()):
                rec = good()
                case.good[str(rec["id"])] = f"list.json[{i}]"
            else:
                rec = draw(hostile_record(next(counter)))
                case.bad.add(f"list.json[{i}]")
            records.append(rec)
        case.files.append((b"list.json", _dump({"articles": records})))
    for t in range(draw(st.integers(0, 2))):
        n = next(counter)
        stem = draw(st.sampled_from([f"story-{n}".encode(), f"caf\xe9-{n}".encode("latin-1"), f"\xff\xfe-{n}".encode("latin-1")]))
        body = f"Council approves bridge number {n}\n\n{_good_text(draw, n)}\n".encode()
        case.files.append((stem + b".txt", body))
        case.good[shown_path(stem.decode("utf-8", "surrogateescape"))] = shown_path((stem + b".txt").decode("utf-8", "surrogateescape"))
    if draw(st.booleans()):
        n = next(counter)
        case.files.append((f"page-{n}.html".encode(), _html(_good_text(draw, n), f"Bridge page {n}").encode()))
        case.good[f"page-{n}"] = f"page-{n}.html"
    for h, (name, content) in enumerate(draw(st.lists(hostile_file(), max_size=3))):
        case.files.append((f"bad-{h}-{name}".encode(), content))
        case.bad.add(f"bad-{h}-{name}")
    for m, content in enumerate(draw(st.lists(maybe_file(), max_size=2))):
        ext = "html" if content.lstrip().startswith(b"<") else "txt"
        case.files.append((f"maybe-{m}.{ext}".encode(), content))
        case.either.add(f"maybe-{m}.{ext}")
    return case


def _html(text: str, title: str) -> str:
    paras = "".join(f"<p>{s}</p>" for s in text.split(". "))
    return f"<html lang='en'><head><title>{title}</title></head><body><nav>Home | News</nav><article><h1>{title}</h1>{paras}</article></body></html>"


@st.composite
def hostile_file(draw: Callable) -> tuple[str, bytes]:
    """A whole file that must be rejected (as one input)."""
    body = " ".join(SENTENCES).encode()
    return draw(st.sampled_from([
        ("malformed.json", b'{"articles": [{"text": "unfinished'),
        ("deep.json", b"[" * 100_000),
        ("gzip.jsonl", gzip.compress(b'{"text": "x"}\n' * 500, mtime=0)),
        ("empty.txt", b""),
        ("blank.md", b"  \n\t\n"),
        ("nul.txt", b"Headline of the day\n\n" + body * 80 + b"\x00" + body),
        ("nonchar.md", "# Title\n\n".encode() + body + "\ufffe".encode()),
        ("binary.html", b"\x00\x01\x02\x03" * 100),
        ("tiny.html", b"<html><body><p>Home</p></body></html>"),
        ("utf16.jsonl", '{"text": "x"}\n'.encode("utf-16")),
    ]))


@st.composite
def maybe_file(draw: Callable) -> bytes:
    """A file whose fate is not known in advance: random HTML-ish markup or bytes."""
    tags = draw(st.lists(st.sampled_from(["<p>", "</p>", "<div>", "</div>", "<script>", "<!--", "-->", "<a href='", "'>", "&amp;", "&#xD800;", "&#0;", "<title>"]), max_size=12))
    words = draw(st.lists(st.sampled_from(SENTENCES + ["said", "\u202e", "\u00e9t\u00e9"]), max_size=8))
    mixed = "".join(t + w for t, w in zip(tags, words + [""] * len(tags)))
    return draw(st.sampled_from([
        ("<html><body>" + mixed + "</body></html>").encode("utf-8"),
        draw(st.binary(min_size=1, max_size=200)).replace(b"\x00", b" ") + b" ".join(s.encode() for s in words),
    ]))


def write(case: Case, folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for name, content in case.files:
        with open(bytes(folder) + b"/" + name, "wb") as fh:
            fh.write(content)


# -- checking ------------------------------------------------------------------------------
@dataclass
class Outcome:
    crashed: str | None = None  # the traceback or message of a crash
    lost: list[str] = field(default_factory=list)  # good ids not stored
    unnamed: list[str] = field(default_factory=list)  # bad origins not rejected by name
    exit_code: int | None = None


def _origin(folder: Path, rel: str) -> str:
    return f"{shown_path(folder)}/{rel}"


def judge(case: Case, folder: Path, stored: set[str], rejected: set[str], out: Outcome) -> Outcome:
    out.lost = sorted(i for i in case.good if i not in stored)
    out.unnamed = sorted(o for o in case.bad if _origin(folder, o) not in rejected)
    return out


def run_library(case: Case, folder: Path) -> Outcome:
    """``pipeline.ingest_paths`` over the folder into a fresh SQLite file."""
    out = Outcome()
    try:
        with Store(folder.parent / (folder.name + ".sqlite3")) as store:
            result = pipeline.ingest_paths(store, [folder], SETTINGS)
            stored = {a.id for a in store.articles()}
    except Exception:  # noqa: BLE001 - counted, not raised: the run goes on to the next case
        out.crashed = traceback.format_exc()
        return out
    return judge(case, folder, stored, {r.origin for r in result.rejected}, out)


def run_cli(case: Case, folder: Path, command: str = "add") -> Outcome:
    """``corroborate add|analyze FOLDER`` (in-process through click) into a fresh SQLite file."""
    from click.testing import CliRunner

    from corroborate.cli import main

    db = folder.parent / (folder.name + f"-{command}.sqlite3")
    args = [command, str(folder), "--db", str(db)] + (["--out", str(folder.parent / (folder.name + "-out"))] if command == "analyze" else [])
    res = CliRunner().invoke(main, args)
    out = Outcome(exit_code=res.exit_code)
    if res.exception is not None and not isinstance(res.exception, SystemExit):
        out.crashed = "".join(traceback.format_exception(res.exception))
        return out
    lines = [line for line in res.stderr.splitlines() if line.startswith("rejected: ")]
    if "Traceback" in res.stderr or res.exit_code != (1 if case.bad or lines else 0):
        out.crashed = f"exit {res.exit_code}: {res.stderr[-2000:]}"
    rejected = {_prefix_match(line, case, folder) for line in lines}
    with Store(db) as store:
        stored = {a.id for a in store.articles()}
    return judge(case, folder, stored, rejected, out)


def _prefix_match(line: str, case: Case, folder: Path) -> str:
    """The bad origin a stderr line names (reasons may hold ': ' themselves)."""
    for rel in case.bad:
        origin = _origin(folder, rel)
        if line.startswith(f"rejected: {origin}: "):
            return origin
    return ""


# -- the long run --------------------------------------------------------------------------
def fuzz(n_inputs: int, cli_share: float, seed: int, per_batch: int = 25) -> dict[str, Any]:
    """Cases until ``n_inputs`` inputs were tried, in batches of ``per_batch`` hypothesis examples
    (each batch its own seed, so the run is repeatable and never shrinks: failures are counted)."""
    totals = {"inputs": 0, "cases": 0, "good": 0, "bad": 0, "either": 0, "crashes": 0, "good_lost": 0,
              "bad_unnamed": 0, "cli_cases": 0, "wrong_exit": 0}
    examples: list[str] = []
    root = Path(tempfile.mkdtemp(prefix="corroborate-fuzz-"))
    start = time.perf_counter()

    def one(case: Case) -> None:
        if totals["inputs"] >= n_inputs:
            return
        k = totals["cases"]
        folder = root / f"case-{k}"
        write(case, folder)
        use_cli = int((k + 1) * cli_share) > int(k * cli_share)
        out = run_cli(case, folder, "analyze" if k % 10 == 0 else "add") if use_cli else run_library(case, folder)
        totals["cases"] += 1
        totals["cli_cases"] += use_cli
        totals["inputs"] += case.n_inputs
        totals["good"] += len(case.good)
        totals["bad"] += len(case.bad)
        totals["either"] += len(case.either)
        totals["crashes"] += out.crashed is not None
        totals["good_lost"] += len(out.lost)
        totals["bad_unnamed"] += len(out.unnamed)
        totals["wrong_exit"] += bool(use_cli and case.bad and out.exit_code != 1)
        if (out.crashed or out.lost or out.unnamed) and len(examples) < 5:
            named = {o.split(":")[0].split("[")[0] for o in out.unnamed + [case.good[i] for i in out.lost]}
            files = {n.decode("utf-8", "replace"): c[:3000] for n, c in case.files if n.decode("utf-8", "replace") in named}
            examples.append(f"case {k}: crashed={bool(out.crashed)} lost={out.lost[:3]} unnamed={out.unnamed[:3]}"
                            f" files={files!r}\n{(out.crashed or '')[-1500:]}")
        shutil.rmtree(folder, ignore_errors=True)
        if k % 50 == 0:
            print(f"  {totals['inputs']:>6} inputs, {totals['cases']} cases, {totals['crashes']} crashes,"
                  f" {totals['good_lost']} good lost, {time.perf_counter() - start:.0f} s", file=sys.stderr, flush=True)

    batch = 0
    try:
        while totals["inputs"] < n_inputs:
            run = hypothesis_seed(seed * 100_003 + batch)(
                settings(max_examples=per_batch, database=None, deadline=None, suppress_health_check=list(HealthCheck))(
                    given(case=cases())(one)
                )
            )
            run()
            batch += 1
    finally:
        shutil.rmtree(root, ignore_errors=True)
    totals["seconds"] = round(time.perf_counter() - start, 1)
    totals["seed"] = seed
    totals["first_failures"] = examples
    return totals


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--inputs", type=int, default=10_000, help="stop after this many inputs (records, lines, files)")
    ap.add_argument("--cli-share", type=float, default=0.2, help="share of cases run through the CLI (add; every tenth analyze)")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--save", action="store_true", help="write benchmarks/results/DATE-fuzz.json")
    args = ap.parse_args()
    figures = fuzz(args.inputs, args.cli_share, args.seed)
    print(f"inputs tried {figures['inputs']} ({figures['good']} good, {figures['bad']} bad, {figures['either']} either)"
          f" in {figures['cases']} cases ({figures['cli_cases']} through the CLI)")
    print(f"crashes {figures['crashes']}, good records lost {figures['good_lost']}, bad inputs not named"
          f" {figures['bad_unnamed']}, CLI runs not exiting 1: {figures['wrong_exit']}, time {figures['seconds']} s")
    for ex in figures["first_failures"]:
        print(ex)
    if args.save:
        sys.path.insert(0, str(Path(__file__).resolve().parent))
        from results import save

        print(f"saved {save('fuzz', figures)}")


if __name__ == "__main__":
    main()
