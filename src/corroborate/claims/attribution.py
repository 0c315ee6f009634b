"""Attribution extraction (who said what): reads an English text, returns
``Attribution`` records (source, cue, content spans with offsets into the
text, the kind of report, and the resolved speaker name).

Rule-based, no model. Patterns covered, per sentence:

* direct quotes with the attribution after ("“…,” he said." / "“…,” said X")
  or before ("X said: “…”"), quotes interrupted by their attribution
  ("“A,” she said, “B.”") and quotes continued in the next sentences of the
  paragraph without a cue of their own;
* reported speech, with or without "that" ("X told reporters (that) …"),
  and inverted ("…, X said on Tuesday." / "…, said X.");
* "according to X" / "citing X" before or after the content;
* participial cues after a main clause ("X attacked Y, saying …").

A pronoun source ("he said") gets as ``speaker`` the nearest earlier named
person whose gender (from titles and from the he/she pronouns that follow
its mentions) is compatible; "who" takes the name just before it.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from typing import Sequence

from ..config import section
from .cues import (
    ABBREVIATIONS,
    ACCORDING_RE,
    CLAUSE_WORDS,
    CUE_RE,
    FEMALE_TITLES,
    MALE_TITLES,
    NOT_NAME,
    NOT_SOURCE_END,
    OBJECT_VERBS,
    PARTICLE_CUES,
    POSSESSIVES,
    PRE_VERB,
    PRONOUNS,
    SPEECH_VERBS,
    TITLES,
    NOUN_LIKE,
    VERB_FORMS,
    WEAK_VERBS,
)


@dataclass(frozen=True, slots=True)
class Span:
    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class Attribution:
    source: Span | None
    cue: Span
    content: Span
    kind: str  # direct | indirect | according_to
    speaker: str | None = None


_TOKEN = re.compile(r"[^\W_]+(?:[’'.\-][^\W_]+)*\.?|[^\w\s]", re.UNICODE)
_OPEN = "“«„"
_CLOSE = "”»"
_QMARKS = "“”\"«»„"
_PUNCT_STOP = set(",;:()[]—–“”\"«»„'`")
_TIME = re.compile(
    r"^(?:(?i:on|in|at|during|last|this|earlier|later|late|early|next|monday|tuesday|wednesday|thursday|friday|saturday|"
    r"sunday|yesterday|today|tonight|week|month|year|day|night|morning|afternoon|evening|weekend|recently|"
    r"statement|interview|a|an|the|with|to|before|after|his|her|their|its|speech|rally|conference|news|press|"
    r"briefing|call|email|phone|post|tweet|radio|television|tv|appearance|sunday|program|show|remarks|written|"
    r"released|also|then|again|of)|\d+|[A-Z][\w’'.-]*|\W)$"
)


def _span(text: str, start: int, end: int) -> Span:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return Span(start, end, text[start:end])


def _src(text: str, start: int, end: int) -> Span:
    """A source span, without a sentence-final period or comma (abbreviations keep theirs)."""
    sp = _span(text, start, end)
    e = sp.end
    while e > sp.start and text[e - 1] in ",":
        e -= 1
    if text[e - 1 : e] == "." and not re.search(r"(?:\b\w{1,3}|\.\w)\.$", text[sp.start : e]):
        e -= 1
    return _span(text, sp.start, e)


# -- quotes --------------------------------------------------------------------


def find_quotes(text: str) -> list[tuple[int, int]]:
    """(start, end) of quoted passages, marks included; an unclosed quote runs to its paragraph end."""
    out: list[tuple[int, int]] = []
    pos = 0
    for para in text.split("\n"):
        open_at: int | None = None
        i = 0
        while i < len(para):
            ch = para[i]
            two = para[i : i + 2]
            if two == "``":
                ch, width = "“", 2
            elif two == "''":
                ch, width = '"', 2
            else:
                width = 1
            if ch in _OPEN or (ch == '"' and open_at is None):
                if open_at is None:
                    open_at = i
            elif ch in _CLOSE or ch == '"':
                if open_at is not None:
                    out.append((pos + open_at, pos + i + width))
                    open_at = None
            i += width
        if open_at is not None and len(para) - open_at > 1:
            out.append((pos + open_at, pos + len(para.rstrip())))
        pos += len(para) + 1
    return out


# -- noun phrases ----------------------------------------------------------------


def _tokens(text: str, start: int, end: int) -> list[tuple[int, int, str]]:
    return [(m.start(), m.end(), m.group()) for m in _TOKEN.finditer(text, start, end)]


def _is_stop(tok: str) -> bool:
    return tok in _PUNCT_STOP


def subject_before(text: str, lo: int, cue_start: int, max_words: int = 12) -> Span | None:
    """The noun phrase right before a cue verb (its subject), or None."""
    toks = _tokens(text, lo, cue_start)
    while toks and (toks[-1][2].lower() in PRE_VERB or toks[-1][2].lower() in _NEG_AUX
                    or (toks[-1][2].endswith("ly") and toks[-1][2].islower())):
        toks.pop()
    if toks and toks[-1][2] == "," and len(toks) >= 2 and toks[-2][2].lower() in _ASIDE:
        toks = toks[:-2]
        if toks and toks[-1][2] == ",":
            toks.pop()
    if toks and toks[-1][2] == ",":
        return _appositive_subject(text, toks[:-1])
    picked: list[tuple[int, int, str]] = []
    stop_tok = None
    for t in reversed(toks):
        w = t[2]
        if _is_stop(w) or (w.lower() in CLAUSE_WORDS and not (w[0].isupper() and w.lower() == "and")):
            if w.lower() in ("who", "which"):
                picked = [t]
            stop_tok = t
            break
        if w.lower() in ("who", "which"):
            picked = [t]
            break
        picked.append(t)
        if len(picked) > max_words:
            return None
    picked.reverse()
    while picked and (picked[0][2] in ("And", "But", "So", "Yet", "Now", "Meanwhile", "Still", "Also", "Then", "Or")):
        picked.pop(0)
    # drop a leading time / place adverbial ("On Tuesday Trump said")
    if picked and picked[0][2].lower() in ("on", "in", "at", "during", "after", "before", "last", "earlier", "later"):
        for k in range(len(picked) - 1, 0, -1):
            if picked[k][2][0].isupper() and picked[k - 1][2][0].islower() and picked[k - 1][2].lower() in (
                "week", "month", "year", "night", "morning", "evening", "afternoon", "weekend", "day", "time"
            ):
                picked = picked[k:]
                break
        else:
            return None
    if not picked:
        return None
    # "countries he said", "what they said": a subject pronoun ends the phrase and is the source
    if len(picked) > 1 and picked[-1][2].lower() in _SUBJ_PRON:
        picked = picked[-1:]
    words = [t[2] for t in picked]
    if words[-1].lower() in NOT_SOURCE_END and words[-1].lower() not in PRONOUNS:
        return None
    # "Trump's attacks", "her remarks", "Of the three states": the cue is a noun
    if words[-1].lower() in POSSESSIVES or words[-1].endswith(("’s", "'s", "s’", "s'")) or words[0].lower() in _LEAD_PREP:
        return None
    # "Obama offered states ...": a finite verb inside the phrase, so it is no subject
    if any(w.islower() and w.endswith("ed") and w in VERB_FORMS and words[k - 1].lower() not in ("the", "a", "an")
           for k, w in enumerate(words) if k):
        return None
    if any(w in ".!?" for w in words):
        return None
    if len(words) == 1 and words[0].lower() in ("that", "it", "you"):
        return None
    if any(w.islower() and VERB_FORMS.get(w) in _CORE for w in words):
        return None
    if any(w.lower() in _AUX for w in words) or (len(words) > 1 and words[0].lower() in ("he", "she", "they", "i", "we")):
        return None
    # appositive: "Jane Roe, a spokeswoman for X, said" -> include the name
    if stop_tok is not None and stop_tok[2] == "," and words[0].lower() in ("a", "an", "the"):
        before = _tokens(text, lo, stop_tok[0])
        name = []
        for t in reversed(before):
            if t[2][0].isupper() and t[2] not in NOT_NAME:
                name.append(t)
            else:
                break
        if name and len(name) <= 4 and (len(name) == len(before) or not before[-len(name) - 1][2][0].isalnum()):
            picked = list(reversed(name)) + [stop_tok] + picked
    return _span(text, picked[0][0], picked[-1][1])


_CORE = frozenset("say tell write claim argue announce add note state".split())
_ASIDE = frozenset("however too meanwhile though also instead moreover nevertheless still".split())
_AUX = frozenset("would could will should is are was were has have had did does do can may might must ever".split())
# negated auxiliaries between a subject and its verb ("Sanders hasn't said")
_NEG = "cannot can't won't didn't doesn't don't wouldn't couldn't isn't aren't wasn't hasn't haven't hadn't shouldn't"
_NEG_AUX = frozenset(_NEG.split() + _NEG.replace("'", "’").split())
_SUBJ_PRON = frozenset("he she they we i".split())
_LEAD_PREP = frozenset("of for with from by about to like than into among".split())
_PREP = frozenset("on in at during after before for with by from as since until under over".split())


def _appositive_subject(text: str, toks: list[tuple[int, int, str]], max_words: int = 45) -> Span | None:
    """ "Jane Roe, a spokeswoman for X who ..., said": the name and its appositive."""
    b = max((k for k, t in enumerate(toks) if t[2] in ".;!?”\"'`" or t[2] in ("''",)), default=-1)
    toks = toks[b + 1 :]
    chunks: list[list[tuple[int, int, str]]] = [[]]
    for t in toks:
        if t[2] == ",":
            chunks.append([])
        else:
            chunks[-1].append(t)
    while chunks and chunks[0] and (chunks[0][0][2].lower() in _PREP or chunks[0][0][2] in ("However", "Meanwhile")):
        chunks.pop(0)
    if len(chunks) < 2 or not chunks[0]:
        return None
    head = chunks[0]
    while head and head[0][2] in ("And", "But", "So", "Yet", "Now", "Still", "Also", "Then", "Or"):
        head.pop(0)
    if not head or len(head) > 7:
        return None
    if not (any(t[2][0].isupper() and t[2] not in NOT_NAME for t in head) or head[0][2].lower() in ("the", "a", "an")):
        return None
    # "Trump, speaking at a rally in X, warned" / "Trump, on Tuesday, said": the aside is no part of the source
    aside = chunks[1][0][2] if chunks[1] else ""
    if aside.islower() and (aside.endswith("ing") or aside in _PREP):
        return _src(text, head[0][0], head[-1][1])
    last = [t for c in chunks for t in c]
    if len(last) > max_words or not last:
        return None
    return _src(text, head[0][0], last[-1][1])


def subject_after(text: str, cue_end: int, hi: int, max_words: int = 12, appositive: bool = True) -> Span | None:
    """The noun phrase right after an inverted cue ("said Trump"), or None."""
    toks = _tokens(text, cue_end, hi)
    picked = []
    for t in toks:
        w = t[2]
        if _is_stop(w) or w in ".!?" or w.lower() in ("who", "which", "that", "in", "on", "at", "during", "to", "after"):
            break
        picked.append(t)
        if len(picked) > max_words:
            return None
    if not picked:
        return None
    first = picked[0][2]
    if not (first[0].isupper() or first.lower() in ("a", "an", "the", "one", "another")):
        return None
    if first.lower() in PRONOUNS and len(picked) > 1:
        return None
    end = picked[-1][1]
    # "said Jane Roe, a spokeswoman for X." -> include the appositive
    rest = toks[len(picked) :]
    if appositive and len(rest) >= 2 and rest[0][2] == "," and (rest[1][2][0].islower() or rest[1][2] in ("A", "An", "The")):
        for t in rest[1:]:
            if t[2] in _QMARKS or t[2] in (".", "!", "?", ";", "'", "`"):
                break
            end = t[1]
    return _src(text, picked[0][0], end)


def _first_subject(text: str, lo: int, hi: int) -> Span | None:
    """The subject at a clause start: a pronoun or a capitalised name (with title)."""
    toks = _tokens(text, lo, hi)
    while toks and toks[0][2] in ("And", "But", "So", "Yet", "Still", "Then", "Now") or toks and toks[0][2] in _QMARKS:
        toks.pop(0)
    if not toks:
        return None
    if toks[0][2].lower() in ("he", "she", "they", "we", "i"):
        return Span(toks[0][0], toks[0][1], toks[0][2])
    picked = []
    for t in toks:
        w = t[2]
        if w[0].isupper() and w not in NOT_NAME or (picked and w.lower() in ("of", "’s", "'s")):
            picked.append(t)
        elif not picked and w.lower() in ("the", "a"):
            picked.append(t)
        else:
            break
    while picked and picked[-1][2].lower() in ("of", "the", "a"):
        picked.pop()
    if not picked or not any(t[2][0].isupper() for t in picked):
        return None
    return _span(text, picked[0][0], picked[-1][1])


# -- extraction ------------------------------------------------------------------


class _Quotes:
    def __init__(self, quotes: list[tuple[int, int]]) -> None:
        self.q = quotes
        self.starts = [s for s, _ in quotes]

    def inside(self, pos: int) -> bool:
        i = bisect.bisect_right(self.starts, pos) - 1
        return i >= 0 and self.q[i][0] < pos < self.q[i][1] - 1

    def ending_before(self, pos: int, lo: int) -> int | None:
        """Index of the last quote ending in [lo, pos]."""
        i = bisect.bisect_right(self.starts, pos) - 1
        while i >= 0 and self.q[i][1] > pos:
            i -= 1
        if i >= 0 and self.q[i][1] >= lo:
            return i
        return None

    def starting_after(self, pos: int, hi: int) -> int | None:
        i = bisect.bisect_left(self.starts, pos)
        if i < len(self.q) and self.q[i][0] < hi:
            return i
        return None


def _content(text: str, start: int, end: int) -> Span | None:
    sp = _span(text, start, end)
    s, e = sp.start, sp.end
    while e > s and text[e - 1] in ".,;:—–-":
        e -= 1
    while s < e and text[s] in ",;:—–-":
        s += 1
    sp = _span(text, s, e)
    if len(_tokens(text, sp.start, sp.end)) < 2:
        return None
    return sp


def _skip_intro(text: str, start: int, end: int, verb: str) -> int:
    """Where the content begins after a cue: past "that", an addressee or a short adverbial."""
    toks = _tokens(text, start, end)
    if not toks:
        return start
    for k, t in enumerate(toks[:10]):
        w = t[2].lower()
        if w == "that" and k <= 8:
            before = [x[2] for x in toks[:k]]
            if not any(b in _QMARKS or b in ".!?" for b in before):
                return t[1]
            break
        if w in _QMARKS:
            break
    # "told reporters on Tuesday, ..." / "said in a statement, ..."
    for k, t in enumerate(toks[:8]):
        if t[2] in (",", ":"):
            if all(_TIME.match(x[2]) or (verb in OBJECT_VERBS and k <= 3) for x in toks[:k]):
                return t[1]
            break
    if verb in OBJECT_VERBS and toks[0][2].lower() in ("him", "her", "them", "me", "us", "reporters", "cnn", "voters", "supporters"):
        return toks[0][1]
    return start


_ABBR_DOT = re.compile(r"(?:\b(?:%s)|\b[A-Z]|(?:\b[A-Za-z]\.)+[A-Za-z])\.$" % "|".join(sorted(ABBREVIATIONS, key=len, reverse=True)), re.IGNORECASE)


def _breaks(seg: str, marks: str, dot_end: bool = False) -> bool:
    """Whether ``seg`` holds a sentence break: one of ``marks``, or a period that does not close
    an abbreviation ("Mr.", "Sen.", "U.S.") and is followed by a space (or ends ``seg`` when
    ``dot_end``)."""
    if any(c in seg for c in marks):
        return True
    for m in re.finditer(r"\.(?=\s|$)" if dot_end else r"\.(?=\s)", seg):
        if not _ABBR_DOT.search(seg, 0, m.end()):
            return True
    return False




def _clause_end(text: str, start: int, end: int) -> int:
    """Where a reported content that starts at ``start`` ends: before a coordinated clause with
    a cue of its own (", and has said ...", ", while X suggested ...") or before a trailing
    relative clause (", who ..."); else at ``end``. Never inside an open quote."""
    for m in CUE_RE.finditer(text, start, end):
        conj = list(_CONJ.finditer(text, start, m.start()))
        if not conj:
            continue
        cut = conj[-1].start()
        if (len(_tokens(text, cut, m.start())) <= 8 and len(_tokens(text, start, cut)) >= 3
                and not _breaks(text[cut : m.start()], "“”\"") and not _open_quote(text, start, cut)):
            return cut
    for m in _RELATIVE.finditer(text, start, end):
        if len(_tokens(text, start, m.start())) >= 4 and not _open_quote(text, start, m.start()):
            return m.start()
    return end


_CONJ = re.compile(r",?\s+(?:and|but|while|whereas|although|though)\s+")
_RELATIVE = re.compile(r",\s+(?:who|which)\s+")


def _open_quote(text: str, start: int, end: int) -> bool:
    """Whether a quote opened in ``text[start:end]`` is still open at ``end``."""
    seg = text[start:end]
    return seg.count("“") > seg.count("”") or seg.count('"') % 2 == 1


def _adverbial_only(text: str, start: int, end: int) -> bool:
    toks = [t for t in _tokens(text, start, end) if t[2] not in ".!?"]
    return all(_TIME.match(t[2]) for t in toks) and len(toks) <= 12


def extract_attributions(
    text: str,
    sentences: Sequence[tuple[int, int]] | None = None,
    *,
    min_quote_words: int | None = None,
    max_source_words: int | None = None,
) -> list[Attribution]:
    """Attributions of ``text`` in document order (see module docstring)."""
    cfg = section("attribution")
    min_quote_words = cfg["min_quote_words"] if min_quote_words is None else min_quote_words
    max_source_words = cfg["max_source_words"] if max_source_words is None else max_source_words
    if sentences is None:
        from ..clean.sentences import split_sentences

        sentences = [(s.start, s.end) for s in split_sentences(text)]
    quotes = _Quotes(
        [q for q in find_quotes(text) if len(_tokens(text, q[0], q[1])) - 2 >= min_quote_words]
    )
    found: list[Attribution] = []
    covered_quotes: set[int] = set()
    for s, e in sentences:
        for att, qids in _sentence(text, s, e, quotes, max_source_words):
            if any(qi in covered_quotes for qi in qids):
                continue
            covered_quotes.update(qids)
            found.append(att)
    found = _continue_quotes(text, found, quotes, covered_quotes, sentences)
    return _resolve(text, _drop_nested(found))


def _drop_nested(found: list[Attribution]) -> list[Attribution]:
    """Drop attributions whose cue lies inside another one's content, unless the cue is a
    speech verb ("X said Y told him ..." keeps both; "X said they want ..." keeps one)."""
    spans = sorted((a.content.start, a.content.end) for a in found)
    out = []
    for a in found:
        k = bisect.bisect_right(spans, (a.cue.start, len(spans) + 1 << 40)) - 1
        inside = any(s <= a.cue.start < e for s, e in spans[max(0, k - 8) : k + 1] if (s, e) != (a.content.start, a.content.end))
        if inside and a.kind != "according_to" and _lemma(a.cue.text) not in SPEECH_VERBS:
            continue
        out.append(a)
    return out


def _lemma(cue: str) -> str:
    w = cue.lower().split()[0] if cue.strip() else ""
    return VERB_FORMS.get(w, w)


def _sentence(text: str, s: int, e: int, quotes: _Quotes, max_src: int):
    last_end = s
    for m in sorted(list(CUE_RE.finditer(text, s, e)) + list(ACCORDING_RE.finditer(text, s, e)), key=lambda m: m.start()):
        if m.start() < last_end or quotes.inside(m.start()):
            continue
        cue = Span(m.start(), m.end(), m.group())
        got = _according(text, s, e, cue, max_src) if ACCORDING_RE.fullmatch(m.group()) else None
        if got is None and not ACCORDING_RE.fullmatch(m.group()):
            got = _verb(text, s, e, cue, m, quotes, max_src)
        if got is None:
            continue
        att, qids = got
        yield att, qids
        # a cue's content may hold further cues of its own (nested reports) only for reported speech
        last_end = cue.end if att.kind == "indirect" and att.content.start >= cue.end else max(att.content.end, cue.end)


def _according(text: str, s: int, e: int, cue: Span, max_src: int):
    initial = len(_tokens(text, s, cue.start)) <= 1
    src = subject_after(text, cue.end, e, max_src + 4, appositive=not initial)
    if src is None:
        toks = _tokens(text, cue.end, e)
        stop = next((t for t in toks if t[2] in ",;.!?"), None)
        if stop is None or stop[0] - cue.end > 80:
            return None
        src = _span(text, cue.end, stop[0])
    if initial:  # "According to X, content."
        comma = text.find(",", src.end, e)
        start = comma + 1 if comma != -1 else src.end
        content = _content(text, start, e)
    else:  # "content, according to X."
        content = _content(text, s, cue.start)
    if content is None:
        return None
    return Attribution(src, cue, content, "according_to"), ()


def _verb(text: str, s: int, e: int, cue: Span, m: re.Match, quotes: _Quotes, max_src: int):
    if m.group("part"):
        verb = PARTICLE_CUES[" ".join(m.group("part").lower().split())]
    else:
        verb = VERB_FORMS[m.group("verb").lower()]
    word = m.group().lower().split()[0]
    weak = verb in WEAK_VERBS and not m.group("part")
    if m.group()[0].isupper() and text[s : m.start()].strip(" \"“'`"):
        return None  # a capitalised cue inside a sentence is a name ("United States")
    # -- direct, attribution after the quote: “…,” X said / “…,” said X
    qi = quotes.ending_before(cue.start, s)
    if qi is None and s > 0:
        qi = quotes.ending_before(cue.start, max(0, s - 3))
    if qi is not None:
        qs, qe = quotes.q[qi]
        between = text[qe : cue.start]
        if len(between) < 250 and not _breaks(between, "!?;\n"):
            src = subject_before(text, qe, cue.start, max_src) if between.strip(" ,") else None
            if src is None and between.strip(" ,"):
                return None
            if src is None:
                src = subject_after(text, cue.end, e, max_src)
            if src is None and weak:
                return None
            qids = [qi]
            end = qe
            # interrupted quote: “A,” she said, “B.”
            tail_q = quotes.starting_after(cue.end, e + 1)
            if tail_q is not None:
                gap = text[(src.end if src and src.start > cue.end else cue.end) : quotes.q[tail_q][0]]
                if len(gap) < 60 and re.fullmatch(r"[^!?“”\"]*[,:]\s*", gap) and not _breaks(gap, "!?", dot_end=True):
                    qids.append(tail_q)
                    end = quotes.q[tail_q][1]
            return Attribution(src, cue, _span(text, qs, end), "direct"), tuple(qids)
    # -- direct, attribution before the quote: X said: “…”
    tq = quotes.starting_after(cue.end, e + 1)
    if tq is not None:
        gap = text[cue.end : quotes.q[tq][0]]
        if len(gap) < 80 and re.search(r"[,:]\s*$", gap) and not _breaks(gap, "!?;", dot_end=True):
            src = subject_before(text, s, cue.start, max_src)
            if src is None and word.endswith("ing"):
                src = _first_subject(text, s, cue.start)
            if src is not None or not weak:
                qs, qe = quotes.q[tq]
                return Attribution(src, cue, _span(text, qs, qe), "direct"), (tq,)
    # -- reported speech
    src = subject_before(text, s, cue.start, max_src)
    if src is None and re.search(r"(?:,\s*|\s)and\s+(?:\w+\s+)?$", text[s : cue.start]):
        src = _first_subject(text, s, cue.start)
    if src is not None and word in NOUN_LIKE and not (src.text[:1].isupper() or src.text.lower() in PRONOUNS):
        return None
    after_comma = text[s : cue.start].rstrip().endswith(",")
    if src is None and word.endswith("ing") and after_comma:
        src = _first_subject(text, s, cue.start)
        if src is not None:
            start = _skip_intro(text, cue.end, e, verb)
            content = _content(text, start, _clause_end(text, start, e))
            if content is None or weak and "that" not in text[cue.end : content.start]:
                return None
            return Attribution(src, cue, content, "indirect"), ()
        return None
    # inverted: "…, X said (on Tuesday)." / "…, said X."
    if _adverbial_only(text, cue.end, e) or (src is None and text[s : cue.start].rstrip().endswith(",")):
        if src is None:
            src = subject_after(text, cue.end, e, max_src)
            if src is None:
                return None
            head_end = cue.start
        else:
            head_end = src.start
        head = text[s:head_end].rstrip()
        if not head.endswith((",", "—")):
            return None
        if word.endswith("ing"):
            return None
        content = _content(text, s, len(head) + s - 1 if head.endswith(",") else s + len(head) - 1)
        if content is None:
            return None
        content = _content(text, content.start + (1 if text[content.start] in "\"“" and text.count("”", content.start, content.end) == 0 and text.count('"', content.start, content.end) == 1 else 0), content.end) or content
        return Attribution(src, cue, content, "indirect"), ()
    if src is None:
        return None
    start = _skip_intro(text, cue.end, e, verb)
    if _adverbial_only(text, start, e):
        return None
    if weak and not (text[cue.end:start].rstrip().endswith("that") or word.endswith(("ed", "s")) and verb in ("note", "add", "state")):
        return None
    content = _content(text, start, _clause_end(text, start, e))
    if content is None or len(_tokens(text, content.start, content.end)) < 3:
        return None
    if src.text.lower() in ("i", "we", "you") and quotes.inside(src.start):
        return None
    return Attribution(src, cue, content, "indirect"), ()


def _continue_quotes(text, found, quotes: _Quotes, covered: set[int], sentences) -> list[Attribution]:
    """Extend a direct quote's content over following uncovered quotes of the same paragraph."""
    out = []
    starts = [a for a, _ in sentences]
    for k, att in enumerate(found):
        if att.kind == "direct":
            end = att.content.end
            si = bisect.bisect_right(starts, max(att.cue.end, end)) - 1
            sent_end = sentences[si][1] if si >= 0 else end
            pos = max(sent_end, end)
            nxt = found[k + 1].content.start if k + 1 < len(found) else len(text)
            while True:
                qi = quotes.starting_after(pos, len(text))
                if qi is None or qi in covered:
                    break
                qs, qe = quotes.q[qi]
                gap = text[pos:qs]
                if gap.strip() or qs >= nxt:
                    break
                covered.add(qi)
                end = qe
                pos = qe
            if end != att.content.end:
                att = Attribution(att.source, att.cue, _span(text, att.content.start, end), att.kind, att.speaker)
        out.append(att)
    return out


# -- speakers ----------------------------------------------------------------------

_NAME = re.compile(
    r"(?:(?:Mr|Mrs|Ms|Dr|Sen|Rep|Gov|Gen|President|Senator|Governor|Secretary|Minister)\.?\s+)?"
    r"[A-Z][\w’'\-]+(?:\s+[A-Z]\.)?(?:\s+[A-Z][\w’'\-]+){0,2}"
)
_ORG_WORDS = frozenset(
    """party house department news times post committee university campaign association council network
    state states street journal press agency ministry office government administration army forces union
    republicans democrats senate congress court city county center institute foundation group company
    corporation inc media tv radio magazine""".split()
)


def _mentions(text: str, named_sources: set[str]) -> list[tuple[int, str, str | None]]:
    """Person mentions: (position, canonical name, gender or None)."""
    out = []
    for m in _NAME.finditer(text):
        words = m.group().split()
        while words and words[0] in NOT_NAME:
            words.pop(0)
        if not words:
            continue
        title = words[0].lower().rstrip(".") if words[0].lower().rstrip(".") in TITLES else None
        name_words = words[1:] if title else words
        if not name_words or any(w.lower() in _ORG_WORDS for w in name_words):
            continue
        name = " ".join(name_words).replace("’s", "").replace("'s", "")
        if title is None and len(name_words) < 2 and name not in named_sources:
            continue
        gender = "m" if title in ("mr",) else "f" if title in ("mrs", "ms") else None
        out.append((m.start() + m.group().find(words[0]), name, gender))
    return out


def _resolve(text: str, found: list[Attribution]) -> list[Attribution]:
    named = {a.source.text.replace("’s", "") for a in found if a.source and a.source.text[:1].isupper()
             and a.source.text.lower() not in PRONOUNS}
    del named
    multi = {m[1].split()[-1] for m in _mentions(text, set()) if len(m[1].split()) > 1 or m[2]}
    mentions = _mentions(text, multi)
    full: dict[str, str] = {}
    for _p, name, _g in mentions:
        full.setdefault(name.split()[-1], name)
        if len(name.split()) > len(full[name.split()[-1]].split()):
            full[name.split()[-1]] = name
    # gender: titles, then the he/she that follow a mention most closely
    votes: dict[str, list[int]] = {}
    for _p, name, g in mentions:
        key = name.split()[-1]
        if g:
            votes.setdefault(key, [0, 0])[0 if g == "m" else 1] += 5
    pos = [p for p, _, _ in mentions]
    to_resolve = {a.source.start for a in found if a.source is not None}
    for m in re.finditer(r"\b(he|him|his|she|her|hers)\b", text, re.IGNORECASE):
        if m.start() in to_resolve:  # the pronouns being resolved are no evidence
            continue
        i = bisect.bisect_right(pos, m.start()) - 1
        if i >= 0 and m.start() - pos[i] < 300:
            key = mentions[i][1].split()[-1]
            votes.setdefault(key, [0, 0])[0 if m.group().lower() in ("he", "him", "his") else 1] += 1
    gender = {k: ("m" if v[0] > v[1] else "f" if v[1] > v[0] else None) for k, v in votes.items()}
    out = []
    for a in found:
        speaker = None
        if a.source is not None:
            w = a.source.text.lower()
            if w in ("he", "she"):
                want = "m" if w == "he" else "f"
                i = bisect.bisect_right(pos, a.source.start) - 1
                while i >= 0:
                    key = mentions[i][1].split()[-1]
                    if gender.get(key) in (None, want):
                        speaker = full.get(key, mentions[i][1])
                        break
                    i -= 1
            elif w in ("who", "which"):
                i = bisect.bisect_right(pos, a.source.start) - 1
                if i >= 0 and a.source.start - pos[i] < 80:
                    speaker = full.get(mentions[i][1].split()[-1], mentions[i][1])
            elif w not in PRONOUNS:
                names = [n for p, n, _ in mentions if a.source.start <= p < a.source.end]
                if names:
                    speaker = full.get(names[-1].split()[-1], names[-1])
                else:
                    speaker = a.source.text
        out.append(Attribution(a.source, a.cue, a.content, a.kind, speaker))
    return out
