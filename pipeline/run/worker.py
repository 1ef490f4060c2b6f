"""Run the stages over one file in a worker: ``extract_file`` (load, normalise, every extractor
on its own) and ``extract_record`` (its rows), the worker's warm-up and memory limit, and
``worker_pool``, the processes of ``kehoach extract`` with the reason of a file a worker could
not finish (``failure_reason``).

A file that cannot be read becomes an ``error`` row with a one-line reason; the run goes on.
"""
from __future__ import annotations

import os
import re
import stat
import sys
import time
from pathlib import Path

from pipeline.models import Extraction, LoadError
from pipeline.read.context import ReadContext
from pipeline.run.discover import FORMATS, _kind, doc_id_of
from pipeline.run.names import TOO_LARGE, _SURROGATE, internal, literal, name_of, one_line, valid_text
from pipeline.run.records import Record, record_of


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


MAX_TEXT_CHARS = 4_000_000  # a plan is 10–200 thousand characters; more is not one plan (or will not finish)
_PLAIN = {".txt", ".md"}


def _too_large(shown: str, what: str) -> str:
    return (f"{shown}: too large: {what}, over the {MAX_TEXT_CHARS / 1e6:g} million characters a plan may have "
            "(a plan has well under 1 million); check that it is one plan, or split it")


def extract_file(path: Path, rel: str | None = None, max_bytes: int | None = None,
                 ctx: ReadContext | None = None, timings: dict[str, float] | None = None) -> Extraction:
    """Load, normalise, structure and run every extractor on one file (``max_bytes``: the
    size limit, ``pipeline.read.load.MAX_BYTES`` when None; ``ctx``: the reading helpers kept
    from file to file, see ``pipeline.read.context``; ``timings``: filled with the seconds each
    stage took, for kehoach extract -v).  Never raises for a file: what cannot
    be read is an ``error`` with a one-line reason; an extractor that fails loses its own
    facts only (the plan is ``partial``, the other tables are kept)."""
    from pipeline.read.load import load
    from pipeline.text.normalize import normalize

    path = Path(path)
    timings = {} if timings is None else timings
    rel = name_of(rel or path.name)
    fmt = FORMATS.get(path.suffix.lower(), path.suffix.lower().lstrip(".") or "unknown")
    ex = Extraction(doc_id=doc_id_of(path), source_path=rel, source_format=fmt, status="ok", error=None)
    shown = literal(path.name)
    try:
        st = path.stat()
        if not stat.S_ISREG(st.st_mode):
            ex.status, ex.error = "error", f"{shown}: {_kind(st.st_mode)}, not a regular file: not read"
            return ex
        if path.suffix.lower() in _PLAIN and st.st_size > 4 * MAX_TEXT_CHARS \
                and (max_bytes is None or st.st_size <= max_bytes):  # refused unread (4 bytes a character at most)
            ex.status, ex.error = "error", _too_large(shown, f"the file is {st.st_size / 2**20:.1f} MB of text")
            return ex
    except OSError:
        pass  # load says what is wrong with it
    try:
        started = time.perf_counter()
        raw = load(path, max_bytes, ctx=ctx)
        timings["load"] = time.perf_counter() - started
    except LoadError as e:
        ex.status, ex.error = "error", one_line(str(e))
        return ex
    except MemoryError:
        ex.status, ex.error = "error", f"{shown}: {TOO_LARGE}"
        return ex
    except Exception as e:  # a loader bug must not stop the batch; say what happened
        ex.status, ex.error = "error", f"{shown}: could not be read ({internal(e)})"
        return ex
    ex.source_format = raw.source_format
    chars = sum(len(b.text) for b in raw.blocks)
    if chars > MAX_TEXT_CHARS:
        ex.status, ex.error = "error", _too_large(shown, f"its text is {chars / 1e6:.1f} million characters")
        return ex
    try:
        raw.blocks = _valid_blocks(raw.blocks)
        started = time.perf_counter()
        doc = normalize(raw)
        timings["normalize"] = time.perf_counter() - started
    except Exception as e:  # noqa: BLE001
        ex.status, ex.error = "error", f"{shown}: its text could not be prepared ({internal(e)})"
        return ex
    ex.doc = doc
    if not doc.text.strip():
        ex.status, ex.error = "error", f"{shown}: no text found"
        return ex
    try:
        failed = _run_extractors(ex, doc, timings)
    except MemoryError:  # the worker's memory limit: the whole plan, not one table
        ex.doc, ex.meta = None, type(ex.meta)()
        ex.citations, ex.targets, ex.assignments, ex.dates, ex.staleness, ex.sections = [], [], [], [], [], []
        ex.status, ex.error = "error", f"{shown}: {TOO_LARGE}"
        return ex
    from pipeline.store.schema import check
    from pipeline.read.vietnamese import looks_vietnamese

    try:
        check(ex)
    except Exception as e:  # noqa: BLE001 - unchecked facts must not enter the tables
        ex.citations, ex.targets, ex.assignments, ex.dates, ex.staleness = [], [], [], [], []
        failed.append(f"the facts could not be checked against the schema and were dropped ({internal(e)})")
    warnings = list(doc.warnings) + failed
    try:
        vietnamese = looks_vietnamese(doc.text)
    except Exception:  # noqa: BLE001
        vietnamese = True
    if not vietnamese:
        warnings.append("the text is not Vietnamese (few Vietnamese words or diacritics): a translation "
                        "or the wrong file? Its facts were not found by the Vietnamese rules")
    if not ex.meta.doc_type and not failed:
        warnings.append("no document heading (KẾ HOẠCH …) found")
    if warnings:
        ex.status = "partial"
        ex.error = one_line("; ".join(warnings + ([ex.error] if ex.error else [])))
    return ex



def _valid_blocks(blocks: list) -> list:
    """The loader's blocks with their text made valid Unicode (see ``valid_text``)."""
    from dataclasses import replace

    return [replace(b, text=valid_text(b.text)) if _SURROGATE.search(b.text) else b for b in blocks]


def _run_extractors(ex: Extraction, doc, timings: dict[str, float]) -> list[str]:
    """Every extractor on ``doc``, each on its own: one that raises loses its facts, and its
    one-line reason is returned; the others' facts are kept (and the time each took added to
    ``timings``)."""
    from extractors import assignments, citations, dates, meta, staleness, targets
    from extractors.context import build

    from pipeline.models import Meta

    failed: list[str] = []

    def attempt(what: str, fn, default):
        started = time.perf_counter()
        try:
            return fn()
        except MemoryError:  # not this table's: the plan is too large (see extract_file)
            raise
        except Exception as e:  # noqa: BLE001 - contained to this table
            failed.append(f"{what} could not be extracted ({internal(e)})")
            return default
        finally:
            timings[what] = timings.get(what, 0.0) + time.perf_counter() - started

    ctx = attempt("the structure", lambda: build(doc), None)
    if ctx is None:
        ex.meta = Meta()
        return failed
    ex.sections = ctx.structure.sections
    ex.meta = attempt("the document's details", lambda: meta.extract(ctx), None) or Meta()
    attempt("the locality code", lambda: _resolve_locality(ex.meta, doc.text), None)
    plan_date = attempt("the plan date", lambda: _plan_date(ex.meta), None)
    ex.citations = attempt("citations", lambda: citations.extract(ctx, plan_date), [])
    spans = attempt("citations", lambda: citations.spans(ex.citations), [])
    ex.dates = attempt("dates", lambda: dates.extract(ctx, spans), [])
    ex.targets = attempt("targets", lambda: targets.extract(ctx, ex.meta.period_end), [])
    ex.assignments = attempt("assignments", lambda: assignments.extract(ctx, ex.targets), [])  # with their domains
    ex.staleness = attempt("staleness flags", lambda: staleness.extract(ctx, ex.meta, ex.citations, ex.dates), [])
    return failed


# --------------------------------------------------------------------------- time limit

DEFAULT_TIMEOUT = 120.0  # seconds per document (kehoach extract --timeout)
_WARM_TEXT = ("KẾ HOẠCH\nThực hiện công tác bình đẳng giới năm 2025\n"
              "Căn cứ Luật Bình đẳng giới số 73/2006/QH11; Kế hoạch số 12/KH-UBND ngày 10/01/2025;\n"
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


WORKER_MEMORY_MB = 768  # what one file may take in a worker, above the loaded models (KEHOACH_WORKER_MEMORY_MB)


def limit_memory(budget_mb: float | None = None) -> int | None:
    """Cap this process's data (``RLIMIT_DATA``: heap and private mappings) at what it holds
    now plus ``budget_mb`` (``KEHOACH_WORKER_MEMORY_MB``, else ``WORKER_MEMORY_MB``; 0: no
    cap), so that a file that would need more raises ``MemoryError`` in this worker (a "too
    large" row) instead of taking the machine's memory.  Counted from what the process holds
    after loading its models, since libraries reserve address space they never touch.  For a
    worker process; returns the limit in bytes (None: not capped)."""
    import resource

    if budget_mb is None:
        try:
            budget_mb = float(os.environ.get("KEHOACH_WORKER_MEMORY_MB", WORKER_MEMORY_MB))
        except ValueError:
            budget_mb = WORKER_MEMORY_MB
    if budget_mb <= 0:
        return None
    try:
        status = Path(f"/proc/{os.getpid()}/status").read_text()
        held = int(re.search(r"^VmData:\s+(\d+) kB", status, re.M).group(1)) * 1024
        _, hard = resource.getrlimit(resource.RLIMIT_DATA)
        limit = held + int(budget_mb * 2**20)
        if hard != resource.RLIM_INFINITY:
            limit = min(limit, hard)
        resource.setrlimit(resource.RLIMIT_DATA, (limit, hard))
        return limit
    except (OSError, ValueError, AttributeError):  # not Linux: no cap
        return None


def _warm(cap: bool = True) -> ReadContext:
    """Load the extractors and their models in the worker before any file's clock starts;
    then cap the memory a file may take (``limit_memory``; not when ``cap`` is false).  Returns the worker's
    ``ReadContext`` (its OCR page workers and LibreOffice profile, started on first use), for
    its owner to pass to each file and close when the worker ends."""
    import tempfile

    arrow_without_pandas()

    with tempfile.TemporaryDirectory(prefix="kehoach-warm-") as tmp:
        sample = Path(tmp) / "warm.txt"
        sample.write_text(_WARM_TEXT, encoding="utf-8")
        # the whole path of a file, its rows and plan signature included: every module a file
        # needs is imported before the memory cap, not after
        extract_record(sample, sample.name)
    from extractors import localities

    localities.warm()
    import gc

    gc.collect()
    if cap:
        limit_memory()
    return ReadContext()



def failure_reason(path: Path, kind: str, detail: str, timeout: float | None) -> str:
    """The one-line reason of a file the worker could not finish (see ``pipeline.run.pool``)."""
    name = literal(Path(path).name)
    if kind == "error" and str(detail).startswith("MemoryError"):
        return f"{name}: {TOO_LARGE}"
    if kind == "timeout":
        return (f"{name}: reading it took longer than the {timeout:g} s limit and was stopped; if the file "
                "is genuine, run again with a longer kehoach extract --timeout")
    if kind == "died" and detail in ("signal 6", "signal 9"):  # an allocation failed (abort), the OOM killer
        return (f"{name}: too large or damaged: the reader process stopped on this file, out of memory (a worker "
                "may use KEHOACH_WORKER_MEMORY_MB) or on a crash in a parser; check that it is a plan, or split "
                "it or open and re-save it")
    if kind == "died":
        return (f"{name}: the reader process died on this file (out of memory or a crash in a parser); "
                "check the file, or open and re-save it")
    return f"{name}: could not be read ({_worker_error(detail)})"


def _worker_error(detail: str) -> str:
    """A worker's ``Type: message`` as a reason a person can act on (see ``internal``)."""
    kind, _, message = str(detail).partition(":")
    if kind == "MemoryError":
        return TOO_LARGE
    if kind in ("OSError", "FileNotFoundError", "PermissionError", "IsADirectoryError"):
        return one_line(message.strip() or kind, 160)
    return f"an internal error in kehoach ({one_line(detail, 160)}); please report it with the file"


def worker_pool(fn, on_failure, workers: int, timeout: float | None):
    """Worker processes running ``fn(path, rel, max_bytes, ctx=...)``, each loading the models
    first and keeping its ``ReadContext`` (``_warm``, ``pipeline.run.pool``); a file a worker
    could not finish becomes ``on_failure(path, rel, reason)``."""
    from pipeline.run.pool import Pool

    def fail(key, args, kind, detail):
        path, rel, _ = args
        return on_failure(path, rel, failure_reason(path, kind, detail, timeout))

    return Pool(fn, workers, timeout, fail, init=_warm)


def extract_record(path: Path, rel: str, max_bytes: int | None = None, ctx: ReadContext | None = None) -> Record:
    """``extract_file`` as the rows the writer writes, with the time it took."""
    started, timings = time.perf_counter(), {}
    rec = record_of(extract_file(Path(path), rel, max_bytes, ctx, timings))
    rec.seconds = time.perf_counter() - started
    rec.timings = tuple((k, round(v, 4)) for k, v in timings.items())
    return rec


def extract_record_bytes(data: bytes, name: str, rel: str, max_bytes: int | None = None,
                         ctx: ReadContext | None = None) -> Record:
    """``extract_record`` for a file sent as bytes (the Dask engine: workers need no shared
    file system).  The bytes are written under their own name in a private temporary folder."""
    import tempfile

    with tempfile.TemporaryDirectory(prefix="kehoach-") as tmp:
        path = Path(tmp) / name
        path.write_bytes(data)
        return extract_record(path, rel, max_bytes, ctx)
