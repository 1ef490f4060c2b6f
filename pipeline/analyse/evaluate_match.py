"""Matching for ``kehoach eval`` (``pipeline.analyse.evaluate``): how two values compare (numbers,
names, laws, units and indicators, each folded its own way) and how one table's extracted rows
are paired with a gold file's entries — deduplicated the way the annotation guidelines count
(one citation per ``cited_key``, one date per ``(value, kind)``, one assignment per ``(agency,
role)``, every target), then matched one-to-one by the rules of ``gold/README.md``.
"""
from __future__ import annotations

import math
import re
import unicodedata
from typing import Any, Callable

import pandas as pd

from extractors.rules.lexicon import fold, key

INDICATOR_OVERLAP = 0.5  # word-overlap coefficient at which an indicator counts as correct
_FLOAT_TOL = 1e-6


# ------------------------------------------------------------------------------ value comparison

def clean(v: Any) -> Any:
    """None for every flavour of missing (None, NaN, pd.NA, blank string); strings stripped."""
    if v is None:
        return None
    if isinstance(v, str):
        v = v.strip()
        return v or None
    try:
        if pd.isna(v):
            return None
    except (TypeError, ValueError):  # arrays and the like are values, not missing
        pass
    if hasattr(v, "item"):  # numpy scalar → Python scalar, for JSON
        v = v.item()
    return v


def number_key(s: str) -> str:
    """A document number for comparison: NFC, spaces dropped, case-folded (`67/ KH-UBND`)."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFC", s)).casefold()


_LAW_TAIL = re.compile(r"(?:\s*\([^()]*\))*(?:\s*năm \d{4})?(?:\s*\([^()]*\))*$")


def law_key(s: str) -> str:
    """A law's name for comparison: ``key`` without a trailing ``(sửa đổi)`` / ``năm 2019``.

    The guidelines count ``Bộ luật Lao động`` and ``Bộ luật Lao động (sửa đổi) năm 2019`` as one
    entry, so their names must compare equal.
    """
    k = key(s)
    return _LAW_TAIL.sub("", k).strip() or k


def unit_key(s: str) -> str:
    """A unit for comparison: `tin/bài` = `tin, bài` = `tin bài`; case and spelling folded."""
    return key(re.sub(r"[/,]", " ", s))


def words(s: str) -> set[str]:
    return set(re.findall(r"\w+", fold(unicodedata.normalize("NFC", s))))


def overlap(a: str | None, b: str | None) -> float:
    """Word-overlap coefficient |A∩B| / min(|A|, |B|) of two phrases (0 when one is empty)."""
    wa, wb = words(a or ""), words(b or "")
    if not wa or not wb:
        return 0.0
    return len(wa & wb) / min(len(wa), len(wb))


def _as_float(v: Any) -> float | None:
    v = clean(v)
    if v is None:
        return None
    try:
        f = float(str(v).replace(",", ".")) if isinstance(v, str) else float(v)
    except (TypeError, ValueError):
        return None
    return None if math.isnan(f) else f


def code_key(s: Any) -> str:
    """A code for comparison: stripped, case-folded (``deadline``, ``>=``, ``2025-06``)."""
    return str(s).strip().casefold()


_COMPARE: dict[str, Callable[[Any, Any], bool]] = {
    "name": lambda g, e: key(str(g)) == key(str(e)),
    "law": lambda g, e: law_key(str(g)) == law_key(str(e)),
    "number": lambda g, e: number_key(str(g)) == number_key(str(e)),
    "code": lambda g, e: code_key(g) == code_key(e),
    "float": lambda g, e: (
        _as_float(g) is not None and _as_float(e) is not None
        and abs(_as_float(g) - _as_float(e)) <= _FLOAT_TOL
    ),
    "indicator": lambda g, e: overlap(str(g), str(e)) >= INDICATOR_OVERLAP,
}

# how each scored field is compared
FIELD_KINDS = {
    "meta": {
        "doc_type": "name", "doc_number": "number", "doc_symbol": "number", "issue_date": "code",
        "issuer": "name", "locality_name": "name", "locality_type": "name",
        "locality_level": "code", "province": "name", "period": "code",
        "signer_name": "name", "signer_title": "name",
    },
    "citations": {
        "type": "name", "number": "number", "name": "law", "date": "code", "issuer": "name",
        "relation": "code",
    },
    "targets": {
        "value_max": "float", "comparator": "code", "deadline": "code", "domain": "code",
        "indicator": "indicator",
    },
}


def same(kind: str, gold: Any, extracted: Any) -> bool:
    """Field equality: null = null is correct, null against a value (either way) is wrong."""
    gold, extracted = clean(gold), clean(extracted)
    if gold is None or extracted is None:
        return gold is None and extracted is None
    return _COMPARE[kind](gold, extracted)


def period_of(start: Any, end: Any) -> str | None:
    """``documents.period_start/period_end`` as the gold's EDTF: ``2025`` or ``2019/2020``."""
    s, e = _as_float(start), _as_float(end)
    s, e = (int(s) if s is not None else None), (int(e) if e is not None else None)
    if s is None and e is None:
        return None
    if s is None or e is None or s == e:
        return str(s if s is not None else e)
    return f"{s}/{e}"


# ------------------------------------------------------------------------ entries and matching

_COLUMNS = {
    "citations": ("surface", "type", "number", "name", "date", "issuer", "relation"),
    "targets": ("surface", "indicator", "value", "value_max", "unit", "comparator", "deadline",
                "domain"),
    "assignments": ("surface", "agency", "role"),
    "dates": ("surface", "value", "kind"),
}


def describe(table: str, e: dict) -> str:
    """A one-line label of an entry, for printing and for comparing against a baseline."""
    if table == "citations":
        ident = e.get("number") or e.get("name") or e.get("surface")
        return f"{e.get('type') or '?'} {ident}"
    if table == "targets":
        v = _as_float(e.get("value"))
        vs = "?" if v is None else (f"{v:g}")
        return f"{vs} {e.get('unit') or ''} — {e.get('indicator') or e.get('surface') or ''}".strip()
    if table == "assignments":
        return f"{e.get('agency')} ({e.get('role')})"
    return f"{e.get('value')} ({e.get('kind')})"


def entry(table: str, row: dict) -> dict:
    e = {c: clean(row.get(c)) for c in _COLUMNS[table]}
    e["label"] = describe(table, e)
    start = _as_float(row.get("char_start"))
    if start is not None:  # an extracted row: where it is, for --details
        e["char_start"] = int(start)
    return e


def doc_rows(df: pd.DataFrame, doc_id: Any) -> list[dict]:
    """The table's rows for one document, ordered by position in the text."""
    if df is None or df.empty or "doc_id" not in df.columns:
        return []
    sub = df[df["doc_id"] == doc_id]
    if "char_start" in sub.columns:
        sub = sub.sort_values("char_start", kind="stable", na_position="last")
    return sub.to_dict("records")


def _citation_dedup_key(row: dict) -> Any:
    ck = clean(row.get("cited_key"))
    if ck is not None:
        return ("key", ck)
    if clean(row.get("number")) is not None:
        return ("number", number_key(str(row["number"])))
    if clean(row.get("name")) is not None:
        return ("name", law_key(str(row["name"])))
    return ("row", id(row))


def dedupe(table: str, rows: list[dict]) -> list[dict]:
    """Extracted rows as the guidelines count them; the first mention (by char_start) wins."""
    if table == "targets":
        return list(rows)
    seen, out = set(), []
    for r in rows:
        if table == "citations":
            k = _citation_dedup_key(r)
        elif table == "dates":
            k = (str(clean(r.get("value"))), code_key(clean(r.get("kind"))))
        else:
            agency = clean(r.get("agency"))
            k = (key(str(agency)) if agency is not None else None, code_key(clean(r.get("role"))))
        if k not in seen:
            seen.add(k)
            out.append(r)
    return out


def _match_by_key(gold: list[dict], ext: list[dict], keyf, used: set[int] | None = None,
                  skip: set[int] | None = None) -> list[tuple[int, int]]:
    """Pairs (gold index, extracted index) with equal non-null keys, first come first served."""
    used = set() if used is None else used
    skip = set() if skip is None else skip
    index: dict[Any, list[int]] = {}
    for j, e in enumerate(ext):
        k = keyf(e)
        if k is not None and j not in used:
            index.setdefault(k, []).append(j)
    pairs = []
    for i, g in enumerate(gold):
        if i in skip:
            continue
        k = keyf(g)
        if k is None:
            continue
        for j in index.get(k, []):
            if j not in used:
                used.add(j)
                pairs.append((i, j))
                break
    return pairs


def _num(e: dict) -> str | None:
    return number_key(str(e["number"])) if clean(e.get("number")) is not None else None


def _law(e: dict) -> str | None:
    return law_key(str(e["name"])) if clean(e.get("name")) is not None else None


def match(table: str, gold: list[dict], ext: list[dict]) -> list[tuple[int, int]]:
    """One-to-one pairs (gold index, extracted index) under the rules of gold/README.md."""
    if table == "citations":
        used: set[int] = set()
        pairs = _match_by_key(gold, ext, _num, used)
        # a named law (with or without a number) is also found by its name
        pairs += _match_by_key(gold, ext, _law, used, skip={i for i, _ in pairs})
        return sorted(pairs)
    if table == "assignments":
        return _match_by_key(gold, ext, lambda e: (
            key(str(e["agency"])) if clean(e.get("agency")) is not None else None,
            code_key(e.get("role")),
        ))
    if table == "dates":
        return _match_by_key(gold, ext, lambda e: (str(clean(e.get("value"))), code_key(e.get("kind"))))
    # targets: same value and unit; duplicates paired by best indicator overlap
    def vu(e):
        v = _as_float(e.get("value"))
        u = clean(e.get("unit"))
        return (None if v is None else round(v, 6), unit_key(str(u)) if u is not None else None)

    cands = []
    for i, g in enumerate(gold):
        for j, e in enumerate(ext):
            if vu(g) == vu(e):
                cands.append((-overlap(g.get("indicator"), e.get("indicator")), i, j))
    cands.sort()
    pairs, gi, ej = [], set(), set()
    for _, i, j in cands:
        if i not in gi and j not in ej:
            gi.add(i)
            ej.add(j)
            pairs.append((i, j))
    return sorted(pairs)

