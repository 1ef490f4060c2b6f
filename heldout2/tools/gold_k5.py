from common import C, T, A, D, write

meta = dict(doc_type="Kế hoạch", doc_number="312/KH-UBND", doc_symbol="KH-UBND",
            issue_date="2020-10-30", issuer="Ủy ban nhân dân huyện Chợ Gạo",
            locality_name="Chợ Gạo", locality_type="huyện", locality_level="district",
            province="Tiền Giang", period="2020", signer_name="Nguyễn Văn Thạnh",
            signer_title="Phó Chủ tịch")
cit = [
    C("Luật", None, "Luật Bình đẳng giới", "2006-11-29", None, "basis",
      "Luật Bình đẳng giới ngày 29 tháng 11 năm 2006"),
    C("Luật", None, "Luật Phòng, chống bạo lực gia đình", "2007-11-21", None, "basis",
      "Luật Phòng, chống bạo lực gia đình ngày 21 tháng 11 năm 2007"),
    C("Kế hoạch", "284/KH-UBND", None, "2020-10-16", "Ủy ban nhân dân tỉnh Tiền Giang", "implements",
      "Kế hoạch số 284/KH-UBND ngày 16/10/2020 của Ủy ban nhân dân tỉnh Tiền Giang"),
    C("Công văn", "2417/SLĐTBXH-BĐG", None, "2020-10-20", "Sở Lao động - Thương binh và Xã hội tỉnh Tiền Giang", "implements",
      "Công văn số 2417/SLĐTBXH-BĐG ngày 20/10/2020 của Sở Lao động - Thương binh và Xã hội tỉnh Tiền Giang"),
]
Y = "2020"
HT = "hội thi \"Gia đình hạnh phúc - Không bạo lực\" cấp huyện"
tg = [
    T(25, "băng rôn", "=", "băng rôn, khẩu hiệu treo tại trụ sở cơ quan, các tuyến quốc lộ, đường tỉnh và khu vực chợ, bến xe trên địa bàn huyện", Y, "information",
      "Treo 25 băng rôn, khẩu hiệu tại trụ sở cơ quan, các tuyến Quốc lộ 50, đường tỉnh 879 và khu vực chợ, bến xe trên địa bàn huyện"),
    T(2, "lần", ">=", "lần phát thông điệp, khẩu hiệu hưởng ứng Tháng hành động mỗi ngày trên Đài Truyền thanh huyện", Y, "information",
      "Đài Truyền thanh huyện phát thông điệp, khẩu hiệu hưởng ứng Tháng hành động tối thiểu 02 lần mỗi ngày"),
    T(3, "buổi", "=", "buổi truyền thông trực tiếp về phòng, chống bạo lực gia đình, xâm hại trẻ em tại các xã có nhiều lao động nữ đi làm ăn xa", Y, "information",
      "Tổ chức 03 buổi truyền thông trực tiếp về phòng, chống bạo lực gia đình, xâm hại trẻ em tại các xã có nhiều lao động nữ đi làm ăn xa"),
    T(2000, "tờ rơi", "=", "tờ rơi về bình đẳng giới và phòng ngừa bạo lực trên cơ sở giới phát hành đến các hộ gia đình", Y, "information",
      "Phát hành 2.000 tờ rơi về bình đẳng giới và phòng ngừa bạo lực trên cơ sở giới đến các hộ gia đình"),
    T(200, "đại biểu", "=", "đại biểu tham dự Lễ mít tinh", Y, "information",
      "số lượng khoảng 200 đại biểu"),
    T(1, "hội thi", ">=", HT + ", có từ 10 đội dự thi trở lên", Y, "information",
      "Tổ chức ít nhất 01 hội thi \"Gia đình hạnh phúc - Không bạo lực\" cấp huyện, có từ 10 đội dự thi trở lên"),
    T(1, "buổi", "=", "buổi đối thoại giữa lãnh đạo huyện với phụ nữ về việc làm, sinh kế sau dịch COVID-19", Y, "economy_labor",
      "Tổ chức 01 buổi đối thoại giữa lãnh đạo huyện với phụ nữ về việc làm, sinh kế sau dịch COVID-19"),
    T(40, "suất quà", "=", "suất quà cho phụ nữ, trẻ em gái có hoàn cảnh khó khăn, bị ảnh hưởng bởi dịch COVID-19", Y, "other",
      "Thăm, tặng 40 suất quà cho phụ nữ, trẻ em gái có hoàn cảnh khó khăn, bị ảnh hưởng bởi dịch COVID-19"),
    T(100, "%", "=", "trường hợp bạo lực gia đình, xâm hại phụ nữ, trẻ em được phát hiện được tiếp nhận, xử lý kịp thời", Y, "family_gbv",
      "100% trường hợp bạo lực gia đình, xâm hại phụ nữ, trẻ em được phát hiện được tiếp nhận, xử lý kịp thời"),
    T(15, "địa chỉ tin cậy", "=", "địa chỉ tin cậy tại cộng đồng", Y, "family_gbv",
      "Duy trì 15 địa chỉ tin cậy tại cộng đồng"),
]
LD = "Phòng Lao động - Thương binh và Xã hội"
VH = "Phòng Văn hóa và Thông tin"
HP = "Hội Liên hiệp Phụ nữ"
asg = [
    A(LD, "Phòng Lao động - Thương binh và Xã hội huyện", "standing"),
    A(LD, "Phòng Lao động - Thương binh và Xã hội huyện", "lead"),
    A(VH, "Phòng Văn hóa và Thông tin", "coordinate"),
    A(HP, "Hội Liên hiệp Phụ nữ huyện", "coordinate"),
    A(VH, "Phòng Văn hóa và Thông tin", "lead"),
    A("Trung tâm Văn hóa, Thể thao và Truyền thanh", "Trung tâm Văn hóa, Thể thao và Truyền thanh huyện", "lead"),
    A("Phòng Giáo dục và Đào tạo", "Phòng Giáo dục và Đào tạo", "lead"),
    A("Trung tâm Y tế", "Trung tâm Y tế huyện", "lead"),
    A("Công an", "Công an huyện", "lead"),
    A("Phòng Tư pháp", "Phòng Tư pháp", "coordinate"),
    A("Phòng Tài chính - Kế hoạch", "Phòng Tài chính - Kế hoạch", "lead"),
    A("Ủy ban nhân dân các xã, thị trấn", "Ủy ban nhân dân các xã, thị trấn", "lead"),
    A("Ủy ban Mặt trận Tổ quốc Việt Nam", "Ủy ban Mặt trận Tổ quốc Việt Nam huyện", "requested"),
    A(HP, "Hội Liên hiệp Phụ nữ huyện", "requested"),
    A("Đoàn Thanh niên Cộng sản Hồ Chí Minh", "Huyện Đoàn", "requested"),
    A("Liên đoàn Lao động", "Liên đoàn Lao động huyện", "requested"),
]
dt = [
    D("2020-10-30", "issue", "ngày 30 tháng 10 năm 2020"),
    D("2006-11-29", "citation", "ngày 29 tháng 11 năm 2006"),
    D("2007-11-21", "citation", "ngày 21 tháng 11 năm 2007"),
    D("2020-10-16", "citation", "ngày 16/10/2020"),
    D("2020-10-20", "citation", "ngày 20/10/2020"),
    D("2020-11-15/2020-12-15", "period", "từ ngày 15/11/2020 đến ngày 15/12/2020"),
    D("XXXX-11-25", "event", "Ngày Quốc tế xóa bỏ bạo lực đối với phụ nữ (25/11)"),
    D("2020-11-12", "event", "vào lúc 07 giờ 30 phút, thứ Năm, ngày 12/11/2020"),
    D("2020-11-10", "deadline", "Trước ngày 10/11/2020"),
    D("2020-11-11/2020-11-14", "period", "Từ ngày 11/11 đến ngày 14/11/2020"),
    D("2020-12-18", "deadline", "Trước ngày 18/12/2020"),
    D("2020-12-22", "deadline", "trước ngày 22/12/2020"),
]
write("k5_cho_gao_2020", meta, cit, tg, asg, dt)
