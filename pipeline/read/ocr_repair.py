"""Post-OCR repair: Vietnamese diacritic and typing slips corrected against the domain lexicon.

Tesseract reads Vietnamese well but drops or swaps tone marks, most of all the hook above
(``bình đẳng`` → ``bình đăng``/``bình đằng``, ``tổ chức`` → ``tố chức``, ``truyền`` →
``truyên``), and now and then upper-cases a short word (``cơ SỞ``).  The slipped word is
often a real Vietnamese syllable, so a word list alone cannot see it; a run of two or three
syllables can.  ``repair(text)`` makes three kinds of change, each only when the answer is
unambiguous:

1. **Phrases** (three syllables, then two): a run of syllables that is neither domain wording
   (``ocr_lexicon.txt``) nor a word of the general Vietnamese dictionary, whose letters without
   diacritics match exactly one domain phrase, becomes that phrase (``bình đăng giới`` →
   ``bình đẳng giới``).  Domain phrases are those seen at least ``MIN_COUNT`` times in the
   plans, or written in the rule files.
2. **Words**: a syllable that is neither in the lexicon nor in the dictionary becomes the one
   lexicon syllable with the same letters without diacritics, or else the one lexicon syllable
   at edit distance 1 (``tiếng`` for ``tiếnq``).  Abbreviations (upper-case, no diacritics,
   at most five letters) are left alone.
3. **Case**: an upper-case syllable with diacritics inside lower-case text, that is a real
   syllable, is lower-cased (``cơ SỞ`` → ``cơ sở``).

Before these, the symbol slips of ``ocr_slips.tsv`` are fixed (``00%o`` → ``00‰``, an em dash
→ the en dash plans use), and two slips that the letters alone do not show:

* **A speck read as a full stop** inside one name (``Hội Liên hiệp. Phụ nữ``): the stop goes
  where the syllables on both sides of it read as one agency name (every run of three across it,
  two syllables a side at most, is part of an agency's name, source ``n``), or, before a
  lower-case syllable, as one dictionary word (``Ngày Gia. đình Việt Nam``).  A sentence end
  before a capital is kept: the words across it do not make one name.
* **A head word's base-letter slip** (``Sử Tư pháp`` → ``Sở Tư pháp``): a capitalised syllable
  listed in ``ocr_heads.tsv`` becomes the head word it stands for where the head word and the two
  syllables after it are part of an agency's name (``n``) and what was read is not known wording.

A word that is itself in the lexicon is never changed.  The capitalisation of the original is
kept.  The lexicon is a data file (``scripts/make_ocr_lexicon.py`` builds it from the corpus,
the development set, the extractors' rule files and the syllables of underthesea's Viet74K
word list, source ``g``: those only stand in for a syllable that is no syllable at all when
no domain syllable fits); the general dictionary (Viet74K, when underthesea is installed) also
tells correct words at run time.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

LEXICON_FILE = Path(__file__).with_name("ocr_lexicon.txt")
MAX_N = 3

_WORD = re.compile(r"[^\W\d_]+")
# old-style tone placement on open syllables → new style (hoá → hóa, thuỷ → thủy)
_TONE_PAIRS = {
    "oá": "óa", "oà": "òa", "oả": "ỏa", "oã": "õa", "oạ": "ọa",
    "oé": "óe", "oè": "òe", "oẻ": "ỏe", "oẽ": "õe", "oẹ": "ọe",
    "uý": "úy", "uỳ": "ùy", "uỷ": "ủy", "uỹ": "ũy", "uỵ": "ụy",
}
_TONE_RE = re.compile("(?:" + "|".join(_TONE_PAIRS) + r")(?!\w)")


def canon(s: str) -> str:
    """Lookup form: NFC, lower case, new-style tone placement, single spaces."""
    s = unicodedata.normalize("NFC", s).lower()
    s = _TONE_RE.sub(lambda m: _TONE_PAIRS[m.group(0)], s)
    return " ".join(s.split())


def canon_lines(text: str) -> str:
    """``canon`` of every line of ``text``, keeping the line breaks."""
    text = unicodedata.normalize("NFC", text).lower()
    text = _TONE_RE.sub(lambda m: _TONE_PAIRS[m.group(0)], text)
    return "\n".join(" ".join(line.split()) for line in text.split("\n"))


def strip_marks(s: str) -> str:
    """The letters without diacritics (``đ`` → ``d``), lower case."""
    s = unicodedata.normalize("NFD", s.lower()).replace("đ", "d")
    return "".join(c for c in s if not unicodedata.combining(c))


def phrases(text: str) -> list[list[str]]:
    """Runs of syllables (canonical) separated by single spaces; punctuation and digits end a run."""
    runs: list[list[str]] = []
    prev_end = None
    for m in _WORD.finditer(unicodedata.normalize("NFC", text)):
        if prev_end is not None and text[prev_end:m.start()] == " " and runs:
            runs[-1].append(canon(m.group()))
        else:
            runs.append([canon(m.group())])
        prev_end = m.end()
    return runs


def count_phrases(texts) -> dict[str, int]:
    """How often each run of one to ``MAX_N`` syllables occurs in ``texts``."""
    from collections import Counter

    out: Counter = Counter()
    for text in texts:
        for run in phrases(text):
            if len(run) >= 3 and not any(map(_has_marks, run)):
                continue  # typed without diacritics ("Bao cao tinh hinh"): not the wording to repair to
            for n in range(1, MAX_N + 1):
                for i in range(len(run) - n + 1):
                    out[" ".join(run[i:i + n])] += 1
    return out


def build_entries(corpus_texts, rule_texts, slips=(), devset=(), general=(), names=()) -> dict[str, tuple[int, str]]:
    """Lexicon entries (``entry → (count, sources)``) from the plans' texts (source ``c``), the
    development set's (``d``), the rule files' strings (``y``; ``n`` too for the agencies'
    names and aliases, ``names``) and a general word list's syllables (``g``, count 0),
    leaving out every phrase that contains a known slip."""
    corpus, dev, rules = count_phrases(corpus_texts), count_phrases(devset), count_phrases(rule_texts)
    named = count_phrases(names)
    slips = {canon(s) for s in slips}
    slip_re = re.compile("|".join(rf"(?<!\w){re.escape(s)}(?!\w)" for s in sorted(slips))) if slips else None
    out = {}
    for g in set(corpus) | set(dev) | set(rules):
        if slip_re and slip_re.search(g):
            continue
        out[g] = (corpus.get(g, 0) + dev.get(g, 0) + rules.get(g, 0),
                  ("c" if g in corpus else "") + ("d" if g in dev else "") + ("y" if g in rules else "")
                  + ("n" if g in named and g in rules else ""))
    # a spelling with fewer diacritics than a far commoner one of the same letters is a slip
    # that a plan or a rule file quotes ("Uy ban nhân dân"), not wording to repair to
    groups: dict[tuple[int, str], list[str]] = {}
    for g in out:
        groups.setdefault((g.count(" "), strip_marks(g)), []).append(g)
    for members in groups.values():
        if len(members) < 2:
            continue
        top = max(members, key=lambda g: out[g][0])
        for g in members:
            if out[g][0] * 20 <= out[top][0] and _marks(g) < _marks(top):
                del out[g]
    for w in general:
        w = canon(w)
        if _WORD.fullmatch(w) and w not in out and not (slip_re and slip_re.search(w)):
            out[w] = (0, "g")
    return out


@dataclass
class Lexicon:
    grams: dict[str, tuple[int, str]]  # canonical entry → (count, sources)
    general: set[str] = field(default_factory=set)  # dictionary words and their syllables
    by_marks: dict[tuple[int, str], list[str]] = field(default_factory=dict)
    syllables: list[str] = field(default_factory=list)

    def __post_init__(self):
        self.general_marks: dict[str, list[str]] = {}
        for g, (_, src) in self.grams.items():
            if src == "g":  # a general syllable: a last resort for a syllable that is none
                self.general_marks.setdefault(strip_marks(g), []).append(g)
                continue
            # a phrase is a candidate only when it is a word (of the dictionary) or part of an
            # agency's name (``n``: "sở tư pháp"), not a chance neighbourhood of two words; a
            # syllable only when it is a real one
            if g in self.general or (" " not in g and not self.general) or (" " in g and "n" in src):
                self.by_marks.setdefault((g.count(" ") + 1, strip_marks(g)), []).append(g)
        self.syllables = sorted(g for g, (_, src) in self.grams.items()
                                if src != "g" and " " not in g and (g in self.general or not self.general))

    def word(self, phrase: str) -> bool:
        """A dictionary word of two or more syllables."""
        return " " in phrase and phrase in self.general

    def known(self, phrase: str) -> bool:
        return phrase in self.grams or phrase in self.general


def _read_lexicon(path: Path) -> dict[str, tuple[int, str]]:
    grams = {}
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            if line.startswith("#") or not line.strip():
                continue
            entry, count, src = line.rstrip("\n").split("\t")
            grams[entry] = (int(count), src)
    return grams


@lru_cache(maxsize=1)
def general_words() -> frozenset[str]:
    """Viet74K (underthesea's Vietnamese word list): every word and every syllable, canonical."""
    import importlib.util

    spec = importlib.util.find_spec("underthesea")  # its folder, without importing it (slow)
    try:
        folder = Path(list(spec.submodule_search_locations)[0])
        text = (folder / "corpus" / "data" / "Viet74K.txt").read_text(encoding="utf-8")
    except (AttributeError, IndexError, TypeError, OSError):
        return frozenset()
    text = canon_lines(text)  # one pass over the whole list is much faster than line by line
    words = {w for w in text.split("\n") if w}
    return frozenset(words | {s for w in words if " " in w for s in w.split(" ")})


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    return Lexicon(_read_lexicon(LEXICON_FILE), set(general_words()))


def _within_one(a: str, b: str) -> bool:
    """Edit distance of a and b is exactly 1 (one substitution, insertion or deletion)."""
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        return sum(x != y for x, y in zip(a, b)) == 1
    if len(a) > len(b):
        a, b = b, a
    i = 0
    while i < len(a) and a[i] == b[i]:
        i += 1
    return a[i:] == b[i + 1:]


def _cased(orig: str, new: str) -> str:
    if len(orig) > 1 and orig.isupper():
        return new.upper()
    if orig[:1].isupper():
        return new[:1].upper() + new[1:]
    return new


def _marks(s: str) -> int:
    """How many of the letters carry a diacritic (``đ`` counts)."""
    return sum(a != b for a, b in zip(s.lower(), strip_marks(s)))


def _has_marks(s: str) -> bool:
    return strip_marks(s) != s.lower()


def _abbreviation(w: str) -> bool:
    """Upper case without vowel marks (``UBND``, ``HĐND``, ``CT``): not a slip to repair."""
    return len(w) > 1 and w.isupper() and not _has_marks(w.replace("Đ", "D"))


def _named(phrase: str, lex: Lexicon) -> bool:
    """``phrase`` is part of an agency's name or alias (lexicon source ``n``)."""
    return "n" in lex.grams.get(phrase, (0, ""))[1]


# a full stop glued to a syllable, one space, a syllable: where a speck read as a stop may sit
_STOP = re.compile(r"(?<=[^\W\d_])\.(?= [^\W\d_])")
_LEFT = re.compile(r"(?<![^\W\d_])[^\W\d_]+(?: [^\W\d_]+)?$")
_RIGHT = re.compile(r" ([^\W\d_]+(?: [^\W\d_]+)?)")


def speck_stops(text: str, lex: Lexicon | None = None) -> list[int]:
    """Offsets of the full stops in ``text`` that are specks inside one name or word (see the
    module docstring), in order."""
    out = []
    for m in _STOP.finditer(text):
        lex = lex or lexicon()
        before = _LEFT.search(text, max(0, m.start() - 64), m.start())
        after = _RIGHT.match(text, m.end())
        if not before:
            continue
        left, right = canon(before.group()).split(), canon(after.group(1)).split()
        if after.group(1)[:1].islower():
            if lex.word(left[-1] + " " + right[0]) or _named(" ".join(left[-1:] + right), lex):
                out.append(m.start())
            continue
        spans = [left[-2:] + right[:1]] if len(left) == 2 else []
        spans += [left[-1:] + right[:2]] if len(right) == 2 else []
        if spans and all(_named(" ".join(w), lex) for w in spans):
            out.append(m.start())
    return out


HEADS_FILE = Path(__file__).with_name("ocr_heads.tsv")


@lru_cache(maxsize=1)
def head_slips() -> dict[str, str]:
    """``ocr_heads.tsv``: a head word's slip (canonical) → the head word."""
    from extractors.rules.schema import read_tsv  # checked: columns, one letter or mark apart

    return {canon(row["slip"]): canon(row["head"]) for row in read_tsv(HEADS_FILE)}


def corrections(text: str, lex: Lexicon | None = None) -> list[tuple[int, int, str]]:
    """(start, end, replacement) for every slip found in ``text`` (NFC), in order."""
    lex = lex or lexicon()
    words = [(m.start(), m.end(), m.group()) for m in _WORD.finditer(text)]
    canons = [canon(w) for _, _, w in words]
    # run id of each word: words joined by one space share a run
    run = []
    for i, (s, _, _) in enumerate(words):
        run.append(run[-1] if i and text[words[i - 1][1]:s] == " " else (run[-1] + 1 if run else 0))
    fixed: dict[int, str] = {}

    # a head word's base-letter slip before the rest of an agency's name ("Sử Tư pháp")
    heads = head_slips()
    for j, c in enumerate(canons):
        if c in heads and words[j][2][:1].isupper() and j + 2 < len(words) and run[j + 2] == run[j]:
            read = " ".join(canons[j:j + 3])
            if _named(" ".join([heads[c]] + canons[j + 1:j + 3]), lex) and not lex.known(read):
                fixed[j] = _cased(words[j][2], heads[c])

    for n in range(MAX_N, 1, -1):
        for i in range(len(words) - n + 1):
            idx = range(i, i + n)
            if run[i] != run[i + n - 1] or any(j in fixed for j in idx):
                continue
            phrase = " ".join(canons[j] for j in idx)
            if lex.known(phrase):
                continue
            if any(_abbreviation(words[j][2]) for j in idx) and not all(words[j][2].isupper() for j in idx):
                continue
            cands = [c for c in lex.by_marks.get((n, strip_marks(phrase)), ()) if c != phrase]
            if len(cands) != 1:
                continue
            new_syls = cands[0].split()
            # the first or last syllable makes a word with the syllable outside the window
            # ("ưu tiên bố trí" is not a slip for "tiến bộ"), unless the corrected phrase with
            # that syllable is itself domain wording ("tố quốc việt" → "tổ quốc việt")
            k = i + n - 1
            if i and run[i - 1] == run[i] and lex.word(canons[i - 1] + " " + canons[i]) \
                    and " ".join([canons[i - 1]] + new_syls[:MAX_N - 1]) not in lex.grams:
                continue
            if k + 1 < len(words) and run[k + 1] == run[k] and lex.word(canons[k] + " " + canons[k + 1]) \
                    and " ".join(new_syls[1 - MAX_N:] + [canons[k + 1]]) not in lex.grams:
                continue
            for j, new in zip(idx, new_syls):
                if new != canons[j]:
                    fixed[j] = _cased(words[j][2], new)

    for j, (_, _, w) in enumerate(words):
        if j in fixed or len(w) < 2:
            continue
        c = canons[j]
        if lex.known(c):
            if (w.isupper() and not _abbreviation(w) and c in lex.general and j and run[j - 1] == run[j]
                    and words[j - 1][2].islower()
                    and not (j + 1 < len(words) and run[j + 1] == run[j] and words[j + 1][2].isupper())):
                fixed[j] = c  # a lone upper-case word inside lower-case text
            continue
        if _abbreviation(w):
            continue  # an abbreviation kehoach does not know
        cands = [s for s in lex.by_marks.get((1, strip_marks(c)), ()) if s != c]
        if len(cands) != 1 and len(c) >= 3:
            cands = [s for s in lex.syllables if _within_one(c, s)]
        if not cands:  # no domain syllable near it: the one real syllable with its letters
            cands = [s for s in lex.general_marks.get(strip_marks(c), ()) if s != c]
        if len(cands) == 1:
            fixed[j] = _cased(w, cands[0])

    return [(words[j][0], words[j][1], new) for j, new in sorted(fixed.items()) if new != words[j][2]]


SLIPS_FILE = Path(__file__).with_name("ocr_slips.tsv")


@lru_cache(maxsize=1)
def symbol_slips() -> list[tuple[re.Pattern, str]]:
    """(pattern, replacement) rows of ``ocr_slips.tsv``: symbols Tesseract misreads."""
    from extractors.rules.schema import read_tsv  # checked: columns, patterns compile

    out = []
    for row in read_tsv(SLIPS_FILE):
        out.append((re.compile(row["pattern"]), row["replacement"]))
    return out


def repair(text: str, lex: Lexicon | None = None) -> str:
    """``text`` with its slips corrected (see the module docstring)."""
    text = unicodedata.normalize("NFC", text)
    for pat, repl in symbol_slips():
        text = pat.sub(repl, text)
    stops = speck_stops(text, lex)
    if stops:
        text = "".join(text[a + 1:b] for a, b in zip([-1] + stops, stops + [len(text)]))
    out, pos = [], 0
    for start, end, new in corrections(text, lex):
        out.append(text[pos:start])
        out.append(new)
        pos = end
    out.append(text[pos:])
    return "".join(out)
