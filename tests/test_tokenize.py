"""underthesea words over spaCy tokens: exact offsets, word boundaries from underthesea."""
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize("plan", sorted(p.name for p in (ROOT / "corpus").glob("*.txt")))
def test_tokens_round_trip_the_normalised_text(plan):
    from pipeline.read.load import load
    from pipeline.text.normalize import normalize
    from pipeline.text.tokenize import to_doc

    text = normalize(load(ROOT / "corpus" / plan)).text
    doc = to_doc(text)
    assert doc.text == text
    assert all(text[t.idx:t.idx + len(t.text)] == t.text for t in doc)


@pytest.mark.parametrize("sentence, expected", [
    ("Thực hiện công tác bình đẳng giới năm 2025.",
     [("Thực", True, "Thực hiện"), ("hiện", False, "Thực hiện"), ("công", True, "công tác"),
      ("tác", False, "công tác"), ("bình", True, "bình đẳng"), ("đẳng", False, "bình đẳng"),
      ("giới", True, "giới"), ("năm", True, "năm"), ("2025", True, "2025"), (".", True, ".")]),
    ("Căn cứ Luật số 73/2006/QH11;",
     [("Căn", True, "Căn cứ"), ("cứ", False, "Căn cứ"), ("Luật", True, "Luật số"), ("số", False, "Luật số"),
      ("73/2006", True, "73/2006"), ("/", True, "/"), ("QH11", True, "QH11"), (";", True, ";")]),
])
def test_word_boundaries_come_from_underthesea(sentence, expected):
    from pipeline.text.tokenize import to_doc

    assert [(t.text, t._.word_start, t._.word) for t in to_doc(sentence)] == expected


def _anchors(doc):
    """What the citations read of a Doc: each type anchor followed by a token that starts with a digit."""
    from extractors.citations import _matcher

    return [(doc.vocab.strings[m], doc[s].idx, doc[e].idx) for m, s, e in _matcher()(doc)
            if e < len(doc) and doc[e].text[:1].isdigit()]


def _variants():
    import random

    from pipeline.read.load import load
    from pipeline.text.normalize import normalize

    rnd = random.Random(13)
    for p in sorted((ROOT / "corpus").glob("*.txt")):
        text = normalize(load(p)).text
        yield p.name, text
        yield p.name + " one line", text.replace("\n", " ") * 3  # a paragraph of many 4,000-character pieces
        yield p.name + " upper", text.upper()
        lines = text.split("\n")
        rnd.shuffle(lines)
        yield p.name + " joined", "".join(line + rnd.choice([" ", "", "  ", "\t", ". ", "\n"]) for line in lines)


def test_segmenting_only_the_anchors_stretches_finds_the_same_anchors():
    """``Context.spacy_doc`` has underthesea segment only the stretches where a citation anchor
    can be (``citations.segmented_stretches``); the anchors found are those of a Doc segmented
    throughout, and the text still round-trips."""
    from extractors.citations import segmented_stretches
    from pipeline.text.tokenize import to_doc

    for name, text in _variants():
        doc = to_doc(text, segmented_stretches)
        assert doc[-1].idx + len(doc[-1].text_with_ws) == len(text), name
        assert _anchors(doc) == _anchors(to_doc(text)), name


def test_segmented_stretches_cover_each_anchor():
    from extractors.citations import segmented_stretches

    para = "Căn cứ Quyết định số 12/QĐ-UBND, Kế hoạch 05/KH-UBND và kế hoạch năm 2025; THÔNG TƯ LIÊN TỊCH 07/2011/TTLT"
    # a type's words, "số" or not, and the digit that follows; "kế hoạch năm" is no anchor
    assert [para[s:e] for s, e in segmented_stretches(para)] == ["Quyết định số 1", "Kế hoạch 0",
                                                                 "THÔNG TƯ LIÊN TỊCH 0"]
    assert segmented_stretches("ngày 12/3/2020, ngày 4/5/2021") == []
    assert segmented_stretches("İ Quyết định số 1") is None  # lower-casing changes the length: all of it
