"""Footnote marks as every reader writes them: a note's number in superscript digits (``¹²³``),
whether the source raised it (a PDF's small raised digits, a Word footnote reference) or OCR read
it, so that the later stages see one form; a block that starts with one is a footnote."""
from __future__ import annotations

import re

SUPERSCRIPT_DIGITS = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")
PLAIN_DIGITS = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹", "0123456789")
SUP_START = re.compile(r"^[⁰¹²³⁴⁵⁶⁷⁸⁹]")
