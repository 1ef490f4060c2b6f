from common import C, T, A, D, write

meta = dict(doc_type="Kế hoạch", doc_number="21/KH-UBND", doc_symbol="KH-UBND",
            issue_date="2017-03-17", issuer="Ủy ban nhân dân xã Phụng Công",
            locality_name="Phụng Công", locality_type="xã", locality_level="commune",
            province="Hưng Yên", period="2017", signer_name="Đỗ Thị Hồng Nhung",
            signer_title="Phó Chủ tịch")
cit = [
    C("Luật", None, "Luật Bình đẳng giới", "2006", None, "basis", "Luật Bình đẳng giới năm 2006"),
    C("Quyết định", "2351/QĐ-TTg", None, "2010-12-24", "Thủ tướng Chính phủ", "basis",
      "Quyết định số 2351/QĐ-TTg ngày 24/12/2010 của Thủ tướng Chính phủ"),
    C("Kế hoạch", "35/KH-UBND", None, "2017-03-03", "Ủy ban nhân dân huyện Văn Giang", "implements",
      "Kế hoạch số 35/KH-UBND ngày 03/3/2017 của UBND huyện Văn Giang"),
    C("Luật", None, "Luật Phòng, chống bạo lực gia đình", None, None, "mentions",
      "Luật Phòng chống bạo lực gia đình"),
]
Y = "2017"
tg = [
    T(110, "người", "=", "lao động nữ được tạo việc làm mới", Y, "economy_labor",
      "Số lao động nữ được tạo việc làm mới | người | 96 | 110"),
    T(41, "%", "=", "lao động nữ qua đào tạo nghề", Y, "economy_labor",
      "Tỷ lệ lao động nữ qua đào tạo nghề | % | 37,5 | 41"),
    T(12, "hộ", "<=", "hộ nghèo do phụ nữ làm chủ hộ", Y, "economy_labor",
      "Số hộ nghèo do phụ nữ làm chủ hộ (không quá) | hộ | 17 | 12"),
    T(100, "%", "=", "phụ nữ có thai được quản lý thai nghén", Y, "health",
      "Tỷ lệ phụ nữ có thai được quản lý thai nghén | % | 98 | 100"),
    T(3, "vụ", "<=", "số vụ bạo lực gia đình", Y, "family_gbv",
      "Số vụ bạo lực gia đình (không quá) | vụ | 5 | 3"),
    T(6, "thôn", "=", "thôn có câu lạc bộ phòng, chống bạo lực gia đình", Y, "family_gbv",
      "Số thôn có câu lạc bộ phòng, chống bạo lực gia đình | thôn | 4 | 6"),
    T(10, "%", "=", "mức tăng số hội viên phụ nữ được vay vốn ưu đãi từ các chương trình tín dụng so với năm trước", Y, "economy_labor",
      "Số hội viên phụ nữ được vay vốn ưu đãi từ các chương trình tín dụng tăng 10% so với năm trước"),
    T(0.5, "%", "=", "mức giảm tỷ lệ sinh con thứ 3 trở lên mỗi năm", Y, "health",
      "Tỷ lệ sinh con thứ 3 trở lên giảm 0,5%/năm"),
    T(100, "%", "=", "trẻ em gái trong độ tuổi được đến trường", Y, "education",
      "Duy trì 100% trẻ em gái trong độ tuổi được đến trường"),
    T(2, "tin, bài", ">=", "tin, bài mỗi tháng về bình đẳng giới, phòng chống bạo lực gia đình trên Đài truyền thanh xã", Y, "information",
      "Đài truyền thanh xã phát ít nhất 02 tin, bài/tháng về bình đẳng giới, phòng chống bạo lực gia đình"),
    T(100, "%", ">=", "cán bộ, công chức xã được bồi dưỡng kiến thức về giới", Y, "governance",
      "Phấn đâu 100% cán bộ, công chức xã được bồi dưỡng kiến thức về giới trong năm 2017"),
    T(2, "thôn", "=", "thôn được nhân rộng mô hình câu lạc bộ phòng chống bạo lực gia đình", "2017-07/2017-09", "family_gbv",
      "Nhân rộng mô hình câu lạc bộ phòng chống bạo lực gia đình ra thêm 02 thôn trong quý III/2017"),
]
HP = "Hội Liên hiệp Phụ nữ"
asg = [
    A("Công chức Văn hóa - Xã hội", "Công chức Văn hoá - Xã hội", "standing"),
    A("Công chức Văn hóa - Xã hội", "Công chức Văn hoá - Xã hội", "lead"),
    A("Công chức Tư pháp - Hộ tịch", "Công chức Tư pháp - Hộ tịch", "coordinate"),
    A("Trạm Y tế", "Trạm Y tế xã", "lead"),
    A("Cộng tác viên dân số các thôn", "Cộng tác viên dân số các thôn", "coordinate"),
    A("Công an", "Cong an xã", "lead"),
    A("Trưởng các thôn", "Trưởng các thôn", "coordinate"),
    A("Các trường Mầm non, Tiểu học, Trung học cơ sở", "Các trường Mầm non, Tiểu học, THCS", "lead"),
    A("Đài Truyền thanh", "Đài truyền thanh xã", "lead"),
    A("Trưởng các thôn", "Trưởng các thôn", "lead"),
    A("Ủy ban Mặt trận Tổ quốc Việt Nam", "Uỷ ban MTTQ xã", "requested"),
    A(HP, "Hội Liên hiệp phụ nữ xã", "requested"),
    A("Đoàn Thanh niên Cộng sản Hồ Chí Minh", "Đoàn thanh niên xã", "requested"),
    A("Hội Nông dân", "Hội Nông dân xã", "requested"),
    A("Hội Cựu chiến binh", "Hội Cựu chiến binh xã", "requested"),
]
dt = [
    D("2017-03-17", "issue", "ngày 17 tháng 3 năm 2017"),
    D("2010-12-24", "citation", "ngày 24/12/2010"),
    D("2017-03-03", "citation", "ngày 03/3/2017"),
    D("XXXX-03-08", "event", "ngày Quốc tế phụ nữ 8/3"),
    D("XXXX-10-20", "event", "ngày Phụ nữ Việt Nam 20/10"),
    D("2017-11-15/2017-12-15", "period", "15/11 - 15/12/2017"),
    D("2017-07/2017-09", "deadline", "trong quý III/2017"),
    D("2017-11", "deadline", "trong tháng 11/2017"),
    D("2017-06-10", "deadline", "trước ngày 10/6/2017"),
    D("2017-12-05", "deadline", "trước ngày 05/12/2017"),
]
write("k6_phung_cong_2017", meta, cit, tg, asg, dt)
