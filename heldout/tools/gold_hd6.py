from common import C, T, A, D, write

meta = dict(doc_type="Kế hoạch", doc_number="27/KH-UBND", doc_symbol="KH-UBND",
            issue_date="2019-03-12", issuer="Ủy ban nhân dân phường Lương Khánh Thiện",
            locality_name="Lương Khánh Thiện", locality_type="phường", locality_level="commune",
            province="Hà Nam", period="2019", signer_name="Trần Thị Thu Hằng",
            signer_title="Phó Chủ tịch")
cit = [
    C("Luật", "73/2006/QH11", "Luật Bình đẳng giới", None, None, "basis",
      "Luật Bình đẳng giới số 73/2006/QH11"),
    C("Luật", None, "Luật Phòng, chống bạo lực gia đình", "2007", None, "basis",
      "Luật Phòng, chống bạo lực gia đình năm 2007"),
    C("Chỉ thị", "21-CT/TW", None, "2018-01-20", "Ban Bí thư", "implements",
      "Chỉ thị số 21-CT/TW ngày 20/01/2018 của Ban Bí thư"),
    C("Kế hoạch", "356/KH-UBND", None, "2019-02-22", "Ủy ban nhân dân thành phố Phủ Lý", "implements",
      "Kế hoạch số 356/KH-UBND ngày 22/02/2019 của UBND thành phố Phủ Lý"),
]
Y = "2019"
tg = [
    T(25, "%", ">=", "nữ tham gia Ban Chấp hành Đảng bộ phường nhiệm kỳ 2020 - 2025", Y, "politics",
      "Phấn đấu tỷ lệ nữ tham gia Ban Chấp hành Đảng bộ phường nhiệm kỳ 2020 - 2025 đạt từ 25% trở lên"),
    T(120, "lao động", "=", "lao động được giới thiệu việc làm", Y, "economy_labor",
      "Giới thiệu việc làm cho 120 lao động"),
    T(50, "%", ">=", "lao động nữ trong số lao động được giới thiệu việc làm", Y, "economy_labor",
      "lao động nữ chiếm trên 50%"),
    T(0.5, "%", "<=", "hộ nghèo do phụ nữ làm chủ hộ", Y, "economy_labor",
      "Tỷ lệ hộ nghèo do phụ nữ làm chủ hộ giảm xuống dưới 0,5%"),
    T(15, "%", ">=", "mức giảm số vụ bạo lực gia đình so với năm 2018", Y, "family_gbv",
      "Giảm ít nhất 15% số vụ bạo lực gia đình so với năm 2018"),
    T(90, "%", "=", "phụ nữ mang thai được khám thai định kỳ tại Trạm Y tế phường", Y, "health",
      "90% phụ nữ mang thai được khám thai định kỳ tại Trạm Y tế phường"),
    T(100, "%", ">=", "tổ dân phố lồng ghép nội dung bình đẳng giới trong sinh hoạt định kỳ", Y, "information",
      "Phấn đấu 100% tổ dân phố lồng ghép nội dung bình đẳng giới trong sinh hoạt định kỳ"),
    T(2, "buổi", "=", "buổi nói chuyện chuyên đề về bình đẳng giới cho hội viên phụ nữ, đoàn viên thanh niên", Y, "information",
      "Tổ chức 02 buổi nói chuyện chuyên đề về bình đẳng giới cho hội viên phụ nữ, đoàn viên thanh niên"),
]
VX = "Công chức Văn hóa - Xã hội"
HP = "Hội Liên hiệp Phụ nữ"
DTN = "Đoàn Thanh niên Cộng sản Hồ Chí Minh"
asg = [
    A(VX, VX, "lead"),
    A("Công chức Văn phòng - Thống kê", "Công chức Văn phòng - Thống kê", "coordinate"),
    A("Đài Truyền thanh", "Đài Truyền thanh phường", "coordinate"),
    A("Tổ trưởng các tổ dân phố", "Tổ trưởng các tổ dân phố", "coordinate"),
    A("Công an", "Công an phường", "lead"),
    A("Công chức Tư pháp - Hộ tịch", "Công chức Tư pháp - Hộ tịch", "coordinate"),
    A("Tổ hòa giải các tổ dân phố", "Tổ hòa giải các tổ dân phố", "coordinate"),
    A("Trạm Y tế", "Trạm Y tế phường", "lead"),
    A("Cộng tác viên dân số các tổ dân phố", "Cộng tác viên dân số các tổ dân phố", "coordinate"),
    A("Ban Giảm nghèo", "Ban Giảm nghèo phường", "lead"),
    A(HP, "Hội LHPN phường", "coordinate"),
    A("Hội Cựu chiến binh", "Hội Cựu chiến binh phường", "coordinate"),
    A(HP, "Hội LHPN phường", "lead"),
    A(DTN, "Đoàn Thanh niên phường", "coordinate"),
    A(VX, VX, "coordinate"),
    A("Trường Tiểu học Lương Khánh Thiện", "Trường Tiểu học Lương Khánh Thiện", "lead"),
    A("Trường Trung học cơ sở Lương Khánh Thiện", "Trường THCS Lương Khánh Thiện", "lead"),
    A("Chi hội Cha mẹ học sinh các lớp", "Chi hội Cha mẹ học sinh các lớp", "coordinate"),
    A("Công chức Tài chính - Kế toán", "Công chức Tài chính - Kế toán", "lead"),
    A("Ủy ban Mặt trận Tổ quốc Việt Nam", "Ủy ban MTTQ Việt Nam phường", "requested"),
    A(HP, "Hội Liên hiệp Phụ nữ phường", "requested"),
    A(DTN, "Đoàn Thanh niên phường", "requested"),
    A("Hội Người cao tuổi", "Hội Người cao tuổi phường", "requested"),
]
dt = [
    D("2019-03-12", "issue", "ngày 12 tháng 3 năm 2019"),
    D("2018-01-20", "citation", "ngày 20/01/2018"),
    D("2019-02-22", "citation", "ngày 22/02/2019"),
    D("1930-10-20", "event", "20/10/1930"),
    D("2019-10-20", "event", "20/10/2019"),
    D("2019-11-15/2019-12-15", "period", "từ ngày 15/11/2019 đến ngày 15/12/2019"),
    D("2019-04", "deadline", "trong tháng 4/2019"),
    D("2019-06-10", "deadline", "trước ngày 10/6/2019"),
    D("2019-11-20", "deadline", "trước ngày 20/11/2019"),
    D("2019-11-30", "deadline", "trước ngày 30/11/2019"),
]
write("hd6_luong_khanh_thien_2019", meta, cit, tg, asg, dt)
