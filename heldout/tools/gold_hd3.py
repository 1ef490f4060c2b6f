from common import C, T, A, D, write

meta = dict(doc_type="Kế hoạch", doc_number="86/KH-UBND", doc_symbol="KH-UBND",
            issue_date="2016-04-05", issuer="Ủy ban nhân dân huyện Tam Đường",
            locality_name="Tam Đường", locality_type="huyện", locality_level="district",
            province="Lai Châu", period="2016", signer_name="Lò Thị Phương",
            signer_title="Phó Chủ tịch")
cit = [
    C("Luật", None, "Luật Bình đẳng giới", "2006", None, "basis", "Luật Bình đẳng giới năm 2006"),
    C("Nghị định", "48/2009/NĐ-CP", None, "2009-05-19", "Chính phủ", "basis",
      "Nghị định số 48/2009/NĐ-CP ngày 19/5/2009 của Chính phủ"),
    C("Nghị quyết", "11-NQ/TW", None, "2007-04-27", "Bộ Chính trị", "implements",
      "Nghị quyết số 11-NQ/TW ngày 27/4/2007 của Bộ Chính trị"),
    C("Kế hoạch", "318/KH-UBND", None, "2016-03-02", "Ủy ban nhân dân tỉnh Lai Châu", "implements",
      "Kế hoạch số 318/KH-UBND ngày 02/3/2016 của UBND tỉnh Lai Châu"),
]
Y = "2016"
tg = [
    T(25, "%", ">=", "cán bộ lãnh đạo các phòng, ban, đơn vị thuộc huyện là nữ", Y, "politics",
      "Phấn đấu 25% cán bộ lãnh đạo các phòng, ban, đơn vị thuộc huyện là nữ"),
    T(650, "lao động", "=", "lao động được giải quyết việc làm", Y, "economy_labor",
      "Giải quyết việc làm cho 650 lao động"),
    T(40, "%", "=", "nữ trong số lao động được giải quyết việc làm", Y, "economy_labor",
      "nữ chiếm từ 40 - 45%", value_max=45),
    T(10, "%", "=", "mức giảm số vụ vi phạm pháp luật về hôn nhân và gia đình so với năm 2015", Y, "family_gbv",
      "Giảm 10% số vụ vi phạm pháp luật về hôn nhân và gia đình so với năm 2015"),
    T(100, "%", "=", "trạm y tế xã, thị trấn có nữ hộ sinh hoặc y sĩ sản nhi", Y, "health",
      "100% trạm y tế xã, thị trấn có nữ hộ sinh hoặc y sĩ sản nhi"),
    T(98, "%", "=", "trẻ em gái trong độ tuổi đi học tiểu học được đến trường", Y, "education",
      "98% trẻ em gái trong độ tuổi đi học tiểu học được đến trường"),
    T(24, "tin, bài", ">=", "tin, bài về bình đẳng giới trên Đài Truyền thanh - Truyền hình huyện trong năm", Y, "information",
      "Đài TT-TH huyện phát sóng ít nhất 24 tin, bài về bình đẳng giới trong năm"),
    T(2, "lớp", "=", "lớp tập huấn kiến thức về giới cho cán bộ cấp xã", "2016-04/2016-06", "governance",
      "Tập huấn kiến thức về giới cho cán bộ cấp xã (02 lớp)"),
]
LD = "Phòng Lao động - Thương binh và Xã hội"
VH = "Phòng Văn hóa và Thông tin"
HP = "Hội Liên hiệp Phụ nữ"
DT = "Đài Truyền thanh - Truyền hình"
DTN = "Đoàn Thanh niên Cộng sản Hồ Chí Minh"
XA = "Ủy ban nhân dân các xã, thị trấn"
asg = [
    A(LD, "Phòng LĐTB&XH", "lead"),
    A("Phòng Nội vụ", "Phòng Nội vụ", "coordinate"),
    A(XA, "UBND các xã, thị trấn", "coordinate"),
    A(HP, "Hội LHPN huyện", "lead"),
    A(VH, "Phòng VHTT", "coordinate"),
    A("Phòng giao dịch Ngân hàng Chính sách xã hội", "Phòng Giao dịch Ngân hàng Chính sách xã hội huyện", "lead"),
    A(HP, "Hội LHPN huyện", "coordinate"),
    A(VH, "Phòng VHTT", "lead"),
    A(DT, "Đài TT-TH huyện", "coordinate"),
    A(DTN, "Huyện đoàn", "coordinate"),
    A("Phòng Tư pháp", "Phòng Tư pháp", "coordinate"),
    A(LD, "Phòng LĐTB&XH", "standing"),
    A("Phòng Y tế", "Phòng Y tế", "lead"),
    A("Trung tâm Y tế", "Trung tâm Y tế huyện", "coordinate"),
    A("Bệnh viện Đa khoa", "Bệnh viện Đa khoa huyện", "coordinate"),
    A("Phòng Giáo dục và Đào tạo", "Phòng Giáo dục và Đào tạo", "lead"),
    A("Trung tâm Dạy nghề", "Trung tâm Dạy nghề huyện", "coordinate"),
    A("Công an", "Công an huyện", "lead"),
    A("Ban Chỉ huy Quân sự", "Ban Chỉ huy Quân sự huyện", "coordinate"),
    A("Ban Quản lý rừng phòng hộ", "Ban Quản lý rừng phòng hộ huyện", "lead"),
    A("Phòng Tài chính - Kế hoạch", "Phòng Tài chính - Kế hoạch", "lead"),
    A(XA, "UBND các xã, thị trấn", "lead"),
    A("Ủy ban Mặt trận Tổ quốc Việt Nam", "Ủy ban MTTQ Việt Nam huyện", "requested"),
    A(HP, "Hội LHPN huyện", "requested"),
    A(DTN, "Huyện đoàn", "requested"),
    A("Hội Nông dân", "Hội Nông dân huyện", "requested"),
    A("Hội Cựu chiến binh", "Hội Cựu chiến binh huyện", "requested"),
]
dt = [
    D("2016-04-05", "issue", "ngày 05 tháng 4 năm 2016"),
    D("2009-05-19", "citation", "ngày 19/5/2009"),
    D("2007-04-27", "citation", "ngày 27/4/2007"),
    D("2016-03-02", "citation", "ngày 02/3/2016"),
    D("2016-04", "deadline", "Tháng 4/2016"),
    D("2016-04/2016-06", "deadline", "Quý II/2016"),
    D("XXXX-10-20", "event", "Ngày Phụ nữ Việt Nam 20/10"),
    D("2016-10", "deadline", "Tháng 10/2016"),
    D("2016-11-15/2016-12-15", "period", "15/11 - 15/12/2016"),
    D("2016-10/2016-12", "deadline", "Quý IV/2016"),
    D("2016-12-05", "deadline", "trước ngày 05/12/2016"),
    D("2016-11-25", "deadline", "trước ngày 25/11/2016"),
]
write("hd3_tam_duong_2016", meta, cit, tg, asg, dt)
