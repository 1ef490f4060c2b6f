"""Scores for ``kehoach eval`` (``pipeline.analyse.evaluate``): each rendition against its gold
file (``gold/<stem>.json`` scores every ``documents`` row whose ``source_path`` has that stem),
true/false positives and negatives per table, field accuracy on matched pairs, and their sums
per ``source_format`` and overall (micro average; ``None`` where there is nothing to score).
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

import pandas as pd

from pipeline.analyse.evaluate_match import FIELD_KINDS, clean, code_key, dedupe, doc_rows, entry, match, period_of, same

TABLES = ("citations", "targets", "assignments", "dates")
META_FIELDS = (
    "doc_type", "doc_number", "doc_symbol", "issue_date", "issuer",
    "locality_name", "locality_type", "locality_level", "province", "period",
    "signer_name", "signer_title",
)
CITATION_FIELDS = ("type", "number", "name", "date", "issuer", "relation")
TARGET_FIELDS = ("value_max", "comparator", "deadline", "domain", "indicator")


def load_gold(gold_dir: Path) -> dict[str, dict]:
    """``{stem: gold document}`` for every ``gold/<stem>.json``."""
    out = {}
    for p in sorted(Path(gold_dir).glob("*.json")):
        with open(p, encoding="utf-8") as fh:
            out[p.stem] = json.load(fh)
    return out


def source_stem(source_path: str) -> str:
    """File name without extension of a ``/``-separated (or Windows) path."""
    name = PurePosixPath(str(source_path).replace("\\", "/")).name
    return name.rsplit(".", 1)[0] if "." in name.lstrip(".") else name


# --------------------------------------------------------------------------------------- scores

@dataclass
class Counts:
    """True/false positives and negatives; P, R, F1 are None where undefined."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, other: "Counts") -> None:
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn

    @property
    def precision(self) -> float | None:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else None

    @property
    def recall(self) -> float | None:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else None

    @property
    def f1(self) -> float | None:
        d = 2 * self.tp + self.fp + self.fn
        return 2 * self.tp / d if d else None

    def to_dict(self) -> dict:
        return {"tp": self.tp, "fp": self.fp, "fn": self.fn, "precision": self.precision,
                "recall": self.recall, "f1": self.f1}


@dataclass
class Accuracy:
    correct: int = 0
    total: int = 0

    def add(self, ok: bool) -> None:
        self.correct += bool(ok)
        self.total += 1

    def merge(self, other: "Accuracy") -> None:
        self.correct += other.correct
        self.total += other.total

    @property
    def value(self) -> float | None:
        return self.correct / self.total if self.total else None

    def to_dict(self) -> dict:
        return {"correct": self.correct, "total": self.total, "accuracy": self.value}


@dataclass
class DocResult:
    """One rendition scored against its gold file."""

    stem: str
    source_path: str
    source_format: str
    doc_id: str | None
    status: str | None
    counts: dict[str, Counts] = field(default_factory=dict)
    fields: dict[str, dict[str, Accuracy]] = field(default_factory=dict)  # citations, targets, meta
    meta: dict[str, dict] = field(default_factory=dict)  # field → {gold, extracted, correct}
    misses: dict[str, list[dict]] = field(default_factory=dict)
    extras: dict[str, list[dict]] = field(default_factory=dict)
    wrong: dict[str, list[dict]] = field(default_factory=dict)  # matched pairs with wrong fields
    text: str | None = field(default=None, repr=False)  # the normalised text, for --details (not saved)

    def to_dict(self) -> dict:
        return {
            "stem": self.stem, "source_path": self.source_path,
            "source_format": self.source_format, "doc_id": self.doc_id, "status": self.status,
            "tables": {t: c.to_dict() for t, c in self.counts.items()},
            "fields": {t: {f: a.to_dict() for f, a in fs.items()} for t, fs in self.fields.items()},
            "meta": self.meta, "misses": self.misses, "extras": self.extras, "wrong": self.wrong,
        }


@dataclass
class GroupResult:
    """Micro-averaged scores over a set of renditions (one format, or all)."""

    documents: int = 0
    counts: dict[str, Counts] = field(default_factory=lambda: {t: Counts() for t in TABLES})
    fields: dict[str, dict[str, Accuracy]] = field(default_factory=lambda: {
        "citations": {f: Accuracy() for f in CITATION_FIELDS},
        "targets": {f: Accuracy() for f in TARGET_FIELDS},
        "meta": {f: Accuracy() for f in META_FIELDS},
    })

    def add(self, doc: DocResult) -> None:
        self.documents += 1
        for t, c in doc.counts.items():
            self.counts[t].add(c)
        for t, fs in doc.fields.items():
            for f, a in fs.items():
                self.fields[t][f].merge(a)

    @property
    def meta(self) -> float | None:
        """Mean of the meta field accuracies (those with anything to score)."""
        vals = [a.value for a in self.fields["meta"].values() if a.value is not None]
        return sum(vals) / len(vals) if vals else None

    def to_dict(self) -> dict:
        return {
            "documents": self.documents,
            "tables": {t: c.to_dict() for t, c in self.counts.items()},
            "fields": {t: {f: a.to_dict() for f, a in fs.items()} for t, fs in self.fields.items()},
            "meta": self.meta,
        }


@dataclass
class Report:
    groups: dict[str, GroupResult]  # source_format → scores, plus "all"
    documents: list[DocResult]
    gold_without_documents: list[str]  # gold stems no (selected) rendition was found for
    documents_without_gold: list[str]  # source_paths not scored

    def to_dict(self) -> dict:
        return {
            "groups": {g: r.to_dict() for g, r in self.groups.items()},
            "documents": [d.to_dict() for d in self.documents],
            "gold_without_documents": self.gold_without_documents,
            "documents_without_gold": self.documents_without_gold,
        }


# ---------------------------------------------------------------------------------------- score

def score_document(stem: str, gold: dict, doc_row: dict, tables: dict[str, pd.DataFrame]
                   ) -> DocResult:
    """One rendition (``doc_row``, its documents row) scored against its gold file."""
    res = DocResult(stem=stem, source_path=str(doc_row.get("source_path")),
                    source_format=code_key(clean(doc_row.get("source_format")) or "?"),
                    doc_id=clean(doc_row.get("doc_id")), status=clean(doc_row.get("status")),
                    text=clean(doc_row.get("text")))
    for t in TABLES:
        g = [entry(t, x) for x in gold.get(t) or []]
        e = [entry(t, x) for x in dedupe(t, doc_rows(tables.get(t), doc_row.get("doc_id")))]
        pairs = match(t, g, e)
        res.counts[t] = Counts(tp=len(pairs), fp=len(e) - len(pairs), fn=len(g) - len(pairs))
        gi, ej = {i for i, _ in pairs}, {j for _, j in pairs}
        res.misses[t] = [x for i, x in enumerate(g) if i not in gi]
        res.extras[t] = [x for j, x in enumerate(e) if j not in ej]
        res.wrong[t] = []
        if t in FIELD_KINDS:
            kinds = FIELD_KINDS[t]
            res.fields[t] = {f: Accuracy() for f in kinds}
            for i, j in pairs:
                bad = []
                for f, kind in kinds.items():
                    ok = same(kind, g[i].get(f), e[j].get(f))
                    res.fields[t][f].add(ok)
                    if not ok:
                        bad.append({"field": f, "gold": g[i].get(f), "extracted": e[j].get(f)})
                if bad:
                    res.wrong[t].append({"label": g[i]["label"], "fields": bad, "surface": g[i].get("surface"),
                                         **({"char_start": e[j]["char_start"]} if "char_start" in e[j] else {})})
    extracted_meta = {f: clean(doc_row.get(f)) for f in META_FIELDS if f != "period"}
    extracted_meta["period"] = period_of(doc_row.get("period_start"), doc_row.get("period_end"))
    res.fields["meta"] = {}
    for f, kind in FIELD_KINDS["meta"].items():
        gv, ev = clean((gold.get("meta") or {}).get(f)), extracted_meta[f]
        ok = same(kind, gv, ev)
        res.fields["meta"][f] = Accuracy(correct=int(ok), total=1)
        res.meta[f] = {"gold": gv, "extracted": ev, "correct": ok}
    return res


def score(dataset_tables: dict[str, pd.DataFrame], gold_dir: Path,
          formats: list[str] | None = None) -> Report:
    """Score every rendition that has a gold file; group by source_format and overall ("all")."""
    gold = load_gold(gold_dir)
    want = {f.strip().lstrip(".").casefold() for f in formats} if formats else None
    docs = dataset_tables["documents"].to_dict("records")
    results, without_gold, found = [], [], set()
    for row in sorted(docs, key=lambda r: str(r.get("source_path"))):
        fmt = code_key(clean(row.get("source_format")) or "?")
        if want is not None and fmt not in want:
            continue
        stem = source_stem(str(row.get("source_path")))
        if stem not in gold:
            without_gold.append(str(row.get("source_path")))
            continue
        found.add(stem)
        results.append(score_document(stem, gold[stem], row, dataset_tables))
    groups: dict[str, GroupResult] = {}
    for r in results:
        groups.setdefault(r.source_format, GroupResult()).add(r)
    groups = dict(sorted(groups.items()))
    everything = GroupResult()
    for r in results:
        everything.add(r)
    groups["all"] = everything
    return Report(groups=groups, documents=results,
                  gold_without_documents=sorted(set(gold) - found),
                  documents_without_gold=without_gold)


