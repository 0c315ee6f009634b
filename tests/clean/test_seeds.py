"""clean() on the five seed articles: boilerplate, metadata, offsets, quality order."""

from __future__ import annotations

from pathlib import Path

import pytest

from corroborate import config
from corroborate.clean import clean
from corroborate.ingest import read_inputs
from corroborate.model import Article, RawDoc

SEEDS = Path(__file__).parents[2] / "examples" / "seeds"
SETTINGS = config.settings()


@pytest.fixture(scope="module")
def seeds() -> dict[str, Article]:
    raws = [d for d in read_inputs([SEEDS], SETTINGS["ingest"]) if isinstance(d, RawDoc)]
    assert len(raws) == 5
    return {r.id[:3]: clean(r, SETTINGS["clean"]) for r in raws}


def reasons(article: Article) -> dict[str, str]:
    return {r.text: r.reason for r in article.removed}


def test_offsets_on_every_seed(seeds: dict[str, Article]) -> None:
    for art in seeds.values():
        assert art.sentences
        for i, s in enumerate(art.sentences):
            assert s.id == i and art.text[s.start:s.end] == s.text and s.text == s.text.strip()
        if art.title:
            assert art.sentences[0].text != art.title


def test_copyright_removed_and_source_from_it(seeds: dict[str, Article]) -> None:
    art = seeds["002"]
    removed = reasons(art)
    (notice,) = [t for t, r in removed.items() if r == "copyright notice"]
    assert notice.startswith("© 2025") and "©" not in art.text
    assert art.source == "Latin Times"
    # the embedded post: attribution line and pic link go, the post's own words stay
    assert "embedded post attribution" in removed.values() and "embedded post link" in removed.values()
    assert "Our military has captured two Chinese citizens" in art.text
    assert "pic.twitter.com" not in art.text and "(@" not in art.text
    assert art.published == "2025-04-08"


def test_bio_and_signup_removed_quotes_kept(seeds: dict[str, Article]) -> None:
    art = seeds["004"]
    removed = reasons(art)
    assert removed["Sign up here."] == "newsletter prompt"
    assert any(r == "author bio" and t.startswith("As The Mirror's") for t, r in removed.items())
    assert "I have" not in art.text and "newsletter" not in art.text
    assert '"Russia\'s involvement of China in this war in Europe' in art.text
    assert art.text.rstrip().endswith("the spy agency told lawmakers in January.")


def test_outlet_credit_and_self_reference(seeds: dict[str, Article]) -> None:
    assert reasons(seeds["003"]) == {"(Japan Times)": "outlet credit"}
    assert seeds["003"].source == "Japan Times"
    assert seeds["001"].source == "BBC"
    assert reasons(seeds["001"]) == {"Read more": "reading prompt"}


def test_machine_translation_scores_lower(seeds: dict[str, Article]) -> None:
    garbled = seeds["000"].quality
    others = [a.quality.score for k, a in seeds.items() if k != "000"]
    assert garbled.score <= min(others) - 0.15, (garbled, others)
    assert garbled.reasons and all(":" in r for r in garbled.reasons)
    assert min(others) >= 0.9


def test_normalised_typography(seeds: dict[str, Article]) -> None:
    for art in seeds.values():
        assert not any(c in art.text for c in "“”‘’\u00a0\u200b")
    assert "chargé d'affaires" in seeds["003"].text  # NFC kept, apostrophe straightened


def test_content_hash_ignores_case_and_spacing() -> None:
    a = clean(RawDoc("a", "The cat sat.\n\nIt  purred.", "x"), SETTINGS["clean"])
    b = clean(RawDoc("b", "the CAT sat. It purred.", "y"), SETTINGS["clean"])
    assert a.content_hash == b.content_hash and len(a.content_hash) == 64
