"""ingest.read_inputs on tmp files: every format and every bad-input case."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from corroborate import config
from corroborate.ingest import read_inputs
from corroborate.model import RawDoc, Rejection

INGEST = config.settings()["ingest"]

SEEDS = Path(__file__).parents[2] / "examples" / "seeds"
BODY = (
    "The city council voted on Tuesday to build a new bridge over the river. "
    "Construction will start in May, the mayor said.\n"
)
HTML = """<html lang="en"><head><title>Bridge approved - The Daily Planet</title>
<meta property="og:site_name" content="The Daily Planet"><meta name="date" content="2025-04-08">
<link rel="canonical" href="https://dp.example/bridge"></head><body><nav>Home | World | Sport</nav>
<article><h1>Bridge approved</h1>
<p>The city council voted on Tuesday to build a new bridge over the river, which has been closed since the flood last year.</p>
<p>"It is a great day for the city," the mayor said. Construction will start in May and cost about 40 million dollars, officials said.</p>
</article><footer>Contact us</footer></body></html>"""


def read(*paths, **kw) -> list[RawDoc | Rejection]:
    """``read_inputs`` with the ``[ingest]`` defaults, ``kw`` overriding some of them."""
    return list(read_inputs([str(p) for p in paths], {**INGEST, **kw}))


def docs(items) -> list[RawDoc]:
    return [d for d in items if isinstance(d, RawDoc)]


def rejections(items) -> list[Rejection]:
    return [d for d in items if isinstance(d, Rejection)]


def test_txt_with_headline(tmp_path: Path) -> None:
    f = tmp_path / "bridge.txt"
    f.write_text("Council approves new bridge\n\n" + BODY)
    (doc,) = read(f)
    assert doc.id == "bridge" and doc.format == "txt"
    assert doc.title == "Council approves new bridge"
    assert "Council approves" not in doc.text and doc.text.strip().startswith("The city council")


def test_txt_first_sentence_is_not_a_headline(tmp_path: Path) -> None:
    f = tmp_path / "a.txt"
    f.write_text("The council met on Tuesday.\n\n" + BODY)
    (doc,) = read(f)
    assert doc.title is None and doc.text.startswith("The council met")


def test_headline_without_blank_line(tmp_path: Path) -> None:
    f = tmp_path / "a.txt"
    f.write_text("Council approves bridge after long debate, mayor says\n" + BODY)
    (doc,) = read(f)
    assert doc.title == "Council approves bridge after long debate, mayor says"


def test_markdown(tmp_path: Path) -> None:
    f = tmp_path / "story.md"
    f.write_text(
        "---\ndate: 2025-04-08\nsource: Daily Planet\n---\n# Bridge *approved*\n\n"
        "The **council** voted to build a [new bridge](https://x.example/b) ![map](m.png).\n\n"
        "> \"A great day,\" said the _mayor_.\n\n- Cost: 40 million\n"
    )
    (doc,) = read(f)
    assert doc.title == "Bridge approved"
    assert doc.source == "Daily Planet" and doc.published == "2025-04-08"
    assert "The council voted to build a new bridge." in doc.text
    for junk in ("*", "[", "](", "![", "> ", "_mayor_", "- Cost"):
        assert junk not in doc.text
    assert '"A great day," said the mayor.' in doc.text and "Cost: 40 million" in doc.text


def test_html(tmp_path: Path) -> None:
    f = tmp_path / "page.html"
    f.write_text(HTML)
    (doc,) = read(f)
    assert doc.format == "html" and doc.title == "Bridge approved"
    assert doc.source == "The Daily Planet" and doc.published == "2025-04-08"
    assert doc.url == "https://dp.example/bridge" and doc.language == "en"
    assert "new bridge over the river" in doc.text and "Home | World" not in doc.text


def test_html_without_article(tmp_path: Path) -> None:
    f = tmp_path / "empty.htm"
    f.write_text("<html><body><nav>Home</nav></body></html>")
    (rej,) = read(f)
    assert isinstance(rej, Rejection) and rej.origin == str(f) and "no article text" in rej.reason


def test_json_one_record_and_list(tmp_path: Path) -> None:
    one = tmp_path / "one.json"
    one.write_text(json.dumps({"id": "a1", "text": BODY, "headline": "H", "publisher": "P", "date": "April 8, 2025", "lang": "en"}))
    many = tmp_path / "many.json"
    many.write_text(json.dumps([{"text": BODY + " More."}, {"id": "b2", "body": "Other text here.", "source": {"name": "BBC"}}]))
    items = read(one, many)
    a, b, c = docs(items)
    assert (a.id, a.title, a.source, a.published, a.language) == ("a1", "H", "P", "2025-04-08", "en")
    assert len(b.id) == 16 and b.origin == f"{many}[0]"  # content-hash id
    assert c.id == "b2" and c.source == "BBC" and c.text == "Other text here."


def test_jsonl_malformed_line_others_load(tmp_path: Path) -> None:
    f = tmp_path / "feed.jsonl"
    lines = [json.dumps({"id": "x", "text": "First article text."}), "{not json", "", json.dumps({"id": "y"}),
             json.dumps({"id": "z", "text": "Third article text."})]
    f.write_text("\n".join(lines) + "\n")
    items = read(f)
    assert [d.id for d in docs(items)] == ["x", "z"]
    rej = rejections(items)
    assert [r.origin for r in rej] == [f"{f}:2", f"{f}:4"]
    assert "malformed JSON" in rej[0].reason and "no text" in rej[1].reason


def test_empty_and_whitespace(tmp_path: Path) -> None:
    (tmp_path / "e.txt").write_text("")
    (tmp_path / "w.txt").write_text("  \n\t\n")
    r1, r2 = read(tmp_path / "e.txt", tmp_path / "w.txt")
    assert r1.reason == "empty file" and "white space" in r2.reason


def test_binary(tmp_path: Path) -> None:
    f = tmp_path / "b.txt"
    f.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    (rej,) = read(f)
    assert isinstance(rej, Rejection) and "binary" in rej.reason


@pytest.mark.parametrize("encoding", ["latin-1", "cp1252"])
def test_non_utf8_is_decoded(tmp_path: Path, encoding: str) -> None:
    text = "Le café était très bon, à côté de la gare. Über die Straße gehen die Leute. " * 3
    f = tmp_path / "enc.txt"
    f.write_bytes(text.encode(encoding))
    (doc,) = read(f)
    assert isinstance(doc, RawDoc) and "café était très" in doc.text and "Straße" in doc.text


def test_cp1252_quotes_decoded(tmp_path: Path) -> None:
    f = tmp_path / "q.txt"
    f.write_bytes("He said “hello” — it’s fine, the minister said on Tuesday in Paris.".encode("cp1252"))
    (doc,) = read(f)
    assert "“hello” — it’s" in doc.text


def test_oversized(tmp_path: Path) -> None:
    f = tmp_path / "big.txt"
    f.write_text(BODY * 50)
    (rej,) = read(f, max_file_bytes=1000)
    assert isinstance(rej, Rejection)
    assert rej.reason.startswith("file is ") and "over the 1 KB cap (ingest.max_file_bytes)" in rej.reason


def test_text_cap(tmp_path: Path) -> None:
    f = tmp_path / "long.txt"
    f.write_text(BODY * 10)
    (rej,) = read(f, max_text_chars=100)
    assert "ingest.max_text_chars" in rej.reason


def test_missing_and_unsupported(tmp_path: Path) -> None:
    pdf = tmp_path / "x.pdf"
    pdf.write_bytes(b"%PDF-1.4")
    r1, r2 = read(tmp_path / "nope.txt", pdf)
    assert r1.reason == "no such file or directory" and r1.origin.endswith("nope.txt")
    assert "unsupported file type '.pdf'" in r2.reason


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root can read anything")
def test_permission_denied(tmp_path: Path) -> None:
    f = tmp_path / "locked.txt"
    f.write_text(BODY)
    f.chmod(0)
    (rej,) = read(f)
    assert "permission denied" in rej.reason


def test_unreadable_broken_symlink(tmp_path: Path) -> None:
    link = tmp_path / "dangling.txt"
    link.symlink_to(tmp_path / "gone.txt")
    (rej,) = read(link)
    assert isinstance(rej, Rejection) and "cannot read file" in rej.reason


def test_duplicate_file(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(BODY)
    (tmp_path / "b.txt").write_text(BODY)
    a, b = read(tmp_path / "a.txt", tmp_path / "b.txt")
    assert isinstance(a, RawDoc) and b == Rejection(str(tmp_path / "b.txt"), f"duplicate of {tmp_path / 'a.txt'}")


def test_id_disambiguation(tmp_path: Path) -> None:
    (tmp_path / "x").mkdir()
    (tmp_path / "y").mkdir()
    (tmp_path / "x" / "story.txt").write_text(BODY)
    (tmp_path / "y" / "story.txt").write_text(BODY + "An update.\n")
    f = tmp_path / "recs.jsonl"
    f.write_text(json.dumps({"id": "story", "text": "Third text."}) + "\n" + json.dumps({"id": "story", "text": "Third text."}) + "\n")
    items = read(tmp_path)
    assert [d.id for d in docs(items)] == ["story", "story-2", "story-3"]
    (dup,) = rejections(items)
    assert dup.origin == f"{f}:2" and dup.reason == f"duplicate of {f}:1"


def test_folder_walk_sorted_skips_hidden_and_unsupported(tmp_path: Path) -> None:
    (tmp_path / "b.txt").write_text("Bravo text is here.")
    (tmp_path / "a.md").write_text("Alpha text is here.")
    (tmp_path / ".hidden.txt").write_text("Hidden text.")
    (tmp_path / "notes.pdf").write_bytes(b"%PDF")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "c.txt").write_text("Charlie text is here.")
    assert [d.id for d in read(tmp_path)] == ["a", "b", "c"]


def test_seeds_folder() -> None:
    items = read(SEEDS)
    assert len(docs(items)) == 5 and not rejections(items)
    by_id = {d.id: d for d in items}
    assert by_id["001_667c024558ac1ee0"].title.startswith("Ukraine Captures Chinese Nationals")
    assert by_id["000_55a835e9202e45df"].title is None


def test_deeply_nested_json_is_one_clear_rejection(tmp_path):
    from corroborate.ingest import read_inputs
    from corroborate.model import Rejection

    (tmp_path / "deep.json").write_text("[" * 100_000, "utf-8")
    (tmp_path / "deep.jsonl").write_text("[" * 100_000 + "\n" + '{"id": "ok", "text": "A fine article about the vote."}\n', "utf-8")
    items = list(read_inputs([tmp_path], INGEST))
    rejected = [i for i in items if isinstance(i, Rejection)]
    assert {r.origin.rsplit("/", 1)[-1] for r in rejected} == {"deep.json", "deep.jsonl:1"}
    assert all("malformed JSON" in r.reason for r in rejected)
    assert [i.id for i in items if not isinstance(i, Rejection)] == ["ok"]


def test_html_a_year_in_the_text_is_no_publication_date(tmp_path: Path) -> None:
    # a page without date metadata that mentions "2022" and a copyright year: trafilatura's extensive
    # date search would date it 2022-01-01 / 2021-01-01; only the page's own dates count
    f = tmp_path / "undated.html"
    f.write_text(HTML.replace('<meta name="date" content="2025-04-08">', "").replace(
        "since the flood last year", "since the flood of 2022").replace("Contact us", "Copyright 2021"))
    (doc,) = read(f)
    assert doc.published is None and "flood of 2022" in doc.text
