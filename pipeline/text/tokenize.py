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
def shared_vocab():
    """The spaCy vocab every Doc and matcher shares: that of spaCy's multi-language defaults, as
    ``spacy.blank("xx")`` has it, without building the tokenizer kehoach never uses
    (underthesea segments); no model download."""
    from spacy.lang.xx import MultiLanguage
    from spacy.tokens import Token
    from spacy.vocab import create_vocab

    # getters over one list per Doc: setting an extension on every token costs more than
    # underthesea's own segmentation
    Token.set_extension("word_start", getter=_word_start, force=True)
    Token.set_extension("word", getter=_word, force=True)
    return create_vocab("xx", MultiLanguage.Defaults)


_STARTS = "kehoach_word_starts"


def _word_start(token) -> bool:
    return token.doc.user_data[_STARTS][token.i]


def _word(token) -> str:
    """The underthesea word ``token`` belongs to (its syllables up to the next word start)."""
    doc, starts = token.doc, token.doc.user_data[_STARTS]
    i = token.i
    while i > 0 and not starts[i] and not doc[i].is_space:
        i -= 1
    j = token.i + 1
    while j < len(doc) and not starts[j] and not doc[j].is_space:
        j += 1
    return doc[i:j].text


_CHUNK = 4000  # characters of a paragraph given to underthesea at once (its features take ~10 KB a token)


def _words(paragraph: str, wanted: list[tuple[int, int]] | None = None) -> list[str]:
    """underthesea's words of ``paragraph``; a long paragraph (a plan joined into one line, a
    run of digits) is given in pieces cut after a sentence or at a space, so that memory stays
    bounded (60,000 characters in one call took 400 MB).

    ``wanted``: where given, the (start, end) stretches of the paragraph whose segmentation is
    read; a piece that overlaps none of them is split at whitespace instead of being given to
    underthesea (the pieces are cut where they always are, so a piece that is segmented gets
    the same words as when every piece is)."""
    from underthesea import word_tokenize

    if wanted is not None and not wanted:
        return paragraph.split()
    if len(paragraph) <= _CHUNK:
        return word_tokenize(paragraph, use_token_normalize=False)
    starts = [s for s, _ in wanted] if wanted is not None else None
    reach = max((e - s for s, e in wanted), default=0) if wanted is not None else 0
    out, start, n = [], 0, len(paragraph)
    while start < n:
        end = min(n, start + _CHUNK)
        if end < n:
            cut = paragraph.rfind(". ", start + _CHUNK // 2, end)
            if cut < 0:
                cut = paragraph.rfind(" ", start + _CHUNK // 2, end)
            end = cut + 1 if cut >= 0 else end
        if starts is None or _overlaps(wanted, starts, reach, start, end):
            out += word_tokenize(paragraph[start:end], use_token_normalize=False)
        else:
            out += paragraph[start:end].split()
        start = end
    return out


def _overlaps(wanted: list[tuple[int, int]], starts: list[int], reach: int, a: int, b: int) -> bool:
    """Whether a stretch of ``wanted`` (sorted by start, none longer than ``reach``) overlaps [a, b)."""
    from bisect import bisect_left

    i = bisect_left(starts, a - reach)
    while i < len(wanted) and wanted[i][0] < b:
        if wanted[i][1] > a:
            return True
        i += 1
    return False


_NEAR = 1000  # characters after the last word where underthesea's next word is looked for


def segment(text: str, wanted=None) -> list[tuple[int, int, bool]]:
    """(start, end, word_start) for every syllable/punctuation token of ``text``; whatever
    underthesea skips (or changes) is still covered, as plain whitespace-split tokens.

    ``wanted``: None (underthesea segments everything), or a function of a paragraph giving the
    sorted (start, end) stretches of it whose tokens are read (None: the whole paragraph); the
    rest of the paragraph is split at whitespace (see ``_words``)."""
    out: list[tuple[int, int, bool]] = []
    add = out.append
    base = 0
    for para in text.split("\n"):
        pos = 0
        for word in _words(para, None if wanted is None else wanted(para)) if para.strip() else []:
            # looked for just after the last word only: a word underthesea changed is then not
            # searched for through the whole rest of the paragraph (quadratic on a long one)
            at = para.find(word, pos, pos + len(word) + _NEAR)
            if at < 0:  # underthesea changed the word: its text is covered by the gap below
                continue
            if at > pos and not para[pos:at].isspace():
                for m in _SUB.finditer(para, pos, at):
                    add((base + m.start(), base + m.end(), True))
            start = base + at
            if " " not in word:
                add((start, start + len(word), True))
            else:
                first = True
                for syllable in word.split(" "):
                    if syllable:
                        add((start, start + len(syllable), first))
                        first = False
                    start += len(syllable) + 1
            pos = at + len(word)
        if pos < len(para):
            for m in _SUB.finditer(para, pos):
                add((base + m.start(), base + m.end(), True))
        base += len(para) + 1
    return out


def to_doc(text: str, wanted=None):
    """A spaCy Doc over ``text`` with underthesea word boundaries; ``doc.text == text``.
    ``wanted`` (see ``segment``): underthesea segments only those stretches, the rest is split
    at whitespace (its tokens then each start a word)."""
    from spacy.tokens import Doc

    vocab = shared_vocab()
    spans = segment(text, wanted)
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
    doc = Doc(vocab, words=words, spaces=spaces)
    doc.user_data[_STARTS] = starts
    # the tokens must round-trip the text; doc.text would build a Python Token per token, so
    # check the end (tests/test_extractors.py checks doc.text == text on the corpus)
    assert not len(doc) or doc[-1].idx + len(doc[-1].text_with_ws) == len(text), "tokens must cover the text"
    return doc
