"""TCVN3 (ABC) and VNI text converted to Unicode: the mapping tables letter by letter, the
DOCX font rules, detection by characters, and the fixtures made from the corpus."""
from __future__ import annotations

import csv
import io
import sys
import unicodedata
from pathlib import Path

import pytest
from docx import Document

from pipeline.read import legacy
from pipeline.read.load import load
from pipeline.text.normalize import normalize

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "fixtures" / "legacy"
sys.path.insert(0, str(ROOT / "scripts"))
from make_legacy import identical_chars  # noqa: E402

VOWELS = "aăâeêioôơuưy"
TONES = ("", "\u0300", "\u0309", "\u0303", "\u0301", "\u0323")
ALPHABET = sorted({unicodedata.normalize("NFC", v + t) for v in VOWELS for t in TONES} | {"đ"})


def rows(name: str) -> list[dict]:
    with open(ROOT / "pipeline" / "read" / name, encoding="utf-8") as fh:
        return list(csv.DictReader((ln for ln in fh if not ln.startswith("#")), delimiter="\t"))


TCVN3 = rows("legacy_tcvn3.tsv")
VNI = rows("legacy_vni.tsv")


def test_tables_cover_the_alphabet():
    for table in (TCVN3, VNI):
        letters = [r["unicode"] for r in table]
        assert len(letters) == len(set(letters)) == 2 * len(ALPHABET)  # 73 letters, both cases
        assert set(letters) == set(ALPHABET) | {c.upper() for c in ALPHABET}


@pytest.mark.parametrize("row", TCVN3, ids=lambda r: f"{r['unicode']}-{r['bytes']}-{r['font']}")
def test_tcvn3_letter(row):
    typed = bytes.fromhex(row["bytes"]).decode("cp1252")
    encoding = "tcvn3h" if row["font"] == ".VnTimeH" else "tcvn3"
    assert legacy.decode(typed, encoding) == row["unicode"]
    assert legacy.decode(typed, "tcvn3h") == row["unicode"].upper()  # the capitals font shows capitals
    if row["font"] == ".VnTime":
        assert legacy.encode(row["unicode"], "tcvn3") == typed


@pytest.mark.parametrize("row", VNI, ids=lambda r: f"{r['unicode']}-{r['bytes'].replace(' ', '')}")
def test_vni_letter(row):
    typed = bytes.fromhex(row["bytes"]).decode("cp1252")
    assert legacy.decode(typed, "vni") == row["unicode"]
    assert legacy.encode(row["unicode"], "vni") == typed
    # in a word, after a consonant and before one
    assert legacy.decode(f"ng{typed}n", "vni") == f"ng{row['unicode']}n"


@pytest.mark.parametrize("typed, encoding, expected", [
    ("Céng hoµ x· héi chñ nghÜa ViÖt Nam", "tcvn3", "Cộng hoà xã hội chủ nghĩa Việt Nam"),
    ("§éc lËp - Tù do - H¹nh phóc", "tcvn3", "Độc lập - Tự do - Hạnh phúc"),
    ("Bé Lao ®éng - Th\u00ad¬ng binh vµ X· héi", "tcvn3", "Bộ Lao động - Thương binh và Xã hội"),
    ("kÕ ho¹ch", "tcvn3h", "KẾ HOẠCH"),
    ("NH¢N D¢N", "tcvn3h", "NHÂN DÂN"),
    ("Coäng hoøa xaõ hoäi chuû nghóa Vieät Nam", "vni", "Cộng hòa xã hội chủ nghĩa Việt Nam"),
    ("UÛY BAN NHAÂN DAÂN tænh", "vni", "ỦY BAN NHÂN DÂN tỉnh"),
    ("Ngöôøi, thuôû, Kyø hoïp, Ñaø Naüng", "vni", "Người, thuở, Kỳ họp, Đà Nẵng"),
    ("Aùnh", "vni", "Ánh"),  # a capital with a lower-case tone code
    ("\uf043\uf0e9ng", "tcvn3", "Cộng"),  # Word's private-area codes of an 8-bit font
])
def test_decode_words(typed, encoding, expected):
    assert legacy.decode(typed, encoding) == expected


@pytest.mark.parametrize("font, encoding", [
    (".VnTime", "tcvn3"), (".VnTimeH", "tcvn3h"), (".VnArial", "tcvn3"), (".VnArial NarrowH", "tcvn3h"),
    ("VnTimeH-Bold", "tcvn3h"), ("ABCDEF+.VnTime,Bold", "tcvn3"), ("VNI-Times", "vni"), ("VNI-Helve", "vni"),
    ("Times New Roman", None), ("Arial", None), (None, None),
])
def test_font_names(font, encoding):
    assert legacy.font_encoding(font) == encoding


@pytest.mark.parametrize("text, expected", [
    ("Céng hoµ x· héi chñ nghÜa ViÖt Nam, §éc lËp - Tù do - H¹nh phóc", "tcvn3"),
    ("Coäng hoøa xaõ hoäi chuû nghóa Vieät Nam, Ñoäc laäp - Töï do - Haïnh phuùc", "vni"),
    ("Cộng hòa xã hội chủ nghĩa Việt Nam, Độc lập - Tự do - Hạnh phúc", None),
    ("Bà Hà và bà Lý đi Huế", None),  # Unicode Vietnamese with Latin-1 letters only... and đ
    ("Café crème à la carte, déjà vu, naïve señor", None),
    ("UBND 2025 KH-UBND", None),
])
def test_detect(text, expected):
    assert legacy.detect(text) == expected


def test_recase_and_footnote_mark_in_plain_tcvn3():
    typed = "KÕ HO¹CH\nñy ban nh©n d©n n¨m 2025\u00b9.\n\u00b9. Theo KÕ ho¹ch"
    assert legacy.convert_text(typed, "tcvn3") == "KẾ HOẠCH\nỦy ban nhân dân năm 2025¹.\n¹. Theo Kế hoạch"


def test_restore_lost_u():
    assert legacy.restore_u("Ch-ơng trình, địa ph- ơng, nh sau: tham mu, u tiên; KH-UBND, Lao động - Thơng binh") == \
        "Chương trình, địa phương, như sau: tham mưu, ưu tiên; KH-UBND, Lao động - Thương binh"
    clean = (ROOT / "corpus" / "003_514edecd79b4653f.txt").read_text(encoding="utf-8")
    assert legacy.restore_u(clean) == clean  # nothing to put back in a text that lost nothing


def _docx(runs: list[tuple[str, str | None]], normal_font: str | None = None) -> bytes:
    doc = Document()
    if normal_font:
        doc.styles["Normal"].font.name = normal_font
    p = doc.add_paragraph()
    for text, font in runs:
        r = p.add_run(text)
        if font:
            r.font.name = font
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def test_docx_runs_by_font(tmp_path):
    path = tmp_path / "plan.docx"
    path.write_bytes(_docx([("kÕ ho¹ch", ".VnTimeH"), (" ", None), ("Thùc hiÖn ", ".VnTime"),
                            ("Coä", "VNI-Times"), ("ng hoøa", "VNI-Times"),  # a VNI letter split over two runs
                            (" và Unicode đã có", "Times New Roman")]))
    raw = load(path)
    assert raw.blocks[0].text == "KẾ HOẠCH Thực hiện Cộng hòa và Unicode đã có"
    assert raw.legacy_encoding in ("tcvn3", "vni")


def test_docx_font_from_the_style(tmp_path):
    path = tmp_path / "plan.docx"
    path.write_bytes(_docx([("Céng hoµ x· héi", None), (" TIẾNG VIỆT", "Arial")], normal_font=".VnTime"))
    raw = load(path)
    assert raw.blocks[0].text == "Cộng hoà xã hội TIẾNG VIỆT" and raw.legacy_encoding == "tcvn3"


def test_docx_without_font_names_is_detected(tmp_path):
    path = tmp_path / "plan.docx"
    path.write_bytes(_docx([("Coäng hoøa xaõ hoäi chuû nghóa Vieät Nam", "Times New Roman")]))
    raw = load(path)
    assert raw.blocks[0].text == "Cộng hòa xã hội chủ nghĩa Việt Nam" and raw.legacy_encoding == "vni"


def test_plain_text_in_tcvn3_bytes(tmp_path):
    path = tmp_path / "plan.txt"
    path.write_bytes("KÕ ho¹ch b×nh ®¼ng giíi n¨m 2025 cña Uû ban nh©n d©n".encode("cp1252"))
    raw = load(path)
    assert raw.blocks[0].text == "Kế hoạch bình đẳng giới năm 2025 của Uỷ ban nhân dân"
    assert raw.legacy_encoding == "tcvn3"


def test_unicode_text_is_left_alone():
    raw = load(ROOT / "corpus" / "002_f21cf61eb0bffd5d.txt")
    assert raw.legacy_encoding is None


# --------------------------------------------------------------------------- the fixtures

FIXTURE_FILES = sorted(FIXTURES.glob("*/*"))


def test_fixtures_exist():
    assert len(FIXTURE_FILES) == 30  # 5 plans × {tcvn3, vni} × {docx, pdf, txt}


@pytest.mark.parametrize("path", FIXTURE_FILES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_fixture_decodes_to_the_clean_text(path):
    clean = normalize(load(ROOT / "corpus" / path.name)).text
    raw = load(path)
    assert raw.legacy_encoding == path.parent.name
    assert identical_chars(clean, normalize(raw).text) >= 0.995
