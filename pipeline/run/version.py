"""The extractor version: a fingerprint of the code, rule files and model libraries that make a
file's rows (a dataset made under another one is extracted again from scratch).
"""
from __future__ import annotations

import hashlib
from pathlib import Path

_CODE_SUFFIXES = {".py", ".yaml", ".yml", ".tsv", ".txt", ".json"}
_NOT_EXTRACTION = {"pipeline/cli.py", "pipeline/__main__.py"}  # with pipeline/analyse/: they read a dataset, they do not make one
_MODEL_PACKAGES = ("underthesea", "spacy", "vietnamadminunits", "pypdfium2", "python-docx", "edtf",
                   "dateparser")


def extractor_version() -> str:
    """A fingerprint of everything that decides what a file's rows are: the code and rule files
    of ``pipeline`` and ``extractors`` and the versions of the libraries with models or
    readers.  A dataset made under another fingerprint is extracted again from scratch."""
    import importlib.metadata as md

    from pipeline import __version__
    from pipeline.store.writer import SCHEMA_VERSION

    h = hashlib.sha256(f"{__version__}|{SCHEMA_VERSION}".encode())
    root = Path(__file__).resolve().parents[2]
    for pkg in ("pipeline", "extractors"):
        for p in sorted((root / pkg).rglob("*")):
            rel = p.relative_to(root)
            if p.suffix in _CODE_SUFFIXES and rel.as_posix() not in _NOT_EXTRACTION and rel.parts[:2] != ("pipeline", "analyse") \
                    and "__pycache__" not in p.parts and p.is_file():
                h.update(rel.as_posix().encode() + b"\0" + p.read_bytes())
    for name in _MODEL_PACKAGES:
        try:
            h.update(f"{name}={md.version(name)}".encode())
        except md.PackageNotFoundError:
            h.update(f"{name}=none".encode())
    return h.hexdigest()[:16]
