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

The work is in three modules: ``evaluate_match`` (comparing values, pairing a table's rows with
the gold entries), ``evaluate_score`` (scores per rendition, per format, overall) and
``evaluate_print`` (the tables, ``--details``, ``--baseline``); this module reads the dataset and
runs the command.
"""
from __future__ import annotations

import json
from pathlib import Path

import pandas as pd

from pipeline.analyse.evaluate_print import print_baseline, print_details, print_report
from pipeline.analyse.evaluate_score import TABLES, score

DATASET_TABLES = ("documents",) + TABLES


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
