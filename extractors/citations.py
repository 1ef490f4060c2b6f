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

from extractors import dates as dates_mod
from extractors.rules.lexicon import alternation, key, load_yaml

NUMBER = re.compile(
    r"\s*(?P<num>\d+(?:\s?-\s?[A-ZĐ][\wĐđ]*)?(?:\s?/\s?(?:\d{4}|[A-ZĐ][\wĐđ&]*(?:-[A-ZĐ0-9][\wĐđ&]*)*))*)"
)
DATE_AFTER = re.compile(r"\s*,?\s*(?:ngày\s+)?(?P<date>\d{1,2}\s*/\s*\d{1,2}\s*/\s*\d{4}|\d{1,2}\s+tháng\s+\d{1,2}\s+năm\s+\d{4})")
SUPERSCRIPT = "¹²³⁴⁵⁶⁷⁸⁹⁰"
UPPER = "A-ZĐÂĂÊÔƠƯÁÀẢÃẠẤẦẨẪẬẮẰẲẴẶÉÈẺẼẸẾỀỂỄỆÍÌỈĨỊÓÒỎÕỌỐỒỔỖỘỚỜỞỠỢÚÙỦŨỤỨỪỬỮỰÝỲỶỸỴ"


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

    from pipeline.text.tokenize import shared_vocab

    vocab = shared_vocab()
    m = PhraseMatcher(vocab, attr="LOWER")
    for entry in _data()["types"]:
        words = entry["type"].lower().split()
        m.add(entry["type"], [Doc(vocab, words=words), Doc(vocab, words=words + ["số"])])
    return m


@lru_cache(maxsize=1)
def _anchor_screen() -> tuple[re.Pattern, list[re.Pattern]]:
    """What the text of an anchor ``_numbered`` keeps must look like, lower-cased: a type's words
    (``_matcher``: tokens whose lower-case text is each word, so nothing or one space between
    them; any other gap is a whitespace token of its own), optionally ``số``, then the first
    character of the next token, a digit.  A lookahead finds where any type's words begin
    (overlapping ones too); each type, with and without ``số``, is then tried there."""
    types = sorted({entry["type"].lower() for entry in _data()["types"]}, key=len, reverse=True)
    words = [" ?".join(re.escape(w) for w in t.split()) for t in types]
    start = re.compile(rf"(?=(?:{'|'.join(words)}))")
    return start, [re.compile(rf"{w}{so} ?(.)", re.S) for w in words for so in (" ?số", "")]


def segmented_stretches(paragraph: str) -> list[tuple[int, int]] | None:
    """The stretches of ``paragraph`` whose underthesea tokens ``_numbered`` can read: those of a
    possible anchor (``_anchor_screen``); the rest of the paragraph need not be segmented (its
    tokens cannot start, continue or end an anchor).  None (segment it all) where lower-casing
    changes the paragraph's length, so that offsets would not carry over."""
    low = paragraph.lower()
    if len(low) != len(paragraph):
        return None
    start, variants = _anchor_screen()
    out = []
    for m in start.finditer(low):
        at = m.start()
        ends = [v.end() for v in (pat.match(low, at) for pat in variants) if v and v.group(1).isdigit()]
        if ends:
            out.append((at, max(ends)))
    return out


@lru_cache(maxsize=1)
def _law_re():
    known = alternation(l["name"] for l in _data()["laws"])
    return re.compile(rf"(?<!\w)(?:(?P<known>{known})|(?P<generic>(?:Bộ luật|Luật)\s+(?=[{UPPER}]|{_amend_words()})))")


@lru_cache(maxsize=1)
def _amend_words() -> str:
    return alternation(a["words"] for a in _data()["amending"])


@lru_cache(maxsize=1)
def _law_stop() -> re.Pattern:
    stops = alternation(e["stop"] for e in _data()["law_name_stops"])
    return re.compile(rf"(?:{stops})(?!\w)")


def _law_name_end(text: str, pos: int, limit: int) -> int:
    """End of a law's name whose first word starts at ``pos``: the name runs over words (a
    capitalised ``và`` continues it: ``Luật Tổ chức Hội đồng nhân dân và Ủy ban nhân dân``) up to
    punctuation, a function word that opens a clause (``năm``, ``số``, ``ngày``, ``của`` …) or
    another document."""
    types = _type_words_re()
    end = pos
    i = pos
    n_words = 0
    while i < limit and n_words < 14:
        m = re.match(r"\s*([^\s,;.:()“”\"\[\]]+)", text[i:limit])
        if not m:
            break
        w = m.group(1)
        ws = i + m.start(1)
        if n_words and (_law_stop().match(text, ws) or w[0].isdigit()):
            break
        if w == "và":
            nxt = re.match(r"\s+(\S+)", text[ws + 2:limit])
            if not nxt or not nxt.group(1)[:1].isupper() or types.match(text, ws + 2 + nxt.start(1)):
                break
        end = ws + len(w)
        i = end
        n_words += 1
    return end


@lru_cache(maxsize=1)
def _type_words_re() -> re.Pattern:
    words = alternation([t["type"] for t in _data()["types"]] + ["Luật", "Bộ luật"])
    return re.compile(rf"(?:{words})(?!\w)")


@lru_cache(maxsize=1)
def _issuer_re():
    d = _data()
    heads = alternation(d["issuer_heads"])
    joiners = alternation(list(d["issuer_heads"]) + [t["title"] for t in d["issuer_titles"]])
    types = alternation(t["type"] for t in d["types"])
    stops = (alternation(s for s in d["issuer_stops"] if s.strip()) + r"|(?<!,)\n|;|\.|\(|\)|:|”"
             + rf"|\s+và\s+(?:{types}|Luật|Bộ luật)(?!\w)|,(?!\s*(?:{joiners})(?!\w))")
    return re.compile(rf"\s*,?\s*của\s+(?P<issuer>(?:{heads})(?:(?!{stops})[\s\S]){{0,80}}?)(?=(?:{stops})|$)")


def _expand(issuer: str) -> str:
    issuer = re.sub(r"\s+", " ", issuer)
    for abbr, full in _data()["abbreviations"].items():
        issuer = re.sub(rf"(?<!\w){re.escape(abbr)}(?!\w)", full, issuer)
    return issuer.strip()


@lru_cache(maxsize=1)
def _funding_noun() -> re.Pattern:
    """A funding noun right before a governing verb (citations.yaml ``funding_nouns``)."""
    return re.compile(rf"(?<!\w)(?:{alternation(e['words'] for e in _data()['funding_nouns'])})\s+$")


_LOOK_BACK = 3000  # characters before a mention where the verb governing it is looked for


def _relation(folded: str, start: int, para_start: int, prev_end: int | None = None) -> str:
    """The verb governing the clause the mention sits in: the nearest one before it wins.

    A governing verb written after an earlier citation of the same clause belongs to that
    document's title (``Nghị quyết số 57/NQ-CP … ban hành Chương trình … thực hiện Nghị quyết số
    11-NQ/TW``): the later document is only mentioned.  A document the plan follows for its
    rules (``kinh phí thực hiện theo Thông tư …``, ``xử lý vi phạm theo Nghị định …``) is mentioned.
    """
    rel = _data()["relations"]
    # the clause's verb is near: a bounded look back keeps a paragraph of one long line (a plan
    # joined into one line) linear; ``lo`` stays an offset of the paragraph's window
    lo = max(para_start, start - _LOOK_BACK)
    window = folded[lo:start]
    if lo > para_start:  # the window may open inside a quoted title: blank up to its end
        q = window.find("”")
        if q >= 0 and "“" not in window[:q]:
            window = " " * (q + 1) + window[q + 1:]
    window = re.sub(r"“[^”]*”", lambda m: " " * len(m.group(0)), window)
    para_start = lo
    best, best_pos = "mentions", -1
    for name in ("basis", "implements", "mentions"):
        for word in rel[name]:
            for m in re.finditer(rf"(?<!\w){re.escape(word)}(?!\w)", window):
                if m.start() > best_pos or (m.start() == best_pos and name == "mentions"):
                    best, best_pos = name, m.start()
    # "tuyên truyền thực hiện chính sách …: Luật …" — propaganda about a document is a mention
    if best == "implements" and re.search(r"tuyên truyền\s*(?:,\s*\w+\s*)?$", window[:best_pos].rstrip()):
        return "mentions"
    if best != "mentions" and prev_end is not None and para_start + best_pos >= prev_end \
            and not re.search(r"[;]", folded[prev_end:start]) \
            and not re.match(r"\s*(?:,|và\b|\.)", folded[prev_end:para_start + best_pos]):
        return "mentions"  # the verb continues the earlier document's title
    # "Kinh phí thực hiện được bố trí … tại Quyết định …": the verb is part of a funding noun,
    # the clause follows the document's allocation (a funding clause → mentions)
    if best == "implements" and _funding_noun().search(window, 0, best_pos):
        return "mentions"
    if best == "implements":
        follows = alternation(c["cue"] for c in _data()["follows_rules"])
        after = window[best_pos:]
        for w in _data()["attached_words"]:
            after = after.replace(w["words"], " " * len(w["words"]))
        if re.search(rf"(?<!\w)(?:{follows})(?!\w)", after):
            return "mentions"
    return best


@lru_cache(maxsize=1)
def _proposer_re() -> re.Pattern:
    """``Theo đề nghị của <who> tại``: the cues of citations.yaml ``proposal_cues``, first letter
    either case."""
    cues = "|".join(rf"[{c['cue'][0].upper()}{c['cue'][0].lower()}]{re.escape(c['cue'][1:])}".replace(r"\ ", r"\s+")
                    for c in _data()["proposal_cues"])
    return re.compile(rf"(?:{cues})\s+(?P<who>[^;:()]{{3,120}}?)\s+tại\s*$")


def _proposer(text: str, start: int, para_start: int) -> str | None:
    """The body that proposed a document the decision was taken on: ``Theo đề nghị của Trưởng
    phòng Văn hóa - Xã hội tại Tờ trình số …`` → ``Phòng Văn hóa - Xã hội``."""
    before = text[max(para_start, start - 400):start]  # the proposer's words are right before
    m = _proposer_re().search(before)
    if not m:
        return None
    who = m.group("who").strip()
    for t in _data()["proposer_titles"]:
        tm = re.match(rf"{re.escape(t['title'])}\s+(?P<rest>.+)$", who)
        if tm:
            rest = tm.group("rest")
            return _expand(f"{t['body']} {rest}".strip() if t["body"] else rest)
    return _expand(who)


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
        if m is None:
            continue  # a token that begins with a digit the number pattern does not read ("²", "١")
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
    # "Thông báo kết luận số 12-TB/TU" is one mention, not also a "Kết luận": the longest type wins
    first = {}
    for f in found:
        if f["core"][0] not in first or f["start"] < first[f["core"][0]]["start"]:
            first[f["core"][0]] = f
    return [f for f in found if first[f["core"][0]] is f]


def _laws(ctx) -> list[dict]:
    """Named laws and codes: ``Luật Bình đẳng giới``, ``Bộ luật Lao động (sửa đổi) năm 2019``,
    ``Luật … số 73/2006/QH11 ngày 29/11/2006``, and an amending law with the laws its title names
    (``Luật sửa đổi, bổ sung một số điều của Luật A và Luật B``: one citation)."""
    text = ctx.text
    out = []
    covered_to = -1
    for m in _law_re().finditer(text):
        if m.start() < covered_to:
            continue  # a law named inside an amending law's title
        # a law's name and what follows it are short: a bounded look keeps one long line linear
        para_end = text.find("\n", m.start(), m.start() + 2000)
        para_end = min(len(text), m.start() + 2000) if para_end < 0 else para_end
        if m.group("known"):
            end = m.end()
        else:
            head_end = m.end()
            am = re.match(rf"(?:{_amend_words()})\s*", text[head_end:para_end])
            if am:
                # the amended laws, joined by "và" or commas, belong to the name
                end = head_end + am.end()
                while True:
                    lm = _law_re().match(text, end)
                    if not lm:
                        break
                    end = lm.end() if lm.group("known") else _law_name_end(text, lm.end(), para_end)
                    jm = re.match(r"\s*(?:,|và)\s*(?=(?:Bộ luật|Luật)\s)", text[end:para_end])
                    if not jm:
                        break
                    end += jm.end()
            else:
                end = _law_name_end(text, head_end, para_end)
        name = re.sub(r"[\s,]+$", "", text[m.start():end])
        end = m.start() + len(name)
        if name in ("Luật", "Bộ luật"):
            continue
        type_ = "Bộ luật" if name.startswith("Bộ luật") else "Luật"
        number = date = None
        # what follows the name: "(sửa đổi …)", "năm 2015", "số 73/2006/QH11", "ngày 29/11/2006"
        core_end = end
        while True:
            rest = text[end:para_end]
            bm = re.match(r"\s*\((?:sửa đổi|được sửa đổi)[^)]{0,60}\)", rest)
            if bm:
                end += bm.end()
                continue
            ym = re.match(r"\s+năm\s+(\d{4})(?!\d)", rest)
            if ym and not date:
                date, end = ym.group(1), end + ym.end()
                continue
            nm = re.match(r"\s+số\s+(?P<num>\d+/\d{4}/[A-Z]+\d*)", rest)
            if nm and not number:
                number, end = nm.group("num"), end + nm.end()
                continue
            dm = DATE_AFTER.match(text, end)
            if dm and (date is None or len(date) == 4) and dm.start("date") - end < 12:
                value = _date_value(dm.group("date"))
                if value:
                    date, end = value, dm.end()
                    continue
            break
        covered_to = end
        out.append(dict(start=m.start(), end=end, type=type_, number=number, name=name,
                        date=date, issuer=None, core=(m.start(), core_end)))
    return out


_SUP_DIGITS = str.maketrans("¹²³⁴⁵⁶⁷⁸⁹⁰", "1234567890")
_BODY_MARK = re.compile(rf"(?<=\w)(?P<sup>[{SUPERSCRIPT}]+)|\[(?P<br>\d{{1,2}})\]|\s?\((?P<star>\*{{1,3}})\)"
                        # a superscript flattened to a plain digit: "của tỉnh1 và", "năm 20241,"
                        r"|(?<=[^\W\d_A-ZĐ][^\W\d_A-ZĐ])(?P<gl>\d{1,2})(?![\w/])"
                        r"|(?<=(?<![\d/.,])(?:19|20)\d\d)(?P<gy>\d)(?![\w/.,]\d|\d)")
_NOTE_MARK = re.compile(rf"^\s*(?:(?P<sup>[{SUPERSCRIPT}]+)|\[(?P<br>\d{{1,2}})\]|\((?P<star>\*{{1,3}})\)|(?P<num>\d{{1,2}})(?=\s))")


def _mark_key(m: re.Match) -> str:
    if m.group("sup"):
        return m.group("sup").translate(_SUP_DIGITS)
    if m.group("br"):
        return m.group("br")
    if m.group("star"):
        return m.group("star")
    g = m.groupdict()
    return g.get("num") or g.get("gl") or g.get("gy") or ""


def _footnote_links(ctx, found: list[dict]) -> list[dict]:
    """Body mentions without a number whose footnote gives it: ``Kế hoạch của … năm 2025¹``,
    ``Kế hoạch thực hiện Chiến lược … của tỉnh[1]``, ``Kế hoạch của UBND huyện … (*)``."""
    text = ctx.text
    out = []
    notes = {}
    for f in found:
        if ctx.structure.part_at(f["start"]) == "footnote":
            p = ctx.structure.paras[ctx.structure.para_index(f["start"])]
            mk = _NOTE_MARK.match(p.text)
            if mk:
                notes.setdefault(_mark_key(mk), f)
    if not notes:
        return out
    types = alternation(t["type"] for t in _data()["types"])
    for mark_m in _BODY_MARK.finditer(text):
        if ctx.structure.part_at(mark_m.start()) == "footnote" or _mark_key(mark_m) not in notes:
            continue
        para = ctx.structure.paras[ctx.structure.para_index(mark_m.start())]
        lo = max(para.start, mark_m.start() - 250)
        before = text[lo:mark_m.start()]
        tm = None
        for tm in re.finditer(rf"(?<!\w)({types})(?!\w)(?!\s+(?:số\s+)?\d)", before):
            pass
        if tm is None or ";" in before[tm.end():]:
            continue
        note = notes[_mark_key(mark_m)]
        start = lo + tm.start()
        im = _issuer_re().match(text, lo + tm.end())
        if im:
            issuer, end = _expand(im.group("issuer")), im.end()
        else:
            issuer, end = note["issuer"], mark_m.start()
            cm = re.search(r"\s+của\s+\S+(?:\s+\S+){0,6}$", text[start:end])
            end = end if cm else lo + tm.end()
        out.append(dict(note, start=start, end=end, issuer=issuer or note["issuer"],
                        type=tm.group(1)[0].upper() + tm.group(1)[1:].lower(), core=(start, end), footnote=note))
    return out


def _catalogued(c: Citation, plan_date: str | None) -> Citation:
    """Give a mention its catalogue key and fields; flag a document replaced before the plan's date."""
    from dataclasses import replace

    from extractors import catalogue

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
    # the plan's own number is no citation (a decision's attached plan, a running page header)
    meta = ctx.facts.get("meta")
    own = re.sub(r"\s", "", meta.doc_number).upper() if meta is not None and meta.doc_number else None
    own_refs = []
    kept = []
    for f in found:
        para = ctx.structure.paras[ctx.structure.para_index(f["start"])]
        attached = f["start"] - para.start < 200 and re.match(
            r"^\(?\s*(?:Ban hành\s+)?kèm theo\s*$", ctx.text[para.start:f["start"]].strip(), flags=re.I)
        same_day = not (f["date"] and meta is not None and meta.issue_date
                        and not f["date"].startswith(meta.issue_date) and not meta.issue_date.startswith(f["date"]))
        if (own and f["number"] and re.sub(r"\s", "", f["number"]).upper() == own and same_day) or \
                (attached and meta is not None and f["type"] == meta.doc_type):
            own_refs.append((f["start"], f["end"]))
            continue
        kept.append(f)
    ctx.facts["own_refs"] = own_refs
    out = []
    prev = None  # the previous mention of the same paragraph
    for f in kept:
        para = ctx.structure.paras[ctx.structure.para_index(f["start"])]
        prev_end = prev["end"] if prev is not None and prev["start"] >= para.start else None
        relation = _relation(ctx.folded, f["start"], para.start, prev_end)
        issuer = f["issuer"]
        if issuer is None and not f["name"]:
            issuer = _proposer(ctx.text, f["start"], para.start)
            relation = "mentions" if issuer else relation
        # "…, có hiệu lực thi hành từ ngày 01/7/2023": the date belongs to the cited document
        end = f["end"]
        em = re.match(r"\s*,?\s*(?:và\s+)?có hiệu lực(?:\s+thi hành)?\s+(?:kể\s+)?từ\s+(?:ngày\s+)?(?:\d{1,2}\s*/\s*\d{1,2}\s*/\s*\d{4}|\d{1,2}\s+tháng\s+\d{1,2}\s+năm\s+\d{4})",
                      ctx.text[end:end + 80])
        if em:
            end += em.end()
        prev = f
        page, section = ctx.where(f["start"])
        out.append(Citation(
            char_start=f["start"], char_end=end, page=page, section=section,
            surface=ctx.text[f["start"]:end], type=f["type"], number=f["number"], name=f["name"],
            date=f["date"], year=_year(f["number"], f["date"]), issuer=issuer, relation=relation,
            cited_key=cited_key(f["type"], f["number"], f["name"]),
        ))
    return [_catalogued(c, plan_date) for c in out]


def spans(citations: list[Citation]) -> list[tuple[int, int]]:
    return [(c.char_start, c.char_end) for c in citations]
