"""The held-out sets hold their floors: each set's docs extracted once and scored against its gold.

Three sets: ``../shared/devset`` (``KEHOACH_DEVSET`` points elsewhere; skipped where absent) and the
repository's own ``heldout/`` and ``heldout2/`` (plans written independently of the rules; heldout2
was written after heldout had been read for misses, and scored before any rule looked at it).  The floors (F1 per
table, mean meta accuracy) live in ``tests/devset_floors.yaml``.
"""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from pipeline.analyse.evaluate import TABLES, load_dataset, score

ROOT = Path(__file__).resolve().parents[1]
SETS = {
    "devset": Path(os.environ.get("KEHOACH_DEVSET", ROOT.parent / "shared" / "devset")),
    "heldout": ROOT / "heldout",
    "heldout2": ROOT / "heldout2",
}
FLOORS = yaml.safe_load((Path(__file__).with_name("devset_floors.yaml")).read_text(encoding="utf-8"))


def _present(name: str) -> bool:
    d = SETS[name]
    return (d / "docs").is_dir() and any((d / "gold").glob("*.json"))


@pytest.fixture(scope="module", params=sorted(SETS))
def report(request, tmp_path_factory):
    name = request.param
    if not _present(name):
        pytest.skip(f"no {name} at {SETS[name]} (docs/ and gold/*.json)")
    out = tmp_path_factory.mktemp(name) / "data"
    exe = Path(sys.executable).with_name("kehoach")
    cmd = [str(exe)] if exe.exists() else [sys.executable, "-c", "from pipeline.cli import app; app()"]
    run = subprocess.run(cmd + ["extract", str(SETS[name] / "docs"), "-o", str(out), "--quiet", "--workers", "2",
                                "--no-reuse"], capture_output=True, text=True, cwd=ROOT)
    assert run.returncode == 0, run.stderr
    return name, score(load_dataset(out), SETS[name] / "gold")


def test_the_floors_name_every_table_of_every_set():
    assert sorted(FLOORS) == sorted(SETS)
    for floors in FLOORS.values():
        assert sorted(floors["tables"]) == sorted(TABLES)
        assert isinstance(floors["meta"], (int, float))


@pytest.mark.parametrize("name", ["heldout", "heldout2"])
def test_the_repository_ships_its_heldout_sets(name):
    assert _present(name)


def test_every_plan_is_scored(report):
    _, rep = report
    assert rep.gold_without_documents == []
    assert [d.status for d in rep.documents].count("error") == 0


@pytest.mark.parametrize("table", sorted(TABLES))
def test_table_f1_holds_its_floor(report, table):
    name, rep = report
    floor = FLOORS[name]["tables"][table]
    f1 = rep.groups["all"].counts[table].f1
    assert f1 is not None and 100 * f1 >= floor, f"{name} {table} F1 {100 * (f1 or 0):.1f} < floor {floor}"


def test_meta_mean_holds_its_floor(report):
    name, rep = report
    m = rep.groups["all"].meta
    floor = FLOORS[name]["meta"]
    assert m is not None and 100 * m >= floor, f"{name} meta mean {100 * (m or 0):.1f} < floor {floor}"
