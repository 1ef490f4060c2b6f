"""Every devset rendition reads as its plan's txt: the readers' text, not the extractors'.

``../shared/devset/renditions/MANIFEST.tsv`` maps each rendition (DOCX, LibreOffice and Chromium
PDFs, TCVN3/VNI DOCX, HTML, .doc, .odt, .rtf, scans) to the ``docs/*.txt`` it was made from.
Each is loaded and normalised, and compared with the txt: the character similarity of the two
texts (whitespace collapsed), and every gold surface of the plan (citations, targets,
assignments, dates) found in the rendition's text. A reader that loses, reorders or garbles
text fails here before it shows in ``kehoach eval``.

The floors below are what the readers give today, a little under; raise them as readers
improve. Scans go through OCR (about 5 s a page) and are tested on their own
(``test_scan_reads_like_the_txt``), so ``-k "not scan"`` leaves them out. Skipped where
``../shared`` is not beside the repository.
"""
from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path

import pytest

from pipeline.read.office import soffice
from pipeline.read.load import load
from pipeline.text.normalize import normalize

ROOT = Path(__file__).resolve().parents[1]
DEVSET = ROOT.parent / "shared" / "devset"
RENDITIONS = DEVSET / "renditions"
EXTRA = DEVSET / "renditions-extra"

pytestmark = pytest.mark.skipif(not (RENDITIONS / "MANIFEST.tsv").is_file(),
                                reason="../shared/devset/renditions is not beside the repository")


def _manifest() -> list[tuple[str, str]]:
    path = RENDITIONS / "MANIFEST.tsv"
    if not path.is_file():
        return []
    rows = [line.split("\t") for line in path.read_text(encoding="utf-8").splitlines()[1:] if line.strip()]
    return [(r[0], r[1]) for r in rows]


def kind(name: str) -> str:
    stem, ext = name.rsplit(".", 1)
    for suffix in ("chromium", "scan", "tcvn3", "vni"):
        if stem.endswith("_" + suffix):
            return suffix
    return ext


MANIFEST = _manifest()
TEXT_LAYER = [(f, s) for f, s in MANIFEST if kind(f) != "scan"]
SCANS = [(f, s) for f, s in MANIFEST if kind(f) == "scan"]

# similarity floor per kind of rendition (rapidfuzz ratio of the whitespace-collapsed texts)
FLOOR = {"docx": 0.95, "tcvn3": 0.95, "vni": 0.95, "doc": 0.95, "odt": 0.95, "rtf": 0.95, "html": 0.95,
         "pdf": 0.85, "chromium": 0.85, "scan": 0.80}
# Gold surfaces a rendition may miss today, per kind: PDF tables come out as lines of cells,
# not as the txt's "a | b | c" rows, so a surface that spans a table row is not found.
MAY_MISS = {"pdf": 0.5, "chromium": 0.5, "scan": 0.5}


def flat(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


@cache
def txt_of(seed: str) -> str:
    return flat(normalize(load(DEVSET / "docs" / seed)).text)


@cache
def surfaces(seed: str) -> list[str]:
    gold = json.loads((DEVSET / "gold" / f"{Path(seed).stem}.json").read_text(encoding="utf-8"))
    return [flat(e["surface"]) for table in ("citations", "targets", "assignments", "dates")
            for e in gold.get(table) or [] if e.get("surface")]


def check(name: str, seed: str) -> None:
    from rapidfuzz import fuzz

    if kind(name) in ("doc", "odt", "rtf") and not soffice():
        pytest.skip("LibreOffice (soffice) is not installed")
    raw = load(RENDITIONS / name)
    got = flat(normalize(raw).text)
    similarity = fuzz.ratio(txt_of(seed), got) / 100
    assert similarity >= FLOOR[kind(name)], f"{name}: {similarity:.3f} like the txt"
    want = surfaces(seed)
    missing = [s for s in want if s not in got]
    allowed = MAY_MISS.get(kind(name), 0.0) * len(want)
    table_rows = [s for s in missing if " | " in s]
    assert len(missing) - len(table_rows) <= allowed and len(missing) <= max(allowed, len(table_rows)), \
        f"{name}: {len(missing)} of {len(want)} gold surfaces not found, e.g. {missing[:3]}"
    if kind(name) not in MAY_MISS:
        assert not missing, f"{name}: gold surfaces not found: {missing[:5]}"


@pytest.mark.parametrize("name,seed", TEXT_LAYER, ids=[f for f, _ in TEXT_LAYER])
def test_rendition_reads_like_the_txt(name, seed):
    check(name, seed)


@pytest.mark.parametrize("name,seed", SCANS, ids=[f for f, _ in SCANS])
def test_scan_reads_like_the_txt(name, seed):
    check(name, seed)


@pytest.mark.skipif(not EXTRA.is_dir(), reason="no renditions-extra")
def test_fallback_font_pdf_reads_in_visual_order():
    """A LibreOffice PDF whose fallback font's glyphs are drawn after each line (corpus plan
    001): the text layer in position order reads as the txt."""
    from rapidfuzz import fuzz

    raw = load(EXTRA / "001_lam_thao_fallback_fonts.pdf")
    got = flat(normalize(raw).text)
    want = flat(normalize(load(ROOT / "corpus" / "001_e58caa9898b89ec4.txt")).text)
    assert fuzz.ratio(want, got) / 100 >= 0.95
    for phrase in ("KẾ HOẠCH", "Thực hiện công tác bình đẳng giới và vì sự tiến bộ",
                   "Ủy ban nhân dân huyện Lâm Thao xây dựng Kế hoạch", "Ngô Đức Sáu"):
        assert phrase in got
