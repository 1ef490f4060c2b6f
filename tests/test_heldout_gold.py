"""The heldout gold (both sets) stays well-formed: ``heldout*/check.py`` (surfaces verbatim, enums, EDTF, no
duplicates) passes on every file."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


SETS = ["heldout", "heldout2"]


@pytest.mark.parametrize("name", SETS)
def test_heldout_gold_passes_its_checker(name):
    run = subprocess.run([sys.executable, str(ROOT / name / "check.py")], capture_output=True, text=True)
    assert run.returncode == 0, run.stdout + run.stderr


@pytest.mark.parametrize("name", SETS)
def test_every_heldout_plan_has_gold(name):
    docs = sorted(p.stem for p in (ROOT / name / "docs").glob("*.txt"))
    gold = sorted(p.stem for p in (ROOT / name / "gold").glob("*.json"))
    assert docs and docs == gold
