"""Rule-based extractors, one module per kind of fact.

Each module reads a ``pipeline.models.NormDoc`` (with its spaCy Doc and section tree, bundled in
``extractors.context.Context``) and returns frozen records from ``pipeline.models``.  Their
vocabulary lives in the YAML/TSV files beside them; the Python is the engine.
"""
