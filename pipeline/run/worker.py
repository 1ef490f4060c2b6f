"""Run the stages over files and folders: one ``Extraction`` per input file.

A file that cannot be read becomes an ``error`` row with a one-line reason; the run goes on.
"""
from __future__ import annotations

import fnmatch
import hashlib
import os
import re
import stat
import sys
import time
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.models import Extraction, LoadError

SUFFIXES = {".txt", ".md", ".docx", ".docm", ".dotx", ".pdf", ".doc", ".odt", ".rtf", ".html", ".htm", ".png",
            ".jpg", ".jpeg", ".tif", ".tiff"}
# .odt and .rtf are read through LibreOffice as .doc files are (the contract's formats have no
# name of their own for them); .docm/.dotx are Word's OOXML
FORMATS = {".txt": "txt", ".md": "md", ".docx": "docx", ".docm": "docx", ".dotx": "docx", ".pdf": "pdf",
           ".doc": "doc", ".odt": "doc", ".rtf": "doc", ".html": "html", ".htm": "html", ".png": "image",
           ".jpg": "image", ".jpeg": "image", ".tif": "image", ".tiff": "image"}


def _selected(rel: str, include: Sequence[str], exclude: Sequence[str]) -> bool:
    """Glob patterns match the path relative to its INPUT (``*`` also crosses ``/``) or the
    file name: ``--include '*.pdf' --exclude 'drafts/*'``."""
    return _why_not_selected(rel, include, exclude) is None


def _why_not_selected(rel: str, include: Sequence[str], exclude: Sequence[str]) -> str | None:
    name = rel.rsplit("/", 1)[-1]

    def hit(pattern: str) -> bool:
        return fnmatch.fnmatchcase(rel, pattern) or fnmatch.fnmatchcase(name, pattern)

    if include and not any(map(hit, include)):
        return "not matched by --include " + " ".join(include)
    for pattern in exclude:
        if hit(pattern):
            return f"excluded by --exclude {pattern}"
    return None


# --------------------------------------------------------------------------- names and texts


_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")
_SURROGATE = re.compile(r"[\ud800-\udfff]")
_NOT_ESCAPED = re.compile(r"[\ud800-\udc7f\udd00-\udfff]")
_PAIR = re.compile(r"[\ud800-\udbff][\udc00-\udfff]")


def name_of(s: str) -> str:
    """A file name (or path) as valid Unicode text: the bytes that are not UTF-8 (kept by Python
    as lone surrogates, ``surrogateescape``) written ``\\xNN``, so two names stay two names."""
    if not _SURROGATE.search(s):
        return s
    s = _NOT_ESCAPED.sub("\ufffd", s)  # surrogates that no byte gave: not a name's, replaced
    return s.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def literal(s: str) -> str:
    """``name_of`` with the control characters (a newline, an escape sequence) written as
    ``\\xNN`` as well: a name that prints as one line and changes nothing on a terminal."""
    s = name_of(s)
    return _CONTROL.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), s) if _CONTROL.search(s) else s


def valid_text(s: str) -> str:
    """Text made valid Unicode: a UTF-16 surrogate pair split into two code points (a PDF
    reader's character beyond the BMP) joined into its character, a lone half replaced by
    U+FFFD."""
    if not _SURROGATE.search(s):
        return s
    s = _PAIR.sub(lambda m: m.group().encode("utf-16-le", "surrogatepass").decode("utf-16-le"), s)
    return _SURROGATE.sub("\ufffd", s)


def same_length_text(s: str | None) -> str | None:
    """Lone surrogates replaced by U+FFFD, one for one (offsets into the text stay true)."""
    return _SURROGATE.sub("\ufffd", s) if s and _SURROGATE.search(s) else s


def one_line(reason: str | None, limit: int = 400) -> str | None:
    """An error text as one line of valid Unicode, no control characters, at most ``limit``
    characters."""
    if reason is None:
        return None
    s = literal(" ".join(name_of(reason).split()))
    return s if len(s) <= limit else s[:limit - 1] + "…"


# --------------------------------------------------------------------------- discovery


@dataclass
class Survey:
    """What ``survey`` found under the inputs: the files to read, as ``(path, rel)``, and the
    entries left out, as ``(path, reason)``; ``missing``: inputs that do not exist."""
    files: list[tuple[Path, str]] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)


def _inside(target: Path, roots: Sequence[Path]) -> bool:
    return any(target == r or r in target.parents for r in roots)


def _kind(mode: int) -> str:
    for test, what in ((stat.S_ISFIFO, "a named pipe (FIFO)"), (stat.S_ISSOCK, "a socket"),
                       (stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device"),
                       (stat.S_ISDIR, "a folder")):
        if test(mode):
            return what
    return "not a regular file"


def survey(inputs: Iterable[Path], include: Sequence[str] = (), exclude: Sequence[str] = (),
           hidden: bool = False) -> Survey:
    """Every file under ``inputs`` and whether it is read (see ``discover``).  Only regular
    files are read: a named pipe, socket or device is skipped (reading one could hang or never
    end), and a symbolic link is followed only when it leads to a regular file inside one of
    the input folders (a link to ``/etc/passwd`` is not read).  Folders are searched
    recursively without following links.  Each entry left out is listed with why;
    ``hidden``: list hidden files and folders (``.x``, ``~$x``) too (``kehoach extract --list``)."""
    out = Survey()
    inputs = [Path(p) for p in inputs]
    roots = []
    for inp in inputs:
        try:
            roots.append(inp.resolve())
        except (OSError, RuntimeError):
            pass

    def skip(rel, why: str) -> None:
        out.skipped.append((name_of(str(rel)), why))

    for inp in inputs:
        try:
            st = inp.stat()  # an input named on the command line is followed, wherever it leads
        except FileNotFoundError:
            if inp.is_symlink():
                skip(inp, "a link to something that does not exist")
            else:
                out.missing.append(name_of(str(inp)))
            continue
        except OSError as e:
            skip(inp, f"cannot be read ({e.strerror or e})")
            continue
        if stat.S_ISDIR(st.st_mode):
            def walk_error(e: OSError, inp=inp) -> None:
                try:
                    where = Path(e.filename).relative_to(inp).as_posix()
                except (TypeError, ValueError):
                    where = str(inp)
                skip(where, f"a folder that cannot be read ({e.strerror or e})")

            for root, dirs, files in os.walk(inp, onerror=walk_error):
                here = Path(root)
                keep = []
                for d in sorted(dirs):
                    rel = (here / d).relative_to(inp).as_posix()
                    if (here / d).is_symlink():
                        skip(rel, "a link to a folder: links to folders are not followed")
                    elif d.startswith("."):
                        if hidden:
                            skip(rel + "/", "a hidden folder")
                    else:
                        keep.append(d)
                dirs[:] = keep
                for name in sorted(files):
                    p = here / name
                    rel = p.relative_to(inp).as_posix()
                    if name.startswith((".", "~$")):
                        if hidden:
                            skip(rel, "a hidden file (or an Office lock file)")
                        continue
                    if p.suffix.lower() not in SUFFIXES:
                        skip(rel, f"not a plan file type ({p.suffix.lower() or 'no extension'})")
                        continue
                    why = _why_not_selected(name_of(rel), include, exclude)
                    if why:
                        skip(rel, why)
                        continue
                    why = _not_readable(p, roots)
                    if why:
                        skip(rel, why)
                        continue
                    out.files.append((p, name_of(rel)))
        else:
            rel = name_of(inp.name)
            why = _why_not_selected(rel, include, exclude)
            if why is None and not stat.S_ISREG(st.st_mode):
                why = f"{_kind(st.st_mode)}, not a regular file: not read"
            if why:
                skip(str(inp), why)
            else:
                out.files.append((inp, rel))
    return out


def _not_readable(p: Path, roots: Sequence[Path]) -> str | None:
    """Why a file found in a folder is not read, or None: it must be a regular file, or a link
    to a regular file inside the input folders."""
    try:
        st = p.lstat()
    except OSError as e:
        return f"cannot be read ({e.strerror or e})"
    if stat.S_ISLNK(st.st_mode):
        try:
            target = p.resolve(strict=True)
        except (OSError, RuntimeError):
            return "a link to something that does not exist (or a loop of links)"
        if not _inside(target, roots):
            return f"a link to {literal(str(target))}, outside the input folders: not followed"
        try:
            st = target.stat()
        except OSError as e:
            return f"cannot be read ({e.strerror or e})"
    if not stat.S_ISREG(st.st_mode):
        return f"{_kind(st.st_mode)}, not a regular file: not read"
    return None


def discover(inputs: Iterable[Path], include: Sequence[str] = (), exclude: Sequence[str] = ()
             ) -> Iterator[tuple[Path, str]]:
    """(file, path relative to the INPUT it was found under) in a stable order; folders are
    searched recursively, hidden files and folders skipped, and the globs applied (see
    ``_selected``).  A file named on the command line is taken whatever its suffix.  Only
    regular files are read, and links only inside the inputs (``survey`` says why the others
    are left out)."""
    yield from survey(inputs, include, exclude).files


def doc_id_of(path: Path) -> str:
    """The first 16 hex digits of the file's SHA-256 (of its path, when it cannot be read).
    Opened without blocking and hashed only if it is a regular file: a named pipe put in
    place of a file after discovery cannot hang the run here."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError:
        return hashlib.sha256(os.fsencode(str(path))).hexdigest()[:16]
    try:
        with os.fdopen(fd, "rb") as fh:
            if not stat.S_ISREG(os.fstat(fh.fileno()).st_mode):
                return hashlib.sha256(os.fsencode(str(path))).hexdigest()[:16]
            h = hashlib.sha256()
            for chunk in iter(lambda: fh.read(1 << 20), b""):  # in chunks: bounded memory
                h.update(chunk)
            return h.hexdigest()[:16]
    except OSError:
        return hashlib.sha256(os.fsencode(str(path))).hexdigest()[:16]


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


TIMINGS: dict[str, float] = {}  # seconds per stage of the last extract_file (kehoach extract -v)
MAX_TEXT_CHARS = 4_000_000  # a plan is 10–200 thousand characters; more is not one plan (or will not finish)
_PLAIN = {".txt", ".md"}


def _too_large(shown: str, what: str) -> str:
    return (f"{shown}: too large: {what}, over the {MAX_TEXT_CHARS / 1e6:g} million characters a plan may have "
            "(a plan has well under 1 million); check that it is one plan, or split it")


def extract_file(path: Path, rel: str | None = None, max_bytes: int | None = None) -> Extraction:
    """Load, normalise, structure and run every extractor on one file (``max_bytes``: the
    size limit, ``pipeline.read.load.MAX_BYTES`` when None).  Never raises for a file: what cannot
    be read is an ``error`` with a one-line reason; an extractor that fails loses its own
    facts only (the plan is ``partial``, the other tables are kept)."""
    from pipeline.read.load import load
    from pipeline.text.normalize import normalize

    path = Path(path)
    TIMINGS.clear()
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
        raw = load(path, max_bytes)
        TIMINGS["load"] = time.perf_counter() - started
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
        TIMINGS["normalize"] = time.perf_counter() - started
    except Exception as e:  # noqa: BLE001
        ex.status, ex.error = "error", f"{shown}: its text could not be prepared ({internal(e)})"
        return ex
    ex.doc = doc
    if not doc.text.strip():
        ex.status, ex.error = "error", f"{shown}: no text found"
        return ex
    try:
        failed = _run_extractors(ex, doc)
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


TOO_LARGE = ("too large: reading it needs more memory than a worker may use (KEHOACH_WORKER_MEMORY_MB); "
             "check that it is a plan, or split it")


def internal(e: BaseException) -> str:
    """An unexpected exception as a reason a person can act on, in one line (no raw dump)."""
    if isinstance(e, MemoryError):
        return TOO_LARGE
    if isinstance(e, RecursionError):
        return "it is nested too deeply to be read"
    detail = one_line(str(e), 160) if str(e).strip() else ""
    return f"an internal error in kehoach ({type(e).__name__}{': ' + detail if detail else ''}); " \
        "please report it with the file"


def _valid_blocks(blocks: list) -> list:
    """The loader's blocks with their text made valid Unicode (see ``valid_text``)."""
    from dataclasses import replace

    return [replace(b, text=valid_text(b.text)) if _SURROGATE.search(b.text) else b for b in blocks]


def _run_extractors(ex: Extraction, doc) -> list[str]:
    """Every extractor on ``doc``, each on its own: one that raises loses its facts, and its
    one-line reason is returned; the others' facts are kept."""
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
            TIMINGS[what] = TIMINGS.get(what, 0.0) + time.perf_counter() - started

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
    ex.assignments = attempt("assignments", lambda: assignments.extract(ctx), [])
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


def _warm() -> bool:
    """Load the extractors and their models in the worker before any file's clock starts;
    then cap the memory a file may take (``limit_memory``)."""
    import tempfile

    arrow_without_pandas()

    with tempfile.TemporaryDirectory(prefix="kehoach-warm-") as tmp:
        sample = Path(tmp) / "warm.txt"
        sample.write_text(_WARM_TEXT, encoding="utf-8")
        extract_file(sample)
    from extractors import localities

    localities.warm()
    from pipeline.store import writer  # noqa: F401  (pyarrow.parquet: imported before the memory cap, not after)
    import gc

    gc.collect()
    limit_memory()
    return True


def _failed(path: Path, rel: str, reason: str) -> Extraction:
    path = Path(path)
    fmt = FORMATS.get(path.suffix.lower(), path.suffix.lower().lstrip(".") or "unknown")
    return Extraction(doc_id=doc_id_of(path), source_path=name_of(str(rel)), source_format=fmt, status="error",
                      error=one_line(str(reason)))


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
    """Worker processes running ``fn(path, rel, max_bytes)``, each loading the models first
    (``pipeline.run.pool``); a file a worker could not finish becomes ``on_failure(path, rel,
    reason)``."""
    from pipeline.run.pool import Pool

    def fail(key, args, kind, detail):
        path, rel, _ = args
        return on_failure(path, rel, failure_reason(path, kind, detail, timeout))

    return Pool(fn, workers, timeout, fail, init=_warm)


def run(files: Iterable[tuple[Path, str]], timeout: float | None = DEFAULT_TIMEOUT,
        max_bytes: int | None = None, workers: int = 1) -> Iterator[Extraction]:
    """``extract_file`` over ``(path, rel)`` pairs in ``workers`` processes, each file under the
    time limit (``pipeline.run.pool``), yielded as they finish.  ``timeout`` None or 0 runs
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
    seconds: float = 0.0  # the time the file took in its worker (kehoach extract -v, --log-file)
    timings: tuple = ()  # (stage, seconds) of its stages


def partition_of(ex: Extraction) -> tuple[str, str]:
    """Where a plan's rows go in a partitioned table: its province code and year (the start of
    its period, else the year it was issued); ``unknown`` where the plan does not say."""
    m = ex.meta
    year = m.period_start or (int(m.issue_date[:4]) if m.issue_date and m.issue_date[:4].isdigit() else None)
    return (m.province_code or "unknown", str(year) if year else "unknown")


def _valid_row(row: dict) -> dict:
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
    tables = {"documents": pa.Table.from_pylist([_valid_row(document_row(ex))], schema=SCHEMAS["documents"])}
    for table in ID:
        tables[table] = pa.Table.from_pylist([_valid_row(r) for r in fact_rows(ex, table)], schema=SCHEMAS[table])
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
    return Record(ex.source_path, ex.doc_id, ex.status, ex.error, partition_of(ex), rows, counts, summary)


def extract_record(path: Path, rel: str, max_bytes: int | None = None) -> Record:
    started = time.perf_counter()
    rec = record_of(extract_file(Path(path), rel, max_bytes))
    rec.seconds = time.perf_counter() - started
    rec.timings = tuple((k, round(v, 4)) for k, v in TIMINGS.items())
    return rec


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

    from pipeline import __version__
    from pipeline.store.writer import SCHEMA_VERSION

    h = hashlib.sha256(f"{__version__}|{SCHEMA_VERSION}".encode())
    root = Path(__file__).resolve().parents[2]
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
