"""Assignments: which agency the plan makes responsible, in which role.

Two grammars, both data (``agency_grammar.yaml``; canonical names and codes in ``agencies.yaml``):

* **An agency mention** is ``[title] head continuation [level word [name]] [(remark)]``: a head
  word (``Sở``, ``Phòng``, ``Hội``, ``Công an`` …) or a fixed form (``Huyện đoàn``), a name that runs
  on in capitalised words (lower-case words inside it, up to a stop word: a role verb, a level
  word, a list separator before another head), a trailing level word that is dropped (with the
  locality name after it, except for a People's Committee, whose unit is its name), a remark in
  parentheses (the standing body?). Titles stand for the body their holder heads (``Chánh Văn
  phòng UBND tỉnh`` → ``Văn phòng Ủy ban nhân dân``), ``Giám đốc các Sở: A, B`` elides the head,
  sets of one kind are kept (``Ủy ban nhân dân các xã, thị trấn``, ``Trưởng các thôn``), vague
  groups (``các phòng, ban, ngành liên quan``) are skipped. The canonical name is the mention with
  abbreviations expanded; ``agencies.yaml`` gives the code (null when the body is not listed).
* **A clause that hands out a task**: in the sections that do so (``TỔ CHỨC THỰC HIỆN``,
  ``Phân công …``, ``Trách nhiệm …`` whatever their numbering), a list of agencies opening a
  paragraph, a sentence or a clause, the role from what follows (``chủ trì`` → lead, ``phối hợp``
  → coordinate, ``là cơ quan thường trực`` → standing, ``Đề nghị`` before → requested); anywhere
  in the body, ``Giao X``, ``do X chủ trì``, ``X … chịu trách nhiệm thi hành``, ``Cơ quan chủ trì:
  X``, and the columns of an activity table. Lists after ``phối hợp (với)`` → coordinate. Bodies
  another body is told to guide or direct are never read (only list starts and cues are).

Also: a name typed without diacritics matches the grammar (``Phong Tai chinh - Ke hoach``: every
pattern accepts the bare letter where it has a marked one); lines a page broke mid-sentence are
read as one paragraph; the issuer's own committee (as its header names it) is never an assignee.

Provenance: each record's offsets are those of the agency's mention in the normalised text.
"""
from __future__ import annotations

import itertools
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from pipeline.models import Assignment
from pipeline.text.structure import Para, heading_of

from extractors.rules.lexicon import alternation, fold, key, load_yaml
from extractors.spans import Claimed


@dataclass(frozen=True)
class Mention:
    start: int
    end: int
    name: str
    code: str | None
    standing: bool = False
    committee: str = ""  # the committee's name, for a named unit ("Ủy ban nhân dân Phường 1")


_VAGUE = "vague"
_REMARK = re.compile(r"\s*\([^()]{0,200}\)")
_REMARK_IN = re.compile(r"\s*\(([^()]{0,200})\)")
_WS = re.compile(r"\s+")
_LIST_SEP = re.compile(r"[\s,;/]*(?:(?:và|với|cùng)\s+)?")
_ELIDED_SEP = re.compile(r"[\s,]*(?:và\s+)?")
_MARKS = re.compile("[\u0300-\u036f]")
_ADVERBIAL = re.compile(r"[^,.;:]{2,40},\s*")
_CLAUSE_END = re.compile(r"(?<=[a-zđ\w)\]])\.\s+(?=[A-ZĐ])|;\s*|:\s*")
_TOKEN = re.compile(r"\s*(\w+(?:&\w+)*|[^\w\s])")


def _base(ch: str) -> str:
    b = unicodedata.normalize("NFD", ch)[0]
    return "d" if ch == "đ" else b


def _loose(pattern: str) -> str:
    """A folded pattern that also matches the words typed without diacritics (`Phong Tai chinh`,
    `Truong cac thon`): each marked letter ``ò`` becomes ``[òo]``. Text with its marks must still
    match them exactly."""
    out, i, in_class = [], 0, False
    while i < len(pattern):
        ch = pattern[i]
        if ch == "\\":
            out.append(pattern[i:i + 2])
            i += 2
            continue
        if ch == "[" and not in_class:
            in_class = True
        elif ch == "]" and in_class:
            in_class = False
        b = _base(ch) if ch.isalpha() and not ch.isascii() else ch
        if b != ch:
            out.append(ch + b if in_class else f"[{ch}{b}]")
        else:
            out.append(ch)
        i += 1
    return "".join(out)


def _rx(pattern: str) -> re.Pattern:
    return re.compile(_loose(pattern))


def _words_re(words, tail=r"(?!\w)", loose: bool = True) -> re.Pattern:
    pat = rf"(?:{alternation([fold(w) for w in words])}){tail}"
    return _rx(pat) if loose else re.compile(pat)


# ------------------------------------------------------------------------------------ rule data

@lru_cache(maxsize=1)
def _agencies():
    return load_yaml("agencies.yaml")


@lru_cache(maxsize=1)
def _g():
    """The grammar, compiled once."""
    g = load_yaml("agency_grammar.yaml")
    c: dict = {"raw": g}
    a = _agencies()
    abbrs = sorted(g["abbreviations"], key=lambda e: -len(e["abbr"]))
    c["abbr_re"] = re.compile(r"(?<!\w)(" + "|".join(re.escape(e["abbr"]) for e in abbrs) + r")(?![\w&])")
    c["abbr_map"] = {e["abbr"]: e["expansion"] for e in abbrs}
    heads = sorted(g["heads"], key=lambda e: -len(e["head"]))
    c["heads"] = [(_rx(re.escape(fold(e["head"])) + r"(?!\w)"), e) for e in heads]
    c["not_before"] = {e["head"]: _rx(r"\s+(?:%s)(?!\w)" % "|".join(fold(w) for w in e["not_before"]))
                       for e in heads if e.get("not_before")}
    c["not_before_lower"] = {e["head"]: _rx(r"\s+(?:%s)(?!\w)" % "|".join(fold(w) for w in e["not_before_lower"]))
                             for e in heads if e.get("not_before_lower")}
    # an abbreviation that spells a head (UBND, TTYT)
    c["abbr_heads"] = {}
    for e in abbrs:
        exp = fold(e["expansion"])
        for h in heads:
            if exp == fold(h["head"]) or exp.startswith(fold(h["head"]) + " "):
                c["abbr_heads"][e["abbr"]] = h
                break
    c["forms"] = [(_rx(e["match"]), e["agency"]) for e in g["forms"]]
    titles = sorted(g["titles"], key=lambda e: -len(e["title"]))
    c["titles"] = [(_rx(re.escape(fold(e["title"])) + r"\s+"), e) for e in titles]
    c["elided"] = [(_rx(e["match"]), e["head"]) for e in g["elided_heads"]]
    c["article"] = _rx(g["article_label"])
    c["committees"] = [fold(e["head"]) for e in g["heads"] if e.get("committee")]
    c["numbered_unit"] = _rx(rf"(?:{alternation(g['level_words'])})\s+\d+(?!\w)")
    c["column_nouns"] = alternation(g["table_column_nouns"])
    c["level"] = _rx(rf"(?:{alternation(g['level_words'])})(?!\w)(?!\s+(?:{alternation(g['not_level_before'])})(?!\w))")
    c["tails"] = _words_re([e["tail"] for e in g["name_tails"]])
    c["units"] = alternation([fold(u) for u in g["units"]])
    c["set"] = _rx(rf"\s+(?:(?:các|\d+)\s+)?(?:{c['units']})(?!\w)")
    c["set_tail"] = _rx(rf"(?:các|\d+)\s+(?:{c['units']})$")
    c["set_more"] = _rx(rf"\s*(?:,|và)\s*({c['units']})(?!\w)")
    c["numbered_sets"] = g["numbered_sets"]
    c["qualifier"] = _rx(rf"\s+(?:{alternation(g['unit_qualifiers'])})(?!\w)")
    c["stop"] = _words_re(g["stop_words"], loose=False)  # short words: "Đa khoa" is not "đã"
    c["enders"] = _words_re(g["name_enders"])
    c["vague"] = [_rx(e["match"]) for e in g["vague"]]
    c["task_sections"] = [ocr_fold(e["title"]) for e in g["task_sections"]]
    c["executor"] = _rx(
        rf"(?<!\w)({alternation([e['cue'] for e in g['executor_lines']])})\s*:\s*")
    c["executor_role"] = {fold(e["cue"]): e["role"] for e in g["executor_lines"]}
    c["columns"] = [(fold(e["cue"]), e.get("role")) for e in g["table_columns"]]
    openers = [(e["cue"], e["role"]) for e in g["assign_openers"]] + [(w, "requested") for w in _cue_words(a["requested_cues"])]
    c["openers"] = [(_rx(re.escape(fold(w)) + r"\s+"), role) for w, role in sorted(openers, key=lambda x: -len(x[0]))]
    c["opener_any"] = _rx(rf"(?<=\w )(?<!{')(?<!'.join(w + ' ' for w in g['opener_not_after'])})"
                          rf"({alternation([w for w, _ in openers])})\s+")
    c["opener_role"] = {fold(w): role for w, role in openers}
    c["passive"] = _rx(rf"(?<!\w)(?:{alternation([e['cue'] for e in g['passive_openers']])})\s+")
    c["passive_verbs"] = _words_re([e["cue"] for e in g["passive_verbs"]])
    c["responsible"] = _words_re([e["cue"] for e in g["responsible_cues"]])
    c["standing_clause"] = _rx(g["standing_clause"])
    c["no_standing"] = list(g["no_standing_remarks"])
    c["lead"] = _words_re(_cue_words(a["lead_cues"]))
    c["coord"] = _rx(rf"(?<!\w)(?:{alternation(_cue_words(a['coordinate_cues']))})(?:\s+(?:{alternation(g['coordinate_links'])}))?(?!\w)\s*")
    c["coord_word"] = _words_re(_cue_words(a["coordinate_cues"]))
    c["standing_cues"] = [fold(s) for s in _cue_words(a["standing_cues"])]
    # every word that can make a paragraph outside the task sections hand out a task (openers,
    # requests, role and responsibility cues, executor lines, passive verbs): a paragraph with none
    # is passed over at once
    c["any_cue"] = _words_re([w for w, _ in openers] + _cue_words(a["lead_cues"]) + _cue_words(a["coordinate_cues"])
                             + [e["cue"] for e in g["responsible_cues"]] + [e["cue"] for e in g["executor_lines"]]
                             + [e["cue"] for e in g["passive_verbs"]], tail="")
    known: dict[str, tuple[str, str]] = {}
    for e in a["agencies"]:
        for n in [e["name"], *(e.get("aliases") or [])]:
            known.setdefault(_key(n), (e["name"], e["code"]))
    c["known"] = known
    names = sorted((k for k in known if " " in k), key=len, reverse=True)
    c["known_re"] = _rx("(?:" + "|".join(_name_regex(n) for n in names) + r")(?!\w)")
    c["known_plain"] = {}
    for k, v in known.items():
        c["known_plain"].setdefault(_plain(k), v)
    # after "Giám đốc các Sở:" the listed Sở names without their head ("Văn hóa, Thể thao và Du lịch")
    # one look at a position tells whether any agency, title or vague group may open there: the
    # alternation of every pattern ``Reader.mention`` tries (a superset), so most positions are
    # passed over with one regex call instead of one per head word
    c["head_any"] = re.compile("|".join(
        [f"(?:{rx.pattern})" for rx, _ in c["forms"] + c["heads"]]
        + [_rx(re.escape(fold(a)) + r"(?!\w)").pattern for a in c["abbr_heads"]]))
    c["head_seq"] = _alternatives([rx for rx, _ in c["forms"] + c["heads"]]
                                  + [_rx(re.escape(fold(a)) + r"(?!\w)") for a in c["abbr_heads"]])
    c["title_seq"] = _alternatives([rx for rx, _ in c["titles"]])
    # every beginning of a listed name, word by word ("văn phòng", "văn phòng hội đồng nhân dân" …)
    c["known_prefixes"] = {" ".join(k.split(" ")[:n]) for k in known for n in range(1, k.count(" ") + 2)}
    c["start_any"] = re.compile("|".join(
        [f"(?:{rx.pattern})" for rx, _ in c["titles"]] + [f"(?:{rx.pattern})" for rx in c["vague"]]
        + [c["head_any"].pattern, c["known_re"].pattern]))
    c["bare"] = {}
    for _, head in c["elided"]:
        bare = sorted({n[len(head) + 1:] for n, _ in known.values() if n.startswith(head + " ")}, key=len, reverse=True)
        c["bare"][head] = _rx("(?:" + "|".join(_name_regex(n) for n in bare) + r")(?!\w)")
    return c


def _alternatives(rxs: list) -> tuple:
    """One regex trying ``rxs`` in order, each as a group, and the group that opens each: with
    :func:`_first_alternative`, the index of the first of them that matches, in one regex call."""
    parts, groups, g = [], [], 1
    for rx in rxs:
        parts.append(f"({rx.pattern})")
        groups.append(g)
        g += 1 + rx.groups
    return re.compile("|".join(parts)), groups


def _first_alternative(seq: tuple, s: str, pos: int, stop: int) -> int | None:
    """The index of the first pattern of ``seq`` (from :func:`_alternatives`) that matches at pos."""
    rx, groups = seq
    m = rx.match(s, pos, stop)
    if m is None:
        return None
    for i, g in enumerate(groups):
        if m.start(g) >= 0:
            return i
    return None


def _plain(s: str) -> str:
    """A key without diacritics, for names typed without them (`Xa hội`, `Phong Tai chinh`)."""
    return _MARKS.sub("", unicodedata.normalize("NFD", s.replace("đ", "d")))


_OCR_DIGIT = re.compile(r"(?<=[a-z])[01]|[01](?=[a-z])")


def ocr_fold(s: str) -> str:
    """A title folded so that a scan's slips match it: lower case, no diacritics, ``đ`` → ``d``,
    and the letters OCR confuses with digits made one (``0``/``o`` → ``o``; ``1``/``l``/``i`` →
    ``i``) — a digit only where it touches a letter, so a heading's number stays a number
    (``V. T0 CHỨC THỰC H1ỆN`` and ``V. TỔ CHỨC THỰC HIỆN`` fold alike)."""
    s = _plain(s.lower())
    s = _OCR_DIGIT.sub(lambda m: "o" if m.group(0) == "0" else "i", s)
    return s.replace("l", "i")


def _cue_words(entries) -> list[str]:
    return [e["cue"] if isinstance(e, dict) else e for e in entries]


def _key(s: str) -> str:
    return re.sub(r"\s*,\s*", " ", key(s)).strip()


def _name_regex(name: str) -> str:
    """A folded name as written with any dash, comma, `&`/`và` spacing."""
    words = re.split(r"[\s,\-–]+", fold(name).replace("&", " và "))
    return r"[\s,\-–]*".join(r"(?:và|&)" if w == "và" else re.escape(w) for w in words if w)


# ------------------------------------------------------------------------------- canonical names

@lru_cache(maxsize=8192)
def canonical(surface: str) -> tuple[str, str | None]:
    """(name, code) of a body's name as written: abbreviations expanded, dashes and spacing
    normalised; the code from agencies.yaml, by the whole name or its longest listed beginning."""
    c = _g()
    s = c["abbr_re"].sub(lambda m: c["abbr_map"][m.group(1)], surface)
    s = s.replace("&", " và ")
    s = re.sub(r"\s*[-–—]\s*", " - ", s)
    s = re.sub(r"\s*,\s*", ", ", s)
    s = re.sub(r"\s+", " ", s).strip(" ,;:-")
    if not s:
        return s, None
    s = s[0].upper() + s[1:]
    k = _key(s)
    hit = c["known"].get(k) or c["known_plain"].get(_plain(k))
    if hit:
        return hit
    words = k.split(" ")
    for n in range(len(words) - 1, 0, -1):
        hit = c["known"].get(" ".join(words[:n])) or c["known_plain"].get(_plain(" ".join(words[:n])))
        if hit:
            # a listed name that runs on into a proper name is that body's own name: kept as
            # written ("Đài Phát thanh và Truyền hình <tỉnh>"); the list gives only the code
            return s, hit[1]
    return s, None


# ------------------------------------------------------------------------------ mention grammar

class Reader:
    """Reads agency mentions and lists of them in one document."""

    def __init__(self, text: str, folded: str):
        self.text, self.folded = text, folded
        self.c = _g()

    # -- tokens ---------------------------------------------------------------------------
    def tok(self, pos: int, stop: int):
        m = _TOKEN.match(self.text, pos, stop)
        return (m.start(1), m.end(1), m.group(1)) if m else None

    def head_at(self, pos: int, stop: int, lower_ok: bool):
        """(end, head entry, is_form_name) of a head word or fixed form at pos."""
        f = self.folded
        nf = len(self.c["forms"])
        first = _first_alternative(self.c["head_seq"], f, pos, stop)
        if first is None:
            return None
        for rx, name in self.c["forms"][first:]:
            m = rx.match(f, pos, stop)
            if m and (lower_ok or self.text[pos].isupper()):
                return m.end(), {"head": name, "alone": True, "form": True}, name
        for rx, e in self.c["heads"][max(0, first - nf):]:
            m = rx.match(f, pos, stop)
            if m and (lower_ok or e.get("lower") or self.text[pos].isupper()) and not (
                    e.get("not_before") and self.c["not_before"][e["head"]].match(f, m.end(), stop)) and not (
                    e.get("not_before_lower") and self.text[pos].islower()
                    and self.c["not_before_lower"][e["head"]].match(f, m.end(), stop)):
                return m.end(), e, None
        t = self.tok(pos, stop)
        if t and t[0] == pos and t[2] in self.c["abbr_heads"]:
            return t[1], {**self.c["abbr_heads"][t[2]], "alone": True}, None  # "TAND huyện" is a name
        return None

    def is_start(self, pos: int, stop: int, lower_ok: bool = False) -> bool:
        """Does an agency (or a title) open at pos?"""
        f = self.folded
        if not self.c["start_any"].match(f, pos, stop):
            return False
        if _first_alternative(self.c["title_seq"], f, pos, stop) is not None:
            return True
        return self.head_at(pos, stop, lower_ok) is not None

    def vague_at(self, pos: int, stop: int) -> bool:
        return any(rx.match(self.folded, pos, stop) for rx in self.c["vague"])

    # -- one mention ------------------------------------------------------------------------
    def mention(self, pos: int, stop: int, lower_ok: bool = False):
        """A Mention at pos, ``_VAGUE`` for a vague group, ("elided", head, end), or None."""
        f = self.folded
        if not self.c["start_any"].match(f, pos, stop):
            return None
        first = _first_alternative(self.c["title_seq"], f, pos, stop)
        for rx, e in self.c["titles"][first:] if first is not None else ():
            m = rx.match(f, pos, stop)
            if not m:
                continue
            for erx, head in self.c["elided"]:
                em = erx.match(f, m.end(), stop)
                if em:
                    return ("elided", head, em.end())
            body = m.end()
            if e.get("keep"):
                body = m.start() + len(fold(e["title"])) - len(fold(e["keep"]))
            got = self.mention(body, stop, lower_ok=True)
            if got is not None:
                return got
            if self.vague_at(body, stop):
                return _VAGUE
        h = self.head_at(pos, stop, lower_ok)
        if not h:
            km = self.c["known_re"].match(f, pos, stop)
            if km and (lower_ok or self.text[pos].isupper()):
                h = (km.end(), {"head": "", "alone": True}, None)
        if self.vague_at(pos, stop) and not h:
            return _VAGUE
        if not h:
            return None
        end, head, form_name = h
        if head.get("committee"):
            return self._committee(pos, end, stop)
        name_end, content = end, 0
        if not form_name:
            got = self._name(pos, end, stop, head)
            if got is None:
                return None
            name_end, content = got
        name_end, ok = self._set(pos, end, name_end, stop, head, content, form_name)
        if not ok:
            return None
        end_all, has_level = self._trailing(name_end, stop)
        if head.get("needs_level") and not has_level:
            return None
        name, code = canonical(form_name or self.text[pos:name_end])
        if not name:
            return None
        return Mention(pos, end_all, name, code, self._standing_remark(end_all, stop))

    def _name(self, pos: int, end: int, stop: int, head: dict):
        """(end of the name, number of capitalised words) of a name opened by a head word: a
        listed name, then capitalised words (and lower-case ones inside them, up to a stop word, a
        level word or another agency), joined by dashes, `và`, `&` or commas; None if none."""
        c, f, text = self.c, self.folded, self.text
        lower_run, content = 0, 0
        cands = []  # the name's end after each word
        p = name_end = end
        km = c["known_re"].match(f, pos, stop)
        known_end = km.end() if km else None
        if known_end:
            p = name_end = known_end
            content = 1
            cands.append(name_end)
        while True:
            t = self.tok(p, stop)
            if not t:
                break
            s, e_, w = t
            if c["level"].match(f, s, stop) or c["tails"].match(f, s, stop):
                break
            if re.match(r"các\s", f[s:s + 4]):
                # "Ban Quản lý các Khu công nghiệp": a name goes on over "các" before a capital
                nt = self.tok(e_, stop)
                if content and nt and nt[2][0].isupper() and not self.is_start(nt[0], stop):
                    p = e_
                    continue
                # "Ban Quản lý các khu công nghiệp tỉnh": … and over lower-case words that run to
                # a level word (not a set of units: "Hội Nông dân các xã" is read by _set)
                run = self._lower_run_to_level(e_, stop) if content and not c["set"].match(f, p, stop) else None
                if run:
                    name_end = p = run
                    cands.append(name_end)
                break
            if w[0].isalpha() and w[0].isupper():
                if content and p != s and self.is_start(s, stop) and not self._inside_known(pos, s, stop):
                    break
                if w.upper() != w and (c["lead"].match(f, s, stop) or c["coord_word"].match(f, s, stop)
                                       or c["responsible"].match(f, s, stop) or c["standing_clause"].match(f, s, stop)):
                    break  # a role verb after a line break ("Phòng Nội vụ / Chủ trì …")
                name_end, p, lower_run, content = e_, e_, 0, content + 1
                cands.append(name_end)
                continue
            if w[0].isalpha() and w != "và":
                if c["enders"].match(f, s, stop) and content:
                    name_end = e_
                    cands.append(name_end)
                    break  # "Ban Tổ chức Quận ủy"
                if (known_end and name_end == known_end) or c["stop"].match(f, s, stop) \
                        or lower_run >= (3 if known_end else 4):
                    break
                name_end, p, lower_run = e_, e_, lower_run + 1
                cands.append(name_end)
                continue
            if w in ("-", "–", "&", ",", "và"):
                nt = self.tok(e_, stop)
                if nt and nt[2][0].isalpha() and nt[2][0].isupper() and not (
                        w in (",", "&", "và") and self.is_start(nt[0], stop) and not self._inside_known(pos, nt[0], stop)):
                    if w == "," and not content:
                        break
                    p = e_
                    continue
                # "Ban Quản lý Khu công nghệ cao và các khu công nghiệp <tỉnh>": "và các" + lower-case
                # words up to the proper name (or level word) that closes the body's own name
                if w == "và" and content and nt and nt[2] == "các" and not self.vague_at(nt[0], stop) \
                        and not c["set"].match(f, e_, stop):
                    run = self._lower_run_to_level(nt[1], stop, proper=True)
                    if run:
                        name_end = p = run
                        cands.append(name_end)
                        continue
            break
        # a listed name followed by lower-case words that are not part of it: the listed name
        nm, code = canonical(text[pos:name_end])
        if code is None or _key(nm) not in c["known"]:
            for ce in reversed(cands[:-1]):
                if _key(canonical(text[pos:ce])[0]) in c["known"]:
                    rest = re.sub(r"^[\s\-–,&]*(?:và\s+)?", "", text[ce:name_end])
                    if rest and not rest[0].isupper():
                        name_end = ce
                    break
        if not content and not (head.get("alone") or head.get("set") or head.get("lower")):
            return None
        if not content and head.get("lower") and not (head.get("alone") or head.get("set")) and name_end == end:
            return None  # a lower-case name ("tổ tư vấn cộng đồng") needs words after its head
        return name_end, content

    def _lower_run_to_level(self, pos: int, stop: int, most: int = 4, proper: bool = False) -> int | None:
        """The end of up to ``most`` lower-case words from pos when a level word follows them
        (``proper``: or a capitalised word that opens no other agency), and no stop word, agency
        or other cue is among them; else None."""
        c, f = self.c, self.folded
        end, n = pos, 0
        t = self.tok(end, stop)
        while t and n < most and t[2][0].isalpha() and t[2][0].islower() and not c["level"].match(f, t[0], stop):
            if c["stop"].match(f, t[0], stop) or c["tails"].match(f, t[0], stop) or self.is_start(t[0], stop, True):
                return None
            end, n = t[1], n + 1
            t = self.tok(end, stop)
        if n and t and (c["level"].match(f, t[0], stop)
                        or proper and t[2][0].isupper() and t[2][0].isalpha() and not self.is_start(t[0], stop)):
            return end
        return None

    def _set(self, pos, end, name_end, stop, head, content, form_name) -> tuple[int, bool]:
        """A set of one kind after the name: "Trưởng các thôn, khu phố", "… các chùa Khmer"."""
        c, f = self.c, self.folded
        sm = c["set"].match(f, name_end, stop)
        if sm and (head.get("set") or re.match(r"\s+(?:các|\d+)\s", f[name_end:name_end + 6])):
            name_end = self.set_more(sm.end(), stop)
            t = self.tok(name_end, stop)
            while t and t[2][0].isupper() and not self.is_start(t[0], stop):
                name_end = t[1]
                t = self.tok(name_end, stop)
            return name_end, True
        if c["set_tail"].search(f, pos, name_end):
            return self.set_more(name_end, stop), True
        if head.get("set") and not form_name and content == 0 and name_end == end:
            return name_end, False  # "Trưởng" alone is a title, not a body
        return name_end, True

    def _trailing(self, end: int, stop: int) -> tuple[int, bool]:
        """The mention's end past a level word and the place named after it (`Công an Phường 9`),
        or past `trên địa bàn …`, `cùng cấp`, `phụ trách …`; and whether a level word was there."""
        c, f = self.c, self.folded
        has_level = False
        ws = _WS.match(f, end, stop)
        lv = ws and c["level"].match(f, ws.end(), stop)
        if lv:
            has_level = True
            end = self._proper(lv.end(), stop)
        ws = _WS.match(f, end, stop)
        tm = ws and c["tails"].match(f, ws.end(), stop)
        if tm:
            end = tm.end()
            t = self.tok(end, stop)
            lv = c["level"].match(f, t[0], stop) if t else None
            end = self._proper(lv.end() if lv else end, stop, dashes=True)
        return end, has_level

    def _proper(self, end: int, stop: int, dashes: bool = False) -> int:
        """Past the capitalised words or numbers of a place name."""
        t = self.tok(end, stop)
        while t and (t[2][0].isupper() or t[2].isdigit() or dashes and t[2] in ("-", "–")) \
                and not self.is_start(t[0], stop) and not self.c["stop"].match(self.folded, t[0], stop):
            end = t[1]
            t = self.tok(end, stop)
        return end

    def _standing_remark(self, end: int, stop: int) -> bool:
        """A remark after the mention naming it the standing body: `(cơ quan thường trực …)`."""
        pm = _REMARK_IN.match(self.text, end, stop)
        if not pm:
            return False
        inner = fold(pm.group(1))
        return any(s in inner for s in self.c["standing_cues"]) and not any(inner.startswith(x) for x in self.c["no_standing"])

    def set_more(self, end: int, stop: int) -> int:
        """The rest of a set of units: ", thị trấn", " và khu phố", a qualifier ("biên giới")."""
        while True:
            m = self.c["set_more"].match(self.folded, end, stop)
            if not m or self.text[m.start(1)].isupper():
                break
            end = m.end()
        q = self.c["qualifier"].match(self.folded, end, stop)
        return q.end() if q else end

    def _inside_known(self, start: int, pos: int, stop: int) -> bool:
        """Is pos inside a listed name that opens at start ("Văn phòng HĐND và UBND")?"""
        t = self.tok(pos, stop)
        if not t:
            return False
        nxt = self.tok(t[1], stop)
        end = nxt[1] if nxt else t[1]
        for e in (t[1], end):
            nm, _ = canonical(self.text[start:e])
            k = _key(nm)
            if k in self.c["known_prefixes"]:
                return True
        return False

    def _committee(self, pos: int, end: int, stop: int):
        """A People's Committee that is not the issuer: a set, a named or numbered unit."""
        f, text, c = self.folded, self.text, self.c
        sm = c["set"].match(f, end, stop)
        if sm and re.match(r"\s+(?:các|\d+)\s", f[end:end + 6]):
            e = self.set_more(sm.end(), stop)
            name, code = canonical(text[pos:e])
            if c["numbered_sets"] == "các":
                name = re.sub(r"^(Ủy ban nhân dân) \d+ ", r"\1 các ", name)
            return Mention(pos, e, name, code)
        if sm:  # "UBND xã, thị trấn": a list of kinds of unit is a set
            e = self.set_more(sm.end(), stop)
            if e > sm.end() and not c["qualifier"].match(f, sm.end(), stop):
                name, code = canonical(text[pos:end] + " các " + text[end:e].strip())
                return Mention(pos, e, name, code)
        lv = _WS.match(f, end, stop)
        if lv:
            q = lv.end()
            lm = c["level"].match(f, q, stop)
            if lm:
                t = self.tok(lm.end(), stop)
                e = lm.end()
                n = 0
                while t and (t[2][0].isupper() or t[2].isdigit()) and not self.is_start(t[0], stop):
                    e = t[1]
                    n += 1
                    t = self.tok(e, stop)
                if n:
                    name, code = canonical(text[pos:e])
                    return Mention(pos, e, name, code, committee=canonical(text[pos:end])[0])
        return None

    # -- lists ------------------------------------------------------------------------------
    def agency_list(self, pos: int, stop: int, lower_ok: bool = False) -> tuple[list[Mention], int]:
        """Agencies listed from pos (``X, Y và Z``), vague groups skipped; (mentions, end)."""
        f, text = self.folded, self.text
        out: list[Mention] = []
        end = pos
        p = pos
        first = True
        while p < stop:
            if not first:
                sep = _LIST_SEP.match(f, p, stop)
                q = sep.end()
                if q == p and not re.match(r"\s", f[p:p + 1]):
                    break
                p = q
            first = False
            m = self.mention(p, stop, lower_ok)
            if isinstance(m, Mention):
                out.append(m)
                p = end = m.end
                rm = _REMARK.match(text, p, stop)
                if rm:
                    p = rm.end()
                continue
            if isinstance(m, tuple):  # elided heads after "Giám đốc các Sở:"
                got, p = self.elided(m[1], m[2], stop)
                out += got
                end = p
                continue
            if m == _VAGUE:
                p = end = self.skip_vague(p, stop)
                continue
            # "Ủy ban nhân dân Phường 1, Phường 12": a numbered unit continues a committee list
            u = self.c["numbered_unit"].match(f, p, stop)
            if u and out and out[-1].committee and text[p].isupper():
                name, code = canonical(out[-1].committee + " " + text[p:u.end()])
                out.append(Mention(p, u.end(), name, code, committee=out[-1].committee))
                p = end = u.end()
                continue
            break
        return out, end

    def skip_vague(self, pos: int, stop: int) -> int:
        """The end of a vague group: before the next agency after a separator, or a cue."""
        f = self.folded
        p = pos
        c = self.c
        for _ in range(30):
            t = self.tok(p, stop)
            if not t:
                return p
            s, e, w = t
            if w in ":;.(|" or c["lead"].match(f, s, stop) or c["coord_word"].match(f, s, stop) \
                    or c["responsible"].match(f, s, stop):
                return p
            if w in (",", "và", "/") or w == "với":
                nt = self.tok(e, stop)
                if nt and isinstance(self.mention(nt[0], stop, True), Mention):
                    return p
            p = e
        return p

    def elided(self, head: str, pos: int, stop: int) -> tuple[list[Mention], int]:
        """``Giám đốc các Sở: Nội vụ, Tư pháp``: each name is ``Sở <name>``."""
        f, text, c = self.folded, self.text, self.c
        out = []
        p = pos
        while p < stop:
            q = _ELIDED_SEP.match(f, p, stop).end()
            m = c["bare"][head].match(f, q, stop)
            if m:
                e = m.end()
            else:
                e = q
                t = self.tok(e, stop)
                if not t or not t[2][0].isupper():
                    break
                while t and t[2] not in ",;.:" and (t[2] == "và" or not c["stop"].match(f, t[0], stop)):
                    e = t[1]
                    t = self.tok(e, stop)
            if e == q:
                break
            name, code = canonical(head + " " + text[q:e])
            out.append(Mention(q, e, name, code))
            p = e
        return out, p


# ----------------------------------------------------------------------------------- the clauses

_LABEL = re.compile(r"\s*(?:(?:Điều\s+\d+\s*[.:]?)|(?:[IVXLC]+|[A-Z]|\d+(?:\.\d+)*|[a-zđ])[.)]|[-+•*–])?\s*")


def _task_ranges(ctx) -> list[tuple[int, int]]:
    """Offsets of the sections that hand out tasks: a heading whose title names what the part
    does, up to the next heading of its level or above."""
    c = _g()
    paras = [p for p in ctx.structure.paras if ctx.structure.part_at(p.start) in ("body", "preamble") and p.text.strip()]
    out = []
    heads = []
    for i, p in enumerate(paras):
        t = p.text.strip()
        lvl = _heading_level(t)
        if lvl is not None:
            heads.append((i, lvl))
    for k, (i, lvl) in enumerate(heads):
        title = ocr_fold(paras[i].text)
        if not any(cue in title for cue in c["task_sections"]) or len(title) > 120:
            continue
        end = paras[-1].end
        for j, l2 in itertools.islice(heads, k + 1, None):
            if l2 <= lvl:
                end = paras[j].start - 1
                break
        out.append((paras[i].start, end))
    return out


def _heading_level(t: str) -> int | None:
    if re.match(r"^Phần\s+(?:thứ\b|[IVX]+\b)", t, re.I):
        return 0
    if re.match(r"^(?:[IVX]+|[A-Z])[.\-–)]\s", t):
        return 1
    h = heading_of(t)
    if h:
        return h[0]
    if len(t) < 90 and t.upper() == t and not t.endswith((".", ";", ",")) and any(ch.isalpha() for ch in t):
        return 1
    return None


def extract(ctx) -> list[Assignment]:
    text, folded = ctx.text, ctx.folded
    c = _g()
    rd = Reader(text, folded)
    out: list[Assignment] = []
    seen: set[tuple[int, str]] = set()

    def emit(m: Mention, role: str, para):
        if (m.start, role) in seen or _expanded(text[m.start:m.end]) in own:
            return
        seen.add((m.start, role))
        page, section = ctx.where(m.start)
        task = para.text if len(para.text) <= 300 else para.text[:297] + "…"
        out.append(Assignment(m.start, m.end, page, section, m.name, text[m.start:m.end], m.code, role, task))

    ranges = _task_ranges(ctx)
    paras = ctx.structure.paras
    structure = ctx.structure

    claimed = Claimed((a, b + 1) for a, b in ranges)

    def in_tasks(pos: int) -> bool:  # any(a <= pos <= b for a, b in ranges), by bisection
        return claimed.overlaps(pos, pos + 1)

    paras = _logical(paras, structure)
    own = _own_names(ctx)
    table_cols: dict[int, str] | None = None
    requested_heading = False
    for pi, para in enumerate(paras):
        part = structure.part_at(para.start)
        if part not in ("body", "preamble") or not para.text.strip():
            continue
        ptext = para.text
        # -- activity tables: a header row with chủ trì / phối hợp columns --------------------
        if "|" in ptext:
            cells = _cells(para)
            roles = {}
            for k, (a, b) in enumerate(cells):
                h = folded[a:b].strip()
                for cue, role in c["columns"]:
                    if re.match(rf"(?:(?:{c['column_nouns']})\s+)?{re.escape(cue)}(?!\w)", h) and len(h) < 40:
                        roles[k] = role
                        break
            if roles:
                table_cols = roles
                continue
            if table_cols:
                for k, role in table_cols.items():
                    if k < len(cells):
                        a, b = cells[k]
                        items, end = rd.agency_list(a + len(text[a:b]) - len(text[a:b].lstrip()), b)
                        r = role
                        if role is None:  # "Đơn vị thực hiện": the cell says who leads
                            r = "coordinate" if c["coord_word"].match(folded[end:b].lstrip(" :(")) else "lead"
                            for cm in c["coord"].finditer(folded, end, b):
                                for m in rd.agency_list(cm.end(), b, True)[0]:
                                    emit(m, "coordinate", para)
                        for m in items:
                            emit(m, r, para)
                continue
        else:
            table_cols = None
        scoped = in_tasks(para.start)
        stripped = ptext.strip()
        if stripped.upper() == stripped and len(stripped) < 120:
            continue  # a heading in capitals ("V. TỔ CHỨC THỰC HIỆN"), not a task
        lead_first: list[Mention] = []
        bullet = bool(re.match(r"\s*[-+•*–]\s", ptext))
        if not bullet:
            requested_heading = False
        if not scoped and not c["any_cue"].search(folded, para.start, para.end):
            continue  # outside the task sections only a cue word hands out a task: none here
        # -- clauses: paragraph, sentence and clause starts ------------------------------------
        para_role0 = None
        para_items = False
        for cs, kind in _clause_starts(para):
            if kind == "adverbial":
                if para_items:
                    continue  # "Phòng Y tế, Trung tâm Y tế huyện: …" opens with a list, not an adverbial
                kind = "sentence"
            if kind != "para" and not scoped and kind != "sentence":
                continue
            p = cs
            role0 = None
            for rx, role in c["openers"]:
                om = rx.match(folded, p, para.end)
                if om:
                    p, role0 = om.end(), role
                    break
            if kind == "para":
                para_role0 = role0
            elif role0 is None and para_role0 == "requested":
                role0 = "requested"  # a later sentence of a request is part of it
            if role0 == "requested" and rd.vague_at(p, para.end) and not isinstance(rd.mention(p, para.end), Mention):
                continue  # "Đề nghị các phòng, ban, ngành, …, UBND các phường": a catch-all request
            items, end = rd.agency_list(p, para.end)
            if kind == "para" and items:
                para_items = True
            if not items:
                if scoped and kind in ("clause", "sentence") and c["standing_clause"].match(folded, cs, para.end) and lead_first:
                    emit(lead_first[0], "standing", para)
                continue
            follow_at = end + len(folded[end:para.end]) - len(folded[end:para.end].lstrip(" :,"))
            follow = folded[follow_at:para.end]
            if kind == "para":
                if not bullet:
                    requested_heading = role0 == "requested" and not follow.strip(" .:")
                elif requested_heading and role0 is None:
                    role0 = "requested"  # a bullet under a "Đề nghị X, Y" heading
            role, standing = _clause_role(follow, kind, role0, scoped)
            if role is None:
                continue
            for m in items:
                emit(m, role, para)
                if role in ("lead", "requested") and not lead_first:
                    lead_first.append(m)
                if m.standing and role != "requested":
                    emit(m, "standing", para)
            if standing and items:
                emit(items[0], "standing", para)
            # a heading that only names the body: its standing role in the line below
            if kind == "para" and scoped and not follow.strip(" .:") and role == "lead":
                nxt = next((q for q in paras[pi + 1:pi + 3] if q.text.strip()), None)
                if nxt is not None:
                    lm = _LABEL.match(nxt.text)
                    if c["standing_clause"].match(folded, nxt.start + lm.end(), nxt.end):
                        emit(items[0], "standing", para)
        if not scoped and not _executor_or_article(folded, para):
            continue
        # -- executor lines: "Cơ quan chủ trì: X. Cơ quan phối hợp: Y" -------------------------
        for em in c["executor"].finditer(folded, para.start, para.end):
            r = c["executor_role"].get(em.group(1)) or "lead"
            p = em.end()
            for rx, role in c["openers"]:
                om = rx.match(folded, p, para.end)
                if om:
                    p, r = om.end(), (role if role == "requested" else r)
                    break
            items, _ = rd.agency_list(p, para.end)
            for m in items:
                emit(m, r, para)
                if m.standing:
                    emit(m, "standing", para)
        # -- an opener inside a sentence: "Ủy ban nhân dân huyện giao Phòng Nội vụ chủ trì …" ---
        for om in c["opener_any"].finditer(folded, para.start, para.end):
            # the alternation also matches a form the table's keys do not spell (unaccented
            # "yeu cau"): the role is then the one of the opener whose pattern matches it
            role = c["opener_role"].get(re.sub(r"\s+", " ", om.group(1))) or next(
                (r for rx, r in c["openers"] if rx.match(om.group(0))), None)
            if role is None:
                continue
            items, end = rd.agency_list(om.end(), para.end)
            if role == "requested" and rd.vague_at(om.end(), para.end) and not isinstance(rd.mention(om.end(), para.end), Mention):
                continue
            for m in items:
                emit(m, role, para)
        # -- passive: "do X chủ trì" ----------------------------------------------------------
        for pm in c["passive"].finditer(folded, para.start, para.end):
            items, end = rd.agency_list(pm.end(), para.end)
            after = folded[end:para.end].lstrip()
            if items and (c["lead"].match(after) or c["passive_verbs"].match(after)):
                for m in items:
                    emit(m, "lead", para)
        # -- "phối hợp (với) X, Y" --------------------------------------------------------------
        for cm in c["coord"].finditer(folded, para.start, para.end):
            items, _ = rd.agency_list(cm.end(), para.end, True)
            for m in items:
                emit(m, "coordinate", para)
    out.sort(key=lambda a: a.char_start)
    return out


_TERMINAL = re.compile(r"[.;:!?]\s*$")


def _logical(paras, structure) -> list:
    """Lines a page broke mid-sentence joined again: a long line with no closing punctuation
    runs on into the next line when that one opens with no number or bullet."""
    out = []
    cur = None
    for p in paras:
        if cur is not None and "|" not in p.text and p.text.strip() and not _heading_start(p.text) \
                and structure.part_at(p.start) == structure.part_at(cur.start):
            cur = Para(cur.start, p.end, cur.text + "\n" + p.text, cur.kind)
        else:
            if cur is not None:
                out.append(cur)
            cur = p
        if "|" in cur.text or len(cur.text.split("\n")[-1]) < 60 or _TERMINAL.search(cur.text):
            out.append(cur)
            cur = None
    if cur is not None:
        out.append(cur)
    return out


def _heading_start(t: str) -> bool:
    return bool(re.match(r"\s*(?:(?:[IVX]+|[A-Z]|\d+(?:\.\d+)*|[a-zđ])[.)]\s|[-+•*–]\s|Điều\s+\d)", t)) or _is_caps_line(t)


def _is_caps_line(t: str) -> bool:
    s = t.strip()
    return bool(s) and s.upper() == s and len(s) < 120


def _expanded(s: str) -> str:
    c = _g()
    return fold(c["abbr_re"].sub(lambda m: c["abbr_map"][m.group(1)], s))


def _own_names(ctx) -> set[str]:
    """The issuer's committee as its header spells it, expanded and folded ("ủy ban nhân dân huyện
    x"): a committee named with its own place is the issuer, not an assignee."""
    c = _g()
    out = set()
    rx = re.compile(rf"(?:{alternation(c['committees'])})\s+(?:{alternation(c['raw']['level_words'])})\s+[^\n|,;]+")
    for p in ctx.structure.paras[:40]:
        if ctx.structure.part_at(p.start) in ("header", "title"):
            out.update(m.group(0).strip() for m in rx.finditer(_expanded(p.text)))
    return out


def _clause_role(follow: str, kind: str, opener: str | None, scoped: bool) -> tuple[str | None, bool]:
    """(role, standing) that a clause gives the list opening it, from what follows the list and
    what precedes it (``opener``: Giao → lead, Đề nghị → requested). Inside a part that hands out
    tasks a paragraph or sentence that opens with bodies assigns them; elsewhere only an opener,
    ``chủ trì`` or ``chịu trách nhiệm`` does (a sentence: an opener or ``chịu trách nhiệm``)."""
    c = _g()
    role, standing = None, False
    if c["standing_clause"].match(follow):
        role, standing = "lead", True
    elif c["lead"].match(follow):
        role = "lead"
    elif c["coord_word"].match(follow):
        # "Công an xã: Phối hợp …" under its own heading keeps lead (x26); "…; Y, Z phối hợp" coordinate
        role = "lead" if (kind == "para" or opener) else "coordinate"
    elif c["responsible"].match(follow):
        role = "lead"
    elif opener:
        role = opener
    elif scoped and kind in ("para", "sentence"):
        role = "lead"
    if not scoped and opener is None:
        explicit = c["responsible"].match(follow) or (kind == "para" and c["lead"].match(follow))
        if not explicit:
            return None, False
    if opener == "requested" and role is not None:
        return "requested", False  # "Đề nghị X chủ trì" gives requested only
    return role, standing


def _executor_or_article(folded: str, para) -> bool:
    """A paragraph outside the task sections whose cue lists are read: an executor line, an
    article of a decision, a paragraph opened by an opener (``Giao …``)."""
    c = _g()
    lm = _LABEL.match(para.text)
    return bool(c["executor"].search(folded, para.start, para.end) or c["article"].match(folded, para.start, para.end)
                or any(rx.match(folded, para.start + lm.end(), para.end) for rx, _ in c["openers"]))


def _cells(para) -> list[tuple[int, int]]:
    out = []
    pos = para.start
    for part in para.text.split("|"):
        out.append((pos, pos + len(part)))
        pos += len(part) + 1
    if out and not para.text[: out[0][1] - para.start].strip():
        out = out[1:]  # "| a | b |": the empty cell before the first bar
    return out


def _clause_starts(para):
    """(offset, kind) where a clause may open: the paragraph (after its number or bullet),
    each sentence, each clause after `;` or `:`."""
    t = para.text
    lm = _LABEL.match(t)
    yield para.start + lm.end(), "para"
    done = {para.start + lm.end()}
    # after a short opening adverbial: "Hằng năm, Phòng Tài chính - Kế hoạch bố trí kinh phí"
    am = _ADVERBIAL.match(t, lm.end())
    if am and len(am.group(0).split()) <= 6:
        done.add(para.start + am.end())
        yield para.start + am.end(), "adverbial"
    for m in _CLAUSE_END.finditer(t):
        if m.end() >= len(t) or m.start() < lm.end():
            continue
        kind = "sentence" if m.group(0).startswith(".") else "clause"
        lm2 = _LABEL.match(t, m.end())
        if para.start + lm2.end() not in done:
            done.add(para.start + lm2.end())
            yield para.start + lm2.end(), kind
