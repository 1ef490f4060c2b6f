"""Targets, the grammar of one clause: numbers, values with their unit, deadlines, comparators.

:func:`number` reads a Vietnamese numeral; ``_find_hits`` finds each value and its unit (a
:class:`Hit`); the deadline patterns read ``vào năm 2025``, ``trước ngày 30/6/2026``, ``Quý
III/2018``; ``_comparator`` / ``_clause_comparator`` give the bound a value's own cue or its clause
states; ``_is_baseline`` tells a figure already reached; ``_linked`` tells values that share one
indicator; ``_indicator_before`` / ``_indicator_after`` cut the phrase a value measures.  Clause and
sentence bounds (``_clauses``, ``_sentence_bounds``) are here too.  The words come from
:mod:`extractors.target_cues`.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from extractors.rules.lexicon import fold
from extractors.target_cues import NUM, _QUY, _ROMAN_Q, _YEAR, _cues, _data, _rx, _unit_grammar, _w


# ------------------------------------------------------------------------------------ numbers

def number(raw: str) -> float:
    """Vietnamese numerals, never raising: ``1,5`` → 1.5, ``100.000`` → 100000, ``03`` → 3,
    ``1.000.000`` and ``1,000,000`` → 1000000."""
    s = re.sub(r"[^\d.,]", "", str(raw or ""))
    if not s or not re.search(r"\d", s):
        return 0.0
    try:
        if "." in s and "," in s:  # the later separator is the decimal mark
            dec = "." if s.rfind(".") > s.rfind(",") else ","
            thou = "," if dec == "." else "."
            return float(s.replace(thou, "").replace(dec, "."))
        for sep in (".", ","):
            if sep in s:
                parts = s.split(sep)
                if len(parts) > 2 or (sep == "." and all(len(p) == 3 for p in parts[1:]) and parts[0]):
                    if all(len(p) == 3 for p in parts[1:]):
                        return float("".join(parts))
                    return float(parts[0] + "." + "".join(parts[1:]))
                return float(parts[0] + "." + parts[1]) if parts[0] else float("0." + parts[1])
        return float(s)
    except ValueError:
        m = re.match(r"\d+", s)
        return float(m.group(0)) if m else 0.0


# ------------------------------------------------------------------------------------ values, deadlines, phrases

@dataclass
class Hit:
    start: int          # number start
    num_end: int
    end: int            # unit end
    value: float
    value_max: float | None
    unit: str
    unit_class: str
    counted: bool       # a counted noun (not %, ‰, rate)
    deadline: str | None = None
    linked: bool = False
    clone_deadline: str | None = None  # "… và duy trì đến năm X": a second target
    extra: dict = field(default_factory=dict)


def _unit_class(unit: str) -> str:
    # README's four classes: a rate ("/100.000 trẻ đẻ sống") or a ratio counts its noun
    return {"%": "percent", "‰": "permille", "lần": "times"}.get(unit, "count")


def _date_rx(anchored: bool) -> re.Pattern:
    """A deadline: ``[vào|đến|trong|trước] [cuối|hết] năm 2025`` / ``ngày 30/6/2026`` / ``Quý
    III/2018`` (the link and end words: ``deadline_links``, ``deadline_ends``; ``năm``: ``year_words``).
    Anchored: right after a value, past a bracket, a unit qualifier or an after-cue; else anywhere
    after a link word."""
    yw = _w("year_words")
    no_span = "" if anchored else r"(?!\s*[-–]\s*\d)"  # "năm 2022 - 2025" is a span, no deadline
    when = (rf"(?:{yw})\s+(?P<y>{_YEAR}){no_span}"
            rf"|ngày\s+(?P<d>\d{{1,2}})[/.-](?P<m>\d{{1,2}})[/.-](?P<dy>{_YEAR})"
            rf"|{_QUY}\s+(?P<q>iv|iii|ii|i|[1-4])\s*(?:/|{yw})\s*(?P<qy>{_YEAR})")
    links, ends = _w("deadline_links"), _w("deadline_ends")
    if anchored:
        after = _rx([fold(c["cue"]) for c in _data()["after"]] + _cues("unit_qualifiers"))
        return re.compile(rf"^[\s,]*(?:\([^)]*\)\s*)?(?:(?:{after})\s*)?(?:(?:{links})\s+)?(?:(?:{ends})\s+)?(?:{when})")
    return re.compile(rf"(?<!\w)(?:(?:{links})\s+(?:(?:{ends})\s+)?)(?:{when})")


@lru_cache(maxsize=1)
def _dl_after() -> re.Pattern:
    return _date_rx(True)


@lru_cache(maxsize=1)
def _dl_any() -> re.Pattern:
    return _date_rx(False)


@lru_cache(maxsize=1)
def _paren_year() -> re.Pattern:
    """``(năm 2030)`` right after a value."""
    return re.compile(rf"\s*\(\s*(?:{_w('year_words')})\s+({_YEAR})\s*\)")


@lru_cache(maxsize=1)
def _time_cell() -> re.Pattern:
    """A table cell that is a time alone: ``Quý II/2016``, ``Năm 2016``, ``2016``."""
    yw = _w("year_words")
    return re.compile(rf"\s*(?:(?:(?:{yw})\s+)?(?P<y>{_YEAR})|{_QUY}\s+(?P<q>iv|iii|ii|i|[1-4])\s*(?:/|{yw})\s*(?P<qy>{_YEAR}))\s*$")


def _row_time(folded: str, a: int, b: int) -> str | None:
    """The deadline a table row's time column states (its last cell that is a time alone)."""
    out = None
    for cell in folded[a:b].split("|"):
        m = _time_cell().match(cell)
        if m and cell.strip():
            out = m.group("y") or _deadline_of_q(m)
    return out


def _deadline_of_q(m: re.Match) -> str:
    a, b = _ROMAN_Q[m.group("q")]
    y = m.group("qy")
    return f"{y}-{a:02d}/{y}-{b:02d}"


def _deadline_of(m: re.Match) -> str:
    if m.group("y"):
        return m.group("y")
    if m.group("dy"):
        return f"{m.group('dy')}-{int(m.group('m')):02d}-{int(m.group('d')):02d}"
    a, b = _ROMAN_Q[m.group("q")]
    y = m.group("qy")
    return f"{y}-{a:02d}/{y}-{b:02d}"


def _has(words: list[str], s: str) -> str | None:
    for w in words:
        if re.search(rf"(?<!\w){re.escape(w)}(?!\w)", s):
            return w
    return None


def _mask(s: str, words: list[str]) -> str:
    for w in words:
        s = re.sub(rf"(?<!\w){re.escape(w)}(?!\w)", lambda m: " " * len(m.group(0)), s)
    return s


@lru_cache(maxsize=1)
def _glue() -> re.Pattern:
    """Words that carry no content of their own when deciding whether two values are linked."""
    return re.compile(rf"(?<!\w)(?:{_cue_alt()}|{_qualifiers()}|và|hoặc|là|/năm)(?!\w)")


@lru_cache(maxsize=1)
def _qualifiers() -> str:
    return _rx(_cues("unit_qualifiers"))

@lru_cache(maxsize=1)
def _lead_strip() -> re.Pattern:
    """Numbering and a label word (``Chỉ tiêu 1:``, ``label_leads``) at the head of an item."""
    return re.compile(rf"^(?:\s*(?:[-+•*]|[a-zđ]\)|\d+(?:\.\d+)*\.?|[ivx]+\.)\s+)?\s*"
                      rf"(?:(?:{_w('label_leads')})\s*\d*\s*[:.]?\s*)?", re.I)


@lru_cache(maxsize=1)
def _grammar() -> str:
    """Grammar words around a value that are no part of what it measures (``grammar_words``), and
    deadline phrases (the comparator cues, frequency words and change markers join them in ``_cue_alt``)."""
    links, ends, yw = _w("deadline_links"), _w("deadline_ends"), _w("year_words")
    return (rf"{_w('grammar_words')}|(?:{links})\s+(?:(?:{ends})\s+)?(?:{yw})\s+{_YEAR}|(?:{yw})\s+{_YEAR}")


@lru_cache(maxsize=1)
def _cue_alt() -> str:
    d = _data()
    words = [fold(c["cue"]) for k in ("adjacent", "after", "clause", "frequency", "change_markers")
             for c in d.get(k) or [] if not c["cue"].startswith("/")]
    return _rx(words) + "|" + _grammar()


def _clean_phrase(s: str) -> str:
    s = re.sub(r"\s+", " ", s).strip(" ,;:-–.")
    s = re.sub(r"^(?:và|hoặc|,)\s+", "", s)
    s = re.sub(r"\s+(?:và|hoặc)$", "", s)
    return s.strip(" ,;:-–.")


def _lower_first(s: str) -> str:
    if s[:1].isupper() and not s[1:2].isupper():
        return s[0].lower() + s[1:]
    return s


def _strip_edges(text: str, folded: str, head: bool = True) -> str:
    """Cue words, deadline phrases and glue dropped from both ends of a phrase (not inside it)."""
    alt = _cue_alt()
    edge = re.compile(rf"^[\s,]*(?:{alt}|và|hoặc|thì|là)(?!\w)[\s,]*")
    tail = re.compile(rf"[\s,]*(?<!\w)(?:{alt}|và|hoặc|là)[\s,]*$")
    a, b = 0, len(folded)
    while True:
        m = edge.match(folded, a, b) if head else None
        if m and m.end() > a:
            a = m.end()
            continue
        m = tail.search(folded, a, b)
        if m and m.start() < b:
            b = m.start()
            continue
        break
    return text[a:b]


def _indicator_before(text: str, folded: str, a: int, b: int) -> str:
    """The noun phrase before a value: numbering, lead words, figures in brackets or replaced
    ("từ 40,7% (năm 2020) lên") and the cue words at its ends dropped."""
    seg = text[a:b]
    fseg = folded[a:b]
    m = _lead_strip().match(fseg)
    off = m.end() if m else 0
    im = None
    for im in re.finditer(r"(?:^|\s)[a-zđ]\)\s+", fseg[:80]):
        pass
    if im and im.end() > off:
        off = im.end()
    seg, fseg = seg[off:], fseg[off:]
    blank = lambda mm: " " * len(mm.group(0))  # noqa: E731 - keeps offsets
    # a share, or a count after "từ", is a figure replaced ("từ 35 vụ (năm 2023) xuống …")
    for rx in (r"\([^)]*\)", rf"(?<!\w)(?:từ\s+)?{NUM}\s*(?:%|‰)", rf"(?<!\w)từ\s+{NUM}\s*(?:{_unit_grammar()[0]})"):
        for mm in list(re.finditer(rx, fseg)):
            seg = seg[:mm.start()] + blank(mm) + seg[mm.end():]
        fseg = re.sub(rx, blank, fseg)
    s = _clean_phrase(_strip_edges(seg, fseg).rstrip(" ("))
    rest = re.sub(r"^(?:tỷ lệ|Tỷ lệ|TỶ LỆ)\s+", "", s)
    return rest if len(rest.split()) >= 3 else s


def _indicator_after(text: str, a: int, b: int) -> str:
    s = re.sub(r"\([^)]*\)", " ", text[a:b])
    s = re.sub(r"^\s*\)|^\s*/\s*năm\b", "", s)  # the bracket a count closes: "(02 lớp)"
    lead = _dl_after().match(fold(s))
    if lead:
        s = s[lead.end():]
    s = _after_cut().split(s)[0]
    after_cues = _rx(fold(c["cue"]) for c in _data()["after"])
    s = re.sub(rf"^[\s,]*(?:{after_cues})(?!\w)", "", s, flags=re.I)
    # cue and grammar words left at its end ("lễ mít tinh cấp thị xã với khoảng" / "300 đại biểu")
    fs = fold(s)
    m = _after_tail().search(fs)
    while m and m.start() < len(fs):
        s, fs = s[:m.start()], fs[:m.start()]
        m = _after_tail().search(fs)
    return _clean_phrase(s)


@lru_cache(maxsize=1)
def _after_tail() -> re.Pattern:
    """Comparator cues and grammar words at the end of the phrase after a value (they belong to the
    next value); frequency words stay ("tin, bài về bình đẳng giới mỗi tháng")."""
    d = _data()
    words = [fold(c["cue"]) for k in ("adjacent", "after", "clause") for c in d[k]] + _cues("grammar_words")
    return re.compile(rf"[\s,]*(?<!\w)(?:{_rx(words)}|và|hoặc|là)[\s,]*$")


@lru_cache(maxsize=1)
def _after_cut() -> re.Pattern:
    """Where the phrase after a value ends: a deadline (``vào năm``, ``trong Quý``, ``trước ngày``)
    or a share of it (``, trong đó``)."""
    links, ends, yw = _w("deadline_links"), _w("deadline_ends"), _w("year_words")
    return re.compile(rf"\s(?:{links})\s+(?:(?:{ends})\s+)?(?:{yw}|ngày|quý|qúy|tháng)\s|,?\s+trong đó\s", re.I)


# ------------------------------------------------------------------------------------ clauses

_CLAUSE_BREAK = re.compile(r";|:\s|:$|\.\s|\.$|\|")


def _clauses(folded: str, a: int, b: int) -> list[tuple[int, int]]:
    out, s = [], a
    for m in _CLAUSE_BREAK.finditer(folded, a, b):
        # "1.", "2.1." numbering and decimals are no sentence end
        if m.group(0).startswith(".") and re.search(r"(?:^|\s)[\dA-Za-z]{1,3}(?:\.\d+)*$", folded[s:m.start()]):
            if re.fullmatch(r"\s*[\divxa-z]{1,3}(?:\.\d+)*", folded[s:m.start()]):
                continue
        out.append((s, m.start()))
        s = m.end()
    out.append((s, b))
    return [(x, y) for x, y in out if y > x]


_NUMBERING_END = re.compile(r"\s[\divx]{1,3}(?:\.\d+)*$")
_NUMBERING_TAIL = 200  # characters before a stop where a numbering that ends at it is looked for


def _sentence_bounds(folded: str, a: int, b: int, pos: int) -> tuple[int, int]:
    s = a
    for m in re.finditer(r"[.!?](?:\s|$)", folded[a:pos]):
        # whether a numbering ("1.", "2.1.") ends before the stop: only the text just before it
        # is looked at, so that a long paragraph of many stops stays linear
        end = a + m.start()
        lo = max(a, end - _NUMBERING_TAIL)
        if not _NUMBERING_END.search((" " if lo == a else "") + folded[lo:end]):
            s = a + m.end()
    m = re.search(r"[.!?](?:\s|$)", folded[pos:b])
    return s, (pos + m.start() if m else b)


def _in_parens(folded: str, a: int, pos: int) -> bool:
    seg = folded[a:pos]
    return seg.count("(") > seg.count(")")


def _comparator(p, folded: str, cs: int, h: Hit, prev_end: int) -> tuple[str | None, bool]:
    """(comparator from the value's own words or None, whether the clause names a change by an amount)."""
    before = h.extra.get("pre", "") + folded[max(cs, prev_end):h.start]
    near = before[-26:]
    m = p["adj_rx"].search(near)
    if m and p["adjacent"].get(m.group(1)):
        return p["adjacent"][m.group(1)], False
    after = folded[h.end:h.end + 14].lstrip()
    for cue, comp in p["after"]:
        if after.startswith(cue):
            return comp, False
    return None, False


def _clause_comparator(p, folded: str, cs: int, h: Hit, ce: int) -> tuple[str | None, bool]:
    masked = _mask(folded[cs:h.start], p["not_cues"])
    best = None
    for cue, comp in p["clause"]:
        for m in re.finditer(rf"(?<!\w){re.escape(cue)}(?!\w)", masked):
            if best is None or m.start() > best[0]:
                best = (m.start(), cue, comp)
    if not best:
        return None, False
    _, cue, comp = best
    if cue in p["change_verbs"]:
        # a change by an amount: the value follows the verb (not a level after "còn/xuống/lên");
        # told by a change marker, or by a share of a count ("số vụ … giảm 10%")
        tail = folded[cs:ce]
        if _has(p["change"], tail) or "/năm" in folded[h.end:h.end + 8]:
            return None, True
        if h.unit in ("%", "‰") and re.search(r"(?:^|[\s,:;])số\s+\w+", masked) and \
                re.search(rf"(?<!\w){cue}\s*$", masked):
            return None, True
    return comp, False


def _find_hits(p, text: str, folded: str, a: int, b: int) -> list[Hit]:
    hits = []
    for m in p["q"].finditer(folded, a, b):
        unit_f = re.sub(r"\s+", " ", m.group("unit"))
        raw_unit = text[m.start("unit"):m.end("unit")]
        if m.group("den"):
            unit = "/" + re.sub(r"\s+", " ", raw_unit.lstrip("/").strip())
        elif unit_f in ("%", "‰"):
            unit = unit_f
        else:
            unit = re.sub(r"\s+", " ", raw_unit)
        counted = unit not in ("%", "‰") and not unit.startswith("/") and not re.search(r"/\s*\d", unit)
        # a year or a numbering is no value ("năm 2025 10 lớp" does not happen; "2025 người" might)
        num = m.group("num")
        if counted and re.fullmatch(_YEAR, num):
            continue
        value = number(num)
        mx = m.group("max") or m.group("max2")
        vmax = number(mx) if mx else None
        if vmax is not None and vmax <= value:
            vmax = None
        hits.append(Hit(start=m.start("num"), num_end=m.end("num"), end=m.end("unit"), value=value,
                        value_max=vmax, unit=unit, unit_class=_unit_class(unit), counted=counted))
    return hits


@lru_cache(maxsize=1)
def _year_reached() -> re.Pattern:
    """``năm 2020 đạt …``, ``năm 2020 mới đạt khoảng …``, ``năm 2011 là …`` right before a value: a
    year (no deadline link before it), ``reached_adverbs``, ``reached_verbs``, then an
    approximation or bound cue of ``adjacent``."""
    links = [fold(c["cue"]) for k in ("deadline_links", "deadline_ends") for c in _data()[k]]
    not_after = "".join(rf"(?<!{re.escape(w)} )" for w in links)
    approx = _rx(fold(c["cue"]) for c in _data()["adjacent"] if " " not in c["cue"])
    return re.compile(rf"{not_after}(?:{_w('year_words')})\s+{_YEAR}\s*,?\s*(?:(?:{_w('reached_adverbs')})\s+)?"
                      rf"(?:{_w('reached_verbs')})\s*(?:(?:{approx})\s+)?$")


def _is_baseline(p, folded: str, a: int, h: Hit, ce: int) -> bool:
    before = folded[max(a, h.start - 40):h.start]
    if p["baseline"].search(before):
        return True
    # "năm 2020 đạt 32,7%": a year then a verb of state, not after a deadline's link word
    if _year_reached().search(before):
        return True
    after = folded[h.end:ce]
    # "từ 40,7% (năm 2020) lên 50%": the value after "từ" that a later "lên/xuống" replaces (the
    # value after it, "lên 50% (năm 2030)", is the target and its year)
    repl = _w("replace_markers")
    if re.match(rf"\s*\(\s*(?:{_w('year_words')})\s+{_YEAR}\s*\)\s*(?:{repl})(?!\w)", after):
        return True
    if re.search(r"(?<!\w)từ\s*$", before) and \
            re.match(rf"\s*(?:\([^)]*\)\s*)?(?:(?:(?:{_w('deadline_links')})\s+)?(?:{_w('year_words')})\s+{_YEAR}\s*)?(?:{repl})(?!\w)", after):
        return True
    return False


def _linked(p, folded: str, prev: Hit, h: Hit) -> bool:
    gap = folded[prev.end:h.start]
    gap = re.sub(r"\([^)]*\)", " ", gap)
    gap = _glue().sub(" ", gap)
    gap = re.sub(r"[\s,]+", " ", gap).strip()
    return gap == ""
