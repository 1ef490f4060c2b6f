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


EXIT_CODES = ("Exit codes: 0 done; 1 no file could be read (or, with --fail-on-error, some file could not); "
              "2 a usage error, refused before anything was touched (a bad option, an input that does not "
              "exist, an output folder that is not a dataset); 3 the dataset could not be written (read-only "
              "or full disk: the previous dataset is left as it was, and the plans extracted so far are kept for the same "
              "command to resume); 4 an internal error (rerun with KEHOACH_DEBUG=1 "
              "and report it); 130 interrupted.")


def _version(value: bool) -> None:
    if value:
        from pipeline import __version__

        typer.echo(f"kehoach {__version__}")
        raise typer.Exit()


@app.callback()
def _main(version: bool = typer.Option(False, "--version", callback=_version, is_eager=True,
                                       help="Print the version and exit.")):
    """kehoach: read Vietnamese gender-equality plans and write a comparable Parquet dataset."""


def _fail(message: str, code: int) -> typer.Exit:
    """One line on stderr, printed literally (no markup), and the exit code."""
    typer.echo(f"error: {message}", err=True)
    return typer.Exit(code=code)


def _internal(e: Exception, state: str) -> typer.Exit:
    """An unexpected exception as one line and exit code 4 (``KEHOACH_DEBUG=1``: the traceback)."""
    import os

    if os.environ.get("KEHOACH_DEBUG"):
        raise e
    from pipeline.run.names import one_line

    return _fail(f"kehoach stopped on an internal error ({type(e).__name__}: {one_line(str(e), 200)}); {state}; "
                 "rerun with KEHOACH_DEBUG=1 and report it", 4)


def _os_error(e: OSError) -> str:
    from pipeline.run.names import literal

    where = f"{literal(str(e.filename))}: " if getattr(e, "filename", None) else ""
    return f"{where}{e.strerror or type(e).__name__}"


@app.command(epilog=EXIT_CODES)
def extract(
    inputs: list[Path] = typer.Argument(..., help="Plan files or folders (searched recursively)."),
    out: Path = typer.Option(Path("data"), "-o", "--out", help="The dataset: OUT/<table>.parquet and OUT/manifest.json."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress bar and no per-plan summary."),
    workers: int = typer.Option(0, "--workers", "-j", metavar="N",
                                help="Worker processes (0: one per usable CPU core; more than the cores is "
                                     "capped, with a warning)."),
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
    fail_on_error: bool = typer.Option(False, "--fail-on-error",
                                       help="Exit 1 when any file could not be read (an error row), not only "
                                            "when none could."),
    list_only: bool = typer.Option(False, "--list",
                                   help="Only list the files that would be read, and every other entry found "
                                        "with why it is skipped; read nothing, write nothing."),
    verbose: bool = typer.Option(False, "--verbose", "-v",
                                 help="Say what is done with each file (read, kept, resumed, skipped: why) and "
                                      "how long it took, on stderr (instead of the progress bar)."),
    log_file: Optional[Path] = typer.Option(None, "--log-file", metavar="FILE",
                                            help="Append the same, with the time of each stage of each file and "
                                                 "timestamps, to FILE."),
):
    """Extract every plan under INPUTS into the dataset OUT: one folder of Parquet parts per table
    (OUT/documents.parquet, citations, targets, assignments, dates, staleness, reuse) and
    manifest.json.  Re-runs skip plans already in OUT; an interrupted run is resumed.  Only
    regular files are read; links are followed only inside the INPUTS."""
    from pipeline.run.engine import InputError, check_inputs

    try:
        check_inputs(inputs)
    except InputError as e:
        raise _fail(str(e), 2)
    if engine not in ("local", "dask"):
        raise _fail(f"--engine is local or dask, not {engine!r}", 2)
    if list_only:
        _list(inputs, tuple(include or ()), tuple(exclude or ()))
        return
    _logging(verbose, log_file)

    from pipeline.run.worker import arrow_without_pandas
    from pipeline.store.dataset import DatasetError
    from pipeline.run.engine import Options, default_workers, extract_dataset

    cores = default_workers()
    if engine == "local" and workers > cores:
        typer.echo(f"warning: --workers {workers} is more than the {cores} usable CPU cores; using {cores}", err=True)
        workers = cores
    arrow_without_pandas()  # this process and its workers write Arrow from lists, never pandas
    opts = Options(workers=max(0, workers), timeout=timeout or None, max_bytes=int(max_size * 2**20),
                   include=tuple(include or ()), exclude=tuple(exclude or ()), engine=engine,
                   scheduler=scheduler, reuse=reuse, flush_every=max(1, flush_every))
    bar = _ProgressBar(enabled=not quiet and not verbose)
    try:
        with bar:
            manifest, stats = extract_dataset(inputs, out, opts, bar.update)
    except DatasetError as e:
        raise _fail(str(e), 2)
    except KeyboardInterrupt:
        typer.echo(f"interrupted: the {out} dataset is unchanged; the plans extracted so far are kept, and "
                   "running the same command again resumes the run", err=True)
        raise typer.Exit(code=130)
    except OSError as e:
        from pipeline.run.names import literal

        staged = getattr(e, "kehoach_staged", None)
        kept = (f"; {_n(staged[1], 'plan')} extracted so far kept in {literal(str(staged[0]))}/: free some "
                "space and run the same command again to resume") if staged and staged[1] else ""
        raise _fail(f"the dataset {literal(str(out))} could not be written ({_os_error(e)}); the previous "
                    f"dataset, if any, is left as it was{kept}", 3)
    except Exception as e:  # noqa: BLE001 - one line, not a traceback (KEHOACH_DEBUG=1 shows it)
        raise _internal(e, "the previous dataset, if any, is left as it was")
    from rich.console import Console

    console = Console(highlight=False)  # the terminal's width (80 when not a terminal); long cells fold
    if not quiet:
        _print_summary(console, out, manifest, stats)
    elif stats.kept or not manifest["files"]:
        typer.echo(_kept_line(out, manifest, stats), err=True)
    if not manifest["files"] or manifest["status_counts"].get("error", 0) == manifest["files"]:
        raise typer.Exit(code=1)
    if fail_on_error and manifest["status_counts"].get("error", 0):
        raise typer.Exit(code=1)


def _logging(verbose: bool, log_file: Path | None) -> None:
    """``-v``: each file's decision on stderr; ``--log-file``: that and each stage's time, with
    timestamps (a log file that cannot be opened is a usage error: exit 2, nothing touched)."""
    import logging

    log = logging.getLogger("kehoach")
    log.propagate = False
    if verbose:
        err = logging.StreamHandler()  # sys.stderr; names are literal (pipeline.run.names.literal)
        err.setLevel(logging.INFO)
        err.setFormatter(logging.Formatter("%(message)s"))
        log.addHandler(err)
    if log_file is not None:
        from pipeline.run.names import literal

        try:
            fh = logging.FileHandler(log_file, encoding="utf-8")
        except OSError as e:
            raise _fail(f"the log file {literal(str(log_file))} cannot be written ({e.strerror or e}); "
                        "nothing was read or written", 2)
        fh.setLevel(logging.DEBUG)
        fh.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(message)s"))
        log.addHandler(fh)
    log.setLevel(logging.DEBUG if log_file is not None else logging.INFO)


def _kept_line(out: Path, manifest: dict, stats) -> str:
    if not manifest["files"]:
        what = "no plan files found under the inputs"
    else:
        what = f"no file could be read ({manifest['files']} tried, all errors)"
    return what + (f"; the dataset {out} was left as it was" if manifest["run"].get("kept_previous")
                   else "; nothing was written")


def _list(inputs: list[Path], include: tuple, exclude: tuple) -> None:
    """``kehoach extract --list``: what would be read, and every other entry found and why not."""
    from pipeline.run.discover import survey
    from pipeline.run.names import literal

    found = survey(inputs, include, exclude, hidden=True)
    for _, rel in found.files:
        typer.echo(f"read  {literal(rel)}")
    for rel, why in found.skipped:
        typer.echo(f"skip  {literal(rel)}  ({why})")
    typer.echo(f"{_n(len(found.files), 'file')} would be read, {_n(len(found.skipped), 'entry', 'entries')} "
               "skipped", err=True)


def _n(n: int, one: str, many: str | None = None) -> str:
    return f"{n} {one if n == 1 else (many or one + 's')}"


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
    from rich.text import Text

    from pipeline.run.names import literal

    if stats.summaries and console.width < 120:  # a narrow terminal (or a pipe: 80): a plan a paragraph
        shown = len(stats.summaries)
        console.print(Text(f"kehoach extract → {literal(str(out))}/" + (
            f" (first {shown} of {stats.extracted} extracted)" if shown < stats.extracted else "")))
        for path, status, error, (loc, years, cit, tgt, asg, dat) in sorted(stats.summaries):
            console.print(Text(f"  {literal(path)}: {loc}, {years}; {cit} citations, {tgt} targets, "
                               f"{asg} assignments, {dat} dates; " + (status if status == "ok"
                                                                         else f"{status}: {error}")))
    elif stats.summaries:
        shown = len(stats.summaries)
        t = Table(title=Text(f"kehoach extract → {literal(str(out))}/" + (
            f" (first {shown} of {stats.extracted} extracted)" if shown < stats.extracted else "")))
        for col in ("file", "locality", "year", "citations", "targets", "assignments", "dates", "status"):
            t.add_column(col, justify="right" if col in ("citations", "targets", "assignments", "dates") else "left",
                         overflow="fold")
        for path, status, error, (loc, years, *counts) in sorted(stats.summaries):
            t.add_row(Text(literal(path)), Text(loc), years, *map(str, counts),
                      Text(status if status == "ok" else f"{status}: {error}"))
        console.print(t)
    console.print(Text(_summary_line(out, manifest, stats)))
    if stats.removed:
        names = ", ".join(literal(p) for p in stats.removed[:10]) + (" …" if len(stats.removed) > 10 else "")
        console.print(Text(f"{_n(len(stats.removed), 'plan')} left the dataset (no longer among the inputs; "
                           f"listed in manifest.json, removed): {names}"))
    if stats.skipped:
        why: dict[str, int] = {}
        for _, reason in stats.skipped:
            key = reason.split(" (")[0] if reason.startswith("not a plan file type") else \
                ("a link outside the input folders" if "outside the input folders" in reason else reason)
            why[key] = why.get(key, 0) + 1
        console.print(Text(f"{_n(len(stats.skipped), 'entry', 'entries')} found and not read: "
                           + "; ".join(f"{n} {k}" for k, n in sorted(why.items(), key=lambda kv: -kv[1])[:5])
                           + " (manifest.json, skipped; kehoach extract --list shows each)"))


def _summary_line(out: Path, manifest: dict, stats) -> str:
    from pipeline.run.names import literal

    if stats.kept or not manifest["files"]:
        return _kept_line(literal(str(out)), manifest, stats)
    status = manifest["status_counts"]
    parts = [f"{status[s]} {label}" for s, label in (("ok", "ok"), ("partial", "partial"), ("error", "errors"))
             if status.get(s)]
    run = manifest["run"]
    done = [f"{run['extracted']} extracted now"]
    if run["carried_over"]:
        done.append(f"{run['carried_over']} already in the dataset")
    if run["resumed"]:
        done.append(f"{run['resumed']} from an interrupted run")
    plans = f" ({_n(manifest['plans'], 'plan')})" if manifest.get("plans") else ""  # renditions of a plan: one plan
    return (f"{_n(manifest['files'], 'file')}{plans} in {manifest['duration_s']:.1f} s ({', '.join(parts)}): "
            f"{', '.join(done)}; written to {literal(str(out))}/")


@app.command("eval", epilog="Exit codes: 0 scored; 1 nothing could be scored; 2 a path that does not exist "
                             "or cannot be read; 3 --json could not be written; 4 an internal error.")
def eval_(
    dataset: Path = typer.Argument(..., help="A folder written by `kehoach extract`."),
    gold: Path = typer.Option(Path("gold"), "--gold", help="Folder of gold JSON files."),
    format: Optional[list[str]] = typer.Option(None, "--format", help="Only these renditions (txt, docx, pdf)."),
    json_out: Optional[Path] = typer.Option(None, "--json", help="Write the full report as JSON here."),
    details: bool = typer.Option(False, "--details", help="Print each document's misses and extras."),
    baseline: Optional[Path] = typer.Option(None, "--baseline", help="A saved --json report to compare with."),
    table: Optional[list[str]] = typer.Option(None, "--table", metavar="T",
                                              help="With --details: only this table (citations, targets, "
                                                   "assignments, dates, meta); repeatable."),
):
    """Score DATASET against the gold set: P/R/F1 per table, accuracy per field, per rendition."""
    import json

    from pipeline.run.names import literal

    _need_dataset(dataset)
    if not gold.is_dir():
        raise _fail(f"{literal(str(gold))}: no such gold folder", 2)
    if baseline is not None:
        try:
            json.loads(baseline.read_text(encoding="utf-8"))
        except OSError as e:
            raise _fail(f"the baseline {literal(str(baseline))} cannot be read ({e.strerror or e}); "
                        "save one with kehoach eval --json FILE", 2)
        except ValueError:
            raise _fail(f"the baseline {literal(str(baseline))} is not a kehoach eval --json report", 2)
    from pipeline.analyse.evaluate import eval_command

    try:
        code = eval_command(dataset, gold, format, json_out, details, baseline, table)
    except OSError as e:
        raise _fail(f"could not write {_os_error(e)}", 3)
    except Exception as e:  # noqa: BLE001
        raise _internal(e, "nothing was changed")
    raise typer.Exit(code=code)


def _need_dataset(dataset: Path) -> None:
    """Refuse (exit 2, one line) a DATASET that is not a folder written by kehoach extract."""
    from pipeline.run.names import literal

    if not dataset.exists():
        raise _fail(f"{literal(str(dataset))}: no such dataset folder; write one with kehoach extract -o", 2)
    if not (dataset / "documents.parquet").exists():
        raise _fail(f"{literal(str(dataset))}: not a dataset written by kehoach extract (no documents.parquet)", 2)


@app.command(epilog="Exit codes: 0 shown; 1 the file could not be read (its reason is shown); 2 no such file.")
def show(file: Path = typer.Argument(..., help="One plan file."),
         as_json: bool = typer.Option(False, "--json", help="Print the extraction as JSON (the document row "
                                                              "without its text, and every fact's row) instead.")):
    """Show one plan's extraction in the terminal, each fact with its section and offsets."""
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    from pipeline.run.names import literal
    from pipeline.run.worker import extract_file

    if not file.exists():
        raise _fail(f"{literal(str(file))}: no such file", 2)
    e = extract_file(file)
    if as_json:
        import json

        from pipeline.run.records import valid_row
        from pipeline.store.writer import ID, document_row, fact_rows

        doc = {k: v for k, v in valid_row(document_row(e)).items() if k != "text"}
        if doc.get("sections"):
            doc["sections"] = json.loads(doc["sections"])
        if doc.get("locality_candidates"):
            doc["locality_candidates"] = json.loads(doc["locality_candidates"])
        body = {"document": doc, **{t: [valid_row(r) for r in fact_rows(e, t)] for t in ID}}
        typer.echo(json.dumps(body, ensure_ascii=False, indent=1))
        raise typer.Exit(code=1 if e.doc is None else 0)
    console = Console(highlight=False)
    console.rule(Text(f"{literal(str(file))}  [{e.source_format}]  status: {e.status}"
                      + (f" — {e.error}" if e.error else "")))
    if e.doc is None:
        raise typer.Exit(code=1)
    mt = Table(title="meta", show_header=False)
    for k, v in e.meta.__dict__.items():
        if v is not None:
            mt.add_row(k, Text(str(v)))
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
            t.add_row(f"{f.char_start}–{f.char_end}",
                      *(Text("" if getattr(f, c) is None else str(getattr(f, c))) for c in cols))
        console.print(t)


@app.command(epilog="Exit codes: 0 written; 2 DATASET is not a dataset; 3 the report could not be written; "
                    "4 an internal error.")
def report(
    dataset: Path = typer.Argument(..., help="A folder written by `kehoach extract`."),
    out: Path = typer.Option(Path("report"), "-o", "--out", help="Folder for the HTML site."),
):
    """Write a static HTML site comparing the plans of DATASET (opens from disk, no network)."""
    _need_dataset(dataset)
    from pipeline.analyse.report import build

    try:
        done = build(dataset, out)
    except OSError as e:
        raise _fail(f"the report could not be written ({_os_error(e)})", 3)
    except Exception as e:  # noqa: BLE001
        raise _internal(e, "the dataset is unchanged")
    typer.echo(f"report → {out}/index.html: {done['plans']} plans, {done['files']} files, {done['pages']} pages")


def main() -> None:  # pragma: no cover
    app(prog_name="kehoach")


if __name__ == "__main__":  # pragma: no cover
    main()
