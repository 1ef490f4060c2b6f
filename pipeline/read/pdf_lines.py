"""A PDF line from the runs of text that share it: ``make_line(page, row) -> dict``.

A ``Run`` is the words one text object drew in a row (``pipeline.read.pdf_page`` reads them with
PDFium); ``group_rows`` puts the runs of a page into lines (vertical overlap) and ``make_line``
writes each as the line dict the layout takes (``pipeline.read.pdf_layout``): the same grouping,
spacing, superscript and line-box rules as pdfplumber's words had. Where a run could hide a gap as
wide as a column gap, the gaps between its words are measured glyph by glyph (``measure_gaps``).
Where the runs of a line overlap on the page (a fallback font's glyphs drawn after the line, in
the gaps left for them), the line is rebuilt glyph by glyph in position order (``glyph_line``:
words by blank glyphs and gaps, combining marks attached, NFC).
"""
from __future__ import annotations

import bisect
import re
import unicodedata

from pipeline.read.footnotes import SUPERSCRIPT_DIGITS
from pipeline.read.pdf_layout import WIDE_GAP

X_TOLERANCE = 3.0  # points: glyphs of one font closer than this are one word (as pdfplumber has it)
_WORD = re.compile(r"\S+")


class Run:
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


def _x0(run: Run) -> float:
    return run.x0


def _top_x0(run: Run) -> tuple[float, float]:
    return run.top, run.x0


def measure_gaps(page, run: Run) -> list[tuple[float, bool, float, float]]:
    """The gaps between consecutive words of ``run``, from glyph origins and advances, each
    with whether the blank in it is one PDFium put in (no blank glyph there), the end of the
    word before it and the start of the word after it."""
    if run.gaps is None:
        api, gaps = page.api, []
        for start, core, scale, widths in run.pieces:
            spans = [m.span() for m in _WORD.finditer(core)]
            for (_, end), (nxt, _) in zip(spans, spans[1:]):
                last = page.origin(start + end - 1)[0] + widths[core[end - 1]] * scale
                made_up = run.made_up and bool(api.generated(page.tp, start + end))
                nxt_x0 = page.origin(start + nxt)[0]
                gaps.append((nxt_x0 - last, made_up, last, nxt_x0))
        run.gaps = gaps
    return run.gaps


def make_line(page, row: list[Run]) -> dict:
    """The line dict of ``row``, the runs of one line (sorted by x0 here) on ``page`` (a
    ``pdf_page.PdfPage``: glyph origins for the gaps that are measured, the page's height)."""
    row.sort(key=_x0)
    if len(row) > 1 and interleaved(row) and all(run.pieces[0] is not None for run in row):
        return glyph_line(page, row)
    weights: dict[float, int] = {}
    for run in row:
        key = round(run.size, 1)
        weights[key] = weights.get(key, 0) + run.chars
    size = max(weights, key=weights.__getitem__)  # the most common; the first of equals
    base = max(run.bottom for run in row if round(run.size, 1) == size)
    space, measure = 0.12 * size, 2.5 * size
    parts, gaps, prev = [], [0.0], None
    cuts: list[tuple[int, float, float]] = []  # wide gaps: (index in parts, left end, right start)
    wide = WIDE_GAP * size
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
            for word, (gap, made_up, end, start) in zip(words[1:], measure_gaps(page, run)):
                # a blank glyph parts words (spaced when the gap is over 0.12 em); where PDFium
                # put the blank in, the gap parts them only when over 3 pt (pdfplumber's rule)
                if not made_up or gap > X_TOLERANCE:
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
        "bold": sum(len(run.words) for run in row if run.bold) / words, "page_height": float(page.height),
    }
    if cuts:  # where wide gaps part the line: (offset in its text, left end, right start)
        line["cuts"] = [(len("".join(parts[:k])), a, b) for k, a, b in cuts]
    return line


def glyph_line(page, row: list[Run]) -> dict:
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
                if ch.isspace() and page.api.generated(page.tp, start + k):
                    continue  # PDFium's blank for a gap in stream order, not a glyph
                x = page.origin(start + k)[0]
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
            if x0 - prev > WIDE_GAP * size:
                cuts.append((len("".join(parts)), prev, x0))
            parts.append(" ")
        parts.append(text)
        prev = x1
    n_words = sum(len(run.words) for run in row) or 1
    line = {
        "text": "".join(parts), "size": size, "top": min(run.top for run in row), "bottom": base,
        "x0": words[0][0] if words else row[0].x0, "x1": max(w[1] for w in words) if words else row[-1].x1,
        "max_gap": max(gaps), "tall": max(run.size for run in row),
        "bold": sum(len(run.words) for run in row if run.bold) / n_words, "page_height": float(page.height),
    }
    if cuts:
        line["cuts"] = cuts
    return line



def group_rows(runs: list[Run]) -> list[list[Run]]:
    """Runs grouped into lines: sorted by top, a run joins the line it overlaps by half its height."""
    runs = sorted(runs, key=_top_x0)
    rows: list[list[Run]] = []
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


def interleaved(row: list[Run]) -> bool:
    """Do the runs of a line (sorted by x0) overlap by more than kerning could explain?"""
    end = row[0].x1
    for run in row[1:]:
        if run.x0 < end - max(1.0, 0.15 * run.size):
            return True
        end = max(end, run.x1)
    return False
