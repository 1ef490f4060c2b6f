"""Readers that do not depend on who made the file: glyphs in visual order, two-column header
and sign-off blocks read a column at a time (PDF and DOCX), garbled text layers sent to OCR,
.odt/.rtf through LibreOffice, .docm/.dotx as .docx."""
from __future__ import annotations

import shutil
import subprocess

import pytest
from docx import Document
from docx.shared import Pt

from pipeline.run import discover
from pipeline.run import worker as batch
from pipeline.read.load import load
from pipeline.read.ocr_needed import garbled
from pipeline.read.pdf import _read_pdf
from tests.test_load import make_pdf

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
COURIER = 7.2  # points a glyph at 12 pt


# --------------------------------------------------------------------------- glyph order

def _late_glyphs(word_line: str, late: str, x0: float = 85.0, y: float = 700) -> list[tuple]:
    """A line of Courier text whose letters in ``late`` are drawn after the rest of the line, each
    at its own place (a fallback font's glyphs), the others in pieces between them."""
    pieces, objects, start = [], [], None
    for k, ch in enumerate(word_line):
        x = x0 + k * COURIER
        if ch in late:
            objects.append((x, y, 12, ch))
            if start is not None:
                pieces.append((start[0], y, 12, start[1]))
                start = None
        elif ch == " ":
            if start is not None:
                pieces.append((start[0], y, 12, start[1]))
                start = None
        elif start is None:
            start = (x, ch)
        else:
            start = (start[0], start[1] + ch)
    if start is not None:
        pieces.append((start[0], y, 12, start[1]))
    return pieces + objects


@pytest.mark.parametrize("line,late", [
    ("công tác bình đẳng", "ô á"),  # the devset's "công tác", its marked vowels drawn last
    ("Tổ chức thực hiện", ""),  # nothing late: stream order already is the page's
    ("hàng năm báo cáo kết quả", "àáo"),  # another body: several letters late, one a plain "o"
])
def test_glyphs_drawn_after_their_line_are_read_in_place(line, late):
    line = line.encode("latin-1", "replace").decode("latin-1")  # Courier/WinAnsi has no ẳ, ổ, ứ …
    lines = _read_pdf(make_pdf([_late_glyphs(line, late)]))[0][0]
    assert [ln["text"] for ln in lines] == [line]


# --------------------------------------------------------------------------- PDF columns

def _centred(text: str, axis: float, y: float) -> tuple:
    return (axis - len(text) * COURIER / 2, y, 12, text)


@pytest.mark.parametrize("left,right,after", [
    # the devset's header: issuer | motto, number | place and date
    (["UBND XA TAN DINH", "So: 27/KH-UBND"],
     ["CONG HOA XA HOI CHU NGHIA", "Doc lap - Tu do", "Tan Dinh, ngay 14/3/2012"], "KE HOACH"),
    # a sign-off: Noi nhan list | signature, the name alone under the title
    (["Noi nhan:", "- Nhu tren;", "- Luu VT."], ["TM. UY BAN NHAN DAN", "CHU TICH", "Nguyen Van An"], None),
])
def test_two_column_blocks_are_read_a_column_at_a_time(left, right, after):
    y, objects = 800.0, []
    for k in range(max(len(left), len(right))):
        if k < len(left):
            objects.append((60, y, 12, left[k]))
        if k < len(right):
            objects.append(_centred(right[k], 430, y))
        y -= 15
    if after:
        objects.append(_centred(after, 297, y - 20))
    raw = load_bytes(make_pdf([objects]))
    texts = [b.text for b in raw.blocks]
    assert texts == left + right + ([after] if after else [])


def test_a_data_table_keeps_its_rows():
    """Two columns whose right cells are not centred on one axis: a table, read row by row."""
    objects = [(60, 800, 12, "Chi tieu"), (300, 800, 12, "30%"), (60, 785, 12, "Ty le nu"),
               (330, 785, 12, "100% so xa dat chuan"), (60, 770, 12, "Ho tro"), (360, 770, 12, "5")]
    texts = [b.text for b in load_bytes(make_pdf([objects])).blocks]
    assert texts == ["Chi tieu 30%", "Ty le nu 100% so xa dat chuan", "Ho tro 5"]


def load_bytes(data: bytes, suffix: str = ".pdf"):
    import tempfile
    from pathlib import Path

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"plan{suffix}"
        path.write_bytes(data)
        return load(path)


# --------------------------------------------------------------------------- DOCX layout tables

def _borders(table, val: str) -> None:
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    sides = "".join(f'<w:{s} w:val="{val}"/>' for s in ("top", "left", "bottom", "right", "insideH", "insideV"))
    table._tbl.tblPr.append(parse_xml(f"<w:tblBorders {nsdecls('w')}>{sides}</w:tblBorders>"))


def _cell(cell, lines: list[str]) -> None:
    cell.text = lines[0]
    for line in lines[1:]:
        cell.add_paragraph(line)


def _plan_with_tables(tmp_path, border: str, header_in_first_page_header: bool = False):
    doc = Document()
    head = doc.sections[0].first_page_header if header_in_first_page_header else doc
    if header_in_first_page_header:
        doc.sections[0].different_first_page_header_footer = True
    table = head.add_table(rows=2, cols=2, **({"width": Pt(450)} if header_in_first_page_header else {}))
    _borders(table, border)
    _cell(table.cell(0, 0), ["ỦY BAN NHÂN DÂN", "XÃ TÂN DĨNH"])
    _cell(table.cell(0, 1), ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"])
    _cell(table.cell(1, 0), ["Số: 27/KH-UBND"])
    _cell(table.cell(1, 1), ["Tân Dĩnh, ngày 14 tháng 3 năm 2012"])
    doc.add_paragraph("KẾ HOẠCH")
    doc.add_paragraph("Các bộ phận báo cáo kết quả về UBND xã trước ngày 30/11/2012./.")
    sign = doc.add_table(rows=1, cols=2)
    _borders(sign, border)
    _cell(sign.cell(0, 0), ["Nơi nhận:", "- Phòng LĐTB&XH huyện (b/c);", "- Lưu VP."])
    _cell(sign.cell(0, 1), ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH", "(Đã ký)", "Thân Văn Hùng"])
    path = tmp_path / "plan.docx"
    doc.save(path)
    return load(path)


def test_borderless_header_and_signoff_tables_read_by_columns(tmp_path):
    raw = _plan_with_tables(tmp_path, "nil")
    assert [(b.text, b.kind) for b in raw.blocks] == [(t, "para") for t in [
        "ỦY BAN NHÂN DÂN", "XÃ TÂN DĨNH", "Số: 27/KH-UBND", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc", "Tân Dĩnh, ngày 14 tháng 3 năm 2012", "KẾ HOẠCH",
        "Các bộ phận báo cáo kết quả về UBND xã trước ngày 30/11/2012./.", "Nơi nhận:",
        "- Phòng LĐTB&XH huyện (b/c);", "- Lưu VP.", "TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH", "(Đã ký)",
        "Thân Văn Hùng"]]


def test_bordered_tables_keep_their_rows(tmp_path):
    raw = _plan_with_tables(tmp_path, "single")
    assert [(b.text, b.kind) for b in raw.blocks][:2] == [
        ("ỦY BAN NHÂN DÂN XÃ TÂN DĨNH | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự do - Hạnh phúc",
         "table_row"),
        ("Số: 27/KH-UBND | Tân Dĩnh, ngày 14 tháng 3 năm 2012", "table_row")]


def test_header_in_the_first_page_header_comes_first(tmp_path):
    raw = _plan_with_tables(tmp_path, "nil", header_in_first_page_header=True)
    texts = [b.text for b in raw.blocks]
    assert texts[:7] == ["ỦY BAN NHÂN DÂN", "XÃ TÂN DĨNH", "Số: 27/KH-UBND", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
                         "Độc lập - Tự do - Hạnh phúc", "Tân Dĩnh, ngày 14 tháng 3 năm 2012", "KẾ HOẠCH"]


@pytest.mark.parametrize("suffix,main_type", [
    (".docm", "application/vnd.ms-word.document.macroEnabled.main+xml"),
    (".dotx", "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml"),
])
def test_macro_documents_and_templates_read_as_docx(tmp_path, suffix, main_type):
    import io
    import zipfile

    _plan_with_tables(tmp_path, "nil")
    data = (tmp_path / "plan.docx").read_bytes()
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as z, zipfile.ZipFile(out, "w") as w:
        for info in z.infolist():
            body = z.read(info)
            if info.filename == "[Content_Types].xml":
                body = body.replace(b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
                                    main_type.encode())
            w.writestr(info.filename, body)
    raw = load_bytes(out.getvalue(), suffix)
    assert raw.source_format == "docx" and raw.blocks[0].text == "ỦY BAN NHÂN DÂN"
    assert suffix in discover.SUFFIXES and discover.FORMATS[suffix] == "docx"


@pytest.mark.skipif(not SOFFICE, reason="LibreOffice (soffice) is not installed")
@pytest.mark.parametrize("target", ["odt", "rtf"])
def test_odt_and_rtf_read_through_libreoffice(tmp_path, target):
    _plan_with_tables(tmp_path, "nil")
    subprocess.run([SOFFICE, f"-env:UserInstallation=file://{tmp_path}/profile", "--headless", "--convert-to",
                    target, "--outdir", str(tmp_path / "out"), str(tmp_path / "plan.docx")],
                   check=True, capture_output=True, timeout=120)
    raw = load(tmp_path / "out" / f"plan.{target}")
    texts = [b.text for b in raw.blocks]
    assert raw.source_format == "doc"
    assert texts[:3] == ["ỦY BAN NHÂN DÂN", "XÃ TÂN DĨNH", "Số: 27/KH-UBND"] and texts[-1] == "Thân Văn Hùng"
    assert f".{target}" in discover.SUFFIXES and discover.FORMATS[f".{target}"] == "doc"


# --------------------------------------------------------------------------- garbled text layers

BODY = ("Thực hiện Văn bản số 1405/UBND-KGVX ngày 11/4/2024 của UBND tỉnh Phú Thọ về triển khai công tác "
        "bình đẳng giới và vì sự tiến bộ của phụ nữ năm 2024, Ủy ban nhân dân huyện xây dựng Kế hoạch")
OTHER = ("Các phòng, ban, đơn vị và Ủy ban nhân dân các phường báo cáo kết quả thực hiện về Ủy ban nhân dân "
         "quận qua Phòng Lao động - Thương binh và Xã hội trước ngày 10 tháng 11 hằng năm")


@pytest.mark.parametrize("text,why", [
    (BODY, None),
    (OTHER, None),
    (BODY.encode("utf-8").decode("cp1252", "replace"), "mojibake (UTF-8 read as Windows-1252)"),
    (OTHER.encode("utf-8").decode("cp1252", "replace"), "mojibake (UTF-8 read as Windows-1252)"),
    # the devset's fallback-font line as PDFium's stream order gives it
    ("Th c hi n Văn b n s 1405/UBND-KGVX, ngày 11/4/2024 c a UBND t nh Phú Th v tri n khai công tác bình đ ng "
     "gi i và vì s ti n b c a ph n năm 2024 ự ệ ả ố ủ ỉ ọ ề ể ẳ ớ ự ế ộ ủ ụ ữ", "letters out of order (lone accented vowels)"),
    ("Các phòng, ban, đ n v và y ban nhân dân các ph ng báo cáo k t qu th c hi n v y ban nhân dân qu n qua "
     "Phòng Lao đ ng ơ ị Ủ ườ ế ả ự ệ ề Ủ ậ ộ", "letters out of order (lone accented vowels)"),
    ("c«ng t¸c b×nh ®¼ng giíi vµ v× sù tiÕn bé cña phô n÷ " * 3, None),  # TCVN3: converted later, not OCR'd
])
def test_garbled_text_layer(text, why):
    assert garbled([{"text": text}]) == why


# --------------------------------------------------------------------------- structure without a heading word

DECISION = """UBND HUYỆN TIỂU CẦN
Số: 15/QĐ-UBND
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Tiểu Cần, ngày 12 tháng 01 năm 2024
Về việc ban hành Kế hoạch thực hiện công tác bình đẳng giới năm 2024
Căn cứ Luật Bình đẳng giới ngày 29 tháng 11 năm 2006;
Điều 1. Ban hành kèm theo Quyết định này Kế hoạch thực hiện công tác bình đẳng giới năm 2024.
Điều 2. Quyết định có hiệu lực kể từ ngày ký.
Nơi nhận:
- Như Điều 2;
- Lưu: VT.
KT. CHỦ TỊCH
PHÓ CHỦ TỊCH
Trần Văn Bình
ỦY BAN NHÂN DÂN HUYỆN TIỂU CẦN
KẾ HOẠCH
Thực hiện công tác bình đẳng giới năm 2024
(Ban hành kèm theo Quyết định số 15/QĐ-UBND ngày 12/01/2024 của UBND huyện)
I. MỤC ĐÍCH, YÊU CẦU
1. Nâng cao nhận thức về bình đẳng giới.
"""


@pytest.mark.parametrize("stem, symbol, kind", [
    ("x5_lung_cu_2021", "36/KH-UBND", "Kế hoạch"),  # the devset plan, its "KẾ HOẠCH" line lost
    ("h3_kien_xuong_2023", None, "Kế hoạch"),  # a number left blank: "Số: /KH-UBND"
])
def test_a_plan_without_its_heading_word_keeps_its_header_and_kind(tmp_path, stem, symbol, kind):
    from pathlib import Path

    from pipeline.text.normalize import normalize
    from pipeline.text.structure import Structure

    src = Path(__file__).resolve().parents[2] / "shared" / "devset" / "docs" / f"{stem}.txt"
    if not src.is_file():
        pytest.skip("no devset beside the repository")
    text = "\n".join(ln for ln in src.read_text(encoding="utf-8").split("\n") if ln.strip() != "KẾ HOẠCH")
    path = tmp_path / f"{stem}.txt"
    path.write_text(text, encoding="utf-8")
    st = Structure(normalize(load(path)))
    first_preamble = st.part_of.index("preamble")
    assert set(st.part_of[:first_preamble]) == {"header"} and first_preamble >= 2
    ex = batch.extract_file(path)
    assert ex.meta.doc_type == kind and ex.meta.doc_number == symbol


@pytest.mark.parametrize("symbol, kind", [
    ("Số: 12/KH-UBND", "Kế hoạch"), ("Số: 1245/QĐ-UBND", "Quyết định"), ("| Số: /HD-BVSTBPN | Mộc Châu", "Hướng dẫn"),
    ("Số: 15/CTr-UBND", "Chương trình"), ("Số lượng: 12", None), ("Căn cứ Quyết định số 15/QĐ-UBND", None),
])
def test_the_kind_comes_from_the_symbol(symbol, kind):
    from pipeline.text.structure import kind_from_symbol

    assert kind_from_symbol(symbol) == kind


def test_a_decision_without_its_heading_word_keeps_its_attached_plan(tmp_path):
    """A decision whose "QUYẾT ĐỊNH" line is lost (its kind from ``/QĐ-``): the plan after
    its signature is read with its own header, title and numbered body."""
    from pipeline.text.normalize import normalize
    from pipeline.text.structure import Structure

    path = tmp_path / "decision.txt"
    path.write_text(DECISION, encoding="utf-8")
    st = Structure(normalize(load(path)))
    parts = dict(zip((p.text for p in st.paras), st.part_of))
    assert parts["Số: 15/QĐ-UBND"] == "header" and parts["KT. CHỦ TỊCH"] == "signature"
    assert parts["ỦY BAN NHÂN DÂN HUYỆN TIỂU CẦN"] == "header" and parts["KẾ HOẠCH"] == "title"
    assert [s.path for s in st.sections] == ["I", "I.1"]
