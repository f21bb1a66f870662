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

#include <string>
#include <string_view>
#include <vector>

#include "ingest/formats/html_tree.h"

namespace newsdedup {

struct HtmlMeta {
  std::string title;           // og:title, else JSON-LD headline
  std::string document_title;  // <title>
  std::string url;             // <link rel=canonical>, else og:url
  // Publication times as written, best first: article:published_time,
  // JSON-LD datePublished, an itemprop datePublished, a <time datetime>
  // inside an <article>, then meta names such as pubdate or date. The
  // first one that reads (ParsePageTime) wins.
  std::vector<std::string> published;
  std::string site_name;  // og:site_name, else JSON-LD publisher.name
  // JSON-LD articleBody as written (text, sometimes HTML), for pages whose
  // markup holds too little of the story (a script renders it).
  std::string article_body;
};

HtmlMeta ReadHtmlMeta(const HtmlTree& tree);

}  // namespace newsdedup
