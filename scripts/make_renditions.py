"""Make the office renditions of the corpus: ``corpus/<stem>.docx`` and ``corpus/<stem>.pdf``.

Each ``corpus/*.txt`` plan is typeset the way a Vietnamese local office types a plan in Word
(A4, Times New Roman 13/14 pt, national header lines, bold title, bold headings, list items as
typed text, justified body, the footnote as a smaller paragraph with a superscript mark), and the
``.docx`` is turned into a ``.pdf`` by LibreOffice, as offices do when they publish. The text of
every rendition is the text of its ``.txt``: nothing is added or dropped, so the three formats
can be compared paragraph by paragraph.

Run: ``.venv/bin/python scripts/make_renditions.py`` (needs ``soffice`` on PATH for the PDFs).
Both renditions are byte-for-byte reproducible with the same LibreOffice and fonts.
"""
from __future__ import annotations

import hashlib
import io
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile
from datetime import datetime, timezone
from pathlib import Path

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

CORPUS = Path(__file__).resolve().parent.parent / "corpus"
FONT = "Times New Roman"
FIXED_TIME = datetime(2025, 1, 1, tzinfo=timezone.utc)

SUPERSCRIPT = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹", "0123456789")
_SUP_SPLIT = re.compile(r"([⁰¹²³⁴⁵⁶⁷⁸⁹]+)")
_MARKUP = re.compile(r"(\*{1,3})")
_HEADING_MARK = re.compile(r"^#{1,6}\s+")
_DOC_TYPES = ("KẾ HOẠCH", "QUYẾT ĐỊNH", "CHƯƠNG TRÌNH", "BÁO CÁO", "CÔNG VĂN")
_NATIONAL = ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc")
_NUMBER_LINE = re.compile(r"^\d+(\.\d+)*\.?\s")
_LETTER_LINE = re.compile(r"^[a-zđ]\)\s")
_ROMAN_LINE = re.compile(r"^[IVX]+\.\s")


# --------------------------------------------------------------------------- reading the .txt


def paragraphs(text: str) -> list[list[str]]:
    """Blank-line separated paragraphs, each a list of its physical lines (heading marks and
    trailing hard-break spaces dropped; ``*`` markup kept for :func:`runs`)."""
    paras = []
    for chunk in re.split(r"\n\s*\n", text.lstrip("\ufeff")):
        lines = [_HEADING_MARK.sub("", ln).rstrip() for ln in chunk.split("\n")]
        lines = [ln for ln in lines if ln.strip()]
        if lines:
            paras.append(lines)
    return paras


def plain(line: str) -> str:
    return line.replace("*", "").strip()


def runs(line: str, bold: bool, italic: bool) -> tuple[list[tuple[str, bool, bool]], bool, bool]:
    """Split one line at ``*``/``**``/``***`` markers into (text, bold, italic) runs; the markup
    state carries over to the next line of the same paragraph."""
    out = []
    for piece in _MARKUP.split(line):
        if not piece:
            continue
        if _MARKUP.fullmatch(piece):
            if len(piece) in (2, 3):
                bold = not bold
            if len(piece) in (1, 3):
                italic = not italic
        else:
            out.append((piece, bold, italic))
    return out, bold, italic


# --------------------------------------------------------------------------- roles


def roles(paras: list[list[str]]) -> list[str]:
    """One role per paragraph: header, title, body, footnote, recipients_head, recipients,
    signature, signer."""
    title_at = next(
        (i for i, p in enumerate(paras) if plain(p[0]).upper() in _DOC_TYPES), 0
    )
    out = []
    zone = "body"
    for i, p in enumerate(paras):
        first = plain(p[0])
        if i < title_at:
            out.append("header")
            continue
        if i == title_at or (i == title_at + 1 and len(paras[title_at]) == 1):
            out.append("title")
            continue
        if first.startswith("Nơi nhận"):
            zone = "recipients"
            out.append("recipients_head")
            continue
        if zone == "recipients" and (first.isupper() or first.startswith(("TM.", "KT."))):
            zone = "signature"
        if first[:1] in "⁰¹²³⁴⁵⁶⁷⁸⁹":
            out.append("footnote")
        else:
            out.append(zone)
    if out and out[-1] == "signature" and len(paras[-1]) == 1 and not plain(paras[-1][0]).isupper():
        out[-1] = "signer"
    return out


# --------------------------------------------------------------------------- writing the .docx


# How each role is set: font size, alignment, indents and spacing (None: the Normal style's).
LAYOUT = {
    "header": dict(align=WD_ALIGN_PARAGRAPH.LEFT, first=0),
    "title": dict(size=14, align=WD_ALIGN_PARAGRAPH.CENTER, first=0, bold=True),
    "body": dict(),
    "footnote": dict(size=10, first=0, spacing=1.0),
    "recipients_head": dict(size=12, align=WD_ALIGN_PARAGRAPH.LEFT, first=0, after=0, italic=True),
    "recipients": dict(size=11, align=WD_ALIGN_PARAGRAPH.LEFT, first=0, after=0, spacing=1.0),
    "signature": dict(align=WD_ALIGN_PARAGRAPH.CENTER, first=0, left=8, after=0, bold=True),
    "signer": dict(align=WD_ALIGN_PARAGRAPH.CENTER, first=0, left=8, before=60, after=0, bold=True),
}


def set_normal_font(style) -> None:
    """Times New Roman for every script (Word picks the font per script), Vietnamese language."""
    style.font.name = FONT
    style.font.size = Pt(13)
    r_pr = style.element.get_or_add_rPr()
    fonts = r_pr.find(qn("w:rFonts"))
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attr), FONT)
    lang = OxmlElement("w:lang")
    lang.set(qn("w:val"), "vi-VN")
    r_pr.append(lang)


def add_page_number(section) -> None:
    """A centred PAGE field in the header, from page 2 on (the first page has none)."""
    section.different_first_page_header_footer = True
    p = section.header.paragraphs[0]
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    p.paragraph_format.first_line_indent = Cm(0)
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    run, t = OxmlElement("w:r"), OxmlElement("w:t")
    t.text = "1"
    run.append(t)
    field.append(run)
    p._p.append(field)


def build_docx(text: str, title: str) -> Document:
    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.top_margin, section.bottom_margin = Cm(2), Cm(2)
    section.left_margin, section.right_margin = Cm(3), Cm(2)
    section.header_distance = Cm(1)
    add_page_number(section)

    normal = doc.styles["Normal"]
    set_normal_font(normal)
    fmt = normal.paragraph_format
    fmt.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    fmt.first_line_indent = Cm(1)
    fmt.space_before, fmt.space_after = Pt(0), Pt(6)
    fmt.line_spacing = 1.15

    props = doc.core_properties
    props.author = "kehoach corpus rendition"
    props.title = title
    props.created = props.modified = FIXED_TIME
    props.last_modified_by = "scripts/make_renditions.py"
    props.revision = 1

    paras = paragraphs(text)
    for lines, role in zip(paras, roles(paras)):
        add_paragraph(doc, lines, role)
    return doc


def add_paragraph(doc, lines: list[str], role: str) -> None:
    """Lines of header, title and signature paragraphs are soft line breaks in one Word
    paragraph; the lines of other paragraphs (lists) are one Word paragraph each."""
    layout = LAYOUT[role]
    soft = role in ("header", "title", "signature", "signer")
    markdown = (False, False)  # Markdown emphasis may run on over a line break
    for group in [lines] if soft else [[ln] for ln in lines]:
        p = doc.add_paragraph()
        pf = p.paragraph_format
        if "align" in layout:
            p.alignment = layout["align"]
        if "first" in layout:
            pf.first_line_indent = Cm(layout["first"])
        if "left" in layout:
            pf.left_indent = Cm(layout["left"])
        if "before" in layout:
            pf.space_before = Pt(layout["before"])
        if "after" in layout:
            pf.space_after = Pt(layout["after"])
        if "spacing" in layout:
            pf.line_spacing = layout["spacing"]
        for k, line in enumerate(group):
            if k:
                p.runs[-1].add_break()
            text = plain(line)
            columns = national_line(text) if role == "header" else None
            if columns:
                add_columns(p, *columns)
                continue
            emphasis = dict(
                bold=layout.get("bold") or (role == "body" and heading(text)),
                italic=layout.get("italic") or (role == "header" and ", ngày" in text)
                or (role == "body" and bool(_LETTER_LINE.match(text)) and text.endswith(":")),
            )
            if role == "header" and ", ngày" in text:
                p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            markdown = add_text(p, line, markdown, layout.get("size"), **emphasis)


def add_text(paragraph, line: str, markdown: tuple[bool, bool] = (False, False),
             size: float | None = None, bold: bool = False, italic: bool = False) -> tuple[bool, bool]:
    """Runs for one line: Markdown emphasis (its state carried in and returned), forced
    emphasis, superscript digits as real superscript runs."""
    pieces, bold_after, italic_after = runs(line, *markdown)
    for text, b, i in pieces:
        for j, part in enumerate(_SUP_SPLIT.split(text)):
            if not part:
                continue
            run = paragraph.add_run(part.translate(SUPERSCRIPT) if j % 2 else part)
            run.bold = b or bold or None
            run.italic = i or italic or None
            run.font.superscript = bool(j % 2) or None
            if size:
                run.font.size = Pt(size)
    return bold_after, italic_after


def national_line(line: str) -> tuple[str, str] | None:
    """The two columns of a header line: ``ỦY BAN NHÂN DÂN`` | ``CỘNG HÒA XÃ HỘI …``,
    ``Số: /KH-UBND`` | ``Hưng Đạo, ngày … năm 2026``."""
    for right in _NATIONAL:
        at = line.find(right)
        if at > 0:
            return line[:at].rstrip(), line[at:]
    m = re.match(r"^(Số:\s*\S*)\s+(\w[^,]*, ngày.*)$", line)
    return (m.group(1), m.group(2)) if m else None


def add_columns(p, left: str, right: str) -> None:
    """Two header columns on one line, centred on tab stops (offices use tabs or a table)."""
    if not p.paragraph_format.tab_stops:
        p.paragraph_format.tab_stops.add_tab_stop(Cm(3.5), WD_TAB_ALIGNMENT.CENTER)
        p.paragraph_format.tab_stops.add_tab_stop(Cm(11), WD_TAB_ALIGNMENT.CENTER)
    p.add_run("\t")
    add_text(p, left, bold=left.isupper())
    p.add_run("\t")
    add_text(p, right, bold=right.isupper() or right.startswith("Độc lập"), italic=", ngày" in right)


def heading(text: str) -> bool:
    """Roman-numbered lines, and short numbered lines that are not sentences, are headings."""
    if _ROMAN_LINE.match(text):
        return True
    return bool(_NUMBER_LINE.match(text)) and len(text) < 200 and not text.endswith((".", ";", ","))


def save_reproducibly(doc: Document, path: Path) -> None:
    """Save with fixed ZIP timestamps so the same .txt always gives the same bytes."""
    buf = io.BytesIO()
    doc.save(buf)
    with zipfile.ZipFile(buf) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=(2025, 1, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            dst.writestr(fixed, src.read(info.filename))


def reproducible_pdf(pdf: Path) -> None:
    """Pin what LibreOffice varies from run to run (creation date, file ID, checksum) without
    moving a byte, so the cross-reference offsets stay valid."""
    data = re.sub(rb"/CreationDate\(D:\d{14}",
                  b"/CreationDate(D:" + FIXED_TIME.strftime("%Y%m%d%H%M%S").encode(), pdf.read_bytes())
    ids = re.compile(rb"(/ID\s*\[\s*<)([0-9A-Fa-f]{32})(>\s*<)([0-9A-Fa-f]{32})(>)|(/DocChecksum\s*/)([0-9A-Fa-f]{32})")
    blank = ids.sub(lambda m: re.sub(rb"[0-9A-Fa-f]{32}", b"0" * 32, m.group(0)), data)
    digest = hashlib.md5(blank).hexdigest().upper().encode()
    pdf.write_bytes(ids.sub(lambda m: re.sub(rb"[0-9A-Fa-f]{32}", digest, m.group(0)), data))


def to_pdf(docx_path: Path) -> Path:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice:
        raise SystemExit(
            "soffice not found: apt-get install -y --no-install-recommends "
            "libreoffice-writer-nogui fonts-liberation2"
        )
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run(
            [soffice, f"-env:UserInstallation=file://{profile}", "--headless",
             "--convert-to", "pdf", "--outdir", str(docx_path.parent), str(docx_path)],
            check=True, capture_output=True, timeout=300,
        )
    pdf = docx_path.with_suffix(".pdf")
    reproducible_pdf(pdf)
    return pdf


def main(argv: list[str]) -> int:
    sources = [Path(a) for a in argv] or sorted(CORPUS.glob("*.txt"))
    for txt in sources:
        text = txt.read_text(encoding="utf-8")
        title = next((plain(p[0]) for p in paragraphs(text) if plain(p[0]).upper() in _DOC_TYPES), txt.stem)
        docx_path = txt.with_suffix(".docx")
        save_reproducibly(build_docx(text, title), docx_path)
        pdf = to_pdf(docx_path)
        print(f"{txt.name} -> {docx_path.name}, {pdf.name}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
