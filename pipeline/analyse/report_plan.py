"""The report's page of one file (``plans/<doc_id>.html``): its metadata, a link to its source
file (found under the manifest's inputs, checked against its ``doc_id``), and its normalised
text with every fact highlighted by kind — nested ``<mark>`` elements, displaCy-style labels;
clicking one shows its record (the row of the dataset) beside the text.
"""
from __future__ import annotations

import hashlib
import html
import os
from collections import Counter
from pathlib import Path
from urllib.parse import quote

from pipeline.analyse.report_data import Context
from pipeline.analyse.report_site import Page, Raw, Site, esc, link, table

# kind, label, id column, table — in nesting order: outer highlights first when spans are equal
KINDS = [
    ("reuse", "reused sentence", None, "reuse"),
    ("citation", "citation", "mention_id", "citations"),
    ("target", "target", "target_id", "targets"),
    ("assignment", "assignment", "assignment_id", "assignments"),
    ("date", "date", "date_id", "dates"),
    ("stale", "stale date", "flag_id", "staleness"),
]
KIND_ORDER = {k: i for i, (k, *_rest) in enumerate(KINDS)}


# -- source files -------------------------------------------------------------------------------
def source_roots(manifest: dict, dataset: Path) -> list[Path]:
    """Where the input files may be: the manifest's input roots, its inputs as given and beside the dataset."""
    roots = [Path(p) for p in manifest.get("input_roots") or []]
    for p in manifest.get("inputs") or []:
        roots += [Path(p), Path(dataset).resolve().parent / p]
    seen, out = set(), []
    for r in roots:
        k = str(r.resolve()) if r.exists() else str(r)
        if k not in seen:
            seen.add(k)
            out.append(r)
    return out


def resolve_source(d: dict, roots: list[Path]) -> tuple[Path | None, bool]:
    """(the input file, whether its bytes still hash to the doc_id), found under the manifest's inputs."""
    for root in roots:
        cand = root / d["source_path"] if root.is_dir() else (root if root.name == d["source_path"] else None)
        if cand is not None and cand.is_file():
            h = hashlib.sha256()
            with open(cand, "rb") as fh:
                for chunk in iter(lambda: fh.read(1 << 20), b""):
                    h.update(chunk)
            return cand, h.hexdigest()[:16] == d["doc_id"]
    return None, False


# -- highlights ---------------------------------------------------------------------------------
def nest(spans: list[dict]) -> list[dict]:
    """Spans (start, end, kind, id) → pieces that nest: one crossing another is cut at its end."""
    queue = sorted((dict(s, last=True) for s in spans if s["end"] > s["start"]),
                   key=lambda s: (s["start"], -s["end"], KIND_ORDER[s["kind"]]))
    out, stack, i = [], [], 0
    while i < len(queue):
        s = queue[i]
        i += 1
        while stack and stack[-1]["end"] <= s["start"]:
            stack.pop()
        if stack and s["end"] > stack[-1]["end"]:
            cut = stack[-1]["end"]
            tail = dict(s, start=cut)
            s = dict(s, end=cut, last=False)
            key = (tail["start"], -tail["end"], KIND_ORDER[tail["kind"]])
            j = i
            while j < len(queue) and (queue[j]["start"], -queue[j]["end"], KIND_ORDER[queue[j]["kind"]]) <= key:
                j += 1
            queue.insert(j, tail)
        out.append(s)
        stack.append(s)
    return out


def render_marks(text: str, spans: list[dict]) -> str:
    """The text as HTML with nested <mark> elements, displaCy-style labels after each fact."""
    pieces = nest(spans)
    events: list[tuple[int, int, int, str]] = []  # (offset, closing 0 / opening 1, nesting order, html)
    for n, p in enumerate(pieces):
        anchor = f' id="{p["anchor"]}"' if p.get("anchor") and p["start"] == p["orig_start"] else ""
        title = html.escape(p.get("title") or p["kind"], quote=True)
        events.append((p["start"], 1, n, f'<mark class="k-{p["kind"]}" data-kind="{p["kind"]}" data-id="{p["id"]}"{anchor} title="{title}">'))
        lbl = f'<span class="lbl">{html.escape(p["label"])}</span>' if p["last"] else ""
        events.append((p["end"], 0, -n, f"{lbl}</mark>"))
    events.sort(key=lambda e: (e[0], e[1], e[2]))
    out, pos = [], 0
    for off, _o, _n, tag in events:
        out.append(html.escape(text[pos:off]))
        out.append(tag)
        pos = off
    out.append(html.escape(text[pos:]))
    return "".join(out)


def plan_page(ctx: Context, site: Site, d: dict, roots: list[Path]) -> None:
    """The page of the file ``d`` (a documents row); ``roots``: where its source file may be (``source_roots``)."""
    plans, t, out = ctx.plans, ctx.t, site.out
    doc_id = d["doc_id"]
    p = Page(site, f"plans/{doc_id}.html", plans.label(doc_id), depth=1)
    src, same = resolve_source(d, roots)
    if src is not None:
        rel = os.path.relpath(src.resolve(), (out / "plans").resolve()).replace(os.sep, "/")
        src_html = Raw(link(quote(rel), d["source_path"]) + ("" if same else ' <span class="flag">(the file has changed since it was extracted)</span>'))
    else:
        src_html = Raw(esc(d["source_path"]) + ' <span class="note">(not found under the manifest\'s inputs)</span>')
    others = [j for j in plans.renditions(doc_id) if j != doc_id]
    p.add(f'<h1>{esc(plans.label(doc_id))} <span class="pill">{esc(d["source_format"])}</span> '
          f'<span class="pill {esc(d["status"])}">{esc(d["status"])}</span></h1>')
    meta = [("source file", src_html), ("doc_id", doc_id)]
    if others:
        meta.append(("other renditions", Raw(" · ".join(link(f"{j}.html", plans.docs[j]["source_format"]) for j in others))))
    for k in ("title", "doc_type", "doc_symbol", "doc_number", "issue_date", "issuer", "locality_name", "locality_type",
              "locality_level", "province", "locality_code", "province_code", "admin_system", "period_start", "period_end",
              "signer_name", "signer_title", "pages", "ocr", "legacy_encoding", "error"):
        if d.get(k) not in (None, ""):
            meta.append((k, d[k]))
    p.add('<dl class="meta">' + "".join(f"<dt>{esc(k)}</dt><dd>{esc(v)}</dd>" for k, v in meta) + "</dl>")
    text = d.get("text")
    if not text:
        p.add('<p class="flag">No text: the file could not be read.</p>')
        site.write(p)
        return

    records: dict[str, dict] = {}
    spans: list[dict] = []
    counts = Counter()
    for kind, label, idcol, tname in KINDS:
        if kind == "reuse":
            continue
        for r in t[tname] or []:
            if r["doc_id"] != doc_id:
                continue
            rid = f"{kind}:{r[idcol]}"
            records[rid] = r
            surface = r.get("surface") or r.get("agency_surface") or ""
            spans.append({"start": r["char_start"], "end": r["char_end"], "orig_start": r["char_start"], "kind": kind, "id": rid,
                          "label": label, "anchor": r[idcol], "title": f"{label}: {surface}"[:200]})
            counts[kind] += 1
    seen_sent = set()
    for n, r in enumerate(x for x in ctx.reuse if x["doc_id"] == doc_id):
        o = plans.docs.get(r["other_doc_id"])
        rid = f"reuse:r{n + 1:04d}"
        records[rid] = {**r, "other_plan": plans.label(r["other_doc_id"]),
                        "other_sentence": o["text"][r["other_start"]:r["other_end"]] if o else None,
                        "other_page": f"{r['other_doc_id']}.html#reuse-{r['other_start']}"}
        first = r["sentence_start"] not in seen_sent
        seen_sent.add(r["sentence_start"])
        spans.append({"start": r["sentence_start"], "end": r["sentence_end"], "orig_start": r["sentence_start"], "kind": "reuse",
                      "id": rid, "label": "reused", "anchor": f"reuse-{r['sentence_start']}" if first else None,
                      "title": f"found in {records[rid]['other_plan']} (similarity {r['similarity']:.2f})"})
        counts["reuse"] += 1
    p.records = records
    legend = "".join(f'<label class="lg-{k}"><input type="checkbox" data-kind="{k}" checked>{esc(lab)} ({counts[k]})</label>'
                     for k, lab, *_ in KINDS[1:] + KINDS[:1])
    p.add(f'<div class="legend"><b>Highlights:</b> {legend}<span class="note">click a highlight to see its record; untick a kind to hide it</span></div>')
    p.add('<div class="plan-layout">'
          f'<div class="doc-text" id="doc-text">{render_marks(text, spans)}</div>'
          '<aside class="panel" id="record-panel"><h3>Record</h3><p class="note">Click a highlight in the text: its row '
          "of the dataset (every column) shows here, with the highlights it sits inside.</p></aside></div>")
    stale = [r for r in t["staleness"] or [] if r["doc_id"] == doc_id]
    p.add("<h2>Stale dates</h2>" + (table(["as written", "year", "plan period", "section", "reason", "sentence"],
                                          [[link(f"#{r['flag_id']}", r["surface"]), r["year"], r["plan_period"], r["section"], r["reason"], r["sentence"]] for r in stale])
                                    if stale else '<p class="note">None found' + (" (this dataset has no staleness table)." if t["staleness"] is None else ".") + "</p>"))
    rep_ = plans.rep(doc_id)
    hit, n = ctx.shares.get(doc_id, (0, 0))
    if rep_ is not None and rep_ != doc_id:
        p.add(f'<h2>Reuse</h2><p class="note">Reuse is read in the rendition that stands for this plan: '
              f'{link(f"{rep_}.html", plans.docs[rep_]["source_format"])}.</p>')
    else:
        p.add(f'<h2>Reuse</h2><p class="note">{hit} of {n} sentences ({(hit / n if n else 0):.0%}) found (nearly) verbatim '
              "in another plan.</p>" if n else '<h2>Reuse</h2><p class="note">No sentence found in another plan.</p>')
    site.write(p)
