"""Build ``pipeline/read/ocr_lexicon.txt``, the domain vocabulary the post-OCR repair checks against.

The words come from four sources, so that the repair knows the wording of plans it has not
seen (another province's agencies and places) and not only the seed plans':

* ``c``: the seed plans (``corpus/*.txt``);
* ``d``: the development set's plans (``../shared/devset/docs/*.txt``, where it is beside the
  repository: 18 plans of three levels and other provinces);
* ``y``: the rule files (``extractors/rules/*.yaml`` and ``extractors/rules/*.tsv``: agency names, head
  words and aliases, document types, provinces, cue words, the examples quoted from plans);
  ``n`` marks the runs of an agency's name or alias (``agencies.yaml``), which the repair may
  put back though no dictionary lists them (``Sử Tư pháp`` → ``Sở Tư pháp``);
* ``g``: the syllables of a general Vietnamese word list (underthesea's Viet74K, read from the
  installed package: no download).  These only let the repair put a syllable that is no
  Vietnamese syllable at all back to the one real syllable with its letters
  (``pipeline/read/ocr_repair.py``); phrases come from ``c``/``d``/``y`` only.

Each entry is a lower-case run of one to three syllables as it is written (NFC, new-style tone
placement: ``hóa``, ``thủy``), with how often it occurs and where it comes from.  Runs never
cross punctuation or digits.

Known slips (the ``wrong`` column of ``extractors/rules/slips.tsv``, e.g. ``phần đầu`` for
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

from pipeline.read.ocr_repair import LEXICON_FILE, build_entries, general_words  # noqa: E402

DEVSET_DOCS = ROOT.parent / "shared" / "devset" / "docs"


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
    for p in sorted((ROOT / "extractors" / "rules").glob("*.yaml")):
        with open(p, encoding="utf-8") as fh:
            out.extend(yaml_strings(yaml.safe_load(fh)))
    for p in sorted((ROOT / "extractors" / "rules").glob("*.tsv")):  # the right-hand columns: the wording
        with open(p, encoding="utf-8") as fh:
            rows = csv.DictReader((ln for ln in fh if not ln.startswith("#")), delimiter="\t")
            out.extend(v for r in rows for k, v in r.items() if k not in ("wrong", "pattern") and v)
    return out


def name_strings() -> list[str]:
    """The agencies' canonical names and aliases (``extractors/rules/agencies.yaml``): phrases the
    repair may put back though no dictionary lists them (``Sở Tư pháp``)."""
    with open(ROOT / "extractors" / "rules" / "agencies.yaml", encoding="utf-8") as fh:
        data = yaml.safe_load(fh) or {}
    out = []
    for entry in data.get("agencies") or []:
        if isinstance(entry, dict):
            out += [entry.get("name") or ""] + list(entry.get("aliases") or [])
    return [s for s in out if isinstance(s, str) and s]


def slip_forms() -> list[str]:
    with open(ROOT / "extractors" / "rules" / "slips.tsv", encoding="utf-8") as fh:
        rows = csv.DictReader((ln for ln in fh if not ln.startswith("#")), delimiter="\t")
        return [r["wrong"] for r in rows]


def corpus_texts(exclude: str | None = None) -> list[str]:
    return [p.read_text(encoding="utf-8") for p in sorted((ROOT / "corpus").glob("*.txt"))
            if p.stem != exclude]


def devset_texts(exclude: str | None = None) -> list[str]:
    """The development set's plans (none where ``../shared`` is not beside the repository)."""
    return [p.read_text(encoding="utf-8") for p in sorted(DEVSET_DOCS.glob("*.txt")) if p.stem != exclude]


def general_syllables() -> list[str]:
    """The syllables of the general word list (empty without underthesea)."""
    return sorted(w for w in general_words() if " " not in w)


def entries(exclude: str | None = None) -> dict[str, tuple[int, str]]:
    """The lexicon's entries; ``exclude`` leaves one plan (a corpus or devset stem) out, for a
    held-out measurement."""
    return build_entries(corpus_texts(exclude), rule_strings(), slip_forms(),
                         devset=devset_texts(exclude), general=general_syllables(), names=name_strings())


def main() -> None:
    found = entries()
    lines = [
        "# The domain vocabulary for the post-OCR repair (pipeline/read/ocr_repair.py).",
        "# Made by scripts/make_ocr_lexicon.py (make ocr-lexicon) from corpus/*.txt, the devset's docs,",
        "# extractors/rules/*.yaml and *.tsv and underthesea's Viet74K syllables; do not edit.",
        "# entry<TAB>count<TAB>sources (c corpus, d devset, y rule files, n agency names, g general word list)",
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
