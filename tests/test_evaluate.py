"""`kehoach eval`: exact counts and scores on hand-built extractions against small gold files."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pandas as pd
import pytest

from pipeline.analyse.evaluate import eval_command, load_dataset, score
from pipeline.analyse.evaluate_match import overlap, period_of, unit_key
from pipeline.analyse.evaluate_score import META_FIELDS, Counts

ROOT = Path(__file__).resolve().parents[1]
STEM = "004_3d6bf184eeb54370"  # gold/004: 3 citations, 1 target, 9 assignments, 8 dates

META_004 = {
    "doc_type": "Kế hoạch", "doc_number": None, "doc_symbol": "KH-UBND", "issue_date": "2026",
    "issuer": "Ủy ban nhân dân xã Hưng Đạo", "locality_name": "Hưng Đạo", "locality_type": "xã",
    "locality_level": "commune", "province": "Hà Nội", "period": "2026",
    "signer_name": "Đỗ Hồng Sơn", "signer_title": "Phó Chủ tịch",
}
LAW = {"surface": "Luật Bình đẳng giới", "type": "Luật", "number": None,
       "name": "Luật Bình đẳng giới", "date": None, "issuer": None, "relation": "implements"}
NQ28 = {"surface": "Nghị quyết số 28/NQ-CP, ngày 03/3/2021 của Chính phủ", "type": "Nghị quyết",
        "number": "28/NQ-CP", "name": None, "date": "2021-03-03", "issuer": "Chính phủ",
        "relation": "basis"}
KH67 = {"surface": "Kế hoạch số 67/ KH-UBND ngày 14/02/2026 của UBND thành phố Hà Nội",
        "type": "Kế hoạch", "number": "67/KH-UBND", "name": None, "date": "2026-02-14",
        "issuer": "Ủy ban nhân dân thành phố Hà Nội", "relation": "implements"}
TIN_BAI = {"surface": "Duy trì, phần đầu mỗi quý có ít nhất 03 tin, bài về bình đẳng giới trên hệ "
                      "thống thông tin cơ sở",
           "indicator": "tin, bài về bình đẳng giới trên hệ thống thông tin cơ sở", "value": 3.0,
           "value_max": None, "unit": "tin, bài", "comparator": ">=", "deadline": "2025",
           "domain": "information"}
DOAN_THE = {"surface": "duy trì số lượng nữ tham gia Lãnh đạo ở các đoàn thể đạt trên 50%",
            "indicator": "số lượng nữ tham gia Lãnh đạo ở các đoàn thể", "value": 50.0,
            "value_max": None, "unit": "%", "comparator": ">=", "deadline": "2025",
            "domain": "politics"}
LUONG = {"surface": "Tăng tỷ lệ lao động nữ làm công hưởng lương đạt 50%",
         "indicator": "tỷ lệ lao động nữ làm công hưởng lương", "value": 50.0, "value_max": None,
         "unit": "%", "comparator": ">=", "deadline": "2025", "domain": "economy_labor"}
LDTBXH = {"surface": "Phòng Lao động TB&XH quận",
          "agency": "Phòng Lao động - Thương binh và Xã hội", "role": "lead"}
HOI_PN = {"surface": "Hội Liên hiệp phụ nữ xã", "agency": "Hội Liên hiệp Phụ nữ",
          "role": "coordinate"}
D_CIT = {"surface": "ngày 03/3/2021", "value": "2021-03-03", "kind": "citation"}
D_EVENT = {"surface": "Quốc tế phụ nữ 8/3", "value": "XXXX-03-08", "kind": "event"}


def gold_file(gold_dir: Path, stem: str, meta=None, citations=(), targets=(), assignments=(),
              dates=()) -> dict:
    g = {"doc": f"{stem}.txt", "complete": True, "meta": dict(meta or META_004),
         "citations": list(citations), "targets": list(targets),
         "assignments": list(assignments), "dates": list(dates)}
    gold_dir.mkdir(parents=True, exist_ok=True)
    (gold_dir / f"{stem}.json").write_text(json.dumps(g, ensure_ascii=False), encoding="utf-8")
    return g


def doc_row(doc_id: str, source_path: str, meta=None, period=(2026, 2026), **extra) -> dict:
    m = dict(meta or META_004)
    m.pop("period", None)
    fmt = source_path.rsplit(".", 1)[-1]
    return {"doc_id": doc_id, "source_path": source_path, "source_format": fmt, "status": "ok",
            **m, "period_start": period[0], "period_end": period[1], **extra}


def fact_rows(doc_id: str, gold: dict, table: str) -> list[dict]:
    """Extracted rows equal to the gold entries, at increasing offsets."""
    rows = []
    for n, e in enumerate(gold[table]):
        r = {"doc_id": doc_id, "char_start": 100 * n, "char_end": 100 * n + 10, **e}
        if table == "citations":
            r["cited_key"] = e["number"] or e["name"]
        rows.append(r)
    return rows


def tables(docs: list[dict], **facts: list[dict]) -> dict[str, pd.DataFrame]:
    out = {"documents": pd.DataFrame(docs)}
    for t in ("citations", "targets", "assignments", "dates"):
        out[t] = pd.DataFrame(facts.get(t) or [], columns=None if facts.get(t) else ["doc_id"])
    return out


def perfect(doc_id: str, gold: dict) -> dict[str, list[dict]]:
    return {t: fact_rows(doc_id, gold, t) for t in ("citations", "targets", "assignments", "dates")}


def counts(report, table, group="all"):
    c = report.groups[group].counts[table]
    return (c.tp, c.fp, c.fn)


# ---------------------------------------------------------------------------------------------

def test_perfect_match_on_a_real_gold_file(tmp_path):
    gold_dir = tmp_path / "gold"
    gold_dir.mkdir()
    shutil.copy(ROOT / "gold" / f"{STEM}.json", gold_dir)
    gold = json.loads((gold_dir / f"{STEM}.json").read_text(encoding="utf-8"))
    facts = perfect("a" * 16, gold)
    rep = score(tables([doc_row("a" * 16, f"{STEM}.txt")], **facts), gold_dir)
    assert counts(rep, "citations") == (3, 0, 0)
    assert counts(rep, "targets") == (1, 0, 0)
    assert counts(rep, "assignments") == (9, 0, 0)
    assert counts(rep, "dates") == (8, 0, 0)
    for c in rep.groups["all"].counts.values():
        assert (c.precision, c.recall, c.f1) == (1.0, 1.0, 1.0)
    for fs in rep.groups["all"].fields.values():
        assert all(a.value == 1.0 for a in fs.values())
    assert rep.groups["all"].fields["meta"]["period"].correct == 1
    assert rep.groups["all"].meta == 1.0
    assert rep.documents[0].misses == {t: [] for t in ("citations", "targets", "assignments", "dates")}


def test_a_miss_and_an_extra(tmp_path):
    gold = gold_file(tmp_path / "gold", STEM, assignments=[LDTBXH, HOI_PN], dates=[D_CIT])
    facts = perfect("d1", gold)
    facts["assignments"] = facts["assignments"][:1]  # Hội Liên hiệp Phụ nữ missed
    facts["dates"].append({"doc_id": "d1", "char_start": 900, "surface": "ngày 08/3",
                           "value": "XXXX-03-08", "kind": "event"})  # not in gold
    rep = score(tables([doc_row("d1", f"{STEM}.txt")], **facts), tmp_path / "gold")
    a = rep.groups["all"].counts["assignments"]
    assert (a.tp, a.fp, a.fn) == (1, 0, 1)
    assert (a.precision, a.recall, a.f1) == (1.0, 0.5, pytest.approx(2 / 3))
    d = rep.groups["all"].counts["dates"]
    assert (d.tp, d.fp, d.fn) == (1, 1, 0)
    assert (d.precision, d.recall, d.f1) == (0.5, 1.0, pytest.approx(2 / 3))
    doc = rep.documents[0]
    assert [e["label"] for e in doc.misses["assignments"]] == ["Hội Liên hiệp Phụ nữ (coordinate)"]
    assert [e["label"] for e in doc.extras["dates"]] == ["XXXX-03-08 (event)"]


def test_wrong_field_counts_as_found_but_inaccurate(tmp_path):
    gold = gold_file(tmp_path / "gold", STEM, citations=[NQ28, KH67])
    facts = perfect("d1", gold)
    facts["citations"][1]["relation"] = "basis"  # gold: implements
    facts["citations"][1]["number"] = "67/KH-UBND"
    rep = score(tables([doc_row("d1", f"{STEM}.txt")], **facts), tmp_path / "gold")
    assert counts(rep, "citations") == (2, 0, 0)
    acc = rep.groups["all"].fields["citations"]
    assert (acc["relation"].correct, acc["relation"].total, acc["relation"].value) == (1, 2, 0.5)
    assert acc["number"].value == 1.0 and acc["issuer"].value == 1.0
    wrong = rep.documents[0].wrong["citations"]
    assert wrong == [{"label": "Kế hoạch 67/KH-UBND",
                      "fields": [{"field": "relation", "gold": "implements", "extracted": "basis"}],
                      "surface": KH67["surface"], "char_start": 100}]  # where, for --details


def test_citation_number_matches_with_spaces_and_case(tmp_path):
    gold_file(tmp_path / "gold", STEM, citations=[KH67])
    row = {**KH67, "doc_id": "d1", "char_start": 0, "number": "67/ kh-ubnd", "cited_key": "k"}
    rep = score(tables([doc_row("d1", f"{STEM}.txt")], citations=[row]), tmp_path / "gold")
    assert counts(rep, "citations") == (1, 0, 0)
    assert rep.groups["all"].fields["citations"]["number"].value == 1.0


def test_duplicate_mentions_are_deduplicated(tmp_path):
    gold = gold_file(tmp_path / "gold", STEM, citations=[NQ28], assignments=[LDTBXH],
                     dates=[D_CIT])
    later = {**NQ28, "doc_id": "d1", "char_start": 500, "surface": "Nghị quyết số 28/NQ-CP",
             "relation": "mentions", "cited_key": "28/nq-cp"}
    first = {**NQ28, "doc_id": "d1", "char_start": 10, "cited_key": "28/nq-cp"}
    assignments = [
        {**LDTBXH, "doc_id": "d1", "char_start": 10},
        {"doc_id": "d1", "char_start": 20, "surface": "Phòng Lao động TB&XH",
         "agency": "Phòng Lao động – Thương binh & Xã hội", "role": "lead"},
    ]
    dates = [{**D_CIT, "doc_id": "d1", "char_start": 10}, {**D_CIT, "doc_id": "d1", "char_start": 90}]
    rep = score(tables([doc_row("d1", f"{STEM}.txt")], citations=[later, first],
                       assignments=assignments, dates=dates), tmp_path / "gold")
    assert counts(rep, "citations") == (1, 0, 0)
    assert counts(rep, "assignments") == (1, 0, 0)
    assert counts(rep, "dates") == (1, 0, 0)
    # the first mention by char_start (not by row order) sets the relation
    assert rep.groups["all"].fields["citations"]["relation"].value == 1.0


def test_targets_are_not_deduplicated(tmp_path):
    gold = gold_file(tmp_path / "gold", STEM, targets=[TIN_BAI])
    facts = perfect("d1", gold)
    facts["targets"].append({**facts["targets"][0], "char_start": 300})
    rep = score(tables([doc_row("d1", f"{STEM}.txt")], **facts), tmp_path / "gold")
    assert counts(rep, "targets") == (1, 1, 0)


def test_units_tin_bai_fold_together(tmp_path):
    assert unit_key("tin/bài") == unit_key("tin, bài") == unit_key("Tin bài")
    assert unit_key("bé trai/100 bé gái") != unit_key("%")
    gold_file(tmp_path / "gold", STEM, targets=[TIN_BAI])  # unit "tin, bài"
    row = {**TIN_BAI, "doc_id": "d1", "char_start": 0, "unit": "tin/bài"}
    rep = score(tables([doc_row("d1", f"{STEM}.txt")], targets=[row]), tmp_path / "gold")
    assert counts(rep, "targets") == (1, 0, 0)
    row["unit"] = "bài"
    rep = score(tables([doc_row("d1", f"{STEM}.txt")], targets=[row]), tmp_path / "gold")
    assert counts(rep, "targets") == (0, 1, 1)


def test_same_value_targets_pair_by_indicator(tmp_path):
    gold_file(tmp_path / "gold", STEM, targets=[DOAN_THE, LUONG])
    # extracted in the other order, and with shortened indicators
    rows = [
        {**LUONG, "doc_id": "d1", "char_start": 0, "indicator": "lao động nữ làm công hưởng lương"},
        {**DOAN_THE, "doc_id": "d1", "char_start": 50, "indicator": "nữ tham gia lãnh đạo"},
    ]
    rep = score(tables([doc_row("d1", f"{STEM}.txt")], targets=rows), tmp_path / "gold")
    assert counts(rep, "targets") == (2, 0, 0)
    acc = rep.groups["all"].fields["targets"]
    assert acc["domain"].value == 1.0  # paired politics↔politics, not by row order
    assert acc["indicator"].value == 1.0
    assert overlap("số lượng nữ tham gia Lãnh đạo ở các đoàn thể", "nữ tham gia lãnh đạo") == 1.0
    assert overlap("tỷ lệ lao động nữ làm công hưởng lương", "số lượng nữ tham gia") == 0.2


def test_named_law_matches_by_name_with_or_without_number(tmp_path):
    law_73 = {**LAW, "surface": "Luật Bình đẳng giới số 73/2006/QH11", "number": "73/2006/QH11",
              "relation": "basis"}
    gold_file(tmp_path / "gold", STEM, citations=[law_73])
    row = {**LAW, "doc_id": "d1", "char_start": 0, "relation": "basis", "cited_key": "luat-bdg"}
    rep = score(tables([doc_row("d1", f"{STEM}.txt")], citations=[row]), tmp_path / "gold")
    assert counts(rep, "citations") == (1, 0, 0)
    assert rep.groups["all"].fields["citations"]["number"].value == 0.0  # null vs 73/2006/QH11
    gold_file(tmp_path / "gold2", STEM, citations=[LAW])
    row = {**LAW, "doc_id": "d1", "char_start": 0, "name": "Luật bình đẳng giới", "cited_key": "x"}
    rep = score(tables([doc_row("d1", f"{STEM}.txt")], citations=[row]), tmp_path / "gold2")
    assert counts(rep, "citations") == (1, 0, 0)


def test_empty_table_is_na_not_zero_or_one(tmp_path):
    gold_file(tmp_path / "gold", STEM, dates=[D_CIT])  # no targets in gold
    rep = score(tables([doc_row("d1", f"{STEM}.txt")]), tmp_path / "gold")
    t = rep.groups["all"].counts["targets"]
    assert (t.tp, t.fp, t.fn) == (0, 0, 0)
    assert (t.precision, t.recall, t.f1) == (None, None, None)
    assert rep.groups["all"].fields["targets"]["domain"].value is None
    d = rep.groups["all"].counts["dates"]  # gold has one, nothing extracted
    assert (d.precision, d.recall, d.f1) == (None, 0.0, 0.0)
    # extracted targets against an empty gold list: precision 0, recall undefined
    row = {**TIN_BAI, "doc_id": "d1", "char_start": 0}
    rep = score(tables([doc_row("d1", f"{STEM}.txt")], targets=[row]), tmp_path / "gold")
    t = rep.groups["all"].counts["targets"]
    assert (t.precision, t.recall, t.f1) == (0.0, None, 0.0)
    assert Counts().to_dict()["f1"] is None


def test_period_mapping_and_meta_nulls(tmp_path):
    assert period_of(2019, 2020) == "2019/2020"
    assert period_of(2025, 2025) == "2025"
    assert period_of(2025.0, None) == "2025"
    assert period_of(None, float("nan")) is None
    gold_file(tmp_path / "gold", STEM, meta={**META_004, "period": "2019/2020"})
    wrong_meta = {**META_004, "doc_number": "15/KH-UBND", "province": None,
                  "issuer": "UỶ BAN NHÂN DÂN XÃ HƯNG ĐẠO"}
    docs = [doc_row("d1", f"{STEM}.txt", meta=wrong_meta, period=(2019, 2020)),
            doc_row("d2", f"{STEM}.pdf", period=(2019, 2019))]
    rep = score(tables(docs), tmp_path / "gold")
    txt, pdf = rep.groups["txt"].fields["meta"], rep.groups["pdf"].fields["meta"]
    assert txt["period"].value == 1.0 and pdf["period"].value == 0.0
    assert txt["doc_number"].value == 0.0 and pdf["doc_number"].value == 1.0  # null == null
    assert txt["province"].value == 0.0  # gold Hà Nội, extracted null
    assert txt["issuer"].value == 1.0  # case and old-style tone marks fold
    assert rep.groups["txt"].meta == pytest.approx(10 / 12)  # doc_number, province wrong
    assert rep.groups["pdf"].meta == pytest.approx(11 / 12)
    assert rep.groups["all"].fields["meta"]["period"].value == 0.5
    assert len(META_FIELDS) == 12


def test_renditions_scored_separately_and_grouped(tmp_path):
    gold = gold_file(tmp_path / "gold", STEM, citations=[NQ28, KH67], dates=[D_CIT, D_EVENT])
    facts = perfect("t1", gold)
    pdf_facts = perfect("p1", gold)
    pdf_facts["dates"] = pdf_facts["dates"][:1]
    docs = [doc_row("t1", f"corpus/{STEM}.txt"), doc_row("p1", f"corpus/{STEM}.pdf"),
            doc_row("x1", "corpus/999_other.txt")]
    tabs = tables(docs, citations=facts["citations"] + pdf_facts["citations"],
                  dates=facts["dates"] + pdf_facts["dates"])
    rep = score(tabs, tmp_path / "gold")
    assert set(rep.groups) == {"txt", "pdf", "all"}
    assert counts(rep, "dates", "txt") == (2, 0, 0)
    assert counts(rep, "dates", "pdf") == (1, 0, 1)
    assert counts(rep, "dates", "all") == (3, 0, 1)  # micro sum over renditions
    assert rep.groups["all"].counts["dates"].f1 == pytest.approx(6 / 7)
    assert rep.documents_without_gold == ["corpus/999_other.txt"]
    only_pdf = score(tabs, tmp_path / "gold", formats=["pdf"])
    assert set(only_pdf.groups) == {"pdf", "all"} and len(only_pdf.documents) == 1


def test_load_dataset_reads_files_and_directories(tmp_path):
    ds = tmp_path / "out"
    ds.mkdir()
    pd.DataFrame([doc_row("d1", f"{STEM}.txt")]).to_parquet(ds / "documents.parquet")
    (ds / "dates.parquet").mkdir()
    pd.DataFrame([{**D_CIT, "doc_id": "d1", "char_start": 0}]).to_parquet(
        ds / "dates.parquet" / "part-0.parquet")
    pd.DataFrame([{**D_EVENT, "doc_id": "d1", "char_start": 5}]).to_parquet(
        ds / "dates.parquet" / "part-1.parquet")
    t = load_dataset(ds)
    assert len(t["documents"]) == 1 and len(t["dates"]) == 2
    assert t["citations"].empty  # not written: reads as empty
    with pytest.raises(FileNotFoundError):
        load_dataset(tmp_path / "nowhere")


def test_eval_command_json_details_and_baseline(tmp_path, capsys):
    gold = gold_file(tmp_path / "gold", STEM, assignments=[LDTBXH, HOI_PN], dates=[D_CIT])
    ds = tmp_path / "out"
    ds.mkdir()
    pd.DataFrame([doc_row("d1", f"{STEM}.txt")]).to_parquet(ds / "documents.parquet")
    facts = perfect("d1", gold)
    pd.DataFrame(facts["assignments"][:1]).to_parquet(ds / "assignments.parquet")
    pd.DataFrame(facts["dates"]).to_parquet(ds / "dates.parquet")
    old = tmp_path / "old.json"
    assert eval_command(ds, tmp_path / "gold", None, old, True, None) == 0
    saved = json.loads(old.read_text(encoding="utf-8"))
    assert saved["groups"]["all"]["tables"]["assignments"] == {
        "tp": 1, "fp": 0, "fn": 1, "precision": 1.0, "recall": 0.5, "f1": pytest.approx(2 / 3)}
    assert saved["groups"]["all"]["tables"]["targets"]["f1"] is None
    out = capsys.readouterr().out
    assert "Hội Liên hiệp Phụ nữ (coordinate)" in out  # --details lists the miss

    pd.DataFrame(facts["assignments"]).to_parquet(ds / "assignments.parquet")
    assert eval_command(ds, tmp_path / "gold", ["txt"], None, False, old) == 0
    out = capsys.readouterr().out
    assert "66.7 → 100.0 (+33.3)" in out
    assert "gained" in out and "Hội Liên hiệp Phụ nữ (coordinate)" in out

    assert eval_command(ds, tmp_path / "gold", ["docx"], None, False, None) == 1


# ------------------------------------------------------------------ --details: the sentence shown

from pipeline.analyse.evaluate_print import find_surface, print_details, sentence_at  # noqa: E402

PLAN = ("II. TỔ CHỨC THỰC HIỆN\n"
        "1. Phòng Lao động TB&XH quận (Cơ quan thường trực Ban vì sự tiến bộ của Phụ nữ quận)\n"
        "- Chủ trì, phối hợp với Phòng Tư pháp và Hội Liên hiệp Phụ nữ huyện tuyên truyền phòng, chống mua "
        "bán người tại các xã giáp biên; báo cáo kết quả trước ngày 15/11/2024.\n"
        "Căn cứ Nghị quyết số 28/NQ-CP, ngày 03/3/2021 của Chính phủ. Kỷ niệm ngày Quốc tế phụ nữ 8/3.\n")


@pytest.mark.parametrize("surface,near,expected", [
    ("Hội Liên hiệp Phụ nữ huyện", None, "Hội Liên hiệp Phụ nữ huyện"),  # as written
    ("hội liên hiệp phụ nữ huyện", None, "Hội Liên hiệp Phụ nữ huyện"),  # folded: case
    ("Phòng Lao động  TB&XH\nquận", None, "Phòng Lao động TB&XH quận"),  # spacing free
    ("quận", 50, "quận"),  # the occurrence nearest the extracted one
    ("Phòng Nội vụ huyện", None, None),
])
def test_find_surface(surface, near, expected):
    span = find_surface(PLAN, surface, near)
    assert (PLAN[span[0]:span[1]] if span else None) == expected
    if near is not None:
        assert span[0] == PLAN.index("quận (Cơ")


def test_sentence_at_stops_at_the_sentence_and_cuts_long_ones():
    s = PLAN.index("28/NQ-CP")
    sent, a, b = sentence_at(PLAN, s, s + 8)
    assert sent == "Căn cứ Nghị quyết số 28/NQ-CP, ngày 03/3/2021 của Chính phủ."
    assert sent[a:b] == "28/NQ-CP"
    s = PLAN.index("ngày 15/11/2024")
    sent, a, b = sentence_at(PLAN, s, s + 15)
    assert sent[a:b] == "ngày 15/11/2024"
    assert sent == "báo cáo kết quả trước ngày 15/11/2024."  # after the ";"
    long = "Tuyên truyền " + "sâu rộng " * 40 + "Luật Bình đẳng giới năm 2006 " + "tới mọi người dân " * 20 + "."
    s = long.index("Luật")
    sent, a, b = sentence_at(long, s, s + 19)
    assert sent.startswith("…sâu rộng") and sent.endswith(" mọi…") and sent[a:b] == "Luật Bình đẳng giới"
    assert len(sent) <= 2 * 110 + 19 + 2


def test_details_group_by_table_and_show_the_sentence(tmp_path, capsys):
    from rich.console import Console

    hoi = {"surface": "Hội Liên hiệp Phụ nữ huyện", "agency": "Hội Liên hiệp Phụ nữ", "role": "coordinate"}
    ldtbxh = {"surface": "Phòng Lao động TB&XH quận", "agency": "Phòng Lao động - Thương binh và Xã hội",
              "role": "lead"}
    d_cit = {"surface": "ngày 03/3/2021", "value": "2021-03-03", "kind": "citation"}
    gold_file(tmp_path / "gold", STEM, assignments=[ldtbxh, hoi], dates=[d_cit])
    facts = {
        "assignments": [{"doc_id": "d1", "char_start": PLAN.index("Phòng Lao"), **ldtbxh},
                        {"doc_id": "d1", "char_start": PLAN.index("Phòng Tư"), "surface": "Phòng Tư pháp",
                         "agency": "Phòng Tư pháp", "role": "coordinate"}],
        "dates": [{"doc_id": "d1", "char_start": PLAN.index("ngày 03"), **d_cit},
                  {"doc_id": "d1", "char_start": PLAN.index("8/3"), "surface": "8/3", "value": "XXXX-03-08",
                   "kind": "event"}],
    }
    rep = score(tables([doc_row("d1", f"{STEM}.txt", text=PLAN)], **facts), tmp_path / "gold")
    console = Console(width=200, no_color=True, highlight=False)
    print_details(rep, console)
    out = capsys.readouterr().out
    lines = [ln.rstrip() for ln in out.splitlines()]
    i = next(n for n, ln in enumerate(lines) if ln.startswith("assignments: 1 missed, 1 extra"))
    assert lines[i + 1:i + 6] == [
        f"{STEM}.txt (txt, ok)",
        "  - Hội Liên hiệp Phụ nữ (coordinate)",
        "        - Chủ trì, phối hợp với Phòng Tư pháp và Hội Liên hiệp Phụ nữ huyện tuyên truyền phòng, "
        "chống mua bán người tại các xã giáp biên;",
        "  + Phòng Tư pháp (coordinate)",
        "        - Chủ trì, phối hợp với Phòng Tư pháp và Hội Liên hiệp Phụ nữ huyện tuyên truyền phòng, "
        "chống mua bán người tại các xã giáp biên;",
    ]
    j = next(n for n, ln in enumerate(lines) if ln.startswith("dates: 0 missed, 1 extra"))
    assert lines[j + 2:j + 4] == ["  + XXXX-03-08 (event)", "        Kỷ niệm ngày Quốc tế phụ nữ 8/3."]
    assert i < j  # tables in order: meta, citations, targets, assignments, dates

    print_details(rep, console, only=["dates"])
    out = capsys.readouterr().out
    assert "XXXX-03-08 (event)" in out and "assignments" not in out and "meta:" not in out


def test_eval_command_refuses_an_unknown_table(tmp_path, capsys):
    gold_file(tmp_path / "gold", STEM)
    ds = tmp_path / "out"
    ds.mkdir()
    pd.DataFrame([doc_row("d1", f"{STEM}.txt")]).to_parquet(ds / "documents.parquet")
    assert eval_command(ds, tmp_path / "gold", None, None, True, None, ["target"]) == 2
    assert "--table target: not one of meta, citations, targets, assignments, dates" in capsys.readouterr().err
    assert eval_command(ds, tmp_path / "gold", None, None, True, None, ["meta"]) == 0
