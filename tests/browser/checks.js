// Layout checks run inside headless Chromium on a report.html (render_check.py
// injects this file and `EXPECTED`, then reads the result from the DOM).
// Each failure is one line naming the plot and the element; an empty list
// means the page passed.
(function () {
  const failures = [];
  const fail = (msg) => failures.push(msg);
  const plots = (name) => Array.from(document.querySelectorAll(`svg[data-plot="${name}"]`));
  const rect = (el) => el.getBoundingClientRect();
  const label = (el) => JSON.stringify((el.textContent || "").slice(0, 40));
  const TOL = 0.75;  // px: sub-pixel rounding of glyph boxes

  // 1. No text is clipped: every <text> lies inside its <svg>'s box.
  for (const svg of document.querySelectorAll("svg")) {
    const box = rect(svg);
    const name = svg.getAttribute("data-plot") || svg.getAttribute("aria-label");
    for (const t of svg.querySelectorAll("text")) {
      const r = rect(t);
      if (r.width === 0) continue;
      if (r.left < box.left - TOL || r.right > box.right + TOL || r.top < box.top - TOL || r.bottom > box.bottom + TOL)
        fail(`${name}: text ${label(t)} is clipped (text ${r.left.toFixed(1)}..${r.right.toFixed(1)} x ` +
             `${r.top.toFixed(1)}..${r.bottom.toFixed(1)}, plot ${box.left.toFixed(1)}..${box.right.toFixed(1)} x ` +
             `${box.top.toFixed(1)}..${box.bottom.toFixed(1)})`);
    }
    // 2. No two labels of one plot overlap.
    const texts = Array.from(svg.querySelectorAll("text")).map((t) => [t, rect(t)]).filter(([, r]) => r.width > 0);
    for (let i = 0; i < texts.length; ++i)
      for (let j = i + 1; j < texts.length; ++j) {
        const a = texts[i][1], b = texts[j][1];
        const w = Math.min(a.right, b.right) - Math.max(a.left, b.left);
        const h = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
        if (w > 1.5 && h > 1.5) fail(`${name}: labels ${label(texts[i][0])} and ${label(texts[j][0])} overlap`);
      }
  }

  // 3. Numbers read as numbers: no raw float (more than 6 significant digits) anywhere, tooltips included.
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const raw = /-?\d+\.\d+(?:e[+-]?\d+)?/gi;
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    for (const m of n.nodeValue.match(raw) || []) {
      const digits = m.replace(/e.*$/i, "").replace(/[-.]/g, "").replace(/^0+/, "");
      if (digits.length > 6) fail(`raw float ${m} in ${JSON.stringify(n.nodeValue.trim().slice(0, 60))}`);
    }
  }

  // 4. Number and time cells never wrap: their text is on one line.
  for (const td of document.querySelectorAll("td.n")) {
    if (!td.textContent.trim()) continue;
    const range = document.createRange();
    range.selectNodeContents(td);
    const tops = new Set(Array.from(range.getClientRects()).map((r) => Math.round(r.top)));
    if (tops.size > 1) fail(`table cell ${label(td)} wraps onto ${tops.size} lines`);
  }

  // 5. Learning curves: one quantity per chart (train_loss and val_loss share one; val.r2 and val.rmse do not).
  for (const svg of plots("learning-curve")) {
    const series = (svg.getAttribute("data-series") || "").split(" ").filter(Boolean);
    const quantity = (s) => (s.includes("loss") ? "loss" : s.slice(s.indexOf(".") + 1));
    const kinds = new Set(series.map(quantity));
    if (kinds.size !== 1) fail(`learning curves: one axis holds ${[...kinds].join(" and ")}`);
  }

  // 6. Optimization history: every complete and pruned trial is drawn.
  const E = window.EXPECTED || {};
  if (E.trials) {
    const [history] = plots("history");
    if (!history) fail("no optimization history plot");
    else {
      const count = (state) => Array.from(history.querySelectorAll("circle > title"))
                                   .filter((t) => t.textContent.includes(`(${state})`)).length;
      for (const state of ["complete", "pruned"])
        if (count(state) !== E.trials[state])
          fail(`history: ${count(state)} ${state} trials drawn, report has ${E.trials[state]}`);
    }
  }

  // 7. Parallel coordinates: labels drawn above the lines; each numeric axis
  //    has at least two tick labels; a log axis says so.
  for (const svg of plots("parallel")) {
    for (const t of svg.querySelectorAll("text")) {
      t.scrollIntoView({block: "center"});
      const r = rect(t);
      const hit = document.elementFromPoint((r.left + r.right) / 2, (r.top + r.bottom) / 2);
      if (hit !== t && !t.contains(hit)) fail(`parallel: label ${label(t)} is under a ${hit ? hit.tagName : "nothing"}`);
    }
    for (const g of svg.querySelectorAll("g[data-axis]")) {
      const texts = Array.from(g.querySelectorAll("text"));
      const scale = g.getAttribute("data-scale");
      if (!scale.startsWith("choice") && texts.length - 1 < 2) fail(`parallel: axis ${g.getAttribute("data-axis")} has ${texts.length - 1} tick labels`);
      // A huge choice (docs/report.md, "Bounds"): the values used, at most ten of them labelled.
      if (scale === "choice-used" && texts.length - 1 > 10) fail(`parallel: axis ${g.getAttribute("data-axis")} labels ${texts.length - 1} values`);
      if (scale === "log" && !texts[0].textContent.includes("(log)")) fail(`parallel: log axis ${g.getAttribute("data-axis")} is not marked log`);
    }
    for (const name of E.log_axes || [])
      if (!svg.querySelector(`g[data-axis="${name}"][data-scale="log"]`)) fail(`parallel: ${name} is not drawn on a log axis`);
  }

  // 8. Confusion matrix: both axes named.
  for (const svg of plots("confusion"))
    for (const name of ["true class", "predicted class"])
      if (!Array.from(svg.querySelectorAll("text")).some((t) => t.textContent === name)) fail(`confusion: no "${name}" axis title`);

  // 9. Multi-fidelity: each trial drawn up to its own budget.
  if (E.budgets) {
    const [svg] = plots("budgets");
    if (!svg) fail("no budget plot for a multi-fidelity study");
    else {
      const drawn = {};
      for (const g of svg.querySelectorAll("g[data-trial]")) drawn[g.getAttribute("data-trial")] = g;
      for (const [trial, budget] of Object.entries(E.budgets)) {
        const g = drawn[trial];
        if (!g) { fail(`budgets: trial ${trial} not drawn`); continue; }
        const points = g.querySelector("polyline").getAttribute("points").trim().split(/\s+/).length;
        if (g.getAttribute("data-budget") !== String(budget) || points !== budget)
          fail(`budgets: trial ${trial} drawn to ${points} (labelled ${g.getAttribute("data-budget")}), its budget is ${budget}`);
      }
    }
  }

  // 10. Regression: predicted-vs-actual and residual plots with every sampled test row.
  if (E.fit_points !== undefined)
    for (const name of ["predicted-vs-actual", "residuals"]) {
      const [svg] = plots(name);
      if (!svg) fail(`no ${name} plot for a regression`);
      else if (svg.querySelectorAll("circle").length !== E.fit_points)
        fail(`${name}: ${svg.querySelectorAll("circle").length} points, report has ${E.fit_points}`);
    }
  for (const name of E.plots || []) if (!plots(name).length) fail(`no ${name} plot`);

  const out = document.createElement("pre");
  out.id = "exp-browser-check";
  out.textContent = JSON.stringify(failures);
  document.body.appendChild(out);
})();
