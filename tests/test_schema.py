"""The EDTF check before writing: its calendar fast path must agree with the edtf parser.

``pipeline.store.schema.valid_edtf`` accepts the common forms (a year, a month, a day, XXXX-MM-DD,
intervals of those) without the parser; every value below is also given to the parser, and
both must say the same."""
from __future__ import annotations

import pytest

from pipeline.store.schema import _edtf_parses, problems, valid_edtf

# values the extractors write, taken from the corpus tables, and their neighbours that are not
# dates at all
FROM_PLANS = ["2025", "2024-04", "2025-02-15", "XXXX-11-05", "2025-11-15/2025-12-15", "2020-10",
              "2019/2020", "XXXX-11-15/XXXX-12-15", "2026-06-30", "2024-12-31"]
EDGES = ["2025-02-29", "2024-02-29", "2025-02-30", "XXXX-02-30", "XXXX-02-31", "2025-13", "2025-00",
         "2025-12-32", "0000", "0000-01-01", "XXXX", "XXXX-11", "2025-12-15/2025-11-15", "2025/", "/2025",
         "2025/2026/2027", "25", "2025-1-5", "2025-01-5", "202X", "2025-21", "2025?", "2025~", "",
         "2025-04-31", "2025-06-31", "2024-11-31", "XXXX-04-31", "2025-11-15/2025-12-32"]
GRID = [f"{y}-{m:02d}-{d:02d}" for y in ("2025", "2024", "XXXX") for m in (0, 1, 2, 4, 12, 13)
        for d in (0, 1, 28, 29, 30, 31, 32)]


@pytest.mark.parametrize("value", FROM_PLANS + EDGES + GRID)
def test_fast_path_agrees_with_the_edtf_parser(value):
    valid_edtf.cache_clear()
    assert valid_edtf(value) == _edtf_parses(value)


@pytest.mark.parametrize("value", FROM_PLANS)
def test_values_from_the_plans_are_valid(value):
    assert valid_edtf(value)


@pytest.mark.parametrize("value,expected", [
    ("2025-02-30", ["dates.value='2025-02-30' is not an EDTF date"]),
    ("2025-13", ["dates.value='2025-13' is not an EDTF date"]),
    ("2025-11-15/2025-12-15", []),
])
def test_problems_names_the_bad_value(value, expected):
    assert problems("dates", {"value": value, "kind": "deadline"}) == expected


@pytest.mark.parametrize("row,expected", [
    ({"role": "lead", "domain": "family_gbv", "domain_rule": "section text"}, []),
    ({"role": "coordinate", "domain": "other", "domain_rule": "none"}, []),
    ({"role": "lead", "domain": "sports", "domain_rule": "section text"}, ["assignments.domain='sports'"]),
    ({"role": "lead", "domain": "health", "domain_rule": "a guess"}, ["assignments.domain_rule='a guess'"]),
])
def test_an_assignment_domain_is_one_the_rules_know(row, expected):
    """assignments.domain is a targets.yaml domain or ``other``; domain_rule one of the rules of
    extractors/assignment_domains.py: checked on write like every enumeration."""
    got = problems("assignments", row)
    assert [p.split(" is not one of")[0] for p in got] == expected, got
