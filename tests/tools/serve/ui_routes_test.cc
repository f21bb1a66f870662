// The web view's routes on a real daemon: the token rules, the pages and
// their JSON. (In a browser: web_view_browser_test.sh.)
#include "tools/serve/ui_routes.h"

#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "tests/test_util.h"
#include "tests/tools/serve/server_process.h"
#include "tools/json_output.h"

namespace newsdedup {
namespace {

std::string SeedJson(const Article& a, const std::string& source) {
  return "{\"id\":" + JsonString(a.id) + ",\"body\":" + JsonString(a.body) +
         ",\"title\":" + JsonString(a.title) +
         ",\"source\":" + JsonString(source) + "}";
}

class UiRoutesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    server_ = std::make_unique<test::ServerProcess>(dir_.path() + "/store",
                                                    R"({"token": "s3cret"})");
    ASSERT_TRUE(server_->running());
    seeds_ = test::SeedArticles();
    ASSERT_GE(seeds_.size(), 2u);
  }
  void Post(const Article& a, const std::string& source) {
    test::HttpResult r =
        test::HttpCall(server_->http_port(), "POST", "/v1/articles",
                       SeedJson(a, source), "s3cret");
    ASSERT_EQ(r.status, 200) << r.body;
  }
  test::HttpResult Get(const std::string& target,
                       const std::string& token = "") {
    return test::HttpCall(server_->http_port(), "GET", target, "", token);
  }

  test::TempDir dir_;
  std::unique_ptr<test::ServerProcess> server_;
  std::vector<Article> seeds_;
};

TEST_F(UiRoutesTest, PagesNeedTheTokenAsHeaderOrQueryAndStaticFilesDoNot) {
  test::HttpResult refused = Get("/ui/");
  EXPECT_EQ(refused.status, 401);
  EXPECT_EQ(refused.headers["www-authenticate"], "Bearer");
  EXPECT_EQ(Get("/ui/cluster?id=x&token=wrong").status, 401);
  EXPECT_EQ(Get("/ui/api/events").status, 401);

  test::HttpResult by_query = Get("/ui/?token=s3cret");
  EXPECT_EQ(by_query.status, 200);
  EXPECT_EQ(by_query.headers["content-type"], "text/html; charset=utf-8");
  EXPECT_NE(by_query.body.find("/ui/static/live.js"), std::string::npos);
  EXPECT_EQ(by_query.headers["referrer-policy"], "no-referrer");
  EXPECT_NE(
      by_query.headers["content-security-policy"].find("script-src 'self'"),
      std::string::npos);
  EXPECT_EQ(Get("/ui/pair", "s3cret").status, 200);

  // The query token opens the web view only, not the API.
  EXPECT_EQ(Get("/v1/clusters/x?token=s3cret").status, 401);

  test::HttpResult js = Get("/ui/static/ui.js");
  EXPECT_EQ(js.status, 200);
  EXPECT_EQ(js.headers["content-type"], "text/javascript; charset=utf-8");
  EXPECT_EQ(Get("/ui/static/live.html").status, 404);  // pages need the token
  EXPECT_EQ(Get("/ui/static/../live.html").status, 404);
  EXPECT_EQ(Get("/ui/nothing", "s3cret").status, 404);
  EXPECT_EQ(
      test::HttpCall(server_->http_port(), "POST", "/ui/", "", "s3cret").status,
      405);
}

TEST_F(UiRoutesTest, EventsCarryTheArticlesSourceAndALongPollWaitsForOne) {
  Post(seeds_[0], "Wire <Service>");
  test::HttpResult first = Get("/ui/api/events?limit=10", "s3cret");
  ASSERT_EQ(first.status, 200);
  EXPECT_NE(first.body.find("\"last\":1,"), std::string::npos) << first.body;
  EXPECT_NE(first.body.find("\"source\":\"Wire <Service>\""),
            std::string::npos);

  std::thread later([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    Post(seeds_[1], "Daily Courier");
  });
  const auto start = std::chrono::steady_clock::now();
  test::HttpResult next = Get("/ui/api/events?after=1&wait=10", "s3cret");
  const auto waited = std::chrono::steady_clock::now() - start;
  later.join();
  ASSERT_EQ(next.status, 200);
  EXPECT_NE(next.body.find("\"article\":" + JsonString(seeds_[1].id)),
            std::string::npos)
      << next.body;
  EXPECT_EQ(next.body.find("\"article\":" + JsonString(seeds_[0].id)),
            std::string::npos);
  EXPECT_GE(waited, std::chrono::milliseconds(250));
  EXPECT_LT(waited, std::chrono::seconds(8));
}

TEST_F(UiRoutesTest, PairOfTheSeedCopyHasAlignedSentencesAndThresholds) {
  Post(seeds_[0], "Wire");
  Post(seeds_[1], "Daily Courier");
  test::HttpResult pair =
      Get("/ui/api/pair?a=" + seeds_[1].id + "&b=" + seeds_[0].id, "s3cret");
  ASSERT_EQ(pair.status, 200) << pair.body;
  EXPECT_NE(pair.body.find("\"candidate\":{\"id\":" + JsonString(seeds_[0].id)),
            std::string::npos);
  EXPECT_NE(pair.body.find("\"alignments\":[{\"query\":"), std::string::npos);
  EXPECT_NE(pair.body.find("\"name\":\"shingle containment\""),
            std::string::npos);
  // Without b: the article a matched.
  test::HttpResult matched = Get("/ui/api/pair?a=" + seeds_[1].id, "s3cret");
  ASSERT_EQ(matched.status, 200);
  EXPECT_EQ(matched.body, pair.body);
  EXPECT_EQ(Get("/ui/api/pair?a=" + seeds_[0].id, "s3cret").status, 404);
  EXPECT_EQ(Get("/ui/api/pair?a=nope&b=" + seeds_[0].id, "s3cret").status, 404);
  EXPECT_EQ(
      Get("/ui/api/pair?a=" + seeds_[0].id + "&b=" + seeds_[0].id, "s3cret")
          .status,
      400);
}

TEST_F(UiRoutesTest, SearchFindsByIdAndTitleWords) {
  for (size_t i = 0; i < seeds_.size(); ++i) Post(seeds_[i], "Outlet");
  test::HttpResult by_id = Get("/ui/api/search?q=" + seeds_[2].id, "s3cret");
  ASSERT_EQ(by_id.status, 200);
  EXPECT_NE(by_id.body.find("{\"id\":" + JsonString(seeds_[2].id)),
            std::string::npos);
  EXPECT_EQ(Get("/ui/api/search?q=no+such+words+anywhere", "s3cret").body,
            "{\"results\":[]}\n");
}

}  // namespace
}  // namespace newsdedup
