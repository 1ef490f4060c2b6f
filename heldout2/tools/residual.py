"""List date-like and number-like spans of a document with the gold entries whose surface covers them."""
import json, os, re, sys
sys.path.insert(0, os.path.dirname(__file__))
from common import norm, ROOT

for stem in sys.argv[1:]:
    text = norm(open(os.path.join(ROOT, "docs", stem + ".txt"), encoding="utf-8").read())
    g = json.load(open(os.path.join(ROOT, "gold", stem + ".json"), encoding="utf-8"))
    spans = []
    for k in ("citations", "targets", "dates"):
        for e in g[k]:
            s = e["surface"]; i = text.find(s)
            while i >= 0:
                spans.append((i, i + len(s), k[0])); i = text.find(s, i + 1)
    print("==", stem)
    for m in re.finditer(r"(?i)(quý [IV]+/\d{4}|tháng \d{1,2}(?:/\d{4})?|\d+(?:[.,]\d+)*(?:/\d+)*(?:%|‰)?)", text):
        a, b = m.span()
        cov = sorted({k for x, y, k in spans if x <= a and b <= y})
        if not cov:
            print(f"  {m.group():>14}  …{text[max(0,a-40):b+30]}…")
