"""Page images for OCR: a PDF page's render size, an image file's frames and size checks, and
the clean-up before Tesseract reads a page.

* ``render_scale``: a PDF page is rasterised at ``DPI`` (300; 400 reads no better on the scanned
  fixtures and is slower, see ``bench/ocr_quality.py --dpi 300 400``), or less where that would
  make more than ``MAX_PIXELS``.  An image file is read as it is, after ``too_large`` and
  ``image_frames`` have checked it.
* ``prepare``: grey, contrast stretched, the paper (anything nearer the paper's grey than the
  ink's) set to white, so noise and faint dust do not reach Tesseract.
* ``estimate_skew``/``rotate``/``deskew``: the skew is the angle, searched over ±5°, at which the
  dark pixels' horizontal projection profile is sharpest; the page is turned back by it with
  Pillow when it is over 0.05°; ``ink_box`` crops the page to its ink first.
* ``scale_factor``: a page whose text lines are unusually small or large (a 100 dpi fax, a
  600 dpi photo) is scaled so they are about 50 pixels high, what Tesseract reads best.
"""
from __future__ import annotations

import io
import math

from pipeline.models import LoadError

DPI = 300
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


def render_scale(width: float, height: float, dpi: int = DPI) -> float:
    """Pixels a point to render a ``width`` × ``height`` point page at: ``dpi`` / 72, or less
    where that would make more than ``MAX_PIXELS`` (a poster-sized page is read at the
    resolution that fits, not rendered into GBs)."""
    scale = dpi / 72
    area = abs(width * height)
    if area * scale * scale > MAX_PIXELS:
        scale = 0.995 * math.sqrt(MAX_PIXELS / area)  # a margin for the renderer rounding up
    return scale


class ImageTooLarge(LoadError):
    """The image has more pixels than OCR may decode (``MAX_IMAGE_PIXELS``)."""


def too_large(im) -> None:
    """Raise ``ImageTooLarge`` for an (opened, not yet decoded) image over ``MAX_IMAGE_PIXELS``."""
    w, h = im.size
    if w * h > MAX_IMAGE_PIXELS:
        raise ImageTooLarge(f"the image is too large to read ({w} × {h} pixels, {w * h / 1e6:.0f} million; "
                            f"the limit is {MAX_IMAGE_PIXELS // 1_000_000} million): scan the page again "
                            "at 300 dpi, or save a smaller copy")


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
