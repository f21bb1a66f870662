// WARC (ISO 28500, versions 1.0 and 1.1): the pure parsing of a record's
// header and of the HTTP response a `response` record holds. Reading
// records out of a file is ingest/sources/warc_reader.h; turning them into
// articles is ingest/sources/warc_source.h.
//
// A record is
//   WARC/1.1\r\n
//   WARC-Type: response\r\n            named fields, one a line; a line
//   Content-Length: 1234\r\n           starting with a space or tab
//   ...                                continues the field above it
//   \r\n
//   <Content-Length bytes: the block>\r\n\r\n
// Field names are case-insensitive. A bare "\n" is accepted for "\r\n".
//
// Thread safety: all functions may be called concurrently.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "dedup/status.h"

namespace newsdedup {

// Named fields of a WARC record or an HTTP message, in order.
struct HeaderFields {
  std::vector<std::pair<std::string, std::string>> fields;

  // The value of the first field named `name` (in any case), trimmed.
  std::optional<std::string_view> Get(std::string_view name) const;
};

// True when `line` (without its line end) is a WARC version line this
// reader knows: "WARC/1.0" or "WARC/1.1".
bool IsWarcVersionLine(std::string_view line);

struct WarcHeader {
  std::string version;  // "WARC/1.0" or "WARC/1.1"
  HeaderFields fields;
  uint64_t content_length = 0;

  std::string_view Type() const;       // WARC-Type, e.g. "response"
  std::string_view TargetUri() const;  // WARC-Target-URI, "" when absent
};

// Parses a record's header: `text` runs from the version line up to (not
// including) the empty line that ends it. InvalidArgument naming what is
// wrong when the version is unknown, a line is not a field, or
// Content-Length is missing or not a number.
StatusOr<WarcHeader> ParseWarcHeader(std::string_view text);

// A Content-Type's media type, lower-case ("text/html"), and its charset
// parameter as given, unquoted ("" when none).
struct ContentType {
  std::string mime_type;
  std::string charset;
};
ContentType ParseContentType(std::string_view value);

// True for text/html and application/xhtml+xml.
bool IsHtmlMimeType(std::string_view mime_type);

// The status line and headers of an HTTP/1.x response, and where its body
// starts in the message.
struct HttpHead {
  int status = 0;
  HeaderFields headers;
  size_t body_offset = 0;
};

// Parses the head of `message` (a response record's block). InvalidArgument
// when it is not an HTTP response head or ends before the empty line.
StatusOr<HttpHead> ParseHttpHead(std::string_view message);

// The body of the response `message` whose head is `head`, with a chunked
// Transfer-Encoding and a gzip, x-gzip or deflate Content-Encoding undone.
// A body stored already decoded (a crawler that kept the headers but not
// the encoding) is taken as it is. ResourceExhausted when the decoded body
// passes `max_bytes`; InvalidArgument when the encoding is broken or not
// one of these.
StatusOr<std::string> DecodeHttpBody(const HttpHead& head,
                                     std::string_view message,
                                     size_t max_bytes);

}  // namespace newsdedup
