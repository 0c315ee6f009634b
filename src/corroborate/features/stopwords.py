"""Function words of the major European languages other than English (English: ``text.STOPWORDS``).

Story features (``features.vectors``) drop a token that is a function word *of its
article's language* (an article of known language only): Spanish "de", "la", "que"
would otherwise make every Spanish article look like every other, and would merge
look-alike events that the same reports in English keep apart (MEANTIME es/it,
``benchmarks/translation_links.py``). A word of one language that is a content word
of another ("come" in Italian and English, "die" in German and English) is dropped
only in the language where it is a function word. Folded forms (lower case, no accents).
"""

from __future__ import annotations

FUNCTION_WORDS: dict[str, frozenset[str]] = {
    "es": frozenset("""
        a al algo algun alguna algunas alguno algunos ante antes aquel aquella aquellas aquellos aqui asi aun
        aunque cada como con contra cual cuales cuando cuanto de del desde donde dos durante e el ella ellas
        ellos en entre era eran es esa esas ese eso esos esta estaba estaban estado estan estar estas este esto
        estos fue fueron ha habia habian han hasta hay la las le les lo los mas me mi mientras muy nada ni no
        nos nosotros o otra otras otro otros para pero poco por porque que quien quienes se segun ser si sido
        sin sino sobre son su sus tambien tan tanto te tiene tienen todo todos tras tu u un una unas uno unos
        usted ya dijo dice afirmo segun ademas tiene ser sera seran habra
    """.split()),
    "it": frozenset("""
        a ad agli ai al alla alle allo anche ancora avere aveva avevano che chi ci come con contro cui da dal
        dall dalla dalle dallo degli dei del dell della delle dello di dopo dove e ed era erano essere gli ha
        hanno i il in infatti io la le lei lo loro lui ma mentre mi molto ne negli nei nel nell nella nelle
        nello noi non nostro o ogni oltre per perche piu poi quale quando quanto quella quelle quello questa
        queste questi questo se secondo sei si sia siamo sono sta stato su sua sue sugli sui sul sull sulla
        sulle suo suoi tra tutti tutto un una uno gia stata stati essere detto ha ho
    """.split()),
    "fr": frozenset("""
        a au aux avec avait ce ces cet cette comme dans de des du elle elles en entre est et etait etaient etre
        eu il ils je la le les leur leurs lui mais me meme mes mon ne ni nous on ont ou par pas plus pour qu
        que qui sa sans se selon ses si son sont sur ta te tes toi ton tous tout tres tu un une vos votre vous
        y deja apres avant depuis aussi ainsi alors dont fait ete sera seront
    """.split()),
    "de": frozenset("""
        aber als am an auch auf aus bei bis da dass dem den der des die dies diese diesem diesen dieser dieses
        doch du durch ein eine einem einen einer eines er es fur gegen hat hatte hatten ich ihr ihre im in ist
        ja kann kein keine mit nach nicht noch nur ob oder ohne sein seine sich sie sind so uber um und uns
        unter vom von vor war waren was wie wir wird wurde wurden zu zum zur zwischen sagte laut bereits
        schon sowie seit wenn werden worden
    """.split()),
    "pt": frozenset("""
        a ao aos as com como da das de do dos e ela elas ele eles em entre era essa esse esta este eu foi foram
        ha isso isto ja lhe mais mas me mesmo muito na nao nas nem no nos o os ou para pela pelas pelo pelos
        por qual quando que quem se sem ser seu seus sua suas tambem te tem um uma umas uns disse segundo
        apos sobre ate
    """.split()),
    "nl": frozenset("""
        aan al als bij dat de den der deze die dit door een en er haar had heb heeft het hij hoe hun ik in is
        ja je kan maar me met mij na naar niet nog nu of om omdat ook op over te tegen toe tot uit van veel
        voor was wat we werd wie wij wordt zal ze zei zich zij zijn zo zoals
    """.split()),
}

LANGUAGES = tuple(sorted(FUNCTION_WORDS))
BIT = {lang: 1 << k for k, lang in enumerate(LANGUAGES)}


def bits(folded: str) -> int:
    """The languages (``BIT``) in which a folded word is a function word, as a bit mask."""
    out = 0
    for lang, words in FUNCTION_WORDS.items():
        if folded in words:
            out |= BIT[lang]
    return out
