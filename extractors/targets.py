"""Targets: quantities a plan commits to reach, keep or stay under, parsed as clauses.

A paragraph is cut into clauses (``;``, ``:``, sentence ends, table cells).  In a clause the
engine finds the quantities — a number with ``%``/``‰``, a rate (``40/100.000 trẻ đẻ sống``), or a
count of a noun from ``targets.yaml`` after a comparator cue or a planned activity (``Tổ chức 02
buổi truyền thông``) — and reads each as a (value, value_max, unit, comparator, deadline) group of
one indicator.  Values linked in one clause (``đạt 50% vào năm 2025 và 65% vào năm 2030``) share
the indicator; a ``Phấn đấu đến năm X:`` lead-in governs the items of its list; a table with one
column per year gives one target per year cell; baselines (``năm 2020 đạt 32,7%``, ``từ 40,7% (năm
2020) lên …``, assessment sections, ``Thực hiện năm 2020`` columns) are left out.  Every cue word is
data in ``targets.yaml``; the engine is this module and four beside it, in the order a value goes
through them:

* ``target_cues``    the rule table compiled from ``targets.yaml``; cues whose marks slipped;
* ``target_clause``  the grammar of one clause: numbers, values and units, deadlines, comparators,
  baselines, linked values, the phrase a value measures;
* ``target_records`` a clause's values made records: deadline, indicator, comparator, domain;
* ``target_tables``  tables with one column per year (cells kept, or run together by a PDF layer);
* ``targets``        (here) the document walk: :func:`extract` leaves out assessment parts and the
  signature block, follows headings and lead-ins, sends table rows to ``target_tables`` and
  chooses which values of a paragraph's clauses are targets (``_paragraph``).
"""
from __future__ import annotations

import re

from pipeline.models import Target
from pipeline.text.structure import heading_of

from extractors.rules.lexicon import fold
from extractors.target_clause import (Hit, _clauses, _comparator, _deadline_of, _dl_any, _find_hits, _in_parens,
                                      _is_baseline, _lead_strip, _linked, _sentence_bounds, number)
from extractors.target_cues import _YEAR, _CueView, _p, _w, cue_folded
from extractors.target_records import _parse_clause, _title_text
from extractors.target_tables import _cell_rx, _flat_row, _table_row, _Table, _year_run


__all__ = ["extract", "number", "cue_folded"]  # number, cue_folded: of target_clause, target_cues


# ------------------------------------------------------------------------------------ regions

_PHAN = re.compile(r"^(?:phần|phần thứ)\s+(?:[ivx]+|nhất|hai|ba|tư|năm|sáu|bảy|\d+)\b\.?\s*[:.-]?\s*(?P<rest>.*)$")
_ROMAN_HEAD = re.compile(r"^(?:[ivx]+)[.\-–/]\s*(?P<rest>.*)$")
_SUB_HEAD = re.compile(r"^\d+(?:\.\d+)*\.?\s+(?P<rest>.*)$")


def _folded_para(ctx, para) -> str:
    """``fold(para.text.strip())``, cut from the document's folded text (folding is letter by
    letter and its rules stop at a space or line end, so the slice is the same text) instead
    of folding every paragraph again."""
    raw = para.text
    lead = len(raw) - len(raw.lstrip())
    trail = len(raw) - len(raw.rstrip())
    return ctx.folded[para.start + lead:para.end - trail]


def _baseline_paras(ctx) -> set[int]:
    """Paragraph indexes inside assessment parts (``Phần thứ nhất / KẾT QUẢ…``, ``I. THỰC TRẠNG``),
    and ``1. Kết quả đạt được`` sub-parts, up to the next part or heading of that level."""
    p = _p()
    paras = ctx.structure.paras
    out: set[int] = set()
    state = None  # "top" when inside a baseline top-level part; ("sub", level) inside a sub-part
    sub = False
    n = len(paras)
    last_caps = -2       # the last all-caps title line: the next one continues its title
    for i, para in enumerate(paras):
        f = _folded_para(ctx, para)
        title = None
        top = False
        caps = False
        m = _PHAN.match(f)
        if m:
            top = True
            title = m.group("rest") or (_folded_para(ctx, paras[i + 1]) if i + 1 < n else "")
            if not title and i + 2 < n:
                title = _folded_para(ctx, paras[i + 2])
        else:
            m = _ROMAN_HEAD.match(f)
            raw = para.text.strip()
            if m and raw[:1].isupper():
                top = True
                title = m.group("rest")
            # an all-caps title line of 8 letters or more (the cheap tests first: most lines fail them)
            elif len(raw) < 160 and raw.isupper() and sum(ch.isalpha() for ch in raw) >= 8:
                caps = True
                if last_caps == i - 1:
                    last_caps = i  # "… TRÊN ĐỊA BÀN TỈNH" / "GIAI ĐOẠN 2006 - 2010": one title on two lines
                    if state or sub:
                        out.add(i)
                    continue
                top = True
                title = re.sub(r"^[a-z]\.\s*", "", f)
        if caps or m and top:
            last_caps = i
        if top:
            state = bool(p["base_sec"].search(title or "")) and not p["target_sec"].search(title or "")
            sub = False
        else:
            m = _SUB_HEAD.match(f)
            if m and len(f) < 120 and not re.search(r"\d\s*%", f):
                rest = m.group("rest")
                sub = bool(p["base_sec"].search(rest)) and not p["target_sec"].search(rest)
        if state or sub:
            out.add(i)
    return out


_FIELD_HEAD = re.compile(r"^(?:mục tiêu|lĩnh vực)\s*\d*\s*[:.]")
_SKIP_PARA = re.compile(r"^\s*(?:-\s*)?(?:nơi nhận|như điều|như trên|lưu\s*:|lưu vt|tm\.|kt\.)", re.I)


# ------------------------------------------------------------------------------------ engine

def _leadin_of(p, folded_para: str) -> dict | None:
    """A paragraph that opens a list (ends with ':') and sets a comparator and/or a deadline."""
    s = folded_para.strip()
    if not s.endswith(":"):
        return None
    s = re.split(r"[.;]\s", s)[-1]
    if re.search(r"\d\s*(?:%|‰)", s):
        return None
    lead = {}
    if p["leadin"].search(s):
        lead["comparator"] = ">="
    m = _dl_any().search(s)
    if m:
        lead["deadline"] = _deadline_of(m)
    return lead or None


def _is_item(text: str) -> bool:
    return bool(re.match(r"^\s*(?:[-+•*]|[a-zđ]\)|\(\d+\))\s*", text))


def extract(ctx, period_end: int | None) -> list[Target]:
    """The targets of a document context (``extractors.context.build``), in text order;
    ``period_end`` (the plan's last year) is the deadline of a target that states none."""
    p = _p()
    cf = cue_folded(ctx.folded)
    if cf is not ctx.folded:
        ctx = _CueView(ctx, cf)
    text, folded = ctx.text, ctx.folded
    st = ctx.structure
    out: list[Target] = []
    skip = _baseline_paras(ctx)
    default_deadline = str(period_end) if period_end else None
    lead = None          # the governing lead-in: {"comparator", "deadline", "level"}
    tbl = None
    last_para = None
    flat = None          # a run-together year table: {"years", "baseline"}
    heads: list[tuple[int, str, int]] = []   # open headings (level, title, paragraph), for the domain
    for i, para in enumerate(st.paras):
        part = st.part_of[i] if st.part_of else "body"
        ptext = para.text
        if not ptext.strip():
            continue
        prev_para = last_para
        last_para = para
        is_row = ptext.lstrip().startswith("|") or ptext.count(" | ") >= 2 or (tbl is not None and " | " in ptext)
        if not is_row:
            tbl = None
        if part in ("header", "title", "footnote") or i in skip or _SKIP_PARA.match(ptext):
            continue
        fpara = folded[para.start:para.end]
        # lead-ins and the end of their scope
        h = heading_of(ptext.strip())
        hl = h[0] if h else (5 if _FIELD_HEAD.match(fpara.strip()) else None)
        if hl is not None:
            while heads and heads[-1][0] >= hl:
                heads.pop()
            if hl > 1:
                # a heading glued to its first sub-item ("2. Mục tiêu cụ thể … a) Mục tiêu 1: …"):
                # a sub-item that states no figure is a heading too
                parts = re.split(r"\s(?=[a-zđ]\)\s)", ptext.strip())
                heads.append((hl, _title_text(parts[0])[:160], i))
                for sp in parts[1:]:
                    if not re.search(r"\d\s*(?:%|‰)", sp):
                        heads.append((6, _title_text(sp)[:160], -1))
        if lead is not None:
            if h and h[0] <= (lead["level"] or 1):
                lead = None
            elif not h and not _is_item(ptext) and not is_row and lead["level"] is None:
                lead = None
        li = _leadin_of(p, fpara)
        if li:
            lead = dict(li, level=h[0] if h else None)
            continue
        if is_row:
            if tbl is None:
                tbl = _Table()
            _table_row(p, ctx, para, tbl, period_end, out, heads)
            if tbl.years or tbl.years_right:
                continue
        else:
            # a year-column table whose cells a PDF text layer has run together
            yrs = _year_run(fpara)
            label_rx = _cell_rx()[4]
            if yrs and (label_rx.search(fpara) or (prev_para is not None and
                                                   label_rx.search(folded[prev_para.start:prev_para.end]))):
                flat = {"years": yrs, "baseline": bool(p["tbl_base"].search(fpara) or
                                                       re.search(rf"(?<!\w)(?:{_w('table_baseline_words')})(?!\w)", fpara))}
                continue
            if flat is not None:
                if _flat_row(p, ctx, para, flat, out, heads):
                    continue
                if re.match(r"^\s*\(", ptext) or not re.match(r"^\s*\d{1,2}\s", ptext) and len(ptext) < 60 and not h:
                    continue  # a wrapped piece of the row above
                flat = None
        # the paragraph's own heading is no title of it (its inline label is read in the clause)
        out.extend(_paragraph(p, ctx, para, lead, default_deadline, [t for _, t, k in reversed(heads) if k != i],
                              prev_para))
    return out


def _paragraph(p, ctx, para, lead, default_deadline, titles, prev_para=None) -> list[Target]:
    text, folded = ctx.text, ctx.folded
    a, b = para.start, para.end
    hits_all = _find_hits(p, text, folded, a, b)
    if not hits_all:
        return []
    # a line broken inside a clause (hard wraps, page breaks): "… phát sóng ít nhất" / "02 chuyên mục …"
    if prev_para is not None and hits_all[0].start - a <= 2 and \
            p["adj_rx"].search(folded[max(prev_para.start, prev_para.end - 30):prev_para.end].rstrip()):
        hits_all[0].extra["pre"] = folded[prev_para.start:prev_para.end][-40:] + " "
        hits_all[0].extra["pre_span"] = _clauses(folded, prev_para.start, prev_para.end)[-1]
    out: list[Target] = []
    clauses = _clauses(folded, a, b)
    sent_base = None
    # the tail of a line this one continues (hard wraps): what a value's clause began with
    pre_ctx = folded[prev_para.start:prev_para.end][-80:] if prev_para is not None and \
        not re.search(r"[.;:!?|]\s*$", prev_para.text) else ""
    # the sentence-level deadline: "Đến năm 2015, 100% …", "Đến cuối năm 2020 đạt 70% …; 50% …"
    for cs, ce in clauses:
        hits = [h for h in hits_all if cs <= h.start and h.end <= ce]
        if not hits:
            continue
        ss, se = _sentence_bounds(folded, a, b, hits[0].start)
        head = _lead_strip().sub("", folded[ss:ss + 40], count=1)
        ym = re.match(rf"\s*(?:(?:{_w('reached_year_leads')})\s+)?(?:{_w('year_words')}|{_w('table_span_words')})\s+"
                      rf"(?:{_YEAR}\s*[-–]\s*)?({_YEAR})\s*,", head)
        if ym and default_deadline and int(ym.group(1)) < int(default_deadline) and \
                not p["leadin"].search(folded[ss:se]):
            sent_base = (ss, se)
        kept: list[Hit] = []
        for h in hits:
            # a bracket holding only a count of the clause's activity: "Tập huấn … (02 lớp)"
            bracket = h.counted and re.search(r"\(\s*$", folded[cs:h.start]) and \
                re.match(r"\s*\)", folded[h.end:ce])
            if _in_parens(folded, cs, h.start) and not bracket:
                continue
            if _is_baseline(p, folded, cs, h, ce) or (sent_base and sent_base[0] <= h.start < sent_base[1]):
                continue
            before = h.extra.get("pre", "") + folded[cs:h.start]
            # a share that defines the group counted: "100% cơ quan có tỷ lệ nữ từ 30% trở lên có …"
            if p["group_share"].search(before) and (kept or re.search(r"\d\s*%", pre_ctx)):
                continue
            if h.counted:
                cue = p["adj_rx"].search(before[-26:])
                prv = kept[-1] if kept else None
                linked = prv is not None and prv.unit == h.unit and _linked(p, folded, prv, h)
                # planned: after a comparator cue, an activity verb, "từ", in a bracket of its own,
                # or persons after a beneficiary link ("việc làm cho 250 lao động nữ")
                benef = p["benef"].search(before) and p["person"].fullmatch(fold(h.unit))
                if not (cue or linked or bracket or benef or p["activity"].search(before)
                        or re.search(r"(?<!\w)từ\s*$", before)):
                    continue
            kept.append(h)
        # a count or a share that only defines the group measured stays in the indicator:
        # "khám thai ít nhất 04 lần … đạt 90%", "70% cơ quan … có từ 30% cán bộ nữ trở lên"
        final: list[Hit] = []
        for k, h in enumerate(kept):
            nxt = kept[k + 1] if k + 1 < len(kept) else None
            if h.counted and h.unit == "lần" and nxt and not nxt.counted and \
                    not re.search(r"(?<!\w)và(?!\w)|,", folded[h.end:nxt.start]):
                continue
            # "90% cán bộ … được tập huấn nghiệp vụ ít nhất 01 lần": how often, of the share's group
            prv = final[-1] if final else None
            if h.counted and h.unit == "lần" and prv is not None and not prv.counted and \
                    not re.search(r"(?<!\w)và(?!\w)", folded[prv.end:h.start]) and \
                    _comparator(p, folded, cs, h, prv.end)[0] != "<=":
                continue
            final.append(h)
        if not final:
            continue
        _parse_clause(p, ctx, para, cs, ce, final, lead, default_deadline, out, titles)
    return out
