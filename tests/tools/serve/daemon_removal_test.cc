// The daemon's deletion and retention: DELETE /v1/articles/{id}, a
// retention window from the config, and a kill -9 while both are going on.
#include <gtest/gtest.h>
#include <signal.h>

#include <atomic>
#include <mutex>
#include <set>
#include <thread>

#include "tests/test_util.h"
#include "tests/tools/serve/server_process.h"
#include "tools/json_output.h"

namespace newsdedup {
namespace {

using test::ArticleJson;
using test::Numbered;

TEST(DaemonRemovalTest, DeleteTakesAnArticleOutAndSaysSoInTheEvents) {
  test::TempDir dir;
  test::ServerProcess server(dir.path() + "/db");
  ASSERT_TRUE(server.running());
  const uint16_t port = server.http_port();
  const std::vector<Article> seeds = test::SeedArticles();
  for (const Article& a : seeds) {
    ASSERT_EQ(test::HttpCall(port, "POST", "/v1/articles", ArticleJson(a))
                  .status,
              200);
  }
  const std::string original = seeds[0].id, rewrite = seeds[1].id;
  test::HttpResult deleted =
      test::HttpCall(port, "DELETE", "/v1/articles/" + original);
  ASSERT_EQ(deleted.status, 200) << deleted.body;
  EXPECT_NE(deleted.body.find("\"kind\":\"article_removed\""),
            std::string::npos)
      << deleted.body;
  EXPECT_NE(deleted.body.find("\"previous_original\":\"" + original + "\""),
            std::string::npos);
  EXPECT_EQ(test::HttpCall(port, "GET", "/v1/articles/" + original).status,
            404);
  EXPECT_EQ(test::HttpCall(port, "DELETE", "/v1/articles/" + original).status,
            404);
  EXPECT_EQ(test::HttpCall(port, "PUT", "/v1/articles/" + original).status,
            405);
  // Subscribers see it: the two events after the five decisions' five.
  const std::vector<std::string> events = test::ReadEventLines(port, 6, 2);
  ASSERT_EQ(events.size(), 2u);
  EXPECT_NE(events[0].find("\"kind\":\"article_removed\""), std::string::npos)
      << events[0];
  EXPECT_NE(events[1].find("\"original\":\"" + rewrite + "\""),
            std::string::npos)
      << events[1];
  const test::HttpResult metrics = test::HttpCall(port, "GET", "/metrics");
  EXPECT_NE(metrics.body.find("newsdedup_articles_deleted_total 1"),
            std::string::npos);
  EXPECT_NE(metrics.body.find("newsdedup_store_articles 4"), std::string::npos);
  // Sent again, it is stored anew.
  const test::HttpResult again =
      test::HttpCall(port, "POST", "/v1/articles", ArticleJson(seeds[0]));
  EXPECT_EQ(again.status, 200);
  EXPECT_EQ(again.body.find("\"known\":true"), std::string::npos) << again.body;
}

// Articles stream in under a count window that deletes, while a client
// deletes some of them, and the server is killed: after a restart every
// deletion that was answered is in force, every recent article not asked
// to be deleted is there, the window holds, and the events have no gap.
TEST(DaemonRemovalTest, AKillDuringExpiryAndDeletionLosesNothingAnswered) {
  test::TempDir dir;
  const std::string db = dir.path() + "/db";
  const std::string config =
      "{\"retention\":\"count:40\",\"retention_deletes\":true}";
  std::vector<std::string> acked;
  std::set<std::string> delete_sent, delete_answered;
  {
    test::ServerProcess server(db, config);
    ASSERT_TRUE(server.running());
    std::mutex mu;
    std::atomic<bool> stop{false};
    std::thread writer([&] {
      for (int n = 0; !stop.load() && n < 100000; ++n) {
        const Article a = Numbered(n);
        const test::HttpResult r = test::HttpCall(
            server.http_port(), "POST", "/v1/articles", ArticleJson(a));
        if (r.status != 200) break;
        std::lock_guard<std::mutex> lock(mu);
        acked.push_back(a.id);
      }
    });
    std::thread deleter([&] {
      while (!stop.load()) {
        std::string id;
        {
          // A recent article, one in four: the others must all stay.
          std::lock_guard<std::mutex> lock(mu);
          for (size_t i = acked.size(); i-- > 0 && i + 8 > acked.size();) {
            if (i % 4 == 0 && !delete_sent.count(acked[i])) {
              id = acked[i];
              break;
            }
          }
          if (!id.empty()) delete_sent.insert(id);
        }
        if (id.empty()) {
          std::this_thread::sleep_for(std::chrono::milliseconds(2));
          continue;
        }
        const test::HttpResult r =
            test::HttpCall(server.http_port(), "DELETE", "/v1/articles/" + id);
        if (r.status == 0) break;  // the server is gone
        if (r.status == 200) {
          std::lock_guard<std::mutex> lock(mu);
          delete_answered.insert(id);
        }
      }
    });
    // Killed once well past the window, with deletions answered (or after
    // 10 s on a very slow machine, which the checks below then catch).
    const auto deadline =
        std::chrono::steady_clock::now() + std::chrono::seconds(10);
    for (;;) {
      {
        std::lock_guard<std::mutex> lock(mu);
        if (acked.size() >= 150 && delete_answered.size() >= 8) break;
      }
      if (std::chrono::steady_clock::now() > deadline) break;
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    EXPECT_EQ(server.Stop(SIGKILL), 128 + SIGKILL);
    stop.store(true);
    writer.join();
    deleter.join();
  }
  ASSERT_GT(acked.size(), 60u);
  ASSERT_GT(delete_answered.size(), 3u);

  test::ServerProcess server(db, config);
  ASSERT_TRUE(server.running());
  const uint16_t port = server.http_port();
  for (const std::string& id : delete_answered) {
    EXPECT_EQ(test::HttpCall(port, "GET", "/v1/articles/" + id).status, 404)
        << id << " was deleted but is back";
  }
  // The newest acknowledged articles are inside the window, unless a
  // deletion was asked for them.
  size_t checked = 0;
  for (size_t i = acked.size(); i-- > acked.size() - 30;) {
    if (delete_sent.count(acked[i])) continue;
    EXPECT_EQ(test::HttpCall(port, "GET", "/v1/articles/" + acked[i]).status,
              200)
        << acked[i] << " was acknowledged but is gone";
    ++checked;
  }
  EXPECT_GT(checked, 10u);
  const test::HttpResult metrics = test::HttpCall(port, "GET", "/metrics");
  const size_t at = metrics.body.find("\nnewsdedup_store_articles ");
  ASSERT_NE(at, std::string::npos);
  EXPECT_LE(std::stoul(metrics.body.substr(at + 26)), 40u) << metrics.body;
  // Every event from the first on, one after another.
  const size_t last_at =
      metrics.body.find("\nnewsdedup_store_last_event_sequence ");
  ASSERT_NE(last_at, std::string::npos);
  const size_t last = std::stoul(metrics.body.substr(last_at + 38));
  const std::vector<std::string> events =
      test::ReadEventLines(port, 1, last, 20000);
  ASSERT_EQ(events.size(), last);
  for (size_t i = 0; i < events.size(); ++i) {
    ASSERT_EQ(events[i].rfind("{\"sequence\":" + std::to_string(i + 1) + ",", 0),
              0u)
        << events[i];
  }
}

}  // namespace
}  // namespace newsdedup
