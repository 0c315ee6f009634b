"""Language identification (clean/language.py) and how cleaning stores it.

Real sentences from MEANTIME (an English Wikinews text and its human Spanish and
Italian translations) and the seeds. A given ``language`` field wins; a detected one
is marked inferred with its confidence; a doubtful one is left out.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from corroborate import config
from corroborate.clean import clean
from corroborate.clean.language import detect, language_name, reason
from corroborate.model import RawDoc

ROOT = Path(__file__).resolve().parents[2]
DATA = (ROOT.parent / "shared" / "data").resolve()
SEEDS = ROOT / "examples" / "seeds"
CLEAN = config.settings()["clean"]

# MEANTIME corpus_airbus/100911: one sentence in its three versions
EN = "It is the biggest contract of its kind since the Joint Strike Fighter program."
ES = "Es el mayor contrato de este tipo desde el programa Joint Strike Fighter."
IT = "Si tratta del più grande contratto nel suo genere dall' avvio del programma Joint Strike Fighter."


def _meantime(lang: str) -> list[dict]:
    path = DATA / "meantime" / f"{lang}.jsonl"
    if not path.exists():
        pytest.skip(f"{path} not present")
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


@pytest.mark.parametrize("text, code", [(EN, "en"), (ES, "es"), (IT, "it")])
def test_one_sentence_is_identified(text, code):
    got, confidence = detect(text)
    assert got == code
    assert confidence >= CLEAN["language_min_confidence"]


@pytest.mark.parametrize("lang", ["en", "es", "it"])
def test_meantime_articles_are_identified(lang):
    rows = _meantime(lang)[:20]
    assert [detect(r["text"])[0] for r in rows] == [lang] * len(rows)


def test_the_seeds_machine_translation_included_read_as_english():
    for path in sorted(SEEDS.glob("*.txt")):
        article = clean(RawDoc(path.stem, path.read_text("utf-8"), str(path)), CLEAN)
        assert article.language == "en", path.name
        assert dict(article.inferred)["language"].startswith("detected from the text (py3langid, confidence ")


def test_detected_language_is_marked_inferred_with_its_confidence():
    row = next(r for r in _meantime("es") if r["id"] == "corpus_airbus/100911")
    article = clean(RawDoc("es-1", row["text"], "es-1"), CLEAN)
    assert article.language == "es"
    assert dict(article.inferred)["language"] == reason(detect(article.text)[1])
    assert language_name("es") == "Spanish" and language_name("xx") == "xx"


def test_a_given_language_wins_and_is_not_marked():
    article = clean(RawDoc("es-given", ES, "es-given", language="it"), CLEAN)
    assert article.language == "it"
    assert "language" not in dict(article.inferred)


def test_below_the_threshold_the_language_stays_unknown():
    # one name: py3langid answers, but with a low confidence
    code, confidence = detect("Zelensky")
    assert code is not None and confidence < CLEAN["language_min_confidence"]
    article = clean(RawDoc("name-only", "Zelensky", "name-only"), CLEAN)
    assert article.language is None and "language" not in dict(article.inferred)
    # the same text at a threshold of 0 keeps py3langid's answer
    loose = clean(RawDoc("name-only", "Zelensky", "name-only"), {**CLEAN, "language_min_confidence": 0.0})
    assert loose.language == code


def test_no_letters_no_language():
    assert detect("") == (None, 0.0)
    assert detect("12 345 -- 2008") == (None, 0.0)
    assert clean(RawDoc("digits", "12 345", "digits"), CLEAN).language is None


def test_a_title_only_record_is_identified_by_its_title():
    article = clean(RawDoc("t", "", "t", title="Esther Williams, swimming star, dies at 91 after a long illness."), CLEAN)
    assert article.language == "en"


def test_identification_never_opens_a_connection():
    """The model is inside the wheel: identifying text with every socket and URL open refused
    (a Python audit hook, in a fresh interpreter) still works."""
    code = (
        "import sys\n"
        "def guard(event, args):\n"
        "    if event.startswith(('socket.', 'urllib.')):\n"
        "        raise RuntimeError('network use: ' + event)\n"
        "sys.addaudithook(guard)\n"
        "from corroborate.clean.language import detect\n"
        f"print(detect({ES!r})[0])\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "es"
