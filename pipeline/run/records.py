"""A file's rows as the dataset writer takes them: ``Record`` (its rows for every table as Arrow
IPC bytes, made in the worker so that the parent only writes), ``record_of`` an extraction,
``failed_record`` for a file a worker could not finish, and ``partition_of`` (where a plan's
rows go).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from pipeline.models import Extraction
from pipeline.run.discover import FORMATS, doc_id_of
from pipeline.run.names import internal, literal, name_of, one_line, same_length_text


@dataclass
class Record:
    """One file's rows for every table, made in the worker so that the parent only writes."""
    source_path: str
    doc_id: str
    status: str
    error: str | None
    partition: tuple[str, str]  # (province code, year) or "unknown"
    rows: dict[str, bytes] = field(default_factory=dict)  # table → its rows as one Arrow IPC stream
    counts: dict[str, int] = field(default_factory=dict)  # table → number of rows
    summary: tuple = ()  # (locality, years, citations, targets, assignments, dates) for the terminal
    seconds: float = 0.0  # the time the file took in its worker (kehoach extract -v, --log-file)
    timings: tuple = ()  # (stage, seconds) of its stages
    plan_signature: dict | None = None  # extractors.reuse.plan_signature of its documents row, made here
    #                                     (in parallel) so that the run's end only groups the plans


def partition_of(ex: Extraction) -> tuple[str, str]:
    """Where a plan's rows go in a partitioned table: its province code and year (the start of
    its period, else the year it was issued); ``unknown`` where the plan does not say."""
    m = ex.meta
    year = m.period_start or (int(m.issue_date[:4]) if m.issue_date and m.issue_date[:4].isdigit() else None)
    return (m.province_code or "unknown", str(year) if year else "unknown")


def valid_row(row: dict) -> dict:
    """A row whose strings Arrow can write: lone surrogates replaced one for one (offsets hold)."""
    return {k: same_length_text(v) if isinstance(v, str) else v for k, v in row.items()}


def record_of(ex: Extraction) -> Record:
    """``ex`` as the rows the writer writes.  Should a plan's rows still not convert (a value
    no table can hold), the plan becomes an error row saying so: one plan never stops a run."""
    try:
        return _record_of(ex)
    except Exception as e:  # noqa: BLE001
        bad = Extraction(doc_id=ex.doc_id, source_path=ex.source_path, source_format=ex.source_format,
                         status="error", error=f"{literal(ex.source_path)}: its rows could not be written "
                                               f"({internal(e)})")
        return _record_of(bad)


def _record_of(ex: Extraction) -> Record:
    import pyarrow as pa

    from pipeline.store.writer import ID, SCHEMAS, document_row, fact_rows

    ex.source_path, ex.error = name_of(ex.source_path), one_line(ex.error, 2000)
    doc_row = valid_row(document_row(ex))
    tables = {"documents": pa.Table.from_pylist([doc_row], schema=SCHEMAS["documents"])}
    for table in ID:
        tables[table] = pa.Table.from_pylist([valid_row(r) for r in fact_rows(ex, table)], schema=SCHEMAS[table])
    # one contiguous buffer per table: cheap to send, and compact while the writer holds it
    # (a small Table is hundreds of separate allocations)
    rows, counts = {}, {}
    for name, t in tables.items():
        sink = pa.BufferOutputStream()
        with pa.ipc.new_stream(sink, t.schema) as w:
            w.write_table(t)
        rows[name], counts[name] = sink.getvalue().to_pybytes(), t.num_rows
    m = ex.meta
    loc = " ".join(x for x in (m.locality_type, m.locality_name) if x) or "—"
    years = (str(m.period_start) if m.period_start == m.period_end else f"{m.period_start}–{m.period_end}") \
        if m.period_start else "—"
    summary = (literal(same_length_text(loc)), years, len({c.cited_key for c in ex.citations}), len(ex.targets),
               len({(a.agency, a.role) for a in ex.assignments}), len({(d.value, d.kind) for d in ex.dates}))
    return Record(ex.source_path, ex.doc_id, ex.status, ex.error, partition_of(ex), rows, counts, summary,
                  plan_signature=_signature(doc_row))


def _signature(doc_row: dict) -> dict | None:
    """The file's plan signature, or None (the run's end then signs it from its text)."""
    from extractors.reuse import plan_signature

    try:
        return plan_signature(doc_row)
    except Exception:  # noqa: BLE001 - the end of the run signs it again, and says why if that fails
        return None



def failed_extraction(path: Path, rel: str, reason: str) -> Extraction:
    path = Path(path)
    fmt = FORMATS.get(path.suffix.lower(), path.suffix.lower().lstrip(".") or "unknown")
    return Extraction(doc_id=doc_id_of(path), source_path=name_of(str(rel)), source_format=fmt, status="error",
                      error=one_line(str(reason)))



def failed_record(path: Path, rel: str, reason: str) -> Record:
    return record_of(failed_extraction(Path(path), rel, reason))
