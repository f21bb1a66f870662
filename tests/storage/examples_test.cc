// The usage examples in storage's headers, compiled here and held equal to
// the headers' text, and run against a scratch store.
#include <gtest/gtest.h>

#include "storage/clusters.h"
#include "storage/store.h"
#include "storage/varint.h"
#include "tests/test_util.h"

namespace newsdedup {
namespace {

constexpr const char* kThisFile = "tests/storage/examples_test.cc";

Status StoreExample(const std::string& dir,
                    const pb::StoredArticle& stored_article) {
  // Usage of storage/store.h:
  StatusOr<std::unique_ptr<Store>> store = Store::Open(dir, StoreOptions{});
  if (!store.ok()) return store.status();
  CommitBatch batch;  // everything one decision writes
  batch.articles.push_back(stored_article);
  batch.counters = (*store)->counters();
  Status s = (*store)->Commit(batch);  // all of it or none
  // End of usage.
  return s;
}

TEST(StorageExamplesTest, Store) {
  EXPECT_EQ(test::UsageInTest(kThisFile, "storage/store.h"),
            test::HeaderUsage("storage/store.h"));
  test::TempDir dir;
  pb::StoredArticle article;
  article.mutable_article()->set_id("a1");
  ASSERT_TRUE(StoreExample(dir.path(), article).ok());
}

std::vector<std::string> shown;
void Show(const pb::StoredArticle& member) {
  shown.push_back(member.article().id());
}

Status ClustersExample(const Store& store) {
  // Usage of storage/clusters.h:
  StatusOr<std::optional<ClusterView>> view = FindCluster(store, "a1");
  if (!view.ok()) return view.status();  // the store failed
  if (!view->has_value()) return Status::NotFound("no cluster or article a1");
  for (const pb::StoredArticle& member : (*view)->members) Show(member);
  // End of usage.
  return Status::Ok();
}

TEST(StorageExamplesTest, Clusters) {
  EXPECT_EQ(test::UsageInTest(kThisFile, "storage/clusters.h"),
            test::HeaderUsage("storage/clusters.h"));
  test::TempDir dir;
  StatusOr<std::unique_ptr<Store>> store = Store::Open(dir.path(), {});
  ASSERT_TRUE(store.ok());
  EXPECT_EQ(ClustersExample(**store).code(), Status::Code::kNotFound);
  CommitBatch batch;
  batch.articles.emplace_back().mutable_article()->set_id("a1");
  batch.clusters.emplace_back().set_id("a1");
  batch.members.emplace_back("a1", "a1");
  ASSERT_TRUE((*store)->Commit(batch).ok());
  ASSERT_TRUE(ClustersExample(**store).ok());
  EXPECT_EQ(shown, std::vector<std::string>{"a1"});
}

TEST(StorageExamplesTest, Varint) {
  EXPECT_EQ(test::UsageInTest(kThisFile, "storage/varint.h"),
            test::HeaderUsage("storage/varint.h"));
  // Usage of storage/varint.h:
  std::string out;
  PutVarint(out, 300);                       // "\xAC\x02"
  uint64_t value = 0;
  size_t length = 0;
  VarintStatus s = ParseVarint(out, &value, &length);  // kOk, 300, 2
  // End of usage.
  EXPECT_EQ(out, "\xAC\x02");
  EXPECT_EQ(s, VarintStatus::kOk);
  EXPECT_EQ(value, 300u);
  EXPECT_EQ(length, 2u);
}

}  // namespace
}  // namespace newsdedup
