// RenderReportHtml: the report as one HTML page with inline CSS and SVG.
#include <cinttypes>
#include <cmath>
#include <cstdio>
#include <unordered_map>

#include "ingest/formats/rfc3339.h"
#include "tools/report/report.h"

namespace newsdedup {

std::string HtmlEscape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out.push_back(c);
    }
  }
  return out;
}

namespace {

constexpr const char* kStyle = R"css(
body{font:14px/1.4 system-ui,sans-serif;margin:2em auto;max-width:72em;
color:#1d232a;padding:0 1em}
h1{font-size:1.6em}h2{margin-top:2em;border-bottom:1px solid #ccd}
table{border-collapse:collapse;width:100%}
th,td{text-align:left;padding:.25em .6em;border-bottom:1px solid #e4e6ea;
vertical-align:top}
td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}
.nowrap{white-space:nowrap}
.totals{display:flex;flex-wrap:wrap;gap:1em}
.totals div{background:#f2f4f7;padding:.6em 1em;border-radius:4px}
.totals b{display:block;font-size:1.4em}
.rel{display:inline-block;padding:0 .4em;border-radius:3px;background:#e8eef8}
.rel-new{background:#e6f4ea}.rel-rewrite{background:#fdf0d5}
.cluster{margin:1.2em 0;padding:.6em 1em;border-left:4px solid #4c78a8;
background:#fafbfc}
.muted{color:#667}
svg text{font:12px system-ui,sans-serif;fill:#1d232a}
)css";

std::string Num(uint64_t n) { return std::to_string(n); }

// "1 outlet", "3 outlets".
std::string Counted(uint64_t n, const char* noun) {
  return Num(n) + " " + noun + (n == 1 ? "" : "s");
}

std::string_view SourceName(std::string_view source) {
  return source.empty() ? "(no source)" : source;
}

std::string Percent(uint64_t part, uint64_t whole) {
  if (whole == 0) return "0%";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f%%",
                100.0 * static_cast<double>(part) / static_cast<double>(whole));
  return buf;
}

std::string Lag(int64_t ms) {
  const char* sign = ms < 0 ? "-" : "+";
  int64_t s = std::llabs(ms) / 1000;
  char buf[48];
  if (s < 60) {
    std::snprintf(buf, sizeof buf, "%s%" PRId64 " s", sign, s);
  } else if (s < 3600) {
    std::snprintf(buf, sizeof buf, "%s%" PRId64 " min", sign, s / 60);
  } else if (s < 2 * 86400) {
    std::snprintf(buf, sizeof buf, "%s%" PRId64 " h %02" PRId64 " min", sign,
                  s / 3600, s / 60 % 60);
  } else {
    std::snprintf(buf, sizeof buf, "%s%" PRId64 " days %" PRId64 " h", sign,
                  s / 86400, s / 3600 % 24);
  }
  return buf;
}

// A horizontal bar chart: one bar per (label, count), as inline SVG.
std::string BarChart(const std::vector<std::pair<std::string, uint64_t>>& bars,
                     const std::string& title) {
  constexpr int kWidth = 640, kLabel = 110, kRow = 22, kCount = 80;
  uint64_t max = 1;
  for (const auto& [label, count] : bars) max = std::max(max, count);
  const int height = static_cast<int>(bars.size()) * kRow + 4;
  std::string svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" +
                    std::to_string(kWidth) + "\" height=\"" +
                    std::to_string(height) + "\" role=\"img\" aria-label=\"" +
                    HtmlEscape(title) + "\">";
  int y = 2;
  for (const auto& [label, count] : bars) {
    const int w = static_cast<int>(
        std::lround(static_cast<double>(kWidth - kLabel - kCount) *
                    static_cast<double>(count) / static_cast<double>(max)));
    svg += "<g class=\"bar\"><text x=\"" + std::to_string(kLabel - 6) +
           "\" y=\"" + std::to_string(y + 15) + "\" text-anchor=\"end\">" +
           HtmlEscape(label) + "</text><rect x=\"" + std::to_string(kLabel) +
           "\" y=\"" + std::to_string(y + 3) + "\" width=\"" +
           std::to_string(std::max(w, count > 0 ? 1 : 0)) +
           "\" height=\"16\" fill=\"#4c78a8\"/><text x=\"" +
           std::to_string(kLabel + w + 6) + "\" y=\"" + std::to_string(y + 15) +
           "\">" + Num(count) + "</text></g>";
    y += kRow;
  }
  return svg + "</svg>";
}

// Links between the page's parts: an outlet named in a cluster leads to its
// row among the outlets, and an outlet's row to the clusters it is in.
struct Links {
  std::unordered_map<std::string, size_t> outlet_row;  // name -> 1-based
  std::unordered_map<std::string, std::vector<size_t>> clusters_of_outlet;

  explicit Links(const ReportData& d) {
    for (size_t i = 0; i < d.top_sources.size(); ++i) {
      outlet_row.emplace(d.top_sources[i].source, i + 1);
    }
    for (size_t i = 0; i < d.top_clusters.size(); ++i) {
      for (const ReportMember& m : d.top_clusters[i].listed) {
        std::vector<size_t>& in = clusters_of_outlet[std::string(
            m.source.empty() ? std::string_view("(no source)") : m.source)];
        if (in.empty() || in.back() != i + 1) in.push_back(i + 1);
      }
    }
  }

  // The outlet's name, linked to its row when it has one.
  std::string Outlet(std::string_view name) const {
    auto row = outlet_row.find(std::string(name));
    if (row == outlet_row.end()) return HtmlEscape(name);
    return "<a href=\"#outlet-" + std::to_string(row->second) + "\">" +
           HtmlEscape(name) + "</a>";
  }
};

void Totals(const ReportData& d, std::string& h) {
  const uint64_t copies = d.articles - d.by_relation[0];
  h += "<section id=\"totals\" class=\"totals\">";
  auto box = [&](const std::string& value, const char* what) {
    h += "<div><b>" + value + "</b>" + what + "</div>";
  };
  box(Num(d.articles), "articles");
  box(Num(d.clusters), "clusters");
  box(Num(d.clusters_with_copies), "clusters with copies");
  box(Num(copies) + " (" + Percent(copies, d.articles) + ")", "copies");
  box(Num(d.sources), d.sources == 1 ? "outlet" : "outlets");
  h += "</section>";
}

void Relations(const ReportData& d, std::string& h) {
  std::vector<std::pair<std::string, uint64_t>> bars;
  for (size_t r = 0; r < d.by_relation.size(); ++r) {
    bars.emplace_back(RelationName(static_cast<Relation>(r)), d.by_relation[r]);
  }
  h += "<h2 id=\"relations\">Relations</h2>";
  h += BarChart(bars, "articles by relation");
}

void Lags(const ReportData& d, std::string& h) {
  std::vector<std::pair<std::string, uint64_t>> bars;
  for (const LagBin& bin : d.lags) bars.emplace_back(bin.label, bin.count);
  h += "<h2 id=\"lags\">Lag of copies behind their original</h2>";
  h += BarChart(bars, "copies by lag");
  if (d.lags_unknown > 0) {
    h += "<p class=\"muted\">" + Num(d.lags_unknown) +
         " copies without a time to compare.</p>";
  }
}

void Clusters(const ReportData& d, const Links& links, std::string& h) {
  h += "<h2 id=\"clusters\">Most-copied originals</h2>";
  if (d.top_clusters.empty()) h += "<p class=\"muted\">No copies.</p>";
  for (size_t i = 0; i < d.top_clusters.size(); ++i) {
    const ReportCluster& c = d.top_clusters[i];
    h += "<div class=\"cluster\" id=\"cluster-" + std::to_string(i + 1) +
         "\"><h3>" + std::to_string(i + 1) + ". " +
         HtmlEscape(c.original_title.empty() ? c.original_id
                                             : c.original_title) +
         "</h3><p class=\"muted\">cluster " + HtmlEscape(c.id) + " &middot; " +
         Counted(c.members, "member") + " &middot; " +
         Counted(c.outlets, "outlet") + " &middot; original from " +
         links.Outlet(SourceName(c.original_source)) +
         "</p><table><tr><th>outlet</th><th>article</th><th>time</th>"
         "<th class=\"n\">lag</th><th>relation</th><th class=\"n\">score</th>"
         "</tr>";
    for (const ReportMember& m : c.listed) {
      const char* rel = m.original ? "original" : RelationName(m.relation);
      char score[16];
      std::snprintf(score, sizeof score, "%.3f", m.score);
      std::string article = HtmlEscape(m.title.empty() ? m.id : m.title);
      if (m.url.starts_with("http://") || m.url.starts_with("https://")) {
        article = "<a href=\"" + HtmlEscape(m.url) + "\">" + article + "</a>";
      }
      h += "<tr><td>" + links.Outlet(SourceName(m.source)) + "</td><td>" +
           article + " <span class=\"muted\">" + HtmlEscape(m.id) +
           "</span></td><td class=\"nowrap\">" +
           HtmlEscape(FormatRfc3339(m.time_ms)) +
           (m.published ? "" : " <span class=\"muted\">(stored)</span>") +
           "</td><td class=\"n nowrap\">" + (m.lag_ms ? Lag(*m.lag_ms) : "") +
           "</td><td><span class=\"rel rel-" + rel + "\">" + rel +
           "</span></td><td class=\"n\">" + (m.original ? "" : score) +
           "</td></tr>";
    }
    h += "</table>";
    if (c.listed.size() < c.members) {
      h += "<p class=\"muted\">and " + Num(c.members - c.listed.size()) +
           " more.</p>";
    }
    h += "</div>";
  }
}

void Sources(const ReportData& d, const Links& links, std::string& h) {
  h += "<h2 id=\"outlets\">Outlets by share of copies</h2><table><tr>"
       "<th>outlet</th><th class=\"n\">articles</th><th class=\"n\">copies"
       "</th><th class=\"n\">share</th><th>copies most from</th>"
       "<th>in the clusters above</th></tr>";
  for (size_t i = 0; i < d.top_sources.size(); ++i) {
    const ReportSource& s = d.top_sources[i];
    std::string from;
    for (const auto& [source, count] : s.copied_from) {
      if (!from.empty()) from += ", ";
      from += links.Outlet(source) + " (" + Num(count) + ")";
    }
    std::string in;
    if (auto it = links.clusters_of_outlet.find(s.source);
        it != links.clusters_of_outlet.end()) {
      for (size_t n : it->second) {
        in += (in.empty() ? "" : " ") + std::string("<a href=\"#cluster-") +
              std::to_string(n) + "\">" + std::to_string(n) + "</a>";
      }
    }
    h += "<tr id=\"outlet-" + std::to_string(i + 1) + "\"><td>" +
         HtmlEscape(s.source) + "</td><td class=\"n\">" + Num(s.articles) +
         "</td><td class=\"n\">" + Num(s.copies) + "</td><td class=\"n\">" +
         Percent(s.copies, s.articles) + "</td><td>" + from + "</td><td>" + in +
         "</td></tr>";
  }
  h += "</table>";
  if (d.top_sources.size() < d.sources) {
    h += "<p class=\"muted\">" + Num(d.top_sources.size()) + " of " +
         Num(d.sources) + " outlets shown.</p>";
  }
}

}  // namespace

std::string RenderReportHtml(const ReportData& d) {
  std::string h =
      "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
      "<meta name=\"viewport\" content=\"width=device-width\">"
      "<title>newsdedup report</title><style>";
  h += kStyle;
  h += "</style></head><body><h1>Syndication report</h1><p class=\"muted\">";
  h += d.since_ms ? "Articles since " + HtmlEscape(FormatRfc3339(*d.since_ms))
                  : std::string("Every stored article");
  h += " &middot; <a href=\"#clusters\">most-copied originals</a> &middot; "
       "<a href=\"#outlets\">outlets</a> &middot; <a href=\"#lags\">lags</a>"
       " &middot; <a href=\"#relations\">relations</a></p>";
  Totals(d, h);
  const Links links(d);
  Clusters(d, links, h);
  Sources(d, links, h);
  Lags(d, h);
  Relations(d, h);
  h += "</body></html>\n";
  return h;
}

}  // namespace newsdedup
