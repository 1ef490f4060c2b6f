"""kehoach: folders of Vietnamese local-government gender-equality plans → a Parquet dataset.

This package is the installed name (``import kehoach``, ``python -m kehoach``).  The code lives
in two packages beside it: ``pipeline`` (readers, text stages, the run, storage, analysis and the
command line) and ``extractors`` (one module per fact, with its rule files)."""
from pipeline import __version__

__all__ = ["__version__"]
