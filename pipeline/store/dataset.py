"""The dataset folder that ``kehoach extract -o OUT`` writes: partitioned, written as results
come, swapped atomically, incremental and resumable.

Layout::

    OUT -> .OUT.kehoach/snapshots/<run>          a symbolic link to the current snapshot
    .OUT.kehoach/snapshots/<run>/manifest.json
    .OUT.kehoach/snapshots/<run>/<table>.parquet/<province_code>/<year>/part-<run>-<n>.parquet
    .OUT.kehoach/staging/<run>/                  the run in progress (journal.jsonl, flush/)

* **One table, many files.** ``OUT/documents.parquet`` is a folder of Parquet files, one
  folder per province code and year (``unknown`` where the plan does not say).  The folder
  names carry no ``key=value``, so readers add no columns: ``pandas.read_parquet(
  "OUT/documents.parquet")`` and DuckDB's ``read_parquet('OUT/documents.parquet/**/*.parquet')``
  read the contract's columns, one table.
* **Written as they come.** Rows are written every ``flush_every`` plans, in input order, to
  one flush file per table (Arrow IPC, each row tagged with its partition), renamed into place,
  then recorded in the staging journal (fsynced), so memory does not grow with the run.  At the
  end the flush files are read one at a time and their rows routed to one Parquet file per
  partition, a partition's rows in one row group (up to ``Staging.BUFFER_BYTES`` held a table).
* **Never torn.** Readers only ever see a complete snapshot: the run builds its snapshot in
  ``staging/``, renames it into ``snapshots/`` and then replaces the ``OUT`` link with one
  ``rename(2)``.  ``kill -9`` at any moment leaves ``OUT`` pointing at the previous snapshot
  (or absent on a first run).
* **Resumable.** A run that was interrupted leaves its staging folder; the next run with the
  same extractor version adopts it, keeps what its journal says was written (parts written
  after the last journal line are deleted) and extracts only the rest: no duplicate rows.
* **Incremental.** A plan whose (path, content hash) is already in the current snapshot, made
  by the same extractor version, is not extracted again: its rows are carried over (hard
  links for untouched files, a filtered copy otherwise).  Files that errored are tried again.
  Plans no longer among the inputs are dropped: the dataset is always what the inputs give
  (``pipeline.run.engine`` lists them in the manifest's ``removed``, and replaces nothing when no
  file at all could be read).
  Another extractor version (code, rules or model libraries changed; see
  ``pipeline.run.version.extractor_version``) re-extracts everything.
* **Writes what it is given.** The store computes no facts: what needs every plan of the
  snapshot (``plan_id``, ``documents.plan_doc_id``, the reuse table) is computed by the run
  (``pipeline.run.engine``, with ``extractors.reuse.across_plans``) over the rows
  ``Staging.documents`` reads, and handed to ``Staging.finish`` to write.
"""
from __future__ import annotations

import json
import os
import shutil
import time
from collections import defaultdict
from collections.abc import Iterable, Iterator
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from pipeline.store.writer import SCHEMAS

FACT_TABLES = ("citations", "targets", "assignments", "dates", "staleness")
PER_PLAN = ("documents", *FACT_TABLES)  # reuse is computed across plans, before the finish
OLD_LAYOUT = {f"{t}.parquet" for t in SCHEMAS} | {"manifest.json"}
# in each snapshot, beside the tables: each document's plan signature, as the run handed it over,
# so that a later run groups the plans it carries over without signing their texts again.  Not a
# table of the contract (a hidden file: readers of the tables never see it)
SIGNATURES = ".plan-signatures.arrow"


class DatasetError(Exception):
    """A problem with the output folder that the person running kehoach must resolve."""


def _fsync_dir(path: Path) -> None:
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _write_parquet(table: pa.Table, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    pq.write_table(table, tmp)
    os.replace(tmp, path)


def _write_flush(table: pa.Table, path: Path) -> None:
    """A flush file: Arrow's IPC file format, uncompressed (written once during the run and read
    once at its end, by this module only: no Parquet encoding to pay for twice)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    sink = pa.BufferOutputStream()  # in memory first: written to an OSFile, each buffer is a system call
    with pa.ipc.new_file(sink, table.schema) as writer:
        writer.write_table(table)
    with open(tmp, "wb") as f:
        f.write(sink.getvalue())
    os.replace(tmp, path)


def _read_flush(path: Path, columns: list[str] | None = None) -> pa.Table:
    with pa.OSFile(str(path), "rb") as source:
        t = pa.ipc.open_file(source).read_all()
    return t.select(columns) if columns is not None else t


def _flush_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.glob("*.arrow") if not p.name.startswith(".")) if folder.is_dir() else []


def _parts(table_dir: Path) -> list[Path]:
    return sorted(p for p in table_dir.rglob("*.parquet") if not p.name.startswith((".", "_"))) \
        if table_dir.is_dir() else []


def read_columns(out: Path, table: str, columns: list[str]) -> pa.Table:
    """Columns of a table, whichever layout it has (one file or a folder of parts)."""
    return pq.read_table(Path(out) / f"{table}.parquet", columns=columns)


class Store:
    """The output ``OUT`` and its hidden sibling ``.OUT.kehoach`` holding the snapshots."""

    def __init__(self, out: Path):
        self.out = Path(os.path.abspath(out))
        self.root = self.out.parent / f".{self.out.name}.kehoach"
        self.snapshots = self.root / "snapshots"
        self.staging = self.root / "staging"
        self._lock = None

    # ------------------------------------------------------------------ state

    def check(self) -> None:
        """Refuse an ``OUT`` that is something else than a kehoach dataset (or empty)."""
        if self.out.is_symlink() or not self.out.exists():
            return
        if not self.out.is_dir():
            raise DatasetError(f"{self.out} is a file, not a dataset folder; choose another -o/--out")
        foreign = [p.name for p in self.out.iterdir() if p.name not in OLD_LAYOUT and not p.name.startswith(".")]
        if foreign:
            raise DatasetError(f"{self.out} already holds other things ({', '.join(sorted(foreign)[:3])}…) and is "
                               "not a kehoach dataset; choose another -o/--out, or empty that folder")

    def current(self) -> Path | None:
        """The snapshot ``OUT`` points at (None on a first run or an old single-file dataset)."""
        if self.out.is_symlink() and self.out.exists():
            return self.out.resolve()
        return None

    def manifest(self, snapshot: Path | None) -> dict:
        try:
            return json.loads((snapshot / "manifest.json").read_text(encoding="utf-8")) if snapshot else {}
        except (OSError, ValueError):
            return {}

    def lock(self) -> None:
        """One writer at a time per OUT (an advisory lock, released when the process ends)."""
        import fcntl

        self.root.mkdir(parents=True, exist_ok=True)
        fh = open(self.root / "lock", "a+")
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            fh.close()
            raise DatasetError(f"another kehoach extract is writing {self.out} right now; wait for it to finish")
        self._lock = fh

    # ------------------------------------------------------------------ runs

    def begin(self, version: str) -> Staging:
        """The staging folder of this run: an interrupted run's, if one was left with the same
        extractor version (it is resumed), else a new one.  Others are deleted."""
        self.staging.mkdir(parents=True, exist_ok=True)
        adopt = None
        for d in sorted(self.staging.iterdir(), reverse=True):
            info = _read_json(d / "run.json")
            if adopt is None and info.get("extractor_version") == version and not _finishing(d):
                adopt = d
            else:
                shutil.rmtree(d, ignore_errors=True)
        if adopt is not None:
            return Staging(adopt, resume=True)
        now = time.time_ns()  # sorts in time order; the pid keeps two machines' runs apart
        run_id = time.strftime("%Y%m%dT%H%M%S", time.gmtime(now // 10**9)) + f".{now % 10**9:09d}-{os.getpid()}"
        d = self.staging / run_id
        d.mkdir()
        (d / "run.json").write_text(json.dumps({"extractor_version": version, "run": run_id}), encoding="utf-8")
        _fsync_dir(self.staging)
        return Staging(d, resume=False)

    def publish(self, staging: Staging) -> Path:
        """Move the finished snapshot into place and point OUT at it (the one atomic step)."""
        snap = self.snapshots / staging.dir.name
        self.snapshots.mkdir(parents=True, exist_ok=True)
        os.replace(staging.dir, snap)
        _fsync_dir(self.snapshots)
        link = self.out.parent / f".{self.out.name}.link-{os.getpid()}"
        if link.is_symlink():
            link.unlink()
        os.symlink(os.path.relpath(snap, self.out.parent), link)
        if self.out.exists() and not self.out.is_symlink():
            # a folder written by kehoach < 0.5 (single-file tables): moved aside once, then removed
            aside = self.root / f"replaced-{staging.dir.name}"
            os.replace(self.out, aside)
            os.replace(link, self.out)
            shutil.rmtree(aside, ignore_errors=True)
        else:
            os.replace(link, self.out)
        _fsync_dir(self.out.parent)
        self._collect(keep={snap})
        return snap

    def _collect(self, keep: set[Path]) -> None:
        """Delete old snapshots, keeping the current one and the one before it (a reader may
        still be reading the previous one)."""
        snaps = sorted((p for p in self.snapshots.iterdir() if p.is_dir()), key=lambda p: p.name)
        keep = set(keep) | set(snaps[-2:])
        for p in snaps:
            if p not in keep:
                shutil.rmtree(p, ignore_errors=True)

    @staticmethod
    def signatures(snapshot: Path | None) -> dict[str, tuple[str, bytes]]:
        """doc_id → (normalised-text hash, MinHash bytes) as an earlier run wrote them into
        ``snapshot`` (``SIGNATURES``); empty when there is none or it cannot be read (the plans
        are then signed from their texts)."""
        if snapshot is None:
            return {}
        try:
            t = _read_flush(snapshot / SIGNATURES)
            return dict(zip(t.column("doc_id").to_pylist(),
                            zip(t.column("norm_hash").to_pylist(), t.column("minhash").to_pylist())))
        except (OSError, pa.ArrowException, KeyError):
            return {}

    def previous_plans(self, version: str) -> tuple[Path | None, set[tuple[str, str]]]:
        """The current snapshot and its (source path, doc_id) pairs that need no new extraction:
        made by this extractor version and not errors.  Empty if the version differs."""
        snap = self.current()
        if snap is None or self.manifest(snap).get("extractor_version") != version:
            return None, set()
        t = read_columns(snap, "documents", ["source_path", "doc_id", "status"]).to_pydict()
        return snap, {(p, d) for p, d, s in zip(t["source_path"], t["doc_id"], t["status"]) if s != "error"}


def _give_back_memory() -> None:
    """Return the memory Arrow's pool freed after a write, so the writer stays flat however
    long the run (measured: without it the writer kept ~20 MiB more from its first write)."""
    pa.default_memory_pool().release_unused()


def _arrow(ipc: bytes) -> pa.Table:
    return pa.ipc.open_stream(ipc).read_all()


def _finishing(staging: Path) -> bool:
    """Was the run killed while finishing its snapshot (its parts no longer match its journal)?"""
    try:
        return '"finish"' in (staging / "journal.jsonl").read_text(encoding="utf-8")
    except OSError:
        return False


def _read_json(path: Path) -> dict:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


class Staging:
    """A snapshot being written: part files plus a journal of what they hold."""

    def __init__(self, d: Path, resume: bool):
        self.dir, self.run = d, d.name
        self.done: set[tuple[str, str]] = set()  # (source_path, doc_id) written
        self.fact_ids: set[str] = set()  # doc_ids whose fact rows are written (once per content)
        self.files: list[str] = []  # flush files the journal vouches for, relative to the staging folder
        self.partitions: set[str] = set()  # "province/year" of the plans written
        self.seq = 0
        self.plans = 0  # plans in the finished snapshot (files grouped by plan_id)
        if resume:
            self._replay()
        self.journal = open(self.dir / "journal.jsonl", "a", encoding="utf-8")

    def _replay(self) -> None:
        try:
            lines = (self.dir / "journal.jsonl").read_text(encoding="utf-8").splitlines()
        except OSError:
            lines = []
        good = []
        for line in lines:
            try:
                entry = json.loads(line)
            except ValueError:  # the last line, cut by a kill: its parts are deleted below
                break
            good.append(line)
            self.seq = max(self.seq, entry["seq"])
            self.files += entry["files"]
            self.done.update((p, d) for p, d, _ in entry["docs"])
            self.partitions.update(part for _, _, part in entry["docs"])
            self.fact_ids.update(entry["fact_ids"])
        (self.dir / "journal.jsonl").write_text("".join(g + "\n" for g in good), encoding="utf-8")
        vouched = set(self.files)
        for p in _flush_files(self.dir / "flush"):
            if p.relative_to(self.dir).as_posix() not in vouched:
                p.unlink()
        for tmp in self.dir.rglob(".*.tmp"):
            tmp.unlink()

    def write(self, batch: list) -> None:
        """Write the records of ``batch`` (``pipeline.run.records.Record``), in their order, as one
        flush file per table (each row tagged with its partition), then record them in the
        journal.  Partitions are made once, at the end (``finish``)."""
        if not batch:
            return
        self.seq += 1
        rows: dict[str, list[pa.Table]] = defaultdict(list)
        tags: dict[str, list[str]] = defaultdict(list)  # each row's partition, table by table
        docs, fact_ids = [], []

        def add(table: str, rec, part: str) -> None:
            rows[table].append(_arrow(rec.rows[table]))
            tags[table] += [part] * rec.counts[table]

        for rec in batch:
            part = "/".join(rec.partition)
            add("documents", rec, part)
            docs.append([rec.source_path, rec.doc_id, part])
            if rec.doc_id in self.fact_ids or rec.doc_id in fact_ids:  # the same content under another path: facts once
                continue
            fact_ids.append(rec.doc_id)  # self.fact_ids only once journalled: a write cut short is written again whole
            for t in FACT_TABLES:
                if rec.counts[t]:
                    add(t, rec, part)
        files = []
        for table, parts in sorted(rows.items()):
            rel = f"flush/{table}-{self.seq:06d}.arrow"
            tagged = pa.concat_tables(parts).append_column("_partition", pa.array(tags[table], pa.string()))
            _write_flush(tagged, self.dir / rel)
            files.append(rel)
        self.journal.write(json.dumps({"seq": self.seq, "files": files, "docs": docs, "fact_ids": fact_ids},
                                      ensure_ascii=False) + "\n")
        self.journal.flush()
        os.fsync(self.journal.fileno())
        self.files += files
        self.fact_ids.update(fact_ids)
        self.done.update((p, d) for p, d, _ in docs)
        self.partitions.update(part for _, _, part in docs)
        _give_back_memory()

    # ------------------------------------------------------------------ finishing

    def documents(self, wanted: set[tuple[str, str]], previous: Path | None,
                  columns: Iterable[str]) -> Iterator[dict]:
        """The documents rows of the snapshot ``finish`` will write (``columns`` of them), read a
        batch at a time: this run's from the flush files, in input order, then the previous
        snapshot's that are still wanted and not extracted again.  What the run computes across
        plans (``pipeline.run.engine``) reads them."""
        cols = list(dict.fromkeys(["doc_id", "source_path", *columns]))
        staged = {k for k in self.done if k in wanted}

        def scan(batches: Iterable[pa.RecordBatch], skip: set) -> Iterator[dict]:
            for batch in batches:
                for row in batch.to_pylist():
                    key = (row["source_path"], row["doc_id"])
                    if key in wanted and key not in skip:
                        yield row

        for f in self._flushes("documents"):
            yield from scan(_read_flush(f, cols).to_batches(max_chunksize=64), set())
        if previous is not None:
            for src in _parts(previous / "documents.parquet"):
                yield from scan(pq.ParquetFile(src).iter_batches(batch_size=64, columns=cols), staged)

    def _flushes(self, table: str) -> list[Path]:
        """This run's flush files of ``table``, in the order written."""
        return sorted(self.dir / f for f in self.files if f.startswith(f"flush/{table}-"))

    def read_any(self) -> bool:
        """Did the staged rows (of an interrupted run, resumed) read any file, not only errors?"""
        for f in self._flushes("documents"):
            try:
                if any(s != "error" for s in _read_flush(f, ["status"]).column("status").to_pylist()):
                    return True
            except Exception:  # noqa: BLE001 - unreadable: do not throw the run's work away on its account
                return True
        return False

    def finish(self, wanted: set[tuple[str, str]], previous: Path | None, plan_of: dict[str, str],
               standing: dict[str, str], reuse_rows: list[dict] | None,
               signatures: dict[str, tuple[str, bytes]] | None = None) -> dict[str, int]:
        """Complete the snapshot: this run's rows into one file per partition (rows no longer
        wanted dropped), the previous snapshot's wanted rows carried over, every row given its
        ``plan_id`` (``plan_of``: doc_id → plan_id) and each documents row its ``plan_doc_id``
        (``standing``: plan_id → the doc_id standing for the plan), the reuse table written
        (``reuse_rows``; None: not computed, the table written empty) and the plan signatures
        kept for the next run (``signatures``: doc_id → (text hash, MinHash bytes); see
        ``SIGNATURES``); returns rows per table."""
        # from here on the files change under the journal: an interrupted finish is not resumed
        self.journal.flush()
        before = os.fstat(self.journal.fileno()).st_size
        try:
            self.journal.write(json.dumps({"finish": True}) + "\n")
            self.journal.flush()
            os.fsync(self.journal.fileno())
            self.journal.close()
            return self._finish(wanted, previous, plan_of, standing, reuse_rows, signatures or {})
        except OSError:  # a full disk: undone, the staged rows can be resumed once there is room
            self._unfinish(before)
            raise

    def _unfinish(self, journal_size: int) -> None:
        """Undo a finish that failed: its tables removed and the journal cut back to the
        flushes (cutting needs no space), so the next run resumes from the flush files."""
        try:
            self.journal.close()
        except OSError:
            pass
        for table in SCHEMAS:
            shutil.rmtree(self.dir / f"{table}.parquet", ignore_errors=True)
        (self.dir / SIGNATURES).unlink(missing_ok=True)
        try:
            os.truncate(self.dir / "journal.jsonl", journal_size)
        except OSError:
            pass
        self.journal = open(self.dir / "journal.jsonl", "a", encoding="utf-8")

    def _finish(self, wanted: set[tuple[str, str]], previous: Path | None, plan_of: dict[str, str],
                standing: dict[str, str], reuse_rows: list[dict] | None,
                signatures: dict[str, tuple[str, bytes]]) -> dict[str, int]:
        wanted_ids = {d for _, d in wanted}
        staged = {k for k in self.done if k in wanted}
        staged_facts = {d for d in self.fact_ids if d in wanted_ids}
        # the tables side by side: Arrow reads, sorts and writes Parquet without holding the GIL,
        # and by now the workers are done, so the cores are free.  One thread a table: the
        # documents table (the text) takes as long as the five others together
        from concurrent.futures import ThreadPoolExecutor

        # the usual case: every plan this run wrote is still among the inputs, nothing to drop
        keep_all = len(staged) == len(self.done) and len(staged_facts) == len(self.fact_ids)
        # plans, not files: every row gets the plan_id of its file (renditions of one plan share it)
        plans = (plan_of, standing)
        self.plans = len(set(plan_of.values()))
        with ThreadPoolExecutor(max_workers=len(PER_PLAN)) as threads:
            jobs = {table: threads.submit(self._partition, table, wanted, wanted_ids, keep_all, plans)
                    for table in PER_PLAN}
            counts = {table: job.result() for table, job in jobs.items()}
        if previous is not None:
            for table in PER_PLAN:
                src_dir = previous / f"{table}.parquet"
                for src in _parts(src_dir):
                    dst = self.dir / f"{table}.parquet" / src.relative_to(src_dir)
                    counts[table] += _filter(src, dst, table, wanted, wanted_ids, staged, staged_facts, plans)
        for table in PER_PLAN:
            if not counts[table]:  # no rows, so no part written
                _write_parquet(SCHEMAS[table].empty_table(), self.dir / f"{table}.parquet" / "part-empty.parquet")
        if reuse_rows is not None:
            _write_parquet(pa.Table.from_pylist(reuse_rows, schema=SCHEMAS["reuse"]),
                           self.dir / "reuse.parquet" / f"part-{self.run}-000000.parquet")
        else:  # not computed (--no-reuse): the table is there, empty, with its schema
            _write_parquet(SCHEMAS["reuse"].empty_table(), self.dir / "reuse.parquet" / "part-empty.parquet")
        counts["reuse"] = len(reuse_rows or ())
        _write_flush(pa.table({"doc_id": pa.array(list(signatures), pa.string()),
                               "norm_hash": pa.array([h for h, _ in signatures.values()], pa.string()),
                               "minhash": pa.array([m for _, m in signatures.values()], pa.binary())}),
                     self.dir / SIGNATURES)
        shutil.rmtree(self.dir / "flush", ignore_errors=True)  # kept till now: a failed finish is undone
        (self.dir / "journal.jsonl").unlink(missing_ok=True)
        return counts

    OPEN_WRITERS = 256  # partitions written at once; more partitions take more passes
    BUFFER_BYTES = 64 << 20  # rows of one table held before they are written (each partition's in one row group)

    def _partition(self, table: str, wanted: set, wanted_ids: set, keep_all: bool, plans: tuple) -> int:
        """Route this run's rows of ``table`` from the flush files (read one at a time, in
        order) to one file per partition: ``<table>.parquet/<province>/<year>/part-<run>-000000``;
        rows no longer wanted are dropped on the way unless ``keep_all``.  A partition's rows
        are held until ``BUFFER_BYTES`` of the table are, then written as one row group (a
        row group per flush file would cost a write per partition and flush, and readers a
        group per few rows).  Returns the rows written."""
        flushes = self._flushes(table)
        if not flushes:
            return 0
        written = 0
        partitions = sorted(self.partitions)
        for i in range(0, len(partitions), self.OPEN_WRITERS):
            group = set(partitions[i:i + self.OPEN_WRITERS])
            writers: dict[str, pq.ParquetWriter] = {}
            held: dict[str, list[pa.Table]] = defaultdict(list)
            held_bytes = 0

            def write_held() -> int:
                rows = 0
                for part, slices in held.items():
                    if part not in writers:
                        path = self.dir / f"{table}.parquet" / part / f"part-{self.run}-000000.parquet"
                        os.makedirs(path.parent, exist_ok=True)
                        writers[part] = pq.ParquetWriter(path, SCHEMAS[table])
                    together = pa.concat_tables(slices)
                    writers[part].write_table(together, row_group_size=max(1, together.num_rows))
                    rows += together.num_rows
                held.clear()
                return rows

            try:
                for f in flushes:
                    t = _read_flush(f)
                    if not keep_all:
                        t = t.filter(pa.array(_wanted(table, t, wanted, wanted_ids), pa.bool_()))
                    t = _with_plan_ids(t, *plans)
                    t = t.take(pc.sort_indices(t, [("_partition", "ascending")]))  # stable: input order kept
                    # runs of one partition, in order (value_counts lists values as first met)
                    runs = pc.value_counts(t.column("_partition"))
                    t = t.drop_columns(["_partition"])
                    offset = 0
                    for part, n in zip(runs.field("values").to_pylist(), runs.field("counts").to_pylist()):
                        first, offset = offset, offset + n
                        if part in group:
                            held[part].append(t.slice(first, n))
                    held_bytes += t.nbytes
                    if held_bytes >= self.BUFFER_BYTES:
                        written += write_held()
                        held_bytes = 0
                written += write_held()
            finally:
                for w in writers.values():
                    w.close()
        return written

    def abandon(self) -> None:
        """Delete this run's staging folder: the run replaces nothing (see ``pipeline.run.engine``)."""
        try:
            self.journal.close()
        except OSError:
            pass
        shutil.rmtree(self.dir, ignore_errors=True)

    def write_manifest(self, manifest: dict) -> None:
        tmp = self.dir / ".manifest.json.tmp"
        tmp.write_text(json.dumps(manifest, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        os.replace(tmp, self.dir / "manifest.json")


def _wanted(table: str, t: pa.Table, wanted: set, wanted_ids: set, staged: set = frozenset(),
            staged_facts: set = frozenset()) -> list[bool]:
    """Which rows of ``t`` (a part of ``table``) the new snapshot keeps: a plan's documents row
    when its (path, doc_id) is among the inputs, its facts when its doc_id is; not when the
    staged rows of this run already hold them."""
    ids = t.column("doc_id").to_pylist()
    if table == "documents":
        return [(p, d) in wanted and (p, d) not in staged for p, d in zip(t.column("source_path").to_pylist(), ids)]
    return [d in wanted_ids and d not in staged_facts for d in ids]


def _plan_columns(t: pa.Table, plan_of: dict, standing: dict) -> dict[str, list]:
    """The plan columns of ``t``'s rows: ``plan_id`` from ``plan_of`` (doc_id → plan_id; null for a
    file without text) and, in the documents table, ``plan_doc_id`` from ``standing`` (plan_id →
    the doc_id standing for the plan)."""
    plan_ids = [plan_of.get(d) for d in t.column("doc_id").to_pylist()]
    cols = {"plan_id": plan_ids}
    if "plan_doc_id" in t.schema.names:
        cols["plan_doc_id"] = [standing.get(p) if p is not None else None for p in plan_ids]
    return cols


def _with_plan_ids(t: pa.Table, plan_of: dict, standing: dict) -> pa.Table:
    """``t`` with its plan columns set (``_plan_columns``)."""
    for name, values in _plan_columns(t, plan_of, standing).items():
        t = t.set_column(t.schema.get_field_index(name), name, pa.array(values, pa.string()))
    return t


def _filter(src: Path, dst: Path, table: str, wanted: set, wanted_ids: set, staged: set, staged_facts: set,
            plans: tuple) -> int:
    """Carry the rows of the previous snapshot's part ``src`` that the new snapshot wants over
    to ``dst``: a hard link when all are wanted and their plans are unchanged, a filtered copy
    (plan columns set anew) otherwise, nothing when none are wanted.  Returns the rows carried."""
    columns = ["source_path", "doc_id", "plan_id", "plan_doc_id"] if table == "documents" else ["doc_id", "plan_id"]
    ids = pq.read_table(src, columns=columns)
    keep = _wanted(table, ids, wanted, wanted_ids, staged, staged_facts)
    if not any(keep):
        return 0
    dst.parent.mkdir(parents=True, exist_ok=True)
    same_plans = all(ids.column(name).to_pylist() == values for name, values in _plan_columns(ids, *plans).items())
    if all(keep) and same_plans:
        try:
            os.link(src, dst)
        except OSError:
            shutil.copyfile(src, dst)
        return len(keep)
    _write_parquet(_with_plan_ids(pq.read_table(src).filter(pa.array(keep)), *plans), dst)
    return sum(keep)
