"""The plan's own header fields: type, number, date, issuer, locality, period, signer, title.

Forms read:

* the header's issuer column, in any layout (two columns flattened with spaces or ``|``, the
  motto on the same line, an OCR ``UY BAN NHAN DAN``): a list of bodies from the highest to the
  issuing one (``UBND HUYỆN MỘC CHÂU / BAN VÌ SỰ TIẾN BỘ CỦA PHỤ NỮ``).  The issuer is the lowest
  body with its place, the place inherited from the body above it when it prints none;
* a lost header: the issuer is the body the preamble's closing sentence names (``Sở … thành phố
  Đà Nẵng xây dựng Kế hoạch``), else the body the signature signs for (``TM. ỦY BAN NHÂN DÂN``),
  with the title's locality;
* a ``Quyết định`` that issues a plan: number, date and signer are the decision's; the period is
  the plan's, read from the decision's title (``Về ban hành Kế hoạch … giai đoạn 2021 - 2030``);
* the signature block, one line per item or flattened beside the recipients: marks (``TM.``,
  ``KT.``, ``TL.``, ``TUQ.``, ``Q.``), the title under the last mark, ``(Đã ký)``, the name;
* ``province``: the province of the locality itself at province level; else the one province of
  the official list's units that carry the locality's name and type at the plan's date, else a
  province the text names.

The issuer column, a lost header's issuer and place names are :mod:`extractors.meta_header`'s, the
signature block :mod:`extractors.meta_signature`'s; this module reads the type, number, date,
title and period and puts the fields together.
"""
from __future__ import annotations

import re
from functools import lru_cache

from pipeline.models import Meta
from pipeline.text.structure import title_inline

from extractors import dates as dates_mod
from extractors.meta_header import (data, issuer_column, issuer_from_preamble, issuer_units, level_of, title_locality,
                                    unmarked)
from extractors.meta_signature import signature_items, signer, signer_titles
from extractors.rules.lexicon import alternation, fold, key


# ------------------------------------------------------------------------------------ period

def _period(title: str, folded: str, issue_year: int | None) -> tuple[int | None, int | None]:
    """(first year, last year) of the plan: a span or a year the title names, else one a line of
    the body states (meta.yaml ``period_lines``: ``Thời gian thực hiện: Năm 2025``), else the year
    of issue.  ``folded`` is the plan's folded text."""
    t = fold(title)
    m = re.search(r"(?:năm|giai đoạn)\s+(\d{4})\s*(?:-|–|đến)\s*(?:năm\s+)?(\d{4})", t)
    if m:
        return int(m.group(1)), int(m.group(2))
    m = re.search(r"năm\s+(\d{4})", t) or re.search(r"(?<![\d/])(\d{4})\s*[-–]\s*(\d{4})(?![\d/])", t)
    if m and m.lastindex == 2:
        return int(m.group(1)), int(m.group(2))  # "Kế hoạch hành động 2021 - 2025"
    if m:
        return int(m.group(1)), int(m.group(1))
    m = _period_line_re().search(folded)
    if m:
        return int(m.group(1)), int(m.group(2) or m.group(1))
    return issue_year, issue_year


@lru_cache(maxsize=1)
def _period_line_re() -> re.Pattern:
    """A line's cue, a colon, then a year or a span: ``năm 2025``, ``từ năm 2021 đến năm 2025``,
    ``2021 - 2025`` (on folded text)."""
    cues = alternation([fold(e["cue"]) for e in data()["period_lines"]])
    return re.compile(rf"(?<!\w)(?:{cues})\s*:\s*(?:từ\s+)?(?:năm\s+)?(\d{{4}})(?!\d)"
                      rf"(?:\s*(?:-|–|đến)\s*(?:năm\s+)?(\d{{4}})(?!\d))?")


# ---------------------------------------------------------------------------------- province

@lru_cache(maxsize=1)
def _province_named_re() -> re.Pattern:
    """A province word (``meta.yaml`` ``province_words``), then a province's name."""
    words = alternation(e["word"] for e in data()["province_words"])
    return re.compile(rf"(?<!\w)(?:{words})\s+({alternation(data()['provinces'])})(?!\w)")


def _province_named(text: str, loc: tuple | None, level: str | None) -> str | None:
    for m in _province_named_re().finditer(text):
        if not loc or m.group(1) != loc[0] or level != "district":
            return m.group(1)
    return None


def _as_of(province: str | None, when: str | None, district: str | None = None) -> str | None:
    """The province's name at the plan's date (``when``, ``YYYY[-MM[-DD]]``): an official list
    names it as it is now; meta.yaml ``province_renamings`` gives its earlier names (a renaming, or
    a merger for the districts that were the earlier province's)."""
    if not province or not when:
        return province
    for r in data()["province_renamings"]:
        if r["name"] == province and when[:len(r["effective"])] < r["effective"] and (
                not r.get("districts") or (district and key(district) in {key(d) for d in r["districts"]})):
            return r["before"]
    return province


def _provinces_of(loc: tuple, level: str, issue_date: str | None, period_start: int | None) -> set[str]:
    """The provinces of the official list's units with the locality's name and type at the date."""
    try:
        from extractors import localities

        system = localities.system_for(level, issue_date, period_start)
        cands = localities._candidates(loc[0], loc[1], level, system)
    except Exception:  # no official list installed: the text alone decides
        return set()
    when = issue_date or (str(period_start) if period_start else None)
    return {_as_of(c["province"], when, c["name"] if level == "district" else c.get("district")) for c in cands}


def _province(text: str, loc: tuple | None, level: str | None, issue_date: str | None,
              period_start: int | None, parents: tuple = ()) -> str | None:
    if level == "province" and loc:
        return loc[0]
    named = _province_named(text, loc, level)
    if loc and level:
        provs = _provinces_of(loc, level, issue_date, period_start)
        # a unit the list lacks (merged away since): the province of the unit above it in the header
        for ploc in parents if not provs else ():
            plevel = level_of(*ploc)
            if plevel and plevel != level:
                provs = {ploc[0]} if plevel == "province" else _provinces_of(ploc, plevel, issue_date, period_start)
                if provs:
                    break
        if len(provs) == 1:
            return provs.pop()
        if named and provs and key(named) not in {key(p) for p in provs}:
            # the text's province is not one the name could belong to: keep the one it names among them
            hits = [p for p in provs if re.search(rf"(?<!\w){re.escape(p)}(?!\w)", text)]
            return hits[0] if len(hits) == 1 else None
    return named


# ------------------------------------------------------------------------------------ extract

def extract(ctx) -> Meta:
    text = ctx.text
    st = ctx.structure
    meta = Meta()
    parts = st.part_of
    first_title = next((i for i, k in enumerate(parts) if k == "title"), None)
    limit = first_title if first_title is not None else min(len(parts), 12)
    header = [p for p, k in zip(st.paras[:limit], parts[:limit]) if k == "header"]
    title_paras = []
    if first_title is not None:
        for p, k in zip(st.paras[first_title:], parts[first_title:]):
            if k != "title":
                break
            title_paras.append(p)
    head_text = "\n".join(p.text for p in header + title_paras[:1])

    # type, from the heading word, else from the symbol
    inline = title_inline(title_paras[0].text) if title_paras else None
    if title_paras:
        first = title_paras[0].text[:inline] if inline else title_paras[0].text
        word = re.sub(r"[\s.|:_\-–]+$", "", first.strip().strip("|").strip())
        meta.doc_type = word[:1].upper() + word[1:].lower()
    num = re.search(r"Số\s*:\s*(?P<n>\d*)\s*/\s*(?P<sym>[A-ZĐ][\wĐđ]*(?:-[\wĐđ]+)*)", head_text)
    if num:
        meta.doc_symbol = num.group("sym")
        meta.doc_number = f"{num.group('n')}/{num.group('sym')}" if num.group("n") else None
        if not meta.doc_type:
            meta.doc_type = data()["symbol_types"].get(meta.doc_symbol.split("-")[0])
    # issue date: the header's date line; blanks give the precision that is left
    for p in header:
        found = [e for e in dates_mod.find(ctx.folded[p.start:p.end]) if e.form in ("header", "day")]
        if found and num:
            e = found[0]
            meta.issue_date = e.value or (e.years[0] if e.years else None)
            break

    # title (without a decision's authority line: "ỦY BAN NHÂN DÂN QUẬN 11") and locality
    heads_bare = tuple(unmarked(h) for h in data()["issuer_heads"])
    title_lines = ([title_paras[0].text[inline:].strip()] if inline else []) + [p.text for p in title_paras[1:]
                   if not (p.text == p.text.upper() and (unmarked(p.text).startswith(heads_bare)
                                                        or any(p.text.startswith(t) for t, _ in signer_titles())))]
    meta.title = " ".join(title_lines) or None

    units = issuer_units(issuer_column([p.text for p in header]), text, ctx.folded)
    issuer_body = loc = None
    if units:
        issuer_body = units[-1][0]
        for body, place in reversed(units):  # the issuing body's place, or the place of the body above it
            if place:
                loc = place
                break
    title_loc = title_locality(meta.title or "")
    loc = loc or title_loc
    if not issuer_body:
        pre = [p.text for p, k in zip(st.paras, parts) if k == "preamble"]
        got = issuer_from_preamble(pre)
        if got:
            issuer_body = got[0]
            loc = loc or got[1]
        else:
            sig = " ".join(p.text for p, k in zip(st.paras, parts) if k in ("signature", "recipients"))
            for head, full in data()["issuer_heads"].items():
                if re.search(rf"(?:TM\.|T/M\.?)\s*{re.escape(head)}", sig, flags=re.I):
                    issuer_body = full
                    break
    if loc:
        meta.locality_name, meta.locality_type = loc
        meta.locality_level = level_of(*loc)
    if issuer_body and loc:
        numbered = loc[0].lower().startswith(loc[1])
        meta.issuer = f"{issuer_body} {loc[0]}" if numbered else f"{issuer_body} {loc[1]} {loc[0]}"
    elif issuer_body:
        meta.issuer = issuer_body

    issue_year = int(meta.issue_date[:4]) if meta.issue_date and meta.issue_date[:4].isdigit() else None
    meta.period_start, meta.period_end = _period(meta.title or "", ctx.folded, issue_year)
    if meta.period_start:
        meta.period = str(meta.period_start) if meta.period_start == meta.period_end else f"{meta.period_start}/{meta.period_end}"
    parents = tuple(place for _, place in units if place and place != loc) if units else ()
    meta.province = _province(text, loc, meta.locality_level, meta.issue_date, meta.period_start, parents)

    meta.signer_name, meta.signer_title = signer(signature_items(st))
    ctx.facts["meta"] = meta
    return meta
