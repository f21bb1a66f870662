// WARC pages: which records of a WARC file are news pages, and the article
// of each. Shared by WarcSource (ingest/sources/warc_source.h, a file
// streamed through the batch loop) and ParseWarcDocument (a whole WARC in
// memory, the shape ParseDocument returns).
//
// A page is a `response` record holding an HTTP 200 response whose
// Content-Type is HTML (text/html, application/xhtml+xml), or a `resource`
// record whose Content-Type is HTML; where no type is given, a payload
// that opens with a doctype or an <html> tag is a page. Every other record
// is skipped, for one of these reasons: request, warcinfo, metadata,
// revisit, redirect (HTTP 3xx), not 200 (any other status), not HTML, not
// HTTP (a response record of another protocol, or whose HTTP head does
// not parse), other (conversion, continuation, unknown types).
//
// A page's article: the HTTP transfer and content codings undone, the page
// read by ParseHtmlPage (ingest/formats/html_page.h) with the HTTP charset
// winning over the page's own. Its id is the WARC-Target-URI (stable and
// unique per capture); its url the page's canonical URL, else the
// Target-URI; it is published when the page says, else at the WARC-Date.
//
// Thread safety: all functions may be called concurrently.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "dedup/article.h"
#include "dedup/status.h"
#include "ingest/formats/document.h"
#include "ingest/sources/warc_reader.h"

namespace newsdedup {

// What the record says of a page, for parsing it later.
struct WarcPage {
  std::string target_uri;
  std::optional<int64_t> date_ms;  // WARC-Date, when it parses
  std::string charset;             // the transport's, "" when none
  bool http = true;  // the block is an HTTP response, not the page itself
};

// "" when `record` is a page (and *page says what of it), else the reason
// it is skipped, as above.
std::string ClassifyWarcRecord(const WarcRecord& record, WarcPage* page);

// The article of a page whose record's block is `block`. Errors: no
// Target-URI, a broken coding, a page ParseHtmlPage refuses, an article
// that fails ValidateArticle under `limits`.
StatusOr<Article> ParseWarcPage(std::string_view block, const WarcPage& page,
                                const IngestLimits& limits);

// A whole WARC in memory (plain, or gzip or zstd compressed) as document
// items: one a page, in order, named "record N (Target-URI)"; skipped
// records give none. A garbled record, one whose block is over
// options.limits.max_record_bytes, and bytes ending inside a record each
// give an item with the error, so what came before is kept. Fails as a
// whole only when nothing in it reads as a WARC record.
StatusOr<DocumentItems> ParseWarcDocument(std::string_view bytes,
                                          const DocumentOptions& options);

}  // namespace newsdedup
