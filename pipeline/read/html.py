"""Saved web pages of legal portals (``.html``): the document's body only, as blocks.

A portal page wraps the plan in navigation, a sidebar of related documents ("Văn bản liên
quan"), attribute tables, share buttons and a footer. The page is parsed with lxml's HTML parser
(no network, no entities fetched); scripts, styles, forms and hidden elements go; navigation,
sidebars, headers and footers go unless they hold the plan itself. The body is then the
smallest element that holds the plan's markers: its heading (``KẾ HOẠCH`` and the other document
types, in capitals, alone on their line), its ``Nơi nhận:`` and its opening ``Căn cứ`` /
``Thực hiện``; a page without them falls back to the element with the most paragraph text that is
not link text. Inside the body, block elements and ``<br>`` end lines, a table row is one
``table_row`` block (cells joined by `` | ``, as in DOCX), ``<sup>`` digits become ``¹²³``, and a
line that starts with one is a footnote. Text set in TCVN3/VNI fonts (``<font face=".VnTime">``,
``font-family: VNI-Times``) is converted, and a page typed in one with no font named is found by
its characters (``pipeline.read.legacy``).
"""
from __future__ import annotations

import codecs
import re

from pipeline.read import legacy
from pipeline.models import Block, LoadError, RawDoc

SUPERSCRIPT_DIGITS = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")
_SUP_START = re.compile(r"^[⁰¹²³⁴⁵⁶⁷⁸⁹]")

_DROP_TAGS = {"script", "style", "noscript", "template", "iframe", "object", "embed", "svg", "canvas",
              "form", "button", "input", "select", "textarea", "head", "link", "meta", "map", "audio",
              "video", "picture", "img"}
_CHROME_TAGS = {"nav", "header", "footer", "aside", "menu"}
# page chrome by class or id: the first kind is never document text; the second (header,
# footer, tabs …) only outside the element that holds the document
_JUNK_CLASS = re.compile(
    r"(?:^|[\s_-])(?:nav|navbar|navigation|menu|menubar|sidebar|side-bar|breadcrumbs?|banner|share|social|"
    r"comments?|related|lienquan|lien-quan|vblq|tinkhac|tin-khac|advert|ads|login|search|toolbar|widget|"
    r"cookie|popup|modal)(?:$|[\s_-])", re.I)
_CHROME_CLASS = re.compile(
    r"(?:^|[\s_-])(?:header|footer|topbar|tabs?|thuoctinh|thuoc-tinh|attributes?|luocdo|luoc-do|"
    r"col-right|right-col|sidebar)(?:$|[\s_-])", re.I)
_BLOCK_TAGS = {"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "pre", "section", "article",
               "header", "footer", "address", "dd", "dt", "dl", "center", "ul", "ol", "figure", "figcaption",
               "hr", "main", "table", "tr", "caption", "tbody", "thead", "tfoot", "body", "html", "form",
               "fieldset", "legend", "details", "summary"}
_CONTAINERS = {"div", "article", "section", "main", "td", "body", "center", "blockquote", "form"}
_DOC_TYPES = ("KẾ HOẠCH", "QUYẾT ĐỊNH", "CHƯƠNG TRÌNH", "BÁO CÁO", "CÔNG VĂN", "THÔNG BÁO", "CHỈ THỊ",
              "NGHỊ QUYẾT", "HƯỚNG DẪN", "ĐỀ ÁN", "KẾ HOẠCH LIÊN TỊCH")
_TITLE = re.compile(r"^\s*(?:%s)\s*$" % "|".join(map(re.escape, _DOC_TYPES)))
_OPENING = re.compile(r"^\s*(?:Căn cứ|Thực hiện)\b")
_RECIPIENTS = re.compile(r"^\s*Nơi nhận\s*(?::|$)")
_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
# codecs Python knows that are no web page's character set (they encode names, escapes or
# bytes): a page declaring one is read as if it declared none
_NOT_CHARSETS = {"idna", "punycode", "unicode-escape", "raw-unicode-escape", "utf-7", "undefined"}
_XML_DECL = re.compile(r"^\s*<\?xml[^>]*\?>")
_WS = re.compile(r"[ \t\r\n\f\v]+")


def decode_page(data: bytes) -> str:
    """The page's characters: BOM, else ``<meta charset>``, else UTF-8, else the 8-bit codes of
    a page typed in TCVN3/VNI, else Windows-1258."""
    for bom, enc in ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"),
                     (codecs.BOM_UTF16_BE, "utf-16-be")):
        if data.startswith(bom):
            return data[len(bom):].decode(enc, errors="replace")
    m = _CHARSET.search(data[:4096])
    if m:
        try:
            name = codecs.lookup(m.group(1).decode("ascii")).name
            if name not in _NOT_CHARSETS:
                return data.decode(name, errors="replace")
        except (LookupError, UnicodeError, ValueError, TypeError):  # not a charset Python can use so
            pass
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        as_typed = legacy.decode_bytes(data)  # an old page typed in TCVN3/VNI fonts
        return as_typed if legacy.detect(as_typed) else data.decode("cp1258", errors="replace")


_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def load_html(path, data: bytes) -> RawDoc:
    import lxml.html
    from lxml import etree

    # control characters XML cannot hold (a NUL, a form feed): lxml parses them, but refuses them
    # when the tree is edited (``_clean``); a space keeps the words apart
    text = _NOT_XML.sub(" ", _XML_DECL.sub("", decode_page(data), count=1))
    parser = lxml.html.HTMLParser(remove_comments=True, remove_pis=True, no_network=True,
                                  default_doctype=False)
    try:
        root = lxml.html.document_fromstring(text, parser=parser)
    except (etree.ParserError, ValueError) as e:
        raise LoadError(f"{path.name}: an HTML page that cannot be parsed ({e}); save it again "
                        "from the browser, or as PDF") from None
    _clean(root)
    body = _content(root)
    reader = _Reader()
    blocks = reader.read(body)
    if not blocks:
        raise LoadError(f"{path.name}: the HTML page has no text in its body")
    encoding = reader.decoder.encoding
    if encoding is None:
        blocks, encoding = legacy.convert_blocks(blocks)
    return RawDoc(blocks=blocks, source_format="html", legacy_encoding=encoding)


# --------------------------------------------------------------------------- choosing the body

def _all_text(el) -> str:
    return " ".join(t for t in el.itertext() if t and t.strip())


def _has_markers(el) -> bool:
    return any(_TITLE.match(t) or _RECIPIENTS.match(t) for t in el.itertext() if t and t.strip())


def _hidden(el) -> bool:
    style = (el.get("style") or "").replace(" ", "").lower()
    return ("display:none" in style or "visibility:hidden" in style or el.get("hidden") is not None
            or el.get("aria-hidden") == "true")


def _classes(el) -> str:
    return f"{el.get('class', '')} {el.get('id', '')}"


def _clean(root) -> None:
    """Drop what is never document text: scripts, styles, forms, media, hidden elements, and
    navigation, sidebars and share boxes that do not hold the plan."""
    for el in list(root.iter()):
        if not isinstance(el.tag, str) or el.getparent() is None:
            continue
        tag = el.tag.lower()
        if tag in _DROP_TAGS or _hidden(el):
            el.drop_tree()
        elif (tag in ("nav", "aside", "menu") or _JUNK_CLASS.search(_classes(el))) and not _has_markers(el):
            el.drop_tree()


def _in_chrome(el) -> bool:
    return any(isinstance(a.tag, str) and (a.tag.lower() in _CHROME_TAGS or _CHROME_CLASS.search(_classes(a)))
               for a in [el, *el.iterancestors()])


def _content(root):
    """The element that holds the plan: the lowest common ancestor of its heading and its
    recipients (or of the heading and the opening, or the one found), or else the container with
    the most paragraph text outside links. Markers in page headers, footers and attribute
    panels count only when there are none elsewhere. Page chrome left inside it is dropped."""
    found: dict[bool, dict[str, object]] = {False: {}, True: {}}
    for el in root.iter():
        if not isinstance(el.tag, str):
            continue
        own = _WS.sub(" ", (el.text or "")).strip()
        if not own:
            continue
        for name, pattern in (("title", _TITLE), ("recipients", _RECIPIENTS), ("opening", _OPENING)):
            if pattern.match(own):
                found[_in_chrome(el)].setdefault(name, el)
                break
    marks_of = found[False] or found[True]
    title, recipients, opening = (marks_of.get(k) for k in ("title", "recipients", "opening"))
    marks = [m for m in (title, recipients if recipients is not None else opening) if m is not None]
    if len(marks) == 2:
        body = _container(_common_ancestor(*marks))
    elif marks:
        body = _container(marks[0], widen=True)
    else:
        body = _densest(root)
    for el in list(body.iter()):
        if (el is not body and isinstance(el.tag, str) and el.getparent() is not None
                and el.tag.lower() in _CHROME_TAGS and not _has_markers(el)):
            el.drop_tree()
    return body


def _common_ancestor(a, b):
    chain = [a, *a.iterancestors()]  # held, so lxml hands out these same element objects
    for x in [b, *b.iterancestors()]:
        if any(x is y for y in chain):
            return x
    return a.getroottree().getroot()


def _container(el, widen: bool = False):
    """The nearest block container at or above ``el``; with ``widen``, the one above that still
    has a tenth or less of its text in links."""
    while el.getparent() is not None and el.tag not in _CONTAINERS:
        el = el.getparent()
    if widen:
        while el.getparent() is not None and el.tag != "body":
            parent = el.getparent()
            if _link_share(parent) > 0.1:
                break
            el = parent
    return el


def _link_share(el) -> float:
    total = len(_all_text(el))
    links = sum(len(_all_text(a)) for a in el.iter("a"))
    return links / total if total else 1.0


def _densest(root):
    scores: dict = {}
    for p in root.iter("p", "div", "td", "li"):
        text = _WS.sub(" ", p.text or "").strip()
        if len(text) < 25:
            continue
        parent = p.getparent()
        for up, weight in ((parent, 1.0), (parent.getparent() if parent is not None else None, 0.5)):
            if up is not None:
                scores[up] = scores.get(up, 0.0) + weight * len(text)
    if not scores:
        body = root.find("body")
        return body if body is not None else root
    best = max(scores, key=lambda e: scores[e] * (1 - _link_share(e)))
    return best


# --------------------------------------------------------------------------- reading the body

class _Reader:
    def __init__(self):
        self.decoder = legacy.Decoder()
        self.blocks: list[Block] = []
        self.line = ""

    def read(self, el) -> list[Block]:
        self._walk(el, None, False)
        self._flush()
        return self.blocks

    def _flush(self, kind: str = "para") -> None:
        text = self.decoder.unmark(self.line)
        self.line = ""
        text = _WS.sub(" ", text).strip()
        if text:
            if kind == "para" and _SUP_START.match(text):
                kind = "footnote"
            self.blocks.append(Block(text, None, kind))

    def _text(self, s: str | None, enc: str | None, pre: bool) -> None:
        if s:
            self.line += self.decoder.mark(s if pre else _WS.sub(" ", s), enc)

    def _walk(self, el, inherited: str | None, pre: bool) -> None:
        tag = el.tag.lower() if isinstance(el.tag, str) else ""
        enc = _font_encoding(el) or inherited
        if tag == "br":
            self._flush()
        elif tag == "table":
            self._flush()
            self._table(el, enc)
        elif tag in _BLOCK_TAGS:
            self._flush()
            self._text(el.text, enc, pre or tag == "pre")
            for i, child in enumerate(el):
                if tag in ("ol", "ul") and isinstance(child.tag, str) and child.tag.lower() == "li":
                    self._list_item(child, tag, i, enc)
                else:
                    self._walk(child, enc, pre or tag == "pre")
            self._flush()
        elif tag == "sup" and not len(el) and (el.text or "").strip().isdigit():
            self.line += el.text.strip().translate(SUPERSCRIPT_DIGITS)
        elif tag:
            self._text(el.text, enc, pre)
            for child in el:
                self._walk(child, enc, pre)
        self._text(el.tail, inherited, pre)

    def _list_item(self, li, list_tag: str, index: int, enc: str | None) -> None:
        """An ``<li>``: its number (``<ol>``) or a dash (``<ul>``) written out unless typed."""
        self._flush()
        enc_li = _font_encoding(li) or enc
        text = (li.text_content() or "").strip()
        if list_tag == "ol" and not re.match(r"^\d+[.)]", text):
            self.line = f"{index + 1}. "
        elif list_tag == "ul" and not re.match(r"^[-+•–*]", text):
            self.line = "- "
        self._text(li.text, enc_li, False)
        for child in li:
            self._walk(child, enc_li, False)
        self._flush()
        self._text(li.tail, enc, False)

    def _table(self, table, enc: str | None) -> None:
        """A data table: one ``table_row`` block per row, cells joined by `` | ``. A layout table
        (one row, or a cell of several lines: the national header, recipients beside the
        signature) is read cell by cell, each line a block, as the page shows them."""
        rows = []
        for tr in table.iter("tr"):
            if next((a for a in tr.iterancestors("table")), None) is not table:
                continue  # a nested table is read inside its cell
            cells = []
            for td in tr:
                if not isinstance(td.tag, str) or td.tag.lower() not in ("td", "th"):
                    continue
                sub = _Reader()
                sub.decoder = self.decoder
                sub._walk_children(td, _font_encoding(td) or enc)
                sub._flush()
                cells.append(sub.blocks)
            rows.append(cells)
        if len(rows) == 1 or any(len(cell) > 1 for cells in rows for cell in cells):
            self.blocks.extend(b for cells in rows for cell in cells for b in cell)
            return
        for cells in rows:
            texts = [" ".join(b.text for b in cell) for cell in cells]
            if any(texts):
                self.blocks.append(Block(" | ".join(texts), None, "table_row"))

    def _walk_children(self, el, enc: str | None) -> None:
        self._text(el.text, enc, False)
        for child in el:
            self._walk(child, enc, False)


_FONT_FAMILY = re.compile(r"font-family\s*:\s*([^;]+)", re.I)


def _font_encoding(el) -> str | None:
    if el is None or not isinstance(el.tag, str):
        return None
    names = []
    if el.get("face"):
        names += el.get("face").split(",")
    m = _FONT_FAMILY.search(el.get("style") or "")
    if m:
        names += m.group(1).split(",")
    for n in names[:1]:  # the first font named is the one the page was typed in
        enc = legacy.font_encoding(n.strip().strip("'\""))
        if enc:
            return enc
    return None
