"""What Vietnamese text looks like: valid syllables, and whether a text is Vietnamese at all.

Used to recognise text typed in a legacy encoding (it decodes to valid syllables; read as it
stands, it does not) and to flag a file whose text is not Vietnamese (a plan in English).
"""
from __future__ import annotations

import itertools
import re
from functools import lru_cache
import unicodedata

_TONE_MARKS = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}
_ONSET = r"(?:ngh|ng|nh|ch|gh|gi|kh|ph|th|tr|qu|[bcdđghklmnpqrstvx])?"
# Rhymes without their tone: nucleus (one to three vowel letters) and coda.
_NUCLEI = (
    "oai oay oao oeo uây uôi uya uyê uyu ươi ươu iêu yêu "
    "ai ao au ay âu ây eo êu ia iê yê iu oa oă oe oi ôi ơi oo ua uâ uê ui uô uơ uy ưa ưi ươ ưu "
    "a ă â e ê i o ô ơ u ư y"
).split()
_CODA = r"(?:ch|ng|nh|[cmnpt])?"
_SYLLABLE = re.compile(rf"^{_ONSET}(?:{'|'.join(_NUCLEI)}){_CODA}$")
VIETNAMESE_LETTERS = frozenset(
    unicodedata.normalize("NFC", base + tone)
    for base in "aăâeêioôơuưyAĂÂEÊIOÔƠUƯY"
    for tone in ("", *_TONE_MARKS)
) | {"đ", "Đ"}
_DIACRITIC_LETTERS = frozenset(c for c in VIETNAMESE_LETTERS if not c.isascii())
_MARKED = re.compile("[" + "".join(sorted(_DIACRITIC_LETTERS)) + "]")
SAMPLE_WORDS = 2000  # the first words of a text are enough to tell its language
_WORD = re.compile(r"[^\W\d_]+")


@lru_cache(maxsize=1 << 16)  # the same few thousand words come back in every plan
def is_syllable(word: str) -> bool:
    """Is ``word`` a well-formed Vietnamese syllable (one tone at most, a known rhyme)?"""
    decomposed = unicodedata.normalize("NFD", word.lower())
    tones = [c for c in decomposed if c in _TONE_MARKS]
    if len(tones) > 1:
        return False
    bare = unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in _TONE_MARKS))
    return bool(_SYLLABLE.match(bare))


def words(text: str) -> list[str]:
    return _WORD.findall(text)


def vietnamese_share(text: str) -> tuple[float, float, int]:
    """(share of words that carry a Vietnamese diacritic, share of words that are valid
    syllables, number of words)."""
    ws = [m.group() for m in itertools.islice(_WORD.finditer(text), SAMPLE_WORDS)]
    if not ws:
        return 0.0, 0.0, 0
    marked = sum(map(bool, map(_MARKED.search, ws)))  # (mapped, not looped: this runs on every plan)
    valid = sum(map(is_syllable, ws))
    return marked / len(ws), valid / len(ws), len(ws)


def looks_vietnamese(text: str) -> bool:
    """Written Vietnamese: a fair share of words carry diacritics (about half do in running
    text), or nearly every word is a syllable (text typed without diacritics)."""
    marked, valid, n = vietnamese_share(text)
    if n < 20:
        return True  # too little text to tell
    return marked >= 0.15 or valid >= 0.85
