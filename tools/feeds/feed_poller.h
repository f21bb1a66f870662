// FeedPoller: the daemon's watch over a list of feeds. Each feed is polled
// (tools/feeds/poll_feed.h) by a coroutine of its own waiting on its own
// timer on the daemon's io_context: no thread per feed. The first polls are
// staggered over first_poll_spread after start, and a feed polled recently
// by an earlier run (its stored state says when) waits out its interval or
// its backoff first, so a restart neither refetches nor hammers a failing
// server. New items go to `ingest` (the daemon's pipeline, as POST
// /v1/articles does), so their cluster events reach subscribers live.
//
// Per-feed counters are rendered in the Prometheus text format for
// /metrics: newsdedup_feed_fetches_total, _not_modified_total,
// _errors_total, _new_items_total and _rejected_items_total, each with a
// feed="name or URL" label.
//
// Thread safety: Start and Stop on the io_context's thread (or before it
// runs); RenderMetrics and counters from any thread. The poller must
// outlive the io_context's last run, and the store with it. Each timer
// belongs to its feed's coroutine frame (the poller only watches it), so
// the io_context and the poller may be destroyed in either order.
#pragma once

#include <utility>  // before asio's awaitable with GCC 12

#include <atomic>
#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/steady_timer.hpp>
#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "storage/store.h"
#include "tools/feeds/poll_feed.h"

namespace newsdedup {

struct FeedPollerOptions {
  FeedPollOptions poll;
  // The first polls after start are spread over this, in list order.
  std::chrono::milliseconds first_poll_spread{5'000};
};

struct FeedCounters {
  std::atomic<uint64_t> fetches{0};       // polls that had a response
  std::atomic<uint64_t> not_modified{0};  // of which 304
  std::atomic<uint64_t> errors{0};        // polls that failed
  std::atomic<uint64_t> new_items{0};     // articles stored
  std::atomic<uint64_t> rejected_items{0};  // items refused or not stored
};

class FeedPoller {
 public:
  FeedPoller(Store& store, std::vector<FeedSpec> feeds, IngestArticles ingest,
             FeedPollerOptions options);
  ~FeedPoller();
  FeedPoller(const FeedPoller&) = delete;
  FeedPoller& operator=(const FeedPoller&) = delete;

  // Starts every feed's coroutine on `executor`.
  void Start(const boost::asio::any_io_executor& executor);
  // Cancels the timers: no poll starts after this; one under way finishes.
  void Stop();

  size_t size() const { return feeds_.size(); }
  const FeedCounters& counters(size_t feed) const { return *counters_[feed]; }
  // The counters as Prometheus text (HELP, TYPE and one sample a feed).
  std::string RenderMetrics() const;

 private:
  boost::asio::awaitable<void> Run(
      size_t feed, std::shared_ptr<boost::asio::steady_timer> timer);

  Store& store_;
  std::vector<FeedSpec> feeds_;
  IngestArticles ingest_;
  FeedPollerOptions options_;
  std::vector<std::unique_ptr<FeedCounters>> counters_;
  std::vector<std::weak_ptr<boost::asio::steady_timer>> timers_;
  std::shared_ptr<std::atomic<bool>> stopped_;
};

// `value` escaped for a Prometheus label value: \ " and newline.
std::string PrometheusLabelValue(std::string_view value);

}  // namespace newsdedup
