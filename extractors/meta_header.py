"""The plan's issuer and its place, from the header's issuer column or, without one, the preamble.

* the header's issuer column, in any layout (two columns flattened with spaces or ``|``, the
  motto on the same line, an OCR ``UY BAN NHAN DAN``): a list of bodies from the highest to the
  issuing one (``UBND HUYỆN MỘC CHÂU / BAN VÌ SỰ TIẾN BỘ CỦA PHỤ NỮ``), each with the place it
  prints (:func:`issuer_units`);
* a lost header: the body the preamble's closing sentence names (``Sở … thành phố Đà Nẵng xây
  dựng Kế hoạch``: :func:`issuer_from_preamble`);
* the place the title names (``trên địa bàn quận Long Biên``: :func:`title_locality`) and a
  place's level (:func:`level_of`).

Names printed in capitals are written as the running text writes them (``KRÔNG PẮC`` → ``Krông
Pắc``).  The words are ``extractors/rules/meta.yaml``'s (:func:`data`); :mod:`extractors.meta`
puts the fields together.
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from extractors.rules.lexicon import alternation, fold, load_yaml


@lru_cache(maxsize=1)
def data():
    return load_yaml("meta.yaml")


def _type_words():
    return alternation(sorted(data()["locality_types"], key=len, reverse=True))


def unmarked(s: str) -> str:
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


def title_locality(title: str):
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


def _as_written(caps: str, text: str, folded: str, org: bool = False) -> str:
    """A name printed in capitals, as the running text writes it (``KRÔNG PẮC`` → ``Krông Pắc``);
    ``folded`` is the text folded (``ctx.folded``)."""
    k = fold(caps)
    pos = folded.find(k) if k else -1
    while pos >= 0:
        cand = text[pos:pos + len(caps)]
        if cand != cand.upper():
            return cand
        pos = folded.find(k, pos + 1)
    if org:
        return _org_case(caps)
    return " ".join(w[:1].upper() + w[1:].lower() for w in caps.split())



def level_of(name: str, typ: str) -> str:
    if typ == "thành phố" and name in data()["central_cities"]:
        return "province"
    return data()["locality_types"][typ]


# ------------------------------------------------------------------------------------ issuer

@lru_cache(maxsize=1)
def head_re() -> re.Pattern:
    """Issuing heads, matched on ``bare`` text."""
    heads = sorted({unmarked(h) for h in data()["issuer_heads"]}, key=len, reverse=True)
    words = sorted({unmarked(w["word"]) for w in data()["issuer_head_words"]}, key=len, reverse=True)
    return re.compile(r"(?<!\w)(?:(?P<head>" + "|".join(map(re.escape, heads)) + r")|(?P<word>"
                      + "|".join(map(re.escape, words)) + r"))(?!\w)")


@lru_cache(maxsize=1)
def _head_words_folded() -> frozenset:
    return frozenset(fold(w["word"]) for w in data()["issuer_head_words"])


def is_head(joined: str, m: re.Match) -> bool:
    """A head word keeps its tone marks ("PHÒNG", not the name "PHONG QUANG"); a full issuing
    head may lose them (OCR's "UY BAN NHAN DAN")."""
    return bool(m.group("head")) or fold(joined[m.start():m.end()]) in _head_words_folded()


@lru_cache(maxsize=1)
def _type_re_bare() -> re.Pattern:
    types = sorted({unmarked(t) for t in data()["locality_types"]}, key=len, reverse=True)
    return re.compile(r"(?<!\w)(" + "|".join(map(re.escape, types)) + r")\s+(\S.*)$")


def _type_of_bare(b: str) -> str | None:
    for t in data()["locality_types"]:
        if unmarked(t) == b:
            return t
    return None


@lru_cache(maxsize=1)
def _mottos_bare() -> re.Pattern:
    """The motto's two lines (``structure.yaml`` ``mottos`` and ``motto_lines``) as a pattern on
    unmarked text: words apart by any space, parts apart by a dash or an en dash."""
    d = load_yaml("structure.yaml")
    lines = {unmarked(e["word"]) for e in d["mottos"] + d["motto_lines"]}
    return re.compile("|".join(
        r"\s*[-–]\s*".join(r"\s+".join(map(re.escape, part.split())) for part in re.split(r"\s*[-–]\s*", line))
        for line in sorted(lines)))


def issuer_column(header: list[str]) -> list[str]:
    """The lines of the header's issuer column, mottos, rules and the number/date line removed."""
    col = []
    for line in header:
        for cell in line.split("|"):
            t = re.split(r"Số\s*:", cell)[0]
            # the motto, also with OCR's zero for O ("C0NG HÒA"); a "0" elsewhere ("QUẬN 10") stays
            for m in reversed(list(_mottos_bare().finditer(unmarked(t.replace("0", "o"))))):
                t = t[:m.start()] + " " + t[m.end():]
            t = re.sub(r"[_\-–—=]{3,}", " ", t)
            t = re.sub(r"\s+", " ", t).strip()
            if t and t == t.upper() and any(c.isalpha() for c in t):
                col.append(t)
    return col


def issuer_units(col: list[str], text: str, folded: str) -> list[tuple[str, tuple | None]]:
    """(body as written, (name, type) or None) for each body of the issuer column, top first.
    A line that starts no body continues the line above (a narrow column wraps: ``ỦY BAN NHÂN
    DÂN XÃ / LŨNG CÚ``, ``BAN VÌ SỰ TIẾN BỘ CỦA / PHỤ NỮ``)."""
    lines: list[str] = []
    for t in col:
        hm = head_re().match(unmarked(t))
        if lines and not (hm and is_head(t, hm)):
            lines[-1] += " " + t
        else:
            lines.append(t)
    joined = "\n".join(lines)
    bare = unmarked(joined)
    heads = data()["issuer_heads"]
    bare_heads = {unmarked(h): full for h, full in heads.items()}
    # a body starts its line: "PHÒNG" inside "THÀNH PHỐ HẢI PHÒNG" is a name, not a head
    hits = [m for m in head_re().finditer(bare) if (m.start() == 0 or bare[m.start() - 1] == "\n")
            and is_head(joined, m)]
    types_b = sorted({unmarked(t) for t in data()["locality_types"]}, key=len, reverse=True)
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
                if typ and re.search(rf"(?<!\w){re.escape(typ)}\s+{re.escape(_as_written(raw, text, folded))}(?!\w)", text):
                    name_end = m.start() + tm.start()
            body = _as_written(joined[m.start():name_end].strip(), text, folded, org=True)
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
                    place = (_as_written(raw, text, folded), typ)
        units.append((body, place, seg))
    return [(b, p) for b, p, _ in units]


def issuer_from_preamble(paras: list[str]) -> tuple[str, tuple | None] | None:
    """The body the preamble's closing sentence names: ``Sở … thành phố Đà Nẵng xây dựng Kế hoạch``."""
    words = alternation(w["word"] for w in data()["issuer_head_words"])
    verbs = alternation(v["verb"] for v in data()["issuing_verbs"])
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

