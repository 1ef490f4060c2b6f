"""A PDF page's text layer read with PDFium (pypdfium2) into lines: ``PdfReader(...).page(i)``
gives a ``PdfPage``, whose ``lines()`` are the line dicts ``pipeline.read.pdf_layout`` takes.

The text is read a text object at a time rather than a glyph at a time: a run of characters
one object drew shares its font, size and baseline, so each run costs a few calls (first and
last glyph's origin, font, size, matrix) and glyph advances come from the font's widths, cached
per font. Words are a run's whitespace-separated pieces (two runs of one font that touch make
one word); the gaps between a run's words are measured glyph by glyph only where one could be as
wide as a column gap or the blanks are PDFium's own (no blank glyphs in the file). A blank PDFium
put between two objects that stand apart (Chromium draws each glyph on its own) parts words.

The runs are then made lines (``pipeline.read.pdf_lines``), those inside the cells of a ruled
table one line a table row (``pipeline.read.pdf_tables``). Coordinates are pdfplumber's: points
from the page's top-left corner as shown, a line's bottom on its baseline.
"""
from __future__ import annotations

import contextlib
import ctypes
import functools
import math
import re
from types import SimpleNamespace

from pipeline.read.pdf_lines import X_TOLERANCE, Run, group_rows, make_line
from pipeline.read.pdf_tables import rules, tables


class DamagedPdf(Exception):
    """PDFium cannot read the file or one of its pages."""


@functools.cache
def pdfium_api() -> SimpleNamespace:
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
# em: two objects this far apart with a blank PDFium put between them are two words, though
# closer than pdfplumber's 3 pt (Chromium draws every glyph on its own; its word spaces measure
# 0.18–0.3 em between the glyphs' advances)
_MADE_UP_SPACE = 0.17
_KERNING = 0.5  # em: how much kerning may take back from a run's spacing (see PdfPage._run)
_SURROGATE = re.compile("[\ud800-\udfff]")
_BLANKS = re.compile(r"\s+")
_BLANK = re.compile(r"\s")


class PdfReader:
    """Reads a PDF's text layer with PDFium into the line dicts the layout rules take.

    PDFium's text page lists a page's characters in content order, each with the text object
    (one ``Tj``/``TJ`` string) that drew it. The characters of one object share font, size and
    baseline, so each run of them costs a few calls: the origin of its first and last glyph,
    its font, size and matrix. Advances come from the font's widths (cached per font and
    character), so a run's right edge is its last glyph's origin plus that glyph's advance,
    exactly where pdfminer put it. The words of a run are its whitespace-separated pieces; the
    gaps between them are measured glyph by glyph only where one could be wide enough to part
    two columns (``Run.slack``) or where PDFium made the blanks up for gaps between glyphs.
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
            raise DamagedPdf(f"page {index + 1} cannot be read")
        text = api.load_text(page)
        try:
            if not text:
                raise DamagedPdf(f"the text of page {index + 1} cannot be read")
            yield PdfPage(self, page, text)
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


class PdfPage:
    """A page open in PDFium: its size and rotation as shown, its images (``images``) and its
    text as lines (``lines``)."""

    def __init__(self, reader: PdfReader, page: int, text: int):
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

    def device(self, x: float, y: float) -> tuple[float, float]:
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

    def origin(self, index: int) -> tuple[float, float]:
        self.api.origin(self.tp, index, *self._xy)
        return self.device(self._x.value, self._y.value)

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
                    (x0, y0), (x1, y1) = self.device(l, b), self.device(r, t)
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

    def _run(self, text: str, i: int, j: int, obj: int) -> Run | None:
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
        x0, base = self.origin(a)
        last_x0 = self.origin(b)[0] if b > a else x0
        x1 = last_x0 + widths[core[-1]] * scale
        if not widths[core[-1]]:  # no width for it in the font: the glyph's box
            box = self.api.RECT()
            if api.loose_box(tp, b, ctypes.byref(box)):
                x1 = max(x1, *(self.device(x, box.top)[0] for x in (box.left, box.right)))
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
        return Run(words, x0, x1, base - size, base, size, "Bold" in name, font, slack, (a, core, scale, widths),
                    last_x0, made_up)

    def _turned(self, core: str, a: int, b: int, size: float, name: str) -> Run | None:
        """A run not set upright on the page: the extent of its glyphs' boxes."""
        api, box = self.api, self.api.RECT()
        xs, ys = [], []
        for k in range(a, b + 1):
            if api.loose_box(self.tp, k, ctypes.byref(box)):
                for x, y in ((box.left, box.bottom), (box.right, box.top)):
                    dx, dy = self.device(x, y)
                    xs.append(dx)
                    ys.append(dy)
        if not xs:
            return None
        return Run(core.split(), min(xs), max(xs), min(ys), max(ys), size, "Bold" in name, None, 0.0, None,
                    max(xs))

    def lines(self) -> list[dict]:
        """The page's words grouped into lines (vertical overlap), superscript digits marked."""
        text = self._chars()
        self.ligatures = bool(_LIGATURE_CHARS.search(text))
        runs: list[Run] = []
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
                    and run.pieces[0][0] == i and prev.last_x0 <= run.x0 <= prev.x1 + X_TOLERANCE
                    and abs(run.top - prev.top) <= X_TOLERANCE):
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
        grid = rules(self)
        if grid:
            runs, table_lines = tables(self, runs, grid)
        lines = [make_line(self, row) for row in group_rows(runs)]
        if table_lines:
            lines = sorted(lines + table_lines, key=lambda ln: ln["top"])
        return lines
