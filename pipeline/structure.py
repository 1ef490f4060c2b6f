"""The section tree of a plan.

Parts, in order: ``header`` (issuer, ``Số:``, place and date), ``title`` (the heading word
such as ``KẾ HOẠCH`` and the lines after it), ``preamble`` (``Căn cứ…``/``Thực hiện…``),
``body`` (numbered sections), ``recipients`` (``Nơi nhận``) and ``signature``.  Footnote
lines are their own part wherever they sit.  Body headings nest by their numbering:
``I.`` → ``1.`` → ``1.1.`` → ``1.1.1.`` → ``a)``; ``-``/``+`` items and ``(1)`` items are
leaves of the heading above them and do not enter the path.  A fact's section is the path of
the deepest heading that contains it (``III.1``), or the part's name outside the body.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from .models import NormDoc, Section

HEADING_WORDS = ("KẾ HOẠCH", "QUYẾT ĐỊNH", "CHƯƠNG TRÌNH", "HƯỚNG DẪN", "CÔNG VĂN", "THÔNG BÁO", "BÁO CÁO")
_ROMAN = r"(?:X{0,3})(?:IX|IV|V?I{0,3})"
_HEAD_PATTERNS = [
    (1, re.compile(rf"^(?P<label>{_ROMAN})[.\-–/]\s*(?=\S)")),
    (None, re.compile(r"^(?P<label>\d{1,2}(?:\.\d{1,2}){0,3})\.?\s+(?=\S)")),
    (6, re.compile(r"^(?P<label>[a-zđ])\)\s*(?=\S)")),
]
_PREAMBLE_START = re.compile(r"^(Căn cứ|Thực hiện|Triển khai|Trên cơ sở|Để|Nhằm|Theo)\b")
_RECIPIENTS = re.compile(r"^Nơi nhận\s*:?", re.I)
_SIGNATURE = re.compile(r"^(TM\.|KT\.|Q\.|TL\.|TUQ\.|CHỦ TỊCH|PHÓ CHỦ TỊCH)", re.I)


@dataclass(frozen=True)
class Para:
    start: int
    end: int
    text: str
    kind: str


def paragraphs(doc: NormDoc) -> list[Para]:
    out, pos = [], 0
    kinds = {ln.start: ln.kind for ln in doc.lines}
    for chunk in doc.text.split("\n"):
        out.append(Para(pos, pos + len(chunk), chunk, kinds.get(pos, "para")))
        pos += len(chunk) + 1
    return out


def heading_of(text: str) -> tuple[int, str] | None:
    """(level, label) when a paragraph opens with a section number, else None."""
    if not text:
        return None
    for level, pat in _HEAD_PATTERNS:
        m = pat.match(text)
        if not m or not m.group("label"):
            continue
        label = m.group("label")
        if level is None:
            level = 1 + label.count(".") + 1  # "1" → 2, "1.1" → 3, ...
            if len(label) == 4 and label.isdigit():  # a year, not a heading
                continue
        return level, label
    return None


def _is_title_word(text: str) -> bool:
    up = text.strip().rstrip(".").upper()
    return text.strip().rstrip(".") == up and any(up.startswith(w) for w in HEADING_WORDS) and len(up) < 40


class Structure:
    """Parts and numbered sections of one document, with fast offset look-ups."""

    def __init__(self, doc: NormDoc):
        self.doc = doc
        self.paras = paragraphs(doc)
        self.sections: list[Section] = []
        self.part_of: list[str] = []
        self._build()
        self._starts = [p.start for p in self.paras]

    # -- building -------------------------------------------------------------------------
    def _build(self) -> None:
        paras = self.paras
        n = len(paras)
        title_i = next((i for i, p in enumerate(paras[:15]) if _is_title_word(p.text)), None)
        body_i = next((i for i, p in enumerate(paras) if heading_of(p.text) and heading_of(p.text)[0] == 1), None)
        rec_i = next((i for i, p in enumerate(paras) if _RECIPIENTS.match(p.text)), None)
        sig_i = None
        search_from = rec_i if rec_i is not None else (body_i or 0)
        for i in range(search_from, n):
            if _SIGNATURE.match(paras[i].text) and (rec_i is None or i > rec_i):
                sig_i = i
                break
        if sig_i is not None and rec_i is not None and sig_i < rec_i:
            sig_i = None
        parts = ["body"] * n
        pre_end = body_i if body_i is not None else n
        title_end = None
        if title_i is not None:
            title_end = title_i + 2 if title_i + 1 < pre_end else title_i + 1  # the line after the heading word is title
            while title_end < pre_end and not _PREAMBLE_START.match(paras[title_end].text) and title_end - title_i < 5:
                title_end += 1
            for i in range(0, title_i):
                parts[i] = "header"
            for i in range(title_i, title_end):
                parts[i] = "title"
            for i in range(title_end, pre_end):
                parts[i] = "preamble"
        else:
            for i in range(0, pre_end):
                parts[i] = "header" if re.match(r"^(Số\s*:|.*ngày.*tháng.*năm)", paras[i].text) and i < 5 else "preamble"
        end_body = min(x for x in (rec_i, sig_i, n) if x is not None)
        if rec_i is not None:
            for i in range(rec_i, sig_i if sig_i is not None else n):
                parts[i] = "recipients"
        if sig_i is not None:
            for i in range(sig_i, n):
                parts[i] = "signature"
        for i, p in enumerate(paras):
            if p.kind == "footnote":
                parts[i] = "footnote"
        self.part_of = parts
        self.title_range = (title_i, title_end)

        # numbered sections inside the body
        stack: list[Section] = []
        for i in range(pre_end, end_body):
            p = paras[i]
            if parts[i] != "body":
                continue
            h = heading_of(p.text)
            if not h:
                continue
            level, label = h
            while stack and stack[-1].level >= level:
                stack.pop()
            if level == 1 or not stack:
                path = label
            elif level in (2, 3, 4, 5) and "." in label:
                path = f"{_root(stack)}.{label}"
            else:
                path = f"{stack[-1].path}.{label}"
            title = p.text
            sec = Section(path=path, label=label, title=title, start=p.start, end=paras[end_body - 1].end,
                          level=level, part="body")
            # close earlier open sections at this start
            stack.append(sec)
            self.sections.append(sec)
        # section ends: the start of the next section of the same or a higher level
        for k, sec in enumerate(self.sections):
            for later in self.sections[k + 1:]:
                if later.level <= sec.level:
                    sec.end = later.start - 1
                    break

    # -- look-ups ---------------------------------------------------------------------------
    def para_index(self, offset: int) -> int:
        return max(0, bisect.bisect_right(self._starts, offset) - 1)

    def part_at(self, offset: int) -> str:
        return self.part_of[self.para_index(offset)] if self.part_of else "body"

    def section_at(self, offset: int) -> str:
        part = self.part_at(offset)
        if part == "footnote":
            p = self.paras[self.para_index(offset)]
            m = re.match(r"^([¹²³⁴⁵⁶⁷⁸⁹⁰]+|\d+)", p.text)
            return f"footnote {m.group(1)}" if m else "footnote"
        if part != "body":
            return part
        best = None
        for sec in self.sections:
            if sec.start <= offset <= sec.end:
                best = sec
        return best.path if best else "body"

    def section_titled(self, pattern: re.Pattern) -> list[Section]:
        return [s for s in self.sections if pattern.search(s.title)]

    def text_of(self, part: str) -> list[Para]:
        return [p for p, k in zip(self.paras, self.part_of) if k == part]


def _root(stack: list[Section]) -> str:
    """Path of the enclosing level-1 (roman) section, for decimal labels that carry their own depth."""
    for sec in stack:
        if sec.level == 1:
            return sec.path
    return stack[0].path
