"""The layout of a PDF's lines into blocks: lines → columns → paragraphs.

The lines are dicts (``text``, ``size``, ``top``, ``bottom``, ``x0``, ``x1``, ``max_gap``,
``tall``, ``bold``, ``page_height``, and ``cuts`` where wide gaps part a line), as
``pipeline.read.pdf_page`` builds them from a text layer; the OCR builds its lines in the same
form and reads their columns with ``split_columns`` too (``pipeline.read.ocr_layout``).

* ``layout``: what the document's body text looks like (font size, margins, line pitch, indent).
* ``drop_running_lines``: running headers and footers (repeated in the margin of most pages)
  and page numbers dropped.
* ``split_columns``: two-column header and sign-off blocks read a column at a time.
* ``paragraphs``: paragraphs from lines (gap, indent, list marker, short line, font size, bold,
  columns); small print that starts with a superscript number, or with a number below the last
  line of body text, is a footnote. A paragraph that runs over a page break is two blocks, one
  per page: the first is marked ``continues`` when its last line is full and the next page
  starts plainly at the margin, and ``normalize`` rejoins them.
"""
from __future__ import annotations

import re
import statistics
from collections import Counter
from dataclasses import dataclass, replace

from pipeline.models import Block
from pipeline.read.footnotes import SUP_START, SUPERSCRIPT_DIGITS

_PAGE_NUMBER = re.compile(r"^(?:-\s*)?(?:(?:Trang|trang|Page)\s+)?\d{1,4}(?:\s*/\s*\d{1,4})?(?:\s*-)?$")
_LIST_MARKER = re.compile(
    r"^(?:[-+•–*]\s|\d{1,2}(?:\.\d{1,2})*[.)]\s|[a-zđ][.)]\s|[IVXLC]{1,6}[.)]\s|\(\d{1,2}\)|\([a-zđ]\)\s)"
)
_TERMINAL = (".", ";", ":", "!", "?")
_BROKEN_AFTER = re.compile(r"\w[-–/]$")
_FOOTNOTE_MARK = re.compile(r"^(\d{1,3})(?=[\s.)])")
_COLUMN_GAP = 2.0  # em: a gap this wide inside a line parts two columns (a header's or sign-off's cells)
WIDE_GAP = 1.0  # em: a gap this wide may part them where the lines below are parted wider


@dataclass(frozen=True)
class _Layout:
    """What a document's body text looks like: its font size, margins, line pitch, indent."""

    size: float
    left: float
    right: float
    pitch: float  # top-to-top distance of two lines of one paragraph
    indent: float | None  # x0 of an indented first line, when the document indents them


def layout(pages: list[list[dict]]) -> _Layout:
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


def drop_running_lines(pages: list[list[dict]], lay: _Layout) -> None:
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


def split_columns(lines: list[dict], lay: _Layout) -> list[dict]:
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
        segs = segments(lines[i], _COLUMN_GAP)
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
            s = segments(ln, _COLUMN_GAP)
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
                s = segments(out[-1 - above], WIDE_GAP)
                if len(s) != 2 or not (s[0][1] < gr and s[1][0] > gl):
                    break
                above += 1
            for ln in reversed(out[len(out) - above:]):
                s = segments(ln, WIDE_GAP)
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


def segments(line: dict, em: float) -> list[tuple[float, float, str]]:
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


def paragraphs(pages: list[list[dict]], lay: _Layout) -> list[Block]:
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
            footnote_start = small and (bool(SUP_START.match(ln["text"])))
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
