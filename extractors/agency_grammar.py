"""The agency grammar's rule data compiled, and an agency's canonical name.

``extractors/rules/agency_grammar.yaml`` (head words, fixed forms, titles, level words, units, stop
words, role cues, task sections …) and ``agencies.yaml`` (canonical names, aliases, codes, the
role cues) compiled once into the regexes :class:`extractors.agency_mentions.Reader` and
:mod:`extractors.assignments` read with (:func:`grammar`).  Every pattern is folded and *loose*:
it also matches the words typed without diacritics (``Phong Tai chinh - Ke hoach``).

:func:`canonical` gives a name as written its canonical form (abbreviations expanded, dashes and
spacing normalised) and its code; :func:`ocr_fold` folds a section title so that a scan's slips
match it.
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from extractors.rules.lexicon import alternation, fold, key, load_yaml

_MARKS = re.compile("[\u0300-\u036f]")


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
def grammar():
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
    # "Ủy ban nhân dân Phường 1, Phường 12": the level words whose units go on a committee's list
    c["unit_list"] = _rx(rf"(?:{alternation(g['committee_unit_lists'])})(?!\w)")
    c["column_nouns"] = alternation(g["table_column_nouns"])
    c["level"] = _rx(rf"(?:{alternation(g['level_words'])})(?!\w)(?!\s+(?:{alternation(g['not_level_before'])})(?!\w))")
    c["tails"] = _words_re([e["tail"] for e in g["name_tails"]])
    c["units"] = alternation([fold(u) for u in g["units"]])
    c["set"] = _rx(rf"\s+(?:(?:các|\d+)\s+)?(?:{c['units']})(?!\w)")
    c["set_tail"] = _rx(rf"(?:các|(?<!\d)\d+)\s+(?:{c['units']})$")  # (?<!\d): from the start of a digit run only (linear)
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
            known.setdefault(name_key(n), (e["name"], e["code"]))
    c["known"] = known
    names = sorted((k for k in known if " " in k), key=len, reverse=True)
    c["known_re"] = _rx("(?:" + "|".join(_name_regex(n) for n in names) + r")(?!\w)")
    c["known_plain"] = {}
    for k, v in known.items():
        c["known_plain"].setdefault(plain(k), v)
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
    :func:`first_alternative`, the index of the first of them that matches, in one regex call."""
    parts, groups, g = [], [], 1
    for rx in rxs:
        parts.append(f"({rx.pattern})")
        groups.append(g)
        g += 1 + rx.groups
    return re.compile("|".join(parts)), groups


def first_alternative(seq: tuple, s: str, pos: int, stop: int) -> int | None:
    """The index of the first pattern of ``seq`` (from :func:`_alternatives`) that matches at pos."""
    rx, groups = seq
    m = rx.match(s, pos, stop)
    if m is None:
        return None
    for i, g in enumerate(groups):
        if m.start(g) >= 0:
            return i
    return None


def plain(s: str) -> str:
    """A key without diacritics, for names typed without them (`Xa hội`, `Phong Tai chinh`)."""
    return _MARKS.sub("", unicodedata.normalize("NFD", s.replace("đ", "d")))


_OCR_DIGIT = re.compile(r"(?<=[a-z])[01]|[01](?=[a-z])")


def ocr_fold(s: str) -> str:
    """A title folded so that a scan's slips match it: lower case, no diacritics, ``đ`` → ``d``,
    and the letters OCR confuses with digits made one (``0``/``o`` → ``o``; ``1``/``l``/``i`` →
    ``i``) — a digit only where it touches a letter, so a heading's number stays a number
    (``V. T0 CHỨC THỰC H1ỆN`` and ``V. TỔ CHỨC THỰC HIỆN`` fold alike)."""
    s = plain(s.lower())
    s = _OCR_DIGIT.sub(lambda m: "o" if m.group(0) == "0" else "i", s)
    return s.replace("l", "i")


def _cue_words(entries) -> list[str]:
    return [e["cue"] if isinstance(e, dict) else e for e in entries]


def name_key(s: str) -> str:
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
    c = grammar()
    s = c["abbr_re"].sub(lambda m: c["abbr_map"][m.group(1)], surface)
    s = s.replace("&", " và ")
    s = re.sub(r"\s*[-–—]\s*", " - ", s)
    s = re.sub(r"\s*,\s*", ", ", s)
    s = re.sub(r"\s+", " ", s).strip(" ,;:-")
    if not s:
        return s, None
    s = s[0].upper() + s[1:]
    k = name_key(s)
    hit = c["known"].get(k) or c["known_plain"].get(plain(k))
    if hit:
        return hit
    words = k.split(" ")
    for n in range(len(words) - 1, 0, -1):
        hit = c["known"].get(" ".join(words[:n])) or c["known_plain"].get(plain(" ".join(words[:n])))
        if hit:
            # a listed name that runs on into a proper name is that body's own name: kept as
            # written ("Đài Phát thanh và Truyền hình <tỉnh>"); the list gives only the code
            return s, hit[1]
    return s, None



def expanded(s: str) -> str:
    c = grammar()
    return fold(c["abbr_re"].sub(lambda m: c["abbr_map"][m.group(1)], s))

