"""Citations: documents a plan refers to (numbered documents and named laws).

One record per *mention*; ``cited_key`` groups the mentions of one document across the
dataset (type + normalised number, or the law's name).  Anchors are found with a spaCy
``Matcher`` over the underthesea tokens (type words, optional ``số``, a token starting with a
digit); the number, date and issuer that follow are read with the fragments below.  A
footnote that gives the number of a document the body cites without one resolves that
mention.
"""
from __future__ import annotations

import re
from functools import lru_cache

from pipeline.models import Citation

from . import dates as dates_mod
from .lexicon import alternation, key, load_yaml

NUMBER = re.compile(
    r"\s*(?P<num>\d+(?:\s?-\s?[A-ZĐ][\wĐđ]*)?(?:\s?/\s?(?:\d{4}|[A-ZĐ][\wĐđ&]*(?:-[A-ZĐ0-9][\wĐđ&]*)*))*)"
)
DATE_AFTER = re.compile(r"\s*,?\s*(?:ngày\s+)?(?P<date>\d{1,2}\s*/\s*\d{1,2}\s*/\s*\d{4}|\d{1,2}\s+tháng\s+\d{1,2}\s+năm\s+\d{4})")
SUPERSCRIPT = "¹²³⁴⁵⁶⁷⁸⁹⁰"


@lru_cache(maxsize=1)
def _data():
    return load_yaml("citations.yaml")


@lru_cache(maxsize=1)
def _matcher():
    """The type word(s) of each document type, alone and followed by "số", matched on lower-case
    tokens (the number that must follow is checked in ``_numbered``).  A PhraseMatcher works on
    spaCy's C arrays; a token-pattern Matcher would build a Python Token for every position."""
    from spacy.matcher import PhraseMatcher
    from spacy.tokens import Doc

    from pipeline.tokenize import shared_vocab

    vocab = shared_vocab()
    m = PhraseMatcher(vocab, attr="LOWER")
    for entry in _data()["types"]:
        words = entry["type"].lower().split()
        m.add(entry["type"], [Doc(vocab, words=words), Doc(vocab, words=words + ["số"])])
    return m


@lru_cache(maxsize=1)
def _law_re():
    known = alternation(l["name"] for l in _data()["laws"])
    return re.compile(rf"(?<!\w)(?:(?P<known>{known})|(?P<generic>(?:Bộ luật|Luật) [A-ZĐ][\wđ]*(?: [a-zđ][\wđ]*){{0,4}}))")


@lru_cache(maxsize=1)
def _issuer_re():
    d = _data()
    heads = alternation(d["issuer_heads"])
    stops = alternation(s for s in d["issuer_stops"] if s.strip()) + r"|\n|,|;|\.|\(|:|”"
    return re.compile(rf"\s*,?\s*của\s+(?P<issuer>(?:{heads})(?:(?!{stops}).){{0,80}}?)(?=(?:{stops})|$)")


def _expand(issuer: str) -> str:
    for abbr, full in _data()["abbreviations"].items():
        issuer = re.sub(rf"(?<!\w){re.escape(abbr)}(?!\w)", full, issuer)
    return issuer.strip()


def _relation(folded: str, start: int, para_start: int) -> str:
    """The verb governing the clause the mention sits in: the nearest one before it wins."""
    rel = _data()["relations"]
    window = re.sub(r"“[^”]*”", lambda m: " " * len(m.group(0)), folded[para_start:start])
    best, best_pos = "mentions", -1
    for name in ("basis", "implements", "mentions"):
        for word in rel[name]:
            for m in re.finditer(rf"(?<!\w){re.escape(word)}(?!\w)", window):
                if m.start() > best_pos or (m.start() == best_pos and name == "mentions"):
                    best, best_pos = name, m.start()
    # "tuyên truyền thực hiện chính sách …: Luật …" — propaganda about a document is a mention
    if best == "implements" and re.search(r"tuyên truyền\s*(?:,\s*\w+\s*)?$", window[:best_pos].rstrip()):
        return "mentions"
    return best


def _date_value(raw: str) -> str | None:
    found = dates_mod.find(raw.lower())
    return found[0].value if found else None


def _year(number: str | None, date: str | None) -> int | None:
    if date and date[:4].isdigit():
        return int(date[:4])
    m = re.search(r"/(\d{4})/", number or "")
    return int(m.group(1)) if m else None


def cited_key(type_: str | None, number: str | None, name: str | None) -> str:
    """Same document, same key: a named law keys on its name, whether or not its number is written."""
    if number and not name:
        return key(type_ or "") + "|" + re.sub(r"\s", "", number).upper()
    return f"law|{key(name or '')}"


def _numbered(ctx) -> list[dict]:
    text, doc = ctx.text, ctx.spacy_doc
    found = []
    for match_id, s, e in _matcher()(doc):
        if e >= len(doc) or not doc[e].text[:1].isdigit():
            continue
        span = doc[s:e + 1]
        type_ = doc.vocab.strings[match_id]
        num_start = span[-1].idx
        m = NUMBER.match(text, num_start)
        number = re.sub(r"\s", "", m.group("num"))
        has_so = any(t.lower_ == "số" for t in span)
        if not has_so and not re.search(r"[/-]", number):
            continue  # "Chương trình 135" without số or symbol is a name, not a document number
        end = m.end()
        date = issuer = None
        for _ in range(2):  # date and issuer, in either order
            dm = DATE_AFTER.match(text, end)
            if dm and date is None:
                date, end = _date_value(dm.group("date")), dm.end()
                continue
            im = _issuer_re().match(text, end)
            if im and issuer is None:
                issuer, end = _expand(im.group("issuer")), im.end()
                continue
            break
        found.append(dict(start=span.start_char, end=end, type=type_, number=number, name=None,
                          date=date, issuer=issuer, core=(num_start, m.end())))
    return found


def _laws(ctx) -> list[dict]:
    out = []
    for m in _law_re().finditer(ctx.text):
        name = m.group("known") or m.group("generic")
        name = re.sub(r"[\s,]+$", "", name)
        if m.group("generic"):
            # a generic name ends at the first lower-case function word that starts a clause
            name = re.split(r" (?:năm|số|và|của|về|trong|thông qua|đã|được|cho|tại|theo)\b", name)[0]
        type_ = "Bộ luật" if name.startswith("Bộ luật") else "Luật"
        end = m.start() + len(name)
        number = None
        nm = re.match(r"\s+số\s+(?P<num>\d+/\d{4}/[A-Z]+\d*)", ctx.text[end:])
        if nm:
            number, end = nm.group("num"), end + nm.end()
        out.append(dict(start=m.start(), end=end, type=type_, number=number, name=name,
                        date=None, issuer=None, core=(m.start(), m.start() + len(name))))
    return out


def _footnote_links(ctx, found: list[dict]) -> list[dict]:
    """Body mentions without a number whose footnote gives it: ``Kế hoạch của … năm 2025¹``."""
    text = ctx.text
    out = []
    notes = {}
    for f in found:
        if ctx.structure.part_at(f["start"]) == "footnote":
            p = ctx.structure.paras[ctx.structure.para_index(f["start"])]
            mk = re.match(rf"^([{SUPERSCRIPT}]+|\d+)", p.text)
            if mk:
                notes.setdefault(mk.group(1), f)
    types = alternation(t["type"] for t in _data()["types"])
    for mark_m in re.finditer(rf"(?<=\w)([{SUPERSCRIPT}]+)", text):
        if ctx.structure.part_at(mark_m.start()) == "footnote" or mark_m.group(1) not in notes:
            continue
        para = ctx.structure.paras[ctx.structure.para_index(mark_m.start())]
        before = text[para.start:mark_m.start()]
        tm = None
        for tm in re.finditer(rf"(?<!\w)({types})(?=\s+của\s)", before, flags=re.I):
            pass
        if tm is None:
            continue
        note = notes[mark_m.group(1)]
        start = para.start + tm.start()
        im = _issuer_re().match(text, para.start + tm.end())
        issuer = _expand(im.group("issuer")) if im else note["issuer"]
        end = im.end() if im else para.start + tm.end()
        out.append(dict(note, start=start, end=end, issuer=issuer, type=tm.group(1)[0].upper() + tm.group(1)[1:].lower(),
                        core=(start, end), footnote=note))
    return out


def _catalogued(c: Citation, plan_date: str | None) -> Citation:
    """Give a mention its catalogue key and fields; flag a document replaced before the plan's date."""
    from dataclasses import replace

    from . import catalogue

    e = catalogue.lookup(c.number, c.name, c.date, plan_date)
    if not e:
        return c
    return replace(c, cited_key=e["key"], catalogue_title=e.get("title"), catalogue_date=e.get("date"),
                   catalogue_issuer=e.get("issuer"), catalogue_status=e.get("status"),
                   replaced_by=e.get("replaced_by"), cites_replaced=catalogue.outdated(e, plan_date))


def extract(ctx, plan_date: str | None = None) -> list[Citation]:
    """Every citation mention; ``plan_date`` (earliest day of the plan, ``YYYY-MM-DD``) picks the
    version of a law named without number and decides what counts as replaced."""
    found = _numbered(ctx)
    # a named law that carries its number is one citation, not two
    for law in _laws(ctx):
        if not any(f["start"] <= law["start"] < f["end"] for f in found):
            found.append(law)
    found.sort(key=lambda f: f["start"])
    # one issuer written after a list of documents covers the list ("QĐ 1696 và QĐ 178, QĐ 565 … của TTg")
    for i in range(len(found) - 2, -1, -1):
        a, b = found[i], found[i + 1]
        between = ctx.text[a["end"]:b["start"]]
        if a["issuer"] is None and a["number"] and not a["name"] and a["type"] == b["type"] and b["issuer"] and re.fullmatch(r"\s*(?:,|và|;)?\s*", between):
            a["issuer"] = b["issuer"]
    # the footnote stays a mention of its own; the body mention it resolves gets its number
    found = found + _footnote_links(ctx, found)
    found.sort(key=lambda f: f["start"])
    out = []
    for f in found:
        para = ctx.structure.paras[ctx.structure.para_index(f["start"])]
        part = ctx.structure.part_at(f["start"])
        relation = _relation(ctx.folded, f["start"], para.start)
        page, section = ctx.where(f["start"])
        out.append(Citation(
            char_start=f["start"], char_end=f["end"], page=page, section=section,
            surface=ctx.text[f["start"]:f["end"]], type=f["type"], number=f["number"], name=f["name"],
            date=f["date"], year=_year(f["number"], f["date"]), issuer=f["issuer"], relation=relation,
            cited_key=cited_key(f["type"], f["number"], f["name"]),
        ))
    return [_catalogued(c, plan_date) for c in out]


def spans(citations: list[Citation]) -> list[tuple[int, int]]:
    return [(c.char_start, c.char_end) for c in citations]
