"""Targets parsed as clauses: real sentences of the development set (and a variant written for
each form: another body, another number, another order) with the exact records they give.

Each row: the lines under the heading ``II. MỤC TIÊU, CHỈ TIÊU`` (a row whose first line is a roman
heading brings its own), the plan's period end, and the records
``(value, value_max, unit, comparator, deadline, indicator)`` in text order.
"""
from __future__ import annotations

import re

import pytest

from extractors import targets
from extractors.context import build
from extractors.rules.lexicon import fold, load_yaml
from pipeline.models import Block, RawDoc
from pipeline.text.normalize import normalize

HEADING = "II. MỤC TIÊU, CHỈ TIÊU"


def ctx_of(lines: list[str]):
    head = [] if lines[0].startswith(("I.", "II.")) else [HEADING]
    return build(normalize(RawDoc([Block(l) for l in ["KẾ HOẠCH", "Thực hiện công tác bình đẳng giới",
                                                      *head, *lines]], "txt")))


def records(lines: list[str], period_end: int):
    return [(t.value, t.value_max, t.unit, t.comparator, t.deadline, t.indicator)
            for t in targets.extract(ctx_of(lines), period_end)]


ROWS = [
    pytest.param(['- Chỉ tiêu 1: Tỷ lệ lao động nữ làm công hưởng lương đạt 45% vào năm 2025 và 50% vào năm 2030.'], 2025,
                 [(45.0, None, '%', '=', '2025', 'lao động nữ làm công hưởng lương'), (50.0, None, '%', '=', '2030', 'lao động nữ làm công hưởng lương')], id='milestones'),
    pytest.param(['Tỷ lệ nữ có việc làm phi nông nghiệp đạt ít nhất 62% vào năm 2026 và 70% vào năm 2030.'], 2030,
                 [(62.0, None, '%', '>=', '2026', 'nữ có việc làm phi nông nghiệp'), (70.0, None, '%', '>=', '2030', 'nữ có việc làm phi nông nghiệp')], id='milestones_v'),
    pytest.param(['- Chỉ tiêu 1: Tỷ số giới tính khi sinh không vượt quá 110 bé trai/100 bé gái sinh ra sống vào năm 2025 và 109 vào năm 2030.'], 2025,
                 [(110.0, None, 'bé trai/100 bé gái', '<=', '2025', 'tỷ số giới tính khi sinh'), (109.0, None, 'bé trai/100 bé gái', '<=', '2030', 'tỷ số giới tính khi sinh')], id='milestones_unitless'),
    pytest.param(['Tỷ số giới tính khi sinh không quá 112 bé trai/100 bé gái vào năm 2027 và 110 vào năm 2030.'], 2030,
                 [(112.0, None, 'bé trai/100 bé gái', '<=', '2027', 'tỷ số giới tính khi sinh'), (110.0, None, 'bé trai/100 bé gái', '<=', '2030', 'tỷ số giới tính khi sinh')], id='milestones_unitless_v'),
    pytest.param(['Đến năm 2025 có 80% và đến năm 2030 có 100% cơ sở giáo dục nghề nghiệp trên địa bàn tỉnh có chương trình giảng dạy lồng ghép nội dung về giới, bình đẳng giới.'], 2025,
                 [(80.0, None, '%', '=', '2025', 'cơ sở giáo dục nghề nghiệp trên địa bàn tỉnh có chương trình giảng dạy lồng ghép nội dung về giới, bình đẳng giới'), (100.0, None, '%', '=', '2030', 'cơ sở giáo dục nghề nghiệp trên địa bàn tỉnh có chương trình giảng dạy lồng ghép nội dung về giới, bình đẳng giới')], id='milestones_before'),
    pytest.param(['Chỉ tiêu 1: Tỷ lệ nữ được đề bạt, bổ nhiệm giữ chức vụ lãnh đạo, quản lý cấp phòng và tương đương đạt 30%.'], 2023,
                 [(30.0, None, '%', '=', '2023', 'nữ được đề bạt, bổ nhiệm giữ chức vụ lãnh đạo, quản lý cấp phòng và tương đương')], id='chi_tieu'),
    pytest.param(['Chỉ tiêu 4: Tỷ lệ hộ gia đình ký cam kết không có bạo lực gia đình đạt 90% trở lên.'], 2026,
                 [(90.0, None, '%', '>=', '2026', 'hộ gia đình ký cam kết không có bạo lực gia đình')], id='chi_tieu_v'),
    pytest.param(['b) Có 90% cán bộ, công chức, viên chức và 60% người dân được tiếp cận thông tin về bình đẳng giới vào năm 2015.'], 2015,
                 [(90.0, None, '%', '=', '2015', 'cán bộ, công chức, viên chức'), (60.0, None, '%', '=', '2015', 'người dân được tiếp cận thông tin về bình đẳng giới')], id='two_indicators'),
    pytest.param(['Đến năm 2027, 85% đoàn viên thanh niên; 75% hội viên phụ nữ được truyền thông về phòng, chống bạo lực gia đình.'], 2030,
                 [(85.0, None, '%', '=', '2027', 'đoàn viên thanh niên'), (75.0, None, '%', '=', '2027', 'hội viên phụ nữ được truyền thông về phòng, chống bạo lực gia đình')], id='two_indicators_v'),
    pytest.param(['- Tăng tỷ lệ xã, phường có lãnh đạo chủ chốt là nữ từ 40,7% (năm 2020) lên 50%.'], 2025,
                 [(50.0, None, '%', '>=', '2025', 'xã, phường có lãnh đạo chủ chốt là nữ')], id='tang_tu_len'),
    pytest.param(['Nâng tỷ lệ lao động nữ qua đào tạo từ 38% năm 2023 lên 45%.'], 2026,
                 [(45.0, None, '%', '>=', '2026', 'lao động nữ qua đào tạo')], id='tang_tu_len_v'),
    pytest.param(['- Tỷ lệ nữ trong quy hoạch các chức danh lãnh đạo, quản lý thuộc diện Ban Thường vụ Thị ủy quản lý đạt từ 30% đến 35%.'], 2025,
                 [(30.0, 35.0, '%', '=', '2025', 'nữ trong quy hoạch các chức danh lãnh đạo, quản lý thuộc diện Ban Thường vụ Thị ủy quản lý')], id='range'),
    pytest.param(['Tổ chức 10 - 12 lớp tập huấn về bình đẳng giới cho cán bộ cấp xã và trưởng bản.'], 2024,
                 [(10.0, 12.0, 'lớp tập huấn', '=', '2024', 'lớp tập huấn về bình đẳng giới cho cán bộ cấp xã và trưởng bản')], id='range_v'),
    pytest.param(['4. Giảm 10% số vụ bạo lực gia đình so với năm trước (năm 2015 trên địa bàn thị trấn xảy ra 19 vụ).'], 2016,
                 [(10.0, None, '%', '=', '2016', 'giảm số vụ bạo lực gia đình so với năm trước')], id='reduction_amount'),
    pytest.param(['a) Giảm bình quân 2 - 3%/năm số cặp tảo hôn và 3 - 5%/năm số cặp kết hôn cận huyết thống.'], 2025,
                 [(2.0, 3.0, '%', '=', '2025', 'giảm số cặp tảo hôn'), (3.0, 5.0, '%', '=', '2025', 'giảm số cặp kết hôn cận huyết thống')], id='reduction_amount_v'),
    pytest.param(['b) Giảm số vụ bạo lực gia đình tại các địa bàn có mô hình ít nhất 20% so với năm 2011.'], 2015,
                 [(20.0, None, '%', '>=', '2015', 'giảm số vụ bạo lực gia đình tại các địa bàn có mô hình')], id='reduction_least'),
    pytest.param(['Số vụ mua bán người giảm ít nhất 15% so với năm 2024.'], 2026,
                 [(15.0, None, '%', '>=', '2026', 'giảm số vụ mua bán người')], id='reduction_least_v'),
    pytest.param(['3. Tổ chức 02 buổi truyền thông trực tiếp về bình đẳng giới và phòng, chống bạo lực gia đình cho hội viên phụ nữ và nam giới.'], 2016,
                 [(2.0, None, 'buổi', '=', '2016', 'buổi truyền thông trực tiếp về bình đẳng giới và phòng, chống bạo lực gia đình cho hội viên phụ nữ và nam giới')], id='activity'),
    pytest.param(['- Tổ chức ít nhất 02 cuộc kiểm tra liên ngành việc thực hiện pháp luật về bình đẳng giới tại các xã, thị trấn.'], 2025,
                 [(2.0, None, 'cuộc kiểm tra', '>=', '2025', 'cuộc kiểm tra liên ngành việc thực hiện pháp luật về bình đẳng giới tại các xã, thị trấn')], id='activity_v'),
    pytest.param(['Treo ít nhất 150 băng rôn, 12 pa nô tại trụ sở cơ quan và các tuyến đường chính.'], 2024,
                 [(150.0, None, 'băng rôn', '>=', '2024', 'băng rôn'), (12.0, None, 'pa nô', '>=', '2024', 'pa nô tại trụ sở cơ quan và các tuyến đường chính')], id='activity_v2'),
    pytest.param(['2.1. Phấn đấu đến năm 2023:', 'a) 100% xã, phường bố trí công chức phụ trách công tác bình đẳng giới; mỗi công chức được tập huấn nghiệp vụ ít nhất 01 lần.', 'b) Tỷ lệ người bị bạo lực gia đình được phát hiện được tiếp cận ít nhất một trong các dịch vụ hỗ trợ cơ bản đạt 70%.', '2.2. Phấn đấu đến năm 2025:', '- Tỷ lệ lao động nữ làm việc trong khu vực nông, lâm nghiệp và thủy sản giảm bình quân 2%/năm.', '- Tỷ số giới tính khi sinh không quá 110 bé trai/100 bé gái sinh ra sống.'], 2025,
                 [(100.0, None, '%', '>=', '2023', 'xã, phường bố trí công chức phụ trách công tác bình đẳng giới'), (1.0, None, 'lần', '>=', '2023', 'lần mỗi công chức được tập huấn nghiệp vụ'), (70.0, None, '%', '>=', '2023', 'người bị bạo lực gia đình được phát hiện được tiếp cận ít nhất một trong các dịch vụ hỗ trợ cơ bản'), (2.0, None, '%', '>=', '2025', 'giảm lao động nữ làm việc trong khu vực nông, lâm nghiệp và thủy sản'), (110.0, None, 'bé trai/100 bé gái', '<=', '2025', 'tỷ số giới tính khi sinh')], id='leadin'),
    pytest.param(['Năm 2025, toàn huyện ghi nhận 30 vụ bạo lực gia đình; tỷ lệ sinh con tại cơ sở y tế đạt 79%. Trên cơ sở đó, năm 2026 phấn đấu thực hiện các chỉ tiêu sau:', '1. Lĩnh vực y tế: tỷ lệ phụ nữ sinh con tại cơ sở y tế đạt 85%; giảm tỷ lệ tảo hôn xuống còn 10%.', '2. Lĩnh vực thông tin, truyền thông: Tổ chức 12 buổi truyền thông trực tiếp tại các thôn.'], 2026,
                 [(85.0, None, '%', '>=', '2026', 'phụ nữ sinh con tại cơ sở y tế'), (10.0, None, '%', '<=', '2026', 'tỷ lệ tảo hôn'), (12.0, None, 'buổi', '>=', '2026', 'buổi truyền thông trực tiếp tại các thôn')], id='leadin_v'),
    pytest.param(['II. CHỈ TIÊU NĂM 2025', '- Tỷ lệ cán bộ nữ giữ chức danh lãnh đạo, quản lý đạt 30%.'], 2025,
                 [(30.0, None, '%', '=', '2025', 'cán bộ nữ giữ chức danh lãnh đạo, quản lý')], id='plain_heading'),
    pytest.param(['- Chỉ tiêu 3: Tỷ lệ nạn nhân bị mua bán trở về được phát hiện có nhu cầu hỗ trợ được hưởng các dịch vụ hỗ trợ và tái hòa nhập cộng đồng đạt 100% vào năm 2025 và duy trì đến năm 2030.'], 2025,
                 [(100.0, None, '%', '=', '2025', 'nạn nhân bị mua bán trở về được phát hiện có nhu cầu hỗ trợ được hưởng các dịch vụ hỗ trợ và tái hòa nhập cộng đồng'), (100.0, None, '%', '=', '2030', 'nạn nhân bị mua bán trở về được phát hiện có nhu cầu hỗ trợ được hưởng các dịch vụ hỗ trợ và tái hòa nhập cộng đồng')], id='keep_then'),
    pytest.param(['Tỷ lệ trường học có phòng tư vấn học đường đạt 100% vào năm 2027 và duy trì đến năm 2030.'], 2030,
                 [(100.0, None, '%', '=', '2027', 'trường học có phòng tư vấn học đường'), (100.0, None, '%', '=', '2030', 'trường học có phòng tư vấn học đường')], id='keep_then_v'),
    pytest.param(['2. Tổ chức 01 buổi nói chuyện chuyên đề cho hội viên phụ nữ và nam giới tại nhà văn hoá thôn trong Quý III/2012.'], 2012,
                 [(1.0, None, 'buổi', '=', '2012-07/2012-09', 'buổi nói chuyện chuyên đề cho hội viên phụ nữ và nam giới tại nhà văn hoá thôn')], id='quarter'),
    pytest.param(['Tổ chức 03 lớp tập huấn kỹ năng lồng ghép giới cho cán bộ xã trong Quý 2/2026.'], 2026,
                 [(3.0, None, 'lớp tập huấn', '=', '2026-04/2026-06', 'lớp tập huấn kỹ năng lồng ghép giới cho cán bộ xã')], id='quarter_v'),
    pytest.param(['- Chỉ tiêu 9: 100% công chức cấp xã được giao phụ trách công tác bình đẳng giới được tập huấn nghiệp vụ trước ngày 30/6/2026.'], 2026,
                 [(100.0, None, '%', '=', '2026-06-30', 'công chức cấp xã được giao phụ trách công tác bình đẳng giới được tập huấn nghiệp vụ')], id='day'),
    pytest.param(['Năm 2023, toàn tỉnh ghi nhận 46 vụ bạo lực gia đình; tỷ lệ tảo hôn vẫn ở mức 21,4%; tỷ lệ phụ nữ sinh con tại cơ sở y tế đạt 81,3%.'], 2024,
                 [], id='baseline_year'),
    pytest.param(['Tỷ lệ phụ nữ sinh con tại cơ sở y tế năm 2020 mới đạt 61,5%; tỷ số giới tính khi sinh vẫn ở mức 111,8 bé trai/100 bé gái.'], 2025,
                 [], id='baseline_year_v'),
    pytest.param(['I. THỰC TRẠNG CÔNG TÁC BÌNH ĐẲNG GIỚI', 'Tỷ lệ nữ tham gia cấp ủy đạt 21,4%; trên 90% dân số được tiếp cận thông tin.', 'II. MỤC TIÊU', 'Tỷ lệ nữ tham gia cấp ủy đạt 25%.'], 2025,
                 [(25.0, None, '%', '=', '2025', 'nữ tham gia cấp ủy')], id='baseline_section'),
    pytest.param(['Thăm hỏi 20 nạn nhân, mỗi suất 500.000 đồng; tổng đài 111; lao động nữ dưới 45 tuổi; nhiệm kỳ 2026 - 2031; 16 phường, 186 khu phố; định kỳ 6 tháng.'], 2025,
                 [], id='not_targets'),
    pytest.param(['- Tỷ lệ phụ nữ mang thai được khám thai ít nhất 04 lần trong thai kỳ đạt 90%.', 'c) Phấn đấu đến năm 2015 có 100% cơ quan, đơn vị có tỷ lệ nữ từ 30% trở lên có lãnh đạo chủ chốt là nữ.'], 2015,
                 [(90.0, None, '%', '=', '2015', 'phụ nữ mang thai được khám thai ít nhất 04 lần trong thai kỳ'), (100.0, None, '%', '>=', '2015', 'cơ quan, đơn vị có tỷ lệ nữ từ 30% trở lên có lãnh đạo chủ chốt là nữ')], id='nested'),
    # a share after "có [tỷ lệ …] từ" says which groups the value before it counts (predicate_links, share_nouns)
    pytest.param(['c) Phấn đấu đến năm 2028 có 90% trường học có tỷ lệ giáo viên nữ từ 50% trở lên trong ban giám hiệu.'], 2030,
                 [(90.0, None, '%', '>=', '2028', 'trường học có tỷ lệ giáo viên nữ từ 50% trở lên trong ban giám hiệu')], id='group_share_v'),
    pytest.param(['Đến năm 2027, 80% xã, thị trấn có từ 35% cán bộ, công chức nữ trở lên.'], 2030,
                 [(80.0, None, '%', '=', '2027', 'xã, thị trấn có từ 35% cán bộ, công chức nữ')], id='group_share_v2'),
    pytest.param(['2. Lĩnh vực kinh tế, lao động: Giải quyết việc làm mới cho 9.500 lao động, trong đó lao động nữ chiếm 45% trở lên; đào tạo nghề cho 4.200 người, trong đó nữ chiếm ít nhất 40%.'], 2024,
                 [(9500.0, None, 'lao động', '=', '2024', 'lao động giải quyết việc làm mới'), (45.0, None, '%', '>=', '2024', 'lao động nữ'), (4200.0, None, 'người', '=', '2024', 'người đào tạo nghề'), (40.0, None, '%', '>=', '2024', 'nữ')], id='count_share'),
    pytest.param(['Tạo việc làm mới cho khoảng 1.200 lao động, trong đó nữ chiếm 50%.'], 2026,
                 [(1200.0, None, 'lao động', '=', '2026', 'lao động tạo việc làm mới'), (50.0, None, '%', '=', '2026', 'nữ')], id='count_share_v'),
    pytest.param(['| TT | Chỉ tiêu | Đơn vị tính | Thực hiện năm 2020 | Kế hoạch giai đoạn 2021 - 2025 | | |', '| | | | | 2021 | 2022 | 2023 |', '| 1 | Số lao động nữ được hỗ trợ đào tạo nghề | người | 3.150 | 3.200 | 3.300 | 3.400 |'], 2025,
                 [(3200.0, None, 'người', '=', '2021', 'lao động nữ được hỗ trợ đào tạo nghề'), (3300.0, None, 'người', '=', '2022', 'lao động nữ được hỗ trợ đào tạo nghề'), (3400.0, None, 'người', '=', '2023', 'lao động nữ được hỗ trợ đào tạo nghề')], id='table'),
    pytest.param(['| STT | Chỉ tiêu | Năm 2025 | Năm 2030 |', '| 1 | Số giờ trung bình làm công việc nội trợ của phụ nữ so với nam giới (lần) | ≤ 1,7 | ≤ 1,4 |', '| 2 | Tỷ lệ cặp tảo hôn trên tổng số cặp kết hôn (không quá) | 12% | 8% |'], 2030,
                 [(1.7, None, 'lần', '<=', '2025', 'giờ trung bình làm công việc nội trợ của phụ nữ so với nam giới'), (1.4, None, 'lần', '<=', '2030', 'giờ trung bình làm công việc nội trợ của phụ nữ so với nam giới'), (12.0, None, '%', '<=', '2025', 'cặp tảo hôn trên tổng số cặp kết hôn'), (8.0, None, '%', '<=', '2030', 'cặp tảo hôn trên tổng số cặp kết hôn')], id='table_v'),
    pytest.param(['| Nguồn kinh phí | 2013 | 2014 | 2015 |', '| Ngân sách tỉnh | 200 | 250 | 300 |'], 2015,
                 [], id='table_budget'),
    pytest.param(['Thăm, tặng quà 200 phụ nữ, trẻ em gái có hoàn cảnh khó khăn, nạn nhân bạo lực.'], 2019,
                 [(200.0, None, 'phụ nữ, trẻ em gái', '=', '2019', 'phụ nữ, trẻ em gái có hoàn cảnh khó khăn, nạn nhân bạo lực')], id='gift'),
    pytest.param(['Đài truyền thanh xã phát ít nhất 02 tin, bài mỗi tuần bằng tiếng Việt và tiếng Khmer.'], 2025,
                 [(2.0, None, 'tin, bài', '>=', '2025', 'tin, bài mỗi tuần bằng tiếng Việt và tiếng Khmer')], id='frequency'),
    pytest.param(['Giảm tỷ số tử vong mẹ liên quan đến thai sản xuống còn 40/100.000 trẻ đẻ sống vào năm 2015.'], 2015,
                 [(40.0, None, '/100.000 trẻ đẻ sống', '<=', '2015', 'tỷ số tử vong mẹ liên quan đến thai sản')], id='rate'),
    # a table whose cells a DOCX reader gives as "a | b | c" (no outer bars)
    pytest.param(['TT | Chỉ tiêu | ĐVT | Năm 2021 | Năm 2022 | Năm 2023', '1 | Tỷ lệ cặp tảo hôn trên tổng số cặp kết hôn trong năm (không quá) | % | 17 | 15 | 13', '2 | Số thôn duy trì mô hình can thiệp giảm thiểu tảo hôn | thôn | 2 | 3 | 4'], 2025,
                 [(17.0, None, '%', '<=', '2021', 'cặp tảo hôn trên tổng số cặp kết hôn trong năm'), (15.0, None, '%', '<=', '2022', 'cặp tảo hôn trên tổng số cặp kết hôn trong năm'), (13.0, None, '%', '<=', '2023', 'cặp tảo hôn trên tổng số cặp kết hôn trong năm'), (2.0, None, 'thôn', '=', '2021', 'thôn duy trì mô hình can thiệp giảm thiểu tảo hôn'), (3.0, None, 'thôn', '=', '2022', 'thôn duy trì mô hình can thiệp giảm thiểu tảo hôn'), (4.0, None, 'thôn', '=', '2023', 'thôn duy trì mô hình can thiệp giảm thiểu tảo hôn')], id='table_cells_docx'),
    # the same table from a PDF text layer: cells run together, label words on both sides
    pytest.param(['TT Chỉ tiêu Đơn vị Thực Kế hoạch giai đoạn 2021 - 2025 tính hiện 2021 2022 2023 năm', '2020', '1 Tỷ lệ xã, phường, thị % 52 60 70 80 trấn có cán bộ làm công tác bình đẳng giới được tập huấn nghiệp vụ', '2 Số lao động nữ được người 3.150 3.200 3.300 3.400 hỗ trợ đào tạo nghề', 'Phần III'], 2025,
                 [(60.0, None, '%', '=', '2021', 'xã, phường, thị trấn có cán bộ làm công tác bình đẳng giới được tập huấn nghiệp vụ'), (70.0, None, '%', '=', '2022', 'xã, phường, thị trấn có cán bộ làm công tác bình đẳng giới được tập huấn nghiệp vụ'), (80.0, None, '%', '=', '2023', 'xã, phường, thị trấn có cán bộ làm công tác bình đẳng giới được tập huấn nghiệp vụ'), (3200.0, None, 'người', '=', '2021', 'lao động nữ được hỗ trợ đào tạo nghề'), (3300.0, None, 'người', '=', '2022', 'lao động nữ được hỗ trợ đào tạo nghề'), (3400.0, None, 'người', '=', '2023', 'lao động nữ được hỗ trợ đào tạo nghề')], id='table_flat_pdf'),
    pytest.param(['TT Chỉ tiêu ĐVT Năm Năm', '2026 2027', '1 Số mô hình câu lạc bộ gia đình phát triển mô 4 6 bền vững', '2 Tỷ lệ hộ gia đình có bạo lực (không quá) % 3 2'], 2027,
                 [(4.0, None, 'mô hình', '=', '2026', 'mô hình câu lạc bộ gia đình phát triển bền vững'), (6.0, None, 'mô hình', '=', '2027', 'mô hình câu lạc bộ gia đình phát triển bền vững'), (3.0, None, '%', '<=', '2026', 'hộ gia đình có bạo lực'), (2.0, None, '%', '<=', '2027', 'hộ gia đình có bạo lực')], id='table_flat_pdf_v'),
    # a clause cut by a hard line break (H10): the cue before the break governs the value after it
    pytest.param(['6. Lĩnh vực thông tin: Đài Truyền thanh - Truyền hình huyện phát sóng ít nhất', '02 chuyên mục về bình đẳng giới mỗi tháng.'], 2014,
                 [(2.0, None, 'chuyên mục', '>=', '2014', 'chuyên mục về bình đẳng giới mỗi tháng')], id='wrapped_line'),
    pytest.param(['Trang thông tin điện tử xã đăng tải tối thiểu', '05 tin, bài về phòng, chống bạo lực gia đình mỗi quý.'], 2025,
                 [(5.0, None, 'tin, bài', '>=', '2025', 'tin, bài về phòng, chống bạo lực gia đình mỗi quý')], id='wrapped_line_v'),
    # forms met in other provinces' plans (written for this table)
    pytest.param(['Phấn đấu đạt 60% vào năm 2025 và 75% vào năm 2030 cơ quan quản lý nhà nước, chính quyền địa phương các cấp có lãnh đạo chủ chốt là nữ.'], 2025,
                 [(60.0, None, '%', '>=', '2025', 'cơ quan quản lý nhà nước, chính quyền địa phương các cấp có lãnh đạo chủ chốt là nữ'), (75.0, None, '%', '>=', '2030', 'cơ quan quản lý nhà nước, chính quyền địa phương các cấp có lãnh đạo chủ chốt là nữ')], id='value_first_chain'),
    pytest.param(['Đến năm 2025: 50% xã có mô hình địa chỉ tin cậy; đến năm 2030: 75% xã có mô hình địa chỉ tin cậy.'], 2025,
                 [(50.0, None, '%', '=', '2025', 'xã có mô hình địa chỉ tin cậy'), (75.0, None, '%', '=', '2030', 'xã có mô hình địa chỉ tin cậy')], id='deadline_per_clause'),
    pytest.param(['Số vụ bạo lực gia đình giảm 5% so với năm 2023; số vụ mua bán người giảm 10%.'], 2025,
                 [(5.0, None, '%', '=', '2025', 'giảm số vụ bạo lực gia đình'), (10.0, None, '%', '=', '2025', 'giảm số vụ mua bán người')], id='share_of_count_change'),
    pytest.param(['Tỷ suất sinh ở vị thành niên giảm xuống 12/1.000 phụ nữ vào năm 2025.'], 2025,
                 [(12.0, None, '/1.000 phụ nữ', '<=', '2025', 'tỷ suất sinh ở vị thành niên')], id='rate_v'),
    pytest.param(['Phấn đấu có từ 35% trở lên nữ đại biểu Hội đồng nhân dân xã nhiệm kỳ 2026 - 2031.'], 2026,
                 [(35.0, None, '%', '>=', '2026', 'nữ đại biểu Hội đồng nhân dân xã nhiệm kỳ 2026 - 2031')], id='from_share_alone'),
    pytest.param(['Duy trì tỷ lệ 100% trẻ em trong độ tuổi đi học được đến trường.'], 2025,
                 [(100.0, None, '%', '=', '2025', 'trẻ em trong độ tuổi đi học được đến trường')], id='keep_rate'),
    # a PDF table rebuilt with its merged header cells left out: the row of years sits over the
    # last columns; the baseline column ("Thực hiện năm 2020", "Ước thực hiện") gives no target
    pytest.param(['TT | Chỉ tiêu | Đơn vị tính | Thực hiện năm 2020', '2021 | 2022 | 2023', '1 | Tỷ lệ xã, phường có cán bộ làm công tác bình đẳng giới được tập huấn nghiệp vụ | % | 52 | 60 | 70 | 80'], 2025,
                 [(60.0, None, '%', '=', '2021', 'xã, phường có cán bộ làm công tác bình đẳng giới được tập huấn nghiệp vụ'), (70.0, None, '%', '=', '2022', 'xã, phường có cán bộ làm công tác bình đẳng giới được tập huấn nghiệp vụ'), (80.0, None, '%', '=', '2023', 'xã, phường có cán bộ làm công tác bình đẳng giới được tập huấn nghiệp vụ')], id='table_merged_header'),
    pytest.param(['STT | Nội dung | ĐVT | Ước thực hiện năm 2025', '2026 | 2027', '1 | Số câu lạc bộ gia đình phát triển bền vững | câu lạc bộ | 5 | 7 | 9'], 2025,
                 [(7.0, None, 'câu lạc bộ', '=', '2026', 'câu lạc bộ gia đình phát triển bền vững'), (9.0, None, 'câu lạc bộ', '=', '2027', 'câu lạc bộ gia đình phát triển bền vững')], id='table_merged_header_v'),
    # a value alone on the line below its clause (OCR / hard wraps): the indicator is read above
    pytest.param(['đ) Tỷ lệ trẻ em gái 11 - 14 tuổi đi học đúng độ tuổi cấp trung học cơ sở đạt', '95%.', 'e) Tỷ suất sinh thô giảm 0,5‰ mỗi năm.'], 2025,
                 [(95.0, None, '%', '=', '2025', 'trẻ em gái 11 - 14 tuổi đi học đúng độ tuổi cấp trung học cơ sở'), (0.5, None, '‰', '=', '2025', 'giảm tỷ suất sinh thô')], id='value_on_next_line'),
    pytest.param(['- Tỷ lệ phụ nữ sinh con tại cơ sở y tế đạt tối thiểu', '90% vào năm 2027.'], 2030,
                 [(90.0, None, '%', '>=', '2027', 'phụ nữ sinh con tại cơ sở y tế')], id='value_on_next_line_v'),
    # …but a heading line above a "- 95% …" item is no part of the item's clause
    pytest.param(['d) Lĩnh vực giáo dục, đào tạo', '- 95% trẻ em gái trong độ tuổi hoàn thành chương trình trung học cơ sở.'], 2025,
                 [(95.0, None, '%', '=', '2025', 'trẻ em gái trong độ tuổi hoàn thành chương trình trung học cơ sở')], id='heading_above_item'),
    # counts of planned activities: a classifier and the event head noun after it ("đợt kiểm tra",
    # "lễ mít tinh", "cuộc đối thoại"; "đợt giám sát" → "đợt"), persons attending ("khoảng 300 đại biểu")
    pytest.param(['Tổ chức 02 đợt kiểm tra liên ngành việc thực hiện pháp luật về bình đẳng giới tại các huyện trong Quý III/2018.'], 2018,
                 [(2.0, None, 'đợt kiểm tra', '=', '2018-07/2018-09', 'đợt kiểm tra liên ngành việc thực hiện pháp luật về bình đẳng giới tại các huyện')], id='classifier_head'),
    pytest.param(['Hằng năm tổ chức ít nhất 03 đợt giám sát việc thực hiện chính sách đối với lao động nữ trong Quý 4/2026.'], 2026,
                 [(3.0, None, 'đợt', '>=', '2026-10/2026-12', 'đợt giám sát việc thực hiện chính sách đối với lao động nữ')], id='classifier_head_v'),
    pytest.param(['- Tổ chức 01 lễ mít tinh cấp thị xã với khoảng 300 đại biểu tham dự.'], 2023,
                 [(1.0, None, 'lễ mít tinh', '=', '2023', 'lễ mít tinh cấp thị xã'), (300.0, None, 'đại biểu', '=', '2023', 'đại biểu tham dự')], id='event_and_attendance'),
    pytest.param(['Tổ chức 01 hội nghị sơ kết cấp huyện với khoảng 150 đại biểu tham dự.'], 2025,
                 [(1.0, None, 'hội nghị', '=', '2025', 'hội nghị sơ kết cấp huyện'), (150.0, None, 'đại biểu', '=', '2025', 'đại biểu tham dự')], id='event_and_attendance_v'),
    pytest.param(['Tổ chức 01 cuộc đối thoại chính sách với phụ nữ về phòng ngừa, ứng phó với bạo lực trên cơ sở giới trong Quý IV/2023.'], 2023,
                 [(1.0, None, 'cuộc đối thoại', '=', '2023-10/2023-12', 'cuộc đối thoại chính sách với phụ nữ về phòng ngừa, ứng phó với bạo lực trên cơ sở giới')], id='dialogue'),
    # a count in a bracket of its own in an activity table, its deadline from the time column
    pytest.param(['TT | Nội dung hoạt động | Cơ quan chủ trì | Cơ quan phối hợp | Thời gian', '2 | Tập huấn kiến thức về giới cho cán bộ cấp xã (02 lớp) | Phòng LĐTB&XH | UBND các xã, thị trấn | Quý II/2016'], 2016,
                 [(2.0, None, 'lớp', '=', '2016-04/2016-06', 'lớp tập huấn kiến thức về giới cho cán bộ cấp xã')], id='bracket_count_row'),
    pytest.param(['STT | Hoạt động | Đơn vị thực hiện | Thời gian', '3 | Bồi dưỡng kỹ năng lãnh đạo cho nữ cán bộ diện quy hoạch (03 lớp) | Sở Nội vụ | Năm 2027'], 2030,
                 [(3.0, None, 'lớp', '=', '2027', 'lớp bồi dưỡng kỹ năng lãnh đạo cho nữ cán bộ diện quy hoạch')], id='bracket_count_row_v'),
    # planned beneficiaries: persons after "cho" (verb + object + cho), or after "hỗ trợ"
    pytest.param(['- Khám sức khỏe sinh sản miễn phí cho 200 phụ nữ thuộc hộ nghèo, hộ cận nghèo.'], 2023,
                 [(200.0, None, 'phụ nữ', '=', '2023', 'phụ nữ thuộc hộ nghèo, hộ cận nghèo')], id='beneficiaries'),
    pytest.param(['Đào tạo nghề cho 800 lao động nữ nông thôn.'], 2025,
                 [(800.0, None, 'lao động nữ', '=', '2025', 'lao động nữ nông thôn')], id='beneficiaries_v'),
    pytest.param(['b) Mỗi năm hỗ trợ 40 - 50 phụ nữ dân tộc thiểu số vay vốn phát triển sinh kế.'], 2030,
                 [(40.0, 50.0, 'phụ nữ', '=', '2030', 'phụ nữ dân tộc thiểu số vay vốn phát triển sinh kế')], id='support_count'),
    pytest.param(['Hỗ trợ ít nhất 120 phụ nữ, trẻ em gái là nạn nhân bạo lực học nghề.'], 2027,
                 [(120.0, None, 'phụ nữ, trẻ em gái', '>=', '2027', 'phụ nữ, trẻ em gái là nạn nhân bạo lực học nghề')], id='support_count_v'),
    # "tăng từ X (năm) lên Y (năm)", "giảm từ … xuống còn dưới …": only Y, with its year
    pytest.param(['a) Tỷ lệ nữ lãnh đạo chủ chốt trong các cơ quan, đơn vị của xã tăng từ 20% (năm 2025) lên 30% (năm 2030).'], 2030,
                 [(30.0, None, '%', '>=', '2030', 'nữ lãnh đạo chủ chốt trong các cơ quan, đơn vị của xã')], id='from_to_years'),
    pytest.param(['Tỷ lệ nữ làm chủ doanh nghiệp tăng từ 22% (năm 2024) lên 27% (năm 2028).'], 2030,
                 [(27.0, None, '%', '>=', '2028', 'nữ làm chủ doanh nghiệp')], id='from_to_years_v'),
    pytest.param(['b) Tỷ lệ tảo hôn giảm từ 4,2% (năm 2025) xuống còn dưới 1,5% (năm 2030).'], 2030,
                 [(1.5, None, '%', '<=', '2030', 'tỷ lệ tảo hôn')], id='down_from_to_years'),
    pytest.param(['Số vụ bạo lực gia đình giảm từ 35 vụ (năm 2023) xuống còn dưới 20 vụ (năm 2027).'], 2030,
                 [(20.0, None, 'vụ', '<=', '2027', 'số vụ bạo lực gia đình')], id='down_from_to_years_v'),
    # a cue whose marks slipped ("Phần đấu", "it nhất", "phấn đâu") still reads as the cue
    pytest.param(['1. Phần đấu 30% cơ quan, đơn vị cấp huyện có lãnh đạo chủ chốt là nữ.'], 2013,
                 [(30.0, None, '%', '>=', '2013', 'cơ quan, đơn vị cấp huyện có lãnh đạo chủ chốt là nữ')], id='cue_slip'),
    pytest.param(['Tỷ lệ lao động nữ qua đào tạo nghề đạt it nhất 55%; phấn đâu 100% xã có câu lạc bộ.'], 2026,
                 [(55.0, None, '%', '>=', '2026', 'lao động nữ qua đào tạo nghề'), (100.0, None, '%', '>=', '2026', 'xã có câu lạc bộ')], id='cue_slip_v'),
    # how often, of a share's group, stays in its indicator (H9, D11)
    pytest.param(['(9) Ít nhất 90% cán bộ, công chức làm công tác bình đẳng giới ở các sở, ngành, huyện, thành phố được tập huấn nghiệp vụ ít nhất 01 lần.'], 2025,
                 [(90.0, None, '%', '>=', '2025', 'cán bộ, công chức làm công tác bình đẳng giới ở các sở, ngành, huyện, thành phố được tập huấn nghiệp vụ ít nhất 01 lần')], id='times_of_share'),
    pytest.param(['Tối thiểu 80% trưởng thôn, bản được bồi dưỡng kiến thức về giới ít nhất 02 lần trong năm.'], 2026,
                 [(80.0, None, '%', '>=', '2026', 'trưởng thôn, bản được bồi dưỡng kiến thức về giới ít nhất 02 lần')], id='times_of_share_v'),
    # a year-column table: the bound in the row label's bracket, the baseline column left out
    pytest.param(['STT | Chỉ tiêu | Đơn vị tính | Năm 2020 (thực hiện) | Năm 2023 | Năm 2025', '5 | Tỷ lệ người bị bạo lực trên cơ sở giới được tiếp cận dịch vụ hỗ trợ cơ bản (trên) | % | 50 | 60 | 70'], 2025,
                 [(60.0, None, '%', '>=', '2023', 'người bị bạo lực trên cơ sở giới được tiếp cận dịch vụ hỗ trợ cơ bản'), (70.0, None, '%', '>=', '2025', 'người bị bạo lực trên cơ sở giới được tiếp cận dịch vụ hỗ trợ cơ bản')], id='label_bound_above'),
    pytest.param(['TT | Chỉ tiêu | ĐVT | Năm 2026 | Năm 2028', '2 | Tỷ lệ nữ làm chủ hộ kinh doanh (trên) | % | 30 | 35'], 2028,
                 [(30.0, None, '%', '>=', '2026', 'nữ làm chủ hộ kinh doanh'), (35.0, None, '%', '>=', '2028', 'nữ làm chủ hộ kinh doanh')], id='label_bound_above_v'),
    # "Indicator: value": the indicator is the clause the colon closes
    pytest.param(['- Tỷ lệ lao động nữ nông thôn được đào tạo nghề trong tổng số người được đào tạo nghề: 40%.'], 2018,
                 [(40.0, None, '%', '=', '2018', 'lao động nữ nông thôn được đào tạo nghề trong tổng số người được đào tạo nghề')], id='label_colon_value'),
    pytest.param(['Tỷ lệ nữ làm chủ doanh nghiệp: 30%.'], 2025,
                 [(30.0, None, '%', '=', '2025', 'nữ làm chủ doanh nghiệp')], id='label_colon_value_v'),
]


# assessment parts hold figures reached: no target there, whatever the wording (S14, x20)
BASELINE_PARTS = [
    (["Phần thứ nhất", "THỰC TRẠNG CÔNG TÁC BÌNH ĐẲNG GIỚI TRÊN ĐỊA BÀN TỈNH", "GIAI ĐOẠN 2006 - 2010",
      "Tỷ lệ lao động nữ qua đào tạo đạt 31,2%.", "Phần thứ hai", "MỤC TIÊU VÀ CHỈ TIÊU ĐẾN NĂM 2015",
      "Tỷ lệ lao động nữ qua đào tạo đạt 40%."],
     [(40.0, None, "%", "=", "2025", "lao động nữ qua đào tạo")]),
    # "A. KẾT QUẢ NĂM 2015": the results of a year, whatever the wording ("100% … đã kiện toàn", "còn trên 30%")
    (["UBND huyện Tam Đường xây dựng Kế hoạch thực hiện năm 2016 như sau:", "A. KẾT QUẢ NĂM 2015", "2. Toàn huyện có 13 xã, thị trấn; 100% xã, thị trấn đã kiện toàn Ban Vì sự tiến bộ của phụ nữ.",
      "- Tỷ lệ phụ nữ sinh con tại nhà ở các bản vùng cao còn trên 30%;", "B. KẾ HOẠCH NĂM 2016",
      "II. CHỈ TIÊU CHỦ YẾU NĂM 2016", "b) Giải quyết việc làm cho 650 lao động, trong đó nữ chiếm từ 40 - 45%."],
     [(650.0, None, "lao động", "=", "2025", "lao động giải quyết việc làm"), (40.0, 45.0, "%", "=", "2025", "nữ")]),
    (["Ủy ban nhân dân xã ban hành Kế hoạch thực hiện công tác bình đẳng giới năm 2025 như sau:", "I. KẾT QUẢ NĂM 2024", "Toàn xã có 100% thôn đã thành lập tổ hòa giải; tỷ lệ tảo hôn còn dưới 5%.",
      "II. MỤC TIÊU NĂM 2025", "Tỷ lệ tảo hôn giảm xuống dưới 3%."],
     [(3.0, None, "%", "<=", "2025", "tỷ lệ tảo hôn")]),
    (["ĐẶC ĐIỂM TÌNH HÌNH VÀ KẾT QUẢ", "GIAI ĐOẠN 2016 - 2020", "Tỷ lệ nữ tham gia cấp ủy đạt 18%.", "A. MỤC TIÊU",
      "Tỷ lệ nữ tham gia cấp ủy đạt 25%."],
     [(25.0, None, "%", "=", "2025", "nữ tham gia cấp ủy")]),
]


@pytest.mark.parametrize("lines,expected", BASELINE_PARTS)
def test_assessment_parts_give_no_target(lines, expected):
    ctx = build(normalize(RawDoc([Block(l) for l in ["KẾ HOẠCH", "Thực hiện công tác bình đẳng giới", *lines]], "txt")))
    assert [(t.value, t.value_max, t.unit, t.comparator, t.deadline, t.indicator)
            for t in targets.extract(ctx, 2025)] == expected


@pytest.mark.parametrize("lines,period_end,expected", ROWS)
def test_targets_as_clauses(lines, period_end, expected):
    assert records(lines, period_end) == expected


def test_every_target_keeps_its_provenance():
    ctx = ctx_of(["- Chỉ tiêu 1: Tỷ lệ lao động nữ làm công hưởng lương đạt 45% vào năm 2025 và 50% vào năm 2030."])
    got = targets.extract(ctx, 2025)
    assert len(got) == 2
    for t in got:
        assert ctx.text[t.char_start:t.char_end] == t.surface
        assert "45%" in t.surface and "50%" in t.surface  # two values of one clause share it
        assert t.section == "II"


DOMAINS = [
    # the plan's own field heading decides ("Lĩnh vực y tế: … tảo hôn" → health, P23)
    (["4. Lĩnh vực y tế: giảm tỷ lệ tảo hôn xuống còn 18%."], "health"),
    (["3. Lĩnh vực đời sống gia đình: giảm tỷ lệ tảo hôn xuống còn 15%."], "family_gbv"),
    # a table row reads its own label first
    (["| STT | Chỉ tiêu | Năm 2025 |", "| 1 | Tỷ lệ lao động nữ làm công hưởng lương | 55% |"], "economy_labor"),
    # gift counts are "other" (S20)
    (["Thăm hỏi, tặng quà 30 phụ nữ, trẻ em gái có hoàn cảnh khó khăn"], "other"),
    # a heading glued to its first sub-item still names the field
    (["2. Mục tiêu cụ thể", "a) Mục tiêu 1: Tăng cường sự tham gia của phụ nữ vào các vị trí lãnh đạo trong lĩnh vực chính trị.",
      "- Chỉ tiêu 2: Tỷ lệ cơ quan quản lý nhà nước có lãnh đạo chủ chốt là nữ đạt 50%."], "politics"),
    # master's and doctoral degrees are education (D18), whichever spelling
    (["(7) Tỷ lệ nữ thạc sĩ đạt 40%, nữ tiến sĩ đạt 25%."], ["education", "education"]),
    (["Tỷ lệ nữ tiến sỹ trong đội ngũ giảng viên của trường cao đẳng đạt 15%."], "education"),
    # what a group "có" (has) names the field before the group does
    (["(1) 60% cơ quan quản lý nhà nước, cơ quan Đảng, tổ chức chính trị - xã hội có lãnh đạo chủ chốt là nữ."], "politics"),
    (["80% xã, phường có nữ trong Ban Chấp hành Đảng bộ."], "politics"),
    # of the fields a heading names, the one the indicator names
    (["Mục tiêu 6. Thông tin, truyền thông và nâng cao năng lực",
      "a) Hằng năm, hệ thống truyền thanh xã và trang thông tin điện tử của xã đăng, phát ít nhất 12 tin, bài về bình đẳng giới.",
      "b) Từ 80% đến 100% cán bộ, công chức của xã được tập huấn kiến thức về giới, lồng ghép giới vào năm 2027."],
     ["information", "governance"]),
    (["3. Lĩnh vực kinh tế, lao động và giáo dục, đào tạo", "a) Tỷ lệ lao động nữ làm công hưởng lương đạt 45%.",
      "b) Tỷ lệ trẻ em gái hoàn thành giáo dục tiểu học đạt 99%."], ["economy_labor", "education"]),
    # poverty of women-headed households; a rally is communication
    (["3. Tỷ lệ hộ nghèo do phụ nữ làm chủ hộ giảm xuống dưới 0,5%."], "economy_labor"),
    (["Tổ chức 02 lễ mít tinh hưởng ứng Tháng hành động."], "information"),
]


@pytest.mark.parametrize("lines,domain", DOMAINS)
def test_domain_by_form(lines, domain):
    assert [t.domain for t in targets.extract(ctx_of(lines), 2025)] == (domain if isinstance(domain, list) else [domain])


NUMBERS = [("1,5", 1.5), ("03", 3.0), ("100.000", 100000.0), ("3.150", 3150.0), ("61,5", 61.5),
           ("1.000.000", 1000000.0), ("1,000,000", 1000000.0), ("1.234,5", 1234.5), ("1.5", 1.5),
           ("00", 0.0), ("", 0.0), ("abc", 0.0)]


@pytest.mark.parametrize("raw,value", NUMBERS)
def test_number_never_raises(raw, value):
    assert targets.number(raw) == value


# ---------------------------------------------------------------------------------- rule file

def _entries():
    data = load_yaml("targets.yaml")
    for key, entries in data.items():
        if isinstance(entries, list):
            for e in entries:
                yield key, e
    for dom, words in data["domains"].items():
        for w in words:
            yield "domains", {"cue": w, "domain": dom}


ENTRIES = list(_entries())
EXAMPLES = {e["cue"]: e["example"] for e in load_yaml("targets.yaml")["domain_examples"]}


@pytest.mark.parametrize("key,entry", ENTRIES, ids=[f"{k}:{e.get('cue') or e.get('unit') or e.get('noun')}" for k, e in ENTRIES])
def test_every_rule_entry_occurs_in_its_example(key, entry):
    word = entry.get("cue") or entry.get("unit") or entry.get("noun")
    example = entry.get("example") or EXAMPLES.get(word)
    assert example, f"{key}: {word!r} has no example"
    fw, fe = fold(word), fold(example)
    if key == "units":  # "tin, bài" and "tin/bài" are one unit
        fw, fe = re.sub(r"[\s,/]+", " ", fw), re.sub(r"[\s,/]+", " ", fe)
    assert fw in fe, f"{key}: {word!r} not in its example {example!r}"


_SENTENCE_KEYS = ("adjacent", "after", "clause", "units", "rate_nouns")


@pytest.mark.parametrize("key,entry", [(k, e) for k, e in ENTRIES if k in _SENTENCE_KEYS and "|" not in e["example"]
                                       and "(neutral" not in e["example"] and e.get("unit") != "lần"
                                       and not (k == "clause" and e.get("cue") in ("giảm", "tăng"))],
                         ids=lambda x: x if isinstance(x, str) else str(x.get("cue") or x.get("unit") or x.get("noun")))
def test_comparator_and_unit_examples_give_their_target(key, entry):
    """A cue's example, read as a plan line, gives a target with that comparator; a unit's, that unit."""
    got = targets.extract(ctx_of([entry["example"]]), 2025)
    assert got, entry["example"]
    if key in ("adjacent", "after", "clause") and entry.get("comparator"):
        assert entry["comparator"] in {t.comparator for t in got}
    if key == "units":  # the noun, alone or as the head/part of a unit its grammar builds
        assert any(re.search(rf"(?<!\w){re.escape(fold(entry['unit']))}(?!\w)", fold(t.unit)) for t in got)
    if key == "rate_nouns":
        assert any(fold(entry["noun"]) in fold(t.unit) for t in got)


@pytest.mark.parametrize("key", ["baseline_cues"])
def test_baseline_examples_give_no_target(key):
    for e in load_yaml("targets.yaml")[key]:
        assert targets.extract(ctx_of([e["example"]]), 2025) == [], e["example"]


def test_gift_and_frequency_words_stay_out_of_the_unit():
    got = targets.extract(ctx_of(["Đài truyền thanh xã phát ít nhất 02 tin, bài mỗi tuần."]), 2025)
    assert [(t.unit, t.comparator) for t in got] == [("tin, bài", ">=")]
