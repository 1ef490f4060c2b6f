"""The layout of a page's OCR lines into blocks: ``paragraphs(lines, width, height)``.

The lines are Tesseract's (``pipeline.read.ocr_page``), in the form the PDF reader's lines have.
Two-column header and sign-off blocks are read a column at a time, as in a PDF's text layer
(``columns``, through ``pdf_layout.split_columns``).  Paragraphs come from Tesseract's blocks and
paragraphs, the lines of one paragraph joined by spaces; a Tesseract paragraph is also split where
the layout says a new one starts (a short line before, an indented first line, a list marker after
a full stop, a line under a right-aligned or centred one), as the PDF reader does for text layers.
Page numbers alone in the top or bottom margin are dropped; small print starting with a footnote
number (or what Tesseract makes of a superscript one) is a footnote.
"""
from __future__ import annotations

import re
import statistics

from pipeline.read.footnotes import SUPERSCRIPT_DIGITS
from pipeline.read.pdf_layout import segments, split_columns

_LETTERS = re.compile(r"[^\W\d_]{2}|\d")


def columns(lines: list[dict]) -> list[dict]:
    """Two-column header and sign-off blocks read a column at a time, as in a PDF's text layer
    (``pdf_layout.split_columns``); a column's lines are a paragraph of their own."""
    for ln in lines:  # specks of a stamp or a signature in a column gap ("l", "¬=") are not text
        if "cuts" not in ln:
            continue
        pieces = segments(ln, 1.0)
        kept = [p for p in pieces if _LETTERS.search(p[2])]
        if len(kept) == len(pieces) or not kept:
            continue
        ln["text"] = " ".join(p[2] for p in kept)
        ln["x0"], ln["x1"] = kept[0][0], kept[-1][1]
        offsets = [0]
        for p in kept[:-1]:
            offsets.append(offsets[-1] + len(p[2]) + 1)
        ln["cuts"] = [(offsets[k + 1] - 1, kept[k][1], kept[k + 1][0]) for k in range(len(kept) - 1)]
    out = split_columns(lines, None)
    for ln in out:
        if "col" in ln:
            ln["par"] = (ln["par"], ln["col"])
    return out


_PAGE_NUMBER = re.compile(r"^[-–]?\s*(?:(?:Trang|trang|Page)\s+)?\d{1,4}(?:\s*/\s*\d{1,4})?\s*[-–]?$")
_LIST_MARKER = re.compile(
    r"^(?:[-+•–*]\s|\d{1,2}(?:\.\d{1,2})*[.)]\s|[a-zđ][.)]\s|[IVXLC]{1,6}[.)]\s|\(\d{1,2}\)|\([a-zđ]\)\s)")
_TERMINAL = (".", ";", ":", "!", "?")
_BROKEN_AFTER = re.compile(r"\w[-–/]$")
# a footnote's number, or what Tesseract makes of a superscript one ("!", a straight quote)
_FOOTNOTE_MARK = re.compile(r"^([0-9]{1,2}|[⁰¹²³⁴⁵⁶⁷⁸⁹]{1,2}|[!'\"|])(?=[\s.,)])")


def paragraphs(lines: list[dict], width: int, height: int) -> list[tuple[str, str]]:
    """(text, kind) paragraphs of one page from its OCR lines, in reading order."""
    if not lines:
        return []
    body_h = statistics.median(ln["height"] for ln in lines)
    # page numbers alone in the top or bottom margin
    lines = [ln for ln in lines
             if not (_PAGE_NUMBER.match(ln["text"]) and (ln["bottom"] < 0.12 * height or ln["top"] > 0.88 * height))]
    if not lines:
        return []
    text_lines = [ln for ln in lines if not ln.get("table")] or lines
    full = [ln for ln in text_lines if len(ln["text"]) > 30]
    left = statistics.median_low(round(ln["x0"]) for ln in full) if full else min(ln["x0"] for ln in text_lines)
    right = (statistics.quantiles([ln["x1"] for ln in full], n=10)[-1] if len(full) > 1
             else max(ln["x1"] for ln in text_lines))
    pitches = [b["top"] - a["top"] for a, b in zip(lines, lines[1:]) if a["par"] == b["par"]
               and 0 < b["top"] - a["top"] < 3 * body_h]
    pitch = statistics.median(pitches) if pitches else 1.6 * body_h
    last_body = max((i for i, ln in enumerate(lines) if ln["height"] >= 0.85 * body_h), default=-1)
    out: list[tuple[str, str]] = []
    text, kind, prev = "", "para", None
    for i, ln in enumerate(lines):
        if ln.get("table"):  # a row of a ruled table: a block of its own
            if text:
                out.append((text, kind))
            out.append((ln["text"], "table_row"))
            text, kind, prev = "", "para", None
            continue
        small = ln["height"] < 0.85 * body_h
        # footnote: small print starting with a number below the body text, or anywhere
        # with a misread superscript mark (a footnote set in the text flow)
        mark = _FOOTNOTE_MARK.match(ln["text"]) if small else None
        footnote = bool(mark) and (i > last_body or mark.group(1)[0] not in "0123456789")
        if footnote:  # a misread mark ("!") stays for fix_footnote_marks to number
            m = _FOOTNOTE_MARK.match(ln["text"])
            ln = {**ln, "text": m.group(1).translate(SUPERSCRIPT_DIGITS) + ln["text"][m.end(1):]}
        if prev is None or footnote or _new_paragraph(prev, ln, left, right, pitch, body_h):
            if text:
                out.append((text, kind))
            text = ""
            kind = "footnote" if footnote or (kind == "footnote" and small) else "para"
        # a line broken after the hyphen or slash inside "QĐ-TTg", "2021-2030" joins tight
        text += ("" if not text or _BROKEN_AFTER.search(text) else " ") + ln["text"]
        prev = ln
    if text:
        out.append((text, kind))
    return out


def _new_paragraph(prev: dict, ln: dict, left: float, right: float, pitch: float, h: float) -> bool:
    width = right - left
    centred_prev = prev["x0"] - left > 3 * h and abs(prev["x0"] + prev["x1"] - left - right) < 2 * h
    placed = prev["x0"] - left > 4 * h  # a right-aligned, centred or deeply indented line
    return (
        ln["par"] != prev["par"]
        or (placed and abs(ln["x0"] - prev["x0"]) > h)
        # a gap: the tops and the bottoms both apart, so that a line whose top a capital's
        # accent (Ủ, Ề) or a speck lifts, or whose bottom a descender or a speck drops, is no gap
        or min(ln["top"] - prev["top"], ln["bottom"] - prev["bottom"]) > 1.5 * pitch
        or prev["x1"] < right - max(3 * h, 0.08 * width)  # the line before stopped short
        or ln["x0"] > prev["x0"] + 1.5 * h  # an indented first line
        or centred_prev
        or (bool(_LIST_MARKER.match(ln["text"])) and prev["text"].endswith(_TERMINAL))
    )


def in_margin(ln: dict, height: float) -> bool:
    """Is the line in the top or bottom 12 % of the page (its margins)?"""
    return ln["bottom"] < 0.12 * height or ln["top"] > 0.88 * height
