// The daemon polling a feed from its config: a real `newsdedup serve`
// process and a feed server on loopback.
#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "tests/test_util.h"
#include "tests/tools/feeds/feed_server.h"
#include "tests/tools/feeds/feed_site.h"
#include "tests/tools/serve/server_process.h"

namespace newsdedup {
namespace {

TEST(ServeFeedsTest, PolledItemsAreStoredPublishedAndCounted) {
  test::TempDir dir;
  test::FeedSite site;
  site.Add("wire-1");
  site.Add("wire-2");
  test::FeedServer feed(site.Handler());
  test::ServerProcess server(
      dir.path() + "/db",
      R"({"feeds": [{"url": ")" + feed.Url("/wire.jsonl") +
          R"(", "name": "Loopback \"wire\"", "interval_seconds": 60}]})");
  ASSERT_TRUE(server.running()) << server.StderrText();

  // The first poll comes within a few seconds of start.
  const std::string stored =
      "newsdedup_feed_new_items_total{feed=\"Loopback \\\"wire\\\"\"} 2\n";
  std::string metrics;
  const auto deadline =
      std::chrono::steady_clock::now() + std::chrono::seconds(15);
  while (std::chrono::steady_clock::now() < deadline) {
    metrics = test::HttpCall(server.http_port(), "GET", "/metrics").body;
    if (metrics.find(stored) != std::string::npos) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  EXPECT_NE(metrics.find(stored), std::string::npos)
      << metrics << server.StderrText();
  EXPECT_NE(metrics.find("newsdedup_feed_fetches_total{feed=\"Loopback "
                         "\\\"wire\\\"\"} 1\n"),
            std::string::npos);
  EXPECT_NE(metrics.find("newsdedup_feed_errors_total{feed=\"Loopback "
                         "\\\"wire\\\"\"} 0\n"),
            std::string::npos);
  EXPECT_NE(metrics.find("newsdedup_articles_stored_total 2\n"),
            std::string::npos);
  EXPECT_EQ(test::HttpCall(server.http_port(), "GET", "/v1/articles/wire-2")
                .status,
            200);
  // Their cluster events went to subscribers as for posted articles.
  const std::vector<std::string> events =
      test::ReadEventLines(server.http_port(), 1, 2);
  ASSERT_EQ(events.size(), 2u);
  EXPECT_NE(events[0].find("wire-1"), std::string::npos) << events[0];
  EXPECT_EQ(feed.requests().at(0).Header("user-agent"),
            "newsdedup/" NEWSDEDUP_VERSION);
  EXPECT_EQ(server.Stop(SIGTERM), 0) << server.StderrText();
}

}  // namespace
}  // namespace newsdedup
