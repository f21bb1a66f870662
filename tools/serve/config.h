// ServeConfig: everything `newsdedup serve` can be told, from a JSON config
// file (see doc/deploy/newsdedup.example.json) with command-line flags on
// top.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "dedup/status.h"
#include "ingest/formats/limits.h"
#include "ingest/retention.h"
#include "tools/feeds/poll_feed.h"

namespace newsdedup {

struct Endpoint {
  std::string host = "127.0.0.1";  // loopback by default
  uint16_t port = 0;
};

// "HOST:PORT", "[::1]:PORT" or ":PORT" (loopback). Port 0 picks a free one.
StatusOr<Endpoint> ParseEndpoint(const std::string& text);

// Feeds are polled no more often than this ("interval_seconds" below it is
// a config error): a feed server is somebody else's.
inline constexpr unsigned kMinFeedIntervalSeconds = 60;
inline constexpr unsigned kDefaultFeedIntervalSeconds = 900;

// Miniflux's webhook, POST /v1/integrations/miniflux (tools/serve/miniflux.h,
// doc/api.md). Off while `secret` is empty.
struct MinifluxConfig {
  // The webhook secret Miniflux shows in Settings > Integrations > Webhook;
  // every request must be signed with it (X-Miniflux-Signature).
  std::string secret;
  // Miniflux's base URL ("http://127.0.0.1:8080", "https://reader.example"),
  // for marking copies as read. Empty: copies are decided and stored but
  // left unread.
  std::string api_url;
  // An API key of the Miniflux user whose entries the webhook sends
  // (X-Auth-Token). Required with api_url.
  std::string api_key;
  // PEM certificates trusted for an https api_url besides the system's (a
  // private CA's), read from the config's "api_ca_file" (64 KiB at most).
  std::string api_ca_pem;
};

struct ServeConfig {
  Endpoint http{"127.0.0.1", 8080};
  Endpoint tcp{"127.0.0.1", 8081};
  // When set, every request except GET /healthz must carry
  // "Authorization: Bearer <token>", and TCP clients send it in Hello.
  std::string token;
  // Articles in flight at most (fingerprinting + decision queues).
  size_t queue_capacity = 1024;
  // Fingerprinting threads; 0 means all cores.
  unsigned workers = 0;
  // fsync the write-ahead log before every acknowledgement (survives power
  // loss, not just a killed process), at a latency cost.
  bool sync_writes = false;
  // An HTTP request body (one article or a JSON Lines batch) at most.
  size_t max_request_bytes = 16 << 20;
  // An HTTP request's header at most, and its chunk extensions and
  // trailers counted with it.
  size_t max_header_bytes = 16 << 10;
  // Request bodies held at once, by all connections together: reading
  // more answers 503. Bodies are read as they arrive, never reserved from
  // what Content-Length announces. At least max_request_bytes.
  size_t max_pending_request_bytes = 256 << 20;
  // Articles in one JSON Lines request at most.
  size_t max_batch_articles = 1000;
  // Connections idle this long are closed.
  unsigned idle_timeout_seconds = 60;
  // Concurrent connections at most, per listener.
  size_t max_connections = 1024;
  IngestLimits limits;
  // How long articles stay findable (ingest/retention.h), from
  // "retention": "published:14d" and "retention_deletes": true (expired
  // articles leave the store too). Keep everything by default.
  RetentionOptions retention;
  // Feeds the daemon polls (tools/feeds/feed_poller.h), from
  // "feeds": [{"url": "https://...", "interval_seconds": 900, "name": "..."}]
  // (interval and name optional; URLs http(s) and distinct).
  std::vector<FeedSpec> feeds;
  // A fetched feed document at most, bytes.
  size_t max_feed_bytes = 8 << 20;
  MinifluxConfig miniflux;
};

// Reads a JSON config file over the defaults. Unknown keys are an error, so
// a typo does not silently leave a default in force.
StatusOr<ServeConfig> LoadServeConfig(const std::string& path);

}  // namespace newsdedup
