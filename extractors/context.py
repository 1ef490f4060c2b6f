"""What every extractor reads about one document: text, folded text, spaCy Doc, structure."""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

from pipeline.models import NormDoc
from pipeline.text.structure import Structure

from extractors.rules.lexicon import fold


@dataclass
class Context:
    doc: NormDoc
    structure: Structure
    period_end: int | None = None
    facts: dict = field(default_factory=dict)

    @property
    def text(self) -> str:
        return self.doc.text

    @cached_property
    def folded(self) -> str:
        return fold(self.doc.text)

    @cached_property
    def spacy_doc(self):
        """The text's spaCy Doc (``pipeline.text.tokenize.to_doc``).  Its one reader, the citations'
        anchor matcher, reads only the tokens of a possible anchor: underthesea segments just
        the stretches where one can be (``citations.segmented_stretches``; a long paragraph in
        pieces of 4,000 characters), the rest is split at whitespace.  The anchors found are
        those of a Doc segmented throughout; the time is not spent on text no extractor reads."""
        from pipeline.text.tokenize import to_doc

        from extractors.citations import segmented_stretches

        return to_doc(self.doc.text, segmented_stretches)

    def where(self, start: int) -> tuple[int | None, str]:
        """(page, section) of an offset: the provenance every fact carries."""
        return self.doc.page_at(start), self.structure.section_at(start)


def build(doc: NormDoc) -> Context:
    return Context(doc=doc, structure=Structure(doc))
