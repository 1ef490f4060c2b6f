"""Pieces of the report that need no browser: highlights that nest, EDTF on a time axis, domains."""
from __future__ import annotations

import html
import json
import re
from html.parser import HTMLParser

from pipeline.report import assignment_domains, edtf_range, nest, render_marks


def span(start, end, kind, id_):
    return {"start": start, "end": end, "orig_start": start, "kind": kind, "id": id_, "label": kind, "anchor": id_}


class Tags(HTMLParser):
    def __init__(self):
        super().__init__()
        self.stack, self.ok, self.text = [], True, []

    def handle_starttag(self, tag, attrs):
        self.stack.append(tag)

    def handle_endtag(self, tag):
        self.ok = self.ok and bool(self.stack) and self.stack.pop() == tag

    def handle_data(self, data):
        if not (self.stack and self.stack[-1] == "span"):  # labels are not text
            self.text.append(data)


def test_crossing_and_equal_spans_nest_and_the_text_round_trips():
    text = "Tổ chức Tháng hành động <vì> bình đẳng giới từ ngày 15/11-15/12/2025 trên địa bàn."
    d0 = text.index("từ ngày")
    d1 = d0 + len("từ ngày 15/11-15/12/2025")
    spans = [span(0, 30, "reuse", "r"), span(8, 23, "citation", "c"), span(20, 40, "target", "t"),
             span(d0, d1, "date", "d"), span(d0, d1, "stale", "s")]
    out = render_marks(text, spans)
    p = Tags()
    p.feed(out)
    assert p.ok and not p.stack
    assert html.unescape("".join(p.text)) == text
    # the target crosses the citation's end, then the reuse span's: three pieces, one label after the last
    assert out.count('data-id="t"') == 3 and out.count('<span class="lbl">target</span>') == 1
    # equal spans: the stale flag sits inside its date
    assert re.search(r'data-id="d"[^>]*>\s*<mark class="k-stale"', out)
    assert len(nest(spans)) == 7
    assert '<mark class="k-stale" data-kind="stale" data-id="s" id="s" title="stale">từ ngày 15/11-15/12/2025<span' in out


def test_edtf_values_on_a_time_axis():
    assert edtf_range("2025-02-15") == ("2025-02-15", "2025-02-15", "day")
    assert edtf_range("2024-02") == ("2024-02-01", "2024-02-29", "month")
    assert edtf_range("2025") == ("2025-01-01", "2025-12-31", "year")
    assert edtf_range("2025-11-15/2025-12-15") == ("2025-11-15", "2025-12-15", "span")
    assert edtf_range("XXXX-11-05") == (None, None, "recurring")


def test_an_assignment_domain_comes_from_its_section_not_from_the_agency_name():
    text = ("III. TỔ CHỨC THỰC HIỆN\n1. Phòng Lao động - Thương binh và Xã hội\n"
            "Phối hợp xử lý các vụ bạo lực gia đình; tuyên truyền phòng, chống bạo lực.\n"
            "2. Mục tiêu 2: Trong lĩnh vực y tế\nTrạm Y tế chủ trì khám sức khỏe.\n")
    s1, s2 = text.index("1. Phòng"), text.index("2. Mục tiêu")
    sections = [{"path": "III", "title": "III. TỔ CHỨC THỰC HIỆN", "start": 0, "end": len(text)},
                {"path": "III.1", "title": "1. Phòng Lao động - Thương binh và Xã hội", "start": s1, "end": s2},
                {"path": "III.2", "title": "2. Mục tiêu 2: Trong lĩnh vực y tế", "start": s2, "end": len(text)}]
    docs = {"x": {"text": text, "sections": json.dumps(sections, ensure_ascii=False)}}
    a1 = text.index("Phòng Lao động")
    a2 = text.index("Trạm Y tế")
    rows = [{"doc_id": "x", "assignment_id": "a1", "char_start": a1, "char_end": a1 + 41, "section": "III.1",
             "agency_surface": text[a1:a1 + 41], "task": text[s1:s2]},
            {"doc_id": "x", "assignment_id": "a2", "char_start": a2, "char_end": a2 + 9, "section": "III.2",
             "agency_surface": "Trạm Y tế", "task": "Trạm Y tế chủ trì khám sức khỏe."}]
    got = assignment_domains(docs, rows, [])
    assert got["a1"] == ("family_gbv", "section text")  # not economy_labor from "Lao động" in the name
    assert got["a2"] == ("health", "section title")
