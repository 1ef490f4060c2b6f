"""Run the stages over files and folders: one ``Extraction`` per input file.

A file that cannot be read becomes an ``error`` row with a one-line reason; the run goes on.
"""
from __future__ import annotations

import fnmatch
import hashlib
import os
import sys
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from .models import Extraction, LoadError

SUFFIXES = {".txt", ".md", ".docx", ".pdf", ".doc", ".html", ".htm", ".png", ".jpg", ".jpeg", ".tif", ".tiff"}
FORMATS = {".txt": "txt", ".md": "md", ".docx": "docx", ".pdf": "pdf", ".doc": "doc", ".html": "html",
           ".htm": "html", ".png": "image", ".jpg": "image", ".jpeg": "image", ".tif": "image", ".tiff": "image"}


def _selected(rel: str, include: Sequence[str], exclude: Sequence[str]) -> bool:
    """Glob patterns match the path relative to its INPUT (``*`` also crosses ``/``) or the
    file name: ``--include '*.pdf' --exclude 'drafts/*'``."""
    name = rel.rsplit("/", 1)[-1]

    def hit(pattern: str) -> bool:
        return fnmatch.fnmatchcase(rel, pattern) or fnmatch.fnmatchcase(name, pattern)

    return (not include or any(map(hit, include))) and not any(map(hit, exclude))


def discover(inputs: Iterable[Path], include: Sequence[str] = (), exclude: Sequence[str] = ()
             ) -> Iterator[tuple[Path, str]]:
    """(file, path relative to the INPUT it was found under) in a stable order; folders are
    searched recursively, hidden files and folders skipped, and the globs applied (see
    ``_selected``).  A file named on the command line is taken whatever its suffix."""
    for inp in inputs:
        inp = Path(inp)
        if inp.is_dir():
            for root, dirs, files in os.walk(inp):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for name in sorted(files):
                    p = Path(root) / name
                    if p.suffix.lower() in SUFFIXES and not name.startswith((".", "~$")):
                        rel = p.relative_to(inp).as_posix()
                        if _selected(rel, include, exclude):
                            yield p, rel
        elif _selected(inp.name, include, exclude):
            yield inp, inp.name


def doc_id_of(path: Path) -> str:
    try:
        h = hashlib.sha256()
        with open(path, "rb") as fh:  # in chunks: a huge file is hashed in bounded memory
            for chunk in iter(lambda: fh.read(1 << 20), b""):
                h.update(chunk)
        return h.hexdigest()[:16]
    except OSError:
        return hashlib.sha256(str(path).encode()).hexdigest()[:16]


def _resolve_locality(m, text: str) -> None:
    from extractors import localities

    r = localities.resolve(m.locality_name, m.locality_type, m.locality_level, m.province, text,
                           m.issue_date, m.period_start)
    m.locality_code, m.province_code, m.admin_system = r.locality_code, r.province_code, r.system
    if r.locality_code is None and r.candidates:
        m.locality_candidates = r.candidates


def _plan_date(m) -> str | None:
    """The earliest day the plan can date from: its issue date, else the start of its period."""
    from extractors.catalogue import day

    return day(m.issue_date) or (f"{m.period_start}-01-01" if m.period_start else None)


def extract_file(path: Path, rel: str | None = None, max_bytes: int | None = None) -> Extraction:
    """Load, normalise, structure and run every extractor on one file (``max_bytes``: the
    size limit, ``pipeline.load.MAX_BYTES`` when None)."""
    from extractors import assignments, citations, dates, meta, staleness, targets
    from extractors.context import build

    from .load import load
    from .normalize import normalize

    path = Path(path)
    rel = rel or path.name
    fmt = FORMATS.get(path.suffix.lower(), path.suffix.lower().lstrip(".") or "unknown")
    ex = Extraction(doc_id=doc_id_of(path), source_path=rel, source_format=fmt, status="ok", error=None)
    try:
        raw = load(path, max_bytes)
    except LoadError as e:
        ex.status, ex.error = "error", str(e)
        return ex
    except Exception as e:  # a loader bug must not stop the batch; say what happened
        ex.status, ex.error = "error", f"{path.name}: could not be read ({type(e).__name__}: {e})"
        return ex
    ex.source_format = raw.source_format
    doc = normalize(raw)
    ex.doc = doc
    if not doc.text.strip():
        ex.status, ex.error = "error", f"{path.name}: no text found"
        return ex
    try:
        ctx = build(doc)
        ex.sections = ctx.structure.sections
        ex.meta = meta.extract(ctx)
        _resolve_locality(ex.meta, doc.text)
        ex.citations = citations.extract(ctx, _plan_date(ex.meta))
        ex.dates = dates.extract(ctx, citations.spans(ex.citations))
        ex.targets = targets.extract(ctx, ex.meta.period_end)
        ex.assignments = assignments.extract(ctx)
        ex.staleness = staleness.extract(ctx, ex.meta, ex.citations, ex.dates)
    except Exception as e:
        ex.status, ex.error = "error", f"{path.name}: extraction failed ({type(e).__name__}: {e})"
        return ex
    from .schema import check

    check(ex)
    warnings = list(doc.warnings)
    from .vietnamese import looks_vietnamese

    if not looks_vietnamese(doc.text):
        warnings.append("the text is not Vietnamese (few Vietnamese words or diacritics): a translation "
                        "or the wrong file? Its facts were not found by the Vietnamese rules")
    if not ex.meta.doc_type:
        warnings.append("no document heading (KẾ HOẠCH …) found")
    if warnings:
        ex.status = "partial"
        ex.error = "; ".join(warnings + ([ex.error] if ex.error else []))
    return ex


# --------------------------------------------------------------------------- time limit

DEFAULT_TIMEOUT = 120.0  # seconds per document (kehoach extract --timeout)
_WARM_TEXT = ("KẾ HOẠCH\nThực hiện công tác bình đẳng giới năm 2025\n"
              "Căn cứ Luật Bình đẳng giới số 73/2006/QH11;\n"
              "Ủy ban nhân dân phường chủ trì, phối hợp Hội Liên hiệp Phụ nữ thực hiện trước ngày 15/11/2025.\n")


class _NoPandasHere:
    """An import hook that finds no pandas (see ``arrow_without_pandas``)."""

    def find_spec(self, name, path=None, target=None):
        if name == "pandas":
            raise ModuleNotFoundError("pandas is not needed in a kehoach worker", name="pandas")
        return None


def arrow_without_pandas() -> None:
    """pyarrow asks, the first time it converts a Python list, whether pandas is installed, and
    imports it to find out: 0.2 s and about 40 MB in every worker (and in ``kehoach extract``),
    which make Arrow tables from lists and never a pandas object.  Let that one question find
    no pandas.  pyarrow does not ask again; ``to_pandas()`` still imports pandas for real if
    anything calls it.  Not for a process that hands pandas objects to pyarrow (a notebook):
    pyarrow would then read a Series as a plain sequence."""
    if "pandas" in sys.modules:
        return
    import pyarrow as pa

    hook = _NoPandasHere()
    sys.meta_path.insert(0, hook)
    try:
        pa.array([0])
    finally:
        sys.meta_path.remove(hook)


def _warm() -> bool:
    """Load the extractors and their models in the worker before any file's clock starts."""
    import tempfile

    arrow_without_pandas()

    with tempfile.TemporaryDirectory(prefix="kehoach-warm-") as tmp:
        sample = Path(tmp) / "warm.txt"
        sample.write_text(_WARM_TEXT, encoding="utf-8")
        extract_file(sample)
    from extractors import localities

    localities.warm()
    return True


def _failed(path: Path, rel: str, reason: str) -> Extraction:
    fmt = FORMATS.get(path.suffix.lower(), path.suffix.lower().lstrip(".") or "unknown")
    return Extraction(doc_id=doc_id_of(path), source_path=rel, source_format=fmt, status="error", error=reason)


def failure_reason(path: Path, kind: str, detail: str, timeout: float | None) -> str:
    """The one-line reason of a file the worker could not finish (see ``pipeline.pool``)."""
    if kind == "timeout":
        return (f"{path.name}: reading it took longer than the {timeout:g} s limit and was stopped; if the file "
                "is genuine, run again with a longer kehoach extract --timeout")
    if kind == "died":
        return (f"{path.name}: the reader process died on this file (out of memory or a crash in a parser); "
                "check the file, or open and re-save it")
    return f"{path.name}: could not be read ({detail})"


def worker_pool(fn, on_failure, workers: int, timeout: float | None):
    """Worker processes running ``fn(path, rel, max_bytes)``, each loading the models first
    (``pipeline.pool``); a file a worker could not finish becomes ``on_failure(path, rel,
    reason)``."""
    from .pool import Pool

    def fail(key, args, kind, detail):
        path, rel, _ = args
        return on_failure(path, rel, failure_reason(path, kind, detail, timeout))

    return Pool(fn, workers, timeout, fail, init=_warm)


def run(files: Iterable[tuple[Path, str]], timeout: float | None = DEFAULT_TIMEOUT,
        max_bytes: int | None = None, workers: int = 1) -> Iterator[Extraction]:
    """``extract_file`` over ``(path, rel)`` pairs in ``workers`` processes, each file under the
    time limit (``pipeline.pool``), yielded as they finish.  ``timeout`` None or 0 runs
    everything in this process, one file after another, with no limit."""
    if not timeout:
        for path, rel in files:
            yield extract_file(Path(path), rel, max_bytes)
        return
    pool = worker_pool(extract_file, _failed, workers, timeout)
    for _, ex in pool.imap_unordered(((rel, (Path(path), rel, max_bytes)) for path, rel in files)):
        yield ex


# --------------------------------------------------------------------------- records for the dataset writer


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


def partition_of(ex: Extraction) -> tuple[str, str]:
    """Where a plan's rows go in a partitioned table: its province code and year (the start of
    its period, else the year it was issued); ``unknown`` where the plan does not say."""
    m = ex.meta
    year = m.period_start or (int(m.issue_date[:4]) if m.issue_date and m.issue_date[:4].isdigit() else None)
    return (m.province_code or "unknown", str(year) if year else "unknown")


def record_of(ex: Extraction) -> Record:
    import pyarrow as pa

    from .writer import ID, SCHEMAS, document_row, fact_rows

    tables = {"documents": pa.Table.from_pylist([document_row(ex)], schema=SCHEMAS["documents"])}
    for table in ID:
        tables[table] = pa.Table.from_pylist(fact_rows(ex, table), schema=SCHEMAS[table])
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
    summary = (loc, years, len({c.cited_key for c in ex.citations}), len(ex.targets),
               len({(a.agency, a.role) for a in ex.assignments}), len({(d.value, d.kind) for d in ex.dates}))
    return Record(ex.source_path, ex.doc_id, ex.status, ex.error, partition_of(ex), rows, counts, summary)


def extract_record(path: Path, rel: str, max_bytes: int | None = None) -> Record:
    return record_of(extract_file(Path(path), rel, max_bytes))


def extract_record_bytes(data: bytes, name: str, rel: str, max_bytes: int | None = None) -> Record:
    """``extract_record`` for a file sent as bytes (the Dask engine: workers need no shared
    file system).  The bytes are written under their own name in a private temporary folder."""
    import tempfile

    with tempfile.TemporaryDirectory(prefix="kehoach-") as tmp:
        path = Path(tmp) / name
        path.write_bytes(data)
        return extract_record(path, rel, max_bytes)


def failed_record(path: Path, rel: str, reason: str) -> Record:
    return record_of(_failed(Path(path), rel, reason))


# --------------------------------------------------------------------------- extractor version

_CODE_SUFFIXES = {".py", ".yaml", ".yml", ".tsv", ".txt", ".json"}
_NOT_EXTRACTION = {"cli.py", "report.py", "evaluate.py"}  # they read a dataset, they do not make one
_MODEL_PACKAGES = ("underthesea", "spacy", "vietnamadminunits", "pypdfium2", "python-docx", "edtf",
                   "dateparser")


def extractor_version() -> str:
    """A fingerprint of everything that decides what a file's rows are: the code and rule files
    of ``pipeline`` and ``extractors`` and the versions of the libraries with models or
    readers.  A dataset made under another fingerprint is extracted again from scratch."""
    import importlib.metadata as md

    from . import __version__
    from .writer import SCHEMA_VERSION

    h = hashlib.sha256(f"{__version__}|{SCHEMA_VERSION}".encode())
    root = Path(__file__).resolve().parent.parent
    for pkg in ("pipeline", "extractors"):
        for p in sorted((root / pkg).rglob("*")):
            if p.suffix in _CODE_SUFFIXES and p.name not in _NOT_EXTRACTION and "report_assets" not in p.parts \
                    and "__pycache__" not in p.parts and p.is_file():
                h.update(p.relative_to(root).as_posix().encode() + b"\0" + p.read_bytes())
    for name in _MODEL_PACKAGES:
        try:
            h.update(f"{name}={md.version(name)}".encode())
        except md.PackageNotFoundError:
            h.update(f"{name}=none".encode())
    return h.hexdigest()[:16]
