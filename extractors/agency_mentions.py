"""Agency mentions: the grammar of one agency's name as a plan writes it, and of lists of them.

A mention is ``[title] head continuation [level word [name]] [(remark)]``: a head word (``Sở``,
``Phòng``, ``Hội``, ``Công an`` …) or a fixed form (``Huyện đoàn``), a name that runs on in
capitalised words (lower-case words inside it, up to a stop word: a role verb, a level word, a
list separator before another head), a trailing level word that is dropped (with the locality
name after it, except for a People's Committee, whose unit is its name), a remark in parentheses
(the standing body?).  Titles stand for the body their holder heads, ``Giám đốc các Sở: A, B``
elides the head, sets of one kind are kept (``Ủy ban nhân dân các xã, thị trấn``), vague groups
(``các phòng, ban, ngành liên quan``) are skipped.  A committee named by its unit goes on over
further units of the same level (``Ủy ban nhân dân Phường 1, Phường 12``).

:class:`Reader` reads them in one document's text (and its folded twin) with the compiled grammar
of :mod:`extractors.agency_grammar`; where tasks are handed out is :mod:`extractors.assignments`'.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from extractors.agency_grammar import canonical, first_alternative, grammar, name_key, plain
from extractors.rules.lexicon import fold


@dataclass(frozen=True)
class Mention:
    start: int
    end: int
    name: str
    code: str | None
    standing: bool = False
    committee: str = ""  # the committee's name, for a named unit ("Ủy ban nhân dân Phường 1")
    level: str = ""  # that unit's level word, folded without marks ("phuong"): its list goes on over that level


_VAGUE = "vague"
_REMARK = re.compile(r"\s*\([^()]{0,200}\)")
_REMARK_IN = re.compile(r"\s*\(([^()]{0,200})\)")
_WS = re.compile(r"\s+")
_LIST_SEP = re.compile(r"[\s,;/]*(?:(?:và|với|cùng)\s+)?")
_ELIDED_SEP = re.compile(r"[\s,]*(?:và\s+)?")
_TOKEN = re.compile(r"\s*(\w+(?:&\w+)*|[^\w\s])")


class Reader:
    """Reads agency mentions and lists of them in one document."""

    def __init__(self, text: str, folded: str):
        self.text, self.folded = text, folded
        self.c = grammar()

    # -- tokens ---------------------------------------------------------------------------
    def tok(self, pos: int, stop: int):
        m = _TOKEN.match(self.text, pos, stop)
        return (m.start(1), m.end(1), m.group(1)) if m else None

    def head_at(self, pos: int, stop: int, lower_ok: bool):
        """(end, head entry, is_form_name) of a head word or fixed form at pos."""
        f = self.folded
        nf = len(self.c["forms"])
        first = first_alternative(self.c["head_seq"], f, pos, stop)
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
        if first_alternative(self.c["title_seq"], f, pos, stop) is not None:
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
        first = first_alternative(self.c["title_seq"], f, pos, stop)
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
        if code is None or name_key(nm) not in c["known"]:
            for ce in reversed(cands[:-1]):
                if name_key(canonical(text[pos:ce])[0]) in c["known"]:
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
            k = name_key(nm)
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
                e = self._unit_name(lm.end(), stop)
                if e > lm.end():
                    name, code = canonical(text[pos:e])
                    return Mention(pos, e, name, code, committee=canonical(text[pos:end])[0],
                                   level=plain(f[lm.start():lm.end()]))
        return None

    def _unit_name(self, pos: int, stop: int) -> int:
        """The end of a unit's name after its level word: capitalised words or a number."""
        t = self.tok(pos, stop)
        while t and (t[2][0].isupper() or t[2].isdigit()) and not self.is_start(t[0], stop):
            pos = t[1]
            t = self.tok(pos, stop)
        return pos

    def _unit_of_list(self, prev: Mention, pos: int, stop: int) -> Mention | None:
        """A further unit of a committee's list (``agency_grammar.yaml`` ``committee_unit_lists``):
        ``Phường 12`` after ``Ủy ban nhân dân Phường 1`` is the committee of Phường 12; a unit of
        another level (``xã Tân An, huyện Vĩnh Linh``) is the first one's address, not a body."""
        if not prev.committee:
            return None
        lm = self.c["unit_list"].match(self.folded, pos, stop)
        if not lm or plain(self.folded[lm.start():lm.end()]) != prev.level:
            return None
        ws = _WS.match(self.folded, lm.end(), stop)
        e = self._unit_name(ws.end(), stop) if ws else lm.end()
        if e == (ws.end() if ws else lm.end()):
            return None
        name, code = canonical(prev.committee + " " + self.text[pos:e])
        return Mention(pos, e, name, code, committee=prev.committee, level=prev.level)

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
            # "Ủy ban nhân dân Phường 1, Phường 12": a unit of the same level continues a committee's list
            u = self._unit_of_list(out[-1], p, stop) if out else None
            if u is not None:
                out.append(u)
                p = end = u.end
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

