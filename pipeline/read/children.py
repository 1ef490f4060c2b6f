"""Child processes that die with the process that started them.

Readers start helpers (LibreOffice for .doc/.odt/.rtf, the OCR pool and its forkserver) and the
run starts workers; each calls :func:`die_with_parent` first thing, so a ``kill -9`` of
``kehoach extract`` takes the whole tree with it.  Dask workers of a cluster the run started
watch the run's process instead (:func:`exit_when_gone`).
"""
from __future__ import annotations

import os
import signal
import threading
import time
from pathlib import Path


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


def _start_time(pid: int) -> str | None:
    """The start time of process ``pid`` (``/proc/<pid>/stat`` field 22), None when it is gone."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    return stat[stat.rindex(")") + 2:].split()[19]  # after "pid (comm) ": state is field 3


def process_id(pid: int | None = None) -> tuple[int, str | None]:
    """``pid`` (this process by default) and its start time: what ``exit_when_gone`` watches
    (a pid alone can be reused)."""
    pid = os.getpid() if pid is None else pid
    return pid, _start_time(pid)


def exit_when_gone(owner: tuple[int, str | None], interval: float = 1.0) -> threading.Thread | None:
    """Exit this process (``os._exit(1)``) once process ``owner`` (from ``process_id``) has
    ended, checked every ``interval`` s in a daemon thread.  For a process that is not the
    owner's child, or whose parent may be a thread that ends (a Dask worker started by its
    nanny), where ``die_with_parent`` cannot serve.  Linux only (``/proc``); elsewhere None."""
    pid, started = owner
    if started is None:
        return None

    def watch() -> None:
        while _start_time(pid) == started:
            time.sleep(interval)
        os._exit(1)

    thread = threading.Thread(target=watch, name="kehoach-exit-when-gone", daemon=True)
    thread.start()
    return thread
