"""What ``kehoach eval`` prints (``pipeline.analyse.evaluate``): the score tables, every miss,
extra and wrong field with the sentence around it (``--details``), and the changes against a
saved ``--json`` baseline (``--baseline``).
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from extractors.rules.lexicon import fold
from pipeline.analyse.evaluate_score import TABLES, Report

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
