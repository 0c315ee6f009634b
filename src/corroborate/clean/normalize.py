"""Unicode and layout normalisation: reads a raw string, returns the cleaned text.

Choices (the text stays faithful; only typography and layout change):

* NFC composition, so that "é" is one code point whatever the source did.
* Typographic quotes “ ” „ ‟ ″ become ``"`` and ‘ ’ ‚ ‛ ′ become ``'`` (one
  code point each, so lengths do not change), so that quotes and apostrophes
  compare equal across outlets. « » guillemets are kept: they are the normal
  quotes of French, Spanish and Italian copy.
* Dashes are kept as they are (em dash —, en dash –), except the rare
  horizontal bar ― and figure dash ‒, which become — and –.
* Every odd space (no-break, thin, ideographic, tab…) becomes a plain space;
  zero-width characters, soft hyphens, BOMs and C0/C1 control characters
  are removed; runs of spaces collapse to one; lines are stripped.
* Line breaks: CRLF/CR/U+2028/U+2029 become ``\\n``. Every non-empty line
  is a paragraph, and paragraphs are separated by one blank line (``\\n\\n``).
  Hard-wrapped text (paragraphs of several lines separated by blank lines,
  the wrapped lines not ending a sentence) is first re-joined with spaces.
* Mojibake (UTF-8 read as cp1252, "â€™", "Ã©") is repaired when the whole
  text round-trips cleanly; otherwise it is left and the quality check flags it.

All later offsets (sentences, claims) refer to the text returned here.
"""

from __future__ import annotations

import re
import unicodedata

_TABLE = {ord(c): '"' for c in "“”„‟″〝〞"}
_TABLE.update({ord(c): "'" for c in "‘’‚‛′"})
_TABLE.update({ord("―"): "—", ord("‒"): "–"})
_TABLE.update({ord(c): " " for c in "\t\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000"})
_TABLE.update({ord(c): None for c in "\u200b\u200c\u200d\u2060\ufeff\u00ad\u180e"})
_TABLE.update({ord(c): "\n" for c in "\r\u2028\u2029\x0b\x0c\x85"})
_TABLE.update({c: None for c in range(0, 32) if c not in _TABLE and c != 10})
_TABLE.update({c: None for c in range(0x7F, 0xA0) if c != 0x85})

_ODD = re.compile("[" + re.escape("".join(chr(c) for c in _TABLE)) + "]")
_SPACES = re.compile(r" {2,}")
_MOJIBAKE_TOKEN = re.compile(r"[^\s\"'(),.;:!?]*(?:Ã|Â|â€)[^\s\"'(),.;:!?]*")
_MOJIBAKE = re.compile(r"Ã[\u0080-\u00bf]|Â[\u00a0-\u00bf]|â€")
_SENT_END = re.compile(r"[.!?:;\"')\]…]$")


def _replace(m: re.Match[str]) -> str:
    return _TABLE[ord(m.group())] or ""


def repair_mojibake(text: str) -> str:
    """Undo UTF-8-read-as-cp1252 when it round-trips; else return ``text``."""
    if not _MOJIBAKE.search(text):
        return text
    try:
        fixed = text.encode("cp1252").decode("utf-8")
    except UnicodeError:
        return _MOJIBAKE_TOKEN.sub(_repair_token, text)  # mixed text: repair word by word
    return fixed if len(_MOJIBAKE.findall(fixed)) < len(_MOJIBAKE.findall(text)) else text


def _repair_token(m: re.Match[str]) -> str:
    token = m.group()
    for _ in range(2):  # twice for double encoding ("ÃƒÂ±")
        try:
            fixed = token.encode("cp1252").decode("utf-8")
        except UnicodeError:
            try:
                fixed = token.encode("latin-1").decode("utf-8")
            except UnicodeError:
                return token
        if fixed == token:
            break
        token = fixed
    return token


def _unwrap(lines: list[str]) -> list[str]:
    """Join hard-wrapped lines inside blank-line separated paragraphs."""
    blocks: list[list[str]] = [[]]
    for line in lines:
        if line:
            blocks[-1].append(line)
        elif blocks[-1]:
            blocks.append([])
    blocks = [b for b in blocks if b]
    multi = sum(len(b) > 1 for b in blocks)
    wrapped = sum(1 for b in blocks for ln in b[:-1] if not _SENT_END.search(ln))
    inner = sum(len(b) - 1 for b in blocks)
    if len(blocks) < 2 or multi < len(blocks) / 2 or inner == 0 or wrapped < inner / 2:
        return [ln for ln in lines if ln]
    return [" ".join(b) for b in blocks]


def normalize_text(text: str) -> str:
    """The cleaned text: see the module docstring for every choice made."""
    text = repair_mojibake(text)
    if not text.isascii() and not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    text = _ODD.sub(_replace, text.replace("\r\n", "\n"))
    if "  " in text:
        text = _SPACES.sub(" ", text)
    lines = [ln.strip() for ln in text.split("\n")]
    return "\n\n".join(_unwrap(lines))


def normalize_inline(text: str | None) -> str | None:
    """Normalise a one-line field (a title): same table, one line, or None if empty."""
    if text is None:
        return None
    text = unicodedata.normalize("NFC", repair_mojibake(text)).translate(_TABLE)
    text = _SPACES.sub(" ", text.replace("\n", " ")).strip()
    return text or None
