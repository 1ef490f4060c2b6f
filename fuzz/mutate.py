"""Inputs for the fuzz target: real plans of the repository, cut and mutated.

The seeds are the repository's own plans: ``corpus/*.txt``, ``corpus/*.docx``, the portal pages
made from them (``fixtures/html/*.html``), and single pages of ``corpus/*.pdf``
(``fuzz/seeds/*.pdf``, made by ``python -m fuzz.seeds``).  ``make_input(rnd, seeds)`` draws one
input: a format, a seed, a window of it (most inputs are 0.2-6 KB of a plan, so that a campaign
of 100,000 inputs fits in an hour; whole files come at a lower rate) and a few mutations, and
returns ``(file name, bytes, what was done)``.

``rnd`` is a ``random.Random``-like object; the campaign (``fuzz/run.py``) passes Hypothesis's
``st.randoms(use_true_random=False)``, so every decision here is a Hypothesis draw.  Bulk noise
(random bytes) comes from a ``random.Random`` seeded by one draw, to keep the draws per input few.
"""
from __future__ import annotations

import io
import random
import re
import unicodedata
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from xml.sax.saxutils import escape

ROOT = Path(__file__).resolve().parent.parent

# --------------------------------------------------------------------------- seeds


@dataclass
class Seeds:
    txt: list[str] = field(default_factory=list)  # texts of corpus/*.txt
    html: list[str] = field(default_factory=list)  # portal pages of the corpus plans
    docx: list[dict[str, bytes]] = field(default_factory=list)  # zip members of corpus/*.docx
    pdf: list[bytes] = field(default_factory=list)  # single pages of corpus/*.pdf
    whole: list[tuple[str, bytes]] = field(default_factory=list)  # (suffix, bytes): every seed file as is


def load_seeds(root: Path = ROOT) -> Seeds:
    s = Seeds()
    for p in sorted((root / "corpus").glob("*.txt")):
        s.txt.append(p.read_text(encoding="utf-8"))
        s.whole.append((".txt", p.read_bytes()))
    for p in sorted((root / "fixtures" / "html").glob("*.html")):
        s.html.append(p.read_text(encoding="utf-8"))
        s.whole.append((".html", p.read_bytes()))
    for p in sorted((root / "corpus").glob("*.docx")):
        with zipfile.ZipFile(p) as z:
            s.docx.append({i.filename: z.read(i) for i in z.infolist()})
        s.whole.append((".docx", p.read_bytes()))
    for p in sorted((root / "fuzz" / "seeds").glob("*.pdf")):
        s.pdf.append(p.read_bytes())
    for p in sorted((root / "corpus").glob("*.pdf")):
        s.whole.append((".pdf", p.read_bytes()))
    if not (s.txt and s.html and s.docx and s.pdf):
        raise SystemExit("fuzz: seeds missing (corpus/, fixtures/html/, fuzz/seeds/*.pdf)")
    return s


# --------------------------------------------------------------------------- odd material

ODD = [
    "\U0001F600", "\U0001D400\U0001D401", "\U00020000\U0002A6D6", "👩‍👩‍👧", "\U0010FFFF", "\U000E0001",
    "\u0300\u0301\u0323", "\u200b", "\u200d", "\u200e\u202e", "\ufeff", "\ufffd", "\ufffe", "\u00a0",
    "\u2028", "\u2029", "\u0085", "İ", "ß", "ﬁ", "ǅ", "Ⅻ", "١٢٣", "１２３４", "²³", "½", "①", "℃",
    "\u0110\u0111", "Đ̣", "e\u0302\u0301", "\u1ec7\u0301", "ẞ", "ΐ", "ﬃ", "ŉ", "\u0130\u0131",
    "\x00", "\x01", "\x07", "\x08", "\x0b", "\x0c", "\x1b[31m", "\x7f", "\r", "\r\n", "\t",
    "<", ">", "&", "&amp;", "]]>", "{", "}", "\\", "%", "$", "'", '"', "\u201c\u201d", "…", "–", "—",
]
NUMBERS = [
    "1,000,000", "1.000.000", "1.000.000,5", "99999999999999999999999", "0,0000000001", "1e308", "-0",
    "10^9", "150%", "100.000.000%", "∞", "NaN", "2⁶⁴", "18446744073709551617", "3/0", "0/0", "1/1/1",
    "12.345.678.901.234", "9" * 40, "０１２３", "٣٥٪", "1 000 000", "50 %", "≤ 50%", "≥ 30 %", "tỷ tỷ",
]
DATES = [
    "ngày 15/11/2025", "31/02/2025", "00/00/0000", "ngày 32 tháng 13 năm 2025", "năm 99999", "năm 0",
    "giai đoạn 2021-2025", "giai đoạn 2025 - 2021", "từ năm 1900 đến năm 9999", "Quý V năm 2025",
    "tháng 0/2025", "29/02/2023", "01/01/10000", "trước ngày 15/11", "ngày    tháng    năm 2025",
    "2021–2030–2045", "đến hết năm 20252025",
]
WORDS = [
    "KẾ HOẠCH", "Căn cứ", "Luật Bình đẳng giới số 73/2006/QH11", "Nghị quyết số 28/NQ-CP",
    "Quyết định số 2351/QĐ-TTg", "Ủy ban nhân dân", "chủ trì", "phối hợp", "Hội Liên hiệp Phụ nữ",
    "Phòng Lao động - Thương binh và Xã hội", "đạt", "phấn đấu", "tỷ lệ", "trên", "dưới", "ít nhất",
    "I.", "II.", "1.", "a)", "-", "+", "*", "Nơi nhận:", "TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH", "Số:",
    "V/v", "/KH-UBND", "UBND", "HĐND", "huyện", "xã", "phường", "tỉnh", "thành phố", "năm",
]


def _window(rnd, n: int, lo: int, hi: int, power: int = 2) -> tuple[int, int]:
    """A window of ``[lo, hi]`` units of a sequence of ``n``, sizes biased small."""
    size = min(n, int(lo + (hi - lo) * rnd.random() ** power))
    start = rnd.randrange(max(1, n - size + 1))
    return start, start + size


# --------------------------------------------------------------------------- text mutations


def _pos(rnd, s) -> int:
    return rnd.randrange(len(s) + 1)


def _insert(rnd, s: str, piece: str) -> str:
    i = _pos(rnd, s)
    return s[:i] + piece + s[i:]


def m_splice(rnd, s, seeds):
    other = rnd.choice(seeds.txt)
    a, b = _window(rnd, len(other), 10, 3000)
    return _insert(rnd, s, other[a:b])


def m_duplicate(rnd, s, seeds):
    if not s:
        return s
    a, b = _window(rnd, len(s), 1, 400)
    times = rnd.choice([2, 2, 3, 3, 10, 50, 200])
    return s[:b] + s[a:b] * min(times, max(1, 20000 // max(1, b - a))) + s[b:]


def m_truncate(rnd, s, seeds):
    return s[:_pos(rnd, s)] if rnd.random() < 0.5 else s[_pos(rnd, s):]


def m_delete(rnd, s, seeds):
    if not s:
        return s
    a, b = _window(rnd, len(s), 1, 500)
    return s[:a] + s[b:]


def m_odd(rnd, s, seeds):
    for _ in range(rnd.randint(1, 8)):
        s = _insert(rnd, s, rnd.choice(ODD) * rnd.choice([1, 1, 2, 5, 100]))
    return s


def m_number(rnd, s, seeds):
    piece = rnd.choice(NUMBERS)
    # replace a number that is there, or put one in
    nums = list(re.finditer(r"\d[\d.,]*", s[:20000]))
    if nums and rnd.random() < 0.6:
        m = rnd.choice(nums)
        return s[:m.start()] + piece + s[m.end():]
    return _insert(rnd, s, piece)


def m_dates(rnd, s, seeds):
    piece = rnd.choice(DATES)
    return _insert(rnd, s, (piece + rnd.choice([" ", ", ", "; ", "\n"])) * rnd.choice([1, 1, 3, 3, 30, 30, 300, 2000]))


def m_digits(rnd, s, seeds):
    return _insert(rnd, s, rnd.choice("0123456789٣") * rnd.choice([10, 10, 100, 100, 1000, 10000, 30000]))


def m_words(rnd, s, seeds):
    k = rnd.choice([1, 2, 5, 50])
    return _insert(rnd, s, " ".join(rnd.choice(WORDS) for _ in range(k)) + rnd.choice(["", "\n", " ", ": "]))


def m_lines(rnd, s, seeds):
    lines = s.split("\n")
    op = rnd.randrange(5)
    if op == 0:
        random.Random(rnd.getrandbits(32)).shuffle(lines)
    elif op == 1 and len(lines) > 1:
        i, j = rnd.randrange(len(lines)), rnd.randrange(len(lines))
        lines[i], lines[j] = lines[j], lines[i]
    elif op == 2:
        i = rnd.randrange(len(lines))
        lines[i] = lines[i].upper() if rnd.random() < 0.5 else lines[i].lower()
    elif op == 3:
        return " ".join(lines)  # one long line
    else:
        i = rnd.randrange(len(lines))
        lines[i:i + 1] = list(lines[i])  # one character a line
    return "\n".join(lines)


def m_normal(rnd, s, seeds):
    form = rnd.choice(["NFD", "NFKD", "NFKC", "strip"])
    if form == "strip":  # no diacritics (as typed without a Vietnamese keyboard)
        return "".join(c for c in unicodedata.normalize("NFD", s) if not unicodedata.combining(c))
    return unicodedata.normalize(form, s)


def m_noise(rnd, s, seeds):
    r = random.Random(rnd.getrandbits(32))
    chars = [chr(r.choice([r.randrange(0x20, 0x7f), r.randrange(0xa0, 0x2fff), r.randrange(0x10000, 0x10ffff),
                           r.randrange(0, 0x20)])) for _ in range(r.choice([1, 10, 100]))]
    return _insert(rnd, s, "".join(chars))


TEXT_MUTATIONS = [m_splice, m_duplicate, m_truncate, m_delete, m_odd, m_number, m_dates, m_digits, m_words,
                  m_lines, m_normal, m_noise]


def mutate_text(rnd, s: str, seeds: Seeds, done: list[str], most: int = 4) -> str:
    for _ in range(rnd.randint(0, most)):
        m = rnd.choice(TEXT_MUTATIONS)
        s = m(rnd, s, seeds)
        done.append(m.__name__[2:])
    return s


# --------------------------------------------------------------------------- byte mutations


def b_flip(rnd, b: bytes) -> bytes:
    if not b:
        return b
    r = random.Random(rnd.getrandbits(32))
    out = bytearray(b)
    for _ in range(r.choice([1, 4, 32])):
        i = r.randrange(len(out))
        out[i] = r.randrange(256)
    return bytes(out)


def b_truncate(rnd, b: bytes) -> bytes:
    return b[:rnd.randrange(len(b) + 1)]


def b_invalid(rnd, b: bytes) -> bytes:
    """Bytes that are not UTF-8: a surrogate as UTF-8 (CESU), a lone continuation byte, an
    overlong form, a code point past U+10FFFF."""
    piece = rnd.choice([b"\xed\xa0\x80", b"\xed\xbf\xbf", b"\xed\xa0\xbd\xed\xb8\x80", b"\x80", b"\xc0\xaf",
                        b"\xf4\x90\x80\x80", b"\xff\xfe", b"\xfe\xff", b"\xef\xbb\xbf", b"\x00\x00"])
    i = rnd.randrange(len(b) + 1)
    return b[:i] + piece * rnd.choice([1, 2, 50]) + b[i:]


def b_dup(rnd, b: bytes) -> bytes:
    if not b:
        return b
    a = rnd.randrange(len(b))
    e = min(len(b), a + rnd.choice([1, 16, 512, 4096]))
    return b[:e] + b[a:e] * rnd.choice([2, 5]) + b[e:]


BYTE_MUTATIONS = [b_flip, b_truncate, b_invalid, b_dup]


def mutate_bytes(rnd, b: bytes, done: list[str], most: int = 2) -> bytes:
    for _ in range(rnd.randint(0, most)):
        m = rnd.choice(BYTE_MUTATIONS)
        b = m(rnd, b)
        done.append(m.__name__)
    return b


def _cesu(s: str) -> str:
    def halves(m: re.Match) -> str:
        o = ord(m.group()) - 0x10000
        return chr(0xD800 + (o >> 10)) + chr(0xDC00 + (o & 0x3FF))

    return re.sub("[\U00010000-\U0010FFFF]", halves, s)


def encode(rnd, s: str, done: list[str]) -> bytes:
    enc = rnd.choice(["utf-8"] * 40 + ["utf-8-sig", "utf-16", "utf-16-be", "cp1258", "latin-1", "utf-32",
                                      "surrogates"])
    if enc != "utf-8":
        done.append("enc:" + enc)
    if enc == "surrogates":  # each character past the BMP as two UTF-16 halves, each written as UTF-8 (CESU-8)
        return _cesu(_insert(rnd, s, "\U0001F600")).encode("utf-8", "surrogatepass")
    return s.encode(enc, "replace")


# --------------------------------------------------------------------------- formats


def make_txt(rnd, seeds: Seeds, done: list[str]) -> tuple[str, bytes]:
    src = rnd.choice(seeds.txt)
    a, b = _window(rnd, len(src), 200, 6000, power=3)
    s = mutate_text(rnd, src[a:b], seeds, done)
    data = encode(rnd, s, done)
    if rnd.random() < 0.15:  # mostly valid text, to reach the extractors
        data = mutate_bytes(rnd, data, done, most=1)
    return rnd.choice([".txt"] * 9 + [".md"]), data


_BODY = re.compile(r"<body[^>]*>", re.I)


def make_html(rnd, seeds: Seeds, done: list[str]) -> tuple[str, bytes]:
    src = rnd.choice(seeds.html)
    m = _BODY.search(src)
    head, body = (src[:m.end()], src[m.end():]) if m else ("<html><body>", src)
    a, b = _window(rnd, len(body), 300, 6000, power=3)
    part = body[a:b]
    op = rnd.randrange(8)
    if op == 0:
        part = re.sub(r"</?(p|div|td|tr|table|b)[^>]*>", "", part)  # tags dropped
    elif op == 1:
        part = "<div>" * rnd.choice([10, 500, 5000]) + part  # deep nesting
    elif op == 2:
        part = _insert(rnd, part, rnd.choice(["&#xD800;", "&#99999999;", "&#0;", "&#x1F600;", "&nbsp;" * 100,
                                              "&bogus;", "<![CDATA[x]]>", "<!--", "<script>", "<table><tr><td>"]))
    elif op == 3:
        head = re.sub(r"charset=[\w-]+", "charset=" + rnd.choice(["idna", "utf-16", "cp1258", "x-unknown", "utf-7",
                                                                  "rot13", "base64", "latin-1", ""]), head)
    text = mutate_text(rnd, part, seeds, done, most=3)
    out = head + text + ("</body></html>" if rnd.random() < 0.7 else "")
    done.append(f"html:{op}")
    data = encode(rnd, out, done)
    if rnd.random() < 0.15:
        data = mutate_bytes(rnd, data, done, most=1)
    return rnd.choice([".html", ".html", ".htm"]), data


_PARA = re.compile(rb"<w:p[ >].*?</w:p>|<w:tbl>.*?</w:tbl>", re.S)
_WT = re.compile(rb"(<w:t(?: [^>]*)?>)([^<]*)(</w:t>)")


def make_docx(rnd, seeds: Seeds, done: list[str]) -> tuple[str, bytes]:
    members = dict(rnd.choice(seeds.docx))
    xml = members["word/document.xml"]
    m = re.search(rb"<w:body>", xml)
    end = xml.rfind(b"<w:sectPr")
    paras = _PARA.findall(xml, m.end(), end if end > 0 else len(xml))
    a, b = _window(rnd, len(paras), 1, 60)
    chosen = paras[a:b]
    # text mutations inside the runs
    for _ in range(rnd.randint(0, 3)):
        if not chosen:
            break
        i = rnd.randrange(len(chosen))
        runs = list(_WT.finditer(chosen[i]))
        if runs:
            r = rnd.choice(runs)
            t = mutate_text(rnd, r.group(2).decode("utf-8", "replace"), seeds, done, most=2)
            t = re.sub(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]",
                       "", t) if rnd.random() < 0.8 else t  # mostly valid XML text
            new = r.group(1) + escape(t).encode("utf-8", "surrogatepass") + r.group(3)
            chosen[i] = chosen[i][:r.start()] + new + chosen[i][r.end():]
    body = b"".join(chosen)
    members["word/document.xml"] = xml[:m.end()] + body + (xml[end:] if end > 0 else b"</w:body></w:document>")
    op = rnd.randrange(12)
    done.append(f"docx:{op}")
    if op == 0:  # numbering attributes that are not numbers
        if "word/numbering.xml" in members:
            members["word/numbering.xml"] = re.sub(
                rb'w:val="\d+"', rnd.choice([b'w:val="x"', b'w:val="-1"', b'w:val="99999999999999999999"',
                                              b'w:val=""', b'w:val="1.5"']), members["word/numbering.xml"],
                count=rnd.choice([1, 5, 1000]))
        members["word/document.xml"] = re.sub(rb'<w:(ilvl|numId) w:val="\d+"', rb'<w:\1 w:val="q"',
                                              members["word/document.xml"])
    elif op == 1:  # an external relationship
        rels = members.get("word/_rels/document.xml.rels", b"")
        members["word/_rels/document.xml.rels"] = re.sub(
            rb'(Target="numbering.xml")', rb'\1 TargetMode="External"', rels).replace(
            b'Target="numbering.xml"', rnd.choice([b'Target="http://example.invalid/n.xml"',
                                                   b'Target="../../../../etc/passwd"', b'Target=""']))
    elif op == 2:  # a member missing
        name = rnd.choice(sorted(members))
        members.pop(name)
        done.append("drop:" + name)
    elif op == 3:  # document.xml cut mid-element
        x = members["word/document.xml"]
        members["word/document.xml"] = x[:rnd.randrange(len(x) + 1)]
    elif op == 4:  # an XML bomb and a DOCTYPE
        members["word/document.xml"] = (b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a "aaaaaaaaaa">'
                                        b'<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
                                        b'<!ENTITY e SYSTEM "file:///etc/passwd">]>'
                                        + members["word/document.xml"].split(b"?>", 1)[-1].replace(
                                            b"<w:t>", b"<w:t>&b;&e;", 1))
    elif op == 5:  # deep nesting of tables
        members["word/document.xml"] = members["word/document.xml"].replace(
            b"<w:body>", b"<w:body>" + b"<w:tbl><w:tr><w:tc>" * rnd.choice([5, 200, 2000]), 1)
    elif op == 6:  # bytes of one member flipped
        name = rnd.choice(sorted(members))
        members[name] = b_flip(rnd, members[name])
        done.append("flip:" + name)
    deflate = rnd.random() < 0.25  # stored members are quicker to write and read; some compressed
    data = _zip(members, rnd, deflate=deflate)
    if op == 7:  # a broken zip: member data or a header damaged
        data = b_flip(rnd, data)
    elif op == 8:
        data = b_truncate(rnd, data)
    elif op == 9:  # a member stored twice
        data = _zip(members, rnd, twice="word/document.xml", deflate=deflate)
    return rnd.choice([".docx"] * 9 + [".docm"]), data


def _zip(members: dict[str, bytes], rnd, twice: str | None = None, deflate: bool = True) -> bytes:
    buf = io.BytesIO()
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # "Duplicate name"
        with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED if deflate else zipfile.ZIP_STORED,
                             compresslevel=1 if deflate else None) as z:
            names = sorted(members, key=lambda n: (n != "[Content_Types].xml", n))
            for name in names:
                z.writestr(name, members[name])
            if twice:
                z.writestr(twice, b"<w:document/>")
    return buf.getvalue()


_OBJ = re.compile(rb"\d+ 0 obj")


def make_pdf(rnd, seeds: Seeds, done: list[str]) -> tuple[str, bytes]:
    data = rnd.choice(seeds.pdf)
    op = rnd.randrange(10)
    done.append(f"pdf:{op}")
    if op == 0:  # an object's header broken
        objs = list(_OBJ.finditer(data))
        if objs:
            o = rnd.choice(objs)
            data = data[:o.start()] + rnd.choice([b"99999999999 0 obj", b"1 0 obk", b"", b"-1 0 obj"]) + data[o.end():]
    elif op == 1:  # a /Length that lies
        data = re.sub(rb"/Length \d+", rnd.choice([b"/Length 0", b"/Length 999999999", b"/Length -5"]), data,
                      count=rnd.choice([1, 3, 100]))
    elif op == 2:  # the cross-reference table gone or damaged
        i = data.rfind(b"xref")
        if i > 0:
            data = data[:i] + rnd.choice([b"", b"xref\n0 999999999\n", b"startxref\n-1\n%%EOF"])
    elif op == 3:  # huge or empty page boxes
        data = re.sub(rb"/MediaBox\s*\[[^\]]*\]", rnd.choice([b"/MediaBox [0 0 14400 14400]", b"/MediaBox [0 0 0 0]",
                                                              b"/MediaBox [0 0 1e30 1e30]", b"/MediaBox []",
                                                              b"/MediaBox [0 0 -612 -792]"]), data)
    elif op == 4:  # text-showing operators mutated in an uncompressed stream (most are Flate)
        data = data.replace(b"Tj", rnd.choice([b"TJ", b"Tj Tj", b"T*"]), rnd.choice([1, 100]))
    elif op == 5:  # a stream's compressed bytes damaged
        starts = [m.end() for m in re.finditer(rb"stream\r?\n", data)]
        if starts:
            s = rnd.choice(starts)
            r = random.Random(rnd.getrandbits(32))
            data = data[:s] + bytes(r.randrange(256) for _ in range(r.choice([1, 16, 200]))) + data[s + 16:]
    elif op == 6:  # a JavaScript / launch action and an embedded file
        data = data.replace(b"/Type /Catalog", b"/Type /Catalog /OpenAction << /S /JavaScript /JS (app.alert(1)) >>"
                            b" /AA << /O << /S /Launch /F (/bin/sh) >> >>", 1)
    elif op == 7:  # deep nesting of arrays
        data = data.replace(b"/MediaBox", b"/Junk " + b"[" * rnd.choice([100, 10000]) + b" /MediaBox", 1)
    data = mutate_bytes(rnd, data, done, most=2)
    return rnd.choice([".pdf"] * 9 + [".txt"]), data


def make_whole(rnd, seeds: Seeds, done: list[str]) -> tuple[str, bytes]:
    suffix, data = rnd.choice(seeds.whole)
    done.append("whole" + suffix)
    if suffix in (".txt", ".html") and rnd.random() < 0.7:
        s = mutate_text(rnd, data.decode("utf-8"), seeds, done, most=3)
        data = encode(rnd, s, done)
    else:
        data = mutate_bytes(rnd, data, done, most=2)
    return suffix, data


# the format of an input and its weight: fragments of text most, whole files least (for speed)
MAKERS = [(make_txt, 48), (make_html, 16), (make_docx, 16), (make_pdf, 16), (make_whole, 4)]
_TOTAL = sum(w for _, w in MAKERS)


def make_input(rnd, seeds: Seeds) -> tuple[str, bytes, list[str]]:
    """One input: (file suffix, bytes, the mutations done)."""
    x = rnd.random() * _TOTAL
    for maker, w in MAKERS:
        if x < w:
            break
        x -= w
    done = [maker.__name__[5:]]
    suffix, data = maker(rnd, seeds, done)
    return suffix, data, done
