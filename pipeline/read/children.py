"""Child processes that die with the process that started them.

Readers start helpers (LibreOffice for .doc/.odt/.rtf, the OCR pool and its forkserver) and the
run starts workers; each calls :func:`die_with_parent` first thing, so a ``kill -9`` of
``kehoach extract`` takes the whole tree with it.
"""
from __future__ import annotations

import os
import signal


def die_with_parent(parent: int | None = None) -> None:
    """Have the kernel kill this process (SIGKILL) when the process that started it dies
    (``PR_SET_PDEATHSIG``, Linux; nothing elsewhere).  For a child process only: every worker
    process (this module's, the OCR pool's, the OCR forkserver) calls it first thing, so a
    ``kill -9`` of ``kehoach extract`` takes the whole tree with it.  ``parent``: the pid that
    started this process; should it have died before the call, this process exits now."""
    try:
        import ctypes

        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        return
    if parent is not None and os.getppid() != parent:  # the parent died before the call
        os._exit(1)
