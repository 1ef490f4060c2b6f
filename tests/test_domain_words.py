"""One engine for the domain of a text by its keywords (``extractors/domain_words.py``), read by
the targets and the assignments."""
from __future__ import annotations

import pytest

from extractors.domain_words import domains_named, keyword_domain
from extractors.rules.lexicon import fold


@pytest.mark.parametrize("text, earliest, most", [
    # a target sentence: the earliest keyword and the most named field agree
    ("Tỷ lệ nữ đại biểu Hội đồng nhân dân cấp xã đạt từ 35% trở lên; nữ tham gia cấp ủy đạt 20%.",
     "politics", "politics"),
    # my variant: a task naming training first, then three times the media
    ("Tổ chức tập huấn cho cán bộ làm công tác thông tin, truyền thông và tuyên truyền về bình đẳng giới.",
     "governance", "information"),
    # no keyword: no domain
    ("Các cơ quan báo cáo kết quả trước ngày 15/12/2025.", None, None),
])
def test_the_domain_of_a_text(text, earliest, most):
    folded = fold(text)
    assert keyword_domain(folded) == earliest
    assert keyword_domain(folded, most=True) == most


def test_a_tie_goes_to_the_domain_met_first():
    # one keyword of each: the earlier decides
    assert keyword_domain(fold("Hỗ trợ việc làm cho nạn nhân"), most=True) == "economy_labor"
    assert keyword_domain(fold("Hỗ trợ nạn nhân tìm việc làm"), most=True) == "family_gbv"


def test_every_domain_a_heading_names():
    assert domains_named(fold("Thông tin, truyền thông và nâng cao năng lực")) == {"information", "governance"}
