// Parsing and validating articles from JSON (one JSON Lines record, or an
// HTTP request body), without I/O.
//
// Accepted: {"id": string, "body": string, "title": string, "source": string,
// "url": string, "published": RFC 3339 string} — id and body required, the
// others optional (null counts as absent), unknown fields ignored. Rejected
// with a message naming the problem: text that is not JSON or not an object,
// invalid UTF-8 (with its byte offset), a missing or non-string field, an
// empty id or body, an id with control characters, a field over its cap
// (IngestLimits), a "published" that is not RFC 3339.
#pragma once

#include <string_view>

#include "dedup/article.h"
#include "dedup/status.h"
#include "ingest/formats/limits.h"

namespace newsdedup {

StatusOr<Article> ParseArticleJson(std::string_view json,
                                   const IngestLimits& limits);

// The checks every article passes whatever its wire format: required fields
// present, sizes within limits, valid UTF-8 everywhere, a usable id, a
// publication time that RFC 3339 can write (InRfc3339Range).
[[nodiscard]] Status ValidateArticle(const Article& article,
                                     const IngestLimits& limits);

}  // namespace newsdedup
