"""What every value in the tables may be: enumerations and EDTF dates, checked before writing.

A fact that breaks these rules is an extractor bug; it is dropped from the tables and its
document is marked ``partial`` with the reason, so nothing silently enters the dataset.
"""
from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache

# Values the pipeline itself sets: not rule data.
FIXED_ENUMS = {
    ("documents", "status"): {"ok", "partial", "error"},
    ("documents", "source_format"): {"pdf", "docx", "doc", "txt", "md", "html", "image"},
    ("documents", "admin_system"): {"legacy", "2025", None},
    # the rules of extractors/assignment_domains.py, in the order it tries them; None: not computed
    ("assignments", "domain_rule"): {"section title", "targets of the section", "section text", "task text",
                                     "none", None},
}
# Values an engine writes by itself when no rule entry decides (no cue: "other", "=", ...).
ENGINE_VALUES = {
    ("targets", "domain"): {"other"},
    ("targets", "comparator"): {"="},
    ("dates", "kind"): {"issue", "period", "citation", "other"},
}


def _cue_keys(data: dict) -> set[str]:
    """``lead_cues`` → ``lead``: the keys of a rule file that name a role or a kind by its cues."""
    return {k[: -len("_cues")] for k in data if k.endswith("_cues")}


def _field_values(data, name: str) -> set[str]:
    """Every value of field ``name`` in the entries of a rule file (``{cue: …, role: lead}``)."""
    out: set[str] = set()
    for v in (data.values() if isinstance(data, dict) else data):
        for e in (v if isinstance(v, list) else []):
            if isinstance(e, dict) and isinstance(e.get(name), str):
                out.add(e[name])
    return out


def _optional_yaml(name: str):
    from extractors.rules.lexicon import HERE, load_yaml

    return load_yaml(name) if (HERE / name).exists() else {}


@lru_cache(maxsize=1)
def enums() -> dict[tuple[str, str | None], set]:
    """Every enumerated column and its values; the rule files' values read from the rule files,
    so a domain (role, kind, locality type) added there is allowed here, never silently dropped."""
    from extractors.rules.lexicon import load_yaml

    meta, targets = load_yaml("meta.yaml"), load_yaml("targets.yaml")
    types = meta.get("locality_types") or {}
    comparators = {c["comparator"] for k in ("adjacent", "after", "clause") for c in targets.get(k) or []
                   if isinstance(c, dict) and c.get("comparator")}
    derived = {
        ("documents", "locality_level"): set(types.values()) | {None},
        ("documents", "locality_type"): set(types) | {None},
        ("citations", "relation"): set(load_yaml("citations.yaml").get("relations") or {}),
        ("targets", "comparator"): comparators,
        ("targets", "domain"): set(targets.get("domains") or {}),
        ("assignments", "domain"): set(targets.get("domains") or {}) | {"other", None},
        ("assignments", "role"): _cue_keys(load_yaml("agencies.yaml"))
                                 | _field_values(_optional_yaml("agency_grammar.yaml"), "role"),
        ("dates", "kind"): _cue_keys(load_yaml("dates.yaml")),
    }
    for k, v in ENGINE_VALUES.items():
        derived[k] = derived.get(k, set()) | v
    return {**FIXED_ENUMS, **derived}


EDTF = {("documents", "issue_date"), ("citations", "date"), ("targets", "deadline"), ("dates", "value")}
FACT_ATTRS = {"citations": "citations", "targets": "targets", "assignments": "assignments", "dates": "dates"}


# The forms the extractors write nearly always: a year, a month, a day (year unknown: XXXX), or
# an interval of two of those.  They are checked here with the calendar; anything else, and
# any of these the calendar refuses (the EDTF grammar allows 29 February in any year), goes
# to the edtf parser, which takes 3-6 ms a value: a tenth of a plan's extraction before this.
_SIMPLE = re.compile(r"(?P<y>\d{4}|XXXX)(?:-(?P<m>0[1-9]|1[0-2])(?:-(?P<d>\d{2}))?)?")


def _simple_valid(part: str) -> bool:
    m = _SIMPLE.fullmatch(part)
    if m is None or (m["y"] == "XXXX" and m["d"] is None):
        return False
    if m["d"] is None:
        return True
    try:
        dt.date(2000 if m["y"] == "XXXX" else max(1, int(m["y"])), int(m["m"]), int(m["d"]))
    except ValueError:
        return False
    return True


@lru_cache(maxsize=4096)
def valid_edtf(value: str) -> bool:
    parts = value.split("/")
    if len(parts) <= 2 and all(_simple_valid(p) for p in parts):
        return True
    return _edtf_parses(value)


def _edtf_parses(value: str) -> bool:
    from edtf import parse_edtf

    try:
        parse_edtf(value)
        return True
    except Exception:
        return False


def problems(table: str, record: dict) -> list[str]:
    out = []
    for (t, col), allowed in enums().items():
        if t == table and col in record and record[col] not in allowed:
            out.append(f"{table}.{col}={record[col]!r} is not one of {sorted(a for a in allowed if a)}")
    for t, col in EDTF:
        if t == table and record.get(col) is not None and not valid_edtf(record[col]):
            out.append(f"{table}.{col}={record[col]!r} is not an EDTF date")
    if table == "targets" and record.get("value_max") is not None and record["value_max"] < record["value"]:
        out.append(f"targets.value_max={record['value_max']} is below value={record['value']}")
    return out


def check(ex) -> None:
    """Drop facts that break the schema; say so in the document's status and error."""
    reasons = []
    for table, attr in FACT_ATTRS.items():
        kept = []
        for fact in getattr(ex, attr):
            p = problems(table, fact.to_row())
            if p:
                reasons.extend(p)
            else:
                kept.append(fact)
        setattr(ex, attr, kept)
    meta = {"issue_date": ex.meta.issue_date, "locality_level": ex.meta.locality_level,
            "locality_type": ex.meta.locality_type, "admin_system": ex.meta.admin_system}
    for p in problems("documents", meta):
        reasons.append(p)
        ex.meta.__dict__[p.split("=")[0].split(".")[1]] = None
    if reasons:
        ex.status = "partial"
        note = f"dropped values that break the schema: {'; '.join(reasons[:3])}" + (" …" if len(reasons) > 3 else "")
        ex.error = f"{ex.error}; {note}" if ex.error else note
