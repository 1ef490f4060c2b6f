"""PDF files into blocks: ``load_pdf(path, data) -> RawDoc``.

The text layer is read with PDFium a page at a time into lines (``pipeline.read.pdf_page``,
``pdf_lines``, ``pdf_tables``), then laid out into paragraphs across the pages
(``pipeline.read.pdf_layout``): running headers and footers and page numbers dropped, two-column
header and sign-off blocks read a column at a time, raised small digits written ``¹²³``, small
print that starts with a note number a footnote, a paragraph that runs over a page break marked
``continues``. A text layer typed in TCVN3/VNI fonts is converted (``legacy.convert_blocks``:
PDFs carry no usable font names, so the encoding is told from the text).

Pages with no usable text layer (``ocr_needed.needs_ocr``: no text, mostly unmapped glyphs, or
a few words over a full-page image) or a garbled one (``ocr_needed.garbled``: mojibake, letters
out of order, a tenth of the words with unmapped glyphs from a font without ToUnicode, or most
words no Vietnamese syllable; or ``ocr_needed.sparse_text_layer``: far fewer lines than the page
shows in ink, on a page with pictures; the row's error says which pages and why) are OCR'd
(``pipeline.read.ocr``). A file PDFium cannot open is a damaged PDF (truncated when it has no
``%%EOF`` at its end), one it needs a password for is password-protected.
"""
from __future__ import annotations

from pathlib import Path

from pipeline.models import LoadError, RawDoc
from pipeline.read import legacy
from pipeline.read.context import ReadContext
from pipeline.read.ocr_needed import garbled, needs_ocr, sparse_text_layer
from pipeline.read.pdf_layout import drop_running_lines, layout, paragraphs, split_columns
from pipeline.read.pdf_page import DamagedPdf, PdfReader, pdfium_api


def load_pdf(path: Path, data: bytes, ctx: ReadContext | None = None) -> RawDoc:
    truncated = b"%%EOF" not in data[-2048:]
    garbled_pages: dict[int, str] = {}
    try:
        pages, n_pages, scanned = _read_pdf(data, garbled_pages)
    except _Encrypted:
        raise LoadError(f"{path.name}: the PDF is password-protected; "
                        "ask for an unprotected copy") from None
    except DamagedPdf as e:  # PDFium refused the file or one of its pages
        why = "truncated (no end-of-file marker)" if truncated else str(e)
        raise LoadError(f"{path.name}: damaged PDF, {why}; get a complete copy of the file") from None
    if n_pages == 0:
        why = "truncated (no end-of-file marker)" if truncated else "no pages"
        raise LoadError(f"{path.name}: damaged PDF, {why}; get a complete copy of the file")
    # pages without a usable text layer are OCR'd (pipeline/read/ocr.py); the others keep their text
    ocr_blocks, warnings = [], []
    if scanned:
        from pipeline.read.ocr import ocr_scanned_pages

        ocr_blocks, warnings = ocr_scanned_pages(path.name, data, scanned, n_pages, ctx)
        for i in scanned:
            pages[i - 1] = []
        if garbled_pages:  # the reason stays in the row: these pages had a text layer
            spans = ", ".join(f"{i} ({why})" for i, why in sorted(garbled_pages.items()))
            warnings = [f"text layer garbled, read by OCR: page {spans}"] + warnings
    blocks = []
    if any(pages):
        lay = layout(pages)
        drop_running_lines(pages, lay)
        pages = [split_columns(lines, lay) for lines in pages]
        blocks = paragraphs(pages, lay)
    blocks, legacy_encoding = legacy.convert_blocks(blocks, pdf=True)  # a text layer in TCVN3/VNI fonts
    if ocr_blocks:
        blocks = sorted(blocks + ocr_blocks, key=lambda b: b.page)  # stable: page order kept
    if not blocks:
        raise LoadError(f"{path.name}: the PDF has no text layer and OCR found no text on its pages")
    return RawDoc(blocks=blocks, source_format="pdf", pages=n_pages, ocr=bool(ocr_blocks), warnings=warnings,
                  legacy_encoding=legacy_encoding)


class _Encrypted(Exception):
    """PDFium needs a password to open the file."""


def _read_pdf(data: bytes, garbled_pages: dict[int, str] | None = None
              ) -> tuple[list[list[dict]], int, list[int]]:
    """(lines of each page, number of pages, 1-based numbers of the pages that need OCR); the
    pages among them whose text layer is there but garbled go into ``garbled_pages`` with why."""
    garbled_pages = {} if garbled_pages is None else garbled_pages
    import pypdfium2 as pdfium  # imported here: only needed for PDF input

    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as e:
        if e.err_code in (pdfium.raw.FPDF_ERR_PASSWORD, pdfium.raw.FPDF_ERR_SECURITY):
            raise _Encrypted from None
        raise DamagedPdf(f"{type(e).__name__}: {e}") from None
    try:
        reader = PdfReader(pdfium_api(), pdf)
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
    """``render(scale)``: the page as a grey numpy array (for ``ocr_needed.sparse_text_layer``)."""
    def render(scale: float):
        page = pdf[index]
        try:
            return page.render(scale=scale, grayscale=True).to_numpy()
        finally:
            page.close()
    return render
