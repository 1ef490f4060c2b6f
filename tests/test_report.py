"""Pieces of the report that need no browser: highlights that nest, EDTF on a time axis, domains."""
from __future__ import annotations

import html
import json
import re
from html.parser import HTMLParser

from pipeline.analyse.report_pages import edtf_range
from pipeline.analyse.report_plan import nest, render_marks


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


# -- legibility (issue 13, point 13): checked on the generated HTML and, in Chromium, on the SVG ----------------
import os
import subprocess
import sys
from pathlib import Path

import pytest

from pipeline.analyse.report_pages import MENTION_BANDS, agency_names, mention_band
from pipeline.store.writer import vs_national

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize("target, national, expected", [
    # devset/corpus form: "tỷ lệ lao động nữ làm việc trong khu vực nông nghiệp ... dưới 50%" beside the national "dưới 30%"
    ((50.0, None, "<="), (30.0, "<="), "behind"),
    ((25.0, None, "<="), (30.0, "<="), "ahead"),  # a ceiling, lower: ahead though drawn to the left
    ((40.0, None, ">="), (60.0, ">="), "behind"),  # "ít nhất 40%" of leaders beside the national 60%
    ((70.0, None, ">="), (27.0, ">="), "ahead"),
    ((50.0, None, ">="), (50.0, ">="), "same"),
    ((100.0, None, "="), (80.0, ">="), "ahead"),  # "100% ... được" against a national floor
    ((100.0, None, "="), (111.0, "<="), "ahead"),  # the sex ratio at birth: a ceiling
    ((20.0, 30.0, "<="), (25.0, "<="), "behind"),  # a range under a ceiling: its top end counts
    ((20.0, None, ">="), (30.0, "<="), "opposite"),
    ((20.0, None, "="), (30.0, "="), "differs"),
    ((20.0, None, ">="), (None, None), None),
])
def test_a_target_is_ahead_or_behind_by_its_comparators(target, national, expected):
    assert vs_national(*target, *national) == expected


def test_mentions_fall_in_a_few_classes():
    assert [mention_band(n) for n in (1, 2, 3, 4, 5, 17)] == ["1", "2", "3–4", "3–4", "5+", "5+"]
    assert MENTION_BANDS == ("1", "2", "3–4", "5+")


def test_agencies_are_named_in_vietnamese_by_their_code():
    rows = [{"agency_code": "LABOUR_SOCIAL", "agency": "Phòng Lao động - Thương binh và Xã hội"}] * 3 + \
           [{"agency_code": "LABOUR_SOCIAL", "agency": "Sở Lao động - Thương binh và Xã hội"},
            {"agency_code": "POLICE", "agency": "Công an"},
            {"agency_code": None, "agency": "Hợp tác xã Nông nghiệp Tân Phú"}]
    assert agency_names(rows) == {
        "LABOUR_SOCIAL": "Phòng Lao động - Thương binh và Xã hội / Sở Lao động - Thương binh và Xã hội",
        "POLICE": "Công an", "Hợp tác xã Nông nghiệp Tân Phú": "Hợp tác xã Nông nghiệp Tân Phú"}


def _kehoach(*args):
    exe = Path(sys.executable).with_name("kehoach")
    cmd = [str(exe)] if exe.exists() else [sys.executable, "-c", "from pipeline.cli import app; app()"]
    return subprocess.run(cmd + list(args), capture_output=True, text=True, cwd=ROOT, timeout=900)


@pytest.fixture(scope="module")
def corpus_report(tmp_path_factory) -> Path:
    base = tmp_path_factory.mktemp("legible")
    run = _kehoach("extract", "corpus/", "-o", str(base / "data"), "--quiet")
    assert run.returncode == 0, run.stderr
    run = _kehoach("report", str(base / "data"), "-o", str(base / "report"))
    assert run.returncode == 0, run.stderr
    return base / "report"


def _specs(page: Path) -> dict:
    m = re.search(r'<script type="application/json" id="chart-specs">(.*?)</script>', page.read_text(encoding="utf-8"), re.S)
    return json.loads(m.group(1).replace("<\\/", "</"))


def _layers(spec):
    return spec.get("layer") or [spec.get("spec", spec)]


def test_citation_heatmap_reads_documents_across_and_counts_as_classes(corpus_report):
    spec = _specs(corpus_report / "citations.html")["c-cit"]
    rect = spec["layer"][0]["encoding"]
    assert rect["y"]["field"] == "short" and "labelAngle" not in rect["y"]["axis"]  # document names horizontal
    assert spec["height"]["step"] >= 20  # one label per row, 11 px type: no overlap
    assert rect["x"]["field"] == "plan"
    assert rect["color"]["type"] == "ordinal" and rect["color"]["field"] == "band"
    assert rect["color"]["scale"]["domain"] == list(MENTION_BANDS)
    assert {r["band"] for r in spec["data"]["values"]} <= set(MENTION_BANDS)


def test_side_tables_are_never_cut_mid_row(corpus_report):
    css = (corpus_report / "assets" / "report.css").read_text(encoding="utf-8")
    wrap = re.search(r"\.table-wrap\s*\{([^}]*)\}", css).group(1)
    assert "max-height" not in wrap and "overflow-y" not in wrap and "overflow: auto" not in wrap


def test_responsibilities_name_agencies_in_vietnamese(corpus_report):
    page = (corpus_report / "responsibilities.html").read_text(encoding="utf-8")
    table_html = page[page.index('<table class="data">'):page.index("</table>")]
    assert "Phòng Lao động - Thương binh và Xã hội" in table_html
    assert not re.search(r">[A-Z_]{4,}<", table_html), "an English agency code is shown"
    spec = _specs(corpus_report / "responsibilities.html")["c-resp"]
    assert spec["layer"][0]["encoding"]["y"]["field"] == "agency_name"
    assert all(not re.fullmatch(r"[A-Z_]+", v["agency_name"]) for v in spec["data"]["values"])


def test_targets_chart_reads_the_comparator(corpus_report):
    spec = _specs(corpus_report / "targets.html")["c-targets"]
    assert spec["spec"]["encoding"]["color"]["field"] == "vs_national"
    # Nguyễn Trãi: women in farm work "dưới 50%" beside the national "dưới 30%": behind, not ahead
    pts = [v for v in spec["data"]["values"] if "Nguyễn Trãi" in v["who"] and v["target"].startswith("≤ 50")]
    assert pts and {v["vs_national"] for v in pts} == {"behind"}
    page = (corpus_report / "targets.html").read_text(encoding="utf-8")
    assert re.search(r"≤ 50 %</td><td>2025</td><td>[^<]*</td><td>≤ 30 \(2025\)</td><td>behind</td>", page)


def test_timeline_leaves_room_for_its_first_and_last_dots(corpus_report):
    spec = _specs(corpus_report / "timeline.html")["c-time"]
    for layer in spec["layer"]:
        assert layer["encoding"]["x"]["scale"]["padding"] >= 8


CHROMIUM = Path("/usr/bin/chromium")


@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM.exists():
        pytest.skip("no /usr/bin/chromium")
    sync = pytest.importorskip("playwright.sync_api")
    with sync.sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=["--headless", "--no-sandbox", "--disable-gpu"])
        yield b
        b.close()


def _svg(browser, page_path: Path, chart: str):
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    page.goto(page_path.as_uri())
    page.wait_for_selector(f"#{chart} svg", timeout=20000)
    return page


def _overlap(a, b) -> bool:
    return a["x"] < b["x"] + b["width"] - 0.5 and b["x"] < a["x"] + a["width"] - 0.5 and \
        a["y"] < b["y"] + b["height"] - 0.5 and b["y"] < a["y"] + a["height"] - 0.5


def test_in_chromium_no_axis_labels_overlap_and_no_dot_is_clipped(corpus_report, browser):
    page = _svg(browser, corpus_report / "citations.html", "c-cit")
    boxes = page.eval_on_selector_all("#c-cit svg .role-axis-label text",
                                      "els => els.map(e => { const r = e.getBoundingClientRect(); "
                                      "return {x: r.x, y: r.y, width: r.width, height: r.height}; })")
    assert len(boxes) > 10
    clashes = [(a, b) for i, a in enumerate(boxes) for b in boxes[i + 1:] if _overlap(a, b)]
    assert not clashes, clashes[:3]
    page.close()
    page = _svg(browser, corpus_report / "timeline.html", "c-time")
    frame = page.eval_on_selector("#c-time svg .mark-rect.role-frame path, #c-time svg .role-frame path",
                                  "e => { const r = e.getBoundingClientRect(); return {x: r.x, width: r.width}; }")
    dots = page.eval_on_selector_all("#c-time svg .mark-symbol.role-mark path",
                                     "els => els.map(e => { const r = e.getBoundingClientRect(); return {x: r.x, width: r.width}; })")
    assert dots
    assert all(d["x"] >= frame["x"] - 0.5 and d["x"] + d["width"] <= frame["x"] + frame["width"] + 0.5 for d in dots)
    page.close()


def test_the_report_computes_no_facts_it_reads_them():
    for path in sorted((ROOT / "pipeline" / "analyse").glob("report*.py")):
        src = path.read_text(encoding="utf-8")
        for call in ("reuse_mod.", "plan_groups(", "representatives(", "units(", "assignment_domains(",
                     "vs_national(", "fold(", "plan_ids("):
            assert call not in src, f"{path.name} computes {call}"


def test_the_analyse_stage_imports_no_extractor_and_the_store_none():
    """The report and the evaluation read datasets (only the rule files' loader, for folding, is
    shared); the store writes what the run hands it: neither imports an extractor."""
    import ast

    for stage in ("analyse", "store"):
        for path in sorted((ROOT / "pipeline" / stage).glob("*.py")):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                names = [a.name for a in node.names] if isinstance(node, ast.Import) else \
                    [node.module or ""] if isinstance(node, ast.ImportFrom) else []
                for name in names:
                    assert not (name == "extractors" or name.startswith("extractors.")) or \
                        name.startswith("extractors.rules"), f"pipeline/{stage}/{path.name} imports {name}"


def test_the_reuse_page_states_the_rule_extraction_uses():
    from extractors import reuse
    from pipeline.analyse import report_pages

    assert (report_pages.REUSE_MIN_WORDS, report_pages.REUSE_K, report_pages.REUSE_THRESHOLD) == \
        (reuse.MIN_WORDS, reuse.K, reuse.THRESHOLD)


def test_each_plan_is_shown_in_the_file_the_dataset_names_for_it():
    """The standing rendition is ``documents.plan_doc_id`` as written, not chosen again here; a
    dataset without it shows each file as its own plan."""
    from pipeline.analyse.report_data import Plans

    def doc(doc_id, path, fmt, plan="p1", standing="b"):
        return {"doc_id": doc_id, "source_path": path, "source_format": fmt, "status": "ok", "text": "x",
                "plan_id": plan, "plan_doc_id": standing, "locality_type": "xã", "locality_name": "Hưng Đạo",
                "period_start": 2026, "period_end": 2026}

    plans = Plans([doc("a", "a.txt", "txt"), doc("b", "b.docx", "docx"), doc("c", "c.txt", "txt", "p2", "c")])
    assert plans.has_plan_ids and plans.reps == ["b", "c"]
    assert plans.rep("a") == "b" and plans.renditions("a") == ["a", "b"]
    assert plans.labels == {"b": "xã Hưng Đạo 2026 (b)", "c": "xã Hưng Đạo 2026 (c)"}
    old = Plans([{**d, "plan_doc_id": None} for d in (doc("a", "a.txt", "txt"), doc("b", "b.docx", "docx"))])
    assert not old.has_plan_ids and old.reps == ["a", "b"] and old.renditions("a") == ["a"]


def test_responsibilities_use_the_dataset_domain(corpus_report):
    import pandas as pd

    df = pd.read_csv(corpus_report / "csv" / "responsibility_matrix.csv")
    data = pd.read_parquet(corpus_report.parent / "data" / "assignments.parquet")
    assert set(df["domain_rule"]) <= {"section title", "targets of the section", "section text", "task text", "none"}
    merged = df.merge(data[["assignment_id", "domain"]], on="assignment_id", suffixes=("", "_data"))
    assert len(merged) == len(df) and (merged["domain"] == merged["domain_data"]).all()
