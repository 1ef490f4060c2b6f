"""Assignments: which agency the plan makes responsible, in which role.

Scope (annotation guidelines): the ``TỔ CHỨC THỰC HIỆN`` part and ``Cơ quan thực hiện:`` lines.
* A numbered heading in that part that opens with agencies assigns them ``lead`` (``requested``
  after ``Đề nghị``); a parenthesis naming them the standing body adds ``standing``.
* ``X chủ trì`` in a ``Cơ quan thực hiện`` line gives X ``lead`` (``requested`` after ``Đề nghị``).
* Agencies listed after ``phối hợp (với)`` get ``coordinate``.
Vague groups (``các phòng, ban, ngành``) are skipped.  Agency names, codes, aliases and cue words
live in ``agencies.yaml``.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from pipeline.models import Assignment

from .lexicon import alternation, fold, load_yaml


@dataclass(frozen=True)
class Mention:
    start: int
    end: int
    name: str
    code: str
    standing: bool = False


def _alias_regex(alias: str) -> str:
    out = re.escape(alias)
    out = out.replace(r"\ và\ ", r"\s*(?:và|&)\s*").replace(r"\-", r"\s*[-–]\s*").replace(r"\ ", r"\s+")
    return out


@lru_cache(maxsize=1)
def _data():
    return load_yaml("agencies.yaml")


@lru_cache(maxsize=1)
def _alias_table():
    entries = []
    for e in _data()["agencies"]:
        for a in e["aliases"]:
            entries.append((re.compile(_alias_regex(fold(a)) + r"(?!\w)"), e))
    entries.sort(key=lambda x: -len(x[0].pattern))
    levels = alternation(_data()["level_words"])
    return entries, re.compile(rf"\s+(?:{levels})(?![\w])(?!\s+[A-ZĐ0-9])")


_UNITS = re.compile(r"\s+((?:các|\d+)\s+(?:phường|xã|thị trấn|huyện|quận)(?:\s*,\s*(?:phường|xã|thị trấn))*|(?:Phường|Xã|Thị trấn)\s+[\wĐđ]+)")
_PARTY = re.compile(r"\s+((?:Quận|Huyện|Thành|Tỉnh|Thị|Đảng)\s+[uủ]y)", re.I)
# a proper-named body runs on until a separator or a verb: "Trang Thông tin điện tử - Bản tin Gò Vấp"
_PROPER = re.compile(r"(?:\s*[-–]\s*|\s+)(?!(?:và|chủ|phối|có|để|hướng|thực|tham|các)\b)[\wđĐ]+")
_STANDING = re.compile(r"\s*\(([^)]*)\)")


def agency_at(text: str, folded: str, pos: int) -> Mention | None:
    entries, level_re = _alias_table()
    for pat, e in entries:
        m = pat.match(folded, pos)
        if not m:
            continue
        end = m.end()
        name = e["name"]
        if "{units}" in name:
            u = _UNITS.match(text, end)
            if not u:
                return None  # the plan's own People's Committee, not a lower-level one
            name, end = name.replace("{units}", u.group(1)), u.end()
        elif "{party}" in name:
            p = _PARTY.match(text, end)
            if not p:
                return None
            name, end = name.replace("{party}", p.group(1)), p.end()
        elif name == "{as_written}":
            for _ in range(8):
                p = _PROPER.match(text, end)
                if not p:
                    break
                end = p.end()
            name = text[pos:end]
        lv = level_re.match(text, end)
        if lv and "{" not in e["name"]:
            end = lv.end()
        standing = False
        st = _STANDING.match(folded, end)
        if st and any(c in st.group(1) for c in _data()["standing_cues"]):
            standing = True
        return Mention(pos, end, name, e["code"], standing)
    return None


_SEP = re.compile(r"\s*(?:,|;|\bvà\b|\bvới\b|\bcùng\b)\s*|\s+")


def agency_list(text: str, folded: str, pos: int, stop: int) -> list[Mention]:
    """Agencies listed from ``pos``: ``X, Y và Z``; vague groups between them are skipped."""
    vague = _data()["vague_heads"]
    out: list[Mention] = []
    while pos < stop:
        sep = re.match(r"[\s,;]*(?:(?:và|với|cùng)\s+)?", folded[pos:stop])
        pos += sep.end()
        if pos >= stop:
            break
        m = agency_at(text, folded, pos)
        if m:
            out.append(m)
            pos = m.end
            st = _STANDING.match(text, pos)
            if st:
                pos = st.end()
            continue
        # "Ủy ban nhân dân Phường 10, Phường 14": a bare unit continues the committee list
        u = re.match(r"(?:Phường|Xã|Thị trấn)\s+[\wĐđ]+", text[pos:stop])
        if u and out and out[-1].code == "LOWER_PEOPLES_COMMITTEES":
            out.append(Mention(pos, pos + u.end(), "Ủy ban nhân dân " + u.group(0), "LOWER_PEOPLES_COMMITTEES"))
            pos += u.end()
            continue
        rest = folded[pos:stop]
        if re.match(rf"(?:{alternation(vague)})(?!\w)", rest):
            nxt = re.search(r",|;|\svà\s|:", rest)
            if not nxt:
                break
            pos += nxt.start()
            continue
        break
    return out


def _scope(ctx):
    """(paragraph, is_heading) pairs in the part that hands out tasks, plus executor lines."""
    d = _data()
    org = [s for s in ctx.structure.sections if s.level == 1 and any(h in fold(s.title) for h in d["org_headings"])]
    heads = {s.start for s in ctx.structure.sections}
    executor = re.compile(rf"^[-+•]?\s*(?:{alternation(d['executor_lines'])})\s*:", re.I)
    for p in ctx.structure.paras:
        if ctx.structure.part_at(p.start) != "body":
            continue
        in_org = any(s.start < p.start <= s.end for s in org)
        ex = executor.match(ctx.folded[p.start:p.end])  # fold() keeps offsets: the folded text's slice
        if in_org or ex:
            yield p, (p.start in heads and in_org), ex


def extract(ctx) -> list[Assignment]:
    text, folded = ctx.text, ctx.folded
    d = _data()
    out: list[Assignment] = []

    def emit(m: Mention, role: str, para):
        page, section = ctx.where(m.start)
        task = para.text if len(para.text) <= 300 else para.text[:297] + "…"
        out.append(Assignment(m.start, m.end, page, section, m.name, text[m.start:m.end], m.code, role, task))

    coord = re.compile(rf"(?<!\w)(?:{alternation(d['coordinate_cues'])})(?!\w)")
    for para, is_heading, executor in _scope(ctx):
        pos = para.start
        if is_heading:
            lab = re.match(r"^(?:[IVX]+|\d+(?:\.\d+)*|[a-zđ])[.)]\s*", para.text)
            pos += lab.end() if lab else 0
        elif executor:
            pos += executor.end()
            pos += len(folded[pos:para.end]) - len(folded[pos:para.end].lstrip())
        if is_heading or executor:
            requested = folded.startswith("đề nghị", pos)
            if requested:
                pos += len("đề nghị")
            heads = agency_list(text, folded, pos, para.end)
            if heads and executor and not is_heading:
                after = folded[heads[-1].end:heads[-1].end + 80]
                after = re.sub(r"^\s*\([^)]*\)", "", after)
                if not re.match(r"\s*chủ trì", after):
                    heads = [] if not requested else heads
            for m in heads:
                emit(m, "requested" if requested else "lead", para)
                if m.standing:
                    emit(m, "standing", para)
        for cm in coord.finditer(folded, para.start, para.end):
            for m in agency_list(text, folded, cm.end(), para.end):
                emit(m, "coordinate", para)
    return out
