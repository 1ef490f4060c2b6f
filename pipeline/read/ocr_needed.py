"""Which pages of a PDF need OCR, judged from the text layer the PDF reader read
(``pipeline.read.pdf``): ``needs_ocr`` (no usable text layer: no text, mostly unmapped glyphs,
or a few words over a picture that fills the page), ``garbled`` (a text layer that cannot be
read as it stands: mojibake, letters out of order, glyphs without a Unicode map, words that are
no Vietnamese syllable) and ``sparse_text_layer`` (far fewer lines than the page shows in ink,
on a page with pictures).  The reason a garbled or sparse page gives goes into the row.
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

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
