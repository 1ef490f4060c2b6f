"""Plain text and Markdown (``.txt``, ``.md``) into blocks: ``load_text(path, data) -> RawDoc``.

UTF-8 (a BOM is fine), UTF-16 (what Notepad calls "Unicode": with a BOM, or without one when
the zero bytes of its ASCII characters show which byte of each pair is the high one), or 8-bit
text typed in TCVN3 or VNI (``pipeline.read.legacy``; anything else is an error), Markdown
markup dropped, one block per physical line; a line starting with a superscript digit is a
footnote. UTF-8 with a few damaged bytes (a file cut inside a character,
a stray byte) is read, the damage said in the row's warnings (``_damaged_utf8``).
"""
from __future__ import annotations

import codecs
import re
from pathlib import Path

from pipeline.models import Block, LoadError, RawDoc
from pipeline.read import legacy
from pipeline.read.footnotes import SUP_START

_MD_HEADING = re.compile(r"^ {0,3}#{1,6}\s+", re.M)
_MD_EMPHASIS = re.compile(r"(\*{1,3})(?=\S)(.+?)(?<=\S)\1", re.S)


def _utf16(path: Path, data: bytes) -> str | None:
    """The text of a UTF-16 file, else None.  With a BOM, the BOM says the byte order (a file
    that does not decode is an error).  Without one, the file is taken for UTF-16 when zero
    bytes are at least a quarter of it, nine in ten of them on one side of their pair (the high
    byte of an ASCII letter, space or digit), and the decoded text is printable: no plan in
    UTF-8 or in an 8-bit code has zero bytes."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as e:
            raise LoadError(f"{path.name}: damaged UTF-16 text ({e.reason} at byte {e.start}); "
                            "re-save it as UTF-8") from None
    zeros = data.count(0)
    if len(data) < 4 or len(data) % 2 or zeros < len(data) // 4:
        return None
    high_first = data[0::2].count(0)
    if high_first >= 0.9 * zeros:
        encoding = "utf-16-be"
    elif zeros - high_first >= 0.9 * zeros:
        encoding = "utf-16-le"
    else:
        return None
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError:
        return None
    printable = sum(1 for c in text if c.isprintable() or c in "\t\r\n")
    return text if "\x00" not in text and printable >= 0.95 * len(text) else None


def load_text(path: Path, data: bytes) -> RawDoc:
    warnings: list[str] = []
    utf16 = _utf16(path, data)
    if utf16 is not None:
        text = utf16
        encoding = legacy.detect(text)  # legacy codes typed into a Unicode file
    else:
        text, encoding, warnings = _bytes_text(path, data)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    blocks = []
    for para in re.split(r"\n[ \t]*\n", text):
        para = _MD_HEADING.sub("", para)
        for _ in range(3):  # nested emphasis: ***x***, **a *b* c**
            para = _MD_EMPHASIS.sub(r"\2", para)
        footnote = False
        for line in para.split("\n"):
            line = line.rstrip()
            if not line.strip():
                continue
            footnote = footnote or bool(SUP_START.match(line.lstrip()))
            blocks.append(Block(line, None, "footnote" if footnote else "para"))
    if not blocks:
        raise LoadError(f"{path.name}: the file has no text")
    if encoding:
        blocks, encoding = legacy.convert_blocks(blocks, encoding)
    fmt = "md" if path.suffix.lower() in (".md", ".markdown") else "txt"
    doc = RawDoc(blocks=blocks, source_format=fmt, legacy_encoding=encoding)
    doc.warnings.extend(warnings)
    return doc


def _bytes_text(path: Path, data: bytes) -> tuple[str, str | None, list[str]]:
    """(text, legacy encoding or None, warnings) of UTF-8 or 8-bit text."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        bad = _damaged_utf8(data)
        if bad is not None:
            # UTF-8 with a few damaged bytes (a file cut inside a character, a stray byte):
            # the rest of the plan is kept, the damage said in the row
            text, warnings = bad
            return text, legacy.detect(text), warnings
        text = legacy.decode_bytes(data)  # 8-bit text: TCVN3 or VNI, else an error
        encoding = legacy.detect(text)
        if encoding is None:
            raise LoadError(f"{path.name}: not UTF-8 text (byte 0x{data[e.start]:02x} at offset "
                            f"{e.start}) nor Vietnamese in TCVN3 or VNI; re-save it as UTF-8") from None
        return text, encoding, []
    return text, legacy.detect(text), []  # legacy codes pasted into a UTF-8 file


def _damaged_utf8(data: bytes) -> tuple[str, list[str]] | None:
    """(text, warnings) of UTF-8 whose only faults are a character cut at the end or a few stray
    bytes (at most 1 in 2,000 characters); None for anything else (8-bit legacy text has a fault
    at nearly every accented letter)."""
    text = data.decode("utf-8-sig", errors="replace")
    faults = text.count("\ufffd") - data.decode("utf-8-sig", errors="ignore").count("\ufffd")
    if faults == 0 or faults > max(2, len(text) // 2000):
        return None
    multibyte = sum(1 for c in text if ord(c) > 0x7F and c != "\ufffd")
    if multibyte < 10 * faults:  # too little real UTF-8 to be sure of the encoding
        return None
    cut = text.endswith("\ufffd") and faults == 1
    text = text.rstrip("\ufffd") if cut else text
    what = ("the file ends inside a character (it was cut); that character is left out" if cut
            else f"{faults} byte sequence(s) are not UTF-8 and read as \ufffd")
    return text, [what]

