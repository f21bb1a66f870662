// The web view's shared helpers: the token, the API, and building elements
// from data without ever parsing it as markup.
"use strict";
const ND = (() => {
  const params = new URLSearchParams(window.location.search);
  const token = params.get("token") || "";

  // A /ui page's address with `query`, the token passed on.
  function link(path, query) {
    const q = new URLSearchParams(query || {});
    if (token) q.set("token", token);
    const s = q.toString();
    return s ? path + "?" + s : path;
  }

  // GETs JSON from the daemon with the token as a bearer header.
  async function api(path) {
    const headers = token ? { Authorization: "Bearer " + token } : {};
    const res = await fetch(path, { headers, cache: "no-store" });
    const body = await res.json().catch(() => ({}));
    if (!res.ok) throw new Error(body.error || res.status + " " + res.statusText);
    return body;
  }

  // An element; strings among `children` become text, never markup.
  function el(tag, attrs, ...children) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === undefined || v === null) continue;
      if (k === "class") e.className = v;
      else e.setAttribute(k, v);
    }
    for (const c of children) {
      if (c === undefined || c === null) continue;
      e.append(c instanceof Node ? c : String(c));
    }
    return e;
  }

  function svg(tag, attrs, text) {
    const e = document.createElementNS("http://www.w3.org/2000/svg", tag);
    for (const [k, v] of Object.entries(attrs || {})) e.setAttribute(k, v);
    if (text !== undefined) e.textContent = text;
    return e;
  }

  // "+3 min", "-1 h 05 min", "+2 days 4 h".
  function lag(ms) {
    const sign = ms < 0 ? "-" : "+";
    const s = Math.floor(Math.abs(ms) / 1000);
    if (s < 60) return sign + s + " s";
    if (s < 3600) return sign + Math.floor(s / 60) + " min";
    if (s < 2 * 86400) {
      return sign + Math.floor(s / 3600) + " h " +
          String(Math.floor(s / 60) % 60).padStart(2, "0") + " min";
    }
    return sign + Math.floor(s / 86400) + " days " + Math.floor(s / 3600) % 24 + " h";
  }

  function relation(name) {
    return el("span", { class: "rel rel-" + name }, name.replace("_", " "));
  }

  function fail(where, error) {
    where.replaceChildren(el("p", { class: "error" }, String(error.message || error)));
  }

  // The header's links carry the token.
  function nav() {
    for (const a of document.querySelectorAll("header a[data-page]")) {
      a.href = link(a.dataset.page);
    }
  }
  document.addEventListener("DOMContentLoaded", nav);

  return { params, token, link, api, el, svg, lag, relation, fail };
})();
