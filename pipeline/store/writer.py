"""The tables' schemas and rows: the contract's five Parquet tables plus the added ``staleness``
and ``reuse`` tables.  ``kehoach extract`` writes them as a partitioned dataset with
``pipeline.store.dataset``; ``write_tables`` writes a list of extractions held in memory as one file
per table (for library use and tests).

Explicit pyarrow schemas, stable column and row order (documents by source path, facts by
offset): the same input gives the same tables.  Files are written to a temporary name and
renamed, so a reader never sees half a table.
"""
from __future__ import annotations

import json
import os
import re
from collections import Counter, defaultdict
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from pipeline import __version__
from pipeline.models import Extraction

SCHEMA_VERSION = "1.4"  # 1.1: + documents.admin_system, locality_candidates; citations catalogue fields
# 1.2: + the staleness and reuse tables
# 1.3: assignments.agency_code is null for a body the grammar finds but agencies.yaml does not list
# 1.4: + plan_id on every table (renditions of one plan share it; extractors/reuse.py); reuse + other_plan_id,
#      sentences, and one row per (sentence of a plan, other plan) instead of per file;
#      + targets.vs_national (ahead / same / behind the national value, read with the comparators);
#      + assignments.domain, domain_rule (the strategy domain of each assignment: assignment_domains)
S, I32, F64, B = pa.string(), pa.int32(), pa.float64(), pa.bool_()
PROV = [("char_start", I32), ("char_end", I32), ("page", I32), ("section", S)]

SCHEMAS = {
    "documents": pa.schema([
        ("doc_id", S), ("plan_id", S), ("source_path", S), ("source_format", S), ("status", S), ("error", S), ("ocr", B),
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
        "doc_id": ex.doc_id, "plan_id": None, "source_path": ex.source_path, "source_format": ex.source_format, "status": ex.status,
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
    if table == "assignments" and rows and ex.doc is not None:
        sections = [{"path": s.path, "title": s.title, "start": s.start, "end": s.end} for s in ex.sections]
        docs = {ex.doc_id: {"text": ex.doc.text, "sections": json.dumps(sections, ensure_ascii=False)}}
        targets = [{"doc_id": ex.doc_id, "section": t.section, "domain": t.domain} for t in ex.targets]
        doms = assignment_domains(docs, rows, targets)
        for r in rows:
            r["domain"], r["domain_rule"] = doms[r["assignment_id"]]
    return rows


def write_tables(extractions: list[Extraction], out: Path) -> dict[str, int]:
    out.mkdir(parents=True, exist_ok=True)
    exs = sorted(extractions, key=lambda e: (e.source_path, e.doc_id))
    tables = {"documents": [document_row(e) for e in exs]}
    for t in ID:
        tables[t] = [r for e in exs for r in fact_rows(e, t)]
    from extractors.reuse import plan_groups, rows as reuse_rows  # across the whole run, after every file is extracted

    groups = plan_groups(tables["documents"])  # plan_id: renditions of one plan share it
    for rows in tables.values():
        for r in rows:
            r["plan_id"] = groups.get(r["doc_id"])
    tables["reuse"] = reuse_rows(tables["documents"], groups)
    counts = {}
    for name, rows in tables.items():
        table = pa.Table.from_pylist(rows, schema=SCHEMAS[name])
        tmp = out / f".{name}.parquet.tmp"
        pq.write_table(table, tmp)
        os.replace(tmp, out / f"{name}.parquet")
        counts[name] = len(rows)
    return counts


# --------------------------------------------------------------------------- assignments.domain

def _domain_words() -> dict[str, list[str]]:
    from extractors.rules.lexicon import load_yaml

    return load_yaml("targets.yaml")["domains"]


def _first_domain(folded: str, words: dict) -> str | None:
    best = None
    for dom, ws in words.items():
        for w in ws:
            i = folded.find(w)
            if i >= 0 and (best is None or i < best[0]):
                best = (i, dom)
    return best[1] if best else None


def _most_domain(folded: str, words: dict) -> str | None:
    hits = Counter()
    first = {}
    for dom, ws in words.items():
        for w in ws:
            for m in re.finditer(re.escape(w), folded):
                hits[dom] += 1
                first[dom] = min(first.get(dom, m.start()), m.start())
    if not hits:
        return None
    return sorted(hits, key=lambda d: (-hits[d], first[d]))[0]


def assignment_domains(docs: dict, assignments: list[dict], targets: list[dict]) -> dict[str, tuple[str, str]]:
    """assignment_id → (strategy domain, the rule that gave it): the first that gives one of
    (1) the titles of the sections around the assignment, deepest first, skipping a title that
    is itself the heading naming an agency ("4. Công an xã"); (2) the most common domain of the
    targets in the assignment's section; (3) the domain whose keywords (``extractors/rules/targets.yaml``
    ``domains``) occur most in the text of the assignment's section (its task paragraph when it
    is in no numbered section), agency names blanked; else ``other``.  Each section's title and
    text are read once, so the cost stays linear in the text."""
    from bisect import bisect_left

    from extractors.rules.lexicon import fold

    words = _domain_words()
    by_doc = defaultdict(list)
    for a in assignments:
        by_doc[a["doc_id"]].append(a)
    tdoms = defaultdict(Counter)
    for t in targets:
        tdoms[(t["doc_id"], t["section"])][t["domain"]] += 1
    out = {}
    for doc_id, rows in by_doc.items():
        d = docs[doc_id]
        text = d.get("text") or ""
        folded = fold(text)
        masked = list(folded)
        for a in rows:
            masked[a["char_start"]:a["char_end"]] = " " * (a["char_end"] - a["char_start"])
        masked = "".join(masked)
        sections = json.loads(d["sections"]) if d.get("sections") else []
        starts = sorted(a["char_start"] for a in rows)
        title_dom: dict[int, str | None] = {}  # section index → domain of its title (None: none, or names an agency)
        body_dom: dict[int, str | None] = {}
        for a in rows:
            pos = a["char_start"]
            around = sorted((n for n, s in enumerate(sections) if s["start"] <= pos < s["end"]),
                            key=lambda n: sections[n]["end"] - sections[n]["start"])
            got = None
            for n in around:
                if n not in title_dom:
                    s = sections[n]
                    head_end = s["start"] + len(s["title"])
                    k = bisect_left(starts, s["start"])
                    names_agency = k < len(starts) and starts[k] < head_end
                    title_dom[n] = None if names_agency else _first_domain(fold(s["title"]), words)
                if title_dom[n]:
                    got = (title_dom[n], "section title")
                    break
            if not got and tdoms.get((doc_id, a["section"])):
                got = (tdoms[(doc_id, a["section"])].most_common(1)[0][0], "targets of the section")
            if not got:
                if around:
                    n = around[0]
                    if n not in body_dom:
                        body_dom[n] = _most_domain(masked[sections[n]["start"]:sections[n]["end"]], words)
                    dom, rule = body_dom[n], "section text"
                else:  # no numbered section: the task paragraph, agency names blanked
                    body, rule = fold(a.get("task") or ""), "task text"
                    for surface in {fold(b["agency_surface"]) for b in rows if b.get("agency_surface")}:
                        body = body.replace(surface, " ")
                    dom = _most_domain(body, words)
                got = (dom, rule) if dom else ("other", "none")
            out[a["assignment_id"]] = got
    return out
