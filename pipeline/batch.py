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
        return hashlib.sha256(path.read_bytes()).hexdigest()[:16]
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


def extract_file(path: Path, rel: str | None = None) -> Extraction:
    """Load, normalise, structure and run every extractor on one file."""
    from extractors import assignments, citations, dates, meta, targets
    from extractors.context import build

    from .load import load
    from .normalize import normalize

    path = Path(path)
    rel = rel or path.name
    fmt = FORMATS.get(path.suffix.lower(), path.suffix.lower().lstrip(".") or "unknown")
    ex = Extraction(doc_id=doc_id_of(path), source_path=rel, source_format=fmt, status="ok", error=None)
    try:
        raw = load(path)
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
    except Exception as e:
        ex.status, ex.error = "error", f"{path.name}: extraction failed ({type(e).__name__}: {e})"
        return ex
    from .schema import check

    check(ex)
    warnings = list(doc.warnings)
    if not ex.meta.doc_type:
        warnings.append("no document heading (KẾ HOẠCH …) found")
    if warnings:
        ex.status = "partial"
        ex.error = "; ".join(warnings + ([ex.error] if ex.error else []))
    return ex
