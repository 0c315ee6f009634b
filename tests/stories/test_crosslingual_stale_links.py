"""The incremental index keeps, like the batch, at most one cross-language partner per
language for each article: when a later article becomes an article's best match in a
language, the older partner of that language is dropped (``StoryIndex.add``), so a
look-alike that was the best match before the real translation arrived is no longer
held in the translation's node, and the index's links are the batch's."""

from __future__ import annotations

import numpy as np

from corroborate import config
from corroborate.model import Article
from corroborate.stories import StoryIndex
from corroborate.stories import crosslingual as xl

from .test_crosslingual import CORPUS, FERRY_EN, FERRY_ES, TEXTS

# another event in Spanish with the ferry story's names (a minister's investment plan): the
# English ferry report's best Spanish match until the Spanish translation arrives
LOOKALIKE_ES = TEXTS["plan-es"][0]


def test_a_later_translation_replaces_the_earlier_look_alike_partner():
    settings = config.override(config.settings(), {"stories": {"relink_max": 0}})  # as in a large store
    index = StoryIndex(settings)
    for k in ("trawler-en", "trawler-it", "ferry-en-2"):
        text, lang = CORPUS[k]
        index.add(Article(k, text, (), language=lang))
    index.add(Article("ferry-en", FERRY_EN, (), language="en"))
    index.add(Article("lookalike-es", LOOKALIKE_ES, (), language="es"))
    ids = index._ids
    assert {(ids[a], ids[b]) for a, b in index._xlinks} >= {("ferry-en", "lookalike-es")}  # its best so far
    index.add(Article("ferry-es", FERRY_ES, (), language="es"))
    links = {tuple(sorted((ids[a], ids[b]))) for a, b in index._xlinks}
    assert ("ferry-en", "ferry-es") in links and ("ferry-en", "lookalike-es") not in links
    # one partner per language per article, and the links the batch rule gives over the same articles
    for a in ids:
        langs = [index._lang[ids.index(b)] for pair in links if a in pair for b in pair if b != a]
        assert len(langs) == len(set(langs)), a
    days = np.array(index._day, dtype=float)
    batch = {tuple(sorted((ids[i], ids[j]))) for i, j, _ in xl.partners(index._raw, index.docfreq, days, index.settings)}
    assert links == batch
