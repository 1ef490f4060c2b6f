"""underthesea words over spaCy tokens: exact offsets, word boundaries from underthesea."""
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize("plan", sorted(p.name for p in (ROOT / "corpus").glob("*.txt")))
def test_tokens_round_trip_the_normalised_text(plan):
    from pipeline.load import load
    from pipeline.normalize import normalize
    from pipeline.tokenize import to_doc

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
    from pipeline.tokenize import to_doc

    assert [(t.text, t._.word_start, t._.word) for t in to_doc(sentence)] == expected
