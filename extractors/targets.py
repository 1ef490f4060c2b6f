"""Targets: quantities a plan commits to reach, keep or stay under.

A target is a number followed by ``%``/``‰``, or a number after a comparator cue followed by a
counted noun from ``targets.yaml`` (``ít nhất 03 tin, bài``, ``còn 1,5 lần``).  Comparator,
unit, indicator, deadline and domain follow the annotation guidelines; every cue word is data.
"""
from __future__ import annotations

import re
from functools import lru_cache

from pipeline.models import Target

from . import catalogue
from .lexicon import alternation, fold, load_yaml

NUM = r"\d+(?:[.,]\d+)*"
# "năm 2020 đạt 32,7%" is a figure reached; "Đến cuối năm 2020 đạt 70%" is a target
_BASELINE_YEAR = re.compile(r"(?<!đến )(?<!cuối )(?<!vào )năm \d{4}\s*(?:đã\s+)?đạt\s*$")
_BOUNDARY = re.compile(r"[;:.!?\n]\s|[;\n]|:\s*")


@lru_cache(maxsize=1)
def _data():
    return load_yaml("targets.yaml")


@lru_cache(maxsize=1)
def _patterns():
    d = _data()
    units = alternation(fold(u["unit"]) for u in d["units"])
    adjacent = alternation(c["cue"] for c in d["adjacent"])
    pct = re.compile(rf"(?P<num>{NUM})(?:\s*(?:-|–|đến)\s*(?P<max>{NUM}))?\s*(?P<unit>%|‰)")
    counted = re.compile(rf"(?<!\w)(?P<cue>{adjacent})\s+(?P<num>{NUM})\s+(?P<unit>{units})(?!\w)")
    return pct, counted


def number(raw: str) -> float:
    """Vietnamese numerals: ``1,5`` → 1.5, ``100.000`` → 100000, ``03`` → 3."""
    if re.fullmatch(r"\d{1,3}(?:\.\d{3})+", raw):
        raw = raw.replace(".", "")
    return float(raw.replace(",", "."))


def _clause_start(folded: str, pos: int, floor: int) -> int:
    start = floor
    for m in _BOUNDARY.finditer(folded, floor, pos):
        start = m.end()
    return start


def _comparator(folded: str, num_start: int, num_end: int, clause_start: int) -> str | None:
    d = _data()
    before = folded[clause_start:num_start]
    near = before[-22:]
    best = None
    for c in d["adjacent"]:
        for m in re.finditer(rf"(?<!\w){re.escape(c['cue'])}(?!\w)", near):
            if best is None or m.start() > best[0] or (m.start() == best[0] and len(c["cue"]) > best[2]):
                best = (m.start(), c["comparator"], len(c["cue"]))
    if best and best[1]:
        return best[1]
    after = folded[num_end:num_end + 12]
    for c in d["after"]:
        if c["cue"] in after:
            return c["comparator"]
    masked = before
    for nc in d["not_cues"]:
        masked = masked.replace(nc, " " * len(nc))
    best = None
    for c in d["clause"]:
        for m in re.finditer(rf"(?<!\w){re.escape(c['cue'])}(?!\w)", masked):
            if best is None or m.start() > best[0]:
                best = (m.start(), c["comparator"])
    return best[1] if best else None


_LEAD = re.compile(r"^(?:[-+•]\s*)?(?:(?:chỉ tiêu|mục tiêu)\s*\d*\s*:?\s*)?(?:đến (?:cuối )?năm \d{4},?\s*)?", re.I)
_STRIP_CUES = re.compile(r"\b(?:phấn đấu|phần đầu|phân đầu|duy trì|đạt|có|ít nhất|trên|tối thiểu|ở mức|xuống còn|còn|giảm|tăng|khoảng|mỗi (?:quý|tháng|năm|tuần))\b", re.I)


def _indicator(text: str, folded: str, clause_start: int, num_start: int, unit_end: int, clause_end: int) -> str:
    before = text[clause_start:num_start]
    before = _LEAD.sub("", before.strip())
    core = _STRIP_CUES.sub(" ", before)
    core = re.sub(r"\s+", " ", core).strip(" ,;:-")
    if len(core.split()) >= 2:
        return core[0].lower() + core[1:] if core[:1].isupper() and not core[1:2].isupper() else core
    after = text[unit_end:clause_end].strip(" ,;:.-")
    return after


def _deadline(folded: str, sent_start: int, sent_end: int, period_end: int | None) -> str | None:
    m = re.search(r"(?:đến|vào|trong|cuối)\s+(?:cuối\s+)?năm\s+(\d{4})", folded[sent_start:sent_end])
    if m:
        return m.group(1)
    return str(period_end) if period_end else None


def _domain(indicator: str, titles: list[str]) -> str:
    doms = _data()["domains"]
    for t in titles + [indicator]:
        ft = fold(t)
        best = None
        for dom, words in doms.items():
            for w in words:
                i = ft.find(w)
                if i >= 0 and (best is None or i < best[0]):
                    best = (i, dom)
        if best:
            return best[1]
    return "other"


def _titles(ctx, offset: int) -> list[str]:
    """Titles of the sections containing ``offset``, deepest first."""
    secs = [s for s in ctx.structure.sections if s.start <= offset <= s.end]
    # the heading part of a title only ("Mục tiêu: Đến cuối năm 2020 đạt 70%…" → "Mục tiêu")
    return [s.title.split(":")[0][:120] for s in sorted(secs, key=lambda s: -s.level)]


def extract(ctx, period_end: int | None) -> list[Target]:
    text, folded = ctx.text, ctx.folded
    pct, counted = _patterns()
    hits = []
    for m in pct.finditer(folded):
        hits.append((m.start("num"), m.end("num"), m.group("max") and m.start("max"), m.end(), m.group("unit"), m))
    for m in counted.finditer(folded):
        if any(h[0] <= m.start("num") < h[3] for h in hits):
            continue
        hits.append((m.start("num"), m.end("num"), None, m.end(), text[m.start("unit"):m.end("unit")], m))
    hits.sort()
    out: list[Target] = []
    prev = None  # (sentence start, comparator, end) of the previous target, for carry-over
    d = _data()
    baseline = re.compile(rf"(?:{alternation(d['baseline_cues'])})\s*$")
    for ns, ne, _maxs, unit_end, unit, m in hits:
        part = ctx.structure.part_at(ns)
        if part not in ("body", "preamble"):
            continue
        para = ctx.structure.paras[ctx.structure.para_index(ns)]
        cs = _clause_start(folded, ns, para.start)
        if prev and prev[2] > cs:
            cs = prev[2]
        if baseline.search(folded[max(para.start, ns - 30):ns]) or _BASELINE_YEAR.search(folded[max(para.start, ns - 40):ns]):
            continue
        sent_start = para.start + max([0] + [x.end() for x in re.finditer(r"[.!?]\s", folded[para.start:ns])])
        sent_end_m = re.search(r"[.!?](?:\s|$)", folded[unit_end:para.end])
        sent_end = unit_end + sent_end_m.start() if sent_end_m else para.end
        clause_end_m = re.search(r"[;.]\s|[;.]$", text[unit_end:para.end])
        clause_end = unit_end + clause_end_m.start() if clause_end_m else para.end
        comparator = _comparator(folded, ns, ne, cs)
        if comparator is None and prev and prev[0] == sent_start and not re.search(r"[;.]", folded[prev[2]:ns]):
            comparator = prev[1]
        comparator = comparator or "="
        if unit == "lần" and not any(c["cue"] in folded[cs:ns] for c in d["adjacent"] + d["clause"]):
            continue
        value = number(m.group("num"))
        value_max = number(m.group("max")) if "max" in m.re.groupindex and m.group("max") else None
        indicator = _indicator(text, folded, cs, ns, unit_end, clause_end)
        page, section = ctx.where(ns)
        start = cs
        while start < ns and text[start] in " -+•":
            start += 1
        surface_end = clause_end
        deadline = _deadline(folded, sent_start, sent_end, period_end)
        national = catalogue.national_for(indicator, text[start:surface_end], unit, deadline)
        out.append(Target(
            char_start=start, char_end=surface_end, page=page, section=section,
            surface=text[start:surface_end], indicator=indicator, value=value, value_max=value_max,
            unit=unit, comparator=comparator,
            deadline=deadline,
            domain=_domain(indicator, _titles(ctx, ns)),
            unit_class={"%": "percent", "‰": "permille", "lần": "times"}.get(unit, "count"),
            national_indicator=national.indicator if national else None,
            national_value=national.value if national else None,
            national_comparator=national.comparator if national else None,
            national_year=national.year if national else None,
            national_match=national.match if national else None,
        ))
        prev = (sent_start, comparator, unit_end)
    return out
