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
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from pipeline.models import Meta
from pipeline.text.structure import title_inline

from extractors import dates as dates_mod
from extractors.rules.lexicon import alternation, fold, key, load_yaml


@lru_cache(maxsize=1)
def _data():
    return load_yaml("meta.yaml")


def _type_words():
    return alternation(sorted(_data()["locality_types"], key=len, reverse=True))


def _bare(s: str) -> str:
    """Lower case without tone or vowel marks, same length (``UỶ BAN`` = ``uy ban`` = ``ủy ban``)."""
    out = []
    for c in s.lower():
        if c == "đ":
            out.append("d")
            continue
        d = unicodedata.normalize("NFD", c)
        out.append(d[0] if d else c)
    return "".join(out)


# ------------------------------------------------------------------------------- place names

def _name_words(words: list[str]) -> list[str]:
    """The words of a proper name at the start of ``words``: capitalised, or a number."""
    out = []
    for w in words:
        w2 = w.strip(",;:.()")
        if not w2 or w2 != w or len(out) >= 4:
            if w2 and w2 != w and w2[:1].isupper() and not (len(w2) > 1 and w2.isupper()) and len(out) < 4:
                out.append(w2)
            break
        if w2.isdigit() and not out and len(w2) <= 2:
            out.append(w2)
            break
        if w2[:1].isupper() and not (len(w2) > 1 and w2.isupper()) and not w2.isdigit():
            out.append(w2)
            continue
        if w2 == "-" and out:
            out.append(w2)
            continue
        break
    while out and out[-1] == "-":
        out.pop()
    return out


def _locality(title: str):
    """(name, type) of the last place named in the title: ``trên địa bàn quận Long Biên``."""
    found = []
    for m in re.finditer(rf"(?<!\w)({_type_words()})\s+", title, flags=re.I):
        typ = m.group(1).lower()
        if m.group(1)[0].isupper() and not m.group(1).isupper() and re.match(r"\d", title[m.end():]):
            words = title[m.end():].split()
            found.append((m.start(), f"{typ[0].upper()}{typ[1:]} {words[0].strip(',;.')}", typ))
            continue
        if m.group(1).isupper():
            continue  # a title in capitals: its header gives the place
        words = _name_words(title[m.end():].split())
        if not words:
            continue
        if words[0].isdigit():
            found.append((m.start(), f"{typ[0].upper()}{typ[1:]} {words[0]}", typ))
        else:
            found.append((m.start(), " ".join(words), typ))
    return max(found)[1:] if found else None


def _org_case(caps: str) -> str:
    """A body's name printed in capitals, cased the official way when the text never writes it:
    the first word of each part capitalised (``SỞ VĂN HÓA, THỂ THAO VÀ DU LỊCH`` → ``Sở Văn hóa,
    Thể thao và Du lịch``)."""
    out, first = [], True
    for w in caps.split():
        low = w.lower()
        if low in ("-", "–", "và", "&"):
            out.append(low)
            first = True
            continue
        out.append(low[:1].upper() + low[1:] if first or len(out) == 1 else low)
        first = w.endswith(",")
    return " ".join(out)


def _as_written(caps: str, text: str, org: bool = False) -> str:
    """A name printed in capitals, as the running text writes it (``KRÔNG PẮC`` → ``Krông Pắc``)."""
    k = fold(caps)
    folded = _folded(text)
    pos = folded.find(k) if k else -1
    while pos >= 0:
        cand = text[pos:pos + len(caps)]
        if cand != cand.upper():
            return cand
        pos = folded.find(k, pos + 1)
    if org:
        return _org_case(caps)
    return " ".join(w[:1].upper() + w[1:].lower() for w in caps.split())


_FOLDED: dict[int, tuple[str, str]] = {}


def _folded(text: str) -> str:
    """The folded text of the plan, given once by ``extract`` (``ctx.folded``)."""
    got = _FOLDED.get(id(text))
    if got is not None and got[0] is text:
        return got[1]
    return fold(text)


def _level(name: str, typ: str) -> str:
    if typ == "thành phố" and name in _data()["central_cities"]:
        return "province"
    return _data()["locality_types"][typ]


# ------------------------------------------------------------------------------------ issuer

@lru_cache(maxsize=1)
def _head_re() -> re.Pattern:
    """Issuing heads, matched on ``_bare`` text."""
    heads = sorted({_bare(h) for h in _data()["issuer_heads"]}, key=len, reverse=True)
    words = sorted({_bare(w["word"]) for w in _data()["issuer_head_words"]}, key=len, reverse=True)
    return re.compile(r"(?<!\w)(?:(?P<head>" + "|".join(map(re.escape, heads)) + r")|(?P<word>"
                      + "|".join(map(re.escape, words)) + r"))(?!\w)")


@lru_cache(maxsize=1)
def _head_words_folded() -> frozenset:
    return frozenset(fold(w["word"]) for w in _data()["issuer_head_words"])


def _is_head(joined: str, m: re.Match) -> bool:
    """A head word keeps its tone marks ("PHÒNG", not the name "PHONG QUANG"); a full issuing
    head may lose them (OCR's "UY BAN NHAN DAN")."""
    return bool(m.group("head")) or fold(joined[m.start():m.end()]) in _head_words_folded()


@lru_cache(maxsize=1)
def _type_re_bare() -> re.Pattern:
    types = sorted({_bare(t) for t in _data()["locality_types"]}, key=len, reverse=True)
    return re.compile(r"(?<!\w)(" + "|".join(map(re.escape, types)) + r")\s+(\S.*)$")


def _type_of_bare(b: str) -> str | None:
    for t in _data()["locality_types"]:
        if _bare(t) == b:
            return t
    return None


_MOTTOS_BARE = re.compile(r"cong\s+hoa\s+xa\s+hoi\s+chu\s+nghia\s+viet\s+nam|doc\s+lap\s*[-–]\s*tu\s+do\s*[-–]\s*hanh\s+phuc")


def _issuer_column(header: list[str]) -> list[str]:
    """The lines of the header's issuer column, mottos, rules and the number/date line removed."""
    col = []
    for line in header:
        for cell in line.split("|"):
            t = re.split(r"Số\s*:", cell)[0]
            # the motto, also with OCR's zero for O ("C0NG HÒA"); a "0" elsewhere ("QUẬN 10") stays
            for m in reversed(list(_MOTTOS_BARE.finditer(_bare(t.replace("0", "o"))))):
                t = t[:m.start()] + " " + t[m.end():]
            t = re.sub(r"[_\-–—=]{3,}", " ", t)
            t = re.sub(r"\s+", " ", t).strip()
            if t and t == t.upper() and any(c.isalpha() for c in t):
                col.append(t)
    return col


def _units(col: list[str], text: str) -> list[tuple[str, tuple | None]]:
    """(body as written, (name, type) or None) for each body of the issuer column, top first.
    A line that starts no body continues the line above (a narrow column wraps: ``ỦY BAN NHÂN
    DÂN XÃ / LŨNG CÚ``, ``BAN VÌ SỰ TIẾN BỘ CỦA / PHỤ NỮ``)."""
    lines: list[str] = []
    for t in col:
        hm = _head_re().match(_bare(t))
        if lines and not (hm and _is_head(t, hm)):
            lines[-1] += " " + t
        else:
            lines.append(t)
    joined = "\n".join(lines)
    bare = _bare(joined)
    heads = _data()["issuer_heads"]
    bare_heads = {_bare(h): full for h, full in heads.items()}
    # a body starts its line: "PHÒNG" inside "THÀNH PHỐ HẢI PHÒNG" is a name, not a head
    hits = [m for m in _head_re().finditer(bare) if (m.start() == 0 or bare[m.start() - 1] == "\n")
            and _is_head(joined, m)]
    types_b = sorted({_bare(t) for t in _data()["locality_types"]}, key=len, reverse=True)
    units = []
    for i, m in enumerate(hits):
        end = hits[i + 1].start() if i + 1 < len(hits) else len(joined)
        seg = joined[m.start():end]
        rest_b = bare[m.end():end]
        if m.group("head"):
            body = bare_heads[m.group("head")]
            rest = joined[m.end():end]
        else:
            # a body named by a head word: its name runs to the end of its line, or to a place
            # type word when the running text names that place (``SỞ … VÀ XÃ HỘI`` has none)
            line_end = joined.find("\n", m.start())
            line_end = end if line_end < 0 or line_end > end else line_end
            name_end = line_end
            for tm in re.finditer(rf"\s({'|'.join(map(re.escape, types_b))})\s+(\S.*)$", bare[m.start():line_end]):
                typ = _type_of_bare(tm.group(1))
                raw = joined[m.start() + tm.start(2):line_end].strip()
                if typ and re.search(rf"(?<!\w){re.escape(typ)}\s+{re.escape(_as_written(raw, text))}(?!\w)", text):
                    name_end = m.start() + tm.start()
            body = _as_written(joined[m.start():name_end].strip(), text, org=True)
            rest = joined[name_end:end]
            rest_b = bare[name_end:end]
        place = None
        off = len(rest_b) - len(rest_b.lstrip())
        first_b = rest_b[off:].split("\n")[0]
        pm = _type_re_bare().match(first_b)
        if pm:
            typ = _type_of_bare(pm.group(1))
            raw = rest[off + pm.start(2):].split("\n")[0].strip()
            if typ and raw:
                if re.fullmatch(r"\d{1,2}", raw):
                    place = (f"{typ[0].upper()}{typ[1:]} {raw}", typ)
                else:
                    place = (_as_written(raw, text), typ)
        units.append((body, place, seg))
    return [(b, p) for b, p, _ in units]


def _issuer_from_preamble(paras: list[str]) -> tuple[str, tuple | None] | None:
    """The body the preamble's closing sentence names: ``Sở … thành phố Đà Nẵng xây dựng Kế hoạch``."""
    words = alternation(w["word"] for w in _data()["issuer_head_words"])
    verbs = alternation(v["verb"] for v in _data()["issuing_verbs"])
    found = None
    for t in paras:
        for m in re.finditer(rf"(?<!\w)(?P<body>(?:{words})(?:\s+[^\s,;:()]+){{0,16}}?)\s+(?:{verbs})\s+(?:Kế hoạch|kế hoạch)", t):
            found = m.group("body")
    if not found:
        return None
    pm = re.search(rf"\s({_type_words()})\s+(.+)$", found)
    if pm:
        words = _name_words(pm.group(2).split())
        place = (" ".join(words), pm.group(1)) if words else None
        body = found[:pm.start()].strip()
    else:
        body, place = found.strip(), None
    if fold(body).startswith(("ubnd", "uy ban", "ủy ban")):
        body = "Ủy ban nhân dân"
    return body, place


# --------------------------------------------------------------------------------- signature

@lru_cache(maxsize=1)
def _titles() -> list[tuple[str, str]]:
    return sorted(((t["printed"], t["title"]) for t in _data()["signer_title_words"]), key=lambda x: -len(x[0]))


@lru_cache(maxsize=1)
def _mark_re() -> re.Pattern:
    marks = sorted((m["mark"] for m in _data()["signature_marks"]), key=len, reverse=True)
    # "TM." needs its dot ("KT" alone is a filing code in "Lưu: VT, KT"); "T/M" may drop it
    alts = [re.escape(m) + (r"\.?" if "/" in m else r"\.") for m in marks]
    return re.compile(r"(?<![\w/])(" + "|".join(alts) + r")\s*(?=\S)")


def _mark_name(mm: re.Match) -> str:
    return mm.group(1).rstrip(".")


def _signed(t: str) -> bool:
    return any(re.match(s["pattern"], t.strip(), flags=re.I) for s in _data()["signed_marks"])


def _person(t: str) -> bool:
    words = t.split()
    if not 2 <= len(words) <= 6:
        return False
    for w in words:
        if not w.isalpha() or len(w) < 2 or not w[0].isupper() or not w[1:].islower():
            return False
    return True


def _title_case(printed: str) -> str:
    up = printed.strip().upper()
    for p, t in _titles():
        if up == p:
            return t
    return up[:1] + up[1:].lower()


def _split_flat(t: str) -> list[str]:
    """Items of a signature block flattened into one string: marks, titles, ``(Đã ký)``, the name."""
    items = []
    words = t.split()
    k = len(words)
    while k > 0 and _person(words[k - 1] + " Xy") and len(words) - k < 6:
        k -= 1
    name = None
    if len(words) - k >= 2:
        name = " ".join(words[k:])
        t = " ".join(words[:k])
    signed = None
    sm = re.search(r"\(?\s*(?:đã\s+)?ký\s*\)?\s*$", t, flags=re.I)
    if sm:
        signed, t = sm.group(0), t[:sm.start()].rstrip()
    pieces = []
    last = 0
    for m in _mark_re().finditer(t):
        if m.start() > last:
            pieces.append(t[last:m.start()].strip())
        last = m.start()
    pieces.append(t[last:].strip())
    for p in pieces:
        if not p:
            continue
        mm = _mark_re().match(p)
        if mm and _mark_name(mm) not in ("TM", "T/M"):
            content = p[mm.end():]
            for printed, _ in _titles():
                if content.upper().startswith(printed) and len(content) > len(printed):
                    items += [p[:mm.end()] + content[:len(printed)], content[len(printed):].strip()]
                    break
            else:
                items.append(p)
        elif mm:
            content = p[mm.end():]
            cut = None
            for printed, _ in _titles():
                pos = content.upper().find(" " + printed)
                if pos >= 0 and (cut is None or pos < cut):
                    cut = pos
            items += [p[:mm.end() + cut], content[cut:].strip()] if cut is not None else [p]
        else:
            items.append(p)
    if signed:
        items.append(signed)
    if name:
        items.append(name)
    return [i for i in items if i]


def _signature_items(st) -> list[str]:
    """The lines of the (first) signature block, each an item."""
    items: list[str] = []
    started = False
    for p, part in zip(st.paras, st.part_of):
        if part == "signature":
            started = True
            t = p.text.strip()
            if not t or re.fullmatch(r"[_\-–—=.|\s]+", t):
                continue
            if _is_title_line(t) or t.startswith("PHỤ LỤC"):
                break  # an attached document starts
            flat = "|" in t or len(_mark_re().findall(t)) > 1 or (t.split()[0].isupper() and _person(" ".join(t.split()[-2:])))
            if flat:
                items += _split_flat(t)
            elif t.startswith(("-", "+", "•")) and not _person(t):
                # a recipient line with the signature's column at its end ("- Lưu: VT. Nguyễn Thị Hoa")
                tail = _column_tail(t)
                if tail:
                    items.append(tail)
            else:
                items.append(t)
        elif started and part in ("header", "title"):
            break
    if items:
        return items
    # a block printed beside the recipients: each line ends with the signature's column
    rec = [p.text for p, part in zip(st.paras, st.part_of) if part == "recipients"]
    if not any(_mark_re().search(t) for t in rec):
        return []
    flat = []
    for t in rec + [p.text for p in _after_recipients(st)]:
        for cell in t.split("|"):
            mm = _mark_re().search(cell)
            if mm:
                flat.append(cell[mm.start():].strip())
                continue
            tail = _column_tail(cell)
            if tail:
                flat.append(tail)
    out = []
    for t in flat:
        out += _split_flat(t)
    return out


def _column_tail(cell: str) -> str | None:
    """The signature column's part at the end of a recipients line: an upper-case title, ``(đã
    ký)`` or a name, after the recipient's own punctuation."""
    cell = re.sub(r"[\s_\-–—|`'.]+$", "", cell)  # OCR's rule and noise after the last word
    sm = re.search(r"\(\s*(?:đã\s+)?ký\s*\)\s*$", cell, flags=re.I)
    if sm:
        return sm.group(0).strip()
    m = re.search(r"(?:^|[;.:)]\s)\s*([^;.:()]+)$", cell.strip())
    if not m:
        return None
    tail = m.group(1).strip()
    words = tail.split()
    if len(words) >= 2 and tail == tail.upper() and all(w.isalpha() for w in words):
        return tail
    if _person(tail):
        return tail
    return None


def _after_recipients(st) -> list:
    """The few lines after the recipients when no signature part was found (an OCR'd name)."""
    idx = [i for i, k in enumerate(st.part_of) if k == "recipients"]
    if not idx:
        return []
    out = []
    for p, k in zip(st.paras[idx[-1] + 1:idx[-1] + 4], st.part_of[idx[-1] + 1:idx[-1] + 4]):
        if k in ("header", "title"):
            break
        out.append(p)
    return out


def _is_title_line(t: str) -> bool:
    from pipeline.text.structure import _is_title_word

    return _is_title_word(t)


def _caps_name(t: str) -> bool:
    """A name printed in capitals (``NGUYỄN VĂN TƯ``): not a title, a body or a mark."""
    words = t.split()
    up = t.upper()
    return (2 <= len(words) <= 5 and t == up and all(w.isalpha() for w in words)
            and not any(up.startswith(p) or up.endswith(p) for p, _ in _titles())
            and not any(_is_head(t, m) for m in _head_re().finditer(_bare(t))) and not _mark_re().match(t))


def _signer(items: list[str]) -> tuple[str | None, str | None]:
    items = [i for i in items if i.strip()]
    name = next((i for i in reversed(items) if _person(i)), None)
    if name is None and items and _caps_name(items[-1]) and len(items) > 1:
        name = items[-1]
    marks = {m["mark"]: m for m in _data()["signature_marks"]}
    title = None
    last_mark = None
    for k, it in enumerate(items):
        mm = _mark_re().match(it)
        if mm and not marks.get(_mark_name(mm), {}).get("title_prefix"):
            last_mark = k
    start = 0 if last_mark is None else last_mark + 1
    # a body's name wrapped onto the next line ("TM. BAN VÌ SỰ TIẾN BỘ CỦA / PHỤ NỮ / TRƯỞNG BAN"):
    # the first line that is a known title wins over an unknown upper-case line before it
    rest = items[start:]
    known_at = next((k for k, it in enumerate(rest) if any(it.strip().upper() == p for p, _ in _titles())), None)
    if known_at is not None and all(not _mark_re().match(it) for it in rest[:known_at]):
        rest = rest[known_at:]
    for it in rest:
        if it == name or _signed(it):
            continue
        mm = _mark_re().match(it)
        if mm and marks.get(_mark_name(mm), {}).get("title_prefix"):
            title = f"{marks[_mark_name(mm)]['title_prefix']} {_title_case(it[mm.end():])}"
            break
        if mm:
            continue
        known = any(it.strip().upper() == printed for printed, _ in _titles())
        words = it.split()
        if known or (it == it.upper() and words and all(len(w) > 1 and w.isalpha() for w in words)):
            title = _title_case(it)
            break
    return name, title


# ------------------------------------------------------------------------------------ period

def _period(title: str, text: str, issue_year: int | None) -> tuple[int | None, int | None]:
    t = fold(title)
    m = re.search(r"(?:năm|giai đoạn)\s+(\d{4})\s*(?:-|–|đến)\s*(?:năm\s+)?(\d{4})", t)
    if m:
        return int(m.group(1)), int(m.group(2))
    m = re.search(r"năm\s+(\d{4})", t) or re.search(r"(?<![\d/])(\d{4})\s*[-–]\s*(\d{4})(?![\d/])", t)
    if m and m.lastindex == 2:
        return int(m.group(1)), int(m.group(2))  # "Kế hoạch hành động 2021 - 2025"
    if m:
        return int(m.group(1)), int(m.group(1))
    m = re.search(r"Thời gian thực hiện\s*:\s*[Nn]ăm\s+(\d{4})", text)
    if m:
        return int(m.group(1)), int(m.group(1))
    return issue_year, issue_year


# ---------------------------------------------------------------------------------- province

def _province_named(text: str, loc: tuple | None, level: str | None) -> str | None:
    provs = alternation(_data()["provinces"])
    for m in re.finditer(rf"(?:tỉnh|[Tt]hành phố|TP\.?|Thành ủy|Thành Ủy|Tỉnh ủy|Tỉnh Ủy)\s+({provs})(?!\w)", text):
        if not loc or m.group(1) != loc[0] or level != "district":
            return m.group(1)
    return None


def _as_of(province: str | None, when: str | None, district: str | None = None) -> str | None:
    """The province's name at the plan's date (``when``, ``YYYY[-MM[-DD]]``): an official list
    names it as it is now; meta.yaml ``province_renamings`` gives its earlier names (a renaming, or
    a merger for the districts that were the earlier province's)."""
    if not province or not when:
        return province
    for r in _data()["province_renamings"]:
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
            plevel = _level(*ploc)
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
    _FOLDED.clear()
    _FOLDED[id(text)] = (text, ctx.folded)
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
            meta.doc_type = _data()["symbol_types"].get(meta.doc_symbol.split("-")[0])
    # issue date: the header's date line; blanks give the precision that is left
    for p in header:
        found = [e for e in dates_mod.find(ctx.folded[p.start:p.end]) if e.form in ("header", "day")]
        if found and num:
            e = found[0]
            meta.issue_date = e.value or (e.years[0] if e.years else None)
            break

    # title (without a decision's authority line: "ỦY BAN NHÂN DÂN QUẬN 11") and locality
    heads_bare = tuple(_bare(h) for h in _data()["issuer_heads"])
    title_lines = ([title_paras[0].text[inline:].strip()] if inline else []) + [p.text for p in title_paras[1:]
                   if not (p.text == p.text.upper() and (_bare(p.text).startswith(heads_bare)
                                                        or any(p.text.startswith(t) for t, _ in _titles())))]
    meta.title = " ".join(title_lines) or None

    units = _units(_issuer_column([p.text for p in header]), text)
    issuer_body = loc = None
    if units:
        issuer_body = units[-1][0]
        for body, place in reversed(units):  # the issuing body's place, or the place of the body above it
            if place:
                loc = place
                break
    title_loc = _locality(meta.title or "")
    loc = loc or title_loc
    if not issuer_body:
        pre = [p.text for p, k in zip(st.paras, parts) if k == "preamble"]
        got = _issuer_from_preamble(pre)
        if got:
            issuer_body = got[0]
            loc = loc or got[1]
        else:
            sig = " ".join(p.text for p, k in zip(st.paras, parts) if k in ("signature", "recipients"))
            for head, full in _data()["issuer_heads"].items():
                if re.search(rf"(?:TM\.|T/M\.?)\s*{re.escape(head)}", sig, flags=re.I):
                    issuer_body = full
                    break
    if loc:
        meta.locality_name, meta.locality_type = loc
        meta.locality_level = _level(*loc)
    if issuer_body and loc:
        numbered = loc[0].lower().startswith(loc[1])
        meta.issuer = f"{issuer_body} {loc[0]}" if numbered else f"{issuer_body} {loc[1]} {loc[0]}"
    elif issuer_body:
        meta.issuer = issuer_body

    issue_year = int(meta.issue_date[:4]) if meta.issue_date and meta.issue_date[:4].isdigit() else None
    meta.period_start, meta.period_end = _period(meta.title or "", text, issue_year)
    if meta.period_start:
        meta.period = str(meta.period_start) if meta.period_start == meta.period_end else f"{meta.period_start}/{meta.period_end}"
    parents = tuple(place for _, place in units if place and place != loc) if units else ()
    meta.province = _province(text, loc, meta.locality_level, meta.issue_date, meta.period_start, parents)

    meta.signer_name, meta.signer_title = _signer(_signature_items(st))
    ctx.facts["meta"] = meta
    return meta
