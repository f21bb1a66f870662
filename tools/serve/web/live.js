// The live page: polls /ui/api/events and shows the decisions newest
// first, copies grouped under their cluster.
"use strict";
(() => {
  const kPollMs = 1000;
  const decisions = new Map();  // article id -> its decision event
  let last = 0;
  let loaded = false;  // the first answer is in

  function decisionTime(e) { return Date.parse(e.time); }

  function matchesFilters(e) {
    const relation = document.getElementById("relation").value;
    if (relation === "copies" && e.relation === "new") return false;
    if (relation && relation !== "copies" && e.relation !== relation) return false;
    const source = document.getElementById("source").value.trim().toLowerCase();
    if (source && !(e.source || "").toLowerCase().includes(source)) return false;
    const within = Number(document.getElementById("within").value);
    if (within && Date.now() - decisionTime(e) > within) return false;
    return true;
  }

  function row(e) {
    const { el, link } = ND;
    const title = e.title || e.article;
    const article = e.matched
        ? el("a", { href: link("/ui/pair", { a: e.article, b: e.matched }) }, title)
        : el("span", {}, title);
    return el("div", { class: e.fresh ? "decision fresh" : "decision",
                       "data-article": e.article,
                       "data-relation": e.relation },
        el("span", { class: "time" }, e.time.slice(11, 19)),
        ND.relation(e.relation), el("b", {}, e.source || "(no source)"), article,
        el("span", { class: "muted" }, e.article));
  }

  function render() {
    const { el, link } = ND;
    const groups = new Map();  // cluster -> decisions, newest first
    const sorted = [...decisions.values()].filter(matchesFilters)
        .sort((x, y) => y.sequence - x.sequence);
    for (const e of sorted) {
      if (!groups.has(e.cluster)) groups.set(e.cluster, []);
      groups.get(e.cluster).push(e);
    }
    const out = [];
    for (const [cluster, members] of groups) {
      out.push(el("section", { class: "group", "data-cluster": cluster },
          el("h2", {}, el("a", { href: link("/ui/cluster", { id: cluster }) },
                          "cluster " + cluster),
             el("span", { class: "muted" }, " · " + members.length + " shown")),
          ...members.map(row)));
    }
    if (out.length === 0) out.push(el("p", { class: "muted" }, "No decisions yet."));
    document.getElementById("groups").replaceChildren(...out);
  }

  async function poll() {
    try {
      // After the first answer, a long poll: the daemon answers when a
      // decision is made (or after 20 s with nothing).
      const query = last ? { after: last, limit: 500, wait: 20 } : { limit: 200 };
      const body = await ND.api("/ui/api/events?" + new URLSearchParams(query));
      for (const e of body.events) {
        if (e.kind === "new_cluster" || e.kind === "article_joined") {
          e.fresh = loaded;  // arrived while the page was open
          decisions.set(e.article, e);
        } else if (e.kind === "article_removed") {
          decisions.delete(e.article);  // deleted, or expired by retention
        } else if (e.kind === "clusters_merged") {
          for (const d of decisions.values()) {
            if (d.cluster === e.merged_cluster) d.cluster = e.cluster;
          }
        }
        last = Math.max(last, e.sequence);
      }
      if (!last) last = body.last;
      loaded = true;
      document.getElementById("status").textContent =
          "up to event " + last + ", " + new Date().toLocaleTimeString();
      if (body.events.length || !document.getElementById("groups").hasChildNodes()) {
        render();
      }
    } catch (error) {
      document.getElementById("status").textContent = "cannot poll: " + error.message;
    }
    setTimeout(poll, kPollMs);
  }

  document.addEventListener("DOMContentLoaded", () => {
    for (const id of ["relation", "source", "within"]) {
      document.getElementById(id).addEventListener("input", render);
    }
    poll();
  });
})();
