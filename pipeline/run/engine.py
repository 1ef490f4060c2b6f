"""``kehoach extract`` as a run over a dataset: which files need extracting, who extracts them
(worker processes here, or a Dask cluster), and writing their rows in input order.

The rows are written in the order the files were discovered, whatever order the workers
finish in (a small reorder buffer), so a fresh run gives the same part files with one worker,
eight, or a Dask cluster.
"""
from __future__ import annotations

import logging
import os
import signal
import threading
import time
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.read.context import ReadContext
from pipeline.run.discover import doc_id_of, survey
from pipeline.run.names import literal, name_of
from pipeline.run.records import Record, failed_record
from pipeline.run.version import extractor_version
from pipeline.run.worker import DEFAULT_TIMEOUT, failure_reason
from pipeline.store.dataset import DatasetError, Store

log = logging.getLogger("kehoach")  # each file's decision and time (kehoach extract -v, --log-file)


@dataclass
class RunStats:
    files: int = 0
    extracted: int = 0
    carried: int = 0  # already in the dataset: rows carried over
    resumed: int = 0  # written by an interrupted run, adopted
    errors: int = 0
    started: float = field(default_factory=time.perf_counter)
    summaries: list = field(default_factory=list)  # (source_path, status, error, summary) of extracted files
    skipped: list = field(default_factory=list)  # (path, reason) of the entries found and not read
    removed: list = field(default_factory=list)  # source paths that left the dataset (no longer among the inputs)
    kept: bool = False  # no file could be read: the dataset was left as it was


@dataclass
class Options:
    workers: int = 0  # 0: the machine's cores
    timeout: float | None = DEFAULT_TIMEOUT
    max_bytes: int | None = None
    include: Sequence[str] = ()
    exclude: Sequence[str] = ()
    engine: str = "local"  # or "dask"
    scheduler: str | None = None
    reuse: bool = True
    flush_every: int = 50  # plans per flush file (what a kill -9 can lose)
    keep_summaries: int = 200  # per-file lines kept for the terminal table


def default_workers() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not Linux
        return max(1, os.cpu_count() or 1)


class InputError(DatasetError):
    """An input named on the command line does not exist: nothing is touched."""


def check_inputs(inputs: Sequence[Path]) -> None:
    """Refuse, before anything is written, inputs that do not exist (a mistyped folder must not
    turn the dataset into one "file not found" row)."""
    missing = [literal(str(p)) for p in inputs if not os.path.lexists(p)]
    if missing:
        raise InputError(f"no such file or folder: {', '.join(missing)}; nothing was read or written")
    if not inputs:
        raise InputError("no input given: name the plan files or folders to read")


class _Buffer:
    """Records waiting to be written, in input order; written every ``flush_every``."""

    def __init__(self, staging, opts: Options):
        self.staging, self.opts = staging, opts
        self.records: list[Record] = []

    def add(self, rec: Record) -> None:
        self.records.append(rec)
        if len(self.records) >= self.opts.flush_every:
            self.flush()

    def flush(self) -> None:
        with _ctrl_c_waits():  # a staged write is whole or not at all, and never written twice
            self.staging.write(self.records)
            self.records = []


@contextmanager
def _ctrl_c_waits():
    """Hold a Ctrl-C (SIGINT) until the block is done, then raise it: the journal line and the
    buffer's state change together.  In the main thread only (where Python delivers signals)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    held: list[int] = []
    try:
        previous = signal.signal(signal.SIGINT, lambda signum, frame: held.append(signum))
    except ValueError:  # not the main interpreter
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous if previous is not None else signal.default_int_handler)
        if held:
            raise KeyboardInterrupt


def extract_dataset(inputs: Sequence[Path], out: Path, opts: Options,
                    progress: Callable[[str, RunStats], None] | None = None) -> tuple[dict, RunStats]:
    """Extract the plans under ``inputs`` into the dataset ``out`` (see ``pipeline.store.dataset``).
    ``progress(event, stats)`` is called with ``"start"``, then ``"skip"`` or ``"done"`` per file.
    Returns (manifest, stats).  On KeyboardInterrupt everything extracted so far is written to
    the staging folder (a re-run resumes from it) and the interrupt is re-raised.

    Nothing a mistake can lose: an input that does not exist raises ``InputError`` before
    anything is touched; a run that found no file, or could read none while ``out`` holds a
    dataset, replaces nothing (``stats.kept``); plans that leave the dataset are listed in
    ``stats.removed`` and the manifest's ``removed``, the entries found and not read in
    ``skipped`` (see ``pipeline.run.discover.survey``)."""
    from pipeline import __version__
    from pipeline.store.writer import SCHEMA_VERSION

    progress = progress or (lambda event, stats: None)
    check_inputs(inputs)
    store = Store(out)
    store.check()
    store.lock()
    pool = _local_pool(opts) if opts.engine == "local" else None
    if pool is not None and store.current() is None:
        pool.start()  # a first run: the workers load their models while this process looks around
    # a run in this process: its own OCR page workers and LibreOffice profile, kept from file to file
    reading = ReadContext() if opts.engine == "local" and pool is None else None
    staging = None
    try:
        version = extractor_version()
        previous, have = store.previous_plans(version)
        staging = store.begin(version)
        stats = RunStats()
        found = survey(inputs, opts.include, opts.exclude)
        files, stats.skipped = found.files, found.skipped
        for p, r in stats.skipped:
            log.info("skip %s: %s", literal(p), r)
        stats.files = len(files)
        progress("start", stats)
        wanted: set[tuple[str, str]] = set()
        order: deque[int] = deque()  # keys of submitted files, in input order
        ready: dict[int, Record] = {}
        buffer = _Buffer(staging, opts)

        def todo() -> Iterator[tuple[int, Path, str]]:
            for i, (path, rel) in enumerate(files):
                key = (rel, doc_id_of(path))
                wanted.add(key)
                if key in staging.done:
                    log.info("resume %s: extracted by the interrupted run", literal(rel))
                    stats.resumed += 1
                    progress("skip", stats)
                elif key in have:
                    log.info("keep %s: already in the dataset (same content, same extractor version)", literal(rel))
                    stats.carried += 1
                    progress("skip", stats)
                else:
                    order.append(i)
                    yield i, path, rel

        signatures: dict[tuple[str, str], dict] = {}  # (source_path, doc_id) → plan signature, made in the workers

        def take(i: int, rec: Record) -> None:
            log.info("read %s: %s in %.2f s%s", literal(rec.source_path), rec.status, rec.seconds,
                     f" ({rec.error})" if rec.error else "")
            if rec.timings:
                log.debug("  stages of %s: %s", literal(rec.source_path),
                          ", ".join(f"{k} {v:.3f} s" for k, v in rec.timings))
            stats.extracted += 1
            stats.errors += rec.status == "error"
            if len(stats.summaries) < opts.keep_summaries:
                stats.summaries.append((rec.source_path, rec.status, rec.error, rec.summary))
            if rec.plan_signature is not None:
                signatures[(rec.source_path, rec.doc_id)] = rec.plan_signature
            ready[i] = rec
            while order and order[0] in ready:
                buffer.add(ready.pop(order.popleft()))
            progress("done", stats)

        results = _dask(todo(), opts) if opts.engine == "dask" else _local(todo(), opts, pool, reading)
        try:
            for i, rec in results:
                take(i, rec)
        except KeyboardInterrupt:
            for i in sorted(ready):  # finished but waiting for an earlier file: keep them for the resume
                buffer.add(ready.pop(i))
            buffer.flush()
            raise
        buffer.flush()
        current = store.current()
        before = _source_paths(current) if current is not None else set()
        stats.removed = sorted(before - {rel for _, rel in files})
        if not files or (current is not None and stats.errors == stats.extracted and not stats.carried
                         and (not stats.resumed or not staging.read_any())):
            # nothing could be read (a wrong folder, a disk gone): the dataset stays as it was
            staging.abandon()
            stats.kept, stats.removed = True, []
            manifest = {"files": stats.files, "status_counts": {"error": stats.errors} if stats.errors else {},
                        "rows": {}, "removed": [], "skipped": [{"path": p, "reason": r} for p, r in stats.skipped],
                        "run": {"extracted": stats.extracted, "carried_over": stats.carried,
                                "resumed": stats.resumed, "kept_previous": current is not None},
                        "duration_s": round(time.perf_counter() - stats.started, 3)}
            return manifest, stats
        for rel in stats.removed:
            log.info("remove %s: no longer among the inputs", literal(rel))
        finishing = time.perf_counter()
        # what needs every plan (plan ids, the file standing for each plan, reuse): computed here, once,
        # over the new snapshot's documents; the store writes it
        from extractors.reuse import DOCUMENT_COLUMNS, across_plans

        status: dict[str, int] = {}  # the new snapshot's documents rows by status, counted as they pass

        def counted(rows: Iterator[dict]) -> Iterator[dict]:
            for row in rows:
                status[row["status"]] = status.get(row["status"], 0) + 1
                yield row

        plans = across_plans(counted(staging.documents(wanted, previous, DOCUMENT_COLUMNS)), reuse=opts.reuse,
                             signatures=signatures, kept=store.signatures(previous))
        status = dict(sorted(status.items()))
        counts = staging.finish(wanted, previous, plans.plan_of, plans.standing, plans.rows, plans.signed)
        log.info("finish: the tables written%s in %.2f s", " and reuse computed" if opts.reuse else "",
                 time.perf_counter() - finishing)
        manifest = {
            "tool": "kehoach", "tool_version": __version__, "schema_version": SCHEMA_VERSION,
            "extractor_version": version,
            "inputs": [name_of(str(p)) for p in inputs],
            "input_roots": [name_of(str(Path(p).resolve())) for p in inputs],
            "include": list(opts.include), "exclude": list(opts.exclude),
            "files": stats.files, "plans": staging.plans, "status_counts": status, "rows": counts,
            "removed": stats.removed, "skipped": [{"path": p, "reason": r} for p, r in stats.skipped],
            "run": {"extracted": stats.extracted, "carried_over": stats.carried, "resumed": stats.resumed,
                    "engine": opts.engine, "workers": opts.workers or default_workers(), "reuse": opts.reuse},
            "layout": "each table is a folder <table>.parquet/<province_code>/<year>/part-*.parquet",
            "duration_s": round(time.perf_counter() - stats.started, 3),
        }
        staging.write_manifest(manifest)
        store.publish(staging)
        return manifest, stats
    except OSError as e:  # a full disk: say where the work done so far waits (a rerun resumes it)
        if staging is not None and staging.dir.is_dir():
            e.kehoach_staged = (staging.dir, len(staging.done))
        raise
    finally:
        if pool is not None:
            pool.close(kill=True)  # a no-op after a finished run; on an error, no worker is left
        if reading is not None:
            reading.close()


def _source_paths(snapshot: Path) -> set[str]:
    from pipeline.store.dataset import read_columns

    try:
        return set(read_columns(snapshot, "documents", ["source_path"]).column("source_path").to_pylist())
    except Exception:  # noqa: BLE001 - an unreadable old snapshot: nothing to compare with
        return set()


# --------------------------------------------------------------------------- engines


def _local_pool(opts: Options):
    """The worker processes of the local engine (``pipeline.run.pool``; ``workers`` 0 means the
    cores), or None when everything runs in this process (no time limit and one worker)."""
    from pipeline.run.worker import extract_record, worker_pool

    workers = opts.workers or default_workers()
    if not opts.timeout and workers == 1:
        return None
    return worker_pool(extract_record, failed_record, workers, opts.timeout)


def _local(tasks: Iterator[tuple[int, Path, str]], opts: Options, pool=None,
           reading: ReadContext | None = None) -> Iterator[tuple[int, Record]]:
    """The files' records from ``pool``'s workers, or read in this process with ``reading``."""
    from pipeline.run.worker import extract_record

    if pool is None:
        for i, path, rel in tasks:
            yield i, extract_record(path, rel, opts.max_bytes, reading)
        return
    yield from pool.imap_unordered((i, (path, rel, opts.max_bytes)) for i, path, rel in tasks)


def _dask(tasks: Iterator[tuple[int, Path, str]], opts: Options) -> Iterator[tuple[int, Record]]:
    """The same extraction on a Dask cluster: each file is sent to a worker as bytes (no shared
    file system needed) and its rows come back here to be written.  At most two tasks per
    worker thread are in flight, so the files are not all read into memory at once.  Without
    ``scheduler`` a LocalCluster of ``workers`` processes is started (and stopped after).  Each
    worker keeps a ``ReadContext`` for the run (``_dask_reading``)."""
    from dask.distributed import Client, LocalCluster, as_completed

    from pipeline.run.worker import extract_record

    cluster = None
    if opts.scheduler:
        client = Client(opts.scheduler)
    else:
        cluster = LocalCluster(n_workers=opts.workers or default_workers(), threads_per_worker=1,
                               processes=True, dashboard_address=None)
        client = Client(cluster)
    try:
        from pipeline.read.children import process_id

        client.register_plugin(_dask_reading(owner=None if opts.scheduler else process_id()), name=_READING)
        slots = 2 * max(1, sum(client.nthreads().values()))
        running = as_completed()
        meta = {}
        tasks = iter(tasks)

        refused: deque[tuple[int, Record]] = deque()  # over the size limit: refused here, unread

        def submit() -> bool:
            from pipeline.read.load import MAX_BYTES

            try:
                i, path, rel = next(tasks)
            except StopIteration:
                return False
            limit = opts.max_bytes if opts.max_bytes is not None else MAX_BYTES
            try:
                too_big = bool(limit) and path.stat().st_size > limit
                if too_big:
                    refused.append((i, extract_record(path, rel, opts.max_bytes)))
                    return True
                fut = client.submit(_dask_record, path.read_bytes(), path.name, rel, opts.max_bytes, pure=False)
            except OSError as e:
                refused.append((i, failed_record(path, rel, f"{path.name}: could not be read ({e})")))
                return True
            meta[fut.key] = (i, path, rel)
            running.add(fut)
            return True

        for _ in range(slots):
            if not submit():
                break
        while refused:
            yield refused.popleft()
            submit()
        for fut in running:
            i, path, rel = meta.pop(fut.key)
            try:
                rec = fut.result()
            except Exception as e:  # noqa: BLE001 - a worker lost or a task failed: an error row
                rec = failed_record(path, rel, failure_reason(path, "error", f"{type(e).__name__}: {e}", None))
            fut.release()
            submit()
            yield i, rec
            while refused:
                yield refused.popleft()
                submit()
    finally:
        try:
            client.unregister_worker_plugin(_READING)  # each worker closes its ReadContext
        except Exception:  # noqa: BLE001 - never registered, or the cluster is gone
            pass
        client.close()
        if cluster is not None:
            cluster.close()


_READING = "kehoach-reading"


def _dask_reading(owner: tuple[int, str | None] | None = None):
    """A Dask worker plugin holding each worker's ``ReadContext`` (its LibreOffice profile; a
    Dask worker reads OCR pages in turn) for the run: made when the run registers it, closed
    when the run unregisters it.  With ``owner`` (``pipeline.read.children.process_id`` of this
    run, for a cluster the run started itself) the worker also loads its models before any file
    and exits once the run's process is gone (``exit_when_gone``: a ``kill -9`` of the run
    leaves no worker, whatever Dask's own heartbeats do); the workers of a cluster named with
    ``--scheduler`` are another's processes, left as they are.  A Dask worker's memory is
    bounded by Dask's own limit (its nanny restarts a worker that goes over; a file whose worker
    was lost is an error row), not by ``limit_memory``: a cap on the process's data breaks the
    worker's own messaging (tried: a 12 MB file with a 40 MB budget failed in Dask's
    deserialisation and the run hung)."""
    from dask.distributed import WorkerPlugin

    class Reading(WorkerPlugin):
        def setup(self, worker) -> None:
            from pipeline.read.children import exit_when_gone
            from pipeline.run.worker import _warm

            if owner is None:  # another's worker: nothing of its process is changed
                self.ctx = ReadContext()
                return
            exit_when_gone(owner)
            self.ctx = _warm(cap=False)  # the run's own worker: its models loaded before any file

        def teardown(self, worker) -> None:
            self.ctx.close()

    return Reading()


def _dask_record(data: bytes, name: str, rel: str, max_bytes: int | None) -> Record:
    """``extract_record_bytes`` on a Dask worker, with the worker's ``ReadContext``."""
    from dask.distributed import get_worker

    from pipeline.run.worker import extract_record_bytes

    plugin = get_worker().plugins.get(_READING)
    return extract_record_bytes(data, name, rel, max_bytes, getattr(plugin, "ctx", None))
