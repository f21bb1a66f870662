// The C API's forgetting (tools/capi/c_forget.cc): deletion and a
// retention window, as a feed reader's plugin would use them.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "tests/test_util.h"
#include "tests/tools/capi/c_errors.h"
#include "tools/capi/c.h"

namespace newsdedup {
namespace {

using Err = test::CError;

// Adds the article; its relation, or "error: ...".
std::string Add(newsdedup_t* db, const Article& a, Err& err) {
  newsdedup_article_t* article = newsdedup_article_create();
  newsdedup_article_set_id(article, a.id.data(), a.id.size());
  newsdedup_article_set_body(article, a.body.data(), a.body.size());
  newsdedup_decision_t* d = newsdedup_add(db, article, &err.message);
  newsdedup_article_destroy(article);
  if (d == nullptr) return "error: " + err.Take();
  std::string relation = newsdedup_decision_relation(d);
  newsdedup_decision_destroy(d);
  return relation;
}

bool Stored(newsdedup_t* db, const std::string& id, Err& err) {
  newsdedup_decision_t* d =
      newsdedup_get_decision(db, id.data(), id.size(), &err.message);
  newsdedup_decision_destroy(d);
  return d != nullptr;
}

TEST(CApiForgetTest, AForgottenArticleIsGoneAndCanComeBack) {
  test::TempDir dir;
  Err err;
  newsdedup_t* db = newsdedup_open(nullptr, dir.path().c_str(), &err.message);
  ASSERT_NE(db, nullptr) << err.Take();
  const std::vector<Article> seeds = test::SeedArticles();
  EXPECT_EQ(Add(db, seeds[0], err), "new");
  EXPECT_EQ(Add(db, seeds[1], err), "rewrite");
  EXPECT_EQ(newsdedup_forget(db, seeds[0].id.data(), seeds[0].id.size(),
                             &err.message),
            1)
      << err.Take();
  EXPECT_FALSE(Stored(db, seeds[0].id, err));
  newsdedup_members_t* members = newsdedup_cluster_members(
      db, seeds[1].id.data(), seeds[1].id.size(), &err.message);
  ASSERT_NE(members, nullptr) << err.Take();
  EXPECT_EQ(newsdedup_members_count(members), 1u);
  EXPECT_STREQ(newsdedup_members_original_id(members), seeds[1].id.c_str());
  newsdedup_members_destroy(members);
  // Unknown: 0 without an error.
  EXPECT_EQ(newsdedup_forget(db, "nope", 4, &err.message), 0);
  EXPECT_EQ(err.message, nullptr);
  // Back again, as a copy of what remains.
  EXPECT_EQ(Add(db, seeds[0], err), "rewrite");
  newsdedup_close(db);
}

TEST(CApiForgetTest, ARetentionWindowKeepsTheNewest) {
  test::TempDir dir;
  Err err;
  newsdedup_options_t* options = newsdedup_options_create();
  newsdedup_options_set_retention(options, "count:2", 1);
  newsdedup_t* db = newsdedup_open(options, dir.path().c_str(), &err.message);
  ASSERT_NE(db, nullptr) << err.Take();
  const std::vector<Article> seeds = test::SeedArticles();
  for (const Article& a : seeds) EXPECT_NE(Add(db, a, err).substr(0, 5), "error");
  EXPECT_FALSE(Stored(db, seeds[0].id, err));
  EXPECT_FALSE(Stored(db, seeds[2].id, err));
  EXPECT_TRUE(Stored(db, seeds[3].id, err));
  EXPECT_TRUE(Stored(db, seeds[4].id, err));
  newsdedup_close(db);

  newsdedup_options_set_retention(options, "fortnight", 0);
  const std::string other = dir.path() + "/other";
  EXPECT_EQ(newsdedup_open(options, other.c_str(), &err.message), nullptr);
  EXPECT_NE(err.Take().find("fortnight"), std::string::npos);
  newsdedup_options_destroy(options);
}

}  // namespace
}  // namespace newsdedup
