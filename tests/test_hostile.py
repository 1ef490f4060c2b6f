"""Hostile and broken files: each gets a documents row with a reason a person can act on, the
batch finishes, its peak memory stays under 1 GB, and a file that hangs is stopped by the
per-document time limit."""
from __future__ import annotations

import io
import json
import os
import re
import struct
import subprocess
import sys
import time
import zipfile
import zlib
from pathlib import Path

import pandas as pd
import pytest
from docx import Document

from tests.test_load import _rc4, make_pdf  # the hand-made PDFs of the loader tests

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "corpus"
GOOD = "001_e58caa9898b89ec4"
SECRET = "TOPSECRET-XXE-9f3a"
BOMB_MIB = 3584  # word/document.xml inflates to 3.5 GiB

ENGLISH_PLAN = """PEOPLE'S COMMITTEE OF LONG BIEN DISTRICT
No. 12/KH-UBND
PLAN
Implementing gender equality and the advancement of women in Long Bien district in 2025
Pursuant to the Law on Gender Equality No. 73/2006/QH11 of 29 November 2006;
Pursuant to Decision No. 1790/QD-TTg of the Prime Minister approving the national programme;
The District People's Committee issues this plan to implement gender equality in 2025 as follows.
I. PURPOSE AND REQUIREMENTS
1. Raise the awareness of officials, civil servants and citizens about gender equality.
2. At least 30% of leaders of district agencies are women by the end of 2025.
3. The Department of Labour, Invalids and Social Affairs leads; the Women's Union coordinates.
II. TASKS
1. Organise communication campaigns in the month of action for gender equality.
2. Train 100 officials in gender mainstreaming in the policy-making process.
3. Report results to the District People's Committee before 15 November 2025.
III. IMPLEMENTATION
Agencies and wards shall implement this plan and report any difficulties to the district.
Recipients: the City People's Committee; the Department of Home Affairs; archives.
ON BEHALF OF THE PEOPLE'S COMMITTEE, VICE CHAIRWOMAN
Nguyen Thi Thanh Hang
"""


# --------------------------------------------------------------------------- the files


def _zip(entries: list[tuple[str, bytes, int, int, int]]) -> bytes:
    """A ZIP archive from raw entries (name, data as stored, method, crc, inflated size): what
    ``zipfile`` cannot write without inflating the bomb itself."""
    out, central = bytearray(), bytearray()
    for name, data, method, crc, size in entries:
        offset, raw = len(out), name.encode()
        out += struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0, method, 0, 0x5A21, crc, len(data), size, len(raw), 0)
        out += raw + data
        central += struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, 0, method, 0, 0x5A21, crc, len(data),
                               size, len(raw), 0, 0, 0, 0, 0, offset) + raw
    end = struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(entries), len(entries), len(central), len(out), 0)
    return bytes(out + central + end)


def _docx_parts() -> dict[str, bytes]:
    buf = io.BytesIO()
    Document().save(buf)
    with zipfile.ZipFile(buf) as z:
        return {n: z.read(n) for n in z.namelist()}


def zip_bomb() -> bytes:
    """A valid .docx whose word/document.xml is 3.5 GiB of zeros deflated to under 4 MB."""
    zeros = bytes(1 << 20)
    comp = zlib.compressobj(9, zlib.DEFLATED, -15)
    block = comp.compress(zeros) + comp.flush(zlib.Z_FULL_FLUSH)  # byte-aligned, history reset: repeatable
    stream = block * BOMB_MIB + comp.flush()
    crc = 0
    for _ in range(BOMB_MIB):
        crc = zlib.crc32(zeros, crc)
    entries = [(n, d, 0, zlib.crc32(d), len(d)) for n, d in _docx_parts().items() if n != "word/document.xml"]
    return _zip(entries + [("word/document.xml", stream, 8, crc, BOMB_MIB << 20)])


def docx_with_dtd(dtd: str, body_text: str) -> bytes:
    """A .docx whose document.xml declares ``dtd`` and has one paragraph ``body_text``."""
    parts = _docx_parts()
    xml = parts["word/document.xml"].decode()
    root = xml.index("<w:document")
    body = xml.index("<w:body>") + len("<w:body>")
    xml = (xml[:root] + f"<!DOCTYPE w:document [{dtd}]>" + xml[root:body]
           + f"<w:p><w:r><w:t>{body_text}</w:t></w:r></w:p>" + xml[body:])
    parts["word/document.xml"] = xml.encode()
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            z.writestr(name, data)
    return buf.getvalue()


def encrypted_pdf() -> bytes:
    pad = bytes.fromhex("28BF4E5E4E758A4164004E56FFFA01082E2E00B6D0683E802F0CA9FE6453697A")
    import hashlib

    secret = (b"secret" + pad)[:32]
    owner = _rc4(hashlib.md5(secret).digest()[:5], secret)
    key = hashlib.md5(secret + owner + (-4).to_bytes(4, "little", signed=True) + b"0" * 16).digest()[:5]
    return make_pdf([[(85, 700, 12, "Ke hoach")]],
                    encrypt=f"<< /Filter /Standard /V 1 /R 2 /P -4 /O <{owner.hex()}> /U <{_rc4(key, pad).hex()}> >>")


# name → (status, words the reason must hold)
EXPECTED = {
    "empty.txt": ("error", ["empty.txt", "the file is empty"]),
    "truncated.pdf": ("error", ["damaged PDF", "truncated", "get a complete copy"]),
    "encrypted.pdf": ("error", ["password-protected", "unprotected copy"]),
    "bomb.docx": ("error", ["word/document.xml would inflate to 3.5 GB", "possible ZIP bomb"]),
    "xxe.docx": ("partial", ["no document heading"]),
    "laughs.docx": ("error", ["XML entities that expand without bound", "save it again from Word"]),
    "junk.pdf": ("error", ["named .pdf but its content is not a PDF", "damaged or mislabelled"]),
    "huge.pdf": ("error", ["the file is 200.0 MB, over the 100.0 MB limit", "--max-size"]),
    "english.txt": ("partial", ["the text is not Vietnamese", "no document heading"]),
    "huge.txt": ("error", ["huge.txt: too large: the file is 95.0 MB of text", "split it"]),
    "good.txt": ("ok", []),
}


@pytest.fixture(scope="module")
def hostile(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("hostile")
    secret = folder.parent / "secret.txt"
    secret.write_text(SECRET)
    (folder / "empty.txt").write_bytes(b"")
    (folder / "truncated.pdf").write_bytes((CORPUS / f"{GOOD}.pdf").read_bytes()[:4096])
    (folder / "encrypted.pdf").write_bytes(encrypted_pdf())
    (folder / "bomb.docx").write_bytes(zip_bomb())
    (folder / "xxe.docx").write_bytes(docx_with_dtd(
        f'<!ENTITY xxe SYSTEM "file://{secret}">', "Kế hoạch bình đẳng giới &xxe; năm 2025"))
    (folder / "laughs.docx").write_bytes(docx_with_dtd(
        '<!ENTITY a "hahahahahahahahahaha">' + "".join(
            f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">' for i in range(8)),
        "Kế hoạch bình đẳng giới &i; năm 2025"))
    (folder / "junk.pdf").write_bytes(bytes(range(256)) * 64)
    with open(folder / "huge.pdf", "wb") as fh:  # 200 MB: a real PDF, then padding (sparse)
        fh.write((CORPUS / f"{GOOD}.pdf").read_bytes())
        fh.truncate(200 * 2**20)
    (folder / "english.txt").write_text(ENGLISH_PLAN, encoding="utf-8")
    with open(folder / "huge.txt", "wb") as fh:  # 95 MB of text (issue 13: it took 1.6 GB)
        line = "Kế hoạch thực hiện công tác bình đẳng giới năm 2025.\n".encode()
        fh.write(line * (95 * 2**20 // len(line)))
        fh.write(b"x" * (95 * 2**20 % len(line)))
    (folder / "good.txt").write_bytes((CORPUS / f"{GOOD}.txt").read_bytes())
    return folder


@pytest.fixture(scope="module")
def batch(hostile, tmp_path_factory) -> dict:
    """``kehoach extract`` over the folder, run under a Python that reports the peak memory of
    its descendants (the CLI and its worker)."""
    out = tmp_path_factory.mktemp("out")
    exe = Path(sys.executable).with_name("kehoach")
    cmd = [str(exe)] if exe.exists() else [sys.executable, "-c", "from pipeline.cli import app; app()"]
    probe = ("import resource, subprocess, sys, json; r = subprocess.run(sys.argv[1:]); "
             "print(json.dumps({'rc': r.returncode, 'maxrss_kb': "
             "resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss}))")
    started = time.perf_counter()
    run = subprocess.run([sys.executable, "-c", probe, *cmd, "extract", str(hostile), "-o", str(out), "--quiet"],
                         capture_output=True, text=True, cwd=ROOT)
    report = json.loads(run.stdout.strip().splitlines()[-1])
    docs = pd.read_parquet(out / "documents.parquet").set_index("source_path")
    return {"docs": docs, "rc": report["rc"], "peak_mb": report["maxrss_kb"] / 1024,
            "seconds": time.perf_counter() - started, "stderr": run.stderr}


def test_the_batch_finishes_with_a_row_per_file(batch):
    assert batch["rc"] == 0, batch["stderr"]
    assert sorted(batch["docs"].index) == sorted(EXPECTED)
    print(f"\nhostile batch: peak {batch['peak_mb']:.0f} MB, {batch['seconds']:.1f} s")
    for name, row in batch["docs"].iterrows():
        print(f"  {name:14} {row['status']:8} {row['error']}")


def test_peak_memory_under_1_gb(batch):
    assert batch["peak_mb"] < 1024, batch["peak_mb"]


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_each_file_gets_its_row_and_reason(batch, name):
    status, words = EXPECTED[name]
    row = batch["docs"].loc[name]
    assert row["status"] == status, (name, row["status"], row["error"])
    if status == "ok":
        assert row["error"] is None or pd.isna(row["error"])
        return
    reason = row["error"]
    assert reason and "\n" not in reason and len(reason) < 400
    for w in words:
        assert w in reason, (name, reason)


def test_no_external_entity_is_resolved(batch):
    docs = batch["docs"]
    assert not docs["text"].fillna("").str.contains(SECRET).any()
    assert not docs["error"].fillna("").str.contains(SECRET).any()
    assert docs.loc["xxe.docx", "text"] == "Kế hoạch bình đẳng giới năm 2025"  # the reference dropped
    assert pd.isna(docs.loc["laughs.docx", "text"])  # the billion laughs refused, not expanded


def test_zip_bomb_is_refused_before_it_is_read(hostile):
    from pipeline.read.load import load
    from pipeline.models import LoadError

    started = time.perf_counter()
    with pytest.raises(LoadError, match=r"would inflate to 3\.5 GB \(limit 32\.0 MB\)"):
        load(hostile / "bomb.docx")
    assert time.perf_counter() - started < 2


def test_size_limit_is_configurable(hostile):
    from pipeline.read.load import load
    from pipeline.models import LoadError

    with pytest.raises(LoadError, match=r"over the 1\.0 KB limit"):
        load(hostile / "good.txt", max_bytes=1024)
    assert load(hostile / "good.txt", max_bytes=0).blocks  # 0: no limit


# --------------------------------------------------------------------------- time limit


def _extract(plans: Path, out: Path, **opts) -> dict[str, dict]:
    """``kehoach extract``'s engine over ``plans`` (called in this process, so that a patched
    loader reaches its forked workers): the documents rows by source path."""
    from pipeline.run.engine import Options, extract_dataset

    extract_dataset([plans], out, Options(**{"workers": 1, **opts}))
    return {r["source_path"]: r for r in pd.read_parquet(out / "documents.parquet").to_dict("records")}


def test_a_hanging_file_becomes_an_error_row_and_the_batch_goes_on(tmp_path, monkeypatch):
    import pipeline.read.load

    real_load = pipeline.read.load.load

    def slow_load(path, *args, **kwargs):
        if Path(path).name == "slow.txt":
            time.sleep(600)  # a parser that never returns
        return real_load(path, *args, **kwargs)

    monkeypatch.setattr(pipeline.read.load, "load", slow_load)  # the forked worker inherits it
    plans = _copies(tmp_path, ["a.txt", "slow.txt", "b.txt"])
    started = time.perf_counter()
    rows = _extract(plans, tmp_path / "data", timeout=2)
    elapsed = time.perf_counter() - started
    assert rows["slow.txt"]["status"] == "error"
    assert rows["slow.txt"]["error"] == ("slow.txt: reading it took longer than the 2 s limit and was stopped; "
                                         "if the file is genuine, run again with a longer kehoach extract --timeout")
    assert rows["a.txt"]["status"] == rows["b.txt"]["status"] == "ok"
    assert rows["a.txt"]["doc_type"] == rows["b.txt"]["doc_type"] == "Kế hoạch"
    assert elapsed < 120, elapsed


def _patched_load(monkeypatch, behaviour):
    """``pipeline.read.load.load`` doing ``behaviour[name]()`` first for the files named in it."""
    import pipeline.read.load

    real_load = pipeline.read.load.load

    def load(path, *args, **kwargs):
        if Path(path).name in behaviour:
            behaviour[Path(path).name]()
        return real_load(path, *args, **kwargs)

    monkeypatch.setattr(pipeline.read.load, "load", load)  # the forked worker inherits it


def _copies(tmp_path, names) -> Path:
    """A folder of copies of one plan under ``names``."""
    plans = tmp_path / "plans"
    plans.mkdir()
    text = (CORPUS / f"{GOOD}.txt").read_bytes()
    for name in names:
        (plans / name).write_bytes(text)
    return plans


def test_the_time_limit_counts_from_when_a_file_starts_not_when_it_is_queued(tmp_path, monkeypatch):
    """A worker holds the next file in its pipe while it runs one; two files of 2.5 s each
    under a 4 s limit are both fine (5 s from the first hand-over, 2.5 s each from its start)."""
    _patched_load(monkeypatch, {"a.txt": lambda: time.sleep(2.5), "b.txt": lambda: time.sleep(2.5)})
    rows = _extract(_copies(tmp_path, ["a.txt", "b.txt", "c.txt"]), tmp_path / "data", timeout=4)
    assert {name: e["status"] for name, e in rows.items()} == {"a.txt": "ok", "b.txt": "ok", "c.txt": "ok"}


def test_a_worker_that_dies_loses_only_its_own_file(tmp_path, monkeypatch):
    """The file waiting in a dead worker's pipe had not started: a fresh worker reads it."""
    _patched_load(monkeypatch, {"crash.txt": lambda: os._exit(3)})
    rows = _extract(_copies(tmp_path, ["a.txt", "crash.txt", "b.txt", "c.txt"]), tmp_path / "data", timeout=60)
    assert {name: e["status"] for name, e in rows.items()} == {"a.txt": "ok", "crash.txt": "error", "b.txt": "ok",
                                                               "c.txt": "ok"}
    assert rows["crash.txt"]["error"] == ("crash.txt: the reader process died on this file (out of memory or a "
                                          "crash in a parser); check the file, or open and re-save it")


def test_cli_has_the_timeout_option():
    from typer.testing import CliRunner

    from pipeline.cli import app

    result = CliRunner().invoke(app, ["extract", "--help"])
    assert "--timeout" in result.output and "--max-size" in result.output


# --------------------------------------------------------------------------- memory per file and per worker


def test_text_over_the_size_cap_is_a_too_large_row(tmp_path):
    from pipeline.run.worker import MAX_TEXT_CHARS, extract_file

    line = "Kế hoạch thực hiện công tác bình đẳng giới năm 2025.\n"
    big = tmp_path / "big.txt"  # 4.5 million characters, 6 MB: read, then refused
    big.write_text(line * (4_500_000 // len(line) + 1), encoding="utf-8")
    e = extract_file(big, max_bytes=50 * 2**20)
    assert e.status == "error" and re.fullmatch(
        rf"big\.txt: too large: its text is 4\.\d million characters, over the {MAX_TEXT_CHARS / 1e6:g} million "
        r"characters a plan may have \(a plan has well under 1 million\); check that it is one plan, or split it",
        e.error), e.error
    html = tmp_path / "big.html"  # the cap is on the text, whatever the format
    html.write_text("<html><body>" + "".join(f"<p>{line}</p>" for _ in range(4_500_000 // len(line) + 1))
                    + "</body></html>", encoding="utf-8")
    e = extract_file(html, max_bytes=50 * 2**20)
    assert e.status == "error" and re.match(r"big\.html: too large: its text is 4\.\d million characters", e.error)
    under = tmp_path / "under.txt"
    under.write_text((CORPUS / f"{GOOD}.txt").read_text(encoding="utf-8") * 3, encoding="utf-8")
    assert extract_file(under).status == "ok"


def test_a_file_needing_more_memory_than_a_worker_may_use_is_a_too_large_row_and_the_next_is_read(tmp_path):
    """A worker may take KEHOACH_WORKER_MEMORY_MB above its loaded models: a 12 MB text (under
    the text size cap's unread refusal) with a 40 MB budget runs out, is a "too large" row, and
    the next file in the same worker is read."""
    plans = tmp_path / "plans"
    plans.mkdir()
    line = "Kế hoạch thực hiện công tác bình đẳng giới năm 2025.\n".encode()
    (plans / "a-big.txt").write_bytes(line * (12 * 2**20 // len(line)))
    (plans / "b-good.txt").write_bytes((CORPUS / f"{GOOD}.txt").read_bytes())
    out = tmp_path / "out"
    r = subprocess.run([sys.executable, "-m", "pipeline", "extract", str(plans), "-o", str(out), "--quiet",
                        "--workers", "1", "--no-reuse"], capture_output=True, text=True, cwd=ROOT,
                       env={**os.environ, "KEHOACH_WORKER_MEMORY_MB": "40"}, timeout=300)
    assert r.returncode == 0, r.stderr
    docs = pd.read_parquet(out / "documents.parquet").set_index("source_path")
    assert docs.loc["b-good.txt", "status"] == "ok"
    assert docs.loc["a-big.txt", "status"] == "error"
    assert docs.loc["a-big.txt", "error"].startswith("a-big.txt: too large"), docs.loc["a-big.txt", "error"]


def test_a_process_watching_the_run_exits_when_the_run_is_killed(tmp_path):
    """``exit_when_gone`` (what the Dask workers of the run's own cluster run): the watched
    process killed with SIGKILL, the watcher exits within a few seconds."""
    watcher = ("import sys, time\n"
               "from pipeline.read.children import exit_when_gone\n"
               "exit_when_gone((int(sys.argv[1]), sys.argv[2]), interval=0.2)\n"
               "time.sleep(120)\n")
    run = ("import subprocess, sys, time\n"
           "from pipeline.read.children import process_id\n"
           "pid, started = process_id()\n"
           f"child = subprocess.Popen([sys.executable, '-c', {watcher!r}, str(pid), started])\n"
           "print(child.pid, flush=True)\n"
           "time.sleep(120)\n")
    proc = subprocess.Popen([sys.executable, "-c", run], stdout=subprocess.PIPE, text=True, cwd=ROOT)
    child = int(proc.stdout.readline())
    time.sleep(1.0)
    assert _alive(child)  # the run is there: the watcher waits
    proc.kill()
    proc.wait()
    deadline = time.monotonic() + 15
    while _alive(child) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not _alive(child)


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def test_the_worker_memory_limit_is_counted_from_the_loaded_models():
    """The cap is what a worker holds after loading, plus the budget; 0 turns it off."""
    code = ("import os, re, resource; from pipeline.run.worker import limit_memory\n"
            "held = int(re.search(r'VmData:\\s+(\\d+)', open('/proc/self/status').read()).group(1)) * 1024\n"
            "limit = limit_memory(100)\n"
            "assert resource.getrlimit(resource.RLIMIT_DATA)[0] == limit\n"
            "assert 0 <= limit - held - 100 * 2**20 < 8 * 2**20, (limit, held)\n"
            "try:\n"
            "    bytearray(200 * 2**20)\n"
            "    print('allocated')\n"
            "except MemoryError:\n"
            "    print('MemoryError')\n")
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert (r.returncode, r.stdout) == (0, "MemoryError\n"), r.stderr
    r = subprocess.run([sys.executable, "-c", "from pipeline.run.worker import limit_memory; print(limit_memory(0))"],
                       capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert r.stdout == "None\n"
