// Miniflux's webhook: the daemon as a Miniflux integration. Miniflux POSTs
// a `new_entries` event after storing a feed's new entries; the daemon
// decides each entry like POST /v1/articles and marks the copies read in
// Miniflux, so that a reader sees each story once however many feeds carry
// it. Enabled by ServeConfig::miniflux (config.h); written up in
// doc/api.md.
//
//   POST /v1/integrations/miniflux
//     X-Miniflux-Signature: hex HMAC-SHA256 of the body with the secret
//     X-Miniflux-Event-Type: new_entries (others are acknowledged, ignored)
//     {"event_type":"new_entries","feed":{"id","title","site_url",...},
//      "entries":[{"id","title","url","content","published_at",...}]}
//
// The signature is the request's authentication (Miniflux sends no bearer
// token): a missing or wrong one is refused with 401 before the body is
// read as JSON. An entry is stored as "miniflux:<entry id>": Miniflux's
// entry ids are stable and unique across its feeds, so a redelivered event
// finds its entries already stored (and marks the copies among them read
// again), while a copy in another feed, under another URL, is found by its
// text. An entry that copies an article stored earlier (any relation but
// "new") is marked read through Miniflux's API, PUT /v1/entries with
// X-Auth-Token; the first copy seen stays unread. Entries without content
// are not decided and are named in the answer.
//
// Answers 200 {"decided","copies":[entry ids],"marked_read","errors":[...]};
// 400 for a body that is not a Miniflux event; 401 for a bad signature; 502
// when Miniflux's API refused the update (the decisions are stored: a
// redelivery marks the copies again).
//
// Thread safety: as HttpRoutes, on the network thread.
#pragma once

#include <utility>  // before asio's awaitable with GCC 12

#include <boost/asio/awaitable.hpp>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "dedup/article.h"
#include "dedup/status.h"
#include "ingest/formats/limits.h"
#include "ingest/pipeline.h"
#include "tools/serve/config.h"
#include "tools/serve/http_routes.h"

namespace newsdedup {

inline constexpr std::string_view kMinifluxWebhookPath =
    "/v1/integrations/miniflux";

// Lower-case hex HMAC-SHA256 of `body` under `secret`, as Miniflux signs.
std::string MinifluxSignature(std::string_view secret, std::string_view body);

// True when `signature` (hex, either case) is `body`'s under `secret`. The
// comparison takes the same time wherever the digests differ.
bool MinifluxSignatureValid(std::string_view secret, std::string_view body,
                            std::string_view signature);

struct MinifluxEntry {
  int64_t entry_id = 0;
  // id "miniflux:<entry id>", body the content, title, source the feed's
  // title, url, published_ms from published_at (unset for Go's zero time).
  StatusOr<Article> article = Status::InvalidArgument("unset");
};

struct MinifluxEvent {
  std::string event_type;
  std::vector<MinifluxEntry> entries;  // for new_entries
};

// The event in `body`. An entry whose article is invalid (no content, a
// field over `limits`) keeps its error in `article`; a body that is not an
// event, or has more than `max_entries` entries, is an error.
StatusOr<MinifluxEvent> ParseMinifluxEvent(std::string_view body,
                                           const IngestLimits& limits,
                                           size_t max_entries);

// Marks `entry_ids` read through Miniflux's API (PUT {api_url}/v1/entries)
// with HttpFetch (tools/feeds/http_fetch.h): http, or https verified
// against the system's CAs and config.api_ca_pem; 10-second timeouts; the answer capped at
// 64 KiB; no redirect followed (it would carry the API key elsewhere).
// Errors name the URL and what failed, or the status Miniflux answered.
boost::asio::awaitable<Status> MarkMinifluxEntriesRead(
    const MinifluxConfig& config, const std::vector<int64_t>& entry_ids);

// Answers a request to kMinifluxWebhookPath. REQUIRES: config.miniflux's
// secret is set.
boost::asio::awaitable<HttpResponse> HandleMinifluxWebhook(
    Pipeline& pipeline, const ServeConfig& config, const HttpRequest& req);

}  // namespace newsdedup
