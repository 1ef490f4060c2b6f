"""Reuse: sentences found (nearly) verbatim in another plan; renditions of one plan never count."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pyarrow.parquet as pq

from extractors import reuse
from pipeline.analyse.report_data import reuse_shares
from pipeline.run.engine import Options, extract_dataset
from pipeline.text.sentences import spans

PROVINCE = (
    "KẾ HOẠCH\n"
    "Thực hiện công tác bình đẳng giới và vì sự tiến bộ của phụ nữ tỉnh Phú Thọ năm 2024\n"
    "1. Tăng cường truyền thông về các chủ trương, đường lối của Đảng và chính sách pháp luật của Nhà nước về bình đẳng giới.\n"
    "- Triển khai Tháng hành động vì bình đẳng giới và phòng ngừa, ứng phó với bạo lực trên cơ sở giới năm 2024 hiệu quả, sáng tạo.\n"
    "Sở Y tế chủ trì việc kiểm tra các cơ sở khám chữa bệnh về lựa chọn giới tính thai nhi.\n"
)
DISTRICT = (
    "KẾ HOẠCH\n"
    "Thực hiện công tác bình đẳng giới huyện Lâm Thao năm 2024\n"
    # verbatim but for the list mark and a comma
    "a) Tăng cường truyền thông về các chủ trương, đường lối của Đảng, và chính sách pháp luật của Nhà nước về bình đẳng giới.\n"
    # the year changed: near-verbatim
    "Triển khai Tháng hành động vì bình đẳng giới và phòng ngừa, ứng phó với bạo lực trên cơ sở giới năm 2025 hiệu quả, sáng tạo.\n"
    # half the words shared: not reuse
    "Phòng Y tế phối hợp kiểm tra việc thực hiện các quy định về lựa chọn giới tính tại các cơ sở y tế tư nhân trên địa bàn.\n"
    "Đúng hạn.\n"
)


def doc(doc_id, path, text, fmt="txt"):
    return {"doc_id": doc_id, "source_path": path, "source_format": fmt, "status": "ok", "text": text}


def test_sentences_split_at_sentence_ends_only():
    text = "Tổ chức tại TP. Hồ Chí Minh. Báo cáo trước ngày 15/11/2024; gửi về quận.\n- Mục 2: đạt 50%."
    got = [text[s:e] for s, e in spans(text)]
    assert got == ["Tổ chức tại TP. Hồ Chí Minh.", "Báo cáo trước ngày 15/11/2024; gửi về quận.", "- Mục 2: đạt 50%."]


def test_normalise_drops_marks_punctuation_and_case():
    assert reuse.normalise("a) Tăng cường, TRUYỀN THÔNG!") == "tăng cường truyền thông"
    assert reuse.normalise("- (2) Phân hoá") == reuse.normalise("1.2. phân hóa")


def test_near_verbatim_sentences_pair_across_plans_and_nothing_else():
    docs = [doc("p", "tinh/phu_tho_2024.txt", PROVINCE), doc("d", "huyen/lam_thao_2024.txt", DISTRICT)]
    rows = reuse.rows(docs)
    pairs = {(r["doc_id"], DISTRICT[r["sentence_start"]:r["sentence_end"]][:20] if r["doc_id"] == "d" else
              PROVINCE[r["sentence_start"]:r["sentence_end"]][:20], r["similarity"]) for r in rows}
    by_doc = {}
    for r in rows:
        by_doc.setdefault(r["doc_id"], []).append(r)
    assert len(by_doc["d"]) == 2 and len(by_doc["p"]) == 2
    sims = sorted(r["similarity"] for r in by_doc["d"])
    assert sims[1] == 1.0 and reuse.THRESHOLD <= sims[0] < 1.0, pairs
    for r in by_doc["d"]:
        assert r["other_doc_id"] == "p"
        mine, other = DISTRICT[r["sentence_start"]:r["sentence_end"]], PROVINCE[r["other_start"]:r["other_end"]]
        assert mine.split()[-1] == other.split()[-1]  # the same sentence, end to end
    groups = reuse.plan_groups(docs)
    shares = reuse_shares(rows)  # what the report shows, counted from the rows
    assert shares["d"] == (2, 4)  # title, two copies, the Y tế sentence; "Đúng hạn." is too short to compare
    assert shares["p"][0] == 2
    assert {r["plan_id"] for r in by_doc["d"]} == {groups["d"]} and {r["other_plan_id"] for r in by_doc["d"]} == {groups["p"]}


def test_renditions_of_one_plan_are_not_reuse():
    docx_text = DISTRICT.replace("năm 2025", "năm 2025 ").replace("Đúng hạn.", "Đúng hạn!")  # a rendition reads a bit differently
    docs = [doc("t", "huyen/lam_thao_2024.txt", DISTRICT), doc("x", "huyen/lam_thao_2024.docx", docx_text, "docx"),
            doc("copy", "elsewhere/same_text.txt", DISTRICT)]  # same text under another name: the same plan
    assert reuse.rows(docs) == []
    assert len(set(reuse.plan_groups(docs).values())) == 1


def test_each_plan_is_compared_once_in_its_standing_rendition():
    docs = [doc("p", "tinh/phu_tho_2024.txt", PROVINCE), doc("p-pdf", "tinh/phu_tho_2024.pdf", PROVINCE + "\n", "pdf"),
            doc("d", "huyen/lam_thao_2024.txt", DISTRICT), doc("d-docx", "huyen/lam_thao_2024.docx", DISTRICT, "docx"),
            doc("d-copy", "copies/lam_thao.txt", DISTRICT)]
    rows = reuse.rows(docs)
    # a txt stands for each plan (the first by path): no row for the other renditions, none repeated for the copy
    assert {r["doc_id"] for r in rows} == {"p", "d-copy"}
    assert {r["other_doc_id"] for r in rows if r["doc_id"] == "d-copy"} == {"p"}
    assert len(rows) == 4 and len({(r["doc_id"], r["sentence_start"]) for r in rows}) == 4


# plan_id: renditions of one plan share it, different plans never do
PLAN_A = ("ỦY BAN NHÂN DÂN XÃ HƯNG ĐẠO\nSố: 12/KH-UBND\nKẾ HOẠCH Thực hiện công tác bình đẳng giới năm 2026\n"
          "1. Tổ chức Tháng hành động vì bình đẳng giới và phòng ngừa, ứng phó với bạo lực trên cơ sở giới.\n"
          "2. Phấn đấu đạt 30% nữ tham gia cấp ủy; 95% phụ nữ được tư vấn về sức khỏe sinh sản.\n"
          "3. Công an xã chủ trì phòng, chống mua bán người; Hội Liên hiệp Phụ nữ xã phối hợp tuyên truyền.\n"
          "4. Trạm Y tế xã tổ chức khám sức khỏe định kỳ cho phụ nữ và trẻ em gái trên địa bàn.\n")
PLAN_B = ("ỦY BAN NHÂN DÂN PHƯỜNG TÂN ĐỊNH\nSố: 45/KH-UBND\nKẾ HOẠCH Hoạt động vì sự tiến bộ của phụ nữ năm 2012\n"
          "I. Mục đích: nâng cao nhận thức của cán bộ, công chức về chính sách dân số và kế hoạch hóa gia đình.\n"
          "II. Chỉ tiêu: 100% khu phố có câu lạc bộ gia đình hạnh phúc; giảm 10% số vụ bạo lực.\n"
          "III. Phòng Văn hóa và Thông tin chủ trì thông tin, truyền thông tại các khu phố.\n")


def pdf_like(text: str) -> str:
    """A PDF rendition: running header and page numbers between the lines, lines broken elsewhere, upper case titles."""
    lines = text.splitlines()
    out = []
    for n, line in enumerate(lines):
        out.append(line.upper() if n == 2 else line.replace(", ", ",\n"))
        if n == 3:
            out.append("2\nUBND xã - Kế hoạch")
    return "\n".join(out)


def ocr_like(text: str) -> str:
    """A scan read by OCR: a few words misread."""
    return text.replace("tổ chức", "tồ chức").replace("phụ nữ", "phu nữ", 1).replace("30%", "3O%")


def meta(d, issue_date=None, period=(None, None)):
    return {**d, "issue_date": issue_date, "period_start": period[0], "period_end": period[1]}


def test_renditions_of_one_plan_share_a_plan_id_and_other_plans_do_not():
    docs = [doc("a-txt", "a.txt", PLAN_A), doc("a-pdf", "a.pdf", pdf_like(PLAN_A), "pdf"),
            doc("a-scan", "scans/a_scan.pdf", ocr_like(pdf_like(PLAN_A)), "pdf"),
            doc("a-html", "portal/ke-hoach-12.html", "Trang chủ\n" + PLAN_A, "html"),
            doc("b-txt", "b.txt", PLAN_B), doc("b-docx", "other/b_final.docx", PLAN_B.replace("\n", " \n"), "docx"),
            {**doc("err", "broken.pdf", None, "pdf"), "status": "error"}]
    ids = reuse.plan_groups(docs)
    assert ids["a-txt"] == ids["a-pdf"] == ids["a-scan"] == ids["a-html"]
    assert ids["b-txt"] == ids["b-docx"] != ids["a-txt"]
    assert "err" not in ids  # a file without text belongs to no plan
    # the plan_id is the hash of the normalised text of the rendition that stands for the plan (txt first)
    assert ids["a-txt"] == reuse.plan_signature(docs[0])["norm_hash"]


def test_a_copy_of_a_plan_with_another_date_is_another_plan():
    nxt = PLAN_A.replace("năm 2026", "năm 2027")
    docs = [meta(doc("a", "xa/2026.txt", PLAN_A), "2026-01-05", (2026, 2026)),
            meta(doc("a-pdf", "xa/2026.pdf", pdf_like(PLAN_A), "pdf"), "2026-01-05", (2026, 2026)),
            meta(doc("next", "xa/2027.txt", nxt), "2027-01-08", (2027, 2027)),
            meta(doc("undated", "xa/nodate.docx", PLAN_A, "docx"))]  # no date: nothing disagrees, the same text
    ids = reuse.plan_groups(docs)
    assert ids["a"] == ids["a-pdf"] == ids["undated"] != ids["next"]


def _template_folder(n: int, dates) -> list[dict]:
    """``n`` files of one template (the same MinHash), file i with the dates ``dates(i)``."""
    import numpy as np

    sig = reuse.plan_signature(doc("t", "t.txt", PLAN_A))["minhash"]
    return [{"doc_id": f"d{i:05d}", "source_path": f"xa-{i}/kh.txt", "rank": (0, 0, f"xa-{i}/kh.txt"),
             "norm_hash": f"h{i}", "minhash": np.array(sig), "meta": dates(i)} for i in range(n)]


def test_a_folder_of_one_templates_plans_each_dated_is_grouped_without_comparing_every_pair(monkeypatch):
    """Communes typing one template, each with its own date: every file falls in the same LSH
    buckets, and no two are one plan.  A file is compared only with plans whose dates agree
    (none here), so the date checks grow with the files, not with their pairs (the pair-by-pair
    loop made 400 files 80,000 checks; 4,000 files took 200 s)."""
    checks = []
    agree = reuse._meta_agree
    monkeypatch.setattr(reuse, "_meta_agree", lambda a, b: checks.append(1) or agree(a, b))
    n = 400
    ids = reuse.plan_ids(_template_folder(n, lambda i: (f"2025-{1 + i // 28:02d}-{1 + i % 28:02d}", None, None)))
    assert len(set(ids.values())) == n
    assert len(checks) <= 2 * n
    # my variant: the same template with the period known and the issue dates blank, but for
    # every tenth file, dated: the undated ones and the one agreeing date still join
    ids = reuse.plan_ids(_template_folder(n, lambda i: ("2026-03-02" if i % 10 == 0 else None, 2026, 2026)))
    assert len(set(ids.values())) == 1


def test_plans_are_found_by_their_dates_exactly_as_a_pairwise_check_would():
    """``_DatedPlans.agreeing`` gives the plans whose dates agree with a file's, known or not in
    any position, in the order they were met: the same as checking each plan in turn."""
    import itertools
    import random

    rnd = random.Random(5)
    values = (None, "2025-01-02", "2026-01-02")
    metas = list(itertools.product(values, (None, 2025, 2026), (None, 2025, 2026)))
    plans = reuse._DatedPlans()
    filed = []
    for pos, m in enumerate(rnd.sample(metas * 2, 40)):
        if f"p{pos}" not in plans:
            plans.add(f"p{pos}", pos, f"f{pos}", m)
            filed.append((f"f{pos}", m))
    for q in metas:
        assert plans.agreeing(q) == [f for f, m in filed if reuse._meta_agree(q, m)], q
    # two plans that become one are filed once, under the earlier first file and the dates they share
    plans = reuse._DatedPlans()
    plans.add("a", 0, "fa", ("2025-01-02", None, None))
    plans.add("b", 1, "fb", (None, 2025, None))
    plans.merged("b", "a", "a", ("2025-01-02", 2025, None))
    assert plans.agreeing((None, None, None)) == ["fa"]
    assert plans.agreeing((None, 2026, None)) == []


def test_a_new_rendition_regroups_the_rows_already_in_the_dataset(tmp_path):
    """plan_id is set over the whole dataset at the end of each run: rows carried over from the
    previous snapshot get the plan's new id when a file that now stands for it arrives."""
    import subprocess
    import sys
    from pathlib import Path

    import pandas as pd

    root = Path(__file__).resolve().parents[1]
    exe = Path(sys.executable).with_name("kehoach")
    cmd = [str(exe)] if exe.exists() else [sys.executable, "-c", "from pipeline.cli import app; app()"]
    plans, out = tmp_path / "plans", tmp_path / "data"
    plans.mkdir()
    text = (root / "corpus" / "000_8aafd0e72540f134.txt").read_text(encoding="utf-8")
    (plans / "lam_thao.txt").write_text(text, encoding="utf-8")

    def run():
        r = subprocess.run([*cmd, "extract", str(plans), "-o", str(out), "--workers", "1", "--quiet"],
                           cwd=root, capture_output=True, text=True, timeout=300)
        assert r.returncode == 0, r.stderr
        return {t: pd.read_parquet(out / f"{t}.parquet") for t in ("documents", "citations", "dates")}

    first = run()
    old_id = first["documents"]["plan_id"].iloc[0]
    # the same plan again, as typed for the portal: a line more, spacing changed; its name sorts first, so it stands for the plan
    (plans / "0_portal_copy.txt").write_text("Cổng thông tin điện tử\n" + text.replace("\n", "\n\n"), encoding="utf-8")
    second = run()
    docs = second["documents"]
    assert len(docs) == 2 and docs["plan_id"].nunique() == 1
    new_id = docs["plan_id"].iloc[0]
    assert new_id != old_id
    # the file standing for the plan is now the portal copy, on the carried-over row too
    assert first["documents"]["plan_doc_id"].tolist() == first["documents"]["doc_id"].tolist()
    portal = docs.set_index("source_path").loc["0_portal_copy.txt", "doc_id"]
    assert set(docs["plan_doc_id"]) == {portal}
    for t in ("citations", "dates"):  # the carried-over rows of lam_thao.txt too
        assert len(second[t]) and set(second[t]["plan_id"]) == {new_id}, t
    assert json.loads((out / "manifest.json").read_text(encoding="utf-8"))["plans"] == 1


def test_across_plans_is_plan_ids_standing_renditions_and_rows_in_one_pass():
    """What the run computes once over the new snapshot's documents (``pipeline.run.engine``)."""
    docs = [doc("p", "tinh/phu_tho_2024.txt", PROVINCE), doc("p-pdf", "tinh/phu_tho_2024.pdf", PROVINCE + "\n", "pdf"),
            doc("d-docx", "huyen/lam_thao_2024.docx", DISTRICT, "docx"), doc("d", "huyen/lam_thao_2024.txt", DISTRICT),
            {**doc("err", "broken.pdf", None, "pdf"), "status": "error"}]
    got = reuse.across_plans(iter(docs))
    assert got.plan_of == reuse.plan_groups(docs)
    assert got.standing == reuse.representatives(docs, got.plan_of) == {got.plan_of["p"]: "p", got.plan_of["d"]: "d"}
    assert got.rows == reuse.rows(docs, got.plan_of) and got.rows
    lean = reuse.across_plans(iter(docs), reuse=False)
    assert (lean.plan_of, lean.standing, lean.rows) == (got.plan_of, got.standing, None)


CORPUS = Path(__file__).resolve().parent.parent / "corpus"


def _two_plans_in_three_formats(tmp_path: Path) -> Path:
    """A folder of corpus plans 000 and 001, each as txt, docx and pdf."""
    plans = tmp_path / "plans"
    plans.mkdir()
    for p in sorted(CORPUS.glob("00[01]_*")):
        shutil.copy(p, plans)
    return plans


def _signed_here(monkeypatch) -> list[str]:
    """The source paths this process signs from here on (``reuse.plan_signature``); a forked
    worker appends to its own copy of the list, so only the parent's signing shows."""
    signed: list[str] = []
    real = reuse.plan_signature

    def counted(doc):
        signed.append(doc["source_path"])
        return real(doc)

    monkeypatch.setattr(reuse, "plan_signature", counted)
    return signed


def _plan_ids(out: Path) -> list[dict]:
    return pq.read_table(out / "documents.parquet", columns=["source_path", "plan_id"]).to_pylist()


def test_plan_signatures_are_made_where_the_files_are_read(tmp_path, monkeypatch):
    """The workers sign each file for plan grouping (side by side); the end of the run, in the
    parent, signs none of them again, and groups the renditions of a plan as before."""
    plans = _two_plans_in_three_formats(tmp_path)
    signed_here = _signed_here(monkeypatch)
    out = tmp_path / "ds"
    extract_dataset([plans], out, Options(workers=2, timeout=60, reuse=False))
    assert signed_here == []
    docs = _plan_ids(out)
    groups = {}
    for r in docs:
        groups.setdefault(r["plan_id"], set()).add(r["source_path"].split(".")[0])
    assert len(docs) == 6 and len(groups) == 2 and all(len(stems) == 1 for stems in groups.values())


def test_a_file_signed_nowhere_else_is_signed_at_the_end():
    """Rows resumed from an interrupted run or carried over from the previous snapshot come with
    no signature: across_plans signs them from their text, and gives the same plans."""
    a = {"doc_id": "a", "source_path": "a.txt", "source_format": "txt", "status": "ok",
         "text": "Kế hoạch thực hiện công tác bình đẳng giới năm 2026 trên địa bàn xã", "issue_date": None,
         "period_start": 2026, "period_end": 2026}
    b = dict(a, doc_id="b", source_path="b.docx", source_format="docx")
    c = dict(a, doc_id="c", source_path="c.txt", text="Báo cáo tổng kết phong trào thi đua khen thưởng của huyện")
    fresh = reuse.across_plans([a, b, c], reuse=False)
    known = {("a.txt", "a"): reuse.plan_signature(a)}
    mixed = reuse.across_plans([a, b, c], reuse=False, signatures=known)
    assert fresh.plan_of == mixed.plan_of
    assert fresh.plan_of["a"] == fresh.plan_of["b"] != fresh.plan_of["c"]


def test_plans_carried_over_are_not_signed_again(tmp_path, monkeypatch):
    """A rerun that adds a file carries the other plans over: their signatures come from the
    snapshot (``.plan-signatures.arrow``), not from signing their texts again in the parent
    (that was 5.7 of a 9.4 s rerun of 1,000 plans).  A snapshot whose signatures cannot be read
    has its plans signed from their texts, with the same plan ids."""
    from pipeline.store.dataset import SIGNATURES

    plans = _two_plans_in_three_formats(tmp_path)
    out = tmp_path / "ds"
    opts = Options(workers=2, timeout=60, reuse=False)
    extract_dataset([plans], out, opts)
    assert (out / SIGNATURES).is_file()
    signed_here = _signed_here(monkeypatch)
    added = sorted(CORPUS.glob("002_*.txt"))
    for p in added:
        shutil.copy(p, plans)
    m, _ = extract_dataset([plans], out, opts)
    assert (m["run"]["extracted"], m["run"]["carried_over"]) == (1, 6)
    assert signed_here == []
    ids = _plan_ids(out)
    fresh = tmp_path / "fresh"
    extract_dataset([plans], fresh, opts)
    want = _plan_ids(fresh)
    assert sorted(ids, key=str) == sorted(want, key=str) and len({r["plan_id"] for r in want}) == 3
    # a damaged signatures file: the carried plans are signed from their texts, the same plans
    (out / SIGNATURES).write_bytes(b"not arrow")
    (plans / added[0].name).unlink()
    m, _ = extract_dataset([plans], out, opts)
    assert m["run"]["carried_over"] == 6 and len(signed_here) == 6
    again = _plan_ids(out)
    assert sorted(again, key=str) == sorted([r for r in want if not r["source_path"].startswith("002_")], key=str)
