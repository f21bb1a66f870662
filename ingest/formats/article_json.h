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
#include <vector>

#include "dedup/article.h"
#include "dedup/status.h"
#include "ingest/formats/limits.h"

namespace newsdedup {

StatusOr<Article> ParseArticleJson(std::string_view json,
                                   const IngestLimits& limits);

// A JSON array of such articles: one result per element, in order, each
// held to the same checks (an element that is not an object is "not a JSON
// object"). kInvalidArgument when the text is not a JSON array or is over
// limits.max_document_bytes.
StatusOr<std::vector<StatusOr<Article>>> ParseArticleJsonArray(
    std::string_view json, const IngestLimits& limits);

// Whether `json` is a JSON array whose first element is an object with a
// "body" field: an array of these articles rather than of ninjs items,
// which name their text "body_text", "body_html" or "bodies".
bool IsArticleJsonArray(std::string_view json);

// The checks every article passes whatever its wire format: required fields
// present, sizes within limits, valid UTF-8 everywhere, a usable id, a
// publication time that RFC 3339 can write (InRfc3339Range).
[[nodiscard]] Status ValidateArticle(const Article& article,
                                     const IngestLimits& limits);

}  // namespace newsdedup
