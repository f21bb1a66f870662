#include "tools/serve/config.h"

#include <gtest/gtest.h>

#include "tests/test_util.h"

namespace newsdedup {
namespace {

TEST(DaemonConfigTest, TheExampleConfigLoads) {
  StatusOr<ServeConfig> config = LoadServeConfig(
      std::string(NEWSDEDUP_SOURCE_DIR) + "/doc/deploy/newsdedup.example.json");
  ASSERT_TRUE(config.ok()) << config.status().ToString();
  EXPECT_EQ(config->http.host, "127.0.0.1");
  EXPECT_EQ(config->http.port, 8080);
  EXPECT_EQ(config->tcp.port, 8081);
  EXPECT_EQ(config->token, "change-me");
  EXPECT_EQ(config->limits.max_body_bytes, 2097152u);
  EXPECT_EQ(config->max_header_bytes, 16384u);
  EXPECT_EQ(config->max_pending_request_bytes, 268435456u);
  ASSERT_EQ(config->feeds.size(), 1u);
  EXPECT_EQ(config->feeds[0].interval, std::chrono::seconds(900));
  EXPECT_EQ(config->max_feed_bytes, 8388608u);
}

TEST(DaemonConfigTest, FeedsAreCheckedLikeTheRest) {
  test::TempDir dir;
  auto load = [&](const std::string& json) {
    test::WriteFile(dir.path() + "/f.json", json);
    return LoadServeConfig(dir.path() + "/f.json");
  };
  StatusOr<ServeConfig> ok = load(R"({"feeds": [
      {"url": "https://news.example/rss", "name": "Example", "interval_seconds": 300},
      {"url": "http://127.0.0.1:9000/feed.jsonl"}], "max_feed_bytes": 65536})");
  ASSERT_TRUE(ok.ok()) << ok.status().ToString();
  ASSERT_EQ(ok->feeds.size(), 2u);
  EXPECT_EQ(ok->feeds[0].label(), "Example");
  EXPECT_EQ(ok->feeds[0].interval, std::chrono::seconds(300));
  EXPECT_EQ(ok->feeds[1].label(), "http://127.0.0.1:9000/feed.jsonl");
  EXPECT_EQ(ok->feeds[1].interval,
            std::chrono::seconds(kDefaultFeedIntervalSeconds));
  EXPECT_EQ(ok->max_feed_bytes, 65536u);

  auto error = [&](const std::string& json) {
    StatusOr<ServeConfig> c = load(json);
    return c.ok() ? std::string("loaded") : c.status().message();
  };
  EXPECT_NE(error(R"({"feeds": [{"url": "http://a.example/", "intervall": 60}]})")
                .find("feeds[0]: unknown key \"intervall\""),
            std::string::npos);
  EXPECT_NE(error(R"({"feeds": [{"url": "http://a.example/", "interval_seconds": 5}]})")
                .find("interval_seconds"),
            std::string::npos);
  EXPECT_NE(error(R"({"feeds": [{"url": "ftp://a.example/"}]})")
                .find("not http or https"),
            std::string::npos);
  EXPECT_NE(error(R"({"feeds": [{"name": "no url"}]})").find("\"url\" is missing"),
            std::string::npos);
  EXPECT_NE(error(R"({"feeds": [{"url": "http://a.example/"}, {"url": "http://a.example/"}]})")
                .find("feeds[1]: \"http://a.example/\" is listed twice"),
            std::string::npos);
  EXPECT_NE(error(R"({"feeds": {"url": "http://a.example/"}})").find("array"),
            std::string::npos);
  EXPECT_NE(error(R"({"max_feed_bytes": 10})").find("max_feed_bytes"),
            std::string::npos);
}

TEST(DaemonConfigTest, TheRequestBudgetMustHoldTheLargestRequest) {
  test::TempDir dir;
  test::WriteFile(dir.path() + "/c.json",
                  R"({"max_request_bytes": 2000, "max_pending_request_bytes": 1000})");
  StatusOr<ServeConfig> small = LoadServeConfig(dir.path() + "/c.json");
  ASSERT_FALSE(small.ok());
  EXPECT_NE(small.status().message().find("max_pending_request_bytes"),
            std::string::npos);
  test::WriteFile(dir.path() + "/d.json", R"({"max_header_bytes": 10})");
  EXPECT_FALSE(LoadServeConfig(dir.path() + "/d.json").ok());
}

TEST(DaemonConfigTest, UnknownKeysAndBadValuesAreErrors) {
  test::TempDir dir;
  test::WriteFile(dir.path() + "/a.json", R"({"queue_capacty": 5})");
  StatusOr<ServeConfig> typo = LoadServeConfig(dir.path() + "/a.json");
  ASSERT_FALSE(typo.ok());
  EXPECT_NE(typo.status().message().find("unknown key \"queue_capacty\""),
            std::string::npos);
  test::WriteFile(dir.path() + "/b.json", R"({"http": 8080})");
  EXPECT_FALSE(LoadServeConfig(dir.path() + "/b.json").ok());
  EXPECT_FALSE(LoadServeConfig(dir.path() + "/missing.json").ok());
}

TEST(DaemonConfigTest, RetentionIsAWindowAndWhetherItDeletes) {
  test::TempDir dir;
  test::WriteFile(dir.path() + "/r.json",
                  R"({"retention_deletes": true, "retention": "count:5000"})");
  StatusOr<ServeConfig> config = LoadServeConfig(dir.path() + "/r.json");
  ASSERT_TRUE(config.ok()) << config.status().ToString();
  EXPECT_EQ(config->retention.ToString(), "count:5000");
  EXPECT_TRUE(config->retention.delete_from_store);
  test::WriteFile(dir.path() + "/bad.json", R"({"retention": "14 days"})");
  StatusOr<ServeConfig> bad = LoadServeConfig(dir.path() + "/bad.json");
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find("14 days"), std::string::npos);
  EXPECT_FALSE(LoadServeConfig(dir.path() + "/missing.json").ok());
  StatusOr<ServeConfig> example =
      LoadServeConfig(std::string(NEWSDEDUP_SOURCE_DIR) +
                      "/doc/deploy/newsdedup.example.json");
  ASSERT_TRUE(example.ok());
  EXPECT_EQ(example->retention.ToString(), "published:30d");
}

TEST(DaemonConfigTest, EndpointsDefaultToLoopback) {
  StatusOr<Endpoint> e = ParseEndpoint(":9000");
  ASSERT_TRUE(e.ok());
  EXPECT_EQ(e->host, "127.0.0.1");
  EXPECT_EQ(e->port, 9000);
  e = ParseEndpoint("[::1]:0");
  ASSERT_TRUE(e.ok());
  EXPECT_EQ(e->host, "::1");
  EXPECT_FALSE(ParseEndpoint("localhost").ok());
  EXPECT_FALSE(ParseEndpoint("1.2.3.4:99999").ok());
}

}  // namespace
}  // namespace newsdedup

namespace newsdedup {
namespace {

TEST(DaemonConfigTest, MinifluxNeedsASecretAndAnHttpApiWithAKey) {
  test::TempDir dir;
  auto load = [&](const std::string& json) {
    test::WriteFile(dir.path() + "/m.json", json);
    return LoadServeConfig(dir.path() + "/m.json");
  };
  StatusOr<ServeConfig> ok = load(
      R"({"miniflux": {"secret": "s", "api_url": "http://127.0.0.1:8080",
                        "api_key": "k"}})");
  ASSERT_TRUE(ok.ok()) << ok.status().ToString();
  EXPECT_EQ(ok->miniflux.secret, "s");
  EXPECT_EQ(ok->miniflux.api_url, "http://127.0.0.1:8080");
  EXPECT_EQ(ok->miniflux.api_key, "k");
  EXPECT_TRUE(load(R"({"miniflux": {"secret": "s"}})").ok());
  test::WriteFile(dir.path() + "/ca.pem", "-----BEGIN CERTIFICATE-----\n");
  StatusOr<ServeConfig> with_ca =
      load(R"({"miniflux": {"secret": "s", "api_ca_file": ")" + dir.path() +
           R"(/ca.pem"}})");
  ASSERT_TRUE(with_ca.ok()) << with_ca.status().ToString();
  EXPECT_EQ(with_ca->miniflux.api_ca_pem, "-----BEGIN CERTIFICATE-----\n");
  test::WriteFile(dir.path() + "/big.pem", std::string(70 << 10, 'x'));
  EXPECT_TRUE(load(R"({"miniflux": {"secret": "s", "api_key": "k",
                                    "api_url": "https://reader.example/"}})")
                  .ok());
  for (const char* bad :
       {R"({"miniflux": {"api_url": "http://h", "api_key": "k"}})",
        R"({"miniflux": {"secret": "s", "api_url": "http://h"}})",
        R"({"miniflux": {"secret": "s", "api_url": "ftp://h",
                          "api_key": "k"}})",
        R"({"miniflux": {"secret": "s", "apikey": "k"}})",
        R"({"miniflux": {"secret": 5}})", R"({"miniflux": "s"})",
        R"({"miniflux": {"secret": "s", "api_ca_file": "/nonexistent"}})"}) {
    EXPECT_FALSE(load(bad).ok()) << bad;
  }
  EXPECT_FALSE(load(R"({"miniflux": {"secret": "s", "api_ca_file": ")" +
                    dir.path() + R"(/big.pem"}})")
                   .ok());
}

}  // namespace
}  // namespace newsdedup
