from common import C, T, A, D, write

meta = dict(doc_type="Kế hoạch", doc_number=None, doc_symbol=None, issue_date=None,
            issuer="Ban Vì sự tiến bộ của phụ nữ huyện Con Cuông",
            locality_name="Con Cuông", locality_type="huyện", locality_level="district",
            province="Nghệ An", period="2013", signer_name="Vi Văn Hòa",
            signer_title="Trưởng ban")
cit = [
    C("Quyết định", "2351/QĐ-TTg", None, "2010-12-24", "Thủ tướng Chính phủ", "basis",
      "Quyết định số 2351/QĐ-TTg ngày 24/12/2010 của Thủ tướng Chính phủ"),
    C("Quyết định", "1241/QĐ-TTg", None, "2011-07-22", "Thủ tướng Chính phủ", "basis",
      "Quyết định số 1241/QĐ-TTg ngày 22/7/2011 của Thủ tướng Chính phủ"),
    C("Quyết định", "1520/QĐ-UBND", None, "2012-09-10", "Ủy ban nhân dân huyện Con Cuông", "basis",
      "Quyết định số 1520/QĐ-UBND ngày 10/9/2012 của UBND huyện Con Cuông"),
    C("Kế hoạch", "45/KH-BVSTBPN", None, "2013-01-25", "Ban Vì sự tiến bộ của phụ nữ tỉnh Nghệ An", "implements",
      "Kế hoạch số 45/KH-BVSTBPN ngày 25/01/2013 của Ban Vì sự tiến bộ của phụ nữ tỉnh Nghệ An"),
    C("Luật", None, "Luật Bình đẳng giới", None, None, "mentions", "Luật Bình đẳng giới"),
    C("Luật", None, "Luật Hôn nhân và gia đình", None, None, "mentions", "Luật Hôn nhân và gia đình"),
]
Y = "2013"
tg = [
    T(30, "%", ">=", "cơ quan, đơn vị cấp huyện có lãnh đạo chủ chốt là nữ", Y, "politics",
      "Phần đấu 30% cơ quan, đơn vị cấp huyện có lãnh đạo chủ chốt là nữ"),
    T(500, "lao động", "=", "lao động được tạo việc làm mới", Y, "economy_labor",
      "Tạo việc làm mới cho 500 lao động"),
    T(40, "%", ">=", "nữ trong số lao động được tạo việc làm mới", Y, "economy_labor",
      "nữ chiếm ít nhất 40%"),
    T(70, "%", "=", "lao động nữ nông thôn dưới 45 tuổi có nhu cầu được tư vấn học nghề", Y, "economy_labor",
      "70% lao động nữ nông thôn dưới 45 tuổi có nhu cầu được tư vấn học nghề"),
    T(85, "%", "=", "phụ nữ sinh con tại cơ sở y tế", Y, "health",
      "Tỷ lệ phụ nữ sinh con tại cơ sở y tế đạt 85%"),
    T(58, "/100.000 trẻ đẻ sống", "<=", "tỷ suất tử vong mẹ", Y, "health",
      "Tỷ suất tử vong mẹ không quá 58/100.000 trẻ đẻ sống"),
    T(1, "câu lạc bộ", ">=", "câu lạc bộ \"Gia đình phát triển bền vững\" ở mỗi xã, thị trấn", Y, "family_gbv",
      "Mỗi xã, thị trấn có ít nhất 01 câu lạc bộ \"Gia đình phát triển bền vững\""),
    T(100, "%", "=", "xã, thị trấn kiện toàn Ban Vì sự tiến bộ của phụ nữ", Y, "governance",
      "100% xã, thị trấn kiện toàn Ban Vì sự tiến bộ của phụ nữ"),
]
LD = "Phòng Lao động - Thương binh và Xã hội"
asg = [
    A(LD, LD, "standing"), A(LD, LD, "lead"),
    A("Phòng Nội vụ", "Phòng Nội vụ", "lead"),
    A("Phòng Văn hóa và Thông tin", "Phòng Văn hóa và Thông tin", "lead"),
    A("Đài Truyền thanh - Truyền hình", "Đài Truyền thanh - Truyền hình huyện", "coordinate"),
    A("Phòng Y tế", "Phòng Y tế", "lead"),
    A("Trung tâm Y tế", "Trung tâm Y tế huyện", "lead"),
    A("Phòng Giáo dục và Đào tạo", "Phòng Giáo dục và Đào tạo", "lead"),
    A("Phòng Tư pháp", "Phòng Tư pháp", "lead"),
    A("Công an", "Công an huyện", "lead"),
    A("Vườn quốc gia Pù Mát", "Vườn quốc gia Pù Mát", "lead"),
    A("Ủy ban nhân dân các xã vùng đệm", "UBND các xã vùng đệm", "coordinate"),
    A("Hội Liên hiệp Phụ nữ", "Hội Liên hiệp Phụ nữ huyện", "lead"),
    A("Liên đoàn Lao động", "Liên đoàn Lao động huyện", "lead"),
    A("Đoàn Thanh niên Cộng sản Hồ Chí Minh", "Huyện đoàn", "lead"),
    A("Bảo hiểm xã hội", "Bảo hiểm xã hội huyện", "lead"),
    A("Ban Vì sự tiến bộ của phụ nữ các xã, thị trấn", "Ban Vì sự tiến bộ của phụ nữ các xã, thị trấn", "lead"),
    A("Ủy ban Mặt trận Tổ quốc Việt Nam", "Ủy ban MTTQ huyện", "requested"),
    A("Phòng Tài chính - Kế hoạch", "Phòng Tài chính - Kế hoạch", "lead"),
]
dt = [
    D("2010-12-24", "citation", "ngày 24/12/2010"),
    D("2011-07-22", "citation", "ngày 22/7/2011"),
    D("2012-09-10", "citation", "ngày 10/9/2012"),
    D("2013-01-25", "citation", "ngày 25/01/2013"),
    D("XXXX-03-08", "event", "Ngày Quốc tế Phụ nữ 8/3"),
    D("2013-07", "deadline", "tháng 7/2013"),
    D("2013-12", "deadline", "tháng 12/2013"),
    D("2013-06-15", "deadline", "trước ngày 15/6/2013"),
    D("2013-11-15", "deadline", "15/11/2013"),
]
write("hd7_con_cuong_2013", meta, cit, tg, asg, dt)
