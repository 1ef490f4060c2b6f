"""Runs at scale: workers, globs, the partitioned dataset, incremental and resumed runs, kill -9,
and the Dask engine (issue 5)."""
from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq
import pytest

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "corpus"
KEHOACH = [sys.executable, "-m", "pipeline.cli"]
TABLES = ("documents", "citations", "targets", "assignments", "dates", "staleness")
IDS = {"documents": ["source_path"], "citations": ["mention_id"], "targets": ["target_id"],
       "assignments": ["assignment_id"], "dates": ["date_id"], "staleness": ["flag_id"],
       "reuse": ["doc_id", "sentence_start", "other_doc_id"]}


def kehoach(*args: str, check: bool = True) -> subprocess.CompletedProcess:
    r = subprocess.run(KEHOACH + list(args), capture_output=True, text=True, cwd=ROOT, timeout=900)
    if check:
        assert r.returncode == 0, r.stdout + r.stderr
    return r


def tables(out: Path, names=TABLES) -> dict[str, pd.DataFrame]:
    return {t: pd.read_parquet(out / f"{t}.parquet") for t in names}


def sorted_frame(df: pd.DataFrame, table: str) -> pd.DataFrame:
    return df.sort_values(IDS[table]).reset_index(drop=True)


def synth(folder: Path, n: int, seed: int = 3) -> list[Path]:
    subprocess.run([sys.executable, str(ROOT / "bench" / "synth_corpus.py"), str(folder), "-n", str(n),
                    "--seed", str(seed)], check=True, capture_output=True)
    return sorted(folder.glob("*.txt"))


@pytest.fixture(scope="module")
def corpus_run(tmp_path_factory) -> Path:
    """corpus/ as .txt and .docx, two workers."""
    out = tmp_path_factory.mktemp("run") / "data"
    kehoach("extract", str(CORPUS), "-o", str(out), "--include", "*.txt", "--include", "*.docx", "--workers", "2",
            "--quiet")
    return out


# --------------------------------------------------------------------------- discovery


@pytest.mark.parametrize("include, exclude, expected", [
    ((), (), 15),
    (("*.pdf",), (), 5),
    (("*.txt", "*.docx"), (), 10),
    ((), ("*.pdf", "*.docx"), 5),
    (("00[01]_*",), ("*.docx",), 4),
    (("*.txt",), ("003_*",), 4),
])
def test_include_and_exclude_globs(include, exclude, expected):
    from pipeline.run.discover import discover

    found = [rel for _, rel in discover([CORPUS], include, exclude)]
    assert len(found) == expected
    assert found == sorted(found)


def test_globs_match_paths_below_the_input(tmp_path):
    from pipeline.run.discover import discover

    for rel in ("2024/ha-noi/a.txt", "2024/drafts/b.txt", "2025/c.docx"):
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text("x", encoding="utf-8")
    assert [r for _, r in discover([tmp_path], (), ("*/drafts/*",))] == ["2024/ha-noi/a.txt", "2025/c.docx"]
    assert [r for _, r in discover([tmp_path], ("2024/*",), ())] == ["2024/drafts/b.txt", "2024/ha-noi/a.txt"]


# --------------------------------------------------------------------------- the dataset


def test_out_is_a_link_to_a_complete_snapshot(corpus_run):
    assert corpus_run.is_symlink()
    snap = corpus_run.resolve()
    assert snap.parent.name == "snapshots" and snap.parent.parent.name == f".{corpus_run.name}.kehoach"
    manifest = json.loads((corpus_run / "manifest.json").read_text())
    assert manifest["files"] == 10 and manifest["status_counts"] == {"ok": 10}
    assert manifest["run"] == {"extracted": 10, "carried_over": 0, "resumed": 0, "engine": "local",
                               "workers": 2, "reuse": True}
    assert not (snap / "journal.jsonl").exists()
    assert not list((snap.parent.parent / "staging").iterdir())


def test_tables_are_partitioned_by_province_and_year(corpus_run):
    parts = sorted(p.relative_to(corpus_run / "documents.parquet").parent.as_posix()
                   for p in (corpus_run / "documents.parquet").rglob("*.parquet"))
    assert sorted(set(parts)) == ["01/2025", "01/2026", "25/2024", "62/2025", "79/2019"]
    docs = pd.read_parquet(corpus_run / "documents.parquet")
    for path in (corpus_run / "documents.parquet").rglob("*.parquet"):
        part = pd.read_parquet(path)
        province, year = path.parent.parent.name, path.parent.name
        assert (part["province_code"] == province).all()
        assert (part["period_start"].astype(int).astype(str) == year).all()
    assert len(docs) == 10


@pytest.mark.parametrize("table", TABLES + ("reuse",))
def test_pandas_and_duckdb_read_each_table_as_one(corpus_run, table):
    import duckdb

    from pipeline.store.writer import SCHEMAS

    df = pd.read_parquet(corpus_run / f"{table}.parquet")
    assert list(df.columns) == SCHEMAS[table].names  # the folders add no columns
    assert pq.read_table(corpus_run / f"{table}.parquet").schema.equals(SCHEMAS[table])
    glob = (corpus_run / f"{table}.parquet").as_posix() + "/**/*.parquet"
    db = duckdb.sql(f"select * from read_parquet('{glob}')").df()
    assert list(db.columns) == list(df.columns)
    assert len(db) == len(df) == json.loads((corpus_run / "manifest.json").read_text())["rows"][table]
    if len(df):
        assert sorted(db[IDS[table][0]].astype(str)) == sorted(df[IDS[table][0]].astype(str))


def test_the_partitioned_dataset_scores_like_before(corpus_run):
    from pipeline.analyse.evaluate import load_dataset, score

    report = score(load_dataset(corpus_run), ROOT / "gold")
    for fmt in ("txt", "docx"):
        for table in ("citations", "targets", "assignments", "dates"):
            assert report.groups[fmt].counts[table].f1 == 1.0, (fmt, table)


def test_one_worker_and_two_give_the_same_files_row_for_row(corpus_run, tmp_path):
    out = tmp_path / "one"
    kehoach("extract", str(CORPUS), "-o", str(out), "--include", "*.txt", "--include", "*.docx", "--workers", "1",
            "--quiet")
    for table in TABLES + ("reuse",):
        a, b = ([re.sub(r"part-[^/]*?-(\d+)\.parquet$", r"part-RUN-\1.parquet", p.relative_to(d).as_posix())
                 for p in sorted((d / f"{table}.parquet").rglob("*.parquet"))] for d in (out, corpus_run))
        assert a == b and a
        pd.testing.assert_frame_equal(pd.read_parquet(out / f"{table}.parquet"),
                                      pd.read_parquet(corpus_run / f"{table}.parquet"))


# --------------------------------------------------------------------------- incremental runs


def _run(inputs, out, **kw):
    from pipeline.run.engine import Options, extract_dataset

    opts = Options(**{"workers": 1, "timeout": None, "reuse": False, **kw})
    return extract_dataset(inputs, out, opts)


def test_a_rerun_skips_what_is_done_and_follows_changes(tmp_path):
    plans = tmp_path / "plans"
    plans.mkdir()
    for p in sorted(CORPUS.glob("*.txt"))[:3]:
        shutil.copy(p, plans / p.name)
    out = tmp_path / "data"
    m1, _ = _run([plans], out)
    assert m1["run"]["extracted"] == 3
    first = tables(out)

    m2, _ = _run([plans], out)  # nothing changed: nothing extracted, the same rows
    assert (m2["run"]["extracted"], m2["run"]["carried_over"]) == (0, 3)
    for t in TABLES:
        pd.testing.assert_frame_equal(sorted_frame(tables(out)[t], t), sorted_frame(first[t], t))

    changed = sorted(plans.glob("*.txt"))[1]
    changed.write_text(changed.read_text(encoding="utf-8") + "\nBản sửa ngày 20/11/2025.\n", encoding="utf-8")
    (plans / sorted(CORPUS.glob("*.txt"))[3].name).write_bytes(sorted(CORPUS.glob("*.txt"))[3].read_bytes())
    sorted(plans.glob("*.txt"))[0].unlink()
    m3, _ = _run([plans], out)
    assert (m3["run"]["extracted"], m3["run"]["carried_over"]) == (2, 1)
    docs = pd.read_parquet(out / "documents.parquet")
    assert sorted(docs["source_path"]) == sorted(p.name for p in plans.glob("*.txt"))
    from pipeline.run.discover import doc_id_of

    assert docs.set_index("source_path").loc[changed.name, "doc_id"] == doc_id_of(changed)
    for t in TABLES:  # no rows of the removed plan or of the changed plan's old text
        ids = set(pd.read_parquet(out / f"{t}.parquet")["doc_id"])
        assert ids <= set(docs["doc_id"]), t
    fresh = tmp_path / "fresh"
    m4, _ = _run([plans], fresh)
    for t in TABLES:
        pd.testing.assert_frame_equal(sorted_frame(tables(out)[t], t), sorted_frame(tables(fresh)[t], t))
    # the manifest counts the rows carried over as well as those written
    assert m2["rows"] == m1["rows"] and m3["rows"] == m4["rows"]
    assert m2["status_counts"] == m1["status_counts"] and m3["status_counts"] == m4["status_counts"] == {"ok": 3}


def test_a_new_extractor_version_re_extracts_everything(tmp_path, monkeypatch):
    import pipeline.run.engine

    plans = tmp_path / "plans"
    plans.mkdir()
    shutil.copy(sorted(CORPUS.glob("*.txt"))[2], plans)
    out = tmp_path / "data"
    _run([plans], out)
    assert _run([plans], out)[0]["run"]["extracted"] == 0
    monkeypatch.setattr(pipeline.run.engine, "extractor_version", lambda: "another-version")
    m, _ = _run([plans], out)
    assert (m["run"]["extracted"], m["extractor_version"]) == (1, "another-version")


def test_errors_are_tried_again(tmp_path):
    plans = tmp_path / "plans"
    plans.mkdir()
    (plans / "empty.txt").write_bytes(b"")
    out = tmp_path / "data"
    _run([plans], out)
    m, _ = _run([plans], out)
    assert m["run"]["extracted"] == 1 and m["status_counts"] == {"error": 1}


def test_the_same_text_under_two_names_has_its_facts_once(tmp_path):
    plans = tmp_path / "plans"
    plans.mkdir()
    src = sorted(CORPUS.glob("*.txt"))[2]
    shutil.copy(src, plans / "a.txt")
    shutil.copy(src, plans / "b.txt")
    _run([plans], tmp_path / "data")
    docs = pd.read_parquet(tmp_path / "data" / "documents.parquet")
    assert sorted(docs["source_path"]) == ["a.txt", "b.txt"] and docs["doc_id"].nunique() == 1
    targets = pd.read_parquet(tmp_path / "data" / "targets.parquet")
    assert len(targets) == targets["target_id"].nunique() == 18


def test_an_old_single_file_dataset_is_replaced_and_a_foreign_folder_refused(tmp_path):
    from pipeline.store.dataset import DatasetError

    plans = tmp_path / "plans"
    plans.mkdir()
    shutil.copy(sorted(CORPUS.glob("*.txt"))[4], plans)
    old = tmp_path / "old"
    old.mkdir()
    _run([plans], tmp_path / "new")
    for name in [*TABLES, "reuse"]:  # the layout of kehoach < 0.5: one file per table
        pq.write_table(pq.read_table(tmp_path / "new" / f"{name}.parquet"), old / f"{name}.parquet")
    (old / "manifest.json").write_text("{}")
    _run([plans], old)
    assert old.is_symlink() and (old / "documents.parquet").is_dir()
    assert len(pd.read_parquet(old / "documents.parquet")) == 1

    foreign = tmp_path / "thesis"
    foreign.mkdir()
    (foreign / "chapter1.tex").write_text("…")
    with pytest.raises(DatasetError, match="not a kehoach dataset"):
        _run([plans], foreign)
    assert (foreign / "chapter1.tex").exists()


# --------------------------------------------------------------------------- interruptions


def _journal_lines(out: Path) -> int:
    staging = out.parent / f".{out.name}.kehoach" / "staging"
    return sum(len((d / "journal.jsonl").read_text().splitlines())
               for d in staging.glob("*") if (d / "journal.jsonl").exists())


@pytest.mark.parametrize("how", ["kill -9", "Ctrl-C"])
def test_an_interrupted_run_leaves_the_old_dataset_and_a_rerun_completes_it(tmp_path, how):
    plans = tmp_path / "plans"
    pool = synth(tmp_path / "pool", 24)
    plans.mkdir()
    for p in pool[:4]:
        shutil.copy(p, plans)
    out = tmp_path / "data"
    args = ["extract", str(plans), "-o", str(out), "--workers", "1", "--flush-every", "1", "--no-reuse", "--quiet"]
    kehoach(*args)
    before = tables(out)
    snapshot = out.resolve()
    for p in pool[4:]:
        shutil.copy(p, plans)

    proc = subprocess.Popen(KEHOACH + args, cwd=ROOT, start_new_session=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 300
    while _journal_lines(out) < 3 and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    assert proc.poll() is None, "the run finished before it could be interrupted"
    if how == "kill -9":
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(60)
    else:
        os.kill(proc.pid, signal.SIGINT)
        _, err = proc.communicate(timeout=120)
        assert proc.returncode == 130
    # the dataset is the previous one, whole
    assert out.resolve() == snapshot
    for t in TABLES:
        pd.testing.assert_frame_equal(pd.read_parquet(out / f"{t}.parquet"), before[t])
    done = _journal_lines(out)
    assert 3 <= done < 20

    r = kehoach(*args)
    m = json.loads((out / "manifest.json").read_text())
    assert m["run"]["carried_over"] == 4
    assert m["run"]["resumed"] >= done
    assert m["run"]["extracted"] + m["run"]["resumed"] == 20
    assert m["files"] == 24 and m["status_counts"] == {"ok": 24}
    fresh = tmp_path / "fresh"
    kehoach("extract", str(plans), "-o", str(fresh), "--workers", "2", "--no-reuse", "--quiet")
    for t in TABLES:
        got, want = tables(out)[t], tables(fresh)[t]
        assert not got.duplicated(IDS[t]).any(), t
        pd.testing.assert_frame_equal(sorted_frame(got, t), sorted_frame(want, t))
    assert "from an interrupted run" not in r.stdout  # --quiet


def test_a_second_writer_is_refused(tmp_path):
    from pipeline.store.dataset import DatasetError, Store

    holder = Store(tmp_path / "data")
    holder.lock()
    with pytest.raises(DatasetError, match="another kehoach extract is writing"):
        _run([CORPUS / "000_8aafd0e72540f134.txt"], tmp_path / "data")


# --------------------------------------------------------------------------- Dask


def test_the_dask_engine_gives_the_local_tables_row_for_row(corpus_run, tmp_path):
    distributed = pytest.importorskip("distributed")

    out = tmp_path / "dask"
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=None) as cluster:
        kehoach("extract", str(CORPUS), "-o", str(out), "--include", "*.txt", "--include", "*.docx",
                "--engine", "dask", "--scheduler", cluster.scheduler_address, "--quiet")
    m = json.loads((out / "manifest.json").read_text())
    assert m["run"]["engine"] == "dask" and m["run"]["extracted"] == 10
    for table in TABLES + ("reuse",):
        pd.testing.assert_frame_equal(pd.read_parquet(out / f"{table}.parquet"),
                                      pd.read_parquet(corpus_run / f"{table}.parquet"))


def test_small_flushes_are_merged_into_one_file_per_partition(tmp_path):
    out = tmp_path / "data"
    m, _ = _run([CORPUS], out, include=("*.txt", "*.docx"), flush_every=1)
    assert m["run"]["extracted"] == 10
    for table in TABLES:
        folders = {}
        for p in (out / f"{table}.parquet").rglob("*.parquet"):
            folders.setdefault(p.parent, []).append(p.name)
        assert all(len(names) == 1 for names in folders.values()), (table, folders)
    docs = pd.read_parquet(out / "documents.parquet")
    assert docs.groupby(["province_code"]).size().to_dict() == {"01": 4, "25": 2, "62": 2, "79": 2}
    # and each file's rows are one row group, not one per flush that held some of them
    for table in TABLES:
        for p in (out / f"{table}.parquet").rglob("*.parquet"):
            assert pq.ParquetFile(p).metadata.num_row_groups == 1, p
    # the manifest's row counts are the rows the files hold
    for table in TABLES:
        assert m["rows"][table] == len(pd.read_parquet(out / f"{table}.parquet")), table
    assert m["status_counts"] == docs["status"].value_counts().to_dict()


def test_a_run_killed_while_finishing_is_not_resumed(tmp_path):
    from pipeline.store.dataset import Store

    store = Store(tmp_path / "data")
    staging = store.begin("v1")
    staging.journal.write(json.dumps({"finish": True}) + "\n")
    staging.journal.close()
    again = store.begin("v1")
    assert again.dir != staging.dir and not staging.dir.exists() and not again.done


def test_a_scanned_pdf_is_read_on_a_dask_worker(tmp_path):
    """Dask workers are daemonic: OCR reads the pages in turn there instead of in a pool.
    Without --scheduler, a LocalCluster of --workers processes is started."""
    pytest.importorskip("distributed")
    from pipeline.models import LoadError
    from pipeline.read.ocr import check_tesseract

    try:
        check_tesseract()
    except LoadError as e:
        pytest.skip(str(e))
    out = tmp_path / "data"
    kehoach("extract", str(ROOT / "fixtures" / "scanned" / "001_e58caa9898b89ec4.pdf"), "-o", str(out),
            "--engine", "dask", "--workers", "1", "--quiet")
    docs = pd.read_parquet(out / "documents.parquet")
    assert docs[["status", "ocr", "pages"]].values.tolist() == [["ok", True, 4]]
    assert docs["locality_name"].tolist() == ["Lâm Thao"]


# --------------------------------------------------------------------------- workers stay lean

WORKER_IMPORTS = """
import json, sys
from pathlib import Path


def in_a_worker(path, rel, max_bytes, ctx):
    import pyarrow as pa

    from pipeline.run.worker import extract_record

    rec = extract_record(path, rel, max_bytes, ctx)
    before = "pandas" in sys.modules
    frame = pa.table({"plan": [rel]}).to_pandas()  # pandas still works when asked for
    return rec.status, rec.counts["citations"], before, list(frame["plan"])


if __name__ == "__main__":
    from pipeline.run.records import failed_record
    from pipeline.run.worker import worker_pool

    path = Path(sys.argv[1])
    pool = worker_pool(in_a_worker, failed_record, 1, 120)
    [(_, result)] = list(pool.imap_unordered([(0, (path, path.name, None))]))
    print(json.dumps([*result, "pandas" in sys.modules]))
"""


def test_a_worker_makes_arrow_rows_without_importing_pandas(tmp_path):
    """pyarrow would import pandas (0.2 s, 40 MB) in every worker just to ask whether it is
    installed; a fresh run's workers make their rows without it, and pandas still works."""
    script = tmp_path / "worker_imports.py"
    script.write_text(WORKER_IMPORTS, encoding="utf-8")
    path = CORPUS / "000_8aafd0e72540f134.txt"
    out = subprocess.run([sys.executable, str(script), str(path)], capture_output=True, text=True, cwd=ROOT,
                         env={**os.environ, "PYTHONPATH": str(ROOT)}, timeout=300)
    assert out.returncode == 0, out.stderr[-2000:]
    status, citations, pandas_before, plans, pandas_in_parent = json.loads(out.stdout)
    assert (status, pandas_before, plans, pandas_in_parent) == ("ok", False, [path.name], False)
    assert citations > 0


def test_a_staged_write_cut_short_is_written_again_whole(tmp_path, monkeypatch):
    """Ctrl-C landing in the middle of a staged write (some tables' flush files written, the
    journal line not yet): the interrupted run writes the batch again on its way out, and the
    facts of its plans are not taken for written already.  The resumed dataset equals a fresh
    one, table by table (a Ctrl-C run once lost a plan's facts this way: 178 rows for 182)."""
    from pipeline.store import dataset as store_dataset

    plans = tmp_path / "plans"
    plans.mkdir()
    for p in sorted(CORPUS.glob("*.txt"))[:3]:
        shutil.copy(p, plans)
    real = store_dataset._write_flush
    calls = {"n": 0}

    def cut(table, path):
        calls["n"] += 1
        if calls["n"] == 8:  # the second flush (one plan each), after its first table
            raise KeyboardInterrupt
        return real(table, path)

    monkeypatch.setattr(store_dataset, "_write_flush", cut)
    out = tmp_path / "data"
    with pytest.raises(KeyboardInterrupt):
        _run([plans], out, flush_every=1)
    monkeypatch.setattr(store_dataset, "_write_flush", real)
    _run([plans], out, flush_every=1)
    _run([plans], tmp_path / "fresh")
    got, want = tables(out), tables(tmp_path / "fresh")
    for t in TABLES:
        assert not got[t].duplicated(IDS[t]).any(), t
        pd.testing.assert_frame_equal(sorted_frame(got[t], t), sorted_frame(want[t], t))


def test_ctrl_c_waits_for_a_staged_write_to_end():
    """A SIGINT inside the block is held, the block runs to its end, and the interrupt is
    raised after it: the journal line and the writer's state never part."""
    from pipeline.run.engine import _ctrl_c_waits

    ran = []
    with pytest.raises(KeyboardInterrupt):
        with _ctrl_c_waits():
            os.kill(os.getpid(), signal.SIGINT)
            time.sleep(0.05)
            ran.append("after the signal")
    assert ran == ["after the signal"]
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler
