#include "storage/store.h"

#include <gtest/gtest.h>

#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>

#include "tests/test_util.h"

namespace newsdedup {
namespace {

CommitBatch OneArticle(const std::string& id, uint32_t ordinal,
                       uint64_t sequence) {
  CommitBatch batch;
  pb::StoredArticle& a = batch.articles.emplace_back();
  a.mutable_article()->set_id(id);
  a.mutable_article()->set_body("body of " + id);
  a.set_ordinal(ordinal);
  pb::StoredFingerprint& fp = batch.fingerprints.emplace_back();
  fp.set_article_id(id);
  fp.add_terms(42);
  batch.fingerprint_ordinals.push_back(ordinal);
  pb::StoredCluster& c = batch.clusters.emplace_back();
  c.set_id(id);
  c.set_original_id(id);
  batch.members.emplace_back(id, id);
  pb::ClusterEvent& e = batch.events.emplace_back();
  e.set_sequence(sequence);
  e.set_kind(pb::ClusterEvent::NEW_CLUSTER);
  e.set_article_id(id);
  batch.counters = Counters{ordinal + 1, sequence + 1, ordinal + 1};
  return batch;
}

TEST(StoreTest, CommittedDataSurvivesReopen) {
  test::TempDir dir;
  {
    StatusOr<std::unique_ptr<Store>> store = Store::Open(dir.path(), {});
    ASSERT_TRUE(store.ok()) << store.status().ToString();
    ASSERT_TRUE((*store)->Commit(OneArticle("a", 0, 1)).ok());
    ASSERT_TRUE((*store)->Commit(OneArticle("b", 1, 2)).ok());
  }
  StatusOr<std::unique_ptr<Store>> store = Store::Open(dir.path(), {});
  ASSERT_TRUE(store.ok()) << store.status().ToString();
  EXPECT_EQ((*store)->counters().next_ordinal, 2u);
  EXPECT_EQ((*store)->counters().next_sequence, 3u);

  StatusOr<std::optional<pb::StoredArticle>> a = (*store)->GetArticle("a");
  ASSERT_TRUE(a.ok());
  ASSERT_TRUE(a->has_value());
  EXPECT_EQ((*a)->article().body(), "body of a");
  StatusOr<std::optional<pb::StoredArticle>> missing =
      (*store)->GetArticle("zzz");
  ASSERT_TRUE(missing.ok());
  EXPECT_FALSE(missing->has_value());

  StatusOr<pb::StoredFingerprint> fp = (*store)->GetFingerprint(1);
  ASSERT_TRUE(fp.ok());
  EXPECT_EQ(fp->article_id(), "b");
  EXPECT_EQ((*store)->GetFingerprint(9).status().code(),
            Status::Code::kNotFound);

  std::vector<uint32_t> ordinals;
  ASSERT_TRUE(
      (*store)
          ->ScanFingerprints([&](uint32_t o, const pb::StoredFingerprint&) {
            ordinals.push_back(o);
            return true;
          })
          .ok());
  EXPECT_EQ(ordinals, (std::vector<uint32_t>{0, 1}));
  // From an ordinal on: what an index restored from a snapshot replays.
  ordinals.clear();
  ASSERT_TRUE((*store)
                  ->ScanFingerprintsFrom(1,
                                         [&](uint32_t o,
                                             const pb::StoredFingerprint&) {
                                           ordinals.push_back(o);
                                           return true;
                                         })
                  .ok());
  EXPECT_EQ(ordinals, (std::vector<uint32_t>{1}));
  EXPECT_TRUE((*store)->Sync().ok());

  std::vector<uint64_t> sequences;
  ASSERT_TRUE((*store)
                  ->ScanEvents(2,
                               [&](const pb::ClusterEvent& e) {
                                 sequences.push_back(e.sequence());
                                 return true;
                               })
                  .ok());
  EXPECT_EQ(sequences, (std::vector<uint64_t>{2}));

  StatusOr<std::vector<std::string>> members = (*store)->GetMembers("a");
  ASSERT_TRUE(members.ok());
  EXPECT_EQ(*members, (std::vector<std::string>{"a"}));
  EXPECT_GT((*store)->DiskBytes(), 0u);
}

TEST(StoreTest, ReadOnlyOpenSeesDataAndRefusesWrites) {
  test::TempDir dir;
  {
    StatusOr<std::unique_ptr<Store>> store = Store::Open(dir.path(), {});
    ASSERT_TRUE(store.ok());
    ASSERT_TRUE((*store)->Commit(OneArticle("a", 0, 1)).ok());
  }
  StoreOptions options;
  options.read_only = true;
  StatusOr<std::unique_ptr<Store>> store = Store::Open(dir.path(), options);
  ASSERT_TRUE(store.ok()) << store.status().ToString();
  EXPECT_EQ((*store)->counters().next_ordinal, 1u);
  EXPECT_FALSE((*store)->Commit(OneArticle("b", 1, 2)).ok());
}

TEST(StoreTest, ScanArticlesVisitsEveryArticleInIdOrderAndStopsEarly) {
  test::TempDir dir;
  StatusOr<std::unique_ptr<Store>> store = Store::Open(dir.path(), {});
  ASSERT_TRUE(store.ok());
  ASSERT_TRUE((*store)->Commit(OneArticle("c", 0, 1)).ok());
  ASSERT_TRUE((*store)->Commit(OneArticle("a", 1, 2)).ok());
  ASSERT_TRUE((*store)->Commit(OneArticle("b", 2, 3)).ok());
  std::vector<std::string> seen;
  ASSERT_TRUE((*store)
                  ->ScanArticles([&](const pb::StoredArticle& a) {
                    seen.push_back(a.article().id() + ":" +
                                   std::to_string(a.ordinal()));
                    return true;
                  })
                  .ok());
  EXPECT_EQ(seen, (std::vector<std::string>{"a:1", "b:2", "c:0"}));
  seen.clear();
  ASSERT_TRUE((*store)
                  ->ScanArticles([&](const pb::StoredArticle& a) {
                    seen.push_back(a.article().id());
                    return seen.size() < 2;
                  })
                  .ok());
  EXPECT_EQ(seen, (std::vector<std::string>{"a", "b"}));
}

TEST(StoreTest, ScanClustersVisitsEveryClusterRecordInIdOrder) {
  test::TempDir dir;
  StatusOr<std::unique_ptr<Store>> store = Store::Open(dir.path(), {});
  ASSERT_TRUE(store.ok());
  ASSERT_TRUE((*store)->Commit(OneArticle("b", 0, 1)).ok());
  ASSERT_TRUE((*store)->Commit(OneArticle("a", 1, 2)).ok());
  std::vector<std::string> seen;
  ASSERT_TRUE((*store)
                  ->ScanClusters([&](const pb::StoredCluster& c) {
                    seen.push_back(c.id() + ":" + c.original_id());
                    return true;
                  })
                  .ok());
  EXPECT_EQ(seen, (std::vector<std::string>{"a:a", "b:b"}));
}

TEST(StoreTest, OpeningAMissingStoreReadOnlyFails) {
  test::TempDir dir;
  StoreOptions options;
  options.read_only = true;
  StatusOr<std::unique_ptr<Store>> store =
      Store::Open(dir.path() + "/absent", options);
  EXPECT_FALSE(store.ok());
}

// With group commit, a commit is read at once but reaches the log only at
// Persist: a process that dies in between keeps what was persisted and
// loses the rest. The child process below dies without closing the store,
// as a killed one would.
TEST(StoreTest, GroupCommitKeepsWhatWasPersistedWhenTheProcessDies) {
  test::TempDir dir;
  StoreOptions options;
  options.group_commit = true;
  const pid_t child = fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    StatusOr<std::unique_ptr<Store>> store = Store::Open(dir.path(), options);
    if (!store.ok()) _exit(2);
    if (!(*store)->Commit(OneArticle("a", 0, 1)).ok()) _exit(3);
    if (!(*store)->Persist().ok()) _exit(4);
    if (!(*store)->Commit(OneArticle("b", 1, 2)).ok()) _exit(5);
    StatusOr<std::optional<pb::StoredArticle>> b = (*store)->GetArticle("b");
    if (!b.ok() || !b->has_value()) _exit(6);  // read before it is persisted
    _exit(0);  // no destructor: the store is not closed
  }
  int status = 0;
  ASSERT_EQ(waitpid(child, &status, 0), child);
  ASSERT_TRUE(WIFEXITED(status));
  ASSERT_EQ(WEXITSTATUS(status), 0);
  StatusOr<std::unique_ptr<Store>> store = Store::Open(dir.path(), {});
  ASSERT_TRUE(store.ok()) << store.status().ToString();
  StatusOr<std::optional<pb::StoredArticle>> a = (*store)->GetArticle("a");
  ASSERT_TRUE(a.ok());
  EXPECT_TRUE(a->has_value());
  StatusOr<std::optional<pb::StoredArticle>> b = (*store)->GetArticle("b");
  ASSERT_TRUE(b.ok());
  EXPECT_FALSE(b->has_value());
  EXPECT_EQ((*store)->counters().next_ordinal, 1u);
}

TEST(StoreTest, GroupCommitPersistsWhatIsCommittedWhenClosed) {
  test::TempDir dir;
  StoreOptions options;
  options.group_commit = true;
  {
    StatusOr<std::unique_ptr<Store>> store = Store::Open(dir.path(), options);
    ASSERT_TRUE(store.ok()) << store.status().ToString();
    ASSERT_TRUE((*store)->Commit(OneArticle("a", 0, 1)).ok());
  }
  StatusOr<std::unique_ptr<Store>> store = Store::Open(dir.path(), {});
  ASSERT_TRUE(store.ok()) << store.status().ToString();
  EXPECT_EQ((*store)->counters().next_ordinal, 1u);
}

// A front end's state record: absent until put, replaced by the next put,
// kept across a reopen and apart from the store's own meta keys.
TEST(StoreTest, StateRecordsAreReplacedAndSurviveReopen) {
  test::TempDir dir;
  {
    StatusOr<std::unique_ptr<Store>> store = Store::Open(dir.path(), {});
    ASSERT_TRUE(store.ok()) << store.status().ToString();
    StatusOr<std::optional<std::string>> none = (*store)->GetState("feed/x");
    ASSERT_TRUE(none.ok());
    EXPECT_FALSE(none->has_value());
    ASSERT_TRUE((*store)->PutState("feed/x", "first").ok());
    ASSERT_TRUE((*store)->PutState("feed/x", std::string("a\0b", 3)).ok());
    ASSERT_TRUE((*store)->PutState("counters", "not the counters").ok());
    ASSERT_TRUE((*store)->Commit(OneArticle("a", 0, 1)).ok());
  }
  StoreOptions read_only;
  read_only.read_only = true;
  StatusOr<std::unique_ptr<Store>> store = Store::Open(dir.path(), read_only);
  ASSERT_TRUE(store.ok()) << store.status().ToString();
  StatusOr<std::optional<std::string>> x = (*store)->GetState("feed/x");
  ASSERT_TRUE(x.ok());
  ASSERT_TRUE(x->has_value());
  EXPECT_EQ(**x, std::string("a\0b", 3));
  StatusOr<std::optional<std::string>> c = (*store)->GetState("counters");
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(c->value_or(""), "not the counters");
  EXPECT_EQ((*store)->counters().next_ordinal, 1u);  // the real ones intact
  EXPECT_FALSE((*store)->PutState("feed/x", "no").ok());
}

// With group commit a state record is not left waiting for Persist: a
// process that dies right after PutState still has it.
TEST(StoreTest, StateSurvivesAProcessDyingUnderGroupCommit) {
  test::TempDir dir;
  StoreOptions options;
  options.group_commit = true;
  const pid_t child = fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    StatusOr<std::unique_ptr<Store>> store = Store::Open(dir.path(), options);
    if (!store.ok()) _exit(2);
    if (!(*store)->PutState("feed/y", "seen").ok()) _exit(3);
    _exit(0);  // no destructor: the store is not closed
  }
  int status = 0;
  ASSERT_EQ(waitpid(child, &status, 0), child);
  ASSERT_TRUE(WIFEXITED(status));
  ASSERT_EQ(WEXITSTATUS(status), 0);
  StatusOr<std::unique_ptr<Store>> store = Store::Open(dir.path(), {});
  ASSERT_TRUE(store.ok()) << store.status().ToString();
  StatusOr<std::optional<std::string>> y = (*store)->GetState("feed/y");
  ASSERT_TRUE(y.ok());
  EXPECT_EQ(y->value_or(""), "seen");
}

}  // namespace
}  // namespace newsdedup

namespace newsdedup {
namespace {

// A deletion takes the article, its fingerprint, its member key and (when
// asked) its cluster out in one commit, keeps a cluster name, and reopens
// so; the space comes back once compacted.
TEST(StoreDeletionTest, DeletesEverythingOfAnArticleAtOnce) {
  test::TempDir dir;
  {
    StatusOr<std::unique_ptr<Store>> store = Store::Open(dir.path(), {});
    ASSERT_TRUE(store.ok());
    for (uint32_t i = 0; i < 3; ++i) {
      CommitBatch batch = OneArticle("a" + std::to_string(i), i, i + 1);
      batch.articles[0].mutable_article()->set_body(std::string(4000, 'x'));
      ASSERT_TRUE((*store)->Commit(batch).ok());
    }
    CommitBatch deletion;
    deletion.deleted_articles = {"a0"};
    deletion.deleted_fingerprints = {0};
    deletion.deleted_members = {{"a0", "a0"}};
    deletion.deleted_clusters = {"a0"};
    deletion.cluster_names = {{1, "a1"}};
    deletion.counters = (*store)->counters();
    deletion.counters.deleted = 1;
    deletion.counters.clusters = 2;
    ASSERT_TRUE((*store)->Commit(deletion).ok());
    EXPECT_FALSE((*store)->GetArticle("a0")->has_value());
    EXPECT_EQ((*store)->GetFingerprint(0).status().code(),
              Status::Code::kNotFound);
    EXPECT_FALSE((*store)->GetCluster("a0")->has_value());
    EXPECT_TRUE((*store)->GetMembers("a0")->empty());
    EXPECT_EQ(**(*store)->GetClusterName(1), "a1");
    EXPECT_FALSE((*store)->GetClusterName(2)->has_value());
    ASSERT_TRUE((*store)->Compact().ok());
  }
  StatusOr<std::unique_ptr<Store>> store = Store::Open(dir.path(), {});
  ASSERT_TRUE(store.ok());
  EXPECT_EQ((*store)->counters().deleted, 1u);
  EXPECT_EQ((*store)->counters().live(), 2u);
  EXPECT_TRUE((*store)->GetArticle("a1")->has_value());
  EXPECT_EQ(**(*store)->GetClusterName(1), "a1");
  std::vector<uint32_t> ordinals;
  ASSERT_TRUE((*store)
                  ->ScanFingerprints([&](uint32_t o, const pb::StoredFingerprint&) {
                    ordinals.push_back(o);
                    return true;
                  })
                  .ok());
  EXPECT_EQ(ordinals, (std::vector<uint32_t>{1, 2}));
}

}  // namespace
}  // namespace newsdedup
