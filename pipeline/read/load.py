"""Read a plan file into blocks: ``load(path) -> RawDoc``, or a ``LoadError`` saying why not.

The type comes from the file's first bytes (``%PDF``, a ZIP holding ``word/document.xml``,
an OLE container, HTML); the extension only decides between plain text and Markdown, and names
what a file claimed to be when its bytes say otherwise.

A file over ``MAX_BYTES`` is refused before it is read.

* text (``.txt``, ``.md``): UTF-8 (a BOM is fine), or 8-bit text typed in TCVN3 or VNI
  (``pipeline.read.legacy``; anything else is an error), Markdown markup dropped, one block per
  physical line; a line starting with a superscript digit is a footnote.
* DOCX: body paragraphs and tables in reading order, automatic numbering written out, soft
  line breaks split blocks, a table row is one ``table_row`` block (cells joined by `` | ``),
  superscript digits become ``¹²³``, Word footnotes follow the paragraph that cites them; runs
  in TCVN3/VNI fonts are converted. The ZIP's declared sizes are checked before anything is
  inflated, and the XML parser resolves no entities.
  A borderless table of at most four rows and two columns (three where a cell holds several
  paragraphs) only places text (the header: issuer | motto, number | date; the sign-off: Nơi
  nhận | signature) and is read a column at a time, each cell paragraph a block; the first
  page's own header (``titlePg``) is read before the body; endnotes are kept like footnotes.
  ``.docm``/``.dotx``/``.dotm`` are read as ``.docx``.
* ``.doc`` (Word 97–2003), ``.odt`` and ``.rtf``: converted to DOCX by LibreOffice
  (``pipeline.read.office``), then as DOCX (``source_format`` ``doc``).
* HTML: the document's body without the page around it (``pipeline.read.html``).
* PDF: the text layer is read with PDFium (pypdfium2), a text object at a time rather than a
  glyph at a time (``_PdfReader``): a run of characters one object drew shares its font, size
  and baseline, so each run costs a few calls (first and last glyph's origin, font, size,
  matrix) and glyph advances come from the font's widths, cached per font. Words are a run's
  whitespace-separated pieces (two runs of one font that touch make one word); the gaps between
  a run's words are measured glyph by glyph only where one could be as wide as a column gap or
  the blanks are PDFium's own (no blank glyphs in the file).
  Where the runs of a line overlap on the page (a fallback font's glyphs drawn after the line,
  in the gaps left for them), the line is rebuilt glyph by glyph in position order
  (``_glyph_line``: words by blank glyphs and gaps, combining marks attached, NFC). A blank
  PDFium put between two objects that stand apart (Chromium draws each glyph on its own) parts
  words. Runs inside the cells of a ruled table (thin paths: ``_rules``/``_tables``) are written
  as one ``table_row`` block a row, ``a | b | c``, merged cells written as the DOCX reader does.
  Two-column header and sign-off blocks are read a column at a time (``_split_columns``).
  Lines are built from the runs as they were from pdfplumber's words before (same grouping,
  spacing, superscript and line-box rules, same coordinates: points from the page's top-left
  corner as shown, a line's bottom on its baseline), then paragraphs from lines (gap, indent,
  list marker, short line, font size, bold, columns), running headers/footers and page numbers
  dropped, raised small digits written ``¹²³``; small print that starts with a superscript
  number, or with a number below the last line of body text, is a footnote. A paragraph that
  runs over a page break is two blocks, one per page: the first is marked ``continues`` when its
  last line is full and the next page starts plainly at the margin, and ``normalize`` rejoins
  them. A text layer typed in TCVN3/VNI fonts is converted (``legacy.convert_blocks``: PDFs
  carry no usable font names, so the encoding is told from the text). Pages with no usable text
  layer (``ocr.needs_ocr``: no text, mostly unmapped glyphs, or a few words over a full-page
  image) or a garbled one (``ocr.garbled``: mojibake, letters out of order, a tenth of the words
  with unmapped glyphs from a font without ToUnicode, or most words no Vietnamese syllable; or
  ``ocr.sparse_text_layer``: far fewer lines than the page shows in ink, on a page with
  pictures; the row's error says which pages and why) are OCR'd (``pipeline.read.ocr``). A file PDFium cannot open is a damaged PDF (truncated
  when it has no ``%%EOF`` at its end), one it needs a password for is password-protected.
"""
from __future__ import annotations

import bisect
import contextlib
import ctypes
import functools
import io
import math
import re
import statistics
import unicodedata
import zipfile
from collections import Counter
from dataclasses import dataclass, replace
from pathlib import Path
from types import SimpleNamespace

from pipeline.read import legacy
from pipeline.models import Block, LoadError, RawDoc

SUPERSCRIPT_DIGITS = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")
_SUP_START = re.compile(r"^[⁰¹²³⁴⁵⁶⁷⁸⁹]")

_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ENCRYPTED_OOXML = "EncryptedPackage".encode("utf-16-le")
_HTML = re.compile(rb"^\s*(<\?xml[^>]*>\s*)?(<!--.*?-->\s*)*<(!doctype\s+html|html|head|body)[\s>]",
                   re.I | re.S)
_IMAGES = {
    b"\x89PNG": "PNG", b"\xff\xd8\xff": "JPEG", b"II*\x00": "TIFF", b"MM\x00*": "TIFF",
    b"GIF8": "GIF",
}


MAX_BYTES = 100 * 2**20  # larger files are refused before they are read (kehoach extract --max-size)


def load(path: Path, max_bytes: int | None = None) -> RawDoc:
    path = Path(path)
    limit = MAX_BYTES if max_bytes is None else max_bytes
    try:
        size = path.stat().st_size
        if limit and size > limit and path.is_file():
            raise LoadError(f"{path.name}: the file is {_size(size)}, over the {_size(limit)} limit for one "
                            "document; check that it is a plan, or raise the limit with "
                            "kehoach extract --max-size MB")
        data = path.read_bytes()
    except FileNotFoundError:
        raise LoadError(f"{path}: file not found") from None
    except IsADirectoryError:
        raise LoadError(f"{path}: is a folder, not a file") from None
    except OSError as e:
        raise LoadError(f"{path}: cannot be read ({e.strerror or e})") from None
    if not data.strip():
        raise LoadError(f"{path.name}: the file is empty")

    ext = path.suffix.lower()
    head = data[:1024]
    if b"%PDF-" in head:
        return load_pdf(path, data)
    if data.startswith(b"PK\x03\x04"):
        from pipeline.read import office as doc

        if doc.is_odt(data):  # OpenDocument text: through LibreOffice, as a .doc
            raw = load_docx(path, doc.to_docx(path, data, kind="odt"))
            raw.source_format = "doc"
            return raw
        return load_docx(path, data)
    if data.startswith(_OLE):
        if _ENCRYPTED_OOXML in data:
            raise LoadError(f"{path.name}: the Word file is password-protected; "
                            "save an unprotected copy as .docx")
        from pipeline.read import office as doc  # imported here: only .doc files need LibreOffice

        if not doc.is_word_document(data):
            raise LoadError(f"{path.name}: an Office file of another kind (Excel, PowerPoint or Outlook: "
                            "no WordDocument stream), not a Word document")
        raw = load_docx(path, doc.to_docx(path, data))
        raw.source_format = "doc"
        return raw
    if _HTML.match(head.lstrip(b"\xef\xbb\xbf")) or (
            ext in (".html", ".htm", ".xhtml") and re.match(rb"^\s*<", head.lstrip(b"\xef\xbb\xbf"))):
        from pipeline.read.html import load_html

        return load_html(path, data)
    if head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"{\\rtf"):  # Rich Text: through LibreOffice
        from pipeline.read import office as doc

        raw = load_docx(path, doc.to_docx(path, data, kind="rtf"))
        raw.source_format = "doc"
        return raw
    for magic, kind in _IMAGES.items():
        if head.startswith(magic):
            from pipeline.read.ocr import load_image  # imported here: only needed for scans

            return load_image(path, data)
    if ext in (".txt", ".md", ".markdown"):
        return load_text(path, data)
    if ext in (".pdf", ".docx"):
        raise LoadError(f"{path.name}: named {ext} but its content is not a {ext[1:].upper()} "
                        f"file (starts with {data[:8]!r}); the file is damaged or mislabelled")
    raise LoadError(f"{path.name}: unsupported file type {ext or '(no extension)'}; "
                    "supported are .pdf, .docx, .doc, .odt, .rtf, .html, .txt, .md and images")


# --------------------------------------------------------------------------- plain text / Markdown

_MD_HEADING = re.compile(r"^ {0,3}#{1,6}\s+", re.M)
_MD_EMPHASIS = re.compile(r"(\*{1,3})(?=\S)(.+?)(?<=\S)\1", re.S)


def load_text(path: Path, data: bytes) -> RawDoc:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise LoadError(f"{path.name}: the text is UTF-16; re-save it as UTF-8")
    warnings: list[str] = []
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        bad = _damaged_utf8(data)
        if bad is not None:
            # UTF-8 with a few damaged bytes (a file cut inside a character, a stray byte):
            # the rest of the plan is kept, the damage said in the row
            text, warnings = bad
            encoding = legacy.detect(text)
        else:
            text = legacy.decode_bytes(data)  # 8-bit text: TCVN3 or VNI, else an error
            encoding = legacy.detect(text)
            if encoding is None:
                raise LoadError(f"{path.name}: not UTF-8 text (byte 0x{data[e.start]:02x} at offset "
                                f"{e.start}) nor Vietnamese in TCVN3 or VNI; re-save it as UTF-8") from None
    else:
        encoding = legacy.detect(text)  # legacy codes pasted into a UTF-8 file
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    blocks = []
    for para in re.split(r"\n[ \t]*\n", text):
        para = _MD_HEADING.sub("", para)
        for _ in range(3):  # nested emphasis: ***x***, **a *b* c**
            para = _MD_EMPHASIS.sub(r"\2", para)
        footnote = False
        for line in para.split("\n"):
            line = line.rstrip()
            if not line.strip():
                continue
            footnote = footnote or bool(_SUP_START.match(line.lstrip()))
            blocks.append(Block(line, None, "footnote" if footnote else "para"))
    if not blocks:
        raise LoadError(f"{path.name}: the file has no text")
    if encoding:
        blocks, encoding = legacy.convert_blocks(blocks, encoding)
    fmt = "md" if path.suffix.lower() in (".md", ".markdown") else "txt"
    doc = RawDoc(blocks=blocks, source_format=fmt, legacy_encoding=encoding)
    doc.warnings.extend(warnings)
    return doc


def _damaged_utf8(data: bytes) -> tuple[str, list[str]] | None:
    """(text, warnings) of UTF-8 whose only faults are a character cut at the end or a few stray
    bytes (at most 1 in 2,000 characters); None for anything else (8-bit legacy text has a fault
    at nearly every accented letter)."""
    text = data.decode("utf-8-sig", errors="replace")
    faults = text.count("\ufffd") - data.decode("utf-8-sig", errors="ignore").count("\ufffd")
    if faults == 0 or faults > max(2, len(text) // 2000):
        return None
    multibyte = sum(1 for c in text if ord(c) > 0x7F and c != "\ufffd")
    if multibyte < 10 * faults:  # too little real UTF-8 to be sure of the encoding
        return None
    cut = text.endswith("\ufffd") and faults == 1
    text = text.rstrip("\ufffd") if cut else text
    what = ("the file ends inside a character (it was cut); that character is left out" if cut
            else f"{faults} byte sequence(s) are not UTF-8 and read as \ufffd")
    return text, [what]


# --------------------------------------------------------------------------- DOCX

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
_FOOTNOTES_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/footnotes"
_ENDNOTES_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/endnotes"
_R_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
_BORDER_SIDES = ("top", "left", "bottom", "right", "insideH", "insideV")
_SKIP = {_W + t for t in ("pPr", "rPr", "sdtPr", "del", "moveFrom", "instrText")} | {_MC_FALLBACK}


def load_docx(path: Path, data: bytes) -> RawDoc:
    import docx  # imported here: python-docx is only needed for .docx input

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            is_word = "word/document.xml" in z.namelist()
            _check_zip_sizes(path, z.infolist())
        if not is_word:
            raise LoadError(f"{path.name}: a ZIP archive but not a Word document "
                            "(no word/document.xml)")
        document = docx.Document(io.BytesIO(_as_document(data)))  # its XML parser resolves no entities
    except zipfile.BadZipFile:
        raise LoadError(f"{path.name}: damaged .docx (not a readable ZIP archive)") from None
    except LoadError:
        raise
    except Exception as e:  # python-docx/lxml raise many types for broken parts
        if "amplification" in str(e) or "entit" in str(e).lower():
            raise LoadError(f"{path.name}: the .docx declares XML entities that expand without bound "
                            "(an XML bomb, which Word never writes); refused. If the document is genuine, "
                            "save it again from Word") from None
        raise LoadError(f"{path.name}: damaged .docx ({type(e).__name__}: {e})") from None
    reader = _DocxReader(document)
    blocks = reader.read_document(document.element.body)
    if not blocks:
        raise LoadError(f"{path.name}: the document has no text")
    encoding = reader.fonts.encoding
    if encoding is None:  # legacy text whose font names were lost: tell by the characters
        blocks, encoding = legacy.convert_blocks(blocks)
    return RawDoc(blocks=blocks, source_format="docx", legacy_encoding=encoding)


_MAIN_TYPES = (b"application/vnd.ms-word.document.macroEnabled.main+xml",  # .docm
               b"application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml",  # .dotx
               b"application/vnd.ms-word.template.macroEnabledTemplate.main+xml")  # .dotm
_DOCX_MAIN = b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"


def _as_document(data: bytes) -> bytes:
    """A macro-enabled document or a template (.docm, .dotx, .dotm) relabelled as a plain .docx
    (its parts are the same; python-docx opens only that content type); others unchanged."""
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        try:
            types = z.read("[Content_Types].xml")
        except KeyError:
            return data
        if not any(t in types for t in _MAIN_TYPES):
            return data
        for t in _MAIN_TYPES:
            types = types.replace(t, _DOCX_MAIN)
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as w:
            for info in z.infolist():
                w.writestr(info.filename, types if info.filename == "[Content_Types].xml" else z.read(info))
        return out.getvalue()


# Limits on what a .docx may inflate to, checked on the sizes the ZIP directory declares before
# anything is read (Python's zipfile never inflates a member past its declared size).
DOCX_MAX_XML = 32 * 2**20  # one XML part
DOCX_MAX_TOTAL = 200 * 2**20  # all parts (python-docx holds them all in memory)
DOCX_MAX_PARTS = 10_000


def _check_zip_sizes(path: Path, infos: list[zipfile.ZipInfo]) -> None:
    if len(infos) > DOCX_MAX_PARTS:
        raise LoadError(f"{path.name}: the .docx holds {len(infos)} parts (more than {DOCX_MAX_PARTS}); "
                        "refused as a possible ZIP bomb")
    for info in infos:
        if info.filename.endswith((".xml", ".rels")) and info.file_size > DOCX_MAX_XML:
            raise LoadError(f"{path.name}: {info.filename} would inflate to {_size(info.file_size)} "
                            f"(limit {_size(DOCX_MAX_XML)}); refused as a possible ZIP bomb. If the "
                            "document is genuine, save it again from Word or as PDF")
    total = sum(i.file_size for i in infos)
    if total > DOCX_MAX_TOTAL:
        raise LoadError(f"{path.name}: the .docx would inflate to {_size(total)} (limit "
                        f"{_size(DOCX_MAX_TOTAL)}); refused as a possible ZIP bomb. If the document is "
                        "genuine, save it without embedded media or as PDF")


def _size(n: int) -> str:
    for unit, scale in (("GB", 2**30), ("MB", 2**20), ("KB", 2**10)):
        if n >= scale:
            return f"{n / scale:.1f} {unit}"
    return f"{n} bytes"


class _DocxReader:
    """Walks the body XML; keeps the list counters and the Word footnotes."""

    def __init__(self, document):
        self.numbering = _Numbering(document)
        self.styles = {s.get(_W + "styleId"): s for s in document.styles.element.iter(_W + "style")}
        self.footnotes = self._notes(document, _FOOTNOTES_REL, "footnote")
        self.endnotes = self._notes(document, _ENDNOTES_REL, "endnote")
        self.first_header = self._first_header(document)
        self.fonts = legacy.DocxFonts(document, [p for ps in (*self.footnotes.values(), *self.endnotes.values())
                                                 for p in ps] + self.first_header)
        self.footnote_count = 0
        self.note_mark = ""  # the mark of the footnote being read

    @staticmethod
    def _notes(document, reltype: str, tag: str) -> dict[str, list]:
        """Footnote (or endnote) id → its paragraphs, from its part if the document has one."""
        from docx.oxml import parse_xml

        for rel in document.part.rels.values():
            if rel.reltype == reltype and not rel.is_external:
                root = parse_xml(rel.target_part.blob)
                return {fn.get(_W + "id"): fn.findall(_W + "p") for fn in root.iter(_W + tag)
                        if fn.get(_W + "type") in (None, "normal")}
        return {}

    @staticmethod
    def _first_header(document) -> list:
        """The body-level elements of the first section's first-page header, where the document
        has one (``titlePg``): offices put the issuer, number and motto there."""
        from docx.oxml import parse_xml

        body = document.element.body
        sect = body.find(f".//{_W}sectPr")
        if sect is None or sect.find(_W + "titlePg") is None:
            return []
        for ref in sect.findall(_W + "headerReference"):
            if ref.get(_W + "type") != "first":
                continue
            rel = document.part.rels.get(ref.get(_R_ID))
            if rel is None or rel.is_external:
                return []
            root = parse_xml(rel.target_part.blob)
            return [el for el in root if el.tag in (_W + "p", _W + "tbl", _W + "sdt")]
        return []

    def read_document(self, body) -> list[Block]:
        """The first-page header (if any), then the body."""
        blocks = self.read(self.first_header) if self.first_header else []
        return blocks + self.read(body)

    def read(self, container) -> list[Block]:
        blocks: list[Block] = []
        for child in container:
            if child.tag == _W + "p":
                blocks.extend(self.paragraph(child))
            elif child.tag == _W + "tbl":
                blocks.extend(self.table(child))
            elif child.tag in (_W + "sdt", _W + "sdtContent", _W + "customXml"):
                blocks.extend(self.read(child))
        return blocks

    def paragraph(self, p, kind: str = "para") -> list[Block]:
        """One block per line of the paragraph (soft breaks split it), then its footnotes."""
        lines = [""]
        notes: list[tuple[list, str]] = []
        self._inline(p, lines, notes, superscript=False)
        lines = [self.fonts.unmark(ln) for ln in lines]  # runs in TCVN3/VNI fonts decoded
        label = self.numbering.label(self._num_pr(p))
        if label:
            lines[0] = label + lines[0]
        lines = [ln for ln in lines if ln.strip()]
        if lines and _SUP_START.match(lines[0].lstrip()):
            kind = "footnote"
        blocks = [Block(ln, None, kind) for ln in lines]
        for paragraphs, mark in notes:
            self.note_mark = mark
            for note in paragraphs:
                blocks.extend(self.paragraph(note, kind="footnote"))
        return blocks

    def _inline(self, el, lines: list[str], notes: list, superscript: bool, legacy_enc: str | None = None) -> None:
        """Append the text under ``el`` to ``lines`` (a new line at each break); footnotes
        referenced on the way go to ``notes``; text of runs in a legacy font is marked for
        ``paragraph`` to decode."""
        for child in el:
            tag = child.tag
            if tag in _SKIP:
                continue
            if tag == _W + "r":
                valign = child.find(f"{_W}rPr/{_W}vertAlign")
                sup = valign is not None and valign.get(_W + "val") == "superscript"
                self._inline(child, lines, notes, sup, self.fonts.run_encoding(child))
            elif tag == _W + "t":
                # an entity reference left unresolved (the parser resolves none) is dropped, the
                # text after it kept
                text = (child.text or "") + "".join(c.tail or "" for c in child)
                if superscript and text.isdigit():  # a note mark: digits in every encoding
                    lines[-1] += text.translate(SUPERSCRIPT_DIGITS)
                else:
                    lines[-1] += self.fonts.mark(text, legacy_enc)
            elif tag in (_W + "tab", _W + "ptab"):
                lines[-1] += "\t"
            elif tag in (_W + "br", _W + "cr"):
                lines.append("")
            elif tag == _W + "noBreakHyphen":
                lines[-1] += "-"
            elif tag in (_W + "footnoteReference", _W + "endnoteReference"):
                self.footnote_count += 1
                mark = str(self.footnote_count).translate(SUPERSCRIPT_DIGITS)
                lines[-1] += mark
                notes_of = self.footnotes if tag == _W + "footnoteReference" else self.endnotes
                notes.append((notes_of.get(child.get(_W + "id"), []), mark))
            elif tag in (_W + "footnoteRef", _W + "endnoteRef"):  # the number at the start of the note text
                lines[-1] += self.note_mark
            elif tag == _W + "p":  # a paragraph inside a text box
                lines.append("")
                self._inline(child, lines, notes, False)
                lines.append("")
            else:
                self._inline(child, lines, notes, superscript, legacy_enc)

    def table(self, tbl) -> list[Block]:
        if self._layout_table(tbl):
            return self._layout_blocks(tbl)
        blocks = []
        for tr in tbl.findall(_W + "tr"):
            cells = []
            for tc in tr.findall(_W + "tc"):
                merged = tc.find(f"{_W}tcPr/{_W}vMerge")
                if merged is not None and merged.get(_W + "val") in (None, "continue"):
                    cells.append("")
                    continue
                parts = [b.text for b in self.read(tc)]
                cells.append(" ".join(t.strip() for t in parts if t.strip()))
            if any(cells):
                blocks.append(Block(" | ".join(cells), None, "table_row"))
        return blocks

    def _layout_table(self, tbl) -> bool:
        """A table that only places text: no visible borders, at most four rows, and two
        columns, or three where a cell holds several paragraphs (the header: issuer | motto,
        number | date; the sign-off: Nơi nhận | signature)."""
        rows = tbl.findall(_W + "tr")
        if not rows or len(rows) > 4:
            return False
        width = max(len(tr.findall(_W + "tc")) for tr in rows)
        if width > 3 or (width == 3 and not any(
                sum(1 for p in tc.iter(_W + "p") if "".join(t.text or "" for t in p.iter(_W + "t")).strip()) > 1
                for tc in tbl.iter(_W + "tc"))):
            return False
        return not self._bordered(tbl)

    def _own_or_styled(self, el, path: str, style_path: str):
        """``el``'s own element at ``path``, else the first found up its style's ``basedOn``
        chain (``style_path`` names the element's style); None when none has it."""
        found = el.find(path)
        style = el.find(style_path)
        style_id = style.get(_W + "val") if style is not None else None
        seen = set()
        while found is None and style_id and style_id not in seen:
            seen.add(style_id)
            st = self.styles.get(style_id)
            if st is None:
                break
            found = st.find(path)
            based = st.find(_W + "basedOn")
            style_id = based.get(_W + "val") if based is not None else None
        return found

    def _bordered(self, tbl) -> bool:
        """Does the table draw lines: its own borders, else its style's; or most cells' own?"""
        borders = self._own_or_styled(tbl, f"{_W}tblPr/{_W}tblBorders", f"{_W}tblPr/{_W}tblStyle")
        if borders is not None and _visible(borders):
            return True
        cells = tbl.findall(f"{_W}tr/{_W}tc")
        drawn = sum(1 for tc in cells if (b := tc.find(f"{_W}tcPr/{_W}tcBorders")) is not None and _visible(b))
        return bool(cells) and 2 * drawn > len(cells)

    def _layout_blocks(self, tbl) -> list[Block]:
        """A layout table read a column at a time (the left cells top to bottom, then the right
        ones), each cell's paragraphs as their own blocks, as the page is read."""
        columns: dict[int, list[Block]] = {}
        for tr in tbl.findall(_W + "tr"):
            col = 0
            for tc in tr.findall(_W + "tc"):
                span = tc.find(f"{_W}tcPr/{_W}gridSpan")
                columns.setdefault(col, []).extend(self.read(tc))
                col += int(span.get(_W + "val")) if span is not None and (span.get(_W + "val") or "").isdigit() else 1
        return [b for col in sorted(columns) for b in columns[col]]

    def _num_pr(self, p):
        """(numId, ilvl) of a paragraph, from its own properties or its style chain."""
        num_pr = self._own_or_styled(p, f"{_W}pPr/{_W}numPr", f"{_W}pPr/{_W}pStyle")
        if num_pr is None:
            return None
        num_id = num_pr.find(_W + "numId")
        ilvl = num_pr.find(_W + "ilvl")
        if num_id is None:
            return None
        return num_id.get(_W + "val"), _level(ilvl.get(_W + "val")) if ilvl is not None else 0


def _int(value, default: int) -> int:
    """A numbering attribute as a number, 0-32767 as Word has them; an odd one (``x``,
    missing) counts as ``default``."""
    try:
        return min(max(int(value), 0), 32767)
    except (TypeError, ValueError):
        return default


def _level(value) -> int:
    """A list level, 0-8 as Word has them."""
    return min(max(_int(value, 0), 0), 8)


def _visible(borders) -> bool:
    """Does a ``tblBorders``/``tcBorders`` element draw any line?"""
    return any((b := borders.find(_W + side)) is not None and b.get(_W + "val") not in ("nil", "none", None)
               for side in _BORDER_SIDES)


class _Numbering:
    """Renders Word's automatic list numbers (``1.``, ``a)``, ``I.``, bullets as ``-``)."""

    def __init__(self, document):
        self.nums: dict[str, tuple[str, dict[int, int]]] = {}
        self.levels: dict[str, dict[int, tuple[str, str, int, str]]] = {}
        self.counters: dict[str, list[int]] = {}
        self.started: set[str] = set()
        try:
            root = document.part.numbering_part.element
        except (KeyError, NotImplementedError, AttributeError, ValueError):  # none, or external
            return
        for abstract in root.iter(_W + "abstractNum"):
            levels = {}
            for lvl in abstract.findall(_W + "lvl"):
                fmt = lvl.find(_W + "numFmt")
                text = lvl.find(_W + "lvlText")
                start = lvl.find(_W + "start")
                suff = lvl.find(_W + "suff")
                levels[_level(lvl.get(_W + "ilvl"))] = (
                    fmt.get(_W + "val") if fmt is not None else "decimal",
                    text.get(_W + "val") if text is not None else "",
                    _int(start.get(_W + "val"), 1) if start is not None else 1,
                    suff.get(_W + "val") if suff is not None else "tab",
                )
            self.levels[abstract.get(_W + "abstractNumId")] = levels
        for num in root.iter(_W + "num"):
            abstract_id = num.find(_W + "abstractNumId")
            overrides = {}
            for ov in num.findall(_W + "lvlOverride"):
                start = ov.find(_W + "startOverride")
                if start is not None:
                    overrides[_level(ov.get(_W + "ilvl"))] = _int(start.get(_W + "val"), 1)
            if abstract_id is not None:
                self.nums[num.get(_W + "numId")] = (abstract_id.get(_W + "val"), overrides)

    def label(self, num_pr) -> str:
        if num_pr is None or num_pr[0] not in self.nums:
            return ""
        num_id, ilvl = num_pr
        abstract_id, overrides = self.nums[num_id]
        levels = self.levels.get(abstract_id, {})
        if ilvl not in levels:
            return ""
        counters = self.counters.setdefault(abstract_id, [0] * 9)
        if num_id not in self.started:  # a num with startOverride restarts its list
            self.started.add(num_id)
            for lv, start in overrides.items():
                counters[lv] = start - 1
        fmt, text, start, suff = levels[ilvl]
        counters[ilvl] = max(counters[ilvl], start - 1) + 1
        for deeper in range(ilvl + 1, 9):
            counters[deeper] = 0
        if fmt == "bullet":
            label = text if text in ("-", "+", "–", "•", "*") else "-"
        elif fmt == "none":
            label = re.sub(r"%\d", "", text)
        else:
            def number(m: re.Match) -> str:
                lv = int(m.group(1)) - 1
                lv_fmt, _, lv_start, _ = levels.get(lv, ("decimal", "", 1, ""))
                return _format_number(max(counters[lv], lv_start), lv_fmt)
            label = re.sub(r"%(\d)", number, text)
        if not label:
            return ""
        return label + ("" if suff == "nothing" else " ")


def _format_number(n: int, fmt: str) -> str:
    if fmt in ("lowerLetter", "upperLetter"):  # Word goes a … z, aa … zz, aaa …
        letters = chr(ord("a") + (n - 1) % 26) * ((n - 1) // 26 + 1) if n > 0 else ""
        return letters.upper() if fmt == "upperLetter" else letters
    if fmt in ("lowerRoman", "upperRoman"):
        roman = ""
        for value, numeral in ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"),
                               (90, "XC"), (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"),
                               (4, "IV"), (1, "I")):
            while n >= value:
                roman += numeral
                n -= value
        return roman.lower() if fmt == "lowerRoman" else roman
    if fmt == "decimalZero":
        return f"{n:02d}"
    return str(n)


# --------------------------------------------------------------------------- PDF

_PAGE_NUMBER = re.compile(r"^(?:-\s*)?(?:(?:Trang|trang|Page)\s+)?\d{1,4}(?:\s*/\s*\d{1,4})?(?:\s*-)?$")
_LIST_MARKER = re.compile(
    r"^(?:[-+•–*]\s|\d{1,2}(?:\.\d{1,2})*[.)]\s|[a-zđ][.)]\s|[IVXLC]{1,6}[.)]\s|\(\d{1,2}\)|\([a-zđ]\)\s)"
)
_TERMINAL = (".", ";", ":", "!", "?")
_BROKEN_AFTER = re.compile(r"\w[-–/]$")
_FOOTNOTE_MARK = re.compile(r"^(\d{1,3})(?=[\s.)])")


def load_pdf(path: Path, data: bytes) -> RawDoc:
    truncated = b"%%EOF" not in data[-2048:]
    garbled_pages: dict[int, str] = {}
    try:
        pages, n_pages, scanned = _read_pdf(data, garbled_pages)
    except _Encrypted:
        raise LoadError(f"{path.name}: the PDF is password-protected; "
                        "ask for an unprotected copy") from None
    except _DamagedPdf as e:  # PDFium refused the file or one of its pages
        why = "truncated (no end-of-file marker)" if truncated else str(e)
        raise LoadError(f"{path.name}: damaged PDF, {why}; get a complete copy of the file") from None
    if n_pages == 0:
        why = "truncated (no end-of-file marker)" if truncated else "no pages"
        raise LoadError(f"{path.name}: damaged PDF, {why}; get a complete copy of the file")
    # pages without a usable text layer are OCR'd (pipeline/read/ocr.py); the others keep their text
    ocr_blocks, warnings = [], []
    if scanned:
        from pipeline.read.ocr import ocr_scanned_pages

        ocr_blocks, warnings = ocr_scanned_pages(path.name, data, scanned, n_pages)
        for i in scanned:
            pages[i - 1] = []
        if garbled_pages:  # the reason stays in the row: these pages had a text layer
            spans = ", ".join(f"{i} ({why})" for i, why in sorted(garbled_pages.items()))
            warnings = [f"text layer garbled, read by OCR: page {spans}"] + warnings
    blocks = []
    if any(pages):
        lay = _layout(pages)
        _drop_running_lines(pages, lay)
        pages = [_split_columns(lines, lay) for lines in pages]
        blocks = _paragraphs(pages, lay)
    blocks, legacy_encoding = legacy.convert_blocks(blocks, pdf=True)  # a text layer in TCVN3/VNI fonts
    if ocr_blocks:
        blocks = sorted(blocks + ocr_blocks, key=lambda b: b.page)  # stable: page order kept
    if not blocks:
        raise LoadError(f"{path.name}: the PDF has no text layer and OCR found no text on its pages")
    return RawDoc(blocks=blocks, source_format="pdf", pages=n_pages, ocr=bool(ocr_blocks), warnings=warnings,
                  legacy_encoding=legacy_encoding)


class _Encrypted(Exception):
    """PDFium needs a password to open the file."""


class _DamagedPdf(Exception):
    """PDFium cannot read the file or one of its pages."""


def _read_pdf(data: bytes, garbled_pages: dict[int, str] | None = None
              ) -> tuple[list[list[dict]], int, list[int]]:
    """(lines of each page, number of pages, 1-based numbers of the pages that need OCR); the
    pages among them whose text layer is there but garbled go into ``garbled_pages`` with why."""
    garbled_pages = {} if garbled_pages is None else garbled_pages
    import pypdfium2 as pdfium  # imported here: only needed for PDF input

    from pipeline.read.ocr import garbled, needs_ocr, sparse_text_layer

    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as e:
        if e.err_code in (pdfium.raw.FPDF_ERR_PASSWORD, pdfium.raw.FPDF_ERR_SECURITY):
            raise _Encrypted from None
        raise _DamagedPdf(f"{type(e).__name__}: {e}") from None
    try:
        reader = _PdfReader(_pdfium(), pdf)
        pages, scanned = [], []
        for index in range(len(pdf)):
            with reader.page(index) as page:
                lines = page.lines()
                if needs_ocr(page, lines):
                    scanned.append(index + 1)
                elif why := garbled(lines) or sparse_text_layer(page, lines, _renderer(pdf, index)):
                    scanned.append(index + 1)
                    garbled_pages[index + 1] = why
            pages.append(lines)
        return pages, len(pdf), scanned
    finally:
        pdf.close()


def _renderer(pdf, index: int):
    """``render(scale)``: the page as a grey numpy array (for ``ocr.sparse_text_layer``)."""
    def render(scale: float):
        page = pdf[index]
        try:
            return page.render(scale=scale, grayscale=True).to_numpy()
        finally:
            page.close()
    return render


@functools.cache
def _pdfium() -> SimpleNamespace:
    """The PDFium functions the PDF reader calls, bound again with plain pointer types
    (``c_void_p``), so that handles come back as ints that compare and hash cheaply."""
    import pypdfium2.raw as c

    vp, i, d, f, u = ctypes.c_void_p, ctypes.c_int, ctypes.c_double, ctypes.c_float, ctypes.c_ulong
    pd, pf = ctypes.POINTER(d), ctypes.POINTER(f)

    def bind(name, restype, *argtypes):
        original = getattr(c, name)  # the same symbol and calling convention, other types
        fn = type(original)(ctypes.cast(original, ctypes.c_void_p).value)
        fn.restype, fn.argtypes = restype, argtypes
        return fn

    return SimpleNamespace(
        load_page=bind("FPDF_LoadPage", vp, vp, i),
        close_page=bind("FPDF_ClosePage", None, vp),
        page_box=bind("FPDF_GetPageBoundingBox", i, vp, ctypes.POINTER(c.FS_RECTF)),
        rotation=bind("FPDFPage_GetRotation", i, vp),
        count_objects=bind("FPDFPage_CountObjects", i, vp),
        get_object=bind("FPDFPage_GetObject", vp, vp, i),
        form_count=bind("FPDFFormObj_CountObjects", i, vp),
        form_object=bind("FPDFFormObj_GetObject", vp, vp, u),
        object_type=bind("FPDFPageObj_GetType", i, vp),
        object_bounds=bind("FPDFPageObj_GetBounds", i, vp, pf, pf, pf, pf),
        load_text=bind("FPDFText_LoadPage", vp, vp),
        close_text=bind("FPDFText_ClosePage", None, vp),
        count_chars=bind("FPDFText_CountChars", i, vp),
        get_text=bind("FPDFText_GetText", i, vp, i, i, ctypes.c_char_p),
        unicode=bind("FPDFText_GetUnicode", ctypes.c_uint, vp, i),
        text_object=bind("FPDFText_GetTextObject", vp, vp, i),
        origin=bind("FPDFText_GetCharOrigin", i, vp, i, pd, pd),
        loose_box=bind("FPDFText_GetLooseCharBox", i, vp, i, ctypes.POINTER(c.FS_RECTF)),
        font_size=bind("FPDFText_GetFontSize", d, vp, i),
        matrix=bind("FPDFText_GetMatrix", i, vp, i, ctypes.POINTER(c.FS_MATRIX)),
        map_error=bind("FPDFText_HasUnicodeMapError", i, vp, i),
        generated=bind("FPDFText_IsGenerated", i, vp, i),
        font=bind("FPDFTextObj_GetFont", vp, vp),
        font_name=bind("FPDFFont_GetBaseFontName", ctypes.c_size_t, vp, ctypes.c_char_p, ctypes.c_size_t),
        glyph_width=bind("FPDFFont_GetGlyphWidth", i, vp, ctypes.c_uint, f, pf),
        RECT=c.FS_RECTF, MATRIX=c.FS_MATRIX, IMAGE=c.FPDF_PAGEOBJ_IMAGE, FORM=c.FPDF_PAGEOBJ_FORM,
        PATH=c.FPDF_PAGEOBJ_PATH,
    )


# pdfplumber's word extraction, which the line rules below were first written on, spells them out
_LIGATURES = {ord(k): v for k, v in {"ﬀ": "ff", "ﬃ": "ffi", "ﬄ": "ffl", "ﬁ": "fi", "ﬂ": "fl", "ﬆ": "st",
                                     "ﬅ": "st"}.items()}
_LIGATURE_CHARS = re.compile("[" + "".join(map(chr, _LIGATURES)) + "]")
_X_TOLERANCE = 3.0  # points: glyphs of one font closer than this are one word (as pdfplumber has it)
# em: two objects this far apart with a blank PDFium put between them are two words, though
# closer than pdfplumber's 3 pt (Chromium draws every glyph on its own; its word spaces measure
# 0.18–0.3 em between the glyphs' advances)
_MADE_UP_SPACE = 0.17
_COLUMN_GAP = 2.0  # em: a gap this wide inside a line parts two columns (a header's or sign-off's cells)
_WIDE_GAP = 1.0  # em: a gap this wide may part them where the lines below are parted wider
_KERNING = 0.5  # em: how much kerning may take back from a run's spacing (see _PdfPage._run)


class _PdfReader:
    """Reads a PDF's text layer with PDFium into the line dicts the layout rules take.

    PDFium's text page lists a page's characters in content order, each with the text object
    (one ``Tj``/``TJ`` string) that drew it. The characters of one object share font, size and
    baseline, so each run of them costs a few calls: the origin of its first and last glyph,
    its font, size and matrix. Advances come from the font's widths (cached per font and
    character), so a run's right edge is its last glyph's origin plus that glyph's advance,
    exactly where pdfminer put it. The words of a run are its whitespace-separated pieces; the
    gaps between them are measured glyph by glyph only where one could be wide enough to part
    two columns (``_Run.slack``) or where PDFium made the blanks up for gaps between glyphs.
    Lines are then built as pdfplumber's words were: the same
    grouping, spacing and superscript rules, on the same coordinates (points from the top-left
    corner of the page as shown, the line's bottom on its baseline).
    """

    def __init__(self, api: SimpleNamespace, pdf):
        self.api = api
        self.doc = ctypes.cast(pdf.raw, ctypes.c_void_p).value
        self.fonts: dict[int, tuple[str, dict[str, float]]] = {}  # font handle → (name, em widths)

    @contextlib.contextmanager
    def page(self, index: int):
        api = self.api
        page = api.load_page(self.doc, index)
        if not page:
            raise _DamagedPdf(f"page {index + 1} cannot be read")
        text = api.load_text(page)
        try:
            if not text:
                raise _DamagedPdf(f"the text of page {index + 1} cannot be read")
            yield _PdfPage(self, page, text)
        finally:
            if text:
                api.close_text(text)
            api.close_page(page)

    def font(self, handle: int) -> tuple[str, dict[str, float]]:
        """The font's base name and a character → advance (em) table that fills itself."""
        known = self.fonts.get(handle)
        if known is None:
            api = self.api
            size = api.font_name(handle, None, 0)
            buf = ctypes.create_string_buffer(max(size, 1))
            api.font_name(handle, buf, size)
            width = ctypes.c_float()
            ref = ctypes.byref(width)

            class Widths(dict):
                def __missing__(self, ch: str) -> float:
                    self[ch] = w = width.value if api.glyph_width(handle, ord(ch), 1.0, ref) else 0.0
                    return w

            known = self.fonts[handle] = (buf.value.decode("utf-8", "replace"), Widths())
        return known


class _Run:
    """The words one text object drew in a row (or two, when pdfplumber read a word across
    them): their box, font and size, and how wide the gaps between them could be."""

    __slots__ = ("words", "chars", "x0", "x1", "top", "bottom", "size", "bold", "font", "slack", "pieces",
                 "last_x0", "made_up", "gaps")

    def __init__(self, words, x0, x1, top, bottom, size, bold, font, slack, piece, last_x0, made_up=False):
        self.words, self.x0, self.x1, self.top, self.bottom = words, x0, x1, top, bottom
        self.chars = sum(map(len, words))
        self.size, self.bold, self.font, self.slack = size, bold, font, slack
        self.pieces = [piece]  # (index of the first glyph, text, advance scale, widths) per run
        self.last_x0 = last_x0  # x0 of the last glyph
        self.made_up = made_up  # are its blanks PDFium's (for gaps between glyphs), not glyphs?
        self.gaps: list[tuple[float, bool]] | None = None  # the gaps between the words, once measured


def _x0(run: _Run) -> float:
    return run.x0


def _top_x0(run: _Run) -> tuple[float, float]:
    return run.top, run.x0


class _PdfPage:
    def __init__(self, reader: _PdfReader, page: int, text: int):
        self.reader, self.api, self.handle, self.tp = reader, reader.api, page, text
        box = self.api.RECT()
        self.api.page_box(page, ctypes.byref(box))
        self.rotation = self.api.rotation(page) % 4
        self.box = (box.left, min(box.bottom, box.top), box.right, max(box.bottom, box.top))
        w, h = self.box[2] - self.box[0], self.box[3] - self.box[1]
        self.width, self.height = (h, w) if self.rotation % 2 else (w, h)
        self._x, self._y, self._m = ctypes.c_double(), ctypes.c_double(), self.api.MATRIX()
        self._xy = (ctypes.byref(self._x), ctypes.byref(self._y))
        self._m_ref = ctypes.byref(self._m)
        self.ligatures = False

    # ---------------------------------------------------------------- coordinates

    def _device(self, x: float, y: float) -> tuple[float, float]:
        """A point of the page as pdfplumber placed it: x from the left, y from the top of the
        page as shown (after its /Rotate)."""
        left, bottom, right, top = self.box
        r = self.rotation
        if r == 0:
            return x - left, top - y
        if r == 1:
            return y - bottom, x - left
        if r == 2:
            return right - x, y - bottom
        return top - y, right - x

    def _direction(self, dx: float, dy: float) -> tuple[float, float]:
        """A direction of the page as shown (x to the right, y up)."""
        return ((dx, dy), (dy, -dx), (-dx, -dy), (-dy, dx))[self.rotation]

    def _origin(self, index: int) -> tuple[float, float]:
        self.api.origin(self.tp, index, *self._xy)
        return self._device(self._x.value, self._y.value)

    # ---------------------------------------------------------------- images (for needs_ocr)

    @functools.cached_property
    def images(self) -> list[dict]:
        """The page's images (those in forms too) with their boxes, as pdfplumber lists them."""
        api, out = self.api, []
        values = [ctypes.c_float() for _ in range(4)]
        refs = [ctypes.byref(v) for v in values]

        def walk(objects):
            for obj in objects:
                kind = api.object_type(obj)
                if kind == api.IMAGE and api.object_bounds(obj, *refs):
                    l, b, r, t = (v.value for v in values)
                    (x0, y0), (x1, y1) = self._device(l, b), self._device(r, t)
                    out.append({"x0": min(x0, x1), "x1": max(x0, x1), "top": min(y0, y1), "bottom": max(y0, y1)})
                elif kind == api.FORM:
                    walk([api.form_object(obj, k) for k in range(api.form_count(obj))])

        walk([api.get_object(self.handle, k) for k in range(api.count_objects(self.handle))])
        return out

    # ---------------------------------------------------------------- text

    def _chars(self) -> str:
        """The page's characters, one per character index; PDFium's mark for a hyphen at the
        end of a line (U+FFFE) is written back as ``-``."""
        api, tp = self.api, self.tp
        n = api.count_chars(tp)
        if n <= 0:
            return ""
        buf = ctypes.create_string_buffer(2 * (n + 1))
        api.get_text(tp, 0, n, buf)
        text = buf.raw[: 2 * n].decode("utf-16-le", "replace")
        if len(text) != n or _SURROGATE.search(text):  # characters beyond the BMP: one at a time
            text = "".join(chr(api.unicode(tp, i)) for i in range(n))
        return text.replace("\ufffe", "-").replace("\x02", "-")

    def _runs(self, text: str):
        """(first index, end index, text object) of each run of characters one text object drew;
        the line breaks PDFium adds between them belong to none."""
        api, tp, n = self.api, self.tp, len(text)
        i = 0
        while i < n:
            obj = api.text_object(tp, i)
            if not obj:
                i += 1
                continue
            end = text.find("\r\n", i + 1)  # the next line break PDFium added: often the run's end
            if end < 0:
                end = n
            if api.text_object(tp, end - 1) == obj:
                if end < n and api.text_object(tp, end) == obj:  # a run past it: gallop forwards
                    lo, step = end, 1
                    while lo + step < n and api.text_object(tp, lo + step) == obj:
                        lo += step
                        step *= 2
                    lo, hi = lo, min(lo + step, n)
                else:
                    lo = hi = end
            else:
                lo, hi = i, end - 1  # the run ends in between: obj at lo, another at hi
            while hi - lo > 1:
                mid = (lo + hi) // 2
                if api.text_object(tp, mid) == obj:
                    lo = mid
                else:
                    hi = mid
            yield i, hi, obj
            i = hi

    def _run(self, text: str, i: int, j: int, obj: int) -> _Run | None:
        run = text[i:j]
        core = run.strip()
        if not core:
            return None
        api, tp = self.api, self.tp
        a = i + len(run) - len(run.lstrip())
        b = a + len(core) - 1
        if api.map_error(tp, a):  # glyphs without a Unicode mapping: unreadable, written U+FFFD
            core = "".join("\ufffd" if api.map_error(tp, k) else text[k] for k in range(a, b + 1))
        font = api.font(obj)
        name, widths = self.reader.fonts.get(font) or self.reader.font(font)
        nominal = api.font_size(tp, a)
        api.matrix(tp, a, self._m_ref)
        m = self._m
        (ax, ay), (cx, cy) = self._direction(m.a, m.b), self._direction(m.c, m.d)
        if not (ax > 0 and cy > 0 and abs(ay) <= 1e-6 * ax and abs(cx) <= 1e-6 * cy):
            return self._turned(core, a, b, nominal * math.sqrt(abs(m.a * m.d - m.b * m.c)), name)
        size, scale = nominal * cy, nominal * ax  # the font size as drawn; advances' scale
        x0, base = self._origin(a)
        last_x0 = self._origin(b)[0] if b > a else x0
        x1 = last_x0 + widths[core[-1]] * scale
        if not widths[core[-1]]:  # no width for it in the font: the glyph's box
            box = self.api.RECT()
            if api.loose_box(tp, b, ctypes.byref(box)):
                x1 = max(x1, *(self._device(x, box.top)[0] for x in (box.left, box.right)))
        words = core.split()
        if self.ligatures:
            words = [w.translate(_LIGATURES) for w in words]
        slack, made_up = 0.0, False
        if len(words) > 1:
            # The widest a gap between two words could be: the run's width beyond its glyphs'
            # advances is all the spacing in it (TJ offsets, Tc, Tw), with the blanks' own
            # advance, and kerning may have taken some of it back elsewhere in the run.
            spacing = x1 - x0 - scale * sum(map(widths.__getitem__, core))
            blanks = max(map(len, _BLANKS.findall(core))) if "  " in core else 1
            slack = spacing + blanks * scale * widths[" "] + _KERNING * size
            made_up = bool(api.generated(tp, a + _BLANK.search(core).start()))
            if made_up or widths[" "] * scale < 0.2 * size:
                # blanks PDFium put in for gaps (no blank glyphs: a word is split there only if the
                # gap is over 3 pt), or blank glyphs too narrow to trust: every gap is measured
                slack = math.inf
        return _Run(words, x0, x1, base - size, base, size, "Bold" in name, font, slack, (a, core, scale, widths),
                    last_x0, made_up)

    def _turned(self, core: str, a: int, b: int, size: float, name: str) -> _Run | None:
        """A run not set upright on the page: the extent of its glyphs' boxes."""
        api, box = self.api, self.api.RECT()
        xs, ys = [], []
        for k in range(a, b + 1):
            if api.loose_box(self.tp, k, ctypes.byref(box)):
                for x, y in ((box.left, box.bottom), (box.right, box.top)):
                    dx, dy = self._device(x, y)
                    xs.append(dx)
                    ys.append(dy)
        if not xs:
            return None
        return _Run(core.split(), min(xs), max(xs), min(ys), max(ys), size, "Bold" in name, None, 0.0, None,
                    max(xs))

    def _measure(self, run: _Run) -> list[tuple[float, bool, float, float]]:
        """The gaps between consecutive words of ``run``, from glyph origins and advances, each
        with whether the blank in it is one PDFium put in (no blank glyph there), the end of the
        word before it and the start of the word after it."""
        if run.gaps is None:
            api, gaps = self.api, []
            for start, core, scale, widths in run.pieces:
                spans = [m.span() for m in _WORD.finditer(core)]
                for (_, end), (nxt, _) in zip(spans, spans[1:]):
                    last = self._origin(start + end - 1)[0] + widths[core[end - 1]] * scale
                    made_up = run.made_up and bool(api.generated(self.tp, start + end))
                    nxt_x0 = self._origin(start + nxt)[0]
                    gaps.append((nxt_x0 - last, made_up, last, nxt_x0))
            run.gaps = gaps
        return run.gaps

    def lines(self) -> list[dict]:
        """The page's words grouped into lines (vertical overlap), superscript digits marked."""
        text = self._chars()
        self.ligatures = bool(_LIGATURE_CHARS.search(text))
        runs: list[_Run] = []
        prev = None  # the last run, while the next may go on with its last word
        end = 0
        for i, j, obj in self._runs(text):
            run = self._run(text, i, j, obj)
            if run is None:
                prev = None
                continue
            if prev is not None and i > end and text[i - 1] == " " and run.x0 - prev.x1 > _MADE_UP_SPACE * run.size:
                prev = None  # PDFium put a blank between two objects that are apart: two words
            end = j
            if (prev is not None and run.font is not None and run.font == prev.font and run.size == prev.size
                    and run.pieces[0][0] == i and prev.last_x0 <= run.x0 <= prev.x1 + _X_TOLERANCE
                    and abs(run.top - prev.top) <= _X_TOLERANCE):
                # the same font going on from the last glyph without a blank: one word (pdfplumber)
                prev.words[-1] += run.words[0]
                prev.words.extend(run.words[1:])
                prev.chars += run.chars
                prev.x1, prev.last_x0 = max(prev.x1, run.x1), run.last_x0
                prev.top, prev.bottom = min(prev.top, run.top), max(prev.bottom, run.bottom)
                prev.slack = max(prev.slack, run.slack)
                prev.made_up = prev.made_up or run.made_up
                prev.pieces.extend(run.pieces)
            else:
                runs.append(run)
                prev = run
            if text[j - 1].isspace():
                prev = None
        if not runs:
            return []
        table_lines: list[dict] = []
        grid = self._rules()
        if grid:
            runs, table_lines = self._tables(runs, grid)
        lines = [self._line(row) for row in _rows(runs)]
        if table_lines:
            lines = sorted(lines + table_lines, key=lambda ln: ln["top"])
        return lines

    # ---------------------------------------------------------------- ruled tables

    def _rules(self) -> tuple[list, list] | None:
        """The page's ruling lines (thin filled or stroked paths): horizontal ones as
        (y, x0, x1), vertical ones as (x, top, bottom), in the page's coordinates as shown;
        ``None`` when there are too few to draw a table."""
        api = self.api
        n = api.count_objects(self.handle)
        values = [ctypes.c_float() for _ in range(4)]
        refs = [ctypes.byref(v) for v in values]
        across, down = [], []
        for k in range(n):
            obj = api.get_object(self.handle, k)
            if api.object_type(obj) != api.PATH or not api.object_bounds(obj, *refs):
                continue
            (x0, y0), (x1, y1) = (self._device(values[0].value, values[1].value),
                                  self._device(values[2].value, values[3].value))
            x0, x1, y0, y1 = min(x0, x1), max(x0, x1), min(y0, y1), max(y0, y1)
            if y1 - y0 <= 2.5 and x1 - x0 >= 8:
                across.append(((y0 + y1) / 2, x0, x1))
            elif x1 - x0 <= 2.5 and y1 - y0 >= 5:
                down.append(((x0 + x1) / 2, y0, y1))
        if not across or len(down) < 3:  # (one rule across: a table that a page break cuts)
            return None
        return across, down

    def _tables(self, runs: list[_Run], grid: tuple[list, list]) -> tuple[list[_Run], list[dict]]:
        """The runs that sit in the cells of a ruled table, taken out and written as one line a
        table row (``a | b | c``, each cell's lines joined), and the runs outside the tables.
        A cell is the space between the nearest rules above and below a run, left and right of
        it; a row needs two cells or more (a framed paragraph is not a table)."""
        across, down = grid
        left, right = min(d[0] for d in down), max(d[0] for d in down)
        top = min(min(a[0] for a in across), min(d[1] for d in down))
        bottom = max(max(a[0] for a in across), max(d[2] for d in down))
        cells: dict[tuple, dict[tuple, list[_Run]]] = {}
        outside = []
        for run in runs:
            cx, cy = (run.x0 + run.x1) / 2, (run.top + run.bottom) / 2
            if not left < cx < right:
                outside.append(run)
                continue
            if not top < cy < bottom:
                outside.append(run)
                continue
            west = max((d[0] for d in down if d[0] < cx and d[1] - 1 <= cy <= d[2] + 1), default=None)
            east = min((d[0] for d in down if d[0] > cx and d[1] - 1 <= cy <= d[2] + 1), default=None)
            above = max((a[0] for a in across if a[0] < cy and a[1] - 1 <= cx <= a[2] + 1), default=None)
            below = min((a[0] for a in across if a[0] > cy and a[1] - 1 <= cx <= a[2] + 1), default=None)
            if west is not None and east is not None and (above is None) != (below is None):
                # a row that a page break cuts: no rule across on that side, its side rules
                # reach the end of the page's table
                sides = [d for d in down if d[0] in (west, east)]
                if above is None and all(d[1] < top + 2 for d in sides if d[1] - 1 <= cy <= d[2] + 1):
                    above = top
                if below is None and all(d[2] > bottom - 2 for d in sides if d[1] - 1 <= cy <= d[2] + 1):
                    below = bottom
            if None in (above, below, west, east) or run.x0 < west - 2 or run.x1 > east + 2:
                outside.append(run)
                continue
            row = cells.setdefault(round(above), {})
            row.setdefault((round(west), round(east)), []).append(run)
            row[None] = min(row.get(None, below), below)  # the row's band ends at its first rule below
        lines = []
        for row_top, row in cells.items():
            band = (row_top + row.pop(None)) / 2
            if len(row) < 2:
                outside.extend(r for col in row.values() for r in col)
                continue
            # the columns: every rule down through the row's band but the last; a column that a
            # cell above covers (merged down) or nothing fills is an empty cell, one that a cell
            # of the row spans (merged across) is not written
            starts = sorted({round(d[0]) for d in down if d[1] - 1 <= band <= d[2] + 1})[:-1]
            texts, members, covered = [], [], -math.inf
            for x in sorted(set(starts) | {w for w, _ in row}):
                col = next((c for (w, _), c in row.items() if w == x), None)
                if col is None:
                    if x >= covered:
                        texts.append("")
                    continue
                covered = max(e for (w, e) in row if w == x) - 1
                cell = ""
                for r in _rows(col):  # a cell's lines, a wrapped "%" or ")" kept to its number
                    line = self._line(r)["text"]
                    cell += ("" if not cell or line[:1] in _CLOSING else " ") + line
                texts.append(cell)
                members.extend(col)
            weights = Counter()
            for r in members:
                weights[round(r.size, 1)] += r.chars
            size = weights.most_common(1)[0][0]
            lines.append({
                "text": " | ".join(texts), "size": size, "top": min(r.top for r in members),
                "bottom": max(r.bottom for r in members), "x0": min(r.x0 for r in members),
                "x1": max(r.x1 for r in members), "max_gap": math.inf, "tall": max(r.size for r in members),
                "bold": sum(len(r.words) for r in members if r.bold) / max(sum(len(r.words) for r in members), 1),
                "page_height": float(self.height), "table": True,
            })
        return outside, lines

    def _line(self, row: list[_Run]) -> dict:
        row.sort(key=_x0)
        if len(row) > 1 and _interleaved(row) and all(run.pieces[0] is not None for run in row):
            return self._glyph_line(row)
        weights: dict[float, int] = {}
        for run in row:
            key = round(run.size, 1)
            weights[key] = weights.get(key, 0) + run.chars
        size = max(weights, key=weights.__getitem__)  # the most common; the first of equals
        base = max(run.bottom for run in row if round(run.size, 1) == size)
        space, measure = 0.12 * size, 2.5 * size
        parts, gaps, prev = [], [0.0], None
        cuts: list[tuple[int, float, float]] = []  # wide gaps: (index in parts, left end, right start)
        wide = _WIDE_GAP * size
        for run in row:
            if prev is not None:
                gap = run.x0 - prev.x1
                gaps.append(gap)
                if gap > wide:
                    cuts.append((len(parts), prev.x1, run.x0))
                if gap > space:
                    parts.append(" ")
            words = run.words
            if run.size < 0.8 * size and run.bottom < base - 0.15 * size:  # raised small digits
                words = [w.translate(SUPERSCRIPT_DIGITS) if w.isdigit() else w for w in words]
            if len(words) == 1:
                parts.append(words[0])
            elif run.slack > measure:  # a gap in the run could part columns: measure them
                parts.append(words[0])
                for word, (gap, made_up, end, start) in zip(words[1:], self._measure(run)):
                    # a blank glyph parts words (spaced when the gap is over 0.12 em); where PDFium
                    # put the blank in, the gap parts them only when over 3 pt (pdfplumber's rule)
                    if not made_up or gap > _X_TOLERANCE:
                        gaps.append(gap)
                        if gap > wide:
                            cuts.append((len(parts), end, start))
                        if gap > space:
                            parts.append(" ")
                    parts.append(word)
            else:  # no gap in the run as wide as a column gap: its slack stands for them
                parts.append(" ".join(words))
                gaps.append(run.slack)
            prev = run
        words = sum(len(run.words) for run in row)
        line = {
            "text": "".join(parts), "size": size, "top": min(run.top for run in row), "bottom": base,
            "x0": row[0].x0, "x1": row[-1].x1, "max_gap": max(gaps), "tall": max(run.size for run in row),
            "bold": sum(len(run.words) for run in row if run.bold) / words, "page_height": float(self.height),
        }
        if cuts:  # where wide gaps part the line: (offset in its text, left end, right start)
            line["cuts"] = [(len("".join(parts[:k])), a, b) for k, a, b in cuts]
        return line


    def _glyph_line(self, row: list[_Run]) -> dict:
        """A line whose text objects overlap on the page (glyphs drawn out of reading order:
        a fallback font's letters drawn after the line, in the gaps left for them): its glyphs
        are placed one by one by their origins and advances, sorted by position, joined into
        words where a blank glyph or a gap parts them, combining marks attached to the letter
        they sit on, and each word composed (NFC)."""
        weights: dict[float, int] = {}
        for run in row:
            key = round(run.size, 1)
            weights[key] = weights.get(key, 0) + run.chars
        size = max(weights, key=weights.__getitem__)
        base = max(run.bottom for run in row if round(run.size, 1) == size)
        glyphs = []  # (x0, x1, char, run)
        marks = []  # (centre, char)
        for run in row:
            raised = run.size < 0.8 * size and run.bottom < base - 0.15 * size
            for start, core, scale, widths in run.pieces:
                for k, ch in enumerate(core):
                    if ch.isspace() and self.api.generated(self.tp, start + k):
                        continue  # PDFium's blank for a gap in stream order, not a glyph
                    x = self._origin(start + k)[0]
                    if unicodedata.combining(ch):
                        marks.append((x, ch))
                        continue
                    w = widths[ch] * scale
                    glyphs.append((x, x + w, ch, run, raised))
        glyphs.sort(key=lambda g: g[0])
        starts = [g[0] for g in glyphs]
        extra: dict[int, str] = {}
        for x, ch in marks:  # a mark goes with the letter whose box holds it (or the one before)
            i = max(bisect.bisect_right(starts, x + 0.5) - 1, 0)
            extra[i] = extra.get(i, "") + ch
        space = 0.12 * size
        words: list[list] = []  # [x0, x1, text, raised]
        blank = True
        for i, (x0, x1, ch, run, raised) in enumerate(glyphs):
            if ch.isspace():
                blank = True
                continue
            ch += extra.get(i, "")
            if not blank and words and x0 - words[-1][1] <= max(space, 1.0) and raised == words[-1][3]:
                words[-1][1] = max(words[-1][1], x1)
                words[-1][2] += ch
            else:
                words.append([x0, x1, ch, raised])
            blank = False
        parts, gaps, prev = [], [0.0], None
        cuts: list[tuple[int, float, float]] = []
        for x0, x1, text, raised in words:
            text = unicodedata.normalize("NFC", text)
            if raised and text.isdigit():
                text = text.translate(SUPERSCRIPT_DIGITS)
            if prev is not None:
                gaps.append(x0 - prev)
                if x0 - prev > _WIDE_GAP * size:
                    cuts.append((len("".join(parts)), prev, x0))
                parts.append(" ")
            parts.append(text)
            prev = x1
        n_words = sum(len(run.words) for run in row) or 1
        line = {
            "text": "".join(parts), "size": size, "top": min(run.top for run in row), "bottom": base,
            "x0": words[0][0] if words else row[0].x0, "x1": max(w[1] for w in words) if words else row[-1].x1,
            "max_gap": max(gaps), "tall": max(run.size for run in row),
            "bold": sum(len(run.words) for run in row if run.bold) / n_words, "page_height": float(self.height),
        }
        if cuts:
            line["cuts"] = cuts
        return line


_CLOSING = set("%),.;:")


def _rows(runs: list[_Run]) -> list[list[_Run]]:
    """Runs grouped into lines: sorted by top, a run joins the line it overlaps by half its height."""
    runs = sorted(runs, key=_top_x0)
    rows: list[list[_Run]] = []
    top = bottom = None
    for run in runs:
        if rows:
            overlap = min(bottom, run.bottom) - max(top, run.top)
            if overlap > 0.5 * min(bottom - top, run.bottom - run.top):
                rows[-1].append(run)
                top, bottom = min(top, run.top), max(bottom, run.bottom)
                continue
        rows.append([run])
        top, bottom = run.top, run.bottom
    return rows


def _interleaved(row: list[_Run]) -> bool:
    """Do the runs of a line (sorted by x0) overlap by more than kerning could explain?"""
    end = row[0].x1
    for run in row[1:]:
        if run.x0 < end - max(1.0, 0.15 * run.size):
            return True
        end = max(end, run.x1)
    return False


_SURROGATE = re.compile("[\ud800-\udfff]")
_BLANKS = re.compile(r"\s+")
_BLANK = re.compile(r"\s")
_WORD = re.compile(r"\S+")


@dataclass(frozen=True)
class _Layout:
    """What a document's body text looks like: its font size, margins, line pitch, indent."""

    size: float
    left: float
    right: float
    pitch: float  # top-to-top distance of two lines of one paragraph
    indent: float | None  # x0 of an indented first line, when the document indents them


def _layout(pages: list[list[dict]]) -> _Layout:
    lines = [ln for page in pages for ln in page]
    weights: Counter = Counter()
    for ln in lines:
        weights[ln["size"]] += len(ln["text"])
    size = weights.most_common(1)[0][0]
    main = [ln for ln in lines if abs(ln["size"] - size) < 0.5]
    left = Counter(round(ln["x0"]) for ln in main).most_common(1)[0][0]
    right = statistics.quantiles([ln["x1"] for ln in main], n=10)[-1] if len(main) > 1 else main[0]["x1"]
    pitches = [b["top"] - a["top"] for page in pages for a, b in zip(page, page[1:])
               if abs(a["size"] - size) < 0.5 and abs(b["size"] - size) < 0.5
               and 0 < b["top"] - a["top"] < 3 * size]
    pitch = statistics.quantiles(pitches, n=4)[0] if len(pitches) > 1 else 1.2 * size
    indents = Counter(round(ln["x0"]) for ln in main if 0.5 * size < ln["x0"] - left < 4 * size)
    indent = indents.most_common(1)[0][0] if indents and indents.most_common(1)[0][1] >= 3 else None
    return _Layout(size, left, right, pitch, indent)


def _drop_running_lines(pages: list[list[dict]], lay: _Layout) -> None:
    """Remove running headers and footers (lines repeated at the same place in the top or
    bottom margin of most pages) and page numbers, in place."""
    def margin(line) -> bool:
        h = line["page_height"]
        return line["bottom"] < 0.12 * h or line["top"] > 0.88 * h

    def key(line) -> tuple:
        return round(line["top"] / 3), re.sub(r"\d+", "#", line["text"])

    def page_number(lines, i) -> bool:
        """A number alone at the top or bottom of the page, apart from the text flow."""
        line = lines[i]
        if i not in (0, len(lines) - 1) or not margin(line) or not _PAGE_NUMBER.match(line["text"]):
            return False
        neighbour = (lines[1] if i == 0 else lines[-2]) if len(lines) > 1 else None
        apart = neighbour is None or abs(neighbour["top"] - line["top"]) > 1.5 * lay.pitch
        return apart or abs(line["x0"] - lay.left) > lay.size

    repeated = Counter(key(ln) for lines in pages for ln in {key(x): x for x in lines if margin(x)}.values())
    with_text = sum(1 for lines in pages if lines)

    def running(line) -> bool:
        return margin(line) and with_text >= 3 and repeated[key(line)] >= 0.6 * with_text

    for lines in pages:  # peel from the top and the bottom edge inwards
        while lines and (running(lines[0]) or page_number(lines, 0)):
            del lines[0]
        while lines and (running(lines[-1]) or page_number(lines, len(lines) - 1)):
            del lines[-1]


def _split_columns(lines: list[dict], lay: _Layout) -> list[dict]:
    """Read a two-column block (the header: issuer and number | motto and date; the sign-off:
    ``Nơi nhận`` | signature) a column at a time, left then right, as the page shows them.

    A block starts at a line that a column gap (2 em) parts in two and goes on while the lines
    keep that gap or sit, alone, in one of its columns (aligned on its left edge or its centre
    with a line there); the lines just above it that a narrower gap (1 em) parts at the same
    place belong to it too. It is read by columns only where most of the right column's lines
    are centred on one axis, as the cells of a header or a signature are; a table of data keeps
    its rows."""
    out: list[dict] = []
    i, n = 0, len(lines)
    while i < n:
        segs = _segs(lines[i], _COLUMN_GAP)
        if len(segs) != 2:
            out.append(lines[i])
            i += 1
            continue
        size = lines[i]["size"]
        gl, gr = segs[0][1], segs[1][0]  # the column gap, narrowed by every line that keeps it
        left, right = [_piece(lines[i], segs[0], 0)], [_piece(lines[i], segs[1], 1)]
        j = i + 1
        while j < n:
            ln = lines[j]
            s = _segs(ln, _COLUMN_GAP)
            if len(s) > 1:
                if len(s) != 2 or not (s[0][1] < gr and s[1][0] > gl):
                    break
                gl, gr = max(gl, s[0][1]), min(gr, s[1][0])
                left.append(_piece(ln, s[0], 0))
                right.append(_piece(ln, s[1], 1))
            elif ln["x1"] <= gr and _aligned(ln, left, size, hanging=True):
                left.append({**ln, "col": 0})
            elif ln["x0"] >= gl and _aligned(ln, right, size):
                right.append({**ln, "col": 1})
            else:
                break
            j += 1
        centres = [(p["x0"] + p["x1"]) / 2 for p in right]
        on_axis = max(sum(abs(c - axis) < 0.75 * size for c in centres) for axis in centres)
        if on_axis >= 2 and 2 * on_axis > len(centres):  # most of the right column centred on one axis
            above = 0  # lines just above, parted at the same place by a narrower gap
            while above < 2 and len(out) > above and "col" not in out[-1 - above]:
                s = _segs(out[-1 - above], _WIDE_GAP)
                if len(s) != 2 or not (s[0][1] < gr and s[1][0] > gl):
                    break
                above += 1
            for ln in reversed(out[len(out) - above:]):
                s = _segs(ln, _WIDE_GAP)
                left.insert(0, _piece(ln, s[0], 0))
                right.insert(0, _piece(ln, s[1], 1))
            del out[len(out) - above:]
            out.extend(left)
            out.extend(right)
            i = j
        else:
            out.append(lines[i])
            i += 1
    return out


def _segs(line: dict, em: float) -> list[tuple[float, float, str]]:
    """The pieces of a line that gaps wider than ``em`` part: [(x0, x1, text)]."""
    cuts = [c for c in line.get("cuts", ()) if c[2] - c[1] > em * line["size"]]
    if not cuts:
        return [(line["x0"], line["x1"], line["text"])]
    text = line["text"]
    edges = [line["x0"]] + [x for _, a, b in cuts for x in (a, b)] + [line["x1"]]
    bounds = [0] + [k for k, _, _ in cuts] + [len(text)]
    return [(edges[2 * k], edges[2 * k + 1], text[bounds[k]:bounds[k + 1]].strip()) for k in range(len(bounds) - 1)]


def _piece(line: dict, seg: tuple, col: int) -> dict:
    piece = {k: v for k, v in line.items() if k != "cuts"}
    piece.update(text=seg[2], x0=seg[0], x1=seg[1], max_gap=0.0, col=col)
    return piece


def _aligned(line: dict, column: list[dict], size: float, hanging: bool = False) -> bool:
    """Is ``line`` set on the left edge or the centre of a line of ``column`` (or, with
    ``hanging``, a little right of the column's left edge: a list item's second line)?"""
    centre = (line["x0"] + line["x1"]) / 2
    left = min(p["x0"] for p in column)
    if hanging and left - 1 <= line["x0"] <= left + 3 * size:
        return True
    return any(abs(line["x0"] - p["x0"]) < size or abs(centre - (p["x0"] + p["x1"]) / 2) < size
               for p in column)


def _paragraphs(pages: list[list[dict]], lay: _Layout) -> list[Block]:
    """Join the lines of each page into paragraphs (see ``_new_paragraph``); a page's last
    paragraph that runs on to the next page is marked ``continues`` (see ``_runs_on``)."""
    blocks: list[Block] = []
    edges: list[tuple[int, dict, int, dict]] = []  # (first block, its first line, last block, its last line)
    for page_no, lines in enumerate(pages, 1):
        if lines:
            edges.append((len(blocks), lines[0], -1, lines[-1]))
        last_body = max((i for i, ln in enumerate(lines) if abs(ln["size"] - lay.size) < 0.5), default=-1)
        text, kind, prev = "", "para", None
        for i, ln in enumerate(lines):
            if ln.get("table"):  # a row of a ruled table: a block of its own
                if text:
                    blocks.append(Block(text, page_no, kind))
                blocks.append(Block(ln["text"], page_no, "table_row"))
                text, kind, prev = "", "para", None
                continue
            small = ln["size"] < 0.92 * lay.size
            # footnote: small print that starts with a superscript number, or with a plain
            # number below the last line of body text (the footnote area at the page foot)
            mark = _FOOTNOTE_MARK.match(ln["text"]) if small and i > last_body else None
            if mark:
                ln = {**ln, "text": mark.group(1).translate(SUPERSCRIPT_DIGITS) + ln["text"][mark.end(1):]}
            footnote_start = small and (bool(_SUP_START.match(ln["text"])))
            if prev is None or footnote_start or _new_paragraph(prev, ln, lay):
                if text:
                    blocks.append(Block(text, page_no, kind))
                continues_note = (kind == "footnote" and prev is not None and small
                                  and abs(ln["size"] - prev["size"]) <= 0.6)
                text, kind = "", "footnote" if footnote_start or continues_note else "para"
            # a line broken after the hyphen or slash inside "QĐ-TTg", "2021-2030" joins tight
            text += ("" if not text or _BROKEN_AFTER.search(text) else " ") + ln["text"]
            prev = ln
        if text:
            blocks.append(Block(text, page_no, kind))
        if lines:
            edges[-1] = (edges[-1][0], edges[-1][1], len(blocks) - 1, prev)
    for (_, _, last, end), (first, start, _, _) in zip(edges, edges[1:]):
        if (0 <= last < first < len(blocks) and last == first - 1 and blocks[last].kind == "para"
                and blocks[first].kind == "para" and _runs_on(end, start, lay)):
            blocks[last] = replace(blocks[last], continues=True)
    return blocks


def _runs_on(end: dict, start: dict, lay: _Layout) -> bool:
    """Does the paragraph whose last line on a page is ``end`` go on with ``start``, the next
    page's first line? ``end`` is a full line of body text (it reaches the right margin) and
    ``start`` a plain line of body text at the left margin (no indent, no list marker, not a
    heading or a centred line); where the document does not indent first lines, ``end`` must
    also stop mid-sentence."""
    size = lay.size
    body = abs(end["size"] - size) < 0.5 and abs(start["size"] - size) < 0.5
    full = end["x1"] >= lay.right - 0.5 * size and abs(end["x0"] - lay.left) < 4 * size
    at_left = abs(start["x0"] - lay.left) < 0.5 * size
    plain = (not _LIST_MARKER.match(start["text"]) and not _centred(start, lay)
             and {end["bold"], start["bold"]} != {0, 1} and not start["text"].isupper())
    ends_sentence = end["text"].rstrip().endswith(_TERMINAL)
    return body and full and at_left and plain and (lay.indent is not None or not ends_sentence)


def _new_paragraph(prev: dict, ln: dict, lay: _Layout) -> bool:
    """Does ``ln`` start a new paragraph after ``prev`` on the same page?"""
    size = ln["size"]
    centred = _centred(ln, lay)
    placed = prev["x0"] - lay.left > 4 * prev["size"]  # a right-aligned, centred or indented block
    at_indent = lay.indent is not None and abs(ln["x0"] - lay.indent) < 1.5
    return (
        ln.get("col") != prev.get("col")  # the other column of a header or sign-off block
        or abs(size - prev["size"]) > 0.6  # another font size
        or ln["top"] - prev["top"] > lay.pitch * max(ln["tall"], prev["tall"]) / lay.size + 0.3 * size
        or (_centred(prev, lay) and not centred)
        or {prev["bold"], ln["bold"]} == {0, 1}  # a bold heading line next to plain text
        or prev["x1"] < lay.right - max(4 * prev["size"], 0.1 * (lay.right - lay.left))  # short line
        or (ln["x0"] > prev["x0"] + 0.5 * size and not centred)  # an indented first line
        or (at_indent and abs(prev["x0"] - lay.indent) < 1.5)  # two first lines in a row
        or (placed and abs(ln["x0"] - prev["x0"]) > 0.5 * size)  # after a placed line
        or (bool(_LIST_MARKER.match(ln["text"])) and prev["text"].endswith(_TERMINAL))
        or ln["max_gap"] > 2.5 * size or prev["max_gap"] > 2.5 * prev["size"]  # columns
    )


def _centred(ln: dict, lay: _Layout) -> bool:
    """A line set in the middle of the text column (a title), not a full line of text."""
    return (ln["x0"] - lay.left > 3 * ln["size"]
            and abs(ln["x0"] + ln["x1"] - lay.left - lay.right) < ln["size"])
