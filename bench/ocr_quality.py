"""OCR quality on the scanned fixtures: character error rate against the clean text.

For each ``fixtures/scanned/<stem>.pdf`` the pages are OCR'd as kehoach does it and the text
is normalised (``pipeline.text.normalize``) exactly as ``documents.text`` stores it; the reference
is ``corpus/<stem>.txt`` loaded and normalised the same way.  CER = Levenshtein distance /
length of the reference (paragraph breaks count as characters, so a paragraph split in the
wrong place is an error too).  Three figures per fixture and resolution:

* ``raw``: Tesseract's text with kehoach's paragraphs, no repair;
* ``repaired``: what ``documents.text`` holds (heading numerals, footnote marks, symbol slips
  and the lexicon repair);
* ``held-out``: the same repair with a lexicon built *without* that plan (the corpus lexicon
  contains every phrase of the plan being scored, so ``repaired`` flatters the repair;
  this column shows what it does for a plan it has not seen).

Goal: CER ≤ 2 % (``repaired``).  ``--dpi 300 400`` compares rasterising resolutions.

Run: ``.venv/bin/python bench/ocr_quality.py [--dpi 300 [400]] [--workers N] [STEM ...]``
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from pipeline.read.load import load  # noqa: E402
from pipeline.models import RawDoc  # noqa: E402
from pipeline.text.normalize import normalize  # noqa: E402
from pipeline.read.ocr import ocr_pdf_pages, postprocess  # noqa: E402

FIXTURES = ROOT / "fixtures" / "scanned"
GOAL = 0.02


def levenshtein(a: str, b: str) -> int:
    try:
        from rapidfuzz.distance import Levenshtein
    except ImportError:  # the same distance, without the C speed-up
        from pipeline.read.ocr import edit_distance

        return edit_distance(a, b)
    return Levenshtein.distance(a, b)


def cer(text: str, reference: str) -> float:
    return levenshtein(text, reference) / max(1, len(reference))


def clean_text(stem: str) -> str:
    return normalize(load(ROOT / "corpus" / f"{stem}.txt")).text


def ocr_text(results, n_pages: int) -> str:
    blocks = [b for r in results for b in r.blocks]
    return normalize(RawDoc(blocks=blocks, source_format="pdf", pages=n_pages, ocr=True)).text


def held_out_lexicon(stem: str):
    import make_ocr_lexicon

    from pipeline.read.ocr_repair import Lexicon, general_words

    return Lexicon(make_ocr_lexicon.entries(exclude=stem), set(general_words()))


def main() -> int:
    import pypdfium2 as pdfium

    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("stems", nargs="*", help="fixture stems (default: all of fixtures/scanned)")
    ap.add_argument("--dpi", type=int, nargs="+", default=[300], help="rasterising resolutions")
    ap.add_argument("--workers", type=int, default=None, help="OCR processes (default: cores)")
    args = ap.parse_args()
    stems = args.stems or sorted(p.stem for p in FIXTURES.glob("*.pdf"))
    rows, worst = [], 0.0
    for stem in stems:
        data = (FIXTURES / f"{stem}.pdf").read_bytes()
        n = len(pdfium.PdfDocument(data))
        reference = clean_text(stem)
        loo = held_out_lexicon(stem)
        for dpi in args.dpi:
            t0 = time.perf_counter()
            raw = ocr_pdf_pages(data, list(range(1, n + 1)), args.workers, dpi=dpi, repair=False)
            seconds = time.perf_counter() - t0
            fixed = postprocess(raw)
            held = postprocess(raw, loo)
            c_raw, c_fix, c_held = (cer(ocr_text(r, n), reference) for r in (raw, fixed, held))
            if dpi == args.dpi[0]:
                worst = max(worst, c_fix)
            rows.append((stem, dpi, n, c_raw, c_fix, c_held, seconds))
            print(f"{stem} {dpi} dpi: CER raw {c_raw:.2%}, repaired {c_fix:.2%}, "
                  f"held-out {c_held:.2%} ({seconds:.1f} s)", file=sys.stderr)
    print()
    print(f"{'fixture':24} {'dpi':>4} {'pages':>5} {'raw':>7} {'repaired':>9} {'held-out':>9} {'OCR s':>6}")
    for stem, dpi, n, a, b, c, s in rows:
        print(f"{stem:24} {dpi:>4} {n:>5} {a:>7.2%} {b:>9.2%} {c:>9.2%} {s:>6.1f}")
    for dpi in args.dpi:
        sel = [r for r in rows if r[1] == dpi]
        mean = [sum(r[k] for r in sel) / len(sel) for k in (3, 4, 5)]
        print(f"{'mean':24} {dpi:>4} {sum(r[2] for r in sel):>5} {mean[0]:>7.2%} {mean[1]:>9.2%} "
              f"{mean[2]:>9.2%} {sum(r[6] for r in sel):>6.1f}")
    ok = worst <= GOAL
    print(f"\nworst repaired CER at {args.dpi[0]} dpi: {worst:.2%} (goal ≤ {GOAL:.0%}): "
          f"{'met' if ok else 'NOT met'}")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
