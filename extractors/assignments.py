"""Assignments: which agency the plan makes responsible, in which role.

Two grammars, both data (``agency_grammar.yaml``; canonical names and codes in ``agencies.yaml``):

* **An agency mention** is ``[title] head continuation [level word [name]] [(remark)]``: a head
  word (``Sở``, ``Phòng``, ``Hội``, ``Công an`` …) or a fixed form (``Huyện đoàn``), a name that runs
  on in capitalised words (lower-case words inside it, up to a stop word: a role verb, a level
  word, a list separator before another head), a trailing level word that is dropped (with the
  locality name after it, except for a People's Committee, whose unit is its name), a remark in
  parentheses (the standing body?). Titles stand for the body their holder heads (``Chánh Văn
  phòng UBND tỉnh`` → ``Văn phòng Ủy ban nhân dân``), ``Giám đốc các Sở: A, B`` elides the head,
  sets of one kind are kept (``Ủy ban nhân dân các xã, thị trấn``, ``Trưởng các thôn``), vague
  groups (``các phòng, ban, ngành liên quan``) are skipped. The canonical name is the mention with
  abbreviations expanded; ``agencies.yaml`` gives the code (null when the body is not listed).
* **A clause that hands out a task**: in the sections that do so (``TỔ CHỨC THỰC HIỆN``,
  ``Phân công …``, ``Trách nhiệm …`` whatever their numbering), a list of agencies opening a
  paragraph, a sentence or a clause, the role from what follows (``chủ trì`` → lead, ``phối hợp``
  → coordinate, ``là cơ quan thường trực`` → standing, ``Đề nghị`` before → requested); anywhere
  in the body, ``Giao X``, ``do X chủ trì``, ``X … chịu trách nhiệm thi hành``, ``Cơ quan chủ trì:
  X``, and the columns of an activity table. Lists after ``phối hợp (với)`` → coordinate. Bodies
  another body is told to guide or direct are never read (only list starts and cues are).

Also: a name typed without diacritics matches the grammar (``Phong Tai chinh - Ke hoach``: every
pattern accepts the bare letter where it has a marked one); lines a page broke mid-sentence are
read as one paragraph; the issuer's own committee (as its header names it) is never an assignee.

Provenance: each record's offsets are those of the agency's mention in the normalised text.

This module holds the second grammar (where tasks are handed out, and the role) and makes the
records; the first is :mod:`extractors.agency_mentions` (``Reader``), on the rule data
:mod:`extractors.agency_grammar` compiles (with ``canonical``); each record's strategy domain is
:mod:`extractors.assignment_domains`'.
"""
from __future__ import annotations

import itertools
import re

from pipeline.models import Assignment
from pipeline.text.structure import Para, heading_of

from extractors.agency_grammar import expanded, grammar, ocr_fold
from extractors.agency_mentions import Mention, Reader
from extractors.assignment_domains import with_domains
from extractors.rules.lexicon import alternation
from extractors.spans import Claimed


_ADVERBIAL = re.compile(r"[^,.;:]{2,40},\s*")
_CLAUSE_END = re.compile(r"(?<=[a-zđ\w)\]])\.\s+(?=[A-ZĐ])|;\s*|:\s*")

_LABEL = re.compile(r"\s*(?:(?:Điều\s+\d+\s*[.:]?)|(?:[IVXLC]+|[A-Z]|\d+(?:\.\d+)*|[a-zđ])[.)]|[-+•*–])?\s*")


def _task_ranges(ctx) -> list[tuple[int, int]]:
    """Offsets of the sections that hand out tasks: a heading whose title names what the part
    does, up to the next heading of its level or above."""
    c = grammar()
    paras = [p for p in ctx.structure.paras if ctx.structure.part_at(p.start) in ("body", "preamble") and p.text.strip()]
    out = []
    heads = []
    for i, p in enumerate(paras):
        t = p.text.strip()
        lvl = _heading_level(t)
        if lvl is not None:
            heads.append((i, lvl))
    for k, (i, lvl) in enumerate(heads):
        title = ocr_fold(paras[i].text)
        if not any(cue in title for cue in c["task_sections"]) or len(title) > 120:
            continue
        end = paras[-1].end
        for j, l2 in itertools.islice(heads, k + 1, None):
            if l2 <= lvl:
                end = paras[j].start - 1
                break
        out.append((paras[i].start, end))
    return out


def _heading_level(t: str) -> int | None:
    if re.match(r"^Phần\s+(?:thứ\b|[IVX]+\b)", t, re.I):
        return 0
    if re.match(r"^(?:[IVX]+|[A-Z])[.\-–)]\s", t):
        return 1
    h = heading_of(t)
    if h:
        return h[0]
    if len(t) < 90 and t.upper() == t and not t.endswith((".", ";", ",")) and any(ch.isalpha() for ch in t):
        return 1
    return None


def extract(ctx, targets: list = ()) -> list[Assignment]:
    """The document's assignments in text order, each with the strategy domain it serves
    (:mod:`extractors.assignment_domains`; ``targets``: the document's targets, which give the
    domain of a section whose title names none)."""
    text, folded = ctx.text, ctx.folded
    c = grammar()
    rd = Reader(text, folded)
    out: list[Assignment] = []
    seen: set[tuple[int, str]] = set()

    def emit(m: Mention, role: str, para):
        if (m.start, role) in seen or expanded(text[m.start:m.end]) in own:
            return
        seen.add((m.start, role))
        page, section = ctx.where(m.start)
        task = para.text if len(para.text) <= 300 else para.text[:297] + "…"
        out.append(Assignment(m.start, m.end, page, section, m.name, text[m.start:m.end], m.code, role, task))

    ranges = _task_ranges(ctx)
    paras = ctx.structure.paras
    structure = ctx.structure

    claimed = Claimed((a, b + 1) for a, b in ranges)

    def in_tasks(pos: int) -> bool:  # any(a <= pos <= b for a, b in ranges), by bisection
        return claimed.overlaps(pos, pos + 1)

    paras = _logical(paras, structure)
    own = _own_names(ctx)
    table_cols: dict[int, str] | None = None
    requested_heading = False
    for pi, para in enumerate(paras):
        part = structure.part_at(para.start)
        if part not in ("body", "preamble") or not para.text.strip():
            continue
        ptext = para.text
        # -- activity tables: a header row with chủ trì / phối hợp columns --------------------
        if "|" in ptext:
            cells = _cells(para)
            roles = {}
            for k, (a, b) in enumerate(cells):
                h = folded[a:b].strip()
                for cue, role in c["columns"]:
                    if re.match(rf"(?:(?:{c['column_nouns']})\s+)?{re.escape(cue)}(?!\w)", h) and len(h) < 40:
                        roles[k] = role
                        break
            if roles:
                table_cols = roles
                continue
            if table_cols:
                for k, role in table_cols.items():
                    if k < len(cells):
                        a, b = cells[k]
                        items, end = rd.agency_list(a + len(text[a:b]) - len(text[a:b].lstrip()), b)
                        r = role
                        if role is None:  # "Đơn vị thực hiện": the cell says who leads
                            r = "coordinate" if c["coord_word"].match(folded[end:b].lstrip(" :(")) else "lead"
                            for cm in c["coord"].finditer(folded, end, b):
                                for m in rd.agency_list(cm.end(), b, True)[0]:
                                    emit(m, "coordinate", para)
                        for m in items:
                            emit(m, r, para)
                continue
        else:
            table_cols = None
        scoped = in_tasks(para.start)
        stripped = ptext.strip()
        if stripped.upper() == stripped and len(stripped) < 120:
            continue  # a heading in capitals ("V. TỔ CHỨC THỰC HIỆN"), not a task
        lead_first: list[Mention] = []
        bullet = bool(re.match(r"\s*[-+•*–]\s", ptext))
        if not bullet:
            requested_heading = False
        if not scoped and not c["any_cue"].search(folded, para.start, para.end):
            continue  # outside the task sections only a cue word hands out a task: none here
        # -- clauses: paragraph, sentence and clause starts ------------------------------------
        para_role0 = None
        para_items = False
        for cs, kind in _clause_starts(para):
            if kind == "adverbial":
                if para_items:
                    continue  # "Phòng Y tế, Trung tâm Y tế huyện: …" opens with a list, not an adverbial
                kind = "sentence"
            if kind != "para" and not scoped and kind != "sentence":
                continue
            p = cs
            role0 = None
            for rx, role in c["openers"]:
                om = rx.match(folded, p, para.end)
                if om:
                    p, role0 = om.end(), role
                    break
            if kind == "para":
                para_role0 = role0
            elif role0 is None and para_role0 == "requested":
                role0 = "requested"  # a later sentence of a request is part of it
            if role0 == "requested" and rd.vague_at(p, para.end) and not isinstance(rd.mention(p, para.end), Mention):
                continue  # "Đề nghị các phòng, ban, ngành, …, UBND các phường": a catch-all request
            items, end = rd.agency_list(p, para.end)
            if kind == "para" and items:
                para_items = True
            if not items:
                if scoped and kind in ("clause", "sentence") and c["standing_clause"].match(folded, cs, para.end) and lead_first:
                    emit(lead_first[0], "standing", para)
                continue
            follow_at = end + len(folded[end:para.end]) - len(folded[end:para.end].lstrip(" :,"))
            follow = folded[follow_at:para.end]
            if kind == "para":
                if not bullet:
                    requested_heading = role0 == "requested" and not follow.strip(" .:")
                elif requested_heading and role0 is None:
                    role0 = "requested"  # a bullet under a "Đề nghị X, Y" heading
            role, standing = _clause_role(follow, kind, role0, scoped)
            if role is None:
                continue
            for m in items:
                emit(m, role, para)
                if role in ("lead", "requested") and not lead_first:
                    lead_first.append(m)
                if m.standing and role != "requested":
                    emit(m, "standing", para)
            if standing and items:
                emit(items[0], "standing", para)
            # a heading that only names the body: its standing role in the line below
            if kind == "para" and scoped and not follow.strip(" .:") and role == "lead":
                nxt = next((q for q in paras[pi + 1:pi + 3] if q.text.strip()), None)
                if nxt is not None:
                    lm = _LABEL.match(nxt.text)
                    if c["standing_clause"].match(folded, nxt.start + lm.end(), nxt.end):
                        emit(items[0], "standing", para)
        if not scoped and not _executor_or_article(folded, para):
            continue
        # -- executor lines: "Cơ quan chủ trì: X. Cơ quan phối hợp: Y" -------------------------
        for em in c["executor"].finditer(folded, para.start, para.end):
            r = c["executor_role"].get(em.group(1)) or "lead"
            p = em.end()
            for rx, role in c["openers"]:
                om = rx.match(folded, p, para.end)
                if om:
                    p, r = om.end(), (role if role == "requested" else r)
                    break
            items, _ = rd.agency_list(p, para.end)
            for m in items:
                emit(m, r, para)
                if m.standing:
                    emit(m, "standing", para)
        # -- an opener inside a sentence: "Ủy ban nhân dân huyện giao Phòng Nội vụ chủ trì …" ---
        for om in c["opener_any"].finditer(folded, para.start, para.end):
            # the alternation also matches a form the table's keys do not spell (unaccented
            # "yeu cau"): the role is then the one of the opener whose pattern matches it
            role = c["opener_role"].get(re.sub(r"\s+", " ", om.group(1))) or next(
                (r for rx, r in c["openers"] if rx.match(om.group(0))), None)
            if role is None:
                continue
            items, end = rd.agency_list(om.end(), para.end)
            if role == "requested" and rd.vague_at(om.end(), para.end) and not isinstance(rd.mention(om.end(), para.end), Mention):
                continue
            for m in items:
                emit(m, role, para)
        # -- passive: "do X chủ trì" ----------------------------------------------------------
        for pm in c["passive"].finditer(folded, para.start, para.end):
            items, end = rd.agency_list(pm.end(), para.end)
            after = folded[end:para.end].lstrip()
            if items and (c["lead"].match(after) or c["passive_verbs"].match(after)):
                for m in items:
                    emit(m, "lead", para)
        # -- "phối hợp (với) X, Y" --------------------------------------------------------------
        for cm in c["coord"].finditer(folded, para.start, para.end):
            items, _ = rd.agency_list(cm.end(), para.end, True)
            for m in items:
                emit(m, "coordinate", para)
    out.sort(key=lambda a: a.char_start)
    return with_domains(ctx, out, list(targets))


_TERMINAL = re.compile(r"[.;:!?]\s*$")


def _logical(paras, structure) -> list:
    """Lines a page broke mid-sentence joined again: a long line with no closing punctuation
    runs on into the next line when that one opens with no number or bullet."""
    out = []
    cur = None
    for p in paras:
        if cur is not None and "|" not in p.text and p.text.strip() and not _heading_start(p.text) \
                and structure.part_at(p.start) == structure.part_at(cur.start):
            cur = Para(cur.start, p.end, cur.text + "\n" + p.text, cur.kind)
        else:
            if cur is not None:
                out.append(cur)
            cur = p
        if "|" in cur.text or len(cur.text.split("\n")[-1]) < 60 or _TERMINAL.search(cur.text):
            out.append(cur)
            cur = None
    if cur is not None:
        out.append(cur)
    return out


def _heading_start(t: str) -> bool:
    return bool(re.match(r"\s*(?:(?:[IVX]+|[A-Z]|\d+(?:\.\d+)*|[a-zđ])[.)]\s|[-+•*–]\s|Điều\s+\d)", t)) or _is_caps_line(t)


def _is_caps_line(t: str) -> bool:
    s = t.strip()
    return bool(s) and s.upper() == s and len(s) < 120


def _own_names(ctx) -> set[str]:
    """The issuer's committee as its header spells it, expanded and folded ("ủy ban nhân dân huyện
    x"): a committee named with its own place is the issuer, not an assignee."""
    c = grammar()
    out = set()
    rx = re.compile(rf"(?:{alternation(c['committees'])})\s+(?:{alternation(c['raw']['level_words'])})\s+[^\n|,;]+")
    for p in ctx.structure.paras[:40]:
        if ctx.structure.part_at(p.start) in ("header", "title"):
            out.update(m.group(0).strip() for m in rx.finditer(expanded(p.text)))
    return out


def _clause_role(follow: str, kind: str, opener: str | None, scoped: bool) -> tuple[str | None, bool]:
    """(role, standing) that a clause gives the list opening it, from what follows the list and
    what precedes it (``opener``: Giao → lead, Đề nghị → requested). Inside a part that hands out
    tasks a paragraph or sentence that opens with bodies assigns them; elsewhere only an opener,
    ``chủ trì`` or ``chịu trách nhiệm`` does (a sentence: an opener or ``chịu trách nhiệm``)."""
    c = grammar()
    role, standing = None, False
    if c["standing_clause"].match(follow):
        role, standing = "lead", True
    elif c["lead"].match(follow):
        role = "lead"
    elif c["coord_word"].match(follow):
        # "Công an xã: Phối hợp …" under its own heading keeps lead (x26); "…; Y, Z phối hợp" coordinate
        role = "lead" if (kind == "para" or opener) else "coordinate"
    elif c["responsible"].match(follow):
        role = "lead"
    elif opener:
        role = opener
    elif scoped and kind in ("para", "sentence"):
        role = "lead"
    if not scoped and opener is None:
        explicit = c["responsible"].match(follow) or (kind == "para" and c["lead"].match(follow))
        if not explicit:
            return None, False
    if opener == "requested" and role is not None:
        return "requested", False  # "Đề nghị X chủ trì" gives requested only
    return role, standing


def _executor_or_article(folded: str, para) -> bool:
    """A paragraph outside the task sections whose cue lists are read: an executor line, an
    article of a decision, a paragraph opened by an opener (``Giao …``)."""
    c = grammar()
    lm = _LABEL.match(para.text)
    return bool(c["executor"].search(folded, para.start, para.end) or c["article"].match(folded, para.start, para.end)
                or any(rx.match(folded, para.start + lm.end(), para.end) for rx, _ in c["openers"]))


def _cells(para) -> list[tuple[int, int]]:
    out = []
    pos = para.start
    for part in para.text.split("|"):
        out.append((pos, pos + len(part)))
        pos += len(part) + 1
    if out and not para.text[: out[0][1] - para.start].strip():
        out = out[1:]  # "| a | b |": the empty cell before the first bar
    return out


def _clause_starts(para):
    """(offset, kind) where a clause may open: the paragraph (after its number or bullet),
    each sentence, each clause after `;` or `:`."""
    t = para.text
    lm = _LABEL.match(t)
    yield para.start + lm.end(), "para"
    done = {para.start + lm.end()}
    # after a short opening adverbial: "Hằng năm, Phòng Tài chính - Kế hoạch bố trí kinh phí"
    am = _ADVERBIAL.match(t, lm.end())
    if am and len(am.group(0).split()) <= 6:
        done.add(para.start + am.end())
        yield para.start + am.end(), "adverbial"
    for m in _CLAUSE_END.finditer(t):
        if m.end() >= len(t) or m.start() < lm.end():
            continue
        kind = "sentence" if m.group(0).startswith(".") else "clause"
        lm2 = _LABEL.match(t, m.end())
        if para.start + lm2.end() not in done:
            done.add(para.start + lm2.end())
            yield para.start + lm2.end(), kind
