// The pair page: two texts side by side with their aligned sentences
// highlighted, and the evidence beside its thresholds (/ui/api/pair).
"use strict";
(() => {
  function side(doc, aligned, heading) {
    const { el, link } = ND;
    const paragraphs = doc.sentences.map((s, i) => {
      const k = aligned.get(i);
      return el("p", {}, el("span", k === undefined
          ? { class: "sent", "data-sentence": i }
          : { class: "sent aligned", "data-sentence": i, "data-pair": k.pair,
              title: "aligned with sentence " + k.other + ", overlap " + k.overlap },
          s));
    });
    return el("section", { class: "text", "data-article": doc.id },
        el("h2", {}, heading + ": ", doc.title || doc.id),
        el("p", { class: "muted" }, (doc.source || "(no source)") + " · " +
           (doc.published || "no publication time") + " · ",
           el("a", { href: link("/ui/cluster", { id: doc.cluster }) }, "cluster"),
           " · " + doc.id),
        ...paragraphs);
  }

  async function show() {
    const { el } = ND;
    const where = document.getElementById("pair");
    const a = ND.params.get("a") || "", b = ND.params.get("b") || "";
    if (!a) return ND.fail(where, new Error("give ?a= (and ?b=) article ids"));
    try {
      const p = await ND.api("/ui/api/pair?" + new URLSearchParams(b ? { a, b } : { a }));
      const inQuery = new Map(), inCandidate = new Map();
      p.alignments.forEach((x, pair) => {
        inQuery.set(x.query, { pair, other: x.candidate, overlap: x.overlap });
        inCandidate.set(x.candidate, { pair, other: x.query, overlap: x.overlap });
      });
      const figures = p.figures.map((f) => el("tr", { class: "figure" },
          el("td", {}, f.name), el("td", { class: "n" }, f.value),
          el("td", { class: "muted" }, f.rule)));
      where.replaceChildren(
          el("h1", {}, "Why these two are ", ND.relation(p.verdict.relation)),
          el("p", { class: "verdict" }, "score " + p.verdict.score + " · " + p.verdict.reason +
             " · " + p.alignments.length + " sentence pairs aligned"),
          el("table", { class: "figures" }, el("tr", {}, el("th", {}, "evidence"),
              el("th", { class: "n" }, "value"), el("th", {}, "thresholds")), ...figures),
          el("div", { class: "pair" },
             side(p.candidate, inCandidate, "Earlier"),
             side(p.query, inQuery, "Later")));
      // Pointing at a sentence lights up its partner on the other side.
      where.addEventListener("mouseover", (ev) => {
        const k = ev.target.dataset && ev.target.dataset.pair;
        for (const s of where.querySelectorAll(".sent.aligned")) {
          s.classList.toggle("hover", k !== undefined && s.dataset.pair === k);
        }
      });
    } catch (error) {
      ND.fail(where, error);
    }
  }
  document.addEventListener("DOMContentLoaded", show);
})();
