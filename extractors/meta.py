"""The plan's own header fields: type, number, date, issuer, locality, period, signer, title."""
from __future__ import annotations

import re
from functools import lru_cache

from pipeline.models import Meta

from . import dates as dates_mod
from .lexicon import alternation, load_yaml


@lru_cache(maxsize=1)
def _data():
    return load_yaml("meta.yaml")


def _type_words():
    return alternation(sorted(_data()["locality_types"], key=len, reverse=True))


_NAME = r"(?:\d+|[A-ZĐÂĂÊÔƠƯ][\wđ]*(?:\s+[A-ZĐÂĂÊÔƠƯ][\wđ]*){0,3})"


def _locality(title: str):
    """(name, type) of the last place named in the title: ``trên địa bàn quận Long Biên``."""
    found = []
    for m in re.finditer(rf"(?<!\w)({_type_words()})\s+({_NAME})", title):
        found.append((m.start(), m.group(2), m.group(1)))
    # a unit named by a number keeps its type word in the name: "Quận 3", "Phường 9"
    for m in re.finditer(r"(?<!\w)(quận|phường|Quận|Phường)\s+(\d{1,2})(?![\d/])", title):
        found.append((m.start(), f"{m.group(1).capitalize()} {m.group(2)}", m.group(1).lower()))
    return max(found)[1:] if found else None


def _level(name: str, typ: str) -> str:
    if typ == "thành phố" and name in _data()["central_cities"]:
        return "province"
    return _data()["locality_types"][typ]


def _province(text: str, locality: tuple | None, level: str | None) -> str | None:
    if level == "province" and locality:
        return locality[0]
    provs = alternation(_data()["provinces"])
    for m in re.finditer(rf"(?:tỉnh|[Tt]hành phố|TP\.?|Thành ủy|Thành Ủy|Tỉnh ủy|Tỉnh Ủy)\s+({provs})(?!\w)", text):
        if not locality or m.group(1) != locality[0] or level != "district":
            return m.group(1)
    return None


def _period(title: str, text: str, issue_year: int | None) -> tuple[int | None, int | None]:
    m = re.search(r"(?:năm|giai đoạn)\s+(\d{4})\s*(?:-|–|đến)\s*(?:năm\s+)?(\d{4})", title)
    if m:
        return int(m.group(1)), int(m.group(2))
    m = re.search(r"năm\s+(\d{4})", title)
    if m:
        return int(m.group(1)), int(m.group(1))
    m = re.search(r"Thời gian thực hiện\s*:\s*[Nn]ăm\s+(\d{4})", text)
    if m:
        return int(m.group(1)), int(m.group(1))
    return issue_year, issue_year


def extract(ctx) -> Meta:
    text = ctx.text
    st = ctx.structure
    meta = Meta()
    header = [p for p in st.paras if st.part_at(p.start) in ("header",)]
    title_paras = [p for p in st.paras if st.part_at(p.start) == "title"]
    head_text = "\n".join(p.text for p in header + title_paras[:1])

    # type, from the heading word, else from the symbol
    if title_paras:
        word = title_paras[0].text.strip().rstrip(".")
        meta.doc_type = word[:1].upper() + word[1:].lower()
    num = re.search(r"Số\s*:\s*(?P<n>\d*)\s*/\s*(?P<sym>[A-ZĐ][\wĐđ]*(?:-[\wĐđ]+)*)", head_text)
    if num:
        meta.doc_symbol = num.group("sym")
        meta.doc_number = f"{num.group('n')}/{num.group('sym')}" if num.group("n") else None
        if not meta.doc_type:
            meta.doc_type = _data()["symbol_types"].get(meta.doc_symbol.split("-")[0])
    # issue date: the header's date line; blanks give the precision that is left
    for p in header:
        found = [e for e in dates_mod.find(ctx.folded[p.start:p.end]) if e.form in ("header", "day")]
        if found and num:
            e = found[0]
            meta.issue_date = e.value or (e.years[0] if e.years else None)
            break

    # title and locality
    title_lines = [p.text for p in title_paras[1:]]
    meta.title = " ".join(title_lines) or None
    loc = _locality(meta.title or "")
    issuer_line = None
    for head, full in _data()["issuer_heads"].items():
        for p in header:
            if p.text.startswith(head):
                issuer_line = full
                nxt = header[header.index(p) + 1].text if header.index(p) + 1 < len(header) else ""
                for motto in _data()["mottos"]:
                    nxt = nxt.replace(motto, "")
                hm = re.match(rf"({_type_words()})\s+(.+)$", nxt.strip(), flags=re.I)
                if hm and not loc:
                    loc = (hm.group(2).strip().title(), hm.group(1).lower())
                break
        if issuer_line:
            break
    if loc:
        meta.locality_name, meta.locality_type = loc
        meta.locality_level = _level(*loc)
    meta.province = _province(text, loc, meta.locality_level)

    # issuer: header, else the body that signs (TM. ỦY BAN NHÂN DÂN) or speaks in the preamble
    if not issuer_line:
        sig = "\n".join(p.text for p in st.text_of("signature"))
        pre = "\n".join(p.text for p in st.text_of("preamble"))
        for head, full in _data()["issuer_heads"].items():
            if head in sig.upper() or re.search(rf"(?<!\w){re.escape(full)}|UBND", pre):
                issuer_line = full
                break
    if issuer_line and loc:
        meta.issuer = f"{issuer_line} {loc[1]} {loc[0]}"
    elif issuer_line:
        meta.issuer = issuer_line

    issue_year = int(meta.issue_date[:4]) if meta.issue_date and meta.issue_date[:4].isdigit() else None
    meta.period_start, meta.period_end = _period(meta.title or "", text, issue_year)
    if meta.period_start:
        meta.period = str(meta.period_start) if meta.period_start == meta.period_end else f"{meta.period_start}/{meta.period_end}"

    # signer: the last line of the signature block; title: the line above it
    sig = [p.text.strip() for p in st.text_of("signature") if p.text.strip()]
    if sig:
        meta.signer_name = sig[-1]
        titles = _data()["signer_titles"]
        for line in reversed(sig[:-1]):
            up = re.sub(r"^(?:TM|KT|Q|TL|TUQ)\.\s*", "", line.upper()).strip()
            if up in titles:
                meta.signer_title = titles[up]
                break
    return meta
