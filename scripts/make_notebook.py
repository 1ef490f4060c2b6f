"""Write ``notebooks/compare_localities.ipynb`` (no outputs, fixed cell ids).

Run: ``.venv/bin/python scripts/make_notebook.py``.  The notebook is generated so that its
cells stay short and reviewable here; ``tests/test_notebook.py`` checks that the committed file
is what this script writes, and executes it against a freshly extracted dataset.
"""
from __future__ import annotations

import sys
from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

NOTEBOOK = Path(__file__).resolve().parent.parent / "notebooks" / "compare_localities.ipynb"

CELLS = [
    ("md", "intro", """\
# Comparing localities: plans, citations, targets, responsibilities

Reads a kehoach dataset (the Parquet tables of `kehoach extract`, see
`docs/dataset-contract.md`) and puts the plans side by side: the documents they cite, their
targets beside the national values, who they put in charge, the stale dates they kept and the
sentences they share.

It works on **plans, not files**: a plan is often there in several renditions (txt, docx, pdf,
a scan, a web page); they share a `plan_id` and one of them (txt first, then md, docx, html,
pdf) stands for the plan, whatever formats the dataset holds. A dataset of PDFs only works the
same way.

The dataset is read from `$KEHOACH_DATA`, else `../data` (run from `notebooks/`), else `data`.
Build it first with `make run`. Charts are Vega-Lite, shown by Jupyter itself (no plotting
library needed)."""),
    ("code", "load", """\
import os
from pathlib import Path

import pandas as pd
from IPython.display import display

pd.set_option("display.max_rows", 500)
pd.set_option("display.max_colwidth", 90)
pd.set_option("display.width", 250)
pd.set_option("display.expand_frame_repr", False)

DATA = Path(os.environ.get("KEHOACH_DATA", "../data"))
if not DATA.exists():
    DATA = Path("data")
NAMES = ("documents", "citations", "targets", "assignments", "dates", "staleness", "reuse")
tables = {name: pd.read_parquet(DATA / f"{name}.parquet") for name in NAMES if (DATA / f"{name}.parquet").exists()}


def chart(spec: dict, title: str) -> None:
    \"\"\"A Vega-Lite chart, rendered by Jupyter (the text is what a terminal shows).\"\"\"
    spec = {"$schema": "https://vega.github.io/schema/vega-lite/v5.json", "title": title, **spec}
    display({"application/vnd.vegalite.v5+json": spec, "text/plain": f"<chart: {title}>"}, raw=True)


{name: len(df) for name, df in tables.items()}"""),
    ("md", "plans-md", """\
## (a) The plans

One row per plan (`plan_id`): the rendition that stands for it and every format it is there in,
the locality (name, type such as `xã`/`phường`/`quận`/`huyện`, level, province), the years the
plan covers, its issue date (EDTF, so `2025` or `2024-04` when the day was left blank) and the
extraction `status`."""),
    ("code", "plans", """\
docs = tables["documents"].copy()
if "plan_id" not in docs:  # a dataset written before schema 1.4: each file is its own plan
    print("this dataset has no plan_id (written by an older kehoach): every file counts as a plan")
    docs["plan_id"] = docs["doc_id"].where(docs["text"].notna())
readable = docs[docs["plan_id"].notna() & (docs["status"] != "error")].copy()
if readable.empty:
    raise SystemExit(f"no readable plan in {DATA}: nothing to compare")
FORMATS = ["txt", "md", "docx", "html", "pdf", "doc", "image"]
readable["rank"] = readable["source_format"].map({f: i for i, f in enumerate(FORMATS)}).fillna(len(FORMATS))
readable["not_ok"] = readable["status"] != "ok"
stand = readable.sort_values(["not_ok", "rank", "source_path"]).drop_duplicates("plan_id").set_index("doc_id")
period = stand["period_start"].astype("Int64").astype(str).where(stand["period_start"].notna(), "")
period = period.where(stand["period_end"].isna() | (stand["period_end"] == stand["period_start"]),
                      period + "–" + stand["period_end"].astype("Int64").astype(str))
place = (stand["locality_type"].fillna("") + " " + stand["locality_name"].fillna("")).str.strip()
label = (place + " " + period).str.strip()
label = label.where(label != "", stand["source_path"])
label = label.where(~label.duplicated(keep=False), label + " (" + stand["source_path"] + ")")
formats = readable.groupby("plan_id")["source_format"].agg(lambda s: ", ".join(sorted(set(s))))


def of_plans(df):
    \"\"\"The rows of each plan's standing rendition, with the plan's label.\"\"\"
    df = df[df["doc_id"].isin(stand.index)]
    return df.assign(plan=df["doc_id"].map(label))


print(f"{len(stand)} plans in {len(docs)} files")
stand.assign(plan=label, formats=stand["plan_id"].map(formats))[
    ["plan", "formats", "source_format", "locality_level", "province", "locality_code",
     "period_start", "period_end", "issue_date", "status"]].sort_values("plan").reset_index(drop=True)"""),
    ("md", "citations-md", """\
## (b) What each plan cites

A citations row is one mention. `cited_key` is the same for the same cited document in every
plan, however it was written, so mentions can be counted per cited document and plan. A
document is labelled by its type and number, or by its name (laws)."""),
    ("code", "citations", """\
cit = of_plans(tables["citations"])
type_number = (cit["type"].fillna("") + " " + cit["number"].fillna("")).str.strip()
cit["label"] = cit["name"].fillna(type_number.where(cit["number"].notna())).fillna(cit["cited_key"])
cit["label"] = cit["cited_key"].map(cit.groupby("cited_key")["label"].first())
cited = pd.crosstab([cit["label"], cit["cited_key"]], cit["plan"])
cited"""),
    ("md", "shared-md", """\
The documents cited by more than one plan: the common legal and policy base of the localities
(typically the Law on Gender Equality and the national or provincial strategy they implement)."""),
    ("code", "shared", """\
cited[(cited > 0).sum(axis=1) > 1]"""),
    ("md", "targets-md", """\
## (c) Targets side by side

Every quantity a plan commits to, grouped by domain (`politics`, `economy_labor`, `family_gbv`,
`health`, `education`, `information`, `governance`, …) so the same kind of target can be read
across plans. `value_max` is set for ranges; `deadline` is EDTF."""),
    ("code", "targets", """\
tgt = of_plans(tables["targets"])
tgt.sort_values(["domain", "plan", "char_start"])[
    ["plan", "domain", "indicator", "comparator", "value", "value_max", "unit", "deadline"]
].reset_index(drop=True)"""),
    ("md", "national-md", """\
### Beside the national strategy

Where a local target restates an indicator of the national strategy (Nghị quyết 28/NQ-CP for
2021–2030, Quyết định 2351/QĐ-TTg for 2011–2020; mapping in `extractors/rules/domains_national.yaml`),
the national value for the nearest year sits beside the local one. `vs_national` says whether
the plan is ahead or behind, read with the comparators: under a floor (`>=`) higher is ahead,
under a ceiling (`<=`) lower is, so a local `<= 50` beside a national `<= 30` is behind."""),
    ("code", "national", """\
nat = tgt[tgt["national_indicator"].notna()]
cols = ["plan", "domain", "indicator", "comparator", "value", "unit", "deadline",
        "national_comparator", "national_value", "national_year", "vs_national", "national_indicator"]
nat.sort_values(["domain", "plan"])[[c for c in cols if c in nat]].reset_index(drop=True)"""),
    ("code", "national-chart", """\
pct = nat[(nat["unit"] == "%") & nat["national_value"].notna()]
points = [{"indicator": r.national_indicator[:60], "who": r.plan, "value": r.value,
           "vs_national": getattr(r, "vs_national", None) or "?"} for r in pct.itertuples()]
points += [{"indicator": ind[:60], "who": "national strategy", "value": v, "vs_national": "national"}
           for ind, v in pct.drop_duplicates("national_indicator")[["national_indicator", "national_value"]].values]
chart({"data": {"values": points}, "mark": {"type": "point", "filled": True, "size": 90}, "width": 360,
       "encoding": {"y": {"field": "indicator", "type": "nominal", "title": None, "axis": {"labelLimit": 320}},
                    "x": {"field": "value", "type": "quantitative", "title": "%", "scale": {"domain": [0, 100]}},
                    "color": {"field": "vs_national", "type": "nominal", "title": "the plan is",
                              "scale": {"domain": ["ahead", "same", "behind", "opposite", "differs", "national"],
                                        "range": ["#2e8b57", "#7f7f7f", "#d62728", "#9467bd", "#bcbd22", "#000000"]}},
                    "shape": {"field": "who", "type": "nominal", "title": None},
                    "tooltip": [{"field": "who"}, {"field": "indicator"}, {"field": "value"}, {"field": "vs_national"}]}},
      "Targets (%) beside the national values")
pd.crosstab(pct["plan"], pct.get("vs_national", pd.Series("?", index=pct.index)))"""),
    ("md", "replaced-md", """\
### Citations of replaced documents

Mentions of documents the catalogue (`extractors/rules/catalogue.yaml`) lists as replaced before the
plan's own year, with what replaced them."""),
    ("code", "replaced", """\
cit[cit["cites_replaced"].fillna(False).astype(bool)][["plan", "type", "number", "name", "replaced_by", "section"]].reset_index(drop=True)"""),
    ("md", "assignments-md", """\
## (d) Who leads what

Assignments name an agency (canonical Vietnamese name from `extractors/rules/agencies.yaml`) and its
role. First the agencies each plan makes lead (`role == "lead"`), counted in tasks; then how
many assignments of each role each plan makes."""),
    ("code", "leads", """\
asg = of_plans(tables["assignments"])
lead = asg[asg["role"] == "lead"]
leads = pd.crosstab(lead["agency"], lead["plan"])
cells = lead.groupby(["agency", "plan"]).size().reset_index(name="tasks")
chart({"data": {"values": cells.to_dict("records")}, "mark": "rect", "width": {"step": 60}, "height": {"step": 18},
       "encoding": {"x": {"field": "plan", "type": "nominal", "title": None, "axis": {"orient": "top", "labelAngle": -90}},
                    "y": {"field": "agency", "type": "nominal", "title": None, "axis": {"labelLimit": 360},
                          "sort": {"field": "tasks", "op": "sum", "order": "descending"}},
                    "color": {"field": "tasks", "type": "ordinal", "scale": {"scheme": "greens"}},
                    "tooltip": [{"field": "agency"}, {"field": "plan"}, {"field": "tasks"}]}},
      "Who leads what: tasks led, per agency and plan")
leads"""),
    ("code", "roles", """\
pd.crosstab(asg["role"], asg["plan"], margins=True, margins_name="all")"""),
    ("md", "staleness-md", """\
## (e) Stale dates

Dates or years in a task that fall wholly before the plan's own period (`staleness`): the trace
of a plan copied from an older one."""),
    ("code", "staleness", """\
stale = of_plans(tables["staleness"]) if "staleness" in tables else pd.DataFrame(columns=["plan", "surface", "year", "plan_period", "reason"])
per_plan = stale.groupby("plan").size().reindex(label.values, fill_value=0).rename("stale dates").reset_index()
per_plan.columns = ["plan", "stale dates"]
chart({"data": {"values": per_plan.to_dict("records")}, "mark": "bar", "width": 360,
       "encoding": {"y": {"field": "plan", "type": "nominal", "title": None, "sort": "-x"},
                    "x": {"field": "stale dates", "type": "quantitative", "axis": {"tickMinStep": 1}},
                    "color": {"value": "#d6456b"}}},
      "Stale dates per plan")
stale[["plan", "surface", "year", "plan_period", "reason"]].reset_index(drop=True)"""),
    ("md", "reuse-md", """\
## (f) Reuse between plans

Sentences of a plan found (nearly) verbatim in another plan (`reuse`, one row per sentence and
other plan; renditions of one plan never count). The share is the part of a plan's compared
sentences (`sentences`) found in at least one other plan."""),
    ("code", "reuse", """\
reuse = tables.get("reuse", pd.DataFrame(columns=["plan_id", "other_plan_id", "sentence_start", "sentences"]))
plan_label = pd.Series(label.values, index=stand["plan_id"].values)
if len(reuse) and "plan_id" in reuse:
    share = reuse.groupby("plan_id").agg(reused=("sentence_start", "nunique"), sentences=("sentences", "first"))
    share["share"] = (share["reused"] / share["sentences"]).round(3)
    share["found in"] = reuse.groupby("plan_id")["other_plan_id"].agg(lambda s: "; ".join(sorted({plan_label.get(x, x) for x in s})))
    share.index = share.index.map(lambda x: plan_label.get(x, x))
else:
    share = pd.DataFrame(columns=["reused", "sentences", "share", "found in"])
share = share.reindex(label.values).fillna({"reused": 0, "share": 0.0})
share.index.name = "plan"
chart({"data": {"values": share.reset_index()[["plan", "share"]].to_dict("records")}, "mark": "bar", "width": 360,
       "encoding": {"y": {"field": "plan", "type": "nominal", "title": None, "sort": "-x"},
                    "x": {"field": "share", "type": "quantitative", "axis": {"format": "%"}, "title": "share of sentences"},
                    "color": {"value": "#8a7b2d"}}},
      "Share of each plan's sentences found in another plan")
share"""),
]


def build() -> nbformat.NotebookNode:
    nb = new_notebook(metadata={
        "kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"},
        "language_info": {"name": "python"},
    })
    for kind, cell_id, source in CELLS:
        make = new_markdown_cell if kind == "md" else new_code_cell
        cell = make(source, id=cell_id)
        if kind == "code":
            cell.metadata["tags"] = [cell_id]
        nb.cells.append(cell)
    nbformat.validate(nb)
    return nb


def render() -> str:
    return nbformat.writes(build()) + "\n"


def main(argv: list[str]) -> int:
    NOTEBOOK.parent.mkdir(exist_ok=True)
    NOTEBOOK.write_text(render(), encoding="utf-8")
    print(NOTEBOOK)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
