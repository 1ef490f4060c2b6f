"""The whole path over corpus/: every rendition, the contract's tables, the issue's figures."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from pipeline.analyse.evaluate import load_dataset, score
from pipeline.store.writer import SCHEMAS

ROOT = Path(__file__).resolve().parents[1]
FLOORS = {"citations": 0.95, "dates": 0.95, "targets": 0.90, "assignments": 0.90}


def kehoach(*args: str) -> subprocess.CompletedProcess:
    exe = Path(sys.executable).with_name("kehoach")
    cmd = [str(exe)] if exe.exists() else [sys.executable, "-c", "from pipeline.cli import app; app()"]
    return subprocess.run(cmd + list(args), capture_output=True, text=True, cwd=ROOT)


@pytest.fixture(scope="module")
def dataset(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("data")
    run = kehoach("extract", "corpus/", "-o", str(out), "--quiet")
    assert run.returncode == 0, run.stderr
    return out


@pytest.fixture(scope="module")
def report(dataset):
    return score(load_dataset(dataset), ROOT / "gold")


def test_every_table_follows_the_contract(dataset):
    for name, schema in SCHEMAS.items():
        df = pd.read_parquet(dataset / f"{name}.parquet")
        assert list(df.columns) == schema.names
        if name != "documents":
            assert df["doc_id"].isin(pd.read_parquet(dataset / "documents.parquet")["doc_id"]).all()
    docs = pd.read_parquet(dataset / "documents.parquet")
    assert len(docs) == 15 and set(docs["source_format"]) == {"txt", "docx", "pdf"}
    assert (docs["status"] == "ok").all()
    manifest = json.loads((dataset / "manifest.json").read_text())
    assert manifest["schema_version"] == "1.5" and manifest["status_counts"] == {"ok": 15}


def test_every_fact_points_at_its_surface(dataset):
    docs = pd.read_parquet(dataset / "documents.parquet").set_index("doc_id")["text"]
    for name in ("citations", "targets", "dates"):
        df = pd.read_parquet(dataset / f"{name}.parquet")
        for row in df.itertuples():
            assert docs[row.doc_id][row.char_start:row.char_end] == row.surface, (name, row)
    df = pd.read_parquet(dataset / "assignments.parquet")
    for row in df.itertuples():
        assert docs[row.doc_id][row.char_start:row.char_end] == row.agency_surface
    pdf_pages = pd.read_parquet(dataset / "dates.parquet").merge(
        pd.read_parquet(dataset / "documents.parquet")[["doc_id", "source_format", "pages"]], on="doc_id")
    pdf_pages = pdf_pages[pdf_pages.source_format == "pdf"]
    assert len(pdf_pages) and pdf_pages["page"].between(1, pdf_pages["pages"]).all()


def test_same_input_gives_the_same_tables(dataset, tmp_path):
    assert kehoach("extract", "corpus/", "-o", str(tmp_path), "--quiet").returncode == 0
    for name in SCHEMAS:
        pd.testing.assert_frame_equal(pd.read_parquet(dataset / f"{name}.parquet"), pd.read_parquet(tmp_path / f"{name}.parquet"))


@pytest.mark.parametrize("fmt", ["txt", "docx", "pdf"])
def test_scores_reach_the_floors(report, fmt):
    group = report.groups[fmt]
    assert group.documents == 5
    for table, floor in FLOORS.items():
        assert group.counts[table].f1 >= floor, (fmt, table, group.counts[table].to_dict())
    for field, acc in group.fields["meta"].items():
        assert acc.value >= 0.95, (fmt, field)


@pytest.mark.parametrize("fmt", ["docx", "pdf"])
def test_renditions_score_like_the_text(report, fmt):
    for table in FLOORS:
        assert abs(report.groups[fmt].counts[table].f1 - report.groups["txt"].counts[table].f1) <= 0.02, (fmt, table)
    assert abs(report.groups[fmt].meta - report.groups["txt"].meta) <= 0.02


def test_bad_files_get_error_rows_and_the_run_goes_on(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "empty.txt").write_bytes(b"")
    (folder / "junk.pdf").write_bytes(b"\x00\x01not a pdf at all\xff" * 10)
    (folder / "fake.docx").write_bytes(b"this is not a zip")
    (folder / "good.txt").write_text((ROOT / "corpus/001_e58caa9898b89ec4.txt").read_text(encoding="utf-8"), encoding="utf-8")
    out = tmp_path / "out"
    run = kehoach("extract", str(folder), "-o", str(out), "--quiet")
    assert run.returncode == 0, run.stderr
    docs = pd.read_parquet(out / "documents.parquet").set_index("source_path")
    assert docs.loc["good.txt", "status"] == "ok"
    for bad in ("empty.txt", "junk.pdf", "fake.docx"):
        assert docs.loc[bad, "status"] == "error"
        reason = docs.loc[bad, "error"]
        assert bad in reason and "\n" not in reason
    # nothing readable at all: non-zero exit, but the rows are still written
    only_bad = tmp_path / "bad"
    only_bad.mkdir()
    (only_bad / "empty.txt").write_bytes(b"")
    run = kehoach("extract", str(only_bad), "-o", str(tmp_path / "out2"), "--quiet")
    assert run.returncode == 1
    assert pd.read_parquet(tmp_path / "out2" / "documents.parquet")["status"].tolist() == ["error"]


def test_every_plan_gets_locality_and_province_codes(dataset):
    docs = pd.read_parquet(dataset / "documents.parquet")
    codes = {(r.source_path.split(".")[0], r.locality_code, r.province_code, r.admin_system) for r in docs.itertuples()}
    assert codes == {
        ("000_8aafd0e72540f134", "004", "01", "legacy"), ("001_e58caa9898b89ec4", "237", "25", "legacy"),
        ("002_f21cf61eb0bffd5d", "23305", "62", "legacy"), ("003_514edecd79b4653f", "764", "79", "legacy"),
        ("004_3d6bf184eeb54370", "09931", "01", "2025"),
    }


def test_the_same_body_gets_the_same_agency_code_everywhere(dataset):
    a = pd.read_parquet(dataset / "assignments.parquet")
    assert a.groupby("agency")["agency_code"].nunique().max() == 1
    codes = a.groupby("agency_code")["agency"].agg(set).to_dict()
    assert codes["POLICE"] == {"Công an"} and codes["WOMEN_UNION"] == {"Hội Liên hiệp Phụ nữ"}
    assert codes["LABOUR_SOCIAL"] == {"Phòng Lao động - Thương binh và Xã hội"}
    # every rendition of a plan gives the same (agency_code, role) pairs
    docs = pd.read_parquet(dataset / "documents.parquet")[["doc_id", "source_path"]]
    a = a.merge(docs, on="doc_id")
    a["stem"] = a["source_path"].str.split(".").str[0]
    per = a.groupby(["stem", "source_path"]).apply(lambda g: frozenset(zip(g.agency_code, g.role)), include_groups=False)
    assert all(per[stem].nunique() == 1 for stem in a["stem"].unique())
