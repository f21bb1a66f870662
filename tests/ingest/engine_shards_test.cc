// An engine whose candidate index is in shards (EngineOptions::
// index_shards) must decide as one holding it, to the byte: through
// deletions, reopening, and shards that missed the last changes.
#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "dedup/index_shard.h"
#include "ingest/engine.h"
#include "ingest/sources/synthetic.h"
#include "tests/test_util.h"

namespace newsdedup {
namespace {

const std::vector<Article>& Articles() {
  static const std::vector<Article> articles = [] {
    SyntheticOptions options;
    options.seed = 4242;
    options.words_per_article = 120;
    SyntheticStream stream(options);
    std::vector<Article> out;
    for (size_t i = 0; i < 1500; ++i) out.push_back(stream.Next());
    return out;
  }();
  return articles;
}

EngineOptions Options(IndexShards* shards) {
  EngineOptions options;
  options.now_ms = [] { return int64_t{1700000000000}; };
  options.index_shards = shards;
  StatusOr<RetentionOptions> retention = ParseRetention("count:600");
  EXPECT_TRUE(retention.ok());
  options.retention = *retention;
  options.retention.delete_from_store = true;
  return options;
}

std::unique_ptr<Engine> Open(const std::string& dir, IndexShards* shards) {
  StatusOr<std::unique_ptr<Engine>> engine =
      Engine::Open(dir, Options(shards));
  EXPECT_TRUE(engine.ok()) << engine.status().ToString();
  return engine.ok() ? std::move(*engine) : nullptr;
}

// Decisions of articles [from, to), serialized: equal strings are
// byte-identical.
std::string Ingest(Engine& engine, size_t from, size_t to,
                   size_t* copies = nullptr) {
  std::string out;
  for (size_t i = from; i < to; ++i) {
    StatusOr<Outcome> outcome = engine.Ingest(engine.Prepare(Articles()[i]));
    EXPECT_TRUE(outcome.ok()) << outcome.status().ToString();
    if (!outcome.ok()) break;
    out += outcome->decision.SerializeAsString();
    if (copies) *copies += outcome->decision.relation() != pb::NEW;
  }
  return out;
}

// Every event the store holds, serialized.
std::string Events(Engine& engine) {
  std::string out;
  EXPECT_TRUE(engine.store()
                  .ScanEvents(0,
                              [&](const pb::ClusterEvent& e) {
                                out += e.SerializeAsString();
                                return true;
                              })
                  .ok());
  return out;
}

struct Run {
  std::string decisions;
  std::string events;
};

// In one process, never closed: what every other way must equal.
const Run& Reference() {
  static const Run run = [] {
    test::TempDir dir;
    std::unique_ptr<Engine> engine = Open(dir.path(), nullptr);
    size_t copies = 0;
    Run out;
    out.decisions = Ingest(*engine, 0, Articles().size(), &copies);
    out.events = Events(*engine);
    EXPECT_GT(copies, 200u);  // copies to find, or equality proves little
    return out;
  }();
  return run;
}

TEST(EngineShardsTest, DecidesAsTheIndexInOneProcess) {
  test::TempDir dir;
  LocalIndexShards shards(DetectorOptions{}, 2);
  std::unique_ptr<Engine> engine = Open(dir.path(), &shards);
  EXPECT_EQ(Ingest(*engine, 0, Articles().size()), Reference().decisions);
  EXPECT_EQ(Events(*engine), Reference().events);
  // The window holds across the shards.
  EXPECT_EQ(engine->detector().live_count(), 600u);
  EXPECT_LT(shards.shard(0).MemoryBytes(), shards.shard(0).MemoryBytes() +
                                               shards.shard(1).MemoryBytes());
}

TEST(EngineShardsTest, ReopenedTakesTheIndexBackFromTheShards) {
  test::TempDir dir;
  LocalIndexShards shards(DetectorOptions{}, 3);
  std::string decisions;
  {
    std::unique_ptr<Engine> engine = Open(dir.path(), &shards);
    decisions = Ingest(*engine, 0, 700);
  }
  std::unique_ptr<Engine> engine = Open(dir.path(), &shards);
  EXPECT_TRUE(engine->index_opening().from_shards);
  EXPECT_EQ(engine->index_opening().added, 0u);
  decisions += Ingest(*engine, 700, Articles().size());
  EXPECT_EQ(decisions, Reference().decisions);
  EXPECT_EQ(Events(*engine), Reference().events);
}

// Shards that stop hearing: as if the engine's process died after storing
// an article but before the shards heard of it.
class ForgetfulShards : public IndexShards {
 public:
  explicit ForgetfulShards(IndexShards* shards) : shards_(shards) {}
  Status Lookup(const IndexLookup& lookup, IndexAnswer* answer) override {
    return shards_->Lookup(lookup, answer);
  }
  Status Apply(IndexChange change) override {
    if (deaf) return Status::Ok();
    return shards_->Apply(std::move(change));
  }
  Status Flush() override {
    if (deaf) return Status::Unavailable("shards gone");
    return shards_->Flush();
  }
  StatusOr<ShardArticles> Articles(uint32_t from, uint32_t max) override {
    return shards_->Articles(from, max);
  }
  bool deaf = false;

 private:
  IndexShards* shards_;
};

TEST(EngineShardsTest, ShardsThatMissedArticlesGetThemAtOpen) {
  test::TempDir dir;
  LocalIndexShards shards(DetectorOptions{}, 2);
  ForgetfulShards forgetful(&shards);
  std::string decisions;
  {
    std::unique_ptr<Engine> engine = Open(dir.path(), &forgetful);
    decisions = Ingest(*engine, 0, 699);
    forgetful.deaf = true;
    // Stored, but the shards never hear of it, and the engine stops.
    StatusOr<Outcome> last = engine->Ingest(engine->Prepare(Articles()[699]));
    EXPECT_EQ(last.status().code(), Status::Code::kUnavailable);
    StatusOr<std::optional<pb::StoredArticle>> stored =
        engine->FindArticle(Articles()[699].id);
    ASSERT_TRUE(stored.ok() && stored->has_value());
    decisions += (*stored)->decision().SerializeAsString();
    EXPECT_FALSE(engine->Ingest(engine->Prepare(Articles()[700])).ok());
  }
  std::unique_ptr<Engine> engine = Open(dir.path(), &shards);
  EXPECT_EQ(engine->index_opening().added, 1u);
  decisions += Ingest(*engine, 700, Articles().size());
  EXPECT_EQ(decisions, Reference().decisions);
  EXPECT_EQ(Events(*engine), Reference().events);
}

TEST(EngineShardsTest, RefusesShardsOfAnotherStore) {
  test::TempDir dir, other;
  LocalIndexShards shards(DetectorOptions{}, 2);
  {
    std::unique_ptr<Engine> engine = Open(dir.path(), &shards);
    Ingest(*engine, 0, 50);
  }
  StatusOr<std::unique_ptr<Engine>> engine =
      Engine::Open(other.path(), Options(&shards));
  ASSERT_FALSE(engine.ok());
  EXPECT_NE(engine.status().message().find("another store"),
            std::string::npos);
}

TEST(EngineShardsTest, DecideRefusesOverRemoteShards) {
  test::TempDir dir;
  LocalIndexShards local(DetectorOptions{}, 1);
  ForgetfulShards remote(&local);  // says it is remote, as shards elsewhere
  std::unique_ptr<Engine> engine = Open(dir.path(), &remote);
  StatusOr<DecidedArticle> decided =
      engine->Decide(engine->Prepare(Articles()[0]));
  EXPECT_EQ(decided.status().code(), Status::Code::kInvalidArgument);
}

TEST(EngineShardsTest, DecideAndRecordOverInProcessShards) {
  test::TempDir dir;
  LocalIndexShards shards(DetectorOptions{}, 2);
  std::unique_ptr<Engine> engine = Open(dir.path(), &shards);
  std::string decisions;
  for (const Article& article : Articles()) {
    StatusOr<DecidedArticle> decided = engine->Decide(engine->Prepare(article));
    ASSERT_TRUE(decided.ok()) << decided.status().ToString();
    StatusOr<Outcome> outcome = engine->Record(std::move(*decided));
    ASSERT_TRUE(outcome.ok()) << outcome.status().ToString();
    decisions += outcome->decision.SerializeAsString();
  }
  EXPECT_EQ(decisions, Reference().decisions);
}

}  // namespace
}  // namespace newsdedup
