"""Plain text and Markdown: reads decoded file text, returns (title, body, meta).

A first line is taken as the headline when it looks like one: 2-30 words, at
most 200 characters, not ending like a sentence (no final ``. , ; :``), with
text after it. When a blank line follows, a headline may end in ``?``/``!``;
without a blank line it must carry no final punctuation at all.
Markdown: YAML-ish front matter (title/date/source/url/lang), the first ``#``
heading as title, and markup stripped (emphasis, links → their text, images,
code fences, block quotes, list markers, HTML tags) with the words kept.
"""

from __future__ import annotations

import re

_FRONT = re.compile(r"\A---\s*\n(.*?)\n(?:---|\.\.\.)\s*\n", re.S)
_FRONT_LINE = re.compile(r"^\s*([A-Za-z_][\w-]*)\s*:\s*(.*?)\s*$")
_ATX = re.compile(r"^\s{0,3}#{1,6}\s+(.*?)\s*#*\s*$")
_SETEXT = re.compile(r"^\s{0,3}(?:=+|-+)\s*$")
_MD_SUBS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"^\s{0,3}(?:```|~~~).*$", re.M), ""),
    (re.compile(r"^\s*\[[^\]]+\]:\s*\S+.*$", re.M), ""),
    (re.compile(r"^\s{0,3}(?:[-*_]\s*){3,}$", re.M), ""),
    (re.compile(r"^\s{0,3}#{1,6}\s+(.*?)\s*#*\s*$", re.M), r"\1"),
    (re.compile(r"^\s{0,3}(?:>\s?)+", re.M), ""),
    (re.compile(r"^\s*(?:[-*+]|\d{1,3}[.)])\s+", re.M), ""),
    (re.compile(r"[ \t]*(?:!\[[^\]]*\]\([^)]*\)|!\[[^\]]*\]\[[^\]]*\])"), ""),
    (re.compile(r"\[([^\]]+)\]\([^)]*\)"), r"\1"),
    (re.compile(r"\[([^\]]+)\]\[[^\]]*\]"), r"\1"),
    (re.compile(r"<(https?://[^>\s]+)>"), r"\1"),
    (re.compile(r"</?[A-Za-z][^>]*>"), ""),
    (re.compile(r"`([^`\n]+)`"), r"\1"),
    (re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1"), r"\2"),
    (re.compile(r"(?<![\w*])\*(?=\S)([^*\n]+?)(?<=\S)\*(?![\w*])"), r"\1"),
    (re.compile(r"(?<![\w_])_(?=\S)([^_\n]+?)(?<=\S)_(?![\w_])"), r"\1"),
    (re.compile(r"~~(?=\S)(.+?)(?<=\S)~~"), r"\1"),
    (re.compile(r"\\([\\`*_{}\[\]()#+\-.!>])"), r"\1"),
]
_FRONT_KEYS = {
    "title": "title", "headline": "title", "date": "published", "published": "published",
    "source": "source", "publisher": "source", "outlet": "source", "site": "source",
    "url": "url", "link": "url", "lang": "language", "language": "language",
}


def looks_like_headline(line: str, blank_follows: bool) -> bool:
    n = len(line.split())
    if not 2 <= n <= 30 or len(line) > 200:
        return False
    last = line[-1]
    if last in ".,;:…":
        return False
    if not blank_follows and not (last.isalnum() or last in ")'\""):
        return False
    if not blank_follows and last in "'\"":
        return False
    return line[0].isupper() or line[0].isdigit() or line[0] in "\"'«"


def split_headline(text: str) -> tuple[str | None, str]:
    """(headline or None, rest of the text)."""
    lines = text.split("\n")
    i = 0
    while i < len(lines) and not lines[i].strip():
        i += 1
    if i >= len(lines) - 1:
        return None, text
    first = lines[i].strip()
    blank = not lines[i + 1].strip()
    rest = "\n".join(lines[i + 1:])
    if not rest.strip() or len(rest.split()) < len(first.split()):
        return None, text
    if looks_like_headline(first, blank):
        return first, rest
    return None, text


def parse_text(text: str) -> tuple[str | None, str, dict[str, str]]:
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    title, body = split_headline(text)
    return title, body, {}


def parse_markdown(text: str) -> tuple[str | None, str, dict[str, str]]:
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    meta: dict[str, str] = {}
    m = _FRONT.match(text)
    if m:
        for line in m.group(1).split("\n"):
            kv = _FRONT_LINE.match(line)
            if kv and kv.group(1).lower() in _FRONT_KEYS and kv.group(2):
                meta.setdefault(_FRONT_KEYS[kv.group(1).lower()], kv.group(2).strip("'\""))
        text = text[m.end():]
    title = meta.pop("title", None)
    lines = text.split("\n")
    i = 0
    while i < len(lines) and not lines[i].strip():
        i += 1
    if title is None and i < len(lines):
        h = _ATX.match(lines[i])
        if h and lines[i].lstrip().startswith("# "):
            title, text = h.group(1), "\n".join(lines[i + 1:])
        elif i + 1 < len(lines) and _SETEXT.match(lines[i + 1]) and "=" in lines[i + 1]:
            title, text = lines[i].strip(), "\n".join(lines[i + 2:])
    text = strip_markdown(text)
    if title is None:
        title, text = split_headline(text)
    else:
        title = strip_markdown(title).strip()
    return title, text, meta


def strip_markdown(text: str) -> str:
    for rx, repl in _MD_SUBS:
        text = rx.sub(repl, text)
    return text
