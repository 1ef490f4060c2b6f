"""What the README promises about the build and the documents it links to (issue 13, point 11)."""
from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

from pipeline.store.writer import SCHEMA_VERSION, SCHEMAS

ROOT = Path(__file__).resolve().parents[1]
CONTRACT = ROOT / "docs" / "dataset-contract.md"


def make_n(target: str) -> str:
    try:
        return subprocess.run(["make", "-n", "-B", target], cwd=ROOT, capture_output=True, text=True, timeout=60).stdout
    except FileNotFoundError:
        pytest.skip("no make")


def test_make_run_installs_the_package_without_the_test_extra():
    run = make_n("run")
    assert "pip install -e ." in run and "kehoach extract corpus/ -o data/" in run
    assert "[test]" not in run


def test_make_test_installs_the_test_extra():
    assert "pip install -e '.[test]'" in make_n("test")


def test_the_contract_ships_in_docs_with_every_column_written():
    text = CONTRACT.read_text(encoding="utf-8")
    shared = Path("/work/shared/dataset-contract.md")
    if shared.exists():  # the shared contract, verbatim, then our additions
        assert text.startswith(shared.read_text(encoding="utf-8"))
    assert f"| {SCHEMA_VERSION} |" in text
    missing = [f"{t}.{c}" for t, schema in SCHEMAS.items() for c in schema.names
               if not re.search(rf"(?<![\w.]){re.escape(c)}(?![\w])", text)]
    assert not missing, f"columns written but not documented in docs/dataset-contract.md: {missing}"
    for table in SCHEMAS:
        assert f"{table}" in text


def test_run_json_is_documented_with_the_fields_written():
    text = CONTRACT.read_text(encoding="utf-8")
    section = text[text.index("## run.json"):]
    src = (ROOT / "pipeline" / "store" / "dataset.py").read_text(encoding="utf-8")
    written = re.search(r'\(d / "run\.json"\)\.write_text\(json\.dumps\((\{[^}]*\})', src).group(1)
    for field in re.findall(r'"(\w+)":', written):
        assert f"`{field}`" in section, field


def test_no_dependency_is_declared_unused():
    toml = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    deps = toml[toml.index("dependencies = ["):toml.index("]", toml.index("dependencies = ["))]
    code = "\n".join(p.read_text(encoding="utf-8") for d in ("pipeline", "extractors") for p in (ROOT / d).rglob("*.py"))
    imports = {"python-docx": "docx", "PyYAML": "yaml", "Pillow": "PIL", "vietnamadminunits": "vietnamadminunits"}
    for name in re.findall(r'"([A-Za-z][\w-]*)', deps):
        module = imports.get(name, name.replace("-", "_").lower())
        used = re.search(rf"^\s*(import|from) {module}\b", code, re.M) or f'find_spec("{module}")' in code
        assert used, f"{name} is declared but never imported"


def test_readme_links_into_docs_resolve():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for link in re.findall(r"\]\((docs/[^)#]+)", readme):
        assert (ROOT / link).exists(), link
