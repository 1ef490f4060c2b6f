"""Worker processes that each run one file at a time, under a time limit.

``Pool(fn, workers, timeout)`` forks ``workers`` processes from this process, hands each one
its tasks over a pipe, two at a time (the one it runs and the next, waiting in the pipe, so it
never waits for this process), and yields ``(key, result)`` as tasks finish, in whatever order
they finish.  A task that runs past ``timeout`` seconds gets its worker killed (with whatever
it started: LibreOffice, Tesseract) and ``on_fail(task, reason)`` as its result; a worker that
dies (out of memory, a crash in a C parser) likewise.  A fresh worker takes the next tasks (the
one that was waiting in the lost worker's pipe had not started, and is handed out again).
Workers die with their parent (``PR_SET_PDEATHSIG`` on Linux, and an end-of-file on their pipe
everywhere), so ``kill -9`` of a run leaves no orphans working on.

Linux/macOS only (it forks).  Each worker runs ``init`` (loading the models) before it takes
its first task, and says when it is ready: the time limit counts from when a task starts (when
it is handed over, or when the task before it in the pipe came back), never the loading.  What
``init`` returns, if not None, is the worker's context (``pipeline.read.context.ReadContext``:
its OCR page workers and LibreOffice profile): each task gets it as ``fn(*args, ctx=...)``, and
it is closed when the worker ends, however it ends (a worker killed outright has its helpers
killed and its profile removed by the pool).
Loading in each worker rather than once in the parent costs the same wall time (the workers
load side by side) and keeps memory flat: pages shared with a parent after a fork are copied
one by one as the workers touch them, so a forked-warm pool grows for its first few hundred
files.
"""
from __future__ import annotations

import os
import signal
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

from pipeline.read.children import die_with_parent

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


READY = "__ready__"


def _serve(conn, fn: Callable, init: Callable | None, parent: int | None = None) -> None:
    die_with_parent(parent)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    try:  # the parent hands out the next file the moment one is done: it must not queue behind us
        os.nice(5)
    except OSError:
        pass
    context = None
    try:
        try:
            context = init() if init is not None else None
            conn.send(READY)
        except BaseException:  # noqa: BLE001 - the parent sees the pipe close
            return
        extra = {} if context is None else {"ctx": context}
        while True:
            try:
                task = conn.recv()
            except (EOFError, OSError):
                return
            if task is None:
                return
            key, args = task
            try:
                result = (True, fn(*args, **extra))
            except BaseException as e:  # noqa: BLE001 - reported to the parent, which decides
                result = (False, f"{type(e).__name__}: {e}")
            try:
                conn.send((key, result))
            except (BrokenPipeError, OSError):
                return
    finally:
        if context is not None:
            context.close()


class _Worker:
    def __init__(self, ctx, fn, init):
        parent, child = ctx.Pipe()
        self.conn = parent
        self.proc = ctx.Process(target=_serve, args=(child, fn, init, os.getpid()), daemon=False)
        self.proc.start()
        child.close()
        self.ready = False
        self.queue: deque = deque()  # tasks handed over and not answered yet; the first is running
        self.started = time.monotonic()  # when it started loading, then when its first task started

    def kill(self) -> None:
        pid = self.proc.pid
        for victim in [*_descendants(pid), pid]:
            try:
                os.kill(victim, signal.SIGKILL)
            except OSError:
                pass
        self.proc.join(5)
        self.conn.close()
        from pipeline.read.office import remove_profiles  # its LibreOffice profile, which it had no chance to remove

        remove_profiles(pid)

    def ask_to_stop(self) -> None:
        try:
            self.conn.send(None)
        except OSError:
            pass

    def wait(self) -> None:
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

    INIT_LIMIT = 600.0  # seconds a worker may take to load its models
    AHEAD = 2  # tasks handed to a worker at once: the one it runs and the next

    def __init__(self, fn: Callable, workers: int, timeout: float | None,
                 on_fail: Callable[[Any, tuple, str, str], Any], init: Callable | None = None):
        import multiprocessing as mp

        self.fn, self.n, self.timeout, self.on_fail = fn, max(1, workers), timeout or None, on_fail
        self.init = init
        methods = mp.get_all_start_methods()
        self.ctx = mp.get_context("fork" if "fork" in methods else methods[0])
        self.workers: list[_Worker] = []

    def start(self) -> None:
        """Start the workers now (they load their models) instead of at the first task."""
        while len(self.workers) < self.n:
            self.workers.append(_Worker(self.ctx, self.fn, self.init))

    def imap_unordered(self, tasks: Iterable[tuple[Any, tuple]]) -> Iterator[tuple[Any, Any]]:
        from multiprocessing.connection import wait

        tasks = iter(tasks)
        pending: deque = deque()  # taken from ``tasks`` (or given back by a lost worker), not handed over
        more = True

        def refill() -> None:
            nonlocal more
            if more and not pending:
                try:
                    pending.append(next(tasks))
                except StopIteration:
                    more = False

        def hand(w: _Worker) -> None:
            """Keep ``w`` ``AHEAD`` tasks deep: the next file waits in its pipe, so it starts the
            moment the last one is done, while this process writes that one's rows.  Taking the
            next task from ``tasks`` (hashing a file) runs while ``w`` works."""
            while pending and w.ready and len(w.queue) < self.AHEAD:
                task = pending.popleft()
                try:
                    w.conn.send(task)
                except OSError:  # died while idle: its tasks go back
                    pending.appendleft(task)
                    self._replace(w, pending)
                    return
                if not w.queue:
                    w.started = time.monotonic()
                w.queue.append(task)
                refill()

        try:
            while True:
                refill()
                while pending and len(self.workers) < self.n:  # they load side by side
                    self.workers.append(_Worker(self.ctx, self.fn, self.init))
                for w in list(self.workers):  # hand tasks to ready workers
                    hand(w)
                waiting = [w for w in self.workers if w.queue or not w.ready]
                if not waiting and not pending:
                    return
                deadlines = [w.started + (self.timeout if w.ready else self.INIT_LIMIT)
                             for w in waiting if w.ready is False or self.timeout]
                wait_for = max(0.0, min(deadlines) - time.monotonic()) if deadlines else None
                ready = wait([w.conn for w in waiting], timeout=wait_for)
                for w in waiting:
                    if w.conn in ready:
                        try:
                            msg = w.conn.recv()
                        except (EOFError, OSError):
                            running = w.queue.popleft() if w.queue else None
                            self._lost(w, pending)
                            if running is not None:
                                key, args = running  # how it ended: "signal 6" (an abort), "exit 3"
                                code = w.proc.exitcode
                                how = "" if code is None else f"signal {-code}" if code < 0 else f"exit {code}"
                                yield key, self.on_fail(key, args, DIED, how)
                            continue
                        if msg == READY:
                            w.ready = True
                            hand(w)
                            continue
                        key, (ok, value) = msg
                        _, args = w.queue.popleft()
                        w.started = time.monotonic()  # the next one in its pipe starts now
                        hand(w)  # top it up first: the worker works while this one is written
                        yield key, (value if ok else self.on_fail(key, args, "error", value))
                    elif w.queue and self.timeout and time.monotonic() - w.started >= self.timeout:
                        key, args = w.queue.popleft()
                        self._replace(w, pending)
                        yield key, self.on_fail(key, args, TIMEOUT, "")
                    elif not w.ready and time.monotonic() - w.started >= self.INIT_LIMIT:
                        raise RuntimeError(f"a worker process took over {self.INIT_LIMIT:g} s to start")
        finally:
            self.close(kill=more or bool(pending) or any(w.queue for w in self.workers))

    def _lost(self, w: _Worker, pending: deque) -> None:
        """A worker's pipe closed: replace it.  One that dies while loading cannot work at all."""
        if not w.ready:
            w.kill()
            self.workers.remove(w)
            raise RuntimeError("a worker process died while loading the models (out of memory?)")
        self._replace(w, pending)

    def _replace(self, w: _Worker, pending: deque) -> _Worker:
        """Kill ``w`` and start a fresh worker; the tasks waiting in ``w``'s pipe, never
        started, go back to the front of ``pending``."""
        w.kill()
        pending.extendleft(reversed(w.queue))
        w.queue.clear()
        self.workers.remove(w)
        fresh = _Worker(self.ctx, self.fn, self.init)
        self.workers.append(fresh)
        return fresh

    def close(self, kill: bool = False) -> None:
        """Stop the workers: all are told at once and exit side by side (``kill``: killed)."""
        if kill:
            for w in self.workers:
                w.kill()
        else:
            for w in self.workers:
                w.ask_to_stop()
            for w in self.workers:
                w.wait()
        self.workers = []
