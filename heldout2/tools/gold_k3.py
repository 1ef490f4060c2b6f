from common import C, T, A, D, write

meta = dict(doc_type="Kế hoạch", doc_number="1127/KH-SNV", doc_symbol="KH-SNV",
            issue_date="2025-04-21", issuer="Sở Nội vụ tỉnh Thanh Hóa",
            locality_name="Thanh Hóa", locality_type="tỉnh", locality_level="province",
            province="Thanh Hóa", period="2025", signer_name="Lê Thị Quỳnh Trang",
            signer_title="Phó Giám đốc")
BTV = "Ban Thường vụ Tỉnh ủy"
cit = [
    C("Nghị quyết", "18-NQ/TW", None, "2017-10-25", "Ban Chấp hành Trung ương Đảng khóa XII", "basis",
      "Nghị quyết số 18-NQ/TW ngày 25/10/2017 của Ban Chấp hành Trung ương Đảng khóa XII"),
    C("Nghị định", "45/2025/NĐ-CP", None, "2025-02-28", "Chính phủ", "basis",
      "Nghị định số 45/2025/NĐ-CP ngày 28/02/2025 của Chính phủ"),
    C("Quyết định", "905/QĐ-UBND", None, "2025-03-12", "Chủ tịch Ủy ban nhân dân tỉnh Thanh Hóa", "basis",
      "Quyết định số 905/QĐ-UBND ngày 12/3/2025 của Chủ tịch UBND tỉnh Thanh Hóa"),
    C("Chỉ thị", "21-CT/TW", None, "2018-01-20", "Ban Bí thư", "implements",
      "Chỉ thị số 21-CT/TW ngày 20/01/2018 của Ban Bí thư"),
    C("Chỉ thị", "17-CT/TU", None, "2022-08-08", BTV, "implements",
      "Chỉ thị số 17-CT/TU ngày 08/8/2022 của Ban Thường vụ Tỉnh ủy"),
    C("Kết luận", "214-KL/TU", None, "2025-03-26", BTV, "implements",
      "Kết luận số 214-KL/TU ngày 26/3/2025 của Ban Thường vụ Tỉnh ủy"),
    C("Kế hoạch", "74/KH-UBND", None, "2025-04-04", "Ủy ban nhân dân tỉnh", "implements",
      "Kế hoạch số 74/KH-UBND ngày 04/4/2025 của UBND tỉnh"),
    C("Luật", None, "Luật Bình đẳng giới", None, None, "mentions", "Luật Bình đẳng giới"),
    C("Luật", None, "Luật Phòng, chống bạo lực gia đình", "2022", None, "mentions",
      "Luật Phòng, chống bạo lực gia đình năm 2022"),
]
Y = "2025"
tg = [
    T(20, "%", ">=", "nữ tham gia Ban Chấp hành Đảng bộ tỉnh nhiệm kỳ 2025 - 2030", Y, "politics",
      "Tỷ lệ nữ tham gia Ban Chấp hành Đảng bộ tỉnh nhiệm kỳ 2025 - 2030 đạt 20%"),
    T(35, "%", ">=", "nữ trong danh sách nhân sự dự kiến giới thiệu ứng cử đại biểu Hội đồng nhân dân tỉnh nhiệm kỳ 2026 - 2031", Y, "politics",
      "Tỷ lệ nữ trong danh sách nhân sự dự kiến giới thiệu ứng cử đại biểu Hội đồng nhân dân tỉnh nhiệm kỳ 2026 - 2031 ít nhất 35%"),
    T(100, "%", ">=", "cơ quan, đơn vị thuộc Sở Nội vụ và Phòng Nội vụ các huyện, thị xã, thành phố có công chức được phân công theo dõi công tác bình đẳng giới", "2025-06-30", "governance",
      "100% cơ quan, đơn vị thuộc Sở Nội vụ và Phòng Nội vụ các huyện, thị xã, thành phố có công chức được phân công theo dõi công tác bình đẳng giới trước ngày 30/6/2025"),
    T(3, "lớp", ">=", "lớp bồi dưỡng kiến thức về giới, lồng ghép giới cho công chức mới được giao nhiệm vụ", "2025-07/2025-09", "governance",
      "Tổ chức 03 lớp bồi dưỡng kiến thức về giới, lồng ghép giới cho công chức mới được giao nhiệm vụ, hoàn thành trong quý III/2025"),
    T(5, "%", ">=", "mức giảm số vụ bạo lực gia đình phát hiện trên địa bàn tỉnh so với năm 2024", Y, "family_gbv",
      "Số vụ bạo lực gia đình phát hiện trên địa bàn tỉnh giảm 5% so với năm 2024"),
    T(100, "%", ">=", "hồ sơ, số liệu thống kê giới được bàn giao được số hóa", "2025-10-31", "governance",
      "Số hóa 100% hồ sơ, số liệu thống kê giới được bàn giao trước ngày 31/10/2025"),
]
NV = "Sở Nội vụ"
YT = "Sở Y tế"
VH = "Sở Văn hóa, Thể thao và Du lịch"
CT = "Phòng Công tác thanh niên và Bình đẳng giới"
VP = "Văn phòng Sở"
asg = [
    A(NV, "Sở Nội vụ", "standing"),
    A(NV, "Sở Nội vụ", "lead"),
    A(YT, "Sở Y tế", "coordinate"),
    A("Sở Giáo dục và Đào tạo", "Sở Giáo dục và Đào tạo", "coordinate"),
    A(VH, "Sở Văn hóa, Thể thao và Du lịch", "coordinate"),
    A("Công an", "Công an tỉnh", "coordinate"),
    A(CT, "Phòng Công tác thanh niên và Bình đẳng giới", "lead"),
    A(VP, "Văn phòng Sở", "coordinate"),
    A("Phòng Tổ chức cán bộ và Tổ chức phi chính phủ", "Phòng Tổ chức cán bộ và Tổ chức phi chính phủ", "lead"),
    A("Ban Tổ chức Tỉnh ủy", "Ban Tổ chức Tỉnh ủy", "coordinate"),
    A("Phòng Xây dựng chính quyền", "Phòng Xây dựng chính quyền", "lead"),
    A(CT, "Phòng Công tác thanh niên và Bình đẳng giới", "coordinate"),
    A(VP, "Văn phòng Sở", "lead"),
    A(YT, "Sở Y tế", "requested"),
    A(VH, "Sở Văn hóa, Thể thao và Du lịch", "requested"),
    A("Sở Tài chính", "Sở Tài chính", "requested"),
    A("Ủy ban nhân dân các huyện, thị xã, thành phố", "UBND các huyện, thị xã, thành phố", "requested"),
    A("Hội Liên hiệp Phụ nữ", "Hội Liên hiệp Phụ nữ tỉnh", "requested"),
    A(NV, "Sở Nội vụ", "coordinate"),
]
dt = [
    D("2025-04-21", "issue", "ngày 21 tháng 4 năm 2025"),
    D("2017-10-25", "citation", "ngày 25/10/2017"),
    D("2025-02-28", "citation", "ngày 28/02/2025"),
    D("2025-03-12", "citation", "ngày 12/3/2025"),
    D("2018-01-20", "citation", "ngày 20/01/2018"),
    D("2022-08-08", "citation", "ngày 08/8/2022"),
    D("2025-03-26", "citation", "ngày 26/3/2025"),
    D("2025-04-04", "citation", "ngày 04/4/2025"),
    D("2025-03-01", "other", "Từ ngày 01/3/2025"),
    D("2025-03", "other", "trong tháng 3/2025"),
    D("2025-06-30", "deadline", "trước ngày 30/6/2025"),
    D("2025-07/2025-09", "deadline", "trong quý III/2025"),
    D("2025-10-31", "deadline", "trước ngày 31/10/2025"),
    D("XXXX-06-28", "event", "Ngày Gia đình Việt Nam 28/6"),
    D("XXXX-10-20", "event", "Ngày Phụ nữ Việt Nam 20/10"),
    D("2025-11-15/2025-12-15", "period", "từ ngày 15/11 đến ngày 15/12/2025"),
    D("2025-09", "deadline", "trong tháng 9/2025"),
    D("2025-12-05", "deadline", "trước ngày 05/12/2025"),
    D("2025-11-25", "deadline", "trước ngày 25/11/2025"),
    D("2025-05-20", "deadline", "trước ngày 20/5/2025"),
    D("2025-06-10", "deadline", "trước ngày 10/6/2025"),
]
write("k3_snv_thanh_hoa_2025", meta, cit, tg, asg, dt)
