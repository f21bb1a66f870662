#include "tools/feeds/feed_poller.h"

#include <gtest/gtest.h>

#include <boost/asio/io_context.hpp>

#include "tests/test_util.h"
#include "tests/tools/feeds/feed_server.h"
#include "tests/tools/feeds/feed_site.h"
#include "tools/commands.h"

namespace newsdedup {
namespace {

using std::chrono::milliseconds;
namespace asio = boost::asio;

IngestArticles EngineIngest(Engine& engine) {
  return [&engine](std::vector<Article> articles)
             -> asio::awaitable<std::vector<StatusOr<Outcome>>> {
    std::vector<StatusOr<Outcome>> out;
    for (Article& a : articles) {
      out.push_back(engine.Ingest(engine.Prepare(std::move(a))));
    }
    co_return out;
  };
}

std::unique_ptr<Engine> OpenEngine(const std::string& dir) {
  StatusOr<std::unique_ptr<Engine>> engine =
      Engine::Open(dir, DefaultEngineOptions());
  EXPECT_TRUE(engine.ok()) << engine.status().ToString();
  return engine.ok() ? std::move(*engine) : nullptr;
}

// Runs the poller until `done` holds (checked every 10 ms) or 10 s pass.
void RunUntil(FeedPoller& poller, const std::function<bool()>& done) {
  asio::io_context io(1);
  poller.Start(io.get_executor());
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (!done() && std::chrono::steady_clock::now() < deadline) {
    io.run_for(milliseconds(10));
  }
  poller.Stop();
  io.run_for(milliseconds(50));
}

TEST(FeedPollerTest, PollsEachFeedOnItsTimerAndCountsWhatHappened) {
  test::TempDir dir;
  test::FeedSite good_site, bad_site;
  good_site.Add("a-1");
  good_site.Add("a-2");
  bad_site.Fail(500);
  test::FeedServer good(good_site.Handler());
  test::FeedServer bad(bad_site.Handler());
  std::unique_ptr<Engine> engine = OpenEngine(dir.path() + "/db");
  ASSERT_NE(engine, nullptr);
  FeedSpec a{good.Url("/a.jsonl"), "Wire \"A\"\n", milliseconds(40)};
  FeedSpec b{bad.Url("/b.jsonl"), "", milliseconds(40)};
  FeedPollerOptions options;
  options.first_poll_spread = milliseconds(20);
  options.poll.max_backoff = milliseconds(200);
  FeedPoller poller(engine->store(), {a, b}, EngineIngest(*engine), options);
  bool added = false;
  RunUntil(poller, [&] {
    // After a few unchanged polls the feed gets a new item.
    if (!added && poller.counters(0).not_modified.load() >= 2) {
      good_site.Add("a-3");
      added = true;
    }
    return poller.counters(0).new_items.load() >= 3 &&
           poller.counters(1).errors.load() >= 3;
  });
  const FeedCounters& ca = poller.counters(0);
  EXPECT_EQ(ca.new_items.load(), 3u);
  EXPECT_GE(ca.not_modified.load(), 2u);
  EXPECT_GE(ca.fetches.load(), 4u);
  EXPECT_EQ(ca.errors.load(), 0u);
  EXPECT_TRUE(engine->FindArticle("a-3")->has_value());
  // The failing feed backs off: its polls grow apart (40, 80, 160 ms...),
  // so it is asked far less often than the healthy one.
  EXPECT_GE(poller.counters(1).errors.load(), 3u);
  EXPECT_LT(bad.request_count(), good.request_count());
  StatusOr<FeedState> state = LoadFeedState(engine->store(), b.url);
  ASSERT_TRUE(state.ok());
  EXPECT_GE(state->consecutive_failures, 3u);

  const std::string text = poller.RenderMetrics();
  EXPECT_NE(text.find("# TYPE newsdedup_feed_fetches_total counter"),
            std::string::npos);
  EXPECT_NE(text.find("newsdedup_feed_new_items_total{feed=\"Wire \\\"A\\\"\\n\"} 3\n"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("newsdedup_feed_errors_total{feed=\"" + b.url + "\"} " +
                      std::to_string(poller.counters(1).errors.load()) + "\n"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("newsdedup_feed_not_modified_total{feed=\"Wire"),
            std::string::npos);
}

TEST(FeedPollerTest, ARestartWaitsOutTheIntervalOfTheLastPoll) {
  test::TempDir dir;
  test::FeedSite site;
  site.Add("a-1");
  test::FeedServer server(site.Handler());
  FeedSpec feed{server.Url("/a.jsonl"), "", std::chrono::hours(1)};
  FeedPollerOptions options;
  options.first_poll_spread = milliseconds(0);
  {
    std::unique_ptr<Engine> engine = OpenEngine(dir.path() + "/db");
    FeedPoller poller(engine->store(), {feed}, EngineIngest(*engine), options);
    RunUntil(poller, [&] { return poller.counters(0).new_items.load() == 1; });
    EXPECT_EQ(server.request_count(), 1u);
  }
  std::unique_ptr<Engine> engine = OpenEngine(dir.path() + "/db");
  FeedPoller poller(engine->store(), {feed}, EngineIngest(*engine), options);
  const auto start = std::chrono::steady_clock::now();
  RunUntil(poller, [&] {
    return std::chrono::steady_clock::now() - start > milliseconds(300);
  });
  EXPECT_EQ(server.request_count(), 1u);  // polled an hour ago: not yet
  EXPECT_EQ(poller.counters(0).fetches.load(), 0u);
}

TEST(FeedPollerTest, LabelValuesAreEscaped) {
  EXPECT_EQ(PrometheusLabelValue("plain"), "plain");
  EXPECT_EQ(PrometheusLabelValue("a\"b\\c\nd"), "a\\\"b\\\\c\\nd");
}

}  // namespace
}  // namespace newsdedup
