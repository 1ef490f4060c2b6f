"""Official administrative-unit codes for a plan's locality, before and after July 2025.

The units come from ``vietnamadminunits``' bundled database (no network): the legacy
three-level units (province / district / commune, until 30 June 2025) and the two-level units
since 1 July 2025.  Districts exist only in the legacy system; a commune or province plan issued
from July 2025 (or, undated, covering 2026 or later) is looked up among the new units.

Names shared by many units (a dozen communes are called Hưng Đạo) are resolved only from the
plan's own clues: the province it names, then a district or city it names.  When the clues
leave more than one candidate, or none, the codes stay null and the candidates are recorded.
"""
from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass, field
from functools import lru_cache

from extractors.rules.lexicon import key

TYPE_NAMES = {"phường": "Phường", "xã": "Xã", "thị trấn": "Thị trấn", "quận": "Quận", "huyện": "Huyện",
              "thị xã": "Thị xã", "thành phố": "Thành phố", "tỉnh": "Tỉnh"}


@dataclass
class Resolution:
    locality_code: str | None = None
    province_code: str | None = None
    system: str | None = None  # "legacy" (before July 2025) or "2025"
    candidates: list[dict] = field(default_factory=list)


@lru_cache(maxsize=1)
def _db() -> sqlite3.Connection:
    import importlib.util
    from pathlib import Path

    # the package's folder without importing it: its __init__ loads its address parser (geopy
    # and more, 0.3 s) and only the database is used here
    spec = importlib.util.find_spec("vietnamadminunits")
    if spec is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError("vietnamadminunits is not installed (pip install vietnamadminunits)")
    path = Path(list(spec.submodule_search_locations)[0]) / "data" / "dataset.db"
    return sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)


def _plain(name: str | None) -> str:
    """A cheap comparison key for unit names (NFC, lower case, new-style tone marks)."""
    return key(name) if name else ""


@lru_cache(maxsize=1)
def _legacy_rows() -> list[tuple]:
    rows = _db().execute(
        "select provinceShort, provinceCode, districtShort, districtType, districtCode, wardShort, wardType, wardCode "
        "from admin_units_legacy").fetchall()
    names = {n for r in rows for n in (r[0], r[2], r[5]) if n}
    keys = {n: _plain(n) for n in names}
    return [r + (keys.get(r[0], ""), keys.get(r[2], ""), keys.get(r[5], "")) for r in rows]


@lru_cache(maxsize=1)
def _new_rows() -> list[tuple]:
    rows = _db().execute("select provinceShort, provinceCode, wardShort, wardType, wardCode from admin_units").fetchall()
    keys = {n: _plain(n) for r in rows for n in (r[0], r[2]) if n}
    return [r + (keys.get(r[0], ""), keys.get(r[2], "")) for r in rows]


def system_for(level: str | None, issue_date: str | None, period_start: int | None) -> str:
    if level == "district":
        return "legacy"
    if issue_date and re.match(r"^\d{4}-\d{2}", issue_date):
        return "2025" if issue_date[:7] >= "2025-07" else "legacy"
    year = int(issue_date[:4]) if issue_date and issue_date[:4].isdigit() else period_start
    return "2025" if year and year >= 2026 else "legacy"


@lru_cache(maxsize=None)
def _by_key(system: str, level: str) -> dict[str, list[tuple]]:
    """The official units of one system and level, by name key (built once, then looked up)."""
    index: dict[str, list[tuple]] = {}
    if level == "province":
        for r in _new_rows() if system == "2025" else _legacy_rows():
            index.setdefault(r[-3] if system != "2025" else r[-2], []).append(r)
    elif system == "2025":
        for r in _new_rows():
            index.setdefault(r[-1], []).append(r)
    else:
        col = -2 if level == "district" else -1
        for r in _legacy_rows():
            index.setdefault(r[col], []).append(r)
    return index


def warm() -> None:
    """Build every index now (a worker does it before its first file, so that no file's time
    limit pays for it)."""
    for system, levels in (("2025", ("province", "commune")), ("legacy", ("province", "district", "commune"))):
        for level in levels:
            _by_key(system, level)


def _candidates(name: str, typ: str, level: str, system: str) -> list[dict]:
    k, t = key(name), TYPE_NAMES.get(typ)
    seen, out = set(), []
    lvl = level if level in ("province", "district") else "commune"
    rows = _by_key(system, lvl).get(k, [])
    if level == "province":
        for r in rows:
            if r[1] not in seen:
                seen.add(r[1])
                out.append({"name": r[0], "code": r[1], "province": r[0], "province_code": r[1]})
    elif system == "2025":
        for p, pc, w, wt, wc, _pk, wk in rows:
            if wt == t and wc not in seen:
                seen.add(wc)
                out.append({"name": w, "code": wc, "province": p, "province_code": pc})
    elif level == "district":
        for p, pc, d, dt, dc, _w, _wt, _wc, _pk, dk, _wk in rows:
            if dt == t and dc not in seen:
                seen.add(dc)
                out.append({"name": d, "code": dc, "province": p, "province_code": pc})
    else:
        for p, pc, d, dt, dc, w, wt, wc, _pk, _dk, wk in rows:
            if wt == t and wc not in seen:
                seen.add(wc)
                out.append({"name": w, "code": wc, "province": p, "province_code": pc, "district": d,
                            "district_type": dt})
    return out


def resolve(name: str | None, typ: str | None, level: str | None, province: str | None, text: str,
            issue_date: str | None = None, period_start: int | None = None) -> Resolution:
    if not (name and typ and level):
        return Resolution()
    system = system_for(level, issue_date, period_start)
    cands = _candidates(name, typ, level, system)
    narrowed = cands
    if province:
        narrowed = [c for c in cands if key(c["province"]) == key(province)]
    if len(narrowed) > 1 and system == "legacy" and level == "commune":
        # a district or city the plan names: "trên địa bàn Thành phố Kon Tum"
        ft = key(text)
        named = [c for c in narrowed if f"{key(c['district_type'])} {key(c['district'])}" in ft]
        narrowed = named or narrowed
    if len(narrowed) == 1:
        c = narrowed[0]
        return Resolution(c["code"], c["province_code"], system, cands)
    return Resolution(None, None, system, cands)
