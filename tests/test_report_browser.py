"""The report for corpus/, opened from disk in a real browser (Debian's chromium via Playwright).

`make test` installs chromium when /usr/bin/chromium is missing and sets
KEHOACH_REQUIRE_BROWSER=1, so there the browser checks cannot be skipped; a bare `pytest` on a
machine without chromium or the playwright package skips them (the static checks still run).
Screenshots are kept in test-artifacts/ at the repository root.
"""
from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path
from urllib.parse import unquote

import pandas as pd
import pytest

ROOT = Path(__file__).resolve().parents[1]
ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]
PAGES = ("index", "citations", "targets", "responsibilities", "timeline", "staleness", "reuse")


def kehoach(*args: str) -> subprocess.CompletedProcess:
    exe = Path(sys.executable).with_name("kehoach")
    cmd = [str(exe)] if exe.exists() else [sys.executable, "-c", "from pipeline.cli import app; app()"]
    return subprocess.run(cmd + list(args), capture_output=True, text=True, cwd=ROOT, timeout=900)


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> dict:
    base = tmp_path_factory.mktemp("report")
    data, out = base / "data", base / "report"
    run = kehoach("extract", "corpus/", "-o", str(data), "--quiet")
    assert run.returncode == 0, run.stderr
    run = kehoach("report", str(data), "-o", str(out))
    assert run.returncode == 0, run.stdout + run.stderr
    docs = pd.read_parquet(data / "documents.parquet")
    return {"data": data, "out": out, "docs": docs}


def _doc(site, stem: str, fmt: str = "txt") -> str:
    docs = site["docs"]
    return docs[docs.source_path == f"{stem}.{fmt}"].doc_id.iloc[0]


# -- static: nothing points outside the report except the source files ------------------------
def test_pages_reference_nothing_online_and_every_local_link_exists(site):
    out = site["out"]
    pages = [out / f"{p}.html" for p in PAGES] + sorted((out / "plans").glob("*.html"))
    assert len(pages) == len(PAGES) + 15
    for page in pages:
        html = page.read_text(encoding="utf-8")
        refs = re.findall(r'(?:src|href)="([^"]+)"', html)
        assert not [r for r in refs if re.match(r"(?:https?:)?//", r)], page
        for r in refs:
            target = unquote(r.split("#")[0])
            if target:
                assert (page.parent / target).exists(), (page.name, r)
    # each chart's CSV is beside it, and a plan page links its source file
    assert len(list((out / "csv").glob("*.csv"))) >= 10
    plan = (out / "plans" / f"{_doc(site, '004_3d6bf184eeb54370')}.html").read_text(encoding="utf-8")
    assert 'href="../../' in plan or "corpus/004_3d6bf184eeb54370.txt" in plan


def test_vendored_charting_libraries_are_copied(site):
    for f in ("vega.min.js", "vega-lite.min.js", "vega-embed.min.js"):
        assert (site["out"] / "assets" / f).stat().st_size > 50_000


# -- in the browser -------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def browser():
    missing = None
    if not CHROMIUM.exists():
        missing = f"{CHROMIUM} is not installed (make test installs it)"
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        missing = missing or "the playwright package is not installed (make test installs it)"
    if missing:
        if os.environ.get("KEHOACH_REQUIRE_BROWSER") == "1":
            pytest.fail(missing)
        pytest.skip(missing)
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield b
        b.close()


class Watch:
    """A page whose console errors, page errors and non-file requests are recorded."""

    def __init__(self, browser):
        self.context = browser.new_context(viewport={"width": 1400, "height": 900})
        self.page = self.context.new_page()
        self.errors: list[str] = []
        self.online: list[str] = []
        self.page.on("console", lambda m: m.type == "error" and self.errors.append(m.text))
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))

        def route(r):
            if r.request.url.startswith("file://"):
                r.continue_()
            else:
                self.online.append(r.request.url)
                r.abort()

        self.page.route("**/*", route)

    def open(self, path: Path):
        self.page.goto(path.as_uri(), wait_until="load")
        return self.page

    def close(self):
        self.context.close()


def test_every_page_loads_without_errors_and_its_charts_render(site, browser):
    ARTIFACTS.mkdir(exist_ok=True)
    w = Watch(browser)
    try:
        for name in PAGES:
            page = w.open(site["out"] / f"{name}.html")
            charts = page.locator("div.chart")
            assert charts.count() >= 1, name
            for i in range(charts.count()):
                cid = charts.nth(i).get_attribute("id")
                page.wait_for_selector(f"#{cid} svg, #{cid} canvas", timeout=15_000)
                assert page.locator(f"#{cid} svg .mark-rect path, #{cid} svg .mark-symbol path, #{cid} svg .mark-rule line, "
                                    f"#{cid} svg path.mark-rect, #{cid} svg g.mark-rect, #{cid} svg g.mark-symbol").count() > 0, (name, cid)
            page.screenshot(path=str(ARTIFACTS / f"report-{name}.png"), full_page=True)
        assert w.errors == [], w.errors
        assert w.online == [], w.online
    finally:
        w.close()


def test_clicking_a_highlight_shows_its_record(site, browser):
    ARTIFACTS.mkdir(exist_ok=True)
    stale = pd.read_parquet(site["data"] / "staleness.parquet")
    citations = pd.read_parquet(site["data"] / "citations.parquet")
    w = Watch(browser)
    try:
        doc_id = _doc(site, "004_3d6bf184eeb54370")
        page = w.open(site["out"] / "plans" / f"{doc_id}.html")
        flag = stale[stale.doc_id == doc_id].iloc[0]
        mark = page.locator(f'mark[data-id="stale:{flag.flag_id}"]')
        assert mark.count() == 1 and "15/11-15/12/2025" in mark.inner_text()
        mark.click()
        panel = page.locator("#record-panel")
        record = panel.locator(f'table[data-record="stale:{flag.flag_id}"]')
        assert record.count() == 1
        text = record.inner_text()
        for col in ("flag_id", "char_start", "sentence", "reason", "plan_period"):
            assert col in text
        assert flag.flag_id in text and "date_before_period" in text and "2026" in text
        # the stale date sits inside its date fact: the panel shows that record too
        assert panel.locator('table[data-record^="date:"]').count() == 1
        page.screenshot(path=str(ARTIFACTS / "report-plan-hung-dao-stale.png"), full_page=False)

        cit = citations[citations.doc_id == doc_id].iloc[0]
        page.locator(f'mark[data-id="citation:{cit.mention_id}"]').first.click()
        text = page.locator("#record-panel").inner_text()
        assert cit.mention_id in text and cit.cited_key in text and "catalogue_status" in text

        # the source link points at the input file
        href = page.locator("dl.meta a").first.get_attribute("href")
        src = (site["out"] / "plans" / unquote(href)).resolve()
        assert src == (ROOT / "corpus" / "004_3d6bf184eeb54370.txt").resolve()

        doc_id = _doc(site, "001_e58caa9898b89ec4", "pdf")
        page = w.open(site["out"] / "plans" / f"{doc_id}.html")
        marks = page.locator("mark.k-stale")
        assert marks.count() == 1 and marks.first.inner_text().startswith("năm 2023")
        marks.first.scroll_into_view_if_needed()
        marks.first.click()
        assert "year_before_period" in page.locator("#record-panel").inner_text()
        page.screenshot(path=str(ARTIFACTS / "report-plan-lam-thao-pdf-stale.png"), full_page=False)
        assert w.errors == [], w.errors
        assert w.online == [], w.online
    finally:
        w.close()
