"""Normalise loader blocks into the one text every offset points into.

Rules (the gold set is written under the same ones):

* Unicode NFC; non-breaking and zero-width spaces become spaces; runs of whitespace inside a
  paragraph collapse to one space; paragraphs are separated by a single ``\\n``.
* A paragraph that a page break cut mid-sentence is rejoined to the next one with one space:
  the first does not end in sentence punctuation and the next starts with a lower-case letter,
  or the loader marked the first ``continues`` (it saw the paragraph run on over the break).
* Footnote blocks stay where the loader put them, marked as ``footnote`` lines.
"""
from __future__ import annotations

import re
import unicodedata

from pipeline.models import Line, NormDoc, RawDoc

_WS = re.compile(r"[\s\u00a0\u200b\u200c\u200d\ufeff]+")
_TERMINAL = tuple(".;:!?…)”\"»/")


def clean(text: str) -> str:
    """NFC and collapsed whitespace for one paragraph."""
    return _WS.sub(" ", unicodedata.normalize("NFC", text)).strip()


def _continues(prev: str, nxt: str) -> bool:
    """True when ``nxt`` is the rest of a sentence that a page or column break cut."""
    if not prev or not nxt or prev.endswith(_TERMINAL):
        return False
    first = nxt[0]
    return first.isalpha() and first.islower()


def normalize(raw: RawDoc) -> NormDoc:
    parts: list[list[str]] = []  # each paragraph's pieces, joined once at the end (not by one
    # concatenation per rejoined line: quadratic in a long run of them)
    lines: list[Line] = []
    pos = 0
    prev_kind = None
    prev_continues = False
    for block in raw.blocks:
        text = clean(block.text)
        if not text:
            continue
        if parts and block.kind == "para" and prev_kind == "para" and (prev_continues or _continues(parts[-1][-1], text)):
            sep = " "
        else:
            sep = "\n" if parts else ""
        if sep == " ":
            parts[-1] += (" ", text)
        else:
            parts.append([text])
        pos += len(sep)
        lines.append(Line(pos, pos + len(text), block.page, block.kind))
        pos += len(text)
        prev_kind = block.kind
        prev_continues = block.continues
    text = "\n".join("".join(p) for p in parts)
    assert len(text) == pos, "offset bookkeeping broke"
    return NormDoc(
        text=text,
        lines=lines,
        source_format=raw.source_format,
        pages=raw.pages,
        ocr=raw.ocr,
        legacy_encoding=raw.legacy_encoding,
        warnings=list(raw.warnings),
    )
