"""underthesea word segmentation feeding spaCy ``Doc`` objects.

underthesea decides where Vietnamese *words* begin (``bình đẳng giới`` is one word of three
syllables); spaCy tokens are the syllables and punctuation inside those words, so that
patterns written as ordinary phrases match and every token keeps exact character offsets
into the normalised text (``doc.text == text``).  Each token carries:

* ``token._.word_start`` – True on the first syllable of an underthesea word;
* ``token._.word`` – the whole underthesea word the syllable belongs to.
"""
from __future__ import annotations

import re
from functools import lru_cache

_SUB = re.compile(r"\S+")


@lru_cache(maxsize=1)
def vocab_nlp():
    """A blank multi-language spaCy pipeline whose vocab the Docs share (no model download)."""
    import spacy
    from spacy.tokens import Token

    for name, default in (("word_start", False), ("word", None)):
        if not Token.has_extension(name):
            Token.set_extension(name, default=default)
    return spacy.blank("xx")


def _words(paragraph: str) -> list[str]:
    from underthesea import word_tokenize

    return word_tokenize(paragraph, use_token_normalize=False)


def segment(text: str) -> list[tuple[int, int, bool]]:
    """(start, end, word_start) for every syllable/punctuation token of ``text``."""
    out: list[tuple[int, int, bool]] = []
    base = 0
    for para in text.split("\n"):
        pos = 0
        for word in _words(para) if para.strip() else []:
            at = para.find(word, pos)
            if at < 0:  # underthesea changed the word: fall back to plain syllables
                continue
            first = True
            for m in _SUB.finditer(word):
                out.append((base + at + m.start(), base + at + m.end(), first))
                first = False
            pos = at + len(word)
        base += len(para) + 1
    # anything underthesea skipped is still covered, as plain whitespace-split tokens
    covered = {s for s, _, _ in out}
    ends = sorted(out)
    filled: list[tuple[int, int, bool]] = []
    last = 0
    for s, e, ws in ends:
        if s > last:
            for m in _SUB.finditer(text, last, s):
                if m.start() not in covered:
                    filled.append((m.start(), m.end(), True))
        filled.append((s, e, ws))
        last = e
    for m in _SUB.finditer(text, last):
        filled.append((m.start(), m.end(), True))
    return filled


def to_doc(text: str):
    """A spaCy Doc over ``text`` with underthesea word boundaries; ``doc.text == text``."""
    from spacy.tokens import Doc

    nlp = vocab_nlp()
    spans = segment(text)
    words, spaces, starts = [], [], []
    pos = 0
    for s, e, ws in spans:
        if s > pos:  # whitespace between tokens: one space goes in `spaces`, newlines become tokens
            gap = text[pos:s]
            if gap == " " and words:
                spaces[-1] = True
            else:
                if words and gap.startswith(" "):
                    spaces[-1] = True
                    gap = gap[1:]
                if gap:
                    words.append(gap)
                    spaces.append(False)
                    starts.append(False)
        words.append(text[s:e])
        spaces.append(False)
        starts.append(ws)
        pos = e
    if pos < len(text):
        words.append(text[pos:])
        spaces.append(False)
        starts.append(False)
    doc = Doc(nlp.vocab, words=words, spaces=spaces)
    word = None
    for tok, ws in zip(doc, starts):
        tok._.word_start = ws
    # the whole word each syllable belongs to
    i = 0
    toks = list(doc)
    while i < len(toks):
        j = i + 1
        while j < len(toks) and not toks[j]._.word_start and not toks[j].is_space:
            j += 1
        word = doc[i:j].text
        for t in toks[i:j]:
            t._.word = word
        i = j
    assert doc.text == text, "tokenisation must round-trip the text"
    return doc
