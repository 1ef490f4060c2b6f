"""The report's comparison pages, one plan beside another (each plan read in the file that
stands for it): the overview (``index.html``), citations, targets, responsibilities, timeline,
staleness and reuse.  Each shows the dataset's rows as charts with their tables and CSV files;
what is counted or grouped here is presentation, the facts are the dataset's.
"""
from __future__ import annotations

import re
from collections import Counter, defaultdict

import pandas as pd

from pipeline.analyse.report_data import Context, period_of
from pipeline.analyse.report_site import Page, Raw, Site, bar_chart, esc, link, page_href, table

DOMAINS = ("politics", "economy_labor", "family_gbv", "health", "education", "information", "governance", "other")
# how reuse is found (extractors/reuse.py MIN_WORDS, K, THRESHOLD), for the reuse page's note
# (tests/test_report.py checks that they agree)
REUSE_MIN_WORDS, REUSE_K, REUSE_THRESHOLD = 8, 5, 0.9


def edtf_range(value: str | None) -> tuple[str | None, str | None, str]:
    """(first day, last day, precision) of an EDTF value; (None, None, 'recurring') for XXXX."""
    if not value:
        return None, None, "none"
    if "XXXX" in value:
        return None, None, "recurring"
    parts = value.split("/")
    if len(parts) == 2:
        a, b = edtf_range(parts[0])[0], edtf_range(parts[1])[1]
        return a, b, "span"
    v = parts[0]
    if re.fullmatch(r"\d{4}", v):
        return f"{v}-01-01", f"{v}-12-31", "year"
    if re.fullmatch(r"\d{4}-\d{2}", v):
        y, m = int(v[:4]), int(v[5:])
        last = (pd.Timestamp(year=y, month=m, day=1) + pd.offsets.MonthEnd(0)).day
        return f"{v}-01", f"{v}-{last:02d}", "month"
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", v):
        return v, v, "day"
    return None, None, "unknown"



def overview(ctx: Context, site: Site) -> None:
    """``index.html``: the corpus at a glance and the list of plans."""
    plans, m = ctx.plans, ctx.manifest
    docs = ctx.t["documents"]
    p = Page(site, "index.html", "Overview")
    status = Counter(d["status"] for d in docs)
    flags = Counter(r["doc_id"] for r in ctx.t["staleness"] or [])
    p.add(f"<h1>Gender-equality plans: the corpus at a glance</h1>"
          f'<p class="note">Dataset <code>{esc(str(ctx.dataset))}</code> · kehoach {esc(m.get("tool_version", "?"))}, '
          f'schema {esc(m.get("schema_version", "?"))} · inputs: {esc(", ".join(m.get("inputs") or []))}. '
          f"A <b>plan</b> is the group of files with one <code>plan_id</code> (its renditions: the same text in several "
          f"formats); one rendition (txt first, then md, docx, html, pdf) stands for each plan on the comparison pages. "
          f"Every file has its own page.</p>"
          + ("" if plans.has_plan_ids else '<p class="flag">This dataset has no <code>plan_id</code> or no <code>plan_doc_id</code> '
             "(written by an older kehoach): each file is shown as its own plan. Run <code>kehoach extract</code> again.</p>"))
    p.add('<div class="cards">' + "".join(f'<div class="card"><b>{v}</b>{esc(k)}</div>' for k, v in [
        ("plans", len(plans.reps)), ("files", len(docs))] + [(f"files {k}", v) for k, v in sorted(status.items())]
        + [("stale-date flags (plans)", sum(flags[i] for i in plans.reps))]) + "</div>")

    rows = []
    for i in plans.reps:
        d = plans.docs[i]
        rend = Raw(" ".join(link(page_href(j), plans.docs[j]["source_format"]) for j in plans.renditions(i)))
        hit, n = ctx.shares.get(i, (0, 0))
        rows.append([link(page_href(i), plans.labels[i]), d.get("locality_level"), d.get("province"), period_of(d),
                     d.get("issue_date"), d.get("doc_symbol") or d.get("doc_number"), rend, flags[i],
                     f"{hit / n:.0%}" if n else ("none found" if ctx.reuse or not ctx.reuse_note else "—")])
    p.add('<h2>Plans</h2><div class="table-wrap">' + table(
        ["plan", "level", "province", "period", "issued", "symbol", "renditions", "stale dates", "reused sentences"],
        rows, num=(7, 8)) + "</div>")
    errors = [d for d in docs if d["status"] == "error"]
    if errors:
        p.add("<h3>Files that could not be read</h3>" + table(["file", "error"], [[link(page_href(d["doc_id"]), d["source_path"]), d["error"]] for d in errors]))

    rep_docs = [plans.docs[i] for i in plans.reps]
    for field, title, cid in (("province", "Plans per province", "c-province"), ("locality_level", "Plans per level", "c-level")):
        df = pd.DataFrame([{field: d.get(field) or "(unknown)"} for d in rep_docs])
        df = df.groupby(field).size().reset_index(name="plans").sort_values(["plans", field], ascending=[False, True]) if len(df) else pd.DataFrame(columns=[field, "plans"])
        p.chart(cid, title, "", bar_chart(df, field, field), table([field, "plans"], df.values.tolist(), num=(1,)), f"plans_per_{field}", df)

    yrs = []
    for i in plans.reps:
        d = plans.docs[i]
        a, b = d.get("period_start"), d.get("period_end") or d.get("period_start")
        for y in (range(a, b + 1) if a else [None]):
            yrs.append({"year": str(y) if y else "(unknown)", "plan": plans.labels[i]})
    df = pd.DataFrame(yrs)
    dfy = df.groupby("year").agg(plans=("plan", "count"), which=("plan", lambda s: "; ".join(s))).reset_index() if len(df) else pd.DataFrame(columns=["year", "plans", "which"])
    spec = {"data": {"values": dfy.to_dict("records")}, "mark": "bar", "width": 380, "height": 180,
            "encoding": {"x": {"field": "year", "type": "ordinal", "title": "year"},
                         "y": {"field": "plans", "type": "quantitative", "axis": {"tickMinStep": 1}},
                         "tooltip": [{"field": "year"}, {"field": "plans"}, {"field": "which"}]}}
    p.chart("c-year", "Plans per year", "A plan counts in every year of its period (a 2019–2020 plan in both).",
            spec, table(["year", "plans", "which"], dfy.values.tolist(), num=(1,)), "plans_per_year", dfy)

    df = pd.DataFrame([{"status": d["status"], "format": d["source_format"]} for d in docs])
    dfs = df.groupby(["status", "format"]).size().reset_index(name="files")
    spec = {"data": {"values": dfs.to_dict("records")}, "mark": "bar", "width": 380,
            "encoding": {"y": {"field": "status", "type": "nominal"}, "x": {"field": "files", "type": "quantitative", "axis": {"tickMinStep": 1}},
                         "color": {"field": "format", "type": "nominal"}, "tooltip": [{"field": "status"}, {"field": "format"}, {"field": "files"}]}}
    p.chart("c-status", "Files per status and format", "Status is per file: <code>ok</code>, <code>partial</code> (read with warnings), <code>error</code>.",
            spec, table(["status", "format", "files"], dfs.values.tolist(), num=(2,)), "files_per_status", dfs)
    site.write(p)


def _doc_label(c: dict) -> str:
    """A readable name of a cited document: type, number and catalogue title when known."""
    typ, num, title = c.get("type") or "", c.get("number") or "", c.get("catalogue_title")
    if title:
        head = " ".join(x for x in ((typ if not title.lower().startswith(typ.lower()) else ""), num) if x)
        return f"{head}: {title}" if head else title
    if c.get("name"):
        return " ".join(x for x in (c["name"], num) if x)
    return " ".join(x for x in (typ, num) if x) or c["cited_key"]


def _labels_by_key(rows: list[dict]) -> dict[str, str]:
    """One label per cited_key: the most informative one (with a number, then the longest)."""
    best: dict[str, str] = {}
    for c in rows:
        lab = _doc_label(c)
        k = c["cited_key"]
        cur = best.get(k)
        if cur is None or (bool(c.get("number")), len(lab)) > (any(ch.isdigit() for ch in cur), len(cur)):
            best[k] = lab
    return best


MENTION_BANDS = ("1", "2", "3–4", "5+")


def mention_band(n: int) -> str:
    """A count of mentions as one of a few classes (a legend of colours, not a scale)."""
    return "1" if n <= 1 else "2" if n == 2 else "3–4" if n <= 4 else "5+"


def citations(ctx: Context, site: Site) -> None:
    """``citations.html``: plans × cited documents."""
    plans = ctx.plans
    p = Page(site, "citations.html", "Citations")
    p.add("<h1>Citations: which plan cites which document</h1>"
          '<p class="note">One column per cited document (<code>cited_key</code>: the same document has the same key however it '
          "is written), one column per plan; the colour is the number of mentions (1, 2, 3–4, 5 or more). <b>Replaced</b> documents (catalogue status "
          "<code>replaced</code>) are outlined in red and marked ⚠ in the table; a cell marked ✕ is a plan that cites a "
          "document already replaced before the plan's own year (<code>cites_replaced</code>).</p>")
    rows = ctx.rep_rows("citations")
    labels = _labels_by_key(rows)
    agg: dict[tuple, dict] = {}
    for c in rows:
        k = (c["doc_id"], c["cited_key"])
        a = agg.setdefault(k, {"plan": plans.labels[c["doc_id"]], "doc_id": c["doc_id"], "cited_key": c["cited_key"],
                               "document": labels[c["cited_key"]], "catalogue_status": c.get("catalogue_status") or "not in catalogue",
                               "replaced_by": c.get("replaced_by"), "cites_replaced": False, "mentions": 0,
                               "relations": set()})
        a["mentions"] += 1
        a["cites_replaced"] = a["cites_replaced"] or bool(c.get("cites_replaced"))
        a["relations"].add(c["relation"])
    long = []
    for a in agg.values():
        long.append({**a, "relations": ", ".join(sorted(a["relations"])),
                     "replaced": a["catalogue_status"] == "replaced", "mark": "✕" if a["cites_replaced"] else ""})
    df = pd.DataFrame(long, columns=["plan", "doc_id", "cited_key", "document", "catalogue_status", "replaced_by",
                                     "replaced", "cites_replaced", "mark", "mentions", "relations"])
    if len(df):
        by_doc = df.groupby("cited_key").agg(plans=("plan", "nunique"), document=("document", "first")).reset_index()
        order = by_doc.sort_values(["plans", "document"], ascending=[False, True])["cited_key"].tolist()
        df["short"] = df["document"].str.slice(0, 48)
        # two documents with the same short label stay apart on the axis
        dup = df.groupby("short")["cited_key"].nunique()
        df.loc[df["short"].isin(dup[dup > 1].index), "short"] = df["short"] + " [" + df["cited_key"] + "]"
        df["order"] = df["cited_key"].map({k: n for n, k in enumerate(order)})
        df["band"] = df["mentions"].map(mention_band)
    else:
        df["short"], df["order"], df["band"] = [], [], []
    # documents down the side (long labels read horizontally, one row each), plans across the top
    enc_y = {"field": "short", "type": "nominal", "title": None, "sort": {"field": "order"},
             "axis": {"labelLimit": 330, "labelFontSize": 11}}
    enc_x = {"field": "plan", "type": "nominal", "title": None,
             "axis": {"orient": "top", "labelAngle": -90, "labelAlign": "left", "labelBaseline": "middle", "labelLimit": 220}}
    tooltip = [{"field": f} for f in ("plan", "document", "cited_key", "mentions", "relations", "catalogue_status", "replaced_by", "cites_replaced")]
    color = {"field": "band", "type": "ordinal", "title": "mentions",
             "scale": {"domain": list(MENTION_BANDS), "range": ["#c6dbef", "#6baed6", "#2171b5", "#08306b"]},
             "legend": {"title": "mentions", "orient": "top", "direction": "horizontal", "symbolType": "square"}}
    spec = {"data": {"values": df.drop(columns=["doc_id"]).to_dict("records")}, "width": {"step": 34}, "height": {"step": 22},
            "layer": [
                {"mark": {"type": "rect", "stroke": "#fff"},
                 "encoding": {"x": enc_x, "y": enc_y, "color": color, "tooltip": tooltip}},
                {"mark": {"type": "rect", "filled": False, "stroke": "#d00", "strokeWidth": 2},
                 "transform": [{"filter": "datum.replaced"}],
                 "encoding": {"x": enc_x, "y": enc_y, "tooltip": tooltip}},
                {"mark": {"type": "text", "color": "#b3003b", "fontWeight": "bold"},
                 "encoding": {"x": enc_x, "y": enc_y, "text": {"field": "mark"}}},
            ]}
    trs = []
    if len(df):
        for key, g in df.sort_values("order").groupby("order", sort=True):
            first = g.iloc[0]
            status = first["catalogue_status"] + (f" → {first['replaced_by']}" if pd.notna(first["replaced_by"]) else "")
            cited = "; ".join(f"{r.plan} ×{r.mentions}" + (" ✕" if r.cites_replaced else "") for r in g.itertuples())
            trs.append([("⚠ " if first["replaced"] else "") + first["document"], first["cited_key"], status, g["plan"].nunique(), cited])
    p.chart("c-cit", "Plans × cited documents", "", spec,
            table(["document", "cited_key", "catalogue status", "plans", "cited by (mentions)"], trs, num=(3,)),
            "citations_matrix", df.drop(columns=["short", "order", "band"], errors="ignore"))
    site.write(p)


COMPARATOR = {">=": "≥", "<=": "≤", "=": "="}
VS_NATIONAL = {"ahead": "#2e8b57", "same": "#7f7f7f", "behind": "#d62728", "opposite": "#9467bd", "differs": "#bcbd22",
               "no national value": "#4c78a8", "national strategy": "#000000"}


def targets(ctx: Context, site: Site) -> None:
    """``targets.html``: targets per strategy domain, beside the national values."""
    plans = ctx.plans
    p = Page(site, "targets.html", "Targets")
    p.add("<h1>Targets per strategy domain, beside the national figures</h1>"
          '<p class="note">Each point is a plan\'s target; the black diamond is the national strategy\'s value for the '
          "same indicator (<code>national_value</code>, from <code>extractors/rules/domains_national.yaml</code>) where it is "
          "known. Targets are lined up by the national indicator they restate (<code>national_indicator</code>), else by "
          "their own indicator. The colour says whether the plan is <b>ahead</b> of the national value or <b>behind</b> it "
          "(<code>targets.vs_national</code>), read with the comparators: under a floor (≥, <i>ít nhất</i>) a higher value "
          "is ahead, under a ceiling (≤, <i>dưới</i>) a lower one, so a local ≤ 50 % beside a national ≤ 30 % is behind "
          "even though it is drawn to the right. The chart shows percentages; the table lists every target, whatever its unit.</p>")
    rows = ctx.rep_rows("targets")
    recs = []
    for r in rows:
        ind = r.get("national_indicator") or r["indicator"]
        recs.append({"plan": plans.labels[r["doc_id"]], "domain": r["domain"], "indicator": ind[:70],
                     "plan_indicator": r["indicator"], "value": r["value"], "value_max": r.get("value_max"),
                     "unit": r["unit"], "unit_class": r.get("unit_class"), "comparator": r["comparator"],
                     "deadline": r.get("deadline"), "national_indicator": r.get("national_indicator"),
                     "national_value": r.get("national_value"), "national_comparator": r.get("national_comparator"),
                     "national_year": r.get("national_year"), "national_match": r.get("national_match"),
                     "vs_national": r.get("vs_national"),
                     "doc_id": r["doc_id"], "target_id": r["target_id"], "surface": r["surface"]})
    df = pd.DataFrame(recs, columns=["plan", "domain", "indicator", "plan_indicator", "value", "value_max", "unit", "unit_class",
                                     "comparator", "deadline", "national_indicator", "national_value", "national_comparator",
                                     "national_year", "national_match", "vs_national", "doc_id", "target_id", "surface"])
    pct = df[df["unit_class"] == "percent"]
    points = [{"domain": r.domain, "indicator": r.indicator, "who": r.plan, "value": r.value,
               "target": f"{COMPARATOR.get(r.comparator, r.comparator)} {r.value:g}%" + (f" by {r.deadline}" if r.deadline else ""),
               "national": False, "vs_national": r.vs_national if isinstance(r.vs_national, str) else "no national value"}
              for r in pct.itertuples()]
    nat = pct.dropna(subset=["national_value"]).drop_duplicates(["domain", "indicator", "national_value"])
    points += [{"domain": r.domain, "indicator": r.indicator, "who": "national strategy", "value": r.national_value,
                "target": f"{COMPARATOR.get(r.national_comparator, r.national_comparator or '')} {r.national_value:g}%"
                          + (f" by {int(r.national_year)}" if not pd.isna(r.national_year) else ""),
                "national": True, "vs_national": "national strategy"} for r in nat.itertuples()]
    spec = {"data": {"values": points},
            "facet": {"row": {"field": "domain", "type": "nominal", "title": None, "header": {"labelAngle": 0, "labelAlign": "left", "labelFontWeight": "bold"},
                              "sort": list(DOMAINS)}},
            "spec": {"width": 260, "height": {"step": 16},
                     "mark": {"type": "point", "filled": True, "size": 80, "opacity": 0.85},
                     "encoding": {"y": {"field": "indicator", "type": "nominal", "title": None, "axis": {"labelLimit": 230}},
                                  "x": {"field": "value", "type": "quantitative", "title": "%", "scale": {"domain": [0, 100]}},
                                  "color": {"field": "vs_national", "type": "nominal", "title": "the plan's target is",
                                            "legend": {"orient": "top", "columns": 4, "labelLimit": 260},
                                            "scale": {"domain": list(VS_NATIONAL), "range": list(VS_NATIONAL.values())}},
                                  "shape": {"field": "national", "type": "nominal", "scale": {"domain": [False, True], "range": ["circle", "diamond"]}, "legend": None},
                                  "tooltip": [{"field": "who"}, {"field": "indicator"}, {"field": "target"},
                                              {"field": "vs_national", "title": "vs national"}]}},
            "resolve": {"scale": {"y": "independent"}}}
    trs = []
    for r in df.sort_values(["domain", "indicator", "plan"]).itertuples():
        val = f"{r.value:g}" + (f"–{r.value_max:g}" if not pd.isna(r.value_max) else "")
        nat_s = (f"{COMPARATOR.get(r.national_comparator, r.national_comparator or '')} {r.national_value:g} ({int(r.national_year)})" if not pd.isna(r.national_value) else
                 ("not known" if r.national_indicator else "—"))
        trs.append([r.domain, link(page_href(r.doc_id) + f"#{r.target_id}", r.plan), r.plan_indicator,
                    f"{COMPARATOR.get(r.comparator, r.comparator)} {val} {r.unit}",
                    r.deadline, r.national_indicator or "—", nat_s, r.vs_national if isinstance(r.vs_national, str) else "—"])
    p.chart("c-targets", "Targets by domain", f"{len(df)} targets in {df['plan'].nunique() if len(df) else 0} plans; "
            f"{len(pct)} in per cent are charted, {int(pct['national_value'].notna().sum()) if len(pct) else 0} of them with a known national value.",
            spec, table(["domain", "plan", "indicator", "target", "deadline", "national indicator", "national", "vs national"], trs),
            "targets_by_domain", df)
    site.write(p)


def agency_names(assignments: list[dict]) -> dict[str, str]:
    """agency_code → the Vietnamese name(s) the dataset gives that kind of body (``agency``, the
    canonical name from ``extractors/rules/agencies.yaml``), most frequent first: "Phòng Lao động -
    Thương binh và Xã hội / Sở Lao động - Thương binh và Xã hội" for ``LABOUR_SOCIAL``.  A body
    with no code is keyed (and named) by its own name."""
    seen: dict[str, Counter] = defaultdict(Counter)
    for a in assignments:
        seen[a.get("agency_code") or a["agency"]][a["agency"]] += 1
    out = {}
    for code, c in seen.items():
        top = [n for n, _ in sorted(c.items(), key=lambda kv: (-kv[1], kv[0]))]
        out[code] = " / ".join(top[:2]) + (f" (+{len(top) - 2})" if len(top) > 2 else "")
    return out


def responsibilities(ctx: Context, site: Site) -> None:
    """``responsibilities.html``: agencies × strategy domains."""
    plans = ctx.plans
    p = Page(site, "responsibilities.html", "Responsibilities")
    p.add("<h1>Who is given what: agencies × strategy domains</h1>"
          '<p class="note">Each assignment (agency, role, task) is filed under a strategy domain (<code>assignments.domain</code>, '
          "written by <code>kehoach extract</code>) by the first rule that gives one: (1) the titles of the sections around it, deepest first, skipping the heading that names the agency itself; "
          "(2) the most common domain of the targets in its section; (3) the domain whose keywords (those of "
          "<code>extractors/rules/targets.yaml</code>) occur most in its section's text, agency names blanked; else "
          "<code>other</code>. The CSV says which rule filed each assignment. Colour: assignments; the number: plans.</p>")
    rows = ctx.rep_rows("assignments")
    # the dataset's assignments.domain (schema 1.4; extractors/assignment_domains.py, at extraction): the report computes none
    doms = {a["assignment_id"]: (a.get("domain") or "other", a.get("domain_rule") or "not in this dataset") for a in rows}
    recs = [{"plan": plans.labels[a["doc_id"]], "doc_id": a["doc_id"], "assignment_id": a["assignment_id"],
             # a body agencies.yaml does not list has no code: it keeps its own row, by name
             "agency_code": a["agency_code"] or a["agency"], "agency": a["agency"], "role": a["role"], "section": a["section"],
             "domain": doms[a["assignment_id"]][0], "domain_rule": doms[a["assignment_id"]][1]} for a in rows]
    df = pd.DataFrame(recs, columns=["plan", "doc_id", "assignment_id", "agency_code", "agency", "role", "section", "domain", "domain_rule"])
    names = agency_names(rows)
    df["agency_name"] = df["agency_code"].map(names)
    if len(df):
        cells = df.groupby(["agency_name", "agency_code", "domain"]).agg(
            assignments=("assignment_id", "count"), plans=("plan", "nunique"),
            which=("plan", lambda s: "; ".join(sorted(set(s))))).reset_index()
    else:
        cells = pd.DataFrame(columns=["agency_name", "agency_code", "domain", "assignments", "plans", "which"])
    enc = {"x": {"field": "domain", "type": "nominal", "sort": list(DOMAINS), "axis": {"labelAngle": -30}},
           "y": {"field": "agency_name", "type": "nominal", "title": None, "axis": {"labelLimit": 360},
                 "sort": {"field": "assignments", "op": "sum", "order": "descending"}}}
    spec = {"data": {"values": cells.to_dict("records")}, "width": {"step": 44}, "height": {"step": 20},
            "layer": [{"mark": "rect", "encoding": {**enc, "color": {"field": "assignments", "type": "quantitative", "scale": {"scheme": "greens"},
                                                                      "legend": {"orient": "top", "title": "assignments", "tickMinStep": 1}},
                                                    "tooltip": [{"field": f} for f in ("agency_name", "agency_code", "domain", "assignments", "plans", "which")]}},
                      {"mark": {"type": "text", "fontSize": 11}, "encoding": {**enc, "text": {"field": "plans"}}}]}
    pivot = cells.pivot_table(index="agency_name", columns="domain", values="assignments", aggfunc="sum", fill_value=0) if len(cells) else pd.DataFrame()
    cols = [d for d in DOMAINS if d in pivot.columns]
    if len(pivot):
        pivot = pivot[cols]
        pivot["total"] = pivot.sum(axis=1)
        pivot = pivot.sort_values("total", ascending=False)
    trs = [[idx, *[int(v) or "" for v in r]] for idx, r in zip(pivot.index, pivot.values.tolist())] if len(pivot) else []
    p.chart("c-resp", "Agencies × domains", f"{len(df)} assignments in {df['plan'].nunique() if len(df) else 0} plans.", spec,
            table(["agency", *cols, "total"], trs, num=tuple(range(1, len(cols) + 2))), "responsibility_matrix", df)
    site.write(p)


def timeline(ctx: Context, site: Site) -> None:
    """``timeline.html``: issue dates and deadlines."""
    plans = ctx.plans
    p = Page(site, "timeline.html", "Timeline")
    p.add("<h1>Timeline: issue dates and deadlines</h1>"
          '<p class="note">Dates of kind <code>issue</code> and <code>deadline</code> (<code>dates.kind</code>); a plan whose '
          "header date has no day and month (\"ngày tháng năm 2025\") gets its <code>documents.issue_date</code> instead. A "
          "year or a month is drawn as a bar over its extent; recurring dates (<code>XXXX-11-05</code>, every year) cannot be "
          "placed and are listed in the table only.</p>")
    recs = []
    have_issue = set()
    for r in ctx.rep_rows("dates"):
        if r["kind"] not in ("issue", "deadline"):
            continue
        a, b, prec = edtf_range(r["value"])
        recs.append({"plan": plans.labels[r["doc_id"]], "doc_id": r["doc_id"], "kind": r["kind"], "value": r["value"],
                     "start": a, "end": b, "precision": prec, "surface": r["surface"], "section": r["section"], "source": "dates", "date_id": r["date_id"]})
        if r["kind"] == "issue":
            have_issue.add(r["doc_id"])
    for i in plans.reps:
        d = plans.docs[i]
        if i not in have_issue:
            a, b, prec = edtf_range(d.get("issue_date"))
            recs.append({"plan": plans.labels[i], "doc_id": i, "kind": "issue", "value": d.get("issue_date"),
                         "start": a, "end": b, "precision": prec if d.get("issue_date") else "not printed", "surface": None,
                         "section": "header", "source": "documents.issue_date", "date_id": None})
    df = pd.DataFrame(recs, columns=["plan", "doc_id", "kind", "value", "start", "end", "precision", "surface", "section", "source", "date_id"])
    placed = df.dropna(subset=["start"])
    enc_y = {"field": "plan", "type": "nominal", "title": None}
    tooltip = [{"field": f} for f in ("plan", "kind", "value", "surface", "section")]
    spec = {"data": {"values": placed.to_dict("records")}, "width": 460, "height": {"step": 34},
            "layer": [
                {"mark": {"type": "bar", "height": 10, "opacity": 0.35},
                 "encoding": {"x": {"field": "start", "type": "temporal", "title": None, "scale": {"padding": 14}}, "x2": {"field": "end"}, "y": enc_y,
                              "color": {"field": "kind", "type": "nominal", "scale": {"domain": ["issue", "deadline"], "range": ["#4c78a8", "#e45756"]}},
                              "tooltip": tooltip}},
                {"mark": {"type": "point", "filled": True, "size": 70},
                 "encoding": {"x": {"field": "start", "type": "temporal", "scale": {"padding": 14}}, "y": enc_y,
                              "color": {"field": "kind", "type": "nominal"},
                              "shape": {"field": "kind", "type": "nominal", "scale": {"domain": ["issue", "deadline"], "range": ["circle", "triangle-down"]}},
                              "tooltip": tooltip}}]}
    trs = [[link(page_href(r.doc_id) + (f"#{r.date_id}" if r.date_id else ""), r.plan), r.kind, r.value or "—", r.precision, r.surface or "", r.section]
           for r in df.sort_values(["plan", "start"], na_position="last").itertuples()]
    p.chart("c-time", "Issue dates and deadlines", "", spec, table(["plan", "kind", "value (EDTF)", "precision", "as written", "section"], trs),
            "timeline", df)
    site.write(p)


def staleness(ctx: Context, site: Site) -> None:
    """``staleness.html``: the stale-date flags per plan, each with its sentence."""
    plans = ctx.plans
    p = Page(site, "staleness.html", "Staleness")
    p.add("<h1>Stale dates: kept from an older plan</h1>"
          '<p class="note">A date or year in a task that falls wholly before the plan\'s own period — the trace of a plan '
          "copied from an older one. The rule (<code>extractors/staleness.py</code>): the latest year named is before the "
          "plan's period start; not a citation's own date; not history (founding dates, the first date of an anniversary "
          "span); in a task clause (a period, deadline or event date, or an action word such as <i>triển khai</i>, "
          "<i>tổ chức</i>); and for bare years and spans of years, not a baseline clause (<i>kết quả</i>, <i>sơ kết</i>, "
          "<i>so với</i> …). A period that includes the plan's year (<i>giai đoạn 2021-2030</i>) is never flagged.</p>")
    if ctx.t["staleness"] is None:
        p.add('<p class="flag">This dataset has no staleness table: it was extracted before staleness existed. Run '
              "<code>kehoach extract</code> again to get it.</p>")
        site.write(p)
        return
    rows = ctx.rep_rows("staleness")
    counts = Counter(r["doc_id"] for r in rows)
    df_counts = pd.DataFrame([{"plan": plans.labels[i], "period": period_of(plans.docs[i]), "flags": counts[i]} for i in plans.reps],
                             columns=["plan", "period", "flags"])
    spec = {"data": {"values": df_counts.to_dict("records")}, "mark": "bar", "width": 380,
            "encoding": {"y": {"field": "plan", "type": "nominal", "sort": "-x", "title": None},
                         "x": {"field": "flags", "type": "quantitative", "axis": {"tickMinStep": 1}},
                         "color": {"value": "#d6456b"}, "tooltip": [{"field": "plan"}, {"field": "period"}, {"field": "flags"}]}}
    p.chart("c-stale", "Stale dates per plan", "", spec,
            table(["plan", "period", "flags"], df_counts.values.tolist(), num=(2,)), "staleness_per_plan", df_counts)
    trs = []
    for r in sorted(rows, key=lambda r: (plans.labels[r["doc_id"]], r["char_start"])):
        s = r["sentence"]
        i = s.find(r["surface"])
        sent = Raw(esc(s[:i]) + f'<mark class="k-stale">{esc(r["surface"])}</mark>' + esc(s[i + len(r["surface"]):])) if i >= 0 else s
        trs.append([link(page_href(r["doc_id"]) + f"#{r['flag_id']}", plans.labels[r["doc_id"]]), r["plan_period"], r["surface"], r["year"],
                    r["section"], r["reason"], sent])
    p.add("<h2>Every flag, with its sentence</h2>" + (table(["plan", "plan period", "as written", "year", "section", "reason", "sentence"], trs)
                                                     if trs else '<p class="note">No stale dates found.</p>'))
    df_flags = pd.DataFrame([{"plan": plans.labels[r["doc_id"]], **r} for r in rows])
    href = site.csv("staleness_flags", df_flags)
    p.add(f'<a class="csv" href="{href}" download>staleness_flags.csv</a>')
    site.write(p)


def reuse(ctx: Context, site: Site) -> None:
    """``reuse.html``: each plan's share of sentences found in another plan, and the pairs."""
    plans = ctx.plans
    p = Page(site, "reuse.html", "Reuse")
    p.add("<h1>Reuse: sentences found (nearly) verbatim in another plan</h1>"
          f'<p class="note">Sentences of at least {REUSE_MIN_WORDS} words, normalised (folded, list marks and punctuation '
          f"dropped), compared across plans by the Jaccard similarity of their character {REUSE_K}-grams; a pair counts "
          f"at {REUSE_THRESHOLD} or more (1.0 is verbatim). Renditions of the same plan never count. The share is the "
          "part of a plan's sentences found in at least one other plan.</p>"
          + (f'<p class="note">{esc(ctx.reuse_note)}</p>' if ctx.reuse_note else ""))
    by_doc = defaultdict(list)  # the rows of each plan, under the rendition that stands for it
    for r in ctx.reuse:
        rep_ = plans.rep(r["doc_id"])
        if rep_ is not None:
            by_doc[rep_].append(r)
    recs = []
    for i in plans.reps:
        hit, n = ctx.shares.get(i, (0, 0))
        others = Counter(plans.labels.get(plans.rep(r["other_doc_id"]) or r["other_doc_id"], r["other_doc_id"]) for r in by_doc[i])
        recs.append({"plan": plans.labels[i], "sentences": n, "reused": hit, "share": round(hit / n, 4) if n else None,
                     "found_in": "; ".join(f"{k} ({v})" for k, v in others.most_common())})
    df = pd.DataFrame(recs, columns=["plan", "sentences", "reused", "share", "found_in"])
    spec = {"data": {"values": df.to_dict("records")}, "mark": "bar", "width": 380,
            "encoding": {"y": {"field": "plan", "type": "nominal", "sort": "-x", "title": None},
                         "x": {"field": "share", "type": "quantitative", "axis": {"format": "%"}, "title": "share of sentences"},
                         "color": {"value": "#8a7b2d"},
                         "tooltip": [{"field": "plan"}, {"field": "reused"}, {"field": "sentences"}, {"field": "share", "format": ".1%"}, {"field": "found_in"}]}}
    p.chart("c-reuse", "Share of each plan's sentences found in another plan", "", spec,
            table(["plan", "sentences", "reused", "share", "found in (sentences)"],
                  [[r.plan, r.sentences, r.reused, f"{r.share:.1%}" if r.share is not None else "—", r.found_in] for r in df.itertuples()], num=(1, 2, 3)),
            "reuse_share", df)
    pairs = []
    for i in plans.reps:
        text = plans.docs[i]["text"]
        for r in by_doc[i]:
            o = plans.docs.get(r["other_doc_id"])
            pairs.append({"plan": plans.labels[i], "doc_id": i, "sentence": text[r["sentence_start"]:r["sentence_end"]],
                          "other_plan": plans.label(r["other_doc_id"]), "other_doc_id": r["other_doc_id"],
                          "other_sentence": o["text"][r["other_start"]:r["other_end"]] if o else None,
                          "similarity": r["similarity"], "sentence_start": r["sentence_start"], "other_start": r["other_start"]})
    dfp = pd.DataFrame(pairs, columns=["plan", "doc_id", "sentence", "other_plan", "other_doc_id", "other_sentence", "similarity", "sentence_start", "other_start"])
    trs = [[link(page_href(r.doc_id) + f"#reuse-{r.sentence_start}", r.plan), r.sentence, link(page_href(r.other_doc_id) + f"#reuse-{r.other_start}", r.other_plan),
            r.other_sentence, f"{r.similarity:.3f}"] for r in dfp.itertuples()]
    p.add("<h2>The pairs</h2>" + (f'<div class="table-wrap">{table(["plan", "sentence", "other plan", "its sentence", "similarity"], trs, num=(4,))}</div>'
                                  if trs else '<p class="note">No sentence of one plan was found in another.</p>'))
    href = site.csv("reuse_pairs", dfp)
    p.add(f'<a class="csv" href="{href}" download>reuse_pairs.csv</a>')
    site.write(p)

