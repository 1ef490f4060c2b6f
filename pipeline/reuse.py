"""Reuse: the sentences a plan shares, verbatim or nearly, with another plan of the dataset.

Computed after extraction, across every plan written in one run (``OUT/reuse.parquet``):

* **Units.** A plan's sentences (``pipeline.sentences``) of at least ``MIN_WORDS`` words once
  normalised: folded (lower case, tone placement, slips), the leading list mark (``-``, ``1.``,
  ``a)``, ``(2)``) and punctuation dropped, spaces collapsed.
* **Similarity.** Jaccard similarity of the two units' sets of character ``K``-grams; a pair
  counts at ``THRESHOLD`` (0.9) or more — a verbatim copy scores 1.0, a copy with the year
  changed ("năm 2024" → "năm 2025") about 0.95.  Candidates come from prefix filtering over the
  rarest shingles (exact for the threshold, not a sample), so the cost stays near linear.
* **Plans, not files.** Renditions of one plan (the same source path without its suffix, or
  the same text) never count as reuse: files are grouped into plans, each plan is represented
  by one rendition (``txt`` first, then ``md``, ``docx``, ``html``, ``pdf``), and every file is
  compared with the representatives of the *other* plans.  Files with the same text are
  compared once and get the same rows.
* **Rows.** One per (sentence of a file, other plan): the best-matching sentence of that other
  plan's representative, with both offsets and the similarity.

``share`` — the part of a file's units found in another plan — is what the report shows.
"""
from __future__ import annotations

import hashlib
import math
import re
from collections import defaultdict
from collections.abc import Iterable
from pathlib import PurePosixPath

from .sentences import spans as sentence_spans

MIN_WORDS = 8
THRESHOLD = 0.9
K = 5
FORMAT_ORDER = ("txt", "md", "docx", "html", "pdf", "doc", "image")
_MARK = re.compile(r"^(?:\s*(?:[-+•*–]+|\(?\d{1,2}(?:\.\d{1,2})*[.)]|[a-zđ]\)|\(\w{1,3}\)))+\s*")
_PUNCT = re.compile(r"[^\w\s]+")
_WS = re.compile(r"\s+")


def normalise(sentence: str) -> str:
    from extractors.lexicon import fold

    s = _MARK.sub("", fold(sentence))
    return _WS.sub(" ", _PUNCT.sub(" ", s)).strip()


def units(text: str) -> list[tuple[int, int, str]]:
    """(start, end, normalised sentence) for every sentence long enough to compare."""
    out = []
    for s, e in sentence_spans(text):
        n = normalise(text[s:e])
        if len(n.split()) >= MIN_WORDS:
            out.append((s, e, n))
    return out


def shingles(norm: str) -> frozenset[str]:
    return frozenset(norm[i:i + K] for i in range(max(1, len(norm) - K + 1)))


def jaccard(a: frozenset, b: frozenset) -> float:
    inter = len(a & b)
    return inter / (len(a) + len(b) - inter) if inter else 0.0


def text_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _stem(source_path: str) -> str:
    p = PurePosixPath(source_path)
    return str(p.with_suffix("")) if p.suffix else str(p)


def plan_groups(docs: Iterable[dict]) -> dict[str, str]:
    """doc_id → plan key: files with the same path stem or the same text are one plan."""
    docs = [d for d in docs if d.get("text")]
    parent: dict[str, str] = {d["doc_id"]: d["doc_id"] for d in docs}

    def find(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for key in ("stem", "hash"):
        first: dict[str, str] = {}
        for d in docs:
            k = _stem(d["source_path"]) if key == "stem" else text_hash(d["text"])
            if k in first:
                a, b = find(first[k]), find(d["doc_id"])
                if a != b:
                    parent[max(a, b)] = min(a, b)
            else:
                first[k] = d["doc_id"]
    return {d["doc_id"]: find(d["doc_id"]) for d in docs}


def _rank(d: dict) -> tuple:
    fmt = d.get("source_format")
    return (0 if d.get("status") == "ok" else 1,
            FORMAT_ORDER.index(fmt) if fmt in FORMAT_ORDER else len(FORMAT_ORDER), d["source_path"])


def representatives(docs: Iterable[dict], groups: dict[str, str] | None = None) -> dict[str, str]:
    """plan key → doc_id of the rendition that stands for the plan."""
    docs = [d for d in docs if d.get("text")]
    groups = groups or plan_groups(docs)
    best: dict[str, dict] = {}
    for d in docs:
        g = groups[d["doc_id"]]
        if g not in best or _rank(d) < _rank(best[g]):
            best[g] = d
    return {g: d["doc_id"] for g, d in best.items()}


def rows(docs: Iterable[dict]) -> list[dict]:
    """The reuse table: one row per (sentence of a file, other plan) at THRESHOLD or above."""
    docs = [d for d in docs if d.get("text") and d.get("status") != "error"]
    groups = plan_groups(docs)
    reps = representatives(docs, groups)
    by_id = {d["doc_id"]: d for d in docs}

    # the index: units of each plan's representative, keyed by their prefix shingles
    index_units: list[tuple[str, int, int, frozenset]] = []  # (plan, start, end, shingles)
    for g, doc_id in reps.items():
        for s, e, n in units(by_id[doc_id]["text"]):
            index_units.append((g, s, e, shingles(n)))
    freq: dict[str, int] = defaultdict(int)
    for *_, sh in index_units:
        for x in sh:
            freq[x] += 1

    def prefix(sh: frozenset) -> list[str]:
        ordered = sorted(sh, key=lambda x: (freq.get(x, 0), x))
        return ordered[:len(ordered) - math.ceil(THRESHOLD * len(ordered) - 1e-9) + 1]

    postings: dict[str, list[int]] = defaultdict(list)
    for i, (*_, sh) in enumerate(index_units):
        for x in prefix(sh):
            postings[x].append(i)

    out: list[dict] = []
    done: dict[str, list[dict]] = {}  # text hash → rows of the first file with that text
    for d in sorted(docs, key=lambda d: (d["source_path"], d["doc_id"])):
        h = text_hash(d["text"])
        if h in done:
            out += [{**r, "doc_id": d["doc_id"]} for r in done[h]]
            continue
        mine, found = groups[d["doc_id"]], []
        for s, e, n in units(d["text"]):
            sh = shingles(n)
            best: dict[str, tuple[float, int]] = {}
            for i in {i for x in prefix(sh) for i in postings.get(x, ())}:
                g, _, _, other = index_units[i]
                if g == mine or not (THRESHOLD * len(sh) <= len(other) <= len(sh) / THRESHOLD):
                    continue
                sim = jaccard(sh, other)
                if sim >= THRESHOLD and (g not in best or (sim, -i) > (best[g][0], -best[g][1])):
                    best[g] = (sim, i)
            for g, (sim, i) in sorted(best.items(), key=lambda kv: reps[kv[0]]):
                _, os_, oe, _ = index_units[i]
                found.append({"doc_id": d["doc_id"], "other_doc_id": reps[g], "sentence_start": s, "sentence_end": e,
                              "other_start": os_, "other_end": oe, "similarity": round(sim, 4)})
        done[h] = found
        out += found
    return sorted(out, key=lambda r: (r["doc_id"], r["sentence_start"], r["other_doc_id"]))


def shares(docs: Iterable[dict], reuse_rows: Iterable[dict]) -> dict[str, tuple[int, int]]:
    """doc_id → (units found in another plan, units compared)."""
    hit: dict[str, set] = defaultdict(set)
    for r in reuse_rows:
        hit[r["doc_id"]].add(r["sentence_start"])
    return {d["doc_id"]: (len(hit[d["doc_id"]]), len(units(d["text"]))) for d in docs if d.get("text")}
