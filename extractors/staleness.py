"""Staleness: dates and years in a plan's tasks that fall before the plan's own period.

Plans are often made by copying an older plan and changing the title; a date kept from the old
plan is the trace ("Tháng hành động … năm 2023" in a 2024 plan, "từ ngày 15/11-15/12/2025" in a
2026 one).  One general rule, its words in ``staleness.yaml``:

A *mention* is a date expression with a year, as the dates extractor found it
(``15/11-15/12/2025``, ``ngày 15/11/2024``, ``tháng 10 năm 2020``), a span of years
(``2016-2018``, ``từ năm 2021 đến năm 2023``) or a year after ``năm`` (``năm 2023``).  It is
flagged when

1. the latest year it names is before the plan's period start (the issue year when the plan
   states no period) — so a period that includes the plan's year (``giai đoạn 2021-2030`` in a
   2024 plan) never is;
2. it is in the preamble, the body or a footnote, not in the header, title, recipients or
   signature;
3. it belongs to no citation: not inside a citation's span (a cited document's own date or
   number) nor the ``(sửa đổi) năm 2019`` written right after one, and not a date the dates
   extractor filed as ``citation``;
4. it is not history: the earlier date of an anniversary span (``08/3/1910 - 08/3/2023`` is judged
   by 2023 alone), or a date whose clause, before it, names a founding or an anniversary count
   (``113 năm ngày …``);
5. its clause is a task: the dates extractor filed the date as ``period``, ``deadline`` or
   ``event``, or the clause has an action cue (``triển khai``, ``tổ chức``, ``hưởng ứng`` …);
6. for years and spans of years only, its clause is no baseline (``kết quả``, ``sơ kết``,
   ``so với`` …): "Trên cơ sở kết quả sơ kết … giai đoạn 2016-2018" looks back on purpose.

A clause is the text between the nearest ``;``, ``:``, sentence end or line break on each side.

A flag quotes its sentence; a "sentence" over ``MAX_SENTENCE`` characters (no plan has one: the
longest in the corpus and held-out plans are about 730) is quoted as a window of that many around
the mention, cut at spaces and marked ``…``.  Otherwise a run of thousands of dates in one line
would copy that line into each of its thousands of flags (memory growing as their product).
"""
from __future__ import annotations

import bisect
import re
from functools import lru_cache

from pipeline.models import Citation, DateFact, Meta, StaleFlag
from pipeline.text.sentences import spans as sentence_spans

from extractors.rules.lexicon import alternation, load_yaml
from extractors.spans import Claimed

_Y = r"(?:19|20)\d{2}"
_SPAN = re.compile(rf"(?<![\d/.,])({_Y})\s*[-–—]\s*({_Y})(?![\d/])")
_FROM_TO = re.compile(rf"từ\s+năm\s+({_Y})\s+(?:đến|tới)\s+(?:hết\s+)?(?:năm\s+)?({_Y})(?![\d/])")
_NAM = re.compile(rf"năm\s+({_Y})(?![\d/])")
_AFTER_CITATION = re.compile(rf"\s*(?:\([^()\n]{{0,30}}\)\s*)?(?:năm\s+)?{_Y}(?![\d/])")
_CLAUSE_STOP = re.compile(r"[;:\n]|[.!?…](?=\s|$)")
TASK_KINDS = ("period", "deadline", "event")
MAX_SENTENCE = 1000  # characters of a flag's sentence (see the module's notes)
PARTS = ("preamble", "body", "footnote")


@lru_cache(maxsize=None)
def _cues(key: str) -> re.Pattern:
    words = [c["cue"] for c in load_yaml("staleness.yaml")[key]]
    return re.compile(rf"(?<!\w)(?:{alternation(words)})(?!\w)")


@lru_cache(maxsize=1)
def _anniversary() -> re.Pattern:
    return re.compile("|".join(f"(?:{p['pattern']})" for p in load_yaml("staleness.yaml")["anniversary_patterns"]))


def clause(folded: str, start: int, end: int) -> tuple[int, int]:
    """The clause around ``folded[start:end]``: between the nearest stops on either side."""
    left = max((m.end() for m in _CLAUSE_STOP.finditer(folded, max(0, start - 600), start)), default=max(0, start - 600))
    m = _CLAUSE_STOP.search(folded, end)
    return left, (m.start() if m else len(folded))


def quoted(text: str, ss: int, se: int, s: int, e: int) -> str:
    """``text[ss:se]``, the sentence of the mention ``text[s:e]``; when longer than
    ``MAX_SENTENCE``, a window of it around the mention, cut at spaces, ``…`` where cut."""
    if se - ss <= MAX_SENTENCE:
        return text[ss:se]
    room = max(0, MAX_SENTENCE - (e - s))
    a = max(ss, s - room // 2)
    b = min(se, e + room - (s - a))  # what the left side could not use goes to the right
    a = max(ss, s - (room - (b - e)))  # and the other way round
    if a > ss and (k := text.find(" ", a, s)) >= 0:
        a = k + 1
    if b < se and (k := text.rfind(" ", e, b)) >= 0:
        b = k
    return ("…" if a > ss else "") + text[a:b].strip() + ("…" if b < se else "")


def plan_start(meta: Meta) -> int | None:
    """The first year the plan is for: its period start, else its issue year."""
    if meta.period_start:
        return meta.period_start
    m = re.match(r"(\d{4})", meta.issue_date or "")
    return int(m.group(1)) if m else None


def _period(meta: Meta, start: int) -> str:
    end = meta.period_end or start
    return str(start) if end == start else f"{start}-{end}"


def _citation_spans(folded: str, citations: list[Citation]) -> list[tuple[int, int]]:
    out = []
    for c in citations:
        m = _AFTER_CITATION.match(folded, c.char_end)
        out.append((c.char_start, m.end() if m else c.char_end))
    return out


def _mentions(folded: str, dates: list[DateFact]) -> list[dict]:
    """Date expressions with a year, spans of years and ``năm YYYY``, without overlaps."""
    out: list[dict] = []
    by_span: dict[tuple[int, int], list[DateFact]] = {}
    for d in dates:
        by_span.setdefault((d.char_start, d.char_end), []).append(d)
    for (s, e), facts in sorted(by_span.items()):
        years = sorted({int(y) for d in facts for y in re.findall(r"\d{4}", d.value)})
        if not years:
            continue
        kinds = {d.kind for d in facts}
        anniversary = len(facts) == 2 and kinds == {"event"} and len(years) == 2
        out.append({"start": s, "end": e, "years": years[-1:] if anniversary else years, "form": "date",
                    "kinds": kinds, "anniversary": anniversary})
    taken = Claimed((m["start"], m["end"]) for m in out)
    for form, pat in (("span", _FROM_TO), ("span", _SPAN), ("year", _NAM)):
        for m in pat.finditer(folded):
            s, e = m.span()
            if taken.overlaps(s, e):
                continue
            years = sorted(int(g) for g in m.groups())
            if form == "span" and not (years[0] <= years[-1] <= years[0] + 50):
                continue
            taken.add(s, e)
            out.append({"start": s, "end": e, "years": years, "form": form, "kinds": set(), "anniversary": False})
    return sorted(out, key=lambda m: m["start"])


def extract(ctx, meta: Meta, citations: list[Citation], dates: list[DateFact]) -> list[StaleFlag]:
    """Every stale mention of one plan, in text order."""
    start_year = plan_start(meta)
    if start_year is None:
        return []
    text, folded = ctx.text, ctx.folded
    cites = Claimed(_citation_spans(folded, citations))
    sentences = sentence_spans(text)  # in order, apart: the one holding an offset is found by bisection
    sentence_starts = [a for a, _ in sentences]
    out: list[StaleFlag] = []
    for m in _mentions(folded, dates):
        s, e = m["start"], m["end"]
        if max(m["years"]) >= start_year:
            continue
        if ctx.structure.part_at(s) not in PARTS:
            continue
        if "citation" in m["kinds"] or cites.overlaps(s, e):
            continue
        cs, ce = clause(folded, s, e)
        before, whole = folded[cs:s], folded[cs:ce]
        if not m["anniversary"] and (_cues("history_cues").search(before) or _anniversary().search(before)):
            continue
        if not (m["kinds"] & set(TASK_KINDS) or _cues("action_cues").search(whole)):
            continue
        if m["form"] != "date" and _cues("baseline_cues").search(whole):
            continue
        k = bisect.bisect_right(sentence_starts, s) - 1
        ss, se = sentences[k] if k >= 0 and sentences[k][0] <= s < sentences[k][1] else (cs, ce)
        page, section = ctx.where(s)
        reason = {"date": "date_before_period", "span": "span_before_period", "year": "year_before_period"}[m["form"]]
        out.append(StaleFlag(s, e, page, section, text[s:e], max(m["years"]), _period(meta, start_year),
                             quoted(text, ss, se, s, e), reason))
    return out
