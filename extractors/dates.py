"""Date expressions → EDTF values and kinds (issue, deadline, period, event, citation, other).

Forms: ``ngày 08 tháng 5 năm 2019`` (blanks give the precision left), ``15/02/2025``,
``tháng 10 năm 2020``, ``tháng 11/2022``, spans ``15/11-15/12/2025`` and ``từ ngày 15 tháng 11
đến ngày 15 tháng 12``, and day-months without a year (``8/3``) where a cue says they are
dates.  A day-month takes a year only from the same expression; otherwise ``XXXX``.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from pipeline.models import DateFact

from .lexicon import alternation, load_yaml

_D = r"(?P<{0}d>\d{{1,2}})"
_M = r"(?P<{0}m>\d{{1,2}})"
_Y = r"(?P<{0}y>\d{{4}})"


def _num(p: str) -> str:
    return rf"{_D.format(p)}\s*/\s*{_M.format(p)}(?:\s*/\s*{_Y.format(p)})?"


def _vn(p: str) -> str:
    return rf"(?:ngày\s*)?{_D.format(p)}\s+tháng\s+{_M.format(p)}(?:\s+năm\s+{_Y.format(p)})?"


_REC = r"(?P<rec>\s+(?:hàng|hằng)\s+năm)?"
PATTERNS = [
    ("header", re.compile(r"ngày\s*(?P<ad>\d{1,2})?\s*tháng\s*(?P<am>\d{1,2})?\s*năm\s*(?P<ay>\d{4})")),
    ("span", re.compile(rf"(?:từ\s+)?(?:ngày\s+)?{_vn('a')}\s*(?:đến|-|–)\s*(?:ngày\s+)?{_vn('b')}{_REC}")),
    ("span", re.compile(rf"(?:từ\s+)?(?:ngày\s+)?{_num('a')}\s*(?:-|–|đến)\s*(?:ngày\s+)?{_num('b')}{_REC}")),
    ("day", re.compile(rf"(?:ngày\s+)?{_D.format('a')}\s*/\s*{_M.format('a')}\s*/\s*{_Y.format('a')}")),
    ("day", re.compile(rf"{_vn('a')}{_REC}")),
    ("month", re.compile(r"tháng\s+(?P<am>\d{1,2})(?:\s+năm\s+|\s*/\s*)(?P<ay>\d{4})")),
    ("day", re.compile(rf"(?<![\d/.,])(?:ngày\s+)?{_D.format('a')}/{_M.format('a')}(?![\d/]){_REC}")),
]


@dataclass(frozen=True)
class DateExpr:
    start: int
    end: int
    value: str | None  # None: a header date with no day and month (year only)
    form: str  # header | span | day | month
    years: tuple  # the years written, for anniversaries


def _part(m, p: str, year: str | None) -> str | None:
    d, mo = m.group(f"{p}d") if f"{p}d" in m.re.groupindex else None, m.group(f"{p}m")
    y = (m.group(f"{p}y") if f"{p}y" in m.re.groupindex else None) or year
    try:
        if mo is not None and not 1 <= int(mo) <= 12:
            return None
        if d is not None and not 1 <= int(d) <= 31:
            return None
    except ValueError:
        return None
    y = y or "XXXX"
    if mo is None:
        return y
    if d is None:
        return f"{y}-{int(mo):02d}"
    return f"{y}-{int(mo):02d}-{int(d):02d}"


def find(folded: str) -> list[DateExpr]:
    """Every date expression in (folded) text, longest first where they overlap."""
    taken: list[tuple[int, int]] = []
    out: list[DateExpr] = []
    for form, pat in PATTERNS:
        for m in pat.finditer(folded):
            s, e = m.span()
            if any(s < te and ts < e for ts, te in taken):
                continue
            if form == "header":
                if m.group("ad") and m.group("am"):
                    continue  # a full date: the "day" patterns take it
                value = None if not m.group("am") else _part(m, "a", None)
            elif form == "span":
                yb = m.group("by")
                a, b = _part(m, "a", yb), _part(m, "b", None)
                if not a or not b:
                    continue
                value = f"{a}/{b}"
            else:
                value = _part(m, "a", None)
                if not value:
                    continue
            years = tuple(g for k, g in m.groupdict().items() if k.endswith("y") and g)
            taken.append((s, e))
            out.append(DateExpr(s, e, value, form, years))
    return sorted(out, key=lambda x: x.start)


@lru_cache(maxsize=None)
def _cues(key: str) -> re.Pattern:
    words = [c["cue"] for c in load_yaml("dates.yaml")[key]]
    return re.compile(rf"(?<!\w)(?:{alternation(words)})(?!\w)")


def classify(expr: DateExpr, folded: str, part: str, in_citation: bool) -> list[tuple[str, str]]:
    """(value, kind) pairs for one expression; an anniversary bracket gives two events."""
    if expr.value is None:
        return []
    if in_citation:
        return [(expr.value, "citation")]
    before = folded[max(0, expr.start - 60):expr.start]
    near = folded[max(0, expr.start - 14):expr.start]
    if part == "header" or (part in ("title",) and expr.form == "header"):
        return [(expr.value, "issue")]
    if expr.form == "span":
        a, b = expr.value.split("/")
        if a[:4] != b[:4] and a[5:] == b[5:] and "XXXX" not in expr.value:
            return [(a, "event"), (b, "event")]  # 08/3/1910 - 08/3/2023
        return [(expr.value, "period")]
    if _cues("deadline_cues").search(near) or expr.form == "month":
        return [(expr.value, "deadline")]
    if expr.value.startswith("XXXX") and _cues("event_cues").search(before[-45:]):
        return [(expr.value, "event")]
    if expr.value.startswith("XXXX") and "ngày" in before[-40:]:
        return [(expr.value, "event")]
    return [(expr.value, "other")]


def extract(ctx, citation_spans: list[tuple[int, int]]) -> list[DateFact]:
    out: list[DateFact] = []
    text, folded = ctx.text, ctx.folded
    for expr in find(folded):
        part = ctx.structure.part_at(expr.start)
        if part in ("recipients", "signature"):
            continue
        inside = any(s <= expr.start < e for s, e in citation_spans)
        # a bare d/m with no cue at all is too weak: "2/3 số hộ", "1/2 thời gian"
        if expr.form == "day" and "/" in text[expr.start:expr.end] and not re.search(r"\d{4}", text[expr.start:expr.end]):
            ctx_before = folded[max(0, expr.start - 45):expr.start]
            if not (folded[expr.start:expr.start + 4] == "ngày" or "(" in folded[expr.start - 1:expr.start]
                    or _cues("event_cues").search(ctx_before) or "ngày" in ctx_before[-12:]):
                continue
        page, section = ctx.where(expr.start)
        for value, kind in classify(expr, folded, part, inside):
            out.append(DateFact(expr.start, expr.end, page, section, text[expr.start:expr.end], value, kind))
    return out
