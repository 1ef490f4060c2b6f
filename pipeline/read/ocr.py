"""OCR for pages that have no usable text layer: scanned PDF pages and image files.

``ocr_pdf_pages(data, pages)``, ``ocr_image(data)`` (PNG, JPEG, TIFF with one or more pages)
and ``ocr_image_pages(images)`` turn pages into the same ``Block`` records the other loaders
make, each with its 1-based page number; ``load.py`` calls them through ``ocr_scanned_pages``
(only the pages that need it: ``needs_ocr``) and ``load_image``.  For each page:

1. **Rasterise** a PDF page with pdfium at ``DPI`` (300; 400 reads no better on the scanned
   fixtures and is slower, see ``bench/ocr_quality.py --dpi 300 400``).  An image is read as it is.
2. **Clean up** lightly (``prepare``): grey, contrast stretched, the paper (anything nearer the
   paper's grey than the ink's) set to white, so noise and faint dust do not reach Tesseract.
3. **Deskew**: the skew is the angle, searched over ±5°, at which the dark pixels' horizontal
   projection profile is sharpest (``estimate_skew``); the page is cropped to its ink and turned
   back by it with Pillow when it is over 0.05°.
4. **Scale**: a page whose text lines are unusually small or large (a 100 dpi fax, a 600 dpi
   photo) is scaled so they are about 50 pixels high, what Tesseract reads best.
5. **Tesseract** (``lang="vie"``) through pytesseract's ``image_to_data``: words with their
   block, paragraph and line numbers and boxes.
6. **Paragraphs** (``paragraphs``) from Tesseract's blocks and paragraphs, the lines of one
   paragraph joined by spaces; a Tesseract paragraph is also split where the layout says a new
   one starts (a short line before, an indented first line, a list marker after a full stop, a
   line under a right-aligned or centred one), as the PDF loader does for text layers.  Page
   numbers alone in the top or bottom margin are dropped; small print starting with a footnote
   number (or what Tesseract makes of a superscript one) is a footnote.
7. **Post-processing** of the document (``postprocess``): running headers and footers (a
   margin line repeated on most pages) dropped, part-heading numerals put back in sequence
   (``HI.`` → ``III.``), misread footnote marks numbered, and ``pipeline.read.ocr_repair`` corrects
   diacritic, typing and symbol slips against the domain lexicon.  The corrected text is what
   the blocks carry, so every offset points into it.

Pages are OCR'd in parallel in worker processes (``workers``, default ``os.cpu_count()``, or
``KEHOACH_OCR_WORKERS``), started once per run and kept for the next document, each Tesseract
limited to one thread: the pages are the parallelism (Tesseract's own threads on top of that
make a two-core machine several times slower).

Without the ``tesseract`` program or its Vietnamese data, ``check_tesseract`` raises a
``LoadError`` that names the Debian packages to install (tesseract-ocr, tesseract-ocr-vie).
"""
from __future__ import annotations

import atexit
import bisect
import io
import math
import os
import re
import shutil
import statistics
import subprocess
import tempfile
import unicodedata
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from functools import lru_cache
from multiprocessing import get_context
from pathlib import Path

from pipeline.models import Block, LoadError, RawDoc

DPI = 300
LANG = "vie"
MAX_SKEW = 5.0  # degrees searched either way
MIN_SKEW = 0.05  # below this the page is not turned
LINE_RANGE = (38, 75)  # text line heights (pixels) Tesseract reads best; others are rescaled
TARGET_LINE = 50  # … to about this (a 13-point line at 300 dpi)
MAX_UPSCALE = 4.0
# Memory caps: a page is never rendered, nor scaled for Tesseract, to more than MAX_PIXELS
# (an A4 page at 300 dpi is 8.7 million; a grey pixel is a byte, so 40 million is 40 MB a copy);
# a larger page (a 14,400-point poster) is rendered at the resolution that fits.  An image file
# over MAX_IMAGE_PIXELS is refused unread ("too large"): decoding it alone would take GBs.
MAX_PIXELS = 40_000_000
MAX_IMAGE_PIXELS = 120_000_000
INSTALL_HINT = "install the Debian packages tesseract-ocr and tesseract-ocr-vie"

SUPERSCRIPT_DIGITS = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")
_PLAIN_DIGITS = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹", "0123456789")


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


# ------------------------------------------------------------------------------ image preparation

def prepare(img):
    """Grey, cleaned page image, ready for deskew and Tesseract: the contrast stretched (0.5 %
    of the pixels clipped at either end) and the paper, with the noise and faint dust on it,
    set to white; one lookup table, one pass."""
    from PIL import Image

    if img.mode in ("RGBA", "LA", "P", "PA"):
        img = img.convert("RGBA")
        white = Image.new("RGBA", img.size, (255, 255, 255, 255))
        img = Image.alpha_composite(white, img)
    if img.mode != "L":
        img = img.convert("L")
    hist = img.histogram()
    total = sum(hist)

    def quantile(q: float) -> int:
        acc = 0
        for v, c in enumerate(hist):
            acc += c
            if acc >= q * total:
                return v
        return 255

    lo, hi = quantile(0.005), quantile(0.995)
    if hi - lo < 32:  # a blank or flat page: leave it
        return img
    stretch = [min(255, max(0, round((v - lo) * 255 / (hi - lo)))) for v in range(256)]
    light = [0] * 256
    for v, c in enumerate(hist):
        light[stretch[v]] += c
    paper = max(range(128, 256), key=lambda v: light[v])  # the commonest light grey is the paper
    ink = stretch[quantile(0.01)]
    cut = ink + 0.75 * (paper - ink)  # nearer the paper than the ink: paper with noise on it
    return img.point([255 if s >= cut else s for s in stretch])


def estimate_skew(img, max_angle: float = MAX_SKEW) -> float:
    """The page's skew in degrees (counter-clockwise positive, like ``Image.rotate``): the angle
    at which the dark pixels' horizontal projection profile is sharpest, searched coarse then fine."""
    import numpy as np

    small = img
    factor = max(1, round(img.width / 1200))
    if factor > 1:
        small = img.reduce(factor)
    a = np.asarray(small)
    ys, xs = np.nonzero(a < 128)
    if len(ys) < 200:
        return 0.0
    step = len(ys) // 60_000 + 1  # every step-th dark pixel is plenty
    ys, xs = ys[::step], xs[::step]
    ys = ys.astype(np.float64)
    xs = xs.astype(np.float64) - small.width / 2

    def sharpness(deg: float) -> float:
        # rows after turning the page by -deg: a pixel at (x, y) goes to y + x*tan(deg)
        # (image y grows downwards, so a counter-clockwise skew lifts the right end)
        rows = np.round(ys + xs * math.tan(math.radians(deg))).astype(np.int64)
        rows -= rows.min()
        h = np.bincount(rows).astype(np.float64)
        return float((h * h).sum())

    coarse = np.arange(-max_angle, max_angle + 1e-9, 0.25)
    best = max(coarse, key=sharpness)
    fine = np.arange(best - 0.25, best + 0.25 + 1e-9, 0.02)
    best = max(fine, key=sharpness)
    return round(float(best), 2)


def line_height(img) -> float | None:
    """Median height in pixels of the page's text lines (runs of rows with ink), or None when
    the page has too few lines to tell."""
    import numpy as np

    factor = max(1, round(img.width / 1200))
    small = img.reduce(factor) if factor > 1 else img
    ink = (np.asarray(small) < 128).sum(axis=1) > max(2, 0.01 * small.width)
    edges = np.flatnonzero(np.diff(np.concatenate(([0], ink.astype(np.int8), [0]))))
    runs = edges[1::2] - edges[::2]
    runs = runs[runs >= 2]
    if len(runs) < 5:
        return None
    return float(np.median(runs)) * factor


def scale_factor(img) -> float:
    """How much to scale the page so its text lines are about ``TARGET_LINE`` pixels high, when
    they are outside ``LINE_RANGE`` (a phone photo, a 100 dpi scan, a fax); else 1."""
    h = line_height(img)
    if h is None or LINE_RANGE[0] <= h <= LINE_RANGE[1]:
        return 1.0
    return min(MAX_UPSCALE, TARGET_LINE / h)


def ink_box(img, pad: int) -> tuple[int, int, int, int] | None:
    """The box around the page's ink (rows and columns with a few dark pixels, so lone dust
    specks do not count), ``pad`` pixels wider each way; None for a blank page."""
    import numpy as np

    factor = max(1, round(img.width / 1200))
    small = img.reduce(factor) if factor > 1 else img
    a = np.asarray(small) < 128
    rows, cols = np.flatnonzero(a.sum(axis=1) > 2), np.flatnonzero(a.sum(axis=0) > 2)
    if not len(rows) or not len(cols):
        return None
    return (max(0, int(cols[0]) * factor - pad), max(0, int(rows[0]) * factor - pad),
            min(img.width, (int(cols[-1]) + 1) * factor + pad), min(img.height, (int(rows[-1]) + 1) * factor + pad))


def rotate(img, angle: float):
    """The page turned back by ``angle`` degrees, the new corners white.  Nearest-neighbour: at
    OCR resolutions it reads as well as bilinear (CER 0.49 % against 0.55 % on a fixture) and
    takes a quarter of the time."""
    from PIL import Image

    if abs(angle) < MIN_SKEW:
        return img
    return img.rotate(-angle, resample=Image.NEAREST, expand=True, fillcolor=255)


def deskew(img) -> tuple[object, float]:
    """The page turned straight, and the skew it had."""
    angle = estimate_skew(img)
    return rotate(img, angle), angle


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
    lines = _columns(_lines(data))
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
                     margin=[ln["text"] for ln in lines if not ln.get("table") and _in_margin(ln, height)])
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
    if sum(bool(_NUMBER.match(c)) for c in cells) < 2:
        return
    changed = False
    for k, cell in enumerate(cells):
        if not _LETTER.search(cell) or len(cell) > 4 or k >= len(row["boxes"]):
            continue
        x0, y0, x1, y1 = row["boxes"][k]
        crop = img.crop((x0 + 4, y0 + 4, max(x0 + 5, x1 - 4), max(y0 + 5, y1 - 3)))
        got = pytesseract.image_to_string(crop, lang=_digits_lang(), config="--psm 7").strip()
        if _NUMBER.match(got):
            cells[k], changed = got, True
    if changed:
        row["text"] = " | ".join(cells)


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


_LETTERS = re.compile(r"[^\W\d_]{2}|\d")


def _columns(lines: list[dict]) -> list[dict]:
    """Two-column header and sign-off blocks read a column at a time, as in a PDF's text layer
    (``load._split_columns``); a column's lines are a paragraph of their own."""
    from pipeline.read.load import _segs, _split_columns

    for ln in lines:  # specks of a stamp or a signature in a column gap ("l", "¬=") are not text
        if "cuts" not in ln:
            continue
        pieces = _segs(ln, 1.0)
        kept = [p for p in pieces if _LETTERS.search(p[2])]
        if len(kept) == len(pieces) or not kept:
            continue
        ln["text"] = " ".join(p[2] for p in kept)
        ln["x0"], ln["x1"] = kept[0][0], kept[-1][1]
        offsets = [0]
        for p in kept[:-1]:
            offsets.append(offsets[-1] + len(p[2]) + 1)
        ln["cuts"] = [(offsets[k + 1] - 1, kept[k][1], kept[k + 1][0]) for k in range(len(kept) - 1)]
    out = _split_columns(lines, None)
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
# the reference mark in the body: such a misread superscript glued to the word before it
_BODY_MARK = re.compile(r"(?<=[\w%)])(?:[\"'|]|!(?=[.,;:]))(?=[\s.,;:)]|$)")


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


# ------------------------------------------------------------------------------ workers

def _init_worker() -> None:
    os.environ["OMP_THREAD_LIMIT"] = "1"  # one core per page: the pages are the parallelism


def _init_pool_worker() -> None:
    from pipeline.read.children import die_with_parent

    die_with_parent()  # with the forkserver, which dies with the process that started the pool
    _init_worker()


def _pdf_job(job: tuple[bytes, int, int]) -> PageResult:
    import pypdfium2 as pdfium

    data, index, dpi = job
    pdf = pdfium.PdfDocument(data)
    try:
        page = pdf[index]
        img = page.render(scale=render_scale(*page.get_size(), dpi), grayscale=True).to_pil()
    finally:
        pdf.close()
    return ocr_page_image(img, index + 1)


def render_scale(width: float, height: float, dpi: int = DPI) -> float:
    """Pixels a point to render a ``width`` × ``height`` point page at: ``dpi`` / 72, or less
    where that would make more than ``MAX_PIXELS`` (a poster-sized page is read at the
    resolution that fits, not rendered into GBs)."""
    scale = dpi / 72
    area = abs(width * height)
    if area * scale * scale > MAX_PIXELS:
        scale = 0.995 * math.sqrt(MAX_PIXELS / area)  # a margin for the renderer rounding up
    return scale


def _image_job(job: tuple[bytes, int, int]) -> PageResult:
    """(image file bytes, frame index, page number) → the page's OCR."""
    from PIL import Image

    data, frame, page = job
    with Image.open(io.BytesIO(data)) as im:
        im.seek(frame)
        too_large(im)
        if im.width * im.height > MAX_PIXELS:  # decoded smaller where the format can (JPEG) …
            k = math.sqrt(MAX_PIXELS / (im.width * im.height))
            im.draft("L", (int(im.width * k), int(im.height * k)))
        im.load()
        if im.width * im.height > MAX_PIXELS:  # … else scaled down as soon as it is read
            k = math.sqrt(MAX_PIXELS / (im.width * im.height))
            return ocr_page_image(im.resize((max(1, int(im.width * k)), max(1, int(im.height * k))),
                                            Image.BILINEAR), page)
        return ocr_page_image(im, page)


class ImageTooLarge(LoadError):
    """The image has more pixels than OCR may decode (``MAX_IMAGE_PIXELS``)."""


def too_large(im) -> None:
    """Raise ``ImageTooLarge`` for an (opened, not yet decoded) image over ``MAX_IMAGE_PIXELS``."""
    w, h = im.size
    if w * h > MAX_IMAGE_PIXELS:
        raise ImageTooLarge(f"the image is too large to read ({w} × {h} pixels, {w * h / 1e6:.0f} million; "
                            f"the limit is {MAX_IMAGE_PIXELS // 1_000_000} million): scan the page again "
                            "at 300 dpi, or save a smaller copy")


_POOL: tuple[int, ProcessPoolExecutor] | None = None


def _pool(workers: int) -> ProcessPoolExecutor:
    """The OCR worker processes, started once and kept for the next documents."""
    global _POOL
    if _POOL is None or _POOL[0] != workers:
        shutdown_pool()
        ctx = get_context("forkserver")  # not fork: the caller may hold threads (spaCy, torch)
        # the forkserver and the workers die with this process (no orphans after a kill -9)
        os.environ["KEHOACH_FORKSERVER_PARENT"] = str(os.getpid())
        ctx.set_forkserver_preload(["pipeline.read.forkserver_child", "pipeline.read.ocr", "numpy", "PIL.Image",
                                    "pytesseract", "pypdfium2"])
        _POOL = (workers, ProcessPoolExecutor(workers, mp_context=ctx, initializer=_init_pool_worker))
        # shut down at exit; in a multiprocessing child (kehoach's per-file runner) atexit does
        # not run, and the child's exit would wait for these idle workers for ever
        from multiprocessing import util

        util.Finalize(None, shutdown_pool, exitpriority=100)  # before the queues close (10)
    return _POOL[1]


def shutdown_pool() -> None:
    global _POOL
    if _POOL is not None:
        _POOL[1].shutdown(wait=True, cancel_futures=True)
        _POOL = None


atexit.register(shutdown_pool)


def _run(fn, jobs: list, workers: int | None) -> list[PageResult]:
    import multiprocessing

    workers = max(1, min(workers or os.cpu_count() or 1, len(jobs)))
    if multiprocessing.current_process().daemon:
        workers = 1  # a daemonic process (a Dask worker) may not start processes: pages in turn
    if workers == 1:
        old = os.environ.get("OMP_THREAD_LIMIT")
        try:
            _init_worker()
            return [fn(j) for j in jobs]
        finally:
            if old is None:
                os.environ.pop("OMP_THREAD_LIMIT", None)
            else:
                os.environ["OMP_THREAD_LIMIT"] = old
    try:
        return list(_pool(workers).map(fn, jobs))
    except BrokenProcessPool:
        shutdown_pool()
        raise LoadError("an OCR worker process died (out of memory?); "
                        "try again with fewer workers (KEHOACH_OCR_WORKERS=1)") from None


_ROMAN = ["", "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X",
          "XI", "XII", "XIII", "XIV", "XV", "XVI", "XVII", "XVIII", "XIX", "XX"]
_ROMAN_HEADING = re.compile(r"^([IVXHl]{1,5})(\.?)(?:\s+(?=\S)|(?<=\.)(?=[^\W\d_]))")


def edit_distance(a: str, b: str) -> int:
    """Levenshtein distance, plain dynamic programming: O(len(a) * len(b))."""
    row = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        prev, row[0] = row[0], i
        for j, cb in enumerate(b, 1):
            prev, row[j] = row[j], min(row[j] + 1, row[j - 1] + 1, prev + (ca != cb))
    return row[-1]


def fix_roman_headings(blocks: list[Block]) -> list[Block]:
    """Renumber the capitalised part headings (``I.``, ``II.``, ``III.``) whose numeral OCR
    misread (``HI.`` or ``II.`` for ``III.``, ``II NỘI DUNG`` without its dot), when the numeral
    read is one edit away from the one the sequence expects."""
    out, last = [], 0
    for b in blocks:
        m = _ROMAN_HEADING.match(b.text) if b.kind == "para" else None
        letters = [c for c in b.text[m.end():] if c.isalpha()] if m else []
        if not m or len(letters) < 3 or sum(c.isupper() for c in letters) < 0.8 * len(letters):
            out.append(b)
            continue
        raw, dot = m.group(1), m.group(2)
        expected = _ROMAN[last + 1] if last + 1 < len(_ROMAN) else None
        value = _ROMAN.index(raw) if raw in _ROMAN else None
        if expected and raw != expected and edit_distance(raw.replace("H", "II").replace("l", "I"),
                                                           expected) <= 1:
            value, raw = last + 1, expected
        if value is None or (not dot and value != last + 1):
            out.append(b)  # not a heading numeral after all ("HI VỌNG …")
            continue
        last = value
        out.append(Block(f"{raw}. {b.text[m.end():]}", b.page, b.kind))
    return out


def fix_footnote_marks(blocks: list[Block]) -> list[Block]:
    """Number the footnotes whose superscript number OCR read as ``!`` or a quote (in order
    through the document), and put the same superscript number on the one mark glued to a word
    in the body text of that page before it (``năm 2025".`` → ``năm 2025¹.``)."""
    out = list(blocks)
    n = 0
    for i, b in enumerate(out):
        if b.kind != "footnote" or not b.text:
            continue
        head = b.text[0]
        if head in "⁰¹²³⁴⁵⁶⁷⁸⁹":
            n = int(re.match(r"[⁰¹²³⁴⁵⁶⁷⁸⁹]+", b.text).group().translate(_PLAIN_DIGITS))
            continue
        if head not in "!'\"|":
            continue
        n += 1
        sup = str(n).translate(SUPERSCRIPT_DIGITS)
        out[i] = Block(sup + b.text[1:], b.page, b.kind)
        for j in range(i - 1, -1, -1):
            prev = out[j]
            if prev.page != b.page:
                break
            marks = list(_BODY_MARK.finditer(prev.text)) if prev.kind == "para" else []
            if len(marks) == 1:
                m = marks[0]
                out[j] = Block(prev.text[:m.start()] + sup + prev.text[m.end():], prev.page, prev.kind)
                break
    return out


def _in_margin(ln: dict, height: float) -> bool:
    return ln["bottom"] < 0.12 * height or ln["top"] > 0.88 * height


def _running_key(text: str) -> str:
    return re.sub(r"\d+", "#", " ".join(text.split()))


def drop_running_lines(results: list[PageResult]) -> list[Block]:
    """The document's blocks less its running headers and footers: a paragraph that is one line
    of a page's top or bottom margin, where the same line (numbers aside) is in the margin of
    most pages (three pages or more, as ``load._drop_running_lines`` for text layers)."""
    pages = [r for r in results if r.blocks]
    seen = Counter(k for r in pages for k in {_running_key(t) for t in r.margin})
    running = {k for k, n in seen.items() if len(pages) >= 3 and n >= 0.6 * len(pages)}
    margins = {r.page: {_running_key(t) for t in r.margin} & running for r in results}
    return [b for r in results for b in r.blocks
            if not (b.kind == "para" and _running_key(b.text) in margins[r.page])]


def postprocess(results: list[PageResult], lex=None) -> list[PageResult]:
    """One document's OCR, post-processed: running headers and footers dropped, heading
    numerals and footnote marks, then the lexicon repair (``lex``: another
    ``ocr_repair.Lexicon`` than the bundled one).  Returns new ``PageResult`` objects;
    ``results`` is left as it was."""
    from dataclasses import replace

    from pipeline.read.ocr_repair import repair

    blocks = fix_footnote_marks(fix_roman_headings(drop_running_lines(results)))

    def fixed(b: Block) -> str:
        return repair_row(b.text, lex) if b.kind == "table_row" else repair(b.text, lex)

    return [replace(r, blocks=[Block(fixed(b), b.page, b.kind) for b in blocks if b.page == r.page])
            for r in results]


_ONES = re.compile(r"^[lI|]{1,3}$")
_LETTER = re.compile(r"[^\W\d_]")
_NUMBER = re.compile(r"^\d[\d.,]*%?$")


def repair_row(text: str, lex=None) -> str:
    """A table row repaired a cell at a time (the `` | `` between cells kept); a cell of
    ``l``/``I`` alone among cells of numbers is the ones Tesseract took for letters (``ll`` → 11)."""
    from pipeline.read.ocr_repair import repair

    cells = text.split(" | ")
    numbers = sum(bool(_NUMBER.match(c)) for c in cells)
    return " | ".join("1" * len(c) if _ONES.match(c) and numbers >= 2 else repair(c, lex) for c in cells)


def ocr_pdf_pages(data: bytes, pages: list[int], workers: int | None = None,
                  dpi: int = DPI, repair: bool = True) -> list[PageResult]:
    """OCR the given 1-based pages of a PDF; one ``PageResult`` per page, in order."""
    check_tesseract()
    results = _run(_pdf_job, [(data, p - 1, dpi) for p in pages], workers)
    return postprocess(results) if repair else results


class DamagedImage(LoadError):
    """The image's bytes cannot be decoded."""


def image_frames(data: bytes) -> int:
    """How many pages (frames) the image has; ``DamagedImage`` when it cannot be decoded."""
    from PIL import Image

    try:
        with Image.open(io.BytesIO(data)) as im:
            n = getattr(im, "n_frames", 1)
            too_large(im)  # from the header, before any pixel is decoded
            if im.width * im.height > MAX_PIXELS:
                im.draft("L", (im.width // 4, im.height // 4))  # JPEG: a cheap check at reduced size
            im.load()  # decodes the first frame: a cut or garbled file fails here
            return n
    except ImageTooLarge:
        raise
    except Image.DecompressionBombError as e:  # Pillow's own limit, met before ours by a huge one
        raise ImageTooLarge(f"the image is too large to read ({e}); scan the page again at 300 dpi, "
                            "or save a smaller copy") from None
    except Exception as e:  # PIL raises OSError, SyntaxError, ValueError … for broken files
        raise DamagedImage(f"{type(e).__name__}: {e}") from None


def ocr_image(data: bytes, workers: int | None = None, repair: bool = True) -> list[PageResult]:
    """OCR every page (frame) of an image file."""
    n = image_frames(data)
    check_tesseract()
    results = _run(_image_job, [(data, i, i + 1) for i in range(n)], workers)
    return postprocess(results) if repair else results


def ocr_image_pages(images: list[bytes], workers: int | None = None, repair: bool = True
                    ) -> list[PageResult]:
    """OCR a document given as one image file per page (pages numbered in list order)."""
    check_tesseract()
    results = _run(_image_job, [(data, 0, i) for i, data in enumerate(images, 1)], workers)
    return postprocess(results) if repair else results


# ------------------------------------------------------------------------------ loader glue

_UNREADABLE = re.compile(r"\(cid:\d+\)|[\ufffd\ue000-\uf8ff\x00-\x08\x0b-\x1f]")


def needs_ocr(page, lines: list[dict]) -> bool:
    """Has this PDF page no usable text layer?  None at all; mostly glyphs no encoding
    recovers (``(cid:12)``, U+FFFD, which the PDF loader writes for glyphs without a Unicode
    mapping, private-use code points); or a few words over a picture that fills the page (a
    scan with a stamped header).  ``page`` has ``width``, ``height`` and ``images`` (dicts with
    ``x0``, ``x1``, ``top``, ``bottom``), read only for a page with little text."""
    text = "".join(ln["text"] for ln in lines)
    chars = len("".join(text.split()))
    if chars == 0:
        return True
    bad = sum(len(m.group()) for m in _UNREADABLE.finditer(text))
    if bad >= 0.3 * chars:
        return True
    if chars < 80:
        area = float(page.width) * float(page.height)
        covered = sum(abs((im["x1"] - im["x0"]) * (im["bottom"] - im["top"])) for im in page.images)
        return area > 0 and covered >= 0.5 * area
    return False


# UTF-8 bytes of Vietnamese letters read as Windows-1252 ("Ä‘", "á»‡", "Æ°"): a lead byte's
# letter followed by a continuation byte's character
_MOJIBAKE = re.compile("[ÃÄÅÆá][\x80-\xbf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc"
                       "\u2013\u2014\u2018-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a\u20ac\u2122]")
_TOKEN = re.compile(r"\S+")


def garbled(lines: list[dict]) -> str | None:
    """Why a page's text layer, though it has text, cannot be read as it stands (``None`` when
    it can): mojibake (UTF-8 read as Windows-1252: ``Ä‘á»‹a``), or letters out of place (a
    tenth of the words a lone marked vowel, as when a fallback font's glyphs come after their
    line and the reader could not put them back)."""
    text = " ".join(ln["text"] for ln in lines)
    tokens = _TOKEN.findall(text)
    if len(tokens) < 20:
        return None
    if len(_MOJIBAKE.findall(text)) >= 0.05 * len(tokens):
        return "mojibake (UTF-8 read as Windows-1252)"
    lone = sum(1 for t in tokens if len(t) == 1 and t.isalpha() and len(unicodedata.normalize("NFD", t)) > 1)
    if lone >= 0.1 * len(tokens):
        return "letters out of order (lone accented vowels)"
    unmapped = sum(1 for t in tokens if "\ufffd" in t) if "\ufffd" in text else 0
    if unmapped >= 0.1 * len(tokens):
        return (f"a font without a Unicode map (ToUnicode): {round(100 * unmapped / len(tokens))}% of the words "
                "have glyphs no encoding recovers")
    counted = bad = 0
    for t in tokens[:: max(1, len(tokens) // 120)]:  # a sample across the page is enough to tell
        w = _EDGE_PUNCT.sub("", t)
        if w:
            counted += 1
            bad += not (_HAS_DIGIT.search(w) or _readable(w))
        elif len(t) >= 2 and not _PUNCTUATION_RUN.match(t):  # "#$%&": glyph codes, not text
            counted += 1
            bad += 1
    if counted >= 20 and bad >= 0.4 * counted:
        from pipeline.read import legacy

        if legacy.detect(text) is None:  # TCVN3/VNI text is converted, not OCR'd
            return (f"not words: {round(100 * bad / counted)}% of the text layer's words are no "
                    "Vietnamese syllable (a font whose codes are not letters, without ToUnicode)")
    return None


_EDGE_PUNCT = re.compile(r"^[\W_]+|[\W_]+$")
_HAS_DIGIT = re.compile(r"\d")
_PUNCTUATION_RUN = re.compile(r"^[-–—.…,;:/*()•+_=|\[\]'\"“”]+$")  # "...", "./.", "(*)", "--"
_ABBREVIATION = re.compile(r"^[A-ZĐ&]{1,8}$")


@lru_cache(maxsize=65536)
def _readable(word: str) -> bool:
    """A Vietnamese syllable (with or without its marks), an upper-case abbreviation, or
    parts of those joined by ``-``/``/``/``.`` (``KH-UBND``, ``b/c``)."""
    from pipeline.read.vietnamese import is_syllable

    parts = [p for p in re.split(r"[-/.&]", word) if p]
    return bool(parts) and all(_ABBREVIATION.match(p) or is_syllable(p) for p in parts)


INK_DPI = 50  # enough to count a page's lines of text, cheap to render


def sparse_text_layer(page, lines: list[dict], render) -> str | None:
    """Why a page's text layer holds far fewer lines than the page shows (a scan with a few
    typed lines over it, a text layer that covers the header only), or None.  Only a page with
    pictures over a third of it is looked at: ``render(scale)`` gives it as a grey numpy array
    at ``INK_DPI``, whose lines of ink (runs of rows with dark pixels, a text line high) are
    counted against the text layer's lines."""
    import numpy as np

    if len(lines) >= 25:  # a page of text: a picture on it hides no more than a few lines
        return None
    area = float(page.width) * float(page.height)
    covered = sum(abs((im["x1"] - im["x0"]) * (im["bottom"] - im["top"])) for im in page.images)
    if area <= 0 or covered < area / 3:
        return None
    a = np.asarray(render(INK_DPI / 72))
    if a.ndim == 3:
        a = a.mean(axis=2)
    rows = (a < 128).sum(axis=1) >= 3
    edges = np.flatnonzero(np.diff(np.concatenate(([0], rows.astype(np.int8), [0]))))
    runs = edges[1::2] - edges[::2]
    ink = int(((runs >= 2) & (runs <= 0.4 * INK_DPI)).sum())  # a line is under 0.4 in. high
    if ink >= 2 * len(lines) + 10:
        return f"the text layer has {len(lines)} lines where the page shows about {ink}"
    return None


def _workers() -> int | None:
    try:
        return int(os.environ.get("KEHOACH_OCR_WORKERS", "")) or None
    except ValueError:
        return None


def _page_warnings(results: list[PageResult]) -> list[str]:
    return [f"page {r.page}: OCR confidence is low ({r.confidence:.0f}%), check its text"
            for r in results if r.confidence is not None and r.words >= 20 and r.confidence < 60]


def ocr_scanned_pages(name: str, data: bytes, scanned: list[int], n_pages: int
                      ) -> tuple[list[Block], list[str]]:
    """Blocks and warnings for the scanned pages of a PDF.  When OCR cannot run, a PDF with no
    text pages is an error and one with some gets a warning per page that its text is missing."""
    try:
        results = ocr_pdf_pages(data, scanned, _workers())
    except LoadError as e:
        if len(scanned) == n_pages:
            raise LoadError(f"{name}: the PDF has no text layer (scanned pages): {e}") from None
        return [], [f"page {i} has no text layer and was not OCR'd ({e})" for i in scanned]
    return [b for r in results for b in r.blocks], _page_warnings(results)


def load_image(path: Path, data: bytes) -> RawDoc:
    """An image file (PNG, JPEG, TIFF with one or more pages) read by OCR."""
    try:
        results = ocr_image(data, _workers())
    except DamagedImage as e:
        raise LoadError(f"{path.name}: damaged image ({e}); get a complete copy of the file") from None
    except ImageTooLarge as e:
        raise LoadError(f"{path.name}: {e}") from None
    except LoadError as e:
        raise LoadError(f"{path.name}: an image, whose text needs OCR: {e}") from None
    blocks = [b for r in results for b in r.blocks]
    if not blocks:
        raise LoadError(f"{path.name}: OCR found no text in the image")
    return RawDoc(blocks=blocks, source_format="image", pages=len(results), ocr=True,
                  warnings=_page_warnings(results))
