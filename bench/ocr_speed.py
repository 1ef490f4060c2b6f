"""OCR speed: kehoach's OCR path against the bare ``tesseract`` command, on the same page images.

The pages of ``fixtures/scanned/*.pdf`` are rasterised once, at kehoach's resolution
(``pipeline.read.ocr.DPI``), to grey PNG files.  Then, with the same number of processes on both
sides (``--workers``, default the number of cores):

* **bare**: ``tesseract PAGE.png OUT -l vie`` run once per page, that many at a time;
* **kehoach**: ``pipeline.read.ocr.ocr_image_pages`` on the same PNG files, one document per
  fixture: decode, clean-up, deskew, Tesseract through pytesseract (TSV output), paragraphs,
  heading/footnote fixes and the lexicon repair (whose dictionary loads once per run).

kehoach's worker processes are started anew for each run, and its dictionary loaded: both are
part of the time.  Both run with ``OMP_THREAD_LIMIT=1`` (one thread per Tesseract, as kehoach runs its workers:
the pages are the parallelism); ``--bare-threads`` also times the bare command with Tesseract's
default threading.  Each side runs ``--repeat`` times, alternating which goes first, and the best time of each
counts (the machine is shared; the ratio within each run is printed too).  kehoach reads the
fixtures document by document, as a batch does, so a document whose pages do not divide evenly
among the processes leaves one idle at its end; the bare command gets all pages as one list.
Goal: kehoach ≤ 1.2 × bare.

Run: ``.venv/bin/python bench/ocr_speed.py [--workers N] [--repeat 2] [--bare-threads] [--flat] [STEM ...]``
"""
from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipeline.read import ocr  # noqa: E402

FIXTURES = ROOT / "fixtures" / "scanned"
GOAL = 1.2


def rasterise(stems: list[str], out: Path) -> dict[str, list[Path]]:
    import pypdfium2 as pdfium

    pages = {}
    for stem in stems:
        pdf = pdfium.PdfDocument(FIXTURES / f"{stem}.pdf")
        pages[stem] = []
        for i, page in enumerate(pdf, 1):
            p = out / f"{stem}-{i:02d}.png"
            page.render(scale=ocr.DPI / 72, grayscale=True).to_pil().convert("L").save(p, dpi=(ocr.DPI, ocr.DPI))
            pages[stem].append(p)
        pdf.close()
    return pages


def run_bare(images: list[Path], workers: int, out: Path, env: dict) -> float:
    exe = shutil.which("tesseract")

    def one(img: Path) -> None:
        subprocess.run([exe, str(img), str(out / img.stem), "-l", "vie"], check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)

    t0 = time.perf_counter()
    with ThreadPoolExecutor(workers) as pool:
        list(pool.map(one, images))
    return time.perf_counter() - t0


def run_kehoach(pages: dict[str, list[Path]], workers: int, flat: bool = False) -> tuple[float, int]:
    """kehoach's OCR path, document by document (``flat``: all pages as one document, to see
    what the documents' ends cost)."""
    from pipeline.read.context import ReadContext
    from pipeline.read.ocr_repair import general_words, lexicon

    general_words.cache_clear()
    lexicon.cache_clear()  # loading the dictionary is part of a run
    t0 = time.perf_counter()
    blocks = 0
    docs = [[p for ps in pages.values() for p in ps]] if flat else list(pages.values())
    with ReadContext() as ctx:  # and so is starting the workers, kept for the run's next documents
        for paths in docs:
            results = ocr.ocr_image_pages([p.read_bytes() for p in paths], workers, ctx=ctx)
            blocks += sum(len(r.blocks) for r in results)
        elapsed = time.perf_counter() - t0  # not stopping the workers
    return elapsed, blocks


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("stems", nargs="*", help="fixture stems (default: all of fixtures/scanned)")
    ap.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--repeat", type=int, default=2)
    ap.add_argument("--flat", action="store_true",
                    help="kehoach gets all pages as one document, like the bare command (diagnostic)")
    ap.add_argument("--bare-threads", action="store_true",
                    help="also time the bare command with Tesseract's default (OpenMP) threading")
    args = ap.parse_args()
    ocr.check_tesseract()
    stems = args.stems or sorted(p.stem for p in FIXTURES.glob("*.pdf"))
    single = {**os.environ, "OMP_THREAD_LIMIT": "1"}
    threaded = {k: v for k, v in os.environ.items() if k != "OMP_THREAD_LIMIT"}
    with tempfile.TemporaryDirectory(prefix="kehoach-bench-") as tmp:
        tmp = Path(tmp)
        (tmp / "out").mkdir()
        pages = rasterise(stems, tmp)
        images = [p for ps in pages.values() for p in ps]
        n = len(images)
        print(f"{len(stems)} fixtures, {n} pages at {ocr.DPI} dpi, {args.workers} processes, "
              f"{args.repeat} run(s) each (best counts)", file=sys.stderr)
        bare, bare_thr, keh = [], [], []
        os.environ["OMP_THREAD_LIMIT"] = "1"
        for r in range(args.repeat):  # alternate who goes first, against drifts in the load
            if r % 2:
                keh.append(run_kehoach(pages, args.workers, args.flat)[0])
                bare.append(run_bare(images, args.workers, tmp / "out", single))
            else:
                bare.append(run_bare(images, args.workers, tmp / "out", single))
                keh.append(run_kehoach(pages, args.workers, args.flat)[0])
            if args.bare_threads:
                bare_thr.append(run_bare(images, args.workers, tmp / "out", threaded))
            print(f"run {r + 1}: bare {bare[-1]:.1f} s, kehoach {keh[-1]:.1f} s"
                  + (f", bare threaded {bare_thr[-1]:.1f} s" if bare_thr else ""), file=sys.stderr)
    b, k = min(bare), min(keh)
    print()
    print(f"{'path':40} {'s total':>8} {'s/page':>7} {'× bare':>7}")
    print(f"{'bare tesseract IMG OUT -l vie (1 thread)':40} {b:>8.1f} {b / n:>7.2f} {1:>7.2f}")
    if bare_thr:
        t = min(bare_thr)
        print(f"{'bare tesseract, default threading':40} {t:>8.1f} {t / n:>7.2f} {t / b:>7.2f}")
    label = "kehoach OCR path" + (" (all pages as one doc)" if args.flat else "")
    print(f"{label:40} {k:>8.1f} {k / n:>7.2f} {k / b:>7.2f}")
    paired = sorted(kk / bb for kk, bb in zip(keh, bare))
    print(f"\nkehoach / bare in each run: {', '.join(f'{x:.2f}' for x in paired)} "
          f"(median {paired[len(paired) // 2]:.2f})")
    ref = min([b] + ([min(bare_thr)] if bare_thr else []))
    ratio = k / ref
    print(f"\nkehoach / fastest bare = {ratio:.2f} (goal ≤ {GOAL}): {'met' if ratio <= GOAL else 'NOT met'}")
    return 0 if ratio <= GOAL else 1


if __name__ == "__main__":
    raise SystemExit(main())
