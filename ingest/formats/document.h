// Documents: inputs that hold articles in a format of their own (a feed, a
// page, a newsroom XML item, an archive). This is the shape every format
// parser shares: bytes in, and out either an error about the document as a
// whole (it is not XML, it is an HTML error page where a feed was expected)
// or one DocumentItem per item it holds, each an article or the reason that
// item was refused, so that one bad item never costs the others.
//
// Every article a parser returns has passed ValidateArticle
// (ingest/formats/article_json.h) under DocumentOptions::limits; a body
// that was HTML in the document is its text (ingest/formats/html_text.h).
// An explicit id or time in the document wins over one derived from the
// origin or the fallback time.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "dedup/article.h"
#include "dedup/status.h"
#include "ingest/formats/limits.h"

namespace newsdedup {

struct DocumentOptions {
  IngestLimits limits;
  // Where the bytes came from: a file name or the URL fetched. Used for
  // messages, to resolve relative links, and as the source when the
  // document names none (a URL's host).
  std::string origin;
  // The publication time of an article whose document gives none (a WARC
  // record's date, the time a feed was fetched).
  std::optional<int64_t> fallback_published_ms;
  // The character set the transport declared (an HTTP Content-Type's
  // charset), empty when none did. The document's own declaration (an XML
  // encoding, a <meta charset>) is used when this is empty.
  std::string charset;
};

// One item of a document.
struct DocumentItem {
  // Where the item is, for messages: "item 3", "entry 2 (urn:x:1)",
  // "record 7 (http://example.com/a)".
  std::string where;
  StatusOr<Article> article;
};

using DocumentItems = std::vector<DocumentItem>;

}  // namespace newsdedup
