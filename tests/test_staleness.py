"""Staleness: past dates kept in a plan's tasks are flagged by one general rule, and only those."""
from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.run.worker import extract_file

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "corpus"

# What the rule must find in the seed plans — and nothing else.
EXPECTED = {
    "000_8aafd0e72540f134": [],  # Long Biên 2025: earlier years only in citations, "(sửa đổi) năm 2019", periods to 2027
    "001_e58caa9898b89ec4": [("năm 2023", 2023, "2024", "year_before_period", "Triển khai Tháng hành động")],
    "002_f21cf61eb0bffd5d": [],
    "003_514edecd79b4653f": [],  # Gò Vấp 2019-2020: "kết quả sơ kết … giai đoạn 2016- 2018" is a baseline
    "004_3d6bf184eeb54370": [("từ ngày 15/11-15/12/2025", 2025, "2026", "date_before_period", "Tham mưu UBND xã ban hành kế hoạch")],
}


@pytest.mark.parametrize("fmt", ["txt", "docx", "pdf"])
@pytest.mark.parametrize("stem", sorted(EXPECTED))
def test_corpus_flags(stem, fmt):
    ex = extract_file(CORPUS / f"{stem}.{fmt}")
    got = [(f.surface, f.year, f.plan_period, f.reason) for f in ex.staleness]
    assert got == [e[:4] for e in EXPECTED[stem]]
    for f, e in zip(ex.staleness, EXPECTED[stem]):
        assert ex.doc.text[f.char_start:f.char_end] == f.surface
        assert f.surface in f.sentence and f.sentence.startswith(e[4])
        assert f.section and f.section.startswith(("II", "III"))


def test_the_corpus_has_earlier_years_that_are_not_flagged():
    """The plans name plenty of earlier years (citations, periods, baselines): the rule must pass them."""
    texts = {s: (CORPUS / f"{s}.txt").read_text(encoding="utf-8") for s in EXPECTED}
    for stem, surface in [("004_3d6bf184eeb54370", "ngày 03/3/2021"),  # a cited resolution's date
                          ("001_e58caa9898b89ec4", "ngày 15/9/2021"),  # a cited plan's date
                          ("001_e58caa9898b89ec4", "giai đoạn 2021-2025"),  # a period that includes 2024
                          ("003_514edecd79b4653f", "giai đoạn 2016- 2018"),  # baseline: "kết quả sơ kết"
                          ("000_8aafd0e72540f134", "(sửa đổi) năm 2019")]:  # the year of a cited code
        assert surface in texts[stem]
        flags = extract_file(CORPUS / f"{stem}.txt").staleness
        assert not any(surface.endswith(f.surface) or f.surface in surface for f in flags), (stem, surface)


PLAN_2026 = [
    "ỦY BAN NHÂN DÂN XÃ AN HÒA",
    "Số: 12/KH-UBND An Hòa, ngày 10 tháng 01 năm 2026",
    "KẾ HOẠCH",
    "Thực hiện công tác bình đẳng giới và vì sự tiến bộ của phụ nữ năm 2026",
    "Căn cứ Nghị quyết số 28/NQ-CP ngày 03/3/2021 của Chính phủ ban hành Chiến lược quốc gia về bình đẳng giới "
    "giai đoạn 2021-2030; Kế hoạch số 45/KH-UBND ngày 20/12/2025 của UBND huyện;",
    "I. NHIỆM VỤ",
    "1. Tổ chức triển khai Chiến lược quốc gia về bình đẳng giới giai đoạn 2021-2030 trên địa bàn xã.",
    "2. Tổ chức các hoạt động kỷ niệm 116 năm ngày Quốc tế Phụ nữ (08/3/1910 - 08/3/2026).",
    "3. Tuyên truyền về truyền thống Hội nhân ngày thành lập Hội Liên hiệp Phụ nữ Việt Nam (20/10/1930).",
    "4. Trên cơ sở kết quả thực hiện năm 2025, tiếp tục nâng cao chất lượng hoạt động của Ban Vì sự tiến bộ của phụ nữ.",
    "5. Tuyên truyền Luật Bình đẳng giới năm 2006 trên hệ thống truyền thanh xã.",
    "6. Tổ chức Tháng hành động vì bình đẳng giới và phòng ngừa, ứng phó với bạo lực trên cơ sở giới năm 2025.",
    "7. Tổ chức các hoạt động kỷ niệm 115 năm ngày Quốc tế Phụ nữ (08/3/1910 - 08/3/2025).",
    "8. Các đơn vị báo cáo kết quả thực hiện về UBND xã trước ngày 15/11/2025.",
    "9. Tổ chức hội nghị tổng kết công tác bình đẳng giới năm 2026 vào tháng 12 năm 2026.",
]


def test_the_rule_on_a_plan_that_mixes_stale_and_legitimate_years(tmp_path):
    path = tmp_path / "an_hoa_2026.txt"
    path.write_text("\n\n".join(PLAN_2026) + "\n", encoding="utf-8")
    ex = extract_file(path)
    assert ex.meta.period_start == 2026
    got = {(f.surface, f.year, f.reason) for f in ex.staleness}
    assert got == {
        ("năm 2025", 2025, "year_before_period"),  # 6: an action month kept from 2025
        ("08/3/1910 - 08/3/2025", 2025, "date_before_period"),  # 7: an anniversary span is judged by its later year
        ("ngày 15/11/2025", 2025, "date_before_period"),  # 8: a deadline already past, "kết quả" or not
    }
    sentences = " ".join(f.sentence for f in ex.staleness)
    # not flagged: citation dates (03/3/2021, 20/12/2025), a period including 2026, the 1910 and 1930 history,
    # the baseline "kết quả thực hiện năm 2025", the law's own year "năm 2006"
    for line in (4, 6, 7, 8, 9, 10, 14):
        assert PLAN_2026[line][3:40] not in sentences, PLAN_2026[line]
    for line in (11, 12, 13):
        assert PLAN_2026[line][3:40] in sentences, PLAN_2026[line]
    for f in ex.staleness:
        assert ex.doc.text[f.char_start:f.char_end] == f.surface and f.plan_period == "2026"
