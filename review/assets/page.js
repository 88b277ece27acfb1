// The review page draws itself from the JSON that `baton diff --json` or
// `baton report --json` prints, embedded in the page (#baton-data). Text is
// set through textContent only: lead data never becomes markup. Text from
// the data (lead values, outcome names, rules) sits in its own <bdi>, so a
// bidirectional control in it (U+202E) cannot reorder the text around it,
// and a long one is cut in its cell with the whole text in the cell's title.
"use strict";
(function () {
  const SVG = "http://www.w3.org/2000/svg";
  const data = JSON.parse(document.getElementById("baton-data").textContent);
  const app = document.getElementById("app");

  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (k === "class") node.className = v;
      else node.setAttribute(k, v);
    }
    for (const c of children) {
      if (c === null || c === undefined) continue;
      node.append(typeof c === "string" || typeof c === "number" ? String(c) : c);
    }
    return node;
  }
  // SVG text has no <bdi>: first-strong isolate ... pop directional isolate does its work.
  function svg(tag, attrs, text) {
    const node = document.createElementNS(SVG, tag);
    for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, String(v));
    if (text !== undefined) node.textContent = "\u2068" + String(text) + "\u2069";
    return node;
  }
  function iso(text) { return el("bdi", {}, String(text)); }
  // Names joined with ", ", each isolated.
  function isoList(names) { return names.flatMap((n, i) => (i ? [", ", iso(n)] : [iso(n)])); }
  const LONG = 160;  // characters a cell shows of a longer text
  function cut(text) {
    const chars = Array.from(String(text));  // code points: never half a surrogate pair
    return chars.length > LONG ? chars.slice(0, LONG - 1).join("") + "…" : String(text);
  }
  function textCell(text, cls) {
    const td = el("td", { class: cls === undefined ? "text" : cls }, iso(cut(text)));
    if (cut(text) !== String(text)) td.setAttribute("title", String(text));
    return td;
  }
  function num(v) {
    if (v === null || v === undefined || !isFinite(v)) return "-";
    // From 1e16 on two decimals say nothing (and v * 100 may overflow): the shortest exact text.
    if (Math.abs(v) >= 1e16) return v.toExponential();
    return String(Math.round(v * 100) / 100);
  }
  function pct(part, whole) { return whole ? (100 * part / whole).toFixed(1) + "%" : "-"; }
  function signed(v) { return (v > 0 ? "+" : "") + num(v); }
  // after - before, also beyond the largest double (1e308 - -1e308): from half the difference.
  function shiftText(before, after) {
    const v = after - before;
    if (isFinite(v)) return signed(v);
    const [m, e] = (after / 2 - before / 2).toExponential().split("e");
    let mantissa = Number(m) * 2, exponent = Number(e);
    if (Math.abs(mantissa) >= 10) { mantissa /= 10; exponent += 1; }
    return (mantissa > 0 ? "+" : "") + Number(mantissa.toPrecision(15)) + "e+" + exponent;
  }
  // help: a string, or the pieces of one (strings and elements).
  function section(title, help) {
    app.append(el("h2", {}, title));
    if (help) app.append(el("p", { class: "help" }, ...[].concat(help)));
  }
  // Cells given as strings are cut when long and isolated (textCell); numbers stay as they are.
  function table(headers, rows, attrs) {
    const t = el("table", attrs || {});
    t.append(el("thead", {}, el("tr", {}, ...headers.map((h) => el("th", {}, typeof h === "string" ? iso(h) : h)))));
    const body = el("tbody");
    const cell = (c) => (c instanceof Element ? c : typeof c === "string" ? textCell(c, "") : el("td", {}, c));
    for (const r of rows) body.append(r instanceof Element ? r : el("tr", {}, ...r.map(cell)));
    t.append(body);
    return t;
  }
  function kpi(value, ...label) { return el("div", { class: "kpi" }, el("b", {}, value), el("span", {}, ...label)); }
  function slaText(s) { return s.name + " " + s.version; }
  // Lead ids given in more than one record: each lead counted by its first.
  function duplicatesNote(dup) {
    if (!dup || !dup.records) return null;
    // Quoted, as in the text: an empty id still shows.
    const named = dup.named.flatMap((n, i) => [i ? ", " : "", "\"", iso(cut(n.id)), `": ${n.records} records`]);
    return el("p", { class: "help", id: "duplicates" }, `${dup.ids} lead id${dup.ids === 1 ? "" : "s"} in more than one record (`,
      ...named, dup.ids > dup.named.length ? ", ..." : "", `); each lead counted once, by its first record, ${dup.records} record${dup.records === 1 ? "" : "s"} left out.`);
  }
  // Leads in a CRM stage one version does not have: it scored them as having no current stage.
  function stageGapNote(stages, version, id) {
    if (!stages || !stages.length) return null;
    const leads = stages.reduce((n, s) => n + s.leads, 0);
    const named = stages.flatMap((s, i) => [i ? ", " : "", iso(s.stage), `: ${s.leads}`]);
    return el("p", { class: "help", id }, `${leads} lead${leads === 1 ? " is" : "s are"} in a stage the ${version} version does not have (`,
      ...named, `); it scored ${leads === 1 ? "it" : "them"} as having no current stage, so ${leads === 1 ? "it counts" : "they count"} among the stage changes.`);
  }
  function asOfText(d) { return d.as_of_field ? "each lead as of its own " + d.as_of_field : "as of " + d.as_of; }

  // Vertical bars, one group per category; series = [{name, color, values}].
  function barChart(labels, series, opts) {
    const height = 220, top = 16, bottom = 48, left = 48;
    const groupWidth = Math.max(40, Math.min(96, 960 / Math.max(1, labels.length)));
    const width = left + groupWidth * labels.length + 20;
    const max = Math.max(1, ...series.flatMap((s) => s.values));
    const chart = svg("svg", { class: "chart", width, height, viewBox: `0 0 ${width} ${height}`, role: "img", "aria-label": opts.title });
    const plot = height - top - bottom;
    chart.append(svg("line", { class: "axis", x1: left, y1: top + plot, x2: width - 10, y2: top + plot }));
    chart.append(svg("text", { x: 4, y: top + 4 }, opts.format ? opts.format(max) : num(max)));
    chart.append(svg("text", { x: 4, y: top + plot }, "0"));
    const barWidth = (groupWidth - 8) / series.length;
    labels.forEach((label, i) => {
      const x0 = left + i * groupWidth + 4;
      series.forEach((s, k) => {
        const v = s.values[i];
        const h = Math.round((v / max) * plot);
        const bar = svg("rect", { x: x0 + k * barWidth, y: top + plot - h, width: Math.max(1, barWidth - 2), height: h, fill: s.color,
                                  "data-series": s.name, "data-label": label, "data-value": v, class: "bar" });
        bar.append(svg("title", {}, `${label}, ${s.name}: ${opts.format ? opts.format(v) : v}${s.notes ? " (" + s.notes[i] + ")" : ""}`));
        chart.append(bar);
      });
      chart.append(svg("text", { x: x0 + (groupWidth - 8) / 2, y: top + plot + 16, "text-anchor": "middle" }, label));
      if (opts.under) chart.append(svg("text", { x: x0 + (groupWidth - 8) / 2, y: top + plot + 32, "text-anchor": "middle", class: "small" }, opts.under[i]));
    });
    return chart;
  }
  function legend(series) {
    const l = el("div", { class: "legend" });
    for (const s of series) {
      const swatch = el("i");
      swatch.style.background = s.color;
      l.append(swatch, s.name);
    }
    return l;
  }
  // Horizontal bars (rule lift, funnel): rows = [{label, value, text, faint}].
  function hbarChart(rows, opts) {
    const labelWidth = 360, barMax = 380, rowHeight = 22, top = 8;
    const width = labelWidth + barMax + 150, height = top * 2 + rowHeight * rows.length;
    const max = Math.max(opts.minMax || 0, ...rows.map((r) => r.value));
    const chart = svg("svg", { class: "chart", width, height, viewBox: `0 0 ${width} ${height}`, role: "img", "aria-label": opts.title });
    rows.forEach((r, i) => {
      const y = top + i * rowHeight;
      const label = r.label.length > 52 ? r.label.slice(0, 51) + "…" : r.label;
      chart.append(svg("text", { x: labelWidth - 8, y: y + 15, "text-anchor": "end" }, label));
      const w = max > 0 ? Math.round((r.value / max) * barMax) : 0;
      const bar = svg("rect", { x: labelWidth, y: y + 3, width: Math.max(1, w), height: rowHeight - 6, fill: opts.color,
                                "fill-opacity": r.faint ? 0.35 : 1, class: "bar", "data-label": r.label, "data-value": r.value });
      bar.append(svg("title", {}, r.label + ": " + r.text));
      chart.append(bar);
      chart.append(svg("text", { x: labelWidth + w + 6, y: y + 15 }, r.text));
    });
    if (opts.reference !== undefined && max > 0) {
      const x = labelWidth + Math.round((opts.reference / max) * barMax);
      chart.append(svg("line", { x1: x, y1: 2, x2: x, y2: height - 2, stroke: "#c2412d", "stroke-dasharray": "4 3" }));
    }
    return chart;
  }

  // ---- diff ---------------------------------------------------------------
  function renderDiff(d) {
    document.title = `baton diff: ${slaText(d.before)} → ${slaText(d.after)}`;
    app.append(el("h1", {}, "What the change does to our leads"));
    app.append(el("p", { class: "lead" }, iso(slaText(d.before)), " (before) compared with ", iso(slaText(d.after)),
      ` (after), ${d.has_leads ? asOfText(d) : "rules only"}.`));
    if (d.has_leads) {
      app.append(el("div", { class: "kpis" },
        kpi(d.leads, "leads scored by both versions"),
        el("div", { class: "kpi", id: "rejected" }, el("b", {}, d.rejected),
          el("span", {}, "records rejected, left out")),
        kpi(pct(d.stage_changed, d.leads), `change stage (${d.stage_changed})`),
        kpi(pct(d.route_changed, d.leads), `change route (${d.route_changed})`),
        kpi(pct(d.deadline_changed, d.leads), `change follow-up deadline (${d.deadline_changed})`),
        ...(d.has_cadence ? [kpi(pct(d.cadence_changed, d.leads), `change escalation cadence (${d.cadence_changed})`)] : [])));
      const note = duplicatesNote(d.duplicates);
      if (note) app.append(note);
      for (const gap of [stageGapNote(d.stage_not_in_before, "old", "stage-not-in-before"),
                         stageGapNote(d.stage_not_in_after, "new", "stage-not-in-after")])
        if (gap) app.append(gap);
    }
    if (d.limits.length) {
      section("Limits", "A limit that is exceeded, or that could not be checked because no lead was scored by both versions, makes `baton diff` fail (exit code 1), so a CI job stops the change.");
      // The limit as given and the share as the text shows them.
      const status = (c) => (!c.checked ? "not checked" : c.exceeded ? "exceeded" : "ok");
      app.append(table(["check", "leads", "share", "limit", ""], d.limits.map((c) => [
        c.what, c.checked ? c.count : "-", c.checked ? c.share_percent : "-", c.limit_percent,
        el("td", {}, el("span", { class: "tag " + (c.checked ? status(c) : "unchecked"), "data-status": status(c) }, status(c)))]), { id: "limits" }));
    }
    section("What changed in the rules", "Rules are matched by their condition: the same condition with other points is re-weighted.");
    if (!d.changes.length) app.append(el("p", {}, "Nothing: both versions compile to the same rules."));
    else app.append(table(["", "change", "what", "before", "after"], d.changes.map((c) => [
      c.section, el("td", {}, el("span", { class: "tag " + c.kind }, c.kind)), textCell(c.subject, "code text"),
      textCell(c.before, "code text"), textCell(c.after, "code text")]), { id: "changes", class: "left" }));
    if (!d.has_leads) return;

    section("Stage transitions", "Rows: the stage before the change; columns: the stage after. Highlighted cells are leads that change stage; the share is of all leads.");
    const header = ["before ↓ / after →", ...d.stages_after, "total"];
    const rows = d.stages_before.map((from, i) => {
      const cells = [el("th", {}, from)];
      let total = 0;
      d.stages_after.forEach((to, j) => {
        const n = d.matrix[i][j];
        total += n;
        const changed = n > 0 && from !== to;
        const td = el("td", { class: changed ? "changed" : n ? "same" : "", "data-before": from, "data-after": to, "data-count": n });
        td.append(n ? String(n) : "·");
        if (n) td.append(el("span", { class: "share" }, pct(n, d.leads)));
        cells.push(td);
      });
      cells.push(el("td", {}, total));
      return el("tr", {}, ...cells);
    });
    app.append(table(header, rows, { id: "matrix" }));

    if (d.route_changes.length) {
      section("Route changes", "Who gets the lead, before and after.");
      app.append(table(["leads", "before", "after"], d.route_changes.map((p) => [p.count, textCell(p.before), textCell(p.after)]), { id: "routes", class: "left" }));
    }
    if (d.deadline_changes.length) {
      section("Follow-up deadline changes", "How soon sales must follow up, before and after.");
      app.append(table(["leads", "before", "after"], d.deadline_changes.map((p) => [p.count, textCell(p.before), textCell(p.after)]), { id: "deadlines", class: "left" }));
    }
    if (d.cadence_changes.length) {
      section("Escalation cadence changes", "Who is told when sales has not followed up, and after how long.");
      app.append(table(["leads", "before", "after"], d.cadence_changes.map((p) => [p.count, textCell(p.before), textCell(p.after)]), { id: "cadences", class: "left" }));
    }

    section("Scores before and after", "Leads per score band; the table gives the mean and the quantiles (p50 is the median).");
    const series = [{ name: "before", color: "var(--before)" }, { name: "after", color: "var(--after)" }];
    for (const s of d.scores) {
      const box = el("div", { class: "score", "data-score": s.name });
      box.append(el("h3", {}, s.name));
      const q = ["mean", "p10", "p25", "p50", "p75", "p90", "min", "max"];
      const line = (name, dist) => dist ? [name, dist.count, ...q.map((k) => num(dist[k]))] : [name, "not in this version", "", "", "", "", "", "", "", ""];
      const shift = s.before && s.after ? [el("td", {}, "shift"), el("td", {}, ""), ...q.map((k) => {
        // null over no value (no lead scored): no shift either.
        const v = s.after[k] === null || s.before[k] === null ? null : s.after[k] - s.before[k];
        return el("td", { class: v > 0 ? "up" : v < 0 ? "down" : "" }, v === null ? "-" : shiftText(s.before[k], s.after[k]));
      })] : null;
      const rowsQ = [line("before", s.before), line("after", s.after)];
      if (shift) rowsQ.push(el("tr", {}, ...shift));
      box.append(table(["", "leads", ...q], rowsQ));
      if (s.histogram.length) {
        // A null edge lies beyond the largest double: the band is open on that side.
        const labels = s.histogram.map((b) => b.lower === null ? "< " + num(b.upper) : num(b.lower));
        box.append(legend(series));
        box.append(barChart(labels, [
          { name: "before", color: "#8a9bb4", values: s.histogram.map((b) => b.before) },
          { name: "after", color: "#2f6fdb", values: s.histogram.map((b) => b.after) }], { title: "distribution of " + s.name }));
        box.append(el("p", { class: "small" }, "Each band starts at the value under it and ends before the next."));
      }
      app.append(box);
    }

    section("Rules: leads each rule gave points to", "A rule that fires on many more or fewer leads after the change is where to look first.");
    app.append(table(["rule", "before", "after", "change"], d.rules.map((r) => {
      const delta = (r.after || 0) - (r.before || 0);
      return [textCell(r.rule, "code text"), r.before === null ? "-" : r.before, r.after === null ? "-" : r.after,
              el("td", { class: delta > 0 ? "up" : delta < 0 ? "down" : "" }, delta ? signed(delta) : "")];
    }), { id: "rules" }));

    if (d.examples.length) {
      section("Example leads that change stage", "For each changed cell, the first leads, explained by the old and the new rules side by side.");
      for (const cell of d.examples) {
        const box = el("details", { class: "example", "data-before": cell.before, "data-after": cell.after });
        box.append(el("summary", {}, `${cell.before} → ${cell.after}: ${cell.leads.length} of ${cell.count} leads`));
        for (const lead of cell.leads) {
          box.append(el("h3", {}, lead.id === null ? "(no id)" : iso(cut(lead.id))));
          box.append(el("p", { class: "help" }, iso(lead.summary)));
          box.append(el("div", { class: "grid2" },
            el("div", {}, el("div", { class: "small" }, "before: " + slaText(d.before)), el("pre", {}, lead.text_before)),
            el("div", {}, el("div", { class: "small" }, "after: " + slaText(d.after)), el("pre", {}, lead.text_after))));
        }
        app.append(box);
      }
    }
  }

  // ---- report -------------------------------------------------------------
  function renderReport(r) {
    document.title = `baton report: ${slaText(r.sla)}`;
    const won = r.won_found ? r.outcomes.indexOf(r.won) : -1;
    const wonTotal = won >= 0 ? r.total.converted[won] : 0;
    app.append(el("h1", {}, "What converted"));
    app.append(el("p", { class: "lead" }, iso(slaText(r.sla)), `, ${asOfText(r)}; outcomes: `,
      ...(r.outcomes.length ? isoList(r.outcomes) : ["none"]), "."));
    app.append(el("div", { class: "kpis" },
      kpi(r.leads, "leads scored"),
      kpi(r.leads_with_outcome, "with an outcome"),
      kpi(won >= 0 ? pct(wonTotal, r.leads) : "-", ...(won >= 0 ? [iso(r.won), ` (${wonTotal} leads)`] : ["no \"", iso(r.won), "\" outcome"]))));
    const note = duplicatesNote(r.duplicates);
    if (note) app.append(note);
    if (r.outcome_before_as_of)
      app.append(el("p", { class: "help" }, `${r.outcome_before_as_of} leads were scored after their first outcome: score them as of their hand-off to see what the agreement said then.`));

    const convRows = (rows) => rows.map((row) => [textCell(row.label), row.leads, pct(row.leads, r.leads),
      ...row.converted.map((n) => el("td", {}, String(n), el("span", { class: "share" }, pct(n, row.leads))))]);
    section("Funnel", "Leads per stage, and how many of each reached every outcome.");
    app.append(hbarChart(r.by_stage.map((s) => ({ label: s.label, value: s.leads, text: `${s.leads} leads` + (won >= 0 ? `, ${s.converted[won]} ${r.won}` : "") })),
      { title: "leads per stage", color: "#2f6fdb" }));
    app.append(table(["stage", "leads", "share", ...r.outcomes], convRows([...r.by_stage, r.total]), { id: "by-stage" }));
    section("By route", "Who got the leads and what became of them.");
    app.append(table(["route", "leads", "share", ...r.outcomes], convRows(r.by_route), { id: "by-route" }));

    section("Conversion by score band", won >= 0 ? ["Share of leads in each band that ended ", iso(r.won), "; the number under a bar is the leads in the band."] : "Leads per band.");
    for (const t of r.bands) {
      const box = el("div", { class: "band", "data-measure": t.measure });
      box.append(el("h3", {}, `${t.measure} (${t.deciles ? "deciles" : "your bands"})`));
      // "-65 to -22": a dash between the edges would read "-65–-22".
      const labels = t.bands.map((b) => b.label.replace(" to < ", " to "));
      const values = t.bands.map((b) => (won >= 0 && b.leads ? (100 * b.converted[won]) / b.leads : 0));
      if (won >= 0) box.append(barChart(labels, [{ name: r.won + " %", color: "#1f8a4c", values,
        notes: t.bands.map((b) => `${b.converted[won]} of ${b.leads}`) }], { title: `${r.won} rate by ${t.measure}`, format: (v) => v.toFixed(1) + "%", under: t.bands.map((b) => b.leads + " leads") }));
      const rows = [...t.bands];
      if (t.missing.leads) rows.push(t.missing);
      box.append(table([t.measure, "leads", "share", ...r.outcomes], convRows(rows)));
      app.append(box);
    }

    if (won >= 0 && r.rules.length) {
      section("Rule lift", ["How much likelier a lead was to end ", iso(r.won), " when the rule gave it points (1x: no difference; dashed line). Pale bars and rules marked (few leads) rest on fewer than 30 leads."]);
      const lifts = r.rules.map((l) => {
        const fr = l.fired ? l.fired_converted[won] / l.fired : 0, or = l.others ? l.others_converted[won] / l.others : 0;
        return { l, lift: l.fired && or > 0 ? fr / or : null, fr, or };
      });
      app.append(hbarChart(lifts.map((x) => ({ label: x.l.rule, value: x.lift || 0, faint: x.l.fired < 30,
        text: x.l.fired ? `${x.lift === null ? "-" : x.lift.toFixed(2) + "x"}  (${x.l.fired_converted[won]} of ${x.l.fired})` : "never fired" })),
        { title: "rule lift", color: "#7a4bd1", reference: 1, minMax: 1 }));
      // "(few leads)" beside the rule, as the text report puts it, whatever the lift.
      const ruleCell = (l) => {
        const td = textCell(l.rule, "code text");
        if (l.fired > 0 && l.fired < 30) td.append(el("span", { class: "few" }, " (few leads)"));
        return td;
      };
      app.append(table(["rule", "fired", r.won, "rate", "others", r.won, "rate", "lift"], lifts.map((x) => [
        ruleCell(x.l), x.l.fired, x.l.fired_converted[won], pct(x.l.fired_converted[won], x.l.fired),
        x.l.others, x.l.others_converted[won], pct(x.l.others_converted[won], x.l.others),
        x.lift === null ? "-" : x.lift.toFixed(2) + "x"]), { id: "lift" }));
    }

    if (r.thresholds.length) {
      section("Thresholds", won >= 0 ? ["Each score threshold in the stages: the leads it passes (hand-offs it costs), the ", iso(r.won),
        ` leads it catches, and the threshold that would have caught ${Math.round(r.catch_share * 100)}% of them.`] : ["No \"", iso(r.won), "\" outcome to judge thresholds by."]);
      app.append(table(["stage", "threshold", "leads passing", el("span", {}, iso(r.won), " passing"), `to catch ${Math.round(r.catch_share * 100)}%`, "leads passing"],
        r.thresholds.map((t) => [t.stage, textCell(t.text, "code text"), `${t.passing} (${pct(t.passing, r.leads)})`,
          won >= 0 ? `${t.won_passing} of ${wonTotal} (${pct(t.won_passing, wonTotal)})` : "-",
          el("td", { class: "code text" }, t.catch ? `${t.measure} >= ${num(t.catch.value)}` : "-"),
          t.catch ? `${t.catch.passing} (${pct(t.catch.passing, r.leads)})` : "-"]), { id: "thresholds" }));
    }
  }

  function renderHistory(r) {
    if (!r.has_history) return;
    section("Time between stages", "Each lead replayed through its own events: days spent in a stage before the next, and from entering a stage to the outcome's date.");
    if (!r.history.length) { app.append(el("p", {}, "No lead moved between stages.")); return; }
    app.append(table(["from", "to", "leads", "mean", "p25", "median", "p75", "max"], r.history.map((h) => [
      h.from, el("td", { class: "text" }, iso(h.to), h.to_outcome ? " (outcome date)" : ""), h.days.count,
      num(h.days.mean), num(h.days.p25), num(h.days.p50), num(h.days.p75), num(h.days.max)]), { id: "history" }));
  }

  if (data.kind === "diff") renderDiff(data);
  else {
    renderReport(data);
    renderHistory(data);
  }
  document.body.setAttribute("data-rendered", data.kind);
})();
