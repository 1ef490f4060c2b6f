"""kehoach: Vietnamese gender-equality plans in, a comparable Parquet dataset out.

Stages, in processing order: ``load`` → ``normalize`` → ``structure`` → ``tokenize`` →
extractors (``extractors/``) → ``writer``.  ``batch`` runs them over folders, ``cli`` is the
command line, ``evaluate`` scores a dataset against ``gold/``.  All record types live in
``pipeline.models``.
"""

__version__ = "0.1.0"
