"""Which files a run reads: ``survey`` and ``discover`` walk the inputs (regular files only,
links only inside the inputs, the ``--include``/``--exclude`` globs), ``SUFFIXES``/``FORMATS``
name the file types read, and ``doc_id_of`` is a file's content hash.
"""
from __future__ import annotations

import fnmatch
import hashlib
import os
import stat
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.run.names import literal, name_of

SUFFIXES = {".txt", ".md", ".docx", ".docm", ".dotx", ".pdf", ".doc", ".odt", ".rtf", ".html", ".htm", ".png",
            ".jpg", ".jpeg", ".tif", ".tiff"}
# .odt and .rtf are read through LibreOffice as .doc files are (the contract's formats have no
# name of their own for them); .docm/.dotx are Word's OOXML
FORMATS = {".txt": "txt", ".md": "md", ".docx": "docx", ".docm": "docx", ".dotx": "docx", ".pdf": "pdf",
           ".doc": "doc", ".odt": "doc", ".rtf": "doc", ".html": "html", ".htm": "html", ".png": "image",
           ".jpg": "image", ".jpeg": "image", ".tif": "image", ".tiff": "image"}


def _selected(rel: str, include: Sequence[str], exclude: Sequence[str]) -> bool:
    """Glob patterns match the path relative to its INPUT (``*`` also crosses ``/``) or the
    file name: ``--include '*.pdf' --exclude 'drafts/*'``."""
    return _why_not_selected(rel, include, exclude) is None


def _why_not_selected(rel: str, include: Sequence[str], exclude: Sequence[str]) -> str | None:
    name = rel.rsplit("/", 1)[-1]

    def hit(pattern: str) -> bool:
        return fnmatch.fnmatchcase(rel, pattern) or fnmatch.fnmatchcase(name, pattern)

    if include and not any(map(hit, include)):
        return "not matched by --include " + " ".join(include)
    for pattern in exclude:
        if hit(pattern):
            return f"excluded by --exclude {pattern}"
    return None


@dataclass
class Survey:
    """What ``survey`` found under the inputs: the files to read, as ``(path, rel)``, and the
    entries left out, as ``(path, reason)``; ``missing``: inputs that do not exist."""
    files: list[tuple[Path, str]] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)


def _inside(target: Path, roots: Sequence[Path]) -> bool:
    return any(target == r or r in target.parents for r in roots)


def _kind(mode: int) -> str:
    for test, what in ((stat.S_ISFIFO, "a named pipe (FIFO)"), (stat.S_ISSOCK, "a socket"),
                       (stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device"),
                       (stat.S_ISDIR, "a folder")):
        if test(mode):
            return what
    return "not a regular file"


def survey(inputs: Iterable[Path], include: Sequence[str] = (), exclude: Sequence[str] = (),
           hidden: bool = False) -> Survey:
    """Every file under ``inputs`` and whether it is read (see ``discover``).  Only regular
    files are read: a named pipe, socket or device is skipped (reading one could hang or never
    end), and a symbolic link is followed only when it leads to a regular file inside one of
    the input folders (a link to ``/etc/passwd`` is not read).  Folders are searched
    recursively without following links.  Each entry left out is listed with why;
    ``hidden``: list hidden files and folders (``.x``, ``~$x``) too (``kehoach extract --list``)."""
    out = Survey()
    inputs = [Path(p) for p in inputs]
    roots = []
    for inp in inputs:
        try:
            roots.append(inp.resolve())
        except (OSError, RuntimeError):
            pass

    def skip(rel, why: str) -> None:
        out.skipped.append((name_of(str(rel)), why))

    for inp in inputs:
        try:
            st = inp.stat()  # an input named on the command line is followed, wherever it leads
        except FileNotFoundError:
            if inp.is_symlink():
                skip(inp, "a link to something that does not exist")
            else:
                out.missing.append(name_of(str(inp)))
            continue
        except OSError as e:
            skip(inp, f"cannot be read ({e.strerror or e})")
            continue
        if stat.S_ISDIR(st.st_mode):
            def walk_error(e: OSError, inp=inp) -> None:
                try:
                    where = Path(e.filename).relative_to(inp).as_posix()
                except (TypeError, ValueError):
                    where = str(inp)
                skip(where, f"a folder that cannot be read ({e.strerror or e})")

            for root, dirs, files in os.walk(inp, onerror=walk_error):
                here = Path(root)
                keep = []
                for d in sorted(dirs):
                    rel = (here / d).relative_to(inp).as_posix()
                    if (here / d).is_symlink():
                        skip(rel, "a link to a folder: links to folders are not followed")
                    elif d.startswith("."):
                        if hidden:
                            skip(rel + "/", "a hidden folder")
                    else:
                        keep.append(d)
                dirs[:] = keep
                for name in sorted(files):
                    p = here / name
                    rel = p.relative_to(inp).as_posix()
                    if name.startswith((".", "~$")):
                        if hidden:
                            skip(rel, "a hidden file (or an Office lock file)")
                        continue
                    if p.suffix.lower() not in SUFFIXES:
                        skip(rel, f"not a plan file type ({p.suffix.lower() or 'no extension'})")
                        continue
                    why = _why_not_selected(name_of(rel), include, exclude)
                    if why:
                        skip(rel, why)
                        continue
                    why = _not_readable(p, roots)
                    if why:
                        skip(rel, why)
                        continue
                    out.files.append((p, name_of(rel)))
        else:
            rel = name_of(inp.name)
            why = _why_not_selected(rel, include, exclude)
            if why is None and not stat.S_ISREG(st.st_mode):
                why = f"{_kind(st.st_mode)}, not a regular file: not read"
            if why:
                skip(str(inp), why)
            else:
                out.files.append((inp, rel))
    return out


def _not_readable(p: Path, roots: Sequence[Path]) -> str | None:
    """Why a file found in a folder is not read, or None: it must be a regular file, or a link
    to a regular file inside the input folders."""
    try:
        st = p.lstat()
    except OSError as e:
        return f"cannot be read ({e.strerror or e})"
    if stat.S_ISLNK(st.st_mode):
        try:
            target = p.resolve(strict=True)
        except (OSError, RuntimeError):
            return "a link to something that does not exist (or a loop of links)"
        if not _inside(target, roots):
            return f"a link to {literal(str(target))}, outside the input folders: not followed"
        try:
            st = target.stat()
        except OSError as e:
            return f"cannot be read ({e.strerror or e})"
    if not stat.S_ISREG(st.st_mode):
        return f"{_kind(st.st_mode)}, not a regular file: not read"
    return None


def discover(inputs: Iterable[Path], include: Sequence[str] = (), exclude: Sequence[str] = ()
             ) -> Iterator[tuple[Path, str]]:
    """(file, path relative to the INPUT it was found under) in a stable order; folders are
    searched recursively, hidden files and folders skipped, and the globs applied (see
    ``_selected``).  A file named on the command line is taken whatever its suffix.  Only
    regular files are read, and links only inside the inputs (``survey`` says why the others
    are left out)."""
    yield from survey(inputs, include, exclude).files


def doc_id_of(path: Path) -> str:
    """The first 16 hex digits of the file's SHA-256 (of its path, when it cannot be read).
    Opened without blocking and hashed only if it is a regular file: a named pipe put in
    place of a file after discovery cannot hang the run here."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError:
        return hashlib.sha256(os.fsencode(str(path))).hexdigest()[:16]
    try:
        with os.fdopen(fd, "rb") as fh:
            if not stat.S_ISREG(os.fstat(fh.fileno()).st_mode):
                return hashlib.sha256(os.fsencode(str(path))).hexdigest()[:16]
            h = hashlib.sha256()
            for chunk in iter(lambda: fh.read(1 << 20), b""):  # in chunks: bounded memory
                h.update(chunk)
            return h.hexdigest()[:16]
    except OSError:
        return hashlib.sha256(os.fsencode(str(path))).hexdigest()[:16]
