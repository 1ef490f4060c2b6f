"""``ReadContext``: what reading keeps from one file to the next, and who closes it.

Two helpers are costly to start for each file: the OCR page workers (a process pool,
``pipeline.read.ocr``) and LibreOffice's profile folder (``pipeline.read.office``).  A
``ReadContext`` holds them for the process that reads, started on first use, and its owner
closes it: a worker of ``kehoach extract`` makes one in its warm-up and closes it when it ends
(``pipeline.run.pool``); a run in one process (``--timeout 0``) makes one for the run; each
Dask worker holds one for the run.  ``pipeline.read.load.load(path, ctx=...)`` passes it down
to the readers.  A reader called without one starts what it needs and closes it before it
returns (library use, tests).

Only the holding is here; how each helper is started is the reader's (``start``/``make``).
"""
from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from typing import Any


class ReadContext:
    """The OCR page workers and the LibreOffice profile of one reading process.  ``close()``
    (or leaving a ``with`` block) stops the workers and removes the profile; it can be used
    again after, starting them anew.  A copy in a forked child holds nothing of its parent's:
    it starts its own, and does not close the parent's."""

    def __init__(self) -> None:
        self._pid = os.getpid()
        self._ocr: tuple[int, Any] | None = None  # (workers, concurrent.futures executor)
        self._profile: str | None = None  # the LibreOffice profile folder

    def _here(self) -> None:
        if os.getpid() != self._pid:  # a forked copy: what it holds is the parent's
            self._pid, self._ocr, self._profile = os.getpid(), None, None

    def ocr_pool(self, workers: int, start: Callable[[int], Any]):
        """The OCR page workers: ``start(workers)`` on first use, kept for the next documents
        (started again for another number of workers)."""
        self._here()
        if self._ocr is None or self._ocr[0] != workers:
            self.close_ocr_pool()
            self._ocr = (workers, start(workers))
        return self._ocr[1]

    def close_ocr_pool(self) -> None:
        """Stop the OCR page workers (also after one of them died: the next use starts anew)."""
        self._here()
        if self._ocr is not None:
            pool, self._ocr = self._ocr[1], None
            pool.shutdown(wait=True, cancel_futures=True)

    def office_profile(self, make: Callable[[], str]) -> str:
        """The LibreOffice profile folder: ``make()`` on first use (or if it was removed)."""
        self._here()
        if self._profile is None or not os.path.isdir(self._profile):
            self._profile = make()
        return self._profile

    def close(self) -> None:
        try:
            self.close_ocr_pool()
        finally:
            if self._profile is not None:
                shutil.rmtree(self._profile, ignore_errors=True)
                self._profile = None

    def __enter__(self) -> ReadContext:
        return self

    def __exit__(self, *exc) -> None:
        self.close()
