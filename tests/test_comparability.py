"""Issue 4: one key per cited document, national indicators beside local targets, reviewed data."""
from __future__ import annotations

import pandas as pd
import pytest
import yaml

from extractors import catalogue
from extractors.rules.lexicon import HERE

from .test_end_to_end import dataset  # noqa: F401  (the corpus extracted once per module)


@pytest.mark.parametrize("number,name,date,plan_date,key", [
    ("73/2006/QH11", "Luật Bình đẳng giới", None, "2026-01-01", "luat-73-2006-qh11"),
    (None, "Luật Bình đẳng giới", None, "2019-05-08", "luat-73-2006-qh11"),
    ("73/2006/QH11", None, None, None, "luat-73-2006-qh11"),
    ("28/NQ-CP", None, "2021-03-03", "2026-01-01", "nq-28-nq-cp-2021"),
    ("938/QĐ-TTg", None, "2017-06-30", "2025-01-01", "qd-938-qd-ttg-2017"),
    ("938/ QĐ-TTg", None, None, "2025-01-01", "qd-938-qd-ttg-2017"),
    # a law named without number: the version in force on the plan's date
    (None, "Luật Phòng, chống mua bán người", None, "2025-01-01", "luat-66-2011-qh12"),
    (None, "Luật Phòng, chống mua bán người", None, "2026-01-01", "luat-53-2024-qh15"),
    (None, "Bộ luật Lao động", None, "2025-01-01", "bo-luat-45-2019-qh14"),
    ("07/KH-UBND", None, "2025-01-06", "2025-01-01", None),  # local documents are not catalogued
])
def test_lookup(number, name, date, plan_date, key):
    e = catalogue.lookup(number, name, date, plan_date)
    assert (e["key"] if e else None) == key


def test_a_plan_citing_a_replaced_document_is_flagged():
    old = catalogue.lookup("66/2011/QH12", None)
    assert old["status"] == "replaced" and old["replaced_by"] == "luat-53-2024-qh15"
    assert catalogue.outdated(old, "2026-01-01") is True
    assert catalogue.outdated(old, "2025-01-01") is False  # its successor took effect on 2025-07-01


def test_cited_key_groups_every_mention_of_a_document(dataset):  # noqa: F811
    c = pd.read_parquet(dataset / "citations.parquet").merge(
        pd.read_parquet(dataset / "documents.parquet")[["doc_id", "source_path"]], on="doc_id")
    c["plan"] = c["source_path"].str[:3]
    # the name part of a surface (a law's surface goes on over "(sửa đổi) năm 2019", "số …", "ngày …")
    groups = {k: set(zip(g.plan, g.surface.str.split(" số ").str[0].str.split(",").str[0]
                         .str.split(" (", regex=False).str[0].str.split(" năm ").str[0].str.split(" ngày ").str[0]))
              for k, g in c[c.source_path.str.endswith(".txt")].groupby("cited_key")}
    # the Law on Gender Equality: by name in four plans, by name and number in the fifth
    assert {p for p, _ in groups["luat-73-2006-qh11"]} == {"000", "001", "002", "003", "004"}
    # "Bộ luật Lao động" and "Bộ luật Lao động (sửa đổi) năm 2019" are one document
    assert {s for _, s in groups["bo-luat-45-2019-qh14"]} == {"Bộ luật Lao động"}
    assert len(c[(c.cited_key == "bo-luat-45-2019-qh14") & c.source_path.str.endswith("000_8aafd0e72540f134.txt")]) == 2
    # the footnote's number and the body mention it resolves: one key
    fn = c[(c.plan == "002") & c.source_path.str.endswith(".txt") & (c.number == "62/KH-UBND")]
    assert len(fn) == 2 and fn["cited_key"].nunique() == 1 and set(fn["section"]) == {"preamble", "footnote ¹"}
    # the same mention gets the same key in every rendition
    per = c.groupby(["plan", "source_path"])["cited_key"].agg(frozenset)
    assert all(per[p].nunique() == 1 for p in c["plan"].unique())


def test_targets_sit_beside_the_national_values(dataset):  # noqa: F811
    t = pd.read_parquet(dataset / "targets.parquet").merge(
        pd.read_parquet(dataset / "documents.parquet")[["doc_id", "source_path"]], on="doc_id")
    t = t[t.source_path == "002_f21cf61eb0bffd5d.txt"]
    row = t[t.indicator.str.contains("làm công hưởng lương")].iloc[0]
    assert (row.value, row.national_value, row.national_year, row.national_match) == (50.0, 50.0, 2025, "same")
    row = t[t.indicator.str.startswith("nữ tham gia lãnh đạo")].iloc[0]
    assert (row.value, row.national_match) == (40.0, "related")
    assert set(t.unit_class) == {"percent", "permille", "times", "count"}


def _entries(name: str):
    data = yaml.safe_load(open(HERE / name, encoding="utf-8"))
    return data.get("documents") or data.get("indicators") or data.get("agencies")


def test_catalogue_is_consistent():
    docs = _entries("catalogue.yaml")
    keys = [d["key"] for d in docs]
    assert len(keys) == len(set(keys))
    assert all(d["replaced_by"] in keys for d in docs if d.get("replaced_by"))
    assert all(d["status"] in {"in_force", "replaced", "expired", "unknown"} for d in docs)
    inds = _entries("domains_national.yaml")
    assert all(i["strategy"] in keys for i in inds)


def test_every_agency_has_an_example_and_codes_are_kinds_not_levels():
    ags = _entries("agencies.yaml")
    assert all(a.get("example") for a in ags)
    code_of = {a["name"]: a["code"] for a in ags}
    assert code_of["Phòng Lao động - Thương binh và Xã hội"] == code_of["Sở Lao động - Thương binh và Xã hội"]
