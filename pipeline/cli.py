"""The ``kehoach`` command line: extract, eval, show, report.

Imports of the heavy stages happen inside the commands so ``kehoach --help`` starts fast.
"""
from __future__ import annotations

import time
from pathlib import Path
from typing import Optional

import typer

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    help="kehoach: read Vietnamese gender-equality plans (txt, md, docx, doc, pdf, html) and write a comparable "
         "Parquet dataset of their citations, targets, assignments and dates.",
)


@app.command()
def extract(
    inputs: list[Path] = typer.Argument(..., help="Plan files or folders (searched recursively)."),
    out: Path = typer.Option(Path("data"), "-o", "--out", help="Folder for the Parquet tables and manifest.json."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="Do not print the per-plan summary."),
    timeout: float = typer.Option(120.0, "--timeout", metavar="SECONDS",
                                  help="Time limit per document; a file that takes longer gets an error row "
                                       "(0: no limit, everything in this process)."),
    max_size: float = typer.Option(100.0, "--max-size", metavar="MB",
                                   help="Files larger than this are refused with an error row, unread."),
):
    """Extract every plan under INPUTS into OUT/{documents,citations,targets,assignments,dates}.parquet."""
    from rich.console import Console
    from rich.table import Table

    from .batch import discover, run
    from .writer import write_manifest, write_tables

    console = Console(width=max(120, Console().width))
    started = time.perf_counter()
    extractions = list(run(discover(inputs), timeout=timeout, max_bytes=int(max_size * 2**20)))
    counts = write_tables(extractions, out)
    manifest = write_manifest(out, [str(p) for p in inputs], extractions, counts, time.perf_counter() - started)
    if not quiet:
        t = Table(title=f"kehoach extract → {out}/")
        for col in ("file", "locality", "year", "citations", "targets", "assignments", "dates", "status"):
            t.add_column(col, justify="right" if col in ("citations", "targets", "assignments", "dates") else "left")
        for e in sorted(extractions, key=lambda e: e.source_path):
            m = e.meta
            loc = " ".join(x for x in (m.locality_type, m.locality_name) if x) or "—"
            year = (str(m.period_start) if m.period_start == m.period_end else f"{m.period_start}–{m.period_end}") if m.period_start else "—"
            status = e.status if e.status == "ok" else f"{e.status}: {e.error}"
            t.add_row(e.source_path, loc, year, str(len({c.cited_key for c in e.citations})), str(len(e.targets)),
                      str(len({(a.agency, a.role) for a in e.assignments})), str(len({(d.value, d.kind) for d in e.dates})), status)
        console.print(t)
        console.print(f"{manifest['files']} files, {manifest['status_counts']} in {manifest['duration_s']:.1f} s")
    readable = sum(1 for e in extractions if e.status != "error")
    if extractions and readable == 0:
        raise typer.Exit(code=1)
    if not extractions:
        console.print("no plan files found under the inputs")
        raise typer.Exit(code=1)


@app.command("eval")
def eval_(
    dataset: Path = typer.Argument(..., help="A folder written by `kehoach extract`."),
    gold: Path = typer.Option(Path("gold"), "--gold", help="Folder of gold JSON files."),
    format: Optional[list[str]] = typer.Option(None, "--format", help="Only these renditions (txt, docx, pdf)."),
    json_out: Optional[Path] = typer.Option(None, "--json", help="Write the full report as JSON here."),
    details: bool = typer.Option(False, "--details", help="Print each document's misses and extras."),
    baseline: Optional[Path] = typer.Option(None, "--baseline", help="A saved --json report to compare with."),
):
    """Score DATASET against the gold set: P/R/F1 per table, accuracy per field, per rendition."""
    from .evaluate import eval_command

    raise typer.Exit(code=eval_command(dataset, gold, format, json_out, details, baseline))


@app.command()
def show(file: Path = typer.Argument(..., help="One plan file.")):
    """Show one plan's extraction in the terminal, each fact with its section and offsets."""
    from rich.console import Console
    from rich.table import Table

    from .batch import extract_file

    console = Console()
    e = extract_file(file)
    console.rule(f"{file}  [{e.source_format}]  status: {e.status}" + (f" — {e.error}" if e.error else ""))
    if e.doc is None:
        raise typer.Exit(code=1)
    mt = Table(title="meta", show_header=False)
    for k, v in e.meta.__dict__.items():
        if v is not None:
            mt.add_row(k, str(v))
    console.print(mt)
    sections = {
        "citations": (e.citations, ("section", "relation", "type", "number", "name", "date", "issuer")),
        "targets": (e.targets, ("section", "comparator", "value", "unit", "deadline", "domain", "indicator")),
        "assignments": (e.assignments, ("section", "role", "agency", "agency_code", "agency_surface")),
        "dates": (e.dates, ("section", "kind", "value", "surface")),
    }
    for name, (facts, cols) in sections.items():
        t = Table(title=f"{name} ({len(facts)})")
        for c in ("offsets",) + cols:
            t.add_column(c, overflow="fold")
        for f in facts:
            t.add_row(f"{f.char_start}–{f.char_end}", *("" if getattr(f, c) is None else str(getattr(f, c)) for c in cols))
        console.print(t)


@app.command()
def report(
    dataset: Path = typer.Argument(..., help="A folder written by `kehoach extract`."),
    out: Path = typer.Option(Path("report"), "-o", "--out", help="Folder for the HTML site."),
):
    """Write a static HTML site comparing the plans of DATASET (opens from disk, no network)."""
    from .report import build

    done = build(dataset, out)
    typer.echo(f"report → {out}/index.html: {done['plans']} plans, {done['files']} files, {done['pages']} pages")


def main() -> None:  # pragma: no cover
    app()


if __name__ == "__main__":  # pragma: no cover
    main()
