"""The fuzz campaign: mutated plans (``fuzz/mutate.py``) through a worker's per-file path.

    python -m fuzz.run -n 100000 --workers 2 [--seed 1] [--out fuzz/results.json] [--ocr]
    python -m fuzz.run --replay fuzz/crashes/<file>      # one saved input, as the campaign ran it
    python -m fuzz.run --summarise                       # results.json from the workers' progress files
    python -m fuzz.run -n 100000 --workers 3 --seed 2026 --find "docx 58744 B"   # an input of rss_jumps, saved

Each input goes through ``pipeline.run.worker.extract_record`` in-process, the function a worker of
``kehoach extract`` runs on each file (load, normalise, extract, rows for the writer).  An input
counts as **uncaught** when an exception escapes it (an error row is a contained failure and is
fine), as **slow** when it takes more than 10 s (a watchdog stops it at 60 s), and the peak
resident memory of each worker process is its ``ru_maxrss``.  Rows whose reason is an internal
error (``an internal error in kehoach``) are counted apart and sampled: contained, but bugs.

The inputs are drawn by Hypothesis (``st.randoms(use_true_random=False)``) in batches of 500
examples, each batch with its own ``@seed`` (worker, batch, ``--seed``): the campaign is
reproducible, and Hypothesis's memory stays bounded.  Every uncaught, slow or internal-error input
is saved under ``fuzz/crashes/`` with a one-line reproducer in ``fuzz/crashes/README.txt``, and so
is each input that raised its worker's peak memory by more than 50 MB (``rss_jumps``).

Hypothesis also draws constants it finds in the source of the project's modules that are loaded
(``pipeline``, ``extractors``): the same ``--seed`` draws other inputs once that code changes.  An
input of an earlier campaign is found again with ``--find`` only on that campaign's code (a copy
of the tree as it was); ``--find`` loads the readers as a worker does (``--prime``).

OCR (Tesseract) is off unless ``--ocr``: a PDF page whose text layer a mutation destroyed is then
an error row "not OCR'd", as when Tesseract is missing; with ``--ocr`` such pages go to Tesseract
(seconds each).
"""
from __future__ import annotations

import argparse
import hashlib
import json
import multiprocessing as mp
import os
import resource
import signal
import sys
import tempfile
import time
import traceback
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HERE = Path(__file__).resolve().parent
SLOW_S = 10.0
WATCHDOG_S = 60
BATCH = 500
KEEP_INTERNAL = 30  # internal-error inputs saved per worker


class Watchdog(BaseException):
    """Raised by SIGALRM in the middle of an input: a BaseException, so that no ``except
    Exception`` of the pipeline contains it."""


def _alarm(signum, frame):
    raise Watchdog(f"over {WATCHDOG_S} s")


def _ocr_off() -> None:
    from pipeline.read import ocr
    from pipeline.models import LoadError

    def off(*a, **k):
        raise LoadError("OCR is off in the fuzz campaign")

    ocr.ocr_pdf_pages = off


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run_one(data: bytes, suffix: str, tmp: Path, ctx=None) -> tuple[str, float, float, str | None, object]:
    """(outcome, wall s, cpu s, detail, record): outcome ``ok`` | ``uncaught`` | ``watchdog``
    (``ctx``: the ``ReadContext`` the warm-up made, kept from input to input as in a worker)."""
    from pipeline.run.worker import extract_record

    path = tmp / ("input" + suffix)
    path.write_bytes(data)
    t0, c0 = time.perf_counter(), time.process_time()
    signal.alarm(WATCHDOG_S)
    try:
        rec = extract_record(path, path.name, ctx=ctx)
        outcome, detail = "ok", None
    except Watchdog as e:
        rec, outcome, detail = None, "watchdog", str(e)
    except Exception as e:  # noqa: BLE001 - what the campaign looks for
        rec, outcome = None, "uncaught"
        detail = "".join(traceback.format_exception(type(e), e, e.__traceback__)[-6:])
    finally:
        signal.alarm(0)
    return outcome, time.perf_counter() - t0, time.process_time() - c0, detail, rec


CRASHES = HERE / "crashes"


def _save(data: bytes, suffix: str, why: str, detail: str, done: list[str]) -> str:
    crashes = CRASHES
    crashes.mkdir(exist_ok=True)
    name = f"{why}-{hashlib.sha256(data).hexdigest()[:12]}{suffix}"
    p = crashes / name
    if not p.exists():
        p.write_bytes(data)
        with open(crashes / "README.txt", "a", encoding="utf-8") as fh:
            fh.write(f"{name}\t{' '.join(done)}\t{' '.join(str(detail).split())[:300]}\n"
                     f"\t.venv/bin/python -m fuzz.run --replay {_shown(p)}\n")
    return _shown(p)


def _shown(p: Path) -> str:
    try:
        return p.relative_to(ROOT).as_posix()
    except ValueError:
        return str(p)


def worker(index: int, n: int, base_seed: int, ocr: bool, progress: str, crashes: str | None = None) -> dict:
    from fuzz.mutate import load_seeds, make_input
    from pipeline.run import worker as batch

    global CRASHES
    if crashes:
        CRASHES = Path(crashes)
    if not ocr:
        _ocr_off()
    reading = batch._warm()
    seeds = load_seeds()
    signal.signal(signal.SIGALRM, _alarm)
    stats = {"worker": index, "count": 0, "uncaught": 0, "slow": 0, "slow_cpu": 0, "watchdog": 0, "internal": 0,
             "status": {}, "formats": {}, "format_cpu_s": {}, "max_s": 0.0, "max_cpu_s": 0.0, "max_input": None, "total_s": 0.0,
             "peak_rss_mb": 0.0, "rss_jumps": [], "findings": [], "started": time.time()}
    tmp = Path(tempfile.mkdtemp(prefix=f"kehoach-fuzz-{index}-"))

    def one(rnd) -> None:
        if stats["count"] >= n:
            return
        suffix, data, done = make_input(rnd, seeds)
        rss0 = _rss_mb()
        outcome, wall, cpu, detail, rec = run_one(data, suffix, tmp, reading)
        rss1 = _rss_mb()
        if rss1 - rss0 > 50 and len(stats["rss_jumps"]) < 20:  # which inputs raised the peak, kept to replay
            saved = _save(data, suffix, "rss", f"{rss0:.0f}->{rss1:.0f} MB", done)
            stats["rss_jumps"].append(f"{rss0:.0f}->{rss1:.0f} MB: {describe(data, done, 100)} ({saved})")
        stats["count"] += 1
        stats["total_s"] += wall
        fmt = done[0]
        stats["formats"][fmt] = stats["formats"].get(fmt, 0) + 1
        stats["format_cpu_s"][fmt] = stats["format_cpu_s"].get(fmt, 0) + cpu
        if wall > stats["max_s"]:
            stats["max_s"], stats["max_input"] = wall, describe(data, done, 120)
        stats["max_cpu_s"] = max(stats["max_cpu_s"], cpu)
        stats["slow_cpu"] += cpu > SLOW_S
        why = None
        if outcome != "ok":
            stats[outcome] += 1
            why = outcome
        else:
            stats["status"][rec.status] = stats["status"].get(rec.status, 0) + 1
            if rec.error and "an internal error in kehoach" in rec.error:
                stats["internal"] += 1
                if stats["internal"] <= KEEP_INTERNAL:
                    why, detail = "internal", rec.error
        if wall > SLOW_S and outcome != "watchdog":
            stats["slow"] += 1
            why, detail = why or "slow", f"{wall:.1f} s (cpu {cpu:.1f} s) {detail or ''}"
        if why:
            saved = _save(data, suffix, why, detail, done)
            if len(stats["findings"]) < 200:
                stats["findings"].append({"kind": why, "file": saved, "mutations": done,
                                          "seconds": round(wall, 2), "detail": str(detail)[-600:]})
        if stats["count"] % 100 == 0:
            _write_progress(stats, progress)

    try:
        _drive(index, n, base_seed, one, lambda: stats["count"])
    finally:
        reading.close()
    _write_progress(stats, progress)
    import shutil

    shutil.rmtree(tmp, ignore_errors=True)
    return stats


def _drive(index: int, n: int, base_seed: int, one, count) -> None:
    """Call ``one(rnd)`` on worker ``index``'s inputs until ``count()`` reaches ``n``: batches of
    ``BATCH`` Hypothesis examples, each batch seeded from (``base_seed``, worker, batch), so that the
    same worker of the same campaign draws the same inputs in the same order."""
    from hypothesis import HealthCheck, Phase, given, seed, settings
    from hypothesis import strategies as st

    b = 0
    while count() < n:
        batch_seed = int.from_bytes(hashlib.sha256(f"{base_seed}/{index}/{b}".encode()).digest()[:8], "big")
        before = count()

        @seed(batch_seed)
        @settings(max_examples=min(BATCH, n - count()), deadline=None, database=None,
                  phases=[Phase.generate], suppress_health_check=list(HealthCheck), report_multiple_bugs=False)
        @given(st.randoms(use_true_random=False))
        def case(rnd):
            one(rnd)

        case()
        b += 1
        if count() == before:
            break  # Hypothesis found nothing more to draw (never expected)


def describe(data: bytes, done: list[str], limit: int | None = None) -> str:
    """An input as the campaign names it (``rss_jumps``, ``slowest_input``): format, size, mutations
    (their list cut to ``limit`` characters)."""
    return f"{done[0]} {len(data)} B {' '.join(done[1:])[:limit]}"


class _Found(BaseException):
    """Ends ``find --first`` (through Hypothesis, which re-raises it)."""


def find(n: int, workers: int, base_seed: int, match: str, out: Path, first: bool = False,
         only: int | None = None, ocr: bool = False, prime: int = 1000) -> list[str]:
    """Draw the inputs of a campaign (``-n``, ``--workers``, ``--seed`` as it ran) without running
    them, and save under ``out`` those whose description contains ``match`` (e.g. ``"docx 58744 B"``
    from ``rss_jumps``), each named ``w<worker>-i<index>-<sha>.<suffix>``; ``--replay`` runs one."""
    from fuzz.mutate import load_seeds, make_input
    from pipeline.run import worker as batch

    if not ocr:
        _ocr_off()
    reading = batch._warm()  # as a worker: the modules loaded change what Hypothesis draws (see _drive)
    signal.signal(signal.SIGALRM, _alarm)
    seeds = load_seeds()
    out.mkdir(parents=True, exist_ok=True)
    shares = [n // workers + (i < n % workers) for i in range(workers)]
    found: list[str] = []
    tmp = Path(tempfile.mkdtemp(prefix="kehoach-fuzz-find-"))
    for w in range(workers) if only is None else [only]:
        c = {"n": 0}

        def one(rnd) -> None:
            if c["n"] >= shares[w]:
                return
            suffix, data, done = make_input(rnd, seeds)
            if c["n"] < prime:  # run, as the campaign did, so that the readers it loads are loaded
                run_one(data, suffix, tmp, reading)
            what = describe(data, done)
            if match in what:
                p = out / f"w{w}-i{c['n']}-{hashlib.sha256(data).hexdigest()[:12]}{suffix}"
                p.write_bytes(data)
                found.append(f"{_shown(p)}\tworker {w} input {c['n']}: {what[:160]}")
                print(found[-1], flush=True)
                if first:
                    raise _Found
            c["n"] += 1

        try:
            _drive(w, shares[w], base_seed, one, lambda: c["n"])
        except _Found:
            break
    import shutil

    reading.close()
    shutil.rmtree(tmp, ignore_errors=True)
    return found


def _write_progress(stats: dict, progress: str) -> None:
    stats["peak_rss_mb"] = round(_rss_mb(), 1)
    stats["elapsed_s"] = round(time.time() - stats["started"], 1)
    p = Path(progress)
    tmp = p.with_suffix(".tmp")
    tmp.write_text(json.dumps(stats, ensure_ascii=False, indent=1), encoding="utf-8")
    tmp.replace(p)


def summarise(progress: list[Path], args_seed: int | None, out: Path, ocr: bool) -> dict:
    ws = [json.loads(p.read_text(encoding="utf-8")) for p in progress if p.exists()]
    res = {
        "count": sum(w["count"] for w in ws),
        "uncaught": sum(w["uncaught"] for w in ws),
        "slow_over_10s": sum(w["slow"] for w in ws),
        # the wall clock counts the waits of a busy machine too: the same inputs by CPU time
        "slow_cpu_over_10s": sum(w.get("slow_cpu", 0) for w in ws),
        "watchdog_over_60s": sum(w["watchdog"] for w in ws),
        "internal_error_rows": sum(w["internal"] for w in ws),
        "max_seconds": round(max((w["max_s"] for w in ws), default=0), 3),
        "max_cpu_seconds": round(max((w["max_cpu_s"] for w in ws), default=0), 3),
        "mean_seconds": round(sum(w["total_s"] for w in ws) / max(1, sum(w["count"] for w in ws)), 4),
        "peak_rss_mb_per_worker": [w["peak_rss_mb"] for w in ws],
        "elapsed_s": max((w.get("elapsed_s", 0) for w in ws), default=0),
        "workers": len(ws),
        "seed": args_seed,
        "ocr": ocr,
        "status": {k: sum(w["status"].get(k, 0) for w in ws) for k in ("ok", "partial", "error")},
        "formats": {k: sum(w["formats"].get(k, 0) for w in ws) for k in sorted({f for w in ws for f in w["formats"]})},
        "mean_cpu_seconds_by_format": {k: round(sum(w["format_cpu_s"].get(k, 0) for w in ws) / max(1, sum(
            w["formats"].get(k, 0) for w in ws)), 4) for k in sorted({f for w in ws for f in w["formats"]})},
        "slowest_input": max(ws, key=lambda w: w["max_s"])["max_input"] if ws else None,
        "rss_jumps": [j for w in ws for j in w.get("rss_jumps", [])],
        "findings": [f for w in ws for f in w["findings"]][:300],
        "command": " ".join(sys.argv),
    }
    out.write_text(json.dumps(res, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return res


def replay(path: Path, ocr: bool) -> int:
    from pipeline.run import worker as batch

    if not ocr:
        _ocr_off()
    signal.signal(signal.SIGALRM, _alarm)
    with batch._warm() as reading, tempfile.TemporaryDirectory(prefix="kehoach-fuzz-") as tmp:
        outcome, wall, cpu, detail, rec = run_one(path.read_bytes(), path.suffix, Path(tmp), reading)
    print(f"{path}: {outcome} in {wall:.2f} s (cpu {cpu:.2f} s)")
    if rec is not None:
        print(f"status {rec.status}: {rec.error}")
    if detail:
        print(detail)
    internal = rec is not None and "an internal error in kehoach" in (rec.error or "")
    return 0 if outcome == "ok" and wall <= SLOW_S and not internal else 1


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(prog="python -m fuzz.run", description=__doc__.split("\n")[0])
    ap.add_argument("-n", type=int, default=2000, help="inputs in all (split over the workers)")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--out", type=Path, default=HERE / "results.json")
    ap.add_argument("--ocr", action="store_true", help="OCR pages without a text layer (slow)")
    ap.add_argument("--replay", type=Path, help="run one saved input and say what happened")
    ap.add_argument("--crashes", type=Path, default=HERE / "crashes", help="where failing inputs are saved")
    ap.add_argument("--summarise", action="store_true", help="results from the progress files only")
    ap.add_argument("--find", metavar="TEXT", help="draw the campaign's inputs without running them and save "
                    "those whose description has TEXT (e.g. 'docx 58744 B' from rss_jumps) under --found")
    ap.add_argument("--found", type=Path, default=HERE / "work" / "found", help="where --find saves inputs")
    ap.add_argument("--first", action="store_true", help="with --find: stop at the first input found")
    ap.add_argument("--worker", type=int, help="with --find: that worker's inputs only")
    ap.add_argument("--prime", type=int, default=1000, help="with --find: run each worker's first PRIME inputs "
                    "(the rest are only drawn)")
    args = ap.parse_args(argv)
    sys.path.insert(0, str(ROOT))
    if args.replay:
        return replay(args.replay, args.ocr)
    if args.find:
        return 0 if find(args.n, args.workers, args.seed, args.find, args.found, args.first,
                         args.worker, args.ocr, args.prime) else 1
    work = args.out.parent / "work" if args.out.parent != HERE else HERE / "work"
    work.mkdir(parents=True, exist_ok=True)
    progress = [work / f"worker-{i}.json" for i in range(args.workers)]
    if args.summarise:
        res = summarise(progress, args.seed, args.out, args.ocr)
        print(json.dumps({k: v for k, v in res.items() if k != "findings"}, ensure_ascii=False, indent=1))
        return 0
    for p in progress:
        p.unlink(missing_ok=True)
    shares = [args.n // args.workers + (i < args.n % args.workers) for i in range(args.workers)]
    ctx = mp.get_context("spawn")
    procs = [ctx.Process(target=_worker_main, args=(i, shares[i], args.seed, args.ocr, str(progress[i]),
                                                            str(args.crashes)))
             for i in range(args.workers)]
    for p in procs:
        p.start()
    for p in procs:
        p.join()
    res = summarise(progress, args.seed, args.out, args.ocr)
    died = [i for i, p in enumerate(procs) if p.exitcode != 0]
    print(json.dumps({k: v for k, v in res.items() if k != "findings"}, ensure_ascii=False, indent=1))
    for f in res["findings"][:20]:
        print(f"{f['kind']}: {f['file']} ({f['seconds']} s) {f['detail'][-200:]}")
    if died:
        print(f"workers that died: {died}", file=sys.stderr)
    bad = res["uncaught"] or res["slow_over_10s"] or res["watchdog_over_60s"] or died or \
        max(res["peak_rss_mb_per_worker"] or [0]) >= 1024 or res["count"] < args.n
    return 1 if bad else 0


def _worker_main(index, n, base_seed, ocr, progress, crashes):
    sys.path.insert(0, str(ROOT))
    worker(index, n, base_seed, ocr, progress, crashes)


if __name__ == "__main__":
    sys.exit(main())
