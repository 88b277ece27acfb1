#!/usr/bin/env python3
"""The review pages in a real browser: `baton diff --html` and `baton report
--html` are rendered by headless Chromium; the test reads the DOM after the
page's script ran and checks what a reader sees against the --json output of
the same run (the stage matrix cell by cell and which cells are highlighted,
the bars of every chart, the example leads, the tables), and that the
console stayed silent (no script error, no blocked request).

    python3 tests/review/html_page_test.py --baton build/cli/baton

Exits 77 (skipped) when Chromium is not installed. Standard library only.
"""
import argparse
import html.parser
import json
import os
import shutil
import subprocess
import sys
import tempfile

CHROMIUM = "/usr/bin/chromium"
AS_OF = "2026-11-23T00:00:00Z"
V1 = "examples/review/b2b-saas-v1.baton"
V2 = "examples/review/b2b-saas-v2.baton"
LEADS = "examples/b2b-saas-leads.jsonl"
OUTCOMES = "examples/review/b2b-saas-outcomes.jsonl"
VOID = {"meta", "br", "input", "link", "img", "hr", "col", "wbr", "source"}


class Node:
    def __init__(self, tag, attrs, parent):
        self.tag, self.attrs, self.parent, self.children, self.text = tag, dict(attrs), parent, [], ""

    def walk(self):
        yield self
        for c in self.children:
            yield from c.walk()

    def find_all(self, tag=None, **attrs):
        """Descendants with this tag and these attribute values (class_ matches one class)."""
        out = []
        for n in self.walk():
            if tag and n.tag != tag:
                continue
            ok = True
            for k, v in attrs.items():
                if k == "class_":
                    ok = ok and v in (n.attrs.get("class") or "").split()
                else:
                    ok = ok and n.attrs.get(k.replace("_", "-")) == v
            if ok:
                out.append(n)
        return out

    def all_text(self):
        return self.text + "".join(c.all_text() for c in self.children)


class TreeBuilder(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = Node("#root", {}, None)
        self.current = self.root

    def handle_starttag(self, tag, attrs):
        node = Node(tag, attrs, self.current)
        self.current.children.append(node)
        if tag not in VOID:
            self.current = node

    def handle_startendtag(self, tag, attrs):
        self.current.children.append(Node(tag, attrs, self.current))

    def handle_endtag(self, tag):
        n = self.current
        while n is not self.root and n.tag != tag:
            n = n.parent
        if n is not self.root:
            self.current = n.parent

    def handle_data(self, data):
        text = Node("#text", {}, self.current)
        text.text = data
        self.current.children.append(text)


class Checks:
    def __init__(self):
        self.failures = []

    def equal(self, what, actual, expected):
        if actual != expected:
            self.failures.append(f"{what}: page shows {actual!r}, expected {expected!r}")

    def true(self, what, condition):
        if not condition:
            self.failures.append(what)


def render(path):
    """The DOM after scripts ran, and the console lines Chromium logged."""
    profile = tempfile.mkdtemp(prefix="baton-chromium-")
    try:
        proc = subprocess.run(
            [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
             "--disable-background-networking", "--disable-component-update", "--disable-sync",
             f"--user-data-dir={profile}", "--enable-logging=stderr", "--v=0", "--virtual-time-budget=5000",
             "--dump-dom", "file://" + os.path.abspath(path)],
            capture_output=True, timeout=120)
    finally:
        shutil.rmtree(profile, ignore_errors=True)
    console = [l for l in proc.stderr.decode("utf-8", "replace").splitlines() if ":CONSOLE" in l]
    builder = TreeBuilder()
    builder.feed(proc.stdout.decode("utf-8"))
    return builder.root, console


def run_baton(baton, args, html_path, exit_code=0):
    proc = subprocess.run([baton, *args, "--json", "--html", html_path, "-q"], capture_output=True, timeout=120)
    if proc.returncode != exit_code:
        sys.exit(f"baton {' '.join(args)} exited {proc.returncode}: {proc.stderr.decode()}")
    return json.loads(proc.stdout)


def check_self_contained(checks, path):
    text = open(path, encoding="utf-8").read()
    checks.true(f"{path}: a Content-Security-Policy forbids network requests", "default-src 'none'" in text)
    for attr in (" src=", " href="):
        checks.true(f"{path}: no `{attr.strip()}` attribute (nothing is loaded from elsewhere)", attr not in text)


def rows(table):
    body = table.find_all("tbody")[0]
    return [n for n in body.children if n.tag == "tr"]


def check_diff(checks, dom, data):
    body = dom.find_all("body")[0]
    checks.equal("diff: page rendered", body.attrs.get("data-rendered"), "diff")
    matrix = dom.find_all("table", id="matrix")
    checks.equal("diff: one stage matrix", len(matrix), 1)
    cells = [n for n in matrix[0].walk() if "data-count" in n.attrs]
    checks.equal("diff: matrix cells", len(cells), len(data["stages_before"]) * len(data["stages_after"]))
    changed_cells = 0
    for cell in cells:
        i = data["stages_before"].index(cell.attrs["data-before"])
        j = data["stages_after"].index(cell.attrs["data-after"])
        n = data["matrix"][i][j]
        where = f"diff: matrix {cell.attrs['data-before']} -> {cell.attrs['data-after']}"
        checks.equal(where + " count", int(cell.attrs["data-count"]), n)
        shown = cell.children[0].text if cell.children else ""
        checks.equal(where + " text", shown, str(n) if n else "·")
        changed = n > 0 and cell.attrs["data-before"] != cell.attrs["data-after"]
        checks.equal(where + " highlighted", "changed" in (cell.attrs.get("class") or "").split(), changed)
        changed_cells += changed
    checks.true("diff: the example run has changed cells to highlight", changed_cells >= 2)
    checks.equal("diff: rule changes listed", len(rows(dom.find_all("table", id="changes")[0])), len(data["changes"]))
    checks.equal("diff: rules fired listed", len(rows(dom.find_all("table", id="rules")[0])), len(data["rules"]))
    for score in data["scores"]:
        box = dom.find_all("div", data_score=score["name"])
        checks.equal(f"diff: a chart for {score['name']}", len(box), 1)
        for side in ("before", "after"):
            bars = [b for b in box[0].find_all("rect", class_="bar") if b.attrs.get("data-series") == side]
            checks.equal(f"diff: {score['name']} {side} bars", [int(b.attrs["data-value"]) for b in bars],
                         [b[side] for b in score["histogram"]])
    examples = dom.find_all("details", class_="example")
    checks.equal("diff: example blocks (one per changed cell)", len(examples), len(data["examples"]))
    for box, cell in zip(examples, data["examples"]):
        text = box.all_text()
        for lead in cell["leads"]:
            checks.true(f"diff: example {lead['id']} shows both explanations",
                        lead["text_before"].strip() in text and lead["text_after"].strip() in text)


def check_report(checks, dom, data):
    body = dom.find_all("body")[0]
    checks.equal("report: page rendered", body.attrs.get("data-rendered"), "report")
    stage_rows = rows(dom.find_all("table", id="by-stage")[0])
    checks.equal("report: a row per stage and the total", len(stage_rows), len(data["by_stage"]) + 1)
    for tr, stage in zip(stage_rows, data["by_stage"]):
        cells = [c for c in tr.children if c.tag == "td"]
        checks.equal(f"report: stage {stage['label']}", [cells[0].all_text(), cells[1].all_text()],
                     [stage["label"], str(stage["leads"])])
    won = data["outcomes"].index(data["won"])
    for band in data["bands"]:
        box = dom.find_all("div", data_measure=band["measure"])
        checks.equal(f"report: a chart for {band['measure']}", len(box), 1)
        bars = box[0].find_all("rect", class_="bar")
        expected = [round(100 * b["converted"][won] / b["leads"], 6) if b["leads"] else 0 for b in band["bands"]]
        checks.equal(f"report: {band['measure']} bars (won %)", [round(float(b.attrs["data-value"]), 6) for b in bars], expected)
    lift = dom.find_all("table", id="lift")
    checks.equal("report: a lift row per rule", len(rows(lift[0])), len(data["rules"]))
    # "(few leads)" beside the rule, as the text report marks it, whatever the lift.
    for tr, rule in zip(rows(lift[0]), data["rules"]):
        first = [c for c in tr.children if c.tag == "td"][0].all_text()
        checks.equal(f"report: lift row {rule['rule']} marked (few leads)", first.endswith(" (few leads)"),
                     0 < rule["fired"] < 30)
    checks.true("report: the example has rules on few leads", any(0 < r["fired"] < 30 for r in data["rules"]))
    charts = [c for c in dom.find_all("svg") if c.attrs.get("aria-label") == "rule lift"]
    checks.equal("report: one lift chart", len(charts), 1)
    checks.equal("report: a lift bar per rule", len(charts[0].find_all("rect", class_="bar")), len(data["rules"]))
    checks.equal("report: a row per threshold", len(rows(dom.find_all("table", id="thresholds")[0])), len(data["thresholds"]))
    history = rows(dom.find_all("table", id="history")[0])
    checks.true("report: the replay found stage moves", len(data["history"]) >= 3)
    checks.equal("report: time between stages", [[c.all_text() for c in tr.children if c.tag == "td"][:3] for tr in history],
                 [[h["from"], h["to"] + (" (outcome date)" if h["to_outcome"] else ""), str(h["days"]["count"])]
                  for h in data["history"]])


def check_isolated(checks, what, dom, value):
    """Every piece of text holding `value` sits in a <bdi> (HTML) or between
    U+2068 and U+2069 (SVG text), so a bidirectional control in it reorders
    nothing around it."""
    found = 0
    for n in dom.walk():
        if n.tag != "#text" or value not in n.text or n.parent.tag in ("script", "title", "style"):
            continue
        found += 1
        ancestors, a = [], n.parent
        while a is not None:
            ancestors.append(a.tag)
            a = a.parent
        isolated = "bdi" in ancestors or (n.text.startswith("\u2068") and n.text.endswith("\u2069"))
        checks.true(f"{what}: {n.text[:40]!r} in <{n.parent.tag}> is isolated", isolated)
    checks.true(f"{what}: the value is shown", found > 0)


def check_long_cells(checks, what, dom, value, limit=160):
    """No cell shows more than `limit` characters; the cut one has the whole text in its title."""
    for cell in dom.find_all("td") + dom.find_all("th"):
        checks.true(f"{what}: a cell of {len(cell.all_text())} characters", len(cell.all_text()) <= limit + 20)
    titled = [c for c in dom.find_all("td") if c.attrs.get("title") == value]
    checks.true(f"{what}: the long value whole in a cell's title", len(titled) > 0)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--baton", required=True)
    options = parser.parse_args()
    if not os.path.exists(CHROMIUM):
        print("chromium is not installed; skipped")
        return 77
    checks = Checks()
    with tempfile.TemporaryDirectory() as tmp:
        diff_html = os.path.join(tmp, "diff.html")
        data = run_baton(options.baton, ["diff", V1, V2, LEADS, "--as-of", AS_OF], diff_html)
        check_self_contained(checks, diff_html)
        dom, console = render(diff_html)
        checks.equal("diff: console messages", console, [])
        check_diff(checks, dom, data)

        # Web-form spam reaches CRM data: a lead value that opens an HTML
        # comment and a script inside the page's data block must stay text.
        hostile_leads = os.path.join(tmp, "hostile.jsonl")
        with open(LEADS, encoding="utf-8") as src, open(hostile_leads, "w", encoding="utf-8") as out:
            for line in src:
                lead = json.loads(line)
                if lead.get("job_title"):
                    lead["job_title"] += " <!--<script></script>"
                out.write(json.dumps(lead) + "\n")
        hostile_html = os.path.join(tmp, "hostile.html")
        data = run_baton(options.baton, ["diff", V1, V2, hostile_leads, "--as-of", AS_OF], hostile_html)
        dom, console = render(hostile_html)
        checks.equal("hostile values: console messages", console, [])
        checks.equal("hostile values: page rendered", dom.find_all("body")[0].attrs.get("data-rendered"), "diff")
        checks.true("hostile values: shown as text", "<!--<script></script>" in dom.all_text())

        # The follow-up cadence: a shorter escalation delay, counted per lead and tabled.
        faster = os.path.join(tmp, "faster-escalation.baton")
        with open("examples/b2b-saas.baton", encoding="utf-8") as src, open(faster, "w", encoding="utf-8") as out:
            text = src.read()
            checks.true("the example SLA escalates after 9h", "after 9h" in text)
            out.write(text.replace("after 9h", "after 2h"))
        cadence_html = os.path.join(tmp, "cadence.html")
        data = run_baton(options.baton, ["diff", "examples/b2b-saas.baton", faster, LEADS, "--as-of", AS_OF], cadence_html)
        checks.true("cadence: some leads change cadence", data["cadence_changed"] > 0)
        dom, console = render(cadence_html)
        checks.equal("cadence: console messages", console, [])
        cadence_rows = rows(dom.find_all("table", id="cadences")[0])
        checks.equal("cadence: a row per (before, after) pair",
                     [[c.all_text() for c in tr.children if c.tag == "td"] for tr in cadence_rows],
                     [[str(p["count"]), p["before"], p["after"]] for p in data["cadence_changes"]])

        # A stage the new version removed: the leads the CRM has in it are
        # scored by the new version as having no current stage, and the page says so.
        removed_html = os.path.join(tmp, "stage-removed.html")
        data = run_baton(options.baton, ["diff", "examples/b2b-saas.baton", "tests/golden/b2b-saas-no-recycled.baton",
                                         LEADS, "--as-of", AS_OF], removed_html)
        checks.equal("stage removed: JSON", (data["rejected"], data["stage_not_in_before"], data["stage_not_in_after"]),
                     (0, [], [{"stage": "recycled", "leads": 3}]))
        dom, console = render(removed_html)
        checks.equal("stage removed: console messages", console, [])
        checks.equal("stage removed: note", [p.all_text() for p in dom.find_all("p", id="stage-not-in-after")],
                     ["3 leads are in a stage the new version does not have (recycled: 3); it scored them as having "
                      "no current stage, so they count among the stage changes."])
        checks.equal("stage removed: no note for the old version", dom.find_all("p", id="stage-not-in-before"), [])

        # Exported numbers up to the largest double: the table reads as the
        # text does (exponent form, a shift beyond the double range as its
        # value), and the band below the most negative edge is open.
        extremes_html = os.path.join(tmp, "extremes.html")
        data = run_baton(options.baton, ["diff", "tests/golden/extreme-numbers-v1.baton",
                                         "tests/golden/extreme-numbers-v2.baton", "tests/golden/extreme-numbers.jsonl",
                                         "--as-of", AS_OF], extremes_html)
        dom, console = render(extremes_html)
        checks.equal("extremes: console messages", console, [])
        xx = dom.find_all("div", data_score="xx")[0]
        for side in ("before", "after"):
            bars = [b for b in xx.find_all("rect", class_="bar") if b.attrs.get("data-series") == side]
            checks.equal(f"extremes: xx {side} bars", [int(b.attrs["data-value"]) for b in bars],
                         [b[side] for b in data["scores"][0]["histogram"]])
        table = [[c.all_text() for c in tr.children if c.tag == "td"] for tr in rows(xx.find_all("table")[0])]
        checks.equal("extremes: xx median and shift", [table[0][5], table[1][5], table[2][5]], ["1e+308", "-1e+308", "-2e+308"])
        checks.equal("extremes: xx mean (the plain sum overflows)", table[0][2], "4e+307")
        labels = [b.attrs.get("data-label") for b in xx.find_all("rect", class_="bar") if b.attrs.get("data-series") == "before"]
        checks.equal("extremes: the lowest band is open", labels[:2], ["< -1.5e+308", "-1.5e+308"])

        # Records either version rejects are counted on the page, as in the text.
        with_bad = os.path.join(tmp, "with-bad.jsonl")
        with open(LEADS, encoding="utf-8") as src, open(with_bad, "w", encoding="utf-8") as out:
            out.write(src.read() + '{"id":"BAD1","company_size":"big"}\nnot json\n')
        rejected_html = os.path.join(tmp, "rejected.html")
        data = run_baton(options.baton, ["diff", V1, V2, with_bad, "--as-of", AS_OF, "--errors", os.devnull],
                         rejected_html, exit_code=1)
        checks.equal("rejected: the run rejected two records", data["rejected"], 2)
        dom, console = render(rejected_html)
        checks.equal("rejected: console messages", console, [])
        kpi = dom.find_all("div", id="rejected")
        checks.equal("rejected: shown on the page", [k.find_all("b")[0].all_text() for k in kpi], ["2"])

        # Limits over no scored lead (an export that came out empty): "not
        # checked" on the page, as in the text, never a green "ok".
        empty = os.path.join(tmp, "empty.jsonl")
        open(empty, "w").close()
        unchecked_html = os.path.join(tmp, "unchecked.html")
        data = run_baton(options.baton, ["diff", V1, V2, empty, "--as-of", AS_OF, "--max-changed", "5%",
                                         "--max-changed-to", "sql=2%"], unchecked_html, exit_code=1)
        checks.equal("unchecked: JSON", [(c.get("checked"), c["exceeded"]) for c in data["limits"]], [(False, None)] * 2)
        dom, console = render(unchecked_html)
        checks.equal("unchecked: console messages", console, [])
        checks.equal("unchecked: limit rows",
                     [[c.all_text() for c in tr.children if c.tag == "td"] for tr in rows(dom.find_all("table", id="limits")[0])],
                     [["changed stage", "-", "-", "5%", "not checked"], ["moved to sql", "-", "-", "2%", "not checked"]])
        checks.equal("unchecked: no ok badge", dom.find_all("span", class_="ok"), [])
        # No lead scored: no mean, quantile or shift, "-" as in the text, not 0.
        fit = dom.find_all("div", data_score="fit")[0]
        checks.equal("unchecked: fit table", [[c.all_text() for c in tr.children if c.tag == "td"]
                                              for tr in rows(fit.find_all("table")[0])],
                     [["before", "0"] + ["-"] * 8, ["after", "0"] + ["-"] * 8, ["shift", ""] + ["-"] * 8])

        # An outcome name with a right-to-left override, and a meeting owner
        # (a route target) of 3,000 characters: isolated, and cut in its cell.
        rtl_outcomes = os.path.join(tmp, "rtl-outcomes.jsonl")
        with open(OUTCOMES, encoding="utf-8") as src, open(rtl_outcomes, "w", encoding="utf-8") as out:
            for line in src:
                o = json.loads(line)
                if o["outcome"] == "opportunity":
                    o["outcome"] = "\u202eopportunity"
                out.write(json.dumps(o) + "\n")
        long_owner = "ae:" + "x" * 3000
        long_leads = os.path.join(tmp, "long-owner.jsonl")
        with open(LEADS, encoding="utf-8") as src, open(long_leads, "w", encoding="utf-8") as out:
            for line in src:
                lead = json.loads(line)  # a meeting booked with the owner: an SQL routed to them
                lead.setdefault("events", []).append({"type": "meeting_booked", "at": "2026-11-20T10:00:00Z",
                                                      "owner": long_owner})
                out.write(json.dumps(lead) + "\n")
        hostile_report = os.path.join(tmp, "hostile-report.html")
        data = run_baton(options.baton, ["report", "examples/b2b-saas.baton", long_leads, "--outcomes", rtl_outcomes,
                                         "--as-of", AS_OF],
                         hostile_report)
        checks.true("hostile report: a route to the long owner", any(r["label"] == long_owner for r in data["by_route"]))
        dom, console = render(hostile_report)
        checks.equal("hostile report: console messages", console, [])
        check_isolated(checks, "hostile report: U+202E outcome", dom, "\u202eopportunity")
        check_long_cells(checks, "hostile report", dom, long_owner)

        # Bands with negative edges read "-10 to 0" under the chart, not
        # "-10–0" run together; a duplicated empty lead id is shown quoted.
        blank_ids = os.path.join(tmp, "blank-ids.jsonl")
        with open(LEADS, encoding="utf-8") as src, open(blank_ids, "w", encoding="utf-8") as out:
            first = json.loads(src.readline())
            src.seek(0)
            out.write(src.read())
            for _ in range(2):
                out.write(json.dumps(dict(first, id="")) + "\n")
        bands_html = os.path.join(tmp, "bands.html")
        data = run_baton(options.baton, ["report", V1, blank_ids, "--outcomes", OUTCOMES, "--as-of", AS_OF,
                                         "--bands", "fit=-10,0,20"], bands_html)
        dom, console = render(bands_html)
        checks.equal("bands: console messages", console, [])
        fit = dom.find_all("div", data_measure="fit")[0]
        checks.equal("bands: chart labels", [b.attrs["data-label"] for b in fit.find_all("rect", class_="bar")],
                     ["< -10", "-10 to 0", "0 to 20", ">= 20"])
        checks.equal("bands: table labels", [b["label"] for b in [t for t in data["bands"] if t["measure"] == "fit"][0]["bands"]],
                     ["< -10", "-10 to < 0", "0 to < 20", ">= 20"])
        note = dom.find_all("p", id="duplicates")
        checks.true("blank ids: the empty id shown quoted", len(note) == 1 and '("": 2 records)' in note[0].all_text())

        report_html = os.path.join(tmp, "report.html")
        data = run_baton(options.baton, ["report", V1, LEADS, "--outcomes", OUTCOMES, "--as-of", AS_OF, "--history"],
                         report_html)
        check_self_contained(checks, report_html)
        dom, console = render(report_html)
        checks.equal("report: console messages", console, [])
        check_report(checks, dom, data)
    for f in checks.failures:
        print("FAIL", f, file=sys.stderr)
    return 1 if checks.failures else 0


if __name__ == "__main__":
    sys.exit(main())
