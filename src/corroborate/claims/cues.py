"""Attribution cue lexicon: reporting verbs (all inflections), cue nouns and
source-side word lists. Pure data plus the cue finder ``iter_cues``; no state.

The verb list was drawn from the cue words of PolNeAR train (first
annotator): speech ("say", "tell", "write"), stance ("argue", "insist",
"warn"), cognition/intent ("believe", "think", "hope"), evidence ("show",
"find"), evaluation ("praise", "denounce", "tout") and intent verbs
("decline", "refuse", "vow") are all annotated there as attribution cues.
Each verb was kept when the attributions it produced on train matched a gold
one at least about half the time; verbs below that ("back", "name", "address",
"email", "maintain", "welcome", "support", "vote" ...) were left out.
"""

from __future__ import annotations

import re

# verbs whose complement is the content ("X said (that) ...", "..., X said", "X denounced Y")
_SPEECH = """say tell add note claim argue write announce report warn insist explain state declare acknowledge admit
suggest tweet reply respond continue recall conclude predict promise pledge vow reveal confirm deny ask urge
assert contend complain observe stress emphasize mention testify boast joke quip concede agree estimate
caution allege charge counter post answer reiterate repeat assure concur echo retort speculate indicate
proclaim demand lament muse recount describe believe think hope fear worry know expect wonder show find accuse
criticize endorse call want praise blame attack defend oppose reject dismiss propose plan seek question thank
condemn slam blast deride mock threaten challenge express signal hint imply recognize realize learn notice
remember doubt assume suspect forecast disclose confess plead swear affirm reaffirm relay remind convince
persuade retweet shout chant scream exclaim interject summarize decide determine consider regard view see
portray characterize label dub brand frame liken compare denounce decry tout hail applaud champion advocate
favor prefer embrace highlight cite reference invoke discuss dispute refute rebut debunk disavow lambaste
assail rebuke chide scold berate belittle disparage knock bemoan regret credit congratulate apologize promote
unveil outline detail list identify order instruct decline refuse intend aim offer comment
seem appear underscore laud posit talk voice encourage downplay""".split()

# irregular forms: base -> (3sg, past, participle, gerund)
_IRREGULAR = {
    "say": ("says", "said", "said", "saying"),
    "tell": ("tells", "told", "told", "telling"),
    "write": ("writes", "wrote", "written", "writing"),
    "think": ("thinks", "thought", "thought", "thinking"),
    "know": ("knows", "knew", "known", "knowing"),
    "feel": ("feels", "felt", "felt", "feeling"),
    "find": ("finds", "found", "found", "finding"),
    "show": ("shows", "showed", "shown", "showing"),
    "repeat": ("repeats", "repeated", "repeated", "repeating"),
    "seek": ("seeks", "sought", "sought", "seeking"),
    "plan": ("plans", "planned", "planned", "planning"),
    "question": ("questions", "questioned", "questioned", "questioning"),
    "see": ("sees", "saw", "seen", "seeing"),
    "swear": ("swears", "swore", "sworn", "swearing"),
    "refer": ("refers", "referred", "referred", "referring"),
    "rebut": ("rebuts", "rebutted", "rebutted", "rebutting"),
    "speak": ("speaks", "spoke", "spoken", "speaking"),
    "label": ("labels", "labeled", "labeled", "labeling"),
    "forecast": ("forecasts", "forecast", "forecast", "forecasting"),
    "retweet": ("retweets", "retweeted", "retweeted", "retweeting"),
    "offer": ("offers", "offered", "offered", "offering"),
    "credit": ("credits", "credited", "credited", "crediting"),
    "dub": ("dubs", "dubbed", "dubbed", "dubbing"),
    "knock": ("knocks", "knocked", "knocked", "knocking"),
}

# particle verbs: the cue takes the particle and the content follows it ("called for an
# inquiry", "referring to the wall"); drawn from the multi-word cues of PolNeAR train
_PARTICLE = """call:for call:on point:out point:to refer:to allude:to rail:against lash:out talk:about speak:about
speak:of speak:out comment:on weigh:in push:for argue:for argue:against advocate:for ask:about warn:against
warn:of complain:about boast:about joke:about write:about hint:at""".split()


def _forms(verb: str) -> list[str]:
    if verb in _IRREGULAR:
        return [verb, *_IRREGULAR[verb]]
    if verb.endswith("e"):
        past, ger = verb + "d", verb[:-1] + "ing"
    elif verb.endswith("y") and verb[-2] not in "aeiou":
        past, ger = verb[:-1] + "ied", verb + "ing"
    elif re.fullmatch(r"[^aeiou]*[aeiou][bdgmnpt]", verb) or verb in ("admit", "regret", "commit"):
        past, ger = verb + verb[-1] + "ed", verb + verb[-1] + "ing"
    else:
        past, ger = verb + "ed", verb + "ing"
    if verb.endswith(("s", "sh", "ch", "x", "z")):
        third = verb + "es"
    elif verb.endswith("y") and verb[-2] not in "aeiou":
        third = verb[:-1] + "ies"
    else:
        third = verb + "s"
    return [verb, third, past, ger]


VERB_FORMS: dict[str, str] = {}
for _v in _SPEECH:
    for _f in _forms(_v):
        VERB_FORMS.setdefault(_f, _v)

# verbs of speech proper: only these start a report nested in another report's content
# ("X said Y told him ..."); attitude and action verbs there ("X said they want ...") are
# rarely annotated (PolNeAR train: nested cues 0.36 precision, "say" 0.64, "want" 0.15)
SPEECH_VERBS = frozenset("""say tell add note claim argue write announce report warn insist explain declare acknowledge
admit suggest tweet reply respond recall conclude reveal confirm deny assert contend complain testify concede allege
reiterate retort proclaim describe accuse cite predict promise vow urge""".split())

# raising verbs: no source; the content is their subject with its complement ("Cuban seemed
# to rely on ...", "The House is expected to pass ...")
RAISING = frozenset({"seem", "appear"})

# verbs that take an addressee before the content ("told reporters that ...")
OBJECT_VERBS = frozenset({"tell", "ask", "urge", "assure", "warn", "remind", "inform"})
# verbs that on their own (no "that", no quote) are too weak to be a cue. PolNeAR train, precision of
# the attributions each verb adds when allowed without "that": "continue" 0.18, "state" 0.21, "echo"
# 0.29, "charge" 0.35, "add" 0.43, "answer" 0.47, "know" 0.50 (its sources 0.24) stay weak; so do
# "report" (0.47) and "expect" (0.71), which split "The Post reports X" / "Trump expects X" from the
# same fact told plainly (claim-pair cluster recall 0.444 -> 0.437, NewsWCL50 brief coverage 0.678 ->
# 0.667); "post" 0.53, "note" 0.71, "indicate" 0.78, "repeat" 0.82, "wonder" 0.89 were taken out.
WEAK_VERBS = frozenset({"know", "feel", "expect", "guess", "continue", "answer", "charge", "counter", "echo",
                        "report", "state", "add", "plan", "vote", "support"})
# single forms that, unlike the rest of their verb, are cues only with "that" or a quote (PolNeAR
# train precision below 0.35 otherwise: "find" 0.13, "states" 0.31, "call" 0.31, "thanks" 0.0)
WEAK_FORMS = frozenset("find call learn states thanks mentions recall shouting".split())
# forms that are also common nouns ("attacks on", "the other states"): as cues they need a
# subject without a past-tense verb of its own and a next word that does not follow nouns
NOUN_LIKE = frozenset("""states state promise promises answers answer post posts report reports claim claims tweet
tweets charge charges counter fear fears hope hopes show shows plans plan support call calls attack attacks
vote votes questions question blast slam challenge challenges thanks pledge pledges offer offers list lists
detail details credit credits order orders comment comments label labels outline outlines view views doubt doubts
signal signals hint hints demand demands highlight highlights reference references favor favors aim aims brand
brands frame frames worry worries knock knocks mock echo echoes reply replies estimate estimates""".split())

# particle cue (lower case, single spaces) -> its verb
PARTICLE_CUES: dict[str, str] = {}
for _pair in _PARTICLE:
    _v, _p = _pair.split(":")
    for _f in _forms(_v):
        PARTICLE_CUES[f"{_f} {_p}"] = _v


_WORD = re.compile(r"(?<![\w’'-])[A-Za-z]+(?![\w’'-])")
_NEXT_WORD = re.compile(r"\s+([A-Za-z]+)(?![\w’'-])")
_PARTICLE_HEADS = frozenset(p.split()[0] for p in PARTICLE_CUES)


class CueMatch:
    """One cue found by ``iter_cues``: the subset of ``re.Match`` the extractor uses
    (``start()``, ``end()``, ``group()``, ``group("part")``, ``group("verb")``)."""

    __slots__ = ("_text", "_start", "_end", "_part")

    def __init__(self, text: str, start: int, end: int, part: bool) -> None:
        self._text, self._start, self._end, self._part = text, start, end, part

    def start(self) -> int:
        return self._start

    def end(self) -> int:
        return self._end

    def group(self, name: int | str = 0) -> str | None:
        whole = self._text[self._start : self._end]
        if name == "part":
            return whole if self._part else None
        if name == "verb":
            return None if self._part else whole
        return whole


def iter_cues(text: str, start: int = 0, end: int | None = None):
    """The cues in ``text[start:end]``, in order: each word that is a form of a cue verb, or a
    particle cue ("called for") when the word and the next one make one (preferred, so the
    particle verb wins over the bare verb). Word boundaries exclude hyphens and apostrophes
    ("re-tweet", "say's" are no cues). A dictionary look-up per word, no big regex."""
    end = len(text) if end is None else end
    for m in _WORD.finditer(text, start, end):
        w = m.group().lower()
        if w in _PARTICLE_HEADS:
            nxt = _NEXT_WORD.match(text, m.end(), end)
            if nxt and f"{w} {nxt.group(1).lower()}" in PARTICLE_CUES:
                yield CueMatch(text, m.start(), nxt.end(), True)
                continue
        if w in VERB_FORMS:
            yield CueMatch(text, m.start(), m.end(), False)


# ("citing" is no "according to": PolNeAR train annotates "X said ..., citing Y" as a verb cue of X's
# with Y the content; read as a verb: content matches +18, with-source +21)
ACCORDING_RE = re.compile(r"(?<![\w-])(?:according\s+to|as\s+(?:reported|quoted)\s+by)(?![\w-])", re.IGNORECASE)

# words that cannot end a subject noun phrase (the source)
NOT_SOURCE_END = frozenset(
    """a an the of to in on at for from with by about as and or but that this these those which what
    whom whose is are was were be been being has have had do does did not no never if than then
    very so too just also""".split()
)
PRONOUNS = {
    "he": "m", "she": "f", "they": None, "i": None, "we": None, "it": None, "you": None,
    "who": None, "which": None, "that": None,
}
# determiners that make the following cue word a noun ("her remarks", "their claims")
POSSESSIVES = frozenset("his her their its our my your whose".split())
# auxiliaries / adverbs that sit between a subject and its verb
PRE_VERB = frozenset(
    """has have had also later previously then recently further repeatedly once often frequently publicly
    privately again reportedly already subsequently initially first simply even just still never always
    will would could might may can must should did does do not n't has also long earlier quickly
    ultimately immediately flatly widely openly falsely correctly rightly famously is are was were ever
    been be being""".split()
)
# words that open a subordinate clause: a source never spans across them
CLAUSE_WORDS = frozenset(
    """that but because while when where although though if since after before so as and whether
    until unless than once""".split()
)
TITLES = frozenset(
    """mr mrs ms miss dr sen rep gov gen president senator sen. rep. gov. secretary minister governor
    congressman congresswoman chairman chairwoman judge speaker candidate spokesman spokeswoman
    spokesperson adviser advisor aide director leader chief ambassador attorney prime""".split()
)
MALE_TITLES = frozenset({"mr", "mr.", "congressman", "chairman", "spokesman", "king", "sir", "father", "husband"})
FEMALE_TITLES = frozenset({"mrs", "mrs.", "ms", "ms.", "miss", "congresswoman", "chairwoman", "spokeswoman",
                           "queen", "lady", "mother", "wife"})
# capitalised words that are never (part of) a person's name
NOT_NAME = frozenset(
    """The A An This That These Those It He She They We I You His Her Its Their Our My In On At For From
    With By To Of As After Before When While If But And Or So Yet Monday Tuesday Wednesday Thursday Friday
    Saturday Sunday January February March April May June July August September October November December
    According Asked However Meanwhile Still Instead Also Then Now Today Yesterday Last Next Earlier Later
    What Who Why How Where Which Such Other Another Some Many Most Several All Both Each Every No Not One
    Two Three There Here Despite During Under Over Although Though Because Since Until Once Unlike Like
    Without Within Against Among Between Amid Through Across Near Following Including""".split()
)
# abbreviations whose period does not end a sentence ("Mr. Gidley said", "Sen. Cruz")
ABBREVIATIONS = frozenset(
    """mr mrs ms messrs dr prof sen sens rep reps gov gen lt col maj capt cmdr adm sgt cpl st mt ft rev hon
    pres supt det atty amb jr sr inc ltd corp co bros llc jan feb mar apr jun jul aug sep sept oct nov dec
    no vs""".split()
)
