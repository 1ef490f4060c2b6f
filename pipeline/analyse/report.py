"""``kehoach report DATASET -o OUT``: a static HTML site for comparing the plans of a dataset.

The site opens from disk (``file://``) with no server and no network: Vega, Vega-Lite and
vega-embed are bundled (``pipeline/analyse/report_assets/vendor``) and copied into ``OUT/assets``, every
chart's data is inlined in its page, and each chart's table is written beside it and as a CSV
file in ``OUT/csv``.  Pages:

* ``index.html`` — the corpus at a glance (plans per province, level, year; files per status)
  and the list of plans with links to their pages;
* ``citations.html`` — plans × cited documents (``cited_key``), replaced documents flagged;
* ``targets.html`` — targets per strategy domain, beside the national figures where known;
* ``responsibilities.html`` — agencies (``agency_code``) × strategy domains;
* ``timeline.html`` — issue dates and deadlines;
* ``staleness.html`` and ``reuse.html`` — the two added tables, per plan;
* ``plans/<doc_id>.html`` — one per file: the normalised text with every fact highlighted by
  kind; clicking a highlight shows its record; a link to the source file.

**Plans, not files.** A plan is often there in several renditions (``.txt``, ``.docx``,
``.pdf``); they share the dataset's ``plan_id`` and one rendition (``txt`` first, named by
``documents.plan_doc_id``) stands for each plan in the comparison pages.  Every file still gets
its own page.

**The report computes no facts**: it presents the dataset's tables.  The strategy domain of an
assignment is ``assignments.domain``, a target's standing against the national value
``targets.vs_national``, a plan's reuse share is counted from the reuse table's rows
(``reuse.sentences``).  A dataset written by an older kehoach lacks these: the pages say so.

The modules: ``report_data`` reads the dataset into the ``Context`` the pages read;
``report_site`` holds the HTML, page, chart and site helpers; ``report_pages`` the comparison
pages; ``report_plan`` the page of one file with its highlights; this module builds the site.
"""
from __future__ import annotations

from pathlib import Path

from pipeline.analyse import report_pages as pages
from pipeline.analyse.report_data import read_context
from pipeline.analyse.report_plan import plan_page, source_roots
from pipeline.analyse.report_site import NAV, Site


def build(dataset: Path, out: Path) -> dict:
    """Write the report for DATASET into OUT; returns what was written."""
    dataset, out = Path(dataset), Path(out)
    ctx = read_context(dataset)
    site = Site(out)
    site.copy_assets()
    for page in (pages.overview, pages.citations, pages.targets, pages.responsibilities, pages.timeline,
                 pages.staleness, pages.reuse):
        page(ctx, site)
    roots = source_roots(ctx.manifest, dataset)
    docs = ctx.t["documents"]
    for d in docs:
        plan_page(ctx, site, d, roots)
    return {"out": str(out), "plans": len(ctx.plans.reps), "files": len(docs), "pages": len(docs) + len(NAV)}
