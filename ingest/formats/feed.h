// Feeds: RSS 0.9x and 2.0, RSS 1.0 (RDF) and Atom 1.0 documents to
// articles, one DocumentItem per item or entry, in document order. Pure:
// bytes in, values out; the XML is read by XmlDocument (ingest/formats/
// xml.h: no network, no external entities, bounded entity expansion).
//
// Each item's article:
//   id      RSS guid, else rdf:about, else the link; Atom id, else the link
//   title   title as text (HTML in it made text)
//   body    RSS content:encoded, else description; Atom content, else
//           summary; HTML made text by HtmlToText, Atom's type="text",
//           "html" and "xhtml" each read as what they say
//   url     RSS link (else a guid that is a permalink URL); Atom's link
//           with rel="alternate" or no rel; relative ones resolved against
//           xml:base, else the feed's own link, else an origin that is a URL
//   published  RSS pubDate (RFC 822, ingest/formats/rfc822.h) or dc:date
//           (ISO 8601); Atom published, else updated; else
//           DocumentOptions::fallback_published_ms
//   source  RSS item's <source>, else the feed's title; Atom entry's
//           source/title, else the feed's title; else the origin's host
// An item with no id ("no guid, id or link") or no body text ("no text"),
// or one ValidateArticle refuses, is an item whose article is that error.
//
// Errors for the whole document: an HTML page where a feed was expected,
// XML that is not well-formed (with its line and column), a refused DTD,
// or a root element that is no feed (named in the message).
// DocumentOptions::charset, when set, overrides the XML's own encoding.
//
// Thread safety: may be called concurrently.
#pragma once

#include <string_view>

#include "dedup/status.h"
#include "ingest/formats/document.h"

namespace newsdedup {

StatusOr<DocumentItems> ParseFeed(std::string_view bytes,
                                  const DocumentOptions& options);

}  // namespace newsdedup
