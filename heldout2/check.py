#!/usr/bin/env python3
"""Validate the heldout2 gold files (standard library only).

Usage: python3 heldout2/check.py [STEM ...]
Exit status 0 when every gold file is clean.
"""
import calendar, json, os, re, sys, unicodedata

HERE = os.path.dirname(os.path.abspath(__file__))
DOCS, GOLD = os.path.join(HERE, "docs"), os.path.join(HERE, "gold")

ROLES = {"lead", "coordinate", "standing", "requested"}
KINDS = {"issue", "deadline", "period", "event", "citation", "other"}
COMPARATORS = {">=", "<=", "="}
DOMAINS = {"politics", "economy_labor", "family_gbv", "health", "education",
           "information", "governance", "other"}
LEVELS = {"province", "district", "commune"}
LOCALITY_TYPES = {"tỉnh", "thành phố", "quận", "huyện", "thị xã", "phường", "xã", "thị trấn"}
RELATIONS = {"basis", "implements", "mentions"}
TOP_KEYS = ["doc", "complete", "meta", "citations", "targets", "assignments", "dates"]
META_KEYS = {"doc_type", "doc_number", "doc_symbol", "issue_date", "issuer", "locality_name",
             "locality_type", "locality_level", "province", "period", "signer_name", "signer_title"}
CIT_KEYS = {"type", "number", "name", "date", "issuer", "relation", "surface"}
TGT_KEYS = {"value", "value_max", "unit", "comparator", "indicator", "deadline", "domain", "surface"}
ASG_KEYS = {"agency", "surface", "role"}
DATE_KEYS = {"value", "kind", "surface"}

POINT = re.compile(r"^(\d{4}|XXXX)(?:-(\d{2})(?:-(\d{2}))?)?$")


def norm(s):
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", s)).strip()


def edtf_point(v):
    m = POINT.match(v)
    if not m:
        return False
    y, mo, d = m.groups()
    if y != "XXXX" and not (1800 <= int(y) <= 2100):
        return False
    if y == "XXXX" and mo is None:
        return False
    if mo is not None and not (1 <= int(mo) <= 12):
        return False
    if d is not None:
        last = calendar.monthrange(2000 if y == "XXXX" else int(y), int(mo))[1]
        if not (1 <= int(d) <= last):
            return False
    return True


def edtf(v):
    if not isinstance(v, str):
        return False
    parts = v.split("/")
    if len(parts) == 1:
        return edtf_point(v)
    if len(parts) != 2 or not all(edtf_point(p) for p in parts):
        return False
    a, b = parts
    if "XXXX" not in v and a > b:
        return False
    return True


def check(stem):
    errs = []
    gpath = os.path.join(GOLD, stem + ".json")
    raw = open(gpath, encoding="utf-8").read()
    if unicodedata.normalize("NFC", raw) != raw:
        errs.append("gold file is not NFC")
    g = json.loads(raw)
    if list(g) != TOP_KEYS:
        errs.append(f"top-level keys {list(g)} != {TOP_KEYS}")
    if g.get("doc") != stem + ".txt":
        errs.append(f"doc field {g.get('doc')!r} does not match file name")
    dpath = os.path.join(DOCS, g.get("doc", ""))
    if not os.path.exists(dpath):
        return [f"document {dpath} missing"]
    rawtext = open(dpath, encoding="utf-8").read()
    if unicodedata.normalize("NFC", rawtext) != rawtext:
        errs.append("document is not NFC")
    nlines = rawtext.count("\n")
    if not (150 <= nlines <= 400):
        errs.append(f"document has {nlines} lines (want 150-400)")
    text = norm(rawtext)
    if not isinstance(g.get("complete"), bool):
        errs.append("complete must be a bool")

    def surf(kind, i, s):
        if not isinstance(s, str) or not s:
            errs.append(f"{kind}[{i}] empty surface")
        elif norm(s) != s:
            errs.append(f"{kind}[{i}] surface not normalised: {s!r}")
        elif s not in text:
            errs.append(f"{kind}[{i}] surface not in text: {s!r}")

    m = g.get("meta", {})
    if set(m) != META_KEYS:
        errs.append(f"meta keys differ: {sorted(set(m) ^ META_KEYS)}")
    if m.get("locality_level") not in LEVELS:
        errs.append(f"meta.locality_level {m.get('locality_level')!r}")
    if m.get("locality_type") not in LOCALITY_TYPES:
        errs.append(f"meta.locality_type {m.get('locality_type')!r}")
    if m.get("issue_date") is not None and not edtf(m["issue_date"]):
        errs.append(f"meta.issue_date {m['issue_date']!r} not EDTF")
    if not re.fullmatch(r"\d{4}(/\d{4})?", m.get("period") or ""):
        errs.append(f"meta.period {m.get('period')!r}")
    if m.get("doc_number") and m.get("doc_symbol") and not m["doc_number"].endswith("/" + m["doc_symbol"]):
        errs.append("meta.doc_number does not end with doc_symbol")
    for f in ("issuer", "locality_name", "signer_name", "doc_type"):
        if m.get(f) and m[f] not in text and f in ("locality_name", "signer_name"):
            errs.append(f"meta.{f} {m[f]!r} not in text")

    seen = set()
    for i, c in enumerate(g.get("citations", [])):
        if set(c) != CIT_KEYS:
            errs.append(f"citations[{i}] keys differ")
        if c.get("relation") not in RELATIONS:
            errs.append(f"citations[{i}] relation {c.get('relation')!r}")
        if c.get("date") is not None and not edtf(c["date"]):
            errs.append(f"citations[{i}] date {c['date']!r} not EDTF")
        if c.get("number") is None and not c.get("name"):
            errs.append(f"citations[{i}] needs a number or a name")
        if c.get("number") and re.search(r"\s", c["number"]):
            errs.append(f"citations[{i}] number has spaces")
        key = (c.get("type"), c.get("number"), c.get("name") if c.get("number") is None else None)
        if key in seen:
            errs.append(f"citations[{i}] duplicate document {key}")
        seen.add(key)
        surf("citations", i, c.get("surface"))

    for i, t in enumerate(g.get("targets", [])):
        if set(t) != TGT_KEYS:
            errs.append(f"targets[{i}] keys differ")
        if not isinstance(t.get("value"), float):
            errs.append(f"targets[{i}] value must be a float")
        vm = t.get("value_max")
        if vm is not None and (not isinstance(vm, float) or vm < t.get("value", 0)):
            errs.append(f"targets[{i}] bad value_max {vm!r}")
        if t.get("comparator") not in COMPARATORS:
            errs.append(f"targets[{i}] comparator {t.get('comparator')!r}")
        if t.get("domain") not in DOMAINS:
            errs.append(f"targets[{i}] domain {t.get('domain')!r}")
        if not edtf(t.get("deadline")) or "XXXX" in (t.get("deadline") or ""):
            errs.append(f"targets[{i}] deadline {t.get('deadline')!r} not a dated EDTF value")
        if not t.get("unit") or not t.get("indicator"):
            errs.append(f"targets[{i}] unit and indicator required")
        surf("targets", i, t.get("surface"))

    seen = set()
    for i, a in enumerate(g.get("assignments", [])):
        if set(a) != ASG_KEYS:
            errs.append(f"assignments[{i}] keys differ")
        if a.get("role") not in ROLES:
            errs.append(f"assignments[{i}] role {a.get('role')!r}")
        key = (a.get("agency"), a.get("role"))
        if key in seen:
            errs.append(f"assignments[{i}] duplicate {key}")
        seen.add(key)
        ag = a.get("agency") or ""
        if re.search(r"\b(UBND|HĐND|MTTQ|LHPN|LĐTB|VHTT|TT-TH|THCS|CSXH)\b", ag):
            errs.append(f"assignments[{i}] agency keeps an abbreviation: {ag!r}")
        if " các " not in ag and re.search(r"\s(tỉnh|huyện|xã|phường|quận|thị xã|thị trấn|thành phố)$", ag):
            errs.append(f"assignments[{i}] agency keeps a level word: {ag!r}")
        surf("assignments", i, a.get("surface"))

    seen = set()
    for i, d in enumerate(g.get("dates", [])):
        if set(d) != DATE_KEYS:
            errs.append(f"dates[{i}] keys differ")
        if d.get("kind") not in KINDS:
            errs.append(f"dates[{i}] kind {d.get('kind')!r}")
        if not edtf(d.get("value")):
            errs.append(f"dates[{i}] value {d.get('value')!r} not EDTF")
        elif re.fullmatch(r"\d{4}", d["value"]):
            errs.append(f"dates[{i}] bare year {d['value']!r} is not a date entry")
        key = (d.get("value"), d.get("kind"))
        if key in seen:
            errs.append(f"dates[{i}] duplicate {key}")
        seen.add(key)
        surf("dates", i, d.get("surface"))
    kinds = [d.get("kind") for d in g.get("dates", [])]
    if m.get("issue_date") and re.fullmatch(r"\d{4}-\d{2}(-\d{2})?", m["issue_date"]):
        if (m["issue_date"], "issue") not in seen:
            errs.append("meta.issue_date has no matching issue date entry")
    if kinds.count("issue") > 1:
        errs.append("more than one issue date")
    return errs


def main(argv):
    stems = argv or sorted(f[:-5] for f in os.listdir(GOLD) if f.endswith(".json"))
    docs = sorted(f[:-4] for f in os.listdir(DOCS) if f.endswith(".txt"))
    bad = 0
    for d in docs:
        if d not in stems and not argv:
            print(f"{d}: no gold file"); bad += 1
    for s in stems:
        errs = check(s)
        g = json.load(open(os.path.join(GOLD, s + ".json"), encoding="utf-8"))
        counts = "/".join(str(len(g[k])) for k in TOP_KEYS[3:])
        print(f"{s}: {'OK' if not errs else str(len(errs)) + ' error(s)'}  (cit/tgt/asg/dates {counts})")
        for e in errs:
            print("   -", e)
        bad += bool(errs)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
