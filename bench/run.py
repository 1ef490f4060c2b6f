"""kehoach's speed and memory benchmarks, in one run, each against a reference.

    .venv/bin/python bench/run.py [--only a,b,c,d,e,f,g] [--plans-c 1000] [--plans-d 1000,100] [--quick]

Measures (ours / reference; goals in ``GOALS``):

* **a** ``pipeline.run.worker.extract_file`` on each ``corpus/*.txt``, warm process, median of
  ``--repeat`` runs, against underthesea's ``word_tokenize`` of the same normalised text alone
  (paragraph by paragraph, as ``pipeline/text/tokenize.py`` calls it; that is also the faster way).
  Overall = sum of our medians / sum of the reference's.  Goal ≤ 1.3×.
* **b** ``pipeline.read.load.load`` on each ``corpus/*.pdf`` against pypdfium2's raw text
  (``PdfDocument(path)``, then per page ``get_textpage().get_text_range()``), medians.
  Goal ≤ 3×.
* **c** ``kehoach extract DIR -o OUT --workers 2 --no-reuse --quiet`` against ``--workers 1``
  on ``--plans-c`` synthetic plans (``bench/synth_corpus.py``), wall clock of the subprocess,
  a fresh output folder each time, ``--repeat-c`` runs of each side alternating, the best of
  each (a shared VM's neighbours only ever slow a run down).  Ratio = speed-up (workers 1 /
  workers 2).  Goal ≥ 1.8×.  Also recorded, to read the figure against: what the machine
  allows (two copies of a bare underthesea job side by side), what the extraction alone
  allows (``extract_record`` loops, models loaded first, nothing written), and the run's
  fixed cost (the workers-1 run minus the bare loop).
* **d** peak memory of ``kehoach extract … --workers 2 --no-reuse --quiet`` on the larger of
  ``--plans-d`` against the smaller: every 0.05 s the sum over the process and all its
  descendants of PSS (psutil ``memory_full_info``; RSS where PSS is not available, and RSS
  is recorded too), the maximum kept; also the largest single process.  Goal ≤ 1.1×.
* **e** ``kehoach --help`` wall time, median of 5 subprocesses (after one unmeasured run).
  Goal ≤ 0.5 s.
* **g** a small run as a user runs it: ``kehoach extract DIR -o OUT`` (default options: a
  worker per core, the reuse table) on 40 synthetic txt plans (``bench/synth_corpus.py``), a
  fresh output folder each time, against a fresh Python that imports underthesea and
  tokenises the same files line by line (``word_tokenize(line, use_token_normalize=False)``);
  wall clock of each subprocess, start-up and imports included, ``--repeat-c`` runs of each
  side alternating, the best of each.  Goal ≤ 1.3×.
* **f** seconds per page of ``extract_file``, one process, one OCR thread
  (``KEHOACH_OCR_WORKERS=1``): text-layer PDF (``corpus/*.pdf``), txt and docx (the same plans;
  their pages are those of the plan's PDF rendition) and scanned PDF (``fixtures/scanned/*.pdf``,
  Tesseract OCR; the peak memory of this process and its Tesseract children while OCRing is
  recorded, sampled as in d).  Informational, no goal; ``docs/scaling.md`` builds on them.

Prints a markdown table and writes it, with the machine's description and the load average
around each measure, to ``bench/results.json`` (``bench/results.quick.json`` with ``--quick``);
``--only`` replaces just those measures in an existing file.  Exits 1 when a goal is not met
or a measure failed.  ``--profile [STEM]`` instead prints a pyinstrument profile of measure a
on one plan.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import synth_corpus  # noqa: E402  (bench/synth_corpus.py)

CORPUS = ROOT / "corpus"
SCANNED = ROOT / "fixtures" / "scanned"
GOALS = {"a": ("<=", 1.3), "b": ("<=", 3.0), "c": (">=", 1.8), "d": ("<=", 1.1), "e": ("<=", 0.5),
         "g": ("<=", 1.3)}
TITLES = {
    "a": "txt plan end to end vs underthesea word_tokenize",
    "b": "text-layer PDF load vs pypdfium2 raw text",
    "c": "kehoach extract --workers 2 vs --workers 1 (speed-up)",
    "d": "peak memory, many plans vs few",
    "e": "kehoach --help start-up",
    "f": "seconds per page, one process",
    "g": "a small run: kehoach extract of 40 txt plans vs underthesea tokenisation, imports included",
}
ALL = "abcdefg"


def log(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


def median(xs: list[float]) -> float:
    return statistics.median(xs)


def passes(key: str, value: float | None) -> bool | None:
    if value is None or key not in GOALS:
        return None
    op, goal = GOALS[key]
    return value <= goal if op == "<=" else value >= goal


def goal_text(key: str) -> str:
    if key not in GOALS:
        return "—"
    op, goal = GOALS[key]
    return f"{'≤' if op == '<=' else '≥'} {goal:g}" + (" s" if key == "e" else "×")


def kehoach_cmd() -> list[str]:
    exe = Path(sys.executable).parent / "kehoach"
    return [str(exe)] if exe.exists() else [sys.executable, "-m", "pipeline.cli"]


def pdf_pages(path: Path) -> int:
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(path)
    try:
        return len(pdf)
    finally:
        pdf.close()


# --------------------------------------------------------------------------- machine

def machine() -> dict:
    import importlib.metadata as md

    import psutil

    model = None
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    versions = {}
    for pkg in ("kehoach", "underthesea", "spacy", "pypdfium2", "pdfplumber", "psutil"):
        try:
            versions[pkg] = md.version(pkg)
        except md.PackageNotFoundError:
            versions[pkg] = None
    tess = shutil.which("tesseract")
    if tess:
        out = subprocess.run([tess, "--version"], capture_output=True, text=True)
        versions["tesseract"] = ((out.stdout or out.stderr).splitlines() or [""])[0].replace("tesseract ", "")
    return {
        "cores_logical": os.cpu_count(),
        "cores_usable": len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count(),
        "cores_physical": psutil.cpu_count(logical=False),
        "cpu_model": model or platform.processor() or None,
        "memory_gib": round(psutil.virtual_memory().total / 2**30, 1),
        "os": platform.platform(),
        "python": platform.python_version(),
        "versions": versions,
        "load_average_at_start": [round(x, 2) for x in os.getloadavg()] if hasattr(os, "getloadavg") else None,
    }


# --------------------------------------------------------------------------- a, b, f: in process

_EXTRACT: dict[tuple[str, int], float] = {}


def extract_median(path: Path, repeat: int) -> float:
    """Median seconds of ``extract_file(path)`` in this (warm) process; memoised for a and f."""
    from pipeline.run.worker import extract_file

    key = (str(path), repeat)
    if key not in _EXTRACT:
        times = []
        for _ in range(repeat):
            t0 = time.perf_counter()
            ex = extract_file(path)
            times.append(time.perf_counter() - t0)
        if ex.status == "error":
            raise RuntimeError(f"{path.name}: {ex.error}")
        _EXTRACT[key] = median(times)
    return _EXTRACT[key]


def warm() -> None:
    from pipeline.run.worker import _warm

    _warm()


def bench_a(repeat: int) -> dict:
    from underthesea import word_tokenize

    from pipeline.run.worker import extract_file
    from pipeline.read.load import load
    from pipeline.text.normalize import normalize

    warm()
    plans = []
    for path in sorted(CORPUS.glob("*.txt")):
        text = normalize(load(path)).text
        paras = [p for p in text.split("\n") if p.strip()]
        word_tokenize(text, use_token_normalize=False)  # warm underthesea's own caches too
        ours, ref, whole = [], [], []
        for _ in range(repeat):  # interleaved, against drifts in the machine's load
            t0 = time.perf_counter()
            extract_file(path)
            t1 = time.perf_counter()
            for p in paras:
                word_tokenize(p, use_token_normalize=False)
            t2 = time.perf_counter()
            word_tokenize(text, use_token_normalize=False)
            t3 = time.perf_counter()
            ours.append(t1 - t0)
            ref.append(t2 - t1)
            whole.append(t3 - t2)
        _EXTRACT[(str(path), repeat)] = median(ours)
        plans.append({"plan": path.name, "chars": len(text), "ours_s": median(ours), "reference_s": median(ref),
                      "ratio": median(ours) / median(ref), "reference_whole_text_s": median(whole)})
        log(f"a {path.name}: {median(ours):.3f} s vs {median(ref):.3f} s")
    o, r = sum(p["ours_s"] for p in plans), sum(p["reference_s"] for p in plans)
    return {"ours_s": o, "reference_s": r, "ratio": o / r, "repeat": repeat, "per_plan": plans,
            "reference_method": "underthesea.word_tokenize(paragraph, use_token_normalize=False) over the "
                                "non-empty lines of normalize(load(path)).text; reference_whole_text_s: the "
                                "whole text in one call (slower)"}


def pdfium_text(path: Path) -> str:
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(path)
    out = []
    try:
        for page in pdf:
            tp = page.get_textpage()
            out.append(tp.get_text_range())
            tp.close()
            page.close()
    finally:
        pdf.close()
    return "\n".join(out)


def bench_b(repeat: int) -> dict:
    from pipeline.read.load import load

    files = []
    for path in sorted(CORPUS.glob("*.pdf")):
        load(path), pdfium_text(path)  # warm: imports, the OS's file cache
        ours, ref = [], []
        for _ in range(repeat):
            t0 = time.perf_counter()
            load(path)
            t1 = time.perf_counter()
            pdfium_text(path)
            t2 = time.perf_counter()
            ours.append(t1 - t0)
            ref.append(t2 - t1)
        files.append({"plan": path.name, "pages": pdf_pages(path), "ours_s": median(ours),
                      "reference_s": median(ref), "ratio": median(ours) / median(ref)})
        log(f"b {path.name}: {median(ours):.3f} s vs {median(ref):.3f} s")
    o, r = sum(f["ours_s"] for f in files), sum(f["reference_s"] for f in files)
    return {"ours_s": o, "reference_s": r, "ratio": o / r, "repeat": repeat, "per_plan": files}


def bench_f(repeat: int, repeat_ocr: int, scanned_stems: list[str] | None) -> dict:
    from pipeline.read import ocr
    from pipeline.read.ocr_repair import lexicon, symbol_slips

    os.environ["KEHOACH_OCR_WORKERS"] = "1"  # OCR in this process, one Tesseract thread
    warm()
    out: dict = {"repeat": repeat, "repeat_ocr": repeat_ocr}
    pages_of = {p.stem: pdf_pages(p) for p in CORPUS.glob("*.pdf")}
    for kind, pattern in (("pdf_text", "*.pdf"), ("txt", "*.txt"), ("docx", "*.docx")):
        rows = []
        for path in sorted(CORPUS.glob(pattern)):
            if path.stem not in pages_of:
                continue
            if kind == "pdf_text":
                extract_median(path, 1)  # warm the PDF path
            s = extract_median(path, repeat)
            rows.append({"plan": path.name, "pages": pages_of[path.stem], "seconds": s})
        secs, pages = sum(r["seconds"] for r in rows), sum(r["pages"] for r in rows)
        out[kind] = {"seconds": secs, "pages": pages, "s_per_page": secs / pages if pages else None,
                     "per_plan": rows}
        log(f"f {kind}: {secs:.2f} s / {pages} pages")
    try:
        ocr.check_tesseract()
    except Exception as e:  # noqa: BLE001
        out["pdf_scanned"] = {"skipped": str(e)}
        return out
    lexicon(), symbol_slips()  # the repair's dictionary loads once per process
    rows = []
    with Sampler(os.getpid()) as sampler:
        for path in sorted(SCANNED.glob("*.pdf")):
            if scanned_stems and path.stem not in scanned_stems:
                continue
            s = extract_median(path, repeat_ocr)
            rows.append({"plan": path.name, "pages": pdf_pages(path), "seconds": s})
            log(f"f scanned {path.name}: {s:.1f} s / {rows[-1]['pages']} pages")
    secs, pages = sum(r["seconds"] for r in rows), sum(r["pages"] for r in rows)
    out["pdf_scanned"] = {"seconds": secs, "pages": pages, "s_per_page": secs / pages if pages else None,
                          "per_plan": rows, "memory_while_ocr": sampler.result()}
    log(f"f memory while OCRing (this process and Tesseract): peak {sampler.result()['metric'].upper()} "
        f"{sampler.result()['peak_mib']:.0f} MiB")
    return out


# --------------------------------------------------------------------------- c, d, e: subprocesses

def synth(out: Path, n: int) -> Path:
    if not out.exists():
        synth_corpus.main([str(out), "-n", str(n), "--seed", "7"])
    return out


def extract_cmd(src: Path, out: Path, workers: int) -> list[str]:
    return kehoach_cmd() + ["extract", str(src), "-o", str(out), "--workers", str(workers), "--no-reuse", "--quiet"]


def check_output(out: Path, n: int, returncode: int) -> None:
    """The run exited 0 and extracted all ``n`` plans (none carried over from an earlier run)."""
    if returncode != 0:
        raise RuntimeError(f"kehoach extract exited {returncode}")
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    extracted = (manifest.get("run") or {}).get("extracted", manifest.get("files"))
    if manifest.get("files") != n or extracted != n:
        raise RuntimeError(f"{out}: {manifest.get('files')} files in the manifest, {extracted} extracted, "
                           f"{n} expected")


def bench_c(tmp: Path, n: int, repeat: int) -> dict:
    src = synth(tmp / f"plans-{n}", n)
    runs: dict[int, list[float]] = {1: [], 2: []}
    for r in range(repeat):
        for w in ((1, 2) if r % 2 == 0 else (2, 1)):
            out = tmp / f"out-c-w{w}-{r}" / "dataset"  # OUT is a link into its folder: a fresh folder
            cmd = extract_cmd(src, out, w)
            t0 = time.perf_counter()
            proc = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
            runs[w].append(time.perf_counter() - t0)
            if proc.returncode != 0:
                log(proc.stderr.decode(errors="replace")[-2000:])
            check_output(out, n, proc.returncode)
            shutil.rmtree(out.parent)
            log(f"c workers {w}, {n} plans: {runs[w][-1]:.1f} s")
    w1, w2 = min(runs[1]), min(runs[2])
    ceiling = machine_ceiling()
    log(f"c the machine itself: two CPU-bound processes side by side run {ceiling['speedup']:.2f}x one after the other")
    bare = extraction_ceiling(src)
    fixed = w1 - bare["one_loop_alone_s"]
    log(f"c the extraction alone: two bare loops side by side run {bare['speedup']:.2f}x one; "
        f"a run's fixed cost is about {fixed:.1f} s")
    return {"ours_s": w2, "reference_s": w1, "ratio": w1 / w2, "plans": n, "repeat": repeat,
            "machine_ceiling": ceiling, "extraction_ceiling": bare,
            "fixed_cost_s": fixed,
            "fixed_cost_method": "workers 1 run minus one bare loop over the same plans (start-up, loading "
                                 "the models, writing the dataset)",
            "runs_s": {"workers_1": runs[1], "workers_2": runs[2]},
            "command": " ".join(["kehoach"] + extract_cmd(Path("DIR"), Path("OUT"), 2)[len(kehoach_cmd()):])}


CPU_JOB = """
import sys, time
from pathlib import Path
from underthesea import word_tokenize
texts = [p.read_text(encoding="utf-8") for p in sorted(Path(sys.argv[1]).glob("*.txt"))]
lines = [l for t in texts for l in t.split("\\n") if l.strip()]
t0 = time.perf_counter()
for _ in range(int(sys.argv[2])):
    for l in lines:
        word_tokenize(l, use_token_normalize=False)
print(time.perf_counter() - t0)
"""


def machine_ceiling(rounds: int = 12) -> dict:
    """What two processes gain on this machine at all: the same CPU-bound job (underthesea over
    the corpus lines, ``rounds`` times, models loaded before the clock starts) run by two
    processes side by side, against one process's time for it (the speed-up a perfect
    2-worker run could reach here; shared cores and a busy host lower it)."""
    cmd = [sys.executable, "-c", CPU_JOB, str(CORPUS), str(rounds)]
    alone = float(subprocess.run(cmd, capture_output=True, text=True, check=True).stdout)
    procs = [subprocess.Popen(cmd, stdout=subprocess.PIPE, text=True) for _ in range(2)]
    side_by_side = max(float(p.communicate()[0]) for p in procs)
    return {"one_job_alone_s": alone, "two_jobs_side_by_side_s": side_by_side,
            "speedup": 2 * alone / side_by_side,
            "method": "two copies of one CPU-bound underthesea job at once vs one alone: 2 × alone / together"}


BARE_LOOP = """
import sys, time
from pathlib import Path
from pipeline.run.worker import _warm, extract_record
_warm()
files = sorted(p for p in Path(sys.argv[1]).iterdir() if p.is_file())
mine = files[int(sys.argv[2])::int(sys.argv[3])]
t0 = time.perf_counter()
for p in mine:
    extract_record(p, p.name, None)
print(time.perf_counter() - t0)
"""


def extraction_ceiling(src: Path) -> dict:
    """What two workers could reach on these plans with no fixed cost: ``extract_record`` over
    all of them in one process, against two processes side by side taking every other plan
    (models loaded before the clock starts, nothing written, no pool)."""
    def loop(k: int, n: int) -> list[str]:
        return [sys.executable, "-c", BARE_LOOP, str(src), str(k), str(n)]

    alone = float(subprocess.run(loop(0, 1), capture_output=True, text=True, check=True, cwd=ROOT).stdout)
    procs = [subprocess.Popen(loop(k, 2), stdout=subprocess.PIPE, text=True, cwd=ROOT) for k in range(2)]
    side_by_side = max(float(p.communicate()[0]) for p in procs)
    return {"one_loop_alone_s": alone, "two_loops_side_by_side_s": side_by_side, "speedup": alone / side_by_side,
            "method": "pipeline.run.worker.extract_record over the plans in one process vs every other plan in "
                      "each of two processes at once (models loaded first; no pool, nothing written)"}


class Sampler:
    """Every ``interval`` s, in a thread: the sum over process ``pid`` and all its descendants of
    PSS (psutil ``memory_full_info``; RSS where PSS cannot be read) and of RSS; the maxima kept,
    and the largest single process."""

    def __init__(self, pid: int, interval: float = 0.05):
        import threading

        import psutil

        self.root, self.interval = psutil.Process(pid), interval
        try:
            self.use_pss = hasattr(self.root.memory_full_info(), "pss")
        except (psutil.AccessDenied, NotImplementedError, AttributeError):
            self.use_pss = False
        self.peak = self.peak_rss = self.peak_single = self.peak_root = self.peak_child = 0
        self.peak_procs = self.samples = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _sample(self) -> None:
        import psutil

        try:
            family = [self.root] + self.root.children(recursive=True)
        except psutil.NoSuchProcess:
            return
        total = rss = single = 0
        for p in family:
            try:
                if self.use_pss:
                    info = p.memory_full_info()
                    mine = info.pss
                else:
                    info = p.memory_info()
                    mine = info.rss
            except (psutil.NoSuchProcess, psutil.AccessDenied, psutil.ZombieProcess):
                continue
            total, rss, single = total + mine, rss + info.rss, max(single, mine)
            if p is self.root:
                self.peak_root = max(self.peak_root, mine)
            else:
                self.peak_child = max(self.peak_child, mine)
        self.peak, self.peak_rss = max(self.peak, total), max(self.peak_rss, rss)
        self.peak_single, self.peak_procs = max(self.peak_single, single), max(self.peak_procs, len(family))
        self.samples += 1

    def _run(self) -> None:
        while not self._stop.is_set():
            self._sample()
            self._stop.wait(self.interval)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()

    def result(self) -> dict:
        mib = 2**20
        return {"metric": "pss" if self.use_pss else "rss", "peak_mib": self.peak / mib,
                "peak_rss_sum_mib": self.peak_rss / mib, "peak_single_process_mib": self.peak_single / mib,
                "peak_root_process_mib": self.peak_root / mib, "peak_child_process_mib": self.peak_child / mib,
                "peak_processes": self.peak_procs, "samples": self.samples, "interval_s": self.interval}


def peak_memory(cmd: list[str], interval: float = 0.05) -> dict:
    """Runs ``cmd`` under a ``Sampler``."""
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    with Sampler(proc.pid, interval) as sampler:
        err = proc.communicate()[1]
    if proc.returncode != 0:
        log(err.decode(errors="replace")[-2000:])
    return {**sampler.result(), "wall_s": time.perf_counter() - t0, "returncode": proc.returncode}


def bench_d(tmp: Path, sizes: tuple[int, int]) -> dict:
    big, small = sizes
    res = {}
    for n in (small, big):
        src = synth(tmp / f"plans-{n}", n)
        out = tmp / f"out-d-{n}" / "dataset"
        m = peak_memory(extract_cmd(src, out, 2))
        check_output(out, n, m["returncode"])
        shutil.rmtree(out.parent)
        res[n] = m
        log(f"d {n} plans: peak {m['metric'].upper()} {m['peak_mib']:.0f} MiB "
            f"(RSS sum {m['peak_rss_sum_mib']:.0f} MiB), {m['wall_s']:.1f} s")
    return {"ours_mib": res[big]["peak_mib"], "reference_mib": res[small]["peak_mib"],
            "ratio": res[big]["peak_mib"] / res[small]["peak_mib"], "metric": res[big]["metric"],
            "plans": {"ours": big, "reference": small}, "interval_s": 0.05,
            "command": " ".join(["kehoach"] + extract_cmd(Path("DIR"), Path("OUT"), 2)[len(kehoach_cmd()):]),
            "runs": {str(big): res[big], str(small): res[small]}}


TOKENISE_FILES = """
import sys
from pathlib import Path
from underthesea import word_tokenize
for p in sorted(Path(sys.argv[1]).glob("*.txt")):
    for line in p.read_text(encoding="utf-8").split("\\n"):
        if line.strip():
            word_tokenize(line, use_token_normalize=False)
"""


def bench_g(tmp: Path, n: int, repeat: int) -> dict:
    src = synth(tmp / f"plans-{n}", n)
    ours, ref = [], []
    for r in range(repeat):
        for side in (("ours", "ref") if r % 2 == 0 else ("ref", "ours")):
            out = tmp / f"out-g-{r}" / "dataset"
            cmd = kehoach_cmd() + ["extract", str(src), "-o", str(out), "--quiet"] if side == "ours" \
                else [sys.executable, "-c", TOKENISE_FILES, str(src)]
            t0 = time.perf_counter()
            proc = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
            (ours if side == "ours" else ref).append(time.perf_counter() - t0)
            if side == "ours":
                if proc.returncode != 0:
                    log(proc.stderr.decode(errors="replace")[-2000:])
                check_output(out, n, proc.returncode)
                shutil.rmtree(out.parent)
            elif proc.returncode != 0:
                raise RuntimeError(proc.stderr.decode(errors="replace")[-2000:])
            log(f"g {side}, {n} plans: {(ours if side == 'ours' else ref)[-1]:.2f} s")
    return {"ours_s": min(ours), "reference_s": min(ref), "ratio": min(ours) / min(ref), "plans": n,
            "repeat": repeat, "runs_s": {"kehoach_extract": ours, "underthesea_tokenise": ref},
            "command": "kehoach extract DIR -o OUT --quiet",
            "reference_method": "python -c 'from underthesea import word_tokenize; word_tokenize(line, "
                                "use_token_normalize=False) for every non-empty line of DIR/*.txt'"}


def bench_e(repeat: int) -> dict:
    cmd = kehoach_cmd() + ["--help"]
    subprocess.run(cmd, capture_output=True, check=True)  # the OS's file cache, not measured
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        subprocess.run(cmd, capture_output=True, check=True)
        times.append(time.perf_counter() - t0)
    log(f"e kehoach --help: {median(times):.3f} s")
    return {"ours_s": median(times), "ratio": None, "value": median(times), "runs_s": times, "repeat": repeat}


# --------------------------------------------------------------------------- table

def rows_of(results: dict) -> list[dict]:
    rows = []

    def row(measure, ours, ref, ratio, goal, ok):
        rows.append({"measure": measure, "ours": ours, "reference": ref,
                     "ratio": None if ratio is None else round(ratio, 3), "goal": goal,
                     "pass": {True: "pass", False: "FAIL", None: ""}[ok]})

    for key in ALL:
        r = results.get(key)
        if r is None:
            continue
        if "error" in r:
            row(f"{key}: {TITLES[key]}", "error", r["error"], None, goal_text(key), False)
            continue
        if key in "ab":
            for p in r["per_plan"]:
                row(f"{key}: {p['plan']}", f"{p['ours_s']:.3f} s", f"{p['reference_s']:.3f} s", p["ratio"],
                    "", None)
            row(f"**{key}: {TITLES[key]} (sum)**", f"{r['ours_s']:.3f} s", f"{r['reference_s']:.3f} s",
                r["ratio"], goal_text(key), passes(key, r["ratio"]))
        elif key == "c":
            row(f"**c: {TITLES['c']}, {r['plans']} plans**", f"{r['ours_s']:.1f} s",
                f"{r['reference_s']:.1f} s", r["ratio"], goal_text("c"), passes("c", r["ratio"]))
        elif key == "d":
            p = r["plans"]
            row(f"**d: peak {r['metric'].upper()}, {p['ours']} vs {p['reference']} plans**",
                f"{r['ours_mib']:.0f} MiB", f"{r['reference_mib']:.0f} MiB", r["ratio"], goal_text("d"),
                passes("d", r["ratio"]))
        elif key == "g":
            row(f"**g: {TITLES['g']}, {r['plans']} plans**", f"{r['ours_s']:.2f} s", f"{r['reference_s']:.2f} s",
                r["ratio"], goal_text("g"), passes("g", r["ratio"]))
        elif key == "e":
            row(f"**e: {TITLES['e']} (median of {r['repeat']})**", f"{r['ours_s']:.3f} s", "—", None,
                goal_text("e"), passes("e", r["ours_s"]))
        elif key == "f":
            for kind, label in (("txt", "txt"), ("docx", "docx"), ("pdf_text", "text-layer PDF"),
                                ("pdf_scanned", "scanned PDF, OCR")):
                k = r.get(kind) or {}
                if k.get("s_per_page") is None:
                    row(f"f: s/page, {label}", "skipped", k.get("skipped", ""), None, "—", None)
                else:
                    row(f"f: s/page, {label} ({k['pages']} pages)", f"{k['s_per_page']:.3f} s", "—", None,
                        "info", None)
    return rows


def markdown(rows: list[dict]) -> str:
    head = ["measure", "ours", "reference", "ratio", "goal", "pass/fail"]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for r in rows:
        ratio = "—" if r["ratio"] is None else f"{r['ratio']:.2f}×"
        lines.append(f"| {r['measure']} | {r['ours']} | {r['reference']} | {ratio} | {r['goal']} | {r['pass']} |")
    return "\n".join(lines)


# --------------------------------------------------------------------------- profile

def profile(stem: str | None, runs: int = 5) -> None:
    from pyinstrument import Profiler

    from pipeline.run.worker import extract_file

    path = next(p for p in sorted(CORPUS.glob("*.txt")) if stem is None or p.stem.startswith(stem))
    warm()
    extract_file(path)
    prof = Profiler(interval=0.0005)
    prof.start()
    for _ in range(runs):
        extract_file(path)
    prof.stop()
    print(f"pyinstrument: extract_file({path.relative_to(ROOT)}) × {runs}, warm process")
    print(prof.output_text(unicode=True, color=False))


# --------------------------------------------------------------------------- main

def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--only", default=",".join(ALL), help="comma-separated measures among a,b,c,d,e,f,g (default: all)")
    ap.add_argument("--plans-c", type=int, default=None,
                    help="synthetic plans for c (default 1000: where a run's fixed cost no longer hides the scaling)")
    ap.add_argument("--plans-d", default=None, help="BIG,SMALL synthetic plans for d (default 1000,100)")
    ap.add_argument("--repeat", type=int, default=None, help="runs per file for a, b, f (default 11; median)")
    ap.add_argument("--repeat-c", type=int, default=3, help="runs of each side of c, alternating (the best of each counts; default 3)")
    ap.add_argument("--repeat-ocr", type=int, default=1, help="runs per scanned PDF in f")
    ap.add_argument("--quick", action="store_true",
                    help="a smoke run: 3 runs per file, c on 20 plans, d on 60 vs 20, one scanned PDF")
    ap.add_argument("--json", type=Path, default=None,
                    help="results file (default bench/results.json; bench/results.quick.json with --quick)")
    ap.add_argument("--profile", nargs="?", const="", metavar="STEM",
                    help="only print a pyinstrument profile of extract_file on one corpus txt plan")
    a = ap.parse_args(argv)
    if a.profile is not None:
        profile(a.profile or None)
        return 0
    only = [k for k in re.split(r"[,\s]+", a.only.lower()) if k]
    bad = [k for k in only if k not in set(ALL)]
    if bad:
        ap.error(f"unknown measure(s) {', '.join(bad)}; choose among {', '.join(ALL)}")
    repeat = a.repeat or (3 if a.quick else 11)  # the machine is a shared VM: medians of 11 hold still
    plans_c = a.plans_c or (20 if a.quick else 1000)
    big, small = sorted((int(x) for x in (a.plans_d or ("60,20" if a.quick else "1000,100")).split(",")),
                        reverse=True)
    json_path = a.json or ROOT / "bench" / ("results.quick.json" if a.quick else "results.json")

    results: dict = {}
    data = {"generated": None, "quick": a.quick, "machine": None, "measures": {}}
    if json_path.exists() and set(only) != set(ALL):
        try:
            old = json.loads(json_path.read_text(encoding="utf-8"))
            if old.get("quick") == a.quick:
                data = old
        except (OSError, ValueError):
            pass
    data["machine"] = machine()
    log(f"{data['machine']['cores_usable']} cores, {data['machine']['cpu_model']}; measures {','.join(only)}")
    if os.getloadavg()[0] > 0.5:
        log(f"note: the machine is busy (load average {os.getloadavg()[0]:.2f}); the figures will show it")
    with tempfile.TemporaryDirectory(prefix="kehoach-bench-") as tmp:
        tmp = Path(tmp)
        jobs = {
            "a": lambda: bench_a(repeat),
            "b": lambda: bench_b(repeat),
            "c": lambda: bench_c(tmp, plans_c, a.repeat_c),
            "d": lambda: bench_d(tmp, (big, small)),
            "e": lambda: bench_e(5 if not a.quick else 3),
            "f": lambda: bench_f(repeat, a.repeat_ocr, [sorted(SCANNED.glob("*.pdf"))[1].stem] if a.quick else None),
            "g": lambda: bench_g(tmp, 40, a.repeat_c),
        }
        for key in ALL:
            if key not in only:
                continue
            t0 = time.perf_counter()
            load_before = [round(x, 2) for x in os.getloadavg()]
            try:
                r = jobs[key]()
            except Exception as e:  # one measure failing must not lose the others
                r = {"error": f"{type(e).__name__}: {e}"}
                log(f"{key}: {r['error']}")
            r["title"] = TITLES[key]
            if key in GOALS:
                r["goal"] = {"op": GOALS[key][0], "value": GOALS[key][1]}
                if "error" not in r:
                    r["pass"] = passes(key, r["ours_s"] if key == "e" else r["ratio"])
            r["measured_at"] = dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")
            r["bench_seconds"] = round(time.perf_counter() - t0, 1)
            # other work on the machine skews every figure, c most: the 1-minute load before and after
            r["load_average_1m"] = {"before": load_before[0], "after": round(os.getloadavg()[0], 2)}
            results[key] = r
    data["measures"].update(results)
    data["generated"] = dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")
    data["rows"] = rows_of(data["measures"])
    json_path.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    m = data["machine"]
    print(f"\n{m['cores_usable']} cores ({m['cpu_model']}), Python {m['python']}, "
          f"kehoach {m['versions']['kehoach']}{' — QUICK run, small sizes' if a.quick else ''}\n")
    print(markdown(data["rows"]))
    print(f"\n→ {json_path.relative_to(ROOT) if json_path.is_relative_to(ROOT) else json_path}")
    failed = [k for k, r in results.items() if r.get("pass") is False or "error" in r]
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
