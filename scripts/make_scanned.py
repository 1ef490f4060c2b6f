"""Make scanned versions of the corpus PDFs: ``fixtures/scanned/<stem>.pdf``.

Each page of ``corpus/<stem>.pdf`` is rasterised in grey as a desk scanner does it, turned by a
slight angle (0.5–1.5°, either way, one angle per page as each sheet goes through the feeder),
blurred a little, given Gaussian sensor noise, a grey paper whose background the scanner
flattens, and a few dust specks, and the pages are saved, JPEG-compressed,
as an image-only PDF: no text layer, so kehoach must OCR them.

The angles and the noise come from a generator seeded by the file's stem, and the PDF's dates
are fixed, so the fixtures are byte-for-byte reproducible with the same pypdfium2 and Pillow.
``fixtures/scanned/angles.json`` records each page's angle (degrees, counter-clockwise), for
the deskew tests.

Run: ``.venv/bin/python scripts/make_scanned.py [--dpi 200] [--quality 18] [STEM ...]``
"""
from __future__ import annotations

import argparse
import hashlib
import json
import time
from pathlib import Path

import numpy as np
import pypdfium2 as pdfium
from PIL import Image, ImageFilter

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
OUT = ROOT / "fixtures" / "scanned"
FIXED_DATE = time.gmtime(1735689600)  # 2025-01-01, so the PDF bytes do not depend on the day
PAPER, TONER = 236, 6  # grey levels of the paper and of the ink
NOISE = 10.0  # standard deviation of the sensor noise, in grey levels
DUST = 3e-5  # share of pixels that are dust specks


def scan_page(page: pdfium.PdfPage, dpi: int, rng: np.random.Generator) -> tuple[Image.Image, float]:
    """One page as a scanner would see it, and the angle it was turned by."""
    img = page.render(scale=dpi / 72, grayscale=True).to_pil().convert("L")
    angle = float(rng.uniform(0.5, 1.5) * rng.choice([-1, 1]))
    img = img.rotate(angle, resample=Image.BICUBIC, expand=False, fillcolor=255)
    img = img.filter(ImageFilter.GaussianBlur(0.5))  # the scanner's optics
    a = np.asarray(img, dtype=np.float32)
    a = a * (PAPER - TONER) / 255 + TONER  # paper is not white, toner is not black
    a += rng.normal(0.0, NOISE, a.shape)  # sensor noise
    a[a > 205] = PAPER  # the scanner's background suppression flattens the paper
    dust = rng.random(a.shape) < DUST
    a[dust] = rng.uniform(40, 160, int(dust.sum()))
    return Image.fromarray(np.clip(a, 0, 255).astype(np.uint8), "L"), round(angle, 3)


def make(stem: str, dpi: int, quality: int) -> tuple[Path, list[float]]:
    rng = np.random.default_rng(int(hashlib.sha256(stem.encode()).hexdigest()[:8], 16))
    pdf = pdfium.PdfDocument(CORPUS / f"{stem}.pdf")
    pages, angles = [], []
    for page in pdf:
        img, angle = scan_page(page, dpi, rng)
        pages.append(img)
        angles.append(angle)
    pdf.close()
    OUT.mkdir(parents=True, exist_ok=True)
    out = OUT / f"{stem}.pdf"
    pages[0].save(out, "PDF", save_all=True, append_images=pages[1:], resolution=float(dpi),
                  quality=quality, optimize=True, title=stem, creationDate=FIXED_DATE, modDate=FIXED_DATE)
    return out, angles


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("stems", nargs="*", help="corpus stems (default: every corpus/*.pdf)")
    ap.add_argument("--dpi", type=int, default=200, help="scan resolution (default 200)")
    ap.add_argument("--quality", type=int, default=18, help="JPEG quality of the pages (default 18)")
    args = ap.parse_args()
    stems = args.stems or sorted(p.stem for p in CORPUS.glob("*.pdf"))
    angles_file = OUT / "angles.json"
    all_angles = json.loads(angles_file.read_text()) if angles_file.exists() else {}
    total = 0
    for stem in stems:
        out, angles = make(stem, args.dpi, args.quality)
        all_angles[stem] = angles
        size = out.stat().st_size
        total += size
        print(f"{out.relative_to(ROOT)}: {len(angles)} pages, {size / 1024:.0f} KiB, "
              f"angles {', '.join(f'{a:+.2f}' for a in angles)}")
    angles_file.write_text(json.dumps(dict(sorted(all_angles.items())), indent=1) + "\n")
    print(f"{len(stems)} files, {total / 1024 / 1024:.2f} MiB")


if __name__ == "__main__":
    main()
