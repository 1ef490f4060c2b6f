"""Targets: quantities a plan commits to reach, keep or stay under, parsed as clauses.

A paragraph is cut into clauses (``;``, ``:``, sentence ends, table cells).  In a clause the
engine finds the quantities — a number with ``%``/``‰``, a rate (``40/100.000 trẻ đẻ sống``), or a
count of a noun from ``targets.yaml`` after a comparator cue or a planned activity (``Tổ chức 02
buổi truyền thông``) — and reads each as a (value, value_max, unit, comparator, deadline) group of
one indicator.  Values linked in one clause (``đạt 50% vào năm 2025 và 65% vào năm 2030``) share
the indicator; a ``Phấn đấu đến năm X:`` lead-in governs the items of its list; a table with one
column per year gives one target per year cell; baselines (``năm 2020 đạt 32,7%``, ``từ 40,7% (năm
2020) lên …``, assessment sections, ``Thực hiện năm 2020`` columns) are left out.  Every cue word is
data in ``targets.yaml``; this module is the engine.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache

from pipeline.models import Target
from pipeline.text.structure import heading_of

from extractors import catalogue
from extractors.rules.lexicon import alternation, fold, load_yaml

NUM = r"\d+(?:[.,]\d+)*"
_YEAR = r"(?:19|20)\d\d"
_QUY = fold("quý")  # folded text moves the tone mark: "qúy"
_ROMAN_Q = {"i": (1, 3), "ii": (4, 6), "iii": (7, 9), "iv": (10, 12),
            "1": (1, 3), "2": (4, 6), "3": (7, 9), "4": (10, 12)}


@lru_cache(maxsize=1)
def _data():
    return load_yaml("targets.yaml")


def _cues(key: str) -> list[str]:
    return [fold(c["cue"] if isinstance(c, dict) else c) for c in _data().get(key) or []]


def _rx(words) -> str:
    return alternation(words)


@lru_cache(maxsize=1)
def _label_bounds() -> tuple[re.Pattern, dict[str, str]]:
    """A bound written alone in a table label's brackets ("(không quá)", "(tối thiểu)", "(trở lên)"):
    the directional cues of ``adjacent`` and ``after`` in targets.yaml, with their comparator."""
    d = _data()
    bounds = {fold(c["cue"]): c["comparator"] for k in ("adjacent", "after") for c in d[k]
              if c.get("comparator") in ("<=", ">=")}
    return re.compile(r"\((" + _rx(bounds) + r")\)", re.I), bounds


def _label_comparator(flabel: str) -> str | None:
    """The comparator a table row's folded label states (``(ít nhất)``, ``(không quá)``), if any."""
    bound_rx, bounds = _label_bounds()
    m = bound_rx.search(flabel)
    return bounds[m.group(1).lower()] if m else None


def _words_rx(words) -> str:
    """An alternation of phrases, longest first, spacing and comma spacing free."""
    ws = sorted(set(words), key=len, reverse=True)
    return "|".join(re.escape(w).replace(r"\ ", r"\s+").replace(",", r"\s*,") for w in ws)


@lru_cache(maxsize=1)
def _unit_grammar() -> tuple[str, list[str], str]:
    """(the unit pattern, every unit as a flat list longest first, the pattern of a person unit).

    A unit is a counted noun of ``units`` built by its kind: a classifier takes the event head noun
    right after it (``cuộc kiểm tra``), a person noun its modifier (``lao động nữ``), and person,
    media and place nouns make lists of their kind (``phụ nữ, trẻ em gái``, ``tin, bài, phóng sự``)."""
    d = _data()
    by: dict[str, list[str]] = {}
    for u in d["units"]:
        by.setdefault(u.get("kind", "thing"), []).append(fold(u["unit"]))
    heads = [fold(c["cue"]) for c in d.get("event_heads") or []]
    mods = [fold(c["cue"]) for c in d.get("person_modifiers") or []]
    w = r"(?!\w)"
    parts, person = [], r"(?!)"
    if by.get("classifier"):
        hd = rf"(?:\s+(?:{_words_rx(heads)}){w})?" if heads else ""
        parts.append(rf"(?:{_words_rx(by['classifier'])}){w}{hd}")
    if by.get("person"):
        md = rf"(?:\s+(?:{_words_rx(mods)}){w})?" if mods else ""
        one = rf"(?:{_words_rx(by['person'])}){w}{md}"
        person = rf"{one}(?:\s*,\s*{one})*"
        parts.append(person)
    for kind, sep in (("media", r"\s*[,/]\s*"), ("place", r"\s*,\s*")):
        if by.get(kind):
            one = rf"(?:{_words_rx(by[kind])}){w}"
            parts.append(rf"{one}(?:{sep}{one})*")
    if by.get("thing"):
        parts.append(rf"(?:{_words_rx(by['thing'])}){w}")
    flat = set(x for v in by.values() for x in v)
    flat |= {f"{c} {h}" for c in by.get("classifier", []) for h in heads}
    flat |= {f"{n} {m}" for n in by.get("person", []) for m in mods}
    return "|".join(parts), sorted(flat, key=len, reverse=True), person


@lru_cache(maxsize=1)
def _p():
    """Compiled patterns built from the rule file."""
    d = _data()
    unit_alt, units, person = _unit_grammar()
    rates = _rx(fold(r["noun"]) for r in d["rate_nouns"])
    # a value, an optional range, then its unit
    q = re.compile(
        rf"(?<![\w/.,])(?P<num>{NUM})(?:\s*(?:%|‰)\s*(?:-|–|đến)\s*(?P<max2>{NUM})|(?:\s*(?:-|–|đến)\s*(?P<max>{NUM}))?)\s*"
        rf"(?P<unit>%|‰|/\s*(?P<den>{NUM})\s+(?:{rates})|(?:{unit_alt}))"
    )
    adjacent = [(fold(c["cue"]), c["comparator"]) for c in d["adjacent"]]
    adj_rx = re.compile(rf"(?<!\w)({_rx(c for c, _ in adjacent)})\s*(?:từ\s+)?$")
    return {
        "q": q,
        "adjacent": dict(adjacent),
        "adj_rx": adj_rx,
        "after": [(fold(c["cue"]), c["comparator"]) for c in d["after"]],
        "clause": [(fold(c["cue"]), c["comparator"]) for c in d["clause"]],
        "not_cues": _cues("not_cues"),
        "change": _cues("change_markers"),
        "baseline": re.compile(rf"(?<!\w)(?:{_rx(_cues('baseline_cues'))})(?:\s+[^\d\s;:,.]+){{0,4}}?\s*$"),
        "activity": re.compile(rf"(?<!\w)(?:{_rx(_cues('activity_verbs'))})(?!\w)"),
        "benef": re.compile(rf"(?<!\w)(?:{_rx(_cues('beneficiary_links'))})\s*$"),
        "person": re.compile(person),
        "freq": _cues("frequency"),
        "change_verbs": _cues("change_verbs"),
        # "ít nhất", "tối thiểu", "không ít hơn": a lower bound of two words or more (not "trên", "lên")
        "least": re.compile(rf"(?<!\w)(?:{_rx(c for c, k in adjacent if k == '>=' and ' ' in c)})(?!\w)"),
        "gift": _cues("gift"),
        "leadin": re.compile(rf"(?<!\w)(?:{_rx(_cues('leadins'))})(?!\w)"),
        "base_sec": re.compile(rf"(?:{_rx(_cues('baseline_sections'))})"),
        "target_sec": re.compile(rf"(?:{_rx(_cues('target_sections'))})"),
        "tbl_base": re.compile(rf"(?:{_rx(_cues('table_baseline_headers'))})"),
        "tbl_unit": re.compile(rf"^(?:{_rx(_cues('table_unit_headers'))})$"),
        "units": units,
    }


# ------------------------------------------------------------------------------------ cue slips

def _bare_table() -> dict[int, str]:
    """Every Latin letter with marks → its bare letter (``ấ`` → ``a``, ``đ`` → ``d``), one
    character for one, so offsets stay."""
    out = {ord("đ"): "d", ord("Đ"): "D"}
    for cp in range(0xC0, 0x1F00):
        c = chr(cp)
        base = unicodedata.normalize("NFD", c)[0]
        if base != c and base.isascii() and base.isalpha():
            out[cp] = base
    return out


_BARE = _bare_table()


@lru_cache(maxsize=1)
def _bare_cues() -> dict[str, str]:
    """The comparator and lead-in cues of two words or more, by their bare form (no tone or vowel
    marks), where that form is no other cue's: a mark slipped in typing or OCR ("Phần đấu",
    "it nhất") leaves such a phrase readable, while a one-word cue ("tăng"/"tặng", "giảm"/"giám")
    is never compared bare."""
    d = _data()
    cues = {fold(c["cue"]) for k in ("adjacent", "after", "clause", "leadins") for c in d[k]
            if len(c["cue"].split()) >= 2}
    by: dict[str, list[str]] = {}
    for c in cues:
        by.setdefault(_strip_marks(c), []).append(c)
    return {b: cs[0] for b, cs in by.items() if len(cs) == 1}


def _strip_marks(s: str) -> str:
    """``s`` without tone and vowel marks (``phấn đấu`` → ``phan dau``); not the same length."""
    return unicodedata.normalize("NFD", s.replace("đ", "d")).encode("ascii", "ignore").decode()


@lru_cache(maxsize=64)
def _marked_rx(bares: tuple[str, ...]) -> re.Pattern:
    """Folded text where these bare forms occur with any marks: each letter stands for the letter
    with any marks on it."""
    marked: dict[str, set[str]] = {}
    for cp, base in _BARE.items():
        ch = chr(cp)
        if ch.islower():
            marked.setdefault(base, {base}).add(ch)

    def letters(bare: str) -> str:
        return "".join(r"\s" if ch == " " else
                       ("[" + "".join(sorted(marked[ch])) + "]" if ch in marked else re.escape(ch)) for ch in bare)

    return re.compile(rf"(?<!\w)(?:{'|'.join(letters(b) for b in bares)})(?!\w)")


def cue_folded(folded: str) -> str:
    """The folded text with each multi-word cue whose marks slipped written as the cue (same
    length).  The common case, no slip, is told at C speed: each cue's bare form occurs as often
    in the text stripped of its marks as the cue does in the folded text; only the cues that
    differ are looked for, letter by letter."""
    safe = _bare_cues()
    if not safe:
        return folded
    stripped = _strip_marks(folded)
    odd = tuple(sorted(b for b, c in safe.items() if (n := stripped.count(b)) and n != folded.count(c)))
    if not odd:
        return folded
    parts, last = [], 0
    for m in _marked_rx(odd).finditer(folded):
        found = m.group(0)
        cue = safe.get(re.sub(r"\s", " ", found).translate(_BARE))
        if cue is None or found == cue or len(cue) != len(found):
            continue
        parts += [folded[last:m.start()], cue]
        last = m.end()
    if not parts:
        return folded
    parts.append(folded[last:])
    return "".join(parts)


class _CueView:
    """A document context whose folded text has its slipped cues written right."""

    def __init__(self, ctx, folded: str):
        self._ctx, self.folded = ctx, folded

    def __getattr__(self, name):
        return getattr(self._ctx, name)


# ------------------------------------------------------------------------------------ numbers

def number(raw: str) -> float:
    """Vietnamese numerals, never raising: ``1,5`` → 1.5, ``100.000`` → 100000, ``03`` → 3,
    ``1.000.000`` and ``1,000,000`` → 1000000."""
    s = re.sub(r"[^\d.,]", "", str(raw or ""))
    if not s or not re.search(r"\d", s):
        return 0.0
    try:
        if "." in s and "," in s:  # the later separator is the decimal mark
            dec = "." if s.rfind(".") > s.rfind(",") else ","
            thou = "," if dec == "." else "."
            return float(s.replace(thou, "").replace(dec, "."))
        for sep in (".", ","):
            if sep in s:
                parts = s.split(sep)
                if len(parts) > 2 or (sep == "." and all(len(p) == 3 for p in parts[1:]) and parts[0]):
                    if all(len(p) == 3 for p in parts[1:]):
                        return float("".join(parts))
                    return float(parts[0] + "." + "".join(parts[1:]))
                return float(parts[0] + "." + parts[1]) if parts[0] else float("0." + parts[1])
        return float(s)
    except ValueError:
        m = re.match(r"\d+", s)
        return float(m.group(0)) if m else 0.0


# ------------------------------------------------------------------------------------ helpers

@dataclass
class Hit:
    start: int          # number start
    num_end: int
    end: int            # unit end
    value: float
    value_max: float | None
    unit: str
    unit_class: str
    counted: bool       # a counted noun (not %, ‰, rate)
    deadline: str | None = None
    linked: bool = False
    clone_deadline: str | None = None  # "… và duy trì đến năm X": a second target
    extra: dict = field(default_factory=dict)


def _unit_class(unit: str) -> str:
    # README's four classes: a rate ("/100.000 trẻ đẻ sống") or a ratio counts its noun
    return {"%": "percent", "‰": "permille", "lần": "times"}.get(unit, "count")


@lru_cache(maxsize=None)
def _w(key: str) -> str:
    """The alternation of the folded cue words of ``targets.yaml[key]``."""
    return _rx(_cues(key))


def _date_rx(anchored: bool) -> re.Pattern:
    """A deadline: ``[vào|đến|trong|trước] [cuối|hết] năm 2025`` / ``ngày 30/6/2026`` / ``Quý
    III/2018`` (the link and end words: ``deadline_links``, ``deadline_ends``; ``năm``: ``year_words``).
    Anchored: right after a value, past a bracket, a unit qualifier or an after-cue; else anywhere
    after a link word."""
    yw = _w("year_words")
    no_span = "" if anchored else r"(?!\s*[-–]\s*\d)"  # "năm 2022 - 2025" is a span, no deadline
    when = (rf"(?:{yw})\s+(?P<y>{_YEAR}){no_span}"
            rf"|ngày\s+(?P<d>\d{{1,2}})[/.-](?P<m>\d{{1,2}})[/.-](?P<dy>{_YEAR})"
            rf"|{_QUY}\s+(?P<q>iv|iii|ii|i|[1-4])\s*(?:/|{yw})\s*(?P<qy>{_YEAR})")
    links, ends = _w("deadline_links"), _w("deadline_ends")
    if anchored:
        after = _rx([fold(c["cue"]) for c in _data()["after"]] + _cues("unit_qualifiers"))
        return re.compile(rf"^[\s,]*(?:\([^)]*\)\s*)?(?:(?:{after})\s*)?(?:(?:{links})\s+)?(?:(?:{ends})\s+)?(?:{when})")
    return re.compile(rf"(?<!\w)(?:(?:{links})\s+(?:(?:{ends})\s+)?)(?:{when})")


@lru_cache(maxsize=1)
def _dl_after() -> re.Pattern:
    return _date_rx(True)


@lru_cache(maxsize=1)
def _dl_any() -> re.Pattern:
    return _date_rx(False)


@lru_cache(maxsize=1)
def _paren_year() -> re.Pattern:
    """``(năm 2030)`` right after a value."""
    return re.compile(rf"\s*\(\s*(?:{_w('year_words')})\s+({_YEAR})\s*\)")


@lru_cache(maxsize=1)
def _time_cell() -> re.Pattern:
    """A table cell that is a time alone: ``Quý II/2016``, ``Năm 2016``, ``2016``."""
    yw = _w("year_words")
    return re.compile(rf"\s*(?:(?:(?:{yw})\s+)?(?P<y>{_YEAR})|{_QUY}\s+(?P<q>iv|iii|ii|i|[1-4])\s*(?:/|{yw})\s*(?P<qy>{_YEAR}))\s*$")


def _row_time(folded: str, a: int, b: int) -> str | None:
    """The deadline a table row's time column states (its last cell that is a time alone)."""
    out = None
    for cell in folded[a:b].split("|"):
        m = _time_cell().match(cell)
        if m and cell.strip():
            out = m.group("y") or _deadline_of_q(m)
    return out


def _deadline_of_q(m: re.Match) -> str:
    a, b = _ROMAN_Q[m.group("q")]
    y = m.group("qy")
    return f"{y}-{a:02d}/{y}-{b:02d}"


def _deadline_of(m: re.Match) -> str:
    if m.group("y"):
        return m.group("y")
    if m.group("dy"):
        return f"{m.group('dy')}-{int(m.group('m')):02d}-{int(m.group('d')):02d}"
    a, b = _ROMAN_Q[m.group("q")]
    y = m.group("qy")
    return f"{y}-{a:02d}/{y}-{b:02d}"


def _has(words: list[str], s: str) -> str | None:
    for w in words:
        if re.search(rf"(?<!\w){re.escape(w)}(?!\w)", s):
            return w
    return None


def _mask(s: str, words: list[str]) -> str:
    for w in words:
        s = re.sub(rf"(?<!\w){re.escape(w)}(?!\w)", lambda m: " " * len(m.group(0)), s)
    return s


@lru_cache(maxsize=1)
def _glue() -> re.Pattern:
    """Words that carry no content of their own when deciding whether two values are linked."""
    return re.compile(rf"(?<!\w)(?:{_cue_alt()}|{_qualifiers()}|và|hoặc|là|/năm)(?!\w)")


@lru_cache(maxsize=1)
def _qualifiers() -> str:
    return _rx(_cues("unit_qualifiers"))

@lru_cache(maxsize=1)
def _lead_strip() -> re.Pattern:
    """Numbering and a label word (``Chỉ tiêu 1:``, ``label_leads``) at the head of an item."""
    return re.compile(rf"^(?:\s*(?:[-+•*]|[a-zđ]\)|\d+(?:\.\d+)*\.?|[ivx]+\.)\s+)?\s*"
                      rf"(?:(?:{_w('label_leads')})\s*\d*\s*[:.]?\s*)?", re.I)


@lru_cache(maxsize=1)
def _grammar() -> str:
    """Grammar words around a value that are no part of what it measures (``grammar_words``), and
    deadline phrases (the comparator cues, frequency words and change markers join them in ``_cue_alt``)."""
    links, ends, yw = _w("deadline_links"), _w("deadline_ends"), _w("year_words")
    return (rf"{_w('grammar_words')}|(?:{links})\s+(?:(?:{ends})\s+)?(?:{yw})\s+{_YEAR}|(?:{yw})\s+{_YEAR}")


@lru_cache(maxsize=1)
def _cue_alt() -> str:
    d = _data()
    words = [fold(c["cue"]) for k in ("adjacent", "after", "clause", "frequency", "change_markers")
             for c in d.get(k) or [] if not c["cue"].startswith("/")]
    return _rx(words) + "|" + _grammar()


def _clean_phrase(s: str) -> str:
    s = re.sub(r"\s+", " ", s).strip(" ,;:-–.")
    s = re.sub(r"^(?:và|hoặc|,)\s+", "", s)
    s = re.sub(r"\s+(?:và|hoặc)$", "", s)
    return s.strip(" ,;:-–.")


def _lower_first(s: str) -> str:
    if s[:1].isupper() and not s[1:2].isupper():
        return s[0].lower() + s[1:]
    return s


def _strip_edges(text: str, folded: str, head: bool = True) -> str:
    """Cue words, deadline phrases and glue dropped from both ends of a phrase (not inside it)."""
    alt = _cue_alt()
    edge = re.compile(rf"^[\s,]*(?:{alt}|và|hoặc|thì|là)(?!\w)[\s,]*")
    tail = re.compile(rf"[\s,]*(?<!\w)(?:{alt}|và|hoặc|là)[\s,]*$")
    a, b = 0, len(folded)
    while True:
        m = edge.match(folded, a, b) if head else None
        if m and m.end() > a:
            a = m.end()
            continue
        m = tail.search(folded, a, b)
        if m and m.start() < b:
            b = m.start()
            continue
        break
    return text[a:b]


def _indicator_before(text: str, folded: str, a: int, b: int) -> str:
    """The noun phrase before a value: numbering, lead words, figures in brackets or replaced
    ("từ 40,7% (năm 2020) lên") and the cue words at its ends dropped."""
    seg = text[a:b]
    fseg = folded[a:b]
    m = _lead_strip().match(fseg)
    off = m.end() if m else 0
    im = None
    for im in re.finditer(r"(?:^|\s)[a-zđ]\)\s+", fseg[:80]):
        pass
    if im and im.end() > off:
        off = im.end()
    seg, fseg = seg[off:], fseg[off:]
    blank = lambda mm: " " * len(mm.group(0))  # noqa: E731 - keeps offsets
    # a share, or a count after "từ", is a figure replaced ("từ 35 vụ (năm 2023) xuống …")
    for rx in (r"\([^)]*\)", rf"(?<!\w)(?:từ\s+)?{NUM}\s*(?:%|‰)", rf"(?<!\w)từ\s+{NUM}\s*(?:{_unit_grammar()[0]})"):
        for mm in list(re.finditer(rx, fseg)):
            seg = seg[:mm.start()] + blank(mm) + seg[mm.end():]
        fseg = re.sub(rx, blank, fseg)
    s = _clean_phrase(_strip_edges(seg, fseg).rstrip(" ("))
    rest = re.sub(r"^(?:tỷ lệ|Tỷ lệ|TỶ LỆ)\s+", "", s)
    return rest if len(rest.split()) >= 3 else s


def _indicator_after(text: str, a: int, b: int) -> str:
    s = re.sub(r"\([^)]*\)", " ", text[a:b])
    s = re.sub(r"^\s*\)|^\s*/\s*năm\b", "", s)  # the bracket a count closes: "(02 lớp)"
    lead = _dl_after().match(fold(s))
    if lead:
        s = s[lead.end():]
    s = _after_cut().split(s)[0]
    after_cues = _rx(fold(c["cue"]) for c in _data()["after"])
    s = re.sub(rf"^[\s,]*(?:{after_cues})(?!\w)", "", s, flags=re.I)
    # cue and grammar words left at its end ("lễ mít tinh cấp thị xã với khoảng" / "300 đại biểu")
    fs = fold(s)
    m = _after_tail().search(fs)
    while m and m.start() < len(fs):
        s, fs = s[:m.start()], fs[:m.start()]
        m = _after_tail().search(fs)
    return _clean_phrase(s)


@lru_cache(maxsize=1)
def _after_tail() -> re.Pattern:
    """Comparator cues and grammar words at the end of the phrase after a value (they belong to the
    next value); frequency words stay ("tin, bài về bình đẳng giới mỗi tháng")."""
    d = _data()
    words = [fold(c["cue"]) for k in ("adjacent", "after", "clause") for c in d[k]] + _cues("grammar_words")
    return re.compile(rf"[\s,]*(?<!\w)(?:{_rx(words)}|và|hoặc|là)[\s,]*$")


@lru_cache(maxsize=1)
def _after_cut() -> re.Pattern:
    """Where the phrase after a value ends: a deadline (``vào năm``, ``trong Quý``, ``trước ngày``)
    or a share of it (``, trong đó``)."""
    links, ends, yw = _w("deadline_links"), _w("deadline_ends"), _w("year_words")
    return re.compile(rf"\s(?:{links})\s+(?:(?:{ends})\s+)?(?:{yw}|ngày|quý|qúy|tháng)\s|,?\s+trong đó\s", re.I)


# ------------------------------------------------------------------------------------ regions

_PHAN = re.compile(r"^(?:phần|phần thứ)\s+(?:[ivx]+|nhất|hai|ba|tư|năm|sáu|bảy|\d+)\b\.?\s*[:.-]?\s*(?P<rest>.*)$")
_ROMAN_HEAD = re.compile(r"^(?:[ivx]+)[.\-–/]\s*(?P<rest>.*)$")
_SUB_HEAD = re.compile(r"^\d+(?:\.\d+)*\.?\s+(?P<rest>.*)$")


def _folded_para(ctx, para) -> str:
    """``fold(para.text.strip())``, cut from the document's folded text (folding is letter by
    letter and its rules stop at a space or line end, so the slice is the same text) instead
    of folding every paragraph again."""
    raw = para.text
    lead = len(raw) - len(raw.lstrip())
    trail = len(raw) - len(raw.rstrip())
    return ctx.folded[para.start + lead:para.end - trail]


def _baseline_paras(ctx) -> set[int]:
    """Paragraph indexes inside assessment parts (``Phần thứ nhất / KẾT QUẢ…``, ``I. THỰC TRẠNG``),
    and ``1. Kết quả đạt được`` sub-parts, up to the next part or heading of that level."""
    p = _p()
    paras = ctx.structure.paras
    out: set[int] = set()
    state = None  # "top" when inside a baseline top-level part; ("sub", level) inside a sub-part
    sub = False
    n = len(paras)
    last_caps = -2       # the last all-caps title line: the next one continues its title
    for i, para in enumerate(paras):
        f = _folded_para(ctx, para)
        title = None
        top = False
        caps = False
        m = _PHAN.match(f)
        if m:
            top = True
            title = m.group("rest") or (_folded_para(ctx, paras[i + 1]) if i + 1 < n else "")
            if not title and i + 2 < n:
                title = _folded_para(ctx, paras[i + 2])
        else:
            m = _ROMAN_HEAD.match(f)
            raw = para.text.strip()
            if m and raw[:1].isupper():
                top = True
                title = m.group("rest")
            # an all-caps title line of 8 letters or more (the cheap tests first: most lines fail them)
            elif len(raw) < 160 and raw.isupper() and sum(ch.isalpha() for ch in raw) >= 8:
                caps = True
                if last_caps == i - 1:
                    last_caps = i  # "… TRÊN ĐỊA BÀN TỈNH" / "GIAI ĐOẠN 2006 - 2010": one title on two lines
                    if state or sub:
                        out.add(i)
                    continue
                top = True
                title = re.sub(r"^[a-z]\.\s*", "", f)
        if caps or m and top:
            last_caps = i
        if top:
            state = bool(p["base_sec"].search(title or "")) and not p["target_sec"].search(title or "")
            sub = False
        else:
            m = _SUB_HEAD.match(f)
            if m and len(f) < 120 and not re.search(r"\d\s*%", f):
                rest = m.group("rest")
                sub = bool(p["base_sec"].search(rest)) and not p["target_sec"].search(rest)
        if state or sub:
            out.add(i)
    return out


_FIELD_HEAD = re.compile(r"^(?:mục tiêu|lĩnh vực)\s*\d*\s*[:.]")
_SKIP_PARA = re.compile(r"^\s*(?:-\s*)?(?:nơi nhận|như điều|như trên|lưu\s*:|lưu vt|tm\.|kt\.)", re.I)


# ------------------------------------------------------------------------------------ clauses

_CLAUSE_BREAK = re.compile(r";|:\s|:$|\.\s|\.$|\|")


def _clauses(folded: str, a: int, b: int) -> list[tuple[int, int]]:
    out, s = [], a
    for m in _CLAUSE_BREAK.finditer(folded, a, b):
        # "1.", "2.1." numbering and decimals are no sentence end
        if m.group(0).startswith(".") and re.search(r"(?:^|\s)[\dA-Za-z]{1,3}(?:\.\d+)*$", folded[s:m.start()]):
            if re.fullmatch(r"\s*[\divxa-z]{1,3}(?:\.\d+)*", folded[s:m.start()]):
                continue
        out.append((s, m.start()))
        s = m.end()
    out.append((s, b))
    return [(x, y) for x, y in out if y > x]


_NUMBERING_END = re.compile(r"\s[\divx]{1,3}(?:\.\d+)*$")
_NUMBERING_TAIL = 200  # characters before a stop where a numbering that ends at it is looked for


def _sentence_bounds(folded: str, a: int, b: int, pos: int) -> tuple[int, int]:
    s = a
    for m in re.finditer(r"[.!?](?:\s|$)", folded[a:pos]):
        # whether a numbering ("1.", "2.1.") ends before the stop: only the text just before it
        # is looked at, so that a long paragraph of many stops stays linear
        end = a + m.start()
        lo = max(a, end - _NUMBERING_TAIL)
        if not _NUMBERING_END.search((" " if lo == a else "") + folded[lo:end]):
            s = a + m.end()
    m = re.search(r"[.!?](?:\s|$)", folded[pos:b])
    return s, (pos + m.start() if m else b)


def _in_parens(folded: str, a: int, pos: int) -> bool:
    seg = folded[a:pos]
    return seg.count("(") > seg.count(")")


def _comparator(p, folded: str, cs: int, h: Hit, prev_end: int) -> tuple[str | None, bool]:
    """(comparator from the value's own words or None, whether the clause names a change by an amount)."""
    before = h.extra.get("pre", "") + folded[max(cs, prev_end):h.start]
    near = before[-26:]
    m = p["adj_rx"].search(near)
    if m and p["adjacent"].get(m.group(1)):
        return p["adjacent"][m.group(1)], False
    after = folded[h.end:h.end + 14].lstrip()
    for cue, comp in p["after"]:
        if after.startswith(cue):
            return comp, False
    return None, False


def _clause_comparator(p, folded: str, cs: int, h: Hit, ce: int) -> tuple[str | None, bool]:
    masked = _mask(folded[cs:h.start], p["not_cues"])
    best = None
    for cue, comp in p["clause"]:
        for m in re.finditer(rf"(?<!\w){re.escape(cue)}(?!\w)", masked):
            if best is None or m.start() > best[0]:
                best = (m.start(), cue, comp)
    if not best:
        return None, False
    _, cue, comp = best
    if cue in p["change_verbs"]:
        # a change by an amount: the value follows the verb (not a level after "còn/xuống/lên");
        # told by a change marker, or by a share of a count ("số vụ … giảm 10%")
        tail = folded[cs:ce]
        if _has(p["change"], tail) or "/năm" in folded[h.end:h.end + 8]:
            return None, True
        if h.unit in ("%", "‰") and re.search(r"(?:^|[\s,:;])số\s+\w+", masked) and \
                re.search(rf"(?<!\w){cue}\s*$", masked):
            return None, True
    return comp, False


def _find_hits(p, text: str, folded: str, a: int, b: int) -> list[Hit]:
    hits = []
    for m in p["q"].finditer(folded, a, b):
        unit_f = re.sub(r"\s+", " ", m.group("unit"))
        raw_unit = text[m.start("unit"):m.end("unit")]
        if m.group("den"):
            unit = "/" + re.sub(r"\s+", " ", raw_unit.lstrip("/").strip())
        elif unit_f in ("%", "‰"):
            unit = unit_f
        else:
            unit = re.sub(r"\s+", " ", raw_unit)
        counted = unit not in ("%", "‰") and not unit.startswith("/") and not re.search(r"/\s*\d", unit)
        # a year or a numbering is no value ("năm 2025 10 lớp" does not happen; "2025 người" might)
        num = m.group("num")
        if counted and re.fullmatch(_YEAR, num):
            continue
        value = number(num)
        mx = m.group("max") or m.group("max2")
        vmax = number(mx) if mx else None
        if vmax is not None and vmax <= value:
            vmax = None
        hits.append(Hit(start=m.start("num"), num_end=m.end("num"), end=m.end("unit"), value=value,
                        value_max=vmax, unit=unit, unit_class=_unit_class(unit), counted=counted))
    return hits


@lru_cache(maxsize=1)
def _year_reached() -> re.Pattern:
    """``năm 2020 đạt …``, ``năm 2020 mới đạt khoảng …``, ``năm 2011 là …`` right before a value: a
    year (no deadline link before it), ``reached_adverbs``, ``reached_verbs``, then an
    approximation or bound cue of ``adjacent``."""
    links = [fold(c["cue"]) for k in ("deadline_links", "deadline_ends") for c in _data()[k]]
    not_after = "".join(rf"(?<!{re.escape(w)} )" for w in links)
    approx = _rx(fold(c["cue"]) for c in _data()["adjacent"] if " " not in c["cue"])
    return re.compile(rf"{not_after}(?:{_w('year_words')})\s+{_YEAR}\s*,?\s*(?:(?:{_w('reached_adverbs')})\s+)?"
                      rf"(?:{_w('reached_verbs')})\s*(?:(?:{approx})\s+)?$")


def _is_baseline(p, folded: str, a: int, h: Hit, ce: int) -> bool:
    before = folded[max(a, h.start - 40):h.start]
    if p["baseline"].search(before):
        return True
    # "năm 2020 đạt 32,7%": a year then a verb of state, not after a deadline's link word
    if _year_reached().search(before):
        return True
    after = folded[h.end:ce]
    # "từ 40,7% (năm 2020) lên 50%": the value after "từ" that a later "lên/xuống" replaces (the
    # value after it, "lên 50% (năm 2030)", is the target and its year)
    repl = _w("replace_markers")
    if re.match(rf"\s*\(\s*(?:{_w('year_words')})\s+{_YEAR}\s*\)\s*(?:{repl})(?!\w)", after):
        return True
    if re.search(r"(?<!\w)từ\s*$", before) and \
            re.match(rf"\s*(?:\([^)]*\)\s*)?(?:(?:(?:{_w('deadline_links')})\s+)?(?:{_w('year_words')})\s+{_YEAR}\s*)?(?:{repl})(?!\w)", after):
        return True
    return False


def _linked(p, folded: str, prev: Hit, h: Hit) -> bool:
    gap = folded[prev.end:h.start]
    gap = re.sub(r"\([^)]*\)", " ", gap)
    gap = _glue().sub(" ", gap)
    gap = re.sub(r"[\s,]+", " ", gap).strip()
    return gap == ""


def _title_text(title: str) -> str:
    """The heading part of a section title; a title that states a target keeps its head only."""
    title = re.split(r"\s[a-zđ]\)\s", title)[0]  # "2. Chỉ tiêu cụ thể a) Giảm …": the item is glued on
    if ":" in title:
        head, rest = title.split(":", 1)
        if re.search(r"\d", rest):
            return head
    return title


@lru_cache(maxsize=1)
def _domain_words() -> list[tuple[str, str]]:
    return [(dom, fold(w)) for dom, words in _data()["domains"].items() for w in words]


@lru_cache(maxsize=4096)
def _domain_of(s: str, most: bool = False) -> str | None:
    """The domain of the earliest keyword in ``s`` (``most``: with most keywords, a tie going to
    the earliest — a heading names its field more than once)."""
    fs = fold(s)
    score: dict[str, list] = {}
    for dom, w in _domain_words():
        i = fs.find(w)
        while i >= 0:
            sc = score.setdefault(dom, [0, i])
            sc[0] += 1
            sc[1] = min(sc[1], i)
            i = fs.find(w, i + 1)
    if not score:
        return None
    return min(score, key=lambda d: ((-score[d][0]) if most else 0, score[d][1]))


@lru_cache(maxsize=4096)
def _heading_domains(t: str) -> frozenset:
    """Every field a heading names ("Thông tin, truyền thông và nâng cao năng lực": two)."""
    ft = fold(t)
    return frozenset(dom for dom, w in _domain_words() if w in ft)


@lru_cache(maxsize=4096)
def _indicator_domain(indicator: str) -> str | None:
    """The field of what an indicator measures of its group: the keyword of the predicate after
    ``predicate_links`` first ("cơ quan quản lý nhà nước … có lãnh đạo chủ chốt là nữ"), else the
    indicator's earliest keyword."""
    m = _predicate_rx().search(fold(indicator))
    return (_domain_of(indicator[m.end():]) if m else None) or _domain_of(indicator)


@lru_cache(maxsize=1)
def _predicate_rx() -> re.Pattern:
    return re.compile(rf"(?<!\w)(?:{_w('predicate_links')})(?!\w)")


def _domain(p, indicator: str, clause: str, titles: list[str], sentence: str = "",
            indicator_first: bool = False) -> str:
    """Gift words → other; the deepest field heading (of the fields a heading names, the one the
    indicator names); the indicator's keyword (a table row, one topic per row, reads its own
    label first)."""
    if _has(p["gift"], fold(clause)):
        return "other"
    own = _indicator_domain(indicator)
    if indicator_first and own:
        return own
    for t in titles:
        d = _domain_of(t, True)
        if d:
            return own if own in _heading_domains(t) else d
    return own or _domain_of(clause) or _domain_of(sentence) or "other"


# ------------------------------------------------------------------------------------ tables

def _cells(text: str, a: int, b: int) -> list[tuple[int, int]]:
    """(start, end) of each cell of a row, stripped: ``| a | b |`` (outer bars) or ``a | b``
    (cells between bars; a leading bar is an empty first cell)."""
    out = []
    bars = [i for i in range(a, b) if text[i] == "|"]
    row = text[a:b].strip()
    if not (row.startswith("|") and row.endswith("|") and len(bars) >= 2):
        bars = [a - 1] + bars + [b]
    for x, y in zip(bars, bars[1:]):
        s, e = x + 1, y
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        out.append((s, e))
    return out


@lru_cache(maxsize=1)
def _cell_rx() -> tuple[re.Pattern, re.Pattern, dict[str, str], re.Pattern, re.Pattern]:
    """(a value cell "≤ 1,7", a year header "Năm 2025", sign → comparator, a header cell word,
    a label column's header word), from ``cell_comparators``, ``year_words``, ``table_header_cells``
    and ``table_label_headers``."""
    signs = {c["cue"]: c["comparator"] for c in _data()["cell_comparators"]}
    sign_alt = "|".join(re.escape(x) for x in sorted(signs, key=len, reverse=True))
    value = re.compile(rf"^(?P<cmp>{sign_alt})?\s*(?P<num>{NUM})\s*(?P<unit>%|‰)?$")
    year = re.compile(rf"^(?:(?:{_w('year_words')})\s+)?(?P<y>{_YEAR})$")
    header = re.compile(rf"(?<!\w)(?:{_w('table_header_cells')})(?!\w)")
    label = re.compile(rf"(?<!\w)(?:{_w('table_label_headers')})(?!\w)")
    return value, year, signs, header, label


@dataclass
class _Table:
    years: dict = field(default_factory=dict)      # column → year
    years_right: dict = field(default_factory=dict)  # columns counted from the right → year
    baseline: set = field(default_factory=set)    # columns that hold figures reached
    unit_col: int | None = None
    label_col: int | None = None


def _table_row(p, ctx, para, tbl: _Table, period_end, out: list, heads=()) -> None:
    text, folded = ctx.text, ctx.folded
    cells = _cells(text, para.start, para.end)
    if not cells:
        return
    fc = [re.sub(r"\s+", " ", folded[s:e]) for s, e in cells]
    cell_value, header_year, signs, header_rx, label_rx = _cell_rx()
    years = {i: header_year.match(c).group("y") for i, c in enumerate(fc) if header_year.match(c)}
    header_like = any(header_rx.search(c) for c in fc) or \
        (years and all(not c or header_year.match(c) or not re.match(r"^[\d,.≥≤<>=\s%‰]+$", c) for c in fc))
    if header_like and not any(cell_value.match(c) and not header_year.match(c) and i not in years
                               for i, c in enumerate(fc) if c):
        if years and all(not c or i in years for i, c in enumerate(fc)) and len(years) < len(fc) + 1 \
                and fc and fc[0] and 0 in years:
            # a row of years only, its merged cells left out ("2021 | 2022 | … | 2025" under a
            # "Kế hoạch …" cell): it sits over the last columns of the data rows
            for i, y in years.items():
                tbl.years_right[len(fc) - i] = y
            return
        for i, c in enumerate(fc):
            if p["tbl_unit"].match(c):
                tbl.unit_col = i
            if label_rx.search(c):
                tbl.label_col = i
            if p["tbl_base"].search(c):
                tbl.baseline.add(i)
                tbl.years.pop(i, None)
            elif i in years:
                tbl.years[i] = years[i]
            else:
                m = re.search(rf"(?:{_w('year_words')})\s+({_YEAR})$", c)
                if m and not re.search(rf"(?<!\w)(?:{_w('table_span_words')})(?!\w)", c):
                    tbl.years[i] = m.group(1)
        return
    if not tbl.years and not tbl.years_right:
        return
    year_of = dict(tbl.years)
    for off, y in tbl.years_right.items():
        if len(cells) - off >= 0:
            year_of[len(cells) - off] = y
    # label: the stated column, else the longest wordy cell
    li = tbl.label_col
    if li is None or li >= len(cells) or not re.search(r"[^\W\d_]{2,}", fc[li]):
        cand = [(len(c), i) for i, c in enumerate(fc) if re.search(r"[^\W\d_]{3,}", c)]
        if not cand:
            return
        li = max(cand)[1]
    ls, le = cells[li]
    label = text[ls:le]
    flabel = fold(label)
    row_cmp = _label_comparator(flabel)
    unit_from_label = None
    for bmm in re.finditer(r"\(([^)]*)\)", flabel):
        inner = bmm.group(1).strip()
        for u in p["units"]:
            if inner == u or inner.startswith(u + " "):
                unit_from_label = text[ls + bmm.start(1):ls + bmm.start(1) + len(u)]
                break
        if unit_from_label:
            break
    col_unit = None
    if tbl.unit_col is not None and tbl.unit_col < len(cells):
        us, ue = cells[tbl.unit_col]
        col_unit = text[us:ue].strip() or None
    indicator = _label_bounds()[0].sub("", label)
    if unit_from_label:
        indicator = re.sub(r"\([^)]*" + re.escape(unit_from_label) + r"[^)]*\)", "", indicator)
    indicator = _clean_phrase(re.sub(r"^(?:Tỷ lệ|tỷ lệ|Số|số)\s+", "", indicator.strip()))
    vals = []
    for i, c in enumerate(fc):
        if i not in year_of or i in tbl.baseline or i >= len(cells):
            continue
        m = cell_value.match(c)
        if not m:
            continue
        vals.append((i, m))
    if not vals:
        return
    surf_end = cells[vals[-1][0]][1]
    page, section = ctx.where(ls)
    titles = [t for _, t, _k in reversed(heads)]
    for i, m in vals:
        unit = m.group("unit") or unit_from_label or col_unit or ""
        if not unit or re.search(r"đồng", fold(unit)):
            continue
        comp = signs.get(m.group("cmp") or "", row_cmp or "=")
        value = number(m.group("num"))
        out.append(_make(ctx, ls, surf_end, page, section, indicator, value, None, unit, comp,
                         year_of[i], _domain(p, indicator, label, titles, indicator_first=True), _unit_class(unit)))




def _year_run(f: str) -> list[str] | None:
    """The column years of a header whose cells ran together: "… 2021 2022 2023 2024 2025 …"."""
    m = re.search(rf"(?<!\d)((?:{_YEAR}\s+){{1,}}{_YEAR})(?!\d)", f)
    if not m:
        return None
    ys = m.group(1).split()
    ints = [int(y) for y in ys]
    if any(b != a + 1 for a, b in zip(ints, ints[1:])):
        return None
    return ys


def _flat_row(p, ctx, para, flat, out, heads) -> bool:
    """``1 Tỷ lệ xã, phường, thị % 52 60 70 80 90 100 trấn có cán bộ …``: an index, the label (its
    words on both sides of the values), the unit, one value per year (after a baseline value)."""
    text, folded = ctx.text, ctx.folded
    f = folded[para.start:para.end]
    m = re.match(r"^\s*(\d{1,2})\s+", f)
    if not m:
        return False
    toks = [(x.start(), x.end(), x.group(0)) for x in re.finditer(r"\S+", f)]
    n = len(flat["years"])
    signs = _cell_rx()[2]
    sign_alt = "|".join(re.escape(x) for x in sorted(signs, key=len, reverse=True))
    num_token = re.compile(rf"^(?:{sign_alt})?{NUM}%?$")
    best = None
    k = 1
    while k < len(toks):
        if num_token.match(toks[k][2]) or toks[k][2] in signs:
            j = k
            vals = []
            while j < len(toks) and (num_token.match(toks[j][2]) or toks[j][2] in signs):
                if toks[j][2] not in signs:
                    vals.append(j)
                j += 1
            if best is None or len(vals) > len(best[2]):
                best = (k, j, vals)
            k = j
        else:
            k += 1
    if not best:
        return False
    k0, k1, vals = best
    if len(vals) == n + 1 and flat["baseline"]:
        vals = vals[1:]
    if len(vals) != n:
        return False
    # the unit: "%"/"‰" or a counted noun right before the values, else the label's "Số <noun>"
    before = f[m.end():toks[k0][0]].strip()
    after = f[toks[k1 - 1][1]:].strip() if k1 - 1 < len(toks) else ""
    unit = None
    split_head = None
    bm = re.search(r"(%|‰)$", before)
    if bm:
        unit, before = bm.group(1), before[:bm.start()].strip()
    else:
        for u in p["units"]:
            if before.endswith(" " + u):
                unit, before = u, before[:-len(u)].strip()
                break
    label_f = (before + " " + after).strip()
    if unit is None:
        sm = re.match(r"^số\s+(.*)$", label_f)
        if sm:
            unit = next((u for u in p["units"] if sm.group(1).startswith(u + " ")), None)
            if unit is None:
                # a unit split by the wrap: "mô … hình" → the noun the label counts
                for u in p["units"]:
                    head = u.split()[0]
                    if sm.group(1).startswith(u) or (before.endswith(" " + head) and u in sm.group(1)):
                        unit = u
                        if before.endswith(" " + head) and head != u:
                            split_head = head
                        break
    if unit is None:
        return False
    if split_head is None and " " in unit and before.endswith(" " + unit.split()[0]):
        split_head = unit.split()[0]  # the first word of a unit the wrap cut: "… phát triển mô 4 6 bền vững"
    # original-case label: same offsets in text and folded
    o = para.start
    lab_before = text[o + m.end():o + m.end() + len(f[m.end():toks[k0][0]].rstrip())]
    lab_before = re.sub(r"\s*(?:%|‰)\s*$", "", lab_before)
    if lab_before and fold(lab_before).endswith(" " + unit):
        lab_before = lab_before[:-len(unit)].rstrip()
    elif split_head and fold(lab_before).endswith(" " + split_head):
        lab_before = lab_before[:-len(split_head)].rstrip()
    lab_after = text[o + toks[k1 - 1][1]:para.end].strip()
    label = _clean_phrase(f"{lab_before} {lab_after}")
    flabel = fold(label)
    row_cmp = _label_comparator(flabel)
    indicator = _label_bounds()[0].sub("", label)
    indicator = _clean_phrase(re.sub(r"^(?:Tỷ lệ|tỷ lệ|Số|số)\s+", "", indicator.strip()))
    page, section = ctx.where(para.start)
    titles = [t for _, t, _k in reversed(heads)]
    unit_text = unit if unit in ("%", "‰") else next((text[o + x.start():o + x.end()] for x in
                                                       re.finditer(re.escape(unit), f)), unit)
    for yi, j in enumerate(vals):
        tok = toks[j][2]
        prev_tok = toks[j - 1][2] if j > 0 else ""
        sm = re.match(rf"(?:{sign_alt})", tok)
        cmp_ = (signs[sm.group(0)] if sm else None) or signs.get(prev_tok) or row_cmp or "="
        num = re.sub(r"%$", "", tok[sm.end():] if sm else tok)
        out.append(_make(ctx, para.start + m.end(), para.end, page, section, indicator, number(num), None,
                         unit_text, cmp_, flat["years"][yi],
                         _domain(p, indicator, label, titles, indicator_first=True), _unit_class(unit)))
    return True


def _make(ctx, start, end, page, section, indicator, value, value_max, unit, comparator, deadline, domain,
          unit_class) -> Target:
    text = ctx.text
    national = catalogue.national_for(indicator, text[start:end], unit, deadline)
    return Target(
        char_start=start, char_end=end, page=page, section=section, surface=text[start:end],
        indicator=indicator, value=value, value_max=value_max, unit=unit, comparator=comparator,
        deadline=deadline, domain=domain, unit_class=unit_class,
        national_indicator=national.indicator if national else None,
        national_value=national.value if national else None,
        national_comparator=national.comparator if national else None,
        national_year=national.year if national else None,
        national_match=national.match if national else None,
    )


# ------------------------------------------------------------------------------------ engine

def _leadin_of(p, folded_para: str) -> dict | None:
    """A paragraph that opens a list (ends with ':') and sets a comparator and/or a deadline."""
    s = folded_para.strip()
    if not s.endswith(":"):
        return None
    s = re.split(r"[.;]\s", s)[-1]
    if re.search(r"\d\s*(?:%|‰)", s):
        return None
    lead = {}
    if p["leadin"].search(s):
        lead["comparator"] = ">="
    m = _dl_any().search(s)
    if m:
        lead["deadline"] = _deadline_of(m)
    return lead or None


def _is_item(text: str) -> bool:
    return bool(re.match(r"^\s*(?:[-+•*]|[a-zđ]\)|\(\d+\))\s*", text))


def extract(ctx, period_end: int | None) -> list[Target]:
    p = _p()
    cf = cue_folded(ctx.folded)
    if cf is not ctx.folded:
        ctx = _CueView(ctx, cf)
    text, folded = ctx.text, ctx.folded
    st = ctx.structure
    out: list[Target] = []
    skip = _baseline_paras(ctx)
    default_deadline = str(period_end) if period_end else None
    lead = None          # the governing lead-in: {"comparator", "deadline", "level"}
    tbl = None
    last_para = None
    flat = None          # a run-together year table: {"years", "baseline"}
    heads: list[tuple[int, str, int]] = []   # open headings (level, title, paragraph), for the domain
    for i, para in enumerate(st.paras):
        part = st.part_of[i] if st.part_of else "body"
        ptext = para.text
        if not ptext.strip():
            continue
        prev_para = last_para
        last_para = para
        is_row = ptext.lstrip().startswith("|") or ptext.count(" | ") >= 2 or (tbl is not None and " | " in ptext)
        if not is_row:
            tbl = None
        if part in ("header", "title", "footnote") or i in skip or _SKIP_PARA.match(ptext):
            continue
        fpara = folded[para.start:para.end]
        # lead-ins and the end of their scope
        h = heading_of(ptext.strip())
        hl = h[0] if h else (5 if _FIELD_HEAD.match(fpara.strip()) else None)
        if hl is not None:
            while heads and heads[-1][0] >= hl:
                heads.pop()
            if hl > 1:
                # a heading glued to its first sub-item ("2. Mục tiêu cụ thể … a) Mục tiêu 1: …"):
                # a sub-item that states no figure is a heading too
                parts = re.split(r"\s(?=[a-zđ]\)\s)", ptext.strip())
                heads.append((hl, _title_text(parts[0])[:160], i))
                for sp in parts[1:]:
                    if not re.search(r"\d\s*(?:%|‰)", sp):
                        heads.append((6, _title_text(sp)[:160], -1))
        if lead is not None:
            if h and h[0] <= (lead["level"] or 1):
                lead = None
            elif not h and not _is_item(ptext) and not is_row and lead["level"] is None:
                lead = None
        li = _leadin_of(p, fpara)
        if li:
            lead = dict(li, level=h[0] if h else None)
            continue
        if is_row:
            if tbl is None:
                tbl = _Table()
            _table_row(p, ctx, para, tbl, period_end, out, heads)
            if tbl.years or tbl.years_right:
                continue
        else:
            # a year-column table whose cells a PDF text layer has run together
            yrs = _year_run(fpara)
            label_rx = _cell_rx()[4]
            if yrs and (label_rx.search(fpara) or (prev_para is not None and
                                                   label_rx.search(folded[prev_para.start:prev_para.end]))):
                flat = {"years": yrs, "baseline": bool(p["tbl_base"].search(fpara) or
                                                       re.search(rf"(?<!\w)(?:{_w('table_baseline_words')})(?!\w)", fpara))}
                continue
            if flat is not None:
                if _flat_row(p, ctx, para, flat, out, heads):
                    continue
                if re.match(r"^\s*\(", ptext) or not re.match(r"^\s*\d{1,2}\s", ptext) and len(ptext) < 60 and not h:
                    continue  # a wrapped piece of the row above
                flat = None
        # the paragraph's own heading is no title of it (its inline label is read in the clause)
        out.extend(_paragraph(p, ctx, para, lead, default_deadline, [t for _, t, k in reversed(heads) if k != i],
                              prev_para))
    return out


def _paragraph(p, ctx, para, lead, default_deadline, titles, prev_para=None) -> list[Target]:
    text, folded = ctx.text, ctx.folded
    a, b = para.start, para.end
    hits_all = _find_hits(p, text, folded, a, b)
    if not hits_all:
        return []
    # a line broken inside a clause (hard wraps, page breaks): "… phát sóng ít nhất" / "02 chuyên mục …"
    if prev_para is not None and hits_all[0].start - a <= 2 and \
            p["adj_rx"].search(folded[max(prev_para.start, prev_para.end - 30):prev_para.end].rstrip()):
        hits_all[0].extra["pre"] = folded[prev_para.start:prev_para.end][-40:] + " "
        hits_all[0].extra["pre_span"] = _clauses(folded, prev_para.start, prev_para.end)[-1]
    out: list[Target] = []
    clauses = _clauses(folded, a, b)
    sent_base = None
    # the tail of a line this one continues (hard wraps): what a value's clause began with
    pre_ctx = folded[prev_para.start:prev_para.end][-80:] if prev_para is not None and \
        not re.search(r"[.;:!?|]\s*$", prev_para.text) else ""
    # the sentence-level deadline: "Đến năm 2015, 100% …", "Đến cuối năm 2020 đạt 70% …; 50% …"
    for cs, ce in clauses:
        hits = [h for h in hits_all if cs <= h.start and h.end <= ce]
        if not hits:
            continue
        ss, se = _sentence_bounds(folded, a, b, hits[0].start)
        head = _lead_strip().sub("", folded[ss:ss + 40], count=1)
        ym = re.match(rf"\s*(?:(?:{_w('reached_year_leads')})\s+)?(?:{_w('year_words')}|{_w('table_span_words')})\s+"
                      rf"(?:{_YEAR}\s*[-–]\s*)?({_YEAR})\s*,", head)
        if ym and default_deadline and int(ym.group(1)) < int(default_deadline) and \
                not p["leadin"].search(folded[ss:se]):
            sent_base = (ss, se)
        kept: list[Hit] = []
        for h in hits:
            # a bracket holding only a count of the clause's activity: "Tập huấn … (02 lớp)"
            bracket = h.counted and re.search(r"\(\s*$", folded[cs:h.start]) and \
                re.match(r"\s*\)", folded[h.end:ce])
            if _in_parens(folded, cs, h.start) and not bracket:
                continue
            if _is_baseline(p, folded, cs, h, ce) or (sent_base and sent_base[0] <= h.start < sent_base[1]):
                continue
            before = h.extra.get("pre", "") + folded[cs:h.start]
            # a share that defines the group counted: "100% cơ quan có tỷ lệ nữ từ 30% trở lên có …"
            if re.search(r"(?<!\w)có(?:\s+tỷ lệ[^,;]{0,40})?\s+từ\s*$", before) and \
                    (kept or re.search(r"\d\s*%", pre_ctx)):
                continue
            if h.counted:
                cue = p["adj_rx"].search(before[-26:])
                prv = kept[-1] if kept else None
                linked = prv is not None and prv.unit == h.unit and _linked(p, folded, prv, h)
                # planned: after a comparator cue, an activity verb, "từ", in a bracket of its own,
                # or persons after a beneficiary link ("việc làm cho 250 lao động nữ")
                benef = p["benef"].search(before) and p["person"].fullmatch(fold(h.unit))
                if not (cue or linked or bracket or benef or p["activity"].search(before)
                        or re.search(r"(?<!\w)từ\s*$", before)):
                    continue
            kept.append(h)
        # a count or a share that only defines the group measured stays in the indicator:
        # "khám thai ít nhất 04 lần … đạt 90%", "70% cơ quan … có từ 30% cán bộ nữ trở lên"
        final: list[Hit] = []
        for k, h in enumerate(kept):
            nxt = kept[k + 1] if k + 1 < len(kept) else None
            if h.counted and h.unit == "lần" and nxt and not nxt.counted and \
                    not re.search(r"(?<!\w)và(?!\w)|,", folded[h.end:nxt.start]):
                continue
            # "90% cán bộ … được tập huấn nghiệp vụ ít nhất 01 lần": how often, of the share's group
            prv = final[-1] if final else None
            if h.counted and h.unit == "lần" and prv is not None and not prv.counted and \
                    not re.search(r"(?<!\w)và(?!\w)", folded[prv.end:h.start]) and \
                    _comparator(p, folded, cs, h, prv.end)[0] != "<=":
                continue
            final.append(h)
        if not final:
            continue
        _parse_clause(p, ctx, para, cs, ce, final, lead, default_deadline, out, titles)
    return out


def _unitless_followers(p, folded: str, h: Hit, limit: int) -> list[Hit]:
    """``… 110 bé trai/100 bé gái … vào năm 2025 và 109 vào năm 2030``: the second value takes the unit."""
    seg = folded[h.end:limit]
    m = re.match(rf"(?P<pre>[^;]{{0,60}}?(?<!\w)và\s+)(?P<num>{NUM})\s+(?=(?:{_w('deadline_links')})\s+"
                 rf"(?:(?:{_w('deadline_ends')})\s+)?(?:{_w('year_words')})\s+{_YEAR})", seg)
    if not m:
        return []
    s = h.end + m.start("num")
    e = h.end + m.end("num")
    return [Hit(start=s, num_end=e, end=e, value=number(m.group("num")), value_max=None, unit=h.unit,
                unit_class=h.unit_class, counted=h.counted)]


def _parse_clause(p, ctx, para, cs, ce, hits, lead, default_deadline, out, titles):
    text, folded = ctx.text, ctx.folded
    # values without a unit linked to a previous one
    extra = []
    for k, h in enumerate(hits):
        nxt = hits[k + 1].start if k + 1 < len(hits) else ce
        extra += _unitless_followers(p, folded, h, nxt)
    hits = sorted(hits + extra, key=lambda h: h.start)
    sent_s, sent_e = _sentence_bounds(folded, para.start, para.end, hits[0].start)
    # a deadline stated at the head of the sentence ("Đến năm 2015, …", "Đến cuối năm 2020 đạt …")
    head_deadline = None
    hm = None
    for hm in _dl_any().finditer(folded, min(sent_s, cs), hits[0].start):
        pass
    if hm:
        head_deadline = _deadline_of(hm)
    # 1. own deadlines, right after the value; or right before it, after "và/,"
    for k, h in enumerate(hits):
        nxt = hits[k + 1].start if k + 1 < len(hits) else ce
        m = _dl_after().match(folded[h.end:nxt])
        pm = _paren_year().match(folded, h.end, nxt)
        if m is None and pm:
            h.deadline = pm.group(1)  # "lên 30% (năm 2030)"
        elif m is None and k + 1 < len(hits):
            # "01 hội nghị sơ kết vào tháng 6/2024 và 01 hội nghị …": before the "và" that opens the next
            gap = folded[h.end:nxt]
            cut = max((x.start() for x in re.finditer(r"(?<!\w)và(?!\w)|[,;]", gap)), default=len(gap))
            m2 = _dl_any().search(gap[:cut])
            if m2:
                h.deadline = _deadline_of(m2)
        if m:
            h.deadline = _deadline_of(m)
            tail = folded[h.end + m.end():nxt]
            keep = _rx(c for c, k in p["clause"] if k == "=")  # "… và duy trì đến năm 2030"
            dm = re.match(rf"\s*,?\s*và\s+(?:{keep})\s+(?:{_w('deadline_links')})\s+(?:(?:{_w('deadline_ends')})\s+)?"
                          rf"(?:{_w('year_words')})\s+({_YEAR})", tail)
            if dm:
                h.clone_deadline = dm.group(1)
        prev_end = hits[k - 1].end if k else cs
        seg = folded[prev_end:h.start]
        if h.deadline is None:
            bm = None
            for bm in _dl_any().finditer(seg):
                pass
            if bm and (k == 0 or re.search(r"(?<!\w)và(?!\w)|,", seg[:bm.start()])):
                h.deadline = _deadline_of(bm)
        if h.deadline is None:
            # a day or quarter later in the clause: "… được tập huấn nghiệp vụ trước ngày 30/6/2026"
            if k == len(hits) - 1:
                lm = None
                for lm in _dl_any().finditer(folded[h.end:ce]):
                    pass
                if lm:
                    h.deadline = _deadline_of(lm)
    # 2. chains of linked values share the indicator
    chains: list[list[Hit]] = []
    for k, h in enumerate(hits):
        if k and _linked(p, folded, hits[k - 1], h) and (hits[k - 1].unit == h.unit or not h.counted):
            h.linked = True
            chains[-1].append(h)
        else:
            chains.append([h])
    page, section = ctx.where(cs)
    # an inline field label opens the paragraph: "4. Lĩnh vực y tế: Tỷ số giới tính …"
    lab = re.match(r"^(?:\s*(?:[-+•]|[a-zđ]\)|\d+(?:\.\d+)*\.?)\s+)?[^:;.]{3,80}:", folded[para.start:cs + 1])
    if lab and cs > para.start and not re.search(r"\d\s*%", lab.group(0)):
        titles = [text[para.start:para.start + lab.end() - 1]] + list(titles)
    # an item's own time line: "Thời gian thực hiện mô hình: năm 2022 - 2023"
    tl = re.search(rf"(?:{_rx(_cues('timeline_cues'))})[^:;.]{{0,40}}:\s*(?:(?:{_w('year_words')})\s+)?(?:{_YEAR}\s*[-–]\s*)?({_YEAR})(?!\s*[-–/]\s*\d)",
                   folded[para.start:para.end])
    if tl:
        head_deadline_tl = tl.group(1)
    else:
        head_deadline_tl = None
    row_time = _row_time(folded, para.start, para.end) if "|" in folded[para.start:para.end] else None
    start = cs
    while start < ce and text[start] in " -+•*\t":
        start += 1
    m = _lead_strip().match(folded[start:ce])
    surface = text[start:ce].strip()
    prev_comp = None
    prev_hit = None
    prev_form = None
    for ci, chain in enumerate(chains):
        first, last = chain[0], chain[-1]
        prev_end = chains[ci - 1][-1].end if ci else cs
        nxt_start = chains[ci + 1][0].start if ci + 1 < len(chains) else ce
        before_ind = _indicator_before(text, folded, prev_end, first.start)
        if not before_ind.strip() and "pre_span" in first.extra and ci == 0:
            # "… hoàn thành chương trình trung học cơ sở đạt" / "95%.": the clause began on the line above
            before_ind = _indicator_before(text, folded, *first.extra["pre_span"])
        if not before_ind.strip() and ci == 0 and cs > para.start and folded[cs - 2:cs].startswith(":") and \
                not _indicator_after(text, last.end, nxt_start):
            # "- Tỷ lệ lao động nữ … được đào tạo nghề: 40%.": the indicator is the clause the colon closes
            before_ind = _indicator_before(text, folded, *_clauses(folded, para.start, cs - 2)[-1])
        if ci and prev_end > cs:
            # skip what belongs to the previous value ("vào năm 2025", "trở lên")
            pass
        after_ind = _indicator_after(text, last.end, nxt_start)
        unit_txt = text[first.end - len(first.unit):first.end] if first.counted else ""
        if first.counted:
            # the counted noun and what follows it; the activity before it completes the phrase
            if re.match(r"^(?:giảm\s+)?số\s", fold(before_ind)) and len(before_ind.split()) >= 2:
                indicator = before_ind
            else:
                indicator = _clean_phrase(" ".join(x for x in (unit_txt, after_ind) if x))
                # the activity verb and the beneficiary link dropped: "Tổ chức …", "… cho"
                rest = before_ind
                vm = p["activity"].match(fold(rest)) if ci == 0 else None
                if vm:
                    rest = rest[vm.end():]
                bm = p["benef"].search(fold(rest))
                if bm:
                    rest = rest[:bm.start()]
                rest = _lower_first(_clean_phrase(rest))
                if len(rest.split()) >= 2 and not after_ind:
                    indicator = _clean_phrase(f"{indicator} {rest}")
            form = prev_form
        elif len(before_ind.split()) >= 2 and prev_form != "after" and \
                not re.fullmatch(r"(?:tỷ lệ|tỷ số|tỷ suất|tỷ trọng|số)", fold(before_ind)):
            indicator = before_ind
            form = "before"
        else:
            indicator = after_ind or before_ind
            form = "after" if after_ind else "before"
        prev_form = form
        # frequency words are not part of a unit; they stay in the indicator
        for h in chain:
            comp, _ = _comparator(p, folded, cs, h, prev_end if h is first else 0)
            comp2, change = _clause_comparator(p, folded, cs, h, ce)
            if comp is None:
                if prev_comp is not None and prev_hit is not None and _linked(p, folded, prev_hit, h):
                    comp = prev_comp
                elif comp2 is not None:
                    comp = comp2
            if comp is None and change and p["least"].search(folded[cs:h.start]):
                comp = ">="
            if comp is None and lead and lead.get("comparator"):
                comp = lead["comparator"]
            comp = comp or "="
            prev_comp = comp
            prev_hit = h
            verbs = p["change_verbs"]
            if change and not re.match(rf"(?:mức\s+)?(?:{_rx(verbs)})(?!\w)", fold(indicator)):
                verb = next((v for v in verbs if re.search(rf"(?<!\w){re.escape(v)}(?!\w)", folded[cs:h.end + 10])), verbs[-1])
                ind = f"{verb} {_lower_first(indicator)}" if indicator else verb
            else:
                ind = indicator
            deadline = h.deadline or head_deadline or row_time or head_deadline_tl or (lead or {}).get("deadline") \
                or default_deadline
            s_end = max(ce, h.end)
            ind = _lower_first(ind)
            dom = _domain(p, ind, text[start:s_end], titles, text[sent_s:sent_e])
            out.append(_make(ctx, start, s_end, page, section, ind, h.value, h.value_max, h.unit, comp,
                             deadline, dom, h.unit_class))
            if h.clone_deadline:
                out.append(_make(ctx, start, s_end, page, section, ind, h.value, h.value_max, h.unit, "=",
                                 h.clone_deadline, dom, h.unit_class))
