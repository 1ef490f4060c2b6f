"""The comparison notebook runs top to bottom on a dataset freshly extracted from corpus/."""
from __future__ import annotations

import importlib.util
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOK = ROOT / "notebooks" / "compare_localities.ipynb"
TABLES = ("documents", "citations", "targets", "assignments", "dates", "staleness", "reuse")
PLANS = ("huyện Lâm Thao 2024", "phường Nguyễn Trãi 2025", "quận Gò Vấp 2019–2020", "quận Long Biên 2025", "xã Hưng Đạo 2026")


def kehoach_command() -> list[str]:
    """The console script installed beside this interpreter, else the Typer app run in it."""
    script = Path(sys.executable).parent / "kehoach"
    if script.is_file():
        return [str(script)]
    return [sys.executable, "-c", "from pipeline.cli import app; app()"]


@pytest.fixture(scope="module")
def corpus_dataset(tmp_path_factory) -> Path:
    return extract(ROOT / "corpus", tmp_path_factory.mktemp("data"))


def extract(inputs: Path, out: Path) -> Path:
    run = subprocess.run(
        [*kehoach_command(), "extract", str(inputs), "-o", str(out), "--quiet"],
        cwd=ROOT, capture_output=True, text=True, timeout=900,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    for name in TABLES:
        assert (out / f"{name}.parquet").exists(), f"{name}.parquet not written"
    return out


@pytest.fixture(scope="module", params=["corpus", "pdf-only"])
def dataset(request, corpus_dataset, tmp_path_factory) -> Path:
    """The corpus as extracted (txt, docx and pdf of each plan), and its PDFs alone: the notebook
    must not depend on a format being there."""
    if request.param == "corpus":
        return corpus_dataset
    pdfs = tmp_path_factory.mktemp("pdf-only")
    for f in sorted((ROOT / "corpus").glob("*.pdf")):
        shutil.copyfile(f, pdfs / f.name)
    return extract(pdfs, tmp_path_factory.mktemp("pdf-data"))


@pytest.fixture(scope="module")
def executed(dataset) -> nbformat.NotebookNode:
    return execute(dataset)


def execute(dataset: Path) -> nbformat.NotebookNode:
    nb = nbformat.read(NOTEBOOK, as_version=4)
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("KEHOACH_DATA", str(dataset))
        NotebookClient(
            nb, kernel_name="python3", timeout=300, allow_errors=True,
            resources={"metadata": {"path": str(NOTEBOOK.parent)}},
        ).execute()
    return nb


def cell_text(cell) -> str:
    """Everything a cell showed: streams, plain-text and HTML results."""
    parts = []
    for out in cell.get("outputs", []):
        parts.append(out.get("text", ""))
        for mime in ("text/plain", "text/html"):
            parts.append(out.get("data", {}).get(mime, ""))
    return "\n".join(parts)


def test_notebook_runs_without_errors(executed):
    errors = [
        f"cell {cell.id}: {out.ename}: {out.evalue}"
        for cell in executed.cells if cell.cell_type == "code"
        for out in cell.outputs if out.output_type == "error"
    ]
    assert not errors, "\n".join(errors)


def test_targets_cell_shows_nguyen_trai_leadership_target(executed):
    cell = next(c for c in executed.cells if "targets" in c.metadata.get("tags", []))
    shown = cell_text(cell)
    assert "Nguyễn Trãi" in shown
    assert "40" in shown
    # the row itself: Nguyễn Trãi's 40% of leaders and managers being women
    rows = [line for line in shown.splitlines() if "Nguyễn Trãi" in line]
    assert any(re.search(r"\b40(\.0+)?\b", line) for line in rows), "\n".join(rows)


def cell(nb, tag):
    return next(c for c in nb.cells if tag in c.metadata.get("tags", []))


def charts(c) -> list[dict]:
    return [o["data"]["application/vnd.vegalite.v5+json"] for o in c.get("outputs", [])
            if "application/vnd.vegalite.v5+json" in o.get("data", {})]


def test_the_notebook_works_on_plans_whatever_the_formats(executed):
    shown = cell_text(cell(executed, "plans"))
    assert re.search(r"^5 plans in (15|5) files$", shown, re.M), shown[:300]
    for plan in PLANS:
        assert plan in shown
    # every plan's citations, targets and leads are there, not only those of a txt
    assert all(p in cell_text(cell(executed, "citations")) for p in PLANS)
    assert all(p in cell_text(cell(executed, "leads")) for p in PLANS)


def test_the_notebook_draws_its_charts_from_the_dataset(executed):
    nat = charts(cell(executed, "national-chart"))[0]
    # Nguyễn Trãi's women in farm work "dưới 50%" beside the national "dưới 30%": behind
    assert any(v["who"] == "phường Nguyễn Trãi 2025" and v["value"] == 50 and v["vs_national"] == "behind"
               for v in nat["data"]["values"])
    assert any(v["who"] == "national strategy" for v in nat["data"]["values"])
    leads = charts(cell(executed, "leads"))[0]
    assert {v["plan"] for v in leads["data"]["values"]} == set(PLANS)
    stale = {v["plan"]: v["stale dates"] for v in charts(cell(executed, "staleness"))[0]["data"]["values"]}
    assert stale["xã Hưng Đạo 2026"] == 1 and stale["huyện Lâm Thao 2024"] == 1 and len(stale) == 5
    share = {v["plan"]: v["share"] for v in charts(cell(executed, "reuse"))[0]["data"]["values"]}
    assert len(share) == 5 and all(v < 0.5 for v in share.values())  # no plan "copies" its own renditions


def test_plan_id_groups_the_renditions_in_every_table(corpus_dataset):
    import pandas as pd

    docs = pd.read_parquet(corpus_dataset / "documents.parquet")
    assert len(docs) == 15 and docs["plan_id"].nunique() == 5
    for _, g in docs.groupby("plan_id"):  # one plan: its txt, docx and pdf, the same stem
        assert sorted(g["source_format"]) == ["docx", "pdf", "txt"]
        assert g["source_path"].str.split(".").str[0].nunique() == 1
    plan_of = dict(zip(docs["doc_id"], docs["plan_id"]))
    for name in TABLES[1:]:
        t = pd.read_parquet(corpus_dataset / f"{name}.parquet")
        assert "plan_id" in t.columns, name
        assert (t["plan_id"] == t["doc_id"].map(plan_of)).all(), name
    reuse = pd.read_parquet(corpus_dataset / "reuse.parquet")
    assert (reuse["plan_id"] != reuse["other_plan_id"]).all()
    assert not reuse.duplicated(["plan_id", "sentence_start", "other_plan_id"]).any()
    manifest = json.loads((corpus_dataset / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["plans"] == 5 and manifest["schema_version"] == "1.5"


def test_a_dataset_with_no_readable_plan_fails_the_notebook(tmp_path):
    bad = tmp_path / "in"
    bad.mkdir()
    (bad / "empty.pdf").write_bytes(b"%PDF-1.4 not really")
    nb = execute(extract_any(bad, tmp_path / "out"))
    errors = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs if o.output_type == "error"]
    assert errors and "no readable plan" in errors[0].evalue


def extract_any(inputs: Path, out: Path) -> Path:
    subprocess.run([*kehoach_command(), "extract", str(inputs), "-o", str(out), "--quiet"],
                   cwd=ROOT, capture_output=True, text=True, timeout=300)
    return out


def test_notebook_is_what_the_generator_writes():
    spec = importlib.util.spec_from_file_location("make_notebook", ROOT / "scripts" / "make_notebook.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert NOTEBOOK.read_text(encoding="utf-8") == module.render(), (
        "notebooks/compare_localities.ipynb differs from scripts/make_notebook.py: "
        "run .venv/bin/python scripts/make_notebook.py"
    )
