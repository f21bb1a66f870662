// A whole crawled HTML page in, its one news article out: the story text
// without the site's navigation, banners, related links, share blocks,
// comments and footer, plus the title, URL, time and source the page
// declares. Pure: bytes in, values out, no I/O.
//
// Decoding (ingest/formats/charset.h): a byte order mark, as in browsers
// (the bytes say what they are whatever a header claims), else
// DocumentOptions::charset (the transport's declaration), else the page's
// own <meta charset> or http-equiv Content-Type within its first 1024
// bytes, else UTF-8 when the bytes are valid UTF-8, else windows-1252. A
// declaration naming a charset nobody knows is passed over, as browsers
// do, rather than costing the page; one naming a Latin single-byte
// charset (ISO-8859-1, windows-1252, ...) is passed over for bytes that
// are valid UTF-8 beyond ASCII, which such text almost never is.
//
// The story is found by classifying the page's text blocks (paragraphs)
// by length, link density, sentence punctuation and the elements around
// them (nav, footer, aside, class/id names of share, comment, related,
// ... blocks; article, main, articleBody, ... for content), smoothing the
// classes by their neighbours, and keeping the densest contiguous run of
// story blocks, inside an <article> or articleBody element when one holds
// most of the story text (ingest/formats/html_blocks.h). No word list of
// any language is used; CJK text is measured in characters. A page whose
// markup holds under a quarter of its JSON-LD articleBody (a page a script
// renders) gives that articleBody instead. A heading
// that repeats the title is not repeated at the top of the body.
//
// Metadata (ingest/formats/html_meta.h):
//   title      og:title, JSON-LD (News/Reportage)Article headline, else
//              <title>; without a trailing " | Site" / " - Site" naming
//              the site (its og:site_name or its host);
//   url, id    <link rel=canonical>, og:url, else DocumentOptions::origin
//              (relative links are resolved against the origin; a
//              canonical front page for a story fetched elsewhere is a
//              template's mistake and is passed over);
//   published  article:published_time, JSON-LD datePublished, a <time
//              datetime> in the story, a pubdate-like meta, else
//              fallback_published_ms; the first that reads as a time
//              (ingest/formats/page_time.h);
//   source     og:site_name, JSON-LD publisher.name, else the URL's host.
//
// Errors: the whole document is refused when it is larger than
// limits.max_record_bytes or is binary data (NUL bytes, or control
// characters in over 1% of it); the one item is an error when the page holds no
// article text ("no article text found"), has no URL to name it by, or fails
// ValidateArticle.
//
// Thread safety: may be called concurrently.
#pragma once

#include <string_view>

#include "dedup/status.h"
#include "ingest/formats/document.h"

namespace newsdedup {

// Exactly one item on success.
StatusOr<DocumentItems> ParseHtmlPage(std::string_view bytes,
                                      const DocumentOptions& options);

}  // namespace newsdedup
