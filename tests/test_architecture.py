"""The tree's shape: imports go down the stages, every module sits in a layer, none is long."""
from __future__ import annotations

import ast
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CONTRACT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["importlinter"]
LAYERS = next(c for c in CONTRACT["contracts"] if c["type"] == "layers")["layers"]
MAX_LINES = 600


def _modules() -> list[str]:
    out = []
    for pkg in CONTRACT["root_packages"]:
        for p in sorted((ROOT / pkg).rglob("*.py")):
            if "__pycache__" in p.parts:
                continue
            parts = list(p.relative_to(ROOT).with_suffix("").parts)
            if parts[-1] == "__init__":
                parts.pop()
            out.append(".".join(parts))
    return out


def _layer_modules() -> list[str]:
    return [m.strip() for layer in LAYERS for m in layer.replace("|", ":").split(":")]


def _covered(module: str, layer_modules: list[str]) -> bool:
    return any(module == m or module.startswith(m + ".") for m in layer_modules)


def test_imports_go_down_the_stages():
    exe = Path(sys.executable).with_name("lint-imports")
    exe = exe if exe.exists() else shutil.which("lint-imports")
    assert exe, "lint-imports (import-linter, in the test extra) is not installed"
    r = subprocess.run([str(exe), "--no-cache"], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stdout[-4000:] + r.stderr[-2000:]


def test_every_module_sits_in_a_layer():
    layer_modules = _layer_modules()
    roots = set(CONTRACT["root_packages"])
    missing = [m for m in _modules() if m not in roots and not _covered(m, layer_modules)]
    assert missing == [], f"add these modules to a layer of [tool.importlinter] in pyproject.toml: {missing}"
    stale = [m for m in layer_modules if not any(x == m or x.startswith(m + ".") for x in _modules())]
    assert stale == [], f"layers name modules that do not exist: {stale}"


@pytest.mark.parametrize("rel", sorted(p.relative_to(ROOT).as_posix() for pkg in ("pipeline", "extractors", "kehoach")
                                       for p in (ROOT / pkg).rglob("*.py") if "__pycache__" not in p.parts))
def test_no_module_is_long(rel):
    n = len((ROOT / rel).read_text(encoding="utf-8").splitlines())
    assert n <= MAX_LINES, f"{rel}: {n} lines (split it by stage or by form; at most {MAX_LINES})"


def test_a_lower_stage_importing_a_higher_one_is_caught(tmp_path):
    """The contract is not vacuous: the same layers refuse a reader that imports the run."""
    for pkg in ("pipeline", "pipeline/read", "pipeline/run", "extractors"):
        (tmp_path / pkg).mkdir(parents=True, exist_ok=True)
        (tmp_path / pkg / "__init__.py").write_text("")
    (tmp_path / "pipeline/run/pool.py").write_text("")
    (tmp_path / "pipeline/read/load.py").write_text("from pipeline.run import pool\n")
    (tmp_path / ".importlinter").write_text(
        "[importlinter]\nroot_packages =\n    pipeline\n[importlinter:contract:1]\nname = down\ntype = layers\n"
        "layers =\n    pipeline.run\n    pipeline.read\n")
    exe = Path(sys.executable).with_name("lint-imports")
    exe = exe if exe.exists() else shutil.which("lint-imports")
    r = subprocess.run([str(exe), "--no-cache"], cwd=tmp_path, capture_output=True, text=True, timeout=120,
                       env={"PYTHONPATH": str(tmp_path), "PATH": "/usr/bin:/bin"})
    assert r.returncode == 1 and "pipeline.read.load -> pipeline.run.pool" in r.stdout, r.stdout + r.stderr
