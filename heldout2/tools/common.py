"""Helpers used to write the held-out gold files (standard library only)."""
import json, os, re, unicodedata

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)


def norm(s):
    s = unicodedata.normalize("NFC", s)
    return re.sub(r"\s+", " ", s).strip()


def C(type, number, name, date, issuer, relation, surface):
    return dict(type=type, number=number, name=name, date=date, issuer=issuer,
                relation=relation, surface=surface)


def T(value, unit, comparator, indicator, deadline, domain, surface, value_max=None):
    return dict(value=float(value), value_max=None if value_max is None else float(value_max),
                unit=unit, comparator=comparator, indicator=indicator, deadline=deadline,
                domain=domain, surface=surface)


def A(agency, surface, role):
    return dict(agency=agency, surface=surface, role=role)


def D(value, kind, surface):
    return dict(value=value, kind=kind, surface=surface)


def write(stem, meta, citations, targets, assignments, dates, complete=True):
    doc = {"doc": stem + ".txt", "complete": complete, "meta": meta,
           "citations": citations, "targets": targets,
           "assignments": assignments, "dates": dates}
    doc = json.loads(unicodedata.normalize("NFC", json.dumps(doc, ensure_ascii=False)))
    path = os.path.join(ROOT, "gold", stem + ".json")
    with open(path, "w", encoding="utf-8") as f:
        json.dump(doc, f, ensure_ascii=False, indent=1)
        f.write("\n")
    print("wrote", path, {k: len(v) for k, v in doc.items() if isinstance(v, list)})
