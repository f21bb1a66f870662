// What a news page says about itself in its markup: Open Graph and
// article: meta tags, <link rel=canonical>, <title>, <time datetime>, and
// schema.org JSON-LD (one or several script blocks, an object, an array
// or an @graph) describing a NewsArticle, Article, ReportageNewsArticle,
// BlogPosting or the like. Each field holds the first source that has it,
// in the order ParseHtmlPage (html_page.h) prefers; values are as written,
// trimmed (URLs unresolved, times unparsed).
//
// Thread safety: pure functions.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "ingest/formats/html_tree.h"

namespace newsdedup {

struct HtmlMeta {
  std::string title;           // og:title, else JSON-LD headline
  std::string document_title;  // <title>
  std::string url;             // <link rel=canonical>, else og:url
  // article:published_time, else JSON-LD datePublished, else a <time
  // datetime> inside an <article> or marked datePublished.
  std::string published;
  std::string site_name;  // og:site_name, else JSON-LD publisher.name
};

HtmlMeta ReadHtmlMeta(const HtmlTree& tree);

// A page's date-time as pages write it, to epoch milliseconds: RFC 3339,
// and its common loose forms: a space for the "T", no seconds, "+0100"
// for "+01:00", no time zone (read as UTC), a date alone (its midnight
// UTC). nullopt for anything else.
std::optional<int64_t> ParsePageTime(std::string_view text);

}  // namespace newsdedup
