"""Sentences taken from the seed plans, each with the exact records the extractors must give."""
from __future__ import annotations

import pytest

from extractors import assignments, citations, dates, meta, targets
from extractors.context import build
from pipeline.models import Block, RawDoc
from pipeline.text.normalize import normalize


def ctx_of(*lines: str):
    return build(normalize(RawDoc([Block(l) for l in lines], "txt")))


def body(sentence: str, heading: str = "II. NỘI DUNG THỰC HIỆN"):
    return ctx_of("KẾ HOẠCH", "Thực hiện công tác bình đẳng giới năm 2025", heading, sentence)


CITATIONS = [
    ("- Tiếp tục tổ chức triển khai thực hiện hiệu quả Quyết định số 938/QĐ-TTg ngày 30/6/2017 của Thủ tướng chính phủ về phê duyệt Đề án",
     [("Quyết định", "938/QĐ-TTg", None, "2017-06-30", "Thủ tướng chính phủ", "implements")]),
    ("Thực hiện kế hoạch số 07/KH-UBND của UBND Thành phố Hà Nội ngày 06/01/2025 về việc triển khai thực hiện công tác bình đẳng giới",
     [("Kế hoạch", "07/KH-UBND", None, "2025-01-06", "Ủy ban nhân dân Thành phố Hà Nội", "implements")]),
    ("Căn cứ Luật Bình đẳng giới số 73/2006/QH11; Nghị quyết số 28/NQ-CP, ngày 03/3/2021 của Chính phủ ban hành Chiến lược quốc gia",
     [("Luật", "73/2006/QH11", "Luật Bình đẳng giới", None, None, "basis"),
      ("Nghị quyết", "28/NQ-CP", None, "2021-03-03", "Chính phủ", "basis")]),
    ("Thực hiện Kế hoạch số 67/ KH-UBND ngày 14/02/2026 của UBND thành phố Hà Nội về triển khai",
     [("Kế hoạch", "67/KH-UBND", None, "2026-02-14", "Ủy ban nhân dân thành phố Hà Nội", "implements")]),
    ("Thực hiện Văn bản số 1405/UBND-KGVX, ngày 11/4/2024 của UBND tỉnh Phú Thọ về triển khai công tác bình đẳng giới; căn cứ Kế hoạch số 1647/KH-BVSTBPN ngày 15/9/2021 của Ban Vì sự tiến bộ của phụ nữ huyện Lâm Thao về việc thực hiện",
     [("Văn bản", "1405/UBND-KGVX", None, "2024-04-11", "Ủy ban nhân dân tỉnh Phú Thọ", "implements"),
      ("Kế hoạch", "1647/KH-BVSTBPN", None, "2021-09-15", "Ban Vì sự tiến bộ của phụ nữ huyện Lâm Thao", "basis")]),
    ("1. Triển khai nội dung Quyết định 1696/QĐ-TTg và Quyết định 178/QĐ-TTg, Quyết định số 565/QĐ-TTg và Quyết định số 668/QĐ-TTg của Thủ tướng Chính phủ, cụ thể:",
     [("Quyết định", n, None, None, "Thủ tướng Chính phủ", "implements") for n in ("1696/QĐ-TTg", "178/QĐ-TTg", "565/QĐ-TTg", "668/QĐ-TTg")]),
    ("- Hướng dẫn quản lý, sử dụng kinh phí theo Thông tư số 191/2009/TT-BTC ngày 01/10/2009 của Bộ Tài chính; Thông tư số 56/2012/TTLT-BTC-BLĐTBXH ngày 09/4/2012.",
     [("Thông tư", "191/2009/TT-BTC", None, "2009-10-01", "Bộ Tài chính", "mentions"),
      ("Thông tư", "56/2012/TTLT-BTC-BLĐTBXH", None, "2012-04-09", None, "mentions")]),
    ("- Tiếp tục tuyên truyền Luật Bình đẳng giới, Luật Phòng, chống bạo lực gia đình, Luật Phòng, chống mua bán người,... thông qua hệ thống đài truyền thanh phường",
     [("Luật", None, "Luật Bình đẳng giới", None, None, "mentions"),
      ("Luật", None, "Luật Phòng, chống bạo lực gia đình", None, None, "mentions"),
      ("Luật", None, "Luật Phòng, chống mua bán người", None, None, "mentions")]),
    # not citations: strategies and programmes without a number, generic lower-case phrases
    ("Triển khai thực hiện Chiến lược quốc gia về bình đẳng giới giai đoạn 2021-2030 và các hành vi vi phạm luật bình đẳng giới", []),
    ("Chỉ tiêu 2: Tăng tỷ lệ lao động nữ đạt 50%; Mục tiêu 1: Trong lĩnh vực chính trị", []),
]


@pytest.mark.parametrize("sentence,expected", CITATIONS)
def test_citations(sentence, expected):
    ctx = body(sentence)
    got = [(c.type, c.number, c.name, c.date, c.issuer, c.relation) for c in citations.extract(ctx)]
    assert got == expected


def test_footnote_gives_the_number_of_a_body_citation():
    ctx = build(normalize(RawDoc([
        Block("KẾ HOẠCH"), Block("Triển khai thực hiện Chiến lược quốc gia về bình đẳng giới trên địa bàn phường Nguyễn Trãi năm 2025"),
        Block("Thực hiện Kế hoạch của Ủy ban nhân dân Thành phố về việc triển khai thực hiện Chiến lược quốc gia về bình đẳng giới trên địa bàn Thành phố Kon Tum năm 2025¹. Ủy ban nhân dân phường ban hành Kế hoạch"),
        Block("I. MỤC ĐÍCH, YÊU CẦU."),
        Block("¹. Kế hoạch số 62/KH-UBND ngày 02/4/2025 của UBND thành phố về triển khai thực hiện Chiến lược", kind="footnote"),
    ], "txt")))
    cits = citations.extract(ctx)
    first = cits[0]
    assert (first.type, first.number, first.date, first.issuer, first.relation, first.section) == (
        "Kế hoạch", "62/KH-UBND", "2025-04-02", "Ủy ban nhân dân Thành phố", "implements", "preamble")
    assert {c.cited_key for c in cits} == {first.cited_key}  # the footnote is a mention of the same document
    assert cits[1].section == "footnote ¹"


DATES = [
    ("- Tổ chức, triển khai Tháng Hành động vì Bình đẳng giới và phòng, chống bạo lực trên cơ sở giới từ ngày 15/11-15/12/2025 với mục tiêu hiệu quả",
     [("2025-11-15/2025-12-15", "period")]),
    ("gửi về quận (qua Phòng Lao động - TB&XH quận) trước ngày 15/02/2025.", [("2025-02-15", "deadline")]),
    ("trước ngày 05 tháng 11 hàng năm gửi dự thảo dự kiến nội dung", [("XXXX-11-05", "deadline")]),
    ("(4) Tổ chức diễn đàn, sự kiện truyền thông trong “Tháng hành động vì bình đẳng giới” từ ngày 15 tháng 11 đến 15 tháng 12 hàng năm.",
     [("XXXX-11-15/XXXX-12-15", "period")]),
    ("Nhân các ngày kỷ niệm Quốc tế phụ nữ 8/3, Ngày Quốc tế hạnh phúc 20/3, Ngày gia đình Việt Nam 28/6 và Tháng hành động vì bình đẳng giới (15/11–15/12), xã tổ chức",
     [("XXXX-03-08", "event"), ("XXXX-03-20", "event"), ("XXXX-06-28", "event"), ("XXXX-11-15/XXXX-12-15", "period")]),
    ("+ Cấp phường: Thực hiện sơ kết vào tháng 10 năm 2020;", [("2020-10", "deadline")]),
    ("Chỉ thị số 21-CT/TW ngày 20/01/2018 của Ban Bí thư về tiếp tục đẩy mạnh công tác phụ nữ", [("2018-01-20", "citation")]),
    ("kỷ niệm 113 năm ngày Quốc tế Phụ nữ (08/3/1910 - 08/3/2023)", [("1910-03-08", "event"), ("2023-03-08", "event")]),
    # not dates: ratios and bare years
    ("Tỷ số giới tính khi sinh ở mức 100 bé trai/100 bé gái; giai đoạn 2021-2030; năm 2025", []),
]


@pytest.mark.parametrize("sentence,expected", DATES)
def test_dates(sentence, expected):
    ctx = body(sentence)
    got = [(d.value, d.kind) for d in dates.extract(ctx, citations.spans(citations.extract(ctx)))]
    assert got == expected


TARGETS = [
    ("- Phần đầu có 40% nữ tham gia lãnh đạo, quản lý; duy trì số lượng nữ tham gia Lãnh đạo ở các đoàn thể đạt trên 50%;",
     "1. Mục tiêu 1: Trong lĩnh vực chính trị:",
     [(40.0, "%", ">=", "politics"), (50.0, "%", ">=", "politics")]),
    ("- Chỉ tiêu 2: Giảm tỷ trọng lao động nữ làm việc trong khu vực nông nghiệp trong tổng số lao động nữ có việc làm xuống còn 50%.",
     "2. Mục tiêu 2: Trong lĩnh vực kinh tế, lao động", [(50.0, "%", "<=", "economy_labor")]),
    ("- Chỉ tiêu 1: Giảm số giờ trung bình làm công việc nội trợ và chăm sóc trong gia đình không được trả công của phụ nữ còn 1,5 lần so với nam giới.",
     "3. Mục tiêu 3: Trong đời sống gia đình và phòng ngừa, ứng phó với bạo lực trên cơ sở giới:", [(1.5, "lần", "<=", "family_gbv")]),
    ("- Chỉ tiêu 1: Tỷ số giới tính khi sinh ở mức 100 bé trai/100 bé gái sinh ra sống.", "4. Mục tiêu 4: Trong lĩnh vực y tế.",
     [(100.0, "bé trai/100 bé gái", "=", "health")]),
    ("- Chỉ tiêu 3: Tỷ suất sinh ở vị thành niên giảm 00‰.", "4. Mục tiêu 4: Trong lĩnh vực y tế.", [(0.0, "‰", "<=", "health")]),
    ("- Chỉ tiêu 3: Duy trì, phần đầu mỗi quý có ít nhất 03 tin, bài về bình đẳng giới trên hệ thống thông tin cơ sở.",
     "6. Mục tiêu 6: Trong lĩnh vực thông tin, truyền thông.", [(3.0, "tin, bài", ">=", "information")]),
    ("1.1.1. Mục tiêu: Đến cuối năm 2020 đạt 70% cán bộ, công chức, viên chức; 50% người dân trên địa bàn quận được truyền thông nâng cao nhận thức về bình đẳng giới.",
     "1.1. Truyền thông nâng cao nhận thức, thay đổi hành vi về bình đẳng giới", [(70.0, "%", "=", "information"), (50.0, "%", "=", "information")]),
    # not targets: counts of places, durations, numbering, baselines
    ("- Tổ chức giao ban định kỳ 6 tháng tại 186 khu phố và 16 phường theo mô hình chính quyền 02 cấp; năm 2020 đạt 32,7%.",
     "1. Mục tiêu 1: Trong lĩnh vực chính trị:", []),
]


@pytest.mark.parametrize("sentence,heading,expected", TARGETS)
def test_targets(sentence, heading, expected):
    ctx = ctx_of("KẾ HOẠCH", "Thực hiện công tác bình đẳng giới năm 2025", "II. MỤC TIÊU, CHỈ TIÊU CỤ THỂ.", heading, sentence)
    got = [(t.value, t.unit, t.comparator, t.domain) for t in targets.extract(ctx, 2025)]
    assert got == expected


def test_target_deadline_is_stated_year_else_period_end():
    ctx = body("1.1.1. Mục tiêu: Đến cuối năm 2020 đạt 70% cán bộ; Tỷ lệ nữ giám đốc phần đầu đạt 70%.")
    assert [t.deadline for t in targets.extract(ctx, 2025)] == ["2020", "2020"]
    ctx = body("- Chỉ tiêu 1: Phần đầu đạt 80% người dân được tiếp cận kiến thức cơ bản về bình đẳng giới.")
    assert [(t.deadline, t.indicator) for t in targets.extract(ctx, 2025)] == [
        ("2025", "người dân được tiếp cận kiến thức cơ bản về bình đẳng giới")]


ORG = "III. TỔ CHỨC THỰC HIỆN"
ASSIGNMENTS = [
    (["1. Phòng Lao động TB&XH quận (Cơ quan thường trực Ban vì sự tiến bộ của Phụ nữ quận)",
      "- Phối hợp với Hội liên hiệp phụ nữ tổ chức các hoạt động học tập trao đổi kinh nghiệm"],
     [("Phòng Lao động - Thương binh và Xã hội", "LABOUR_SOCIAL", "lead"), ("Phòng Lao động - Thương binh và Xã hội", "LABOUR_SOCIAL", "standing"),
      ("Hội Liên hiệp Phụ nữ", "WOMEN_UNION", "coordinate")]),
    (["3. Phòng Văn hoá và Thông tin; Trung tâm Văn hóa - Thể thao- Du lịch và Truyền thông huyện"],
     [("Phòng Văn hóa và Thông tin", "CULTURE_INFO", "lead"), ("Trung tâm Văn hóa - Thể thao - Du lịch và Truyền thông", "CULTURE_SPORT_CENTRE", "lead")]),
    (["7. Đề nghị Ủy ban Mặt trận Tổ quốc Việt Nam huyện, Hội Liên hiệp phụ nữ huyện và các tổ chức thành viên của Ủy ban Mặt trận Tổ quốc Việt Nam huyện"],
     [("Ủy ban Mặt trận Tổ quốc Việt Nam", "FATHERLAND_FRONT", "requested"), ("Hội Liên hiệp Phụ nữ", "WOMEN_UNION", "requested")]),
    (["2. Các phòng ban, đơn vị, đoàn thể quận và Ủy ban nhân dân 16 phường:"],
     [("Ủy ban nhân dân các phường", "LOWER_PEOPLES_COMMITTEES", "lead")]),
    (["6. Các phòng, ban, ngành có liên quan, các thành viên Ban vì sự tiến bộ phụ nữ huyện"], []),
    (["7. Trưởng các thôn", "8. Các đơn vị trường học trực thuộc", "4. Công an xã"],
     [("Trưởng các thôn", "VILLAGE_HEADS", "lead"), ("Các đơn vị trường học trực thuộc", "SCHOOLS", "lead"), ("Công an", "POLICE", "lead")]),
    (["5. Phòng Nội vụ chủ trì, phối hợp với Phòng Lao động - Thương binh và Xã hội hướng dẫn 16 phường và các đơn vị liên quan bố trí đủ biên chế"],
     [("Phòng Nội vụ", "HOME_AFFAIRS", "lead"), ("Phòng Lao động - Thương binh và Xã hội", "LABOUR_SOCIAL", "coordinate")]),
]


@pytest.mark.parametrize("lines,expected", ASSIGNMENTS)
def test_assignments_in_organisation_part(lines, expected):
    ctx = ctx_of("KẾ HOẠCH", "Thực hiện công tác bình đẳng giới năm 2025", ORG, *lines)
    got = [(a.agency, a.agency_code, a.role) for a in assignments.extract(ctx)]
    assert got == expected


@pytest.mark.parametrize("line,expected", [
    ("- Cơ quan thực hiện: Ủy ban nhân dân Phường 10, Phường 14 chủ trì, phối hợp với Hội Liên hiệp phụ nữ quận, Quận Đoàn, và các đơn vị có liên quan.",
     [("Ủy ban nhân dân Phường 10", "lead"), ("Ủy ban nhân dân Phường 14", "lead"), ("Hội Liên hiệp Phụ nữ", "coordinate"),
      ("Đoàn Thanh niên Cộng sản Hồ Chí Minh", "coordinate")]),
    ("- Cơ quan thực hiện: Đề nghị Ban Tuyên giáo Quận ủy chủ trì, phối hợp cấp ủy Đảng các cấp và các đơn vị có liên quan.",
     [("Ban Tuyên giáo Quận ủy", "requested")]),
    ("duy trì cơ chế phối hợp giữa Phòng Văn hóa – Xã hội, Công an xã, Hội Liên hiệp Phụ nữ", []),  # outside the scope
])
def test_assignments_in_executor_lines(line, expected):
    ctx = body(line)
    assert [(a.agency, a.role) for a in assignments.extract(ctx)] == expected


def test_meta_from_a_commune_header_with_blanks():
    ctx = ctx_of("ỦY BAN NHÂN DÂN CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "XÃ HƯNG ĐẠO Độc lập - Tự do - Hạnh phúc",
                 "Số: /KH-UBND Hưng Đạo, ngày tháng năm 2026", "KẾ HOẠCH",
                 "Triển khai thực hiện công tác bình đẳng giới và vì sự tiến bộ của phụ nữ",
                 "trên địa bàn xã Hưng Đạo năm 2026",
                 "Thực hiện Kế hoạch số 67/ KH-UBND ngày 14/02/2026 của UBND thành phố Hà Nội về triển khai",
                 "I. MỤC ĐÍCH, YÊU CẦU", "Nơi nhận:", "- Lưu: VT.", "TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Đỗ Hồng Sơn")
    m = meta.extract(ctx)
    assert (m.doc_type, m.doc_number, m.doc_symbol, m.issue_date, m.issuer) == (
        "Kế hoạch", None, "KH-UBND", "2026", "Ủy ban nhân dân xã Hưng Đạo")
    assert (m.locality_name, m.locality_type, m.locality_level, m.province, m.period) == (
        "Hưng Đạo", "xã", "commune", "Hà Nội", "2026")
    assert (m.signer_name, m.signer_title) == ("Đỗ Hồng Sơn", "Phó Chủ tịch")


@pytest.mark.parametrize("title,expected", [
    ("Triển khai thực hiện công tác bình đẳng giới trên địa bàn Quận 3 năm 2019", ("Quận 3", "quận", "district")),
    ("Kế hoạch thực hiện công tác bình đẳng giới của Phường 9 năm 2018", ("Phường 9", "phường", "commune")),
    ("Thực hiện công tác bình đẳng giới, vì sự tiến bộ của phụ nữ trên địa bàn quận Long Biên năm 2025",
     ("Long Biên", "quận", "district")),
])
def test_locality_named_by_a_number_keeps_it(title, expected):
    m = meta.extract(ctx_of("KẾ HOẠCH", title, "I. MỤC ĐÍCH, YÊU CẦU"))
    assert (m.locality_name, m.locality_type, m.locality_level) == expected
