"""The shape of every rule file, checked when it is loaded.

``lexicon.load_yaml`` and the TSV readers (``slips.tsv``, ``pipeline/read/legacy_*.tsv``,
``pipeline/read/ocr_slips.tsv``, ``pipeline/read/ocr_heads.tsv``) pass what they read to :func:`validate` /
:func:`read_tsv`; a malformed entry raises :class:`RuleFileError` naming the file, the entry and what is wrong::

    extractors/rules/agencies.yaml: agencies[12] (code LABOUR_SOCIAL): missing 'example'

This module holds the schema of each rule file (``SCHEMAS``, ``STRICT``, ``TSV``); the specs they are
written in (``Str``, ``List``, ``Record`` …; no dependency) are in :mod:`extractors.rules.spec`.  Enumerations
come from the rule data itself: a national indicator's ``domain`` must be one of the domains of
``targets.yaml``, a ``replaced_by`` a key of ``catalogue.yaml``, an agency grammar line's ``role``
one of the ``*_cues`` of ``agencies.yaml``.  A mapping or word list whose words cannot carry their
own example (``domains``, ``issuer_heads``) has a ``<key>_examples`` list beside it, one
``{word, example}`` entry per word, and the schema checks that they match one to one.

Each file is checked **strictly** (every entry, every field, unknown fields refused) or
**leniently** (the top-level keys that exist hold the right kind of container, and the entries in
them the right kind of item), as ``STRICT`` says.  Every file is strict now; one being rewritten
may be set lenient meanwhile (``tests/test_rules.py`` then shows which strict checks it fails).
"""
from __future__ import annotations

import csv
import re
import unicodedata
from pathlib import Path
from typing import Any

from extractors.rules.spec import (HERE, Bool, Enum, Int, List, Map, Num, OneOf, Opt, Record, RuleFileError, Spec,
                                   Str, check, raise_problems, rel, tsv_problems, tsv_rows)

__all__ = ["SCHEMAS", "STRICT", "TSV", "RuleFileError", "problems", "read_tsv", "validate"]


# ---------------------------------------------------------------------- enumerations from the data

def _yaml(name: str):
    from extractors.rules.lexicon import load_yaml

    return load_yaml(name)


def target_domains() -> set[str]:
    """The strategy domains: the keys of ``targets.yaml``'s ``domains``, plus ``other``."""
    return set(_yaml("targets.yaml").get("domains") or {}) | {"other"}


def catalogue_keys() -> set[str]:
    return {e.get("key") for e in _yaml("catalogue.yaml").get("documents") or [] if isinstance(e, dict)}


def _domains_national_rule(d: dict) -> str | None:
    keys = catalogue_keys()
    for i, s in enumerate(d.get("strategies") or []):
        if s["key"] not in keys:
            return f"strategies[{i}] (key {s['key']}): not a key of extractors/rules/catalogue.yaml"
    for i, it in enumerate(d.get("indicators") or []):
        if it["strategy"] not in keys:
            return f"indicators[{i}] (id {it['id']}): strategy {it['strategy']!r} is not a key of extractors/rules/catalogue.yaml"
    return None


def _catalogue_rule(d: dict) -> str | None:
    keys = {e["key"] for e in d["documents"]}
    for i, e in enumerate(d["documents"]):
        if e.get("replaced_by") and e["replaced_by"] not in keys:
            return f"documents[{i}] (key {e['key']}): replaced_by {e['replaced_by']!r} is not a key of this file"
        if e.get("status") == "replaced" and not e.get("replaced_by"):
            return f"documents[{i}] (key {e['key']}): status replaced needs replaced_by"
    return None


# ------------------------------------------------------------------------------------- schemas

_EDTF = r"(?:\d{4}|xxxx)(?:-\d{2}(?:-\d{2})?)?(?:/(?:\d{4})(?:-\d{2}(?:-\d{2})?)?)?"
EDTF = Str(pattern=_EDTF)
EXAMPLE = Str()
COMPARATOR = Enum({">=", "<=", "="}, "the targets' comparators")
LEVEL = Enum({"province", "district", "commune"}, "locality levels")


def _roles() -> set[str]:
    """The assignment roles: ``lead_cues`` … ``requested_cues`` of agencies.yaml."""
    return {k[: -len("_cues")] for k in _yaml("agencies.yaml") if k.endswith("_cues")}


ROLE = Enum(_roles, "the roles of agencies.yaml's *_cues")


def fold_eq(a: str, b: str) -> bool:
    from extractors.rules.lexicon import fold

    return fold(a) == fold(b)


def _covered(d: dict, key: str, examples: str, field: str) -> str | None:
    """Each word of ``d[key]`` (a list, the keys of a mapping, or the words of a mapping's lists)
    has an entry in ``d[examples]``, and each entry there is such a word."""
    v = d.get(key) or {}
    words = ([w for ws in v.values() for w in ws] if isinstance(v, dict) and all(isinstance(x, list) for x in v.values())
             else list(v))
    have = [e[field] for e in d.get(examples) or []]
    missing = [w for w in words if w not in have]
    if missing:
        return f"{examples}: no example for {key} {', '.join(map(repr, missing))}"
    extra = [w for w in have if w not in words]
    if extra:
        return f"{examples}: {', '.join(map(repr, extra))} not in {key}"
    return None


def cues(field: str = "cue", **extra: Spec) -> List:
    """Entries ``{cue: …, example: …}`` (the word under another field name where given), each
    word once; ``extra`` are further required fields (``comparator``, ``role``)."""
    return List(Record({field: Str(), "example": EXAMPLE, **extra}), min=1, unique=lambda x: x.get(field))


def word_list(min: int = 1) -> List:
    return List(Str(), min=min, unique=lambda x: x)


SCHEMAS: dict[str, Spec] = {
    # ---- pipeline/text/structure.py's cue words (issue 12) ---------------------------------------
    "structure.yaml": Record({
        "heading_words": cues("word"), "issuing_words": cues("word"),
        "signature_marks": cues("mark"), "signature_titles": cues("title"),
        "preamble_starts": cues("word"), "attached_starts": cues("word"), "header_heads": cues("word"),
        "recipients_words": cues("word"), "appendix_words": cues("word"), "mottos": cues("word"), "motto_lines": cues("word"),
    }),
    # ---- files this validator checks strictly ----------------------------------------------
    "staleness.yaml": Record({
        "action_cues": List(Record({"cue": Str(), "example": EXAMPLE}), min=1, unique=lambda x: x.get("cue")),
        "baseline_cues": List(Record({"cue": Str(), "example": EXAMPLE}), min=1, unique=lambda x: x.get("cue")),
        "history_cues": List(Record({"cue": Str(), "example": EXAMPLE}), unique=lambda x: x.get("cue")),
        "anniversary_patterns": List(Record({"pattern": Str(regex=True), "example": EXAMPLE})),
    }),
    "catalogue.yaml": Record({
        "documents": List(Record(
            {
                "key": Str(pattern=r"[a-z0-9][a-z0-9-]*"),
                "type": Enum({"Luật", "Bộ luật", "Nghị định", "Nghị quyết", "Quyết định", "Chỉ thị",
                              "Thông tư", "Thông tư liên tịch", "Kết luận", "Quy định", "Hướng dẫn"},
                             "document types"),
                "number": Opt(Str()),
                "name": Opt(Str()),
                "aliases": List(Str()),
                "title": Opt(Str()),
                "date": Opt(EDTF),
                "effective": Opt(EDTF),
                "period": Opt(EDTF),
                "issuer": Str(),
                "status": Enum({"in_force", "replaced", "expired", "unknown"}),
                "replaced_by": Opt(Str()),
                "confidence": Enum({"high", "medium", "low"}),
            },
            {"note": Str()},
        ), min=1, unique=lambda x: x.get("key")),
    }, rule=_catalogue_rule),
    "domains_national.yaml": Record({
        "strategies": List(Record({
            "key": Str(),
            "name": Str(),
            "period": EDTF,
            "objectives": List(Record({"number": Int(), "domain": Enum(target_domains, "the domains of targets.yaml"),
                                       "area": Str()}), min=1),
        }, {"note": Str()}), min=1, unique=lambda x: x.get("key")),
        "indicators": List(Record(
            {
                "id": Str(pattern=r"[a-z0-9]+-[a-z_]+-\d+[a-z]?"),
                "strategy": Str(),
                "domain": Enum(target_domains, "the domains of targets.yaml"),
                "indicator": Str(),
                "values": List(Record({"value": Num(), "unit": Str(), "comparator": COMPARATOR, "year": Int()},
                                      {"term": EDTF})),
                "match": List(OneOf(Str(), List(Str(), min=1)), min=1),
                "example": Opt(EXAMPLE),
                "example_doc": Opt(Str()),
                "confidence": Enum({"high", "medium", "low"}),
            },
            {"note": Str(), "related": List(OneOf(Str(), List(Str(), min=1))), "exclude": List(Str()),
             "related_example": EXAMPLE, "related_example_doc": Str()},
            rule=lambda e: ("example without example_doc" if bool(e.get("example")) != bool(e.get("example_doc"))
                            else None),
        ), min=1, unique=lambda x: x.get("id")),
    }, rule=_domains_national_rule),

    # ---- the extractors' cue files (rewritten in issue 11, strict since) ---------------------
    "agencies.yaml": Record(
        {"agencies": List(Record({"code": Str(pattern=r"[A-Z][A-Z_]*"), "name": Str(),
                                  "aliases": List(Str(), min=1), "example": EXAMPLE}), min=1),
         "lead_cues": cues(), "coordinate_cues": cues(), "standing_cues": cues(), "requested_cues": cues()},
    ),
    "agency_grammar.yaml": Record(
        {
            "abbreviations": List(Record({"abbr": Str(), "expansion": Str(), "example": EXAMPLE}), min=1,
                                  unique=lambda x: x.get("abbr")),
            "heads": List(Record({"head": Str(), "example": EXAMPLE},
                                 {"alone": Bool(), "needs_level": Bool(), "lower": Bool(), "committee": Bool(),
                                  "set": Bool(), "not_before": word_list(), "not_before_lower": word_list()}),
                           min=1, unique=lambda x: x.get("head")),
            "forms": List(Record({"match": Str(regex=True), "agency": Str(), "example": EXAMPLE}), min=1),
            "titles": List(Record({"title": Str(), "example": EXAMPLE}, {"keep": Str()},
                                  rule=lambda e: (None if "keep" not in e or e["title"].endswith(e["keep"])
                                                  else f"keep {e['keep']!r} is not the end of the title")),
                           min=1, unique=lambda x: x.get("title")),
            "elided_heads": List(Record({"match": Str(regex=True), "head": Str(), "example": EXAMPLE})),
            "level_words": word_list(), "level_words_example": EXAMPLE,
            "not_level_before": word_list(), "not_level_before_example": EXAMPLE,
            "committee_unit_lists": word_list(), "committee_unit_lists_example": EXAMPLE,
            "name_tails": cues("tail"),
            "numbered_sets": Enum({"as_written", "các"}, "how a numbered set of committees is written"),
            "numbered_sets_example": EXAMPLE,
            "units": word_list(), "units_example": EXAMPLE,
            "unit_qualifiers": word_list(), "unit_qualifiers_example": EXAMPLE,
            "stop_words": word_list(), "stop_words_example": EXAMPLE,
            "name_enders": word_list(), "name_enders_example": EXAMPLE,
            "vague": List(Record({"match": Str(regex=True), "example": EXAMPLE}), min=1),
            "task_sections": cues("title"),
            "executor_lines": cues(role=Opt(ROLE)),
            "table_columns": cues(role=Opt(ROLE)),
            "table_column_nouns": word_list(), "table_column_nouns_example": EXAMPLE,
            "assign_openers": cues(role=ROLE),
            "opener_not_after": word_list(), "opener_not_after_example": EXAMPLE,
            "article_label": Str(regex=True), "article_label_example": EXAMPLE,
            "passive_openers": cues(),
            "passive_verbs": cues(),
            "responsible_cues": cues(),
            "standing_clause": Str(regex=True), "standing_clause_example": EXAMPLE,
            "no_standing_remarks": word_list(), "no_standing_remarks_example": EXAMPLE,
            "coordinate_links": word_list(), "coordinate_links_example": EXAMPLE,
        },
    ),
    "targets.yaml": Record(
        {"adjacent": cues(comparator=Opt(COMPARATOR)),
         "after": cues(comparator=Opt(COMPARATOR)),
         "clause": cues(comparator=Opt(COMPARATOR)),
         "leadins": cues(comparator=Opt(COMPARATOR)),
         "not_cues": cues(),
         "change_verbs": cues(),
         "replace_markers": cues(),
         "change_markers": cues(),
         "baseline_cues": cues(),
         "reached_verbs": cues(),
         "reached_adverbs": cues(),
         "reached_year_leads": cues(),
         "baseline_sections": cues(),
         "target_sections": cues(),
         "activity_verbs": cues(),
         "beneficiary_links": cues(),
         "units": List(Record({"unit": Str(), "example": EXAMPLE},
                              {"kind": Enum({"thing", "classifier", "person", "media", "place"},
                                            "how a counted noun builds a unit")}),
                       min=1, unique=lambda x: x.get("unit")),
         "event_heads": cues(),
         "person_modifiers": cues(),
         "rate_nouns": cues("noun"),
         "unit_qualifiers": cues(),
         "timeline_cues": cues(),
         "frequency": cues(),
         "table_baseline_headers": cues(),
         "table_unit_headers": cues(),
         "table_header_cells": cues(),
         "table_label_headers": cues(),
         "table_span_words": cues(),
         "table_baseline_words": cues(),
         "cell_comparators": cues(comparator=COMPARATOR),
         "deadline_links": cues(),
         "deadline_ends": cues(),
         "year_words": cues(),
         "label_leads": cues(),
         "grammar_words": cues(),
         "gift": cues(),
         "predicate_links": cues(),
         "share_nouns": cues(),
         "domains": Map(word_list(), key=Str(pattern=r"[a-z][a-z_]*")),
         "domain_examples": cues()},
        rule=lambda d: _covered(d, "domains", "domain_examples", "cue"),
    ),
    "meta.yaml": Record(
        {"symbol_types": Map(Str(), key=Str(pattern=r"\w+")),
         "symbol_types_examples": cues("code"),
         "locality_types": Map(LEVEL),
         "locality_types_examples": cues("type"),
         "central_cities": word_list(), "provinces": word_list(),
         "province_renamings": List(Record({"name": Str(), "before": Str(), "effective": EDTF, "note": Str(),
                                            "example": EXAMPLE}, {"districts": word_list()})),
         "signer_title_words": List(Record({"printed": Str(), "title": Str(), "example": EXAMPLE},
                                           rule=lambda e: (None if fold_eq(e["printed"], e["title"])
                                                           else "printed and title are not the same words")),
                                    min=1, unique=lambda x: x.get("printed")),
         "signature_marks": List(Record({"mark": Str(), "means": Str(), "example": EXAMPLE}, {"title_prefix": Str()}),
                                 min=1, unique=lambda x: x.get("mark")),
         "signed_marks": List(Record({"pattern": Str(regex=True), "example": EXAMPLE}), min=1),
         "issuer_heads": Map(Str()),
         "issuer_head_examples": cues("head"),
         "issuer_head_words": cues("word"),
         "province_words": cues("word"),
         "issuing_verbs": cues("verb"),
         "period_lines": cues()},
        rule=lambda d: (_covered(d, "symbol_types", "symbol_types_examples", "code")
                        or _covered(d, "locality_types", "locality_types_examples", "type")
                        or _covered(d, "issuer_heads", "issuer_head_examples", "head")),
    ),
    "dates.yaml": Record(
        {"deadline_cues": cues(), "event_cues": cues(), "weak_deadline": cues(), "ceremonies": cues(),
         "recurring": cues(), "past_markers": cues(), "clock_times": List(Record({"pattern": Str(regex=True), "example": EXAMPLE}), min=1)},
        rule=lambda d: next((f"weak_deadline cue {c['cue']!r} is not one of deadline_cues"
                             for c in d["weak_deadline"]
                             if c["cue"] not in {x["cue"] for x in d["deadline_cues"]}), None),
    ),
    "citations.yaml": Record(
        {"types": cues("type"),
         "laws": cues("name"),
         "abbreviations": Map(Str()),
         "abbreviations_examples": cues("abbr"),
         "issuer_heads": word_list(),
         "issuer_heads_examples": cues("head"),
         "relations": Map(word_list()),
         "relations_examples": cues(),
         "issuer_stops": word_list(),
         "issuer_stops_examples": cues("stop"),
         "amending": cues("words"),
         "law_name_stops": cues("stop"),
         "issuer_titles": cues("title"),
         "proposer_titles": cues("title", body=Str(empty=True)),
         "follows_rules": cues(),
         "attached_words": cues("words"),
         "funding_nouns": cues("words"),
         "proposal_cues": cues()},
        rule=lambda d: (_covered(d, "abbreviations", "abbreviations_examples", "abbr")
                        or _covered(d, "issuer_heads", "issuer_heads_examples", "head")
                        or _covered(d, "relations", "relations_examples", "cue")
                        or _covered(d, "issuer_stops", "issuer_stops_examples", "stop")),
    ),
}

# Strict: every entry and field checked, unknown fields refused.  A file being rewritten may be set
# to False (lenient) meanwhile; ``pytest tests/test_rules.py`` shows what its strict check refuses.
STRICT: dict[str, bool] = {
    "structure.yaml": True,
    "staleness.yaml": True,
    "catalogue.yaml": True,
    "domains_national.yaml": True,
    "agencies.yaml": True,
    "targets.yaml": True,
    "meta.yaml": True,
    "dates.yaml": True,
    "citations.yaml": True,
    "agency_grammar.yaml": True,
}


def problems(name: str, data: Any, strict: bool | None = None) -> list[str]:
    """What is wrong with rule file ``name`` (as loaded), each as ``path: problem``."""
    spec = SCHEMAS.get(name)
    if spec is None:
        return []
    return check(spec, data, STRICT.get(name, True) if strict is None else strict)


def validate(name: str, data: Any, path: Path | str | None = None, strict: bool | None = None) -> Any:
    """``data`` unchanged, or :class:`RuleFileError` listing (up to 10 of) its problems."""
    raise_problems(rel(path or HERE / name), problems(name, data, strict))
    return data


# ----------------------------------------------------------------------------------------- TSV

def _keeps_length(row: dict) -> str | None:
    wrong = unicodedata.normalize("NFC", row["wrong"]).lower()
    right = unicodedata.normalize("NFC", row["right"]).lower()
    return None if len(wrong) == len(right) else f"{wrong!r} → {right!r} must keep the length"


def _hex(s: str) -> str | None:
    try:
        bytes.fromhex(s)
    except ValueError:
        return f"bytes {s!r} is not hex"
    return None if s.strip() else "bytes empty"


def _one_letter(row: dict) -> str | None:
    u = row["unicode"]
    if len(u) != 1 or unicodedata.normalize("NFC", u) != u:
        return f"unicode {u!r} is not one NFC character"
    return _hex(row["bytes"])


def _regex(row: dict) -> str | None:
    try:
        re.compile(row["pattern"])
    except re.error as e:
        return f"pattern {row['pattern']!r} is not a regular expression ({e})"
    return None


def _one_letter_apart(row: dict) -> str | None:
    """A head word's OCR slip: one syllable each, one letter or one mark apart (edit distance 1
    over the decomposed letters: ``Sử``/``Sở`` differ in the base letter under the horn)."""
    slip, head = (unicodedata.normalize("NFD", row[c]) for c in ("slip", "head"))
    if len(row["slip"].split()) != 1 or len(row["head"].split()) != 1:
        return f"{row['slip']!r} → {row['head']!r}: one syllable each"
    if slip == head:
        return f"{row['slip']!r} is its head word"
    if len(slip) != len(head) or sum(a != b for a, b in zip(slip, head)) != 1:
        return f"{row['slip']!r} → {row['head']!r} must be one letter or mark apart"
    return None


# columns (all required, non-empty unless listed in `may_be_empty`), a row check, the quoting
TSV: dict[str, dict] = {
    "extractors/rules/slips.tsv": {"columns": ("wrong", "right", "example"), "rule": _keeps_length,
                             "unique": ("wrong",)},
    "pipeline/read/legacy_tcvn3.tsv": {"columns": ("unicode", "bytes", "font", "letter"), "rule": _one_letter,
                                  "unique": ("bytes", "font"), "font": {".VnTime", ".VnTimeH"}},
    "pipeline/read/legacy_vni.tsv": {"columns": ("unicode", "bytes", "letter"), "rule": _one_letter,
                                "unique": ("bytes",)},
    "pipeline/read/ocr_slips.tsv": {"columns": ("pattern", "replacement", "example"), "rule": _regex,
                               "may_be_empty": ("replacement",), "quoting": csv.QUOTE_NONE},
    "pipeline/read/ocr_heads.tsv": {"columns": ("slip", "head", "example"), "rule": _one_letter_apart,
                               "unique": ("slip",)},
}


def read_tsv(path: Path | str, schema: str | None = None) -> list[dict]:
    """The rows of a rule TSV (``#`` lines are comments), checked against ``TSV[schema]``
    (by default the file's own entry, e.g. ``pipeline/read/legacy_vni.tsv``)."""
    path = Path(path)
    name = rel(path)
    spec = TSV.get(schema or name, {})
    rows, columns = tsv_rows(path, spec.get("quoting", csv.QUOTE_MINIMAL))
    if spec:
        raise_problems(name, tsv_problems(path, rows, columns, spec))
    for row in rows:
        del row["_line"]
    return rows
