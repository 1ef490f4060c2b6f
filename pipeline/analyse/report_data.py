"""The dataset as the report reads it (``pipeline.analyse.report``): every table's rows as plain
Python values, the files grouped into plans with the rendition that stands for each and their
labels, the reuse rows and each plan's share counted from them — the ``Context`` every page
reads.

It computes no facts: a file's plan is ``documents.plan_id``, the file standing for the plan
``documents.plan_doc_id`` (both written by ``kehoach extract``, ``extractors/reuse.py``), a plan's
reuse share is counted from the rows of ``reuse.parquet``.  A dataset written by an older
kehoach lacks some of these: each file is then its own plan, and the pages say so.
"""
from __future__ import annotations

import json
import math
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import pyarrow.parquet as pq

TABLES = ("documents", "citations", "targets", "assignments", "dates", "staleness", "reuse")


def _clean(v):
    """A JSON-safe Python value (NaN → None)."""
    if v is None:
        return None
    if isinstance(v, float) and math.isnan(v):
        return None
    if hasattr(v, "item") and not isinstance(v, (str, bytes)):
        return _clean(v.item())
    return v


def load(dataset: Path) -> dict[str, list[dict] | None]:
    """Rows of every table (as plain Python values); None for a table the dataset lacks."""
    out: dict[str, list[dict] | None] = {}
    for name in TABLES:
        p = Path(dataset) / f"{name}.parquet"
        out[name] = [{k: _clean(v) for k, v in r.items()} for r in pq.read_table(p).to_pylist()] if p.exists() else None
    if out["documents"] is None:
        raise FileNotFoundError(f"{dataset}/documents.parquet not found: is {dataset} a kehoach dataset?")
    return out


def period_of(d: dict) -> str:
    """A plan's period as a label: ``2025``, ``2019–2020``, or empty."""
    a, b = d.get("period_start"), d.get("period_end")
    if not a:
        return ""
    return str(a) if not b or b == a else f"{a}–{b}"


class Plans:
    """Files grouped into plans, the rendition that stands for each, and their labels."""

    def __init__(self, docs: list[dict]):
        self.docs = {d["doc_id"]: d for d in docs}
        readable = [d for d in docs if d.get("text") and d.get("status") != "error"]
        # the dataset's plan_id and the file standing for each plan (plan_doc_id, schema 1.5); a dataset
        # written before them: each file is its own plan
        self.has_plan_ids = all(d.get("plan_id") and d.get("plan_doc_id") for d in readable)
        self.group: dict[str, str] = {}  # doc_id → its plan
        self.rep_of_group: dict[str, str] = {}  # plan → the doc_id standing for it
        for d in readable:
            g = d["plan_id"] if self.has_plan_ids else d["doc_id"]
            self.group[d["doc_id"]] = g
            self.rep_of_group[g] = d["plan_doc_id"] if self.has_plan_ids else d["doc_id"]
        self.reps = sorted(self.rep_of_group.values(), key=lambda i: self.docs[i]["source_path"])
        labels: dict[str, str] = {}
        for i in self.reps:
            d = self.docs[i]
            loc = " ".join(x for x in (d.get("locality_type"), d.get("locality_name")) if x)
            labels[i] = f"{loc} {period_of(d)}".strip() or Path(d["source_path"]).stem
        counts = Counter(labels.values())
        for i, lab in labels.items():
            if counts[lab] > 1:
                labels[i] = f"{lab} ({Path(self.docs[i]['source_path']).stem})"
        self.labels = labels

    def rep(self, doc_id: str) -> str | None:
        g = self.group.get(doc_id)
        return self.rep_of_group.get(g) if g else None

    def label(self, doc_id: str) -> str:
        r = self.rep(doc_id)
        if r is None:
            return self.docs[doc_id]["source_path"]
        return self.labels[r]

    def renditions(self, doc_id: str) -> list[str]:
        g = self.group.get(doc_id)
        if g is None:
            return [doc_id]
        return sorted((i for i, gg in self.group.items() if gg == g), key=lambda i: self.docs[i]["source_path"])


def reuse_shares(reuse_rows: Iterable[dict]) -> dict[str, tuple[int, int]]:
    """The file standing for each plan (the reuse table's ``doc_id``) → (its sentences found in
    another plan, its sentences compared), counted from the reuse table's rows (a plan with no
    row shares nothing)."""
    hit: dict[str, set] = defaultdict(set)
    total: dict[str, int] = {}
    for r in reuse_rows:
        hit[r["doc_id"]].add(r["sentence_start"])
        total[r["doc_id"]] = r["sentences"]
    return {d: (len(hit[d]), total[d]) for d in hit}


@dataclass
class Context:
    """What the pages read: the dataset's rows, its manifest, its plans and its reuse."""

    dataset: Path
    t: dict[str, list[dict] | None]  # every table's rows (None: the dataset lacks the table)
    manifest: dict
    plans: Plans
    reuse: list[dict] = field(default_factory=list)  # the reuse rows (none from a dataset older than plan reuse)
    shares: dict[str, tuple[int, int]] = field(default_factory=dict)  # see reuse_shares
    reuse_note: str | None = None  # why there is no reuse to show

    def rep_rows(self, table: str) -> list[dict]:
        """The rows of ``table`` of the files standing for the plans (the comparison pages)."""
        reps = set(self.plans.reps)
        return [r for r in (self.t[table] or []) if r["doc_id"] in reps]


def read_context(dataset: Path) -> Context:
    """Read DATASET for the report (``FileNotFoundError`` when it has no documents table)."""
    dataset = Path(dataset)
    t = load(dataset)
    manifest_path = dataset / "manifest.json"
    manifest = json.loads(manifest_path.read_text(encoding="utf-8")) if manifest_path.exists() else {}
    ctx = Context(dataset=dataset, t=t, manifest=manifest, plans=Plans(t["documents"]))
    # the report computes no facts: it shows the dataset's tables (an older dataset lacks some)
    reuse_rows = t["reuse"] or []
    if t["reuse"] is None or (reuse_rows and "plan_id" not in reuse_rows[0]):
        reuse_rows = []
        ctx.reuse_note = ("This dataset has no reuse table of plans (it was written by an older kehoach); run "
                          "kehoach extract again to get it.")
    ctx.reuse = reuse_rows
    ctx.shares = reuse_shares(reuse_rows)
    return ctx
