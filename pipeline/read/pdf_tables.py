"""Ruled tables in a PDF's text layer: the runs inside a table's cells written as one
``table_row`` line a row (``a | b | c``), merged cells written as the DOCX reader does.

``rules(page)`` finds the page's ruling lines (thin filled or stroked paths); ``tables(page,
runs, grid)`` takes the runs that sit in the cells they draw out of the page's runs and makes
their rows (each cell's lines joined, a wrapped ``%`` or ``)`` kept to its number).
"""
from __future__ import annotations

import ctypes
import math
from collections import Counter

from pipeline.read.pdf_lines import Run, group_rows, make_line

_CLOSING = set("%),.;:")


def rules(page) -> tuple[list, list] | None:
    """The page's ruling lines (thin filled or stroked paths): horizontal ones as
    (y, x0, x1), vertical ones as (x, top, bottom), in the page's coordinates as shown;
    ``None`` when there are too few to draw a table."""
    api = page.api
    n = api.count_objects(page.handle)
    values = [ctypes.c_float() for _ in range(4)]
    refs = [ctypes.byref(v) for v in values]
    across, down = [], []
    for k in range(n):
        obj = api.get_object(page.handle, k)
        if api.object_type(obj) != api.PATH or not api.object_bounds(obj, *refs):
            continue
        (x0, y0), (x1, y1) = (page.device(values[0].value, values[1].value),
                              page.device(values[2].value, values[3].value))
        x0, x1, y0, y1 = min(x0, x1), max(x0, x1), min(y0, y1), max(y0, y1)
        if y1 - y0 <= 2.5 and x1 - x0 >= 8:
            across.append(((y0 + y1) / 2, x0, x1))
        elif x1 - x0 <= 2.5 and y1 - y0 >= 5:
            down.append(((x0 + x1) / 2, y0, y1))
    if not across or len(down) < 3:  # (one rule across: a table that a page break cuts)
        return None
    return across, down


def tables(page, runs: list[Run], grid: tuple[list, list]) -> tuple[list[Run], list[dict]]:
    """The runs that sit in the cells of a ruled table, taken out and written as one line a
    table row (``a | b | c``, each cell's lines joined), and the runs outside the tables.
    A cell is the space between the nearest rules above and below a run, left and right of
    it; a row needs two cells or more (a framed paragraph is not a table)."""
    across, down = grid
    left, right = min(d[0] for d in down), max(d[0] for d in down)
    top = min(min(a[0] for a in across), min(d[1] for d in down))
    bottom = max(max(a[0] for a in across), max(d[2] for d in down))
    cells: dict[tuple, dict[tuple, list[Run]]] = {}
    outside = []
    for run in runs:
        cx, cy = (run.x0 + run.x1) / 2, (run.top + run.bottom) / 2
        if not left < cx < right:
            outside.append(run)
            continue
        if not top < cy < bottom:
            outside.append(run)
            continue
        west = max((d[0] for d in down if d[0] < cx and d[1] - 1 <= cy <= d[2] + 1), default=None)
        east = min((d[0] for d in down if d[0] > cx and d[1] - 1 <= cy <= d[2] + 1), default=None)
        above = max((a[0] for a in across if a[0] < cy and a[1] - 1 <= cx <= a[2] + 1), default=None)
        below = min((a[0] for a in across if a[0] > cy and a[1] - 1 <= cx <= a[2] + 1), default=None)
        if west is not None and east is not None and (above is None) != (below is None):
            # a row that a page break cuts: no rule across on that side, its side rules
            # reach the end of the page's table
            sides = [d for d in down if d[0] in (west, east)]
            if above is None and all(d[1] < top + 2 for d in sides if d[1] - 1 <= cy <= d[2] + 1):
                above = top
            if below is None and all(d[2] > bottom - 2 for d in sides if d[1] - 1 <= cy <= d[2] + 1):
                below = bottom
        if None in (above, below, west, east) or run.x0 < west - 2 or run.x1 > east + 2:
            outside.append(run)
            continue
        row = cells.setdefault(round(above), {})
        row.setdefault((round(west), round(east)), []).append(run)
        row[None] = min(row.get(None, below), below)  # the row's band ends at its first rule below
    lines = []
    for row_top, row in cells.items():
        band = (row_top + row.pop(None)) / 2
        if len(row) < 2:
            outside.extend(r for col in row.values() for r in col)
            continue
        # the columns: every rule down through the row's band but the last; a column that a
        # cell above covers (merged down) or nothing fills is an empty cell, one that a cell
        # of the row spans (merged across) is not written
        starts = sorted({round(d[0]) for d in down if d[1] - 1 <= band <= d[2] + 1})[:-1]
        texts, members, covered = [], [], -math.inf
        for x in sorted(set(starts) | {w for w, _ in row}):
            col = next((c for (w, _), c in row.items() if w == x), None)
            if col is None:
                if x >= covered:
                    texts.append("")
                continue
            covered = max(e for (w, e) in row if w == x) - 1
            cell = ""
            for r in group_rows(col):  # a cell's lines, a wrapped "%" or ")" kept to its number
                line = make_line(page, r)["text"]
                cell += ("" if not cell or line[:1] in _CLOSING else " ") + line
            texts.append(cell)
            members.extend(col)
        weights = Counter()
        for r in members:
            weights[round(r.size, 1)] += r.chars
        size = weights.most_common(1)[0][0]
        lines.append({
            "text": " | ".join(texts), "size": size, "top": min(r.top for r in members),
            "bottom": max(r.bottom for r in members), "x0": min(r.x0 for r in members),
            "x1": max(r.x1 for r in members), "max_gap": math.inf, "tall": max(r.size for r in members),
            "bold": sum(len(r.words) for r in members if r.bold) / max(sum(len(r.words) for r in members), 1),
            "page_height": float(page.height), "table": True,
        })
    return outside, lines
