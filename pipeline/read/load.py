"""Read a plan file into blocks: ``load(path) -> RawDoc``, or a ``LoadError`` saying why not.

The type comes from the file's first bytes (``%PDF``, a ZIP holding ``word/document.xml``,
an OLE container, HTML); the extension only decides between plain text and Markdown, and names
what a file claimed to be when its bytes say otherwise.

A file over ``MAX_BYTES`` is refused before it is read.

* text (``.txt``, ``.md``): ``pipeline.read.plain``.
* DOCX (and ``.docm``/``.dotx``/``.dotm``): ``pipeline.read.docx``.
* ``.doc`` (Word 97–2003), ``.odt`` and ``.rtf``: converted to DOCX by LibreOffice
  (``pipeline.read.office``), then as DOCX (``source_format`` ``doc``).
* HTML: the document's body without the page around it (``pipeline.read.html``).
* PDF: the text layer read with PDFium, pages without a usable one OCR'd (``pipeline.read.pdf``).
* images (PNG, JPEG, TIFF, GIF): OCR (``pipeline.read.ocr``).
"""
from __future__ import annotations

import re
from pathlib import Path

from pipeline.models import LoadError, RawDoc
from pipeline.read.context import ReadContext
from pipeline.read.docx import human_size, load_docx
from pipeline.read.pdf import load_pdf
from pipeline.read.plain import load_text

_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ENCRYPTED_OOXML = "EncryptedPackage".encode("utf-16-le")
_HTML = re.compile(rb"^\s*(<\?xml[^>]*>\s*)?(<!--.*?-->\s*)*<(!doctype\s+html|html|head|body)[\s>]",
                   re.I | re.S)
_IMAGES = {
    b"\x89PNG": "PNG", b"\xff\xd8\xff": "JPEG", b"II*\x00": "TIFF", b"MM\x00*": "TIFF",
    b"GIF8": "GIF",
}


MAX_BYTES = 100 * 2**20  # larger files are refused before they are read (kehoach extract --max-size)


def load(path: Path, max_bytes: int | None = None, ctx: ReadContext | None = None) -> RawDoc:
    path = Path(path)
    limit = MAX_BYTES if max_bytes is None else max_bytes
    try:
        size = path.stat().st_size
        if limit and size > limit and path.is_file():
            raise LoadError(f"{path.name}: the file is {human_size(size)}, over the {human_size(limit)} limit for one "
                            "document; check that it is a plan, or raise the limit with "
                            "kehoach extract --max-size MB")
        data = path.read_bytes()
    except FileNotFoundError:
        raise LoadError(f"{path}: file not found") from None
    except IsADirectoryError:
        raise LoadError(f"{path}: is a folder, not a file") from None
    except OSError as e:
        raise LoadError(f"{path}: cannot be read ({e.strerror or e})") from None
    if not data.strip():
        raise LoadError(f"{path.name}: the file is empty")

    ext = path.suffix.lower()
    head = data[:1024]
    if b"%PDF-" in head:
        return load_pdf(path, data, ctx)
    if data.startswith(b"PK\x03\x04"):
        from pipeline.read import office as doc

        if doc.is_odt(data):  # OpenDocument text: through LibreOffice, as a .doc
            raw = load_docx(path, doc.to_docx(path, data, kind="odt", ctx=ctx))
            raw.source_format = "doc"
            return raw
        return load_docx(path, data)
    if data.startswith(_OLE):
        if _ENCRYPTED_OOXML in data:
            raise LoadError(f"{path.name}: the Word file is password-protected; "
                            "save an unprotected copy as .docx")
        from pipeline.read import office as doc  # imported here: only .doc files need LibreOffice

        if not doc.is_word_document(data):
            raise LoadError(f"{path.name}: an Office file of another kind (Excel, PowerPoint or Outlook: "
                            "no WordDocument stream), not a Word document")
        raw = load_docx(path, doc.to_docx(path, data, ctx=ctx))
        raw.source_format = "doc"
        return raw
    if _HTML.match(head.lstrip(b"\xef\xbb\xbf")) or (
            ext in (".html", ".htm", ".xhtml") and re.match(rb"^\s*<", head.lstrip(b"\xef\xbb\xbf"))):
        from pipeline.read.html import load_html

        return load_html(path, data)
    if head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"{\\rtf"):  # Rich Text: through LibreOffice
        from pipeline.read import office as doc

        raw = load_docx(path, doc.to_docx(path, data, kind="rtf", ctx=ctx))
        raw.source_format = "doc"
        return raw
    for magic, kind in _IMAGES.items():
        if head.startswith(magic):
            from pipeline.read.ocr import load_image  # imported here: only needed for scans

            return load_image(path, data, ctx)
    if ext in (".txt", ".md", ".markdown"):
        return load_text(path, data)
    if ext in (".pdf", ".docx"):
        raise LoadError(f"{path.name}: named {ext} but its content is not a {ext[1:].upper()} "
                        f"file (starts with {data[:8]!r}); the file is damaged or mislabelled")
    raise LoadError(f"{path.name}: unsupported file type {ext or '(no extension)'}; "
                    "supported are .pdf, .docx, .doc, .odt, .rtf, .html, .txt, .md and images")
