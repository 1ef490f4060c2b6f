"""Make the legacy-encoding fixtures: every corpus plan typed in TCVN3 and in VNI.

For each ``corpus/<stem>.txt`` this writes, into ``fixtures/legacy/tcvn3/`` and
``fixtures/legacy/vni/``:

* ``<stem>.docx``: the corpus rendition (``scripts/make_renditions.py``, same layout) with every
  run typed the way an office typed it before Unicode. TCVN3: the Normal style's font is
  ``.VnTime`` (runs inherit it) and words in capitals go in ``.VnTimeH`` runs, typed as a
  keyboard driver writes them with Caps Lock (ASCII capitals, ``Ă Â Ê Ô Ơ Ư Đ`` as their own codes,
  toned letters as the lower-case codes that font shows as capitals); a lone toned capital
  (``Ủy``) is a one-letter ``.VnTimeH`` run. VNI: every run names ``VNI-Times`` and Word's habit of
  splitting runs is copied by cutting long runs between a base letter and its tone code.
* ``<stem>.pdf``: that ``.docx`` printed by LibreOffice (which has no legacy fonts, so the PDF's
  text layer carries the legacy codes and no font name says which: detection by characters).
* ``<stem>.txt``: the plan's text as legacy bytes (Windows-1252 code points), as an old text
  export holds it; TCVN3 capitals are the codes typed, as above.

Run: ``.venv/bin/python scripts/make_legacy.py`` (needs ``soffice`` for the PDFs). The figures
(identical characters against the clean text) are printed at the end and checked by
``tests/test_legacy.py``.
"""
from __future__ import annotations

import copy
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "scripts")]

from docx.oxml.ns import qn  # noqa: E402

import make_renditions as mr  # noqa: E402
from pipeline.read import legacy  # noqa: E402

OUT = ROOT / "fixtures" / "legacy"
FONTS = {"tcvn3": (".VnTime", ".VnTimeH"), "vni": ("VNI-Times", "VNI-Times")}
_WORD = re.compile(r"[^\W\d_]+")


def set_font(r_pr, font: str) -> None:
    fonts = r_pr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = r_pr.makeelement(qn("w:rFonts"), {})
        r_pr.insert(0, fonts)
    for attr in ("w:ascii", "w:hAnsi", "w:cs"):
        fonts.set(qn(attr), font)


def tcvn3_segments(text: str) -> list[tuple[str, bool]]:
    """(piece, in the capitals font) for one run's text."""
    marks = [False] * len(text)
    words = list(_WORD.finditer(text))
    for i, m in enumerate(words):
        w = m.group()
        caps = w.isupper() and (len(w) > 1 or any(
            n is not None and n.group().isupper() and len(n.group()) > 1
            for n in (words[i - 1] if i else None, words[i + 1] if i + 1 < len(words) else None)))
        for j, ch in enumerate(w):
            # a capital that .VnTime has no code for goes in the capitals font
            lonely = ch.isupper() and not ch.isascii() and ch not in "ĂÂÊÔƠƯĐ"
            if caps or lonely:
                marks[m.start() + j] = True
    for i in range(1, len(text) - 1):  # the spaces between two words in capitals go with them
        if not text[i].isalnum() and marks[i - 1] and marks[i + 1]:
            marks[i] = True
    out: list[tuple[str, bool]] = []
    for ch, mark in zip(text, marks):
        if out and out[-1][1] == mark:
            out[-1] = (out[-1][0] + ch, mark)
        else:
            out.append((ch, mark))
    return out


def vni_segments(text: str) -> list[str]:
    """The run's VNI text, cut once between a base letter and its tone code when long."""
    coded = legacy.encode(text, "vni")
    if len(coded) < 40:
        return [coded]
    m = re.search(r"[AEIOUYaeiouy][\u00c0-\u00ff]", coded[20:])
    if not m:
        return [coded]
    cut = 20 + m.start() + 1
    return [coded[:cut], coded[cut:]]


def encode_document(doc, encoding: str) -> None:
    normal, capitals = FONTS[encoding]
    set_font(doc.styles["Normal"].element.get_or_add_rPr(), normal)
    for p in doc.element.body.iter(qn("w:p")):
        for r in list(p.iter(qn("w:r"))):
            t = r.find(qn("w:t"))
            if t is None or not t.text:
                continue
            superscript = r.find(f"{qn('w:rPr')}/{qn('w:vertAlign')}") is not None
            if superscript and t.text.isdigit():
                continue  # a footnote mark: digits, the same in every encoding
            if encoding == "tcvn3":
                pieces = [(legacy.encode(s, "tcvn3"), caps) for s, caps in tcvn3_segments(t.text)]
            else:
                pieces = [(s, True) for s in vni_segments(t.text)]
            # the pieces become runs of their own before ``r``, which keeps what followed its
            # text (a line break) and loses the text
            template = copy.deepcopy(r)
            for child in list(template):
                if child.tag != qn("w:rPr"):
                    template.remove(child)
            for piece, explicit in pieces:
                new = copy.deepcopy(template)
                text = new.makeelement(qn("w:t"), {"{http://www.w3.org/XML/1998/namespace}space": "preserve"})
                text.text = piece
                new.append(text)
                if explicit:
                    set_font(new.get_or_add_rPr(), capitals)
                r.addprevious(new)
            r.remove(t)


def main() -> int:
    for txt in sorted((ROOT / "corpus").glob("*.txt")):
        text = txt.read_text(encoding="utf-8")
        title = next((mr.plain(p[0]) for p in mr.paragraphs(text) if mr.plain(p[0]).upper() in mr._DOC_TYPES),
                     txt.stem)
        for encoding in ("tcvn3", "vni"):
            folder = OUT / encoding
            folder.mkdir(parents=True, exist_ok=True)
            doc = mr.build_docx(text, title)
            encode_document(doc, encoding)
            docx_path = folder / f"{txt.stem}.docx"
            mr.save_reproducibly(doc, docx_path)
            mr.to_pdf(docx_path)
            (folder / f"{txt.stem}.txt").write_bytes(legacy.encode(text, encoding).encode("cp1252"))
            print(f"{txt.name} -> {folder.relative_to(ROOT)}/{txt.stem}.{{docx,pdf,txt}}")
    print()
    for row in figures():
        print("{:<44} {:>6} {:>8.3%}".format(*row))
    return 0


def identical_chars(ref: str, got: str) -> float:
    """Share of the reference's characters found unchanged, in order, in ``got``: 1 minus the
    character edit operations of the line-by-line alignment over the reference length."""
    import difflib

    ref_lines, got_lines = ref.split("\n"), got.split("\n")
    same = 0
    for op, a0, a1, b0, b1 in difflib.SequenceMatcher(None, ref_lines, got_lines, autojunk=False).get_opcodes():
        if op == "equal":
            same += sum(len(x) + 1 for x in ref_lines[a0:a1])
        elif op == "replace":
            a, b = "\n".join(ref_lines[a0:a1]), "\n".join(got_lines[b0:b1])
            same += sum(blk.size for blk in difflib.SequenceMatcher(None, a, b, autojunk=False).get_matching_blocks())
    return same / max(len(ref) + 1, len(got) + 1)


def figures() -> list[tuple[str, str, float]]:
    """(fixture, encoding found, identical characters vs the clean rendition of the same format)."""
    from pipeline.read.load import load
    from pipeline.text.normalize import normalize

    rows = []
    for path in sorted(OUT.glob("*/*")):
        clean = normalize(load(ROOT / "corpus" / path.name)).text
        raw = load(path)
        rows.append((str(path.relative_to(ROOT)), raw.legacy_encoding or "-",
                     identical_chars(clean, normalize(raw).text)))
    return rows


if __name__ == "__main__":
    sys.exit(main())
