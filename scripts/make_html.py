"""Make the saved-web-page fixtures: ``fixtures/html/<stem>.html`` for every corpus plan.

Each plan is set the way a legal portal shows a document (thuvienphapluat.vn, vbpl.vn and the
provinces' portals look alike): a page header with the portal's name, a menu and a search box,
a breadcrumb, the document's title as a heading, tabs ("Nội dung", "Thuộc tính", "Lược đồ"), an
attributes table (number, type, issuer, signer, dates), then the document itself: the national
header as a two-column table, the title centred and bold, each paragraph a ``<p>``, superscript
note marks, and the recipients and signature side by side in a two-column table. Around it a
sidebar "Văn bản liên quan" lists the other plans' titles and numbers, a share box and "Văn bản
mới" follow, and a footer gives the portal's address; scripts and styles are in the head and
at the end of the body. The text of the document part is the text of the ``.txt``.

Run: ``.venv/bin/python scripts/make_html.py``.
"""
from __future__ import annotations

import html
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "scripts")]

import make_renditions as mr  # noqa: E402

OUT = ROOT / "fixtures" / "html"
_SUP = re.compile(r"([⁰¹²³⁴⁵⁶⁷⁸⁹]+)")
_SUP_DIGITS = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹", "0123456789")

HEAD = """<!DOCTYPE html>
<html lang="vi">
<head>
<meta http-equiv="Content-Type" content="text/html; charset=utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title} - Cổng thông tin văn bản pháp luật</title>
<link rel="stylesheet" href="/static/css/site.css?v=2025">
<style>
  body {{ font-family: Arial, sans-serif; }} .content1 p {{ text-align: justify; margin: 6pt 0; }}
  .col-right .box h3 {{ background: #8b0000; color: #fff; }} /* KẾ HOẠCH Nơi nhận: */
</style>
<script async src="https://www.googletagmanager.com/gtag/js?id=G-XXXX"></script>
<script>window.dataLayer = window.dataLayer || []; function gtag(){{dataLayer.push(arguments);}}
gtag('js', new Date()); var docTitle = "KẾ HOẠCH"; var recipients = "Nơi nhận:";</script>
</head>
<body>
<div id="header">
  <div class="logo"><a href="/"><img src="/static/logo.png" alt="Cổng thông tin văn bản pháp luật"></a>
  <span class="site-name">CƠ SỞ DỮ LIỆU VĂN BẢN PHÁP LUẬT</span></div>
  <ul class="main-menu">
    <li><a href="/">Trang chủ</a></li><li><a href="/van-ban">Văn bản pháp luật</a></li>
    <li><a href="/van-ban/ke-hoach">Kế hoạch</a></li><li><a href="/tin-tuc">Tin tức - Sự kiện</a></li>
    <li><a href="/hoi-dap">Hỏi đáp</a></li><li><a href="/lien-he">Liên hệ</a></li>
  </ul>
  <form class="search-box" action="/tim-kiem"><input type="text" name="q" placeholder="Tìm văn bản...">
  <button type="submit">Tìm kiếm</button></form>
</div>
<div class="breadcrumb"><a href="/">Trang chủ</a> &raquo; <a href="/van-ban">Văn bản</a> &raquo;
<a href="/van-ban/ke-hoach">Kế hoạch</a> &raquo; <span>{short}</span></div>
<div class="container">
<div class="col-left">
  <h1 class="doc-title">{title}</h1>
  <ul class="doc-tabs"><li class="active"><a href="#noidung">Nội dung</a></li><li><a href="#thuoctinh">Thuộc tính</a></li>
  <li><a href="#luocdo">Lược đồ</a></li><li><a href="#taive">Tải về</a></li></ul>
  <div class="doc-attributes">
    <table class="attr">
      <tr><td>Số hiệu:</td><td>{number}</td><td>Loại văn bản:</td><td>Kế hoạch</td></tr>
      <tr><td>Nơi ban hành:</td><td>{issuer}</td><td>Người ký:</td><td>{signer}</td></tr>
      <tr><td>Ngày ban hành:</td><td>{date}</td><td>Tình trạng:</td><td>Đã biết</td></tr>
    </table>
  </div>
  <div class="content1" id="noidung">
"""

TAIL = """  </div>
  <div class="share-box">Chia sẻ: <a href="#">Facebook</a> <a href="#">Zalo</a> <a href="#">In văn bản</a></div>
</div>
<div class="col-right">
  <div class="box related"><h3>Văn bản liên quan</h3><ul>
{related}
  </ul></div>
  <div class="box"><h3>Văn bản mới</h3><ul>
    <li><a href="/van-ban/1">Quyết định 2232/QĐ-TTg năm 2025 phê duyệt Chương trình truyền thông về bình đẳng giới</a></li>
    <li><a href="/van-ban/2">Thông tư 05/2025/TT-BNV hướng dẫn thực hiện công tác bình đẳng giới</a></li>
  </ul></div>
</div>
</div>
<div id="footer">
  <p>Cơ quan chủ quản: Ủy ban nhân dân tỉnh. Địa chỉ: số 1 đường Trần Hưng Đạo. Điện thoại: 0203 3825 000.</p>
  <p>Ghi rõ nguồn khi phát hành lại thông tin từ trang này. &copy; 2025 Cổng thông tin văn bản pháp luật.</p>
</div>
<script src="/static/js/site.js"></script>
<script>document.querySelectorAll('.doc-tabs a').forEach(function (a) {{ a.onclick = null; }});</script>
</body>
</html>
"""


def inline(line: str) -> str:
    """A line of the .txt as HTML: Markdown emphasis as <b>/<i>, superscript digits as <sup>."""
    out, bold, italic = "", False, False
    pieces, _, _ = mr.runs(line, False, False)
    for text, b, i in pieces:
        piece = _SUP.sub(lambda m: f"<sup>{m.group(1).translate(_SUP_DIGITS)}</sup>", html.escape(text, quote=False))
        if i:
            piece = f"<i>{piece}</i>"
        if b:
            piece = f"<b>{piece}</b>"
        out += piece
    return out


def body(text: str) -> str:
    paras = mr.paragraphs(text)
    roles = mr.roles(paras)
    out: list[str] = []
    header_left, header_right = [], []
    i = 0
    while i < len(paras):
        lines, role = paras[i], roles[i]
        if role == "header":
            for line in lines:
                cols = mr.national_line(mr.plain(line))
                if cols:
                    header_left.append(cols[0])
                    header_right.append(cols[1])
                elif mr.plain(line).startswith("Số"):
                    header_left.append(mr.plain(line))
                else:
                    header_right.append(mr.plain(line))
            i += 1
            if i == len(paras) or roles[i] != "header":
                out.append('<table class="doc-header" width="100%" border="0"><tr>'
                           f'<td width="40%" align="center"><b>{"<br>".join(map(html.escape, header_left))}</b></td>'
                           f'<td width="60%" align="center"><b>{"<br>".join(map(html.escape, header_right))}</b></td>'
                           "</tr></table>")
            continue
        if role == "title":
            out.append('<p align="center"><b>' + "<br>\n".join(inline(ln) for ln in lines) + "</b></p>")
        elif role == "recipients_head":
            left = [inline(ln) for ln in lines]
            right = []
            i += 1
            while i < len(paras) and roles[i] == "recipients":
                left += [inline(ln) for ln in paras[i]]
                i += 1
            while i < len(paras) and roles[i] in ("signature", "signer"):
                right += [inline(ln) for ln in paras[i]] + ([""] if roles[i] == "signature" else [])
                i += 1
            out.append('<table class="signature" width="100%" border="0"><tr>'
                       f'<td width="45%" valign="top"><p><i>{"<br>".join(left)}</i></p></td>'
                       f'<td width="55%" align="center" valign="top"><p><b>{"<br>".join(right)}</b></p></td>'
                       "</tr></table>")
            continue
        else:
            for ln in lines:
                out.append(f"<p>{inline(ln)}</p>")
        i += 1
    return "\n".join("    " + x for x in out) + "\n"


def describe(text: str) -> dict:
    plain = [mr.plain(ln) for p in mr.paragraphs(text) for ln in p]
    number = next((re.sub(r"^Số:\s*", "", ln).split()[0] for ln in plain if ln.startswith("Số:")), "Đang cập nhật")
    at = next((i for i, ln in enumerate(plain) if ln.upper() in mr._DOC_TYPES), 0)
    title = " ".join(plain[at + 1:at + 3]) if at + 1 < len(plain) else "Kế hoạch"
    title = re.sub(r"\s+", " ", title)[:160]
    date = next((m.group(0) for ln in plain for m in [re.search(r"ngày .*năm \d{4}", ln)] if m), "Đang cập nhật")
    return {"number": number, "title": f"Kế hoạch {number} {title}", "short": title[:60],
            "issuer": "Ủy ban nhân dân", "signer": plain[-1] if plain else "", "date": date}


def main() -> int:
    OUT.mkdir(parents=True, exist_ok=True)
    texts = {p.stem: p.read_text(encoding="utf-8") for p in sorted((ROOT / "corpus").glob("*.txt"))}
    info = {stem: describe(t) for stem, t in texts.items()}
    for stem, text in texts.items():
        related = "\n".join(f'    <li><a href="/van-ban/{s}">{html.escape(d["title"])}</a>'
                            f'<span class="so-hieu">Số hiệu: {html.escape(d["number"])}</span></li>'
                            for s, d in info.items() if s != stem)
        d = {k: html.escape(v) for k, v in info[stem].items()}
        page = HEAD.format(**d) + body(text) + TAIL.format(related=related)
        (OUT / f"{stem}.html").write_text(page, encoding="utf-8")
        print(f"corpus/{stem}.txt -> fixtures/html/{stem}.html")
    return 0


if __name__ == "__main__":
    sys.exit(main())
