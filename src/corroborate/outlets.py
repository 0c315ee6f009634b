"""Outlets: who published an article, what kind of outlet it is, and who did not cover a story.

A user's outlets file (TOML or CSV) says what each outlet is: a display name,
its ``kind`` (wire, public broadcaster, state media, newspaper, ...), ``country``,
``language`` and any labels of the user's own (``leaning``, ``factuality``, ...).
Each outlet is found by the articles' URL domain (subdomains included), their
``source`` name, or a byline ("By Jane Doe, Reuters"). Store-free, settings-free,
no I/O past ``load``:

    load(path) -> Outlets                          # every problem names file:line and why
    match(article, outlets) -> Outlet | None       # an Article record or a report article dict
    coverage(articles, outlets, by=("leaning",)) -> Coverage
    annotate(doc, outlets, by=None) -> doc         # a report document with ``coverage`` per story

The file, TOML (a table per outlet, keyed by a domain or a name; several keys
naming one display name are one outlet)::

    [outlets."reuters.com"]
    name = "Reuters"
    kind = "wire"
    country = "GB"
    language = "en"
    sources = ["Reuters", "Thomson Reuters"]   # optional: more source names
    bylines = ["Reuters staff"]                # optional
    leaning = "centre"                         # any other key is a label

    [outlets."Fox News"]                       # a name: matched by the `source` field
    kind = "broadcaster"
    leaning = "right"

or CSV with a header: ``domain``, ``source``, ``byline`` (each may hold several
values separated by ``;``), ``name``, ``kind``, ``country``, ``language``, and
any other column as a label. Rows naming the same display name are one outlet.

Coverage groups the user's outlets by each attribute in ``by`` (default: every
attribute with two or more values in the file) and says which groups have an
article in the story; the **blindspot** of a story is the groups that have none.
"""

from __future__ import annotations

import csv
import io
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any, Iterable, Mapping, Sequence

from .errors import InputError

CORE_ATTRIBUTES = ("kind", "country", "language")
_MATCHERS = ("domains", "sources", "bylines")
_RESERVED = {"name", "domain", "domains", "source", "sources", "byline", "bylines", "labels"}
_LABEL_KEY = re.compile(r"[A-Za-z_][A-Za-z0-9_-]{0,39}")
_DOMAIN = re.compile(r"(?:[^\W_](?:[\w-]{0,61}[^\W_])?\.)+[^\W\d_]{2,63}")
_BYLINE = re.compile(r"^\s*by\s+(.{2,120})$", re.IGNORECASE | re.MULTILINE)


class OutletsError(InputError):
    """The outlets file cannot be used: ``origin`` is ``file`` or ``file:line``."""


@dataclass(frozen=True, slots=True)
class Outlet:
    """One outlet of the user's file; ``line`` is where it is first named."""

    name: str
    kind: str | None = None
    country: str | None = None
    language: str | None = None
    labels: tuple[tuple[str, str], ...] = ()  # (key, value), in the file's order
    domains: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()  # casefolded, whitespace collapsed
    bylines: tuple[str, ...] = ()  # casefolded
    line: int = 0

    def attribute(self, key: str) -> str | None:
        """``kind``, ``country``, ``language`` or a label's value; None when the file does not say."""
        if key in CORE_ATTRIBUTES:
            return getattr(self, key)
        return dict(self.labels).get(key)

    def attributes(self) -> dict[str, str]:
        out = {k: getattr(self, k) for k in CORE_ATTRIBUTES if getattr(self, k)}
        out.update(self.labels)
        return out


@dataclass(frozen=True, slots=True)
class Outlets:
    """The loaded file: its outlets and the indexes ``match`` uses."""

    path: str
    outlets: tuple[Outlet, ...]
    by_domain: Mapping[str, Outlet] = field(default_factory=lambda: MappingProxyType({}), compare=False)
    by_source: Mapping[str, Outlet] = field(default_factory=lambda: MappingProxyType({}), compare=False)
    by_byline: tuple[tuple[str, Outlet], ...] = ()

    def attribute_keys(self) -> tuple[str, ...]:
        """Every attribute some outlet has: kind, country, language, then labels in file order."""
        keys = [k for k in CORE_ATTRIBUTES if any(getattr(o, k) for o in self.outlets)]
        for o in self.outlets:
            keys += [k for k, _ in o.labels if k not in keys]
        return tuple(keys)

    def values(self, key: str) -> tuple[str, ...]:
        """The distinct values of ``key`` among the outlets, in file order."""
        return tuple(dict.fromkeys(v for o in self.outlets if (v := o.attribute(key)) is not None))

    def select(self, spec: str) -> tuple[Outlet, ...]:
        """Outlets named by ``spec``: ``key=value`` (an attribute, case ignored) or a display
        name, source name or domain of one outlet; () when none."""
        if "=" in spec:
            key, value = (s.strip() for s in spec.split("=", 1))
            return tuple(o for o in self.outlets if (o.attribute(key) or "").casefold() == value.casefold())
        wanted = norm_name(spec)
        found = [o for o in self.outlets if norm_name(o.name) == wanted or wanted in o.sources]
        if not found and (host := normalise_domain(spec)) is not None:
            found = [o for o in self.outlets if host in o.domains]
        return tuple(found)


@dataclass(frozen=True, slots=True)
class GroupCoverage:
    """The user's outlets with ``attribute`` = ``value``, and those of them that covered the story."""

    attribute: str
    value: str
    outlets: tuple[str, ...]
    covered_by: tuple[str, ...] = ()
    article_ids: tuple[str, ...] = ()

    @property
    def covered(self) -> bool:
        return bool(self.covered_by)


@dataclass(frozen=True, slots=True)
class Coverage:
    """Who covered a story, by outlet attribute; ``blindspots`` are the groups that did not."""

    by: tuple[str, ...]
    matched: tuple[tuple[str, str | None, str | None], ...]  # (article id, outlet name or None, matched by)
    groups: tuple[GroupCoverage, ...]
    outlets: tuple[Outlet, ...] = ()  # the outlets that covered it, in citation order

    @property
    def blindspots(self) -> tuple[tuple[str, tuple[str, ...]], ...]:
        """(attribute, values of the user's outlets with no article in the story), for each attribute of ``by``."""
        out = []
        for key in self.by:
            missing = tuple(g.value for g in self.groups if g.attribute == key and not g.covered)
            if missing:
                out.append((key, missing))
        return tuple(out)

    def to_dict(self, path: str | None = None) -> dict[str, Any]:
        """The report's ``coverage`` object (docs/report-schema.md)."""
        out: dict[str, Any] = {"outlets_file": path} if path is not None else {}
        out.update(
            by=list(self.by),
            articles=[{"article_id": a, "outlet": o, "matched_by": how} for a, o, how in self.matched],
            outlets=[{"name": o.name, **o.attributes()} for o in self.outlets],
            groups=[
                {"attribute": g.attribute, "value": g.value, "outlets": list(g.outlets),
                 "covered_by": list(g.covered_by), "article_ids": list(g.article_ids)}
                for g in self.groups
            ],
            blindspots=[{"attribute": k, "values": list(vs)} for k, vs in self.blindspots],
        )
        return out


# -- names and domains -------------------------------------------------------
def norm_name(text: str) -> str:
    """A source name as compared: case and spacing ignored."""
    return " ".join(str(text).casefold().split())


def url_host(url: str | None) -> str | None:
    """The lower-case host of ``url`` without ``www.`` and port, or None."""
    if not url or "//" not in url:
        return None
    host = url.split("//", 1)[1].split("/", 1)[0].split("?", 1)[0].split("#", 1)[0]
    host = host.rsplit("@", 1)[-1].split(":", 1)[0].strip().lower().rstrip(".")
    return (host[4:] if host.startswith("www.") else host) or None


def normalise_domain(text: str) -> str | None:
    """``text`` as a bare domain ("https://www.BBC.co.uk/news" -> "bbc.co.uk"), or None when it is not one."""
    t = str(text).strip()
    host = url_host(t if "//" in t else "//" + t)
    return host if host and _DOMAIN.fullmatch(host) else None


def _domains_of(host: str) -> Iterable[str]:
    """``host`` and each parent domain: a.b.c.com, b.c.com, c.com."""
    parts = host.split(".")
    for i in range(len(parts) - 1):
        yield ".".join(parts[i:])


# -- loading -----------------------------------------------------------------
def load(path: str | Path) -> Outlets:
    """Read and check an outlets file (``.toml``, else CSV); ``OutletsError`` names file:line and why."""
    p = Path(path)
    try:
        text = p.read_text("utf-8-sig")
    except FileNotFoundError:
        raise OutletsError(str(p), "no such outlets file") from None
    except UnicodeDecodeError as exc:
        raise OutletsError(str(p), f"not UTF-8 text ({exc.reason} at byte {exc.start})") from None
    except OSError as exc:
        raise OutletsError(str(p), f"cannot read the outlets file: {exc.strerror or exc}") from None
    return loads(text, str(p), fmt="toml" if p.suffix.lower() == ".toml" else "csv")


def loads(text: str, origin: str = "<outlets>", fmt: str = "toml") -> Outlets:
    """Outlets from the text of a file (``fmt``: toml | csv); ``origin`` names it in errors."""
    entries = _toml_entries(text, origin) if fmt == "toml" else _csv_entries(text, origin)
    if not entries:
        raise OutletsError(origin, "no outlets in the file" + (" (expected [outlets.\"domain or name\"] tables)" if fmt == "toml" else ""))
    return _build(entries, origin)


def _toml_entries(text: str, origin: str) -> list[tuple[int, str, dict[str, Any]]]:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        m = re.search(r"line (\d+)", str(exc))
        raise OutletsError(f"{origin}:{m.group(1)}" if m else origin, f"not valid TOML: {exc}") from None
    unknown = sorted(set(data) - {"outlets"})
    if unknown:
        raise OutletsError(f"{origin}:{_line_of(text, unknown[0])}", f"unknown top-level key {unknown[0]!r}: put each outlet under [outlets.\"domain or name\"]")
    table = data.get("outlets", {})
    if not isinstance(table, dict):
        raise OutletsError(f"{origin}:{_line_of(text, 'outlets')}", "`outlets` must be a table of tables: [outlets.\"reuters.com\"]")
    out = []
    for key, value in table.items():
        line = _line_of(text, key)
        if isinstance(value, str):
            value = {"name": value}
        if not isinstance(value, dict):
            raise OutletsError(f"{origin}:{line}", f"outlet {key!r}: expected a table or a display name, got {type(value).__name__}")
        entry = dict(value)
        slot = "domains" if normalise_domain(key) is not None and " " not in key.strip() else "sources"
        entry.setdefault("name", key)
        entry[slot] = [key, *_as_list(entry.get(slot, []), f"{origin}:{line}", key, slot)]
        out.append((line, key, entry))
    return out


def _csv_entries(text: str, origin: str) -> list[tuple[int, str, dict[str, Any]]]:
    reader = csv.reader(io.StringIO(text))
    try:
        header = next(reader)
    except StopIteration:
        return []
    except csv.Error as exc:
        raise OutletsError(f"{origin}:1", f"not valid CSV: {exc}") from None
    cols = [h.strip().lower() for h in header]
    if not {"domain", "domains", "source", "sources", "name", "byline", "bylines"} & set(cols):
        raise OutletsError(f"{origin}:1", "the header needs a `domain`, `source` or `name` column (and then kind, country, language, labels)")
    dup = next((c for c in cols if cols.count(c) > 1), None)
    if dup:
        raise OutletsError(f"{origin}:1", f"column {dup!r} appears twice in the header")
    out = []
    try:
        for row in reader:
            line = reader.line_num
            if not any(c.strip() for c in row):
                continue
            if len(row) > len(cols):
                raise OutletsError(f"{origin}:{line}", f"{len(row)} cells but the header has {len(cols)} columns")
            entry: dict[str, Any] = {}
            for col, cell in zip(cols, row):
                cell = cell.strip()
                if not cell:
                    continue
                key = {"domain": "domains", "source": "sources", "byline": "bylines"}.get(col, col)
                entry[key] = [v.strip() for v in cell.split(";") if v.strip()] if key in _MATCHERS else cell
            if not entry:
                continue
            key = next((entry[k][0] for k in _MATCHERS if entry.get(k)), entry.get("name", ""))
            if "name" not in entry and "sources" not in entry and "domains" not in entry and "bylines" not in entry:
                raise OutletsError(f"{origin}:{line}", "the row names no outlet (no domain, source or name)")
            entry.setdefault("name", key)
            out.append((line, str(key), entry))
    except csv.Error as exc:
        raise OutletsError(f"{origin}:{reader.line_num}", f"not valid CSV: {exc}") from None
    return out


def _as_list(value: Any, where: str, key: str, slot: str) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return list(value)
    raise OutletsError(where, f"outlet {key!r}: `{slot}` must be a string or a list of strings")


def _build(entries: list[tuple[int, str, dict[str, Any]]], origin: str) -> Outlets:
    merged: dict[str, dict[str, Any]] = {}  # display name (normalised) -> fields
    for line, key, entry in entries:
        where = f"{origin}:{line}"
        name = entry.get("name")
        if not isinstance(name, str) or not name.strip():
            raise OutletsError(where, f"outlet {key!r}: `name` must be a non-empty string")
        fields: dict[str, Any] = {"name": " ".join(name.split()), "line": line, "labels": {}}
        for slot in _MATCHERS:
            fields[slot] = _as_list(entry.get(slot, []), where, key, slot)
        if "domain" in entry or "source" in entry or "byline" in entry:  # TOML singular spellings
            for single, slot in (("domain", "domains"), ("source", "sources"), ("byline", "bylines")):
                if single in entry:
                    fields[slot] += _as_list(entry[single], where, key, single)
        labels = entry.get("labels", {})
        if not isinstance(labels, dict):
            raise OutletsError(where, f"outlet {key!r}: `labels` must be a table of key = value")
        extra = {k: v for k, v in entry.items() if k not in _RESERVED}
        for k, v in [*extra.items(), *labels.items()]:
            if not _LABEL_KEY.fullmatch(k):
                raise OutletsError(where, f"outlet {key!r}: {k!r} is not a usable attribute name (letters, digits, _ and -)")
            if isinstance(v, bool) or not isinstance(v, (str, int, float)):
                raise OutletsError(where, f"outlet {key!r}: {k} must be a text value, got {type(v).__name__}")
            value = " ".join(str(v).split())
            if not value:
                continue
            if k in CORE_ATTRIBUTES:
                fields[k] = value.lower() if k == "language" else value
            else:
                fields["labels"][k] = value
        domains = []
        for d in fields["domains"]:
            host = normalise_domain(d)
            if host is None:
                raise OutletsError(where, f"outlet {key!r}: {d!r} is not a domain (like reuters.com)")
            domains.append(host)
        fields["domains"] = domains
        fields["sources"] = [norm_name(s) for s in [*fields["sources"], fields["name"]] if norm_name(s)]
        fields["bylines"] = [norm_name(b) for b in fields["bylines"] if norm_name(b)]
        known = merged.get(norm_name(fields["name"]))
        if known is None:
            merged[norm_name(fields["name"])] = fields
            continue
        for k in CORE_ATTRIBUTES:
            if k in fields and k in known and fields[k] != known[k]:
                raise OutletsError(where, f"outlet {fields['name']!r}: {k} {fields[k]!r} contradicts {known[k]!r} given on line {known['line']}")
        for k, v in fields["labels"].items():
            if known["labels"].get(k, v) != v:
                raise OutletsError(where, f"outlet {fields['name']!r}: {k} {v!r} contradicts {known['labels'][k]!r} given on line {known['line']}")
        for k in CORE_ATTRIBUTES:
            if k in fields:
                known.setdefault(k, fields[k])
        known["labels"] = {**known["labels"], **fields["labels"]}
        for slot in _MATCHERS:
            known[slot] = known[slot] + fields[slot]
    outlets = []
    by_domain: dict[str, Outlet] = {}
    by_source: dict[str, Outlet] = {}
    by_byline: list[tuple[str, Outlet]] = []
    for f in merged.values():
        o = Outlet(
            name=f["name"], kind=f.get("kind"), country=f.get("country"), language=f.get("language"),
            labels=tuple(f["labels"].items()), domains=tuple(dict.fromkeys(f["domains"])),
            sources=tuple(dict.fromkeys(f["sources"])), bylines=tuple(dict.fromkeys(f["bylines"])), line=f["line"],
        )
        for index, keys, what in ((by_domain, o.domains, "domain"), (by_source, o.sources, "source name")):
            for k in keys:
                other = index.get(k)
                if other is not None and other.name != o.name:
                    raise OutletsError(f"{origin}:{o.line}", f"{what} {k!r} is given to both {other.name!r} (line {other.line}) and {o.name!r}")
                index[k] = o
        by_byline += [(b, o) for b in o.bylines]
        outlets.append(o)
    by_byline.sort(key=lambda bo: -len(bo[0]))  # the longest byline first: "reuters staff" before "reuters"
    return Outlets(origin, tuple(outlets), MappingProxyType(by_domain), MappingProxyType(by_source), tuple(by_byline))


def _line_of(text: str, key: str) -> int:
    """The 1-based line of the table header or key naming ``key`` (1 when not found)."""
    quoted = re.escape(key)
    pattern = re.compile(rf"^[ \t]*\[[ \t]*outlets[ \t]*\.[ \t]*(?:\"{quoted}\"|'{quoted}'|{quoted})[ \t]*\]|^[ \t]*(?:\"{quoted}\"|'{quoted}'|{quoted})\s*=", re.M)
    m = pattern.search(text)
    return text.count("\n", 0, m.start()) + 1 if m else 1


# -- matching and coverage -----------------------------------------------------
def _get(article: Any, key: str) -> Any:
    return article.get(key) if isinstance(article, Mapping) else getattr(article, key, None)


def match_how(article: Any, outlets: Outlets) -> tuple[Outlet, str] | None:
    """(the outlet, how it was found: ``domain`` | ``source`` | ``byline``), or None.

    The URL's host and its parent domains first (the most specific domain wins),
    then the ``source`` name, then a "By ..." line in the first lines of the text
    (or in ``source``) naming an outlet's byline.
    """
    host = url_host(_get(article, "url"))
    if host:
        for d in _domains_of(host):
            if d in outlets.by_domain:
                return outlets.by_domain[d], "domain"
    source = _get(article, "source")
    if source and (o := outlets.by_source.get(norm_name(source))) is not None:
        return o, "source"
    if outlets.by_byline:
        head = str(_get(article, "text") or "")[:600]
        if not head and _get(article, "sentences"):
            head = " ".join(str(s["text"] if isinstance(s, Mapping) else s.text) for s in list(_get(article, "sentences"))[:3])
        lines = [norm_name(m.group(1)) for m in _BYLINE.finditer(head)]
        lines += [norm_name(source)] if source else []
        for byline, o in outlets.by_byline:
            if any(re.search(rf"(?<!\w){re.escape(byline)}(?!\w)", ln) for ln in lines):
                return o, "byline"
    return None


def match(article: Any, outlets: Outlets) -> Outlet | None:
    """The outlet of ``article`` (an ``Article`` or a report article dict), or None."""
    found = match_how(article, outlets)
    return found[0] if found else None


def default_by(outlets: Outlets) -> tuple[str, ...]:
    """The attributes a blindspot is worth stating for: those with two or more values among the outlets."""
    return tuple(k for k in outlets.attribute_keys() if len(outlets.values(k)) >= 2)


def coverage(story_articles: Sequence[Any], outlets: Outlets, by: Sequence[str] | None = None) -> Coverage:
    """Who of the user's outlets covered these articles, grouped by each attribute of ``by``."""
    keys = tuple(by) if by is not None else default_by(outlets)
    matched: list[tuple[str, str | None, str | None]] = []
    covering: dict[str, list[str]] = {}  # outlet name -> article ids
    seen: dict[str, Outlet] = {}
    for a in story_articles:
        found = match_how(a, outlets)
        aid = str(_get(a, "id"))
        matched.append((aid, found[0].name if found else None, found[1] if found else None))
        if found:
            covering.setdefault(found[0].name, []).append(aid)
            seen.setdefault(found[0].name, found[0])
    groups = []
    for key in keys:
        for value in outlets.values(key):
            members = [o for o in outlets.outlets if o.attribute(key) == value]
            covered = [o.name for o in members if o.name in covering]
            groups.append(GroupCoverage(
                key, value, tuple(o.name for o in members), tuple(covered),
                tuple(a for name in covered for a in covering[name]),
            ))
    return Coverage(keys, tuple(matched), tuple(groups), tuple(seen.values()))


def annotate(doc: dict[str, Any], outlets: Outlets, by: Sequence[str] | None = None) -> dict[str, Any]:
    """``doc`` (a report document) with each story's ``coverage`` set (the doc is changed and returned)."""
    articles = {a["id"]: a for a in doc.get("articles", ())}
    for story in doc.get("stories", ()):
        members = [articles[a] for a in story.get("article_ids", ()) if a in articles]
        story["coverage"] = coverage(members, outlets, by).to_dict(Path(outlets.path).name)
    return doc


def check_by(outlets: Outlets, by: Sequence[str]) -> None:
    """``OutletsError`` when ``by`` names an attribute no outlet has."""
    for key in by:
        if key not in outlets.attribute_keys():
            have = ", ".join(outlets.attribute_keys()) or "none"
            raise OutletsError(outlets.path, f"no outlet has the attribute {key!r} (the file has: {have})")
