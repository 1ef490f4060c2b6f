"""Loaders: the .docx and .pdf renditions of every corpus plan read back as the .txt does, and
every unreadable file fails with a LoadError a person can act on."""
from __future__ import annotations

import difflib
import functools
import hashlib
import re
import sys
import zipfile
from collections import Counter
from pathlib import Path

import pytest
from docx import Document
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import parse_xml

from pipeline.read.load import load
from pipeline.models import LoadError
from pipeline.text.normalize import normalize

CORPUS = Path(__file__).resolve().parent.parent / "corpus"
STEMS = sorted(p.stem for p in CORPUS.glob("*.txt"))
FN_PLAN = "002_f21cf61eb0bffd5d"

# Sentences every rendition must carry verbatim (after normalisation).
KEY_SENTENCES = {
    "000_8aafd0e72540f134": [
        "Quyết định số 938/QĐ-TTg ngày 30/6/2017 của Thủ tướng chính phủ",
        "các văn bản của Trung ương, Thành phố, Quận",  # rejoined across the page break in the .txt
        "Báo cáo 6 tháng trước ngày 25/5/2025; Báo cáo năm trước ngày 25/11/2025.",
    ],
    "001_e58caa9898b89ec4": [
        "Thực hiện Văn bản số 1405/UBND-KGVX, ngày 11/4/2024 của UBND tỉnh Phú Thọ",
        "(qua phòng Lao động - Thương binh và Xã hội) trước ngày 15/11/2024 để tổng hợp",
        "Thực hiện công tác bình đẳng giới và vì sự tiến bộ của phụ nữ huyện Lâm Thao năm 2024",
    ],
    "002_f21cf61eb0bffd5d": [
        "Phần đầu có 40% nữ tham gia lãnh đạo, quản lý",
        "trên địa bàn Thành phố Kon Tum năm 2025¹. Ủy ban nhân dân phường",
        "Tỷ suất sinh ở vị thành niên giảm 00‰.",
    ],
    "003_514edecd79b4653f": [
        "trước ngày 05 tháng 11 hàng năm",
        "Quyết định 1696/QĐ-TTg và Quyết định 178/QĐ-TTg",
        "Chương trình mục tiêu Phát triển hệ thống trợ giúp xã hội giai đoạn 2016-2020:",
    ],
    "004_3d6bf184eeb54370": [
        "Thực hiện Kế hoạch số 67/ KH-UBND ngày 14/02/2026 của UBND thành phố Hà Nội",
        "Tháng hành động vì bình đẳng giới (15/11–15/12)",
        "Căn cứ Luật Bình đẳng giới số 73/2006/QH11;",
    ],
}

# Lines that must stay lines of their own: signature block, recipients, header.
OWN_LINES = {
    "000_8aafd0e72540f134": ["TM. ỦY BAN NHÂN DÂN", "KT.CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Nơi nhận:",
                             "- UBND các phường;", "Nguyễn Thị Thanh Hằng", "KẾ HOẠCH"],
    "001_e58caa9898b89ec4": ["KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Ngô Đức Sáu", "- TT: HU, HĐND huyện;",
                             "III. TỔ CHỨC THỰC HIỆN", "Nơi nhận:"],
    "002_f21cf61eb0bffd5d": ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Trần Thị Long"],
    "003_514edecd79b4653f": ["Số: 2021/KH-UBND", "Gò Vấp, ngày 08 tháng 5 năm 2019", "KT. CHỦ TỊCH",
                             "Thành viên Ban VSTBPN & BDG quận;", "- Điều phối các hoạt động của Kế hoạch;"],
    "004_3d6bf184eeb54370": ["ỦY BAN NHÂN DÂN CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
                             "XÃ HƯNG ĐẠO Độc lập - Tự do - Hạnh phúc",
                             "Số: /KH-UBND Hưng Đạo, ngày tháng năm 2026", "Đỗ Hồng Sơn"],
}

# the PDF reads a two-column header a column at a time (the txt has the cells side by side)
OWN_LINES_PDF = {
    "004_3d6bf184eeb54370": ["XÃ HƯNG ĐẠO", "Độc lập - Tự do - Hạnh phúc", "Số: /KH-UBND",
                             "Hưng Đạo, ngày tháng năm 2026", "Đỗ Hồng Sơn"],
}


@functools.cache
def loaded(stem: str, ext: str):
    raw = load(CORPUS / f"{stem}.{ext}")
    return raw, normalize(raw)


def word_overlap(a: str, b: str) -> float:
    ca, cb = Counter(a.split()), Counter(b.split())
    return sum((ca & cb).values()) / max(sum(ca.values()), sum(cb.values()))


def test_corpus_has_every_rendition():
    assert len(STEMS) == 5
    for stem in STEMS:
        for ext in ("docx", "pdf"):
            assert (CORPUS / f"{stem}.{ext}").stat().st_size > 10_000


@pytest.mark.parametrize("ext", ["docx", "pdf"])
@pytest.mark.parametrize("stem", STEMS)
def test_rendition_reads_as_the_txt(stem, ext):
    ref = loaded(stem, "txt")[1].text
    got = loaded(stem, ext)[1].text
    assert word_overlap(ref, got) >= 0.98
    paragraphs = difflib.SequenceMatcher(None, ref.split("\n"), got.split("\n"), autojunk=False)
    # a PDF reads a two-column header a column at a time; 004's txt has the cells side by side
    assert paragraphs.ratio() >= (0.94 if ext == "pdf" else 0.95)


@pytest.mark.parametrize("ext", ["txt", "docx", "pdf"])
@pytest.mark.parametrize("stem", STEMS)
def test_key_sentences_and_own_lines(stem, ext):
    doc = loaded(stem, ext)[1]
    for sentence in KEY_SENTENCES[stem]:
        assert sentence in doc.text
    lines = set(doc.text.split("\n"))
    for line in (OWN_LINES_PDF if ext == "pdf" else {}).get(stem, OWN_LINES[stem]):
        assert line in lines
    assert "Bình đẳng giới" in doc.text


@pytest.mark.parametrize("ext", ["txt", "docx", "pdf"])
@pytest.mark.parametrize("stem", STEMS)
def test_no_markup_survives(stem, ext):
    doc = loaded(stem, ext)[1]
    assert "*" not in doc.text  # the corpus has no literal asterisks, only Markdown emphasis
    assert not re.search(r"^#", doc.text, re.M)


@pytest.mark.parametrize("stem", STEMS)
def test_pdf_pages(stem):
    raw, doc = loaded(stem, "pdf")
    assert raw.source_format == "pdf" and raw.pages > 1
    pages = [b.page for b in raw.blocks]
    assert all(1 <= p <= raw.pages for p in pages)
    assert pages == sorted(pages) and pages[-1] == raw.pages
    assert set(pages) == set(range(1, raw.pages + 1))
    assert all(ln.page is not None for ln in doc.lines)
    page_number = re.compile(r"^(-\s*)?((Trang|Page)\s+)?\d{1,3}(\s*-)?$")
    assert not [ln for ln in doc.text.split("\n") if page_number.match(ln)]


@pytest.mark.parametrize("ext", ["txt", "docx"])
@pytest.mark.parametrize("stem", STEMS)
def test_pageless_formats(stem, ext):
    raw = loaded(stem, ext)[0]
    assert raw.source_format == ext and raw.pages is None
    assert all(b.page is None for b in raw.blocks)


@pytest.mark.parametrize("ext", ["txt", "docx", "pdf"])
def test_footnote_of_002(ext):
    raw, doc = loaded(FN_PLAN, ext)
    notes = [doc.text[ln.start:ln.end] for ln in doc.lines if ln.kind == "footnote"]
    assert notes == ["¹. Kế hoạch số 62/KH-UBND ngày 02/4/2025 của UBND thành phố về triển khai thực "
                     "hiện Chiến lược quốc gia về bình đẳng giới trên địa bàn Thành phố Kon Tum năm 2025."]
    at = next(i for i, ln in enumerate(doc.lines) if ln.kind == "footnote")  # where it was typed
    before, after = doc.lines[at - 1], doc.lines[at + 1]
    assert doc.text[before.start:before.end].startswith("- Chỉ tiêu 2: Giảm tỷ trọng lao động nữ")
    assert doc.text[after.start:after.end].startswith("- Chỉ tiêu 3: Tỷ lệ nữ giám đốc")
    if ext == "pdf":
        assert next(b for b in raw.blocks if b.kind == "footnote").page == 1


# --------------------------------------------------------------------------- text files


def test_markdown_and_lines(tmp_path):
    p = tmp_path / "plan.md"
    p.write_bytes(
        "\ufeff## **KẾ HOẠCH**  \r\n**Thực hiện công tác\r\nbình đẳng giới**\r\n\r\n"
        "Nội dung *nghiêng* và ***đậm nghiêng*** năm 2025².\n\n"
        "Nơi nhận:\n- Sở Nội vụ;\n- Lưu: VT.\n\n"
        "². Quyết định số 938/QĐ-TTg.\ncòn tiếp\n".encode("utf-8")
    )
    raw = load(p)
    assert raw.source_format == "md" and raw.pages is None
    assert [(b.text, b.kind) for b in raw.blocks] == [
        ("KẾ HOẠCH", "para"), ("Thực hiện công tác", "para"), ("bình đẳng giới", "para"),
        ("Nội dung nghiêng và đậm nghiêng năm 2025².", "para"),
        ("Nơi nhận:", "para"), ("- Sở Nội vụ;", "para"), ("- Lưu: VT.", "para"),
        ("². Quyết định số 938/QĐ-TTg.", "footnote"), ("còn tiếp", "footnote"),
    ]


def test_literal_asterisk_kept(tmp_path):
    p = tmp_path / "a.txt"
    p.write_text("Chỉ tiêu (*) xem ghi chú * cuối trang\n", encoding="utf-8")
    assert load(p).blocks[0].text == "Chỉ tiêu (*) xem ghi chú * cuối trang"


# --------------------------------------------------------------------------- DOCX features

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _add_numbering(doc) -> None:
    """numId 101: I. / 1. / a) on levels 0-2; numId 102: bullets."""
    numbering = doc.part.numbering_part.element
    levels = [("upperRoman", "%1."), ("decimal", "%2."), ("lowerLetter", "%3)")]
    lvls = "".join(
        f'<w:lvl w:ilvl="{i}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/>'
        f'<w:lvlText w:val="{text}"/><w:suff w:val="space"/></w:lvl>'
        for i, (fmt, text) in enumerate(levels)
    )
    first_num = numbering.find(f"{{{W}}}num")
    for xml in (
        f'<w:abstractNum xmlns:w="{W}" w:abstractNumId="90">{lvls}</w:abstractNum>',
        f'<w:abstractNum xmlns:w="{W}" w:abstractNumId="91"><w:lvl w:ilvl="0"><w:start w:val="1"/>'
        f'<w:numFmt w:val="bullet"/><w:lvlText w:val="\uf0b7"/></w:lvl></w:abstractNum>',
    ):
        first_num.addprevious(parse_xml(xml))
    for num_id, abstract in (("101", "90"), ("102", "91")):
        numbering.append(parse_xml(
            f'<w:num xmlns:w="{W}" w:numId="{num_id}"><w:abstractNumId w:val="{abstract}"/></w:num>'))


def _numbered(doc, text: str, num_id: str, ilvl: int):
    p = doc.add_paragraph(text)
    p._p.get_or_add_pPr().append(parse_xml(
        f'<w:numPr xmlns:w="{W}"><w:ilvl w:val="{ilvl}"/><w:numId w:val="{num_id}"/></w:numPr>'))
    return p


def _add_footnote(doc, paragraph, text: str) -> None:
    xml = (f'<w:footnotes xmlns:w="{W}">'
           '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>'
           '<w:footnote w:id="1"><w:p><w:r><w:rPr><w:vertAlign w:val="superscript"/></w:rPr>'
           f'<w:footnoteRef/></w:r><w:r><w:t xml:space="preserve"> {text}</w:t></w:r></w:p></w:footnote>'
           '</w:footnotes>')
    part = Part(PackURI("/word/footnotes.xml"),
                "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml",
                xml.encode(), doc.part.package)
    doc.part.relate_to(part, RT.FOOTNOTES)
    paragraph._p.append(parse_xml(
        f'<w:r xmlns:w="{W}"><w:rPr><w:vertAlign w:val="superscript"/></w:rPr>'
        '<w:footnoteReference w:id="1"/></w:r>'))


def test_docx_structure(tmp_path):
    doc = Document()
    _add_numbering(doc)
    doc.sections[0].header.paragraphs[0].text = "Đầu trang lặp lại"
    doc.sections[0].footer.paragraphs[0].text = "Chân trang 1"
    title = doc.add_paragraph()
    title.add_run("KẾ HOẠCH").add_break()
    title.add_run("Thực hiện công tác bình đẳng giới")
    _numbered(doc, "MỤC ĐÍCH, YÊU CẦU", "101", 0)
    _numbered(doc, "Mục đích", "101", 1)
    _numbered(doc, "Hoạt động một", "101", 2)
    _numbered(doc, "Hoạt động hai", "101", 2)
    _numbered(doc, "Yêu cầu", "101", 1)
    _numbered(doc, "NỘI DUNG", "101", 0)
    _numbered(doc, "Tuyên truyền", "101", 1)
    _numbered(doc, "Gạch đầu dòng", "102", 0)
    doc.add_paragraph("Danh sách theo kiểu", style="List Number")
    doc.add_paragraph("- Gõ tay giữ nguyên")
    body = doc.add_paragraph("Thực hiện Kế hoạch năm 2025")
    body.add_run("1").font.superscript = True
    body.add_run(".")
    note = doc.add_paragraph()
    note.add_run("1").font.superscript = True
    note.add_run(". Kế hoạch số 62/KH-UBND.")
    table = doc.add_table(rows=2, cols=3)
    for cell, text in zip(table.rows[0].cells, ["TT", "Nội dung", "Cơ quan chủ trì"]):
        cell.text = text
    table.cell(1, 0).text = "1"
    table.cell(1, 1).merge(table.cell(1, 2)).text = "Tuyên truyền"
    cited = doc.add_paragraph("Căn cứ Quyết định số 938")
    _add_footnote(doc, cited, "Quyết định số 938/QĐ-TTg ngày 30/6/2017.")
    doc.add_paragraph("Hết.")
    path = tmp_path / "plan.docx"
    doc.save(path)

    raw = load(path)
    assert raw.source_format == "docx" and raw.pages is None
    assert [(b.text, b.kind) for b in raw.blocks] == [
        ("KẾ HOẠCH", "para"),
        ("Thực hiện công tác bình đẳng giới", "para"),
        ("I. MỤC ĐÍCH, YÊU CẦU", "para"),
        ("1. Mục đích", "para"),
        ("a) Hoạt động một", "para"),
        ("b) Hoạt động hai", "para"),
        ("2. Yêu cầu", "para"),
        ("II. NỘI DUNG", "para"),
        ("1. Tuyên truyền", "para"),
        ("- Gạch đầu dòng", "para"),
        ("1. Danh sách theo kiểu", "para"),
        ("- Gõ tay giữ nguyên", "para"),
        ("Thực hiện Kế hoạch năm 2025¹.", "para"),
        ("¹. Kế hoạch số 62/KH-UBND.", "footnote"),
        ("TT | Nội dung | Cơ quan chủ trì", "table_row"),
        ("1 | Tuyên truyền", "table_row"),
        ("Căn cứ Quyết định số 938¹", "para"),
        ("¹ Quyết định số 938/QĐ-TTg ngày 30/6/2017.", "footnote"),
        ("Hết.", "para"),
    ]


# --------------------------------------------------------------------------- PDF features


def make_pdf(pages: list[list[tuple]], encrypt: str = "") -> bytes:
    """A PDF with Courier text: each page a list of (x, y, size, text[, rise]); with
    ``encrypt``, an /Encrypt dictionary and file ID go in the trailer."""
    objects = ["<< /Type /Catalog /Pages 2 0 R >>", None,
               "<< /Type /Font /Subtype /Type1 /BaseFont /Courier /Encoding /WinAnsiEncoding >>"]
    kids = []
    for lines in pages:
        ops = "".join(
            f"BT /F1 {size} Tf {rest[0] if rest else 0} Ts 1 0 0 1 {x} {y} Tm ({text}) Tj ET\n"
            for x, y, size, text, *rest in lines
        ).encode("latin-1")
        objects.append(f"<< /Length {len(ops)} >>\nstream\n{ops.decode('latin-1')}endstream")
        objects.append(f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents "
                       f"{len(objects)} 0 R /Resources << /Font << /F1 3 0 R >> >> >>")
        kids.append(f"{len(objects)} 0 R")
    objects[1] = f"<< /Type /Pages /Kids [{' '.join(kids)}] /Count {len(kids)} >>"
    trailer = ""
    if encrypt:
        objects.append(encrypt)
        trailer = f"/Encrypt {len(objects)} 0 R /ID [<{'30' * 16}><{'30' * 16}>]"
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for i, obj in enumerate(objects, 1):
        offsets.append(len(out))
        out += f"{i} 0 obj\n{obj}\nendobj\n".encode("latin-1")
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += "".join(f"{o:010d} 00000 n \n" for o in offsets).encode()
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R {trailer}>>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


FILLER = ("cac co quan don vi trien khai thuc hien ke hoach nay bao cao ket qua ve uy ban "
          "nhan dan truoc ngay quy dinh tang cuong tuyen truyen binh dang gioi ").split()


def _body(first: str, n_lines: int, seed: int) -> list[str]:
    """Lines of exactly 60 characters (Courier: all lines of a paragraph end at one margin)."""
    words = first.split() + (FILLER[seed:] + FILLER[:seed]) * 3
    lines, line = [], ""
    for w in words:
        if len(line) + len(w) + 1 > 60:
            lines.append(line.replace(" ", "  ", 60 - len(line)))
            line = w
        else:
            line = f"{line} {w}".strip()
    return lines[:n_lines]


def test_pdf_running_lines_page_numbers_and_footnotes(tmp_path):
    pages = []
    for n, number in enumerate(["1", "- 2 -", "Trang 3"], 1):
        lines = [(200, 800, 9, "UBND XA HUNG DAO - KE HOACH 2025")]
        y = 760
        for p in range(2):
            para = _body(f"Doan {n}.{p} mo dau", 3, seed=7 * n + 3 * p)
            lines.append((113, y, 12, para[0][:56]))
            for text in para[1:]:
                y -= 14
                lines.append((85, y, 12, text))
            y -= 14
            lines.append((85, y, 12, "het doan."))
            y -= 24
        if n == 1:
            lines += [(85, y, 12, "Quyet dinh so 938 nam 2017"), (272.2, y, 7, "1", 4),
                      (85, 80, 9, "1 Quyet dinh so 938/QD-TTg ngay 30/6/2017 cua Thu tuong Chinh phu phe duyet De"),
                      (85, 69, 9, "an tuyen truyen.")]
        lines.append((290, 30, 10, number))
        pages.append(lines)
    path = tmp_path / "plan.pdf"
    path.write_bytes(make_pdf(pages))

    raw = load(path)
    assert raw.pages == 3 and raw.warnings == []
    texts = [b.text for b in raw.blocks]
    assert not [t for t in texts if "UBND XA" in t or re.fullmatch(r"(- )?(Trang )?\d( -)?", t)]
    assert [b.page for b in raw.blocks] == [1] * 4 + [2] * 2 + [3] * 2
    assert [t.split()[:2] + t.split()[-2:] for t in texts if t.startswith("Doan")] == [
        ["Doan", f"{n}.{p}", "het", "doan."] for n in (1, 2, 3) for p in (0, 1)]
    assert texts[2] == "Quyet dinh so 938 nam 2017¹"
    assert (texts[3], raw.blocks[3].kind) == (
        "¹ Quyet dinh so 938/QD-TTg ngay 30/6/2017 cua Thu tuong Chinh phu phe duyet De an tuyen truyen.",
        "footnote")
    assert all(b.kind == "para" for b in raw.blocks[:3] + raw.blocks[4:])


def test_pdf_without_text_layer_needs_ocr(tmp_path):
    path = tmp_path / "scan.pdf"
    path.write_bytes(make_pdf([[]]).replace(b"/Length 0 >>\nstream\n",
                                            b"/Length 0 >>\nstream\n0 0 1 rg 50 50 200 200 re f\n"))
    with pytest.raises(LoadError, match="no text layer and OCR found no text"):
        load(path)


def _rc4(key: bytes, data: bytes) -> bytes:
    s, j = list(range(256)), 0
    for i in range(256):
        j = (j + s[i] + key[i % len(key)]) % 256
        s[i], s[j] = s[j], s[i]
    out, i, j = bytearray(), 0, 0
    for byte in data:
        i = (i + 1) % 256
        j = (j + s[i]) % 256
        s[i], s[j] = s[j], s[i]
        out.append(byte ^ s[(s[i] + s[j]) % 256])
    return bytes(out)


def test_pdf_with_a_password(tmp_path):
    """Standard security handler, revision 2 (40-bit RC4), user password "secret"."""
    pad = bytes.fromhex("28BF4E5E4E758A4164004E56FFFA01082E2E00B6D0683E802F0CA9FE6453697A")
    secret = (b"secret" + pad)[:32]
    owner = _rc4(hashlib.md5(secret).digest()[:5], secret)
    key = hashlib.md5(secret + owner + (-4).to_bytes(4, "little", signed=True) + b"0" * 16).digest()[:5]
    encrypt = (f"<< /Filter /Standard /V 1 /R 2 /P -4 /O <{owner.hex()}> "
               f"/U <{_rc4(key, pad).hex()}> >>")
    path = tmp_path / "locked.pdf"
    path.write_bytes(make_pdf([[(85, 700, 12, "Ke hoach")]], encrypt=encrypt))
    with pytest.raises(LoadError, match=r"^locked\.pdf: the PDF is password-protected; ask for an "
                                        r"unprotected copy$"):
        load(path)


# --------------------------------------------------------------------------- PDF text layer (PDFium)

# Per corpus PDF: pages, blocks, and each paragraph cut by a page break: (its page, how its first
# half ends, how the next page goes on).
PDF_FACTS = {
    "000_8aafd0e72540f134": (7, 97, [(3, "thực hiện pháp luật, chính sách",
                                      "liên quan đến bình đẳng giới và phụ nữ,"),
                                     (5, "phòng, chống bạo lực học đường vào các",
                                      "cấp học, bậc học và các hoạt động")]),
    "001_e58caa9898b89ec4": (4, 58, [(3, "phối hợp với các đơn vị, phòng, ngành, các cơ",
                                      "quan, tổ chức có liên quan phát hiện sớm")]),
    "002_f21cf61eb0bffd5d": (6, 89, []),
    "003_514edecd79b4653f": (8, 123, [(1, "trách nhiệm của người đứng đầu các cơ",
                                       "quan, đơn vị đối với việc tham mưu")]),
    "004_3d6bf184eeb54370": (6, 87, [(3, "Tháng hành động vì bình đẳng giới và",
                                      "phòng ngừa, ứng phó với bạo lực trên cơ")]),
}


@pytest.mark.parametrize("stem", STEMS)
def test_pdf_text_layer_is_read_with_pdfium(stem, monkeypatch):
    for module in ("pdfplumber", "pdfminer"):  # the PDF loader needs neither
        monkeypatch.setitem(sys.modules, module, None)
    raw = load(CORPUS / f"{stem}.pdf")
    pages, n_blocks, breaks = PDF_FACTS[stem]
    assert (raw.source_format, raw.pages, len(raw.blocks), raw.ocr, raw.legacy_encoding, raw.warnings) == (
        "pdf", pages, n_blocks, False, None, [])
    cut = [(b.page, b.text, raw.blocks[k + 1]) for k, b in enumerate(raw.blocks) if b.continues]
    assert len(cut) == len(breaks)
    for (page, text, after), (want_page, ends, goes_on) in zip(cut, breaks):
        assert page == want_page and text.endswith(ends)
        assert after.page == page + 1 and after.text.startswith(goes_on) and after.kind == "para"
    text = normalize(raw).text
    for ends, goes_on in ((e, g) for _, e, g in breaks):  # rejoined by normalize
        assert f"{ends} {goes_on}" in text
    assert KEY_SENTENCES[stem][0] in text


def test_pdf_lines_of_a_real_page():
    """Line boxes as pdfminer placed them: points from the top-left corner, bottom on the baseline."""
    from pipeline.read.pdf import _read_pdf

    pages, n_pages, scanned = _read_pdf((CORPUS / f"{FN_PLAN}.pdf").read_bytes())
    assert (n_pages, scanned) == (6, [])
    title, second = pages[0][0], pages[0][4]
    assert {k: round(v, 2) if isinstance(v, float) else v for k, v in title.items() if k != "max_gap"} == {
        "text": "KẾ HOẠCH", "size": 14.0, "top": 55.8, "bottom": 69.8, "x0": 273.6, "x1": 350.14, "tall": 14.0,
        "bold": 1.0, "page_height": 841.89}
    # a raised 7.5 pt "1" after "2025" is a superscript; the line ends at the right margin
    assert second["text"] == ("Chiến lược quốc gia về bình đẳng giới trên địa bàn Thành phố Kon Tum năm 2025¹.")
    assert (second["size"], round(second["x0"], 1), round(second["x1"], 2), second["bold"]) == (13.0, 85.2, 538.75, 0.0)
    note = next(ln for ln in pages[0] if ln["text"].startswith("¹."))
    assert (note["size"], round(note["top"], 1)) == (10.0, 675.8)
    # two columns of one table row: the gap between them is measured, wider than 2.5 em
    pages = _read_pdf((CORPUS / "004_3d6bf184eeb54370.pdf").read_bytes())[0]
    row = pages[0][2]
    assert row["text"] == "Số: /KH-UBND Hưng Đạo, ngày tháng năm 2026" and round(row["max_gap"], 2) == 83.38


def test_pdf_words_across_text_objects_and_wide_gaps(tmp_path):
    from pipeline.read.pdf import _read_pdf

    page = [(85, 700, 12, "UBND XA" + " " * 20 + "CONG HOA"),  # one string, a column gap of blanks
            (85, 680, 12, "Ke ho"), (121, 680, 12, "ach nam"),  # one word in two strings, touching
            (85, 660, 12, "Ke ho"), (123, 660, 12, "ach nam"),  # ... 2 pt apart: still one word
            (85, 640, 12, "Ke ho"), (126, 640, 12, "ach nam"),  # ... 5 pt apart: two words
            (85, 620, 12, "nam 2025"), (142.6, 620, 7, "1", 4), (146.8, 620, 12, ".")]  # Courier: 7.2 pt a glyph
    lines = _read_pdf(make_pdf([page]))[0][0]
    assert [ln["text"] for ln in lines] == ["UBND XA CONG HOA", "Ke hoach nam", "Ke hoach nam", "Ke ho ach nam",
                                            "nam 2025¹."]
    wide = lines[0]
    assert (wide["x0"], round(wide["x1"], 3), wide["top"], wide["bottom"]) == (85.0, 337.0, 130.0, 142.0)
    assert round(wide["max_gap"], 3) == 144.0  # 20 blanks of 7.2 pt
    assert all(ln["max_gap"] < 2.5 * 12 for ln in lines[1:])


# --------------------------------------------------------------------------- errors


@pytest.mark.parametrize("name, content, message", [
    ("empty.txt", b"", r"^empty\.txt: the file is empty$"),
    ("blank.pdf", b" \n\t", r"the file is empty"),
    ("junk.pdf", b"\x00\x01garbage bytes" * 50, r"^junk\.pdf: named \.pdf but its content is not a PDF"),
    ("notzip.docx", b"This is not a zip file at all", r"^notzip\.docx: named \.docx but .* not a DOCX"),
    ("broken.docx", b"PK\x03\x04" + b"\x00" * 200, r"^broken\.docx: damaged \.docx"),
    ("blob.bin", bytes(range(256)) * 4, r"^blob\.bin: unsupported file type \.bin"),
    ("book.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512, r"^book\.doc: an Office file of another kind"),
    ("locked.docx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + "EncryptedPackage".encode("utf-16-le"),
     r"^locked\.docx: the Word file is password-protected"),
    ("page.html", b"<!DOCTYPE html><html><body><script>var x;</script></body></html>",
     r"^page\.html: the HTML page has no text in its body$"),
    ("scan.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, r"^scan\.png: damaged image \("),
    ("latin1.txt", "Le plan d'égalité des genres, année 2025".encode("latin-1"),  # neither UTF-8 nor TCVN3/VNI
     r"^latin1\.txt: not UTF-8 text \(byte 0xe9 at offset 10\) nor Vietnamese in TCVN3 or VNI; re-save it as UTF-8$"),
    ("utf16.txt", b"\xff\xfe" + "Kế hoạch".encode("utf-16-le") + b"\x00\xd8",  # cut after half a pair
     r"^utf16\.txt: damaged UTF-16 text \(unexpected end of data at byte 18\); re-save it as UTF-8$"),
])
def test_load_errors(tmp_path, name, content, message):
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(LoadError, match=message) as err:
        load(path)
    assert "\n" not in str(err.value)


def test_zip_that_is_not_a_docx(tmp_path):
    path = tmp_path / "book.docx"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("xl/workbook.xml", "<workbook/>")
    with pytest.raises(LoadError, match=r"a ZIP archive but not a Word document"):
        load(path)


def test_truncated_pdf(tmp_path):
    path = tmp_path / "cut.pdf"
    path.write_bytes((CORPUS / f"{FN_PLAN}.pdf").read_bytes()[:2048])
    with pytest.raises(LoadError, match=r"^cut\.pdf: damaged PDF, truncated \(no end-of-file marker\); "
                                        r"get a complete copy"):
        load(path)


def test_missing_path(tmp_path):
    with pytest.raises(LoadError, match=r"nowhere\.pdf: file not found$"):
        load(tmp_path / "nowhere.pdf")
    with pytest.raises(LoadError, match=r"is a folder, not a file"):
        load(tmp_path)


# --------------------------------------------------------------------------- text layers that hide text


def raw_pdf(content: str, font: str, image: tuple[int, int, bytes] | None = None) -> bytes:
    """A one-page A4 PDF: ``content`` (a content stream) with font /F1 = ``font`` and, with
    ``image`` (width, height, 8-bit grey pixels), an image /Im1."""
    import zlib

    objects = ["<< /Type /Catalog /Pages 2 0 R >>", "<< /Type /Pages /Kids [4 0 R] /Count 1 >>", font,
               "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 5 0 R /Resources "
               "<< /Font << /F1 3 0 R >> /XObject << /Im1 6 0 R >> >> >>",
               f"<< /Length {len(content)} >>\nstream\n{content}endstream"]
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for i, obj in enumerate(objects, 1):
        offsets.append(len(out))
        out += f"{i} 0 obj\n{obj}\nendobj\n".encode("latin-1")
    if image:
        w, h, pixels = image
        data = zlib.compress(pixels)
        offsets.append(len(out))
        out += (f"6 0 obj\n<< /Type /XObject /Subtype /Image /Width {w} /Height {h} /ColorSpace /DeviceGray "
                f"/BitsPerComponent 8 /Filter /FlateDecode /Length {len(data)} >>\nstream\n").encode() + data
        out += b"\nendstream\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(offsets) + 1}\n0000000000 65535 f \n".encode()
    out += "".join(f"{o:010d} 00000 n \n" for o in offsets).encode()
    out += f"trailer\n<< /Size {len(offsets) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


def _text(lines: list[str], top: int = 780, size: int = 12) -> str:
    return "".join(f"BT /F1 {size} Tf 1 0 0 1 72 {top - 18 * k} Tm ({t}) Tj ET\n" for k, t in enumerate(lines))


@pytest.mark.parametrize("first, differences, n, reason", [
    # the capitals and digits drawn by glyphs named g0, g1 … that no encoding maps to Unicode
    ("Ke hoach thuc hien cong tac binh dang gioi nam 2025 cua Uy ban", 33, 60,
     r"^a font without a Unicode map \(ToUnicode\): 21% of the words"),
    ("Thong bao ket qua trien khai Ke hoach so 12 KH UBND ngay 5 thang 3", 65, 26,  # the capitals
     r"^a font without a Unicode map \(ToUnicode\): 25% of the words"),
])
def test_a_font_without_tounicode_sends_the_page_to_ocr(first, differences, n, reason):
    from pipeline.read.pdf import _read_pdf

    names = " ".join(f"/g{i}" for i in range(n))
    font = (f"<< /Type /Font /Subtype /Type1 /BaseFont /Times-Roman /Encoding << /Type /Encoding "
            f"/Differences [{differences} {names}] >> >>")
    garbled: dict[int, str] = {}
    _, _, scanned = _read_pdf(raw_pdf(_text([first] * 30), font), garbled)
    assert scanned == [1] and re.match(reason, garbled[1])


def test_glyph_codes_that_are_not_letters_send_the_page_to_ocr():
    """A subset font drawn with codes from ``!`` on and no ToUnicode: PDFium gives the codes."""
    from pipeline.read.pdf import _read_pdf

    font = "<< /Type /Font /Subtype /Type1 /BaseFont /Courier /Encoding /WinAnsiEncoding >>"
    lines = ["Kế hoạch thực hiện công tác bình đẳng giới và vì sự tiến bộ của phụ nữ năm 2025",
             "Ủy ban nhân dân huyện xây dựng Kế hoạch triển khai thực hiện như sau:"] * 15
    # each letter drawn by the code of the order it first appears in (from "!"), as a subset
    # font without ToUnicode has it; (, ) and \ left out (string delimiters in the test's PDF)
    alphabet = [chr(c) for c in range(33, 127) if chr(c) not in "()\\"]
    codes: dict[str, str] = {}
    typed = ["".join(ch if ch == " " else codes.setdefault(ch, alphabet[len(codes)]) for ch in ln) for ln in lines]
    garbled: dict[int, str] = {}
    _, _, scanned = _read_pdf(raw_pdf(_text(typed), font), garbled)
    assert scanned == [1] and garbled[1].startswith("not words: ")


def test_a_plain_text_layer_is_not_sent_to_ocr():
    from pipeline.read.pdf import _read_pdf

    font = "<< /Type /Font /Subtype /Type1 /BaseFont /Courier /Encoding /WinAnsiEncoding >>"
    lines = ["Ke hoach thuc hien cong tac binh dang gioi nam 2025 cua UBND xa",  # typed without marks
             "Cac co quan, don vi trien khai thuc hien Ke hoach so 12/KH-UBND (b/c)"] * 15
    garbled: dict[int, str] = {}
    assert _read_pdf(raw_pdf(_text(lines), font), garbled)[2] == [] and garbled == {}


def _page_of_lines(n: int, w: int = 620, h: int = 877) -> tuple[int, int, bytes]:
    """A 75 dpi grey A4 page image with ``n`` black bars the size of lines of text."""
    rows = []
    for y in range(h):
        k = (y - 60) // 18
        on = 0 <= k < n and (y - 60) % 18 < 8
        rows.append(bytes(255 if not on or x < 70 or x > w - 70 else 0 for x in range(w)))
    return w, h, b"".join(rows)


def test_a_text_layer_far_shorter_than_the_page_sends_it_to_ocr():
    """A picture of 40 lines of text with a typed heading of 6 lines over it (more than the
    few words of a stamped scan): the text layer holds far fewer lines than the page shows."""
    from pipeline.read.pdf import _read_pdf

    font = "<< /Type /Font /Subtype /Type1 /BaseFont /Courier /Encoding /WinAnsiEncoding >>"
    heading = ["UY BAN NHAN DAN HUYEN", "So: 12/KH-UBND", "KE HOACH thuc hien cong tac binh dang gioi",
               "nam 2025 tren dia ban huyen", "Can cu Luat Binh dang gioi nam 2006", "Can cu Nghi dinh so 70"]
    content = "q 595 0 0 842 0 0 cm /Im1 Do Q\n" + _text(heading, top=830, size=7)
    garbled: dict[int, str] = {}
    _, _, scanned = _read_pdf(raw_pdf(content, font, _page_of_lines(40)), garbled)
    assert scanned == [1]
    assert re.match(r"^the text layer has 6 lines where the page shows about (4\d|5\d)$", garbled[1])
    # the same picture under a full text layer (a scan with its OCR text): read as it is
    full = "q 595 0 0 842 0 0 cm /Im1 Do Q\n" + _text(heading * 7, top=830, size=7)
    garbled = {}
    assert _read_pdf(raw_pdf(full, font, _page_of_lines(40)), garbled)[2] == [] and garbled == {}


# A UTF-8 plan whose bytes were cut inside a character (an "opening" saved by byte count), or
# with one stray byte, is read with the damage said in the row, not refused as "not UTF-8".
@pytest.mark.parametrize("data, warning", [
    ("KẾ HOẠCH\nThực hiện công tác bình đẳng giới năm 2024 trên địa bàn tỉnh\nSở Nội vụ chủ trì".encode()[:-1],
     "ends inside a character"),
    ("Ủy ban nhân dân huyện xây dựng Kế hoạch thực hiện bình đẳng giới và vì sự tiến bộ của phụ nữ".encode()
     + b"\xff" + " năm 2019; Phòng Lao động - Thương binh và Xã hội chủ trì.".encode(), "not UTF-8"),
])
def test_utf8_with_a_cut_or_stray_byte_is_read_with_a_warning(tmp_path, data, warning):
    from pipeline.read.plain import load_text

    doc = load_text(tmp_path / "plan.txt", data)
    text = "\n".join(b.text for b in doc.blocks)
    assert "bình đẳng giới" in text and "\ufffd\ufffd" not in text
    assert any(warning in w for w in doc.warnings)


# UTF-16 text (Notepad's "Unicode"), with a BOM or without one, little- or big-endian: a corpus
# plan, and a line of my own, read as their UTF-8 copies are.
@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be-bom", "utf-16-le", "utf-16-be"])
@pytest.mark.parametrize("text", [
    (CORPUS / f"{FN_PLAN}.txt").read_text(encoding="utf-8"),
    "Phòng Nội vụ chủ trì, phối hợp với Hội Liên hiệp Phụ nữ xã đạt 50% vào năm 2030.\n",
])
def test_utf16_text_is_read_as_its_utf8_copy(tmp_path, encoding, text):
    from pipeline.read.plain import load_text

    data = (b"\xfe\xff" + text.encode("utf-16-be")) if encoding == "utf-16-be-bom" else text.encode(encoding)
    got = load_text(tmp_path / "plan.txt", data)
    want = load_text(tmp_path / "plan.txt", text.encode("utf-8"))
    assert [b.text for b in got.blocks] == [b.text for b in want.blocks] and got.warnings == []


def test_zero_bytes_that_are_not_utf16_text_are_not_read_as_utf16(tmp_path):
    from pipeline.read.plain import _utf16

    assert _utf16(tmp_path / "x.txt", b"\x00\x01\x02\x03" * 100) is None  # control characters
    assert _utf16(tmp_path / "x.txt", "Kế hoạch năm 2025".encode("utf-8")) is None  # no zero bytes
    assert _utf16(tmp_path / "x.txt", b"\x00A\x00B\x00" ) is None  # an odd length


def test_eight_bit_legacy_text_is_not_taken_for_damaged_utf8():
    from pipeline.read.plain import _damaged_utf8

    assert _damaged_utf8("Kế hoạch bình đẳng giới".encode("cp1258", errors="replace")) is None
