"""Safe on a researcher's real folder (issue 13): no command loses data, no file kills a run,
the conventions a user expects.  Each reproducer is built here, in a temporary folder."""
from __future__ import annotations

import io
import json
import os
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pyarrow.parquet as pq
import pytest

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "corpus"
PLAN = sorted(CORPUS.glob("*.txt"))[0]
OTHER = sorted(CORPUS.glob("*.txt"))[1]
KEHOACH = [sys.executable, "-m", "pipeline"]
FAST = ["--workers", "1", "--timeout", "0", "--no-reuse"]


def kehoach(*args, timeout: float = 300, columns: int = 200) -> subprocess.CompletedProcess:
    return subprocess.run(KEHOACH + [str(a) for a in args], capture_output=True, text=True, cwd=ROOT,
                          timeout=timeout, env={**os.environ, "COLUMNS": str(columns)})


def snapshot_bytes(out: Path) -> dict[str, bytes]:
    """Every file the dataset OUT shows, by path, with its bytes (and where OUT points)."""
    target = out.resolve()
    files = {p.relative_to(target).as_posix(): p.read_bytes() for p in sorted(target.rglob("*")) if p.is_file()}
    return {"->": os.readlink(out).encode(), **files}


def one_error_line(r: subprocess.CompletedProcess) -> str:
    lines = [ln for ln in r.stderr.splitlines() if ln.strip()]
    assert len(lines) == 1, r.stderr
    assert "Traceback" not in r.stdout + r.stderr
    return lines[0]


def documents(out: Path) -> list[dict]:
    return pq.read_table(out / "documents.parquet").to_pylist()


# --------------------------------------------------------------------------- 1. a mistyped input


@pytest.fixture()
def dataset(tmp_path) -> Path:
    plans = tmp_path / "plans"
    plans.mkdir()
    for p in (PLAN, OTHER):
        (plans / p.name).write_bytes(p.read_bytes())
    out = tmp_path / "data"
    r = kehoach("extract", plans, "-o", out, "--quiet", *FAST)
    assert r.returncode == 0, r.stderr
    return out


def test_a_mistyped_input_is_refused_and_the_dataset_survives_byte_for_byte(dataset, tmp_path):
    before = snapshot_bytes(dataset)
    snapshots = sorted((tmp_path / ".data.kehoach" / "snapshots").iterdir())
    for _ in range(3):  # again and again: the good snapshot is never evicted
        r = kehoach("extract", tmp_path / "plnas", "-o", dataset, *FAST)
        assert r.returncode == 2
        assert one_error_line(r) == f"error: no such file or folder: {tmp_path / 'plnas'}; nothing was read or written"
        assert r.stdout == ""
        assert snapshot_bytes(dataset) == before
    assert sorted((tmp_path / ".data.kehoach" / "snapshots").iterdir()) == snapshots


def test_a_run_in_which_no_file_could_be_read_replaces_nothing(dataset, tmp_path):
    before = snapshot_bytes(dataset)
    broken = tmp_path / "broken"
    broken.mkdir()
    (broken / "empty.txt").write_bytes(b"")
    (broken / "junk.pdf").write_bytes(b"not a pdf at all")
    r = kehoach("extract", broken, "-o", dataset, *FAST)
    assert r.returncode == 1
    assert f"no file could be read (2 tried, all errors); the dataset {dataset} was left as it was" in r.stdout
    assert snapshot_bytes(dataset) == before
    r = kehoach("extract", tmp_path / "nothing-here-but-a-folder", "-o", dataset, *FAST)  # missing: refused
    assert r.returncode == 2
    (tmp_path / "no-plans").mkdir()
    r = kehoach("extract", tmp_path / "no-plans", "-o", dataset, "--quiet", *FAST)  # a folder without plans
    assert r.returncode == 1
    assert one_error_line(r) == f"no plan files found under the inputs; the dataset {dataset} was left as it was"
    assert snapshot_bytes(dataset) == before


def test_plans_that_leave_the_dataset_are_listed(dataset, tmp_path):
    r = kehoach("extract", tmp_path / "plans" / PLAN.name, "-o", dataset, *FAST)
    assert r.returncode == 0, r.stderr
    assert (f"1 plan left the dataset (no longer among the inputs; listed in manifest.json, removed): "
            f"{OTHER.name}") in r.stdout
    manifest = json.loads((dataset / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["removed"] == [OTHER.name]
    assert [d["source_path"] for d in documents(dataset)] == [PLAN.name]


# --------------------------------------------------------------------------- 2. one file never kills a run


def pdf_with(codes: bytes, to_unicode: dict[int, str]) -> bytes:
    """A one-page PDF showing ``codes`` in Helvetica, its ToUnicode CMap mapping each code to the
    UTF-16 hex given (``D83DDE00``: a character beyond the BMP, as a surrogate pair)."""
    pairs = "\n".join(f"<{k:02X}> <{v}>" for k, v in to_unicode.items())
    cmap = ("/CIDInit /ProcSet findresource begin 12 dict begin begincmap /CMapName /X def "
            "1 begincodespacerange <00> <FF> endcodespacerange "
            f"{len(to_unicode)} beginbfchar\n{pairs}\nendbfchar endcmap CMapName currentdict /CMap "
            "defineresource pop end end").encode()
    content = b"BT /F1 24 Tf 72 700 Td (" + codes + b") Tj ET"
    objs = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 4 0 R >> >> "
            b"/Contents 5 0 R >>",
            b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /ToUnicode 6 0 R >>",
            b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
            b"<< /Length %d >>\nstream\n" % len(cmap) + cmap + b"\nendstream"]
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for i, o in enumerate(objs, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + o + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1) + b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, xref)
    return bytes(out)


@pytest.mark.parametrize("text, expected", [
    ("H\ud83d\ude00i", "H\U0001F600i"),  # a pair split in two: joined
    ("a\ud83db", "a\ufffdb"),  # a lone high half
    ("\ude00x\ud83d", "\ufffdx\ufffd"),  # halves in the wrong order
    ("Kế hoạch", "Kế hoạch"),
])
def test_texts_are_made_valid_unicode(text, expected):
    from pipeline.run.names import valid_text

    assert valid_text(text) == expected
    expected.encode("utf-8")


@pytest.mark.parametrize("name, shown", [
    (os.fsdecode(b"caf\xe9.txt"), "caf\\xe9.txt"),  # Latin-1 bytes: not UTF-8
    ("a\x1b[31mred\nb.txt", "a\\x1b[31mred\\nb.txt"),  # an escape sequence and a newline
    ("[final] kế hoạch.txt", "[final] kế hoạch.txt"),
])
def test_names_are_shown_literally_on_one_line(name, shown):
    from pipeline.run.names import literal

    assert literal(name) == shown


def test_failed_record_cannot_fail():
    from pipeline.run.records import failed_record

    name = os.fsdecode(b"/nowhere/k\xe9 ho\xe1ch\n.pdf")
    rec = failed_record(Path(name), os.fsdecode(b"k\xe9 ho\xe1ch\n.pdf"),
                        f"{name}: MemoryError:\n  Traceback (most recent call last)\x07 \ud800")
    assert rec.status == "error"
    assert rec.source_path == "k\\xe9 ho\\xe1ch\n.pdf"
    assert "\n" not in rec.error and "\x07" not in rec.error
    rec.error.encode("utf-8")


def test_a_bad_name_and_a_pdf_beyond_the_bmp_do_not_stop_the_run(tmp_path):
    plans = tmp_path / "plans"
    plans.mkdir()
    (plans / PLAN.name).write_bytes(PLAN.read_bytes())
    (plans / "emoji.pdf").write_bytes(pdf_with(b"ABC", {0x41: "0048", 0x42: "D83DDE00", 0x43: "0069"}))
    bad = os.path.join(os.fsencode(plans), b"k\xe9 ho\xe1ch [final].txt")
    with open(bad, "wb") as fh:
        fh.write(OTHER.read_bytes())
    out = tmp_path / "data"
    r = kehoach("extract", plans, "-o", out, *FAST)
    assert r.returncode == 0, r.stderr
    assert "k\\xe9 ho\\xe1ch [final].txt" in r.stdout  # printed literally, brackets and all
    version = json.loads((out / "manifest.json").read_text(encoding="utf-8"))["extractor_version"]
    r = kehoach("extract", plans, "-o", out, *FAST)  # the rerun finds them again, and carries them over
    assert r.returncode == 0, r.stderr
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    rows = {d["source_path"]: d for d in documents(out)}
    assert set(rows) == {PLAN.name, "emoji.pdf", "k\\xe9 ho\\xe1ch [final].txt"}
    assert rows["emoji.pdf"]["text"] == "H\U0001F600i"
    assert rows["k\\xe9 ho\\xe1ch [final].txt"]["status"] != "error"
    if manifest["extractor_version"] == version:  # (unless the code changed in between)
        assert manifest["run"]["carried_over"] == 3
        assert re.search(r"3 files (\(3 plans\) )?in", r.stdout) and "0 extracted now, 3 already in the dataset" in r.stdout


# --------------------------------------------------------------------------- 3. discovery


@pytest.fixture()
def odd_folder(tmp_path) -> Path:
    root = tmp_path / "plans"
    (root / "sub").mkdir(parents=True)
    (root / PLAN.name).write_bytes(PLAN.read_bytes())
    secret = tmp_path / "secret.txt"
    secret.write_text("KẾ HOẠCH bí mật ngoài thư mục", encoding="utf-8")
    (root / "passwd.txt").symlink_to(secret)  # a link out of the input folder
    (root / "sub" / "again.txt").symlink_to(root / PLAN.name)  # a link inside it
    (root / "elsewhere").symlink_to(tmp_path)  # a link to a folder
    (root / "dangling.txt").symlink_to(tmp_path / "gone.txt")
    os.mkfifo(root / "pipe.txt")  # reading it would wait forever
    (root / "notes.xlsx").write_bytes(b"x")
    (root / ".hidden.txt").write_text("x", encoding="utf-8")
    return root


def test_discovery_reads_regular_files_only_and_no_link_out_of_the_inputs(odd_folder):
    from pipeline.run.discover import survey

    found = survey([odd_folder])
    assert [rel for _, rel in found.files] == [PLAN.name, "sub/again.txt"]
    assert dict(found.skipped) == {
        "dangling.txt": "a link to something that does not exist (or a loop of links)",
        "elsewhere": "a link to a folder: links to folders are not followed",
        "notes.xlsx": "not a plan file type (.xlsx)",
        "passwd.txt": f"a link to {odd_folder.parent / 'secret.txt'}, outside the input folders: not followed",
        "pipe.txt": "a named pipe (FIFO), not a regular file: not read",
    }
    assert ".hidden.txt" in dict(survey([odd_folder], hidden=True).skipped)


def test_a_fifo_and_a_link_out_do_not_hang_or_leak_the_run(odd_folder, tmp_path):
    out = tmp_path / "data"
    r = kehoach("extract", odd_folder, "-o", out, "--timeout", "5", "--workers", "1", "--no-reuse", timeout=120)
    assert r.returncode == 0, r.stderr
    texts = [d["text"] for d in documents(out)]
    assert len(texts) == 2 and not any("bí mật" in t for t in texts)
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert {s["path"] for s in manifest["skipped"]} == {"dangling.txt", "elsewhere", "notes.xlsx", "passwd.txt",
                                                         "pipe.txt"}
    assert "5 entries found and not read" in r.stdout
    # a pipe named on the command line is refused too, and the hash never opens it blocking
    from pipeline.run.discover import doc_id_of
    from pipeline.run.worker import extract_file

    assert extract_file(odd_folder / "pipe.txt").error == \
        "pipe.txt: a named pipe (FIFO), not a regular file: not read"
    assert len(doc_id_of(odd_folder / "pipe.txt")) == 16


def test_list_says_what_would_be_read_and_why_not(odd_folder):
    r = kehoach("extract", odd_folder, "--list")
    assert r.returncode == 0
    lines = r.stdout.splitlines()
    assert lines[:2] == [f"read  {PLAN.name}", "read  sub/again.txt"]
    assert "skip  pipe.txt  (a named pipe (FIFO), not a regular file: not read)" in lines
    assert "skip  .hidden.txt  (a hidden file (or an Office lock file))" in lines
    assert r.stderr.strip() == "2 files would be read, 6 entries skipped"


# --------------------------------------------------------------------------- 6. internal errors contained


def numbered_docx(numbering=None, rels=None) -> bytes:
    """A DOCX with a numbered list, its numbering part or relationships rewritten."""
    import docx

    d = docx.Document()
    d.add_paragraph("Mục tiêu một", style="List Number")
    d.add_paragraph("Mục tiêu hai", style="List Number")
    buf = io.BytesIO()
    d.save(buf)
    src, out = zipfile.ZipFile(io.BytesIO(buf.getvalue())), io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "word/numbering.xml" and numbering:
                data = numbering(data)
            if info.filename == "word/_rels/document.xml.rels" and rels:
                data = rels(data)
            z.writestr(info, data)
    return out.getvalue()


@pytest.mark.parametrize("name, numbering, rels, text", [
    ("odd-level.docx", lambda b: b.replace(b'w:ilvl="0"', b'w:ilvl="x"'), None, "1. Mục tiêu một\n2. Mục tiêu hai"),
    ("odd-start.docx", lambda b: b.replace(b'<w:start w:val="1"/>', '<w:start w:val="một"/>'.encode()), None,
     "1. Mục tiêu một\n2. Mục tiêu hai"),
    ("huge-start.docx", lambda b: b.replace(b'<w:start w:val="1"/>', b'<w:start w:val="99999999999"/>'), None,
     "32767. Mục tiêu một\n32768. Mục tiêu hai"),
    ("external.docx", None, lambda b: b.replace(b'Target="numbering.xml"',
                                                b'Target="http://example.com/n.xml" TargetMode="External"'),
     "Mục tiêu một\nMục tiêu hai"),
])
def test_odd_docx_numbering_loses_the_numbers_not_the_plan(tmp_path, name, numbering, rels, text):
    from pipeline.run.worker import extract_file

    path = tmp_path / name
    path.write_bytes(numbered_docx(numbering, rels))
    ex = extract_file(path)
    assert ex.status != "error", ex.error
    assert ex.doc.text == text


@pytest.mark.parametrize("charset", ["idna", "punycode", "base64", "rot13", "utf-7", "undefined", "zlib"])
def test_an_html_page_declaring_no_real_charset_is_read_as_utf8(tmp_path, charset):
    from pipeline.run.worker import extract_file

    path = tmp_path / "page.html"
    path.write_bytes(f'<html><head><meta charset="{charset}"></head><body><p>KẾ HOẠCH Thực hiện công tác '
                     'bình đẳng giới năm 2025</p></body></html>'.encode())
    ex = extract_file(path)
    assert ex.status != "error", ex.error
    assert "KẾ HOẠCH Thực hiện công tác bình đẳng giới năm 2025" in ex.doc.text


@pytest.mark.parametrize("error", [AssertionError("fold changed the length"),
                                   ValueError("could not convert string to float: '1,000,000'")])
def test_an_extractor_that_fails_loses_its_own_table_only(monkeypatch, error):
    from extractors import targets

    from pipeline.run.worker import extract_file

    def boom(*args, **kwargs):
        raise error

    monkeypatch.setattr(targets, "extract", boom)
    ex = extract_file(PLAN)
    assert ex.status == "partial"
    assert ex.citations and ex.assignments and ex.dates and not ex.targets
    assert ex.error.startswith("targets could not be extracted (")
    assert "\n" not in ex.error and "Traceback" not in ex.error


def test_running_out_of_memory_in_an_extractor_makes_the_plan_a_too_large_row(monkeypatch):
    """Not one table's failure: the worker's memory limit was reached on this plan (issue 13, 4)."""
    from extractors import targets

    from pipeline.run.worker import extract_file

    def boom(*args, **kwargs):
        raise MemoryError()

    monkeypatch.setattr(targets, "extract", boom)
    ex = extract_file(PLAN)
    assert (ex.status, ex.error) == ("error", (
        f"{PLAN.name}: too large: reading it needs more memory than a worker may use (KEHOACH_WORKER_MEMORY_MB); "
        "check that it is a plan, or split it"))
    assert not (ex.citations or ex.assignments or ex.dates or ex.targets)


def test_worker_errors_become_reasons_a_person_can_act_on():
    from pipeline.run.worker import failure_reason

    assert failure_reason(Path("a\nb.pdf"), "error", "MemoryError: ", None) == \
        "a\\nb.pdf: too large: reading it needs more memory than a worker may use (KEHOACH_WORKER_MEMORY_MB); " \
        "check that it is a plan, or split it"
    assert failure_reason(Path("x.pdf"), "error", "AssertionError: \n  boom", None) == \
        "x.pdf: could not be read (an internal error in kehoach (AssertionError: boom); please report it with the file)"


# --------------------------------------------------------------------------- 9. clean errors


def test_an_output_that_cannot_be_written_is_one_line(tmp_path):
    (tmp_path / "a-file").write_text("x", encoding="utf-8")
    r = kehoach("extract", PLAN, "-o", tmp_path / "a-file" / "data", *FAST)
    assert r.returncode == 3
    line = one_error_line(r)
    assert line.startswith(f"error: the dataset {tmp_path / 'a-file' / 'data'} could not be written (")
    assert line.endswith("); the previous dataset, if any, is left as it was")
    r = kehoach("extract", PLAN, "-o", tmp_path / "a-file", *FAST)  # a file, not a dataset folder
    assert r.returncode == 2
    assert one_error_line(r).startswith(f"error: {tmp_path / 'a-file'} is a file, not a dataset folder")


def test_an_immutable_dataset_is_one_line_and_left_as_it_was(dataset, tmp_path):
    lock = tmp_path / ".data.kehoach" / "lock"
    if subprocess.run(["chattr", "+i", str(lock)], capture_output=True).returncode != 0:
        pytest.skip("chattr +i needs CAP_LINUX_IMMUTABLE")
    try:
        before = snapshot_bytes(dataset)
        r = kehoach("extract", tmp_path / "plans", "-o", dataset, *FAST)
        assert r.returncode == 3
        assert one_error_line(r) == (f"error: the dataset {dataset} could not be written ({lock}: Operation not "
                                     "permitted); the previous dataset, if any, is left as it was")
        assert snapshot_bytes(dataset) == before
    finally:
        subprocess.run(["chattr", "-i", str(lock)], capture_output=True)


def test_report_and_eval_on_missing_paths_are_one_line(dataset, tmp_path):
    r = kehoach("report", tmp_path / "nope", "-o", tmp_path / "site")
    assert r.returncode == 2
    assert one_error_line(r) == f"error: {tmp_path / 'nope'}: no such dataset folder; write one with kehoach extract -o"
    r = kehoach("eval", dataset, "--gold", ROOT / "gold", "--baseline", tmp_path / "missing.json")
    assert r.returncode == 2
    assert one_error_line(r) == (f"error: the baseline {tmp_path / 'missing.json'} cannot be read (No such file or "
                                 "directory); save one with kehoach eval --json FILE")
    (tmp_path / "bad.json").write_text("{not json", encoding="utf-8")
    r = kehoach("eval", dataset, "--gold", ROOT / "gold", "--baseline", tmp_path / "bad.json")
    assert r.returncode == 2 and "is not a kehoach eval --json report" in one_error_line(r)
    r = kehoach("eval", tmp_path / "nope", "--gold", ROOT / "gold")
    assert r.returncode == 2 and "no such dataset folder" in one_error_line(r)


# --------------------------------------------------------------------------- 10. conventions


def test_version_every_way(tmp_path):
    """The command, ``python -m kehoach`` (the installed name), ``python -m pipeline``; run
    outside the checkout, so the installed packages answer, not the working folder."""
    import kehoach
    from pipeline import __version__

    assert kehoach.__version__ == __version__
    script = Path(sys.executable).with_name("kehoach")  # the console script beside the interpreter
    for cmd in ([str(script)], [sys.executable, "-m", "kehoach"], KEHOACH, [sys.executable, "-m", "pipeline.cli"]):
        r = subprocess.run(cmd + ["--version"], capture_output=True, text=True, cwd=tmp_path, timeout=60)
        assert (r.returncode, r.stdout) == (0, f"kehoach {__version__}\n")


def test_show_json(tmp_path):
    r = kehoach("show", PLAN, "--json")
    assert r.returncode == 0, r.stderr
    body = json.loads(r.stdout)
    assert set(body) == {"document", "citations", "targets", "assignments", "dates", "staleness"}
    assert body["document"]["source_path"] == PLAN.name and "text" not in body["document"]
    assert body["citations"] and all(c["char_start"] < c["char_end"] for c in body["citations"])
    r = kehoach("show", tmp_path / "missing.txt", "--json")
    assert r.returncode == 2 and one_error_line(r) == f"error: {tmp_path / 'missing.txt'}: no such file"


def test_fail_on_error_and_the_summary_in_words(tmp_path):
    plans = tmp_path / "plans"
    plans.mkdir()
    (plans / "[final] plan.txt").write_bytes(PLAN.read_bytes())
    (plans / "empty.txt").write_bytes(b"")
    out = tmp_path / "data"
    r = kehoach("extract", plans, "-o", out, *FAST)
    assert r.returncode == 0, r.stderr
    assert "[final] plan.txt" in r.stdout  # not swallowed as markup
    assert re.search(r"^2 files \(1 plan\) in [\d.]+ s \(1 ok, 1 errors\): 2 extracted now; written to .*data/$", r.stdout, re.M)
    assert "{" not in r.stdout
    r = kehoach("extract", plans, "-o", out, "--fail-on-error", "--quiet", *FAST)
    assert r.returncode == 1


def test_the_summary_fits_80_columns(tmp_path):
    plans = tmp_path / "plans"
    plans.mkdir()
    (plans / ("a-very-long-file-name-" * 3 + ".txt")).write_bytes(PLAN.read_bytes())
    r = kehoach("extract", plans, "-o", tmp_path / "data", *FAST, columns=80)
    assert r.returncode == 0, r.stderr
    assert max(map(len, r.stdout.splitlines())) <= 80
    assert re.search(r"^  (a-very-long-file-name-){3}\.txt: ", r.stdout, re.M)  # a plan a paragraph
    assert "┃" not in r.stdout  # not a table squeezed into 80 columns


def test_workers_are_capped_at_the_usable_cores(tmp_path):
    from pipeline.run.engine import default_workers

    cores = default_workers()
    r = kehoach("extract", PLAN, "-o", tmp_path / "data", "--workers", cores + 5, "--quiet", "--no-reuse")
    assert r.returncode == 0, r.stderr
    assert r.stderr.splitlines()[0] == \
        f"warning: --workers {cores + 5} is more than the {cores} usable CPU cores; using {cores}"
    assert json.loads((tmp_path / "data" / "manifest.json").read_text())["run"]["workers"] == cores


# --------------------------------------------------------------------------- 11. --no-reuse


def test_no_reuse_writes_an_empty_reuse_table(dataset):
    t = pq.read_table(dataset / "reuse.parquet")
    assert t.num_rows == 0
    assert t.schema.names == ["doc_id", "plan_id", "other_doc_id", "other_plan_id", "sentence_start", "sentence_end",
                              "other_start", "other_end", "similarity", "sentences"]


def test_an_internal_error_is_one_line_not_a_traceback(monkeypatch, tmp_path):
    from typer.testing import CliRunner

    from pipeline import cli
    from pipeline.run import engine

    def boom(*args, **kwargs):
        raise RuntimeError("a worker process died while loading the models (out of memory?)\n  at line 3")

    monkeypatch.setattr(engine, "extract_dataset", boom)
    monkeypatch.delenv("KEHOACH_DEBUG", raising=False)
    r = CliRunner().invoke(cli.app, ["extract", str(PLAN), "-o", str(tmp_path / "data"), "--quiet"])
    assert r.exit_code == 4
    assert r.output.strip() == (
        "error: kehoach stopped on an internal error (RuntimeError: a worker process died while loading the models "
        "(out of memory?) at line 3); the previous dataset, if any, is left as it was; rerun with KEHOACH_DEBUG=1 "
        "and report it")


def test_a_full_disk_is_one_line_and_the_dataset_is_left_as_it_was(monkeypatch, dataset, tmp_path):
    import errno

    from typer.testing import CliRunner

    from pipeline import cli
    from pipeline.store import dataset as store

    before = snapshot_bytes(dataset)
    (tmp_path / "plans" / "new.txt").write_bytes(PLAN.read_bytes() + "\nThêm.\n".encode())

    def full(self, batch):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(self.dir / "flush"))

    monkeypatch.setattr(store.Staging, "write", full)
    r = CliRunner().invoke(cli.app, ["extract", str(tmp_path / "plans"), "-o", str(dataset), "--quiet", *FAST])
    assert r.exit_code == 3
    assert re.fullmatch(rf"error: the dataset {re.escape(str(dataset))} could not be written \(.*/flush: No space "
                        r"left on device\); the previous dataset, if any, is left as it was", r.output.strip())
    assert snapshot_bytes(dataset) == before


# --------------------------------------------------------------------------- 7. kill -9 and LibreOffice profiles


def _tagged(tag: str) -> list[tuple[int, str]]:
    """The processes (pid, command line) whose environment holds ``KEHOACH_TEST_TAG=tag``:
    every descendant of a command started with it, wherever it was reparented to."""
    out = []
    for d in Path("/proc").iterdir():
        if not d.name.isdigit():
            continue
        try:
            if f"KEHOACH_TEST_TAG={tag}".encode() in (d / "environ").read_bytes().split(b"\0"):
                if (d / "stat").read_text().split(") ", 1)[1].startswith("Z"):
                    continue  # a zombie: dead, its parent (init) not yet come to reap it
                out.append((int(d.name), (d / "cmdline").read_bytes().replace(b"\0", b" ").decode("utf-8", "replace")))
        except (OSError, IndexError):
            continue
    return out


@pytest.mark.skipif(not Path("/proc/self/environ").exists(), reason="needs Linux /proc")
def test_kill_9_of_a_run_leaves_no_process_behind(tmp_path):
    """A scanned PDF: the file's worker starts the OCR forkserver, its page workers and the
    resource tracker.  ``kill -9`` of ``kehoach extract`` while they work takes them all."""
    import signal
    import time
    import uuid

    from pipeline.models import LoadError
    from pipeline.read.ocr import check_tesseract

    try:
        check_tesseract()
    except LoadError as e:
        pytest.skip(str(e))
    tag = uuid.uuid4().hex
    run = subprocess.Popen(KEHOACH + ["extract", str(ROOT / "fixtures" / "scanned" / "001_e58caa9898b89ec4.pdf"),
                                      "-o", str(tmp_path / "data"), "--quiet", "--workers", "1"], cwd=ROOT,
                           env={**os.environ, "KEHOACH_TEST_TAG": tag, "KEHOACH_OCR_WORKERS": "2"},
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and run.poll() is None:
            found = _tagged(tag)
            if sum("multiprocessing.forkserver" in c for _, c in found) >= 2:  # the server and a page worker
                break
            time.sleep(0.1)
        else:
            pytest.fail("the OCR workers never started")
        assert any("resource_tracker" in c for _, c in found), found
        run.kill()
        run.wait()
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline and _tagged(tag):
            time.sleep(0.1)
        assert _tagged(tag) == []
    finally:
        for pid, _ in _tagged(tag):
            os.kill(pid, signal.SIGKILL)


def test_libreoffice_profiles_are_removed_however_a_worker_ends(tmp_path, monkeypatch):
    """Each worker's ``ReadContext`` (made by its warm-up, here ``init``) makes its own profile
    and keeps it from file to file; it is removed when the worker ends the multiprocessing way
    (``os._exit``, no ``atexit``), when the pool kills a worker for its time limit, and, for a
    process killed outright, when the next profile is made."""
    import tempfile

    from pipeline.read import office as doc
    from pipeline.read.context import ReadContext
    from pipeline.run.pool import Pool

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))  # this test's profiles only

    def make(sleep: float, ctx: ReadContext) -> str:
        import time

        d = doc._profile_dir(ctx)
        time.sleep(sleep)
        return d

    def profiles() -> list[str]:
        return sorted(p.name for p in tmp_path.glob("kehoach-lo-profile-*"))

    pool = Pool(make, 1, 30, lambda key, args, kind, detail: kind, init=ReadContext)
    results = pool.imap_unordered([(0, (0.0,)), (1, (0.0,))])
    [(_, made), (_, again)] = next(results), next(results)
    assert made == again and profiles() == [Path(made).name]  # one profile, kept for the next file
    assert list(results) == []
    pool.close()
    assert made.startswith(str(tmp_path / "kehoach-lo-profile-")) and profiles() == []  # ended: removed
    pool = Pool(make, 1, 3, lambda key, args, kind, detail: kind, init=ReadContext)
    assert list(pool.imap_unordered([(0, (60.0,))])) == [(0, "timeout")]
    pool.close()
    assert profiles() == []  # killed for the time limit: removed by the pool
    dead = subprocess.Popen(["true"])
    dead.wait()
    (tmp_path / f"kehoach-lo-profile-{dead.pid}-x1y2").mkdir()  # a process killed with kill -9
    alive = tmp_path / f"kehoach-lo-profile-{os.getppid()}-z3"
    alive.mkdir()
    with ReadContext() as ctx:
        mine = doc._profile_dir(ctx)
        assert profiles() == sorted([alive.name, Path(mine).name])
    assert profiles() == [alive.name]  # closed by its owner: removed


def test_the_ocr_workers_are_kept_from_file_to_file_and_stopped_by_their_owner():
    """A ``ReadContext`` starts the OCR page workers once and hands them to the next document;
    another number of workers starts them anew; closing it stops them, and a copy of it in a
    forked child neither uses nor stops its parent's."""
    from pipeline.read.context import ReadContext

    started, stopped = [], []

    class Workers:
        def __init__(self, n: int):
            started.append(n)

        def shutdown(self, wait: bool, cancel_futures: bool) -> None:
            stopped.append(self)

    with ReadContext() as ctx:
        first = ctx.ocr_pool(2, Workers)
        assert ctx.ocr_pool(2, Workers) is first and started == [2]
        second = ctx.ocr_pool(3, Workers)
        assert started == [2, 3] and stopped == [first]
        r, w = os.pipe()
        pid = os.fork()
        if pid == 0:  # the child: a pool of its own, the parent's left alone
            ok = ctx.ocr_pool(3, Workers) is not second and stopped == [first]
            os.write(w, b"1" if ok else b"0")
            os._exit(0)
        os.waitpid(pid, 0)
        assert os.read(r, 1) == b"1"
        os.close(r), os.close(w)
    assert stopped == [first, second] and started == [2, 3]


def test_a_disk_full_while_finishing_keeps_the_staged_plans_and_a_rerun_resumes(dataset, tmp_path):
    """The disk fills while the run's rows are being partitioned: one line saying where the
    plans extracted so far wait, the previous dataset byte for byte, and the same command,
    once there is room, resumes them instead of reading the files again."""
    before = snapshot_bytes(dataset)
    plans = tmp_path / "plans"
    (plans / "new.txt").write_bytes(PLAN.read_bytes() + "\nThêm.\n".encode())
    full = ("import errno, os, sys\n"
            "from pipeline import cli\n"
            "from pipeline.store import dataset\n"
            "real = dataset.Staging._partition\n"
            "def full(self, table, *args):\n"
            "    if table == 'documents':\n"
            "        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(self.dir / 'documents.parquet' / 'x'))\n"
            "    return real(self, table, *args)\n"
            "dataset.Staging._partition = full\n"
            "sys.argv[0] = 'kehoach'\n"
            "cli.main()\n")
    args = ["extract", str(plans), "-o", str(dataset), "--quiet", *FAST]
    r = subprocess.run([sys.executable, "-c", full, *args], capture_output=True, text=True, cwd=ROOT, timeout=300)
    assert r.returncode == 3, r.stderr
    staging = tmp_path / ".data.kehoach" / "staging"
    [run] = list(staging.iterdir())
    kept = re.fullmatch(
        rf"error: the dataset {re.escape(str(dataset))} could not be written \({re.escape(str(run))}/documents"
        r"\.parquet/x: No space left on device\); the previous dataset, if any, is left as it was; (\d+) plans? "
        rf"extracted so far kept in {re.escape(str(run))}/: free some space and run the same command again to "
        r"resume", one_error_line(r))
    assert kept, r.stderr
    assert snapshot_bytes(dataset) == before
    assert not (run / "documents.parquet").exists() and list((run / "flush").glob("documents-*.arrow"))
    r = kehoach(*args)
    assert r.returncode == 0, r.stderr
    manifest = json.loads((dataset / "manifest.json").read_text(encoding="utf-8"))
    n = int(kept.group(1))
    assert n >= 1 and manifest["files"] == 3
    assert (manifest["run"]["resumed"], manifest["run"]["extracted"]) == (n, 0)
    assert sorted(d["source_path"] for d in documents(dataset)) == sorted([PLAN.name, OTHER.name, "new.txt"])


def test_verbose_and_the_log_file_say_each_decision_with_its_time(dataset, tmp_path):
    plans = tmp_path / "plans"
    (plans / "[final] new.txt").write_bytes(PLAN.read_bytes() + "\nThêm.\n".encode())
    (plans / "notes.xls").write_bytes(b"x")
    log = tmp_path / "run.log"
    r = kehoach("extract", plans, "-o", dataset, "-v", "--log-file", log, *FAST)
    assert r.returncode == 0, r.stderr
    said = r.stderr.splitlines()
    assert "skip notes.xls: not a plan file type (.xls)" in said
    assert {f"keep {PLAN.name}: already in the dataset (same content, same extractor version)",
            f"keep {OTHER.name}: already in the dataset (same content, same extractor version)"} <= set(said)
    assert any(re.fullmatch(r"read \[final\] new\.txt: ok in \d+\.\d\d s", ln) for ln in said), said
    assert "━" not in r.stderr  # no progress bar drawn over the lines
    lines = log.read_text(encoding="utf-8").splitlines()
    assert any(re.fullmatch(r"\d{4}-\d\d-\d\d [\d:,]+ INFO read \[final\] new\.txt: ok in \d+\.\d\d s", ln)
               for ln in lines), lines
    stages = [ln for ln in lines if " DEBUG   stages of [final] new.txt: " in ln]
    assert len(stages) == 1 and re.search(r"load [\d.]+ s, normalize [\d.]+ s, .*citations [\d.]+ s", stages[0])
    r = kehoach("extract", plans, "-o", dataset, "--log-file", tmp_path / "no" / "such" / "x.log", *FAST)
    assert r.returncode == 2
    assert one_error_line(r) == (f"error: the log file {tmp_path / 'no' / 'such' / 'x.log'} cannot be written (No "
                                 "such file or directory); nothing was read or written")
