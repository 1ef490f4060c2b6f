"""One page image through Tesseract: ``ocr_page_image(img, page) -> PageResult``.

The page is cleaned, cropped to its ink, deskewed and scaled (``pipeline.read.ocr_image``), then
read by Tesseract (``lang="vie"``) through pytesseract's ``image_to_data``: words with their
block, paragraph and line numbers and boxes, grouped into lines (``_lines``) and laid out into
blocks (``pipeline.read.ocr_layout``).  Around that read:

* ruled tables (``find_tables``): their rules are painted out before Tesseract reads the page
  (``erase_rules``), and the words in their cells written one ``table_row`` line a row
  (``_table_rows``); a short cell of a row of numbers read as letters is read again on its own
  (``reread_numbers``);
* lines of ink that Tesseract's page layout passed over are read on their own
  (``reread_lost_lines``).

Without the ``tesseract`` program or its Vietnamese data, ``check_tesseract`` raises a
``LoadError`` that names the Debian packages to install (tesseract-ocr, tesseract-ocr-vie).
"""
from __future__ import annotations

import bisect
import math
import os
import re
import shutil
import statistics
import subprocess
import tempfile
from dataclasses import dataclass, field
from functools import lru_cache

from pipeline.models import Block, LoadError
from pipeline.read.ocr_image import MAX_PIXELS, estimate_skew, ink_box, prepare, rotate, scale_factor
from pipeline.read.ocr_layout import columns, in_margin, paragraphs

LANG = "vie"
INSTALL_HINT = "install the Debian packages tesseract-ocr and tesseract-ocr-vie"
_LETTER = re.compile(r"[^\W\d_]")
NUMBER_CELL = re.compile(r"^\d[\d.,]*%?$")  # a table cell that is a number (12, 1.500, 45%)


# ------------------------------------------------------------------------------ availability

@lru_cache(maxsize=1)
def _tesseract_status() -> str | None:
    """None when tesseract with Vietnamese data can run, else the one-line reason."""
    exe = shutil.which("tesseract")
    if exe is None:
        return f"OCR needs the tesseract program, which is not installed; {INSTALL_HINT}"
    try:
        out = subprocess.run([exe, "--list-langs"], capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.SubprocessError) as e:
        return f"OCR needs tesseract, which does not run ({e}); {INSTALL_HINT}"
    langs = {ln.strip() for ln in (out.stdout + out.stderr).splitlines()}
    if LANG not in langs:
        return f"OCR needs Tesseract's Vietnamese data ({LANG}), which is not installed; {INSTALL_HINT}"
    return None


def check_tesseract() -> None:
    """Raise ``LoadError`` (one line, naming the packages) when OCR cannot run here."""
    try:
        import pytesseract
    except ImportError:
        raise LoadError("OCR needs the Python package pytesseract (pip install pytesseract) and "
                        f"Tesseract; {INSTALL_HINT}") from None
    reason = _tesseract_status()
    if reason:
        raise LoadError(reason)
    pytesseract.pytesseract.tesseract_cmd = shutil.which("tesseract") or "tesseract"


# ------------------------------------------------------------------------------ one page

@dataclass
class PageResult:
    page: int
    blocks: list[Block] = field(default_factory=list)
    skew: float = 0.0
    confidence: float | None = None  # Tesseract's mean word confidence (0–100)
    words: int = 0
    margin: list[str] = field(default_factory=list)  # the lines in the top or bottom margin


def _tesseract_data(img) -> dict:
    """``image_to_data`` on the page, handed over as an uncompressed file (fast to write)."""
    import pytesseract

    with tempfile.TemporaryDirectory(prefix="kehoach-ocr-") as tmp:
        f = os.path.join(tmp, "page.pgm")
        img.save(f)
        return pytesseract.image_to_data(f, lang=LANG, output_type=pytesseract.Output.DICT)


def ocr_page_image(img, page: int) -> PageResult:
    """OCR one page image into blocks (not yet repaired): cleaned, cropped to its ink (less for
    Tesseract to read), deskewed, scaled when its text is unusually small or large."""
    from PIL import Image

    img = prepare(img)
    width, height = img.size
    angle = estimate_skew(img)
    box = ink_box(img, pad=max(16, width // 60))
    if box:
        img = img.crop(box)
    img = rotate(img, angle)
    f = scale_factor(img)
    if img.width * img.height * f * f > MAX_PIXELS:  # small text on a huge page: no more than fits
        f = math.sqrt(MAX_PIXELS / (img.width * img.height))
    if f != 1.0:
        img = img.resize((round(img.width * f), round(img.height * f)), Image.BICUBIC if f > 1 else Image.LANCZOS)
    tables = find_tables(img)
    data = _tesseract_data(erase_rules(img, tables) if tables else img)
    reread_lost_lines(img, data)
    confs = [float(c) for c, t in zip(data["conf"], data["text"]) if str(t).strip() and float(c) >= 0]
    rows = _table_rows(data, tables) if tables else []
    for row in rows:
        reread_numbers(img, row)
    lines = columns(_lines(data))
    for row in rows:  # each table row where it sits among the lines (they are in reading order)
        at = next((k for k, ln in enumerate(lines) if ln["top"] > row["top"] and not ln.get("table")), len(lines))
        lines.insert(at, row)
    dx, dy = box[:2] if box else (0, 0)
    for ln in lines:  # back to page coordinates (the few pixels the turn adds aside)
        for k in ("x0", "x1", "height"):
            ln[k] = ln[k] / f + (dx if k != "height" else 0)
        for k in ("top", "bottom"):
            ln[k] = ln[k] / f + dy
    res = PageResult(page=page, skew=angle, words=len(confs),
                     confidence=round(statistics.fmean(confs), 1) if confs else None,
                     margin=[ln["text"] for ln in lines if not ln.get("table") and in_margin(ln, height)])
    res.blocks = [Block(text, page, kind) for text, kind in paragraphs(lines, width, height)]
    return res


# ------------------------------------------------------------------------------ ruled tables

def _long_runs(dark, length: int, fill: float = 0.9):
    """Mask of the pixels that lie in a horizontal window of ``length`` pixels at least
    ``fill`` dark (a rule, broken here and there by the scan), row by row; cumulative sums."""
    import numpy as np

    h, w = dark.shape
    if w <= length:
        return np.zeros_like(dark)
    c = np.zeros((h, w + 1), np.int32)
    np.cumsum(dark, axis=1, out=c[:, 1:])
    full = (c[:, length:] - c[:, :-length]) >= fill * length
    cf = np.zeros((h, full.shape[1] + 1), np.int32)
    np.cumsum(full, axis=1, out=cf[:, 1:])
    j = np.arange(w)
    lo, hi = np.clip(j - length + 1, 0, full.shape[1]), np.clip(j + 1, 0, full.shape[1])
    return (cf[:, hi] - cf[:, lo]) > 0


def _groups(values, gap: int) -> list[tuple[int, int]]:
    """Runs of sorted integers no more than ``gap`` apart, as (first, last)."""
    out: list[list[int]] = []
    for v in values:
        v = int(v)
        if out and v - out[-1][1] <= gap:
            out[-1][1] = v
        else:
            out.append([v, v])
    return [(a, b) for a, b in out]


def find_tables(img) -> list[dict]:
    """The ruled tables of a page image (grey, straightened): for each, its rules across
    (``rules``: (top, bottom, x0, x1) pixel bands) and, for the band between two of them (a
    row), the rules down through it (``cols``: x ranges).  A rule across is a run of dark
    pixels a sixth of the ink's width long (three rows looked at together, so a rule a scan
    tilted by a pixel is still one); a rule down is a column dark over nine tenths of a row's
    band.  Rows with fewer than two cells (a framed paragraph, a header's underline) are not
    table rows."""
    import numpy as np

    full = np.asarray(img) < 128
    if full.shape[0] < 100 or full.shape[1] < 100:
        return []
    # at half the resolution (a pixel dark where any of its four is): a quarter of the work
    h, w = full.shape[0] // 2, full.shape[1] // 2
    dark = (full[0:2 * h:2, 0:2 * w:2] | full[1:2 * h:2, 0:2 * w:2]
            | full[0:2 * h:2, 1:2 * w:2] | full[1:2 * h:2, 1:2 * w:2])
    thick = dark.copy()
    thick[1:-1] |= dark[:-2] | dark[2:]
    length = max(20, w // 6)
    rows = np.flatnonzero(thick.sum(axis=1) >= 0.9 * length)  # only rows that could hold one
    if not len(rows):
        return []
    runs = _long_runs(thick[rows], length)
    found = []
    for k in np.flatnonzero(runs.any(axis=1)):
        xs = np.flatnonzero(runs[k])
        found.append((int(rows[k]), int(xs[0]), int(xs[-1])))
    rules = []
    for y, x0, x1 in found:
        if rules and y - rules[-1][1] <= 2:
            t, b, a0, a1 = rules[-1]
            rules[-1] = (t, y, min(a0, x0), max(a1, x1))
        else:
            rules.append((y, y, x0, x1))
    tables, current = [], None
    for upper, lower in zip(rules, rules[1:]):
        x0, x1 = max(upper[2], lower[2]), min(upper[3], lower[3])
        y0, y1 = upper[1] + 2, lower[0] - 1
        cols = []
        if x1 - x0 > 20 and y1 - y0 >= 8:
            band = dark[y0:y1, max(0, x0 - 3):x1 + 4]
            wide = band.copy()
            wide[:, 1:-1] |= band[:, :-2] | band[:, 2:]
            cols = [(a + max(0, x0 - 3), b + max(0, x0 - 3)) for a, b in _groups(np.flatnonzero(wide.mean(axis=0) >= 0.9), 2)]
        if len(cols) >= 3:  # two cells or more
            if current is None or current["rules"][-1] != upper:
                current = {"rules": [upper], "cols": []}
                tables.append(current)
            current["rules"].append(lower)
            current["cols"].append(cols)
        else:
            current = None
    return [{"rules": [(2 * t, 2 * b + 1, 2 * x0, 2 * x1 + 1) for t, b, x0, x1 in tb["rules"]],
             "cols": [[(2 * a, 2 * b + 1) for a, b in cols] for cols in tb["cols"]]} for tb in tables]


def erase_rules(img, tables: list[dict]):
    """A copy of the page with the tables' rules painted white, so that Tesseract reads the
    cells' text as text (with the rules it drops short cells, numbers above all)."""
    import numpy as np
    from PIL import Image

    a = np.asarray(img).copy()
    for t in tables:
        for top, bottom, x0, x1 in t["rules"]:
            a[max(0, top - 3):bottom + 4, max(0, x0 - 3):x1 + 4] = 255
        for (upper, lower), cols in zip(zip(t["rules"], t["rules"][1:]), t["cols"]):
            for c0, c1 in cols:
                a[upper[0]:lower[1] + 1, max(0, c0 - 3):c1 + 4] = 255
    return Image.fromarray(a)


_CLOSING = tuple("%),.;:]")


def _table_rows(data: dict, tables: list[dict]) -> list[dict]:
    """The words of ``data`` inside the tables' rows, taken out of it (their text blanked) and
    written as one line a row, ``a | b | c``, a cell's words in reading order; a word that
    runs across a rule (two cells read as one, ``4-5``) is split where the rule is."""
    out = []
    n = len(data["text"])
    for t in tables:
        for (upper, lower), cols in zip(zip(t["rules"], t["rules"][1:]), t["cols"]):
            cells: list[list[tuple]] = [[] for _ in cols[:-1]]
            edges = [(a + b) / 2 for a, b in cols]
            for i in range(n):
                word = str(data["text"][i]).strip()
                if not word or data["level"][i] != 5:
                    continue
                x0, y0 = data["left"][i], data["top"][i]
                x1, y1 = x0 + data["width"][i], y0 + data["height"][i]
                cy = (y0 + y1) / 2
                if not (upper[1] < cy < lower[0]) or x1 < edges[0] or x0 > edges[-1]:
                    continue
                data["text"][i] = ""  # taken into the table
                pieces = [(x0, x1, word)]
                inner = [e for e in edges[1:-1] if x0 + 4 < e < x1 - 4]
                if inner and len(word) > 1:
                    pieces, start, left = [], 0, x0
                    for e in inner:
                        cut = max(start, min(len(word), round((e - x0) / max(1, x1 - x0) * len(word))))
                        pieces.append((left, e, word[start:cut]))
                        start, left = cut, e
                    pieces.append((left, x1, word[start:]))
                for a, b, text in pieces:
                    text = text.strip("-–·.,|") if len(pieces) > 1 else text
                    if not text:
                        continue
                    k = min(len(cells) - 1, max(0, bisect.bisect_right(edges, (a + b) / 2) - 1))
                    cells[k].append((y0, y1, a, text))
            if sum(1 for c in cells if c) < 2:
                continue
            texts, tops, bottoms = [], [], []
            for cell in cells:
                cell.sort(key=lambda w: (w[0], w[2]))
                vis: list[list[tuple]] = []  # the cell's lines: words whose middles are close
                for wd in cell:
                    if vis and abs((wd[0] + wd[1]) / 2 - (vis[-1][0][0] + vis[-1][0][1]) / 2) < 0.5 * (wd[1] - wd[0]):
                        vis[-1].append(wd)
                    else:
                        vis.append([wd])
                text = ""
                for line in vis:
                    for wd in sorted(line, key=lambda w: w[2]):
                        text += ("" if not text or wd[3].startswith(_CLOSING) else " ") + wd[3]
                texts.append(text)
                tops += [wd[0] for wd in cell]
                bottoms += [wd[1] for wd in cell]
            height = statistics.median([b - a for a, b in zip(tops, bottoms)])
            out.append({"text": " | ".join(texts), "table": True, "par": ("table", upper[0]),
                        "boxes": [(round(edges[k]), upper[1], round(edges[k + 1]), lower[0]) for k in range(len(cells))],
                        "x0": edges[0], "x1": edges[-1], "top": min(tops), "bottom": max(bottoms),
                        "height": height, "size": height, "heights": [height]})
    return out


def reread_lost_lines(img, data: dict) -> None:
    """Lines of ink that Tesseract's page layout passed over (a signer's name alone under a
    sign-off, on a page speckled below it) are read on their own (one line each) and added to
    ``data``: a band of rows with ink, as tall as a text line, wider than three of its heights,
    that no word read overlaps."""
    import numpy as np
    import pytesseract

    heights = [hh for hh, t, lv in zip(data["height"], data["text"], data["level"]) if lv == 5 and str(t).strip()]
    if len(heights) < 5:
        return
    line_h = statistics.median(heights)
    a = np.asarray(img) < 128  # a copy: the ink that words read cover is cleared from it
    h, w = a.shape
    for left, top, ww, hh, t, lv in zip(data["left"], data["top"], data["width"], data["height"], data["text"],
                                       data["level"]):
        if lv == 5 and str(t).strip():
            a[max(0, top - 3):top + hh + 3, max(0, left - 3):left + ww + 3] = False
    ink = a.sum(axis=1) >= max(4, 0.003 * w)
    edges = np.flatnonzero(np.diff(np.concatenate(([0], ink.astype(np.int8), [0]))))
    block = max(data["block_num"], default=0) + 1
    for y0, y1 in zip(edges[::2], edges[1::2]):
        if not 0.6 * line_h <= y1 - y0 <= 2.5 * line_h:
            continue
        counts = a[y0:y1].sum(axis=0)
        for c0, c1 in _groups(np.flatnonzero(counts), int(2 * line_h)):
            if c1 - c0 < 3 * (y1 - y0) or counts[c0:c1 + 1].sum() < 0.08 * (c1 - c0) * (y1 - y0):
                continue  # specks, a stroke of a signature
            pad = int(line_h)
            x0, top = max(0, c0 - pad), max(0, int(y0) - pad)
            crop = img.crop((x0, top, min(w, c1 + pad), min(h, int(y1) + pad)))
            got = pytesseract.image_to_data(crop, lang=LANG, config="--psm 7", output_type=pytesseract.Output.DICT)
            for i, t in enumerate(got["text"]):
                if got["level"][i] != 5 or not str(t).strip() or float(got["conf"][i]) < 50:
                    continue
                for k, v in (("text", t), ("level", 5), ("block_num", block), ("par_num", 1), ("line_num", 1),
                             ("left", got["left"][i] + x0), ("top", got["top"][i] + top),
                             ("width", got["width"][i]), ("height", got["height"][i]), ("conf", got["conf"][i])):
                    data[k].append(v)
            block += 1


@lru_cache(maxsize=1)
def _digits_lang() -> str:
    """English where installed (Tesseract's Vietnamese model reads a lone ``11`` as ``li``)."""
    try:
        out = subprocess.run([shutil.which("tesseract") or "tesseract", "--list-langs"], capture_output=True,
                             text=True, timeout=30)
    except (OSError, subprocess.SubprocessError):
        return LANG
    return "eng" if "eng" in {ln.strip() for ln in (out.stdout + out.stderr).splitlines()} else LANG


def reread_numbers(img, row: dict) -> None:
    """In a row of numbers, a short cell read as letters (``lãi`` for 11: Tesseract guesses
    words for a lone number) is read again on its own, as a line of digits."""
    import pytesseract

    cells = row["text"].split(" | ")
    if sum(bool(NUMBER_CELL.match(c)) for c in cells) < 2:
        return
    changed = False
    for k, cell in enumerate(cells):
        if not _LETTER.search(cell) or len(cell) > 4 or k >= len(row["boxes"]):
            continue
        x0, y0, x1, y1 = row["boxes"][k]
        crop = img.crop((x0 + 4, y0 + 4, max(x0 + 5, x1 - 4), max(y0 + 5, y1 - 3)))
        got = pytesseract.image_to_string(crop, lang=_digits_lang(), config="--psm 7").strip()
        if NUMBER_CELL.match(got):
            cells[k], changed = got, True
    if changed:
        row["text"] = " | ".join(cells)


# ------------------------------------------------------------------------------ words into lines

def _lines(data: dict) -> list[dict]:
    """Tesseract's words grouped into lines, with their box and block/paragraph ids."""
    lines: dict[tuple, dict] = {}
    for i, word in enumerate(data["text"]):
        word = str(word).strip()
        if not word or data["level"][i] != 5:
            continue
        k = (data["block_num"][i], data["par_num"][i], data["line_num"][i])
        x0, y0 = data["left"][i], data["top"][i]
        x1, y1 = x0 + data["width"][i], y0 + data["height"][i]
        ln = lines.get(k)
        if ln is None:
            lines[k] = {"words": [word], "x0": x0, "x1": x1, "top": y0, "bottom": y1,
                        "heights": [y1 - y0], "par": k[:2], "boxes": [(x0, x1)]}
        else:
            ln["words"].append(word)
            ln["boxes"].append((x0, x1))
            ln["x0"], ln["x1"] = min(ln["x0"], x0), max(ln["x1"], x1)
            ln["top"], ln["bottom"] = min(ln["top"], y0), max(ln["bottom"], y1)
            ln["heights"].append(y1 - y0)
    out = []
    for ln in lines.values():
        ln["text"] = " ".join(ln["words"])
        ln["height"] = ln["size"] = statistics.median(ln["heights"])
        # gaps over a line height between words: where a header's or sign-off's columns may part
        offset, cuts = 0, []
        for (w, (_, end)), (_, (start, _)) in zip(zip(ln["words"], ln["boxes"]), zip(ln["words"][1:], ln["boxes"][1:])):
            offset += len(w)
            if start - end > ln["height"]:
                cuts.append((offset, end, start))
            offset += 1
        if cuts:
            ln["cuts"] = cuts
        out.append(ln)
    return out
