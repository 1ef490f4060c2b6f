"""The signer's name and title, from the plan's signature block.

The block is read one line per item, or flattened beside the recipients (each recipients line
ending with the signature's column) or into one line: marks (``TM.``, ``KT.``, ``TL.``, ``TUQ.``,
``Q.``), the title under the last mark, ``(Đã ký)``, the name (:func:`signature_items`).  The
signer (:func:`signer`) is the last line that is a person's name (or a name in capitals), the
title the first known title or upper-case line after the last mark.  Titles as printed and as
written, marks and signed marks are ``extractors/rules/meta.yaml``'s.
"""
from __future__ import annotations

import re
from functools import lru_cache

from extractors.meta_header import data, head_re, is_head, unmarked
from pipeline.text.structure import is_appendix


@lru_cache(maxsize=1)
def signer_titles() -> list[tuple[str, str]]:
    return sorted(((t["printed"], t["title"]) for t in data()["signer_title_words"]), key=lambda x: -len(x[0]))


@lru_cache(maxsize=1)
def _mark_re() -> re.Pattern:
    marks = sorted((m["mark"] for m in data()["signature_marks"]), key=len, reverse=True)
    # "TM." needs its dot ("KT" alone is a filing code in "Lưu: VT, KT"); "T/M" may drop it
    alts = [re.escape(m) + (r"\.?" if "/" in m else r"\.") for m in marks]
    return re.compile(r"(?<![\w/])(" + "|".join(alts) + r")\s*(?=\S)")


def _mark_name(mm: re.Match) -> str:
    return mm.group(1).rstrip(".")


def _signed(t: str) -> bool:
    return any(re.match(s["pattern"], t.strip(), flags=re.I) for s in data()["signed_marks"])


def _person(t: str) -> bool:
    words = t.split()
    if not 2 <= len(words) <= 6:
        return False
    for w in words:
        if not w.isalpha() or len(w) < 2 or not w[0].isupper() or not w[1:].islower():
            return False
    return True


def _title_case(printed: str) -> str:
    up = printed.strip().upper()
    for p, t in signer_titles():
        if up == p:
            return t
    return up[:1] + up[1:].lower()


def _split_flat(t: str) -> list[str]:
    """Items of a signature block flattened into one string: marks, titles, ``(Đã ký)``, the name."""
    items = []
    words = t.split()
    k = len(words)
    while k > 0 and _person(words[k - 1] + " Xy") and len(words) - k < 6:
        k -= 1
    name = None
    if len(words) - k >= 2:
        name = " ".join(words[k:])
        t = " ".join(words[:k])
    signed = None
    sm = re.search(r"\(?\s*(?:đã\s+)?ký\s*\)?\s*$", t, flags=re.I)
    if sm:
        signed, t = sm.group(0), t[:sm.start()].rstrip()
    pieces = []
    last = 0
    for m in _mark_re().finditer(t):
        if m.start() > last:
            pieces.append(t[last:m.start()].strip())
        last = m.start()
    pieces.append(t[last:].strip())
    for p in pieces:
        if not p:
            continue
        mm = _mark_re().match(p)
        if mm and _mark_name(mm) not in ("TM", "T/M"):
            content = p[mm.end():]
            for printed, _ in signer_titles():
                if content.upper().startswith(printed) and len(content) > len(printed):
                    items += [p[:mm.end()] + content[:len(printed)], content[len(printed):].strip()]
                    break
            else:
                items.append(p)
        elif mm:
            content = p[mm.end():]
            cut = None
            for printed, _ in signer_titles():
                pos = content.upper().find(" " + printed)
                if pos >= 0 and (cut is None or pos < cut):
                    cut = pos
            items += [p[:mm.end() + cut], content[cut:].strip()] if cut is not None else [p]
        else:
            items.append(p)
    if signed:
        items.append(signed)
    if name:
        items.append(name)
    return [i for i in items if i]


def signature_items(st) -> list[str]:
    """The lines of the (first) signature block, each an item."""
    items: list[str] = []
    started = False
    for p, part in zip(st.paras, st.part_of):
        if part == "signature":
            started = True
            t = p.text.strip()
            if not t or re.fullmatch(r"[_\-–—=.|\s]+", t):
                continue
            if _is_title_line(t) or is_appendix(t):
                break  # an attached document starts
            flat = "|" in t or len(_mark_re().findall(t)) > 1 or (t.split()[0].isupper() and _person(" ".join(t.split()[-2:])))
            if flat:
                items += _split_flat(t)
            elif t.startswith(("-", "+", "•")) and not _person(t):
                # a recipient line with the signature's column at its end ("- Lưu: VT. Nguyễn Thị Hoa")
                tail = _column_tail(t)
                if tail:
                    items.append(tail)
            else:
                items.append(t)
        elif started and part in ("header", "title"):
            break
    if items:
        return items
    # a block printed beside the recipients: each line ends with the signature's column
    rec = [p.text for p, part in zip(st.paras, st.part_of) if part == "recipients"]
    if not any(_mark_re().search(t) for t in rec):
        return []
    flat = []
    for t in rec + [p.text for p in _after_recipients(st)]:
        for cell in t.split("|"):
            mm = _mark_re().search(cell)
            if mm:
                flat.append(cell[mm.start():].strip())
                continue
            tail = _column_tail(cell)
            if tail:
                flat.append(tail)
    out = []
    for t in flat:
        out += _split_flat(t)
    return out


def _column_tail(cell: str) -> str | None:
    """The signature column's part at the end of a recipients line: an upper-case title, ``(đã
    ký)`` or a name, after the recipient's own punctuation."""
    cell = re.sub(r"[\s_\-–—|`'.]+$", "", cell)  # OCR's rule and noise after the last word
    sm = re.search(r"\(\s*(?:đã\s+)?ký\s*\)\s*$", cell, flags=re.I)
    if sm:
        return sm.group(0).strip()
    m = re.search(r"(?:^|[;.:)]\s)\s*([^;.:()]+)$", cell.strip())
    if not m:
        return None
    tail = m.group(1).strip()
    words = tail.split()
    if len(words) >= 2 and tail == tail.upper() and all(w.isalpha() for w in words):
        return tail
    if _person(tail):
        return tail
    return None


def _after_recipients(st) -> list:
    """The few lines after the recipients when no signature part was found (an OCR'd name)."""
    idx = [i for i, k in enumerate(st.part_of) if k == "recipients"]
    if not idx:
        return []
    out = []
    for p, k in zip(st.paras[idx[-1] + 1:idx[-1] + 4], st.part_of[idx[-1] + 1:idx[-1] + 4]):
        if k in ("header", "title"):
            break
        out.append(p)
    return out


def _is_title_line(t: str) -> bool:
    from pipeline.text.structure import _is_title_word

    return _is_title_word(t)


def _caps_name(t: str) -> bool:
    """A name printed in capitals (``NGUYỄN VĂN TƯ``): not a title, a body or a mark."""
    words = t.split()
    up = t.upper()
    return (2 <= len(words) <= 5 and t == up and all(w.isalpha() for w in words)
            and not any(up.startswith(p) or up.endswith(p) for p, _ in signer_titles())
            and not any(is_head(t, m) for m in head_re().finditer(unmarked(t))) and not _mark_re().match(t))


def signer(items: list[str]) -> tuple[str | None, str | None]:
    items = [i for i in items if i.strip()]
    name = next((i for i in reversed(items) if _person(i)), None)
    if name is None and items and _caps_name(items[-1]) and len(items) > 1:
        name = items[-1]
    marks = {m["mark"]: m for m in data()["signature_marks"]}
    title = None
    last_mark = None
    for k, it in enumerate(items):
        mm = _mark_re().match(it)
        if mm and not marks.get(_mark_name(mm), {}).get("title_prefix"):
            last_mark = k
    start = 0 if last_mark is None else last_mark + 1
    # a body's name wrapped onto the next line ("TM. BAN VÌ SỰ TIẾN BỘ CỦA / PHỤ NỮ / TRƯỞNG BAN"):
    # the first line that is a known title wins over an unknown upper-case line before it
    rest = items[start:]
    known_at = next((k for k, it in enumerate(rest) if any(it.strip().upper() == p for p, _ in signer_titles())), None)
    if known_at is not None and all(not _mark_re().match(it) for it in rest[:known_at]):
        rest = rest[known_at:]
    for it in rest:
        if it == name or _signed(it):
            continue
        mm = _mark_re().match(it)
        if mm and marks.get(_mark_name(mm), {}).get("title_prefix"):
            title = f"{marks[_mark_name(mm)]['title_prefix']} {_title_case(it[mm.end():])}"
            break
        if mm:
            continue
        known = any(it.strip().upper() == printed for printed, _ in signer_titles())
        words = it.split()
        if known or (it == it.upper() and words and all(len(w) > 1 and w.isalpha() for w in words)):
            title = _title_case(it)
            break
    return name, title

