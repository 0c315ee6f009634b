"""Place names known without any downloaded model: countries and their first-level
subdivisions from ``pycountry`` (ISO 3166, shipped inside the wheel), plus a compact
list of world capitals and large cities, continents and regions kept here.

Reads nothing at import; ``places()`` builds (once) a set of folded place names, and
``demonym_place(word)`` maps a nationality adjective ("Ukrainian", "North Korean") to
a place name when one can be derived from the gazetteer by suffix rules.
"""

from __future__ import annotations

import re
from functools import lru_cache

from ..features.text import fold

# Capitals, large and often-reported cities, continents and regions (general data,
# a few hundred names; pycountry has countries and subdivisions but no cities).
_EXTRA = """
Abu Dhabi|Abuja|Accra|Addis Ababa|Aleppo|Algiers|Almaty|Amman|Amsterdam|Ankara|Antananarivo|Asuncion|
Athens|Atlanta|Baghdad|Baku|Bamako|Bangkok|Bangui|Barcelona|Basra|Beijing|Beirut|Belgrade|Belfast|Berlin|Bern|
Bishkek|Bogota|Boston|Brasilia|Bratislava|Brazzaville|Brussels|Bucharest|Budapest|Buenos Aires|Cairo|Canberra|
Cape Town|Caracas|Casablanca|Chicago|Chisinau|Colombo|Conakry|Copenhagen|Dakar|Dallas|Damascus|Dhaka|Doha|
Dubai|Dublin|Dushanbe|Edinburgh|Frankfurt|Freetown|Gaza|Geneva|Glasgow|Guatemala City|Hanoi|Harare|Havana|
Helsinki|Hiroshima|Ho Chi Minh City|Hong Kong|Houston|Islamabad|Istanbul|Jakarta|Jerusalem|Johannesburg|Juba|
Kabul|Kampala|Karachi|Kathmandu|Khartoum|Kharkiv|Kherson|Kigali|Kinshasa|Kyiv|Kolkata|Kuala Lumpur|Kursk|
Kuwait City|La Paz|Lagos|Lahore|Las Vegas|Libreville|Lima|Lisbon|Ljubljana|London|Los Angeles|Luanda|Lusaka|
Luxembourg|Lviv|Lyon|Madrid|Managua|Manama|Manchester|Manila|Maputo|Mariupol|Marseille|Mecca|Melbourne|
Mexico City|Miami|Milan|Minsk|Mogadishu|Monrovia|Montevideo|Montreal|Moscow|Mumbai|Munich|Muscat|Nairobi|
Naples|Naypyidaw|New Delhi|New Orleans|New York|Niamey|Nicosia|Nouakchott|Odesa|Odessa|Osaka|Oslo|Ottawa|
Ouagadougou|Panama City|Paris|Philadelphia|Phnom Penh|Podgorica|Port-au-Prince|Prague|Pretoria|Pristina|
Pyongyang|Quito|Rabat|Ramallah|Reykjavik|Riga|Rio de Janeiro|Riyadh|Rome|San Francisco|San Jose|San Salvador|
Sanaa|Santiago|Santo Domingo|Sao Paulo|Sarajevo|Seattle|Seoul|Shanghai|Singapore|Skopje|Sofia|St Petersburg|
Saint Petersburg|Stockholm|Sydney|Taipei|Tallinn|Tashkent|Tbilisi|Tegucigalpa|Tehran|Tel Aviv|Tijuana|Tirana|
Tokyo|Toronto|Tripoli|Tunis|Ulaanbaatar|Vancouver|Vienna|Vientiane|Vilnius|Warsaw|Washington|Wellington|
Windhoek|Yangon|Yerevan|Zagreb|Zaporizhzhia|Donetsk|Luhansk|Crimea|Donbas|
Africa|Asia|Europe|North America|South America|Latin America|Antarctica|Oceania|Middle East|Balkans|
Caribbean|Scandinavia|Siberia|Kashmir|Tibet|Xinjiang|Kurdistan|West Bank|Gaza Strip|Golan Heights|Sahel|
Korean Peninsula|Persian Gulf|Black Sea|Baltic Sea|Mediterranean|Pacific|Atlantic|Arctic|Indian Ocean|
Britain|Great Britain|England|Scotland|Wales|Northern Ireland|Holland|America|Korea|Congo|Macedonia|Burma|
U.S.|US|USA|U.S.A.|UK|U.K.|UAE|U.A.E.|DRC|PRC|Russia|Iran|Syria|Venezuela|Bolivia|Tanzania|Vietnam|Laos|Moldova|Taiwan|Palestine|Vatican|Kosovo|Czechia|Czech Republic|Turkey|Ivory Coast
"""

# Type words that pycountry appends to subdivision names ("Donetska oblast", "Hunan Sheng").
_TYPE_WORDS = re.compile(
    r"\s+(?:oblast|sheng|zizhiqu|province|provincia|region|kray|krai|oblast'|respublika|state|county|"
    r"district|prefecture|governorate|department|municipality|city|shi|do|si|ken|to|fu)$",
    re.IGNORECASE,
)

# Nationality adjectives that no suffix rule reaches from the place name.
_IRREGULAR_DEMONYMS = {
    "french": "France", "dutch": "Netherlands", "swiss": "Switzerland", "greek": "Greece",
    "british": "United Kingdom", "welsh": "Wales", "scottish": "Scotland", "irish": "Ireland",
    "spanish": "Spain", "danish": "Denmark", "finnish": "Finland", "norwegian": "Norway",
    "thai": "Thailand", "filipino": "Philippines", "peruvian": "Peru", "saudi": "Saudi Arabia",
    "emirati": "United Arab Emirates", "kiwi": "New Zealand", "yemeni": "Yemen", "belgian": "Belgium",
    "arab": "Arab", "kurdish": "Kurdistan", "portuguese": "Portugal", "maltese": "Malta",
    "afghan": "Afghanistan", "malagasy": "Madagascar", "cypriot": "Cyprus", "congolese": "Congo",
    "londoner": "London", "muscovite": "Moscow",
}
_DEMONYM_SUFFIXES = ("ians", "ians", "ian", "ans", "an", "ese", "ish", "is", "i", "ic", "ns", "n", "s")


# Single words that are region names somewhere but mostly plain adjectives in news text.
GENERIC = frozenset("north south east west northern southern eastern western central centre center capital "
                     "national federal island islands coast upper lower middle new".split())

# Countries first when deriving places from demonyms ("Chinese" -> China, not a province).
_COUNTRY_NAMES: set[str] = set()


def _clean(name: str) -> str:
    return " ".join(fold(name).replace(".", "").split())


@lru_cache(maxsize=1)
def places() -> frozenset[str]:
    """Folded place names (dots removed): countries, subdivisions, cities, regions."""
    out: set[str] = set()
    try:  # pycountry: ISO 3166 data inside the wheel, no download
        import pycountry

        for c in pycountry.countries:
            for attr in ("name", "common_name", "official_name"):
                value = getattr(c, attr, None)
                if value:
                    out.add(_clean(value))
                    _COUNTRY_NAMES.add(_clean(value.split(",")[0]))
                    if "," in value:  # "Korea, Republic of" -> "Korea"
                        out.add(_clean(value.split(",")[0]))
        for s in pycountry.subdivisions:
            name = s.name.split("[")[0].split("(")[0].strip()
            out.add(_clean(name))
            stripped = _TYPE_WORDS.sub("", name)
            if stripped != name and len(stripped) > 3:
                out.add(_clean(stripped))
    except ImportError:  # pragma: no cover - pycountry is a dependency
        pass
    for name in _EXTRA.replace("\n", "").split("|"):
        if name.strip():
            out.add(_clean(name))
            _COUNTRY_NAMES.add(_clean(name))
    return frozenset(out - GENERIC)


@lru_cache(maxsize=1)
def _single_word_places() -> tuple[tuple[str, ...], tuple[str, ...]]:
    """One-word country/city names, then other one-word places (for demonym rules)."""
    singles = [p for p in places() if " " not in p and len(p) >= 4]
    countries = tuple(sorted(p for p in singles if p in _COUNTRY_NAMES))
    return countries, tuple(sorted(p for p in singles if p not in _COUNTRY_NAMES))


def is_place(name: str) -> bool:
    """Is this (surface) name in the gazetteer?"""
    return _clean(name) in places()


@lru_cache(maxsize=4)
def _by_prefix(pool: tuple[str, ...]) -> dict[str, tuple[str, ...]]:
    """Names of a pool by their first four letters (every stem looked up has at least four)."""
    index: dict[str, list[str]] = {}
    for p in pool:
        index.setdefault(p[:4], []).append(p)
    return {k: tuple(v) for k, v in index.items()}


@lru_cache(maxsize=20_000)
def demonym_place(word: str) -> str | None:
    """'Ukrainian' -> 'ukraine', 'North Korean' -> 'north korea', 'Americans' -> 'america'; None otherwise.

    Suffix rules (-ian, -an, -ese, -ish, -i, -ic, plural -s) strip the adjective to a
    stem that must begin a gazetteer name ("ukrain" -> "ukraine"), plus a short table
    of irregular forms (French, Dutch...). Returned names are folded.
    """
    w = _clean(word)
    if not w or not word[:1].isupper():
        return None
    head, _, last = w.rpartition(" ")
    if head and head not in {"north", "south", "east", "west", "northern", "southern", "eastern", "western", "central"}:
        return None
    if last in _IRREGULAR_DEMONYMS:
        return _clean(_IRREGULAR_DEMONYMS[last])
    if last.endswith("s") and last[:-1] in _IRREGULAR_DEMONYMS:
        return _clean(_IRREGULAR_DEMONYMS[last[:-1]])
    if _clean(word) in places():
        return None
    countries, others = _single_word_places()
    for suffix in _DEMONYM_SUFFIXES:
        if not last.endswith(suffix) or len(last) - len(suffix) < 3:
            continue
        stem = last[: -len(suffix)]
        for cut in (0, 1):
            s = stem[: len(stem) - cut] if cut else stem
            if len(s) < 4:
                continue
            full = f"{head} {s}".strip()
            for name in (full, s):
                pools = (countries, others) if " " not in name else (tuple(places()),)
                for pool in pools:
                    hits = [p for p in _by_prefix(pool).get(name[:4], ()) if p.startswith(name) and len(p) - len(name) <= 3]
                    if hits:
                        best = min(hits, key=len)
                        return f"{head} {best}".strip() if head and not best.startswith(head) else best
    return None
