"""Make the Word 97–2003 fixtures: ``fixtures/doc/<stem>.doc`` from every ``corpus/<stem>.docx``.

LibreOffice saves each corpus rendition in the old binary format (the "MS Word 97" filter), as
an office that still works in .doc would send it; kehoach reads them back through LibreOffice
(``pipeline/read/office.py``). Run: ``.venv/bin/python scripts/make_doc.py`` (needs ``soffice``).
"""
from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "fixtures" / "doc"


def main() -> int:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice:
        raise SystemExit("soffice not found: apt-get install -y --no-install-recommends libreoffice-writer-nogui")
    OUT.mkdir(parents=True, exist_ok=True)
    sources = sorted((ROOT / "corpus").glob("*.docx"))
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run([soffice, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to",
                        "doc:MS Word 97", "--outdir", str(OUT), *map(str, sources)],
                       check=True, capture_output=True, timeout=600)
    for src in sources:
        print(f"corpus/{src.name} -> fixtures/doc/{src.stem}.doc")
    return 0


if __name__ == "__main__":
    sys.exit(main())
