// `newsdedup report`: one self-contained HTML page that shows the
// syndication in a store, for an archive or a day: totals, the most-copied
// originals with their copies' outlets and lags, the outlets ranked by the
// share of what they publish that is a copy (and of whom), and the
// distributions of lags and relations as inline SVG bar charts. The page
// needs nothing else to open: no script, no stylesheet, no image or font
// from anywhere.
//
// AggregateReport reads the cluster records once and the articles once,
// in two sequential scans with no lookup per article, and keeps one small
// record per cluster that can have copies and per outlet (never an
// article's text), then reads the members of the top clusters only.
// RenderReportHtml writes top-N lists only: a store of a million articles
// gives a page of about 50 KB. Every string from the store is HTML-escaped.
//
// An article's time is its publication time, else the time it was stored;
// a copy's lag is its time minus its cluster's original's (both published
// when both have a publication time, else both stored).
//
// Thread safety: AggregateReport only reads the store (safe alongside a
// writer; a commit during the scan is seen in part). RenderReportHtml is
// pure.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "dedup/decision.h"
#include "dedup/status.h"
#include "storage/store.h"

namespace newsdedup {

struct ReportOptions {
  // Only articles whose time (see above) is at or after this, in ms since
  // the Unix epoch; none: every article.
  std::optional<int64_t> since_ms;
  size_t top_clusters = 20;           // most-copied originals listed
  size_t members_per_cluster = 25;    // members listed under each of them
  size_t top_sources = 30;            // outlets ranked
  size_t copied_from_per_source = 3;  // outlets each one copies most from
};

// One member of a listed cluster.
struct ReportMember {
  std::string id;
  std::string source;
  std::string title;
  std::string url;
  Relation relation = Relation::kNew;
  double score = 0;
  int64_t time_ms = 0;
  bool published = false;         // time_ms is a publication time
  std::optional<int64_t> lag_ms;  // none for the original
  bool original = false;
};

struct ReportCluster {
  std::string id;
  std::string original_id;
  std::string original_title;
  std::string original_source;
  uint64_t members = 0;              // in the report's time range
  uint64_t outlets = 0;              // distinct sources among those members
  std::vector<ReportMember> listed;  // time order, at most members_per_cluster
};

struct ReportSource {
  std::string source;
  uint64_t articles = 0;
  uint64_t copies = 0;  // of them, those that copy another outlet's or its own
  // The outlets whose originals it copies most, with counts, most first.
  std::vector<std::pair<std::string, uint64_t>> copied_from;
};

// The lag histogram's bins (upper bounds, exclusive), then one for longer.
struct LagBin {
  std::string label;
  uint64_t count = 0;
};

struct ReportData {
  std::optional<int64_t> since_ms;
  uint64_t articles = 0;
  uint64_t clusters = 0;                  // distinct clusters of those articles
  uint64_t clusters_with_copies = 0;      // of them, with two members or more
  uint64_t sources = 0;                   // distinct sources
  std::array<uint64_t, 6> by_relation{};  // indexed by Relation
  std::vector<LagBin> lags;
  uint64_t lags_unknown = 0;                // copies whose lag cannot be told
  std::vector<ReportCluster> top_clusters;  // most members first
  std::vector<ReportSource> top_sources;    // highest copy share first
};

// Aggregates the store's articles. Errors are the store's.
StatusOr<ReportData> AggregateReport(const Store& store,
                                     const ReportOptions& options);

// The page, as one HTML document.
std::string RenderReportHtml(const ReportData& data);

// `text` with &, <, >, " and ' as character references: safe in element
// content and in a quoted attribute.
std::string HtmlEscape(std::string_view text);

// A --since value: an RFC 3339 time, or a date YYYY-MM-DD read as its
// first instant in UTC; none when it is neither.
std::optional<int64_t> ReportSince(const std::string& text);

// The command: opens `db` read-only, writes the page to `out_path`
// (replacing it whole, through a temporary file beside it). Returns 0, or 2
// with the reason on stderr.
int ReportCommand(const std::string& db, const ReportOptions& options,
                  const std::string& out_path);

}  // namespace newsdedup
