"""Counted nouns for every user-facing output: ``count(1, "article")`` -> "1 article",
``count(5, "article")`` -> "5 articles" (issue 14: no "article(s)", no "1 articles").

One seam for the CLI, the renderers and the web templates (registered there as the
``count`` Jinja filter). Imports nothing, so read-only commands stay light.
"""

from __future__ import annotations

# irregular plurals; a multi-word noun is pluralised on its last word ("independent source")
_IRREGULAR = {"story": "stories", "entry": "entries", "query": "queries", "copy": "copies", "person": "people"}


def plural(noun: str, n: int = 2, plural_form: str | None = None) -> str:
    """``noun`` as it reads after the number ``n``: singular for exactly 1, plural otherwise."""
    if n == 1:
        return noun
    if plural_form is not None:
        return plural_form
    head, _, last = noun.rpartition(" ")
    if last in _IRREGULAR:
        many = _IRREGULAR[last]
    elif last.endswith(("s", "x", "z", "ch", "sh")):
        many = last + "es"
    else:
        many = last + "s"
    return f"{head} {many}" if head else many


def count(n: int, noun: str, plural_form: str | None = None) -> str:
    """``"{n} {noun}"`` with the noun in the number's form: ``count(2, "story")`` -> "2 stories"."""
    return f"{n} {plural(noun, n, plural_form)}"
