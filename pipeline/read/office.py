"""Word 97–2003 ``.doc``, OpenDocument ``.odt`` and Rich Text ``.rtf`` files, read by converting
them to ``.docx`` with LibreOffice headless.

``soffice --headless --convert-to docx`` runs in a temporary folder with a LibreOffice profile
of its own (one per reading process, made on first use and kept by its owner, a
``pipeline.read.context.ReadContext``, so conversions do not wait on a desktop session's profile
lock); the ``.docx`` it writes is read by the DOCX loader. Without LibreOffice
the file gets an error that says what to install.
"""
from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

from pipeline.models import LoadError
from pipeline.read.context import ReadContext

INSTALL = "apt-get install libreoffice-writer-nogui"
TIMEOUT_S = 100  # below the batch's default per-document limit, so a stuck conversion says so
_WORD_STREAM = "WordDocument".encode("utf-16-le")


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def is_word_document(data: bytes) -> bool:
    """An OLE compound file holding a ``WordDocument`` stream (not Excel, PowerPoint, Outlook)."""
    return _WORD_STREAM in data


PROFILE_PREFIX = "kehoach-lo-profile-"


def new_profile() -> str:
    """A LibreOffice profile folder for this process, ``kehoach-lo-profile-<pid>-…`` in the
    temporary folder, after sweeping the profiles of processes that no longer exist (a
    ``kill -9``)."""
    sweep_profiles()
    return tempfile.mkdtemp(prefix=f"{PROFILE_PREFIX}{os.getpid()}-")


def _profile_dir(ctx: ReadContext) -> str:
    """``ctx``'s LibreOffice profile (``new_profile``), made on first use.  Removed when ``ctx``
    is closed: a worker's when the worker ends, however it ends (``pipeline.run.pool``); a
    worker killed for its time limit has its profile removed by the pool (``remove_profiles``);
    and the profiles of processes that no longer exist are swept when the next one is made."""
    return ctx.office_profile(new_profile)


def _profiles() -> list[tuple[int, Path]]:
    """(pid, folder) of this user's profiles in the temporary folder."""
    out = []
    for d in Path(tempfile.gettempdir()).glob(f"{PROFILE_PREFIX}*"):
        pid = d.name[len(PROFILE_PREFIX):].split("-", 1)[0]
        try:
            if pid.isdigit() and d.is_dir() and not d.is_symlink() and d.stat().st_uid == os.getuid():
                out.append((int(pid), d))
        except OSError:
            continue
    return out


def remove_profiles(pid: int) -> None:
    """Remove the profile of process ``pid`` (a worker that was killed)."""
    for owner, d in _profiles():
        if owner == pid:
            shutil.rmtree(d, ignore_errors=True)


def sweep_profiles() -> None:
    """Remove the profiles left by processes that no longer exist."""
    for pid, d in _profiles():
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            shutil.rmtree(d, ignore_errors=True)
        except OSError:
            pass


KINDS = {"doc": "a Word 97–2003 .doc", "odt": "an OpenDocument .odt", "rtf": "a Rich Text .rtf"}


def is_odt(data: bytes) -> bool:
    """A ZIP whose first member is ``mimetype`` naming an OpenDocument text (or its template)."""
    return data.startswith(b"PK\x03\x04") and b"application/vnd.oasis.opendocument.text" in data[:200]


def to_docx(path: Path, data: bytes, timeout: float = TIMEOUT_S, kind: str = "doc",
            ctx: ReadContext | None = None) -> bytes:
    """The ``.docx`` bytes LibreOffice makes of a ``.doc`` (or ``kind`` ``odt``, ``rtf``), with
    ``ctx``'s profile (without ``ctx``: a profile for this call only); ``LoadError`` when it
    cannot."""
    what = KINDS.get(kind, f"a .{kind} file")
    exe = soffice()
    if not exe:
        raise LoadError(f"{path.name}: {what}; reading it needs LibreOffice, which is not "
                        f"installed: {INSTALL} (or convert it elsewhere to .docx)")
    if ctx is None:
        with ReadContext() as own:
            return to_docx(path, data, timeout, kind, own)
    with tempfile.TemporaryDirectory(prefix="kehoach-doc-") as tmp:
        src = Path(tmp) / f"input.{kind}"
        src.write_bytes(data)
        cmd = [exe, f"-env:UserInstallation=file://{_profile_dir(ctx)}", "--headless", "--norestore",
               "--convert-to", "docx:MS Word 2007 XML", "--outdir", tmp, str(src)]
        from pipeline.read.children import die_with_parent

        proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                stdin=subprocess.DEVNULL, start_new_session=True,
                                preexec_fn=die_with_parent)  # noqa: PLW1509 - one prctl, no locks
        try:
            out, _ = proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.communicate()
            raise LoadError(f"{path.name}: LibreOffice did not finish converting the .{kind} within "
                            f"{timeout:.0f} s; the file may be damaged, or open and re-save it as .docx") from None
        target = Path(tmp) / "input.docx"
        if proc.returncode != 0 or not target.exists():
            said = " ".join(out.decode("utf-8", "replace").split())[-200:]
            raise LoadError(f"{path.name}: LibreOffice could not convert the .{kind} (damaged or "
                            f"password-protected?){': ' + said if said else ''}")
        return target.read_bytes()
