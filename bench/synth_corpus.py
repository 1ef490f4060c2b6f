"""Make N synthetic plans from corpus/*.txt for benchmarks, without shipping them.

Each plan is a corpus plan mutated the way real plans differ from each other: another locality
of the same type (names from vietnamadminunits' legacy units), other target numbers, dates and
years shifted by the same offset, and the numbered sections of part II shuffled. Deterministic
for a given seed.

    python bench/synth_corpus.py OUT_DIR -n 1000 [--seed 7]
"""
from __future__ import annotations

import argparse
import random
import re
import sqlite3
from importlib import resources
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _places() -> dict[str, list[tuple[str, str]]]:
    """(name, province) per locality type word, from the bundled official units."""
    db = sqlite3.connect(f"file:{resources.files('vietnamadminunits') / 'data' / 'dataset.db'}?mode=ro", uri=True)
    out: dict[str, list] = {"quận": [], "huyện": [], "phường": [], "xã": []}
    for p, d, dt, w, wt in db.execute("select provinceShort, districtShort, districtType, wardShort, wardType from admin_units_legacy"):
        if dt and dt.lower() in out and d:
            out[dt.lower()].append((d, p))
        if wt and wt.lower() in out and w:
            out[wt.lower()].append((w, p))
    return {k: sorted(set(v)) for k, v in out.items()}


def mutate(text: str, rng: random.Random, places: dict) -> str:
    m = re.search(r"\b(quận|huyện|phường|xã) ((?:[A-ZĐ]\w*)(?: [A-ZĐ]\w*){0,2})", text)
    if m and places.get(m.group(1)):
        new, _province = rng.choice(places[m.group(1)])
        if new.lower().startswith(m.group(1)):  # "Quận 3": the name carries its type word
            text = text.replace(m.group(0), new)
        text = text.replace(m.group(2), new)
        text = text.replace(m.group(2).upper(), new.upper())
    shift = rng.randint(-3, 3)
    text = re.sub(r"\b(20[12]\d)\b", lambda y: str(int(y.group(1)) + shift), text)
    text = re.sub(r"(\d{1,3})(?=\s?%)", lambda v: str(min(100, max(1, int(v.group(1)) + rng.randint(-10, 10)))), text)
    # shuffle the numbered sections of part II
    parts = re.split(r"(?m)^(?=(?:II|III)\. )", text)
    if len(parts) >= 3:
        sec = re.split(r"(?m)^(?=\d+\. )", parts[1])
        head, items = sec[0], sec[1:]
        rng.shuffle(items)
        parts[1] = head + "".join(items)
        text = "".join(parts)
    return text


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out", type=Path)
    ap.add_argument("-n", type=int, default=200)
    ap.add_argument("--seed", type=int, default=7)
    a = ap.parse_args(argv)
    rng = random.Random(a.seed)
    places = _places()
    seeds = sorted((ROOT / "corpus").glob("*.txt"))
    texts = [p.read_text(encoding="utf-8") for p in seeds]
    a.out.mkdir(parents=True, exist_ok=True)
    for i in range(a.n):
        k = i % len(texts)
        (a.out / f"synth_{i:06d}_{seeds[k].stem[:3]}.txt").write_text(mutate(texts[k], rng, places), encoding="utf-8")
    print(f"{a.n} plans in {a.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
