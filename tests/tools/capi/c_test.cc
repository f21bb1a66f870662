// The C API (tools/capi/c.h) as a C caller sees it: the seeds clustered as
// their labels say, errors as messages, matching that stores nothing, and
// lookups of what was stored.
#include "tools/capi/c.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <cstring>
#include <string>
#include <thread>
#include <vector>

#include "tests/test_util.h"
#include "tests/tools/capi/c_errors.h"

namespace newsdedup {
namespace {

using Err = test::CError;

newsdedup_article_t* MakeArticle(const Article& a) {
  newsdedup_article_t* out = newsdedup_article_create();
  newsdedup_article_set_id(out, a.id.data(), a.id.size());
  newsdedup_article_set_body(out, a.body.data(), a.body.size());
  newsdedup_article_set_title(out, a.title.data(), a.title.size());
  if (a.published_ms) newsdedup_article_set_published_ms(out, *a.published_ms);
  return out;
}

class CApiTest : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = newsdedup_open(nullptr, dir_.path().c_str(), &err_.message);
    ASSERT_NE(db_, nullptr) << err_.Take();
  }
  void TearDown() override { newsdedup_close(db_); }

  // Adds `a`; the decision's (relation, cluster), or the error message.
  std::string Add(const Article& a, std::string* cluster = nullptr) {
    newsdedup_article_t* article = MakeArticle(a);
    newsdedup_decision_t* d = newsdedup_add(db_, article, &err_.message);
    newsdedup_article_destroy(article);
    if (d == nullptr) return "error: " + err_.Take();
    if (cluster) *cluster = newsdedup_decision_cluster_id(d);
    std::string relation = newsdedup_decision_relation(d);
    newsdedup_decision_destroy(d);
    return relation;
  }

  test::TempDir dir_;
  Err err_;
  newsdedup_t* db_ = nullptr;
};

TEST_F(CApiTest, ClustersTheSeedsAsLabelled) {
  const std::vector<Article> seeds = test::SeedArticles();
  ASSERT_EQ(seeds.size(), 5u);
  std::vector<std::string> clusters(seeds.size());
  for (size_t i = 0; i < seeds.size(); ++i) {
    const std::string relation = Add(seeds[i], &clusters[i]);
    EXPECT_EQ(relation == "new", i != 1) << seeds[i].id << ": " << relation;
  }
  EXPECT_EQ(clusters[0], clusters[1]);
  for (size_t i = 2; i < seeds.size(); ++i) {
    for (size_t j = 0; j < i; ++j) EXPECT_NE(clusters[i], clusters[j]);
  }

  newsdedup_members_t* members =
      newsdedup_cluster_members(db_, seeds[1].id.data(), seeds[1].id.size(),
                                &err_.message);
  ASSERT_NE(members, nullptr) << err_.Take();
  EXPECT_EQ(std::string(newsdedup_members_cluster_id(members)), clusters[0]);
  ASSERT_EQ(newsdedup_members_count(members), 2u);
  EXPECT_EQ(std::string(newsdedup_members_id(members, 0)), seeds[0].id);
  EXPECT_EQ(std::string(newsdedup_members_id(members, 1)), seeds[1].id);
  EXPECT_STREQ(newsdedup_members_id(members, 2), "");
  newsdedup_members_destroy(members);

  newsdedup_decision_t* d = newsdedup_get_decision(
      db_, seeds[1].id.data(), seeds[1].id.size(), &err_.message);
  ASSERT_NE(d, nullptr) << err_.Take();
  EXPECT_STREQ(newsdedup_decision_article_id(d), seeds[1].id.c_str());
  EXPECT_STREQ(newsdedup_decision_matched_id(d), seeds[0].id.c_str());
  EXPECT_STREQ(newsdedup_decision_original_id(d), seeds[0].id.c_str());
  EXPECT_EQ(newsdedup_decision_is_new(d), 0);
  EXPECT_GT(newsdedup_decision_score(d), 0.0);
  EXPECT_LE(newsdedup_decision_score(d), 1.0);
  EXPECT_STRNE(newsdedup_decision_reason(d), "");
  newsdedup_decision_destroy(d);
}

TEST_F(CApiTest, AnIdAddedTwiceIsKnownAndNotStoredAgain) {
  const Article a = test::SeedArticles()[0];
  EXPECT_EQ(Add(a), "new");
  newsdedup_article_t* article = MakeArticle(a);
  newsdedup_decision_t* d = newsdedup_add(db_, article, &err_.message);
  newsdedup_article_destroy(article);
  ASSERT_NE(d, nullptr) << err_.Take();
  EXPECT_EQ(newsdedup_decision_already_known(d), 1);
  EXPECT_EQ(newsdedup_decision_is_new(d), 1);
  newsdedup_decision_destroy(d);
}

TEST_F(CApiTest, MatchingStoresNothing) {
  const std::vector<Article> seeds = test::SeedArticles();
  EXPECT_EQ(Add(seeds[0]), "new");
  newsdedup_article_t* copy = MakeArticle(seeds[1]);
  newsdedup_decision_t* d = newsdedup_match(db_, copy, &err_.message);
  newsdedup_article_destroy(copy);
  ASSERT_NE(d, nullptr) << err_.Take();
  EXPECT_EQ(newsdedup_decision_is_new(d), 0);
  EXPECT_STREQ(newsdedup_decision_matched_id(d), seeds[0].id.c_str());
  newsdedup_decision_destroy(d);

  EXPECT_EQ(newsdedup_get_decision(db_, seeds[1].id.data(),
                                   seeds[1].id.size(), &err_.message),
            nullptr);
  EXPECT_EQ(err_.message, nullptr) << "an unknown id is not an error";
  // Stored afterwards, the copy is decided as if never matched.
  EXPECT_NE(Add(seeds[1]), "new");
}

TEST_F(CApiTest, UnknownIdsAreNullWithoutAnError) {
  EXPECT_EQ(newsdedup_get_decision(db_, "nope", 4, &err_.message), nullptr);
  EXPECT_EQ(newsdedup_cluster_members(db_, "nope", 4, &err_.message),
            nullptr);
  EXPECT_EQ(err_.message, nullptr);
}

TEST_F(CApiTest, InvalidArticlesAreRefusedWithAMessage) {
  Article no_id;
  no_id.body = "Some text.";
  EXPECT_NE(Add(no_id).find("error: "), std::string::npos);
  Article no_body;
  no_body.id = "a1";
  EXPECT_NE(Add(no_body).find("body"), std::string::npos);
  Article long_id;
  long_id.id = std::string(300, 'x');
  long_id.body = "Some text.";
  EXPECT_NE(Add(long_id).find("error: "), std::string::npos);
  // An earlier message is replaced, not leaked.
  newsdedup_article_t* empty = newsdedup_article_create();
  EXPECT_EQ(newsdedup_match(db_, empty, &err_.message), nullptr);
  EXPECT_EQ(newsdedup_add(db_, empty, &err_.message), nullptr);
  EXPECT_NE(err_.Take(), "");
  newsdedup_article_destroy(empty);
}

TEST_F(CApiTest, ASecondWriterIsRefusedButAReaderMayOpen) {
  EXPECT_EQ(Add(test::SeedArticles()[0]), "new");
  EXPECT_EQ(newsdedup_open(nullptr, dir_.path().c_str(), &err_.message),
            nullptr);
  EXPECT_NE(err_.Take().find("lock"), std::string::npos);

  newsdedup_options_t* options = newsdedup_options_create();
  newsdedup_options_set_read_only(options, 1);
  newsdedup_t* reader =
      newsdedup_open(options, dir_.path().c_str(), &err_.message);
  newsdedup_options_destroy(options);
  ASSERT_NE(reader, nullptr) << err_.Take();
  const std::string id = test::SeedArticles()[0].id;
  newsdedup_decision_t* d =
      newsdedup_get_decision(reader, id.data(), id.size(), &err_.message);
  ASSERT_NE(d, nullptr) << err_.Take();
  newsdedup_decision_destroy(d);
  newsdedup_article_t* article = MakeArticle(test::SeedArticles()[1]);
  EXPECT_EQ(newsdedup_add(reader, article, &err_.message), nullptr);
  EXPECT_NE(err_.Take(), "");
  newsdedup_article_destroy(article);
  newsdedup_close(reader);
}

TEST_F(CApiTest, OneHandleServesManyThreadsAtOnce) {
  const std::vector<Article> seeds = test::SeedArticles();
  constexpr int kThreads = 4;
  std::vector<std::thread> threads;
  std::vector<int> failures(kThreads, 0);
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (size_t i = 0; i < seeds.size(); ++i) {
        Article a = seeds[i];
        a.id = "t" + std::to_string(t) + "-" + a.id;
        newsdedup_article_t* article = MakeArticle(a);
        char* err = nullptr;
        newsdedup_decision_t* d = newsdedup_add(db_, article, &err);
        newsdedup_article_destroy(article);
        if (d == nullptr) ++failures[t];
        newsdedup_decision_destroy(d);
        newsdedup_free(err);
      }
    });
  }
  for (std::thread& t : threads) t.join();
  for (int t = 0; t < kThreads; ++t) EXPECT_EQ(failures[t], 0);
  // Every copy of seed 000 landed in one cluster, whichever thread was first.
  const std::string id = "t0-" + seeds[0].id;
  newsdedup_members_t* members =
      newsdedup_cluster_members(db_, id.data(), id.size(), &err_.message);
  ASSERT_NE(members, nullptr) << err_.Take();
  EXPECT_EQ(newsdedup_members_count(members), 2u * kThreads);
  newsdedup_members_destroy(members);
}

TEST(CApiOpenTest, BadOptionsAndPathsAreMessages) {
  test::TempDir dir;
  Err err;
  newsdedup_options_t* options = newsdedup_options_create();
  newsdedup_options_set_create_if_missing(options, 0);
  const std::string missing = dir.path() + "/none";
  EXPECT_EQ(newsdedup_open(options, missing.c_str(), &err.message), nullptr);
  EXPECT_NE(err.Take().find("create_if_missing"), std::string::npos);
  newsdedup_options_destroy(options);

  EXPECT_EQ(newsdedup_open(nullptr, "", &err.message), nullptr);
  EXPECT_NE(err.Take(), "");
  const std::string file = dir.path() + "/file";
  test::WriteFile(file, "not a store");
  EXPECT_EQ(newsdedup_open(nullptr, file.c_str(), &err.message), nullptr);
  EXPECT_NE(err.Take(), "");
}

TEST(CApiVersionTest, IsTheProjectRelease) {
  EXPECT_STREQ(newsdedup_version(), NEWSDEDUP_VERSION);
}

}  // namespace
}  // namespace newsdedup
