"""Rule-file specs: the small checking language the rule-file schemas are written in.

A schema is a tree of specs (``Str``, ``List``, ``Record`` …; no dependency).  It checks a loaded
YAML file **strictly** (every entry, every field, unknown fields refused: :meth:`Spec.check`) or
**leniently** (the top-level keys that exist hold the right kind of container, and the entries in
them the right kind of item: :func:`lenient_check`); :func:`check` does either.  A TSV rule file is
checked by its columns, a row rule and the columns that must be unique (:func:`tsv_problems`).  Each
problem is one ``path: problem`` line; :func:`raise_problems` makes them a :class:`RuleFileError`
naming the file::

    extractors/rules/agencies.yaml: agencies[12] (code LABOUR_SOCIAL): missing 'example'

The schemas of the rule files, and the ``validate`` / ``read_tsv`` entry points that look them up,
are in :mod:`extractors.rules.schema`.
"""
from __future__ import annotations

import csv
import re
from pathlib import Path
from typing import Any, Callable

HERE = Path(__file__).parent
ROOT = HERE.parent.parent


class RuleFileError(ValueError):
    """A rule file that does not have the shape its engine expects."""


# --------------------------------------------------------------------------------------- specs

class Spec:
    kind: type | tuple = object  # the Python type(s) of a value: what the lenient check looks at

    def check(self, v: Any, path: str, errs: list[str]) -> None:
        if not isinstance(v, self.kind):
            errs.append(f"{path}: expected {self.describe()}, got {_tname(v)}")
        else:
            self.more(v, path, errs)

    def more(self, v: Any, path: str, errs: list[str]) -> None:
        pass

    def describe(self) -> str:
        k = self.kind if isinstance(self.kind, tuple) else (self.kind,)
        return " or ".join(_TYPE_NAMES.get(t, t.__name__) for t in k)


_TYPE_NAMES = {str: "a string", list: "a list", dict: "a mapping", int: "an integer", float: "a number",
               bool: "true/false", type(None): "null"}


def _tname(v: Any) -> str:
    return _TYPE_NAMES.get(type(v), type(v).__name__)


class Str(Spec):
    kind = str

    def __init__(self, empty: bool = False, pattern: str | None = None, regex: bool = False):
        self.empty, self.pattern, self.regex = empty, pattern and re.compile(pattern), regex

    def more(self, v, path, errs):
        if not self.empty and not v.strip():
            errs.append(f"{path}: empty string")
        elif self.pattern is not None and not self.pattern.fullmatch(v):
            errs.append(f"{path}: {v!r} does not match {self.pattern.pattern}")
        elif self.regex:
            try:
                re.compile(v)
            except re.error as e:
                errs.append(f"{path}: {v!r} is not a regular expression ({e})")


class Num(Spec):
    kind = (int, float)

    def more(self, v, path, errs):
        if isinstance(v, bool):
            errs.append(f"{path}: expected a number, got true/false")


class Int(Spec):
    kind = int


class Bool(Spec):
    kind = bool


class Enum(Spec):
    """One of a set of values; ``values`` may be a callable reading them from rule data."""

    def __init__(self, values: Callable[[], Any] | Any, what: str = ""):
        self.values, self.what = values, what

    def check(self, v, path, errs):
        allowed = self.values() if callable(self.values) else self.values
        if v not in allowed:
            src = f" ({self.what})" if self.what else ""
            errs.append(f"{path}: {v!r} is not one of {sorted(map(str, allowed))}{src}")

    def describe(self):
        return "one of a set"


class Opt(Spec):
    """Null or the inner spec."""

    def __init__(self, inner: Spec):
        self.inner = inner
        self.kind = (type(None),) + (inner.kind if isinstance(inner.kind, tuple) else (inner.kind,))

    def check(self, v, path, errs):
        if v is not None:
            self.inner.check(v, path, errs)


class OneOf(Spec):
    """The first spec whose kind fits the value checks it."""

    def __init__(self, *specs: Spec):
        self.specs = specs
        self.kind = tuple(t for s in specs for t in (s.kind if isinstance(s.kind, tuple) else (s.kind,)))

    def check(self, v, path, errs):
        for s in self.specs:
            if isinstance(v, s.kind):
                return s.check(v, path, errs)
        errs.append(f"{path}: expected {self.describe()}, got {_tname(v)}")


class List(Spec):
    kind = list

    def __init__(self, item: Spec, min: int = 0, unique: Callable | None = None):
        self.item, self.min, self.unique = item, min, unique

    def more(self, v, path, errs):
        if len(v) < self.min:
            errs.append(f"{path}: needs at least {self.min} item(s), has {len(v)}")
        seen: dict = {}
        for i, x in enumerate(v):
            p = f"{path}[{i}]{_label(x)}"
            self.item.check(x, p, errs)
            if self.unique is not None and isinstance(x, (dict, str)):
                k = self.unique(x)
                if k is not None and k in seen:
                    errs.append(f"{p}: duplicate of {path}[{seen[k]}]")
                seen.setdefault(k, i)


class Map(Spec):
    """A mapping of free keys (checked by ``key``) to values (checked by ``value``)."""

    kind = dict

    def __init__(self, value: Spec, key: Spec | None = None):
        self.value, self.key = value, key or Str()

    def more(self, v, path, errs):
        for k, x in v.items():
            self.key.check(k, f"{path} key {k!r}", errs)
            self.value.check(x, f"{path}.{k}", errs)


class Record(Spec):
    """A mapping with named fields: ``required`` must be there, ``optional`` may; no others."""

    kind = dict

    def __init__(self, required: dict[str, Spec], optional: dict[str, Spec] | None = None,
                 closed: bool = True, rule: Callable[[dict], str | None] | None = None):
        self.required, self.optional, self.closed, self.rule = required, optional or {}, closed, rule

    def fields(self) -> dict[str, Spec]:
        return {**self.required, **self.optional}

    def more(self, v, path, errs):
        for k in self.required:
            if k not in v:
                errs.append(f"{path}: missing {k!r}")
        for k, x in v.items():
            spec = self.fields().get(k)
            if spec is None:
                if self.closed:
                    errs.append(f"{path}: unknown field {k!r} (known: {', '.join(self.fields())})")
                continue
            spec.check(x, f"{path}.{k}" if path else k, errs)
        if self.rule is not None and not any(e.startswith(path) for e in errs):
            problem = self.rule(v)
            if problem:
                errs.append(f"{path}: {problem}")


_LABEL_FIELDS = ("code", "key", "id", "cue", "type", "unit", "name", "pattern", "wrong", "unicode", "abbr", "head",
                 "printed", "word", "words", "stop", "noun", "tail", "verb", "mark", "title", "match")


def _label(x: Any) -> str:
    """`` (code LABOUR_SOCIAL)``: what names an entry, for the error message."""
    if isinstance(x, dict):
        for f in _LABEL_FIELDS:
            if isinstance(x.get(f), (str, int)) and x.get(f) != "":
                return f" ({f} {x[f]})"
    elif isinstance(x, str):
        return f" ({x[:40]!r})"
    return ""


def lenient_check(spec: Spec, v: Any, path: str, errs: list[str]) -> None:
    """The top level's known keys hold the right kind of container, their items the right kind,
    and the known fields of those items the right kind.

    Missing and unknown keys and fields are let through: the file's engine may be mid-rewrite.
    """
    if not isinstance(spec, Record) or not isinstance(v, dict):
        if not isinstance(v, spec.kind):
            errs.append(f"{path or 'top level'}: expected {spec.describe()}, got {_tname(v)}")
        return
    for k, x in v.items():
        sub = spec.fields().get(k)
        if sub is None:
            continue
        if not isinstance(x, sub.kind):
            errs.append(f"{k}: expected {sub.describe()}, got {_tname(x)}")
        elif isinstance(sub, List):
            for i, item in enumerate(x):
                where = f"{k}[{i}]{_label(item)}"
                if not isinstance(item, sub.item.kind):
                    errs.append(f"{where}: expected {sub.item.describe()}, got {_tname(item)}")
                    continue
                fields = sub.item.fields() if isinstance(sub.item, Record) else {}
                for s in (sub.item.specs if isinstance(sub.item, OneOf) else ()):
                    if isinstance(s, Record) and isinstance(item, dict):
                        fields = s.fields()
                for f, fv in (item.items() if isinstance(item, dict) else ()):
                    if f in fields and not isinstance(fv, fields[f].kind):
                        errs.append(f"{where}.{f}: expected {fields[f].describe()}, got {_tname(fv)}")
        elif isinstance(sub, Map):
            for kk, item in x.items():
                if not isinstance(item, sub.value.kind):
                    errs.append(f"{k}.{kk}: expected {sub.value.describe()}, got {_tname(item)}")


def check(spec: Spec, data: Any, strict: bool) -> list[str]:
    """What is wrong with ``data`` under ``spec``, each as ``path: problem``: every entry and field
    (``strict``), or the kinds of the containers and items (:func:`lenient_check`)."""
    errs: list[str] = []
    if strict:
        spec.check(data, "", errs)
        errs = [e[2:] if e.startswith(": ") else e for e in errs]
    else:
        lenient_check(spec, data, "", errs)
    return errs


def rel(path: Path | str) -> str:
    """``path`` relative to the repository, as error messages name a rule file."""
    p = Path(path)
    try:
        return p.resolve().relative_to(ROOT.resolve()).as_posix()
    except ValueError:
        return str(p)


def raise_problems(where: str, errs: list[str]) -> None:
    """:class:`RuleFileError` listing (up to 10 of) ``errs``, each as ``where: problem``; nothing
    when there are none."""
    if errs:
        more = f"\n  … and {len(errs) - 10} more" if len(errs) > 10 else ""
        raise RuleFileError("\n".join(f"{where}: {e}" for e in errs[:10]) + more)


# ----------------------------------------------------------------------------------------- TSV

def tsv_rows(path: Path | str, quoting: int = csv.QUOTE_MINIMAL) -> tuple[list[dict], list[str] | None]:
    """The rows of a rule TSV (``#`` lines are comments, blank lines skipped), each with its line
    number as ``_line``, and the header's columns."""
    with open(path, encoding="utf-8", newline="") as fh:
        lines = [(i, ln) for i, ln in enumerate(fh, 1) if not ln.startswith("#") and ln.strip()]
    reader = csv.DictReader((ln for _, ln in lines), delimiter="\t", quoting=quoting)
    rows = []
    for (i, _), row in zip(lines[1:], reader):
        row["_line"] = i
        rows.append(row)
    return rows, reader.fieldnames


def tsv_problems(path: Path | str, rows: list[dict], columns: list[str] | None, spec: dict) -> list[str]:
    """What is wrong with a TSV's rows under its ``spec``: the ``columns`` (all required, non-empty
    unless in ``may_be_empty``), a ``rule`` each row must pass, the ``unique`` columns, the
    ``font`` values allowed."""
    errs = []
    if columns is None or list(columns) != list(spec["columns"]):
        return [f"header: expected columns {list(spec['columns'])}, got {list(columns or [])}"]
    seen: dict = {}
    for n, row in enumerate(rows):
        line = row.get("_line", n + 1)
        first = spec["columns"][0]
        label = f"line {line} ({first} {row.get(first)!r})"
        extra = row.get(None)
        if extra:
            errs.append(f"{label}: {len(extra)} column(s) more than the header")
            continue
        missing = [c for c in spec["columns"] if row.get(c) is None
                   or (not row[c].strip() and c not in spec.get("may_be_empty", ()))]
        if missing:
            errs.append(f"{label}: missing {', '.join(repr(c) for c in missing)}")
            continue
        if "font" in spec and row["font"] not in spec["font"]:
            errs.append(f"{label}: font {row['font']!r} is not one of {sorted(spec['font'])}")
        problem = spec["rule"](row)
        if problem:
            errs.append(f"{label}: {problem}")
        if "unique" in spec:
            k = tuple(row[c] for c in spec["unique"])
            if k in seen:
                errs.append(f"{label}: duplicate {'/'.join(spec['unique'])} of line {seen[k]}")
            seen.setdefault(k, line)
    return errs
