"""The strategy domain a text speaks of, by the keywords of ``extractors/rules/targets.yaml``
(``domains``): one engine for the targets (``extractors.target_records``) and the assignments
(``extractors.assignment_domains``)."""
from __future__ import annotations

from functools import lru_cache

from extractors.rules.lexicon import fold, load_yaml


@lru_cache(maxsize=1)
def _words() -> tuple[tuple[str, str], ...]:
    """(domain, keyword folded), in the file's order."""
    return tuple((dom, fold(w)) for dom, words in load_yaml("targets.yaml")["domains"].items() for w in words)


def domains_named(folded: str) -> frozenset[str]:
    """Every domain one of whose keywords occurs in ``folded``."""
    return frozenset(dom for dom, w in _words() if w in folded)


def keyword_domain(folded: str, most: bool = False) -> str | None:
    """The domain of the earliest keyword in ``folded`` (text already ``fold``ed); ``most``: the
    domain with most keyword occurrences (counted apart, not overlapping), a tie going to the
    one met earliest.  None when no keyword occurs."""
    score: dict[str, list[int]] = {}  # domain → [occurrences, first position]
    for dom, w in _words():
        first = folded.find(w)
        if first < 0:
            continue
        sc = score.setdefault(dom, [0, first])
        sc[0] += folded.count(w) if most else 1
        sc[1] = min(sc[1], first)
    if not score:
        return None
    return min(score, key=lambda d: (-score[d][0] if most else 0, score[d][1]))
