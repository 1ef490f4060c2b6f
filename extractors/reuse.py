"""Reuse: the sentences a plan shares, verbatim or nearly, with another plan of the dataset.

Computed after extraction, across every plan written in one run (``OUT/reuse.parquet``):

* **Units.** A plan's sentences (``pipeline.text.sentences``) of at least ``MIN_WORDS`` words once
  normalised: folded (lower case, tone placement, slips), the leading list mark (``-``, ``1.``,
  ``a)``, ``(2)``) and punctuation dropped, spaces collapsed.
* **Similarity.** Jaccard similarity of the two units' sets of character ``K``-grams; a pair
  counts at ``THRESHOLD`` (0.9) or more — a verbatim copy scores 1.0, a copy with the year
  changed ("năm 2024" → "năm 2025") about 0.95.  Candidates come from prefix filtering over the
  rarest shingles (exact for the threshold, not a sample), so the cost stays near linear.
* **Plans, not files** (``plan_id``).  The same plan in several formats is one plan: files
  whose normalised texts (folded words, punctuation and spacing dropped) are equal, or whose
  sets of word 4-grams have a Jaccard similarity of at least ``PLAN_THRESHOLD`` (0.5,
  estimated by MinHash, candidate pairs by LSH, so near linear) while their issue date and
  period do not disagree.  Measured on the devset's 88 renditions (txt, docx, odt, rtf, doc,
  html, LibreOffice and Chromium PDFs, TCVN3/VNI, scans read by OCR): renditions of one plan
  score 0.82–1.0, different plans at most 0.14.  A plan's ``plan_id`` is the hash of the
  normalised text of the rendition that stands for it (``txt`` first, then ``md``, ``docx``,
  ``html``, ``pdf``).
* **Rows.** One per (sentence of a plan, other plan), read in each plan's standing rendition:
  the best-matching sentence of the other plan, with both offsets, the similarity and the
  number of sentences of the plan that were compared (``sentences``): renditions of one plan
  and one content under two paths are never reuse and never repeat rows.

**Once, in one place.** ``across_plans`` computes all of it (plan ids, the rendition standing
for each plan, the reuse rows) over the documents of the new snapshot, once per run:
``pipeline.run.engine`` calls it and hands the result to ``pipeline.store.dataset``, which
writes ``plan_id`` on every row of every table, ``documents.plan_doc_id`` and the reuse table.
A plan's ``share`` — the part of its units found in another plan — the report counts from the
reuse table's rows.
"""
from __future__ import annotations

import functools
import hashlib
import math
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from pipeline.text.sentences import spans as sentence_spans

MIN_WORDS = 8
THRESHOLD = 0.9
K = 5
FORMAT_ORDER = ("txt", "md", "docx", "html", "pdf", "doc", "image")
_MARK = re.compile(r"^(?:\s*(?:[-+•*–]+|\(?\d{1,2}(?:\.\d{1,2})*[.)]|[a-zđ]\)|\(\w{1,3}\)))+\s*")
_PUNCT = re.compile(r"[^\w\s]+")
_WS = re.compile(r"\s+")


def normalise(sentence: str) -> str:
    from extractors.rules.lexicon import fold

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


def _rank(d: dict) -> tuple:
    fmt = d.get("source_format")
    return (0 if d.get("status") == "ok" else 1,
            FORMAT_ORDER.index(fmt) if fmt in FORMAT_ORDER else len(FORMAT_ORDER), d.get("source_path") or "")


def _readable(d: dict) -> bool:
    return bool(d.get("text")) and d.get("status") != "error"


def plan_groups(docs: Iterable[dict]) -> dict[str, str]:
    """doc_id → plan_id for the files that have text (see ``plan_ids``)."""
    return plan_ids(plan_signature(d) for d in docs)


def _standing(docs: Iterable[dict], groups: dict[str, str]) -> dict[str, dict]:
    """plan_id → the row of the rendition that stands for the plan, among ``docs`` (files with
    text): the first by ``_rank`` (``ok`` first, then ``FORMAT_ORDER``, then source path)."""
    best: dict[str, dict] = {}
    for d in docs:
        g = groups.get(d["doc_id"])
        if g is not None and (g not in best or _rank(d) < _rank(best[g])):
            best[g] = d
    return best


def representatives(docs: Iterable[dict], groups: dict[str, str] | None = None) -> dict[str, str]:
    """plan_id → doc_id of the rendition that stands for the plan."""
    docs = [d for d in docs if _readable(d)]
    groups = groups if groups is not None else plan_groups(docs)
    return {g: d["doc_id"] for g, d in _standing(docs, groups).items()}


# --------------------------------------------------------------------------- plans (plan_id)

PLAN_K = 4  # words per shingle
PLAN_THRESHOLD = 0.5  # Jaccard of word 4-grams at or above which two files are one plan
PLAN_HASHES, PLAN_BANDS = 128, 32  # MinHash signature and its LSH bands (4 rows each)
PLAN_META = ("issue_date", "period_start", "period_end")  # two renditions never differ in these
_WORD = re.compile(r"\w+")
_MASK64 = (1 << 64) - 1


def plan_words(text: str) -> list[str]:
    """The words of a text, folded (case, tone placement): what renditions of one plan share."""
    from extractors.rules.lexicon import fold

    return _WORD.findall(fold(text))


def _seeds():
    import numpy as np

    return np.array([(0x9E3779B97F4A7C15 * (i + 1)) & _MASK64 for i in range(PLAN_HASHES)], dtype=np.uint64)


def _mix(x):
    """splitmix64's finaliser on a uint64 array (wrapping arithmetic)."""
    import numpy as np

    with np.errstate(over="ignore"):
        x = (x ^ (x >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
        x = (x ^ (x >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
        return x ^ (x >> np.uint64(31))


def plan_signature(doc: dict) -> dict | None:
    """What plan grouping needs of one file (its text is not kept): the hash of its normalised
    text (``plan_id`` when it stands for its plan), a MinHash of its word 4-grams, its rank
    among renditions and the metadata renditions share.  None for a file without text."""
    import numpy as np

    if not _readable(doc):
        return None
    words = plan_words(doc["text"])
    norm = " ".join(words)
    grams = {" ".join(words[i:i + PLAN_K]) for i in range(max(1, len(words) - PLAN_K + 1))} or {""}
    h = np.array([int.from_bytes(hashlib.blake2b(g.encode("utf-8"), digest_size=8).digest(), "little")
                  for g in grams], dtype=np.uint64)
    return _signature(doc, hashlib.sha256(norm.encode("utf-8")).hexdigest()[:16],
                      _mix(h[:, None] ^ _seeds()[None, :]).min(axis=0))


def _signature(doc: dict, norm_hash: str, minhash) -> dict:
    """A signature from its two hashes (made from the text, or kept by an earlier run) and what
    is read off the file's row: its rank among renditions and its dates."""
    return {"doc_id": doc["doc_id"], "source_path": doc.get("source_path") or "", "rank": _rank(doc),
            "norm_hash": norm_hash, "minhash": minhash, "meta": tuple(doc.get(k) for k in PLAN_META)}


def _meta_agree(a: tuple, b: tuple) -> bool:
    return all(x is None or y is None or x == y for x, y in zip(a, b))


class _DatedPlans:
    """The plans met so far in one LSH bucket: plan (its root file) → (position of its first file
    in the bucket, that file), indexed by the plan's dates (``PLAN_META``) so that ``agreeing``
    finds the plans whose dates agree with given ones in a few lookups.  A plan's dates ``m``
    agree with a file's ``q`` when they are equal wherever both are known: the plan is filed
    under (the positions it knows, the positions a query may not know, its values where it
    knows and the query does), once per set of unknown positions a query may have."""

    _SETS = range(1 << len(PLAN_META))  # sets of positions, as bit masks

    def __init__(self):
        self.first: dict[str, tuple[int, str]] = {}
        self.meta: dict[str, tuple] = {}
        self.index: dict[tuple, dict[str, None]] = defaultdict(dict)

    def __contains__(self, plan: str) -> bool:
        return plan in self.first

    @staticmethod
    def _known(meta: tuple) -> int:
        return sum(1 << i for i, v in enumerate(meta) if v is not None)

    @staticmethod
    def _values(meta: tuple, positions: int) -> tuple:
        return tuple(v for i, v in enumerate(meta) if positions >> i & 1)

    @classmethod
    @functools.lru_cache(maxsize=4096)
    def _keys(cls, meta: tuple) -> tuple:
        """The keys a plan with dates ``meta`` is filed under."""
        known = cls._known(meta)
        return tuple((known, unknown, cls._values(meta, known & ~unknown)) for unknown in cls._SETS)

    @classmethod
    @functools.lru_cache(maxsize=4096)
    def _queries(cls, meta: tuple) -> tuple:
        """The keys under which the plans agreeing with ``meta`` are filed."""
        unknown = ~cls._known(meta) & (len(cls._SETS) - 1)
        return tuple((known, unknown, cls._values(meta, known & ~unknown)) for known in cls._SETS)

    def add(self, plan: str, pos: int, file: str, meta: tuple) -> None:
        self.first[plan], self.meta[plan] = (pos, file), meta
        for key in self._keys(meta):
            self.index[key][plan] = None

    def _drop(self, plan: str) -> tuple[int, str] | None:
        if plan not in self.first:
            return None
        for key in self._keys(self.meta.pop(plan)):
            self.index[key].pop(plan, None)
        return self.first.pop(plan)

    def merged(self, a: str, b: str, root: str, meta: tuple) -> None:
        """Plans ``a`` and ``b`` became one, ``root``, with dates ``meta``: filed once, under its
        earlier first file (when either was filed)."""
        firsts = [f for f in (self._drop(a), self._drop(b)) if f is not None]
        if firsts:
            self.add(root, *min(firsts), meta)

    def agreeing(self, meta: tuple) -> list[str]:
        """The first files of the plans whose dates agree with ``meta``, in the order met."""
        found = [self.first[plan] for key in self._queries(meta) for plan in self.index.get(key, ())]
        return [file for _, file in sorted(found)]


def plan_ids(signatures: Iterable[dict]) -> dict[str, str]:
    """doc_id → plan_id.  Files are one plan when their normalised texts are equal, or when the
    Jaccard similarity of their word 4-grams (estimated by MinHash, candidates by LSH) is at
    least ``PLAN_THRESHOLD`` and their issue date and period do not disagree.  A plan's id is
    the hash of the normalised text of the rendition that stands for it (``representatives``)."""
    import numpy as np

    sigs: dict[str, dict] = {}
    for s in signatures:
        if s is not None:
            sigs.setdefault(s["doc_id"], s)  # one content under two paths: one signature
    parent = {d: d for d in sigs}
    meta = {d: s["meta"] for d, s in sigs.items()}  # a group's issue date and period: what its files say

    def find(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    def union(a: str, b: str) -> None:
        """One plan, unless the two groups' dates disagree (checked group against group, so an
        undated file cannot join two dated plans into one)."""
        a, b = find(a), find(b)
        if a != b and _meta_agree(meta[a], meta[b]):
            root, other = min(a, b), max(a, b)
            parent[other] = root
            meta[root] = tuple(x if x is not None else y for x, y in zip(meta[root], meta[other]))

    by_hash: dict[str, str] = {}
    for d, s in sorted(sigs.items()):
        if s["norm_hash"] in by_hash:
            union(by_hash[s["norm_hash"]], d)
        else:
            by_hash[s["norm_hash"]] = d
    rows = PLAN_HASHES // PLAN_BANDS
    buckets: dict[tuple, list[str]] = defaultdict(list)
    for d, s in sorted(sigs.items()):
        for b in range(PLAN_BANDS):
            buckets[(b, s["minhash"][b * rows:(b + 1) * rows].tobytes())].append(d)
    tried: set[tuple[str, str]] = set()
    for members in buckets.values():
        if len(members) < 2:
            continue
        # each plan met so far in this bucket, indexed by its dates: a file is compared with the
        # first file of each plan whose dates agree with its own, in the order the plans were met
        # (the cost grows with files × agreeing plans: a folder of one template's plans, each
        # with its own date, stays linear)
        plans = _DatedPlans()
        for pos, a in enumerate(members):
            for b in plans.agreeing(meta[find(a)]):
                ra, rb = find(a), find(b)
                # dates only ever fill in, so two plans whose dates disagree never become one
                if ra == rb or not _meta_agree(meta[ra], meta[rb]) or (b, a) in tried:
                    continue
                tried.add((b, a))
                if float(np.mean(sigs[a]["minhash"] == sigs[b]["minhash"])) >= PLAN_THRESHOLD:
                    union(a, b)
                    plans.merged(rb, ra, find(a), meta[find(a)])
            if find(a) not in plans:
                plans.add(find(a), pos, a, meta[find(a)])
    groups: dict[str, list[str]] = defaultdict(list)
    for d in sigs:
        groups[find(d)].append(d)
    out = {}
    for members in groups.values():
        rep = min(members, key=lambda d: sigs[d]["rank"])
        for d in members:
            out[d] = sigs[rep]["norm_hash"]
    return out


def rows(docs: Iterable[dict], groups: dict[str, str] | None = None) -> list[dict]:
    """The reuse table: one row per (sentence of a plan, other plan) at THRESHOLD or above.
    Plans, not files: each plan is read in the rendition that stands for it, so renditions of
    one plan and one content under several paths give each sentence once.  ``groups`` is
    doc_id → plan_id (computed here when not given)."""
    docs = [d for d in docs if _readable(d)]
    groups = groups if groups is not None else plan_groups(docs)
    return _reuse_rows(_standing(docs, groups))


def _reuse_rows(standing: dict[str, dict]) -> list[dict]:
    """The reuse table over the plans' standing renditions (plan_id → its row, with the text)."""
    reps = {g: d["doc_id"] for g, d in standing.items()}
    by_id = {d["doc_id"]: d for d in standing.values()}

    # the index: units of each plan's representative, keyed by their prefix shingles
    index_units: list[tuple[str, int, int, frozenset]] = []  # (plan, start, end, shingles)
    plan_units: dict[str, list[tuple[int, int, frozenset]]] = {}
    for g, doc_id in reps.items():
        plan_units[g] = [(s, e, shingles(n)) for s, e, n in units(by_id[doc_id]["text"])]
        for s, e, sh in plan_units[g]:
            index_units.append((g, s, e, sh))
    freq: dict[str, int] = defaultdict(int)
    for *_, sh in index_units:
        for x in sh:
            freq[x] += 1

    # every shingle's place in (frequency, shingle) order, sorted once: a unit's prefix is then
    # sorted on plain integers
    rank = {x: r for r, x in enumerate(sorted(freq, key=lambda x: (freq[x], x)))}

    def prefix(sh: frozenset) -> list[str]:
        ordered = sorted(sh, key=rank.__getitem__)
        return ordered[:len(ordered) - math.ceil(THRESHOLD * len(ordered) - 1e-9) + 1]

    prefixes = [prefix(sh) for *_, sh in index_units]  # each unit's, once (indexed and looked up)
    postings: dict[str, list[int]] = defaultdict(list)
    for i, pre in enumerate(prefixes):
        for x in pre:
            postings[x].append(i)
    first = {}  # plan → the index of its first unit in index_units
    for i, (g, *_) in enumerate(index_units):
        first.setdefault(g, i)

    out: list[dict] = []
    for mine, doc_id in sorted(reps.items(), key=lambda kv: (by_id[kv[1]]["source_path"], kv[1])):
        n_units = len(plan_units[mine])
        for k, (s, e, sh) in enumerate(plan_units[mine]):
            best: dict[str, tuple[float, int]] = {}
            for i in {i for x in prefixes[first[mine] + k] for i in postings.get(x, ())}:
                g, _, _, other = index_units[i]
                if g == mine or not (THRESHOLD * len(sh) <= len(other) <= len(sh) / THRESHOLD):
                    continue
                sim = jaccard(sh, other)
                if sim >= THRESHOLD and (g not in best or (sim, -i) > (best[g][0], -best[g][1])):
                    best[g] = (sim, i)
            for g, (sim, i) in sorted(best.items(), key=lambda kv: reps[kv[0]]):
                _, os_, oe, _ = index_units[i]
                out.append({"doc_id": doc_id, "plan_id": mine, "other_doc_id": reps[g], "other_plan_id": g,
                            "sentence_start": s, "sentence_end": e, "other_start": os_, "other_end": oe,
                            "similarity": round(sim, 4), "sentences": n_units})
    return sorted(out, key=lambda r: (r["doc_id"], r["sentence_start"], r["other_doc_id"]))


# --------------------------------------------------------------------------- once per run

DOCUMENT_COLUMNS = ("doc_id", "source_path", "source_format", "status", "text", *PLAN_META)  # what it reads


@dataclass
class AcrossPlans:
    """What ``across_plans`` gives the store to write."""

    plan_of: dict[str, str]  # doc_id → plan_id (files with text)
    standing: dict[str, str]  # plan_id → doc_id of the rendition that stands for the plan
    rows: list[dict] | None  # the reuse table; None when it was not asked for (``--no-reuse``)
    signed: dict[str, tuple[str, bytes]]  # doc_id → (norm_hash, MinHash bytes): kept for the next run


def _signature_kept(doc: dict, norm_hash: str, minhash: bytes) -> dict | None:
    """``plan_signature`` of a row whose text hash and MinHash an earlier run kept."""
    import numpy as np

    sig = np.frombuffer(minhash, dtype=np.uint64)
    return _signature(doc, norm_hash, sig) if _readable(doc) and sig.shape == (PLAN_HASHES,) else None


def across_plans(docs: Iterable[dict], reuse: bool = True,
                 signatures: dict[tuple[str, str], dict] | None = None,
                 kept: dict[str, tuple[str, bytes]] | None = None) -> AcrossPlans:
    """Everything computed across the plans of a dataset, once per run, over the documents rows
    of its new snapshot (``DOCUMENT_COLUMNS``, read a batch at a time): the plan ids
    (``plan_ids``; one content under two paths is signed once, by its first row), the rendition
    that stands for each plan and, when ``reuse``, the reuse table (``rows``).  A file's text is
    dropped once its signature is taken, unless the reuse table needs it.  ``signatures``:
    (source_path, doc_id) → ``plan_signature`` of that row, made where the file was extracted
    (in the workers, side by side); ``kept``: doc_id → (``norm_hash``, MinHash bytes) an earlier
    run kept in the snapshot (``AcrossPlans.signed``), for the rows it carries over; a row with
    neither is signed here, from its text."""
    signatures, kept = signatures or {}, kept or {}
    sigs: dict[str, dict | None] = {}
    rows: list[dict] = []  # files with text: their rank, and their text when reuse reads it
    for d in docs:
        if d["doc_id"] not in sigs:
            known = signatures.get((d.get("source_path"), d["doc_id"]))
            if known is None and d["doc_id"] in kept:
                known = _signature_kept(d, *kept[d["doc_id"]])
            sigs[d["doc_id"]] = known if known is not None else plan_signature(d)
        if _readable(d):
            rows.append({k: d.get(k) for k in ("doc_id", "source_path", "source_format", "status", "text")}
                        if reuse else {k: d.get(k) for k in ("doc_id", "source_path", "source_format", "status")})
    plan_of = plan_ids(s for s in sigs.values() if s is not None)
    standing = _standing(rows, plan_of)
    return AcrossPlans(plan_of=plan_of, standing={g: d["doc_id"] for g, d in standing.items()},
                       rows=_reuse_rows(standing) if reuse else None,
                       signed={d: (s["norm_hash"], s["minhash"].tobytes()) for d, s in sigs.items() if s is not None})
