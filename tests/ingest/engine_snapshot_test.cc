// Opening a store from its index snapshot (Engine::Open, Checkpoint): the
// decisions afterwards must be those of a store whose index was rebuilt,
// and of one that was never closed, to the byte; and a snapshot that is
// damaged, stale or of other options must be noticed and not used.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "ingest/engine.h"
#include "ingest/sources/synthetic.h"
#include "storage/index_snapshot.h"
#include "tests/test_util.h"

namespace newsdedup {
namespace {

// Short synthetic stories (a fifth of them planted copies), the same for
// every call with the same seed.
std::vector<Article> Stream(size_t count, uint64_t seed = 1987) {
  SyntheticOptions options;
  options.seed = seed;
  options.words_per_article = 120;
  SyntheticStream stream(options);
  std::vector<Article> out;
  for (size_t i = 0; i < count; ++i) out.push_back(stream.Next());
  return out;
}

const std::vector<Article>& Articles() {
  static const std::vector<Article> articles = Stream(2400);
  return articles;
}
constexpr size_t kStored = 1400;  // the store before the comparison
constexpr size_t kNext = 1000;    // decisions compared

EngineOptions Options(bool snapshots = true) {
  EngineOptions options;
  options.now_ms = [] { return int64_t{1700000000000}; };
  options.index_snapshots = snapshots;
  return options;
}

std::unique_ptr<Engine> Open(const std::string& dir,
                             EngineOptions options = Options()) {
  StatusOr<std::unique_ptr<Engine>> engine = Engine::Open(dir, options);
  EXPECT_TRUE(engine.ok()) << engine.status().ToString();
  return engine.ok() ? std::move(*engine) : nullptr;
}

// Ingests articles [from, to); returns their decisions, serialized and
// concatenated: equal strings are byte-identical decisions.
std::string Ingest(Engine& engine, size_t from, size_t to,
                   const std::vector<Article>& articles = Articles(),
                   size_t* copies = nullptr) {
  std::string decisions;
  for (size_t i = from; i < to; ++i) {
    StatusOr<Outcome> outcome = engine.Ingest(engine.Prepare(articles[i]));
    EXPECT_TRUE(outcome.ok()) << outcome.status().ToString();
    if (!outcome.ok()) break;
    decisions += outcome->decision.SerializeAsString();
    if (copies != nullptr) *copies += outcome->decision.relation() != pb::NEW;
  }
  return decisions;
}

void CopyStore(const std::string& from, const std::string& to) {
  std::filesystem::copy(from, to,
                        std::filesystem::copy_options::recursive |
                            std::filesystem::copy_options::overwrite_existing);
}

// The decisions on the next kNext articles of a store never closed.
const std::string& NeverClosed() {
  static const std::string decisions = [] {
    test::TempDir dir;
    std::unique_ptr<Engine> engine = Open(dir.path(), Options(false));
    Ingest(*engine, 0, kStored);
    return Ingest(*engine, kStored, kStored + kNext);
  }();
  return decisions;
}

TEST(EngineSnapshotTest, OpenFromSnapshotDecidesAsRebuildAndNeverClosed) {
  test::TempDir dir, copy;
  {
    std::unique_ptr<Engine> engine = Open(dir.path());
    Ingest(*engine, 0, kStored);
    ASSERT_TRUE(engine->Checkpoint().ok());
  }
  CopyStore(dir.path(), copy.path());
  std::unique_ptr<Engine> from_snapshot = Open(dir.path());
  std::unique_ptr<Engine> rebuilt = Open(copy.path(), Options(false));
  ASSERT_TRUE(from_snapshot && rebuilt);
  const IndexOpening& opened = from_snapshot->index_opening();
  EXPECT_TRUE(opened.from_snapshot) << opened.Describe();
  EXPECT_EQ(opened.snapshot_articles, kStored);
  EXPECT_EQ(opened.added, 0u);
  EXPECT_FALSE(rebuilt->index_opening().from_snapshot);
  EXPECT_EQ(rebuilt->index_opening().added, kStored);

  size_t copies = 0;
  const std::string got =
      Ingest(*from_snapshot, kStored, kStored + kNext, Articles(), &copies);
  const std::string want = Ingest(*rebuilt, kStored, kStored + kNext);
  // Copies of articles stored before the open, found through the index.
  EXPECT_GT(copies, kNext / 10);
  EXPECT_TRUE(got == want);
  EXPECT_TRUE(got == NeverClosed());
}

// A daemon killed after its last checkpoint: the articles stored since are
// replayed on top of the snapshot.
TEST(EngineSnapshotTest, ArticlesAfterTheSnapshotAreReplayed) {
  test::TempDir dir, copy;
  {
    std::unique_ptr<Engine> engine = Open(dir.path());
    Ingest(*engine, 0, 900);
    ASSERT_TRUE(engine->Checkpoint().ok());
    Ingest(*engine, 900, kStored);  // and no checkpoint after
  }
  CopyStore(dir.path(), copy.path());
  std::unique_ptr<Engine> from_snapshot = Open(dir.path());
  std::unique_ptr<Engine> rebuilt = Open(copy.path(), Options(false));
  ASSERT_TRUE(from_snapshot && rebuilt);
  const IndexOpening& opened = from_snapshot->index_opening();
  EXPECT_TRUE(opened.from_snapshot) << opened.Describe();
  EXPECT_EQ(opened.snapshot_articles, 900u);
  EXPECT_EQ(opened.added, kStored - 900);
  const std::string got = Ingest(*from_snapshot, kStored, kStored + kNext);
  EXPECT_TRUE(got == Ingest(*rebuilt, kStored, kStored + kNext));
  EXPECT_TRUE(got == NeverClosed());
}

// A store of kStored articles with its snapshot; `damage` spoils the
// snapshot, and the store must then be opened by a rebuild for `why`,
// deciding as if nothing had happened.
void ExpectRebuiltFor(const std::function<void(const std::string& dir)>& damage,
                      const std::string& why,
                      EngineOptions options = Options()) {
  test::TempDir dir;
  {
    std::unique_ptr<Engine> engine = Open(dir.path());
    Ingest(*engine, 0, kStored);
    ASSERT_TRUE(engine->Checkpoint().ok());
  }
  damage(dir.path());
  const bool same_options = options.detector.candidates.index_terms ==
                            DetectorOptions{}.candidates.index_terms;
  std::unique_ptr<Engine> engine = Open(dir.path(), options);
  ASSERT_NE(engine, nullptr);
  const IndexOpening& opened = engine->index_opening();
  EXPECT_FALSE(opened.from_snapshot);
  EXPECT_EQ(opened.added, kStored);
  EXPECT_NE(opened.why_rebuilt.find(why), std::string::npos)
      << opened.Describe();
  if (same_options) {
    EXPECT_TRUE(Ingest(*engine, kStored, kStored + kNext) == NeverClosed());
  }
  // The rebuilt index is saved for the next open.
  ASSERT_TRUE(engine->Checkpoint().ok());
  engine.reset();
  std::unique_ptr<Engine> reopened = Open(dir.path(), options);
  ASSERT_NE(reopened, nullptr);
  EXPECT_TRUE(reopened->index_opening().from_snapshot)
      << reopened->index_opening().Describe();
}

std::string SnapshotOf(const std::string& dir) { return IndexSnapshotPath(dir); }

// The articles the snapshot at `path` covers; 0 when it does not read.
uint64_t CoveredBy(const std::string& path) {
  uint64_t covered = 0;
  const Status s = ReadIndexSnapshot(
      path, [&](const SnapshotCut& cut, StateReader& in) -> Status {
        covered = cut.next_ordinal;
        std::string body(in.Remaining(), '\0');
        return in.Read(body.data(), body.size());
      });
  EXPECT_TRUE(s.ok()) << s.ToString();
  return s.ok() ? covered : 0;
}

TEST(EngineSnapshotTest, TruncatedSnapshotIsRebuilt) {
  ExpectRebuiltFor(
      [](const std::string& dir) {
        std::filesystem::resize_file(
            SnapshotOf(dir), std::filesystem::file_size(SnapshotOf(dir)) / 2);
      },
      "torn");
}

TEST(EngineSnapshotTest, BitFlippedSnapshotIsRebuilt) {
  ExpectRebuiltFor(
      [](const std::string& dir) {
        std::string bytes = test::ReadFile(SnapshotOf(dir));
        bytes[bytes.size() / 3] ^= 0x04;
        test::WriteFile(SnapshotOf(dir), bytes);
      },
      "checksum");
}

TEST(EngineSnapshotTest, SnapshotOfOtherIndexOptionsIsRebuilt) {
  EngineOptions other = Options();
  other.detector.candidates.index_terms = 20;
  ExpectRebuiltFor([](const std::string&) {}, "other fingerprint or index",
                   other);
}

// The store lost articles the snapshot covers (a snapshot copied from a
// later state of it): the snapshot is ahead.
TEST(EngineSnapshotTest, SnapshotAheadOfTheStoreIsRebuilt) {
  test::TempDir later;
  {
    std::unique_ptr<Engine> engine = Open(later.path());
    Ingest(*engine, 0, kStored + 10);
    ASSERT_TRUE(engine->Checkpoint().ok());
  }
  ExpectRebuiltFor(
      [&](const std::string& dir) {
        std::filesystem::copy_file(
            SnapshotOf(later.path()), SnapshotOf(dir),
            std::filesystem::copy_options::overwrite_existing);
      },
      "ahead of the store");
}

// As many articles, but other ones: a snapshot of another store, or of a
// history this store has lost and then replaced.
TEST(EngineSnapshotTest, SnapshotOfAnotherHistoryIsRebuilt) {
  test::TempDir other;
  {
    std::unique_ptr<Engine> engine = Open(other.path());
    Ingest(*engine, 0, kStored, Stream(kStored, 7));
    ASSERT_TRUE(engine->Checkpoint().ok());
  }
  ExpectRebuiltFor(
      [&](const std::string& dir) {
        std::filesystem::copy_file(
            SnapshotOf(other.path()), SnapshotOf(dir),
            std::filesystem::copy_options::overwrite_existing);
      },
      "last article differs");
}

TEST(EngineSnapshotTest, IngestCheckpointsEveryNArticles) {
  test::TempDir dir;
  EngineOptions options = Options();
  options.checkpoint_every = 100;
  {
    std::unique_ptr<Engine> engine = Open(dir.path(), options);
    Ingest(*engine, 0, 250);
    EXPECT_TRUE(engine->auto_checkpoint_status().ok());
  }
  EXPECT_EQ(CoveredBy(SnapshotOf(dir.path())), 200u);
  std::unique_ptr<Engine> engine = Open(dir.path());
  EXPECT_EQ(engine->index_opening().snapshot_articles, 200u);
  EXPECT_EQ(engine->index_opening().added, 50u);
}

TEST(EngineSnapshotTest, CheckpointWaitsForNothingInFlight) {
  test::TempDir dir;
  std::unique_ptr<Engine> engine = Open(dir.path());
  StatusOr<DecidedArticle> decided =
      engine->Decide(engine->Prepare(Articles()[0]));
  ASSERT_TRUE(decided.ok());
  EXPECT_EQ(engine->Checkpoint().code(), Status::Code::kInternal);
  ASSERT_TRUE(engine->Record(std::move(*decided)).ok());
  EXPECT_TRUE(engine->Checkpoint().ok());
  EXPECT_TRUE(std::filesystem::exists(SnapshotOf(dir.path())));
}

// Opened from a snapshot and given nothing new, a checkpoint leaves the
// file alone rather than write the same gigabyte again.
TEST(EngineSnapshotTest, CheckpointOfAnUnchangedIndexWritesNothing) {
  test::TempDir dir;
  {
    std::unique_ptr<Engine> engine = Open(dir.path());
    Ingest(*engine, 0, 50);
    ASSERT_TRUE(engine->Checkpoint().ok());
  }
  // A snapshot written anew is a new file renamed over the old one.
  const std::string path = SnapshotOf(dir.path());
  auto inode = [&] {
    struct stat st {};
    EXPECT_EQ(::stat(path.c_str(), &st), 0);
    return st.st_ino;
  };
  const ino_t written = inode();
  std::unique_ptr<Engine> engine = Open(dir.path());
  ASSERT_TRUE(engine->index_opening().from_snapshot);
  ASSERT_TRUE(engine->Checkpoint().ok());
  EXPECT_EQ(inode(), written);
  Ingest(*engine, 50, 51);
  ASSERT_TRUE(engine->Checkpoint().ok());
  EXPECT_NE(inode(), written);
  EXPECT_EQ(CoveredBy(path), 51u);
}

}  // namespace
}  // namespace newsdedup
