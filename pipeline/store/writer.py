"""The tables' schemas and rows: the contract's five Parquet tables plus the added ``staleness``
and ``reuse`` tables.  ``kehoach extract`` writes them as a partitioned dataset with
``pipeline.store.dataset``.

Explicit pyarrow schemas, stable column and row order (documents by source path, facts by
offset): the same input gives the same tables.
"""
from __future__ import annotations

import json

import pyarrow as pa

from pipeline.models import Extraction

SCHEMA_VERSION = "1.5"  # 1.1: + documents.admin_system, locality_candidates; citations catalogue fields
# 1.2: + the staleness and reuse tables
# 1.3: assignments.agency_code is null for a body the grammar finds but agencies.yaml does not list
# 1.4: + plan_id on every table (renditions of one plan share it; extractors/reuse.py); reuse + other_plan_id,
#      sentences, and one row per (sentence of a plan, other plan) instead of per file;
#      + targets.vs_national (ahead / same / behind the national value, read with the comparators);
#      + assignments.domain, domain_rule (the strategy domain of each assignment: extractors/assignment_domains.py)
# 1.5: + documents.plan_doc_id (the doc_id of the file standing for the plan: extractors/reuse.py across_plans)
S, I32, F64, B = pa.string(), pa.int32(), pa.float64(), pa.bool_()
PROV = [("char_start", I32), ("char_end", I32), ("page", I32), ("section", S)]

SCHEMAS = {
    "documents": pa.schema([
        ("doc_id", S), ("plan_id", S), ("plan_doc_id", S), ("source_path", S), ("source_format", S), ("status", S), ("error", S), ("ocr", B),
        ("legacy_encoding", S), ("pages", I32), ("text", S), ("doc_type", S), ("doc_number", S), ("doc_symbol", S),
        ("issue_date", S), ("issuer", S), ("locality_name", S), ("locality_type", S), ("locality_level", S),
        ("province", S), ("locality_code", S), ("province_code", S), ("admin_system", S), ("locality_candidates", S), ("period_start", I32), ("period_end", I32),
        ("signer_name", S), ("signer_title", S), ("title", S), ("sections", S),
    ]),
    "citations": pa.schema([("doc_id", S), ("plan_id", S), ("mention_id", S), *PROV, ("surface", S), ("type", S), ("number", S),
                            ("name", S), ("date", S), ("year", I32), ("issuer", S), ("relation", S), ("cited_key", S),
                            ("catalogue_title", S), ("catalogue_date", S), ("catalogue_issuer", S),
                            ("catalogue_status", S), ("replaced_by", S), ("cites_replaced", B)]),
    "targets": pa.schema([("doc_id", S), ("plan_id", S), ("target_id", S), *PROV, ("surface", S), ("indicator", S), ("value", F64),
                          ("value_max", F64), ("unit", S), ("comparator", S), ("deadline", S), ("domain", S),
                          ("unit_class", S), ("national_indicator", S), ("national_value", F64),
                          ("national_comparator", S), ("national_year", I32), ("national_match", S),
                          ("vs_national", S)]),
    "assignments": pa.schema([("doc_id", S), ("plan_id", S), ("assignment_id", S), *PROV, ("agency", S), ("agency_surface", S),
                              ("agency_code", S), ("role", S), ("task", S), ("domain", S), ("domain_rule", S)]),
    "dates": pa.schema([("doc_id", S), ("plan_id", S), ("date_id", S), *PROV, ("surface", S), ("value", S), ("kind", S)]),
    # added tables (schema 1.2): see extractors/staleness.py and extractors/reuse.py
    "staleness": pa.schema([("doc_id", S), ("plan_id", S), ("flag_id", S), *PROV, ("surface", S), ("year", I32), ("plan_period", S),
                            ("sentence", S), ("reason", S)]),
    "reuse": pa.schema([("doc_id", S), ("plan_id", S), ("other_doc_id", S), ("other_plan_id", S),
                        ("sentence_start", I32), ("sentence_end", I32), ("other_start", I32), ("other_end", I32),
                        ("similarity", F64), ("sentences", I32)]),
}
ID = {"citations": ("mention_id", "c", "citations"), "targets": ("target_id", "t", "targets"),
      "assignments": ("assignment_id", "a", "assignments"), "dates": ("date_id", "d", "dates"),
      "staleness": ("flag_id", "s", "staleness")}


def document_row(ex: Extraction) -> dict:
    m, d = ex.meta, ex.doc
    sections = [{"path": s.path, "title": s.title[:200], "start": s.start, "end": s.end} for s in ex.sections]
    return {
        "doc_id": ex.doc_id, "plan_id": None, "plan_doc_id": None, "source_path": ex.source_path, "source_format": ex.source_format, "status": ex.status,
        "error": ex.error, "ocr": bool(d.ocr) if d else False, "legacy_encoding": d.legacy_encoding if d else None,
        "pages": d.pages if d else None, "text": d.text if d else None,
        "doc_type": m.doc_type, "doc_number": m.doc_number, "doc_symbol": m.doc_symbol, "issue_date": m.issue_date,
        "issuer": m.issuer, "locality_name": m.locality_name, "locality_type": m.locality_type,
        "locality_level": m.locality_level, "province": m.province, "locality_code": m.locality_code,
        "province_code": m.province_code, "admin_system": m.admin_system,
        "locality_candidates": json.dumps(m.locality_candidates, ensure_ascii=False) if m.locality_candidates else None,
        "period_start": m.period_start, "period_end": m.period_end,
        "signer_name": m.signer_name, "signer_title": m.signer_title, "title": m.title,
        "sections": json.dumps(sections, ensure_ascii=False) if sections else None,
    }


def vs_national(value, value_max, comparator, national_value, national_comparator) -> str | None:
    """Is a local target ahead of the national one it restates?  The comparators say which way
    is ambitious: under a floor (``>=``, "at least 30 %") a higher value is ahead, under a
    ceiling (``<=``, "at most 30 %") a lower one: a local "≤ 50 %" beside a national "≤ 30 %" is
    *behind*.  The national comparator decides, else the local one; ``=`` both ways is ``same``
    or ``differs``.  ``opposite`` when the two point different ways (a floor beside a ceiling);
    null without a national value."""
    if national_value is None or value is None:
        return None
    ways = {">=", "<="}
    if comparator in ways and national_comparator in ways and comparator != national_comparator:
        return "opposite"
    way = national_comparator if national_comparator in ways else comparator if comparator in ways else None
    mine = (value_max if value_max is not None else value) if way == "<=" else value
    if mine == national_value:
        return "same"
    if way is None:
        return "differs"
    return "ahead" if (mine > national_value) == (way == ">=") else "behind"


def fact_rows(ex: Extraction, table: str) -> list[dict]:
    id_col, letter, attr = ID[table]
    facts = sorted(getattr(ex, attr), key=lambda f: (f.char_start, f.char_end))
    rows = []
    for n, f in enumerate(facts, 1):
        row = {"doc_id": ex.doc_id, id_col: f"{ex.doc_id}-{letter}{n:04d}", **f.to_row()}
        if table == "targets":
            row["vs_national"] = vs_national(row.get("value"), row.get("value_max"), row.get("comparator"),
                                             row.get("national_value"), row.get("national_comparator"))
        rows.append({k: row.get(k) for k in SCHEMAS[table].names})
    return rows
