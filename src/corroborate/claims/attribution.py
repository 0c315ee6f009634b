"""Attribution extraction (who said what): reads an English text, returns
``Attribution`` records (source, cue, content spans with offsets into the
text, the kind of report, and the resolved speaker name).

Rule-based, no model. Patterns covered, per sentence:

* direct quotes with the attribution after ("“…,” he said." / "“…,” said X")
  or before ("X said: “…”"), quotes interrupted by their attribution
  ("“A,” she said, “B.”") and quotes continued in the next sentences of the
  paragraph without a cue of their own;
* reported speech, with or without "that" ("X told reporters (that) …"),
  inverted ("…, X said on Tuesday." / "…, said X.") and wrapped around its
  cue ("A, X said, B." / "A, according to X, B.");
* "according to X" / "citing X" before, after or inside the content;
* participial cues after a main clause or a quote ("X attacked Y, saying …",
  "“…,” she said, adding that …"), coordinated cues ("X criticized Y and said …");
* particle verbs ("called for", "referring to"), raising verbs with no
  source ("X seemed to …", "X is expected to …", "It appears that …") and
  "(when) asked (by X) whether …" questions;
* outside sentences: "Name: text" at a paragraph start (headlines,
  transcripts) and embedded posts signed "— Name (@handle) Month D, YYYY".
* title-case headlines ("Trump Says He Never Pledged To ...") and "by saying"
  / "while saying" clauses (the subject of the main clause speaks).

What is not a report: a quote that closed the sentence before ("“… identity.”
Cruz says he isn’t familiar …" is reported speech, not Cruz's quote); a cue
word used as a noun ("the first official claim that …"); a cue followed only
by an adverbial ("a move that Mr. Trump promised during the campaign", "he
said in response"); section labels before a colon ("The Latest:", "Q:").
The object of a non-clausal cue ("refused to speak to reporters as she left
…", "blamed the incident on hackers but later fessed up …") ends before a
subordinate clause or a second verb.

Cost: each cue looks at most ``cue_window_chars`` either side of itself, and a
sentence of more than ``max_sentence_words`` words is skipped, so a text costs
time linear in its size however many cues a sentence holds.
Thresholds come from the ``[attribution]`` settings passed in (never read here).

A report nested in another's content is kept only when its cue is a verb of
speech proper ("X said Y told him …"). A reported content ends before a
clause of its own (", and has said …", ", recalling …", ", who …").

Sources (PolNeAR train conventions): a catenative verb passes its subject to the cue ("Trump
continued to question ..."); a restrictive relative clause stays in the source ("executives who have
worked with Lachlan Murdoch say"), and so does an appositive or relative clause after an inverted cue
("said Rep. Jim Clyburn (D-S.C.), a member of ...", "said Weld, who added ..."); a name followed by
its own verb is cut there ("Abe arrived at Mar-a-Lago seeking ..."). "citing" is a participle cue,
not "according to". Contents: a coordinated clause cuts a reported content only when it holds a
verb of speech proper or directly follows the conjunction ("she became pregnant and was dismayed to
learn ..." stays whole); the object of a non-clausal cue ends at a comma that opens no list.

A pronoun source ("he said") gets as ``speaker`` the nearest earlier named
person whose gender (from titles and from the he/she pronouns that follow
its mentions) is compatible; "who" takes the name just before it; a source
with an appositive ("Jane Roe, a spokeswoman for X") the name it heads.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from typing import Any, Mapping, Sequence

from .limits import long_sentence
from .cues import (
    ABBREVIATIONS,
    ACCORDING_RE,
    CLAUSE_WORDS,
    NOT_NAME,
    NOT_SOURCE_END,
    OBJECT_VERBS,
    PARTICLE_CUES,
    POSSESSIVES,
    PRE_VERB,
    PRONOUNS,
    RAISING,
    SPEECH_VERBS,
    TITLES,
    NOUN_LIKE,
    VERB_FORMS,
    WEAK_FORMS,
    WEAK_VERBS,
    CueMatch,
    iter_cues,
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
    r"briefing|call|email|phone|post|tweet|radio|television|tv|appearance|program|show|remarks|written|"
    r"released|also|then|again|of|book|article|column|op-ed|letter|memo|essay|video|podcast|documentary|message|"
    r"address|testimony|hearing|debate|town|hall|meeting|event|stop|visit|trip|editorial|blog|website|page|account|"
    r"filing|court|lawsuit|deposition|report|broadcast|episode|campaign|first|recent|new|previously|once|"
    r"repeatedly|publicly|privately|another|other|previous|time)|\d+|[A-Z][\w’'.-]*|\W)$"
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


def subject_before(text: str, lo: int, cue_start: int, max_words: int = 12, allow_it: bool = False) -> Span | None:
    """The noun phrase right before a cue verb (its subject), or None; "it" only with ``allow_it``."""
    toks = _tokens(text, lo, cue_start)
    while toks and (toks[-1][2].lower() in PRE_VERB or toks[-1][2].lower() in _NEG_AUX
                    or (toks[-1][2].endswith("ly") and toks[-1][2].islower())
                    or toks[-1][2] in _FLOATING and len(toks) > 1 and toks[-2][2].lower() in _AUX):
        toks.pop()  # "have both argued": a floating quantifier after the auxiliary
    if toks and _CONTRACTED.fullmatch(toks[-1][2]):  # "He's said", "They’ve argued"
        t = toks[-1]
        return Span(t[0], t[0] + len(re.split(r"[’']", t[2])[0]), re.split(r"[’']", t[2])[0])
    if toks and toks[-1][2] == "," and len(toks) >= 2 and toks[-2][2].lower() in _ASIDE:
        toks = toks[:-2]
        if toks and toks[-1][2] == ",":
            toks.pop()
    if toks and toks[-1][2] == ",":
        return _appositive_subject(text, toks[:-1])
    picked: list[tuple[int, int, str]] = []
    stop_tok = None
    k = len(toks)
    while k > 0:
        k -= 1
        t = toks[k]
        w = t[2]
        if w in ("'", "’") and k and toks[k - 1][1] == t[0] and toks[k - 1][2].endswith("s"):
            picked.append(t)  # "Gates' work": a plural possessive
            continue
        if w == ")":
            o = next((j for j in range(k - 1, max(-1, k - 8), -1) if toks[j][2] in "()"), None)
            if o is not None and toks[o][2] == "(" and o > 0 and toks[o - 1][2][:1].isupper():
                picked.extend(reversed(toks[o : k + 1]))  # "Harry M. Reid (D-Nev.)"
                k = o
                continue
        if w == "and" and picked and k and _joins_names(toks[k - 1][2], picked[-1][2]):
            picked.append(t)  # "Trump and Clinton", "Cooperation and Development"
            continue
        if _is_stop(w) or (w.lower() in CLAUSE_WORDS and not (w[0].isupper() and w.lower() == "and")):
            if w.lower() in ("who", "which"):
                picked = [t]
            stop_tok = t
            break
        if w.islower() and VERB_FORMS.get(w) in _CORE and picked and (
                picked[-1][2].lower() in POSSESSIVES or picked[-1][2].lower() in _DET or picked[-1][2][0].isupper()):
            break  # "The senator said his aide told him ...": the subject starts after the outer cue
        if w.lower() in ("who", "which"):
            # "which critics say was ...": the source is the short phrase after the relative pronoun
            if (not picked or len(picked) > 4 or picked[-1][2].lower() in PRE_VERB or picked[-1][2].lower() in _PREP
                    or any(x[2].islower() and (x[2].endswith(("ed", "ing")) or x[2] in VERB_FORMS) for x in picked)):
                if picked and w.lower() == "who" and k and toks[k - 1][2] != ",":
                    # "officials who spoke with The Huffington Post said": a restrictive relative clause
                    # inside the subject; the source is the noun phrase with it (PolNeAR train: most
                    # gold sources there are "the groups who wrote to her on Thursday", not "who")
                    head = subject_before(text, lo, t[0], max_words)
                    if head is not None and head.text.lower() not in PRONOUNS:
                        return _span(text, head.start, picked[0][1])
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
    if (words[-1].lower() in POSSESSIVES or words[-1].endswith(("’s", "'s", "s’", "s'"))
            or words[0].lower() in _LEAD_PREP and not (words[0].lower() == "about" and len(words) > 1
                                                       and (words[1][0].isdigit() or words[1].lower() in _NUMBERS))):
        return None  # (but "About four in 10 voters say ...", "About 9 percent said ...": a number)
    # "Obama offered states ...": a finite verb inside the phrase, so it is no subject
    if any(w.islower() and w.endswith("ed") and w in VERB_FORMS and words[k - 1].lower() not in ("the", "a", "an")
           for k, w in enumerate(words) if k):
        return None
    for k, w in enumerate(words):
        if (k and w.islower() and w.endswith("ed") and len(w) > 4 and words[k - 1][:1].isupper()
                and words[k - 1] not in NOT_NAME and (k + 1 == len(words) or words[k + 1] != "by")):
            # "Abe arrived at Mar-a-Lago seeking ...": the name before its own verb is the subject
            return _span(text, picked[0][0], picked[k - 1][1])
    if any(w in ".!?" for w in words):
        return None
    if words[0].islower() and words[0].endswith("ing") and len(words) > 1:
        return None  # "presenting a significant challenge", "belonging to X claiming": a participle, no subject
    if len(words) == 1 and (words[0].lower() in ("that", "you") or words[0].lower() == "it" and not allow_it
                            or words[0].islower() and words[0].endswith("ing")):
        return None  # ("some parts, including asking Mr. Comey ...": no subject)
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


_FLOATING = frozenset({"both", "all", "each"})
_NUMBERS = frozenset("one two three four five six seven eight nine ten half a third quarter".split())
_CONTRACTED = re.compile(r"(?i:he|she|they|we|i|it)[’'](?:s|ve|d)")
# verbs that take an infinitive whose subject is theirs: "Trump continued to question ...", "X tried to
# downplay ...", "X went on to say ..." (PolNeAR train marks the source of the infinitive's cue)
_CATENATIVE = re.compile(
    r"(?:\b(?:continu|tri|tries|try|want|began|begin|start|refus|declin|vow|promis|sought|seek|hop|plan|"
    r"attempt|decid|went\s+on|goes\s+on|go\s+on|going|used)\w*\s+to\s+)$", re.I)


def _joins_names(left: str, right: str) -> bool:
    """Whether "and" between these two words joins two names (or name parts)."""
    return left[:1].isupper() and left not in NOT_NAME and right[:1].isupper() and right not in NOT_NAME


_CORE = frozenset("say tell write claim argue announce add note state find show".split())
_ASIDE = frozenset("however too meanwhile though also instead moreover nevertheless still".split())
_AUX = frozenset("would could will should is are was were has have had did does do can may might must ever".split())
# negated auxiliaries between a subject and its verb ("Sanders hasn't said")
_NEG = "cannot can't won't didn't doesn't don't wouldn't couldn't isn't aren't wasn't hasn't haven't hadn't shouldn't"
_NEG_AUX = frozenset(_NEG.split() + _NEG.replace("'", "’").split())
_SUBJ_PRON = frozenset("he she they we i".split())
_LEAD_PREP = frozenset("of for with from by about to like than into among".split())
_PREP = frozenset("on in at during after before for with by from as since until under over".split())


def _appositive_subject(text: str, toks: list[tuple[int, int, str]], max_words: int = 45) -> Span | None:
    """ "Jane Roe, a spokeswoman for X who ..., said": the name and its appositive. Leading
    comma-separated chunks that cannot head a noun phrase ("On Wednesday, however, ...",
    "While X did Y, ...") are passed over."""
    b = -1
    for k, t in enumerate(toks):
        w = t[2]
        if w in ".;!?" and not (k + 1 < len(toks) and toks[k + 1][2] in _QMARKS):
            b = k
        elif w in _QMARKS and k and toks[k - 1][2] in ",.!?" and (k + 1 == len(toks) or toks[k + 1][2][:1].isupper()):
            b = k  # the end of a quotation: "..., ” Jane Roe, a spokeswoman, said"
    toks = toks[b + 1 :]
    chunks: list[list[tuple[int, int, str]]] = [[]]
    for t in toks:
        if t[2] == ",":
            chunks.append([])
        else:
            chunks[-1].append(t)
    for c in chunks:
        while c and c[0][2] in ("And", "But", "So", "Yet", "Now", "Still", "Also", "Then", "Or"):
            c.pop(0)
    while len(chunks) >= 2 and not _head_like(chunks[0]):
        chunks.pop(0)
    if len(chunks) < 2:
        return None
    head = chunks[0]
    if any(t[2].lower() in _AUX for t in head):
        return None  # "The program is hardly formal, but ..., said Ms. Gil": a clause, no subject
    # "Trump, speaking at a rally in X, warned" / "Trump, on Tuesday, said": the aside is no part of the source
    aside = chunks[1][0][2] if chunks[1] else ""
    if aside.islower() and (aside.endswith("ing") or aside in _PREP):
        return _src(text, head[0][0], head[-1][1])
    last = [t for c in chunks for t in c]
    if len(last) > max_words or not last:
        return None
    return _src(text, head[0][0], last[-1][1])


_DET = frozenset("the a an another some many most several all both each one two three other".split())


def _head_like(chunk: list[tuple[int, int, str]]) -> bool:
    """Whether a comma-separated chunk can head a source: a short name or noun phrase."""
    if not chunk or len(chunk) > 10:
        return False
    first = chunk[0][2]
    low = first.lower()
    if low in _PREP or low in _ASIDE or low in CLAUSE_WORDS or first in NOT_NAME and low not in _DET:
        return False
    return any(t[2][0].isupper() and t[2] not in NOT_NAME for t in chunk) or first.lower() in _DET


_AFTER_STOP = frozenset("who which that in on at during to after whether if about".split())


def subject_after(text: str, cue_end: int, hi: int, max_words: int = 12, appositive: bool = True) -> Span | None:
    """The noun phrase right after an inverted cue ("said Trump"), or None."""
    toks = _tokens(text, cue_end, hi)
    picked = []
    for t in toks:
        w = t[2]
        if _is_stop(w) or w in ".!?" or w.lower() in _AFTER_STOP:
            break
        picked.append(t)
        if len(picked) > max_words:
            return None
    if not picked:
        return None
    first = picked[0][2]
    if not (first[0].isupper() or first.lower() in ("a", "an", "the", "one", "another")
            or first.lower() in _PEOPLE
            or len(picked) > 1 and first.isalpha() and first.lower() not in POSSESSIVES and first.lower() not in PRONOUNS
            and any(t[2][0].isupper() and t[2] not in NOT_NAME for t in picked[1:4])
            and not any(t[2] in VERB_FORMS for t in picked)):
        return None  # "said former Gov. Jim Doyle" / "said officials" yes, "said nothing" no
    if first.lower() in PRONOUNS and len(picked) > 1:
        return None
    end = picked[-1][1]
    # "said Jane Roe, a spokeswoman for X." -> include the appositive
    rest = toks[len(picked) :]
    if appositive and rest and rest[0][2] == "(":  # "said Rep. Jim Clyburn (D-S.C.), a member of ..."
        close = next((k for k, t in enumerate(rest[:8]) if t[2] == ")"), None)
        if close is not None:
            end = rest[close][1]
            rest = rest[close + 1 :]
    if appositive and len(rest) >= 2 and rest[0][2] == "," and (_appositive_start(rest[1][2])
                                                                 or rest[1][2] in ("who", "whose")):
        # ("said Weld, who added that ...": PolNeAR train marks the relative clause as part of the source)
        for k, t in enumerate(rest[1:], 1):
            if t[2] in _QMARKS or t[2] in (".", "!", "?", ";", "'", "`"):
                break
            if t[2] == "," and k + 1 < len(rest) and rest[k + 1][2].islower() and rest[k + 1][2].endswith("ing"):
                break  # "said Peter Rice, chairman of Fox Networks Group, noting that ...": a clause of its own
            end = t[1]
    return _src(text, picked[0][0], end)


def _appositive_start(word: str) -> bool:
    """Whether a word after "said Name," opens an appositive ("a spokeswoman", "30, a member",
    "President Obama's first budget director", "Republican of Alabama") rather than a clause of its
    own ("adding that ...", "and ...", "but ...")."""
    low = word.lower()
    if word[0].islower():
        return not low.endswith("ing") and low not in CLAUSE_WORDS and low not in _AFTER_STOP
    return word[0].isdigit() or word in ("A", "An", "The") or (word[0].isupper() and word not in NOT_NAME)


def _first_subject(text: str, lo: int, hi: int) -> Span | None:
    """The subject at a clause start: a pronoun or a capitalised name (with title); a leading
    adverbial or subordinate clause closed by a comma ("In a statement, Gov. Scott ...") is
    passed over."""
    toks = _tokens(text, lo, hi)
    while toks and toks[0][2] in ("And", "But", "So", "Yet", "Still", "Then", "Now") or toks and toks[0][2] in _QMARKS:
        toks.pop(0)
    for _ in range(2):
        first = toks[0][2] if toks else ""
        if (first.lower() in _PREP or first.lower() in CLAUSE_WORDS or first.lower() in _ASIDE
                or first[:1].isupper() and first.endswith("ing") and first.lower() not in ("during",)):
            comma = next((k for k, t in enumerate(toks[:16]) if t[2] == ","), None)
            if comma is None:
                break
            toks = toks[comma + 1 :]
    if not toks:
        return None
    if toks[0][2].lower() in ("he", "she", "they", "we", "i"):
        return Span(toks[0][0], toks[0][1], toks[0][2])
    if toks[0][2].lower() in _DET or toks[0][2].lower() in POSSESSIVES:
        return _determiner_subject(text, toks)
    if toks[0][2].islower():  # "police began ...", "the senator said ...": up to the verb
        for k, t in enumerate(toks[:5]):
            w = t[2]
            if k and (w in VERB_FORMS or w in PRE_VERB or w in _AUX or w.endswith("ed")):
                return _span(text, toks[0][0], toks[k - 1][1])
            if not (w.isalpha() or w.replace("-", "").isalpha()):
                return None
        return None
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


def _determiner_subject(text: str, toks: list[tuple[int, int, str]], max_words: int = 14) -> Span | None:
    """ "The former secretary of state mocked ...", "Other Republican candidates, including Carly
    Fiorina and Ben Carson, have followed ...": a noun phrase opened by a determiner or possessive,
    up to its verb (one comma-enclosed aside inside it is kept)."""
    commas = 0
    for k, t in enumerate(toks[: max_words + 1]):
        w = t[2]
        if w == ",":
            commas += 1
            if commas > 2:
                return None
            continue
        if w in _QMARKS or w in ".!?;:()—–":
            return None
        if k and w.islower() and (w in VERB_FORMS or w in PRE_VERB or w in _AUX or w.endswith("ed")) and (
                commas in (0, 2)):
            end = k - 1
            while end > 0 and toks[end][2] == ",":
                end -= 1
            if end >= 2 and toks[end][2] in _WHEN and toks[end - 1][2].lower() in _PREP:
                end -= 2  # "The Democratic Party on Friday filed ...": the time is no part of the source
            return _span(text, toks[0][0], toks[end][1]) if end >= 1 else None
    return None


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


def _content(text: str, start: int, end: int, min_tokens: int = 2) -> Span | None:
    """``text[start:end]`` without outer spaces and clause punctuation, or None when it holds
    fewer than ``min_tokens`` tokens."""
    sp = _span(text, start, end)
    s, e = sp.start, sp.end
    while e > s and text[e - 1] in ".,;:—–-":
        e -= 1
    while s < e and text[s] in ",;:—–-":
        s += 1
    sp = _span(text, s, e)
    if len(_tokens(text, sp.start, sp.end)) < min_tokens:
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
            # "said in an interview that ..." / "told reporters that ...", not "said there was evidence that ..."
            if not all(_TIME.match(b) or b == "," for b in before) and not (verb in OBJECT_VERBS and k <= 3):
                break
            if not any(b in _QMARKS or b in ".!?" for b in before):
                return t[1]
            break
        if w in _QMARKS:
            break
    # "told reporters on Tuesday, ..." / "said in a statement, ..."
    for k, t in enumerate(toks[:8]):
        if t[2] in (",", ":"):
            if all(_TIME.match(x[2]) or (verb in OBJECT_VERBS and k <= 3) for x in toks[:k]) and (
                    k == 0 or verb in OBJECT_VERBS or toks[0][2].islower() or toks[0][2] in _WHEN):
                return t[1]
            break
    if verb in OBJECT_VERBS and toks[0][2].lower() in ("him", "her", "them", "me", "us", "reporters", "cnn", "voters", "supporters"):
        return toks[0][1]
    # "told ABC’s “Good Morning America” on Monday the tone ...": a named addressee, then the content
    if verb == "tell" and toks[0][2][0].isupper() and toks[0][2].lower() not in PRONOUNS:
        k = 0
        while k < min(len(toks), 10) and (toks[k][2][0].isupper() or toks[k][2] in _QMARKS
                                          or toks[k][2].lower() in ("’s", "'s", "of", "the")):
            k += 1
        while (k < min(len(toks), 14) and _TIME.match(toks[k][2])
               and toks[k][2].lower() not in ("that", "the", "a", "an", "his", "her", "their", "its")):
            k += 1
        if k < len(toks) and toks[k][2] == "that":
            return toks[k][1]
        if 0 < k < len(toks) and toks[k][2].islower():
            return toks[k][0]
    # "said in a 911 call from the scene of the shooting ... that ...": a longer prepositional intro
    if toks[0][2] in _INTRO_PREP:
        for t in toks[1:25]:
            if t[2] in _QMARKS or t[2] in ".!?;:," or t[2] in VERB_FORMS:
                break
            if t[2] == "that":
                return t[1]
    return start


_COORDINATED = re.compile(r"(?:,\s*|\s)(?:and|but)\s+(?:\w+\s+){0,2}$")


def _prep_phrase_only(text: str, content: Span) -> bool:
    """ "Pence said in response." / "she said in a video message to the convention": the words after
    a verb of speech are a short prepositional phrase with no clause of its own."""
    toks = _tokens(text, content.start, content.end)
    return (bool(toks) and toks[0][2] in _INTRO_PREP and len(toks) <= 10
            and not any(t[2] in VERB_FORMS or t[2].lower() in _AUX or t[2] in _QMARKS or t[2] == "that"
                        or t[2] in _SUBJ_PRON or t[2] == "it" for t in toks[1:]))


_INTRO_PREP = frozenset("in on at during after before".split())


_ABBR_DOT = re.compile(
    r"(?:\b(?:%s)|\b[A-Z]|(?:\b[A-Za-z]\.)+[A-Za-z])\.$" % "|".join(sorted(ABBREVIATIONS, key=len, reverse=True)),
    re.IGNORECASE)


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
    a cue of its own (", and has said ...", ", while X suggested ..."), a participial clause
    (", recalling how ..."), a new clause with a pronoun subject (", it's unlikely ...") or a
    trailing relative clause (", who ..."); else at ``end``. Never inside an open quote."""
    for m in iter_cues(text, start, end):
        conj = list(_CONJ.finditer(text, start, m.start()))
        if not conj:
            continue
        cut = _cut(conj[-1])
        between = [t[2].lower() for t in _tokens(text, conj[-1].end(), m.start())]
        if VERB_FORMS.get(m.group().lower()) not in SPEECH_VERBS and not all(w in PRE_VERB for w in between):
            continue  # "she became pregnant and was dismayed to learn ...": a cue inside the content
        if (len(_tokens(text, cut, m.start())) <= 8 and len(_tokens(text, start, cut)) >= 1
                and not _breaks(text[cut : m.start()], "“”\"") and not _open_quote(text, start, cut)):
            return cut
    for pattern, least in ((_PARTICIPLE, 3), (_NEW_CLAUSE, 3), (_RELATIVE, 4)):
        for m in pattern.finditer(text, start, end):
            cut = _cut(m)
            if len(_tokens(text, start, cut)) >= least and not _open_quote(text, start, cut):
                end = cut
                break
    return end


# where the object of a verb that takes no clause ends ("lamented illegal immigration, Clinton took
# ...", "refused to speak to reporters as she left ..."): a comma (not one of a list "A, B and C"), a
# semicolon or a subordinating word (PolNeAR train, the comma: content F1 0.6945 -> 0.6970)
_OBJECT_END = re.compile(
    r"\s*[;(]|\s*,(?![^,;.]{1,40}\s(?:and|or)\s)|\s+(?:when|while|because|although|though|since|until|whereas)\s"
    r"|\s+as\s+(?=(?:he|she|they|it|we|I)\s)")


def _object_end(text: str, start: int, end: int, verb: str) -> int:
    """Where the content of a non-clausal cue ("denied his party the victory and jailed him") ends.
    Verbs of speech and the clause-taking verbs keep the whole clause; a "that"-clause is kept too."""
    if verb in _CLAUSE_VERBS or verb in SPEECH_VERBS or text.startswith("that", start):
        return end
    m = _OBJECT_END.search(text, start, end)
    if m is not None and not _open_quote(text, start, m.start()) and len(_tokens(text, start, m.start())) >= 1:
        end = m.start()
    # "defend him on cable news and speak at his rallies": a second verb of the same subject
    for c in _COORD_VERB.finditer(text, start, end):
        w = c.group("w")
        if (w.endswith("ed") or w in VERB_FORMS or w in _AUX or w in _LATER) and not _open_quote(text, start, c.start()):
            return c.start() if len(_tokens(text, start, c.start())) >= 1 else end
    return end


_COORD_VERB = re.compile(r",?\s+(?:and|but)\s+(?P<w>[a-z]+)\b")
_LATER = frozenset("later then also even still went right soon instead".split())


def _cut(m: re.Match) -> int:
    """Where a clause boundary match cuts: at its comma, or after a quote the comma closes."""
    return m.end("q") if m.group("q") else m.start()


_CONJ = re.compile(r"(?:,(?P<q>[”\"’'])?)?\s+(?:and|but|while|whereas|although|though)\s+")
_RELATIVE = re.compile(r",(?P<q>[”\"’'])?\s+(?:who|which)\s+")
_NEW_CLAUSE = re.compile(r",(?P<q>[”\"’'])?\s+(?:(?:it|he|she|they|we|I)(?:['’]s)?\s+[a-z]|while\s)")
_PARTICIPLE = re.compile(
    r",(?P<q>[”\"’'])?\s+(?!(?:during|including|excluding|according|regarding|concerning|nothing|something|"
    r"anything|everything|morning|evening)\b)[a-z]{2,}ing\b")


def _open_quote(text: str, start: int, end: int) -> bool:
    """Whether a quote opened in ``text[start:end]`` is still open at ``end``."""
    seg = text[start:end]
    return seg.count("“") > seg.count("”") or seg.count('"') % 2 == 1


_WHEN = frozenset("""Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March April May June
July August September October November December Jan. Feb. Aug. Sept. Oct. Nov. Dec.""".split())


# where an inverted cue's own clause ends: a semicolon, or a participial clause after a comma
# ("Sales were great, he said, wiping sweat off his face."; "..., his aides argued in interviews; rather, ...")
_OWN_END = re.compile(r"\s*;|,\s+(?!(?:during|including|according|morning|evening)\b)[a-z]{2,}ing\b")


def _adverbial_lead(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` opens on a participle of appearing ("Speaking Sunday on ABC’s “This
    Week,”"): what it quotes is a show's name, not the subject's words. (A lead preposition, "On
    immigration, “…,” Trump said", still quotes the subject: PolNeAR train.)"""
    toks = _tokens(text, start, end)
    first = toks[0][2] if toks else ""
    return first.lower() in ("speaking", "writing", "appearing", "talking")


def _lead_clause(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` opens on an adverbial or a clause of its own ("Asked if ..., ",
    "As for X, ", "When ..., ") rather than a noun phrase the quote goes on: it starts with a
    preposition or subordinating word, or holds a cue of its own."""
    toks = _tokens(text, start, end)
    first = toks[0][2].lower() if toks else ""
    return (first in _PREP or first in CLAUSE_WORDS or first in _LEAD_PREP
            or next(iter_cues(text, start, end), None) is not None or ACCORDING_RE.search(text, start, end) is not None)


def _own_end(text: str, start: int, end: int) -> int:
    m = _OWN_END.search(text, start, end)
    return m.start() if m is not None and not _open_quote(text, start, m.start()) else end


def _comma_end(seg: str) -> bool:
    """Whether ``seg`` ends on a comma or dash, also one inside a closing quote ("... was
    “heartbreaking,”" before "she said")."""
    return re.search(r"(?:[,—]|,\s*(?:[”\"’]|'')+)\s*$", seg) is not None


def _addressee_only(text: str, start: int, end: int) -> bool:
    """ "..., Defense Secretary Ash Carter told a Senate panel Wednesday.": after "told", an addressee
    and an adverbial, with no clause ("that", a verb, a quote) of its own."""
    toks = [t for t in _tokens(text, start, end) if t[2] not in ".!?"]
    return 0 < len(toks) <= 10 and not any(
        t[2].lower() in ("that", "whether", "if", "to") or t[2] in _QMARKS or t[2].lower() in _AUX
        or t[2].lower() in _BE
        or (t[2].islower() and (t[2] in VERB_FORMS or t[2].endswith("ed"))) for t in toks)


def _adverbial_only(text: str, start: int, end: int) -> bool:
    toks = [t for t in _tokens(text, start, end) if t[2] not in ".!?"]
    # a sentence-final word keeps its period in the token ("campaign."): match it without
    return all(_TIME.match(t[2]) or t[2].endswith(".") and _TIME.match(t[2][:-1]) for t in toks) and len(toks) <= 12


def extract_attributions(
    text: str,
    sentences: Sequence[tuple[int, int]] | None = None,
    *,
    settings: Mapping[str, Any],
) -> list[Attribution]:
    """Attributions of ``text`` in document order (see module docstring).

    ``settings`` is the ``[attribution]`` section of ``corroborate.config.settings()``
    (``min_quote_words``, ``max_source_words``, ``min_content_words``, ``cue_window_chars``,
    ``max_sentence_words``), built by the caller. A sentence of more than ``max_sentence_words``
    words gets no attribution (``claims.limits.notes`` names it in the story's notes).
    """
    min_quote_words = int(settings["min_quote_words"])
    max_sentence_words = int(settings["max_sentence_words"])
    max_source_words = int(settings["max_source_words"])
    min_content_words = int(settings["min_content_words"])
    window = int(settings["cue_window_chars"])
    if sentences is None:
        from ..clean.sentences import split_sentences

        sentences = [(s.start, s.end) for s in split_sentences(text)]
    quotes = _Quotes(
        [q for q in find_quotes(text) if len(_tokens(text, q[0], q[1])) - 2 >= min_quote_words]
    )
    found: list[Attribution] = []
    covered_quotes: set[int] = set()
    for s, e in sentences:
        if long_sentence(text[s:e], max_sentence_words):
            continue  # a hostile run-on: its cues would cost time in their count times the window
        for att, qids in _sentence(text, s, e, quotes, max_source_words, min_content_words, window):
            if any(qi in covered_quotes for qi in qids):
                continue
            covered_quotes.update(qids)
            found.append(att)
    found = _continue_quotes(text, found, quotes, covered_quotes, sentences)
    found = sorted(found + _colon_heads(text, found) + _post_signatures(text), key=lambda a: a.content.start)
    return _resolve(text, _drop_nested(found))


_COLON_HEAD = re.compile(
    r"^[ \t]*((?:[A-Z][\w’'.&-]*|of|de|van|von|the)(?:[ \t]+(?:[A-Z][\w’'.&-]*|of|de|van|von|the)){0,5})"
    r"[ \t]*:[ \t]+(?=\S)", re.M)
_NOT_HEAD = frozenset("""the latest breaking update updated watch video photos photo editor's note related read more
    correction clarification disclosure source sources credit caption transcript full text here there why how what
    this that it""".split())


# words of a page's section labels ("The Latest: ...", "Contributing: ...", "AP-GfK Poll: ..."); PolNeAR train:
# colon heads holding them were never annotated as sources
_NOT_HEAD_WORDS = frozenset("latest contributing revealed wow poll note update notice email byline daily".split())


# "Text of the post — Jane Roe (@janeroe) July 5, 2016": an embedded social-media post
_SIGNATURE = re.compile(
    r"\s[—–]{1,2}\s*([^\n—–<>]{1,80}?\(@\w{1,30}\))\s*(?:[A-Z][a-z]+\.?\s+\d{1,2},\s+\d{4})")


def _post_signatures(text: str) -> list[Attribution]:
    """Embedded posts signed "— Name (@handle) Month D, YYYY": the post text before the dash
    (back to the paragraph start or the end of a markup tag) is the content, the name the source."""
    out = []
    for m in _SIGNATURE.finditer(text):
        lo = max(text.rfind("\n", 0, m.start()), text.rfind(">", 0, m.start())) + 1
        body = text[lo : m.start()]
        body = re.sub(r"\s*(?:pic\.twitter\.com/\S+|https?://\S+)\s*$", "", body)
        content = _content(text, lo, lo + len(body))
        if content is None:
            continue
        out.append(Attribution(_span(text, m.start(1), m.end(1)), _span(text, m.start(), m.start(1)), content, "direct"))
    return out


def _colon_heads(text: str, found: list[Attribution]) -> list[Attribution]:
    """ "Elizabeth Warren: Donald Trump Is a ‘Proven Failure’" (headlines, transcripts): a short
    capitalised name at a paragraph start, a colon, and the rest of the paragraph as the content."""
    out = []
    taken = [(a.content.start, a.content.end) for a in found]
    for m in _COLON_HEAD.finditer(text):
        head = m.group(1)
        if head.lower() in _NOT_HEAD or head.lower().rstrip(".") in _NOT_HEAD or len(head) == 1:
            continue  # "Q: ..." / "A: ..." (interview turns) name no source
        if any(w.lower().strip("’'s") in _NOT_HEAD_WORDS for w in head.split()):
            continue
        start = m.end()
        if any(a <= start < b for a, b in taken):
            continue
        para_end = text.find("\n", start)
        para_end = len(text) if para_end == -1 else para_end
        end = para_end
        content = _content(text, start, end)
        if content is None or not any(w.isalpha() for w in content.text.split()[:3]):
            continue  # ("Hillary Clinton: 1,769.": a tally, no statement)
        kind = "direct" if content.text[:1] in _QMARKS or content.text[:2] in ("``", "''") else "indirect"
        colon = text.index(":", m.end(1))
        out.append(Attribution(_span(text, m.start(1), m.end(1)), Span(colon, colon + 1, ":"), content, kind))
    return out


def _drop_nested(found: list[Attribution]) -> list[Attribution]:
    """Drop attributions whose cue lies inside another one's content, unless the cue is a
    speech verb ("X said Y told him ..." keeps both; "X said they want ..." keeps one)."""
    spans = sorted((a.content.start, a.content.end) for a in found)
    out = []
    for a in found:
        k = bisect.bisect_right(spans, (a.cue.start, len(spans) + 1 << 40)) - 1
        inside = any(s <= a.cue.start < e for s, e in spans[max(0, k - 8) : k + 1]
                     if (s, e) != (a.content.start, a.content.end))
        if inside and a.kind != "according_to" and _lemma(a.cue.text) not in SPEECH_VERBS:
            continue
        out.append(a)
    return out


def _lemma(cue: str) -> str:
    """The verb of a cue's first word ("said" -> "say"), else that word."""
    w = cue.lower().split()[0] if cue.strip() else ""
    return VERB_FORMS.get(w, w)


def _sentence(text: str, s: int, e: int, quotes: _Quotes, max_src: int, min_content: int = 1, window: int = 600):
    """The attributions whose cue lies in the sentence ``text[s:e]``, with the quotes they cover."""
    last_end = s
    prev_src: Span | None = None  # the source of the sentence's last attribution (for "..., adding ...")
    outer = (0, 0)  # the content of that attribution
    for m in sorted([*iter_cues(text, s, e), *ACCORDING_RE.finditer(text, s, e)], key=lambda m: m.start()):
        if m.start() < last_end or quotes.inside(m.start()):
            continue
        if text.rfind("<", s, m.start()) > text.rfind(">", s, m.start()):
            continue  # inside a markup tag (<tweet author=...>)
        cue = Span(m.start(), m.end(), m.group())
        # each cue looks at most ``window`` characters either side, so a sentence costs O(its length)
        # however many cues it holds (a hostile run-on of 4,000 "said" stays linear)
        ws, we = max(s, cue.start - window), min(e, cue.end + window)
        got = _according(text, ws, we, cue, max_src) if ACCORDING_RE.fullmatch(m.group()) else None
        if got is None and not ACCORDING_RE.fullmatch(m.group()):
            got = _verb(text, ws, we, cue, m, quotes, max_src, prev_src, min_content)
        if got is None:
            continue
        att, qids = got
        if att.kind != "according_to" and not outer[0] <= att.cue.start < outer[1]:
            prev_src = att.source  # (a report nested in the last one's content is not who "and defended ..." follows)
            outer = (att.content.start, att.content.end)
        yield att, qids
        # a cue's content may hold further cues of its own (nested reports) only for reported speech
        last_end = cue.end if att.kind == "indirect" and att.content.start >= cue.end else max(att.content.end, cue.end)


def _named_after(text: str, cue_end: int, e: int, max_src: int) -> bool:
    """Whether an inverted cue ("..., said X") is followed by a named source and nothing else but
    an adverbial or an appositive: a capitalised name (or a description leading to one) with no verb."""
    alt = subject_after(text, cue_end, e, max_src, appositive=False)
    if alt is None:
        return False
    toks = _tokens(text, alt.start, alt.end)
    if any(t[2].lower() in _AUX or (t[2].islower() and t[2] in VERB_FORMS) for t in toks):
        return False
    caps = [t[2] for t in toks[:4] if t[2][0].isupper() and t[2] not in NOT_NAME and t[2] not in _WHEN]
    if not caps:
        return False
    rest = text[alt.end : e].lstrip()
    return not rest or rest[0] in ",.;" or _adverbial_only(text, alt.end, e)


def _title_case(text: str, s: int, e: int) -> bool:
    """Whether the sentence ``text[s:e]`` is a headline in title case ("Trump Says He Never Pledged
    To ..."): at least four words, nearly all of them capitalised."""
    words = [t[2] for t in _tokens(text, s, e) if t[2][0].isalpha()]
    return len(words) >= 4 and sum(w[0].isupper() for w in words) >= 0.85 * len(words)


def _according(text: str, s: int, e: int, cue: Span, max_src: int):
    """The "according to X" report of sentence ``text[s:e]`` whose cue is ``cue``, or None."""
    initial = len(_tokens(text, s, cue.start)) <= 1
    mid = _according_mid(text, s, e, cue, max_src) if not initial else None
    if mid is not None:
        return mid
    src = subject_after(text, cue.end, e, max_src + 4, appositive=not initial)
    if src is None:
        toks = _tokens(text, cue.end, e)
        stop = next((t for t in toks if t[2] in ",;.!?"), None)
        stop_at = stop[0] if stop is not None else (e if toks and toks[-1][2].endswith(".") else None)
        if stop_at is None or stop_at - cue.end > 160:
            return None  # (the sentence's last word keeps its period: "according to media reports Tuesday.")
        src = _src(text, cue.end, stop_at)
    src = _according_source(text, src, e)
    if initial:  # "According to X, content."
        comma = text.find(",", src.end, e)
        start = comma + 1 if comma != -1 else src.end
        content = _content(text, start, e)
    else:  # "content, according to X."
        content = _content(text, s, cue.start)
    if content is None:
        return None
    return Attribution(src, cue, content, "according_to"), ()


def _according_source(text: str, src: Span, e: int, max_tokens: int = 30) -> Span:
    """ "according to a lawsuit filed in Manhattan by Yulia V. Tymoshenko, ...": the source of
    "according to" runs to the next comma or the sentence end (PolNeAR keeps its participles and
    relative clauses), when that is near and holds no quotation."""
    m = re.compile(r"[,;:!?“”\"()—]|\.(?=\s|$)").search(text, src.end, e)
    end = m.start() if m else e
    while m and text[m.start()] == "." and _ABBR_DOT.search(text, src.start, m.end()):
        m = re.compile(r"[,;:!?“”\"()—]|\.(?=\s|$)").search(text, m.end(), e)
        end = m.start() if m else e
    if end <= src.end or len(_tokens(text, src.start, end)) > max_tokens:
        return src
    return _src(text, src.start, end)


def _according_mid(text: str, s: int, e: int, cue: Span, max_src: int):
    """ "A, according to X (, a description), B.": the content is the sentence around the cue."""
    if not text[s : cue.start].rstrip().endswith(","):
        return None
    src = subject_after(text, cue.end, e, max_src + 4, appositive=False)
    if src is None:
        return None
    rest = text[src.end : e]
    if not rest.startswith(","):
        return None
    end = src.end
    # an appositive between two commas belongs to the source: "Dennis Ross, another envoy, was ..."
    m = re.match(r",\s*(?:a|an|the|another|[a-z]+)\b[^,;.!?]*,", rest)
    if m and len(_tokens(text, src.end, src.end + m.end())) <= 12:
        end = src.end + m.end() - 1
    tail = _tokens(text, end + 1, e)
    if len(tail) < 2 or tail[0][2].lower() in _NOT_TAIL or len(_tokens(text, s, cue.start)) < 2:
        return None
    content = _content(text, s, e)
    if content is None:
        return None
    return Attribution(_src(text, src.start, end), cue, content, "according_to"), ()


def _verb(text: str, s: int, e: int, cue: Span, m: CueMatch, quotes: _Quotes, max_src: int,
          prev_src: Span | None = None, min_content: int = 1):
    """The report of sentence ``text[s:e]`` whose cue verb is ``m`` (direct, reported, raising,
    passive or "asked" question) with the quote indices it covers, or None. ``prev_src`` is the
    source of the sentence's previous report (the subject of "..., adding that ...")."""
    if m.group("part"):
        verb = PARTICLE_CUES[" ".join(m.group("part").lower().split())]
    else:
        verb = VERB_FORMS[m.group("verb").lower()]
    word = m.group().lower().split()[0]
    weak = (verb in WEAK_VERBS or word in WEAK_FORMS) and not m.group("part")
    it_ok = verb in SPEECH_VERBS or verb in ("show", "find")  # "it said" (a report, a group) but not "it seems"
    if m.group()[0].isupper() and text[s : m.start()].strip(" \"“'`"):
        if not _title_case(text, s, e) or verb not in SPEECH_VERBS:
            return None  # a capitalised cue inside a sentence is a name ("United States")
        # a headline: "Glenn Beck Says Trump, ‘Alt Right’ Pose A Threat To Democracy"
        src = subject_before(text, s, cue.start, max_src)
        content = _content(text, cue.end, e)
        if src is None or content is None or len(_tokens(text, content.start, content.end)) < 2:
            return None
        return Attribution(src, cue, content, "indirect"), ()
    prev = _tokens(text, max(s, cue.start - 40), cue.start)[-1:]
    if prev and word.endswith("ed") and (prev[0][2].lower() in ("the", "a", "an") or prev[0][2][0].isdigit() and re.match(
            r"\s*(?!(?:the|a|an|his|her|their|its|that|he|she|they|it|we)\b)[a-z]", text[cue.end : cue.end + 20])):
        return None  # "475 pledged delegates", "the stated goal": an adjective
    if word == "called" and prev and _naming(prev[0][2], text, cue.end, e):
        return None  # "a Facebook group called Occupy DNC Convention": a name given, not a report
    if word in _NOUN_FIRST and not re.match(r"\s*(?:that\b|:|[“\"])", text[cue.end : e]):
        return None  # "roughly two-dozen states open balloting ...": the plural noun, not the verb
    if word == "asked":
        got = _asked(text, s, e, cue)
        if got is not None:
            return got
    if verb in RAISING or word == "expected" and prev and prev[0][2].lower() in ("is", "are", "was", "were", "be", "been"):
        return _raising(text, s, e, cue, verb, max_src)
    # -- direct, attribution after the quote: “…,” X said / “…,” said X
    qi = quotes.ending_before(cue.start, s)
    if qi is None and s > 0:
        qi = quotes.ending_before(cue.start, max(0, s - 3))
    participle = word.endswith("ing") and text[s : cue.start].rstrip().endswith(",")
    if qi is not None:
        qs, qe = quotes.q[qi]
        between = text[qe : cue.start]
        if participle and between.strip(" ,"):
            qi = None  # "“…,” she said, adding that ...": the quote has its cue; the participle reports more
        elif len(between) >= 250 or _breaks(between, "!?;\n"):
            qi = None
        else:
            src = subject_before(text, qe, cue.start, max_src, it_ok) if between.strip(" ,") else None
            if src is None and between.strip(" ,"):
                qi = None  # a quote inside the subject ("co-author of “Going Viral,” about ..., said")
            elif src is not None and text[qe : src.start].strip(" ,"):
                qi = None  # "“…” He grows angry every time ..., he says": the quote is not his
            elif src is not None and qe <= s + 1 and not _adverbial_only(text, cue.end, e) and not (
                    verb == "tell" and _addressee_only(text, cue.end, e)):
                qi = None  # "“… identity.” Cruz says he isn’t familiar with ...": the quote closed the sentence before
            elif src is not None and qs > s and _adverbial_lead(text, s, qs):
                qi = None  # "Speaking Sunday on ABC’s “This Week,” Carson admitted ...": a title in an adverbial
    if qi is not None:
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
        lead = _tokens(text, s, qs)
        if (len(lead) >= 3 and qs > s and not _breaks(text[s:qs], "“”\"!?;\n", dot_end=False)
                and text[qs - 1] not in ":" and not quotes.inside(s)):
            # a partial quote: "... in doing so he “made a strategic mistake,” Lichtman said" is
            # reported speech holding a quoted fragment; the outlet's words are no quote
            return Attribution(src, cue, _span(text, s, end), "indirect"), tuple(qids)
        return Attribution(src, cue, _span(text, qs, end), "direct"), tuple(qids)
    # -- direct, attribution before the quote: X said: “…”
    tq = quotes.starting_after(cue.end, e + 1)
    if tq is not None:
        gap = text[cue.end : quotes.q[tq][0]]
        if (len(gap) < 80 and re.search(r"[,:]\s*$", gap) and not _breaks(gap, "!?;", dot_end=True)
                and next(iter_cues(text, cue.end, quotes.q[tq][0]), None) is None):
            # (a cue in the gap introduces the quote itself: "X said A but added, “B”")
            src = subject_before(text, s, cue.start, max_src, it_ok)
            if src is None and word.endswith("ing"):
                src = prev_src if participle and prev_src is not None else _first_subject(text, s, cue.start)
            elif src is None and _COORDINATED.search(text[s : cue.start]):
                src = prev_src or _first_subject(text, s, cue.start)  # "X said A but added, “B”"
            if src is not None or not weak:
                qs, qe = quotes.q[tq]
                start = qs
                if (verb in _CLAUSE_VERBS and src is not None and src.start < cue.start
                        and text[s : src.start].rstrip().endswith(",") and len(_tokens(text, s, src.start)) >= 4
                        and not quotes.inside(s) and not _lead_clause(text, s, src.start)):
                    start = s  # "The club's investment, Ms. Tanzer said, “is a perfect example”"
                intro = _skip_intro(text, cue.end, qs, verb)
                if (start == qs and text[cue.end : intro].rstrip().endswith("that")
                        and len(_tokens(text, intro, qs)) >= 3):
                    # "Mr. Trump told Mr. Comey that he had reservations about Mr. Flynn: “The guy ...”"
                    return Attribution(src, cue, _span(text, intro, qe), "indirect"), (tq,)
                return Attribution(src, cue, _span(text, start, qe), "direct"), (tq,)
    # -- reported speech ("X, saying ...": the subject is the main clause's, not the clause before the comma)
    src = None if participle else subject_before(text, s, cue.start, max_src, it_ok)
    if src is None and _COORDINATED.search(text[s : cue.start]):
        src = prev_src or _first_subject(text, s, cue.start)  # "X criticized Y and said ..."
        if src is not None and src is not prev_src and _RELATIVE_VERB.search(text, src.end, cue.start):
            src = None  # "The suit prompted Trump to send a tweet that called ... and promised ...": its verb
    if (src is None and verb in SPEECH_VERBS and re.search(r"\sto\s+$", text[s : cue.start])
            and text.startswith("that", _skip_intro(text, cue.end, e, verb) - 4)):
        src = _first_subject(text, s, cue.start)  # "He went out of his way to say that ..."
    if src is None and not participle:
        cat = _CATENATIVE.search(text, max(s, cue.start - 40), cue.start)
        if cat is not None:  # "Trump continued to question Cruz's temperament"
            src = subject_before(text, s, cat.start(), max_src, it_ok)
    if src is not None and not participle and text[s : cue.start].rstrip().endswith(",") and _named_after(
            text, cue.end, e, max_src):
        src = None  # "..., at both levels, said lobbyist Charlie Black": inverted, not an appositive subject
    if src is not None and word in NOUN_LIKE and _noun_use(text, src, cue, e):
        return None
    if src is not None and verb in _PASSIVE_VERBS:
        got = _passive(text, e, cue, src, word, max_src, min_content)
        if got is not None:
            return got
        if src.text.lower() in ("who", "which", "that") and _be_between(text, src, cue) and word.endswith("ed"):
            return None  # "Pompeo's trip, which was first reported by The Washington Post, came to light ..."
    after_comma = text[s : cue.start].rstrip().endswith(",")
    by_ing = word.endswith("ing") and re.search(r"\s(?:by|while|including)\s+$", text[s : cue.start]) is not None
    if src is None and word.endswith("ing") and (after_comma or by_ing):
        src = prev_src or _first_subject(text, s, cue.start)
        if src is not None:
            start = _skip_intro(text, cue.end, e, verb)
            content = _content(text, start, _clause_end(text, start, e))
            if content is None or weak and "that" not in text[cue.end : content.start]:
                return None
            return Attribution(src, cue, content, "indirect"), ()
        return None
    # parenthetical: "A, X said, B." / "A, said X, B."
    if verb in _CLAUSE_VERBS and not word.endswith("ing") and not weak:
        got = _parenthetical(text, s, e, cue, src, max_src)
        if got is not None:
            return got
    # inverted: "…, X said (on Tuesday)." / "…, said X."
    lead_end = src.start if src is not None else cue.start
    own = _own_end(text, cue.end, e) if _comma_end(text[s:lead_end]) and not _adverbial_only(
        text, s, lead_end) else e  # ("But, he explained, prosecuting journalists ...": no head to report)
    if own < e and any(t[2][0].isupper() for t in _tokens(text, cue.end, own)[:1]):
        own = e  # "Early in his campaign, Trump attacked Romney, calling him ...": an object, no adverbial
    if _adverbial_only(text, cue.end, own) or (verb == "tell" and _addressee_only(text, cue.end, own)) or (
            src is None and _comma_end(text[s : cue.start])):
        if src is None:
            src = subject_after(text, cue.end, e, max_src)
            if src is None:
                return None
            head_end = cue.start
        else:
            head_end = src.start
        head = text[s:head_end].rstrip()
        if not _comma_end(head):
            return None
        if word.endswith("ing") or _adverbial_only(text, s, s + len(head)):
            return None  # "Then, last week, Eric Trump called.": no content before the cue
        content = _content(text, s, len(head) + s - 1 if head.endswith((",", "—")) else s + len(head))
        if content is None:
            return None
        content = _content(text, content.start + (1 if text[content.start] in "\"“" and text.count("”", content.start, content.end) == 0 and text.count('"', content.start, content.end) == 1 else 0), content.end) or content
        return Attribution(src, cue, content, "indirect"), ()
    if src is None:
        return None
    start = _skip_intro(text, cue.end, e, verb)
    if _adverbial_only(text, start, e):
        return None
    rel = _tokens(text, max(s, src.start - 12), src.start)[-1:]
    if rel and rel[0][2].lower() in ("which", "who") and src.text.lower() not in ("which", "who"):
        # "..., which critics say was the best speech": the content starts at the relative pronoun
        content = _content(text, rel[0][0], _clause_end(text, start, e))
        if content is not None:
            return Attribution(src, cue, content, "indirect"), ()
    if weak and not (text[cue.end:start].rstrip().endswith("that") or word.endswith(("ed", "s")) and verb in ("note", "add", "state")):
        return None
    content = _content(text, start, _object_end(text, start, _clause_end(text, start, e), verb), min_content)
    if content is None or (verb in _CLAUSE_VERBS and _prep_phrase_only(text, content)):
        return None
    first = content.text.split(None, 1)[0].lower()
    if verb in _TO_VERBS and first != "to":
        return None  # "he refused, which ...": no content
    if src.text.lower() in ("i", "we", "you") and quotes.inside(src.start):
        return None
    return Attribution(src, cue, content, "indirect"), ()


_ASKED_LEAD = re.compile(
    r"(?:^|\b(?:when|after|while|if|once|and|but)\s+(?:being\s+|was\s+|he\s+was\s+|she\s+was\s+)?)$", re.IGNORECASE)
_ASKED_BY = re.compile(r"\s+by\s+([^,;:.!?]{2,80}?)(?=\s+(?:whether|if|about|which|what|why|how|who|when|where|to)\b)")
_ASKED_WH = re.compile(
    r"\s*(?:(?:on|at|in|during)\s+[^,;]{1,40}?\s+)?(?=(?:whether|if|about|which|what|why|how|who|when|where|to)\b)")


def _asked(text: str, s: int, e: int, cue: Span):
    """ "(When) asked (by X) whether/about ..., Y said ...": the question is the content, its
    asker ("by X") the source (none when not named)."""
    if not _ASKED_LEAD.search(text[s : cue.start].lstrip(" \"“")):
        return None
    pos = cue.end
    src = None
    by = _ASKED_BY.match(text, pos, e)
    if by:
        src = _span(text, by.start(1), by.end(1))
        pos = by.end()
    wh = _ASKED_WH.match(text, pos, e)
    if not wh:
        return None
    comma = text.find(",", wh.end(), e)
    content = _content(text, wh.end(), comma if comma != -1 else e)
    if content is None:
        return None
    return Attribution(src, cue, content, "indirect"), ()


def _raising(text: str, s: int, e: int, cue: Span, verb: str, max_src: int):
    """ "X seemed to ..." / "X is expected to ..." / "It appears that ...": no source; the
    content is the subject with its complement (the cue between them)."""
    nxt = _tokens(text, cue.end, min(e, cue.end + 40))[:1]
    if not nxt or not nxt[0][2][0].isalpha():
        return None
    if (verb != "seem") and nxt[0][2].lower() not in ("to", "that", "as", "like"):
        return None
    lo = cue.start
    toks = _tokens(text, s, cue.start)
    while toks and toks[-1][2].lower() in ("is", "are", "was", "were", "be", "been", "also", "now", "still", "would",
                                           "will", "may", "might", "could", "did", "does", "do", "not", "n't"):
        lo = toks.pop()[0]
    subj = subject_before(text, s, lo, max_src, allow_it=True)
    if subj is None or subj.text.lower() in ("who", "which", "that"):
        return None
    if subj.text.lower() == "it":  # "It seems (that) ..."
        start = _skip_intro(text, cue.end, e, verb)
    else:
        start = subj.start
    content = _content(text, start, _clause_end(text, cue.end, e))
    if content is None or len(_tokens(text, content.start, content.end)) < 3:
        return None
    return Attribution(None, cue, content, "indirect"), ()


# plural people nouns that make a source on their own ("..., said officials familiar with ...")
_PEOPLE = frozenset("""officials aides experts analysts sources people critics supporters advisers advisors residents
    voters others many some several both democrats republicans strategists lawmakers economists observers""".split())
# verbs whose content is a clause, the ones that can sit inside it ("A, she said, B")
_CLAUSE_VERBS = frozenset("""say tell add note claim argue write insist explain warn suggest believe think predict
    acknowledge admit contend assert recall report reply respond conclude declare estimate stress emphasize""".split())
_BE = frozenset("is are was were been being be".split())
_PARTICIPLES = frozenset("told shown seen known found written said heard".split())
# verbs whose passive ("Sanders was asked about ...", "X has been criticized for ...") makes
# the subject part of the content and the agent ("by X"), if any, the source
_PASSIVE_VERBS = SPEECH_VERBS | frozenset("""criticize praise ask quote call view see consider charge blame attack
    question endorse condemn dismiss reject label brand portray characterize deride mock slam blast""".split())


_RELATIVE_VERB = re.compile(r"\b(?:that|which|who)\s+(?:[a-z]+ly\s+)?[a-z]+(?:ed|s)\b")


def _be_between(text: str, subj: Span, cue: Span) -> bool:
    """Whether only a form of "be" (with auxiliaries and adverbs) stands between a subject and its
    participle cue ("was asked", "has long been considered"), not a clause ("was quick to embrace
    the mogul ... and said")."""
    between = [t[2].lower() for t in _tokens(text, subj.end, cue.start)]
    return any(w in _BE for w in between) and all(
        w in _BE or w in PRE_VERB or w in _NEG_AUX or w in _AUX or w == "," or w.endswith("ly") for w in between)


def _passive(text: str, e: int, cue: Span, subj: Span, word: str, max_src: int, min_content: int):
    """ "Sanders was asked (by X) about ...": source = the agent after "by" (or none), content = the
    subject through the end of the clause."""
    if not _be_between(text, subj, cue) or not (word.endswith("ed") or word in _PARTICIPLES):
        return None
    if subj.text.lower() in ("who", "which", "that"):
        return None
    agent = None
    by = re.match(r"\s+by\s+", text[cue.end : e])
    if by:
        agent = subject_after(text, cue.end + by.end(), e, max_src, appositive=False)
    content = _content(text, subj.start, _clause_end(text, cue.end, e), min_content)
    if content is None:
        return None
    return Attribution(agent, cue, content, "indirect"), ()


_NOT_TAIL = frozenset("which who whom whose and but or so then as while".split())
_TO_VERBS = frozenset("decline refuse".split())  # their content is an infinitive ("declined to comment")


def _parenthetical(text: str, s: int, e: int, cue: Span, src: Span | None, max_src: int):
    """ "A, X said, B." / "A, said X, B.": the report wraps around its cue; the content runs
    from the sentence start to its end (A and B with the few words of the cue between)."""
    if src is None:
        src = subject_after(text, cue.end, e, max_src, appositive=False)
        if src is None:
            return None
        head_end, tail_start = cue.start, src.end
    else:
        head_end, tail_start = src.start, cue.end
    if not text[s:head_end].rstrip().endswith(","):
        return None
    comma = text.find(",", tail_start, e)
    if comma == -1 or not _adverbial_only(text, tail_start, comma):
        return None
    tail = _tokens(text, comma + 1, e)
    if not any(t[2].lower() in _AUX or t[2].lower() in _BE or t[2] in VERB_FORMS or t[2].islower() and t[2].endswith("ed")
               for t in tail[:15]):
        return None  # "..., said Charlie Black, Manafort's former business partner.": an appositive, no clause
    if len(_tokens(text, s, head_end)) >= 3 and len(tail) >= 3 and tail[0][2] in ("and", "but"):
        # "A, Hennessey said, and with Clinton’s term over ...": the report is A; the rest is the outlet's
        content = _content(text, s, head_end)
        return (Attribution(src, cue, content, "indirect"), ()) if content is not None else None
    if (len(_tokens(text, s, head_end)) < 3 or len(tail) < 3 or tail[0][2].lower() in _NOT_TAIL
            or tail[0][2] in _PREP or tail[0][2] == "with"):
        return None
    content = _content(text, s, e)
    if content is None:
        return None
    return Attribution(src, cue, content, "indirect"), ()


def _noun_use(text: str, src: Span, cue: Span, e: int) -> bool:
    """Whether a cue word that is also a noun is used as one: its "subject" holds a past-tense
    verb ("Christie unleashed withering attacks") or what follows is what follows nouns
    ("attacks on", "states and", "shows to tout")."""
    toks = _tokens(text, src.start, src.end)
    if any(t[2].islower() and t[2].endswith("ed") and (k + 1 == len(toks) or toks[k + 1][2] != "by")
           for k, t in enumerate(toks)):
        return True
    if toks and toks[-1][2].lower() in _NOUN_ADJ:
        return True  # "the first official claim that ...", "a significant challenge"
    nxt = _tokens(text, cue.end, min(e, cue.end + 30))[:1]
    # ("..., report says": a cue verb right after it makes it the subject noun)
    return not nxt or nxt[0][2].lower() in _AFTER_NOUN or nxt[0][2].lower() in VERB_FORMS
    

def _naming(before: str, text: str, cue_end: int, e: int) -> bool:
    """Whether "called" after the word ``before`` names something ("a new group called Black Votes
    Matter", "called off a deal"): the word before is a common noun (lower case, no pronoun, auxiliary
    or adverb) and a capitalised name follows, or the particle "off" does."""
    nxt = _tokens(text, cue_end, min(e, cue_end + 30))[:1]
    if not nxt:
        return False
    if nxt[0][2].lower() == "off":
        return True
    low = before.lower()
    return (before.isalpha() and before.islower() and low not in PRONOUNS and low not in _AUX and low not in PRE_VERB
            and low not in CLAUSE_WORDS and not low.endswith("ly") and low not in ("who", "which", "also", "and", "but")
            and (nxt[0][2][0].isupper() or nxt[0][2] in _QMARKS))


# forms far more often nouns than cues (PolNeAR train: "states" precision 0.28 without this rule):
# a cue only right before "that", a colon or a quote ("the document states: ...")
_NOUN_FIRST = frozenset({"states"})
_NOUN_ADJ = frozenset("official first new latest public formal significant major big serious similar".split())
_AFTER_NOUN = frozenset(""", . ; : ) ( — – - in on against of from at by with about and or is are was were has have had
will would""".split())


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
    corporation inc media tv radio magazine service""".split()
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
    # for "he"/"she": the last mention at or before each one whose gender fits (a table, not a walk back)
    fits: dict[str, list[int]] = {"m": [], "f": []}
    for want, table in fits.items():
        last = -1
        for k, (_p, name, _g) in enumerate(mentions):
            if gender.get(name.split()[-1]) in (None, want):
                last = k
            table.append(last)
    out = []
    for a in found:
        speaker = None
        if a.source is not None:
            w = a.source.text.lower()
            if w in ("he", "she"):
                want = "m" if w == "he" else "f"
                i = bisect.bisect_right(pos, a.source.start) - 1
                i = fits[want][i] if i >= 0 else -1
                if i >= 0:
                    speaker = full.get(mentions[i][1].split()[-1], mentions[i][1])
            elif w in ("who", "which"):
                i = bisect.bisect_right(pos, a.source.start) - 1
                if i >= 0 and a.source.start - pos[i] < 80:
                    speaker = full.get(mentions[i][1].split()[-1], mentions[i][1])
            elif w not in PRONOUNS:
                lo, hi = bisect.bisect_left(pos, a.source.start), bisect.bisect_left(pos, a.source.end)
                name = _source_name(a.source, [(p, n) for p, n, _ in mentions[lo:hi]])
                speaker = full.get(name.split()[-1], name) if name else a.source.text
        out.append(Attribution(a.source, a.cue, a.content, a.kind, speaker))
    return out


def _source_name(source: Span, names: list[tuple[int, str]]) -> str | None:
    """The person a source names: in "Jane Roe, a spokeswoman for the agency" the head before the
    comma; in "Rubio's deputy campaign manager, Rich Beeson, who ..." the first name after it; in a
    plain phrase ("Senate Majority Leader Mitch McConnell") its last name."""
    if not names:
        return None
    comma = source.text.find(",")
    if comma == -1:
        return names[-1][1]
    head_end = source.start + comma
    head = [n for p, n in names if p < head_end]
    words = [w for w in source.text[:comma].split() if w.lower().rstrip(".") not in TITLES]
    if head and words and all(w[:1].isupper() and not w.endswith(("’s", "'s")) for w in words):
        return head[-1]
    rest = [n for p, n in names if p >= head_end]
    return rest[0] if rest else names[-1][1]
