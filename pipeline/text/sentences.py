"""Sentences of the normalised text, as ``(start, end)`` offsets into ``documents.text``.

A paragraph (a line of the text) is split after ``.``, ``!``, ``?`` or ``…`` (closing quotes
and brackets may follow) when the next word starts with a capital, a digit, a quote or a list
mark; ``TP. Hồ Chí Minh`` and other short abbreviations do not end a sentence.  Spans are
trimmed of surrounding spaces.  Used by staleness (the sentence of a flag) and by reuse (the
unit compared across plans).
"""
from __future__ import annotations

import re

_BREAK = re.compile(r"[.!?…]+[”\"»’)\]]*\s+")
_ABBREV = {"tp", "tx", "tt", "kt", "tm", "tl", "q", "p", "ths", "ts", "pgs", "gs", "bs", "đ/c", "v.v", "vv", "st", "ubnd"}


def _ends_sentence(line: str, dot: int, nxt: int) -> bool:
    if nxt >= len(line):
        return True
    c = line[nxt]
    if not (c.isupper() or c.isdigit() or c in "“\"'(-–+•*"):
        return False
    # the word before the dot (``(\S+)$`` of ``line[:dot]``), found backwards: a search over
    # ``line[:dot]`` would read the whole line again at every dot
    k = dot
    while k > 0 and not line[k - 1].isspace():
        k -= 1
    return not (k < dot and line[k:dot].lower().strip("(“\"") in _ABBREV)


def spans(text: str) -> list[tuple[int, int]]:
    """Every sentence of ``text`` in order, without the spaces around it."""
    out: list[tuple[int, int]] = []
    pos = 0
    for line in text.split("\n"):
        start = 0
        for m in _BREAK.finditer(line):
            if _ends_sentence(line, m.start(), m.end()):
                _add(out, line, pos, start, m.end())
                start = m.end()
        _add(out, line, pos, start, len(line))
        pos += len(line) + 1
    return out


def _add(out: list, line: str, base: int, s: int, e: int) -> None:
    piece = line[s:e]
    lead = len(piece) - len(piece.lstrip())
    trail = len(piece) - len(piece.rstrip())
    if piece.strip():
        out.append((base + s + lead, base + e - trail))


def at(text: str, offset: int, cache: list[tuple[int, int]] | None = None) -> tuple[int, int]:
    """The sentence containing ``offset`` (its paragraph when none does)."""
    for s, e in cache if cache is not None else spans(text):
        if s <= offset < e:
            return s, e
    ls = text.rfind("\n", 0, offset) + 1
    le = text.find("\n", offset)
    return ls, (le if le >= 0 else len(text))
