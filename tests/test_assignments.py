"""Assignments: the agency grammar and the clauses that hand out tasks, on real sentences.

Each form has a row with the devset (or seed) sentence and a row with a variant written for this
test (another body, another order, another level), so that a rule fitted to one plan fails here.
Rows are (lines after a ``TỔ CHỨC THỰC HIỆN`` heading, expected (agency, role, agency_code)).
"""
from __future__ import annotations

import re

import pytest

from extractors import agency_grammar, agency_mentions, assignment_domains, assignments
from extractors.rules.lexicon import fold, key, load_yaml
from pipeline.models import Assignment, Section
from tests.test_extractors import body, ctx_of

ORG = "V. TỔ CHỨC THỰC HIỆN"
LS = ("Phòng Lao động - Thương binh và Xã hội", "LABOUR_SOCIAL")
YU = "Đoàn Thanh niên Cộng sản Hồ Chí Minh"
MTTQ = "Ủy ban Mặt trận Tổ quốc Việt Nam"

ROWS = [
    # a numbered item opening with the body, a remark naming it the standing body (h2)
    (["1. Phòng Lao động - Thương binh và Xã hội (cơ quan thường trực Ban Vì sự tiến bộ của phụ nữ huyện) chủ trì, "
      "phối hợp với các cơ quan liên quan triển khai Kế hoạch; chuẩn bị nội dung, kịch bản, thành phần Lễ phát động."],
     [(LS[0], "lead", LS[1]), (LS[0], "standing", LS[1])]),
    (["2. Sở Y tế (cơ quan thường trực Ban Vì sự tiến bộ của phụ nữ tỉnh) chủ trì, phối hợp với các sở, ngành liên quan tổ chức tập huấn."],
     [("Sở Y tế", "lead", "HEALTH"), ("Sở Y tế", "standing", "HEALTH")]),
    # "X: là cơ quan thường trực, chủ trì …" (h4)
    (["1. Phòng Lao động - Thương binh và Xã hội: là cơ quan thường trực, chủ trì tham mưu UBND thị xã triển khai Kế hoạch."],
     [(LS[0], "lead", LS[1]), (LS[0], "standing", LS[1])]),
    (["3. Phòng Văn hóa - Xã hội: là cơ quan thường trực, tham mưu UBND phường tổ chức các hoạt động."],
     [("Phòng Văn hóa - Xã hội", "lead", "CULTURE_SOCIAL"), ("Phòng Văn hóa - Xã hội", "standing", "CULTURE_SOCIAL")]),
    # a heading naming the body, its standing role in the line below (h1)
    (["1. Phòng Nội vụ huyện", "Là cơ quan thường trực của Ban, có trách nhiệm:", "- Tham mưu Trưởng ban chỉ đạo, điều hành hoạt động của Ban."],
     [("Phòng Nội vụ", "lead", "HOME_AFFAIRS"), ("Phòng Nội vụ", "standing", "HOME_AFFAIRS")]),
    (["2. Công chức Văn hóa - Xã hội xã", "Là cơ quan thường trực, có trách nhiệm tổng hợp, báo cáo."],
     [("Công chức Văn hóa - Xã hội", "lead", "CULTURE_SOCIAL_OFFICER"), ("Công chức Văn hóa - Xã hội", "standing", "CULTURE_SOCIAL_OFFICER")]),
    # "Giao X chủ trì, phối hợp với Y, Z …; là cơ quan thường trực" (h3)
    (["1. Giao Phòng Lao động - Thương binh và Xã hội chủ trì, phối hợp với Phòng Văn hóa và Thông tin, Trung tâm Văn hóa - Thể thao "
      "và Truyền thông huyện triển khai Kế hoạch; là cơ quan thường trực."],
     [(LS[0], "lead", LS[1]), (LS[0], "standing", LS[1]), ("Phòng Văn hóa và Thông tin", "coordinate", "CULTURE_INFO"),
      ("Trung tâm Văn hóa - Thể thao và Truyền thông", "coordinate", "CULTURE_SPORT_CENTRE")]),
    (["Giao Sở Nội vụ chủ trì, phối hợp với Sở Y tế và Sở Tư pháp hướng dẫn các huyện triển khai; là cơ quan thường trực."],
     [("Sở Nội vụ", "lead", "HOME_AFFAIRS"), ("Sở Nội vụ", "standing", "HOME_AFFAIRS"), ("Sở Y tế", "coordinate", "HEALTH"),
      ("Sở Tư pháp", "coordinate", "JUSTICE")]),
    # "X: chủ trì …; Y, Z phối hợp" (h4, x4)
    (["2. Phòng Nội vụ: chủ trì thực hiện các chỉ tiêu về lĩnh vực chính trị; Ban Tổ chức Thị ủy, Hội Liên hiệp Phụ nữ thị xã phối hợp."],
     [("Phòng Nội vụ", "lead", "HOME_AFFAIRS"), ("Ban Tổ chức Thị ủy", "coordinate", "PARTY_ORGANISATION"),
      ("Hội Liên hiệp Phụ nữ", "coordinate", "WOMEN_UNION")]),
    (["4. Sở Giáo dục và Đào tạo: chủ trì thực hiện Mục tiêu 5; Tỉnh đoàn, Hội Nông dân tỉnh phối hợp tuyên truyền."],
     [("Sở Giáo dục và Đào tạo", "lead", "EDUCATION"), (YU, "coordinate", "YOUTH_UNION"), ("Hội Nông dân", "coordinate", "FARMERS_UNION")]),
    (["3. Chăm sóc sức khỏe sinh sản, khám thai định kỳ: Trạm Y tế thị trấn chủ trì; Hội Liên hiệp Phụ nữ thị trấn, cộng tác viên dân số "
      "các thôn, tổ dân phố phối hợp."],
     [("Trạm Y tế", "lead", "HEALTH_STATION"), ("Hội Liên hiệp Phụ nữ", "coordinate", "WOMEN_UNION"),
      ("Cộng tác viên dân số các thôn, tổ dân phố", "coordinate", "POPULATION_WORKERS")]),
    (["5. Tư vấn việc làm cho lao động nữ: công chức Văn hóa - Xã hội chủ trì; Hội Nông dân xã, Đoàn Thanh niên xã phối hợp."],
     [("Công chức Văn hóa - Xã hội", "lead", "CULTURE_SOCIAL_OFFICER"), ("Hội Nông dân", "coordinate", "FARMERS_UNION"),
      (YU, "coordinate", "YOUTH_UNION")]),
    (["1. Cán bộ Văn hóa - Xã hội xã chủ trì, phối hợp với Đài truyền thanh xã, Chủ tịch Hội Liên hiệp Phụ nữ xã tổ chức tuyên truyền; "
      "cán bộ, công chức tham gia."],
     [("Cán bộ Văn hóa - Xã hội", "lead", "CULTURE_SOCIAL_OFFICER"), ("Đài Truyền thanh", "coordinate", "MEDIA"),
      ("Hội Liên hiệp Phụ nữ", "coordinate", "WOMEN_UNION")]),
    # "X: chủ trì; Y, Z: phối hợp." and the passive "do X chủ trì" (p2)
    (["Sở Nội vụ: chủ trì; Ban Tổ chức Tỉnh ủy, Văn phòng Đoàn ĐBQH và HĐND tỉnh, Hội Liên hiệp Phụ nữ tỉnh: phối hợp."],
     [("Sở Nội vụ", "lead", "HOME_AFFAIRS"), ("Ban Tổ chức Tỉnh ủy", "coordinate", "PARTY_ORGANISATION"),
      ("Văn phòng Đoàn đại biểu Quốc hội và Hội đồng nhân dân", "coordinate", "OFFICE_COUNCIL_COMMITTEE"),
      ("Hội Liên hiệp Phụ nữ", "coordinate", "WOMEN_UNION")]),
    (["Phòng Y tế: chủ trì; Trung tâm Y tế huyện, Hội LHPN huyện: phối hợp. Nội dung phòng, chống mua bán người do Công an huyện chủ trì."],
     [("Phòng Y tế", "lead", "HEALTH"), ("Trung tâm Y tế", "coordinate", "HEALTH_CENTRE"), ("Hội Liên hiệp Phụ nữ", "coordinate", "WOMEN_UNION"),
      ("Công an", "lead", "POLICE")]),
    # "Đề nghị X, Y … phối hợp" → requested only (p2, h3)
    (["5. Đề nghị Hội Liên hiệp Phụ nữ tỉnh, Ủy ban MTTQ Việt Nam tỉnh, Liên đoàn Lao động tỉnh, Tỉnh Đoàn phối hợp tuyên truyền, "
      "vận động hội viên, đoàn viên."],
     [("Hội Liên hiệp Phụ nữ", "requested", "WOMEN_UNION"), (MTTQ, "requested", "FATHERLAND_FRONT"),
      ("Liên đoàn Lao động", "requested", "LABOUR_FEDERATION"), (YU, "requested", "YOUTH_UNION")]),
    (["7. Đề nghị UBMTTQ Việt Nam huyện, Hội Nông dân huyện, Huyện đoàn và các đoàn thể vận động hội viên thực hiện bình đẳng giới."],
     [(MTTQ, "requested", "FATHERLAND_FRONT"), ("Hội Nông dân", "requested", "FARMERS_UNION"), (YU, "requested", "YOUTH_UNION")]),
    # "Đề nghị X chủ trì, phối hợp với Y" → X requested, Y coordinate (h6, x2)
    (["10. Đề nghị Ban Tuyên giáo Quận ủy chủ trì, phối hợp với Ban Dân vận Quận ủy định hướng công tác tuyên truyền về bình đẳng giới."],
     [("Ban Tuyên giáo Quận ủy", "requested", "PARTY_PROPAGANDA"), ("Ban Dân vận Quận ủy", "coordinate", "PARTY_MASS_MOBILISATION")]),
    (["6. Đề nghị Ủy ban MTTQ Việt Nam xã: chủ trì, phối hợp với Hội Liên hiệp Phụ nữ xã và Đoàn Thanh niên xã tổ chức diễn đàn."],
     [(MTTQ, "requested", "FATHERLAND_FRONT"), ("Hội Liên hiệp Phụ nữ", "coordinate", "WOMEN_UNION"), (YU, "coordinate", "YOUTH_UNION")]),
    # a "Đề nghị" heading: the bullets under it stay requests (p4)
    (["15. Đề nghị UBMTTQ Việt Nam tỉnh, Liên đoàn Lao động tỉnh", "- UBMTTQ Việt Nam tỉnh: chỉ đạo Ban Công tác Mặt trận ở khu dân cư tuyên truyền.",
      "16. Công an tỉnh: chủ trì phòng, chống mua bán người."],
     [(MTTQ, "requested", "FATHERLAND_FRONT"), ("Liên đoàn Lao động", "requested", "LABOUR_FEDERATION"),
      (MTTQ, "requested", "FATHERLAND_FRONT"), ("Công an", "lead", "POLICE")]),
    (["9. Đề nghị Hội Cựu chiến binh huyện", "+ Hội Cựu chiến binh huyện: vận động hội viên gương mẫu thực hiện."],
     [("Hội Cựu chiến binh", "requested", "VETERANS_ASSOCIATION"), ("Hội Cựu chiến binh", "requested", "VETERANS_ASSOCIATION")]),
    # a request that opens with a catch-all group is not a request to the bodies after it (seed 000)
    (["Đề nghị các phòng, ban, ngành, đoàn thể quận, UBND các phường triển khai thực hiện Kế hoạch, báo cáo kết quả về quận."], []),
    (["Đề nghị các cơ quan, đơn vị, Ủy ban nhân dân các xã triển khai thực hiện."], []),
    # a body told to direct others: only the body itself (h2, p1, p6)
    (["2. Phòng VH&TT chỉ đạo Đài Truyền thanh huyện xây dựng chương trình phát thanh chuyên đề; hướng dẫn trang trí, cổ động trực quan."],
     [("Phòng Văn hóa và Thông tin", "lead", "CULTURE_INFO")]),
    (["8. Sở Thông tin và Truyền thông chủ trì thực hiện Mục tiêu 5; chỉ đạo, hướng dẫn Đài Phát thanh - Truyền hình tỉnh, Báo Thái Bình "
      "tăng thời lượng tuyên truyền."],
     [("Sở Thông tin và Truyền thông", "lead", "CULTURE_INFO")]),
    (["3. Đề nghị UBND các quận, huyện chỉ đạo Phòng Lao động - Thương binh và Xã hội, UBND các phường, xã tổ chức các hoạt động hưởng ứng."],
     [("Ủy ban nhân dân các quận, huyện", "requested", "LOWER_PEOPLES_COMMITTEES")]),
    # sets of one kind of body (x3, x4, x6, x1)
    (["7. Trưởng các thôn, Tổ trưởng các tổ dân phố: lồng ghép nội dung Kế hoạch trong các buổi họp dân."],
     [("Trưởng các thôn", "lead", "VILLAGE_HEADS"), ("Tổ trưởng các tổ dân phố", "lead", "VILLAGE_HEADS")]),
    (["9. Trưởng các ấp, khóm và Ban điều hành các khu phố: tuyên truyền tại các buổi sinh hoạt."],
     [("Trưởng các ấp, khóm", "lead", "VILLAGE_HEADS"), ("Ban điều hành các khu phố", "lead", "VILLAGE_HEADS")]),
    (["5. Các trường Mầm non, Tiểu học, THCS trên địa bàn: lồng ghép giáo dục giới vào hoạt động ngoại khóa."],
     [("Các trường Mầm non, Tiểu học, Trung học cơ sở", "lead", "SCHOOLS")]),
    (["8. Hiệu trưởng các trường Mầm non, Tiểu học và THCS: tổ chức ngoại khóa."],
     [("Các trường Mầm non, Tiểu học và Trung học cơ sở", "lead", "SCHOOLS")]),
    (["10. UBND các xã, thị trấn: xây dựng kế hoạch thực hiện tại địa phương."],
     [("Ủy ban nhân dân các xã, thị trấn", "lead", "LOWER_PEOPLES_COMMITTEES")]),
    (["6. UBND xã, thị trấn: xây dựng kế hoạch hưởng ứng tại địa phương."],
     [("Ủy ban nhân dân các xã, thị trấn", "lead", "LOWER_PEOPLES_COMMITTEES")]),
    # catch-alls give nothing (h4, x6)
    (["8. Thủ trưởng các cơ quan, đơn vị thuộc thị xã: căn cứ chức năng, nhiệm vụ được giao, lồng ghép nội dung bình đẳng giới."], []),
    (["4. Các phòng, ban, ngành, đoàn thể huyện: căn cứ chức năng, nhiệm vụ xây dựng kế hoạch."], []),
    # proper-named outlets keep their name; a body agencies.yaml lacks keeps its own, code null (p3, p6)
    (["6. Sở Thông tin và Truyền thông: chủ trì; phối hợp với Đài Phát thanh và Truyền hình tỉnh, Báo Đắk Lắk mở chuyên trang."],
     [("Sở Thông tin và Truyền thông", "lead", "CULTURE_INFO"), ("Đài Phát thanh - Truyền hình", "coordinate", "MEDIA"),
      ("Báo Đắk Lắk", "coordinate", "MEDIA")]),
    (["6. Hội Khuyến học huyện: phối hợp với Báo Quảng Bình, Đài Phát thanh - Truyền hình Đà Nẵng tuyên truyền."],
     [("Hội Khuyến học", "lead", None), ("Báo Quảng Bình", "coordinate", "MEDIA"),
      ("Đài Phát thanh - Truyền hình Đà Nẵng", "coordinate", "MEDIA")]),
    (["3. Trung tâm Y tế huyện, Bệnh viện Đa khoa huyện: khám sàng lọc; Bảo hiểm xã hội huyện phối hợp."],
     [("Trung tâm Y tế", "lead", "HEALTH_CENTRE"), ("Bệnh viện Đa khoa", "lead", "HOSPITAL"),
      ("Bảo hiểm xã hội", "coordinate", "SOCIAL_INSURANCE")]),
    (["4. Công an huyện, Ban Chỉ huy Quân sự huyện: chủ trì, phối hợp với Bộ đội Biên phòng tỉnh, Đoàn Thanh niên xã tuyên truyền."],
     [("Công an", "lead", "POLICE"), ("Ban Chỉ huy Quân sự", "lead", "MILITARY"),
      ("Bộ Chỉ huy Bộ đội Biên phòng", "coordinate", "BORDER_GUARD"), (YU, "coordinate", "YOUTH_UNION")]),
    # a name typed without diacritics (h5)
    (["7. Phong Tai chinh - Ke hoach: tham mưu bố trí kinh phí thực hiện Kế hoạch."],
     [("Phòng Tài chính - Kế hoạch", "lead", "FINANCE_PLANNING")]),
    (["9. Truong cac thon: tuyên truyền trong các buổi họp thôn."], [("Trưởng các thôn", "lead", "VILLAGE_HEADS")]),
    # lines a page broke mid-name (h5)
    (["1. Phòng Nội vụ: Chủ trì, phối hợp với Phòng Văn hóa và Thông tin, Đài",
      "Truyền thanh - Truyền hình huyện tổ chức các hoạt động truyền thông; hướng dẫn, kiểm tra việc thực hiện Kế hoạch."],
     [("Phòng Nội vụ", "lead", "HOME_AFFAIRS"), ("Phòng Văn hóa và Thông tin", "coordinate", "CULTURE_INFO"),
      ("Đài Truyền thanh - Truyền hình", "coordinate", "MEDIA")]),
    # an opener inside a sentence; "bàn giao" is not one
    (["1. Ủy ban nhân dân huyện giao Phòng Nội vụ chủ trì, phối hợp với Phòng Y tế triển khai; Phòng Lao động - Thương binh và Xã hội "
      "bàn giao hồ sơ cho Phòng Nội vụ."],
     [("Phòng Nội vụ", "lead", "HOME_AFFAIRS"), ("Phòng Y tế", "coordinate", "HEALTH")]),
    # funding paragraphs: a numbered item (h2) and one after an opening adverbial
    (["4. Phòng Tài chính - Kế hoạch thẩm định, cấp kinh phí tổ chức các hoạt động theo dự toán được duyệt."],
     [("Phòng Tài chính - Kế hoạch", "lead", "FINANCE_PLANNING")]),
    (["Hằng năm, Phòng Tài chính - Kế hoạch thẩm định, bố trí kinh phí thực hiện Kế hoạch."],
     [("Phòng Tài chính - Kế hoạch", "lead", "FINANCE_PLANNING")]),
    # a list that opens the item is not an adverbial (h5)
    (["4. Phòng Y tế, Trung tâm Y tế huyện: phối hợp với Trung tâm Dân số - Kế hoạch hóa gia đình huyện truyền thông giảm thiểu mất "
      "cân bằng giới tính khi sinh."],
     [("Phòng Y tế", "lead", "HEALTH"), ("Trung tâm Y tế", "lead", "HEALTH_CENTRE"),
      ("Trung tâm Dân số - Kế hoạch hóa gia đình", "coordinate", "POPULATION_CENTRE")]),
    # names the grammar reads on: "và" + a capital, lower-case words inside, "các" + a capital
    (["8. Phòng Nông nghiệp và Phát triển nông thôn, Phòng Kinh tế và Hạ tầng: lồng ghép bình đẳng giới trong chương trình nông thôn mới."],
     [("Phòng Nông nghiệp và Phát triển nông thôn", "lead", "AGRICULTURE"), ("Phòng Kinh tế và Hạ tầng", "lead", "ECONOMY")]),
    (["6. Ban Quản lý các Khu công nghiệp tỉnh, Trung tâm Giáo dục nghề nghiệp - Giáo dục thường xuyên huyện: tổ chức đào tạo nghề."],
     [("Ban Quản lý các Khu công nghiệp", "lead", None), ("Trung tâm Giáo dục nghề nghiệp - Giáo dục thường xuyên", "lead", None)]),
    # "các" + lower-case words that run to a level word stay in the name (heldout hd2; a variant)
    (["5. Ban Quản lý các khu công nghiệp tỉnh"],
     [("Ban Quản lý các khu công nghiệp", "lead", None)]),
    (["3. Sở Y tế chủ trì; Ban Quản lý các khu kinh tế tỉnh, Hội Nông dân các xã phối hợp tuyên truyền."],
     [("Sở Y tế", "lead", "HEALTH"), ("Ban Quản lý các khu kinh tế", "coordinate", None),
      ("Hội Nông dân các xã", "coordinate", "FARMERS_UNION")]),
    # a listed name that runs on into a proper name keeps its own spelling (heldout hd8; a variant)
    (["7. Đài Phát thanh và Truyền hình Bình Định, Báo Bình Định", "- Duy trì chuyên mục về bình đẳng giới."],
     [("Đài Phát thanh và Truyền hình Bình Định", "lead", "MEDIA"), ("Báo Bình Định", "lead", "MEDIA")]),
    (["4. Sở Văn hóa và Thể thao chủ trì, phối hợp với Đài PT-TH Lạng Sơn mở chuyên mục."],
     [("Sở Văn hóa và Thể thao", "lead", "CULTURE_INFO"), ("Đài Phát thanh - Truyền hình Lạng Sơn", "coordinate", "MEDIA")]),
    # a capitalised head after a list comma opens the next body, even before words that make the
    # lower-case head a kind of group (heldout hd6; a variant)
    (["- Công an phường: chủ trì; Công chức Tư pháp - Hộ tịch, Tổ hòa giải các tổ dân phố: phối hợp."],
     [("Công an", "lead", "POLICE"), ("Công chức Tư pháp - Hộ tịch", "coordinate", "JUSTICE_OFFICER"),
      ("Tổ hòa giải các tổ dân phố", "coordinate", None)]),
    (["2. Trạm Y tế xã chủ trì, phối hợp với Tổ hòa giải các ấp, Hội Nông dân xã; duy trì hoạt động của các tổ hòa giải."],
     [("Trạm Y tế", "lead", "HEALTH_STATION"), ("Tổ hòa giải các ấp", "coordinate", None),
      ("Hội Nông dân", "coordinate", "FARMERS_UNION")]),
    # heads "Chi hội", "Vườn quốc gia"; a set of classes (heldout hd6, hd7; variants)
    (["- Trường Tiểu học: chủ trì; Chi hội Cha mẹ học sinh các lớp: phối hợp."],
     [("Trường Tiểu học", "lead", None), ("Chi hội Cha mẹ học sinh các lớp", "coordinate", None)]),
    (["6. Chi hội Phụ nữ các khu dân cư: vận động hội viên tham gia."],
     [("Chi hội Phụ nữ các khu dân cư", "lead", None)]),
    (["8. Vườn quốc gia Pù Mát", "Phối hợp với UBND các xã vùng đệm tạo việc làm cho phụ nữ."],
     [("Vườn quốc gia Pù Mát", "lead", None), ("Ủy ban nhân dân các xã vùng đệm", "coordinate", "LOWER_PEOPLES_COMMITTEES")]),
    (["3. Vườn quốc gia Cát Tiên chủ trì, phối hợp với Ủy ban nhân dân các xã vùng đệm tuyên truyền."],
     [("Vườn quốc gia Cát Tiên", "lead", None), ("Ủy ban nhân dân các xã vùng đệm", "coordinate", "LOWER_PEOPLES_COMMITTEES")]),
    # "và các" + lower-case words up to the proper name that closes the name (devset p6; a variant);
    # "và các" before a vague group or a set of units ends it
    (["2. Liên đoàn Lao động thành phố chủ trì, phối hợp với Sở Lao động - Thương binh và Xã hội, Ban Quản lý Khu công nghệ cao "
      "và các khu công nghiệp Đà Nẵng tổ chức tọa đàm."],
     [("Liên đoàn Lao động", "lead", "LABOUR_FEDERATION"), ("Sở Lao động - Thương binh và Xã hội", "coordinate", "LABOUR_SOCIAL"),
      ("Ban Quản lý Khu công nghệ cao và các khu công nghiệp Đà Nẵng", "coordinate", None)]),
    (["4. Ban Quản lý Khu kinh tế và các khu chế xuất Cần Thơ: tuyên truyền cho lao động nữ; Sở Y tế và các đơn vị liên quan phối hợp."],
     [("Ban Quản lý Khu kinh tế và các khu chế xuất Cần Thơ", "lead", None), ("Sở Y tế", "coordinate", "HEALTH")]),
    # a verb after a name read by the grammar ends it: "chuẩn bị" (heldout2 k3; a variant)
    (["1. Văn phòng Sở chủ trì, phối hợp với Phòng Công tác thanh niên và Bình đẳng giới chuẩn bị nhân sự nữ."],
     [("Văn phòng Sở", "lead", None), ("Phòng Công tác thanh niên và Bình đẳng giới", "coordinate", None)]),
    (["2. Phòng Nội vụ chủ trì, phối hợp với Hội Doanh nhân trẻ chuẩn bị tài liệu tập huấn."],
     [("Phòng Nội vụ", "lead", "HOME_AFFAIRS"), ("Hội Doanh nhân trẻ", "coordinate", None)]),
    # "do X tham mưu / thực hiện": X leads (heldout hd7; a variant)
    (["Kinh phí hoạt động của Ban do Phòng Tài chính - Kế hoạch tham mưu UBND huyện cấp từ ngân sách huyện năm 2013;"],
     [("Phòng Tài chính - Kế hoạch", "lead", "FINANCE_PLANNING")]),
    (["Việc khảo sát thực trạng bạo lực gia đình do Trung tâm Y tế quận thực hiện trong quý III."],
     [("Trung tâm Y tế", "lead", "HEALTH_CENTRE")]),
    # abbreviations that spell a head (`TAND`, `VP`) or a name inside one (`NN&PTNT`)
    (["1. VP HĐND và UBND huyện, TAND huyện, Hội CCB huyện, Phòng NN&PTNT: phối hợp thực hiện."],
     [("Văn phòng Hội đồng nhân dân và Ủy ban nhân dân", "lead", "OFFICE_COUNCIL_COMMITTEE"), ("Tòa án nhân dân", "lead", "COURT"),
      ("Hội Cựu chiến binh", "lead", "VETERANS_ASSOCIATION"), ("Phòng Nông nghiệp và Phát triển nông thôn", "lead", "AGRICULTURE")]),
    # a closing sentence that makes bodies responsible (p5)
    (["Giám đốc các sở, Thủ trưởng các ban, ngành tỉnh và Chủ tịch Ủy ban nhân dân các xã, phường chịu trách nhiệm tổ chức thực hiện Kế hoạch này./."],
     [("Ủy ban nhân dân các xã, phường", "lead", "LOWER_PEOPLES_COMMITTEES")]),
    (["Thủ trưởng các phòng, ban, ngành huyện và Chủ tịch UBND các xã, thị trấn chịu trách nhiệm thực hiện Kế hoạch này."],
     [("Ủy ban nhân dân các xã, thị trấn", "lead", "LOWER_PEOPLES_COMMITTEES")]),
]


@pytest.mark.parametrize("lines,expected", ROWS)
def test_assignments_in_the_part_that_hands_out_tasks(lines, expected):
    ctx = ctx_of("KẾ HOẠCH", "Thực hiện công tác bình đẳng giới năm 2025", ORG, *lines)
    got = [(a.agency, a.role, a.agency_code) for a in assignments.extract(ctx)]
    assert got == expected


ARTICLES = [
    # the execution article of a decision: titles stand for the bodies (x6, p1, h6)
    ("Điều 3. Quyết định này có hiệu lực kể từ ngày ký. Chánh Văn phòng HĐND và UBND xã, Trưởng phòng Văn hóa - Xã hội, Trưởng phòng Kinh tế, "
     "Trưởng Công an xã, Trạm trưởng Trạm Y tế xã, Trưởng các ấp, khóm và Thủ trưởng các cơ quan, đơn vị có liên quan chịu trách nhiệm "
     "thi hành Quyết định này./.",
     [("Văn phòng Hội đồng nhân dân và Ủy ban nhân dân", "lead", "Văn phòng HĐND và UBND xã"), ("Phòng Văn hóa - Xã hội", "lead", "phòng Văn hóa - Xã hội"),
      ("Phòng Kinh tế", "lead", "phòng Kinh tế"), ("Công an", "lead", "Công an xã"), ("Trạm Y tế", "lead", "Trạm Y tế xã"),
      ("Trưởng các ấp, khóm", "lead", "Trưởng các ấp, khóm")]),
    ("Điều 3. Chánh Văn phòng UBND tỉnh; Giám đốc các Sở: Nội vụ, Tư pháp, Văn hóa, Thể thao và Du lịch, Y tế; Chủ tịch UBND các huyện, thị xã "
     "và Thủ trưởng các cơ quan có liên quan chịu trách nhiệm thi hành Quyết định này.",
     [("Văn phòng Ủy ban nhân dân", "lead", "Văn phòng UBND tỉnh"), ("Sở Nội vụ", "lead", "Nội vụ"), ("Sở Tư pháp", "lead", "Tư pháp"),
      ("Sở Văn hóa, Thể thao và Du lịch", "lead", "Văn hóa, Thể thao và Du lịch"), ("Sở Y tế", "lead", "Y tế"),
      ("Ủy ban nhân dân các huyện, thị xã", "lead", "UBND các huyện, thị xã")]),
    ("Điều 3. Chánh Văn phòng Ủy ban nhân dân quận, Trưởng phòng Lao động - Thương binh và Xã hội quận, Thủ trưởng các phòng, ban, đơn vị thuộc "
     "quận và Chủ tịch Ủy ban nhân dân 16 phường chịu trách nhiệm thi hành Quyết định này./.",
     [("Văn phòng Ủy ban nhân dân", "lead", "Văn phòng Ủy ban nhân dân quận"),
      (LS[0], "lead", "phòng Lao động - Thương binh và Xã hội quận"), ("Ủy ban nhân dân các phường", "lead", "Ủy ban nhân dân 16 phường")]),
    # "Giao X chủ trì, phối hợp với Y, Z" in an article (p1, x6)
    ("Điều 2. Giao Sở Lao động - Thương binh và Xã hội chủ trì, phối hợp với Sở Kế hoạch và Đầu tư, Sở Tài chính hướng dẫn, đôn đốc, "
     "kiểm tra các sở, ngành, địa phương triển khai thực hiện Kế hoạch.",
     [("Sở Lao động - Thương binh và Xã hội", "lead", "Sở Lao động - Thương binh và Xã hội"),
      ("Sở Kế hoạch và Đầu tư", "coordinate", "Sở Kế hoạch và Đầu tư"), ("Sở Tài chính", "coordinate", "Sở Tài chính")]),
    ("Điều 2. Giao Phòng Văn hóa - Xã hội chủ trì, phối hợp với Văn phòng HĐND và UBND xã và Công an xã triển khai thực hiện Kế hoạch.",
     [("Phòng Văn hóa - Xã hội", "lead", "Phòng Văn hóa - Xã hội"),
      ("Văn phòng Hội đồng nhân dân và Ủy ban nhân dân", "coordinate", "Văn phòng HĐND và UBND xã"), ("Công an", "coordinate", "Công an xã")]),
    # an article that only names the issuing body's own committee gives nothing
    ("Điều 1. Ban hành kèm theo Quyết định này Kế hoạch thực hiện công tác bình đẳng giới năm 2025 trên địa bàn xã.", []),
]


@pytest.mark.parametrize("line,expected", ARTICLES)
def test_assignments_in_articles_of_a_decision(line, expected):
    ctx = ctx_of("ỦY BAN NHÂN DÂN XÃ TÂN AN", "Số: 12/QĐ-UBND", "QUYẾT ĐỊNH", "Về việc ban hành Kế hoạch thực hiện công tác bình đẳng giới năm 2025",
                 "ỦY BAN NHÂN DÂN XÃ TÂN AN", "Căn cứ Luật Bình đẳng giới ngày 29 tháng 11 năm 2006;", "QUYẾT ĐỊNH:", line)
    got = [(a.agency, a.role, a.agency_surface) for a in assignments.extract(ctx)]
    assert got == expected


LINES = [
    # "Cơ quan chủ trì: X. Cơ quan phối hợp: Y" anywhere in the body (h6); remarks between names skipped
    ("- Cơ quan chủ trì: Phòng Lao động - Thương binh và Xã hội (phòng ngừa, ứng phó với bạo lực trên cơ sở giới), Phòng Văn hóa và Thông tin "
     "(phòng, chống bạo lực gia đình). Cơ quan phối hợp: Công an quận, Phòng Tư pháp, Ủy ban nhân dân 16 phường.",
     [(LS[0], "lead"), ("Phòng Văn hóa và Thông tin", "lead"), ("Công an", "coordinate"), ("Phòng Tư pháp", "coordinate"),
      ("Ủy ban nhân dân các phường", "coordinate")]),
    ("- Cơ quan chủ trì: Sở Y tế. Cơ quan phối hợp: Bảo hiểm xã hội tỉnh, Hội Liên hiệp Phụ nữ tỉnh.",
     [("Sở Y tế", "lead"), ("Bảo hiểm xã hội", "coordinate"), ("Hội Liên hiệp Phụ nữ", "coordinate")]),
    # "Cơ quan thực hiện: X, Y chủ trì, phối hợp với Z" with an elided unit name (h6, seed 003)
    ("- Cơ quan thực hiện: Ủy ban nhân dân Phường 1, Phường 12 chủ trì, phối hợp với Hội Liên hiệp Phụ nữ quận, Phòng Lao động - Thương binh "
     "và Xã hội quận.",
     [("Ủy ban nhân dân Phường 1", "lead"), ("Ủy ban nhân dân Phường 12", "lead"), ("Hội Liên hiệp Phụ nữ", "coordinate"), (LS[0], "coordinate")]),
    # variants (agency_grammar.yaml committee_unit_lists): named units, "và", another order and numbers; a unit
    # of another level after the committee is its address, not a second committee
    ("- Cơ quan thực hiện: Ủy ban nhân dân xã Tân An và xã Bình Minh chủ trì, phối hợp với Hội Nông dân huyện.",
     [("Ủy ban nhân dân xã Tân An", "lead"), ("Ủy ban nhân dân xã Bình Minh", "lead"), ("Hội Nông dân", "coordinate")]),
    ("- Cơ quan thực hiện: UBND Phường 14, Phường 10 và Phường 3 chủ trì.",
     [("Ủy ban nhân dân Phường 14", "lead"), ("Ủy ban nhân dân Phường 10", "lead"), ("Ủy ban nhân dân Phường 3", "lead")]),
    ("- Cơ quan thực hiện: Ủy ban nhân dân xã Cửa Tùng, huyện Vĩnh Linh chủ trì, phối hợp với Công an xã.",
     [("Ủy ban nhân dân xã Cửa Tùng", "lead"), ("Công an", "coordinate")]),
    ("Cơ quan thực hiện: Sở Lao động - Thương binh và Xã hội chủ trì, phối hợp với Cục Thống kê tỉnh, Sở Tư pháp và Thanh tra tỉnh.",
     [("Sở Lao động - Thương binh và Xã hội", "lead"), ("Cục Thống kê", "coordinate"), ("Sở Tư pháp", "coordinate"), ("Thanh tra", "coordinate")]),
    # bodies named in a content part outside such lines are mentions, not assignments (x, S26)
    ("- Phối hợp với Ngân hàng Chính sách xã hội hỗ trợ phụ nữ vay vốn; duy trì cơ chế phối hợp giữa Phòng Văn hóa - Xã hội, Công an xã.", []),
    ("- Trung tâm Y tế huyện tổ chức khám sàng lọc cho phụ nữ tại các xã vùng cao.", []),
]


@pytest.mark.parametrize("line,expected", LINES)
def test_assignments_in_executor_lines_of_the_content_part(line, expected):
    got = [(a.agency, a.role) for a in assignments.extract(body(line))]
    assert got == expected


TABLES = [
    # an activity table with "Cơ quan chủ trì | Cơ quan phối hợp" columns (h2)
    (["Nội dung | Cơ quan chủ trì | Cơ quan phối hợp | Thời gian",
      "4. Tọa đàm \"Nam giới với việc phòng, chống bạo lực gia đình\" | Hội Nông dân huyện | Phòng LĐTB&XH, Hội LHPN huyện | Tuần thứ 3 tháng 11/2019",
      "7. Tư vấn pháp luật lưu động | Phòng Tư pháp | Hội LHPN huyện, UBND xã Định Thủy, UBND xã An Thạnh | Từ ngày 25/11 đến 29/11/2019"],
     [("Hội Nông dân", "lead"), (LS[0], "coordinate"), ("Hội Liên hiệp Phụ nữ", "coordinate"), ("Phòng Tư pháp", "lead"),
      ("Hội Liên hiệp Phụ nữ", "coordinate"), ("Ủy ban nhân dân xã Định Thủy", "coordinate"), ("Ủy ban nhân dân xã An Thạnh", "coordinate")]),
    # "Đơn vị chủ trì | Đơn vị phối hợp", a catch-all cell skipped (x6)
    (["Nhiệm vụ | Đơn vị chủ trì | Đơn vị phối hợp | Thời gian",
      "Thăm hỏi, tặng quà | Ủy ban MTTQ Việt Nam xã | Hội LHPN xã, Phòng Kinh tế | Trước ngày 10/12/2025",
      "Tổng hợp, báo cáo kết quả | Phòng Văn hóa - Xã hội | Các cơ quan, đơn vị liên quan | Trước ngày 18/12/2025"],
     [(MTTQ, "lead"), ("Hội Liên hiệp Phụ nữ", "coordinate"), ("Phòng Kinh tế", "coordinate"), ("Phòng Văn hóa - Xã hội", "lead")]),
    # a markdown table with one "Đơn vị thực hiện" column: the cell says who leads
    (["| TT | Nội dung hoạt động | Đơn vị thực hiện | Thời gian |", "|---|---|---|---|",
      "| 1 | Treo băng rôn, khẩu hiệu | Trưởng các thôn, bản | Tháng 11 |",
      "| 2 | Tư vấn sức khỏe sinh sản | Trạm Y tế xã chủ trì, phối hợp với Hội Phụ nữ xã | Tháng 12 |"],
     [("Trưởng các thôn, bản", "lead"), ("Trạm Y tế", "lead"), ("Hội Liên hiệp Phụ nữ", "coordinate")]),
]


@pytest.mark.parametrize("lines,expected", TABLES)
def test_assignments_in_activity_tables(lines, expected):
    ctx = ctx_of("KẾ HOẠCH", "Tổ chức Tháng hành động vì bình đẳng giới năm 2025", "III. NỘI DUNG HOẠT ĐỘNG", *lines)
    got = sorted((a.agency, a.role) for a in assignments.extract(ctx))
    assert got == sorted(expected)


def test_recipients_and_provenance():
    ctx = ctx_of("KẾ HOẠCH", "Thực hiện công tác bình đẳng giới năm 2025", ORG,
                 "1. Phòng Tư pháp huyện chủ trì phổ biến pháp luật về bình đẳng giới.",
                 "Nơi nhận:", "- Sở Nội vụ tỉnh;", "- Phòng Y tế huyện;", "- Lưu: VT.")
    got = assignments.extract(ctx)
    assert [(a.agency, a.role) for a in got] == [("Phòng Tư pháp", "lead")]
    a = got[0]
    assert ctx.text[a.char_start:a.char_end] == a.agency_surface == "Phòng Tư pháp huyện"
    assert a.section.startswith("V")


# ------------------------------------------------------------------------------ the rule files

def _mentions(phrase: str) -> list:
    """Every agency mention that opens at a word of the phrase."""
    rd = agency_mentions.Reader(phrase, fold(phrase))
    out = []
    for m in re.finditer(r"(?<!\w)\w", phrase):
        r = rd.mention(m.start(), len(phrase))
        if isinstance(r, agency_mentions.Mention):
            out.append(r)
        elif isinstance(r, tuple):  # "Giám đốc các Sở: …"
            out += rd.elided(r[1], r[2], len(phrase))[0]
    return out


@pytest.mark.parametrize("entry", load_yaml("agencies.yaml")["agencies"], ids=lambda e: e["name"])
def test_every_agency_example_reads_as_that_agency(entry):
    """A listed name is read in its example, with its code; a name used as a beginning (`Ban Tổ
    chức` + `Quận ủy`, `Báo` + `Quảng Bình`, `Trưởng các ấp` + `, khóm`) opens the name read there."""
    # a name that runs on into a proper name keeps its own spelling: it opens with the name or an alias
    ks = [key(n) for n in [entry["name"], *entry["aliases"]]]
    hits = [m for m in _mentions(entry["example"])
            if any(key(m.name) == k or key(m.name).startswith(k + " ") or key(m.name).startswith(k + ",") for k in ks)]
    assert hits and hits[0].code == entry["code"]


GRAMMAR = load_yaml("agency_grammar.yaml")


@pytest.mark.parametrize("entry", GRAMMAR["abbreviations"], ids=lambda e: e["abbr"])
def test_every_abbreviation_example_expands(entry):
    name, _ = agency_grammar.canonical(entry["example"])
    assert entry["abbr"] not in name.split() and key(entry["expansion"]) in key(name)


@pytest.mark.parametrize("entry", GRAMMAR["heads"] + GRAMMAR["forms"] + GRAMMAR["titles"], ids=lambda e: e["example"])
def test_every_head_form_and_title_example_reads_a_body(entry):
    ex = entry["example"]
    ctx = ctx_of("KẾ HOẠCH", "Thực hiện công tác bình đẳng giới năm 2025", ORG, "1. " + ex + ": chủ trì thực hiện Kế hoạch.")
    got = assignments.extract(ctx)
    vague = bool(re.search(r"(?i)thủ trưởng các cơ quan", ex))
    assert bool(got) != vague
    if "agency" in entry:
        assert entry["agency"] in [a.agency for a in got]
    if "head" in entry and not vague:
        assert any(fold(entry["head"]) in fold(a.agency_surface) or fold(entry["head"]) in fold(a.agency) for a in got)


# Section titles are matched on an OCR-tolerant fold: a scan's "T0 CHỨC" (devset h5) or "C0NG",
# "H1ỆN" (variants) open the part that hands out tasks; a heading's own number stays a number.
OCR_TITLES = [
    ("V. T0 CHỨC THỰC HIỆN", "v. to chuc thuc hien"),
    ("IV. PHÂN C0NG NHIỆM VỤ", "iv. phan cong nhiem vu"),
    ("III. TỔ CHỨC THỰC H1ỆN", "iii. to chuc thuc hien"),
    ("IV. TRÁCH NH1ỆM THỰC HIỆN", "iv. trach nhiem thuc hien"),
]


@pytest.mark.parametrize("title,folded", OCR_TITLES)
def test_task_section_titles_match_through_ocr_slips(title, folded):
    assert agency_grammar.ocr_fold(title) == folded
    ctx = ctx_of("KẾ HOẠCH", "Thực hiện công tác bình đẳng giới năm 2025", title,
                 "1. Phòng Y tế", "- Tổ chức khám sức khỏe sinh sản cho phụ nữ.")
    got = [(a.agency, a.role) for a in assignments.extract(ctx)]
    assert got == [("Phòng Y tế", "lead")]


def test_a_title_outside_the_task_sections_assigns_nothing():
    assert agency_grammar.ocr_fold("10. Kinh phí") == "10. kinh phi"  # a number stays a number
    ctx = ctx_of("KẾ HOẠCH", "Thực hiện công tác bình đẳng giới năm 2025", "II. NỘI DUNG H0ẠT ĐỘNG",
                 "1. Phòng Y tế", "- Tổ chức khám sức khỏe sinh sản cho phụ nữ.")
    assert assignments.extract(ctx) == []



# ------------------------------------------------------------------------------ the domain of each one

def test_an_assignment_domain_comes_from_its_section_not_from_the_agency_name():
    text = ("III. TỔ CHỨC THỰC HIỆN\n1. Phòng Lao động - Thương binh và Xã hội\n"
            "Phối hợp xử lý các vụ bạo lực gia đình; tuyên truyền phòng, chống bạo lực.\n"
            "2. Mục tiêu 2: Trong lĩnh vực y tế\nTrạm Y tế chủ trì khám sức khỏe.\n")
    s1, s2 = text.index("1. Phòng"), text.index("2. Mục tiêu")
    sections = [Section("III", "III", "III. TỔ CHỨC THỰC HIỆN", 0, len(text), 1, "body"),
                Section("III.1", "1", "1. Phòng Lao động - Thương binh và Xã hội", s1, s2, 2, "body"),
                Section("III.2", "2", "2. Mục tiêu 2: Trong lĩnh vực y tế", s2, len(text), 2, "body")]
    a1, a2 = text.index("Phòng Lao động"), text.index("Trạm Y tế")
    rows = [Assignment(a1, a1 + 41, None, "III.1", LS[0], text[a1:a1 + 41], LS[1], "lead", text[s1:s2]),
            Assignment(a2, a2 + 9, None, "III.2", "Trạm Y tế", "Trạm Y tế", None, "lead", "Trạm Y tế chủ trì khám sức khỏe.")]
    got = assignment_domains.domains(text, fold(text), sections, rows, [])
    assert got[0] == ("family_gbv", "section text")  # not economy_labor from "Lao động" in the name
    assert got[1] == ("health", "section title")


def test_every_extracted_assignment_carries_its_domain():
    """Computed when the assignments are extracted (the store only copies it): a section title
    that names a domain, else the targets of the section, else its text."""
    ctx = ctx_of("KẾ HOẠCH", "Thực hiện công tác bình đẳng giới năm 2025", ORG,
                 "1. Trong lĩnh vực y tế", "- Trạm Y tế chủ trì khám sức khỏe sinh sản cho phụ nữ.",
                 "2. Nhiệm vụ khác", "- Phòng Tư pháp chủ trì tuyên truyền phòng, chống bạo lực gia đình.")
    got = [(a.agency, a.domain, a.domain_rule) for a in assignments.extract(ctx)]
    assert got == [("Trạm Y tế", "health", "section title"), ("Phòng Tư pháp", "family_gbv", "section text")]
