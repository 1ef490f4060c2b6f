"""Loading the reviewed data files, and the text folding every matcher shares.

``fold`` makes two spellings of the same word compare equal without changing string length,
so offsets found in folded text are offsets in the original: lower case, old/new tone
placement (``hoá``/``hóa``), and typing/OCR slips from ``slips.tsv`` (``Phần đầu`` →
``phấn đấu``).
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from pathlib import Path

import yaml

HERE = Path(__file__).parent

# old-style tone placement → new style; both sides are one code point each in NFC
_TONE_PAIRS = {
    "oá": "óa", "oà": "òa", "oả": "ỏa", "oã": "õa", "oạ": "ọa",
    "oé": "óe", "oè": "òe", "oẻ": "ỏe", "oẽ": "õe", "oẹ": "ọe",
    "uý": "úy", "uỳ": "ùy", "uỷ": "ủy", "uỹ": "ũy", "uỵ": "ụy",
}
_TONE_RE = re.compile("(?:" + "|".join(_TONE_PAIRS) + r")(?!\w)")  # open syllables only: hoá, not hoạch


@lru_cache(maxsize=None)
def load_yaml(name: str):
    """A rule file beside this module, checked against its schema (``extractors/rules/schema.py``)."""
    from extractors.rules.schema import validate

    with open(HERE / name, encoding="utf-8") as fh:  # libyaml's safe loader where built in: 10x faster
        data = yaml.load(fh, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    return validate(name, data, HERE / name)


@lru_cache(maxsize=1)
def slips() -> list[tuple[re.Pattern, str]]:
    """(pattern, replacement) pairs from slips.tsv; replacements keep the length."""
    from extractors.rules.schema import read_tsv  # checks the columns, and that each row keeps the length

    out = []
    for row in read_tsv(HERE / "slips.tsv"):
        wrong = unicodedata.normalize("NFC", row["wrong"]).lower()
        right = unicodedata.normalize("NFC", row["right"]).lower()
        out.append((re.compile(rf"(?<!\w){re.escape(wrong)}(?!\w)"), right))
    return out


@lru_cache(maxsize=1)
def _slip_words() -> list[str]:
    """The ``wrong`` side of each slip, in the order of ``slips()``."""
    from extractors.rules.schema import read_tsv

    return [unicodedata.normalize("NFC", row["wrong"]).lower() for row in read_tsv(HERE / "slips.tsv")]


def fold(text: str) -> str:
    """Lower-cased, tone-placement- and slip-normalised text of the same length."""
    return _fold_short(text) if len(text) <= 200 else _fold(text)


@lru_cache(maxsize=1 << 14)  # names, titles and cues come back in every plan
def _fold_short(text: str) -> str:
    return _fold(text)


def _lower(text: str) -> str:
    """``text.lower()`` of the same length: a character whose lower case is longer (``İ`` →
    ``i̇``, two code points) stays as it is, so offsets in folded text stay offsets in ``text``."""
    low = text.lower()
    if len(low) == len(text):  # lower() never shortens a character: every one kept its length
        return low
    return "".join(lc if len(lc := c.lower()) == 1 else c for c in text)


def _fold(text: str) -> str:
    low = _lower(text)
    low = _TONE_RE.sub(lambda m: _TONE_PAIRS[m.group(0)], low)
    for (pat, right), wrong in zip(slips(), _slip_words()):
        if wrong in low:  # a plain substring test first: most slips are in no text
            low = pat.sub(right, low)
    assert len(low) == len(text)
    return low


def key(text: str) -> str:
    """A comparison key for names: folded, `&` = `và`, dashes and spacing ignored."""
    t = fold(unicodedata.normalize("NFC", text))
    t = t.replace("&", " và ")
    t = re.sub(r"[\-–—]+", " ", t)
    t = re.sub(r"\s+", " ", t).strip(" .,;:")
    return t


def alternation(words) -> str:
    """A regex alternation of literal phrases, longest first, spaces matching any whitespace."""
    return _alternation(tuple(words))


@lru_cache(maxsize=512)  # the rule lists are fixed: build each alternation once
def _alternation(words: tuple[str, ...]) -> str:
    items = sorted({w for w in words if w}, key=len, reverse=True)
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in items)
