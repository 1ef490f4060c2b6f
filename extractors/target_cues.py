"""Targets, the rule table: the patterns and word lists the target engine reads from ``targets.yaml``.

``_p()`` compiles the cue words once (comparator cues, the unit grammar of counted nouns, baseline
and lead-in cues, section and table headers); ``_w(key)`` is the alternation of one key's words.
A multi-word cue whose marks slipped in typing or OCR (``Phần đấu``, ``it nhất``) is written back as
the cue in the folded text (:func:`cue_folded`) before the engine reads it.
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

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
        # a share that says which groups a value counts: "có tỷ lệ nữ từ" / "có từ" (30% …)
        "group_share": re.compile(rf"(?<!\w)(?:{_rx(_cues('predicate_links'))})"
                                  rf"(?:\s+(?:{_rx(_cues('share_nouns'))})[^,;]{{0,40}})?\s+từ\s*$"),
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


@lru_cache(maxsize=None)
def _w(key: str) -> str:
    """The alternation of the folded cue words of ``targets.yaml[key]``."""
    return _rx(_cues(key))


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
