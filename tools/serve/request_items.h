// RequestItems: the articles a POST /v1/articles body holds, read the same
// way by every HTTP front end (the daemon's http_routes.h, the cluster's
// tools/nats/front.h). No sockets here.
//
// A body is newsdedup's own JSON (one article, or JSON Lines: one a line),
// a JSON array of such articles (its first element has a "body" field), or
// a document of another format (ingest/formats/format.h), named by the
// Content-Type or, for a type that does not say (text/xml,
// application/json), by its first bytes. ?url=... in the target says where
// a document came from (DocumentOptions::origin).
//
// Errors: a body that is not any of these, or a document that does not
// parse whole, is an error Status (answered 400); an item that cannot be
// read is an item whose article holds its error, the others go on.
//
// Thread safety: pure functions.
#pragma once

#include <string>

#include "dedup/status.h"
#include "ingest/formats/document.h"
#include "ingest/formats/limits.h"
#include "tools/serve/http_routes.h"

namespace newsdedup {

struct RequestItems {
  // Items are JSON Lines (named by line number), else document items or
  // array elements (named by DocumentItem::where).
  bool json_lines = true;
  DocumentItems items;
};

StatusOr<RequestItems> ReadRequestItems(const HttpRequest& req,
                                        const IngestLimits& limits);

// The body read and held to the request caps: the items, or the answer
// to send instead (400 unreadable or empty, 413 more than `max_articles`).
StatusOr<RequestItems> ReadRequestItemsOrAnswer(const HttpRequest& req,
                                                const IngestLimits& limits,
                                                size_t max_articles,
                                                HttpResponse* refusal);

// An item's error line: {"line": n, "error": ...} for JSON Lines,
// {"item": where, "error": ...} otherwise.
std::string ItemError(const RequestItems& request, size_t i,
                      const std::string& what);

}  // namespace newsdedup
