"""Build ``pipeline/ocr_lexicon.txt``, the domain vocabulary the post-OCR repair checks against.

The words come from the plans themselves (``corpus/*.txt``) and from the rule files
(``extractors/*.yaml``: agency names and aliases, document types, provinces, cue words, the
examples quoted from plans).  Each entry is a lower-case run of one to three syllables as it is
written (NFC, new-style tone placement: ``hóa``, ``thủy``), with how often it occurs and where
it comes from (``c`` corpus, ``y`` rule files).  Runs never cross punctuation or digits.

Known slips (the ``wrong`` column of ``extractors/slips.tsv``, e.g. ``phần đầu`` for
``phấn đấu``) are left out, so the repair never takes a slip for the domain's wording.

Run: ``.venv/bin/python scripts/make_ocr_lexicon.py`` (rewrites the file; commit it).
"""
from __future__ import annotations

import csv
import sys
from collections import Counter
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipeline.ocr_repair import LEXICON_FILE, build_entries  # noqa: E402


# values that are codes, identifiers or English notes, not the plans' wording
SKIP_KEYS = {"note", "notes", "confidence", "code", "id", "key", "status", "comparator", "domain",
             "type", "strategy", "date", "effective", "period", "replaced_by", "example_doc",
             "related_example_doc", "area", "number"}


def yaml_strings(node) -> list[str]:
    """Every string (keys and values) in a parsed YAML document, but for ``SKIP_KEYS``."""
    if isinstance(node, str):
        return [node]
    if isinstance(node, dict):
        return [s for k, v in node.items() if k not in SKIP_KEYS for s in yaml_strings(k) + yaml_strings(v)]
    if isinstance(node, list):
        return [s for v in node for s in yaml_strings(v)]
    return []


def rule_strings() -> list[str]:
    out = []
    for p in sorted((ROOT / "extractors").glob("*.yaml")):
        with open(p, encoding="utf-8") as fh:
            out.extend(yaml_strings(yaml.safe_load(fh)))
    return out


def slip_forms() -> list[str]:
    with open(ROOT / "extractors" / "slips.tsv", encoding="utf-8") as fh:
        rows = csv.DictReader((ln for ln in fh if not ln.startswith("#")), delimiter="\t")
        return [r["wrong"] for r in rows]


def corpus_texts(exclude: str | None = None) -> list[str]:
    return [p.read_text(encoding="utf-8") for p in sorted((ROOT / "corpus").glob("*.txt"))
            if p.stem != exclude]


def entries(exclude: str | None = None) -> dict[str, tuple[int, str]]:
    """The lexicon's entries; ``exclude`` leaves one plan out (for a held-out measurement)."""
    return build_entries(corpus_texts(exclude), rule_strings(), slip_forms())


def main() -> None:
    found = entries()
    lines = [
        "# The domain vocabulary for the post-OCR repair (pipeline/ocr_repair.py).",
        "# Made by scripts/make_ocr_lexicon.py from corpus/*.txt and extractors/*.yaml; do not edit.",
        "# entry<TAB>count<TAB>sources (c corpus, y rule files)",
    ]
    for g in sorted(found, key=lambda g: (g.count(" "), g)):
        count, src = found[g]
        lines.append(f"{g}\t{count}\t{src}")
    LEXICON_FILE.write_text("\n".join(lines) + "\n", encoding="utf-8")
    by_n = Counter(g.count(" ") + 1 for g in found)
    print(f"{LEXICON_FILE.relative_to(ROOT)}: {len(found)} entries "
          f"({', '.join(f'{by_n[n]} of {n} syllable(s)' for n in sorted(by_n))})")


if __name__ == "__main__":
    main()
