// PollFeed: one poll of one feed — a conditional fetch, the document parsed
// in whatever format it is, the items not seen before handed to the engine,
// and the feed's state (tools/feeds/feed_state.h) saved. Shared by the
// daemon's poller (tools/feeds/feed_poller.h) and `newsdedup fetch`.
//
// The format is the one the Content-Type names, else sniffed from the body
// and the URL's path; the document is parsed by ParseDocument
// (ingest/formats/format.h) with the final URL as its origin, the fetch
// time as the publication time of items that give none, and the
// Content-Type's charset.
//
// Nothing is lost to a crash or a failure: an item is marked seen only
// after `ingest` returned it stored (durably) or already known, and the
// feed's new validators (ETag, Last-Modified) are kept only when every item
// was stored, known or refused as bad input; otherwise the next poll
// fetches the whole document again rather than being told "not modified".
//
// Thread safety: run on one executor; `store` is used through its
// thread-safe state calls. Two polls of the same URL must not overlap.
#pragma once

#include <utility>  // before asio's awaitable with GCC 12

#include <boost/asio/awaitable.hpp>
#include <chrono>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "dedup/article.h"
#include "dedup/status.h"
#include "ingest/engine.h"
#include "ingest/formats/limits.h"
#include "storage/store.h"
#include "tools/feeds/feed_state.h"
#include "tools/feeds/http_fetch.h"

namespace newsdedup {

struct FeedSpec {
  std::string url;
  std::string name;  // for metrics and messages; the URL when empty
  std::chrono::milliseconds interval{std::chrono::minutes(15)};
  const std::string& label() const { return name.empty() ? url : name; }
};

// Hands articles to the engine; one result per article, each returned
// once durable. An article already stored comes back already_known.
using IngestArticles =
    std::function<boost::asio::awaitable<std::vector<StatusOr<Outcome>>>(
        std::vector<Article>)>;

struct FeedPollOptions {
  HttpFetchOptions http;
  IngestLimits limits;
  // Articles handed to `ingest` at a time at most.
  size_t ingest_batch = 64;
  // The longest wait between polls of a failing feed.
  std::chrono::milliseconds max_backoff{std::chrono::hours(6)};
  // Wall-clock milliseconds since the epoch; injected for tests.
  std::function<int64_t()> now_ms;
  // A number in [0, 1) for the backoff's jitter; injected for tests.
  std::function<double()> random;
};

// What one poll did.
struct FeedPollResult {
  Status status;              // why the poll failed, or OK
  int http_status = 0;        // 0 when no response was had
  bool not_modified = false;  // a 304: nothing else was done
  size_t items = 0;           // in the document
  size_t seen = 0;            // of which skipped as seen before
  std::vector<Outcome> outcomes;    // stored now, or already known
  std::vector<Status> item_errors;  // items refused or not stored
  FeedState state;                  // as saved
};

// The wait before polling again after `failures` consecutive failures:
// interval * 2^(failures - 1), at most `max_backoff` (but never below the
// interval), times a jitter in [0.8, 1.0) from `unit_random` in [0, 1), so
// that feeds failing together do not retry together.
std::chrono::milliseconds BackoffDelay(std::chrono::milliseconds interval,
                                       uint32_t failures,
                                       std::chrono::milliseconds max_backoff,
                                       double unit_random);

boost::asio::awaitable<FeedPollResult> PollFeed(Store& store, FeedSpec feed,
                                                IngestArticles ingest,
                                                FeedPollOptions options);

}  // namespace newsdedup
