"""OCR of scanned PDFs and images (pipeline/read/ocr*.py) and the post-OCR repair (pipeline/read/ocr_repair.py).

The tests that run Tesseract OCR one scanned fixture (4 pages), one page of a mixed PDF and two
small TIFF frames; ``bench/ocr_quality.py`` covers every fixture.
"""
from __future__ import annotations

import csv
import io
import json
import subprocess
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from PIL import Image

from pipeline.read import ocr, ocr_image, ocr_layout, ocr_needed, ocr_page
from pipeline.read.load import load
from pipeline.models import Block, LoadError
from pipeline.text.normalize import normalize
from pipeline.read.ocr_repair import canon, corrections, repair

ROOT = Path(__file__).resolve().parents[1]
SCANNED = ROOT / "fixtures" / "scanned"
DEVSET_DOCS = ROOT.parent / "shared" / "devset" / "docs"  # absent beside a bare checkout: none read
STEM = "001_e58caa9898b89ec4"  # the shortest plan: 4 pages

needs_tesseract = pytest.mark.skipif(ocr_page._tesseract_status() is not None,
                                     reason=f"no Tesseract with Vietnamese here ({ocr_page._tesseract_status()})")


def cer(text: str, reference: str) -> float:
    from rapidfuzz.distance import Levenshtein

    return Levenshtein.distance(text, reference) / len(reference)


def page_image(pdf: Path, index: int, dpi: int) -> Image.Image:
    doc = pdfium.PdfDocument(pdf)
    try:
        return doc[index].render(scale=dpi / 72, grayscale=True).to_pil().convert("L")
    finally:
        doc.close()


# ------------------------------------------------------------------------------ scanned PDF

@pytest.fixture(scope="module")
def scanned():
    return load(SCANNED / f"{STEM}.pdf")


@needs_tesseract
def test_scanned_pdf_is_read_by_ocr(scanned):
    assert scanned.ocr and scanned.source_format == "pdf" and scanned.pages == 4
    assert scanned.warnings == []
    pages = [b.page for b in scanned.blocks]
    assert pages == sorted(pages) and set(pages) == {1, 2, 3, 4}
    assert {b.kind for b in scanned.blocks} <= {"para", "footnote"}


@needs_tesseract
def test_scanned_text_is_within_two_percent_of_the_clean_text(scanned):
    clean = normalize(load(ROOT / "corpus" / f"{STEM}.txt")).text
    text = normalize(scanned).text
    assert cer(text, clean) <= 0.02
    # the structure the extractors need survives: part headings, one paragraph per line
    assert "\nIII. TỔ CHỨC THỰC HIỆN\n" in text and "bình đẳng giới" in text
    assert abs(text.count("\n") - clean.count("\n")) <= 3


@needs_tesseract
def test_only_the_scanned_pages_of_a_mixed_pdf_are_ocrd(tmp_path, monkeypatch):
    mixed = pdfium.PdfDocument.new()
    mixed.import_pages(pdfium.PdfDocument(ROOT / "corpus" / f"{STEM}.pdf"), [0])
    mixed.import_pages(pdfium.PdfDocument(SCANNED / f"{STEM}.pdf"), [1])
    path = tmp_path / "mixed.pdf"
    mixed.save(path)
    asked = []
    real = ocr.ocr_pdf_pages
    monkeypatch.setattr(ocr, "ocr_pdf_pages", lambda data, pages, *a, **k: asked.append(pages) or real(data, pages, *a, **k))
    raw = load(path)
    assert asked == [[2]]
    assert raw.ocr and raw.pages == 2 and {b.page for b in raw.blocks} == {1, 2}
    first = [b.text for b in raw.blocks if b.page == 1]
    assert first == [b.text for b in load(ROOT / "corpus" / f"{STEM}.pdf").blocks if b.page == 1]
    assert len(" ".join(b.text for b in raw.blocks if b.page == 2)) > 1000


# ------------------------------------------------------------------------------ images

@needs_tesseract
def test_image_files_are_read_by_ocr(tmp_path):
    page = page_image(SCANNED / f"{STEM}.pdf", 0, 300)
    top = page.crop((0, 0, page.width, page.height // 3))
    path = tmp_path / "header.png"
    top.save(path)
    raw = load(path)
    assert raw.ocr and raw.source_format == "image" and raw.pages == 1
    text = normalize(raw).text
    assert "KẾ HOẠCH" in text and "Lâm Thao, ngày" in text

    # a two-page TIFF, the second page scanned at 150 dpi (scaled up before Tesseract reads it)
    second = page_image(SCANNED / f"{STEM}.pdf", 1, 150)
    second = second.crop((0, 0, second.width, second.height // 3))
    tif = tmp_path / "two.tif"
    top.save(tif, save_all=True, append_images=[second], compression="tiff_deflate")
    raw = load(tif)
    assert raw.pages == 2 and [b.page for b in raw.blocks][0] == 1 and {b.page for b in raw.blocks} == {1, 2}
    assert "KẾ HOẠCH" in " ".join(b.text for b in raw.blocks if b.page == 1)
    assert len(" ".join(b.text for b in raw.blocks if b.page == 2)) > 200


def test_damaged_image(tmp_path):
    path = tmp_path / "cut.jpg"
    buf = io.BytesIO()
    Image.new("L", (200, 200), 255).save(buf, "JPEG")
    path.write_bytes(buf.getvalue()[:300])
    with pytest.raises(LoadError, match=r"^cut\.jpg: damaged image \(.*\); get a complete copy"):
        load(path)


# ------------------------------------------------------------------------------ without Tesseract

@pytest.fixture
def no_tesseract(monkeypatch):
    ocr_page._tesseract_status.cache_clear()
    monkeypatch.setattr(ocr_page.shutil, "which", lambda name: None)
    yield
    ocr_page._tesseract_status.cache_clear()


def test_missing_tesseract_names_the_packages(no_tesseract, tmp_path):
    with pytest.raises(LoadError) as err:
        load(SCANNED / f"{STEM}.pdf")
    msg = str(err.value)
    assert msg.startswith(f"{STEM}.pdf: the PDF has no text layer")
    assert "tesseract-ocr and tesseract-ocr-vie" in msg and "\n" not in msg
    path = tmp_path / "page.png"
    Image.new("L", (400, 300), 255).save(path)
    with pytest.raises(LoadError, match=r"^page\.png: an image, whose text needs OCR: .*tesseract-ocr-vie"):
        load(path)


def test_missing_vietnamese_data_names_the_packages(monkeypatch):
    ocr_page._tesseract_status.cache_clear()
    monkeypatch.setattr(ocr_page.shutil, "which", lambda name: "/usr/bin/tesseract")
    monkeypatch.setattr(ocr_page.subprocess, "run", lambda *a, **k: subprocess.CompletedProcess(
        a, 0, "List of available languages (2):\neng\nosd\n", ""))
    try:
        with pytest.raises(LoadError, match=r"Vietnamese data \(vie\).*tesseract-ocr and tesseract-ocr-vie"):
            ocr_page.check_tesseract()
    finally:
        ocr_page._tesseract_status.cache_clear()


def test_a_mixed_pdf_without_tesseract_keeps_its_text_pages(no_tesseract, tmp_path):
    mixed = pdfium.PdfDocument.new()
    mixed.import_pages(pdfium.PdfDocument(ROOT / "corpus" / f"{STEM}.pdf"), [0])
    mixed.import_pages(pdfium.PdfDocument(SCANNED / f"{STEM}.pdf"), [1])
    path = tmp_path / "mixed.pdf"
    mixed.save(path)
    raw = load(path)
    assert not raw.ocr and {b.page for b in raw.blocks} == {1}
    assert len(raw.warnings) == 1 and raw.warnings[0].startswith("page 2 has no text layer and was not OCR'd")


# ------------------------------------------------------------------------------ deskew

@pytest.mark.parametrize("angle", [-3.2, -0.7, 1.1, 4.5])
def test_deskew_recovers_a_known_rotation(angle):
    page = page_image(ROOT / "corpus" / f"{STEM}.pdf", 0, 150)
    turned = page.rotate(angle, resample=Image.BICUBIC, expand=True, fillcolor=255)
    assert abs(ocr_image.estimate_skew(ocr_image.prepare(turned)) - angle) <= 0.3
    straight, found = ocr_image.deskew(ocr_image.prepare(turned))
    assert abs(ocr_image.estimate_skew(straight)) <= 0.3


def test_deskew_finds_the_fixtures_angles():
    angles = json.loads((SCANNED / "angles.json").read_text())[STEM]
    for i, angle in enumerate(angles):
        img = ocr_image.prepare(page_image(SCANNED / f"{STEM}.pdf", i, 150))
        assert abs(ocr_image.estimate_skew(img) - angle) <= 0.3, (i, angle)


def test_a_blank_page_has_no_skew():
    assert ocr_image.estimate_skew(Image.new("L", (600, 800), 255)) == 0.0


# ------------------------------------------------------------------------------ repair

SLIPS = [  # (as Tesseract read it, as the plan has it), from the scanned fixtures
    ("công tác bình đăng giới", "công tác bình đẳng giới"),
    ("Luật Bình đằng giới", "Luật Bình đẳng giới"),
    ("các tố chức chính trị", "các tổ chức chính trị"),
    ("Tố chức tập huấn", "Tổ chức tập huấn"),
    ("công tác tuyên truyên, phổ biến", "công tác tuyên truyền, phổ biến"),
    ("phố biến pháp luật", "phổ biến pháp luật"),
    ("tạo điêu kiện", "tạo điều kiện"),
    ("theo thẩm quyên", "theo thẩm quyền"),
    ("bố nhiệm cán bộ nữ", "bổ nhiệm cán bộ nữ"),
    ("khơi dậy tiêm năng", "khơi dậy tiềm năng"),
    ("Đấy mạnh công tác", "Đẩy mạnh công tác"),
    ("thay đối hành vi", "thay đổi hành vi"),
    ("lông ghép giới", "lồng ghép giới"),
    ("tạo nguôn cán bộ", "tạo nguồn cán bộ"),
    ("cụ thế từng", "cụ thể từng"),
    ("nâng cao năng lục", "nâng cao năng lực"),
    ("Phòng Văn hoá Thông tỉn quận", "Phòng Văn hoá Thông tin quận"),
    ("sinh tại cơ SỞ.", "sinh tại cơ sở."),
    ("TM. UY BAN NHAN DÂN", "TM. ỦY BAN NHÂN DÂN"),
    ("giảm 00%o.", "giảm 00‰."),
    ("Công chức Văn hóa —- Xã hội", "Công chức Văn hóa – Xã hội"),
    ("năm 2019 — 2020", "năm 2019 – 2020"),
    ("Số: KH-UBND Hưng Đạo", "Số: /KH-UBND Hưng Đạo"),
]

RIGHT = [  # correct text that looks like a slip and must stay
    "Ưu tiên bố trí ngân sách",  # not "tiến bộ": "ưu tiên" and "bố trí" are words
    "điều kiện thực tế",  # not "kiến thức"
    "đăng ký kết hôn", "nữ quản lý", "Chỉ thị số 22-CT/TU ngày 10/5/2018",
    "Thường trực HĐND phường", "Lưu: VT, PLĐ.", "Kế hoạch số 1647/KH-BVSTBPN",
    "Ban Vì sự tiến bộ của phụ nữ", "Thành phố Hồ Chí Minh", "Số: 12/KH-UBND",
]


@pytest.mark.parametrize("wrong, right", SLIPS)
def test_repair_fixes_ocr_slips(wrong, right):
    assert repair(wrong) == right


@pytest.mark.parametrize("text", RIGHT)
def test_repair_leaves_correct_text_alone(text):
    assert repair(text) == text


def test_repair_changes_the_clean_plans_only_where_they_hold_a_known_slip():
    with open(ROOT / "extractors" / "rules" / "slips.tsv", encoding="utf-8") as fh:
        slips = {canon(r["wrong"]) for r in csv.DictReader((ln for ln in fh if not ln.startswith("#")),
                                                             delimiter="\t")}
    # slips the plans hold that slips.tsv does not list: a spelling with fewer marks than the
    # far commoner one of the same letters is left out of the lexicon, so the repair sees it
    typos = {("003_514edecd79b4653f.txt", "chi", "chỉ")}  # "chính quyền chi đạo" (chỉ đạo)
    for path in sorted((ROOT / "corpus").glob("*.txt")):
        text = normalize(load(path)).text
        for start, end, new in corrections(text):
            around = canon(text[max(0, start - 12):end + 12])
            assert any(s in around for s in slips) or (path.name, text[start:end], new) in typos, \
                (path.name, text[start:end], new)


def _held_out(stem: str):
    import sys

    sys.path.insert(0, str(ROOT / "scripts"))
    import make_ocr_lexicon

    from pipeline.read.ocr_repair import Lexicon, general_words

    return Lexicon(make_ocr_lexicon.entries(exclude=stem), set(general_words()))


@pytest.mark.parametrize("stem", sorted(p.stem for p in (ROOT / "corpus").glob("*.txt")))
def test_the_repair_does_not_need_the_plan_it_reads(stem):
    """Leave-one-out: with a corpus plan left out of the lexicon (the other plans, the devset,
    the rule files and the general word list kept), every slip is still repaired and correct
    wording left alone."""
    lex = _held_out(stem)
    missed = {w for w, r in SLIPS if repair(w, lex) != r}
    assert missed == NEEDS_THE_PLAN.get(stem, set())
    assert [repair(t, lex) for t in RIGHT] == RIGHT


# "tiềm năng" is written in no other plan of the corpus or devset nor in a rule file
NEEDS_THE_PLAN = {"000_8aafd0e72540f134": {"khơi dậy tiêm năng"}}


@pytest.mark.parametrize("wrong, right", [
    ("Phòng Lao động - Thương bỉnh và Xã hội", "Phòng Lao động - Thương binh và Xã hội"),  # rule files
    ("Trung tâm Y tể huyện", "Trung tâm Y tế huyện"),
    ("Sổ Tài chính tỉnh bố trí kinh phí", "Sở Tài chính tỉnh bố trí kinh phí"),  # an agency's name (n)
    ("giảm thiểu tình trạng tảo hồn", "giảm thiểu tình trạng tảo hôn"),  # the devset
    ("hôn nhân cận huyết thông", "hôn nhân cận huyết thống"),
    ("tỉnh Quảng Nnam", "tỉnh Quảng Nam"),
])
def test_the_lexicon_knows_more_than_the_corpus(wrong, right):
    """Agency and place names the seed plans never write are repaired: the lexicon also comes
    from the rule files, the devset's plans and a general word list (sources y, d, g)."""
    from pipeline.read.ocr_repair import lexicon

    assert {src for _, src in lexicon().grams.values()} >= {"c", "d", "y", "g", "cdy"}
    assert repair(wrong) == right


def test_a_lexicon_word_is_never_changed():
    from pipeline.read.ocr_repair import lexicon

    words = [w for w in lexicon().grams if " " not in w and len(w) > 1][:3000]
    text = " , ".join(words)  # commas: each word stands alone
    assert repair(text) == text


# A speck read as a full stop inside one name or word, a head word's base-letter slip, a speck
# read as a bracket inside an abbreviation or as an underscore after a paragraph's last word:
# (as Tesseract read it, as the plan has it); the first row of each pair is a devset scan's
# sentence, the second another body, word or order.
SPECKS_AND_HEADS = [
    ("8. Đề nghị Ủy ban Mặt trận Tổ quốc Việt Nam huyện, Hội Liên hiệp. Phụ nữ huyện, Huyện đoàn",
     "8. Đề nghị Ủy ban Mặt trận Tổ quốc Việt Nam huyện, Hội Liên hiệp Phụ nữ huyện, Huyện đoàn"),
    ("Giao Liên đoàn. Lao động tỉnh chủ trì, phối hợp", "Giao Liên đoàn Lao động tỉnh chủ trì, phối hợp"),
    ("tổ chức các hoạt động nhân Ngày Gia. đình Việt Nam 28/6;",
     "tổ chức các hoạt động nhân Ngày Gia đình Việt Nam 28/6;"),
    ("tuyên truyền về bình. đẳng giới trong gia đình", "tuyên truyền về bình đẳng giới trong gia đình"),
    ("7. Sử Tư pháp", "7. Sở Tư pháp"),
    ("b) Giao Sử Y tế chủ trì", "b) Giao Sở Y tế chủ trì"),
    ("SỬ LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI", "SỞ LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI"),
    ("- Phối hợp với Sở LĐ-TB&(XH kiện toàn đội ngũ", "- Phối hợp với Sở LĐ-TB&XH kiện toàn đội ngũ"),
    ("Phòng VH&(TT huyện phối hợp", "Phòng VH&TT huyện phối hợp"),
    ("Bùi Thị Hương Giang _", "Bùi Thị Hương Giang"),  # a speck after the signer's name, under the stamp
    ("Trần Văn Bình __", "Trần Văn Bình"),
]

KEPT = [  # full stops that end a sentence or an abbreviation, "sử" that is no head word
    "hoàn thành Kế hoạch. Phụ nữ được hỗ trợ",  # "hoạch phụ nữ" is no name
    "và Hội Cựu chiến binh. Hội Nông dân xã phối hợp",  # two names, not one
    "Phòng Tư pháp. Phòng Văn hóa và Thông tin", "KT. CHỦ TỊCH", "TM. ỦY BAN NHÂN DÂN",
    "TP. Hồ Chí Minh", "ông Nguyễn Văn A. Phó Chủ tịch",
    "Sử dụng kinh phí đúng mục đích", "Lịch sử Tư pháp", "Sở LĐ-TB&XH (b/c);",
    "giảm 5% so với năm 2020 _", "Số: ____",  # an underscore after a number, a blank to fill
]


@pytest.mark.parametrize("wrong, right", SPECKS_AND_HEADS)
def test_repair_drops_specks_and_fixes_head_words(wrong, right):
    assert repair(wrong) == right


@pytest.mark.parametrize("text", KEPT)
def test_repair_keeps_real_stops_and_other_words(text):
    assert repair(text) == text


def test_ocr_head_examples_are_repaired():
    from extractors.rules.schema import read_tsv

    from pipeline.read.ocr_repair import HEADS_FILE

    for row in read_tsv(HEADS_FILE):
        before, after = row["example"].split("→", 1)
        assert row["slip"] in before and repair(before.strip()) == after.split(" (")[0].strip(), row


def test_no_speck_stop_in_the_clean_plans():
    """The clean plans (corpus and devset txt) have no full stop the speck rule would drop."""
    from pipeline.read.ocr_repair import speck_stops

    for path in sorted((ROOT / "corpus").glob("*.txt")) + sorted(DEVSET_DOCS.glob("*.txt")):
        text = normalize(load(path)).text
        assert [text[max(0, k - 30):k + 30] for k in speck_stops(text)] == [], path.name


# ------------------------------------------------------------------------------ page structure

def test_needs_ocr_sees_unreadable_text_layers():
    class Page:
        width, height, images = 595, 842, []

    def lines(text):
        return [{"text": text}]

    assert ocr_needed.needs_ocr(Page(), [])
    assert ocr_needed.needs_ocr(Page(), lines("(cid:12)(cid:40)(cid:7) (cid:3)(cid:9)" * 10))
    assert ocr_needed.needs_ocr(Page(), lines("\ufffd\ufffd \ufffd" * 20 + "ab"))
    assert not ocr_needed.needs_ocr(Page(), lines("Kế hoạch thực hiện công tác bình đẳng giới năm 2025" * 3))
    scan = type("Scan", (Page,), {"images": [{"x0": 0, "x1": 595, "top": 0, "bottom": 842}]})
    assert ocr_needed.needs_ocr(scan(), lines("Trang 1"))  # a stamp over a scanned page
    assert not ocr_needed.needs_ocr(Page(), lines("Trang 1"))


def test_heading_numerals_and_footnote_marks():
    blocks = [Block(t, 1) for t in ("I.MỤC ĐÍCH, YÊU CẦU", "1. Tiếp tục", "II NỘI DUNG THỰC HIỆN",
                                    'Kế hoạch năm 2025". Ủy ban', "HI. TỔ CHỨC THỰC HIỆN",
                                    "II. KINH PHÍ", "HI VỌNG là gì")]
    blocks.append(Block("!. Kế hoạch số 62/KH-UBND ngày 02/4/2025", 1, "footnote"))
    out = ocr.fix_footnote_marks(ocr.fix_roman_headings(blocks))
    assert [b.text for b in out] == [
        "I. MỤC ĐÍCH, YÊU CẦU", "1. Tiếp tục", "II. NỘI DUNG THỰC HIỆN", "Kế hoạch năm 2025¹. Ủy ban",
        "III. TỔ CHỨC THỰC HIỆN", "IV. KINH PHÍ", "HI VỌNG là gì", "¹. Kế hoạch số 62/KH-UBND ngày 02/4/2025"]


def test_paragraphs_from_ocr_lines():
    def line(text, x0, x1, top, par, h=40):
        return {"text": text, "x0": x0, "x1": x1, "top": top, "bottom": top + h, "height": h, "par": par}

    lines = [
        line("2", 1240, 1262, 150, (1, 1)),  # the page number, alone in the top margin
        line("Long Biên, ngày tháng năm 2025", 1300, 2200, 400, (2, 1)),
        line("KẾ HOẠCH", 1100, 1400, 480, (2, 1)),  # centred, under a right-aligned line
        line("- Đẩy mạnh việc lồng ghép yếu tố giới trong hoạch định chính sách và", 500, 2260, 600, (3, 1)),
        line("các chương trình của Bộ Tài chính theo Thông tư số 191/2009/TT-", 380, 2262, 670, (3, 1)),
        line("BTC ngày 01/10/2009.", 380, 900, 740, (3, 1)),
        line("1. Tiếp tục tăng cường sự lãnh đạo", 500, 1500, 840, (3, 1)),
        line("¹ Kế hoạch số 62/KH-UBND", 380, 1200, 3300, (4, 1), h=30),
    ]
    assert ocr_layout.paragraphs(lines, 2520, 3564) == [
        ("Long Biên, ngày tháng năm 2025", "para"),
        ("KẾ HOẠCH", "para"),
        ("- Đẩy mạnh việc lồng ghép yếu tố giới trong hoạch định chính sách và các chương trình của "
         "Bộ Tài chính theo Thông tư số 191/2009/TT-BTC ngày 01/10/2009.", "para"),
        ("1. Tiếp tục tăng cường sự lãnh đạo", "para"),
        ("¹ Kế hoạch số 62/KH-UBND", "footnote"),
    ]


def _line(text, x0, x1, top, bottom, par=(1, 1)):
    return {"text": text, "x0": x0, "x1": x1, "top": top, "bottom": bottom, "height": 50, "par": par}


BODY = [  # lines of one paragraph 80 pixels apart: the page's pitch
    _line("- Phòng Văn hóa và Thông tin chủ trì công tác gia đình, phòng, chống bạo lực", 380, 2250, 1700, 1756),
    _line("gia đình; hướng dẫn các xã thực hiện, tổng hợp và báo cáo kết quả về Ủy ban", 367, 2252, 1780, 1836),
    _line("nhân dân huyện.", 367, 700, 1860, 1916),
]


@pytest.mark.parametrize("lines, want", [
    # the devset scan's line: a speck and the accents of Ủ, Ề lift its top 46 pixels; its
    # bottom is where a line's is, so the next line is no paragraph after a gap
    ([_line("8. Đề nghị Ủy ban Mặt trận Tổ quốc Việt Nam huyện, Hội Liên hiệp. Phụ", 485, 2253, 2099, 2201),
      _line("nữ huyện, Huyện đoàn, Liên đoàn Lao động huyện phối hợp tuyên truyền, vận", 367, 2252, 2225, 2281),
      _line("động đoàn viên, hội viên thực hiện bình đẳng giới.", 367, 1400, 2305, 2365)], 1),
    # another line: the next line's bottom dropped by a descender speck, its top where it belongs
    ([BODY[0], {**BODY[1], "bottom": 1980}, BODY[2]], 1),
    # a blank line between two paragraphs: tops and bottoms both apart
    ([BODY[0], {**BODY[1], "top": 1940, "bottom": 1996}, {**BODY[2], "top": 2020, "bottom": 2076}], 2),
])
def test_a_line_raised_by_its_accents_is_no_gap(lines, want):
    lines = [*BODY[:2], _line("thực hiện.", 367, 700, 1860, 1916)] + [
        {**ln, "top": ln["top"] + 400, "bottom": ln["bottom"] + 400} for ln in lines]
    got = ocr_layout.paragraphs(lines, 2520, 3564)
    assert len(got) == 1 + want, got  # the two body lines and their short last line, then the test's


def _pages(*margins, body="Tổ chức tuyên truyền về bình đẳng giới."):
    return [ocr_page.PageResult(page=i, blocks=[Block(body, i)] + [Block(t, i) for t in m], margin=list(m))
            for i, m in enumerate(margins, 1)]


@pytest.mark.parametrize("pages, kept", [
    # the devset scan's footer on each of its three pages
    (_pages(*[["UBND huyện Krông Năng - Kế hoạch BĐG&VSTBPN năm 2014"]] * 3), []),
    # another header, its page number changing, on three pages of four
    (_pages(["Kế hoạch số 12/KH-UBND - trang 1"], ["Kế hoạch số 12/KH-UBND - trang 2"],
            ["Kế hoạch số 12/KH-UBND - trang 3"], ["Nơi nhận:"]), ["Nơi nhận:"]),
    # two pages: too few to tell a running line from a line that happens to repeat
    (_pages(*[["UBND xã Phú Lộc - Kế hoạch năm 2020"]] * 2), ["UBND xã Phú Lộc - Kế hoạch năm 2020"] * 2),
    # one page's margin line that no other page has
    (_pages(["Ủy ban nhân dân huyện"], [], ["Ủy ban nhân dân xã"]), ["Ủy ban nhân dân huyện", "Ủy ban nhân dân xã"]),
])
def test_running_headers_and_footers_are_dropped(pages, kept):
    body = "Tổ chức tuyên truyền về bình đẳng giới."
    assert [b.text for b in ocr.drop_running_lines(pages) if b.text != body] == kept
    # the same line in the body of a page (not in its margin) stays
    pages[0].margin = []
    assert pages[0].blocks[1:] == [b for b in ocr.drop_running_lines(pages) if b.page == 1][1:]


# ------------------------------------------------------------------------------ the batch

@needs_tesseract
def test_kehoach_extract_ocrs_in_its_per_file_worker_and_exits(tmp_path):
    """The per-file runner is a child process; the OCR workers it starts must not keep it (and
    so the whole run) from exiting."""
    import sys

    import pandas as pd

    page = page_image(SCANNED / f"{STEM}.pdf", 0, 200)
    scan = tmp_path / "in" / "scan.pdf"
    scan.parent.mkdir()
    page.crop((0, 0, page.width, page.height // 3)).save(scan, "PDF", resolution=200.0)
    exe = Path(sys.executable).with_name("kehoach")
    cmd = [str(exe)] if exe.exists() else [sys.executable, "-c", "from pipeline.cli import app; app()"]
    run = subprocess.run(cmd + ["extract", str(scan.parent), "-o", str(tmp_path / "out"), "--quiet"],
                         capture_output=True, text=True, cwd=ROOT, timeout=180)
    assert run.returncode == 0, run.stderr
    docs = pd.read_parquet(tmp_path / "out" / "documents.parquet")
    assert docs["ocr"].tolist() == [True] and docs["source_format"].tolist() == ["pdf"]
    assert "Lâm Thao" in docs["text"].iloc[0]


# ------------------------------------------------------------------------------ ruled tables

DEVSET_SCANS = ROOT.parent / "shared" / "devset" / "renditions"
SERIF = Path("/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf")


def drawn_table(rows: list[list[str]], widths: list[int], font_size: int = 40) -> Image.Image:
    """A 300 dpi page (A4) with a paragraph line, a header underline and a ruled table of
    ``rows`` (one text line a cell) drawn on it."""
    from PIL import ImageDraw, ImageFont

    img = Image.new("L", (2480, 3508), 255)
    d = ImageDraw.Draw(img)
    font = ImageFont.truetype(str(SERIF), font_size)
    d.line((200, 260, 2280, 260), fill=0, width=3)  # a running header's rule: not a table
    d.text((240, 400), "Các chỉ tiêu theo từng năm của kế hoạch:", font=font, fill=0)
    top, x0 = 600, 240
    xs = [x0]
    for w in widths:
        xs.append(xs[-1] + w)
    ys = [top + 110 * k for k in range(len(rows) + 1)]
    for y in ys:
        d.line((xs[0], y, xs[-1], y), fill=0, width=3)
    for x in xs:
        d.line((x, ys[0], x, ys[-1]), fill=0, width=3)
    for r, row in enumerate(rows):
        for c, cell in enumerate(row):
            d.text((xs[c] + 20, ys[r] + 30), cell, font=font, fill=0)
    return img


def test_find_tables_sees_the_rules_of_a_drawn_table():
    img = drawn_table([["TT", "Chỉ tiêu", "2021", "2022"], ["1", "Tỷ lệ", "17", "11"], ["2", "Số thôn", "3", "4"]],
                      [150, 900, 300, 300])
    tables = ocr_page.find_tables(img)
    assert len(tables) == 1  # the header's lone rule is no table
    t = tables[0]
    assert len(t["rules"]) == 4 and [len(c) for c in t["cols"]] == [5, 5, 5]
    assert [round((a + b) / 2) for a, b in t["cols"][0]] == [240, 390, 1290, 1590, 1890]
    assert ocr_page.find_tables(Image.new("L", (2480, 3508), 255)) == []


@needs_tesseract
@pytest.mark.skipif(not SERIF.is_file(), reason="no DejaVu Serif font here")
def test_a_drawn_table_is_read_a_row_a_block():
    rows = [["TT", "Nội dung", "Năm 2024", "Năm 2025"], ["1", "Số lớp tập huấn", "12", "11"],
            ["2", "Tỷ lệ nữ được đào tạo", "45%", "50%"]]
    img = drawn_table(rows, [150, 1000, 400, 400])
    res = ocr.postprocess([ocr_page.ocr_page_image(img, 1)])[0]
    got = [b.text for b in res.blocks if b.kind == "table_row"]
    assert got == [" | ".join(r) for r in rows]
    assert res.blocks[0].kind == "para" and "chỉ tiêu" in res.blocks[0].text


@needs_tesseract
@pytest.mark.skipif(not (DEVSET_SCANS / "x5_lung_cu_2021_scan.pdf").is_file(), reason="no devset renditions")
def test_the_table_of_a_devset_scan_keeps_its_numbers():
    data = (DEVSET_SCANS / "x5_lung_cu_2021_scan.pdf").read_bytes()
    rows = [b.text for r in ocr.ocr_pdf_pages(data, [3], workers=1) for b in r.blocks if b.kind == "table_row"]
    assert rows == ["TT | Chỉ tiêu | ĐVT | Năm 2021 | Năm 2022 | Năm 2023 | Năm 2024 | Năm 2025",
                    "1 | Tỷ lệ cặp tảo hôn trên tổng số cặp kết hôn trong năm (không quá) | % | 17 | 15 | 13 | 11 | 10",
                    "2 | Số thôn duy trì mô hình can thiệp giảm thiểu tảo hôn, hôn nhân cận huyết thống | thôn | 2 | 3 | 4 | 5 | 6"]


@pytest.mark.parametrize("row, want", [
    ("1 | Tỷ lệ | % | 17 | ll | 10", "1 | Tỷ lệ | % | 17 | 11 | 10"),  # ones read as letters
    ("2 | Số lớp | lớp | 3 | I | 5", "2 | Số lớp | lớp | 3 | 1 | 5"),
    ("TT | Chỉ tiêu | Năm 2021", "TT | Chỉ tiêu | Năm 2021"),  # the bars between cells stay
    ("a | Nội dung l | b", "a | Nội dung l | b"),  # no numbers: nothing read as ones
])
def test_table_rows_are_repaired_a_cell_at_a_time(row, want):
    assert ocr.repair_row(row) == want


# ------------------------------------------------------------------------------ memory caps

def test_a_poster_sized_page_is_rendered_within_the_pixel_cap():
    assert ocr_image.render_scale(595, 842) == 300 / 72  # A4 at 300 dpi
    scale = ocr_image.render_scale(14_400, 14_400)  # the largest page PDF allows: 200 inches square
    assert (14_400 * scale) ** 2 <= ocr_image.MAX_PIXELS and scale > 0.4


def test_a_14400_point_page_is_ocrd_downscaled(tmp_path, monkeypatch):
    """A page of the largest size PDF allows, without a text layer, goes to OCR rendered within
    the pixel cap (at 300 dpi it would be 60,000 pixels square: 3.6 GB)."""
    doc = pdfium.PdfDocument.new()
    doc.new_page(14_400, 14_400)
    path = tmp_path / "poster.pdf"
    doc.save(path)
    seen = []

    def fake(img, page):
        seen.append(img.size)
        return ocr_page.PageResult(page=page, blocks=[Block("Kế hoạch", page)])

    monkeypatch.setattr(ocr, "ocr_page_image", fake)
    monkeypatch.setattr(ocr, "check_tesseract", lambda: None)
    res = ocr.ocr_pdf_pages(path.read_bytes(), [1], workers=1, repair=False)
    assert res[0].blocks[0].text == "Kế hoạch"
    (w, h), = seen
    assert w * h <= ocr_image.MAX_PIXELS and w > 5000


def test_a_huge_image_is_a_too_large_error_not_gigabytes(tmp_path):
    """A 12,000 × 12,000 PNG (144 million pixels) is refused from its header, unread."""
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    # the header says 12,000 × 12,000 grey; the data is one compressed row (never decoded)
    png = (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 12_000, 12_000, 8, 0, 0, 0, 0))
           + chunk(b"IDAT", zlib.compress(b"\x00" + b"\xff" * 12_000)) + chunk(b"IEND", b""))
    path = tmp_path / "huge.png"
    path.write_bytes(png)
    with pytest.raises(LoadError, match=r"^huge\.png: the image is too large to read \(12000 × 12000 pixels"):
        load(path)


def test_a_large_image_is_downscaled_before_ocr(monkeypatch):
    big = Image.new("L", (9000, 6000), 255)  # 54 million pixels: over the cap, under the limit
    buf = io.BytesIO()
    big.save(buf, format="PNG")
    seen = []
    monkeypatch.setattr(ocr, "ocr_page_image",
                        lambda img, page: seen.append(img.size) or ocr_page.PageResult(page=page))
    ocr._image_job((buf.getvalue(), 0, 1))
    (w, h), = seen
    assert w * h <= ocr_image.MAX_PIXELS and abs(w / h - 1.5) < 0.01
