"""Targets, the tables with one column per year: one target per year cell.

``_table_row`` reads a row of a table whose cells are kept (``| … |`` or ``a | b``): a header row
sets the year of each column, the baseline columns (``Thực hiện năm 2020``), the unit and label
columns; a value row gives one target per year cell, its comparator from the cell's sign or the
label's bracket.  ``_flat_row`` reads a row of a table whose cells a PDF text layer ran together
(``1 Tỷ lệ xã, phường, thị % 52 60 70 80 90 100 trấn có cán bộ …``) under a run of years.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from extractors.rules.lexicon import fold
from extractors.target_cues import NUM, _YEAR, _data, _label_bounds, _label_comparator, _w
from extractors.target_clause import _clean_phrase, _unit_class, number
from extractors.target_records import _domain, _make


# ------------------------------------------------------------------------------------ tables

def _cells(text: str, a: int, b: int) -> list[tuple[int, int]]:
    """(start, end) of each cell of a row, stripped: ``| a | b |`` (outer bars) or ``a | b``
    (cells between bars; a leading bar is an empty first cell)."""
    out = []
    bars = [i for i in range(a, b) if text[i] == "|"]
    row = text[a:b].strip()
    if not (row.startswith("|") and row.endswith("|") and len(bars) >= 2):
        bars = [a - 1] + bars + [b]
    for x, y in zip(bars, bars[1:]):
        s, e = x + 1, y
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        out.append((s, e))
    return out


@lru_cache(maxsize=1)
def _cell_rx() -> tuple[re.Pattern, re.Pattern, dict[str, str], re.Pattern, re.Pattern]:
    """(a value cell "≤ 1,7", a year header "Năm 2025", sign → comparator, a header cell word,
    a label column's header word), from ``cell_comparators``, ``year_words``, ``table_header_cells``
    and ``table_label_headers``."""
    signs = {c["cue"]: c["comparator"] for c in _data()["cell_comparators"]}
    sign_alt = "|".join(re.escape(x) for x in sorted(signs, key=len, reverse=True))
    value = re.compile(rf"^(?P<cmp>{sign_alt})?\s*(?P<num>{NUM})\s*(?P<unit>%|‰)?$")
    year = re.compile(rf"^(?:(?:{_w('year_words')})\s+)?(?P<y>{_YEAR})$")
    header = re.compile(rf"(?<!\w)(?:{_w('table_header_cells')})(?!\w)")
    label = re.compile(rf"(?<!\w)(?:{_w('table_label_headers')})(?!\w)")
    return value, year, signs, header, label


@dataclass
class _Table:
    years: dict = field(default_factory=dict)      # column → year
    years_right: dict = field(default_factory=dict)  # columns counted from the right → year
    baseline: set = field(default_factory=set)    # columns that hold figures reached
    unit_col: int | None = None
    label_col: int | None = None


def _table_row(p, ctx, para, tbl: _Table, period_end, out: list, heads=()) -> None:
    text, folded = ctx.text, ctx.folded
    cells = _cells(text, para.start, para.end)
    if not cells:
        return
    fc = [re.sub(r"\s+", " ", folded[s:e]) for s, e in cells]
    cell_value, header_year, signs, header_rx, label_rx = _cell_rx()
    years = {i: header_year.match(c).group("y") for i, c in enumerate(fc) if header_year.match(c)}
    header_like = any(header_rx.search(c) for c in fc) or \
        (years and all(not c or header_year.match(c) or not re.match(r"^[\d,.≥≤<>=\s%‰]+$", c) for c in fc))
    if header_like and not any(cell_value.match(c) and not header_year.match(c) and i not in years
                               for i, c in enumerate(fc) if c):
        if years and all(not c or i in years for i, c in enumerate(fc)) and len(years) < len(fc) + 1 \
                and fc and fc[0] and 0 in years:
            # a row of years only, its merged cells left out ("2021 | 2022 | … | 2025" under a
            # "Kế hoạch …" cell): it sits over the last columns of the data rows
            for i, y in years.items():
                tbl.years_right[len(fc) - i] = y
            return
        for i, c in enumerate(fc):
            if p["tbl_unit"].match(c):
                tbl.unit_col = i
            if label_rx.search(c):
                tbl.label_col = i
            if p["tbl_base"].search(c):
                tbl.baseline.add(i)
                tbl.years.pop(i, None)
            elif i in years:
                tbl.years[i] = years[i]
            else:
                m = re.search(rf"(?:{_w('year_words')})\s+({_YEAR})$", c)
                if m and not re.search(rf"(?<!\w)(?:{_w('table_span_words')})(?!\w)", c):
                    tbl.years[i] = m.group(1)
        return
    if not tbl.years and not tbl.years_right:
        return
    year_of = dict(tbl.years)
    for off, y in tbl.years_right.items():
        if len(cells) - off >= 0:
            year_of[len(cells) - off] = y
    # label: the stated column, else the longest wordy cell
    li = tbl.label_col
    if li is None or li >= len(cells) or not re.search(r"[^\W\d_]{2,}", fc[li]):
        cand = [(len(c), i) for i, c in enumerate(fc) if re.search(r"[^\W\d_]{3,}", c)]
        if not cand:
            return
        li = max(cand)[1]
    ls, le = cells[li]
    label = text[ls:le]
    flabel = fold(label)
    row_cmp = _label_comparator(flabel)
    unit_from_label = None
    for bmm in re.finditer(r"\(([^)]*)\)", flabel):
        inner = bmm.group(1).strip()
        for u in p["units"]:
            if inner == u or inner.startswith(u + " "):
                unit_from_label = text[ls + bmm.start(1):ls + bmm.start(1) + len(u)]
                break
        if unit_from_label:
            break
    col_unit = None
    if tbl.unit_col is not None and tbl.unit_col < len(cells):
        us, ue = cells[tbl.unit_col]
        col_unit = text[us:ue].strip() or None
    indicator = _label_bounds()[0].sub("", label)
    if unit_from_label:
        indicator = re.sub(r"\([^)]*" + re.escape(unit_from_label) + r"[^)]*\)", "", indicator)
    indicator = _clean_phrase(re.sub(r"^(?:Tỷ lệ|tỷ lệ|Số|số)\s+", "", indicator.strip()))
    vals = []
    for i, c in enumerate(fc):
        if i not in year_of or i in tbl.baseline or i >= len(cells):
            continue
        m = cell_value.match(c)
        if not m:
            continue
        vals.append((i, m))
    if not vals:
        return
    surf_end = cells[vals[-1][0]][1]
    page, section = ctx.where(ls)
    titles = [t for _, t, _k in reversed(heads)]
    for i, m in vals:
        unit = m.group("unit") or unit_from_label or col_unit or ""
        if not unit or re.search(r"đồng", fold(unit)):
            continue
        comp = signs.get(m.group("cmp") or "", row_cmp or "=")
        value = number(m.group("num"))
        out.append(_make(ctx, ls, surf_end, page, section, indicator, value, None, unit, comp,
                         year_of[i], _domain(p, indicator, label, titles, indicator_first=True), _unit_class(unit)))


def _year_run(f: str) -> list[str] | None:
    """The column years of a header whose cells ran together: "… 2021 2022 2023 2024 2025 …"."""
    m = re.search(rf"(?<!\d)((?:{_YEAR}\s+){{1,}}{_YEAR})(?!\d)", f)
    if not m:
        return None
    ys = m.group(1).split()
    ints = [int(y) for y in ys]
    if any(b != a + 1 for a, b in zip(ints, ints[1:])):
        return None
    return ys


def _flat_row(p, ctx, para, flat, out, heads) -> bool:
    """``1 Tỷ lệ xã, phường, thị % 52 60 70 80 90 100 trấn có cán bộ …``: an index, the label (its
    words on both sides of the values), the unit, one value per year (after a baseline value)."""
    text, folded = ctx.text, ctx.folded
    f = folded[para.start:para.end]
    m = re.match(r"^\s*(\d{1,2})\s+", f)
    if not m:
        return False
    toks = [(x.start(), x.end(), x.group(0)) for x in re.finditer(r"\S+", f)]
    n = len(flat["years"])
    signs = _cell_rx()[2]
    sign_alt = "|".join(re.escape(x) for x in sorted(signs, key=len, reverse=True))
    num_token = re.compile(rf"^(?:{sign_alt})?{NUM}%?$")
    best = None
    k = 1
    while k < len(toks):
        if num_token.match(toks[k][2]) or toks[k][2] in signs:
            j = k
            vals = []
            while j < len(toks) and (num_token.match(toks[j][2]) or toks[j][2] in signs):
                if toks[j][2] not in signs:
                    vals.append(j)
                j += 1
            if best is None or len(vals) > len(best[2]):
                best = (k, j, vals)
            k = j
        else:
            k += 1
    if not best:
        return False
    k0, k1, vals = best
    if len(vals) == n + 1 and flat["baseline"]:
        vals = vals[1:]
    if len(vals) != n:
        return False
    # the unit: "%"/"‰" or a counted noun right before the values, else the label's "Số <noun>"
    before = f[m.end():toks[k0][0]].strip()
    after = f[toks[k1 - 1][1]:].strip() if k1 - 1 < len(toks) else ""
    unit = None
    split_head = None
    bm = re.search(r"(%|‰)$", before)
    if bm:
        unit, before = bm.group(1), before[:bm.start()].strip()
    else:
        for u in p["units"]:
            if before.endswith(" " + u):
                unit, before = u, before[:-len(u)].strip()
                break
    label_f = (before + " " + after).strip()
    if unit is None:
        sm = re.match(r"^số\s+(.*)$", label_f)
        if sm:
            unit = next((u for u in p["units"] if sm.group(1).startswith(u + " ")), None)
            if unit is None:
                # a unit split by the wrap: "mô … hình" → the noun the label counts
                for u in p["units"]:
                    head = u.split()[0]
                    if sm.group(1).startswith(u) or (before.endswith(" " + head) and u in sm.group(1)):
                        unit = u
                        if before.endswith(" " + head) and head != u:
                            split_head = head
                        break
    if unit is None:
        return False
    if split_head is None and " " in unit and before.endswith(" " + unit.split()[0]):
        split_head = unit.split()[0]  # the first word of a unit the wrap cut: "… phát triển mô 4 6 bền vững"
    # original-case label: same offsets in text and folded
    o = para.start
    lab_before = text[o + m.end():o + m.end() + len(f[m.end():toks[k0][0]].rstrip())]
    lab_before = re.sub(r"\s*(?:%|‰)\s*$", "", lab_before)
    if lab_before and fold(lab_before).endswith(" " + unit):
        lab_before = lab_before[:-len(unit)].rstrip()
    elif split_head and fold(lab_before).endswith(" " + split_head):
        lab_before = lab_before[:-len(split_head)].rstrip()
    lab_after = text[o + toks[k1 - 1][1]:para.end].strip()
    label = _clean_phrase(f"{lab_before} {lab_after}")
    flabel = fold(label)
    row_cmp = _label_comparator(flabel)
    indicator = _label_bounds()[0].sub("", label)
    indicator = _clean_phrase(re.sub(r"^(?:Tỷ lệ|tỷ lệ|Số|số)\s+", "", indicator.strip()))
    page, section = ctx.where(para.start)
    titles = [t for _, t, _k in reversed(heads)]
    unit_text = unit if unit in ("%", "‰") else next((text[o + x.start():o + x.end()] for x in
                                                       re.finditer(re.escape(unit), f)), unit)
    for yi, j in enumerate(vals):
        tok = toks[j][2]
        prev_tok = toks[j - 1][2] if j > 0 else ""
        sm = re.match(rf"(?:{sign_alt})", tok)
        cmp_ = (signs[sm.group(0)] if sm else None) or signs.get(prev_tok) or row_cmp or "="
        num = re.sub(r"%$", "", tok[sm.end():] if sm else tok)
        out.append(_make(ctx, para.start + m.end(), para.end, page, section, indicator, number(num), None,
                         unit_text, cmp_, flat["years"][yi],
                         _domain(p, indicator, label, titles, indicator_first=True), _unit_class(unit)))
    return True
