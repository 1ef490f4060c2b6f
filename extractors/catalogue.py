"""Resolve citations to the bundled catalogue of national documents, and targets to the
national strategies' indicators.

``catalogue.yaml`` lists laws, decrees, decisions and strategies with their number, names as
plans write them, date, issuer and status (in force, or replaced by which).  A mention resolves
by its number, or by a law's name: ``Luật Bình đẳng giới``, ``Luật Bình đẳng giới số
73/2006/QH11`` and ``73/2006/QH11`` get one ``cited_key``.  ``domains_national.yaml`` maps a
local target's indicator to the national indicator it restates, with the national value.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from extractors.rules.lexicon import fold, key, load_yaml


def number_key(number: str | None) -> str | None:
    return re.sub(r"\s", "", number).upper() if number else None


@lru_cache(maxsize=1)
def _catalogue() -> tuple[dict, dict, dict]:
    entries = load_yaml("catalogue.yaml")
    entries = entries.get("documents", entries) if isinstance(entries, dict) else entries
    by_key, by_number, by_name = {}, {}, {}
    for e in entries:
        by_key[e["key"]] = e
        if e.get("number"):
            by_number.setdefault(number_key(e["number"]), []).append(e)
        for name in {e.get("name"), *(e.get("aliases") or [])} - {None}:
            by_name.setdefault(key(name), []).append(e)
    return by_key, by_number, by_name


def day(edtf: str | None) -> str | None:
    """The earliest day an EDTF date can mean: ``2025`` → ``2025-01-01``."""
    if not edtf or not edtf[:4].isdigit():
        return None
    return (edtf[:10] + "-01-01"[len(edtf[:10]) - 4:]) if len(edtf) < 10 else edtf[:10]


def _in_force(e: dict, on: str | None) -> bool:
    start = day(e.get("effective") or e.get("date"))
    successor = entry(e.get("replaced_by"))
    end = day(successor.get("effective") or successor.get("date")) if successor else None
    return bool(on) and (start is None or start <= on) and (end is None or on < end)


def lookup(number: str | None, name: str | None, date: str | None = None, plan_date: str | None = None) -> dict | None:
    """The catalogue entry a citation refers to.

    A number with its year in it matches alone; a number without one (``28/NQ-CP``) needs the
    cited date's year unless the catalogue has a single entry with it.  A law named without
    number resolves to the version in force on the plan's date (``plan_date``, earliest day).
    """
    _, by_number, by_name = _catalogue()
    if number:
        found = by_number.get(number_key(number), [])
        if len(found) > 1 and date:
            found = [e for e in found if str(e.get("date") or "")[:4] == date[:4]] or found
        if len(found) == 1:
            return found[0]
        if found:
            return None
    if name:
        found = by_name.get(key(name), [])
        if len(found) == 1:
            return found[0]
        current = [e for e in found if _in_force(e, plan_date)]
        if len(current) == 1:
            return current[0]
    return None


def outdated(e: dict, plan_date: str | None) -> bool:
    """Replaced before the plan: its successor was in force on the plan's date."""
    if e.get("status") != "replaced" or not plan_date:
        return False
    successor = entry(e.get("replaced_by"))
    when = day((successor or {}).get("effective") or (successor or {}).get("date"))
    return bool(when) and when <= plan_date


def entry(key_: str | None) -> dict | None:
    return _catalogue()[0].get(key_) if key_ else None


@dataclass(frozen=True)
class National:
    id: str
    strategy: str
    indicator: str
    value: float | None
    comparator: str | None
    year: int | None
    unit: str | None
    match: str = "same"  # "same": the target restates it; "related": set beside it, measures something else


@lru_cache(maxsize=1)
def _indicators() -> list[dict]:
    data = load_yaml("domains_national.yaml")
    items = data.get("indicators", data) if isinstance(data, dict) else data
    def rules(field):
        return [[fold(w) for w in (m if isinstance(m, list) else [m])] for m in field or []]

    for it in items:
        it["_match"], it["_related"], it["_exclude"] = rules(it.get("match")), rules(it.get("related")), rules(it.get("exclude"))
    return items


@lru_cache(maxsize=1)
def _strategy_periods() -> list[tuple[int, str]]:
    """(last year, catalogue key) of each national strategy (domains_national.yaml ``strategies``,
    their ``period``), earliest first."""
    out = []
    for st in load_yaml("domains_national.yaml").get("strategies") or []:
        out.append((int(str(st["period"]).split("/")[-1][:4]), st["key"]))
    return sorted(out)


def _strategy_for(year: int | None) -> str | None:
    """The strategy a target due in ``year`` answers: the first whose period ends in or after that
    year (a target due before the first period answers the first); with no year, the latest."""
    periods = _strategy_periods()
    if not periods:
        return None
    if year is None:
        return periods[-1][1]
    return next((k for last, k in periods if year <= last), periods[-1][1])


def national_for(indicator: str, surface: str, unit: str, deadline: str | None) -> National | None:
    """The national indicator a local target restates, with the national value nearest its deadline."""
    year = int(deadline[:4]) if deadline and deadline[:4].isdigit() else None
    strategy = _strategy_for(year)
    if year is not None and year > 2030:
        return None
    texts = [fold(indicator), fold(surface)]  # the indicator first; its surface only if nothing hits

    def hits(rules, text):
        return any(all(w in text for w in group) for group in rules)

    found = None
    for text in texts:
        for kind in ("same", "related"):
            for it in _indicators():
                if strategy and it.get("strategy") != strategy or hits(it["_exclude"], text):
                    continue
                if hits(it["_match"] if kind == "same" else it["_related"], text):
                    found = (it, kind)
                    break
            if found:
                break
        if found:
            break
    if not found:
        return None
    it, kind = found
    values = [v for v in it.get("values") or [] if v.get("value") is not None]
    if unit and values and any(v.get("unit") == unit for v in values):
        values = [v for v in values if v.get("unit") == unit]
    if not values:
        return National(it["id"], it["strategy"], it["indicator"], None, None, None, None, kind)
    later = [v for v in values if year is None or (v.get("year") or 0) >= year]
    v = min(later, key=lambda v: v.get("year") or 0) if later else max(values, key=lambda v: v.get("year") or 0)
    return National(it["id"], it["strategy"], it["indicator"], float(v["value"]), v.get("comparator"),
                    v.get("year"), v.get("unit"), kind)
