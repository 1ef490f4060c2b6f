"""Locality and province codes from the official units, resolved from the plan's own clues."""
import pytest

from extractors.localities import resolve, system_for
from pipeline.models import Citation, DateFact, Extraction, Meta
from pipeline.store.schema import check, problems


@pytest.mark.parametrize("name,typ,level,province,text,issue,start,expected", [
    # district plans: legacy units only
    ("Long Biên", "quận", "district", "Hà Nội", "", "2025", 2025, ("004", "01", "legacy")),
    ("Lâm Thao", "huyện", "district", "Phú Thọ", "", "2024-04", 2024, ("237", "25", "legacy")),
    ("Gò Vấp", "quận", "district", "Hồ Chí Minh", "", "2019-05-08", 2019, ("764", "79", "legacy")),
    # a ward name found in five provinces: the plan's province decides
    ("Nguyễn Trãi", "phường", "commune", "Kon Tum", "trên địa bàn Thành phố Kon Tum năm 2025", None, 2025,
     ("23305", "62", "legacy")),
    # a 2026 commune plan: the two-level units since July 2025
    ("Hưng Đạo", "xã", "commune", "Hà Nội", "", "2026", 2026, ("09931", "01", "2025")),
    # no province in the text: never guessed
    ("Hưng Đạo", "xã", "commune", None, "", "2026", 2026, (None, None, "2025")),
    ("Nguyễn Trãi", "phường", "commune", None, "", None, 2025, (None, None, "legacy")),
])
def test_resolve(name, typ, level, province, text, issue, start, expected):
    r = resolve(name, typ, level, province, text, issue, start)
    assert (r.locality_code, r.province_code, r.system) == expected
    if expected[0] is None:
        assert len(r.candidates) >= 2 and {c["province"] for c in r.candidates} >= (
            {"Hà Nội", "Cao Bằng"} if name == "Hưng Đạo" else {"Kon Tum", "Hải Dương", "Hà Giang"})


@pytest.mark.parametrize("level,issue,start,system", [
    ("district", "2026", 2026, "legacy"), ("commune", "2025-06-30", 2025, "legacy"),
    ("commune", "2025-07-01", 2025, "2025"), ("commune", None, 2026, "2025"), ("province", "2025", 2025, "legacy"),
])
def test_which_system(level, issue, start, system):
    assert system_for(level, issue, start) == system


def test_schema_drops_and_reports_bad_values():
    assert problems("dates", {"value": "2025-13-01", "kind": "deadline"}) == [
        "dates.value='2025-13-01' is not an EDTF date"]
    assert problems("dates", {"value": "XXXX-11-15/XXXX-12-15", "kind": "period"}) == []
    ex = Extraction("abc", "x.txt", "txt", "ok", None, meta=Meta(issue_date="2025"))
    ex.dates = [DateFact(0, 5, None, "I", "15/02", "2025-02-15", "deadline"),
                DateFact(6, 9, None, "I", "x", "2025-02-15", "someday")]
    ex.citations = [Citation(0, 5, None, "I", "x", "Luật", None, "Luật X", None, None, None, "cites", "law|x")]
    check(ex)
    assert [d.kind for d in ex.dates] == ["deadline"] and ex.citations == []
    assert ex.status == "partial" and "dates.kind='someday'" in ex.error and "citations.relation='cites'" in ex.error
