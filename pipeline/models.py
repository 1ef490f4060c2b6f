"""Every record type kehoach passes between stages, in one place."""
from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from typing import Any


class LoadError(Exception):
    """A file could not be read. The message is one line a person can act on."""


@dataclass(frozen=True)
class Block:
    """One paragraph-like unit as a loader found it, before normalisation.

    ``kind`` is ``para`` (body text), ``footnote`` (a footnote's text, kept and marked) or
    ``table_row`` (a table row, cells joined with `` | ``).  ``page`` is 1-based, or ``None``
    for formats without pages.  ``continues`` says the loader saw the paragraph go on in the
    next block (a PDF paragraph cut by a page break): ``normalize`` joins the two.
    """

    text: str
    page: int | None = None
    kind: str = "para"
    continues: bool = False


@dataclass
class RawDoc:
    """What a loader returns: blocks in reading order plus facts about the source."""

    blocks: list[Block]
    source_format: str
    pages: int | None = None
    ocr: bool = False
    legacy_encoding: str | None = None
    warnings: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Line:
    """A line (paragraph) of the normalised text: ``text[start:end]``."""

    start: int
    end: int
    page: int | None
    kind: str  # para | footnote | table_row


@dataclass
class Section:
    """A node of the section tree. ``path`` is the heading path (``III.1``)."""

    path: str
    label: str  # the numbering as written: "III", "1", "1.1", "a", ...
    title: str
    start: int
    end: int
    level: int
    part: str  # header | title | preamble | body | footnote | recipients | signature


@dataclass
class NormDoc:
    """The normalised document every extractor reads."""

    text: str
    lines: list[Line]
    source_format: str
    pages: int | None = None
    ocr: bool = False
    legacy_encoding: str | None = None
    warnings: list[str] = field(default_factory=list)

    def page_at(self, offset: int) -> int | None:
        """The page of the first line that holds ``offset`` (or ends at it).  Lines in text order
        and apart (what ``normalize`` makes) are searched by bisection over their starts, not
        scanned once per look-up (quadratic in a long document)."""
        lines = self.lines
        cache = self.__dict__.get("_line_starts")
        if cache is None or cache[0] is not lines or len(cache[1]) != len(lines):
            ordered = all(a.start <= a.end < b.start for a, b in zip(lines, lines[1:]))
            cache = (lines, [ln.start for ln in lines] if ordered else None)
            self.__dict__["_line_starts"] = cache
        if cache[1] is not None:
            k = bisect.bisect_right(cache[1], offset) - 1
            if k >= 0 and (lines[k].start <= offset < lines[k].end or offset == lines[k].end):
                return lines[k].page  # the only line that can hold it
            return lines[-1].page if lines else None
        for ln in lines:
            if ln.start <= offset < ln.end or offset == ln.end:
                return ln.page
        return lines[-1].page if lines else None


class Fact:
    """A fact record: a flat frozen dataclass of plain values; ``to_row`` is its Parquet row."""

    __slots__ = ()

    def to_row(self) -> dict[str, Any]:
        return dict(self.__dict__)  # flat records of plain values: no deep copy needed


@dataclass(frozen=True)
class Citation(Fact):
    char_start: int
    char_end: int
    page: int | None
    section: str | None
    surface: str
    type: str | None
    number: str | None
    name: str | None
    date: str | None
    year: int | None
    issuer: str | None
    relation: str
    cited_key: str
    mentions: int = 1
    # from the bundled catalogue of national documents, when the mention resolves to it
    catalogue_title: str | None = None
    catalogue_date: str | None = None
    catalogue_issuer: str | None = None
    catalogue_status: str | None = None  # in_force | replaced | expired | unknown
    replaced_by: str | None = None  # cited_key of the document that replaced it
    cites_replaced: bool = False  # the plan cites a document replaced before the plan's own year


@dataclass(frozen=True)
class Target(Fact):
    char_start: int
    char_end: int
    page: int | None
    section: str | None
    surface: str
    indicator: str
    value: float
    value_max: float | None
    unit: str
    comparator: str
    deadline: str | None
    domain: str
    unit_class: str = "count"  # percent | permille | times | count (a counted noun)
    # the national strategy's indicator this target restates, with its national value
    national_indicator: str | None = None
    national_value: float | None = None
    national_comparator: str | None = None
    national_year: int | None = None
    national_match: str | None = None  # same | related


@dataclass(frozen=True)
class Assignment(Fact):
    char_start: int
    char_end: int
    page: int | None
    section: str | None
    agency: str
    agency_surface: str
    agency_code: str | None
    role: str
    task: str
    # the strategy domain the assignment serves and the rule that gave it (extractors/assignment_domains.py)
    domain: str | None = None
    domain_rule: str | None = None


@dataclass(frozen=True)
class DateFact(Fact):
    char_start: int
    char_end: int
    page: int | None
    section: str | None
    surface: str
    value: str
    kind: str


@dataclass(frozen=True)
class StaleFlag(Fact):
    """A date or year in a task that falls wholly before the plan's own period (kept from an
    older plan): ``year`` is the latest year it names, ``sentence`` the sentence around it."""

    char_start: int
    char_end: int
    page: int | None
    section: str | None
    surface: str
    year: int
    plan_period: str  # "2026", "2019-2020"
    sentence: str
    reason: str  # date_before_period | year_before_period | span_before_period


@dataclass
class Meta:
    doc_type: str | None = None
    doc_number: str | None = None
    doc_symbol: str | None = None
    issue_date: str | None = None
    issuer: str | None = None
    locality_name: str | None = None
    locality_type: str | None = None
    locality_level: str | None = None
    province: str | None = None
    locality_code: str | None = None
    province_code: str | None = None
    admin_system: str | None = None  # "legacy" (units before July 2025) or "2025"
    locality_candidates: list | None = None  # units the name could be, when the clues left several
    period: str | None = None
    period_start: int | None = None
    period_end: int | None = None
    signer_name: str | None = None
    signer_title: str | None = None
    title: str | None = None


@dataclass
class Extraction:
    """Everything kehoach learnt from one file."""

    doc_id: str
    source_path: str
    source_format: str
    status: str
    error: str | None
    doc: NormDoc | None = None
    meta: Meta = field(default_factory=Meta)
    sections: list[Section] = field(default_factory=list)
    citations: list[Citation] = field(default_factory=list)
    targets: list[Target] = field(default_factory=list)
    assignments: list[Assignment] = field(default_factory=list)
    dates: list[DateFact] = field(default_factory=list)
    staleness: list[StaleFlag] = field(default_factory=list)
