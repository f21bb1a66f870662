// The search page: recent articles by id, URL or title words
// (/ui/api/search).
"use strict";
(() => {
  async function show() {
    const { el, link } = ND;
    const q = ND.params.get("q") || "";
    document.getElementById("q").value = q;
    const token = document.getElementById("token");
    if (ND.token) token.value = ND.token; else token.remove();
    const where = document.getElementById("results");
    if (!q) return;
    try {
      const body = await ND.api("/ui/api/search?" + new URLSearchParams({ q }));
      if (body.results.length === 0) {
        where.replaceChildren(el("p", { class: "muted" }, "Nothing found among recent articles."));
        return;
      }
      where.replaceChildren(el("table", {},
          el("tr", {}, el("th", {}, "article"), el("th", {}, "outlet"),
             el("th", {}, "relation"), el("th", {}, "")),
          ...body.results.map((r) => el("tr", { class: "result", "data-article": r.id },
              el("td", {}, r.title || r.id, " ", el("span", { class: "muted" }, r.id)),
              el("td", {}, r.source || "(no source)"),
              el("td", {}, ND.relation(r.relation)),
              el("td", {}, el("a", { href: link("/ui/cluster", { id: r.cluster }) }, "cluster"),
                 r.matched ? " · " : "",
                 r.matched ? el("a", { href: link("/ui/pair", { a: r.id, b: r.matched }) },
                                "pair") : "")))));
    } catch (error) {
      ND.fail(where, error);
    }
  }
  document.addEventListener("DOMContentLoaded", show);
})();
