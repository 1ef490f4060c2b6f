"""Imported by the OCR forkserver only, as the first module of its preload list
(``pipeline.read.ocr.start_pool``): the forkserver, which starts the OCR pool's workers, dies with the
process that started it, as the workers do (``pipeline.read.children.die_with_parent``).  Importing it
anywhere else would tie that process's life to its parent's: do not."""
from __future__ import annotations

import os

from pipeline.read.children import die_with_parent

if os.environ.get("KEHOACH_FORKSERVER_PARENT", "").isdigit():
    die_with_parent(int(os.environ["KEHOACH_FORKSERVER_PARENT"]))
