"""The heldout gold stays well-formed: ``heldout/check.py`` (surfaces verbatim, enums, EDTF, no
duplicates) passes on every file."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_heldout_gold_passes_its_checker():
    run = subprocess.run([sys.executable, str(ROOT / "heldout" / "check.py")], capture_output=True, text=True)
    assert run.returncode == 0, run.stdout + run.stderr


def test_every_heldout_plan_has_gold():
    docs = sorted(p.stem for p in (ROOT / "heldout" / "docs").glob("*.txt"))
    gold = sorted(p.stem for p in (ROOT / "heldout" / "gold").glob("*.json"))
    assert docs and docs == gold
