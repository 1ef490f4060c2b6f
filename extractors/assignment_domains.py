"""The strategy domain each assignment serves (``assignments.domain``, ``domain_rule``).

The first rule that gives one:

1. ``section title``: the titles of the sections around the assignment, deepest first, skipping a
   title that is itself the heading naming an agency ("4. Công an xã");
2. ``targets of the section``: the most common domain of the targets in the assignment's section;
3. ``section text`` / ``task text``: the domain whose keywords (``extractors/rules/targets.yaml``
   ``domains``) occur most in the text of the assignment's section (its task paragraph when it is
   in no numbered section), agency names blanked;

else ``other`` (rule ``none``).  Each section's title and text are read once, so the cost stays
linear in the text.  Computed per document when the assignments are extracted
(:func:`with_domains`, called by :func:`extractors.assignments.extract`); the store only copies it.
"""
from __future__ import annotations

from bisect import bisect_left
from collections import Counter
from dataclasses import replace

from pipeline.models import Assignment, Section, Target

from extractors.domain_words import keyword_domain
from extractors.rules.lexicon import fold


def domains(text: str, folded: str, sections: list[Section], assignments: list[Assignment],
            targets: list[Target]) -> list[tuple[str, str]]:
    """(domain, the rule that gave it) of each of one document's ``assignments``, in their order.
    ``folded`` is ``fold(text)``; ``sections`` the document's section tree, ``targets`` its targets."""
    tdoms: dict[str | None, Counter] = {}
    for t in targets:
        tdoms.setdefault(t.section, Counter())[t.domain] += 1
    masked = list(folded)
    for a in assignments:
        masked[a.char_start:a.char_end] = " " * (a.char_end - a.char_start)
    masked = "".join(masked)
    starts = sorted(a.char_start for a in assignments)
    title_dom: dict[int, str | None] = {}  # section index → domain of its title (None: none, or names an agency)
    body_dom: dict[int, str | None] = {}
    surfaces = None
    out = []
    for a in assignments:
        pos = a.char_start
        around = sorted((n for n, s in enumerate(sections) if s.start <= pos < s.end),
                        key=lambda n: sections[n].end - sections[n].start)
        got = None
        for n in around:
            if n not in title_dom:
                s = sections[n]
                head_end = s.start + len(s.title)
                k = bisect_left(starts, s.start)
                names_agency = k < len(starts) and starts[k] < head_end
                title_dom[n] = None if names_agency else keyword_domain(fold(s.title))
            if title_dom[n]:
                got = (title_dom[n], "section title")
                break
        if not got and tdoms.get(a.section):
            got = (tdoms[a.section].most_common(1)[0][0], "targets of the section")
        if not got:
            if around:
                n = around[0]
                if n not in body_dom:
                    body_dom[n] = keyword_domain(masked[sections[n].start:sections[n].end], most=True)
                dom, rule = body_dom[n], "section text"
            else:  # no numbered section: the task paragraph, agency names blanked
                body, rule = fold(a.task or ""), "task text"
                if surfaces is None:  # longest first: a name inside a longer one is blanked with it
                    surfaces = sorted({fold(b.agency_surface) for b in assignments if b.agency_surface},
                                      key=lambda x: (-len(x), x))
                for surface in surfaces:
                    body = body.replace(surface, " ")
                dom = keyword_domain(body, most=True)
            got = (dom, rule) if dom else ("other", "none")
        out.append(got)
    return out


def with_domains(ctx, assignments: list[Assignment], targets: list[Target]) -> list[Assignment]:
    """``assignments`` with their ``domain`` and ``domain_rule`` filled (see :func:`domains`)."""
    got = domains(ctx.text, ctx.folded, ctx.structure.sections, assignments, targets)
    return [replace(a, domain=d, domain_rule=r) for a, (d, r) in zip(assignments, got)]
