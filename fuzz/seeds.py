"""Rebuilds fuzz/seeds/*.pdf: single pages of corpus/*.pdf (the first page of each plan, and a
middle page of two), so that a mutated PDF is one page to read, not eight.

    .venv/bin/python -m fuzz.seeds
"""
from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MIDDLE = {"000": 4, "003": 5}  # a page of the body (not the heading) of two plans


def main() -> None:
    import pypdfium2 as pdfium

    out = ROOT / "fuzz" / "seeds"
    out.mkdir(exist_ok=True)
    for f in sorted((ROOT / "corpus").glob("*.pdf")):
        src = pdfium.PdfDocument(f)
        key = f.name[:3]
        for page in sorted({1, MIDDLE.get(key, 1)}):
            doc = pdfium.PdfDocument.new()
            doc.import_pages(src, [page - 1])
            doc.save(out / f"{key}_p{page}.pdf")
            print(out / f"{key}_p{page}.pdf")


if __name__ == "__main__":
    main()
