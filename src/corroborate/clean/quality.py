"""Copy-quality score: reads a cleaned text (and how much boilerplate was cut),
returns ``Quality(score, reasons)`` with 0..1, higher for edited copy.

No language model: the signals are surface traces that edited copy rarely
shows and raw machine translation or broken extraction often does. Each is
counted, scaled to a rate per ``per_words`` words (so long articles are not
punished for their length), multiplied by its weight and capped; every
deduction adds one reason string.

* glued sentences: a lower-case word running into a capitalised one
  ("territoryMostly", "officialsS") or "said.The";
* capitalised function words mid-sentence, after a lower-case word and before
  another ("using The tactics", "meat To throw", "Ukraine, According to"):
  title-case headlines and names ("The New York Times") do not match;
* stuttered words: "the the", "Moscow using Moscow using";
* paragraphs of several words without final punctuation;
* odd spacing: "full -scale", a space before a comma or full stop;
* mojibake left after repair ("Ã©", "â€", U+FFFD);
* very short text, shouting (mostly capitals), mostly boilerplate.
"""

from __future__ import annotations

import re
from itertools import compress
from operator import eq

from ..model import Quality

# "[a-z][.!?]?[A-Z]", written to start on the rarer second character (the regex
# engine then skips lower-case runs); a match starts one character later.
_GLUED = re.compile(r"[.!?A-Z](?:(?<=[a-z][A-Z])|(?<=[a-z][.!?])[A-Z])")
_FUNC = re.compile(
    r" (?<=[a-z,] )(?=[A-Z])(?:According|To|The|Of|And|But|Or|With|From|Into|Is|Are|Was|Were|Has|Have|Had|That|Which|Who"
    r"|When|While|Because|After|Before|Although|However|Also|Not|For|In|On|At|By|An|This|These|Those|Its|Their"
    r"|His|Her|Our|It|They|He|She|We|Will|Would|Can|Could|Should|Than|Then|As|If|Such|Being|Been)(?= [a-z])"
)
_STUTTER_OK = frozenset({"had", "that", "is", "bye", "very", "no", "yes", "ha", "-", "—", "–"})
_SPACING = re.compile(r" (?:-(?<=\w -)[A-Za-z]|[,.;](?=\s|$))")
_MOJI = re.compile(r"Ã[\u0080-\u00bf]|â€|\ufffd|Â[\u00a0-\u00bf]")
_UPPER = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
_UPPER_BYTES = _UPPER.encode("ascii")
_FINAL = frozenset(".!?\"')…:;]»”’")


def score_quality(
    text: str,
    removed_chars: int = 0,
    *,
    per_words: int = 300,
    cap: float = 0.3,
    w_glued: float = 0.1,
    w_function_caps: float = 0.08,
    w_stutter: float = 0.08,
    w_unterminated: float = 0.06,
    w_spacing: float = 0.03,
    w_mojibake: float = 0.1,
    short_words: int = 80,
    w_short: float = 0.15,
    shouting_ratio: float = 0.4,
    w_shouting: float = 0.2,
    boilerplate_share: float = 0.4,
    w_boilerplate: float = 0.1,
) -> Quality:
    """Score ``text``; the keyword defaults mirror ``[clean]`` in defaults.toml."""
    low = text.lower().split()  # lower() keeps every white space: same split as text.split()
    n = len(low)
    scale = max(1.0, n / per_words)
    reasons: list[str] = []
    score = 1.0

    def deduct(count: int, weight: float, what: str) -> None:
        nonlocal score
        if count <= 0 or weight <= 0:
            return
        d = min(cap, weight * count / scale)
        score -= d
        reasons.append(f"{what} ({count}): -{d:.2f}")

    deduct(_glued(text), w_glued, "words glued across a sentence end")
    deduct(len(_FUNC.findall(text)), w_function_caps, "capitalised function words mid-sentence")
    deduct(_stutters(low), w_stutter, "repeated words")
    paras = [p.rstrip() for p in text.split("\n") if p.strip().count(" ") >= 5]
    deduct(sum(1 for p in paras if p[-1] not in _FINAL), w_unterminated, "paragraphs without final punctuation")
    spacing = len(_SPACING.findall(text)) if (" -" in text or " ," in text or " ." in text or " ;" in text) else 0
    deduct(spacing, w_spacing, "odd spacing around punctuation")
    if not text.isascii() and ("Ã" in text or "â€" in text or "\ufffd" in text or "Â" in text):
        deduct(len(_MOJI.findall(text)), w_mojibake, "encoding mojibake")
    if n < short_words:
        d = w_short * (1 - n / short_words)
        score -= d
        reasons.append(f"very short text ({n} words): -{d:.2f}")
    letters = len(text) - n
    if letters >= 200:
        raw = text.encode("utf-8")  # ASCII capitals are single bytes in UTF-8 and nowhere else
        upper = len(raw) - len(raw.translate(None, _UPPER_BYTES))
        if upper / letters > shouting_ratio:
            score -= w_shouting
            reasons.append(f"mostly capital letters ({upper / letters:.0%}): -{w_shouting:.2f}")
    total = len(text) + removed_chars
    if total and removed_chars / total > boilerplate_share:
        score -= w_boilerplate
        reasons.append(f"mostly boilerplate ({removed_chars / total:.0%} removed): -{w_boilerplate:.2f}")
    return Quality(round(max(0.0, min(1.0, score)), 3), tuple(reasons))


def _stutters(low: list[str]) -> int:
    """Immediate repeats ("the the") and repeated pairs ("using Moscow using Moscow") among the
    lower-cased tokens ``low``. Equal neighbours are found in C; only those are checked further."""
    ok = _STUTTER_OK
    count = 0
    for i in compress(range(len(low)), map(eq, low, low[1:])):
        a = low[i]
        if a not in ok and len(a) > 1 and not a[0].isdigit():
            count += 1
    for i in compress(range(len(low)), map(eq, low, low[2:])):
        if i + 3 < len(low) and low[i + 1] == low[i + 3] and low[i] != low[i + 1] and len(low[i]) > 1:
            count += 1
    return count


def _glued(text: str) -> int:
    """Tokens like "territoryMostly", "officialsS", "said.The": a lower-case word
    (3+ letters, or 2+ before a full stop) running into a capitalised one.
    camelCase names ("iPhone", "McDonald", "PlayStation") start otherwise."""
    count = 0
    for m in _GLUED.finditer(text):
        i = m.start() - 1
        left = text[max(text.rfind(" ", 0, i), text.rfind("\n", 0, i)) + 1: i + 1].lstrip("\"'([")
        punct = m.end() - i == 3
        if not (left.isalpha() and left.islower() and len(left) >= (2 if punct else 3)):
            continue
        j = m.end()
        while j < len(text) and text[j].isalpha() and text[j].islower():
            j += 1
        if j < len(text) and text[j].isalpha():  # more capitals: an acronym or a name, not a sentence
            continue
        if punct and j == m.end():
            continue
        count += 1
    return count
