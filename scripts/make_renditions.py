"""Make the office renditions of the corpus: ``corpus/<stem>.docx`` and ``corpus/<stem>.pdf``.

Each ``corpus/*.txt`` plan is typeset the way a Vietnamese local office types a plan in Word
(A4, Times New Roman 13/14 pt, national header lines, bold title, bold headings, list items as
typed text, justified body, the footnote as a smaller paragraph with a superscript mark), and the
``.docx`` is turned into a ``.pdf`` by LibreOffice, as offices do when they publish. The text of
every rendition is the text of its ``.txt``: nothing is added or dropped, so the three formats
can be compared paragraph by paragraph.

Run: ``.venv/bin/python scripts/make_renditions.py`` (needs ``soffice`` on PATH for the PDFs).
The ``.docx`` files are byte-for-byte reproducible; the ``.pdf`` files carry LibreOffice's
creation date.
"""
from __future__ import annotations

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
from docx.enum.section import WD_ORIENT
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


def set_font(element, size: float | None = None) -> None:
    r_pr = element.get_or_add_rPr()
    fonts = r_pr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        r_pr.insert(0, fonts)
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attr), FONT)
    lang = OxmlElement("w:lang")
    lang.set(qn("w:val"), "vi-VN")
    r_pr.append(lang)


def add_text(paragraph, line: str, bold: bool, italic: bool, size: float | None, force_bold=False,
             force_italic=False) -> tuple[bool, bool]:
    pieces, bold_after, italic_after = runs(line, bold, italic)
    for text, b, i in pieces:
        for j, part in enumerate(_SUP_SPLIT.split(text)):
            if not part:
                continue
            run = paragraph.add_run(part.translate(SUPERSCRIPT) if j % 2 else part)
            run.bold = b or force_bold or None
            run.italic = i or force_italic or None
            run.font.superscript = bool(j % 2) or None
            if size:
                run.font.size = Pt(size)
    return bold_after, italic_after


def national_line(line: str) -> str | None:
    """``ỦY BAN NHÂN DÂN CỘNG HÒA …`` → ``ỦY BAN NHÂN DÂN\\tCỘNG HÒA …`` (two header columns)."""
    for right in _NATIONAL:
        at = line.find(right)
        if at > 0:
            return line[:at].rstrip() + "\t" + line[at:]
    m = re.match(r"^(Số:\s*\S*)\s+(\w[^,]*, ngày.*)$", line)
    return f"{m.group(1)}\t{m.group(2)}" if m else None


def build_docx(text: str, title: str) -> Document:
    doc = Document()
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.top_margin, section.bottom_margin = Cm(2), Cm(2)
    section.left_margin, section.right_margin = Cm(3), Cm(2)
    section.header_distance = Cm(1)
    section.different_first_page_header_footer = True

    normal = doc.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(13)
    set_font(normal.element)
    fmt = normal.paragraph_format
    fmt.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    fmt.first_line_indent = Cm(1)
    fmt.space_before, fmt.space_after = Pt(0), Pt(6)
    fmt.line_spacing = 1.15

    number = section.header.paragraphs[0]
    number.alignment = WD_ALIGN_PARAGRAPH.CENTER
    number.paragraph_format.first_line_indent = Cm(0)
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    run = OxmlElement("w:r")
    t = OxmlElement("w:t")
    t.text = "1"
    run.append(t)
    field.append(run)
    number._p.append(field)

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
    paragraph; the other multi-line paragraphs (lists) are one Word paragraph per line."""
    size = {"title": 14, "footnote": 10, "recipients": 11, "recipients_head": 12}.get(role)
    soft = role in ("header", "title", "signature", "signer")
    groups = [lines] if soft else [[ln] for ln in lines]
    bold = italic = False
    for group in groups:
        p = doc.add_paragraph()
        pf = p.paragraph_format
        if role != "body":
            pf.first_line_indent = Cm(0)
        if role in ("title",):
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        elif role in ("header",):
            p.alignment = WD_ALIGN_PARAGRAPH.LEFT
        elif role in ("signature", "signer"):
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            pf.left_indent = Cm(8)
            pf.space_after = Pt(0)
            if role == "signer":
                pf.space_before = Pt(60)
        elif role in ("recipients", "recipients_head"):
            p.alignment = WD_ALIGN_PARAGRAPH.LEFT
            pf.space_after = Pt(0)
            pf.line_spacing = 1.0
        elif role == "footnote":
            pf.line_spacing = 1.0
        for k, line in enumerate(group):
            if k:
                p.runs[-1].add_break()
            text = plain(line)
            tabbed = national_line(text) if role == "header" else None
            force_bold = role in ("title", "signature", "signer") or (
                role == "body" and k == 0 and heading(text)
            )
            force_italic = role == "recipients_head" or (role == "body" and _LETTER_LINE.match(text) and text.endswith(":"))
            if role == "header" and tabbed:
                pf.tab_stops.add_tab_stop(Cm(3.5), WD_TAB_ALIGNMENT.CENTER)
                pf.tab_stops.add_tab_stop(Cm(11), WD_TAB_ALIGNMENT.CENTER)
                left, right = tabbed.split("\t", 1)
                upper = left.isupper()
                p.add_run("\t")
                add_text(p, left, upper, False, None)
                p.add_run("\t")
                add_text(p, right, right.isupper() or right.startswith("Độc lập"),
                         ", ngày" in right, None)
                continue
            if role == "header":
                is_date = ", ngày" in text
                if is_date:
                    p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
                bold, italic = add_text(p, line, bold, italic, size, force_italic=is_date)
                continue
            bold, italic = add_text(p, line, bold, italic, size, force_bold, bool(force_italic))


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
    return docx_path.with_suffix(".pdf")


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
