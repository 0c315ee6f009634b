"""Name tokens: transliteration-folded keys, token similarity, and the cue-word lists
(titles, organisation and place cues) that entity detection reads.

``name_key("Zelenskyy") == name_key("Zelenski") == name_key("Зеленський")`` and
``name_key("Kiev") == name_key("Kyiv")``: any script to ASCII (``translit``: Greek
digraphs first, then ``anyascii``), then a general spelling fold (y->i, ie->i, w->v,
ph->f, x->ks, hard c/q->k, ck->k, German sch/tsch/schtsch and Polish sz/cz, French
ou/tch/chtch, j after a vowel -> i, doubled letters collapsed, -ij/-yj/-iy/-yy -> -i).
``loose_key`` folds further for keys of five letters or more, where a collision is
rare: the consonant pairs that transliteration conventions swap (kh/ch/h after a
consonant dropped, c/g/q -> k, z -> s, ts -> s, j -> i, initial ie/ye/je -> e, -ov/-ev,
a final -e), so ``loose_key("Selenskyj") == loose_key("Zelensky")`` and
``loose_key("Chamenei") == loose_key("Khamenei")``. Arabic script carries no short
vowels: ``arabic_matches`` reads an Arabic-script token as a pattern over a Latin key
(``بوتين`` matches Putin, not Biden). What the folds do not reach (Andrius / Andrii) is
left to ``similar`` (Jaro-Winkler on keys), which callers constrain by context; a
feminine form (Zelenska / Zelensky, Navalnaya / Navalny) is never "similar".
Measured on ``benchmarks/data/name_variants.jsonl`` (``benchmarks/name_variants.py``).
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
_ARABIC = re.compile(r"[\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff]")
_GREEK = re.compile(r"[\u0370-\u03ff\u1f00-\u1fff]")
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
# Greek digraphs that anyascii reads letter by letter ("ου" -> "oy"): how the press
# writes them in foreign names (Πούτιν = Putin, Ερντογάν = Erdogan, Μπάιντεν = Biden)
_GREEK_DIGRAPHS = (("ου", "u"), ("μπ", "b"), ("ντ", "d"), ("γκ", "g"), ("γγ", "ng"), ("αι", "e"),
                   ("ει", "i"), ("οι", "i"), ("αυ", "av"), ("ευ", "ev"), ("γι", "y"), ("χ", "kh"))
_GREEK_FOLD = str.maketrans("άέήίόύώϊϋΐΰ", "αεηιουωιυιυ")
# spelling conventions of other languages for the same sounds, folded to one (order matters)
_CONVENTIONS = (
    ("schtsch", "shch"),  # German щ (Chruschtschow)
    ("chtch", "shch"),  # French щ (Khrouchtchev)
    ("tsch", "ch"),  # German ч (Klitschko, Janukowytsch)
    ("tch", "ch"),  # French/English ч (Gorbatchev, Ianoukovitch)
    ("sz", "sh"),  # Polish ш (Szojgu)
    ("cz", "ch"),  # Polish ч
    ("ou", "u"),  # French/Greek u (Poutine, Papandreou)
)
_SCH = re.compile(r"sch(?!$)")  # German ш (Schoigu, Saluschnyj); a final -sch is kept (Busch is not Bush)
# the Arabic article written onto a name (al-Assad, el-Sisi): the name is Assad either way
_ARTICLE = re.compile(r"^(?:al|el)[-‐‑](?=[a-z]{3})")
_J_AFTER_VOWEL = re.compile(r"(?<=[aeiou])j")  # Sergej, Szojgu, Selenskyj (after y -> i)


@lru_cache(maxsize=100_000)
def translit(text: str) -> str:
    """``text`` in ASCII letters: Greek digraphs as the press writes them, ё as e, then anyascii."""
    if _GREEK.search(text):
        t = text.lower().translate(_GREEK_FOLD)
        for a, b in _GREEK_DIGRAPHS:
            t = t.replace(a, b)
        text = t
    if _CYRILLIC.search(text):
        text = text.replace("ё", "е").replace("Ё", "Е")
    return _to_ascii(text)


def is_arabic(token: str) -> bool:
    """Written in Arabic script (Arabic, Persian, Urdu letters)."""
    return bool(_ARABIC.search(token))


@lru_cache(maxsize=100_000)
def name_key(token: str) -> str:
    """Spelling- and transliteration-insensitive key of one name token."""
    return _fold_key(_NON_LETTER.sub("", _ARTICLE.sub("", fold(translit(token)))))


def _fold_key(s: str) -> str:
    if not s:
        return ""
    for a, b in _CONVENTIONS:
        if a in s:
            s = s.replace(a, b)
    s = _SCH.sub("sh", s)
    s = s.replace("ph", "f").replace("ck", "k").replace("x", "ks").replace("q", "k").replace("w", "v")
    s = _HARD_C.sub("k", s)
    s = s.replace("y", "i").replace("ie", "i")
    s = _J_AFTER_VOWEL.sub("i", s)
    s = _DOUBLE.sub(r"\1", s)
    if s.endswith("ij"):
        s = s[:-1]
    return s


# a loose key this short collides across different names (Chan / Khan, Bush / Busch)
LOOSE_MIN_LEN = 5
_H_AFTER_CONSONANT = re.compile(r"(?<=[bcdfgjklmnpqrstvwxz])h")


@lru_cache(maxsize=100_000)
def loose_key(token: str) -> str:
    """A coarser key that also folds the consonants transliteration conventions swap
    (kh/ch, z/s, g/k/q, ts/s, j/i, Ye-/Je-/E-, -ov/-ev, French final -e); "" when
    shorter than ``LOOSE_MIN_LEN`` (too many different names share a short one)."""
    s = _NON_LETTER.sub("", _ARTICLE.sub("", fold(translit(token))))
    if s[:2] in ("ye", "je", "ie"):
        s = s[1:]  # Russian initial Е: Yeltsin, Jelzin, Eltsine
    s = _fold_key(s)
    if len(s) < LOOSE_MIN_LEN:
        return ""
    s = _H_AFTER_CONSONANT.sub("", s)
    s = s.replace("ts", "s").replace("z", "s").replace("c", "k").replace("g", "k").replace("j", "i")
    if s.endswith("ov"):
        s = s[:-2] + "ev"
    if s.endswith("e") and len(s) > LOOSE_MIN_LEN:
        s = s[:-1]
    s = _DOUBLE.sub(r"\1", s)
    return s if len(s) >= LOOSE_MIN_LEN else ""


# -- Arabic script: written consonants and long vowels, short vowels left out. A token is
# read as a pattern over a Latin ``name_key`` (with h after a consonant dropped, p -> b):
# each letter's Latin spellings, and [aeiou]* where a short vowel may stand.
_V = "[aeiou]"
_AR_LETTERS = {
    "ب": "[bpv]", "پ": "[bp]", "ت": "t", "ط": "t", "ث": "[ts]", "ج": "[jgdz]", "چ": "c", "ح": "h?", "خ": "[kh]",
    "د": "d", "ض": "[dz]", "ذ": "[dz]", "ظ": "[dz]", "ر": "r", "ز": "[zs]", "ژ": "[zj]", "س": "s", "ص": "s",
    "ش": "s", "ع": "", "غ": "[gk]", "ف": "[fv]", "ق": "[kg]", "ك": "[kgc]", "ک": "[kgc]", "گ": "g", "ل": "l",
    "م": "m", "ن": "n", "ه": "h?", "ة": "a?h?",
}
_AR_ALEF = {"ا": "[aeu]" + _V + "?", "آ": "a" + _V + "?", "ى": "[aei]"}
_AR_HAMZA = set("ءئؤأإ")
_AR_W = "و"
_AR_Y = "يی"
_AR_STRIP = re.compile(r"[\u064b-\u065f\u0670\u0640\u200c]")  # harakat, tatweel, zero-width non-joiner


@lru_cache(maxsize=10_000)
def _arabic_pattern(token: str) -> re.Pattern | None:
    """The Latin keys an Arabic-script token may be written as, or None for a token of
    under two consonants or three letters (too many Latin names fit it)."""
    s = _AR_STRIP.sub("", token.strip())
    if s.startswith("ال") and len(s) > 4:
        s = s[2:]  # the article (al-Assad, al-Gaddafi)
    parts: list[str] = []
    consonants = 0
    prev_consonant = False
    for i, ch in enumerate(s):
        nxt = s[i + 1] if i + 1 < len(s) else ""
        if ch in _AR_HAMZA:
            if i == 0 and nxt not in _AR_W + _AR_Y:
                parts.append(_V)  # word-initial hamza carries a vowel (Assad, Erdogan)
            elif i > 0:
                parts.append(_V + "?")
            prev_consonant = False
        elif ch == _AR_W:
            parts.append("(?:v|[ou]" + _V + "?)")  # w, or a long u/o
            prev_consonant = False
        elif ch in _AR_Y:
            parts.append("(?:[ie]" + _V + "?)" if i > 0 else "i?")  # a long i/e (y is i in a key)
            prev_consonant = False
        elif ch == "ا" and nxt in _AR_Y:
            parts.append(_V + "*")  # alef-ya: the diphthong ai / i (Biden)
            prev_consonant = False
        elif ch in _AR_ALEF:
            parts.append(_AR_ALEF[ch])
            prev_consonant = False
        elif ch in _AR_LETTERS:
            if prev_consonant:
                parts.append(_V + "?")  # an unwritten short vowel
            parts.append(_AR_LETTERS[ch])
            consonants += 1
            prev_consonant = True
        elif ch == "\u0651":  # shadda: doubled, and doubles are collapsed
            continue
        else:
            return None
    if consonants < 2 or len(s) < 3:
        return None
    if prev_consonant:
        parts.append(_V + "?")
    return re.compile("".join(parts))


def arabic_matches(arabic: str, latin: str) -> bool:
    """An Arabic-script token that may be written ``latin`` in Latin letters (بوتين: Putin,
    القذافي: Gaddafi, Qaddafi, Kadhafi); None-pattern tokens (under three consonants) match nothing."""
    pat = _arabic_pattern(arabic)
    k = name_key(latin)
    if pat is None or not k:
        return False
    k = _H_AFTER_CONSONANT.sub("", k)
    cands = {k, k[2:]} if k.startswith(("al", "el")) and len(k) > 5 else {k}
    return any(pat.fullmatch(c) for c in cands)


def _feminine_form(a: str, b: str, ka: str, kb: str) -> bool:
    """``_gendered`` keys, unless the -a form is Cyrillic after a consonant: in Russian and
    Ukrainian text that is also the genitive of the man's name ("Путина": of Putin)."""
    if not _gendered(ka, kb):
        return False
    fem, masc = (a, kb) if ka.endswith("a") else (b, ka)
    return not (_CYRILLIC.search(fem) and masc[-1] not in "aeiou")


def _gendered(ka: str, kb: str) -> bool:
    """One key the feminine form of the other (Zelenska / Zelenski, Navalnaia / Navalni,
    Kadirova / Kadirov): the stems agree once final vowels are dropped, one ends in -a and
    the other in a consonant or -i (not Lukashenka / Lukashenko, one man in two languages)."""
    if ka.endswith("a") == kb.endswith("a"):
        return False
    masc = kb if ka.endswith("a") else ka
    if masc[-1] in "aeou":
        return False
    sa, sb = ka.rstrip("aeiou"), kb.rstrip("aeiou")
    return len(sa) >= 4 and sa == sb


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
    """Two name tokens spelled alike: equal keys or equal loose keys; else not a feminine
    form of the other, and same initial and JW(keys) >= threshold. An
    Arabic-script token against a Latin one: ``arabic_matches``."""
    ka, kb = name_key(a), name_key(b)
    if not ka or not kb:
        return False
    if ka == kb:
        return True
    ar_a, ar_b = is_arabic(a), is_arabic(b)
    if ar_a != ar_b:
        return arabic_matches(a, b) if ar_a else arabic_matches(b, a)
    la, lb = loose_key(a), loose_key(b)
    if _feminine_form(a, b, ka, kb) or (la and lb and _feminine_form(a, b, la, lb)):
        return False
    if la and la == lb:
        return True
    return _alike(ka, kb, threshold, min_len)


def _alike(ka: str, kb: str, threshold: float, min_len: int) -> bool:
    if not ka or not kb or ka[0] != kb[0] or min(len(ka), len(kb)) < min_len:
        return False
    short, long_ = sorted((ka, kb), key=len)
    if long_.startswith(short) and len(long_) - len(short) >= 3:
        return False  # one name inside another ("Tyler" / "Tillerson"), not a spelling of it
    return jaro_winkler(ka, kb) >= threshold


@lru_cache(maxsize=100_000)
def name_initials(token: str) -> tuple[str, ...]:
    """The first letters of a token's key and loose key: the blocks in which ``similar``
    may find its spellings (Selenskyj meets Zelensky under s, Chamenei meets Khamenei under k)."""
    k, lk = name_key(token), loose_key(token)
    return tuple(dict.fromkeys(x[:1] for x in (k, lk) if x))


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
    if ka[0] == kb[0] and jaro_winkler(ka, kb) >= threshold:
        return True
    la, lb = loose_key(a), loose_key(b)  # Julija / Yulia, Jewgeni / Yevgeny
    return bool(la and lb and la[0] == lb[0] and jaro_winkler(la, lb) >= threshold)


def same_name(a: str, b: str, surname_threshold: float, given_threshold: float, min_len: int = 4) -> bool:
    """Two written names (one or more words, titles dropped) that may name one person:
    surnames ``similar`` and, when both have given names, first given names
    ``compatible_given``; the last word is the surname ("Kim Jong-un": "Jong-un")."""
    wa, wb = _name_words(a), _name_words(b)
    if not wa or not wb:
        return False
    if not similar(wa[-1], wb[-1], surname_threshold, min_len):
        return False
    if len(wa) > 1 and len(wb) > 1:
        return compatible_given(wa[0], wb[0], given_threshold)
    return True


def _name_words(name: str) -> list[str]:
    ws = name.split()
    while len(ws) > 1 and fold(ws[0]).rstrip(".") in TITLES:
        ws = ws[1:]
    return [w for w in ws if fold(w) not in CONNECTORS] or ws


def words_set(text: str) -> frozenset[str]:
    return frozenset(fold(text).split())


# Titles in de/fr/es/it/uk/ru (German capitalises them mid-sentence; the others write them in lower
# case, see PERSON_NOUNS): "Angaben von Präsident Wolodymyr Selenskyj" names Wolodymyr Selenskyj.
_FOREIGN_TITLES = words_set(
    """präsident präsidentin kanzler kanzlerin bundeskanzler bundeskanzlerin ministerpräsident
    ministerpräsidentin außenminister außenministerin verteidigungsminister verteidigungsministerin ministerin
    regierungschef regierungschefin staatschef staatschefin sprecher sprecherin bürgermeister bürgermeisterin
    herr frau papst könig königin generalsekretär botschafter botschafterin abgeordneter abgeordnete
    président présidente ministre premier-ministre porte-parole maire député députée monsieur madame mme mlle
    secrétaire ambassadeur ambassadrice roi reine pape général
    presidente presidenta ministro ministra canciller primer secretario secretaria portavoz alcalde alcaldesa
    señor señora embajador embajadora portavoce sindaco signor signora segretario ambasciatore cancelliere
    президент президентка прем'єр-міністр прем'єр премьер-министр премьер міністр министр міністерка речник
    речниця пресс-секретарь пан пані господин госпожа генерал посол мер канцлер"""
)
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
) | _FOREIGN_TITLES
# The title words that end a title ("President", "Minister"): a name can follow them.
TITLE_HEADS = words_set(
    """mr mrs ms miss mx dr prof sir dame lord lady president minister secretary senator sen rep representative
    congressman congresswoman governor gov mayor chancellor premier king queen prince princess pope sheikh emir
    general gen lt col colonel capt captain major maj sgt sergeant admiral adm commander marshal judge justice
    ambassador envoy director chairman chairwoman chair spokesperson spokesman spokeswoman leader chief ceo cfo
    founder rev reverend father bishop archbishop cardinal ayatollah imam rabbi detective inspector professor
    counsel speaker dictator strongman counterpart editor correspondent reporter columnist mp commissioner"""
) | (_FOREIGN_TITLES - words_set("primer prem'єр премьер"))  # the de/fr/es/it/uk/ru titles above

# Abbreviations written with a dot that belong to the next name.
ABBREVIATIONS = words_set("mr mrs ms dr prof st sen rep gov gen lt col capt sgt maj adm rev jr sr mt ft")
# Lower-case nouns in front of a name that make it a person ("spokesperson Lin Jian").
PERSON_NOUNS = words_set(
    """president minister secretary spokesperson spokesman spokeswoman leader chief ceo director chairman
    chairwoman official officials analyst professor lawyer attorney ambassador envoy commander senator lawmaker
    journalist correspondent reporter editor founder adviser advisor aide premier general colonel governor mayor
    dictator counterpart actor singer author writer player coach judge prosecutor candidate deputy colleague
    son daughter wife husband brother sister father mother"""
) | words_set(  # lower-case in fr/es/it/uk/ru ("le président Emmanuel Macron", "президент Володимир Зеленський")
    """président ministre porte-parole presidente presidenta ministro ministra portavoz portavoce canciller
    cancelliere sindaco alcalde maire президент міністр министр канцлер речник речниця"""
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
) | words_set(  # de/fr/es/it (German capitalises them mid-sentence); left out where also a name or a word
    # in English text: Mars, Mai, Domingo, Julio, Mayo, Domenica
    """montag dienstag mittwoch donnerstag freitag samstag sonntag januar februar märz juni juli oktober dezember
    lundi mardi mercredi jeudi vendredi samedi dimanche janvier février avril juin juillet août septembre octobre
    novembre décembre lunes martes miércoles jueves viernes sábado enero febrero marzo abril junio agosto
    septiembre octubre noviembre diciembre lunedì martedì mercoledì giovedì venerdì sabato gennaio febbraio aprile
    maggio giugno luglio settembre ottobre dicembre"""
)
NUMBER_WORDS = words_set("one two three four five six seven eight nine ten eleven twelve twenty hundred thousand")
