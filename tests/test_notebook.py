"""The comparison notebook runs top to bottom on a dataset freshly extracted from corpus/."""
from __future__ import annotations

import importlib.util
import re
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOK = ROOT / "notebooks" / "compare_localities.ipynb"
TABLES = ("documents", "citations", "targets", "assignments", "dates")


def kehoach_command() -> list[str]:
    """The console script installed beside this interpreter, else the Typer app run in it."""
    script = Path(sys.executable).parent / "kehoach"
    if script.is_file():
        return [str(script)]
    return [sys.executable, "-c", "from pipeline.cli import app; app()"]


@pytest.fixture(scope="module")
def dataset(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("data")
    run = subprocess.run(
        [*kehoach_command(), "extract", str(ROOT / "corpus"), "-o", str(out), "--quiet"],
        cwd=ROOT, capture_output=True, text=True, timeout=900,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    for name in TABLES:
        assert (out / f"{name}.parquet").exists(), f"{name}.parquet not written"
    return out


@pytest.fixture(scope="module")
def executed(dataset) -> nbformat.NotebookNode:
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


def test_notebook_is_what_the_generator_writes():
    spec = importlib.util.spec_from_file_location("make_notebook", ROOT / "scripts" / "make_notebook.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert NOTEBOOK.read_text(encoding="utf-8") == module.render(), (
        "notebooks/compare_localities.ipynb differs from scripts/make_notebook.py: "
        "run .venv/bin/python scripts/make_notebook.py"
    )
