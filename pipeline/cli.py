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
    out: Path = typer.Option(Path("data"), "-o", "--out", help="The dataset: OUT/<table>.parquet and OUT/manifest.json."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress bar and no per-plan summary."),
    workers: int = typer.Option(0, "--workers", "-j", metavar="N",
                                help="Worker processes (0: one per CPU core of this machine)."),
    include: Optional[list[str]] = typer.Option(None, "--include", metavar="GLOB",
                                                help="Only files whose path (under its INPUT) or name matches; repeatable."),
    exclude: Optional[list[str]] = typer.Option(None, "--exclude", metavar="GLOB",
                                                help="Skip files whose path or name matches; repeatable."),
    timeout: float = typer.Option(120.0, "--timeout", metavar="SECONDS",
                                  help="Time limit per document; a file that takes longer gets an error row "
                                       "(0: no limit; with --workers 1, everything in this process)."),
    max_size: float = typer.Option(100.0, "--max-size", metavar="MB",
                                   help="Files larger than this are refused with an error row, unread."),
    engine: str = typer.Option("local", "--engine", help="local (worker processes here) or dask."),
    scheduler: Optional[str] = typer.Option(None, "--scheduler", metavar="ADDRESS",
                                            help="With --engine dask: the scheduler, e.g. tcp://10.0.0.5:8786 "
                                                 "(default: a LocalCluster of --workers processes)."),
    reuse: bool = typer.Option(True, "--reuse/--no-reuse",
                               help="Compute the cross-plan reuse table at the end (its cost grows with the "
                                    "square of shared sentences; skip it for very large runs)."),
    flush_every: int = typer.Option(50, "--flush-every", metavar="PLANS",
                                    help="Plans written at a time (what a crash can lose; memory held)."),
):
    """Extract every plan under INPUTS into the dataset OUT: one folder of Parquet parts per table
    (OUT/documents.parquet, citations, targets, assignments, dates, staleness, reuse) and
    manifest.json.  Re-runs skip plans already in OUT; an interrupted run is resumed."""
    from rich.console import Console

    from .batch import arrow_without_pandas
    from .dataset import DatasetError
    from .engine import Options, extract_dataset

    arrow_without_pandas()  # this process and its workers write Arrow from lists, never pandas
    if engine not in ("local", "dask"):
        raise typer.BadParameter("--engine is local or dask")
    console = Console(width=max(120, Console().width))
    opts = Options(workers=max(0, workers), timeout=timeout or None, max_bytes=int(max_size * 2**20),
                   include=tuple(include or ()), exclude=tuple(exclude or ()), engine=engine,
                   scheduler=scheduler, reuse=reuse, flush_every=max(1, flush_every))
    bar = _ProgressBar(enabled=not quiet)
    try:
        with bar:
            manifest, stats = extract_dataset(inputs, out, opts, bar.update)
    except DatasetError as e:
        console.print(f"[red]error:[/red] {e}")
        raise typer.Exit(code=2)
    except KeyboardInterrupt:
        console.print(f"interrupted: the {out} dataset is unchanged; the plans extracted so far are kept, and "
                      "running the same command again resumes the run")
        raise typer.Exit(code=130)
    if not quiet:
        _print_summary(console, out, manifest, stats)
    if not manifest["files"]:
        console.print("no plan files found under the inputs")
        raise typer.Exit(code=1)
    if manifest["status_counts"].get("error", 0) == manifest["files"]:
        raise typer.Exit(code=1)


class _ProgressBar:
    """files done / total, files per second, time left and errors so far (rich, on stderr)."""

    def __init__(self, enabled: bool):
        self.enabled = enabled
        self.progress = None
        self.task = None

    def __enter__(self):
        if self.enabled:
            from rich.console import Console
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

            self.progress = Progress(TextColumn("extract"), BarColumn(), MofNCompleteColumn(),
                                     TextColumn("{task.fields[rate]} files/s"), TextColumn("ETA"),
                                     TimeRemainingColumn(), TextColumn("errors: {task.fields[errors]}"),
                                     TextColumn("{task.fields[skipped]}"), console=Console(stderr=True),
                                     transient=False)
            self.progress.__enter__()
        return self

    def __exit__(self, *exc):
        if self.progress is not None:
            self.progress.__exit__(*exc)

    def update(self, event: str, stats) -> None:
        if self.progress is None:
            return
        elapsed = max(1e-6, time.perf_counter() - stats.started)
        skipped = stats.carried + stats.resumed
        fields = {"rate": f"{stats.extracted / elapsed:.1f}", "errors": stats.errors,
                  "skipped": f"(already done: {skipped})" if skipped else ""}
        if event == "start":
            self.task = self.progress.add_task("extract", total=stats.files, **fields)
        else:
            self.progress.update(self.task, completed=stats.extracted + skipped, **fields)


def _print_summary(console, out: Path, manifest: dict, stats) -> None:
    from rich.table import Table

    if stats.summaries:
        shown = len(stats.summaries)
        t = Table(title=f"kehoach extract → {out}/" + (f" (first {shown} of {stats.extracted} extracted)"
                                                        if shown < stats.extracted else ""))
        for col in ("file", "locality", "year", "citations", "targets", "assignments", "dates", "status"):
            t.add_column(col, justify="right" if col in ("citations", "targets", "assignments", "dates") else "left")
        for path, status, error, (loc, years, *counts) in sorted(stats.summaries):
            t.add_row(path, loc, years, *map(str, counts), status if status == "ok" else f"{status}: {error}")
        console.print(t)
    run = manifest["run"]
    console.print(f"{manifest['files']} files, {manifest['status_counts']} in {manifest['duration_s']:.1f} s: "
                  f"{run['extracted']} extracted, {run['carried_over']} already in the dataset, "
                  f"{run['resumed']} from an interrupted run")


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
