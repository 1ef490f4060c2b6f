"""What every extractor reads about one document: text, folded text, spaCy Doc, structure."""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

from pipeline.models import NormDoc
from pipeline.structure import Structure

from .lexicon import fold


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
        from pipeline.tokenize import to_doc

        return to_doc(self.doc.text)

    def where(self, start: int) -> tuple[int | None, str]:
        """(page, section) of an offset: the provenance every fact carries."""
        return self.doc.page_at(start), self.structure.section_at(start)


def build(doc: NormDoc) -> Context:
    return Context(doc=doc, structure=Structure(doc))
