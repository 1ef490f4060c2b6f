"""Word documents (``.docx``, and ``.docm``/``.dotx``/``.dotm`` read as ``.docx``) into blocks:
``load_docx(path, data) -> RawDoc``.

Body paragraphs and tables in reading order, automatic numbering written out (``_Numbering``),
soft line breaks split blocks, a table row is one ``table_row`` block (cells joined by
`` | ``), superscript digits become ``¹²³``, Word footnotes follow the paragraph that cites
them; runs in TCVN3/VNI fonts are converted (``pipeline.read.legacy``). The ZIP's declared sizes
are checked before anything is inflated (``DOCX_MAX_*``), and the XML parser resolves no entities.

A borderless table of at most four rows and two columns (three where a cell holds several
paragraphs) only places text (the header: issuer | motto, number | date; the sign-off: Nơi
nhận | signature) and is read a column at a time, each cell paragraph a block; the first
page's own header (``titlePg``) is read before the body; endnotes are kept like footnotes.

``.doc``, ``.odt`` and ``.rtf`` come here too, converted to DOCX by LibreOffice
(``pipeline.read.office``).
"""
from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

from pipeline.models import Block, LoadError, RawDoc
from pipeline.read import legacy
from pipeline.read.footnotes import SUP_START, SUPERSCRIPT_DIGITS

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
_FOOTNOTES_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/footnotes"
_ENDNOTES_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/endnotes"
_R_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
_BORDER_SIDES = ("top", "left", "bottom", "right", "insideH", "insideV")
_SKIP = {_W + t for t in ("pPr", "rPr", "sdtPr", "del", "moveFrom", "instrText")} | {_MC_FALLBACK}


def load_docx(path: Path, data: bytes) -> RawDoc:
    import docx  # python-docx (not this module), imported here: only needed for .docx input

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
            raise LoadError(f"{path.name}: {info.filename} would inflate to {human_size(info.file_size)} "
                            f"(limit {human_size(DOCX_MAX_XML)}); refused as a possible ZIP bomb. If the "
                            "document is genuine, save it again from Word or as PDF")
    total = sum(i.file_size for i in infos)
    if total > DOCX_MAX_TOTAL:
        raise LoadError(f"{path.name}: the .docx would inflate to {human_size(total)} (limit "
                        f"{human_size(DOCX_MAX_TOTAL)}); refused as a possible ZIP bomb. If the document is "
                        "genuine, save it without embedded media or as PDF")


def human_size(n: int) -> str:
    """A byte count as the error messages write it (``1.5 MB``)."""
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
        if lines and SUP_START.match(lines[0].lstrip()):
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

