#include "storage/clusters.h"

#include <gtest/gtest.h>

#include "tests/test_util.h"

namespace newsdedup {
namespace {

// Article `id` stored as number `ordinal`, in cluster `cluster` (its own
// when they are the same).
CommitBatch Member(const std::string& id, const std::string& cluster,
                   uint32_t ordinal) {
  CommitBatch batch;
  pb::StoredArticle& a = batch.articles.emplace_back();
  a.mutable_article()->set_id(id);
  a.mutable_article()->set_body("body of " + id);
  a.mutable_article()->set_title("title of " + id);
  a.set_ordinal(ordinal);
  a.mutable_decision()->set_article_id(id);
  a.mutable_decision()->set_cluster_id(cluster);
  a.mutable_decision()->set_relation(id == cluster ? pb::NEW : pb::EXACT);
  batch.fingerprints.emplace_back().set_article_id(id);
  batch.fingerprint_ordinals.push_back(ordinal);
  pb::StoredCluster& c = batch.clusters.emplace_back();
  c.set_id(cluster);
  c.set_original_id(cluster);
  c.set_size(ordinal + 1);
  batch.members.emplace_back(cluster, id);
  batch.counters = Counters{ordinal + 1, 1, 1};
  return batch;
}

class ClustersTest : public ::testing::Test {
 protected:
  void SetUp() override {
    StatusOr<std::unique_ptr<Store>> store = Store::Open(dir_.path(), {});
    ASSERT_TRUE(store.ok()) << store.status().ToString();
    store_ = std::move(*store);
    ASSERT_TRUE(store_->Commit(Member("c", "c", 0)).ok());
    ASSERT_TRUE(store_->Commit(Member("m1", "c", 1)).ok());
    ASSERT_TRUE(store_->Commit(Member("m2", "c", 2)).ok());
  }
  test::TempDir dir_;
  std::unique_ptr<Store> store_;
};

TEST_F(ClustersTest, FoundByItsOwnIdWithEveryMember) {
  StatusOr<std::optional<ClusterView>> view = FindCluster(*store_, "c");
  ASSERT_TRUE(view.ok()) << view.status().ToString();
  ASSERT_TRUE(view->has_value());
  EXPECT_EQ((*view)->cluster.id(), "c");
  ASSERT_EQ((*view)->members.size(), 3u);
  EXPECT_EQ((*view)->members[0].article().id(), "c");
  EXPECT_EQ((*view)->members[1].article().title(), "title of m1");
  EXPECT_EQ((*view)->members[2].decision().relation(), pb::EXACT);
}

TEST_F(ClustersTest, FoundByAMembersId) {
  StatusOr<std::optional<ClusterView>> view = FindCluster(*store_, "m2");
  ASSERT_TRUE(view.ok());
  ASSERT_TRUE(view->has_value());
  EXPECT_EQ((*view)->cluster.id(), "c");
  EXPECT_EQ((*view)->members.size(), 3u);
}

TEST_F(ClustersTest, UnknownIdIsNoClusterNotAnError) {
  StatusOr<std::optional<ClusterView>> view = FindCluster(*store_, "zz");
  ASSERT_TRUE(view.ok());
  EXPECT_FALSE(view->has_value());
}

}  // namespace
}  // namespace newsdedup
