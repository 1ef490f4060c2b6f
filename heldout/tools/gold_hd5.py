from common import C, T, A, D, write

meta = dict(doc_type="Kế hoạch", doc_number=None, doc_symbol="KH-UBND",
            issue_date="2025-12", issuer="Ủy ban nhân dân xã Bình Liêu",
            locality_name="Bình Liêu", locality_type="xã", locality_level="commune",
            province="Quảng Ninh", period="2026/2030", signer_name="Lương Thị Hiền",
            signer_title="Chủ tịch")
cit = [
    C("Luật", "72/2025/QH15", "Luật Tổ chức chính quyền địa phương", None, None, "basis",
      "Luật Tổ chức chính quyền địa phương số 72/2025/QH15"),
    C("Nghị định", "150/2025/NĐ-CP", None, None, "Chính phủ", "basis",
      "Nghị định số 150/2025/NĐ-CP của Chính phủ"),
    C("Nghị quyết", "28/NQ-CP", None, "2021-03-03", "Chính phủ", "basis",
      "Nghị quyết số 28/NQ-CP ngày 03/3/2021 của Chính phủ"),
    C("Kế hoạch", "215/KH-UBND", None, "2025-10-14", "Ủy ban nhân dân tỉnh Quảng Ninh", "implements",
      "Kế hoạch số 215/KH-UBND ngày 14/10/2025 của UBND tỉnh Quảng Ninh"),
    C("Văn bản", "1288/SNV-BĐG", None, "2025-11-03", "Sở Nội vụ tỉnh Quảng Ninh", "implements",
      "Văn bản số 1288/SNV-BĐG ngày 03/11/2025 của Sở Nội vụ tỉnh Quảng Ninh"),
]
E = "2030"
tg = [
    T(30, "%", ">=", "nữ lãnh đạo chủ chốt trong các cơ quan, đơn vị của xã", E, "politics",
      "Tỷ lệ nữ lãnh đạo chủ chốt trong các cơ quan, đơn vị của xã tăng từ 20% (năm 2025) lên 30% (năm 2030)"),
    T(30, "%", "=", "nữ đại biểu Hội đồng nhân dân xã nhiệm kỳ 2026 - 2031", E, "politics",
      "Tỷ lệ nữ đại biểu Hội đồng nhân dân xã nhiệm kỳ 2026 - 2031 đạt từ 30% đến 35%", value_max=35),
    T(45, "%", ">=", "lao động nữ có việc làm phi nông nghiệp", E, "economy_labor",
      "Tỷ lệ lao động nữ có việc làm phi nông nghiệp tăng từ 38% (năm 2025) lên 45% (năm 2030)"),
    T(40, "phụ nữ", "=", "phụ nữ dân tộc thiểu số được hỗ trợ vay vốn phát triển sinh kế mỗi năm", E, "economy_labor",
      "Mỗi năm hỗ trợ 40 - 50 phụ nữ dân tộc thiểu số vay vốn phát triển sinh kế", value_max=50),
    T(100, "%", "=", "người bị bạo lực trên cơ sở giới được phát hiện được hỗ trợ, tư vấn kịp thời", E, "family_gbv",
      "100% người bị bạo lực trên cơ sở giới được phát hiện được hỗ trợ, tư vấn kịp thời"),
    T(1.5, "lần", "<=", "thời gian làm công việc nội trợ và chăm sóc gia đình không được trả công của nữ giới so với nam giới", E, "family_gbv",
      "Thời gian làm công việc nội trợ và chăm sóc gia đình không được trả công của nữ giới giảm xuống còn 1,5 lần so với nam giới vào năm 2030"),
    T(106, "bé trai/100 bé gái", "=", "tỷ số giới tính khi sinh", E, "health",
      "Tỷ số giới tính khi sinh ở mức 106 - 108 bé trai/100 bé gái sinh ra sống", value_max=108),
    T(1.5, "%", "<=", "tảo hôn", E, "health",
      "Tỷ lệ tảo hôn giảm từ 4,2% (năm 2025) xuống còn dưới 1,5% (năm 2030)"),
    T(95, "%", "=", "trẻ em gái dân tộc thiểu số hoàn thành chương trình trung học cơ sở", "2028", "education",
      "Tỷ lệ trẻ em gái dân tộc thiểu số hoàn thành chương trình trung học cơ sở đạt 95% vào năm 2028 và 98% vào năm 2030"),
    T(98, "%", "=", "trẻ em gái dân tộc thiểu số hoàn thành chương trình trung học cơ sở", "2030", "education",
      "Tỷ lệ trẻ em gái dân tộc thiểu số hoàn thành chương trình trung học cơ sở đạt 95% vào năm 2028 và 98% vào năm 2030"),
    T(12, "tin, bài", ">=", "tin, bài về bình đẳng giới trên hệ thống truyền thanh xã và trang thông tin điện tử của xã hằng năm", E, "information",
      "Hằng năm, hệ thống truyền thanh xã và trang thông tin điện tử của xã đăng, phát ít nhất 12 tin, bài về bình đẳng giới"),
    T(80, "%", "=", "cán bộ, công chức của xã được tập huấn kiến thức về giới, lồng ghép giới", "2027", "governance",
      "Từ 80% đến 100% cán bộ, công chức của xã được tập huấn kiến thức về giới, lồng ghép giới vào năm 2027", value_max=100),
]
VX = "Phòng Văn hóa - Xã hội"
asg = [
    A(VX, VX, "standing"), A(VX, VX, "lead"),
    A("Văn phòng Hội đồng nhân dân và Ủy ban nhân dân", "Văn phòng HĐND và UBND xã", "lead"),
    A("Phòng Kinh tế", "Phòng Kinh tế", "lead"),
    A("Hội Liên hiệp Phụ nữ", "Hội Liên hiệp Phụ nữ xã", "coordinate"),
    A("Trạm Y tế", "Trạm Y tế xã", "lead"),
    A("Công an", "Công an xã", "lead"),
    A(VX, VX, "coordinate"),
    A("Trung tâm Phục vụ hành chính công", "Trung tâm Phục vụ hành chính công xã", "lead"),
    A("Các trường Mầm non, Tiểu học, Trung học cơ sở", "các trường Mầm non, Tiểu học, Trung học cơ sở", "lead"),
    A("Trưởng các thôn, khu phố", "Trưởng các thôn, khu phố", "lead"),
    A("Ủy ban Mặt trận Tổ quốc Việt Nam", "Ủy ban Mặt trận Tổ quốc Việt Nam xã", "requested"),
]
dt = [
    D("2025-12", "issue", "ngày tháng 12 năm 2025"),
    D("2021-03-03", "citation", "ngày 03/3/2021"),
    D("2025-10-14", "citation", "ngày 14/10/2025"),
    D("2025-11-03", "citation", "ngày 03/11/2025"),
    D("2025-07-01", "other", "từ ngày 01/7/2025"),
    D("2026-01/2026-03", "deadline", "trong Quý I/2026"),
    D("XXXX-06-28", "event", "Ngày Gia đình Việt Nam 28/6"),
    D("XXXX-11-15/XXXX-12-15", "period", "từ ngày 15/11 đến ngày 15/12 hằng năm"),
    D("XXXX-12-10", "deadline", "trước ngày 10/12 hằng năm"),
]
write("hd5_binh_lieu_2026_2030", meta, cit, tg, asg, dt)
