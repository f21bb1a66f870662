#include "tools/serve/ui_search.h"

#include <gtest/gtest.h>

#include "tests/test_util.h"

namespace newsdedup {
namespace {

// Articles stored one per event, in this order.
std::unique_ptr<Store> StoreOf(
    const std::string& dir,
    const std::vector<std::tuple<std::string, std::string, std::string>>&
        articles) {
  std::unique_ptr<Store> store = std::move(*Store::Open(dir, {}));
  uint64_t sequence = 1;
  for (const auto& [id, title, url] : articles) {
    CommitBatch batch;
    pb::StoredArticle& a = batch.articles.emplace_back();
    a.mutable_article()->set_id(id);
    a.mutable_article()->set_title(title);
    a.mutable_article()->set_url(url);
    a.set_ordinal(static_cast<uint32_t>(sequence - 1));
    pb::ClusterEvent& e = batch.events.emplace_back();
    e.set_sequence(sequence);
    e.set_kind(pb::ClusterEvent::NEW_CLUSTER);
    e.set_article_id(id);
    batch.counters = Counters{sequence, sequence + 1, sequence};
    EXPECT_TRUE(store->Commit(batch).ok());
    ++sequence;
  }
  return store;
}

std::vector<std::string> Ids(const std::vector<pb::StoredArticle>& found) {
  std::vector<std::string> ids;
  for (const pb::StoredArticle& a : found) ids.push_back(a.article().id());
  return ids;
}

TEST(UiSearchTest, FindsByTitleWordsUrlOrIdNewestFirst) {
  test::TempDir dir;
  std::unique_ptr<Store> store = StoreOf(
      dir.path(), {{"a1", "Council Approves Road Budget", "https://x.test/1"},
                   {"b2", "Road budget: what it buys", "https://y.test/road"},
                   {"c3", "Storm closes the harbour", "https://x.test/3"}});
  auto search = [&](std::string_view q, size_t recent = 100) {
    StatusOr<std::vector<pb::StoredArticle>> found =
        SearchRecent(*store, q, 3, recent, 10);
    EXPECT_TRUE(found.ok());
    return Ids(*found);
  };
  EXPECT_EQ(search("road budget"), (std::vector<std::string>{"b2", "a1"}));
  EXPECT_EQ(search("BUDGET council"), (std::vector<std::string>{"a1"}));
  EXPECT_EQ(search("x.test"), (std::vector<std::string>{"c3", "a1"}));
  EXPECT_EQ(search("c3"), (std::vector<std::string>{"c3"}));
  EXPECT_TRUE(search("ferry").empty());
  EXPECT_TRUE(search("").empty());
  // Only the recent events are searched by words; an exact id anywhere.
  EXPECT_EQ(search("road", 1), (std::vector<std::string>{}));
  EXPECT_EQ(search("a1", 1), (std::vector<std::string>{"a1"}));
}

}  // namespace
}  // namespace newsdedup
