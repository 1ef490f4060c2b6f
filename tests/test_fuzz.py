"""The fuzz target (fuzz/run.py, fuzz/mutate.py): a short deterministic campaign, and the target
itself checked to see a crash, a slow input and a reproducer."""
from __future__ import annotations

import json
import random
import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("hypothesis")

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from fuzz import mutate, run  # noqa: E402


@pytest.fixture(scope="module")
def seeds():
    return mutate.load_seeds()


@pytest.mark.parametrize("maker, suffixes, magic", [
    (mutate.make_txt, {".txt", ".md"}, None),
    (mutate.make_html, {".html", ".htm"}, None),
    (mutate.make_docx, {".docx", ".docm"}, b"PK"),
    (mutate.make_pdf, {".pdf", ".txt"}, None),
    (mutate.make_whole, {".txt", ".html", ".docx", ".pdf"}, None),
])
def test_each_maker_makes_inputs_of_its_format(seeds, maker, suffixes, magic):
    rnd = random.Random(5)
    sizes = set()
    for _ in range(30):
        done = []
        suffix, data = maker(rnd, seeds, done)
        assert suffix in suffixes and isinstance(data, bytes)
        sizes.add(len(data))
        if magic and not any(d in done for d in ("docx:7", "docx:8")):  # unbroken zips begin as zips
            assert data.startswith(magic)
    assert len(sizes) > 10  # mutated, not the same input again


def test_text_fragments_are_small_and_from_the_corpus(seeds):
    rnd = random.Random(9)
    lengths = [len(mutate.make_txt(rnd, seeds, [])[1]) for _ in range(200)]
    assert sorted(lengths)[100] < 8000  # most inputs are fragments: a campaign of 100,000 fits in an hour


def test_odd_text_mutations_put_in_what_they_say(seeds):
    rnd = random.Random(3)
    assert any(ord(c) > 0xFFFF for _ in range(20) for c in mutate.m_odd(rnd, "Căn cứ Luật", seeds))
    assert b"\xed\xa0\xbd" in mutate._cesu("a\U0001F600b").encode("utf-8", "surrogatepass")
    assert "9" * 40 in "".join(mutate.m_number(rnd, "đạt 50%", seeds) for _ in range(200))


def test_the_target_counts_an_exception_that_escapes(tmp_path, monkeypatch):
    import pipeline.run.worker

    def broken(path, rel, max_bytes=None, ctx=None):
        raise ValueError("escaped")

    monkeypatch.setattr(pipeline.run.worker, "extract_record", broken)
    outcome, wall, cpu, detail, rec = run.run_one(b"KE HOACH", ".txt", tmp_path)
    assert outcome == "uncaught" and rec is None and "ValueError: escaped" in detail


def test_the_target_stops_an_input_at_the_watchdog(tmp_path, monkeypatch):
    import signal
    import time

    import pipeline.run.worker

    def hangs(path, rel, max_bytes=None, ctx=None):
        try:
            time.sleep(5)
        except Exception:  # noqa: BLE001 - the pipeline's own handlers must not swallow it
            pass
        return None

    monkeypatch.setattr(pipeline.run.worker, "extract_record", hangs)
    monkeypatch.setattr(run, "WATCHDOG_S", 1)
    old = signal.signal(signal.SIGALRM, run._alarm)
    try:
        outcome, wall, _, _, _ = run.run_one(b"x", ".txt", tmp_path)
    finally:
        signal.signal(signal.SIGALRM, old)
    assert outcome == "watchdog" and wall < 4


def test_a_short_campaign_finds_nothing(tmp_path):
    """200 inputs, seed 1, one worker: no exception escapes, none over 10 s, under 1 GB."""
    out = tmp_path / "results.json"
    p = subprocess.run([sys.executable, "-m", "fuzz.run", "-n", "200", "--workers", "1", "--seed", "1",
                        "--out", str(out), "--crashes", str(tmp_path / "crashes")],
                       cwd=ROOT, capture_output=True, text=True, timeout=600)
    res = json.loads(out.read_text(encoding="utf-8"))
    assert res["count"] == 200, p.stderr[-2000:]
    assert (res["uncaught"], res["slow_over_10s"], res["watchdog_over_60s"]) == (0, 0, 0), res["findings"][:5]
    assert max(res["peak_rss_mb_per_worker"]) < 1024
    assert set(res["formats"]) == {"txt", "html", "docx", "pdf", "whole"}
    assert p.returncode == 0, p.stdout[-2000:] + p.stderr[-2000:]


def test_replay_runs_a_saved_input(tmp_path):
    f = tmp_path / "input.txt"
    f.write_bytes("KẾ HOẠCH\nThực hiện công tác bình đẳng giới năm 2025\n\xa0".encode("utf-8") + b"\xed\xa0\x80")
    p = subprocess.run([sys.executable, "-m", "fuzz.run", "--replay", str(f)], cwd=ROOT, capture_output=True,
                       text=True, timeout=300)
    assert p.returncode == 0, p.stdout + p.stderr
    assert f"{f}: ok in" in p.stdout


# --------------------------------------------------------------------------- what the campaign found
# Each kind of input the fuzz campaign of 2026-12-05 found, rebuilt here (no fuzz file is kept).

def _extract(tmp_path, name: str, data: bytes):
    from pipeline.run.worker import extract_file

    p = tmp_path / name
    p.write_bytes(data)
    return extract_file(p, name)


@pytest.mark.parametrize("control", ["\x00", "\x0c", "\x1b", "\x08"])
def test_a_portal_page_with_a_control_character_is_read(tmp_path, control):
    """lxml parses a NUL or a form feed in a page, then refuses it when the tree is edited: the
    page was an error row "internal error (ValueError: All strings must be XML compatible …)"."""
    page = ("<html><head><meta charset='utf-8'></head><body><nav>Trang chủ</nav><div>"
            f"<p>KẾ HOẠCH</p><p>Thực hiện công tác bình đẳng giới{control} năm 2025</p>"
            f"<p>Phấn đấu 100% xã{control}, phường có cán bộ làm công tác bình đẳng giới.</p>"
            "</div><script>var x = 1;</script></body></html>")
    ex = _extract(tmp_path, "trang.html", page.encode("utf-8"))
    assert ex.status != "error" and "internal error" not in (ex.error or "")
    assert "bình đẳng giới" in ex.doc.text


@pytest.mark.parametrize("text", [
    "Căn cứ Chương trình ①①① quốc gia về bình đẳng giới giai đoạn 2021 - 2030;\n",  # the campaign's
    "Thực hiện Kế hoạch ²/KH-UBND ngày 10/3/2024 của Ủy ban nhân dân tỉnh;\n",  # another digit, another type
])
def test_a_document_name_followed_by_a_digit_sign_is_no_internal_error(tmp_path, text):
    """A token that begins with a character ``str.isdigit`` accepts but the number pattern does
    not read (①, ²): citations failed with AttributeError on ``None.group``."""
    ex = _extract(tmp_path, "kh.txt", ("KẾ HOẠCH\nThực hiện công tác bình đẳng giới năm 2025\n" + text).encode())
    assert "internal error" not in (ex.error or ""), ex.error


@pytest.mark.parametrize("folded, pos, bounds", [
    ("1. muc tieu. phan dau dat 60% so xa.", 13, (13, 35)),  # "1." is numbering, "tieu." a stop
    ("2.1. ty le nu dat 30%. con lai", 5, (0, 21)),  # "2.1." is numbering: the sentence starts at 0
    ("a. b. c. d", 9, (9, 10)),
])
def test_sentence_bounds_keep_numbering_apart(folded, pos, bounds):
    from extractors import targets

    assert targets._sentence_bounds(folded, 0, len(folded), pos) == bounds


def test_sentence_bounds_are_linear_in_a_long_paragraph():
    """One paragraph of many stops (a plan joined into one line): the bounds looked back to the
    paragraph's start at every stop, for every target in it (7 s for one 29 KB fuzz input)."""
    import time

    from extractors import targets

    folded = "phan dau dat 60% so xa. " * 4000  # 96 KB, 4,000 stops
    t = time.process_time()
    for _ in range(5):
        s, e = targets._sentence_bounds(folded, 0, len(folded), len(folded) - 3)
    assert time.process_time() - t < 2.0
    assert (s, e) == (len(folded) - 24, len(folded) - 2)


@pytest.mark.parametrize("sentence", [
    # the campaign's: a plan typed without diacritics
    "- Bao cao đinh ky, đot xuat ket qua cong tac binh đang gioi theo yeu cau cua Thanh pho; "
    "đe xuat khen thuong đoi voi tap the, ca nhan.",
    "Phong Noi vu tong hop, bao cao theo yeu cau cua UBND tinh truoc ngay 15/12 hang nam.",
])
def test_an_unaccented_opener_is_no_internal_error(tmp_path, sentence):
    """``yeu cau`` matched the openers' pattern but is no key of their table: assignments failed
    with KeyError."""
    text = "KẾ HOẠCH\nThực hiện công tác bình đẳng giới năm 2025\nIII. TỔ CHỨC THỰC HIỆN\n" + sentence + "\n"
    ex = _extract(tmp_path, "kh.txt", text.encode())
    assert "internal error" not in (ex.error or ""), ex.error


@pytest.mark.parametrize("paragraph", [
    "c\x06" * 30000,  # the campaign's: a UTF-16 file read as 8-bit text, one character a token
    "Phấn đấu đạt 60% số xã có cán bộ nữ. " * 1500,  # a plan joined into one line
])
def test_a_long_paragraph_goes_to_underthesea_in_pieces(monkeypatch, paragraph):
    """underthesea keeps ~10 KB of features a token: one 60,000-character paragraph took 400 MB
    (a worker peaked at 1,034 MB). It is given in pieces, and every character is still covered."""
    import underthesea

    from pipeline.text import tokenize

    real, sizes = underthesea.word_tokenize, []

    def spy(text, **kw):
        sizes.append(len(text))
        return real(text, **kw)

    monkeypatch.setattr(underthesea, "word_tokenize", spy)
    words = tokenize._words(paragraph)
    assert max(sizes) <= tokenize._CHUNK and sum(sizes) == len(paragraph)
    assert "".join(w.replace(" ", "") for w in words) == paragraph.replace(" ", "")


# The campaign's two largest memory jumps (339 -> 904 MB and 316 -> 1,142 MB in a worker): a DOCX
# whose one paragraph holds a date repeated 2,000 times ("giai đoạn 2021-2025" before a 2026
# plan), each a stale flag, and each flag quoted the whole 40,000-character "sentence".
_DATES_DOCX = r'''
import io, json, resource, sys, zipfile
from pathlib import Path
from xml.sax.saxutils import escape

from docx import Document

from pipeline.run import worker
from pipeline.run.records import record_of

worker._warm()  # as a worker of kehoach extract and of the campaign: models loaded, memory capped
buf = io.BytesIO()
Document().save(buf)
with zipfile.ZipFile(buf) as z:
    parts = {n: z.read(n) for n in z.namelist()}
paras = ["KẾ HOẠCH", "Thực hiện công tác bình đẳng giới năm 2026", "II. NHIỆM VỤ",
         "Nhân các ngày kỷ niệm " + "giai đoạn 2021-2025\n" * 2000 + "xã tổ chức các hoạt động hưởng ứng."]
body = "".join(f'<w:p><w:r><w:t xml:space="preserve">{escape(p)}</w:t></w:r></w:p>' for p in paras)
xml = parts["word/document.xml"].decode()
i = xml.index("<w:body>") + len("<w:body>")
parts["word/document.xml"] = (xml[:i] + body + xml[i:]).encode()
out = io.BytesIO()
with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
    for n, d in parts.items():
        z.writestr(n, d)
path = Path(sys.argv[1]) / "dates.docx"
path.write_bytes(out.getvalue())
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
ex = worker.extract_file(path, path.name)
rec = record_of(ex)  # the rows a worker sends to the writer
grew = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before
print(json.dumps({"status": ex.status, "error": ex.error, "rows": rec.counts.get("staleness"),
                  "sentences": [f.sentence for f in ex.staleness[:: 100]],
                  "surfaces_in": all(f.surface in f.sentence for f in ex.staleness),
                  "longest": max((len(f.sentence) for f in ex.staleness), default=0), "grew_mb": grew / 1024}))
'''


def test_thousands_of_stale_dates_in_one_paragraph_stay_small(tmp_path):
    """Each of the 2,000 flags quoted its 40,000-character sentence: 600 MB more in a worker
    (1.1 GB in all).  A sentence over ``MAX_SENTENCE`` is quoted as a window around the date;
    every flag is still found.  Measured in a fresh process, by its peak resident memory."""
    from extractors.staleness import MAX_SENTENCE

    p = subprocess.run([sys.executable, "-c", _DATES_DOCX, str(tmp_path)], cwd=ROOT, capture_output=True,
                       text=True, timeout=600)
    assert p.returncode == 0, p.stderr[-2000:]
    res = json.loads(p.stdout.strip().splitlines()[-1])
    assert res["status"] != "error" and res["rows"] == 2000, res["error"]
    assert res["surfaces_in"] and res["longest"] <= MAX_SENTENCE + 2  # the window and its two "…"
    assert all(s.endswith("…") and "giai đoạn 2021-2025" in s for s in res["sentences"])
    assert res["grew_mb"] < 150, res["grew_mb"]  # it grew by 600 MB before


def test_a_long_sentence_is_quoted_around_its_date():
    from extractors.staleness import MAX_SENTENCE, quoted

    short = "Tổ chức Tháng hành động năm 2023 tại xã."
    assert quoted(short, 0, len(short), 24, 32) == short  # a plan's sentence, whole
    text = "a " * 3000 + "năm 2023" + " b" * 3000
    s = text.index("năm 2023")
    q = quoted(text, 0, len(text), s, s + 8)
    assert q.startswith("…a ") and q.endswith(" b…") and "năm 2023" in q and len(q) <= MAX_SENTENCE + 2
    head = quoted(text, 0, len(text), 0, 1)  # at the start: the window runs on to the right
    assert not head.startswith("…") and head.endswith("…") and len(head) >= MAX_SENTENCE - 2
