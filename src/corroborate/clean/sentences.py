"""Rule-based sentence splitter: reads a cleaned text, returns Sentence records
whose ``start``/``end`` are character offsets into that text.

Rules, in order:

* every line break ends a sentence (a paragraph is never joined to the next);
* a candidate end is ``.``, ``!``, ``?``, ``…`` or ``...``, optionally followed
  by closing quotes/brackets (``."`` ends the sentence after the quote), then
  white space, then something that can start a sentence (not a lower-case
  letter). A period glued to the next word ("territoryMostly") or inside a
  number (3.5) is never a candidate;
* after a title abbreviation (Mr., Dr., Gen., St., Sen.) or a one-letter
  initial (George W. Bush) there is no break;
* after a month or numbering abbreviation (Sept., Jan., No., Vol.) there is no
  break before a number ("Sept. 11", "No. 10");
* after dotted acronyms and company/suffix abbreviations (U.S., p.m., Inc.,
  Jr.) there is a break only before a word that usually starts a sentence
  ("... in the U.S. The president ..."), not before a name ("U.S. Army");
* PTB-style closing quotes `` '' `` after the period stay with the sentence.
"""

from __future__ import annotations

import re

from ..model import Sentence

# Group 1 is "…" or a run of . ! ? (the same as ``\.\.\.|…|[.!?]+``), written to
# start with a character set so that the regex engine skips to candidates.
_CAND = re.compile(r"([.!?…](?:(?<=[.!?])[.!?]*)?)([\"'»)\]”’]*)(\s+)")
_WORD_AFTER = re.compile(r"[\"'«(\[¿¡]*([^\s\"'.,;:!?)]+)")
_DOTTED = re.compile(r"^(?:[A-Za-z]\.)+[A-Za-z]$")

_NEVER = frozenset(
    """mr mrs ms messrs mme mlle dr prof sen sens rep reps gov gen lt col maj capt cmdr adm sgt cpl pvt
    st ste mt ft rev hon pres supt det insp atty amb sr sra srta dra sig sigg dott avv ing lic arch
    vs v e.g i.e cf ca approx fig figs""".split()
)
_BEFORE_NUMBER = frozenset(
    "jan feb mar apr jun jul aug sep sept oct nov dec no nos nr vol vols p pp art ch sec par op ed"
    .split()
)
_SUFFIX = frozenset("inc ltd corp co bros jr llc plc ag sa nv bv etc al".split())
STARTERS = frozenset(
    """The A An He She It They We I You But And Or So Yet This That These Those There Here In On At
    For From With By To Of As After Before When While If Although Though Because Since Until Once
    His Her Its Their Our My Your Some Many Most Several Few All Both Each Every No Not None One Two
    Three However Meanwhile Still Instead Also Then Now Today Yesterday Last Next Earlier Later
    What Who Why How Where Which Such Other Another Asked According Despite During Under Over""".split()
)


def _breaks(para: str, m: re.Match[str]) -> bool:
    nxt = para[m.end()]
    if nxt.islower():
        return False
    if not (nxt.isalnum() or nxt in "\"'«([¿¡“‘"):
        return False
    punct = m.group(1)
    if punct != ".":
        return True
    s = m.start()
    token = para[para.rfind(" ", 0, s) + 1: s].lstrip("\"'«([“‘")
    if not token:
        return True
    low = token.lower()
    if m.group(2):  # a quote or bracket closed after the period: a real end
        return True
    if low in _NEVER:
        return False
    if len(token) == 1 and token.isalpha() and token.isupper():
        return False
    if low in _BEFORE_NUMBER:
        return not nxt.isdigit()
    if low in _SUFFIX or _DOTTED.match(token):
        w = _WORD_AFTER.match(para, m.end())
        return (w.group(1) if w else "") in STARTERS
    return True


def split_sentences(text: str) -> tuple[Sentence, ...]:
    """Sentences of ``text`` in order; ``text[s.start:s.end] == s.text``."""
    out: list[Sentence] = []
    pos = 0
    n = len(text)
    while pos < n:
        nl = text.find("\n", pos)
        pe = n if nl < 0 else nl
        para = text[pos:pe]
        if para.strip():
            _split_para(text, para, pos, out)
        pos = pe + 1
    return tuple(out)


def _split_para(text: str, para: str, offset: int, out: list[Sentence]) -> None:
    start = 0
    for m in _CAND.finditer(para):
        if m.end() >= len(para) or not _breaks(para, m):
            continue
        end = m.end(2)
        nxt = m.end()
        if para.startswith("''", nxt) and (nxt + 2 == len(para) or para[nxt + 2].isspace()):
            end = nxt + 2  # PTB closing quote separated by a space
            rest = para[end:].lstrip()
            if not rest or rest[0].islower():
                continue
        if end <= start:
            continue
        _emit(text, para, offset, start, end, out)
        start = end
    _emit(text, para, offset, start, len(para), out)


def _emit(text: str, para: str, offset: int, s: int, e: int, out: list[Sentence]) -> None:
    while s < e and para[s].isspace():
        s += 1
    while e > s and para[e - 1].isspace():
        e -= 1
    if e > s:
        out.append(Sentence(len(out), text[offset + s: offset + e], offset + s, offset + e))
