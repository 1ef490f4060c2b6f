"""Names and reasons as text a person can read and a table can hold: file names with bytes
that are not UTF-8 (``name_of``), printed on one line (``literal``), text made valid Unicode
(``valid_text``), error reasons as one line (``one_line``) and an unexpected exception as a
reason a person can act on (``internal``).  Used by the worker, the records, the engine and the
command line.
"""
from __future__ import annotations

import re

_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")
_SURROGATE = re.compile(r"[\ud800-\udfff]")
_NOT_ESCAPED = re.compile(r"[\ud800-\udc7f\udd00-\udfff]")
_PAIR = re.compile(r"[\ud800-\udbff][\udc00-\udfff]")


def name_of(s: str) -> str:
    """A file name (or path) as valid Unicode text: the bytes that are not UTF-8 (kept by Python
    as lone surrogates, ``surrogateescape``) written ``\\xNN``, so two names stay two names."""
    if not _SURROGATE.search(s):
        return s
    s = _NOT_ESCAPED.sub("\ufffd", s)  # surrogates that no byte gave: not a name's, replaced
    return s.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def literal(s: str) -> str:
    """``name_of`` with the control characters (a newline, an escape sequence) written as
    ``\\xNN`` as well: a name that prints as one line and changes nothing on a terminal."""
    s = name_of(s)
    return _CONTROL.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), s) if _CONTROL.search(s) else s


def valid_text(s: str) -> str:
    """Text made valid Unicode: a UTF-16 surrogate pair split into two code points (a PDF
    reader's character beyond the BMP) joined into its character, a lone half replaced by
    U+FFFD."""
    if not _SURROGATE.search(s):
        return s
    s = _PAIR.sub(lambda m: m.group().encode("utf-16-le", "surrogatepass").decode("utf-16-le"), s)
    return _SURROGATE.sub("\ufffd", s)


def same_length_text(s: str | None) -> str | None:
    """Lone surrogates replaced by U+FFFD, one for one (offsets into the text stay true)."""
    return _SURROGATE.sub("\ufffd", s) if s and _SURROGATE.search(s) else s


def one_line(reason: str | None, limit: int = 400) -> str | None:
    """An error text as one line of valid Unicode, no control characters, at most ``limit``
    characters."""
    if reason is None:
        return None
    s = literal(" ".join(name_of(reason).split()))
    return s if len(s) <= limit else s[:limit - 1] + "…"


TOO_LARGE = ("too large: reading it needs more memory than a worker may use (KEHOACH_WORKER_MEMORY_MB); "
             "check that it is a plan, or split it")


def internal(e: BaseException) -> str:
    """An unexpected exception as a reason a person can act on, in one line (no raw dump)."""
    if isinstance(e, MemoryError):
        return TOO_LARGE
    if isinstance(e, RecursionError):
        return "it is nested too deeply to be read"
    detail = one_line(str(e), 160) if str(e).strip() else ""
    return f"an internal error in kehoach ({type(e).__name__}{': ' + detail if detail else ''}); " \
        "please report it with the file"
