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

from extractors.rules.lexicon import alternation, load_yaml
from extractors.spans import Claimed

_D = r"(?P<{0}d>\d{{1,2}})"
_M = r"(?P<{0}m>\d{{1,2}})"
_Y = r"(?P<{0}y>\d{{4}})"


def _num(p: str) -> str:
    return rf"{_D.format(p)}\s*/\s*{_M.format(p)}(?:\s*/\s*{_Y.format(p)})?"


def _vn(p: str, loose: bool = False) -> str:
    # a worded day-month needs "ngày" or its year ("Tuần thứ 3 tháng 11/2019" names no day),
    # except as the end of a span: "từ ngày 15 tháng 11 đến 15 tháng 12 hàng năm"
    if loose:
        return rf"(?:ngày\s*)?{_D.format(p)}\s+tháng\s+{_M.format(p)}(?:\s+năm\s+{_Y.format(p)})?"
    return (rf"(?:ngày\s*{_D.format(p)}\s+tháng\s+{_M.format(p)}(?:\s+năm\s+{_Y.format(p)})?"
            rf"|(?<![\w/]){_D.format(p + 'w')}\s+tháng\s+{_M.format(p + 'w')}\s+năm\s+{_Y.format(p + 'w')})")


@lru_cache(maxsize=None)
def _recurring() -> str:
    """``hằng năm`` and its spellings (dates.yaml ``recurring``): a day or month every year."""
    words = [c["cue"] for c in load_yaml("dates.yaml")["recurring"]]
    return rf"(?:{alternation(words)})"  # spaces as \s+


def _rec() -> str:
    return rf"(?P<rec>\s+{_recurring()})?"


_TO = r"\s*(?:đến\s+hết|đến|-|–)\s*(?:ngày\s+)?"
_ROMAN_Q = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "1": 1, "2": 2, "3": 3, "4": 4}
def _build() -> list:
    """The date patterns, in the order they claim text."""
    return [
    ("header", re.compile(r"ngày\s*(?P<ad>\d{1,2})?\s*tháng\s*(?P<am>\d{1,2})?\s*năm\s*(?P<ay>\d{4})")),
    ("span", re.compile(rf"(?:từ\s+)?(?:ngày\s+)?{_vn('a')}{_TO}{_vn('b', loose=True)}{_rec()}")),
    ("span", re.compile(rf"(?:từ\s+)?(?:ngày\s+)?{_num('a')}{_TO}{_num('b')}{_rec()}")),
    # "Tháng 11 - 12/2019", "từ tháng 3 đến tháng 5 năm 2024": a span of months
    ("span", re.compile(r"(?:từ\s+)?tháng\s+(?P<am>\d{1,2})\s*(?:-|–|đến)\s*(?:tháng\s+)?(?P<bm>\d{1,2})(?:\s+năm\s+|\s*/\s*)(?P<by>\d{4})")),
    # "từ tháng 11/2024 đến tháng 02/2025"
    ("span", re.compile(r"(?:từ\s+)?tháng\s+(?P<am>\d{1,2})(?:\s+năm\s+|\s*/\s*)(?P<ay>\d{4})\s*(?:-|–|đến)\s*"
                        r"tháng\s+(?P<bm>\d{1,2})(?:\s+năm\s+|\s*/\s*)(?P<by>\d{4})")),
    # "Quý II/2025", "quý IV năm 2023": the quarter's months
    ("quarter", re.compile(r"q(?:uý|úy)\s+(?P<q>iv|i{1,3}|[1-4])\s*(?:/|năm|-)\s*(?P<ay>\d{4})")),
    # "Quý I và Quý II năm 2024": a quarter takes its year from the next one of the list
    ("quarter", re.compile(r"q(?:uý|úy)\s+(?P<q>iv|i{1,3}|[1-4])(?=(?:\s*(?:,|và)\s*q(?:uý|úy)\s+(?:iv|i{1,3}|[1-4]))*"
                           r"\s*(?:,|và)\s*q(?:uý|úy)\s+(?:iv|i{1,3}|[1-4])\s*(?:/|năm|-)\s*(?P<ay>\d{4}))")),
    ("day", re.compile(rf"(?:ngày\s+)?{_D.format('a')}\s*/\s*{_M.format('a')}\s*/\s*{_Y.format('a')}")),
    ("day", re.compile(rf"(?:{_vn('a')}){_rec()}")),
    ("month", re.compile(r"tháng\s+(?P<am>\d{1,2})(?:\s+năm\s+|\s*/\s*)(?P<ay>\d{4})")),
    # "tháng 11 hằng năm": a month every year
    ("month", re.compile(rf"tháng\s+(?P<am>\d{{1,2}})(?P<rec>\s+{_recurring()})")),
    ("day", re.compile(rf"(?<![\d/.,])(?:ng[aà]y\s+)?{_D.format('a')}/{_M.format('a')}(?![\d/]){_rec()}")),
    ]


def _with_lead(pat: re.Pattern) -> re.Pattern:
    """``pat`` behind a look-ahead for the letters its match can start with, when it opens with
    an optional ``từ``/``ngày`` or a day number: the same matches, but the regex engine skips
    the other positions of the text fast instead of trying the pattern at each (twice as fast)."""
    leads = {r"(?:từ\s+)?(?:ngày\s+)?": r"từ\s|ngày|\d", r"(?:từ\s+)?tháng": r"từ\s|tháng",
             r"(?:ngày\s+)?": r"ngày|\d", r"(?:(?:ngày\s*": r"ngày|\d", r"(?<![\d/.,])(?:ng[aà]y\s+)?": r"ng[aà]y|\d"}
    for prefix, lead in leads.items():
        if pat.pattern.startswith(prefix):
            return re.compile(rf"(?=[tn\d])(?={lead})" + pat.pattern, pat.flags)
    return pat


@lru_cache(maxsize=1)
def patterns() -> list:
    """(form, compiled pattern, windowed) in the order they claim text; built once, at first use.
    ``windowed``: the pattern has no literal to search for (it may open with a day number), so it
    is run only on the stretches of text around digits (see :func:`_windows`)."""
    out = []
    for form, pat in _build():
        led = _with_lead(pat)
        out.append((form, led, led is not pat))
    return out


# Every date has a digit and reaches at most a few words from it: a match opens within _REACH
# characters before its first digit and ends within _REACH after its last one, and no date holds a
# stretch of 2 × _REACH characters without a digit.  The patterns without a literal prefix are run on
# these stretches only (the same matches: a window ends _REACH past its last digit, so what a
# match's look-ahead reads is inside it); the regex engine would otherwise try them at every letter.
_REACH = 60
_CLUSTERS = re.compile(r"\d(?:\D{0,%d}\d)*" % (2 * _REACH))


def _windows(folded: str) -> list[tuple[int, int]]:
    n = len(folded)
    return [(max(0, m.start() - _REACH), min(n, m.end() + _REACH)) for m in _CLUSTERS.finditer(folded)]


@dataclass(frozen=True)
class DateExpr:
    start: int
    end: int
    value: str | None  # None: a header date with no day and month (year only)
    form: str  # header | span | day | month
    years: tuple  # the years written, for anniversaries


def _part(m, p: str, year: str | None) -> str | None:
    if f"{p}wm" in m.re.groupindex and m.group(f"{p}wm"):
        p = p + "w"  # the worded form written with its year and without "ngày"
    d = m.group(f"{p}d") if f"{p}d" in m.re.groupindex else None
    mo = m.group(f"{p}m")
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
    taken = Claimed()
    out: list[DateExpr] = []
    windows = None
    for form, pat, windowed in patterns():
        if windowed and windows is None:
            windows = _windows(folded)
        found = (m for lo, hi in windows for m in pat.finditer(folded, lo, hi)) if windowed else pat.finditer(folded)
        for m in found:
            s, e = m.span()
            if taken.overlaps(s, e):
                continue
            if form == "header":
                if m.group("ad") and m.group("am"):
                    continue  # a full date: the "day" patterns take it
                value = None if not m.group("am") else _part(m, "a", None)
            elif form == "span":
                yb = m.group("by") or (m.group("bwy") if "bwy" in m.re.groupindex else None)
                a, b = _part(m, "a", yb), _part(m, "b", None)
                if not a or not b or b < a.replace("XXXX", b[:4]):
                    continue
                value = f"{a}/{b}"
            elif form == "quarter":
                q = _ROMAN_Q[m.group("q")]
                y = m.group("ay")
                value = f"{y}-{3 * q - 2:02d}/{y}-{3 * q:02d}"
            else:
                value = _part(m, "a", None)
                if not value:
                    continue
            if form == "month" and "rec" in m.re.groupindex and m.group("rec") and not value:
                continue
            years = tuple(g for k, g in m.groupdict().items() if k.endswith("y") and g)
            taken.add(s, e)
            out.append(DateExpr(s, e, value, form, years))
    return sorted(out, key=lambda x: x.start)


@lru_cache(maxsize=None)
def _cues(key: str) -> re.Pattern:
    words = [c["cue"] for c in load_yaml("dates.yaml")[key]]
    return re.compile(rf"(?<!\w)(?:{alternation(words)})(?!\w)")


@lru_cache(maxsize=None)
def _words(key: str, field: str) -> re.Pattern:
    words = [c[field] for c in load_yaml("dates.yaml")[key]]
    return re.compile(rf"(?<!\w)(?:{alternation(words)})(?!\w)")


@lru_cache(maxsize=1)
def _clock() -> re.Pattern:
    """A time of day right before a date (dates.yaml ``clock_times``, anchored at the clause end)."""
    pats = [c["pattern"] for c in load_yaml("dates.yaml")["clock_times"]]
    return re.compile(rf"(?:{'|'.join(pats)})[\s,]*$")


def _clause_before(folded: str, start: int, limit: int = 160) -> str:
    """The text of the clause before ``start`` (back to a sentence or clause boundary)."""
    lo = max(0, start - limit)
    window = folded[lo:start]
    cut = max(window.rfind(". "), window.rfind(";"), window.rfind("\n"), window.rfind("|"))
    return window[cut + 1:] if cut >= 0 else window


def classify(expr: DateExpr, folded: str, part: str, in_citation: bool, own: bool = False) -> list[tuple[str, str]]:
    """(value, kind) pairs for one expression; an anniversary bracket gives two events."""
    if expr.value is None:
        return []
    if own:
        return [(expr.value, "issue")]  # "(Ban hành kèm theo Quyết định số … ngày …)": the plan's own date
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
    clause = _clause_before(folded, expr.start)
    weak = {c["cue"] for c in load_yaml("dates.yaml")["weak_deadline"]}
    strong = any(m.group(0) not in weak for m in _cues("deadline_cues").finditer(near))
    # a ceremony or an election on a day: "Lễ phát động … tổ chức vào lúc 07 giờ, ngày 14/11/2019"
    if expr.form == "day" and not strong and _words("ceremonies", "cue").search(clause):
        return [(expr.value, "event")]
    # a day given with its hour is a gathering's day: "Thời gian: 07 giờ 30 phút, ngày 17/11/2023"
    # (a deadline's hour has its cue: "trước 17 giờ ngày 15/12/2025")
    if expr.form == "day" and _clock().search(clause) and not any(
            m.group(0) not in weak for m in _cues("deadline_cues").finditer(clause)):
        return [(expr.value, "event")]
    if expr.form == "quarter":
        return [(expr.value, "deadline")]
    # "Từ tháng 3/2025, chức năng … được chuyển": the start of a change, not a task's time
    if expr.form == "month" and re.search(r"(?<!\w)từ\s*$", near) and not _cues("deadline_cues").search(near):
        return [(expr.value, "other")]
    # "… đã được bàn giao trong tháng 3/2025": what was done by then is no task's time
    if expr.form in ("month", "day") and not strong and _words("past_markers", "cue").search(clause):
        return [(expr.value, "other")]
    if _cues("deadline_cues").search(near) or expr.form == "month":
        return [(expr.value, "deadline")]
    here = before[-45:] + folded[expr.start:expr.end]
    if expr.value.startswith("XXXX") and _cues("event_cues").search(here):
        return [(expr.value, "event")]
    if expr.value.startswith("XXXX") and "ngày" in before[-40:]:
        return [(expr.value, "event")]
    return [(expr.value, "other")]


def extract(ctx, citation_spans: list[tuple[int, int]]) -> list[DateFact]:
    out: list[DateFact] = []
    text, folded = ctx.text, ctx.folded
    own_refs = ctx.facts.get("own_refs", [])
    prev = None  # (end, kinds) of the previous expression, for "trước ngày 10/6 và 10/12 hằng năm"
    for expr in find(folded):
        part = ctx.structure.part_at(expr.start)
        if part in ("recipients", "signature"):
            continue
        inside = any(s <= expr.start < e for s, e in citation_spans)
        own = any(s <= expr.start < e for s, e in own_refs)
        joined = prev is not None and re.fullmatch(r"\s*(?:,|và|,\s*và|hoặc)\s*", folded[prev[0]:expr.start]) is not None
        # a bare d/m with no cue at all is too weak: "2/3 số hộ", "1/2 thời gian"
        if expr.form == "day" and "/" in text[expr.start:expr.end] and not re.search(r"\d{4}", text[expr.start:expr.end]):
            ctx_before = folded[max(0, expr.start - 45):expr.start]
            recurring = re.search(rf"{_recurring()}$", folded[expr.start:expr.end])
            if not (folded[expr.start:expr.start + 4] in ("ngày", "ngay") or "(" in folded[expr.start - 1:expr.start]
                    or _cues("event_cues").search(ctx_before) or re.search(r"ng[aà]y", ctx_before[-12:])
                    or (joined and prev[2]) or recurring):
                continue
        page, section = ctx.where(expr.start)
        kinds = classify(expr, folded, part, inside, own)
        if joined and kinds and kinds[0][1] in ("other", "event") and prev[1] in ("deadline", "event") and len(kinds) == 1:
            kinds = [(kinds[0][0], prev[1])]  # "trước ngày 10/6 và 10/12 hằng năm": the list shares its cue
        for value, kind in kinds:
            out.append(DateFact(expr.start, expr.end, page, section, text[expr.start:expr.end], value, kind))
        prev = (expr.end, kinds[0][1] if kinds else None, expr.form == "day")
    # a table cell that repeats a date the text already named ("Ngày 14/11/2019" for the launch)
    # is that date again, not a new one
    known = {}
    for f in out:
        if f.kind not in ("other",):
            known.setdefault(f.value, f.kind)
    for i, f in enumerate(out):
        para = ctx.structure.paras[ctx.structure.para_index(f.char_start)]
        if f.kind == "other" and f.value in known and "|" in para.text:
            from dataclasses import replace

            out[i] = replace(f, kind=known[f.value])
    return out
