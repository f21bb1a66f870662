// Formats: which of the formats newsdedup reads an input is in, by name
// (--format, a Content-Type) or by its first bytes, and the one entry point
// that parses a whole document of any of them.
//
//   jsonl   newsdedup's own JSON Lines, one article a line
//   feed    RSS 0.9x/2.0, RSS 1.0 (RDF) and Atom 1.0
//   html    a single HTML page
//   ninjs   IPTC ninjs 1.x to 3.x, one object, an array, or one a line
//   newsml  IPTC NewsML-G2 news items, packages and newsMessages
//   nitf    IPTC NITF
//   warc    WARC 1.0 and 1.1 archives of crawled pages
//
// Usage:
//   std::optional<Format> format = SniffFormat(bytes, "feed.xml");
//   if (!format) return Status::InvalidArgument("unknown format");
//   StatusOr<DocumentItems> items =
//       ParseDocument(*format, bytes, DocumentOptions{});
//
// Thread safety: all functions may be called concurrently.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "dedup/status.h"
#include "ingest/formats/document.h"

namespace newsdedup {

enum class Format { kJsonLines, kFeed, kHtml, kNinjs, kNewsMl, kNitf, kWarc };

// The name above; FormatNamed also takes "rss", "atom", "rdf" (feed),
// "json"/"jsonlines" (jsonl), "newsml-g2" (newsml). nullopt: no such format.
std::string_view FormatName(Format format);
std::optional<Format> FormatNamed(std::string_view name);

// The format of a document from its first bytes (at least the first few
// kilobytes, decompressed), with `name` (a file name or a URL path) to
// break ties. nullopt when it is none of them.
std::optional<Format> SniffFormat(std::string_view head, std::string_view name);

// The format a Content-Type names (parameters ignored), or nullopt for a
// type that does not say (text/xml, application/xml, application/json:
// sniff those).
std::optional<Format> FormatOfContentType(std::string_view content_type);

// Parses a whole document. JSON Lines and WARC can be larger than memory:
// their stream sources (ingest/sources/) read them record by record, and
// kWarc is an error here.
StatusOr<DocumentItems> ParseDocument(Format format, std::string_view bytes,
                                      const DocumentOptions& options);

}  // namespace newsdedup
