"""Reading an alerts file (TOML) into ``RuleSet``: its rules and where firings go.

    [deliver]                       at least one sink (``alerts.deliver.SINKS``)
    webhook = "https://hooks.example.org/corroborate"
    jsonl = "alerts.jsonl"          relative to the rules file's folder
    stdout = true

    [[rule]]
    name = "corroborated"           unique; the store remembers firings by it
    kind = "sources"                a key of ``alerts.evaluate.KINDS``
    min_sources = 3                 the kind's parameters
    deliver = ["webhook"]           optional: only these of the sinks (default: all)

Every mistake is a ``RulesError`` naming the file, the rule and the reason.
"""

from __future__ import annotations


import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Mapping

from ..errors import ConfigError
from .deliver import SINKS
from .evaluate import KINDS, Rule
from ..words import plural

RULE_KEYS = ("name", "kind", "deliver")


class RulesError(ConfigError):
    """An alerts file that cannot be used; the message names the file, the rule and why."""


@dataclass(frozen=True, slots=True)
class RuleSet:
    path: str
    rules: tuple[Rule, ...]
    sinks: tuple[tuple[str, Any], ...]  # (sink name, checked value), the sinks switched on

    @property
    def sink_names(self) -> tuple[str, ...]:
        return tuple(name for name, _ in self.sinks)


def load(path: str | Path) -> RuleSet:
    """Read and check the alerts file at ``path``."""
    try:
        text = Path(path).read_text("utf-8")
    except OSError as exc:
        raise RulesError(f"{path}: cannot read the alerts file: {exc.strerror or exc}") from exc
    except UnicodeDecodeError as exc:
        raise RulesError(f"{path}: not UTF-8 text ({exc.reason})") from exc
    try:
        doc = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise RulesError(f"{path}: not valid TOML: {exc}") from exc
    return parse(doc, str(path), Path(path).resolve().parent)


def parse(doc: Mapping[str, Any], where: str, base: Path) -> RuleSet:
    """Check an alerts document (``where`` names it in messages; ``base`` is the folder
    relative file paths are read from)."""
    unknown = sorted(set(doc) - {"deliver", "rule"})
    if unknown:
        raise RulesError(f"{where}: unknown top-level {plural('key', len(unknown))} {', '.join(unknown)} (expected [deliver] and [[rule]] tables)")
    sinks = _sinks(doc.get("deliver"), where, base)
    raw = doc.get("rule")
    if not isinstance(raw, list) or not raw:
        raise RulesError(f"{where}: no rule: add at least one [[rule]] table")
    rules: list[Rule] = []
    names: set[str] = set()
    for i, entry in enumerate(raw, 1):
        rule = _rule(entry, i, where, tuple(n for n, _ in sinks))
        if rule.name in names:
            raise RulesError(f"{where}: rule {rule.name!r} (#{i}): the name is used by an earlier rule; names must be unique")
        names.add(rule.name)
        rules.append(rule)
    return RuleSet(where, tuple(rules), sinks)


def _sinks(section: Any, where: str, base: Path) -> tuple[tuple[str, Any], ...]:
    if not isinstance(section, Mapping) or not section:
        raise RulesError(f"{where}: no [deliver] table: name at least one of {', '.join(SINKS)}")
    out = []
    for name, value in section.items():
        if name not in SINKS:
            raise RulesError(f"{where}: [deliver]: unknown sink {name!r} (known: {', '.join(SINKS)})")
        try:
            checked = SINKS[name].check(value, base)
        except ValueError as exc:
            raise RulesError(f"{where}: [deliver] {name}: {exc}") from exc
        if checked is not False:
            out.append((name, checked))
    if not out:
        raise RulesError(f"{where}: [deliver]: every sink is switched off")
    return tuple(out)


def _rule(entry: Any, i: int, where: str, sinks: tuple[str, ...]) -> Rule:
    if not isinstance(entry, Mapping):
        raise RulesError(f"{where}: rule #{i}: not a table (write it as [[rule]])")
    name = entry.get("name")
    if not isinstance(name, str) or not name.strip():
        raise RulesError(f"{where}: rule #{i}: needs a name (a non-empty string)")
    name = name.strip()
    if "|" in name:
        raise RulesError(f"{where}: rule {name!r} (#{i}): a name cannot hold '|'")
    label = f"{where}: rule {name!r} (#{i})"
    kind = entry.get("kind")
    if kind not in KINDS:
        known = "; ".join(f"{k}: {v.what}" for k, v in KINDS.items())
        raise RulesError(f"{label}: " + ("needs a kind" if kind is None else f"unknown kind {kind!r}") + f" (known: {known})")
    spec = KINDS[kind]
    unknown = sorted(set(entry) - set(RULE_KEYS) - set(spec.params))
    if unknown:
        allowed = ", ".join([*RULE_KEYS, *spec.params])
        raise RulesError(f"{label}: unknown {plural('key', len(unknown))} {', '.join(unknown)} for kind {kind!r} (allowed: {allowed})")
    params = []
    for key, param in spec.params.items():
        if key not in entry:
            if param.required:
                raise RulesError(f"{label}: kind {kind!r} needs {key}")
            params.append((key, param.default))
            continue
        try:
            params.append((key, param.check(entry[key])))
        except ValueError as exc:
            raise RulesError(f"{label}: {key}: {exc}") from exc
    chosen = sinks
    if "deliver" in entry:
        wanted = entry["deliver"]
        wanted = [wanted] if isinstance(wanted, str) else wanted
        if not isinstance(wanted, list) or not wanted or not all(isinstance(w, str) for w in wanted):
            raise RulesError(f"{label}: deliver: must be a sink name or a list of them")
        off = [w for w in wanted if w not in sinks]
        if off:
            raise RulesError(f"{label}: deliver: {', '.join(off)} is not a sink of [deliver] (there: {', '.join(sinks)})")
        chosen = tuple(dict.fromkeys(wanted))
    return Rule(name, kind, tuple(params), chosen)
