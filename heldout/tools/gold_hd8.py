from common import C, T, A, D, write

meta = dict(doc_type="Kế hoạch", doc_number="36/KH-UBND", doc_symbol="KH-UBND",
            issue_date="2022-01-18", issuer="Ủy ban nhân dân tỉnh Bình Định",
            locality_name="Bình Định", locality_type="tỉnh", locality_level="province",
            province="Bình Định", period="2022/2025", signer_name="Đỗ Thị Thu Vân",
            signer_title="Phó Chủ tịch")
SL = "Sở Lao động - Thương binh và Xã hội"
cit = [
    C("Luật", None, "Luật Bình đẳng giới", "2006-11-29", None, "basis",
      "Luật Bình đẳng giới ngày 29/11/2006"),
    C("Nghị định", "48/2009/NĐ-CP", None, "2009-05-19", "Chính phủ", "basis",
      "Nghị định số 48/2009/NĐ-CP ngày 19/5/2009 của Chính phủ"),
    C("Nghị quyết", "28/NQ-CP", None, "2021-03-03", "Chính phủ", "basis",
      "Nghị quyết số 28/NQ-CP ngày 03/3/2021 của Chính phủ"),
    C("Quyết định", "1790/QĐ-TTg", None, None, "Thủ tướng Chính phủ", "basis",
      "Quyết định số 1790/QĐ-TTg của Thủ tướng Chính phủ"),
    C("Văn bản", "3426/SLĐTBXH-BTXH", None, "2021-12-20", SL, "mentions",
      "Văn bản số 3426/SLĐTBXH-BTXH ngày 20/12/2021"),
]
R = {
    1: "Tỷ lệ nữ tham gia lãnh đạo chủ chốt các sở, ban, ngành (ít nhất) | % | 18,5 | 22 | 25",
    2: "Tỷ lệ lao động nữ làm công hưởng lương | % | 44,7 | 47 | 50",
    3: "Tỷ số giới tính khi sinh (không quá) | bé trai/100 bé gái | 111,2 | 110 | 109",
    4: "Tỷ suất tử vong mẹ (không quá) | /100.000 trẻ đẻ sống | 38 | 35 | 32",
    5: "Tỷ lệ người bị bạo lực trên cơ sở giới được tiếp cận dịch vụ hỗ trợ cơ bản (trên) | % | 50 | 60 | 70",
    6: "Tỷ lệ nữ thạc sĩ | % | 36 | 38 | 40",
    7: "Số tin, bài về bình đẳng giới trên Báo Bình Định, Đài PT-TH tỉnh mỗi năm (ít nhất) | tin, bài | 96 | 110 | 120",
}
rows = [
    (1, "%", ">=", "nữ tham gia lãnh đạo chủ chốt các sở, ban, ngành", "politics", 22, 25),
    (2, "%", "=", "lao động nữ làm công hưởng lương", "economy_labor", 47, 50),
    (3, "bé trai/100 bé gái", "<=", "tỷ số giới tính khi sinh", "health", 110, 109),
    (4, "/100.000 trẻ đẻ sống", "<=", "tỷ suất tử vong mẹ", "health", 35, 32),
    (5, "%", ">=", "người bị bạo lực trên cơ sở giới được tiếp cận dịch vụ hỗ trợ cơ bản", "family_gbv", 60, 70),
    (6, "%", "=", "nữ thạc sĩ", "education", 38, 40),
    (7, "tin, bài", ">=", "tin, bài về bình đẳng giới trên Báo Bình Định, Đài Phát thanh - Truyền hình tỉnh mỗi năm", "information", 110, 120),
]
tg = []
for n, unit, cmp_, ind, dom, v23, v25 in rows:
    tg.append(T(v23, unit, cmp_, ind, "2023", dom, R[n]))
    tg.append(T(v25, unit, cmp_, ind, "2025", dom, R[n]))
tg += [
    T(2, "%", "<=", "tảo hôn ở các huyện miền núi An Lão, Vĩnh Thạnh, Vân Canh", "2025", "health",
      "giảm tỷ lệ tảo hôn ở các huyện miền núi An Lão, Vĩnh Thạnh, Vân Canh xuống còn 2% vào năm 2025"),
    T(5, "%", "=", "mức giảm bình quân số vụ bạo lực gia đình mỗi năm", "2025", "family_gbv",
      "giảm bình quân 5%/năm số vụ bạo lực gia đình"),
    T(10, "%", ">=", "mức giảm số vụ mua bán người là phụ nữ, trẻ em so với giai đoạn 2016 - 2020", "2025", "family_gbv",
      "giảm ít nhất 10% số vụ mua bán người là phụ nữ, trẻ em so với giai đoạn 2016 - 2020"),
    T(300, "phụ nữ", ">=", "phụ nữ được hỗ trợ khởi nghiệp", "2025", "economy_labor",
      "hỗ trợ ít nhất 300 phụ nữ khởi nghiệp trong giai đoạn 2022 - 2025"),
    T(100, "%", "=", "sở, ban, ngành, Ủy ban nhân dân cấp huyện có cán bộ đầu mối về bình đẳng giới được tập huấn nghiệp vụ", "2023", "governance",
      "đến năm 2023, 100% sở, ban, ngành, Ủy ban nhân dân cấp huyện có cán bộ đầu mối về bình đẳng giới được tập huấn nghiệp vụ"),
]
asg = [
    A("Sở Tài chính", "Sở Tài chính", "lead"),
    A("Sở Kế hoạch và Đầu tư", "Sở Kế hoạch và Đầu tư", "coordinate"),
    A(SL, SL, "standing"), A(SL, SL, "lead"),
    A("Sở Kế hoạch và Đầu tư", "Sở Kế hoạch và Đầu tư", "lead"),
    A("Cục Thống kê", "Cục Thống kê tỉnh", "lead"),
    A(SL, SL, "coordinate"),
    A("Sở Nội vụ", "Sở Nội vụ", "lead"),
    A("Sở Y tế", "Sở Y tế", "lead"),
    A("Ban Dân tộc", "Ban Dân tộc tỉnh", "coordinate"),
    A("Đài Phát thanh và Truyền hình Bình Định", "Đài Phát thanh và Truyền hình Bình Định", "lead"),
    A("Báo Bình Định", "Báo Bình Định", "lead"),
    A("Bộ Chỉ huy Quân sự", "Bộ Chỉ huy Quân sự tỉnh", "lead"),
    A("Ủy ban nhân dân các huyện, thị xã, thành phố", "UBND các huyện, thị xã, thành phố", "lead"),
    A("Ủy ban Mặt trận Tổ quốc Việt Nam", "Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh", "requested"),
    A("Hội Doanh nhân nữ", "Hội Doanh nhân nữ tỉnh", "requested"),
]
dt = [
    D("2022-01-18", "issue", "ngày 18 tháng 01 năm 2022"),
    D("2006-11-29", "citation", "ngày 29/11/2006"),
    D("2009-05-19", "citation", "ngày 19/5/2009"),
    D("2021-03-03", "citation", "ngày 03/3/2021"),
    D("2021-12-20", "citation", "ngày 20/12/2021"),
    D("XXXX-11-15/XXXX-12-15", "period", "15/11 - 15/12"),
    D("2023-10/2023-12", "deadline", "trong Quý IV/2023"),
    D("2025-11", "deadline", "tháng 11/2025"),
    D("XXXX-12-05", "deadline", "trước ngày 05/12 hằng năm"),
    D("XXXX-11-25", "deadline", "trước ngày 25/11 hằng năm"),
]
write("hd8_binh_dinh_2022_2025", meta, cit, tg, asg, dt)
