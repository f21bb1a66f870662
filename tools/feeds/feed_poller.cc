#include "tools/feeds/feed_poller.h"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <cstdio>

namespace newsdedup {
namespace asio = boost::asio;
using std::chrono::milliseconds;

FeedPoller::FeedPoller(Store& store, std::vector<FeedSpec> feeds,
                       IngestArticles ingest, FeedPollerOptions options)
    : store_(store),
      feeds_(std::move(feeds)),
      ingest_(std::move(ingest)),
      options_(std::move(options)),
      stopped_(std::make_shared<std::atomic<bool>>(false)) {
  for (size_t i = 0; i < feeds_.size(); ++i) {
    counters_.push_back(std::make_unique<FeedCounters>());
  }
  if (!options_.poll.now_ms) {
    options_.poll.now_ms = [] {
      return std::chrono::duration_cast<milliseconds>(
                 std::chrono::system_clock::now().time_since_epoch())
          .count();
    };
  }
}

FeedPoller::~FeedPoller() = default;

void FeedPoller::Start(const asio::any_io_executor& executor) {
  timers_.clear();
  for (size_t i = 0; i < feeds_.size(); ++i) {
    auto timer = std::make_shared<asio::steady_timer>(executor);
    timers_.push_back(timer);
    asio::co_spawn(executor, Run(i, std::move(timer)), asio::detached);
  }
}

void FeedPoller::Stop() {
  stopped_->store(true);
  for (const std::weak_ptr<asio::steady_timer>& watched : timers_) {
    if (std::shared_ptr<asio::steady_timer> timer = watched.lock()) {
      timer->cancel();
    }
  }
}

asio::awaitable<void> FeedPoller::Run(
    size_t i, std::shared_ptr<asio::steady_timer> owned_timer) {
  // Held by the frame, so a frame that outlives Stop still sees it.
  std::shared_ptr<std::atomic<bool>> stopped = stopped_;
  const FeedSpec& feed = feeds_[i];
  FeedCounters& counters = *counters_[i];
  asio::steady_timer& timer = *owned_timer;
  milliseconds wait = options_.first_poll_spread * static_cast<int64_t>(i) /
                      static_cast<int64_t>(feeds_.size());
  StatusOr<FeedState> state = LoadFeedState(store_, feed.url);
  if (state.ok()) {
    // A feed an earlier run polled waits out its interval or backoff.
    const int64_t due = state->next_poll_ms - options_.poll.now_ms();
    wait = std::max(wait, milliseconds(due));
  }
  while (!stopped->load()) {
    timer.expires_after(wait);
    boost::system::error_code ec;
    co_await timer.async_wait(asio::redirect_error(asio::use_awaitable, ec));
    if (stopped->load()) break;
    FeedPollResult result =
        co_await PollFeed(store_, feed, ingest_, options_.poll);
    if (result.http_status != 0) counters.fetches.fetch_add(1);
    if (result.not_modified) counters.not_modified.fetch_add(1);
    if (!result.status.ok()) {
      counters.errors.fetch_add(1);
      std::fprintf(stderr, "newsdedup serve: feed %s: %s (retry in %llds)\n",
                   feed.label().c_str(), result.status.ToString().c_str(),
                   static_cast<long long>(
                       (result.state.next_poll_ms - options_.poll.now_ms()) /
                       1000));
    }
    for (const Outcome& o : result.outcomes) {
      if (!o.already_known) counters.new_items.fetch_add(1);
    }
    counters.rejected_items.fetch_add(result.item_errors.size());
    const int64_t due = result.state.next_poll_ms - options_.poll.now_ms();
    wait = milliseconds(std::max<int64_t>(due, 0));
  }
}

std::string PrometheusLabelValue(std::string_view value) {
  std::string out;
  for (char c : value) {
    if (c == '\\') {
      out += "\\\\";
    } else if (c == '"') {
      out += "\\\"";
    } else if (c == '\n') {
      out += "\\n";
    } else {
      out += c;
    }
  }
  return out;
}

std::string FeedPoller::RenderMetrics() const {
  if (feeds_.empty()) return "";
  struct Family {
    const char* name;
    const char* help;
    std::atomic<uint64_t> FeedCounters::*counter;
  };
  static const Family kFamilies[] = {
      {"newsdedup_feed_fetches_total",
       "Feed polls that had a response, by feed.", &FeedCounters::fetches},
      {"newsdedup_feed_not_modified_total",
       "Feed polls answered 304 Not Modified, by feed.",
       &FeedCounters::not_modified},
      {"newsdedup_feed_errors_total",
       "Feed polls that failed (fetch, HTTP status or document), by feed.",
       &FeedCounters::errors},
      {"newsdedup_feed_new_items_total", "Articles stored from a feed.",
       &FeedCounters::new_items},
      {"newsdedup_feed_rejected_items_total",
       "Feed items refused as bad input or not stored.",
       &FeedCounters::rejected_items},
  };
  std::string out;
  for (const Family& family : kFamilies) {
    out += std::string("# HELP ") + family.name + " " + family.help + "\n";
    out += std::string("# TYPE ") + family.name + " counter\n";
    for (size_t i = 0; i < feeds_.size(); ++i) {
      out += std::string(family.name) + "{feed=\"" +
             PrometheusLabelValue(feeds_[i].label()) + "\"} " +
             std::to_string(((*counters_[i]).*family.counter).load()) + "\n";
    }
  }
  return out;
}

}  // namespace newsdedup
