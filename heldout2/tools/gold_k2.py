from common import C, T, A, D, write

meta = dict(doc_type="Kế hoạch", doc_number="186/KH-UBND", doc_symbol="KH-UBND",
            issue_date="2021-07-27", issuer="Ủy ban nhân dân thành phố Tam Kỳ",
            locality_name="Tam Kỳ", locality_type="thành phố", locality_level="district",
            province="Quảng Nam", period="2021/2025", signer_name="Trần Thị Kim Hoa",
            signer_title="Phó Chủ tịch")
cit = [
    C("Luật", "73/2006/QH11", "Luật Bình đẳng giới", "2006-11-29", None, "basis",
      "Luật Bình đẳng giới số 73/2006/QH11 ngày 29/11/2006"),
    C("Nghị quyết", "28/NQ-CP", None, "2021-03-03", "Chính phủ", "basis",
      "Nghị quyết số 28/NQ-CP ngày 03/3/2021 của Chính phủ"),
    C("Kế hoạch", "3905/KH-UBND", None, "2021-07-02", "Ủy ban nhân dân tỉnh Quảng Nam", "implements",
      "Kế hoạch số 3905/KH-UBND ngày 02/7/2021 của UBND tỉnh Quảng Nam"),
    C("Thông tư liên tịch", "56/2012/TTLT-BTC-BLĐTBXH", None, "2012-04-09",
      "Bộ Tài chính và Bộ Lao động - Thương binh và Xã hội", "mentions",
      "Thông tư liên tịch số 56/2012/TTLT-BTC-BLĐTBXH ngày 09/4/2012 của Bộ Tài chính và Bộ Lao động - Thương binh và Xã hội"),
]
Y = "2025"
S3 = "Tỷ lệ lao động nữ làm công hưởng lương đạt 55% vào năm 2023 và 58% vào năm 2025"
tg = [
    T(50, "%", ">=", "cơ quan quản lý nhà nước, cơ quan của Đảng, tổ chức chính trị - xã hội cấp thành phố có lãnh đạo chủ chốt là nữ", Y, "politics",
      "Tỷ lệ cơ quan quản lý nhà nước, cơ quan của Đảng, tổ chức chính trị - xã hội cấp thành phố có lãnh đạo chủ chốt là nữ đạt ít nhất 50%"),
    T(35, "%", ">=", "nữ giữ chức vụ lãnh đạo cấp phòng và tương đương trở lên", Y, "politics",
      "Tỷ lệ nữ giữ chức vụ lãnh đạo cấp phòng và tương đương trở lên đạt trên 35%"),
    T(55, "%", "=", "lao động nữ làm công hưởng lương", "2023", "economy_labor", S3),
    T(58, "%", "=", "lao động nữ làm công hưởng lương", "2025", "economy_labor", S3),
    T(27, "%", ">=", "nữ giám đốc, chủ doanh nghiệp, hợp tác xã", Y, "economy_labor",
      "Tỷ lệ nữ giám đốc, chủ doanh nghiệp, hợp tác xã đạt ít nhất 27%"),
    T(108, "bé trai/100 bé gái", "<=", "tỷ số giới tính khi sinh", Y, "health",
      "Tỷ số giới tính khi sinh không quá 108 bé trai/100 bé gái sinh ra sống"),
    T(6, "‰", "<=", "tỷ suất sinh ở tuổi vị thành niên", Y, "health",
      "Tỷ suất sinh ở tuổi vị thành niên dưới 6‰"),
    T(90, "%", "=", "người bị bạo lực gia đình được phát hiện được tư vấn về pháp lý và sức khỏe, được hỗ trợ và chăm sóc tại các cơ sở trợ giúp", Y, "family_gbv",
      "Tỷ lệ người bị bạo lực gia đình được phát hiện được tư vấn về pháp lý và sức khỏe, được hỗ trợ và chăm sóc tại các cơ sở trợ giúp đạt 90%"),
    T(0.5, "%", "<=", "học sinh nữ, học sinh nam bỏ học cấp trung học cơ sở", Y, "education",
      "Tỷ lệ học sinh nữ, học sinh nam bỏ học cấp trung học cơ sở dưới 0,5%"),
    T(24, "tin, bài", ">=", "tin, bài về bình đẳng giới mỗi năm trên hệ thống truyền thanh và Cổng thông tin điện tử thành phố", Y, "information",
      "Mỗi năm phát ít nhất 24 tin, bài về bình đẳng giới trên hệ thống truyền thanh và Cổng thông tin điện tử thành phố"),
    T(100, "%", "=", "phường, xã bố trí công chức làm công tác bình đẳng giới được tập huấn nghiệp vụ ít nhất 01 lần trong giai đoạn", Y, "governance",
      "100% phường, xã bố trí công chức làm công tác bình đẳng giới được tập huấn nghiệp vụ ít nhất 01 lần trong giai đoạn"),
    T(2, "lớp", "=", "lớp tập huấn kiến thức về giới, lồng ghép giới cho công chức phường, xã mỗi năm", Y, "governance",
      "Tập huấn kiến thức về giới, lồng ghép giới cho công chức phường, xã (02 lớp/năm)"),
]
LD = "Phòng Lao động - Thương binh và Xã hội"
XA = "Ủy ban nhân dân các phường, xã"
VH = "Phòng Văn hóa và Thông tin"
asg = [
    A(LD, "Phòng LĐ-TB&XH", "lead"),
    A("Phòng Nội vụ", "Phòng Nội vụ", "coordinate"),
    A("Phòng Nội vụ", "Phòng Nội vụ", "lead"),
    A("Ban Tổ chức Thành ủy", "Ban Tổ chức Thành ủy", "coordinate"),
    A(XA, "UBND các phường, xã", "coordinate"),
    A("Trung tâm Văn hóa - Thể thao và Truyền thanh - Truyền hình", "Trung tâm Văn hóa - Thể thao và Truyền thanh - Truyền hình", "lead"),
    A(VH, "Phòng Văn hóa và Thông tin", "coordinate"),
    A("Phòng Kinh tế", "Phòng Kinh tế", "lead"),
    A("Hội Liên hiệp Phụ nữ", "Hội LHPN thành phố", "coordinate"),
    A("Hội Nông dân", "Hội Nông dân thành phố", "coordinate"),
    A("Trung tâm Y tế", "Trung tâm Y tế thành phố", "lead"),
    A("Phòng Y tế", "Phòng Y tế", "coordinate"),
    A("Phòng Giáo dục và Đào tạo", "Phòng GD&ĐT", "lead"),
    A("Đoàn Thanh niên Cộng sản Hồ Chí Minh", "Thành Đoàn", "coordinate"),
    A("Chi cục Thống kê", "Chi cục Thống kê thành phố", "coordinate"),
    A(LD, "Phòng Lao động - Thương binh và Xã hội thành phố", "standing"),
    A("Phòng Tài chính - Kế hoạch", "Phòng Tài chính - Kế hoạch", "lead"),
    A(LD, "Phòng Lao động - Thương binh và Xã hội", "coordinate"),
    A("Công an", "Công an thành phố", "lead"),
    A("Phòng Tư pháp", "Phòng Tư pháp", "coordinate"),
    A(XA, "UBND các phường, xã", "lead"),
    A("Ủy ban Mặt trận Tổ quốc Việt Nam", "Ủy ban Mặt trận Tổ quốc Việt Nam thành phố", "requested"),
]
dt = [
    D("2021-07-27", "issue", "ngày 27 tháng 7 năm 2021"),
    D("2006-11-29", "citation", "ngày 29/11/2006"),
    D("2021-03-03", "citation", "ngày 03/3/2021"),
    D("2021-07-02", "citation", "ngày 02/7/2021"),
    D("2021-10/2021-12", "deadline", "Quý IV/2021"),
    D("XXXX-09", "deadline", "Tháng 9 hằng năm"),
    D("2022-01/2022-03", "deadline", "Quý I/2022"),
    D("XXXX-11-15/XXXX-12-15", "period", "15/11 - 15/12 hằng năm"),
    D("2023-06", "deadline", "Tháng 6/2023"),
    D("2025-11-30", "deadline", "Trước ngày 30/11/2025"),
    D("2012-04-09", "citation", "ngày 09/4/2012"),
    D("XXXX-12-10", "deadline", "trước ngày 10/12 hằng năm"),
    D("XXXX-11-30", "deadline", "trước ngày 30/11 hằng năm"),
    D("2021-09-15", "deadline", "trước ngày 15/9/2021"),
]
write("k2_tam_ky_2021_2025", meta, cit, tg, asg, dt)
