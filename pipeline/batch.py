"""Run the stages over files and folders: one ``Extraction`` per input file.

A file that cannot be read becomes an ``error`` row with a one-line reason; the run goes on.
"""
from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable, Iterator
from pathlib import Path

from .models import Extraction, LoadError

SUFFIXES = {".txt", ".md", ".docx", ".pdf", ".doc", ".html", ".htm", ".png", ".jpg", ".jpeg", ".tif", ".tiff"}
FORMATS = {".txt": "txt", ".md": "md", ".docx": "docx", ".pdf": "pdf", ".doc": "doc", ".html": "html",
           ".htm": "html", ".png": "image", ".jpg": "image", ".jpeg": "image", ".tif": "image", ".tiff": "image"}


def discover(inputs: Iterable[Path]) -> Iterator[tuple[Path, str]]:
    """(file, path relative to the INPUT it was found under) in a stable order."""
    for inp in inputs:
        inp = Path(inp)
        if inp.is_dir():
            for root, dirs, files in os.walk(inp):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for name in sorted(files):
                    p = Path(root) / name
                    if p.suffix.lower() in SUFFIXES and not name.startswith((".", "~$")):
                        yield p, p.relative_to(inp).as_posix()
        else:
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


def _warm() -> bool:
    """Load the extractors and their models in the worker before any file's clock starts."""
    import tempfile

    with tempfile.TemporaryDirectory(prefix="kehoach-warm-") as tmp:
        sample = Path(tmp) / "warm.txt"
        sample.write_text(_WARM_TEXT, encoding="utf-8")
        extract_file(sample)
    return True


def _failed(path: Path, rel: str, reason: str) -> Extraction:
    fmt = FORMATS.get(path.suffix.lower(), path.suffix.lower().lstrip(".") or "unknown")
    return Extraction(doc_id=doc_id_of(path), source_path=rel, source_format=fmt, status="error", error=reason)


def _descendants(pid: int) -> list[int]:
    """Child processes of ``pid``, recursively (Linux /proc; empty elsewhere)."""
    out = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            children = (task / "children").read_text().split()
        except OSError:
            continue
        for child in map(int, children):
            out += [child, *_descendants(child)]
    return out


class Runner:
    """Extracts files one after another in a worker process that is reused from file to file,
    so that a file that hangs (or crashes the reader) costs an error row, not the run: past
    ``timeout`` seconds the worker and whatever it started (LibreOffice, Tesseract) are killed
    and a fresh worker takes the next file. ``timeout`` None or 0 runs in this process, with no
    limit. On Linux the worker is forked, so it starts with what this process has loaded."""

    def __init__(self, timeout: float | None = DEFAULT_TIMEOUT, max_bytes: int | None = None):
        self.timeout = timeout or None
        self.max_bytes = max_bytes
        self.pool = None

    def _start(self):
        import multiprocessing as mp
        from concurrent.futures import ProcessPoolExecutor

        ctx = mp.get_context("fork") if "fork" in mp.get_all_start_methods() else None
        self.pool = ProcessPoolExecutor(max_workers=1, mp_context=ctx)
        self.pool.submit(_warm).result(timeout=max(600.0, 5 * self.timeout))

    def _stop(self, kill: bool) -> None:
        import signal

        if self.pool is None:
            return
        if kill:
            for pid in list(getattr(self.pool, "_processes", {}) or {}):
                for victim in [*_descendants(pid), pid]:
                    try:
                        os.kill(victim, signal.SIGKILL)
                    except OSError:
                        pass
        self.pool.shutdown(wait=not kill, cancel_futures=True)
        self.pool = None

    def extract(self, path: Path, rel: str | None = None) -> Extraction:
        from concurrent.futures import TimeoutError as FutureTimeout
        from concurrent.futures.process import BrokenProcessPool

        path, rel = Path(path), rel or Path(path).name
        if self.timeout is None:
            return extract_file(path, rel, self.max_bytes)
        try:
            if self.pool is None:
                self._start()
            future = self.pool.submit(extract_file, path, rel, self.max_bytes)
            return future.result(timeout=self.timeout)
        except FutureTimeout:
            self._stop(kill=True)
            return _failed(path, rel, f"{path.name}: reading it took longer than the {self.timeout:g} s limit "
                                      "and was stopped; if the file is genuine, run again with a longer "
                                      "kehoach extract --timeout")
        except BrokenProcessPool:
            self._stop(kill=True)
            return _failed(path, rel, f"{path.name}: the reader process died on this file (out of memory "
                                      "or a crash in a parser); check the file, or open and re-save it")

    def close(self) -> None:
        self._stop(kill=False)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self._stop(kill=exc[0] is not None)


def run(files: Iterable[tuple[Path, str]], timeout: float | None = DEFAULT_TIMEOUT,
        max_bytes: int | None = None) -> Iterator[Extraction]:
    """``extract_file`` over ``(path, rel)`` pairs, each under the time limit (see ``Runner``)."""
    with Runner(timeout, max_bytes) as runner:
        for path, rel in files:
            yield runner.extract(path, rel)
