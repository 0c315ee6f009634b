"""The store interface: the SQLite store satisfies ``StoreLike``, the protocol names every
store method the library calls, and ``open_store`` picks the backend (real SQLite files)."""

from __future__ import annotations

import inspect
import re
from pathlib import Path

import pytest

from corroborate import pipeline
from corroborate.errors import StoreError
from corroborate.model import Article, Sentence
from corroborate.store import BACKENDS, Store, StoreLike, open_store
from corroborate.store.base import StoreLike as BaseStoreLike

SRC = Path(__file__).resolve().parents[2] / "src" / "corroborate"
# modules of corroborate.store itself: ``store.fetchstate`` in a docstring is a module, not a method
STORE_MODULES = {"alertstate", "base", "fetchstate", "report", "sqlite"}
# SQLite-only helpers that run SQL on the SQLite store's own connection (see store/base.py)
SQLITE_ONLY = {"store/sqlite.py", "store/fetchstate.py", "store/alertstate.py"}


def _members() -> dict[str, object]:
    """The protocol's own members: name -> function, property, or None for a data member."""
    out: dict[str, object] = {name: None for name in StoreLike.__annotations__}
    for name, value in vars(StoreLike).items():
        if isinstance(value, property) or (inspect.isfunction(value) and (not name.startswith("_") or name in ("__enter__", "__exit__"))):
            out[name] = value
    return out


def _article(aid: str) -> Article:
    return Article(id=aid, text="One sentence.", sentences=(Sentence(0, "One sentence.", 0, 13),), content_hash=f"h-{aid}")


def test_the_package_exports_the_protocol_of_base():
    assert StoreLike is BaseStoreLike
    assert BACKENDS["sqlite"] is Store


def test_sqlite_store_is_a_storelike(tmp_path):
    with Store(tmp_path / "s.sqlite3") as store:
        assert isinstance(store, StoreLike)
        assert isinstance(store.path, str)


def test_every_protocol_method_exists_on_the_sqlite_store_with_a_compatible_signature():
    members = _members()
    assert {"transaction", "snapshot", "put_article", "put_story", "summaries", "posted"} <= set(members)
    for name, proto in members.items():
        if proto is None:  # a data member: an instance attribute, checked on an open store above
            continue
        impl = inspect.getattr_static(Store, name, None)
        assert impl is not None, f"Store lacks {name}"
        if isinstance(proto, property):
            assert isinstance(impl, property), f"Store.{name} should be a property"
            continue
        want = inspect.signature(proto).parameters
        have = inspect.signature(impl).parameters
        for pname, p in want.items():
            assert pname in have, f"Store.{name} lacks parameter {pname!r}"
            q = have[pname]
            assert q.kind == p.kind, f"Store.{name}({pname}): {q.kind} vs the protocol's {p.kind}"
            assert q.default == p.default, f"Store.{name}({pname}): default {q.default!r} vs the protocol's {p.default!r}"
        extra = [q for pname, q in have.items() if pname not in want]
        assert all(q.default is not inspect.Parameter.empty or q.kind in (q.VAR_POSITIONAL, q.VAR_KEYWORD) for q in extra), (
            f"Store.{name} needs arguments the protocol does not pass: {[q.name for q in extra]}"
        )
        assert list(have)[: len(want)] == list(want), f"Store.{name}: parameters in another order than the protocol's"


def test_every_public_method_of_the_sqlite_store_is_in_the_protocol():
    public = {name for name, v in vars(Store).items() if not name.startswith("_") and (callable(v) or isinstance(v, property))}
    assert public - set(_members()) == set()


def test_the_protocol_names_every_store_method_the_library_calls():
    """``store.NAME`` anywhere in the library (outside the SQLite-only modules) is a protocol member,
    so a second backend that implements the protocol serves every caller."""
    called: dict[str, str] = {}
    for path in SRC.rglob("*.py"):
        rel = path.relative_to(SRC).as_posix()
        if rel in SQLITE_ONLY:
            continue
        for m in re.finditer(r"(?<![\w./])store\.([A-Za-z_]\w*)", path.read_text("utf-8")):
            called.setdefault(m.group(1), rel)
    unknown = {name: where for name, where in called.items() if name not in _members() and name not in STORE_MODULES}
    assert unknown == {}, f"store methods called but missing from StoreLike: {unknown}"
    assert {"transaction", "features", "put_story", "membership_of", "summaries"} <= set(called)


@pytest.mark.parametrize("form", ["plain", "url"])
def test_open_store_opens_sqlite_from_a_path_or_a_url(tmp_path, form):
    file = tmp_path / "corpus.sqlite3"
    location = str(file) if form == "plain" else f"sqlite://{file}"  # sqlite:///abs/path
    with open_store(location) as store:
        assert isinstance(store, Store) and isinstance(store, StoreLike)
        with store.transaction():
            store.put_article(_article("a1"), b"")
    with open_store(file, read_only=True) as store:  # a Path, and the backend's options
        assert store.count_articles() == 1
        assert store.article("a1").text == "One sentence."


def test_open_store_relative_url_and_memory(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    with open_store("sqlite://rel.sqlite3") as store:
        assert store.path == "rel.sqlite3"
    assert (tmp_path / "rel.sqlite3").is_file()
    with open_store("sqlite://:memory:") as store:
        assert store.count_articles() == 0
    with open_store("plain.db") as store:  # any plain path is SQLite
        assert isinstance(store, Store)


def test_open_store_refuses_an_unknown_scheme_naming_it(tmp_path):
    with pytest.raises(StoreError, match=r"postgres://db/x: no store backend for postgres:// \(known: sqlite://"):
        open_store("postgres://db/x")
    with pytest.raises(StoreError, match="no location after sqlite://"):
        open_store("sqlite://")


def test_the_pipeline_jobs_run_on_a_store_from_open_store(tmp_path):
    """The jobs take any StoreLike; here the default backend, opened by URL (real SQLite, no fake)."""
    src = tmp_path / "in"
    src.mkdir()
    for i, text in enumerate(["Rain fell on Paris on Monday. The river rose two metres.",
                              "Rain fell on Paris on Monday and the river rose two metres."]):
        (src / f"a{i}.txt").write_text(text, "utf-8")
    with open_store(f"sqlite://{tmp_path / 's.sqlite3'}") as store:
        result = pipeline.ingest_paths(store, [src])
        assert len(result.added) == 2
        pipeline.group_new(store)
        assert store.pending_ids() == []
        assert set(store.membership_of(result.added)) == set(result.added)
