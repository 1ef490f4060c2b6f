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
# Comparing the five localities

Reads the kehoach dataset (the five Parquet tables of `kehoach extract`, see
`shared/dataset-contract.md`) and puts the localities side by side: their plans, the documents
they cite, their targets and who they put in charge.

The dataset is read from `$KEHOACH_DATA`, else `../data` (run from `notebooks/`), else `data`.
Build it first with `make run`. Every plan is in the corpus three times (txt, docx, pdf); only
the txt renditions are used here, so each plan counts once."""),
    ("code", "load", """\
import os
from pathlib import Path

import pandas as pd

pd.set_option("display.max_rows", 500)
pd.set_option("display.max_colwidth", 90)
pd.set_option("display.width", 250)
pd.set_option("display.expand_frame_repr", False)

DATA = Path(os.environ.get("KEHOACH_DATA", "../data"))
if not DATA.exists():
    DATA = Path("data")
NAMES = ("documents", "citations", "targets", "assignments", "dates")
tables = {name: pd.read_parquet(DATA / f"{name}.parquet") for name in NAMES}
{name: len(df) for name, df in tables.items()}"""),
    ("md", "plans-md", """\
## (a) The plans

One row per plan: the locality (name, type such as `xã`/`phường`/`quận`/`huyện`, level
`commune`/`district`, province), the years the plan covers, its issue date (EDTF, so `2025`
or `2024-04` when the day was left blank) and the extraction `status` (`ok`, `partial`, `error`)."""),
    ("code", "plans", """\
docs = tables["documents"]
plans = docs[docs["source_format"] == "txt"].set_index("doc_id")
locality = plans["locality_name"].fillna(plans["source_path"])


def of_plans(df):
    \"\"\"Rows of the txt renditions, with the plan's locality.\"\"\"
    df = df[df["doc_id"].isin(locality.index)]
    return df.assign(locality=df["doc_id"].map(locality))


plans[["locality_name", "locality_type", "locality_level", "province", "locality_code", "province_code",
       "period_start", "period_end", "issue_date", "status"]].sort_values("locality_name")"""),
    ("md", "citations-md", """\
## (b) What each plan cites

A citations row is one mention. `cited_key` is the same for the same cited document in every
plan, however it was written, so mentions can be counted per cited document and locality. A
document is labelled by its type and number, or by its name (laws)."""),
    ("code", "citations", """\
cit = of_plans(tables["citations"])
type_number = (cit["type"].fillna("") + " " + cit["number"].fillna("")).str.strip()
cit["label"] = cit["name"].fillna(type_number.where(cit["number"].notna())).fillna(cit["cited_key"])
cit["label"] = cit["cited_key"].map(cit.groupby("cited_key")["label"].first())
cited = pd.crosstab([cit["label"], cit["cited_key"]], cit["locality"])
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
across localities. `value_max` is set for ranges; `deadline` is EDTF."""),
    ("code", "targets", """\
tgt = of_plans(tables["targets"])
tgt.sort_values(["domain", "locality", "char_start"])[
    ["locality", "domain", "indicator", "comparator", "value", "value_max", "unit", "deadline"]
].reset_index(drop=True)"""),
    ("md", "national-md", """\
### Beside the national strategy

Where a local target restates an indicator of the national strategy (Nghị quyết 28/NQ-CP for
2021–2030, Quyết định 2351/QĐ-TTg for 2011–2020; mapping in `extractors/domains_national.yaml`),
the national value for the nearest year sits beside the local one."""),
    ("code", "national", """\
nat = tgt[tgt["national_indicator"].notna()]
nat.sort_values(["domain", "locality"])[
    ["locality", "domain", "indicator", "comparator", "value", "unit", "deadline",
     "national_comparator", "national_value", "national_year", "national_indicator"]
].reset_index(drop=True)"""),
    ("md", "replaced-md", """\
### Citations of replaced documents

Mentions of documents the catalogue (`extractors/catalogue.yaml`) lists as replaced before the
plan's own year, with what replaced them."""),
    ("code", "replaced", """\
cit = of_plans(tables["citations"])
cit[cit["cites_replaced"]][["locality", "type", "number", "name", "replaced_by", "section"]].reset_index(drop=True)"""),
    ("md", "assignments-md", """\
## (d) Who leads what

Assignments name an agency (canonical name from `extractors/agencies.yaml`) and its role. First
the agencies each locality makes lead (`role == "lead"`), counted in tasks; then how many
assignments of each role each plan makes."""),
    ("code", "leads", """\
asg = of_plans(tables["assignments"])
lead = asg[asg["role"] == "lead"]
pd.crosstab(lead["agency"], lead["locality"])"""),
    ("code", "roles", """\
pd.crosstab(asg["role"], asg["locality"], margins=True, margins_name="all")"""),
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
