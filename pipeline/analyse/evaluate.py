"""Score an extracted dataset against the gold set: ``kehoach eval --gold gold/ DATASET``.

Each gold file ``gold/<stem>.json`` is scored against every ``documents`` row whose
``source_path`` has that stem (``000_x.txt``, ``000_x.docx``, ``000_x.pdf`` are three
renditions, scored separately and grouped by ``source_format``).  The extraction is first
deduplicated the way the annotation guidelines count (one citation per ``cited_key``, one date per
``(value, kind)``, one assignment per ``(agency, role)``, every target), then matched one-to-one
against the gold lists by the rules of ``gold/README.md``.

Like spaCy's Scorer, true/false positives and negatives add up over documents (micro average),
and a table with nothing to score on either side reports ``None`` ("n/a"), never a made-up 0 or 1.
Fields are scored on matched pairs only, as accuracy; ``meta`` fields as accuracy over documents.
"""
from __future__ import annotations

import json
import math
import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path, PurePosixPath
from typing import Any, Callable

import pandas as pd

from extractors.rules.lexicon import fold, key

TABLES = ("citations", "targets", "assignments", "dates")
DATASET_TABLES = ("documents",) + TABLES
META_FIELDS = (
    "doc_type", "doc_number", "doc_symbol", "issue_date", "issuer",
    "locality_name", "locality_type", "locality_level", "province", "period",
    "signer_name", "signer_title",
)
CITATION_FIELDS = ("type", "number", "name", "date", "issuer", "relation")
TARGET_FIELDS = ("value_max", "comparator", "deadline", "domain", "indicator")
INDICATOR_OVERLAP = 0.5  # word-overlap coefficient at which an indicator counts as correct
_FLOAT_TOL = 1e-6


# ---------------------------------------------------------------------------------------- loading

def load_dataset(path: Path) -> dict[str, pd.DataFrame]:
    """The dataset's tables, ``DATASET/<table>.parquet`` (a file or a partitioned directory).

    ``documents`` must exist; a missing fact table reads as empty (every gold entry then counts
    as missed), so a dataset written before an extractor existed can still be scored.
    """
    path = Path(path)
    tables: dict[str, pd.DataFrame] = {}
    for name in DATASET_TABLES:
        p = path / f"{name}.parquet"
        if not p.exists():
            if name == "documents":
                raise FileNotFoundError(f"{p}: no documents table; is {path} a kehoach dataset?")
            tables[name] = pd.DataFrame({"doc_id": pd.Series([], dtype=object)})
            continue
        tables[name] = pd.read_parquet(p)
    return tables


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


def _code(s: Any) -> str:
    return str(s).strip().casefold()


_COMPARE: dict[str, Callable[[Any, Any], bool]] = {
    "name": lambda g, e: key(str(g)) == key(str(e)),
    "law": lambda g, e: law_key(str(g)) == law_key(str(e)),
    "number": lambda g, e: number_key(str(g)) == number_key(str(e)),
    "code": lambda g, e: _code(g) == _code(e),
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


def _entry(table: str, row: dict) -> dict:
    e = {c: clean(row.get(c)) for c in _COLUMNS[table]}
    e["label"] = describe(table, e)
    start = _as_float(row.get("char_start"))
    if start is not None:  # an extracted row: where it is, for --details
        e["char_start"] = int(start)
    return e


def _rows(df: pd.DataFrame, doc_id: Any) -> list[dict]:
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
            k = (str(clean(r.get("value"))), _code(clean(r.get("kind"))))
        else:
            agency = clean(r.get("agency"))
            k = (key(str(agency)) if agency is not None else None, _code(clean(r.get("role"))))
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
            _code(e.get("role")),
        ))
    if table == "dates":
        return _match_by_key(gold, ext, lambda e: (str(clean(e.get("value"))), _code(e.get("kind"))))
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


# ---------------------------------------------------------------------------------------- score

def score_document(stem: str, gold: dict, doc_row: dict, tables: dict[str, pd.DataFrame]
                   ) -> DocResult:
    res = DocResult(stem=stem, source_path=str(doc_row.get("source_path")),
                    source_format=_code(clean(doc_row.get("source_format")) or "?"),
                    doc_id=clean(doc_row.get("doc_id")), status=clean(doc_row.get("status")),
                    text=clean(doc_row.get("text")))
    for t in TABLES:
        g = [_entry(t, x) for x in gold.get(t) or []]
        e = [_entry(t, x) for x in dedupe(t, _rows(tables.get(t), doc_row.get("doc_id")))]
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
        fmt = _code(clean(row.get("source_format")) or "?")
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


# ------------------------------------------------------------------------------------ printing

def _pct(v: float | None) -> str:
    return "n/a" if v is None else f"{100 * v:.1f}"


def print_report(report: Report, console=None) -> None:
    from rich.console import Console
    from rich.table import Table

    console = console or Console()
    shown = [g for g in report.groups if g != "all"]
    if len(shown) != 1:
        shown.append("all")
    for name in shown:
        g = report.groups[name]
        t = Table(title=f"{name}: {g.documents} document(s)", title_justify="left")
        t.add_column("table")
        for c in ("P", "R", "F1", "TP", "FP", "FN"):
            t.add_column(c, justify="right")
        for tab, c in g.counts.items():
            t.add_row(tab, _pct(c.precision), _pct(c.recall), _pct(c.f1),
                      str(c.tp), str(c.fp), str(c.fn))
        console.print(t)
        f = Table(title=f"{name}: field accuracy on matched pairs", title_justify="left")
        f.add_column("field")
        f.add_column("acc", justify="right")
        f.add_column("correct/matched", justify="right")
        for tab in ("citations", "targets", "meta"):
            for fname, a in g.fields[tab].items():
                f.add_row(f"{tab}.{fname}", _pct(a.value), f"{a.correct}/{a.total}")
        f.add_row("[bold]meta (mean)[/]", _pct(g.meta), "")
        console.print(f)
    if report.gold_without_documents:
        console.print("[yellow]gold files with no rendition in the dataset:[/] "
                      + ", ".join(report.gold_without_documents))
    if report.documents_without_gold:
        console.print(f"[dim]{len(report.documents_without_gold)} document(s) without a gold "
                      "file, not scored[/]")


_SENTENCE_END = re.compile(r"[.!?;…](?=\s)|\n")
_CONTEXT = 110  # characters of the sentence shown on each side of the fact, at most


def sentence_at(text: str, start: int, end: int | None = None) -> tuple[str, int, int]:
    """The sentence (or line) around ``text[start:end]``: (sentence, start and end of the fact in
    it).  Long sentences are cut to ``_CONTEXT`` characters on each side, marked ``…``."""
    end = start if end is None else max(start, end)
    left = 0
    for m in _SENTENCE_END.finditer(text, max(0, start - 2000), start):
        left = m.end()
    while left < start and text[left].isspace():
        left += 1
    m = _SENTENCE_END.search(text, end)
    right = m.end() if m and m.group(0) != "\n" else (m.start() if m else len(text))
    lo, hi = max(left, start - _CONTEXT), min(right, end + _CONTEXT)
    # cut on a space, not inside a word
    if lo > left:
        sp = text.find(" ", lo, start)
        lo = sp + 1 if sp != -1 else lo
    if hi < right:
        sp = text.rfind(" ", end, hi)
        hi = sp if sp != -1 else hi
    pre = "…" if lo > left else ""
    post = "…" if hi < right else ""
    piece = pre + text[lo:hi].rstrip() + post
    piece = piece.replace("\n", " ")
    return piece, len(pre) + start - lo, len(pre) + end - lo


def find_surface(text: str | None, surface: str | None, near: int | None = None) -> tuple[int, int] | None:
    """Where a gold ``surface`` is in the text: as written, else folded (case, tone placement,
    slips), spacing free either way; the occurrence nearest ``near`` when given, else the first."""
    words = unicodedata.normalize("NFC", surface or "").split()
    if not text or not words:
        return None
    found = [m.span() for m in re.finditer(r"\s+".join(map(re.escape, words)), text)]
    if not found:
        folded = _folded(text)  # same length as the text: its offsets are the text's
        found = [m.span() for m in re.finditer(r"\s+".join(re.escape(fold(w)) for w in words), folded)]
    if not found:
        return None
    return min(found, key=lambda se: abs(se[0] - near)) if near is not None else found[0]


@lru_cache(maxsize=4)
def _folded(text: str) -> str:
    return fold(text)


def _show(console, text: str | None, span: tuple[int, int] | None, escape) -> None:
    if not text or span is None:
        console.print("        [dim](not found in the text)[/]")
        return
    sent, a, b = sentence_at(text, *span)
    console.print("        [dim]" + escape(sent[:a]) + "[/][bold]" + escape(sent[a:b]) + "[/][dim]"
                  + escape(sent[b:]) + "[/]", soft_wrap=True)


def print_details(report: Report, console=None, only: list[str] | None = None) -> None:
    """Every miss (-), extra (+) and wrong field (~), grouped by table, then by document, each
    with the sentence around it (the fact in bold): a gold miss where its ``surface`` is found in
    the text, an extra at its ``char_start``.  ``only`` keeps those tables (``meta`` among them)."""
    from rich.console import Console
    from rich.markup import escape

    console = console or Console()
    wanted = [t for t in ("meta",) + TABLES if not only or t in only]
    for t in wanted:
        if t == "meta":
            bad = [(d, f, m) for d in report.documents for f, m in d.meta.items() if not m["correct"]]
            console.rule(f"meta: {len(bad)} wrong field(s)", align="left")
            last = None
            for d, f, m in bad:
                if d is not last:
                    console.print(escape(f"{d.source_path} ({d.source_format}, {d.status})"), style="bold")
                    last = d
                console.print(escape(f"  ~ {f}: {m['gold']!r} → {m['extracted']!r}"))
            continue
        n_miss = sum(len(d.misses.get(t, [])) for d in report.documents)
        n_extra = sum(len(d.extras.get(t, [])) for d in report.documents)
        n_wrong = sum(len(d.wrong.get(t, [])) for d in report.documents)
        console.rule(f"{t}: {n_miss} missed, {n_extra} extra, {n_wrong} with wrong fields", align="left")
        for d in report.documents:
            misses, extras, wrong = d.misses.get(t, []), d.extras.get(t, []), d.wrong.get(t, [])
            if not (misses or extras or wrong):
                continue
            console.print(escape(f"{d.source_path} ({d.source_format}, {d.status})"), style="bold")
            for e in misses:
                console.print("  [red]-[/] " + escape(e["label"]))
                _show(console, d.text, find_surface(d.text, e.get("surface")), escape)
            for e in extras:
                console.print("  [yellow]+[/] " + escape(e["label"]))
                at = e.get("char_start")
                span = None if at is None else (at, at + len(e.get("surface") or ""))
                _show(console, d.text, span, escape)
            for w in wrong:
                diffs = "; ".join(f"{x['field']}: {x['gold']!r} → {x['extracted']!r}" for x in w["fields"])
                console.print("  [cyan]~[/] " + escape(f"{w['label']}: {diffs}"))
                at = w.get("char_start")
                span = (find_surface(d.text, w.get("surface"), at) if w.get("surface")
                        else None if at is None else (at, at))
                _show(console, d.text, span, escape)


def _delta(old: float | None, new: float | None) -> str:
    if old is None and new is None:
        return "n/a"
    if old is None or new is None:
        return f"{_pct(old)} → {_pct(new)}"
    d = 100 * (new - old)
    return f"{_pct(old)} → {_pct(new)} ({d:+.1f})"


def print_baseline(report: Report, baseline: dict, console=None) -> None:
    """F1 changes against a saved ``--json`` output, per table and per document, and the
    entries gained (no longer missed / extra) and lost (newly missed / extra)."""
    from rich.console import Console
    from rich.markup import escape
    from rich.table import Table

    console = console or Console()
    new = report.to_dict()
    t = Table(title="F1 against the baseline", title_justify="left")
    for c in ("group", "table", "F1 old → new"):
        t.add_column(c)
    for g, gr in new["groups"].items():
        old_g = baseline.get("groups", {}).get(g, {}).get("tables", {})
        for tab, c in gr["tables"].items():
            t.add_row(g, tab, _delta(old_g.get(tab, {}).get("f1"), c["f1"]))
        old_meta = baseline.get("groups", {}).get(g, {}).get("meta")
        t.add_row(g, "meta (acc)", _delta(old_meta, gr["meta"]))
    console.print(t)

    old_docs = {d["source_path"]: d for d in baseline.get("documents", [])}
    for d in new["documents"]:
        od = old_docs.get(d["source_path"])
        if od is None:
            console.print(escape(f"{d['source_path']}: not in the baseline"))
            continue
        lines = []
        for tab in TABLES:
            of, nf = od.get("tables", {}).get(tab, {}).get("f1"), d["tables"][tab]["f1"]
            if of != nf:
                lines.append(f"  {tab} F1 {_delta(of, nf)}")
            for kind in ("misses", "extras"):
                old_l = {e["label"] for e in od.get(kind, {}).get(tab, [])}
                new_l = {e["label"] for e in d[kind][tab]}
                what = "missed" if kind == "misses" else "extra"
                for lab in sorted(old_l - new_l):
                    lines.append(f"  [green]gained[/] {tab} (was {what}): " + escape(lab))
                for lab in sorted(new_l - old_l):
                    lines.append(f"  [red]lost[/] {tab} (now {what}): " + escape(lab))
        if lines:
            console.print(escape(d["source_path"]))
            for ln in lines:
                console.print(ln)


# ------------------------------------------------------------------------------------------ CLI

def eval_command(dataset: Path, gold: Path, formats: list[str] | None, json_out: Path | None,
                 details: bool, baseline: Path | None, only: list[str] | None = None) -> int:
    """``kehoach eval``: print scores; 0 when something was scored, 1 otherwise (2: an unknown
    table in ``only``).  ``only``
    limits ``details`` to those tables (``citations``, ``targets``, ``assignments``, ``dates``,
    ``meta``)."""
    from rich.console import Console

    console = Console()
    err = Console(stderr=True)
    unknown = sorted(set(only or []) - {"meta", *TABLES})
    if unknown:
        err.print(f"[red]--table {', '.join(unknown)}: not one of meta, {', '.join(TABLES)}[/]")
        return 2  # a usage error
    if not Path(gold).is_dir() or not any(Path(gold).glob("*.json")):
        err.print(f"[red]{gold}: no gold files (*.json) there[/]")
        return 1
    try:
        tables = load_dataset(Path(dataset))
    except Exception as e:  # unreadable parquet, missing documents table, ...
        err.print(f"[red]cannot read the dataset: {e}[/]")
        return 1
    report = score(tables, Path(gold), formats)
    if not report.documents:
        err.print("[red]no document in the dataset has a gold file"
                  + (f" in format(s) {', '.join(formats)}" if formats else "") + "[/]")
        return 1
    print_report(report, console)
    if details:
        print_details(report, console, only)
    if baseline is not None:
        try:
            with open(baseline, encoding="utf-8") as fh:
                old = json.load(fh)
        except (OSError, json.JSONDecodeError) as e:
            err.print(f"[red]cannot read the baseline {baseline}: {e}[/]")
            return 1
        print_baseline(report, old, console)
    if json_out is not None:
        Path(json_out).parent.mkdir(parents=True, exist_ok=True)
        with open(json_out, "w", encoding="utf-8") as fh:
            json.dump(report.to_dict(), fh, ensure_ascii=False, indent=1, default=str)
    return 0
