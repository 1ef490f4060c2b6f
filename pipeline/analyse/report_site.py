"""The report's building blocks (``pipeline.analyse.report``): escaped HTML, links and tables,
a page with its Vega-Lite charts (each chart's spec and data inlined, its table beside it and
its CSV in ``OUT/csv``), and the site folder with its bundled assets
(``pipeline/analyse/report_assets``: CSS, JS and the vendored Vega, Vega-Lite and vega-embed).
Nothing here knows the dataset.
"""
from __future__ import annotations

import html
import json
import math
import shutil
from pathlib import Path

import pandas as pd

ASSETS = Path(__file__).parent / "report_assets"
VENDOR = ("vega.min.js", "vega-lite.min.js", "vega-embed.min.js")
NAV = [("index.html", "Overview"), ("citations.html", "Citations"), ("targets.html", "Targets"),
       ("responsibilities.html", "Responsibilities"), ("timeline.html", "Timeline"),
       ("staleness.html", "Staleness"), ("reuse.html", "Reuse")]


class Raw(str):
    """HTML that is already safe."""


def esc(v) -> str:
    if isinstance(v, Raw):
        return v
    if v is None or (isinstance(v, float) and math.isnan(v)):
        return ""
    if isinstance(v, float) and v.is_integer():
        v = int(v)
    return html.escape(str(v))


def link(href: str, text) -> Raw:
    return Raw(f'<a href="{html.escape(href, quote=True)}">{esc(text)}</a>')


def table(headers: list[str], rows: list[list], num: tuple = ()) -> Raw:
    head = "".join(f"<th>{esc(h)}</th>" for h in headers)
    body = []
    for r in rows:
        cells = "".join(f'<td{" class=num" if i in num else ""}>{esc(c)}</td>' for i, c in enumerate(r))
        body.append(f"<tr>{cells}</tr>")
    return Raw(f'<table class="data"><thead><tr>{head}</tr></thead><tbody>{"".join(body)}</tbody></table>')


def _jsonable(obj):
    """Plain JSON values: NaN and pandas' missing values → null, numpy scalars → Python."""
    if isinstance(obj, dict):
        return {str(k): _jsonable(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [_jsonable(v) for v in obj]
    if obj is None or isinstance(obj, (str, bool, int)):
        return obj
    if isinstance(obj, float):
        return None if math.isnan(obj) else obj
    if obj is pd.NA or obj is pd.NaT:
        return None
    if hasattr(obj, "item"):
        return _jsonable(obj.item())
    return str(obj)


def _json_script(id_: str, obj) -> str:
    data = json.dumps(_jsonable(obj), ensure_ascii=False, allow_nan=False).replace("</", "<\\/")
    return f'<script type="application/json" id="{id_}">{data}</script>'


class Page:
    def __init__(self, site: "Site", name: str, title: str, depth: int = 0):
        self.site, self.name, self.title, self.depth = site, name, title, depth
        self.parts: list[str] = []
        self.specs: dict[str, dict] = {}
        self.records: dict | None = None
        self.body_class = ""

    def add(self, s: str) -> None:
        self.parts.append(s)

    def chart(self, cid: str, title: str, note: str, spec: dict, table_html: str, csv_name: str, df: pd.DataFrame) -> None:
        """A chart with its table beside it and its CSV."""
        href = self.site.csv(csv_name, df)
        self.specs[cid] = spec
        self.add(f'<section class="block" id="sec-{cid}"><h2>{esc(title)}</h2>'
                 + (f'<p class="note">{note}</p>' if note else "")
                 + f'<div class="pair"><div class="chart" id="{cid}"></div><div><div class="table-wrap">{table_html}</div>'
                 f'<a class="csv" href="{"../" * self.depth}{href}" download>{esc(csv_name)}.csv</a></div></div></section>')

    def render(self) -> str:
        pre = "../" * self.depth
        nav = "".join(f'<a href="{pre}{h}"{" class=here" if h == self.name else ""}>{t}</a>' for h, t in NAV)
        scripts = "".join(f'<script src="{pre}assets/{f}"></script>' for f in VENDOR) if self.specs else ""
        data = (_json_script("chart-specs", self.specs) if self.specs else "") + \
               (_json_script("records", self.records) if self.records is not None else "")
        return (f'<!DOCTYPE html>\n<html lang="vi"><head><meta charset="utf-8">'
                f'<meta name="viewport" content="width=device-width, initial-scale=1">'
                f'<title>{esc(self.title)} · kehoach</title><link rel="stylesheet" href="{pre}assets/report.css">'
                f'{scripts}<script src="{pre}assets/report.js"></script></head>'
                f'<body class="{self.body_class}"><header class="top"><span class="brand">kehoach report</span>'
                f'<nav>{nav}</nav></header><main>{"".join(self.parts)}</main>{data}</body></html>\n')


class Site:
    def __init__(self, out: Path):
        self.out = Path(out)

    def csv(self, name: str, df: pd.DataFrame) -> str:
        (self.out / "csv").mkdir(parents=True, exist_ok=True)
        df.to_csv(self.out / "csv" / f"{name}.csv", index=False, encoding="utf-8")
        return f"csv/{name}.csv"

    def write(self, page: Page) -> None:
        path = self.out / page.name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(page.render(), encoding="utf-8")

    def copy_assets(self) -> None:
        """The CSS, the JS and the vendored charting libraries (with their licences) into ``OUT/assets``."""
        self.out.mkdir(parents=True, exist_ok=True)
        (self.out / "assets").mkdir(exist_ok=True)
        for f in VENDOR:
            shutil.copyfile(ASSETS / "vendor" / f, self.out / "assets" / f)
        for f in ("report.css", "report.js"):
            shutil.copyfile(ASSETS / f, self.out / "assets" / f)
        for f in ("LICENSE.vega", "LICENSE.vega-lite", "LICENSE.vega-embed"):
            shutil.copyfile(ASSETS / "vendor" / f, self.out / "assets" / f)


def page_href(doc_id: str, depth: int = 0) -> str:
    """The page of one file, from a page ``depth`` folders down."""
    return f"{'../' * depth}plans/{doc_id}.html"


def bar_chart(df: pd.DataFrame, field: str, title: str, count: str = "plans", color: str | None = None) -> dict:
    """The Vega-Lite spec of a bar chart: one bar per row of ``df``, its length ``count``."""
    enc = {"y": {"field": field, "type": "nominal", "sort": "-x", "title": title},
           "x": {"field": count, "type": "quantitative", "title": count, "axis": {"tickMinStep": 1}},
           "tooltip": [{"field": c, "type": "quantitative" if pd.api.types.is_numeric_dtype(df[c]) else "nominal"} for c in df.columns]}
    if color:
        enc["color"] = {"field": color, "type": "nominal"}
    return {"data": {"values": df.to_dict("records")}, "mark": {"type": "bar"}, "encoding": enc, "width": 380}

