"""Text typed in the pre-Unicode Vietnamese encodings TCVN3 (ABC) and VNI, converted to Unicode.

Before Unicode, Vietnamese offices typed in 8-bit fonts whose glyphs sit at the code points of
Windows-1252: TCVN3 (TCVN 5712:1993 VN3; fonts ``.VnTime``, ``.VnArial`` …) and VNI
(``VNI-Times``, ``VNI-Helve`` …). Read without the font, such text is noise: ``Céng hoµ x· héi``
(TCVN3) or ``Coäng hoøa xaõ hoäi`` (VNI) for ``Cộng hoà xã hội``. The mapping tables are data
files beside this module, ``legacy_tcvn3.tsv`` and ``legacy_vni.tsv`` (every letter, every tone,
both cases).

* TCVN3 is one code per letter, lower case only (and ``Ă Â Ê Ô Ơ Ư Đ``): capitals with tones are
  the lower-case codes set in the capitals-only fonts (``.VnTimeH``, ``.VnArialH`` …), so a run in
  such a font is decoded and upper-cased (encoding ``tcvn3h`` here, reported as ``tcvn3``).
* VNI is a base letter followed by a tone/shape code (``a`` + ``ø`` = ``à``) or one code.

In DOCX the font of each run says which (``DocxFonts``). PDFs and plain text carry no usable
font, so ``detect`` looks at the text: its non-ASCII letters are in the legacy code range, it has
no Unicode Vietnamese letters, and it decodes to valid Vietnamese syllables far more often than it
reads as such. There TCVN3 capitals are restored by ``_recase`` (a word typed in capitals keeps
them; see there), and a TCVN3 code for ``ạ`` right after a digit is the superscript ``¹`` it
shares a byte with.
"""
from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import replace
from functools import lru_cache
from pathlib import Path

from pipeline.models import Block
from pipeline.read.vietnamese import VIETNAMESE_LETTERS, is_syllable

_HERE = Path(__file__).resolve().parent
ENCODINGS = ("tcvn3", "vni")


@lru_cache(maxsize=None)
def _rows(name: str) -> list[dict]:
    from extractors.rules.schema import read_tsv  # checked: columns, one NFC letter, hex bytes, no duplicate

    return read_tsv(_HERE / name)


def _chars(hex_bytes: str) -> str:
    """The codes as Word and PDF text carry them: each byte read as Windows-1252."""
    return bytes.fromhex(hex_bytes).decode("cp1252")


@lru_cache(maxsize=None)
def table(encoding: str) -> dict[str, str]:
    """Legacy string → Unicode letter, for ``tcvn3`` (the normal fonts), ``tcvn3h`` (the
    capitals fonts) or ``vni``."""
    if encoding in ("tcvn3", "tcvn3h"):
        font = ".VnTimeH" if encoding == "tcvn3h" else ".VnTime"
        out = {_chars(r["bytes"]): r["unicode"] for r in _rows("legacy_tcvn3.tsv") if r["font"] == font}
        if encoding == "tcvn3h":  # the capitals fonts show every code as its capital
            out = {**{k: v.upper() for k, v in table("tcvn3").items()}, **out}
        return {k: v for k, v in out.items() if k != v}
    if encoding == "vni":
        out = {_chars(r["bytes"]): r["unicode"] for r in _rows("legacy_vni.tsv")}
        # a capital base with a lower-case tone code ("Aù") is read as the capital, as VNI fonts show it
        for k, v in list(out.items()):
            if len(k) == 2 and k[0].isupper() and k[1].upper() + k[0] not in out:
                lower = k[0] + k[1].lower()
                out.setdefault(lower, v)
        return {k: v for k, v in out.items() if k != v}
    raise ValueError(f"unknown legacy encoding {encoding!r}")


@lru_cache(maxsize=None)
def _pattern(encoding: str) -> re.Pattern:
    keys = sorted(table(encoding), key=len, reverse=True)  # longest first: "oâ" before "o"
    return re.compile("|".join(map(re.escape, keys)))


def _unsymbol(text: str) -> str:
    """Word keeps characters of some 8-bit fonts in the private area (U+F020–U+F0FF)."""
    return re.sub("[\uf020-\uf0ff]", lambda m: chr(ord(m.group()) - 0xF000), text)


def decode(text: str, encoding: str) -> str:
    """``text`` typed in ``encoding`` (``tcvn3``, ``tcvn3h``, ``vni``) as Unicode."""
    text = _unsymbol(text)
    out = _pattern(encoding).sub(lambda m: table(encoding)[m.group()], text)
    return out.upper() if encoding == "tcvn3h" else out


@lru_cache(maxsize=None)
def _inverse(encoding: str) -> dict[str, str]:
    if encoding == "vni":
        return {r["unicode"]: _chars(r["bytes"]) for r in _rows("legacy_vni.tsv")}
    return {r["unicode"]: _chars(r["bytes"]) for r in _rows("legacy_tcvn3.tsv")
            if r["font"] == ".VnTime" or r["unicode"].lower() == r["unicode"]}


def encode(text: str, encoding: str) -> str:
    """Unicode text as it is typed in ``encoding`` (the inverse of ``decode``; used to make
    fixtures). TCVN3 has no capitals with tones: they come out as their lower-case codes, as a
    typist's keyboard driver writes them for the capitals-only fonts; ``tcvn3h`` is the same."""
    inv = _inverse("tcvn3" if encoding == "tcvn3h" else encoding)
    out = []
    for ch in text:
        if ch in inv:
            out.append(inv[ch])
        elif encoding != "vni" and ch.lower() in inv:
            out.append(inv[ch.lower()])
        else:
            out.append(ch)
    return "".join(out)


def decode_bytes(data: bytes) -> str:
    """Bytes of a legacy-encoded file as the characters Word would show: Windows-1252 (the
    five bytes it leaves undefined read as Latin-1)."""
    return data.decode("latin-1").translate(_CP1252_HIGH)


_CP1252_HIGH = {}
for _b in range(0x80, 0xA0):
    try:
        _CP1252_HIGH[_b] = bytes([_b]).decode("cp1252")
    except UnicodeDecodeError:
        pass


# --------------------------------------------------------------------------- fonts

_SUBSET = re.compile(r"^[A-Z]{6}\+")
_STYLE = re.compile(r"[,\-](?:Bold|Italic|BoldItalic|Regular|Oblique|BoldOblique)$", re.I)


def font_encoding(name: str | None) -> str | None:
    """``tcvn3``, ``tcvn3h`` (a capitals font) or ``vni`` for a legacy font name, else None."""
    if not name:
        return None
    n = _STYLE.sub("", _SUBSET.sub("", name.strip()))
    if re.match(r"^vni[-_ ]", n, re.I):
        return "vni"
    if re.match(r"^\.?vn", n, re.I):
        return "tcvn3h" if n.endswith("H") else "tcvn3"
    return None


_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
# Runs in a legacy font are wrapped in these private-use marks while a paragraph is read, so
# that a VNI letter whose tone code Word put in the next run is decoded whole.
_OPEN = {"tcvn3": "\ue000", "tcvn3h": "\ue001", "vni": "\ue002"}
_CLOSE = "\ue003"
_SEGMENT = re.compile("([\ue000-\ue002])([^\ue003]*)\ue003")
_JOIN = re.compile("([\ue000-\ue002])([^\ue003]*)\ue003\\1")
_BY_OPEN = {v: k for k, v in _OPEN.items()}


class Decoder:
    """Collects text in legacy fonts while a paragraph is read, decodes it line by line, and
    counts what it decoded (``encoding``: the one with most letters)."""

    def __init__(self):
        self.found: Counter = Counter()  # encoding → letters decoded

    @staticmethod
    def mark(text: str, encoding: str | None) -> str:
        return text if not encoding or not text else _OPEN[encoding] + text + _CLOSE

    def unmark(self, line: str) -> str:
        """Decode the marked stretches of one line (adjacent ones of one encoding together)."""
        if _CLOSE not in line:
            return line
        while True:
            joined = _JOIN.sub(r"\1\2", line)
            if joined == line:
                break
            line = joined

        def one(m: re.Match) -> str:
            enc = _BY_OPEN[m.group(1)]
            out = decode(m.group(2), enc)
            self.found["tcvn3" if enc == "tcvn3h" else enc] += sum(1 for a, b in zip(m.group(2), out) if a != b) + 1
            return out

        return _SEGMENT.sub(one, line)

    @property
    def encoding(self) -> str | None:
        return self.found.most_common(1)[0][0] if self.found else None


class DocxFonts(Decoder):
    """Which legacy encoding (if any) each run of a Word document is typed in, from its font:
    the run's own ``w:rFonts``, else its character style, its paragraph's style chain, the
    default paragraph style and the document defaults."""

    def __init__(self, document, extra: list = ()):
        super().__init__()
        self.styles: dict[str, tuple[str | None, str | None]] = {}
        self.default_para: str | None = None
        self.doc_default: str | None = None
        self.active = False  # is any legacy font named at all? (else runs are not looked at)
        try:
            root = document.styles.element
        except Exception:  # no styles part
            root = None
        for s in root.iter(_W + "style") if root is not None else ():
            based = s.find(_W + "basedOn")
            self.styles[s.get(_W + "styleId")] = (self._font(s.find(_W + "rPr")),
                                                  based.get(_W + "val") if based is not None else None)
            if s.get(_W + "type") == "paragraph" and s.get(_W + "default") in ("1", "true", "on"):
                self.default_para = s.get(_W + "styleId")
        if root is not None:
            self.doc_default = self._font(root.find(f"{_W}docDefaults/{_W}rPrDefault/{_W}rPr"))
        named = [f for f, _ in self.styles.values()] + [self.doc_default]
        for el in [document.element, *extra]:
            named += [f.get(_W + "hAnsi") or f.get(_W + "ascii") for f in el.iter(_W + "rFonts")]
        self.active = any(font_encoding(f) for f in named)

    @staticmethod
    def _font(r_pr) -> str | None:
        if r_pr is None:
            return None
        fonts = r_pr.find(_W + "rFonts")
        if fonts is None:
            return None
        return fonts.get(_W + "hAnsi") or fonts.get(_W + "ascii")

    def _style_font(self, style_id: str | None) -> str | None:
        seen = set()
        while style_id and style_id not in seen:
            seen.add(style_id)
            font, based = self.styles.get(style_id, (None, None))
            if font:
                return font
            style_id = based
        return None

    def run_encoding(self, r) -> str | None:
        if not self.active:
            return None
        r_pr = r.find(_W + "rPr")
        font = self._font(r_pr)
        if not font and r_pr is not None:
            r_style = r_pr.find(_W + "rStyle")
            if r_style is not None:
                font = self._style_font(r_style.get(_W + "val"))
        if not font:
            p = next(r.iterancestors(_W + "p"), None)
            p_style = p.find(f"{_W}pPr/{_W}pStyle") if p is not None else None
            if p_style is not None:
                font = self._style_font(p_style.get(_W + "val"))
            font = font or self._style_font(self.default_para) or self.doc_default
        return font_encoding(font)


# --------------------------------------------------------------------------- detection

_TOKEN = re.compile(r"[A-Za-z\u00a1-\u00ff]+")
_LEGACY_CHAR = re.compile(r"[\u00a1-\u00ff]")
# the words _TOKEN finds that hold a character of the legacy range, found in one pass
# (anchored at a word's start: tried from inside a long ASCII word, it would rescan the word
# from every letter, quadratic in the word's length)
_LEGACY_TOKEN = re.compile(r"(?<![A-Za-z\u00a1-\u00ff])[A-Za-z\u00a1-\u00ff]*[\u00a1-\u00ff][A-Za-z\u00a1-\u00ff]*")
_UNICODE_VI = frozenset(c for c in VIETNAMESE_LETTERS if ord(c) > 0xFF)
_UNICODE_VI_CHAR = re.compile("[" + re.escape("".join(sorted(_UNICODE_VI))) + "]")


def _unicode_vietnamese(text: str) -> int:
    return len(_UNICODE_VI_CHAR.findall(text))


def _score(tokens: list[str], encoding: str) -> float:
    """Share of the tokens that decode to valid Vietnamese syllables."""
    if not tokens:
        return 0.0
    return sum(1 for t in tokens if is_syllable(decode(t, encoding))) / len(tokens)


def detect(text: str) -> str | None:
    """``tcvn3`` or ``vni`` when ``text`` reads as Vietnamese typed in that encoding, else None.

    The words with a non-ASCII letter must (a) carry no Unicode Vietnamese letter beyond Latin-1
    (``ạ ư ơ đ …`` never occur in legacy text), (b) decode to valid syllables (75% at least,
    abbreviations and names aside), and (c) decode so much better than they read as they stand
    (25 points) that the text cannot be Unicode Vietnamese that merely uses ``à á â …``."""
    text = _unsymbol(text)
    unicode_letters = _unicode_vietnamese(text)
    if unicode_letters and unicode_letters > 0.05 * len(_LEGACY_CHAR.findall(text)):
        return None  # Unicode Vietnamese: more such letters than the test below allows (each token
        # holds a character of the legacy range), decided without splitting the text into tokens
    tokens = _LEGACY_TOKEN.findall(text)
    if len(tokens) < 3 or unicode_letters > 0.05 * len(tokens):
        return None
    as_is = sum(1 for t in tokens if is_syllable(t)) / len(tokens)
    scores = {enc: _score(tokens, enc) for enc in ENCODINGS}
    best = max(scores, key=scores.get)
    if scores[best] >= 0.75 and scores[best] >= as_is + 0.25:
        return best
    return None


def convert_text(text: str, encoding: str) -> str:
    """Decode a whole text typed in ``encoding`` (no font information): TCVN3 capitals and
    superscript ones restored as the module docstring says."""
    if encoding == "tcvn3":
        text = re.sub(r"(?<=\d)\u00b9", "\ue010", _unsymbol(text))  # ¹ after a digit stays ¹
        text = re.sub(r"(?m)^(\s*)\u00b9(?=[.\s])", "\\1\ue010", text)  # ... and at a footnote's start
        text = _recase(text).replace("\ue010", "¹")
        # "Ủy ban" names a body (Ủy ban nhân dân, Ủy ban Mặt trận …) and takes its capital;
        # TCVN3 has none for Ủ outside the capitals fonts
        return re.sub(r"(?<![^\W\d_])(?:ủy|uỷ) ban\b", lambda m: m.group()[0].upper() + m.group()[1:], text)
    return decode(text, encoding)


_UPPER_CODES = set(_chars("A1 A2 A3 A4 A5 A6 A7"))  # Ă Â Ê Ô Ơ Ư Đ
_LOWER_CODES = set(_chars("A8 A9 AA AB AC AD AE"))  # ă â ê ô ơ ư đ


def _recase(text: str) -> str:
    """Decode TCVN3 text, giving back the capitals that the capitals-only fonts showed.

    A word with no lower-case letter and a capital past its first letter (``HO¹CH``, ``ñY``)
    was typed in capitals: all of it is upper-cased. A word whose only capital is its first
    letter (``KÕ``) is upper-cased when a neighbour on its line was by the first rule
    (``KÕ HO¹CH``). A word that starts with a toned code at the start of a line or sentence gets
    a capital first letter (``ñy`` → ``Ủy``)."""
    out_lines = []
    for line in text.split("\n"):
        pieces = re.split(r"([A-Za-z\u00a1-\u00ff\ue010]+)", line)
        kinds = []  # per word piece: "caps", "maybe" or None
        for i in range(1, len(pieces), 2):
            w = pieces[i]
            upper = [j for j, c in enumerate(w) if ("A" <= c <= "Z") or c in _UPPER_CODES]
            lower = any(("a" <= c <= "z") or c in _LOWER_CODES for c in w)
            toned = any(c in table("tcvn3") and c not in _UPPER_CODES | _LOWER_CODES for c in w)
            if lower or not upper or not toned:
                kinds.append(None)
            elif any(j > 0 for j in upper):
                kinds.append("caps")
            else:
                kinds.append("maybe")
        for k, kind in enumerate(kinds):
            if kind == "maybe":
                near = [kinds[n] for n in (k - 1, k + 1) if 0 <= n < len(kinds)]
                kinds[k] = "caps" if "caps" in near else None
        for k, kind in enumerate(kinds):
            i = 2 * k + 1
            w = decode(pieces[i], "tcvn3")
            if kind == "caps":
                w = w.upper()
            elif pieces[i][0] in table("tcvn3") and pieces[i][0] not in _LOWER_CODES:
                before = "".join(pieces[:i])
                if re.fullmatch(r"\s*(?:[-+•]\s*|\d+(?:\.\d+)*[.)]\s*|[a-zđ]\)\s*)?|.*[.!?]\s+", before):
                    w = w[0].upper() + w[1:]
            pieces[i] = w
        out_lines.append("".join(pieces))
    return "\n".join(out_lines)


@lru_cache(maxsize=1)
def _dictionary() -> tuple[frozenset[str], frozenset[str]]:
    """(syllables, words) of underthesea's Viet74K word list, lower case NFC; empty if absent."""
    try:
        from importlib.resources import files

        text = (files("underthesea") / "corpus" / "data" / "Viet74K.txt").read_text(encoding="utf-8")
    except (ImportError, FileNotFoundError, OSError):
        return frozenset(), frozenset()
    words = {unicodedata.normalize("NFC", " ".join(w.lower().split())) for w in text.splitlines() if w.strip()}
    return frozenset(s for w in words for s in w.split()), frozenset(words)


_LETTERS = re.compile(r"[^\W\d_]+")


def _with_u(word: str) -> list[str]:
    """``word`` with one ``ư`` put back, every place it could go (capital at the start)."""
    out = []
    for i in range(len(word) + 1):
        u = "Ư" if (i == 0 and word[:1].isupper()) or (word.isupper() and len(word) > 1) else "ư"
        cand = word[:i] + u + word[i:]
        if i == 0 and word[:1].isupper() and not word.isupper():
            cand = "Ư" + word[0].lower() + word[1:]
        out.append(cand)
    return out


def restore_u(text: str) -> str:
    """Put back the ``ư`` a TCVN3 text layer lost. TCVN3 types ``ư`` as 0xAD, the soft hyphen,
    which PDF printers (LibreOffice among them) drop inside a line and print as ``-`` at its end:
    ``Ch-ơng``, ``Chơng``, ``nh sau``. A hyphen between two letters that makes a dictionary
    syllable when it is ``ư``, a word the dictionary lacks that becomes exactly one dictionary
    syllable with an ``ư`` put in, and a pair of words that becomes exactly one dictionary word
    that way (``tham mu`` → ``tham mưu``) are restored. Needs underthesea's word list."""
    syllables, words = _dictionary()
    if not syllables:
        return text

    def known(w: str) -> bool:
        return w.lower() in syllables

    def hyphen(m: re.Match) -> str:
        joined = m.group(1) + "ư" + m.group(3)
        left, right = m.group(1), m.group(3)
        if m.group(2) and is_syllable(left):  # "ph- ơng" only when the left part is no syllable
            return m.group(0)
        both = known(left) and known(right) and is_syllable(left) and is_syllable(right)
        return joined if known(joined) and not both else m.group(0)

    text = re.sub(r"(?<![^\W\d_])([^\W\d_]+)-( ?)([^\W\d_]+)(?![^\W\d_])", hyphen, text)

    def word(m: re.Match) -> str:
        w = m.group()
        if known(w) or (w.isupper() and len(w) > 1):
            return w
        found = [c for c in _with_u(w) if known(c)]
        return found[0] if len(found) == 1 else w

    text = _LETTERS.sub(word, text)
    tokens = list(_LETTERS.finditer(text))
    fixes: dict[int, tuple[int, int, str]] = {}
    for a, b in zip(tokens, tokens[1:]):
        if text[a.end():b.start()] != " " or a.start() in fixes:
            continue
        pair = f"{a.group()} {b.group()}".lower()
        if pair in words:
            continue
        cands = [(a, c) for c in _with_u(a.group()) if known(c) and f"{c} {b.group()}".lower() in words]
        cands += [(b, c) for c in _with_u(b.group()) if known(c) and f"{a.group()} {c}".lower() in words]
        if len(cands) == 1:
            tok, c = cands[0]
            fixes[tok.start()] = (tok.start(), tok.end(), c)
    for start, end, c in sorted(fixes.values(), reverse=True):
        text = text[:start] + c + text[end:]
    return text


def convert_blocks(blocks: list[Block], encoding: str | None = None, pdf: bool = False
                   ) -> tuple[list[Block], str | None]:
    """Blocks of a document with no font information: detect the encoding over the whole text
    (unless given) and decode every block that has no Unicode Vietnamese letter and reads no
    worse decoded; in a PDF's TCVN3 text the lost ``ư`` are put back (``restore_u``)."""
    if encoding is None:
        encoding = detect("\n".join(b.text for b in blocks))
    if encoding is None:
        return blocks, None
    out = []
    changed = False
    for b in blocks:
        tokens = _LEGACY_TOKEN.findall(b.text)
        if tokens and not _unicode_vietnamese(b.text):
            as_is = sum(1 for t in tokens if is_syllable(t)) / len(tokens)
            if _score(tokens, encoding) >= as_is:
                text = convert_text(b.text, encoding)
                b = replace(b, text=restore_u(text) if pdf and encoding == "tcvn3" else text)
                changed = True
        out.append(b)
    return out, encoding if changed else None
