from common import C, T, A, D, write

meta = dict(doc_type="Kế hoạch", doc_number="38/KH-UBND", doc_symbol="KH-UBND",
            issue_date="2026-02-09", issuer="Ủy ban nhân dân phường Trấn Biên",
            locality_name="Trấn Biên", locality_type="phường", locality_level="commune",
            province="Đồng Nai", period="2026", signer_name="Phạm Thị Thanh Vân",
            signer_title="Phó Chủ tịch")
cit = [
    C("Luật", "72/2025/QH15", "Luật Tổ chức chính quyền địa phương", "2025-06-16", None, "basis",
      "Luật Tổ chức chính quyền địa phương số 72/2025/QH15 ngày 16/6/2025"),
    C("Luật", "73/2006/QH11", "Luật Bình đẳng giới", None, None, "basis",
      "Luật Bình đẳng giới số 73/2006/QH11"),
    C("Luật", "13/2022/QH15", "Luật Phòng, chống bạo lực gia đình", None, None, "basis",
      "Luật Phòng, chống bạo lực gia đình số 13/2022/QH15"),
    C("Nghị định", "150/2025/NĐ-CP", None, "2025-06-12", "Chính phủ", "basis",
      "Nghị định số 150/2025/NĐ-CP ngày 12/6/2025 của Chính phủ"),
    C("Kế hoạch", "41/KH-UBND", None, "2026-01-19", "Ủy ban nhân dân tỉnh Đồng Nai", "implements",
      "Kế hoạch số 41/KH-UBND ngày 19/01/2026 của UBND tỉnh Đồng Nai"),
    C("Hướng dẫn", "236/HD-SNV", None, "2026-01-23", "Sở Nội vụ tỉnh Đồng Nai", "implements",
      "Hướng dẫn số 236/HD-SNV ngày 23/01/2026 của Sở Nội vụ tỉnh Đồng Nai"),
]
Y = "2026"
tg = [
    T(35, "%", ">=", "nữ trúng cử đại biểu Hội đồng nhân dân phường nhiệm kỳ 2026 - 2031", Y, "politics",
      "Tỷ lệ nữ trúng cử đại biểu Hội đồng nhân dân phường nhiệm kỳ 2026 - 2031 đạt trên 35%"),
    T(40, "%", ">=", "Trưởng, Phó Trưởng khu phố là nữ sau kỳ bầu cử, kiện toàn trưởng khu phố năm 2026", Y, "politics",
      "Ít nhất 40% Trưởng, Phó Trưởng khu phố là nữ sau kỳ bầu cử, kiện toàn trưởng khu phố năm 2026"),
    T(600, "lao động nữ", "=", "lao động nữ được giới thiệu việc làm", Y, "economy_labor",
      "Giới thiệu việc làm cho 600 lao động nữ"),
    T(25, "phụ nữ", "=", "phụ nữ khởi nghiệp được hỗ trợ vay vốn, tư vấn lập phương án kinh doanh", Y, "economy_labor",
      "hỗ trợ 25 phụ nữ khởi nghiệp được vay vốn, tư vấn lập phương án kinh doanh"),
    T(100, "%", "=", "người bị bạo lực gia đình, bạo lực trên cơ sở giới được phát hiện được tư vấn, hỗ trợ kịp thời", Y, "family_gbv",
      "100% người bị bạo lực gia đình, bạo lực trên cơ sở giới được phát hiện được tư vấn, hỗ trợ kịp thời"),
    T(10, "vụ", "<=", "số vụ bạo lực gia đình trên địa bàn trong năm", Y, "family_gbv",
      "Số vụ bạo lực gia đình trên địa bàn không quá 10 vụ trong năm"),
    T(107, "bé trai/100 bé gái", "=", "tỷ số giới tính khi sinh", Y, "health",
      "Tỷ số giới tính khi sinh ở mức 107 bé trai/100 bé gái sinh ra sống"),
    T(100, "%", "=", "khu phố niêm yết số điện thoại đường dây nóng, địa chỉ tin cậy tại cộng đồng", "2026-04/2026-06", "family_gbv",
      "100% khu phố niêm yết số điện thoại đường dây nóng, địa chỉ tin cậy tại cộng đồng trong quý II/2026"),
    T(2, "buổi", ">=", "buổi sinh hoạt chuyên đề về bình đẳng giới, phòng, chống bạo lực gia đình tại mỗi khu phố trong năm", Y, "information",
      "Mỗi khu phố tổ chức ít nhất 02 buổi sinh hoạt chuyên đề về bình đẳng giới, phòng, chống bạo lực gia đình trong năm"),
]
VX = "Phòng Văn hóa - Xã hội"
VP = "Văn phòng Hội đồng nhân dân và Ủy ban nhân dân"
HP = "Hội Liên hiệp Phụ nữ"
asg = [
    A(VX, "Phòng Văn hóa - Xã hội", "standing"),
    A(VX, "Phòng Văn hóa - Xã hội", "lead"),
    A(VP, "Văn phòng HĐND và UBND phường", "coordinate"),
    A("Công chức Văn hóa - Xã hội", "Công chức Văn hóa - Xã hội", "lead"),
    A(VP, "Văn phòng HĐND và UBND phường", "lead"),
    A("Phòng Kinh tế, Hạ tầng và Đô thị", "Phòng Kinh tế, Hạ tầng và Đô thị", "lead"),
    A(HP, "Hội Liên hiệp Phụ nữ phường", "coordinate"),
    A("Công an", "Công an phường", "lead"),
    A("Trạm Y tế", "Trạm Y tế phường", "coordinate"),
    A("Trạm Y tế", "Trạm Y tế phường", "lead"),
    A("Trung tâm Phục vụ hành chính công", "Trung tâm Phục vụ hành chính công phường", "lead"),
    A("Trưởng các khu phố", "Trưởng các khu phố", "lead"),
    A("Ủy ban Mặt trận Tổ quốc Việt Nam", "Ủy ban Mặt trận Tổ quốc Việt Nam phường", "requested"),
    A("Đoàn Thanh niên Cộng sản Hồ Chí Minh", "Đoàn Thanh niên phường", "coordinate"),
]
dt = [
    D("2026-02-09", "issue", "ngày 09 tháng 02 năm 2026"),
    D("2025-06-16", "citation", "ngày 16/6/2025"),
    D("2025-06-12", "citation", "ngày 12/6/2025"),
    D("2026-01-19", "citation", "ngày 19/01/2026"),
    D("2026-01-23", "citation", "ngày 23/01/2026"),
    D("2025-07-01", "other", "từ ngày 01/7/2025"),
    D("2026-03-15", "event", "ngày 15/3/2026"),
    D("2026-04/2026-06", "deadline", "trong quý II/2026"),
    D("XXXX-03-08", "event", "Ngày Quốc tế Phụ nữ 8/3"),
    D("XXXX-10-20", "event", "Ngày Phụ nữ Việt Nam 20/10"),
    D("2026-11-15/2026-12-15", "period", "từ ngày 15/11 đến ngày 15/12/2026"),
    D("2026-07/2026-09", "deadline", "trong quý III/2026"),
    D("2026-03", "deadline", "trong tháng 3/2026"),
    D("XXXX-12-15", "deadline", "trước ngày 15/12 hằng năm"),
    D("2026-06-10", "deadline", "trước ngày 10/6/2026"),
    D("2026-11-30", "deadline", "trước ngày 30/11/2026"),
]
write("k4_tran_bien_2026", meta, cit, tg, asg, dt)
