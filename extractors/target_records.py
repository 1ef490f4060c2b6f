"""Targets, the records: a clause's values assembled into :class:`~pipeline.models.Target` rows.

``_parse_clause`` gives each value of a clause its deadline (its own, the sentence's, the table
row's time, the item's time line, the lead-in's or the plan's end), chains the values linked in one
clause to one indicator, picks the indicator phrase and the comparator; ``_domain`` names the
strategy field (gift words, the deepest field heading, the indicator's keyword); ``_make`` builds the
record with the national figure beside it (:mod:`extractors.catalogue`).
"""
from __future__ import annotations

import re
from functools import lru_cache

from pipeline.models import Target

from extractors import catalogue
from extractors.domain_words import domains_named, keyword_domain
from extractors.rules.lexicon import fold
from extractors.target_cues import NUM, _YEAR, _cues, _data, _rx, _w
from extractors.target_clause import (Hit, _clause_comparator, _clauses, _clean_phrase, _comparator, _deadline_of,
                                      _dl_after, _dl_any, _has, _indicator_after, _indicator_before, _lead_strip,
                                      _linked, _lower_first, _paren_year, _row_time, _sentence_bounds, number)


# ------------------------------------------------------------------------------------ domains

def _title_text(title: str) -> str:
    """The heading part of a section title; a title that states a target keeps its head only."""
    title = re.split(r"\s[a-zđ]\)\s", title)[0]  # "2. Chỉ tiêu cụ thể a) Giảm …": the item is glued on
    if ":" in title:
        head, rest = title.split(":", 1)
        if re.search(r"\d", rest):
            return head
    return title


@lru_cache(maxsize=4096)
def _domain_of(s: str, most: bool = False) -> str | None:
    """The domain of the earliest keyword in ``s`` (``most``: with most keywords, a tie going to
    the earliest — a heading names its field more than once); see ``keyword_domain``."""
    return keyword_domain(fold(s), most)


@lru_cache(maxsize=4096)
def _heading_domains(t: str) -> frozenset:
    """Every field a heading names ("Thông tin, truyền thông và nâng cao năng lực": two)."""
    return domains_named(fold(t))


@lru_cache(maxsize=4096)
def _indicator_domain(indicator: str) -> str | None:
    """The field of what an indicator measures of its group: the keyword of the predicate after
    ``predicate_links`` first ("cơ quan quản lý nhà nước … có lãnh đạo chủ chốt là nữ"), else the
    indicator's earliest keyword."""
    m = _predicate_rx().search(fold(indicator))
    return (_domain_of(indicator[m.end():]) if m else None) or _domain_of(indicator)


@lru_cache(maxsize=1)
def _predicate_rx() -> re.Pattern:
    return re.compile(rf"(?<!\w)(?:{_w('predicate_links')})(?!\w)")


def _domain(p, indicator: str, clause: str, titles: list[str], sentence: str = "",
            indicator_first: bool = False) -> str:
    """Gift words → other; the deepest field heading (of the fields a heading names, the one the
    indicator names); the indicator's keyword (a table row, one topic per row, reads its own
    label first)."""
    if _has(p["gift"], fold(clause)):
        return "other"
    own = _indicator_domain(indicator)
    if indicator_first and own:
        return own
    for t in titles:
        d = _domain_of(t, True)
        if d:
            return own if own in _heading_domains(t) else d
    return own or _domain_of(clause) or _domain_of(sentence) or "other"


# ------------------------------------------------------------------------------------ records

def _unitless_followers(p, folded: str, h: Hit, limit: int) -> list[Hit]:
    """``… 110 bé trai/100 bé gái … vào năm 2025 và 109 vào năm 2030``: the second value takes the unit."""
    seg = folded[h.end:limit]
    m = re.match(rf"(?P<pre>[^;]{{0,60}}?(?<!\w)và\s+)(?P<num>{NUM})\s+(?=(?:{_w('deadline_links')})\s+"
                 rf"(?:(?:{_w('deadline_ends')})\s+)?(?:{_w('year_words')})\s+{_YEAR})", seg)
    if not m:
        return []
    s = h.end + m.start("num")
    e = h.end + m.end("num")
    return [Hit(start=s, num_end=e, end=e, value=number(m.group("num")), value_max=None, unit=h.unit,
                unit_class=h.unit_class, counted=h.counted)]


def _parse_clause(p, ctx, para, cs, ce, hits, lead, default_deadline, out, titles):
    text, folded = ctx.text, ctx.folded
    # values without a unit linked to a previous one
    extra = []
    for k, h in enumerate(hits):
        nxt = hits[k + 1].start if k + 1 < len(hits) else ce
        extra += _unitless_followers(p, folded, h, nxt)
    hits = sorted(hits + extra, key=lambda h: h.start)
    sent_s, sent_e = _sentence_bounds(folded, para.start, para.end, hits[0].start)
    # a deadline stated at the head of the sentence ("Đến năm 2015, …", "Đến cuối năm 2020 đạt …")
    head_deadline = None
    hm = None
    for hm in _dl_any().finditer(folded, min(sent_s, cs), hits[0].start):
        pass
    if hm:
        head_deadline = _deadline_of(hm)
    # 1. own deadlines, right after the value; or right before it, after "và/,"
    for k, h in enumerate(hits):
        nxt = hits[k + 1].start if k + 1 < len(hits) else ce
        m = _dl_after().match(folded[h.end:nxt])
        pm = _paren_year().match(folded, h.end, nxt)
        if m is None and pm:
            h.deadline = pm.group(1)  # "lên 30% (năm 2030)"
        elif m is None and k + 1 < len(hits):
            # "01 hội nghị sơ kết vào tháng 6/2024 và 01 hội nghị …": before the "và" that opens the next
            gap = folded[h.end:nxt]
            cut = max((x.start() for x in re.finditer(r"(?<!\w)và(?!\w)|[,;]", gap)), default=len(gap))
            m2 = _dl_any().search(gap[:cut])
            if m2:
                h.deadline = _deadline_of(m2)
        if m:
            h.deadline = _deadline_of(m)
            tail = folded[h.end + m.end():nxt]
            keep = _rx(c for c, k in p["clause"] if k == "=")  # "… và duy trì đến năm 2030"
            dm = re.match(rf"\s*,?\s*và\s+(?:{keep})\s+(?:{_w('deadline_links')})\s+(?:(?:{_w('deadline_ends')})\s+)?"
                          rf"(?:{_w('year_words')})\s+({_YEAR})", tail)
            if dm:
                h.clone_deadline = dm.group(1)
        prev_end = hits[k - 1].end if k else cs
        seg = folded[prev_end:h.start]
        if h.deadline is None:
            bm = None
            for bm in _dl_any().finditer(seg):
                pass
            if bm and (k == 0 or re.search(r"(?<!\w)và(?!\w)|,", seg[:bm.start()])):
                h.deadline = _deadline_of(bm)
        if h.deadline is None:
            # a day or quarter later in the clause: "… được tập huấn nghiệp vụ trước ngày 30/6/2026"
            if k == len(hits) - 1:
                lm = None
                for lm in _dl_any().finditer(folded[h.end:ce]):
                    pass
                if lm:
                    h.deadline = _deadline_of(lm)
    # 2. chains of linked values share the indicator
    chains: list[list[Hit]] = []
    for k, h in enumerate(hits):
        if k and _linked(p, folded, hits[k - 1], h) and (hits[k - 1].unit == h.unit or not h.counted):
            h.linked = True
            chains[-1].append(h)
        else:
            chains.append([h])
    page, section = ctx.where(cs)
    # an inline field label opens the paragraph: "4. Lĩnh vực y tế: Tỷ số giới tính …"
    lab = re.match(r"^(?:\s*(?:[-+•]|[a-zđ]\)|\d+(?:\.\d+)*\.?)\s+)?[^:;.]{3,80}:", folded[para.start:cs + 1])
    if lab and cs > para.start and not re.search(r"\d\s*%", lab.group(0)):
        titles = [text[para.start:para.start + lab.end() - 1]] + list(titles)
    # an item's own time line: "Thời gian thực hiện mô hình: năm 2022 - 2023"
    tl = re.search(rf"(?:{_rx(_cues('timeline_cues'))})[^:;.]{{0,40}}:\s*(?:(?:{_w('year_words')})\s+)?(?:{_YEAR}\s*[-–]\s*)?({_YEAR})(?!\s*[-–/]\s*\d)",
                   folded[para.start:para.end])
    if tl:
        head_deadline_tl = tl.group(1)
    else:
        head_deadline_tl = None
    row_time = _row_time(folded, para.start, para.end) if "|" in folded[para.start:para.end] else None
    start = cs
    while start < ce and text[start] in " -+•*\t":
        start += 1
    m = _lead_strip().match(folded[start:ce])
    surface = text[start:ce].strip()
    prev_comp = None
    prev_hit = None
    prev_form = None
    for ci, chain in enumerate(chains):
        first, last = chain[0], chain[-1]
        prev_end = chains[ci - 1][-1].end if ci else cs
        nxt_start = chains[ci + 1][0].start if ci + 1 < len(chains) else ce
        before_ind = _indicator_before(text, folded, prev_end, first.start)
        if not before_ind.strip() and "pre_span" in first.extra and ci == 0:
            # "… hoàn thành chương trình trung học cơ sở đạt" / "95%.": the clause began on the line above
            before_ind = _indicator_before(text, folded, *first.extra["pre_span"])
        if not before_ind.strip() and ci == 0 and cs > para.start and folded[cs - 2:cs].startswith(":") and \
                not _indicator_after(text, last.end, nxt_start):
            # "- Tỷ lệ lao động nữ … được đào tạo nghề: 40%.": the indicator is the clause the colon closes
            before_ind = _indicator_before(text, folded, *_clauses(folded, para.start, cs - 2)[-1])
        if ci and prev_end > cs:
            # skip what belongs to the previous value ("vào năm 2025", "trở lên")
            pass
        after_ind = _indicator_after(text, last.end, nxt_start)
        unit_txt = text[first.end - len(first.unit):first.end] if first.counted else ""
        if first.counted:
            # the counted noun and what follows it; the activity before it completes the phrase
            if re.match(r"^(?:giảm\s+)?số\s", fold(before_ind)) and len(before_ind.split()) >= 2:
                indicator = before_ind
            else:
                indicator = _clean_phrase(" ".join(x for x in (unit_txt, after_ind) if x))
                # the activity verb and the beneficiary link dropped: "Tổ chức …", "… cho"
                rest = before_ind
                vm = p["activity"].match(fold(rest)) if ci == 0 else None
                if vm:
                    rest = rest[vm.end():]
                bm = p["benef"].search(fold(rest))
                if bm:
                    rest = rest[:bm.start()]
                rest = _lower_first(_clean_phrase(rest))
                if len(rest.split()) >= 2 and not after_ind:
                    indicator = _clean_phrase(f"{indicator} {rest}")
            form = prev_form
        elif len(before_ind.split()) >= 2 and prev_form != "after" and \
                not re.fullmatch(r"(?:tỷ lệ|tỷ số|tỷ suất|tỷ trọng|số)", fold(before_ind)):
            indicator = before_ind
            form = "before"
        else:
            indicator = after_ind or before_ind
            form = "after" if after_ind else "before"
        prev_form = form
        # frequency words are not part of a unit; they stay in the indicator
        for h in chain:
            comp, _ = _comparator(p, folded, cs, h, prev_end if h is first else 0)
            comp2, change = _clause_comparator(p, folded, cs, h, ce)
            if comp is None:
                if prev_comp is not None and prev_hit is not None and _linked(p, folded, prev_hit, h):
                    comp = prev_comp
                elif comp2 is not None:
                    comp = comp2
            if comp is None and change and p["least"].search(folded[cs:h.start]):
                comp = ">="
            if comp is None and lead and lead.get("comparator"):
                comp = lead["comparator"]
            comp = comp or "="
            prev_comp = comp
            prev_hit = h
            verbs = p["change_verbs"]
            if change and not re.match(rf"(?:mức\s+)?(?:{_rx(verbs)})(?!\w)", fold(indicator)):
                verb = next((v for v in verbs if re.search(rf"(?<!\w){re.escape(v)}(?!\w)", folded[cs:h.end + 10])), verbs[-1])
                ind = f"{verb} {_lower_first(indicator)}" if indicator else verb
            else:
                ind = indicator
            deadline = h.deadline or head_deadline or row_time or head_deadline_tl or (lead or {}).get("deadline") \
                or default_deadline
            s_end = max(ce, h.end)
            ind = _lower_first(ind)
            dom = _domain(p, ind, text[start:s_end], titles, text[sent_s:sent_e])
            out.append(_make(ctx, start, s_end, page, section, ind, h.value, h.value_max, h.unit, comp,
                             deadline, dom, h.unit_class))
            if h.clone_deadline:
                out.append(_make(ctx, start, s_end, page, section, ind, h.value, h.value_max, h.unit, "=",
                                 h.clone_deadline, dom, h.unit_class))


def _make(ctx, start, end, page, section, indicator, value, value_max, unit, comparator, deadline, domain,
          unit_class) -> Target:
    text = ctx.text
    national = catalogue.national_for(indicator, text[start:end], unit, deadline)
    return Target(
        char_start=start, char_end=end, page=page, section=section, surface=text[start:end],
        indicator=indicator, value=value, value_max=value_max, unit=unit, comparator=comparator,
        deadline=deadline, domain=domain, unit_class=unit_class,
        national_indicator=national.indicator if national else None,
        national_value=national.value if national else None,
        national_comparator=national.comparator if national else None,
        national_year=national.year if national else None,
        national_match=national.match if national else None,
    )
