"""Worker processes that each take one file at a time, under a time limit.

``Pool(fn, workers, timeout)`` forks ``workers`` processes from this (already warmed) process,
hands each one task at a time over a pipe and yields ``(key, result)`` as tasks finish, in
whatever order they finish.  A task that runs past ``timeout`` seconds gets its worker killed
(with whatever it started: LibreOffice, Tesseract) and ``on_fail(task, reason)`` as its result;
a worker that dies (out of memory, a crash in a C parser) likewise.  A fresh worker takes the
next task.  Workers die with their parent (``PR_SET_PDEATHSIG`` on Linux, and an end-of-file on
their pipe everywhere), so ``kill -9`` of a run leaves no orphans working on.

Linux/macOS only (it forks): the workers start with what the parent has loaded, so the
underthesea and spaCy models are loaded once, not once per worker.
"""
from __future__ import annotations

import os
import signal
import time
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

TIMEOUT = "timeout"
DIED = "died"


def _descendants(pid: int) -> list[int]:
    """Child processes of ``pid``, recursively (Linux /proc; empty elsewhere)."""
    out = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            children = (task / "children").read_text().split()
        except OSError:
            continue
        for child in map(int, children):
            out += [child, *_descendants(child)]
    return out


def _die_with_parent() -> None:
    try:
        import ctypes

        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


def _serve(conn, fn: Callable) -> None:
    _die_with_parent()
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    while True:
        try:
            task = conn.recv()
        except (EOFError, OSError):
            return
        if task is None:
            return
        key, args = task
        try:
            result = (True, fn(*args))
        except BaseException as e:  # noqa: BLE001 - reported to the parent, which decides
            result = (False, f"{type(e).__name__}: {e}")
        try:
            conn.send((key, result))
        except (BrokenPipeError, OSError):
            return


class _Worker:
    def __init__(self, ctx, fn):
        parent, child = ctx.Pipe()
        self.conn = parent
        self.proc = ctx.Process(target=_serve, args=(child, fn), daemon=False)
        self.proc.start()
        child.close()
        self.task = None
        self.started = 0.0

    def kill(self) -> None:
        pid = self.proc.pid
        for victim in [*_descendants(pid), pid]:
            try:
                os.kill(victim, signal.SIGKILL)
            except OSError:
                pass
        self.proc.join(5)
        self.conn.close()

    def stop(self) -> None:
        try:
            self.conn.send(None)
        except OSError:
            pass
        self.proc.join(10)
        if self.proc.is_alive():
            self.kill()
        else:
            self.conn.close()


class Pool:
    """``imap_unordered`` over processes that can be killed one by one.  ``tasks`` yields
    ``(key, args)``; ``fn(*args)`` runs in a worker; results come back as ``(key, result)``.
    ``on_fail(key, args, kind, detail)`` turns a timeout / dead worker / exception in ``fn``
    into a result (``kind`` is ``"timeout"``, ``"died"`` or ``"error"``)."""

    def __init__(self, fn: Callable, workers: int, timeout: float | None,
                 on_fail: Callable[[Any, tuple, str, str], Any]):
        import multiprocessing as mp

        self.fn, self.n, self.timeout, self.on_fail = fn, max(1, workers), timeout or None, on_fail
        methods = mp.get_all_start_methods()
        self.ctx = mp.get_context("fork" if "fork" in methods else methods[0])
        self.workers: list[_Worker] = []

    def imap_unordered(self, tasks: Iterable[tuple[Any, tuple]]) -> Iterator[tuple[Any, Any]]:
        from multiprocessing.connection import wait

        tasks = iter(tasks)
        more = True
        try:
            while True:
                # give every idle worker a task
                while more and (len(self.workers) < self.n or any(w.task is None for w in self.workers)):
                    try:
                        task = next(tasks)
                    except StopIteration:
                        more = False
                        break
                    idle = next((w for w in self.workers if w.task is None), None)
                    if idle is None:
                        idle = _Worker(self.ctx, self.fn)
                        self.workers.append(idle)
                    idle.task, idle.started = task, time.monotonic()
                    try:
                        idle.conn.send(task)
                    except OSError:  # died while idle: replace it and retry once
                        idle = self._replace(idle)
                        idle.task, idle.started = task, time.monotonic()
                        idle.conn.send(task)
                busy = [w for w in self.workers if w.task is not None]
                if not busy:
                    return
                wait_for = None
                if self.timeout:
                    wait_for = max(0.0, min(w.started + self.timeout for w in busy) - time.monotonic())
                ready = wait([w.conn for w in busy], timeout=wait_for)
                for w in busy:
                    if w.conn in ready:
                        try:
                            key, (ok, value) = w.conn.recv()
                        except (EOFError, OSError):
                            key, args = w.task
                            self._replace(w)
                            yield key, self.on_fail(key, args, DIED, "")
                            continue
                        _, args = w.task
                        w.task = None
                        yield key, (value if ok else self.on_fail(key, args, "error", value))
                    elif self.timeout and time.monotonic() - w.started >= self.timeout:
                        key, args = w.task
                        self._replace(w)
                        yield key, self.on_fail(key, args, TIMEOUT, "")
        finally:
            self.close(kill=more or any(w.task is not None for w in self.workers))

    def _replace(self, w: _Worker) -> _Worker:
        w.kill()
        self.workers.remove(w)
        fresh = _Worker(self.ctx, self.fn)
        self.workers.append(fresh)
        return fresh

    def close(self, kill: bool = False) -> None:
        for w in self.workers:
            w.kill() if kill else w.stop()
        self.workers = []
