"""Whether a source sentence reads well on its own in a brief, and whether it may appear there at all.

Reads plain strings (and an article's text for the quotation state); returns
a factor in (0, 1] (``reads_alone``) or a verdict (``quotable``). The rules
are about English news copy, and none is about one text: a sentence leaning
on the previous one ("He added ..."), a headline or photo caption, someone's
words with the speaker out of sight.
"""

from __future__ import annotations

import re
from typing import Iterable

from ..features.text import fold

# First words that lean on a previous sentence ("He said ...", "But ...").
DANGLING = frozenset(
    "he she it they his her its their this that these those but and also however additionally "
    "meanwhile moreover instead yet so then there".split()
)
# A short line with none of these is a headline or caption ("DNC files lawsuit over election interference.").
_FUNCTION = frozenset(
    "the a an is are was were be been being has have had will would can could did does do said says "
    "told according".split()
)
_FIRST_WORD = re.compile(r"[\"“”'‘’(\[]*([^\W\d_]+)")
_TERMINAL = re.compile(r"[.!?…][\"”’')\]]*\s*$")
_QUOTE_MARK = re.compile(r"[\"“”]")
_QUOTATION = re.compile(r"“[^”]*”|\"[^\"]*\"")
_FIRST_PERSON = re.compile(r"\b(?:I|we|We|our|Our|us|my|My|I'm|I've|we've|We've)\b")
_CAPTION = re.compile(r",\s(?:left|right|center|centre|top|bottom|front|rear)(?:\s\w+)?,", re.I)
_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)?")


def unbalanced(text: str) -> bool:
    """A quotation opened or closed outside the span: its words would lose their speaker."""
    return text.count('"') % 2 == 1 or text.count("“") != text.count("”")


def inside_quote(text: str, start: int) -> bool:
    """Whether offset ``start`` of ``text`` lies inside a quotation opened earlier in its paragraph.

    Such a sentence is someone's words with the quotation marks and the
    speaker outside it; alone it would read as the outlet's own statement.
    """
    para = max(text.rfind("\n", 0, start), 0)
    before = text[para:start]
    return before.count("“") - before.count("”") > 0 or before.count('"') % 2 == 1


def words_outside_quotes(text: str) -> int:
    return len(_WORD.findall(_QUOTATION.sub(" ", text)))


def quotable(text: str, article_text: str, start: int) -> bool:
    """Whether the span may stand in a brief at all: its quotations are whole and have a speaker in view.

    Refused: a span that opens or closes a quotation it does not finish, one
    inside a quotation begun earlier, and a span that is all quotation (the
    speaker is in another sentence).
    """
    if unbalanced(text) or inside_quote(article_text, start):
        return False
    return not (_QUOTE_MARK.search(text) and words_outside_quotes(text) < 2)


def names_speaker(text: str, speakers: Iterable[str]) -> bool:
    """Whether the text names each speaker (a name token, allowing spelling variants: Zelenski/Zelensky)."""
    tokens = {fold(w) for w in _WORD.findall(text) if w[:1].isupper()}
    for speaker in speakers:
        parts = [fold(p) for p in _WORD.findall(speaker) if len(p) > 2 and p[:1].isupper()]
        if parts and not any(t == p or (len(p) >= 5 and t[:5] == p[:5]) for p in parts for t in tokens):
            return False
    return True


def reads_alone(text: str, speakers: Iterable[str] = ()) -> float:
    """A style factor in (0, 1]: 1 for a sentence that stands on its own in a brief.

    Halved (each): a first word leaning on the previous sentence; no final
    punctuation; a lower-case start; a headline or caption line; a speaker
    (of the claims it carries) it does not name. A fifth for first-person
    words outside quotation marks (an embedded post reads as the outlet's words).
    """
    factor = 1.0
    m = _FIRST_WORD.match(text)
    if m and m.group(1).casefold() in DANGLING:
        factor *= 0.5
    if not _TERMINAL.search(text):
        factor *= 0.5
    if not text[:1].isupper() and text[:1] not in "\"“‘'(":
        factor *= 0.5
    words = [w.casefold() for w in _WORD.findall(text)]
    if (len(words) <= 14 and not _FUNCTION.intersection(words)) or _CAPTION.search(text):
        factor *= 0.5
    if not names_speaker(text, speakers):
        factor *= 0.5
    if not _QUOTE_MARK.search(text) and _FIRST_PERSON.search(text):
        factor *= 0.2
    return factor
