"""The section tree of a plan.

Parts, in order: ``header`` (issuer, ``Số:``, place and date), ``title`` (the heading word
such as ``KẾ HOẠCH`` and the lines after it), ``preamble`` (``Căn cứ…``/``Thực hiện…``),
``body`` (numbered sections), ``recipients`` (``Nơi nhận``) and ``signature``.  Footnote
lines are their own part wherever they sit.  Body headings nest by their numbering:
``I.`` → ``1.`` → ``1.1.`` → ``1.1.1.`` → ``a)``; ``-``/``+`` items and ``(1)`` items are
leaves of the heading above them and do not enter the path.  A fact's section is the path of
the deepest heading that contains it (``III.1``), or the part's name outside the body.

A document attached after the signature is read with the same parts: a decision's plan
(``QUYẾT ĐỊNH … / KT. CHỦ TỊCH … / KẾ HOẠCH … (Ban hành kèm theo Quyết định số …)``, whose own
issuer lines are its header) and any plan's ``PHỤ LỤC``.  Note lines (``[1] …``, ``(*) …``,
``¹ …``) are footnotes wherever they sit; recipients beside a flattened signature (``| Nơi nhận:
… | TM. ỦY BAN NHÂN DÂN … |``) are recipients.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import lru_cache
from types import SimpleNamespace

from pipeline.models import NormDoc, Section

_ROMAN = r"(?:X{0,3})(?:IX|IV|V?I{0,3})"
_HEAD_PATTERNS = [
    (1, re.compile(rf"^(?P<label>{_ROMAN})[.\-–/]\s*(?=\S)")),
    (None, re.compile(r"^(?P<label>\d{1,2}(?:\.\d{1,2}){0,3})\.?\s+(?=\S)")),
    (6, re.compile(r"^(?P<label>[a-zđ])\)\s*(?=\S)")),
]
_FOOTNOTE = re.compile(r"^(?:\[\d{1,2}\]|\(\*{1,3}\)|[¹²³⁴⁵⁶⁷⁸⁹⁰]+)\s*\S")
# "Số: 12/KH-UBND": the document's own number and symbol, whose first part names its kind
_SYMBOL = re.compile(r"^\|?\s*Số\s*:\s*\d*\s*/\s*(?P<kind>[A-ZĐ][A-Za-zĐđ]*)-")


def _words(entries: list[dict], field: str = "word") -> str:
    return "|".join(re.escape(e[field]) for e in sorted(entries, key=lambda e: -len(e[field])))


@lru_cache(maxsize=1)
def _rules() -> SimpleNamespace:
    """The cue words of ``extractors/rules/structure.yaml`` compiled into the patterns the engine uses;
    the kinds of document by symbol from ``extractors/rules/meta.yaml`` (``KH`` → Kế hoạch)."""
    from extractors.rules.lexicon import load_yaml

    d = load_yaml("structure.yaml")
    return SimpleNamespace(
        heading_words=tuple(e["word"] for e in d["heading_words"]),
        issuing_words=tuple(e["word"] for e in d["issuing_words"]),
        preamble=re.compile(rf"^(?:{_words(d['preamble_starts'])})\b"),
        recipients=re.compile(rf"^\|?\s*(?:{_words(d['recipients_words'])})\s*:?", re.I),
        signature=re.compile(rf"^(?:(?i:{_words(d['signature_marks'], 'mark')})|(?:PHÓ\s+)?"
                             rf"(?:{_words(d['signature_titles'], 'title')})(?:\s|$))"),
        motto=re.compile(rf"^\|?\s*(?:{'|'.join(_loose(e['word']) for e in d['mottos'])})", re.I),
        attached=re.compile(rf"^\(?\s*(?:{_words(d['attached_starts'])}) ", re.I),
        appendix=re.compile(rf"^(?:{_words(d['appendix_words'])})(?:\s|$|:)"),
        # the issuer lines of a header (upper case): a body or a place; a rule under them
        annex_head=re.compile(rf"^(?:(?:{_words(d['header_heads'])})(?![^\W\d_])|[-_]{{3,}})"),
        kinds=load_yaml("meta.yaml")["symbol_types"],
    )


def is_appendix(text: str) -> bool:
    """Does this line start an appendix (``appendix_words`` of ``structure.yaml``: ``PHỤ LỤC …``)?"""
    return bool(_rules().appendix.match(text))


def _loose(phrase: str) -> str:
    """A phrase as a pattern whose "OÀ"/"OÒ" may lose the O (``CỘNG HÒA`` read ``CỘNG HÀ``)."""
    return re.escape(phrase).replace("HÒA", "HO?ÒA").replace("HOÀ", "HO?À")


def kind_from_symbol(text: str) -> str | None:
    """The kind of document a ``Số: 12/KH-UBND`` line names (``Kế hoạch``, ``/QĐ-`` → ``Quyết
    định``), for a document whose heading word is missing; None for another line."""
    m = _SYMBOL.match(text)
    return _rules().kinds.get(m.group("kind")) if m else None


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
    if up.endswith(":"):
        return False  # "QUYẾT ĐỊNH:" opens a decision's articles
    return text.strip().rstrip(".") == up and any(up.startswith(w) for w in _rules().heading_words) and len(up) < 40


def title_inline(text: str) -> int | None:
    """The length of the heading word when a paragraph carries it and the title on one line
    (``KẾ HOẠCH Thực hiện Chiến lược …``, a header flattened by a web page), else None."""
    t = text.strip()
    for w in _rules().heading_words:
        if t.startswith(w + " ") and len(t) < 400:
            rest = t[len(w):].lstrip()
            if rest[:1].isupper() and rest != rest.upper() and not rest.rstrip().endswith(":"):
                return len(text) - len(text.lstrip()) + len(w)
    return None


class Structure:
    """Parts and numbered sections of one document, with fast offset look-ups."""

    def __init__(self, doc: NormDoc):
        self.doc = doc
        self.paras = paragraphs(doc)
        self.sections: list[Section] = []
        self.part_of: list[str] = []
        self._build()
        self._starts = [p.start for p in self.paras]
        # sections in text order nest (one ends before the next of its level or above starts):
        # the deepest one holding an offset is the last that starts before it, or one of its
        # enclosing sections (``_up``), found without a scan of every section
        self._sec_starts = [sec.start for sec in self.sections]
        self._up: list[int] = []
        open_: list[int] = []
        for k, sec in enumerate(self.sections):
            while open_ and not (self.sections[open_[-1]].start <= sec.start <= self.sections[open_[-1]].end):
                open_.pop()
            self._up.append(open_[-1] if open_ else -1)
            open_.append(k)

    # -- building -------------------------------------------------------------------------
    def _build(self) -> None:
        paras = self.paras
        n = len(paras)
        self.part_of = ["body"] * n
        # a decision that issues a plan carries the plan after its own signature: two documents,
        # each with its parts; the attached plan's header, title and body are read like a plan's
        annex_i = self._annex_start()
        self.title_range = self._build_range(0, annex_i if annex_i is not None else n)
        if annex_i is not None:
            self._build_range(annex_i, n, annex=True)
        for i, p in enumerate(paras):
            # a note line (``[1] Kế hoạch số …``, ``(*) …``, ``¹ …``) wherever the page put it
            if p.kind == "footnote" or (self.part_of[i] not in ("header", "title") and _FOOTNOTE.match(p.text)):
                self.part_of[i] = "footnote"
        # section ends: the start of the next section of the same or a higher level
        for k, sec in enumerate(self.sections):
            for later in self.sections[k + 1:]:
                if later.level <= sec.level:
                    sec.end = min(sec.end, later.start - 1)
                    break

    def _annex_start(self) -> int | None:
        """Index of the first line of a document attached after the signature: a decision's plan
        (``KẾ HOẠCH … (Ban hành kèm theo Quyết định số …)``) or any plan's ``PHỤ LỤC``; or None."""
        paras = self.paras
        n = len(paras)
        head = next((i for i, p in enumerate(paras[:15]) if _is_title_word(p.text)), None)
        if head is not None:
            decision = paras[head].text.strip().upper().startswith(_rules().issuing_words)
        else:  # no heading word (lost): the kind the symbol names ("Số: 15/QĐ-UBND")
            head = next((i for i, p in enumerate(paras[:15]) if kind_from_symbol(p.text)), None)
            if head is None:
                return None
            decision = kind_from_symbol(paras[head].text).upper().startswith(_rules().issuing_words)
        rec = next((i for i in range(head + 1, n) if _rules().recipients.match(paras[i].text)), head)
        for i in range(rec + 1, n):
            t = paras[i].text.strip()
            if not (_rules().signature.match(t) and (re.match(r"^[A-ZĐ]{1,3}\.", t) or len(t) < 20)):
                continue
            # the signature block is a few short lines; what follows may start a new document
            for j in range(i + 1, min(n, i + 14)):
                t = paras[j].text.strip()
                if _rules().appendix.match(t) or (decision and (_rules().motto.search(t) or _is_title_word(t) or _rules().attached.match(t))):
                    k = j
                    while k > i + 1 and _rules().annex_head.match(paras[k - 1].text.strip()):
                        k -= 1  # the attached plan's own issuer lines
                    return k if n - k >= 2 else None
            return None
        return None

    def _build_range(self, lo: int, hi: int, annex: bool = False) -> tuple:
        paras = self.paras
        parts = self.part_of
        title_i = next((i for i in range(lo, min(hi, lo + 15)) if _is_title_word(paras[i].text)), None)
        inline = False
        if title_i is None:
            title_i = next((i for i in range(lo, min(hi, lo + 15)) if title_inline(paras[i].text)), None)
            inline = title_i is not None
        body_i = next((i for i in range(lo, hi) if heading_of(paras[i].text) and heading_of(paras[i].text)[0] == 1), None)
        rec_i = next((i for i in range(lo, hi) if _rules().recipients.match(paras[i].text)), None)
        sig_i = None
        search_from = rec_i if rec_i is not None else (body_i or lo)
        for i in range(search_from, hi):
            if _rules().signature.match(paras[i].text) and (rec_i is None or i > rec_i):
                sig_i = i
                break
        pre_end = body_i if body_i is not None else hi
        title_end = None
        if title_i is not None:
            # the line after the heading word is title (unless the title is on the heading's line)
            title_end = title_i + 2 if title_i + 1 < pre_end and not inline else title_i + 1
            while title_end < pre_end and not _rules().preamble.match(paras[title_end].text) and title_end - title_i < 5:
                if annex and _rules().attached.match(paras[title_end - 1].text.strip()):
                    break  # the attached plan's title ends with its "(Ban hành kèm theo …)" line
                title_end += 1
            for i in range(lo, title_i):
                parts[i] = "header"
            for i in range(title_i, title_end):
                parts[i] = "title"
            for i in range(title_end, pre_end):
                parts[i] = "preamble"
        else:
            # no heading word (a lost header line, an excerpt): the header is the issuer, motto,
            # number and date lines at the top, up to the first preamble or numbered line
            rules, header_end = _rules(), lo
            for i in range(lo, min(pre_end, lo + 12)):
                t = paras[i].text.strip()
                if _dated_line(t) or rules.annex_head.match(t) or rules.motto.search(t):
                    header_end = i + 1
                elif rules.preamble.match(t) or heading_of(t):
                    break
            for i in range(lo, pre_end):
                parts[i] = "header" if i < header_end else "preamble"
        end_body = min(x for x in (rec_i, sig_i, hi) if x is not None)
        for i in range(pre_end, end_body):
            parts[i] = "body"
        if rec_i is not None:
            for i in range(rec_i, sig_i if sig_i is not None else hi):
                parts[i] = "recipients"
        if sig_i is not None:
            for i in range(sig_i, hi):
                parts[i] = "signature"

        # numbered sections inside the body
        stack: list[Section] = []
        for i in range(pre_end, end_body):
            p = paras[i]
            if parts[i] != "body" or p.kind == "footnote":
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
            sec = Section(path=path, label=label, title=p.text, start=p.start, end=paras[end_body - 1].end,
                          level=level, part="body")
            stack.append(sec)
            self.sections.append(sec)
        return (title_i, title_end)

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
        k = bisect.bisect_right(self._sec_starts, offset) - 1
        while k >= 0 and not self.sections[k].start <= offset <= self.sections[k].end:
            k = self._up[k]
        return self.sections[k].path if k >= 0 else "body"

    def section_titled(self, pattern: re.Pattern) -> list[Section]:
        return [s for s in self.sections if pattern.search(s.title)]

    def text_of(self, part: str) -> list[Para]:
        return [p for p, k in zip(self.paras, self.part_of) if k == part]


def _dated_line(text: str) -> bool:
    """``Số:`` or ``… ngày … tháng … năm`` (a line holds no line break): the match of
    ``^(Số\\s*:|.*ngày.*tháng.*năm)`` without its backtracking over every "ngày" of a long line."""
    if re.match(r"Số\s*:", text):
        return True
    i = text.find("ngày")
    j = text.find("tháng", i + 4) if i >= 0 else -1
    return j >= 0 and text.find("năm", j + 5) >= 0


def _root(stack: list[Section]) -> str:
    """Path of the enclosing level-1 (roman) section, for decimal labels that carry their own depth."""
    for sec in stack:
        if sec.level == 1:
            return sec.path
    return stack[0].path
