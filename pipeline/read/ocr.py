"""OCR for pages that have no usable text layer: scanned PDF pages and image files.

``ocr_pdf_pages(data, pages)``, ``ocr_image(data)`` (PNG, JPEG, TIFF with one or more pages)
and ``ocr_image_pages(images)`` turn pages into the same ``Block`` records the other loaders
make, each with its 1-based page number; the PDF reader (``pipeline.read.pdf``) calls them through
``ocr_scanned_pages`` (only the pages that need it: ``pipeline.read.ocr_needed``) and ``load.py``
through ``load_image``.  For each page:

1. **Rasterise** a PDF page with pdfium at ``DPI`` (300), within a pixel cap; an image is read
   as it is (``pipeline.read.ocr_image``).
2. **Clean up** lightly, **deskew**, and **scale** the page so that its text lines are about 50
   pixels high, what Tesseract reads best (``pipeline.read.ocr_image``).
3. **Tesseract** (``lang="vie"``) through pytesseract's ``image_to_data``: words with their
   block, paragraph and line numbers and boxes; ruled tables read a row at a time
   (``pipeline.read.ocr_page``).
4. **Paragraphs** from Tesseract's blocks and paragraphs and the page's layout, page numbers
   dropped, footnotes marked (``pipeline.read.ocr_layout``).
5. **Post-processing** of the document (``postprocess``, here): running headers and footers (a
   margin line repeated on most pages) dropped, part-heading numerals put back in sequence
   (``HI.`` → ``III.``), misread footnote marks numbered, and ``pipeline.read.ocr_repair`` corrects
   diacritic, typing and symbol slips against the domain lexicon.  The corrected text is what
   the blocks carry, so every offset points into it.

Pages are OCR'd in parallel in worker processes (``workers``, default ``os.cpu_count()``, or
``KEHOACH_OCR_WORKERS``), started once per run and kept for the next document by their owner
(a ``pipeline.read.context.ReadContext``, passed down as ``ctx``), each Tesseract
limited to one thread: the pages are the parallelism (Tesseract's own threads on top of that
make a two-core machine several times slower).

Without the ``tesseract`` program or its Vietnamese data, ``check_tesseract`` raises a
``LoadError`` that names the Debian packages to install (tesseract-ocr, tesseract-ocr-vie).
"""
from __future__ import annotations

import io
import math
import os
import re
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from multiprocessing import get_context
from pathlib import Path

from pipeline.models import Block, LoadError, RawDoc
from pipeline.read.context import ReadContext
from pipeline.read.footnotes import PLAIN_DIGITS, SUPERSCRIPT_DIGITS
from pipeline.read.ocr_image import (DPI, MAX_PIXELS, DamagedImage, ImageTooLarge, image_frames, render_scale,
                                     too_large)
from pipeline.read.ocr_page import NUMBER_CELL, PageResult, check_tesseract, ocr_page_image


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


def start_pool(workers: int) -> ProcessPoolExecutor:
    """``workers`` OCR worker processes, started through a forkserver.  Kept for the next
    documents, and stopped, by their owner (``pipeline.read.context.ReadContext``)."""
    mp = get_context("forkserver")  # not fork: the caller may hold threads (spaCy, torch)
    # the forkserver and the workers die with this process (no orphans after a kill -9)
    os.environ["KEHOACH_FORKSERVER_PARENT"] = str(os.getpid())
    mp.set_forkserver_preload(["pipeline.read.forkserver_child", "pipeline.read.ocr", "numpy", "PIL.Image",
                               "pytesseract", "pypdfium2"])
    return ProcessPoolExecutor(workers, mp_context=mp, initializer=_init_pool_worker)


def _run(fn, jobs: list, workers: int | None, ctx: ReadContext | None = None) -> list[PageResult]:
    """``fn`` over ``jobs`` on ``ctx``'s OCR workers (without ``ctx``: workers for this call
    only), or in this process when one worker will do."""
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
    if ctx is None:
        with ReadContext() as own:
            return _run(fn, jobs, workers, own)
    try:
        return list(ctx.ocr_pool(workers, start_pool).map(fn, jobs))
    except BrokenProcessPool:
        ctx.close_ocr_pool()
        raise LoadError("an OCR worker process died (out of memory?); "
                        "try again with fewer workers (KEHOACH_OCR_WORKERS=1)") from None


# ------------------------------------------------------------------------------ the document

_ROMAN = ["", "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X",
          "XI", "XII", "XIII", "XIV", "XV", "XVI", "XVII", "XVIII", "XIX", "XX"]
_ROMAN_HEADING = re.compile(r"^([IVXHl]{1,5})(\.?)(?:\s+(?=\S)|(?<=\.)(?=[^\W\d_]))")

# the reference mark in the body: a misread superscript ("!", a quote) glued to the word before it
_BODY_MARK = re.compile(r"(?<=[\w%)])(?:[\"'|]|!(?=[.,;:]))(?=[\s.,;:)]|$)")


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
            n = int(re.match(r"[⁰¹²³⁴⁵⁶⁷⁸⁹]+", b.text).group().translate(PLAIN_DIGITS))
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


def _running_key(text: str) -> str:
    return re.sub(r"\d+", "#", " ".join(text.split()))


def drop_running_lines(results: list[PageResult]) -> list[Block]:
    """The document's blocks less its running headers and footers: a paragraph that is one line
    of a page's top or bottom margin, where the same line (numbers aside) is in the margin of
    most pages (three pages or more, as ``pdf_layout.drop_running_lines`` for text layers)."""
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


def repair_row(text: str, lex=None) -> str:
    """A table row repaired a cell at a time (the `` | `` between cells kept); a cell of
    ``l``/``I`` alone among cells of numbers is the ones Tesseract took for letters (``ll`` → 11)."""
    from pipeline.read.ocr_repair import repair

    cells = text.split(" | ")
    numbers = sum(bool(NUMBER_CELL.match(c)) for c in cells)
    return " | ".join("1" * len(c) if _ONES.match(c) and numbers >= 2 else repair(c, lex) for c in cells)


def ocr_pdf_pages(data: bytes, pages: list[int], workers: int | None = None,
                  dpi: int = DPI, repair: bool = True, ctx: ReadContext | None = None) -> list[PageResult]:
    """OCR the given 1-based pages of a PDF; one ``PageResult`` per page, in order (on ``ctx``'s
    OCR workers)."""
    check_tesseract()
    results = _run(_pdf_job, [(data, p - 1, dpi) for p in pages], workers, ctx)
    return postprocess(results) if repair else results


def ocr_image(data: bytes, workers: int | None = None, repair: bool = True,
              ctx: ReadContext | None = None) -> list[PageResult]:
    """OCR every page (frame) of an image file."""
    n = image_frames(data)
    check_tesseract()
    results = _run(_image_job, [(data, i, i + 1) for i in range(n)], workers, ctx)
    return postprocess(results) if repair else results


def ocr_image_pages(images: list[bytes], workers: int | None = None, repair: bool = True,
                    ctx: ReadContext | None = None) -> list[PageResult]:
    """OCR a document given as one image file per page (pages numbered in list order)."""
    check_tesseract()
    results = _run(_image_job, [(data, 0, i) for i, data in enumerate(images, 1)], workers, ctx)
    return postprocess(results) if repair else results


# ------------------------------------------------------------------------------ loader glue

def _workers() -> int | None:
    try:
        return int(os.environ.get("KEHOACH_OCR_WORKERS", "")) or None
    except ValueError:
        return None


def _page_warnings(results: list[PageResult]) -> list[str]:
    return [f"page {r.page}: OCR confidence is low ({r.confidence:.0f}%), check its text"
            for r in results if r.confidence is not None and r.words >= 20 and r.confidence < 60]


def ocr_scanned_pages(name: str, data: bytes, scanned: list[int], n_pages: int, ctx: ReadContext | None = None
                      ) -> tuple[list[Block], list[str]]:
    """Blocks and warnings for the scanned pages of a PDF.  When OCR cannot run, a PDF with no
    text pages is an error and one with some gets a warning per page that its text is missing."""
    try:
        results = ocr_pdf_pages(data, scanned, _workers(), ctx=ctx)
    except LoadError as e:
        if len(scanned) == n_pages:
            raise LoadError(f"{name}: the PDF has no text layer (scanned pages): {e}") from None
        return [], [f"page {i} has no text layer and was not OCR'd ({e})" for i in scanned]
    return [b for r in results for b in r.blocks], _page_warnings(results)


def load_image(path: Path, data: bytes, ctx: ReadContext | None = None) -> RawDoc:
    """An image file (PNG, JPEG, TIFF with one or more pages) read by OCR (on ``ctx``'s workers)."""
    try:
        results = ocr_image(data, _workers(), ctx=ctx)
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
