"""Name tokens: transliteration-folded keys, token similarity, and the cue-word lists
(titles, organisation and place cues) that entity detection reads.

``name_key("Zelenskyy") == name_key("Zelenski")`` and ``name_key("Kiev") ==
name_key("Kyiv")``: a general spelling/transliteration fold (any script to ASCII via
``anyascii``; y->i, ie->i, w->v, ph->f, x->ks, hard c/q->k, ck->k, doubled letters
collapsed, -ij ending -> -i). What the fold does not reach (Andrius / Andrii) is left
to ``similar`` (Jaro-Winkler on keys), which callers constrain by context.
"""

from __future__ import annotations

import re
from functools import lru_cache

from ..features.text import fold

try:  # anyascii: transliteration tables inside the wheel (ISC licence), no download
    from anyascii import anyascii as _to_ascii
except ImportError:  # pragma: no cover - declared dependency
    def _to_ascii(s: str) -> str:
        return s

_NON_LETTER = re.compile(r"[^a-z]")
_HARD_C = re.compile(r"c(?![hiey])")
_DOUBLE = re.compile(r"(.)\1+")


@lru_cache(maxsize=100_000)
def name_key(token: str) -> str:
    """Spelling- and transliteration-insensitive key of one name token."""
    s = _NON_LETTER.sub("", fold(_to_ascii(token)))
    if not s:
        return ""
    s = s.replace("ph", "f").replace("ck", "k").replace("x", "ks").replace("q", "k").replace("w", "v")
    s = _HARD_C.sub("k", s)
    s = s.replace("y", "i").replace("ie", "i")
    s = _DOUBLE.sub(r"\1", s)
    if s.endswith("ij"):
        s = s[:-1]
    return s


def jaro_winkler(a: str, b: str, prefix_scale: float = 0.1) -> float:
    """Jaro-Winkler similarity of two strings (1.0 = equal)."""
    if a == b:
        return 1.0
    la, lb = len(a), len(b)
    if not la or not lb:
        return 0.0
    window = max(la, lb) // 2 - 1
    matched_b = [False] * lb
    a_hits = []
    for i, ch in enumerate(a):
        lo, hi = max(0, i - window), min(lb, i + window + 1)
        for j in range(lo, hi):
            if not matched_b[j] and b[j] == ch:
                matched_b[j] = True
                a_hits.append(ch)
                break
    m = len(a_hits)
    if not m:
        return 0.0
    b_hits = [b[j] for j in range(lb) if matched_b[j]]
    transpositions = sum(x != y for x, y in zip(a_hits, b_hits)) / 2
    jaro = (m / la + m / lb + (m - transpositions) / m) / 3
    prefix = 0
    for x, y in zip(a[:4], b[:4]):
        if x != y:
            break
        prefix += 1
    return jaro + prefix * prefix_scale * (1 - jaro)


def similar(a: str, b: str, threshold: float, min_len: int = 4) -> bool:
    """Two name tokens spelled alike: equal keys, or same initial and JW(keys) >= threshold."""
    ka, kb = name_key(a), name_key(b)
    if not ka or not kb:
        return False
    if ka == kb:
        return True
    if ka[0] != kb[0] or min(len(ka), len(kb)) < min_len:
        return False
    short, long_ = sorted((ka, kb), key=len)
    if long_.startswith(short) and len(long_) - len(short) >= 3:
        return False  # one name inside another ("Tyler" / "Tillerson"), not a spelling of it
    return jaro_winkler(ka, kb) >= threshold


def compatible_given(a: str, b: str, threshold: float) -> bool:
    """Given names that may stand for the same person: initial of the other
    ("J." / "James"), one key a prefix of the other, or spelled alike."""
    ka, kb = name_key(a), name_key(b)
    if not ka or not kb:
        return False
    if len(ka) == 1 or len(kb) == 1:
        return ka[0] == kb[0]
    if ka.startswith(kb) or kb.startswith(ka):
        return min(len(ka), len(kb)) >= 3
    return ka[0] == kb[0] and jaro_winkler(ka, kb) >= threshold


def words_set(text: str) -> frozenset[str]:
    return frozenset(fold(text).split())


# Titles and honorifics in front of a person's name (folded, dots dropped).
TITLES = words_set(
    """mr mrs ms miss mx dr prof sir dame lord lady president presidents minister ministers secretary senator sen
    rep representative congressman congresswoman governor gov mayor chancellor premier king queen prince princess
    pope sheikh emir general gen lt col colonel capt captain major maj sgt sergeant admiral adm commander marshal
    judge justice ambassador envoy director chairman chairwoman chair spokesperson spokesman spokeswoman leader
    chief ceo cfo coo founder rev reverend father bishop archbishop cardinal ayatollah imam rabbi officer agent
    detective inspector superintendent professor deputy vice prime foreign defence defense interior finance
    trade health justice home state attorney counsel special first lady minority majority speaker house
    dictator strongman counterpart head editor correspondent reporter columnist mp commissioner"""
)
# The title words that end a title ("President", "Minister"): a name can follow them.
TITLE_HEADS = words_set(
    """mr mrs ms miss mx dr prof sir dame lord lady president minister secretary senator sen rep representative
    congressman congresswoman governor gov mayor chancellor premier king queen prince princess pope sheikh emir
    general gen lt col colonel capt captain major maj sgt sergeant admiral adm commander marshal judge justice
    ambassador envoy director chairman chairwoman chair spokesperson spokesman spokeswoman leader chief ceo cfo
    founder rev reverend father bishop archbishop cardinal ayatollah imam rabbi detective inspector professor
    counsel speaker dictator strongman counterpart editor correspondent reporter columnist mp commissioner"""
)
# Abbreviations written with a dot that belong to the next name.
ABBREVIATIONS = words_set("mr mrs ms dr prof st sen rep gov gen lt col capt sgt maj adm rev jr sr mt ft")
# Lower-case nouns in front of a name that make it a person ("spokesperson Lin Jian").
PERSON_NOUNS = words_set(
    """president minister secretary spokesperson spokesman spokeswoman leader chief ceo director chairman
    chairwoman official officials analyst professor lawyer attorney ambassador envoy commander senator lawmaker
    journalist correspondent reporter editor founder adviser advisor aide premier general colonel governor mayor
    dictator counterpart actor singer author writer player coach judge prosecutor candidate deputy colleague
    son daughter wife husband brother sister father mother"""
)
# Lower-case roles between two names ("Chargers receiver Vincent Jackson", "Microsoft spokesman Frank
# Shaw"): the first name is where the person works, an organisation or a team.
ROLE_NOUNS = PERSON_NOUNS | words_set(
    """receiver quarterback linebacker cornerback safety tackle guard forward center centre pitcher catcher
    outfielder infielder shortstop striker midfielder defender goalkeeper keeper winger captain manager
    owner spokesman spokeswoman spokesperson executive economist scientist researcher engineer"""
)
# Lower-case nouns in front of a name that make it an organisation ("newspaper Le Monde").
ORG_NOUNS = words_set(
    """newspaper paper daily tabloid magazine broadcaster network channel station agency company firm group
    organisation organization party ministry department bank outlet website publication militia network
    union council committee government administration startup manufacturer carrier airline retailer
    club team university institute platform app"""
)
# Lower-case nouns around a name that make it a place ("city of X", "Donetsk region").
PLACE_NOUNS = words_set(
    """city town village region province oblast state country capital island port district county territory
    area border republic peninsula coast river"""
)
# Capitalised words that make a multiword name an organisation ("Foreign Ministry", "Latin Times").
ORG_CUES = words_set(
    """ministry department service services agency council committee commission inc corp corporation co ltd llc
    plc company companies group party university college school institute institution foundation association
    union federation league bank fund times news post journal herald tribune gazette telegraph mirror guardian
    express observer daily press media network channel broadcasting radio television tv magazine review
    army navy forces force police guard command bureau office administration government parliament congress
    senate assembly court tribunal house chamber board authority organization organisation alliance coalition
    movement front brigade battalion regiment hospital church club fc team airlines airways motors systems
    technologies labs laboratories industries holdings partners capital securities exchange reserve treasury
    cabinet kremlin pentagon staff chiefs intelligence security naval ship vessel"""
)
# Capitalised last words that make a multiword name an event or a work, not a person ("Super Bowl",
# "Academy Awards", "World Cup", "Winter Olympics"): such a name is never the doer of a sentence.
EVENT_CUES = words_set(
    """bowl awards award cup games olympics olympiad championship championships festival series open prix
    marathon summit conference convention expo fair week tournament playoffs finals classic derby"""
)
# Capitalised words that make a multiword name a place ("Black Sea", "Donetsk Oblast").
PLACE_CUES = words_set(
    """region province oblast county district city town village island islands sea ocean river lake mountain
    mountains valley peninsula strait gulf bay coast street avenue square road bridge airport port border
    territory territories republic state states kingdom emirates"""
)
# Connectors allowed inside a name (between capitalised tokens).
CONNECTORS = words_set("of de da di du del della der den van von la le al el bin ibn bint y")
# Verbs of saying right after a name: weak evidence for a person.
SPEECH_VERBS = words_set(
    """said says told added wrote stated announced noted argued claimed insisted explained warned tweeted
    posted asked replied responded urged called confirmed denied admitted"""
)
MONTHS_DAYS = words_set(
    """january february march april may june july august september october november december monday tuesday
    wednesday thursday friday saturday sunday jan feb mar apr jun jul aug sep sept oct nov dec"""
)
NUMBER_WORDS = words_set("one two three four five six seven eight nine ten eleven twelve twenty hundred thousand")
