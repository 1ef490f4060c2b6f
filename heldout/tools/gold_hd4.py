from common import C, T, A, D, write

meta = dict(doc_type="Kế hoạch", doc_number="245/KH-UBND", doc_symbol="KH-UBND",
            issue_date="2023-11-06", issuer="Ủy ban nhân dân thị xã Hương Trà",
            locality_name="Hương Trà", locality_type="thị xã", locality_level="district",
            province="Thừa Thiên Huế", period="2023", signer_name="Lê Thị Minh Trang",
            signer_title="Phó Chủ tịch")
SL = "Sở Lao động - Thương binh và Xã hội"
cit = [
    C("Kế hoạch", "392/KH-UBND", None, "2023-10-25", "Ủy ban nhân dân tỉnh Thừa Thiên Huế", "implements",
      "Kế hoạch số 392/KH-UBND ngày 25/10/2023 của UBND tỉnh Thừa Thiên Huế"),
    C("Công văn", "3150/SLĐTBXH-BTXH", None, "2023-10-18", SL, "implements",
      "Công văn số 3150/SLĐTBXH-BTXH ngày 18/10/2023 của Sở Lao động - Thương binh và Xã hội"),
]
Y = "2023"
tg = [
    T(30, "băng rôn", "=", "băng rôn, khẩu hiệu treo tại trụ sở các cơ quan, đơn vị và các tuyến đường chính", Y, "information",
      "Treo 30 băng rôn, khẩu hiệu tại trụ sở các cơ quan, đơn vị và các tuyến đường chính của thị xã"),
    T(6, "tin, bài", ">=", "tin, bài về bình đẳng giới và phòng, chống bạo lực trên cơ sở giới trong Tháng hành động", Y, "information",
      "Trung tâm Văn hóa - Thông tin và Thể thao thị xã phát ít nhất 06 tin, bài về bình đẳng giới và phòng, chống bạo lực trên cơ sở giới trong thời gian diễn ra Tháng hành động"),
    T(100, "%", "=", "phường, xã tuyên truyền trên hệ thống truyền thanh cơ sở", Y, "information",
      "100% phường, xã tuyên truyền trên hệ thống truyền thanh cơ sở trong suốt thời gian diễn ra Tháng hành động"),
    T(4, "buổi", "=", "buổi truyền thông trực tiếp tại các phường, xã có nhiều vụ bạo lực gia đình", Y, "information",
      "Tổ chức 04 buổi truyền thông trực tiếp tại các phường, xã có nhiều vụ bạo lực gia đình"),
    T(1, "lễ mít tinh", "=", "lễ mít tinh cấp thị xã", Y, "information",
      "Tổ chức 01 lễ mít tinh cấp thị xã"),
    T(300, "đại biểu", "=", "đại biểu tham dự lễ mít tinh", Y, "information",
      "khoảng 300 đại biểu tham dự"),
    T(50, "suất quà", "=", "suất quà cho phụ nữ, trẻ em gái có hoàn cảnh khó khăn, nạn nhân bạo lực trên cơ sở giới", Y, "other",
      "Thăm, tặng 50 suất quà cho phụ nữ, trẻ em gái có hoàn cảnh khó khăn, nạn nhân bạo lực trên cơ sở giới"),
    T(100, "%", "=", "nạn nhân bạo lực gia đình được phát hiện được hỗ trợ, can thiệp kịp thời", Y, "family_gbv",
      "100% nạn nhân bạo lực gia đình được phát hiện được hỗ trợ, can thiệp kịp thời"),
    T(200, "phụ nữ", "=", "phụ nữ thuộc hộ nghèo, hộ cận nghèo được khám sức khỏe sinh sản miễn phí", Y, "health",
      "Khám sức khỏe sinh sản miễn phí cho 200 phụ nữ thuộc hộ nghèo, hộ cận nghèo"),
    T(1, "cuộc đối thoại", "=", "cuộc đối thoại chính sách với phụ nữ về phòng ngừa, ứng phó với bạo lực trên cơ sở giới", "2023-10/2023-12", "family_gbv",
      "Tổ chức 01 cuộc đối thoại chính sách với phụ nữ về phòng ngừa, ứng phó với bạo lực trên cơ sở giới trong Quý IV/2023"),
]
LD = "Phòng Lao động - Thương binh và Xã hội"
HP = "Hội Liên hiệp Phụ nữ"
TT = "Trung tâm Văn hóa - Thông tin và Thể thao"
asg = [
    A(LD, "Phòng Lao động - Thương binh và Xã hội thị xã", "standing"),
    A(LD, "Phòng Lao động - Thương binh và Xã hội thị xã", "lead"),
    A(HP, "Hội Liên hiệp Phụ nữ thị xã", "coordinate"),
    A("Phòng Văn hóa và Thông tin", "Phòng Văn hóa và Thông tin thị xã", "lead"),
    A(TT, "Trung tâm Văn hóa - Thông tin và Thể thao thị xã", "coordinate"),
    A(TT, "Trung tâm Văn hóa - Thông tin và Thể thao thị xã", "lead"),
    A("Trung tâm Y tế", "Trung tâm Y tế thị xã", "lead"),
    A("Công an", "Công an thị xã", "lead"),
    A("Phòng Tư pháp", "Phòng Tư pháp", "coordinate"),
    A("Trung tâm Giáo dục nghề nghiệp - Giáo dục thường xuyên", "Trung tâm Giáo dục nghề nghiệp - Giáo dục thường xuyên thị xã", "lead"),
    A(LD, "Phòng Lao động - Thương binh và Xã hội", "coordinate"),
    A("Phòng Giáo dục và Đào tạo", "Phòng Giáo dục và Đào tạo thị xã", "lead"),
    A("Phòng Tài chính - Kế hoạch", "Phòng Tài chính - Kế hoạch", "lead"),
    A("Ủy ban nhân dân các phường, xã", "UBND các phường, xã", "lead"),
    A("Ủy ban Mặt trận Tổ quốc Việt Nam", "Ủy ban MTTQVN thị xã", "requested"),
    A(HP, "Hội LHPN thị xã", "requested"),
    A("Đoàn Thanh niên Cộng sản Hồ Chí Minh", "Thị đoàn", "requested"),
    A("Liên đoàn Lao động", "Liên đoàn Lao động thị xã", "requested"),
]
dt = [
    D("2023-11-06", "issue", "ngày 06 tháng 11 năm 2023"),
    D("2023-10-25", "citation", "ngày 25/10/2023"),
    D("2023-10-18", "citation", "ngày 18/10/2023"),
    D("XXXX-11-15/XXXX-12-15", "period", "15/11 - 15/12"),
    D("XXXX-11-25", "event", "Ngày Quốc tế xóa bỏ bạo lực đối với phụ nữ 25/11"),
    D("2023-11-15/2023-12-15", "period", "từ ngày 15/11/2023 đến ngày 15/12/2023"),
    D("2023-11-17", "event", "ngày 17/11/2023"),
    D("2023-10/2023-12", "deadline", "trong Quý IV/2023"),
    D("2023-11-10", "deadline", "Trước ngày 10/11/2023"),
    D("2023-12-18", "deadline", "Trước ngày 18/12/2023"),
    D("2023-12-20", "deadline", "trước ngày 20/12/2023"),
]
write("hd4_huong_tra_2023", meta, cit, tg, asg, dt)
