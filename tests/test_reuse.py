"""Reuse: sentences found (nearly) verbatim in another plan; renditions of one plan never count."""
from __future__ import annotations

from pipeline import reuse
from pipeline.sentences import spans

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
    shares = reuse.shares(docs, rows)
    assert shares["d"] == (2, 4)  # title, two copies, the Y tế sentence; "Đúng hạn." is too short to compare
    assert shares["p"][0] == 2


def test_renditions_of_one_plan_are_not_reuse():
    docx_text = DISTRICT.replace("năm 2025", "năm 2025 ").replace("Đúng hạn.", "Đúng hạn!")  # a rendition reads a bit differently
    docs = [doc("t", "huyen/lam_thao_2024.txt", DISTRICT), doc("x", "huyen/lam_thao_2024.docx", docx_text, "docx"),
            doc("copy", "elsewhere/same_text.txt", DISTRICT)]  # same text under another name: the same plan
    assert reuse.rows(docs) == []
    assert len(set(reuse.plan_groups(docs).values())) == 1


def test_every_rendition_is_compared_with_the_other_plan_representative():
    docs = [doc("p", "tinh/phu_tho_2024.txt", PROVINCE), doc("p-pdf", "tinh/phu_tho_2024.pdf", PROVINCE + "\n", "pdf"),
            doc("d", "huyen/lam_thao_2024.txt", DISTRICT), doc("d-docx", "huyen/lam_thao_2024.docx", DISTRICT, "docx")]
    rows = reuse.rows(docs)
    assert {r["other_doc_id"] for r in rows if r["doc_id"] in ("d", "d-docx")} == {"p"}  # txt stands for the plan
    assert {r["other_doc_id"] for r in rows if r["doc_id"] in ("p", "p-pdf")} == {"d"}
    same = lambda i: [(r["sentence_start"], r["other_start"], r["similarity"]) for r in rows if r["doc_id"] == i]
    assert same("d") == same("d-docx") and len(same("p-pdf")) == 2
