// The cluster page: the original and every member on a time line, from
// GET /v1/clusters/{id}.
"use strict";
(() => {
  // A member's time: published, else stored.
  function timeOf(m) { return Date.parse(m.published || m.stored); }

  function timeline(members, t0) {
    const { svg } = ND;
    const width = 1000, height = 100, pad = 40;
    const times = members.map(timeOf);
    const span = Math.max(1, Math.max(...times) - Math.min(...times));
    const min = Math.min(...times);
    const chart = svg("svg", { class: "timeline", viewBox: `0 0 ${width} ${height}`,
                               preserveAspectRatio: "none", role: "img",
                               "aria-label": "members on a time line" });
    chart.append(svg("line", { x1: pad, x2: width - pad, y1: 45, y2: 45 }));
    // The span of the line: the first time, and how long after it the last.
    chart.append(svg("text", { x: 4, y: 88, class: "axis" },
                     new Date(min).toISOString().slice(0, 16).replace("T", " ") + " UTC"));
    chart.append(svg("text", { x: width - 4, y: 88, "text-anchor": "end", class: "axis" },
                     ND.lag(Math.max(...times) - min)));
    members.forEach((m, i) => {
      const x = pad + (width - 2 * pad) * (timeOf(m) - min) / span;
      const dot = svg("circle", { cx: x, cy: 45, r: 6,
                                  class: m.original ? "original" : "copy" });
      dot.append(svg("title", {}, (m.source || m.id) + " " +
                     (m.original ? "original" : ND.lag(timeOf(m) - t0))));
      chart.append(dot);
      chart.append(svg("text", { x, y: i % 2 ? 75 : 25, "text-anchor": "middle" },
                       m.source || m.id));
    });
    return chart;
  }

  async function show() {
    const { el, link } = ND;
    const where = document.getElementById("cluster");
    const id = ND.params.get("id") || "";
    if (!id) return ND.fail(where, new Error("give ?id= a cluster or article id"));
    try {
      const c = await ND.api("/v1/clusters/" + encodeURIComponent(id));
      for (const m of c.members) m.original = m.id === c.original;
      const original = c.members.find((m) => m.original) || c.members[0];
      const t0 = timeOf(original);
      const members = [...c.members].sort((x, y) =>
          (y.original - x.original) || (timeOf(x) - timeOf(y)));
      const rows = members.map((m) => el("tr", { class: "member", "data-article": m.id },
          el("td", { class: "nowrap" }, m.source || "(no source)"),
          el("td", {}, m.url && /^https?:/.test(m.url)
                           ? el("a", { href: m.url, rel: "noreferrer" }, m.title || m.id)
                           : (m.title || m.id),
             " ", el("span", { class: "muted" }, m.id)),
          el("td", { class: "nowrap" },
             m.published || el("span", { class: "muted" }, m.stored + " (stored)")),
          el("td", { class: "n lag nowrap" }, m.original ? "" : ND.lag(timeOf(m) - t0)),
          el("td", {}, ND.relation(m.original ? "original" : m.relation)),
          el("td", { class: "n" }, m.original ? "" : m.score.toFixed(3)),
          el("td", {}, m.matched
              ? el("a", { href: link("/ui/pair", { a: m.id, b: m.matched }) }, "why")
              : "")));
      document.title = "newsdedup: " + (original.title || c.cluster);
      where.replaceChildren(
          el("h1", {}, original.title || original.id),
          el("p", { class: "muted" }, "cluster " + c.cluster + " · " + c.size +
             " members · original " + original.id + " from " +
             (original.source || "(no source)")),
          timeline(members, t0),
          el("table", {}, el("tr", {}, el("th", {}, "outlet"), el("th", {}, "article"),
              el("th", {}, "published"), el("th", { class: "n" }, "lag"),
              el("th", {}, "relation"), el("th", { class: "n" }, "score"),
              el("th", {}, "evidence")), ...rows));
    } catch (error) {
      ND.fail(where, error);
    }
  }
  document.addEventListener("DOMContentLoaded", show);
})();
