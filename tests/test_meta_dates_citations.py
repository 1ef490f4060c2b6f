"""Meta, dates and citations on the forms of issue 11: real headers and sentences from the
development set, each with a variant written for this test (another body, number, place or order),
and the exact records they must give."""
from __future__ import annotations

import pytest

from extractors import citations, dates, meta
from extractors.context import build
from pipeline.models import Block, RawDoc
from pipeline.text.normalize import normalize


def ctx_of(*lines: str):
    return build(normalize(RawDoc([Block(l) for l in lines], "txt")))


def body(*sentences: str, heading: str = "II. NỘI DUNG THỰC HIỆN"):
    return ctx_of("KẾ HOẠCH", "Thực hiện công tác bình đẳng giới năm 2025", heading, *sentences)


def meta_of(*lines: str):
    ctx = ctx_of(*lines)
    m = meta.extract(ctx)
    return ctx, (m.doc_type, m.doc_number, m.issue_date, m.issuer, m.locality_name, m.locality_type,
                 m.locality_level, m.province, m.period, m.signer_name, m.signer_title)


PLAN_BODY = ("I. MỤC ĐÍCH, YÊU CẦU", "- Nâng cao nhận thức về bình đẳng giới.", "II. TỔ CHỨC THỰC HIỆN",
             "Các cơ quan báo cáo kết quả trước ngày 15/12/2025./.")

META = [
    # a plan issued by a Ban Vì sự tiến bộ của phụ nữ: the Ban is the issuer, the district its place (h1)
    (["UBND HUYỆN MỘC CHÂU CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
      "BAN VÌ SỰ TIẾN BỘ CỦA PHỤ NỮ Độc lập - Tự do - Hạnh phúc",
      "Số: 03/KH-BVSTBPN Mộc Châu, ngày 10 tháng 3 năm 2025", "KẾ HOẠCH",
      "Hoạt động của Ban Vì sự tiến bộ của phụ nữ huyện Mộc Châu năm 2025",
      "Thực hiện Kế hoạch số 09/KH-BVSTBPN ngày 21/01/2025 của Ban Vì sự tiến bộ của phụ nữ tỉnh Sơn La về hoạt động vì sự tiến bộ của phụ nữ năm 2025,",
      *PLAN_BODY,
      "Nơi nhận:", "- Lưu: VT, NV.", "TM. BAN VÌ SỰ TIẾN BỘ CỦA PHỤ NỮ", "TRƯỞNG BAN", "PHÓ CHỦ TỊCH UBND HUYỆN",
      "Cầm Thị Thu Hà"],
     ("Kế hoạch", "03/KH-BVSTBPN", "2025-03-10", "Ban Vì sự tiến bộ của phụ nữ huyện Mộc Châu", "Mộc Châu", "huyện",
      "district", "Sơn La", "2025", "Cầm Thị Thu Hà", "Trưởng ban")),
    # variant: another district, the header in separate lines, a deputy head signing
    (["UBND HUYỆN LẠNG GIANG", "BAN VÌ SỰ TIẾN BỘ CỦA PHỤ NỮ", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
      "Độc lập - Tự do - Hạnh phúc", "Số: 12/KH-BVSTBPN", "Lạng Giang, ngày 02 tháng 4 năm 2018", "KẾ HOẠCH",
      "Hoạt động vì sự tiến bộ của phụ nữ năm 2018", *PLAN_BODY,
      "Nơi nhận:", "- Lưu: VT.", "KT. TRƯỞNG BAN", "PHÓ TRƯỞNG BAN", "Nguyễn Văn Bình"],
     ("Kế hoạch", "12/KH-BVSTBPN", "2018-04-02", "Ban Vì sự tiến bộ của phụ nữ huyện Lạng Giang", "Lạng Giang", "huyện",
      "district", "Bắc Giang", "2018", "Nguyễn Văn Bình", "Phó Trưởng ban")),
    # a Quyết định issuing a plan: the decision's number, date and signer; the plan's period (h6)
    (["ỦY BAN NHÂN DÂN", "QUẬN 11", "Số: 1245/QĐ-UBND", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
      "Độc lập - Tự do - Hạnh phúc", "Quận 11, ngày 18 tháng 3 năm 2022", "QUYẾT ĐỊNH",
      "Về ban hành Kế hoạch thực hiện Chiến lược quốc gia về bình đẳng giới", "trên địa bàn Quận 11 giai đoạn 2021 - 2030",
      "ỦY BAN NHÂN DÂN QUẬN 11", "Căn cứ Luật Bình đẳng giới năm 2006;", "QUYẾT ĐỊNH:",
      "Điều 1. Ban hành kèm theo Quyết định này Kế hoạch thực hiện Chiến lược quốc gia về bình đẳng giới.",
      "Điều 2. Quyết định này có hiệu lực kể từ ngày ký.", "Nơi nhận:", "- Như Điều 3;", "- Lưu: VT, LĐTBXH.",
      "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "(Đã ký)", "Lê Thị Ngọc Diệp", "ỦY BAN NHÂN DÂN", "QUẬN 11",
      "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", "KẾ HOẠCH",
      "Thực hiện Chiến lược quốc gia về bình đẳng giới trên địa bàn Quận 11 giai đoạn 2021 - 2030",
      "(Ban hành kèm theo Quyết định số 1245/QĐ-UBND ngày 18 tháng 3 năm 2022 của Ủy ban nhân dân Quận 11)", *PLAN_BODY],
     ("Quyết định", "1245/QĐ-UBND", "2022-03-18", "Ủy ban nhân dân Quận 11", "Quận 11", "quận", "district",
      "Hồ Chí Minh", "2021/2030", "Lê Thị Ngọc Diệp", "Phó Chủ tịch")),
    # variant: a commune chairman's decision, header in one `|` row, the attached plan with no header of its own
    (["ỦY BAN NHÂN DÂN XÃ TÂN DĨNH | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự do - Hạnh phúc | Số: 40/QĐ-UBND | Tân Dĩnh, ngày 05 tháng 11 năm 2013",
      "QUYẾT ĐỊNH", "Ban hành Kế hoạch tổ chức Tháng hành động vì bình đẳng giới năm 2013",
      "CHỦ TỊCH ỦY BAN NHÂN DÂN XÃ TÂN DĨNH", "Căn cứ Luật Bình đẳng giới ngày 29 tháng 11 năm 2006;", "QUYẾT ĐỊNH:",
      "Điều 1. Ban hành kèm theo Quyết định này Kế hoạch tổ chức Tháng hành động.", "Nơi nhận:", "- Lưu: VT.",
      "CHỦ TỊCH", "(Đã ký)", "Thân Văn Hùng", "KẾ HOẠCH", "Tổ chức Tháng hành động vì bình đẳng giới năm 2013",
      "(Ban hành kèm theo Quyết định số 40/QĐ-UBND ngày 05/11/2013 của Chủ tịch UBND xã Tân Dĩnh)", *PLAN_BODY],
     ("Quyết định", "40/QĐ-UBND", "2013-11-05", "Ủy ban nhân dân xã Tân Dĩnh", "Tân Dĩnh", "xã", "commune",
      "Bắc Giang", "2013", "Thân Văn Hùng", "Chủ tịch")),
    # a plan issued by a Sở whose header was lost: issuer from the preamble, the city it serves (p6)
    (["KẾ HOẠCH",
      "Tổ chức Tháng hành động vì bình đẳng giới và phòng, chống bạo lực trên cơ sở giới năm 2019 trên địa bàn thành phố Đà Nẵng",
      "Thực hiện Kế hoạch số 47/KH-UBND ngày 15/3/2019 của UBND thành phố về thực hiện công tác bình đẳng giới năm 2019, Sở Lao động - Thương binh và Xã hội thành phố Đà Nẵng xây dựng Kế hoạch tổ chức Tháng hành động như sau:",
      *PLAN_BODY, "Nơi nhận:", "- Lưu: VT, BTXH&BĐG.", "KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC", "Nguyễn Thị Hồng Vân"],
     ("Kế hoạch", None, None, "Sở Lao động - Thương binh và Xã hội thành phố Đà Nẵng", "Đà Nẵng", "thành phố", "province",
      "Đà Nẵng", "2019", "Nguyễn Thị Hồng Vân", "Phó Giám đốc")),
    # variant: a province's Sở Nội vụ, named with the province after it; its director signs
    (["KẾ HOẠCH", "Thực hiện công tác bình đẳng giới trên địa bàn tỉnh Quảng Trị năm 2026",
      "Căn cứ Kế hoạch số 21/KH-UBND ngày 08/01/2026 của UBND tỉnh Quảng Trị, Sở Nội vụ tỉnh Quảng Trị ban hành Kế hoạch thực hiện như sau:",
      *PLAN_BODY, "Nơi nhận:", "- Lưu: VT.", "GIÁM ĐỐC", "Hoàng Văn Nam"],
     ("Kế hoạch", None, None, "Sở Nội vụ tỉnh Quảng Trị", "Quảng Trị", "tỉnh", "province", "Quảng Trị", "2026",
      "Hoàng Văn Nam", "Giám đốc")),
    # signature printed beside the recipients, flattened line by line (h5, OCR header)
    (["UY BAN NHAN DAN C0NG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "HUYỆN KRÔNG NĂNG Độc lập - Tự do - Hạnh phúc",
      "Số: 45/KH-UBND Krông Năng, ngày 12 tháng 3 năm 2014", "KẾ HOẠCH",
      "Thực hiện công tác bình đẳng giới và vì sự tiến bộ của phụ nữ trên địa bàn huyện Krông Năng năm 2014", *PLAN_BODY,
      "Nơi nhận: TM. UỶ BAN NHÂN DÂN", "- Sở LĐ-TB&XH tỉnh (b/c); KT. CHỦ TỊCH", "- TT Huyện ủy, TT HĐND huyện; PHÓ CHỦ TỊCH",
      "- Các cơ quan, đơn vị tại Mục V; (đã ký)", "- Lưu: VT, LĐTBXH. Trương Văn Hải"],
     ("Kế hoạch", "45/KH-UBND", "2014-03-12", "Ủy ban nhân dân huyện Krông Năng", "Krông Năng", "huyện", "district",
      "Đắk Lắk", "2014", "Trương Văn Hải", "Phó Chủ tịch")),
    # variant: recipients and signature in one `|` table row (h3's layout), a chairman signing for the body
    (["| ỦY BAN NHÂN DÂN THỊ XÃ NINH HÒA | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự do - Hạnh phúc |",
      "| Số: /KH-UBND | Ninh Hòa, ngày tháng 3 năm 2022 |", "KẾ HOẠCH",
      "Thực hiện Chiến lược quốc gia về bình đẳng giới trên địa bàn thị xã Ninh Hòa giai đoạn 2021 - 2025", *PLAN_BODY,
      "| Nơi nhận: - Sở LĐ-TB&XH tỉnh (b/c); - Lưu: VT, LĐTBXH. | TM. ỦY BAN NHÂN DÂN CHỦ TỊCH Lê Quang Tiến |"],
     ("Kế hoạch", None, "2022-03", "Ủy ban nhân dân thị xã Ninh Hòa", "Ninh Hòa", "thị xã", "district", "Khánh Hòa",
      "2021/2025", "Lê Quang Tiến", "Chủ tịch")),
    # "Q. CHỦ TỊCH" is an acting chairman (p3), a province plan's province is itself
    (["ỦY BAN NHÂN DÂN CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "TỈNH ĐẮK LẮK Độc lập - Tự do - Hạnh phúc",
      "____________ ______________________________", "Số: 4875/KH-UBND Đắk Lắk, ngày 10 tháng 6 năm 2021", "KẾ HOẠCH",
      "Thực hiện Chiến lược quốc gia về bình đẳng giới giai đoạn 2021 - 2025 trên địa bàn tỉnh Đắk Lắk", *PLAN_BODY,
      "Nơi nhận:", "- Lưu: VT, KGVX.", "TM. ỦY BAN NHÂN DÂN", "Q. CHỦ TỊCH", "Lê Thị Mỹ Hạnh"],
     ("Kế hoạch", "4875/KH-UBND", "2021-06-10", "Ủy ban nhân dân tỉnh Đắk Lắk", "Đắk Lắk", "tỉnh", "province",
      "Đắk Lắk", "2021/2025", "Lê Thị Mỹ Hạnh", "Quyền Chủ tịch")),
    # variant: an acting chairman of a commune after KT.; a rule line and a footnote after the name
    (["UBND HUYỆN ĐỒNG VĂN", "ỦY BAN NHÂN DÂN XÃ LŨNG CÚ", "Số: 36/KH-UBND", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
      "Độc lập - Tự do - Hạnh phúc", "Lũng Cú, ngày 20 tháng 5 năm 2021", "KẾ HOẠCH",
      "Thực hiện công tác bình đẳng giới trên địa bàn xã Lũng Cú giai đoạn 2021 - 2025", *PLAN_BODY,
      "Nơi nhận:", "- Lưu: VT.", "TM. ỦY BAN NHÂN DÂN", "Q. CHỦ TỊCH", "Lý Mí Chứ", "_______________",
      "[1] Kế hoạch số 87/KH-UBND ngày 10/5/2021 của UBND huyện Đồng Văn."],
     ("Kế hoạch", "36/KH-UBND", "2021-05-20", "Ủy ban nhân dân xã Lũng Cú", "Lũng Cú", "xã", "commune", "Hà Giang",
      "2021/2025", "Lý Mí Chứ", "Quyền Chủ tịch")),
    # two bodies in the header: the lower one issues; the province from the official list (x4)
    (["UBND HUYỆN KRÔNG PẮC", "UỶ BAN NHÂN DÂN THỊ TRẤN PHƯỚC AN", "-------", "Số: 112 /KH-UBND",
      "CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", "Phước An, ngày 08 tháng 4 năm 2016", "KẾ HOẠCH",
      "Thực hiện công tác Bình đẳng giới trên địa bàn thị trấn Phước An năm 2016", *PLAN_BODY,
      "Nơi nhận:", "- Lưu: VT, VHXH.", "TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Nguyễn Thị Thu Hà"],
     ("Kế hoạch", "112/KH-UBND", "2016-04-08", "Ủy ban nhân dân thị trấn Phước An", "Phước An", "thị trấn", "commune",
      "Đắk Lắk", "2016", "Nguyễn Thị Thu Hà", "Phó Chủ tịch")),
    # variant: a ward of a city under a centrally-run city, three header lines
    (["ỦY BAN NHÂN DÂN THÀNH PHỐ THỦ ĐỨC CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "ỦY BAN NHÂN DÂN Độc lập - Tự do - Hạnh phúc",
      "PHƯỜNG HIỆP BÌNH CHÁNH", "Số: 45/KH-UBND Thủ Đức, ngày 05 tháng 02 năm 2024", "KẾ HOẠCH",
      "Thực hiện công tác bình đẳng giới trên địa bàn phường Hiệp Bình Chánh năm 2024", *PLAN_BODY,
      "Nơi nhận:", "- Lưu: VT.", "TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Trương Thị Kim Loan"],
     ("Kế hoạch", "45/KH-UBND", "2024-02-05", "Ủy ban nhân dân phường Hiệp Bình Chánh", "Hiệp Bình Chánh", "phường",
      "commune", "Hồ Chí Minh", "2024", "Trương Thị Kim Loan", "Phó Chủ tịch")),
]


META += [
    # a narrow header column wraps the body's name (the PDF renditions of h1 and x5)
    (["UBND HUYỆN MỘC CHÂU", "BAN VÌ SỰ TIẾN BỘ CỦA", "PHỤ NỮ", "Số: 03/KH-BVSTBPN", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
      "Độc lập - Tự do - Hạnh phúc", "Mộc Châu, ngày 10 tháng 3 năm 2025", "KẾ HOẠCH",
      "Hoạt động của Ban Vì sự tiến bộ của phụ nữ huyện Mộc Châu năm 2025", *PLAN_BODY, "Nơi nhận:", "- Lưu: VT, NV.",
      "TM. BAN VÌ SỰ TIẾN BỘ CỦA", "PHỤ NỮ", "TRƯỞNG BAN", "PHÓ CHỦ TỊCH UBND HUYỆN", "Cầm Thị Thu Hà"],
     ("Kế hoạch", "03/KH-BVSTBPN", "2025-03-10", "Ban Vì sự tiến bộ của phụ nữ huyện Mộc Châu", "Mộc Châu", "huyện",
      "district", None, "2025", "Cầm Thị Thu Hà", "Trưởng ban")),
    (["UBND HUYỆN VỊ XUYÊN", "ỦY BAN NHÂN DÂN XÃ", "PHONG QUANG", "Số: 21/KH-UBND", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
      "Độc lập - Tự do - Hạnh phúc", "Phong Quang, ngày 02 tháng 3 năm 2022", "KẾ HOẠCH",
      "Thực hiện công tác bình đẳng giới trên địa bàn xã Phong Quang năm 2022", *PLAN_BODY, "Nơi nhận:", "- Lưu: VT.",
      "TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH", "Vàng Thị Mai"],
     ("Kế hoạch", "21/KH-UBND", "2022-03-02", "Ủy ban nhân dân xã Phong Quang", "Phong Quang", "xã", "commune",
      "Hà Giang", "2022", "Vàng Thị Mai", "Chủ tịch")),
    # the PDF reading order puts the signer's name at the end of a recipient's line (h6)
    (["ỦY BAN NHÂN DÂN", "QUẬN 11", "Số: 1245/QĐ-UBND", "Quận 11, ngày 18 tháng 3 năm 2022", "QUYẾT ĐỊNH",
      "Về ban hành Kế hoạch thực hiện Chiến lược quốc gia về bình đẳng giới trên địa bàn Quận 11 giai đoạn 2021 - 2030",
      "QUYẾT ĐỊNH:", "Điều 1. Ban hành kèm theo Quyết định này Kế hoạch.", "Nơi nhận:", "- Như Điều 3;",
      "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "(Đã ký)",
      "- Ủy ban MTTQ Việt Nam quận và các tổ chức chính trị - xã hội quận; Lê Thị Ngọc Diệp", "- Lưu: VT, LĐTBXH."],
     ("Quyết định", "1245/QĐ-UBND", "2022-03-18", "Ủy ban nhân dân Quận 11", "Quận 11", "quận", "district",
      "Hồ Chí Minh", "2021/2030", "Lê Thị Ngọc Diệp", "Phó Chủ tịch")),
    # a numbered district in a flattened two-column header: its "0" is no OCR slip
    (["ỦY BAN NHÂN DÂN CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "QUẬN 10 Độc lập - Tự do - Hạnh phúc",
      "Số: 88/KH-UBND Quận 10, ngày 12 tháng 4 năm 2019", "KẾ HOẠCH",
      "Thực hiện công tác bình đẳng giới trên địa bàn Quận 10 năm 2019", *PLAN_BODY, "Nơi nhận:", "- Lưu: VT.",
      "TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Võ Thị Mai"],
     ("Kế hoạch", "88/KH-UBND", "2019-04-12", "Ủy ban nhân dân Quận 10", "Quận 10", "quận", "district",
      "Hồ Chí Minh", "2019", "Võ Thị Mai", "Phó Chủ tịch")),
    # a Sở under its province's committee: "VÀ XÃ HỘI" is part of the name, not a commune
    (["UBND TỈNH QUẢNG NAM", "SỞ LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI", "Số: 123/KH-SLĐTBXH",
      "Quảng Nam, ngày 05 tháng 3 năm 2020", "KẾ HOẠCH", "Thực hiện công tác bình đẳng giới năm 2020", *PLAN_BODY,
      "Nơi nhận:", "- Lưu: VT.", "KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC", "Lê Văn Tám"],
     ("Kế hoạch", "123/KH-SLĐTBXH", "2020-03-05", "Sở Lao động - Thương binh và Xã hội tỉnh Quảng Nam", "Quảng Nam",
      "tỉnh", "province", "Quảng Nam", "2020", "Lê Văn Tám", "Phó Giám đốc")),
    # a district office, its name never written in running text; "PHÒNG" inside "HẢI PHÒNG" is no head
    (["UBND HUYỆN ĐÔNG ANH", "PHÒNG VĂN HÓA VÀ THÔNG TIN", "Số: 15/KH-VHTT", "Đông Anh, ngày 05 tháng 3 năm 2023",
      "KẾ HOẠCH", "Tuyên truyền về bình đẳng giới năm 2023", *PLAN_BODY, "Nơi nhận:", "- Lưu: VT.", "TRƯỞNG PHÒNG",
      "Nguyễn Văn Tư"],
     ("Kế hoạch", "15/KH-VHTT", "2023-03-05", "Phòng Văn hóa và Thông tin huyện Đông Anh", "Đông Anh", "huyện",
      "district", "Hà Nội", "2023", "Nguyễn Văn Tư", "Trưởng phòng")),
    # the province as named at the plan's date: renamed since (heldout hd4) and merged since (a variant)
    (["UBND THỊ XÃ HƯƠNG TRÀ", "Số: 245/KH-UBND", "Hương Trà, ngày 06 tháng 11 năm 2023", "KẾ HOẠCH",
      "Tổ chức các hoạt động hưởng ứng Tháng hành động vì bình đẳng giới năm 2023", *PLAN_BODY, "Nơi nhận:", "- Lưu: VT.",
      "TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH", "Trần Văn An"],
     ("Kế hoạch", "245/KH-UBND", "2023-11-06", "Ủy ban nhân dân thị xã Hương Trà", "Hương Trà", "thị xã", "district",
      "Thừa Thiên Huế", "2023", "Trần Văn An", "Chủ tịch")),
    (["UBND HUYỆN BA VÌ", "Số: 21/KH-UBND", "Ba Vì, ngày 10 tháng 4 năm 2007", "KẾ HOẠCH",
      "Hoạt động vì sự tiến bộ của phụ nữ năm 2007", *PLAN_BODY, "Nơi nhận:", "- Lưu: VT.",
      "TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH", "Lê Văn Ba"],
     ("Kế hoạch", "21/KH-UBND", "2007-04-10", "Ủy ban nhân dân huyện Ba Vì", "Ba Vì", "huyện", "district",
      "Hà Tây", "2007", "Lê Văn Ba", "Chủ tịch")),
    # a ward no list has any more: the province of the city above it in the header (heldout hd6; a variant)
    (["UBND THÀNH PHỐ PHỦ LÝ", "ỦY BAN NHÂN DÂN PHƯỜNG LƯƠNG KHÁNH THIỆN", "Số: 27/KH-UBND",
      "Lương Khánh Thiện, ngày 12 tháng 3 năm 2019", "KẾ HOẠCH", "Thực hiện công tác bình đẳng giới năm 2019", *PLAN_BODY,
      "Nơi nhận:", "- Lưu: VT.", "TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH", "Nguyễn Văn Hai"],
     ("Kế hoạch", "27/KH-UBND", "2019-03-12", "Ủy ban nhân dân phường Lương Khánh Thiện", "Lương Khánh Thiện", "phường",
      "commune", "Hà Nam", "2019", "Nguyễn Văn Hai", "Chủ tịch")),
    (["UBND THÀNH PHỐ NAM ĐỊNH", "ỦY BAN NHÂN DÂN PHƯỜNG NGUYỄN DU MỚI", "Số: 14/KH-UBND",
      "Nguyễn Du Mới, ngày 02 tháng 3 năm 2018", "KẾ HOẠCH", "Thực hiện công tác bình đẳng giới năm 2018", *PLAN_BODY,
      "Nơi nhận:", "- Lưu: VT.", "TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH", "Trần Thị Tư"],
     ("Kế hoạch", "14/KH-UBND", "2018-03-02", "Ủy ban nhân dân phường Nguyễn Du Mới", "Nguyễn Du Mới", "phường",
      "commune", "Nam Định", "2018", "Trần Thị Tư", "Chủ tịch")),
    (["ỦY BAN NHÂN DÂN", "THÀNH PHỐ HẢI PHÒNG", "Số: 55/KH-UBND", "Hải Phòng, ngày 05 tháng 3 năm 2023", "KẾ HOẠCH",
      "Thực hiện công tác bình đẳng giới trên địa bàn thành phố năm 2023 - 2025", *PLAN_BODY, "Nơi nhận:", "- Lưu: VT.",
      "TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "NGUYỄN VĂN TƯ"],
     ("Kế hoạch", "55/KH-UBND", "2023-03-05", "Ủy ban nhân dân thành phố Hải Phòng", "Hải Phòng", "thành phố",
      "province", "Hải Phòng", "2023/2025", "NGUYỄN VĂN TƯ", "Phó Chủ tịch")),
    # a header flattened by a web page: issuer, motto and title each on one line
    (["UỶ BAN NHÂN DÂN TỈNH ĐẮK NÔNG CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự do - Hạnh phúc",
      "Số: 312/KH-UBND Đắk Nông, ngày 05 tháng 6 năm 2021",
      "KẾ HOẠCH Thực hiện Chiến lược quốc gia về bình đẳng giới giai đoạn 2021 - 2030 trên địa bàn tỉnh Đắk Nông",
      "Thực hiện Nghị quyết số 28/NQ-CP ngày 03/3/2021 của Chính phủ, UBND tỉnh ban hành Kế hoạch như sau:",
      *PLAN_BODY, "Nơi nhận:", "- Lưu: VT.", "TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Lê Văn Sáu"],
     ("Kế hoạch", "312/KH-UBND", "2021-06-05", "Ủy ban nhân dân tỉnh Đắk Nông", "Đắk Nông", "tỉnh",
      "province", "Đắk Nông", "2021/2030", "Lê Văn Sáu", "Phó Chủ tịch")),
    (["ỦY BAN NHÂN DÂN HUYỆN KIM SƠN CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự do - Hạnh phúc",
      "Số: 41/KH-UBND Kim Sơn, ngày 18 tháng 3 năm 2016",
      "KẾ HOẠCH Hoạt động bình đẳng giới và vì sự tiến bộ của phụ nữ huyện Kim Sơn năm 2016",
      "Căn cứ Luật Bình đẳng giới ngày 29/11/2006;",
      *PLAN_BODY, "Nơi nhận:", "- Lưu: VT.", "TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH", "Đinh Văn Bảy"],
     ("Kế hoạch", "41/KH-UBND", "2016-03-18", "Ủy ban nhân dân huyện Kim Sơn", "Kim Sơn", "huyện",
      "district", "Ninh Bình", "2016", "Đinh Văn Bảy", "Chủ tịch")),
]


@pytest.mark.parametrize("lines,expected", META)
def test_meta(lines, expected):
    assert meta_of(*lines)[1] == expected


@pytest.mark.parametrize("header,expected", [
    # the devset's form: the motto's two lines run on after the issuer's (h1)
    (["UBND HUYỆN MỘC CHÂU CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "BAN VÌ SỰ TIẾN BỘ CỦA PHỤ NỮ Độc lập - Tự do - Hạnh phúc"],
     ["UBND HUYỆN MỘC CHÂU", "BAN VÌ SỰ TIẾN BỘ CỦA PHỤ NỮ"]),
    # my variant: table cells, OCR's zero for O, "HOÀ", en dashes, and the number line dropped
    (["UỶ BAN NHÂN DÂN | C0NG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM", "XÃ AN BÌNH | Độc lập – Tự do – Hạnh phúc",
      "Số: 15/KH-UBND"], ["UỶ BAN NHÂN DÂN", "XÃ AN BÌNH"]),
])
def test_the_motto_is_taken_out_of_the_issuer_column(header, expected):
    """The motto's lines come from ``structure.yaml`` (``mottos``, ``motto_lines``)."""
    from extractors.meta_header import issuer_column

    assert issuer_column(header) == expected


@pytest.mark.parametrize("text,expected", [
    # the devset's form (h1): a Ban of the province named in the preamble
    ("Thực hiện Kế hoạch số 09/KH-BVSTBPN ngày 21/01/2025 của Ban Vì sự tiến bộ của phụ nữ tỉnh Sơn La", "Sơn La"),
    ("Chỉ thị số 22-CT/TU ngày 10/5/2018 của Thành Ủy Hà Nội về việc tiếp tục đẩy mạnh", "Hà Nội"),
    # my variants: an abbreviated city, the party committee, and capitals that are a header's
    ("Căn cứ Kế hoạch số 15/KH-UBND ngày 02/02/2024 của UBND TP. Cần Thơ", "Cần Thơ"),
    ("Thực hiện Nghị quyết của Tỉnh Ủy Bắc Giang về công tác cán bộ nữ", "Bắc Giang"),
    ("ỦY BAN NHÂN DÂN TỈNH SƠN LA", None),
])
def test_the_province_a_text_names(text, expected):
    """Province words (``meta.yaml`` ``province_words``) before a province's name."""
    from extractors.meta import _province_named

    assert _province_named(text, None, None) == expected


def test_decision_parts_and_attached_plan():
    """The attached plan after a decision's signature is read as a plan: its title, then its body."""
    ctx, _ = meta_of(*META[2][0])
    parts = {p.text: k for p, k in zip(ctx.structure.paras, ctx.structure.part_of)}
    assert parts["Lê Thị Ngọc Diệp"] == "signature"
    assert parts["(Ban hành kèm theo Quyết định số 1245/QĐ-UBND ngày 18 tháng 3 năm 2022 của Ủy ban nhân dân Quận 11)"] == "title"
    assert parts["- Nâng cao nhận thức về bình đẳng giới."] == "body"
    # the attached plan's own reference is no citation; its date is the issue date
    cits = citations.extract(ctx)
    assert [c.number or c.name for c in cits] == ["Luật Bình đẳng giới"]
    got = {(d.value, d.kind) for d in dates.extract(ctx, citations.spans(cits))}
    assert got == {("2022-03-18", "issue"), ("2025-12-15", "deadline")}


CITATIONS = [
    # an amending law is one named-law citation; the laws in its title are not separate (h6)
    ("Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015; Luật sửa đổi, bổ sung một số điều của Luật Tổ chức Chính phủ và Luật Tổ chức chính quyền địa phương ngày 22 tháng 11 năm 2019;",
     [("Luật", None, "Luật Tổ chức chính quyền địa phương", "2015-06-19", None, "basis"),
      ("Luật", None, "Luật sửa đổi, bổ sung một số điều của Luật Tổ chức Chính phủ và Luật Tổ chức chính quyền địa phương",
       "2019-11-22", None, "basis")]),
    ("Thực hiện Luật sửa đổi, bổ sung một số điều của Luật Cán bộ, công chức và Luật Viên chức năm 2019, triển khai",
     [("Luật", None, "Luật sửa đổi, bổ sung một số điều của Luật Cán bộ, công chức và Luật Viên chức", "2019", None,
       "implements")]),
    # a law named with "và" inside, with its date (p1); a law with number and date (h3); with its year (x5)
    ("Căn cứ Luật Tổ chức Hội đồng nhân dân và Ủy ban nhân dân ngày 26/11/2003; Luật Bình đẳng giới số 73/2006/QH11 ngày 29/11/2006;",
     [("Luật", None, "Luật Tổ chức Hội đồng nhân dân và Ủy ban nhân dân", "2003-11-26", None, "basis"),
      ("Luật", "73/2006/QH11", "Luật Bình đẳng giới", "2006-11-29", None, "basis")]),
    ("Căn cứ Luật Hôn nhân và gia đình năm 2014; Luật Trẻ em năm 2016 và Luật Tổ chức chính quyền địa phương số 72/2025/QH15;",
     [("Luật", None, "Luật Hôn nhân và gia đình", "2014", None, "basis"),
      ("Luật", None, "Luật Trẻ em", "2016", None, "basis"),
      ("Luật", "72/2025/QH15", "Luật Tổ chức chính quyền địa phương", None, None, "basis")]),
    # party documents of every kind: -CTr/TU, -KL/TU, -HD/BTGTU, -NQ/TW (p1 and variants)
    ("- Quán triệt sâu rộng Nghị quyết số 11-NQ/TW của Bộ Chính trị; triển khai Chương trình hành động số 23-CTr/TU ngày 16/10/2007 của Ban Thường vụ Tỉnh ủy thực hiện Nghị quyết số 11-NQ/TW của Bộ Chính trị.",
     [("Nghị quyết", "11-NQ/TW", None, None, "Bộ Chính trị", "mentions"),
      ("Chương trình hành động", "23-CTr/TU", None, "2007-10-16", "Ban Thường vụ Tỉnh ủy", "implements"),
      ("Nghị quyết", "11-NQ/TW", None, None, "Bộ Chính trị", "mentions")]),
    ("Thực hiện Quy định số 102-QĐ/TW ngày 15/11/2017 của Ban Chấp hành Trung ương; Thông báo kết luận số 12-TB/TU ngày 03/5/2023 của Ban Thường vụ Tỉnh ủy,",
     [("Quy định", "102-QĐ/TW", None, "2017-11-15", "Ban Chấp hành Trung ương", "implements"),
      ("Thông báo kết luận", "12-TB/TU", None, "2023-05-03", "Ban Thường vụ Tỉnh ủy", "implements")]),
    ("Thực hiện Kết luận số 12-KL/TU ngày 05/3/2022 của Ban Thường vụ Tỉnh ủy; Hướng dẫn số 45-HD/BTGTU ngày 20/4/2022 của Ban Tuyên giáo Tỉnh ủy về công tác phụ nữ,",
     [("Kết luận", "12-KL/TU", None, "2022-03-05", "Ban Thường vụ Tỉnh ủy", "implements"),
      ("Hướng dẫn", "45-HD/BTGTU", None, "2022-04-20", "Ban Tuyên giáo Tỉnh ủy", "implements")]),
    # a document named inside another's title is mentioned (p1)
    ("Căn cứ Nghị quyết số 57/NQ-CP ngày 01/12/2009 của Chính phủ ban hành Chương trình hành động của Chính phủ giai đoạn đến năm 2020 thực hiện Nghị quyết số 11-NQ/TW ngày 27/4/2007 của Bộ Chính trị về công tác phụ nữ;",
     [("Nghị quyết", "57/NQ-CP", None, "2009-12-01", "Chính phủ", "basis"),
      ("Nghị quyết", "11-NQ/TW", None, "2007-04-27", "Bộ Chính trị", "mentions")]),
    # … but a verb after a comma governs its own clause
    ("- Tuyên truyền Luật Bình đẳng giới, tổ chức thực hiện Luật Phòng, chống bạo lực gia đình tại cộng đồng.",
     [("Luật", None, "Luật Bình đẳng giới", None, None, "mentions"),
      ("Luật", None, "Luật Phòng, chống bạo lực gia đình", None, None, "implements")]),
    # a Tờ trình proposed by the head of an office: the office is its issuer (h6, p5)
    ("Theo đề nghị của Trưởng phòng Lao động - Thương binh và Xã hội quận tại Tờ trình số 156/TTr-LĐTBXH ngày 09 tháng 3 năm 2022.",
     [("Tờ trình", "156/TTr-LĐTBXH", None, "2022-03-09", "Phòng Lao động - Thương binh và Xã hội quận", "mentions")]),
    ("Xét đề nghị của Giám đốc Sở Nội vụ tại Tờ trình số 15/TTr-SNV ngày 08/01/2026; Thông báo số 45/TB-UBND ngày 12/01/2026 của UBND tỉnh,",
     [("Tờ trình", "15/TTr-SNV", None, "2026-01-08", "Sở Nội vụ", "mentions"),
      ("Thông báo", "45/TB-UBND", None, "2026-01-12", "Ủy ban nhân dân tỉnh", "mentions")]),
    # funding and procedure clauses that follow a document's rules: mentions (x3, h6)
    ("Mức chi thực hiện theo Nghị quyết số 45/2025/NQ-HĐND ngày 10/12/2025 của HĐND tỉnh Quảng Trị.",
     [("Nghị quyết", "45/2025/NQ-HĐND", None, "2025-12-10", "Hội đồng nhân dân tỉnh Quảng Trị", "mentions")]),
    ("Kinh phí thực hiện Kế hoạch được bố trí từ ngân sách quận theo phân cấp của Luật Ngân sách nhà nước, lồng ghép trong các chương trình",
     [("Luật", None, "Luật Ngân sách nhà nước", None, None, "mentions")]),
    # a funding noun before the verb: the clause follows an allocation (heldout hd2; a variant)
    ("Kinh phí thực hiện được bố trí trong dự toán ngân sách năm 2018 đã giao tại Quyết định số 2256/QĐ-UBND ngày 08/12/2017 của UBND tỉnh;",
     [("Quyết định", "2256/QĐ-UBND", None, "2017-12-08", "Ủy ban nhân dân tỉnh", "mentions")]),
    ("Nguồn kinh phí triển khai lấy từ dự toán năm 2024 giao tại Quyết định số 310/QĐ-UBND ngày 20/12/2023 của UBND huyện.",
     [("Quyết định", "310/QĐ-UBND", None, "2023-12-20", "Ủy ban nhân dân huyện", "mentions")]),
    # … but a programme issued "kèm theo" a decision is implemented with it (p4)
    ("- Triển khai có hiệu quả Dự án 8 thuộc Chương trình mục tiêu quốc gia ban hành kèm theo Quyết định số 1719/QĐ-TTg ngày 14/10/2021 của Thủ tướng Chính phủ.",
     [("Quyết định", "1719/QĐ-TTg", None, "2021-10-14", "Thủ tướng Chính phủ", "implements")]),
    # the issuer goes on after a comma when another body follows; stops before the next document (h5, p5)
    ("Thông tư liên tịch số 56/2012/TTLT-BTC-BLĐTBXH ngày 09/4/2012 của Bộ Tài chính, Bộ Lao động - Thương binh và Xã hội.",
     [("Thông tư liên tịch", "56/2012/TTLT-BTC-BLĐTBXH", None, "2012-04-09",
       "Bộ Tài chính, Bộ Lao động - Thương binh và Xã hội", "mentions")]),
    ("Thực hiện Kế hoạch số 3544/KH-UBND ngày 30/6/2021 của UBND tỉnh Bến Tre và Kế hoạch số 48/KH-UBND ngày 21/6/2021 của UBND tỉnh Trà Vinh,",
     [("Kế hoạch", "3544/KH-UBND", None, "2021-06-30", "Ủy ban nhân dân tỉnh Bến Tre", "implements"),
      ("Kế hoạch", "48/KH-UBND", None, "2021-06-21", "Ủy ban nhân dân tỉnh Trà Vinh", "implements")]),
]


@pytest.mark.parametrize("sentence,expected", CITATIONS)
def test_citations(sentence, expected):
    ctx = body(sentence)
    got = [(c.type, c.number, c.name, c.date, c.issuer, c.relation) for c in citations.extract(ctx)]
    assert got == expected


def test_citation_broken_across_a_line():
    """An OCR line break inside the issuer (h5)."""
    ctx = body("- Kinh phí thực hiện theo", "Thông tư liên tịch số 56/2012/TTLT-BTC-BLĐTBXH ngày 09/4/2012 của Bộ Tài chính,",
               "Bộ Lao động - Thương binh và Xã hội.")
    got = [(c.number, c.issuer) for c in citations.extract(ctx)]
    assert got == [("56/2012/TTLT-BTC-BLĐTBXH", "Bộ Tài chính, Bộ Lao động - Thương binh và Xã hội")]


@pytest.mark.parametrize("lines,expected", [
    # "[1]" at the end of the text resolves a title-only citation (p2)
    (["Căn cứ Kế hoạch thực hiện Chiến lược quốc gia về bình đẳng giới giai đoạn 2011 - 2015 của tỉnh[1] và tình hình thực tế tại địa phương, UBND tỉnh Quảng Trị xây dựng Kế hoạch như sau:",
      "I. MỤC TIÊU", "Nơi nhận:", "- Lưu: VT.", "TM. UỶ BAN NHÂN DÂN", "CHỦ TỊCH", "Lê Văn A", "_______________",
      "[1] Kế hoạch số 2247/KH-UBND ngày 26/8/2011 của UBND tỉnh Quảng Trị."],
     ("Kế hoạch", "2247/KH-UBND", "2011-08-26", "Ủy ban nhân dân tỉnh Quảng Trị", "basis")),
    # variant: "(*)" after the body mention, its note after the signature (x4)
    (["Thực hiện Kế hoạch của UBND huyện Krông Pắc về công tác bình đẳng giới năm 2016 (*),",
      "I. MỤC TIÊU", "Nơi nhận:", "- Lưu: VT.", "TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH", "Lê Văn B",
      "(*) Kế hoạch số 38/KH-UBND ngày 21/3/2016 của UBND huyện Krông Pắc."],
     ("Kế hoạch", "38/KH-UBND", "2016-03-21", "Ủy ban nhân dân huyện Krông Pắc", "implements")),
    # the superscript flattened to a digit glued to the word or the year (the HTML renditions of p4, x2)
    (["Thực hiện Kế hoạch của Ủy ban nhân dân thành phố Thủ Đức về thực hiện công tác bình đẳng giới năm 20241,",
      "I. MỤC TIÊU", "Nơi nhận:", "- Lưu: VT.", "TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH", "Lê Văn C",
      "¹ Kế hoạch số 418/KH-UBND ngày 19/01/2024 của Ủy ban nhân dân thành phố Thủ Đức."],
     ("Kế hoạch", "418/KH-UBND", "2024-01-19", "Ủy ban nhân dân thành phố Thủ Đức", "implements")),
    (["Căn cứ Kế hoạch thực hiện Chiến lược quốc gia về bình đẳng giới giai đoạn 2021 - 2030 của tỉnh1 và hướng dẫn của Bộ,",
      "I. MỤC TIÊU", "Nơi nhận:", "- Lưu: VT.", "TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH", "Lê Văn D",
      "¹ Kế hoạch số 2156/KH-UBND ngày 28/6/2021 của UBND tỉnh Điện Biên."],
     ("Kế hoạch", "2156/KH-UBND", "2021-06-28", "Ủy ban nhân dân tỉnh Điện Biên", "basis")),

])
def test_title_only_citation_resolved_by_its_footnote(lines, expected):
    ctx = ctx_of("KẾ HOẠCH", "Thực hiện công tác bình đẳng giới năm 2016", *lines)
    first = citations.extract(ctx)[0]
    assert (first.type, first.number, first.date, first.issuer, first.relation) == expected


DATES = [
    # a citation's date in words is a citation date (x3), and its effective date too (h3)
    ("Căn cứ Luật Bình đẳng giới ngày 29 tháng 11 năm 2006;", [("2006-11-29", "citation")]),
    ("Căn cứ Luật Trẻ em ngày 05 tháng 4 năm 2016; Luật Phòng, chống bạo lực gia đình số 13/2022/QH15 ngày 14/11/2022, có hiệu lực thi hành từ ngày 01/7/2023;",
     [("2016-04-05", "citation"), ("2022-11-14", "citation"), ("2023-07-01", "citation")]),
    # quarters (h1) and a variant written with "năm"
    ("- Mở lớp tập huấn cho thành viên Ban và cán bộ đầu mối trong Quý II/2025.", [("2025-04/2025-06", "deadline")]),
    ("tổ chức sơ kết vào quý IV năm 2027 và tổng kết vào Quý I/2031.",
     [("2027-10/2027-12", "deadline"), ("2031-01/2031-03", "deadline")]),
    ("Trong Quý I và Quý II năm 2024, tuyên truyền; sơ kết vào quý 2/2025.",
     [("2024-01/2024-03", "deadline"), ("2024-04/2024-06", "deadline"), ("2025-04/2025-06", "deadline")]),
    # a month every year
    ("Tổ chức các hoạt động hưởng ứng Tháng hành động vào tháng 11 hằng năm.", [("XXXX-11", "deadline")]),
    # "đến hết ngày" ends a span (and the end's year serves the start)
    ("Tháng hành động được tổ chức từ ngày 15/11 đến hết ngày 15/12/2023.", [("2023-11-15/2023-12-15", "period")]),
    ("Thời gian: từ ngày 20 tháng 10 đến hết ngày 25 tháng 11 năm 2024.", [("2024-10-20/2024-11-25", "period")]),
    # a day-month-year without "ngày"
    ("Các xã gửi báo cáo về Phòng Nội vụ trước 15/12/2025.", [("2025-12-15", "deadline")]),
    ("Hội nghị tổng kết dự kiến trước 05 tháng 12 năm 2023.", [("2023-12-05", "deadline")]),
    # not entries: a day with no month, half-years, bare years
    ("Các đơn vị báo cáo trước ngày 20 hằng tháng; báo cáo 6 tháng đầu năm và năm 2025.", []),
    # a week of a month: the month (h2)
    ("Tọa đàm | Hội Nông dân huyện | Phòng LĐTB&XH | Tuần thứ 3 tháng 11/2019", [("2019-11", "deadline")]),
    ("Triển khai mô hình thí điểm từ tháng 11/2024 đến tháng 02/2025 tại 03 thôn.", [("2024-11/2025-02", "period")]),
    # a span of months in a table cell (p6)
    ("Tuyên truyền phòng, chống xâm hại trẻ em | Sở Giáo dục và Đào tạo | Công an thành phố | Tháng 11 - 12/2019 |",
     [("2019-11/2019-12", "period")]),
    # ceremonies and elections on a day are events (h2, p1, p5); the table cell repeating it adds nothing new
    ("Lễ phát động cấp huyện tổ chức vào lúc 07 giờ 00 phút, thứ Năm, ngày 14/11/2019 tại Hội trường Ủy ban nhân dân huyện;",
     [("2019-11-14", "event")]),
    ("Trong cuộc bầu cử ngày 22/5/2011, tỷ lệ nữ trúng cử đại biểu Hội đồng nhân dân tỉnh đạt 26,4%.", [("2011-05-22", "event")]),
    ("Lễ mít tinh hưởng ứng Tháng hành động tổ chức vào sáng ngày 20/11/2024 tại Quảng trường xã.",
     [("2024-11-20", "event")]),
    # a list shares its cue: "trước ngày 10/6 và 10/12 hằng năm" (x4)
    ("các bộ phận báo cáo kết quả về UBND thị trấn trước ngày 10/6 và 10/12 hằng năm để tổng hợp.",
     [("XXXX-06-10", "deadline"), ("XXXX-12-10", "deadline")]),
    # the start of a change is no deadline (p5)
    ("Từ tháng 3/2025, chức năng quản lý nhà nước về bình đẳng giới được chuyển sang Sở Nội vụ.", [("2025-03", "other")]),
    # "nhân ngày 8/3" is the day itself (x1)
    ("Đề nghị Hội Phụ nữ xã tổ chức các hoạt động nhân ngày 8/3, 20/10;", [("XXXX-03-08", "event"), ("XXXX-10-20", "event")]),
    # typed without tone marks (x5)
    ("- Bao cao tinh hinh tao hon ve UBND xa truoc ngay 15/12 hang nam.", [("XXXX-12-15", "deadline")]),
    # a month every year, written "hàng năm" (a variant of the row above)
    ("Ra quân hưởng ứng vào tháng 6 hàng năm tại các khu dân cư.", [("XXXX-06", "deadline")]),
    # a day given with its hour is a gathering's day (heldout hd4), in another order and with "h";
    # a deadline's hour keeps its cue
    ("- Thời gian: 07 giờ 30 phút, ngày 17/11/2023; địa điểm: Quảng trường Trung tâm thị xã.", [("2023-11-17", "event")]),
    ("Hội nghị đối thoại với phụ nữ khai mạc lúc 14h00, chiều ngày 08/3/2024 tại hội trường xã.", [("2024-03-08", "event")]),
    ("Các đơn vị gửi báo cáo trước 17 giờ ngày 15/12/2025 để tổng hợp.", [("2025-12-15", "deadline")]),
    # what was done by a date is no deadline (heldout2 k3; a variant with a day); a strong cue still is
    ("Hồ sơ, dữ liệu, công chức làm công tác bình đẳng giới đã được bàn giao trong tháng 3/2025.", [("2025-03", "other")]),
    ("Ban Vì sự tiến bộ của phụ nữ huyện đã được kiện toàn vào ngày 12/8/2024.", [("2024-08-12", "other")]),
    ("Các xã đã xây dựng kế hoạch, gửi về Phòng Nội vụ trước ngày 20/12/2024.", [("2024-12-20", "deadline")]),
]


@pytest.mark.parametrize("sentence,expected", DATES)
def test_dates(sentence, expected):
    ctx = body(sentence)
    got = [(d.value, d.kind) for d in dates.extract(ctx, citations.spans(citations.extract(ctx)))]
    assert got == expected


def test_table_cell_repeating_an_event_is_the_event():
    ctx = body("Lễ phát động cấp xã tổ chức vào ngày 14/11/2025 tại Hội trường Ủy ban nhân dân xã.",
               "Nhiệm vụ | Đơn vị chủ trì | Đơn vị phối hợp | Thời gian",
               "Tổ chức Lễ phát động | Phòng Văn hóa - Xã hội | Hội LHPN xã | Ngày 14/11/2025")
    got = [(d.value, d.kind) for d in dates.extract(ctx, [])]
    assert got == [("2025-11-14", "event"), ("2025-11-14", "event")]


@pytest.mark.parametrize("block,expected", [
    (["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Trần Thị Bích Thủy"], ("Trần Thị Bích Thủy", "Phó Chủ tịch")),
    (["T/M ỦY BAN NHÂN DÂN", "CHỦ TỊCH", "(Ký tên, đóng dấu)", "Phan Văn Đức"], ("Phan Văn Đức", "Chủ tịch")),
    (["TL. CHỦ TỊCH", "CHÁNH VĂN PHÒNG", "Đinh Thị Mai"], ("Đinh Thị Mai", "Chánh Văn phòng")),
    (["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "LÒ VĂN PHONG"], ("LÒ VĂN PHONG", "Phó Chủ tịch")),
    # OCR of a scan (h3): the block beside the recipients, the title lost in noise, a rule after the name
    (["Nơi nhận: TM. ỦY BAN NHÂN DÂN",
      "- Sở LÐ-TB&XH tỉnh Thái Bình (b/c); T.CH š ICH - - TT Huyện ủy, TT HĐND huyện; ` > HÔ r1 1 - CT, các PCT UBND huyện; P C ỊC",
      "- Lưu: VT, LĐTBXH.", "Bùi Thị Hương Giang _"], ("Bùi Thị Hương Giang", None)),
    (["TM. ỦY BAN NHÂN DÂN", "Q. CHỦ TỊCH", "Lý Mí Chứ"], ("Lý Mí Chứ", "Quyền Chủ tịch")),
    (["TM. Ủy ban nhân dân", "KT. Chủ tịch", "Phó Chủ tịch", "(Đã ký và đóng dấu)", "Hà Văn Sơn"], ("Hà Văn Sơn", "Phó Chủ tịch")),
    # an appendix (structure.yaml appendix_words) ends the block: its lines are no signer
    (["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH", "Vi Văn Hùng", "PHỤ LỤC II: CHỈ TIÊU NĂM 2026", "Lò Thị Mai | Hội LHPN"],
     ("Vi Văn Hùng", "Chủ tịch")),
])
def test_signature_blocks(block, expected):
    head = () if block[0].startswith("Nơi nhận") else ("Nơi nhận:", "- Lưu: VT, KT.")
    ctx = ctx_of("KẾ HOẠCH", "Thực hiện công tác bình đẳng giới năm 2025", *PLAN_BODY, *head, *block)
    m = meta.extract(ctx)
    assert (m.signer_name, m.signer_title) == expected


# The period a line of the body states (meta.yaml period_lines), read when the title names no year:
# the corpus sentence (corpus 002), variants, and an activity's own period (devset h6), which is not the plan's.
@pytest.mark.parametrize("line,expected", [
    ("1. Thời gian thực hiện: Năm 2025.", (2025, 2025)),
    ("2. Thời gian thực hiện: từ năm 2021 đến năm 2025.", (2021, 2025)),
    ("THỜI GIAN THỰC HIỆN: 2026 - 2030", (2026, 2030)),
    ("- Thời gian thực hiện mô hình: năm 2022 - 2023; sơ kết, đánh giá trong Quý IV/2023.", (2019, 2019)),
])
def test_period_from_a_line_of_the_body(line, expected):
    ctx = ctx_of("ỦY BAN NHÂN DÂN", "XÃ TÂN AN", "Số: 12/KH-UBND", "Tân An, ngày 05 tháng 3 năm 2019", "KẾ HOẠCH",
                 "Thực hiện công tác bình đẳng giới và vì sự tiến bộ của phụ nữ", "I. MỤC ĐÍCH, YÊU CẦU",
                 "- Nâng cao nhận thức về bình đẳng giới.", "II. TỔ CHỨC THỰC HIỆN", line)
    m = meta.extract(ctx)
    assert (m.issue_date, m.period_start, m.period_end) == ("2019-03-05", *expected)


def test_appendix_after_the_signature_is_read():
    """A PHỤ LỤC printed after a plan's signature is part of the plan, not of the signature."""
    ctx = ctx_of("KẾ HOẠCH", "Thực hiện công tác bình đẳng giới năm 2024", *PLAN_BODY, "Nơi nhận:", "- Lưu: VT.",
                 "TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH", "NGUYỄN VĂN AN", "PHỤ LỤC",
                 "Lịch tổ chức các hoạt động Tháng hành động năm 2024",
                 "Mít tinh hưởng ứng | Hội LHPN xã | Trước ngày 14/11/2024")
    m = meta.extract(ctx)
    assert (m.signer_name, m.signer_title) == ("NGUYỄN VĂN AN", "Chủ tịch")
    got = [(d.value, d.kind) for d in dates.extract(ctx, [])]
    assert got == [("2025-12-15", "deadline"), ("2024-11-14", "deadline")]


@pytest.mark.parametrize("line,expected", [
    # the plan's own number in a running page header is no citation, its date is the issue date (x5)
    ("Kế hoạch số 36/KH-UBND ngày 20/5/2021 của UBND xã Lũng Cú Trang 2/4", ([], [("2021-05-20", "issue")])),
    # the same number with another date is another document
    ("Thực hiện Kế hoạch số 36/KH-UBND ngày 02/3/2021 của UBND huyện Đồng Văn,",
     (["36/KH-UBND"], [("2021-03-02", "citation")])),
])
def test_own_number_is_no_citation(line, expected):
    ctx = ctx_of("UBND HUYỆN ĐỒNG VĂN", "ỦY BAN NHÂN DÂN XÃ LŨNG CÚ", "Số: 36/KH-UBND", "Lũng Cú, ngày 20 tháng 5 năm 2021",
                 "KẾ HOẠCH", "Thực hiện công tác bình đẳng giới năm 2021", "I. MỤC ĐÍCH, YÊU CẦU", line)
    meta.extract(ctx)
    cits = citations.extract(ctx)
    got = [(d.value, d.kind) for d in dates.extract(ctx, citations.spans(cits)) if d.section != "header"]
    assert ([c.number for c in cits], got) == expected


# The national strategy a target answers comes from the strategies' periods (domains_national.yaml),
# not from numbers written in the engine: a target due by 2020 answers the 2011–2020 strategy.
@pytest.mark.parametrize("year,strategy", [
    (2015, "qd-2351-qd-ttg-2010"), (2020, "qd-2351-qd-ttg-2010"), (2009, "qd-2351-qd-ttg-2010"),
    (2021, "nq-28-nq-cp-2021"), (2030, "nq-28-nq-cp-2021"), (None, "nq-28-nq-cp-2021"),
])
def test_strategy_by_the_period_of_its_deadline(year, strategy):
    from extractors import catalogue

    assert catalogue._strategy_for(year) == strategy
