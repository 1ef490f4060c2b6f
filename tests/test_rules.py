"""The rule files: each has a schema, passes it, and every entry's example shows the entry at work.

Like reporters-db's tests, every ``example`` is run: a cue's words occur in its example (after
``lexicon.fold``), a pattern matches it, an agency's alias or a national indicator's ``match`` rule
finds it, a slip's wrong spelling is in it and an OCR slip's pattern, applied, gives its fix.

A file being rewritten may be put in ``BUSY`` meanwhile: its strict schema and example checks are
then expected to fail (xfail, not strict: an XPASS says the file is ready to be switched on).  To
switch it back on: drop it from ``BUSY`` here and set ``STRICT[name] = True`` in
``extractors/rules/schema.py``.  None is busy now: every rule file is strict.
"""
from __future__ import annotations

import copy
import re
from pathlib import Path

import pytest

from extractors.rules import schema as R
from extractors.rules.lexicon import alternation, fold, key, load_yaml

ROOT = Path(__file__).resolve().parents[1]

# files being rewritten: strict schema and example checks reported, not enforced (none now)
BUSY: set[str] = set()


def _busy(name: str, why: str = "being rewritten (issue 11)"):
    return pytest.param(name, marks=pytest.mark.xfail(reason=why, strict=False)) if name in BUSY else name


YAML_FILES = sorted(p.name for p in (ROOT / "extractors" / "rules").glob("*.yaml"))
TSV_FILES = sorted(p.relative_to(ROOT).as_posix() for d in ("extractors", "pipeline") for p in (ROOT / d).rglob("*.tsv"))


# ------------------------------------------------------------------------------------ schemas

def test_every_rule_file_has_a_schema():
    assert sorted(R.SCHEMAS) == YAML_FILES
    assert sorted(R.STRICT) == YAML_FILES
    assert sorted(R.TSV) == TSV_FILES


@pytest.mark.parametrize("name", YAML_FILES)
def test_rule_file_passes_its_schema_as_loaded(name):
    load_yaml.cache_clear()
    assert load_yaml(name)  # validates with the file's STRICT setting, raises otherwise


@pytest.mark.parametrize("name", [_busy(n) for n in YAML_FILES])
def test_rule_file_passes_its_strict_schema(name):
    assert R.problems(name, load_yaml(name), strict=True) == []


@pytest.mark.parametrize("name", TSV_FILES)
def test_rule_tsv_passes_its_schema(name):
    assert R.read_tsv(ROOT / name)


# long files: their cases start from a small entry of their own
SMALL = {
    "agencies.yaml": {"agencies": [{"code": "LABOUR_SOCIAL", "name": "Phòng Lao động - Thương binh và Xã hội",
                                    "aliases": ["phòng lao động tb và xh"], "example": "Phòng Lao động TB&XH quận"},
                                   {"code": "CULTURE_INFO", "name": "Phòng Văn hóa và Thông tin",
                                    "aliases": ["phòng vhtt"], "example": "Phòng VHTT huyện"}]},
}


def _tampered(name, change):
    data = copy.deepcopy(SMALL.get(name) or load_yaml(name))
    change(data)
    with pytest.raises(R.RuleFileError) as e:
        R.validate(name, data, strict=True)
    return str(e.value)


# (file, change, the exact first line of the error)
TAMPERED = [
    ("agencies.yaml", lambda d: d["agencies"][0].pop("example"),
     "extractors/rules/agencies.yaml: agencies[0] (code LABOUR_SOCIAL): missing 'example'"),
    ("agencies.yaml", lambda d: d["agencies"][1].update(aliases="phòng vhtt"),
     "extractors/rules/agencies.yaml: agencies[1] (code CULTURE_INFO).aliases: expected a list, got a string"),
    ("staleness.yaml", lambda d: d["action_cues"][1].update(exmaple="x"),
     "extractors/rules/staleness.yaml: action_cues[1] (cue tổ chức): unknown field 'exmaple' (known: cue, example)"),
    ("staleness.yaml", lambda d: d["anniversary_patterns"][0].update(pattern=r"\d+\s+năm\s+(?:ngày"),
     "extractors/rules/staleness.yaml: anniversary_patterns[0] (pattern \\d+\\s+năm\\s+(?:ngày).pattern: "
     "'\\\\d+\\\\s+năm\\\\s+(?:ngày' is not a regular expression (missing ), unterminated subpattern at position 12)"),
    ("staleness.yaml", lambda d: d["baseline_cues"].append({"cue": "kết quả", "example": "kết quả"}),
     "extractors/rules/staleness.yaml: baseline_cues[6] (cue kết quả): duplicate of baseline_cues[0]"),
    ("domains_national.yaml", lambda d: d["indicators"][0].update(domain="sport"),
     "extractors/rules/domains_national.yaml: indicators[0] (id nq28-politics-1a).domain: 'sport' is not one of "
     "['economy_labor', 'education', 'family_gbv', 'governance', 'health', 'information', 'other', 'politics'] "
     "(the domains of targets.yaml)"),
    ("domains_national.yaml", lambda d: d["indicators"][3]["values"][1].update(comparator="≥"),
     "extractors/rules/domains_national.yaml: indicators[3] (id nq28-politics-2).values[1] (unit %).comparator: '≥' is not one of "
     "['<=', '=', '>='] (the targets' comparators)"),
    ("domains_national.yaml", lambda d: d["indicators"][5].update(strategy="nq-99"),
     "extractors/rules/domains_national.yaml: indicators[5] (id nq28-economy-2): strategy 'nq-99' is not a key of "
     "extractors/rules/catalogue.yaml"),
    ("catalogue.yaml", lambda d: d["documents"][1].update(replaced_by="luat-99"),
     "extractors/rules/catalogue.yaml: documents[1] (key luat-02-2007-qh12): replaced_by 'luat-99' is not a key of this file"),
    ("catalogue.yaml", lambda d: d["documents"][0].update(date="29/11/2006"),
     "extractors/rules/catalogue.yaml: documents[0] (key luat-73-2006-qh11).date: '29/11/2006' does not match " + R._EDTF),
    ("targets.yaml", lambda d: d["units"][0].pop("example"),
     "extractors/rules/targets.yaml: units[0] (unit bé trai/100 bé gái): missing 'example'"),
    ("agency_grammar.yaml", lambda d: d["executor_lines"][2].update(role="chair"),
     "extractors/rules/agency_grammar.yaml: executor_lines[2] (cue cơ quan chủ trì).role: 'chair' is not one of "
     "['coordinate', 'lead', 'requested', 'standing'] (the roles of agencies.yaml's *_cues)"),
    ("agency_grammar.yaml", lambda d: d["heads"][0].update(alone="yes"),
     "extractors/rules/agency_grammar.yaml: heads[0] (head Ủy ban nhân dân).alone: expected true/false, got a string"),
    ("meta.yaml", lambda d: d["symbol_types"].update(NQ="Nghị quyết"),
     "extractors/rules/meta.yaml: symbol_types_examples: no example for symbol_types 'NQ'"),
    ("meta.yaml", lambda d: d["locality_types"].update({"ấp": "hamlet"}),
     "extractors/rules/meta.yaml: locality_types.ấp: 'hamlet' is not one of ['commune', 'district', 'province'] "
     "(locality levels)"),
    ("targets.yaml", lambda d: d["domains"]["health"].append("tiêm chủng"),
     "extractors/rules/targets.yaml: domain_examples: no example for domains 'tiêm chủng'"),
    ("targets.yaml", lambda d: d["adjacent"][0].update(comparator="≥"),
     "extractors/rules/targets.yaml: adjacent[0] (cue không vượt quá).comparator: '≥' is not one of "
     "['<=', '=', '>='] (the targets' comparators)"),
    ("dates.yaml", lambda d: d["weak_deadline"].append({"cue": "sau", "example": "sau ngày 15/12/2025"}),
     "extractors/rules/dates.yaml: weak_deadline cue 'sau' is not one of deadline_cues"),
    ("citations.yaml", lambda d: d["relations"]["basis"].append("theo"),
     "extractors/rules/citations.yaml: relations_examples: no example for relations 'theo'"),
    ("citations.yaml", lambda d: d["law_name_stops"].append({"stop": "năm", "example": "Luật Trẻ em năm 2016"}),
     "extractors/rules/citations.yaml: law_name_stops[34] (stop năm): duplicate of law_name_stops[0]"),
]


@pytest.mark.parametrize("name,change,message", TAMPERED)
def test_a_malformed_entry_is_named(name, change, message):
    assert message in _tampered(name, change).splitlines()


def test_lenient_files_still_refuse_the_wrong_kind_of_container():
    data = {"units": [{"unit": "tin, bài", "example": "ít nhất 03 tin, bài"}, {"unit": 3, "example": "03 lớp"}],
            "domains": ["politics"], "adjacent": {"cue": "trên"}}
    with pytest.raises(R.RuleFileError) as e:
        R.validate("targets.yaml", data, strict=False)
    assert str(e.value).splitlines() == [
        "extractors/rules/targets.yaml: units[1] (unit 3).unit: expected a string, got an integer",
        "extractors/rules/targets.yaml: domains: expected a mapping, got a list",
        "extractors/rules/targets.yaml: adjacent: expected a list, got a mapping",
    ]
    data = {"units": [{"unit": "tin, bài"}], "new_cues": [{"cue": "x"}]}  # missing keys and fields, unknown keys
    assert R.validate("targets.yaml", data, strict=False) is data


TSV_BAD = [
    ("extractors/rules/slips.tsv", "wrong\tright\texample\nphần đầu\tphấn đấuu\tPhần đầu có 40%\n",
     "x.tsv: line 2 (wrong 'phần đầu'): 'phần đầu' → 'phấn đấuu' must keep the length"),
    ("extractors/rules/slips.tsv", "wrong\tright\texample\nlòng ghép\tlồng ghép\n",
     "x.tsv: line 2 (wrong 'lòng ghép'): missing 'example'"),
    ("extractors/rules/slips.tsv", "wrong\tright\n", "x.tsv: header: expected columns ['wrong', 'right', 'example'], "
                                               "got ['wrong', 'right']"),
    ("pipeline/read/legacy_vni.tsv", "# c\nunicode\tbytes\tletter\nà\t61 F8\ta huyền\nà\t61 F8\ta huyền\n",
     "x.tsv: line 4 (unicode 'à'): duplicate bytes of line 3"),
    ("pipeline/read/legacy_vni.tsv", "unicode\tbytes\tletter\nà\t61 G8\ta huyền\n",
     "x.tsv: line 2 (unicode 'à'): bytes '61 G8' is not hex"),
    ("pipeline/read/legacy_tcvn3.tsv", "unicode\tbytes\tfont\tletter\nà\tB5\t.VnTimes\ta huyền\n",
     "x.tsv: line 2 (unicode 'à'): font '.VnTimes' is not one of ['.VnTime', '.VnTimeH']"),
    ("pipeline/read/ocr_slips.tsv", "pattern\treplacement\texample\n(?<=\\d%o\t‰\t00%o\n",
     "x.tsv: line 2 (pattern '(?<=\\\\d%o'): pattern '(?<=\\\\d%o' is not a regular expression "
     "(missing ), unterminated subpattern at position 0)"),
    ("pipeline/read/ocr_heads.tsv", "slip\thead\texample\nSử\tSổ\tSử Y tế\n",
     "x.tsv: line 2 (slip 'Sử'): 'Sử' → 'Sổ' must be one letter or mark apart"),
    ("pipeline/read/ocr_heads.tsv", "slip\thead\texample\nSở\tSở\tSở Y tế\n",
     "x.tsv: line 2 (slip 'Sở'): 'Sở' is its head word"),
    ("pipeline/read/ocr_heads.tsv", "slip\thead\texample\nSử Tư\tSở Tư\tSử Tư pháp\n",
     "x.tsv: line 2 (slip 'Sử Tư'): 'Sử Tư' → 'Sở Tư': one syllable each"),
]


@pytest.mark.parametrize("schema,text,message", TSV_BAD)
def test_a_malformed_tsv_row_is_named(tmp_path, schema, text, message):
    p = tmp_path / "x.tsv"
    p.write_text(text, encoding="utf-8")
    with pytest.raises(R.RuleFileError) as e:
        R.read_tsv(p, schema)
    assert str(e.value).splitlines()[0] == str(p) + message[len("x.tsv"):]


def test_enumerations_come_from_the_rule_files(monkeypatch):
    from pipeline.store import schema

    e = schema.enums()
    assert e[("targets", "domain")] == {"politics", "economy_labor", "family_gbv", "health", "education",
                                        "information", "governance", "other"}
    assert e[("assignments", "role")] == {"lead", "coordinate", "standing", "requested"}
    assert e[("dates", "kind")] == {"issue", "deadline", "period", "event", "citation", "other"}
    assert e[("citations", "relation")] == {"basis", "implements", "mentions"}
    assert e[("targets", "comparator")] == {">=", "<=", "="}
    assert e[("documents", "locality_type")] == {"tỉnh", "thành phố", "quận", "huyện", "thị xã", "phường", "xã",
                                                 "thị trấn", None}
    assert e[("documents", "locality_level")] == {"province", "district", "commune", None}
    # a domain added to targets.yaml is a valid value at once, not a dropped fact
    real = load_yaml("targets.yaml")
    added = {**real, "domains": {**real["domains"], "environment": ["môi trường"]}}
    monkeypatch.setattr("extractors.rules.lexicon.load_yaml", lambda n: added if n == "targets.yaml" else load_yaml(n))
    schema.enums.cache_clear()
    try:
        assert schema.problems("targets", {"domain": "environment"}) == []
        assert schema.problems("targets", {"domain": "sport"}) != []
    finally:
        monkeypatch.undo()
        schema.enums.cache_clear()


# ------------------------------------------------------------------------- examples, run

def _occurs(phrase: str, example: str) -> bool:
    """The phrase's words in the example, after folding, as whole words (spacing free)."""
    return re.search(rf"(?<!\w)(?:{alternation([fold(phrase.strip())])})(?!\w)", fold(example)) is not None


def _has_alias(entry: dict) -> bool:
    k = key(entry["example"])
    return any(re.search(rf"(?<!\w){re.escape(key(a))}(?!\w)", k) for a in entry["aliases"])


def _words(s: str) -> set[str]:
    return set(re.findall(r"\w+", fold(s)))


def _hits(rules, text: str) -> bool:
    return any(all(fold(w) in text for w in (g if isinstance(g, list) else [g])) for g in rules or [])


# the field that names what an entry's example shows, in order of preference ("pattern"/"match":
# a regular expression, run on the folded example; any other: words that occur in it)
_WORD_FIELDS = ("pattern", "match", "cue", "unit", "noun", "abbr", "word", "words", "head", "printed", "tail",
                "stop", "verb", "code", "mark", "type", "name", "title")


def _shows(field: str, word: str, example: str) -> bool:
    if field in ("pattern", "match"):
        return re.search(word, fold(example), flags=re.I | re.M) is not None
    return _occurs(word, example)


def _examples(name: str):
    """(where, ok) for each example of a YAML rule file; where names the entry."""
    d = load_yaml(name)
    if name == "catalogue.yaml":  # no examples: each alias is a way plans write the name
        for i, e in enumerate(d["documents"]):
            for a in e["aliases"]:
                yield f"documents[{i}] (key {e['key']}) alias {a!r}", _words(e["name"] or "") <= _words(a)
        return
    if name == "domains_national.yaml":
        for i, e in enumerate(d["indicators"]):
            if e.get("example"):
                yield f"indicators[{i}] (id {e['id']}) example", _hits(e["match"], fold(e["example"]))
            if e.get("related_example"):
                yield f"indicators[{i}] (id {e['id']}) related_example", _hits(e["related"], fold(e["related_example"]))
        return
    for k, v in d.items():
        if name == "agencies.yaml" and k == "agencies":
            for i, e in enumerate(v):
                yield f"agencies[{i}] (code {e['code']})", _has_alias(e)
            continue
        for i, e in enumerate(v if isinstance(v, list) else []):
            if isinstance(e, dict) and e.get("example"):
                f = next((f for f in _WORD_FIELDS if isinstance(e.get(f), str)), None)
                # an entry whose example nothing checks is a failure, not a skip
                yield (f"{k}[{i}] ({f} {e[f]})", _shows(f, e[f], e["example"])) if f else (f"{k}[{i}]: no word field", False)
        ex = d.get(f"{k}_example")
        if isinstance(ex, str) and isinstance(v, list) and all(isinstance(w, str) for w in v):
            yield f"{k}_example", any(_occurs(w, ex) for w in v)  # one example for a list of words: one shows
        elif isinstance(ex, str) and isinstance(v, str) and k not in _NOT_SHOWN:  # a regular expression
            yield f"{k}_example", re.search(v, fold(ex)) is not None


# single values whose example shows their effect, not the value itself
_NOT_SHOWN = {"numbered_sets"}  # "các": how a numbered set is written, not a word of the plan


@pytest.mark.parametrize("name", [_busy(n) for n in YAML_FILES])
def test_every_example_shows_its_entry(name):
    bad = [where for where, ok in _examples(name) if not ok]
    assert bad == []


# Lists whose entries are still bare words (no example). Reference data (catalogue.yaml, the
# strategies of domains_national.yaml, meta.yaml's name tables) carries notes instead of examples.
NO_EXAMPLE_NEEDED = {
    "catalogue.yaml": {"documents"},
    "domains_national.yaml": {"strategies", "indicators"},  # example null where no corpus plan has one
    "meta.yaml": {"central_cities", "provinces"},  # names, not cues
}


def _examples_key(d: dict, k: str) -> str | None:
    """The key of the examples of list or mapping ``k`` (``domains`` → ``domain_examples``), or None.
    The schema checks that such a list has one entry for each word of ``k``."""
    return next((x for x in (f"{k}_examples", f"{k[:-1]}_examples") if d.get(x)), None)


def _entries_without_example(name):
    d = load_yaml(name)
    for k, v in d.items():
        if k in NO_EXAMPLE_NEEDED.get(name, set()) or not isinstance(v, (list, dict)):
            continue
        if d.get(f"{k}_example") or _examples_key(d, k):  # one example for a list of words, or a list of them
            continue
        items = v.items() if isinstance(v, dict) else enumerate(v)
        for i, e in items:
            if not (isinstance(e, dict) and (e.get("example") or e.get("examples"))):
                yield f"{k}[{i}]"


@pytest.mark.parametrize("name", [_busy(n) for n in YAML_FILES])
def test_every_entry_has_an_example(name):
    assert list(_entries_without_example(name)) == []


def test_examples_counted():
    """The runner does run: staleness's 19 examples, the national indicators' 16, all shown."""
    assert sum(ok for _, ok in _examples("staleness.yaml")) == 19
    assert sum(ok for _, ok in _examples("domains_national.yaml")) == 16
    assert sum(ok for _, ok in _examples("catalogue.yaml")) == sum(len(e["aliases"]) for e in load_yaml("catalogue.yaml")["documents"])


def test_every_example_of_the_cue_files_is_run():
    """Each entry with an example is shown by the runner (none skipped for want of a word field)."""
    for name in ("agencies.yaml", "agency_grammar.yaml", "targets.yaml", "meta.yaml", "dates.yaml", "citations.yaml"):
        d = load_yaml(name)
        entries = sum(1 for v in d.values() if isinstance(v, list) for e in v if isinstance(e, dict) and e.get("example"))
        singles = sum(1 for k in d if k.endswith("_example") and k[: -len("_example")] not in _NOT_SHOWN)
        assert sum(1 for _ in _examples(name)) == entries + singles, name


# fold keeps the length, so offsets found in folded text are offsets in the original
FOLD = [
    ("Phòng LĐ-TB&XH HOÁ", "phòng lđ-tb&xh hóa"),
    ("Phần đầu có 40% nữ", "phấn đấu có 40% nữ"),                  # a slip of slips.tsv
    ("İSTANBUL và Hà Nội", "İstanbul và hà nội"),                   # İ lower-cases to two code points: kept
    ("Công ty İnci, QUẬN 1", "công ty İnci, quận 1"),
    ("ΣΟΦΙΑ", "σοφια"),                                              # one code point each: lower-cased
]


@pytest.mark.parametrize("text,folded", FOLD)
def test_fold_keeps_the_length(text, folded):
    assert fold(text) == folded
    assert len(fold(text)) == len(text)
    long = "x " * 120 + text  # the uncached path (over 200 characters) too
    assert fold(long) == "x " * 120 + folded


def test_slip_examples_contain_the_slip():
    for row in R.read_tsv(ROOT / "extractors/rules/slips.tsv"):
        assert row["wrong"] in row["example"].lower(), row
        assert fold(row["wrong"]) == row["right"], row  # and folding fixes it


def test_ocr_slip_examples_are_fixed_by_their_pattern():
    for row in R.read_tsv(ROOT / "pipeline/read/ocr_slips.tsv"):
        before, after = row["example"].split("→", 1)
        fixed = re.sub(row["pattern"], row["replacement"], before.strip())
        assert fixed != before.strip(), row
        assert after.split(" (")[0].strip() in fixed, row


def test_load_yaml_checks_the_file(tmp_path, monkeypatch):
    """The hook: a malformed rule file fails at load, with its name and entry."""
    import extractors.rules.lexicon as lex

    text = (ROOT / "extractors/rules/staleness.yaml").read_text(encoding="utf-8")
    (tmp_path / "staleness.yaml").write_text(text.replace('- {cue: "gửi", example:', '- {cue: "gửi", exampel:'),
                                             encoding="utf-8")
    monkeypatch.setattr(lex, "HERE", tmp_path)
    lex.load_yaml.cache_clear()
    try:
        with pytest.raises(R.RuleFileError) as e:
            lex.load_yaml("staleness.yaml")
        assert str(e.value).splitlines() == [
            f"{tmp_path}/staleness.yaml: action_cues[9] (cue gửi): missing 'example'",
            f"{tmp_path}/staleness.yaml: action_cues[9] (cue gửi): unknown field 'exampel' (known: cue, example)",
        ]
    finally:
        monkeypatch.undo()
        lex.load_yaml.cache_clear()


# Keys no engine reads, each with why it stays (reference data for people, or an engine to fix).
UNREAD_OK: dict[str, dict[str, str]] = {}  # none now: catalogue._strategy_for reads the strategies' periods


def _engine_strings() -> set[str]:
    """Every string constant (docstrings aside) in the engines that read rule files."""
    import ast

    schemas = ("extractors/rules/schema.py", "extractors/rules/spec.py")  # they name every key, read none
    files = [p for p in (ROOT / "extractors").rglob("*.py") if p.relative_to(ROOT).as_posix() not in schemas]
    out = set()
    for p in files + [ROOT / "pipeline/store/schema.py", ROOT / "pipeline/text/structure.py"]:
        tree = ast.parse(p.read_text(encoding="utf-8"))
        docs = {id(n.body[0].value) for n in ast.walk(tree)
                if isinstance(n, (ast.Module, ast.FunctionDef, ast.ClassDef)) and n.body
                and isinstance(n.body[0], ast.Expr) and isinstance(n.body[0].value, ast.Constant)}
        out |= {n.value for n in ast.walk(tree) if isinstance(n, ast.Constant) and isinstance(n.value, str)
                and id(n) not in docs}
    return out


def _unread_keys(name):
    strings = _engine_strings()
    for k in load_yaml(name):
        if k.endswith(("_example", "_examples")) or k in UNREAD_OK.get(name, {}):
            continue
        if k not in strings and not any(f"{{{k}}}" in s or f"'{k}'" in s or f'"{k}"' in s for s in strings):
            yield k


@pytest.mark.parametrize("name", [_busy(n) for n in YAML_FILES])
def test_every_top_level_key_is_read_by_an_engine(name):
    assert list(_unread_keys(name)) == []
