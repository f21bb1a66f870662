// Deletion and retention (Engine::Forget, Engine::Expire): an article that
// leaves is found no more, its cluster is updated and the events say so,
// the change survives a reopen, and ids can come back as new.
#include <gtest/gtest.h>

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "ingest/engine.h"
#include "ingest/sources/synthetic.h"
#include "storage/clusters.h"
#include "tests/test_util.h"

namespace newsdedup {
namespace {

struct Clock {
  int64_t now = 1'700'000'000'000;
};

EngineOptions Options(Clock* clock, RetentionOptions retention = {}) {
  EngineOptions options;
  options.now_ms = [clock] { return clock->now; };
  options.retention = retention;
  return options;
}

std::unique_ptr<Engine> Open(const std::string& dir, EngineOptions options) {
  StatusOr<std::unique_ptr<Engine>> engine = Engine::Open(dir, options);
  EXPECT_TRUE(engine.ok()) << engine.status().ToString();
  return engine.ok() ? std::move(*engine) : nullptr;
}

pb::Decision IngestOk(Engine& engine, Article article) {
  StatusOr<Outcome> outcome = engine.Ingest(engine.Prepare(std::move(article)));
  EXPECT_TRUE(outcome.ok()) << outcome.status().ToString();
  return outcome.ok() ? outcome->decision : pb::Decision();
}

// The seed pair 000/001 (a rewrite) plus a verbatim reprint of 000, with
// publication times: the reprint first, then 000, then 001.
std::vector<Article> Cluster() {
  std::vector<Article> seeds = test::SeedArticles();
  Article original = seeds[0], rewrite = seeds[1], reprint = seeds[0];
  reprint.id = "reprint";
  original.id = "original";
  rewrite.id = "rewrite";
  reprint.published_ms = 1'600'000'000'000;
  original.published_ms = 1'600'000'100'000;
  rewrite.published_ms = 1'600'000'200'000;
  return {original, rewrite, reprint};
}

std::vector<pb::ClusterEvent> EventsFrom(Engine& engine, uint64_t from) {
  std::vector<pb::ClusterEvent> events;
  EXPECT_TRUE(engine.store()
                  .ScanEvents(from,
                              [&](const pb::ClusterEvent& e) {
                                events.push_back(e);
                                return true;
                              })
                  .ok());
  return events;
}

TEST(EngineForgetTest, ACopyLeavesItsClusterAndIsFoundNoMore) {
  test::TempDir dir;
  Clock clock;
  std::unique_ptr<Engine> engine = Open(dir.path(), Options(&clock));
  for (Article& a : Cluster()) IngestOk(*engine, a);
  const uint64_t next = engine->store().counters().next_sequence;
  StatusOr<Removal> removal = engine->Forget("rewrite");
  ASSERT_TRUE(removal.ok()) << removal.status().ToString();
  ASSERT_EQ(removal->events.size(), 1u);
  const pb::ClusterEvent& removed = removal->events[0];
  EXPECT_EQ(removed.kind(), pb::ClusterEvent::ARTICLE_REMOVED);
  EXPECT_EQ(removed.cluster_id(), "original");
  EXPECT_EQ(removed.original_id(), "reprint");  // unchanged
  EXPECT_EQ(removed.removed_because(), "deleted");
  EXPECT_EQ(removed.sequence(), next);
  EXPECT_EQ(EventsFrom(*engine, next).size(), 1u);  // stored, in order

  EXPECT_FALSE(engine->FindArticle("rewrite")->has_value());
  StatusOr<std::optional<ClusterView>> cluster = engine->FindCluster("original");
  ASSERT_TRUE(cluster.ok() && cluster->has_value());
  EXPECT_EQ((*cluster)->cluster.size(), 2u);
  EXPECT_EQ((*cluster)->members.size(), 2u);
  EXPECT_EQ(engine->store().counters().deleted, 1u);
  EXPECT_EQ(engine->store().counters().live(), 2u);

  // The rewrite is no longer there to match; sent again, it is stored
  // anew and joins the cluster again through 000.
  Article again = Cluster()[1];
  const pb::Decision decision = IngestOk(*engine, again);
  EXPECT_EQ(decision.cluster_id(), "original");
  EXPECT_NE(decision.matched_id(), "rewrite");
  EXPECT_EQ(engine->store().counters().live(), 3u);
}

TEST(EngineForgetTest, TheOriginalLeavesAndTheEarliestOtherTakesItsPlace) {
  test::TempDir dir;
  Clock clock;
  std::unique_ptr<Engine> engine = Open(dir.path(), Options(&clock));
  for (Article& a : Cluster()) IngestOk(*engine, a);
  // The cluster is named after "original" (first stored); its original is
  // "reprint" (earliest published).
  StatusOr<Removal> removal = engine->Forget("reprint");
  ASSERT_TRUE(removal.ok()) << removal.status().ToString();
  ASSERT_EQ(removal->events.size(), 2u);
  EXPECT_EQ(removal->events[1].kind(), pb::ClusterEvent::ORIGINAL_CHANGED);
  EXPECT_EQ(removal->events[1].previous_original_id(), "reprint");
  EXPECT_EQ(removal->events[1].original_id(), "original");
  EXPECT_EQ(removal->events[0].original_id(), "original");

  // Now the article the cluster is named after goes: the cluster keeps
  // its id, its other member, and takes new copies.
  removal = engine->Forget("original");
  ASSERT_TRUE(removal.ok()) << removal.status().ToString();
  EXPECT_EQ(removal->events.back().original_id(), "rewrite");
  StatusOr<std::optional<ClusterView>> cluster = engine->FindCluster("original");
  ASSERT_TRUE(cluster.ok() && cluster->has_value());
  EXPECT_EQ((*cluster)->cluster.original_id(), "rewrite");
  EXPECT_EQ((*cluster)->cluster.size(), 1u);
  Article copy = Cluster()[1];
  copy.id = "rewrite-again";
  EXPECT_EQ(IngestOk(*engine, copy).cluster_id(), "original");

  // And after a reopen (the deletions outdate the snapshot: rebuilt).
  ASSERT_TRUE(engine->Checkpoint().ok());
  engine.reset();
  engine = Open(dir.path(), Options(&clock));
  copy.id = "rewrite-third";
  EXPECT_EQ(IngestOk(*engine, copy).cluster_id(), "original");
}

TEST(EngineForgetTest, TheLastMemberTakesItsClusterAlong) {
  test::TempDir dir;
  Clock clock;
  std::unique_ptr<Engine> engine = Open(dir.path(), Options(&clock));
  Article lone = test::SeedArticles()[2];
  IngestOk(*engine, lone);
  EXPECT_EQ(engine->store().counters().clusters, 1u);
  StatusOr<Removal> removal = engine->Forget(lone.id);
  ASSERT_TRUE(removal.ok());
  EXPECT_EQ(removal->events[0].original_id(), "");
  EXPECT_EQ(engine->store().counters().clusters, 0u);
  EXPECT_FALSE(engine->FindCluster(lone.id)->has_value());
  EXPECT_EQ(engine->Forget(lone.id).status().code(), Status::Code::kNotFound);
  EXPECT_EQ(engine->Forget("never-seen").status().code(),
            Status::Code::kNotFound);
}

// A store with deletions reopens from a snapshot taken after them to the
// very index it had, and by rebuild (after a crash that left an older
// snapshot behind) to the index of the articles that remain. The two
// decide alike: the same cluster, match and relation for every article.
// Scores may differ slightly, since a rebuild measures each article's
// boilerplate as if the deleted ones had never been (doc/storage.md).
TEST(EngineForgetTest, ReopeningAfterDeletionsDecidesAlike) {
  SyntheticOptions synthetic;
  synthetic.words_per_article = 120;
  SyntheticStream stream(synthetic);
  std::vector<Article> articles;
  for (int i = 0; i < 900; ++i) articles.push_back(stream.Next());
  struct Decided {
    std::vector<std::string> choices;  // cluster, match, relation
    std::vector<double> scores;
  };
  auto decide_next = [&](Engine& engine) {
    Decided out;
    for (size_t i = 600; i < 900; ++i) {
      const pb::Decision d = IngestOk(engine, articles[i]);
      out.choices.push_back(d.cluster_id() + " " + d.matched_id() + " " +
                            pb::Relation_Name(d.relation()));
      out.scores.push_back(d.scores().score());
    }
    return out;
  };
  Clock clock;
  test::TempDir checkpointed, crashed, never_closed;
  Decided live;
  for (const std::string& dir :
       {checkpointed.path(), crashed.path(), never_closed.path()}) {
    std::unique_ptr<Engine> engine = Open(dir, Options(&clock));
    for (size_t i = 0; i < 600; ++i) IngestOk(*engine, articles[i]);
    ASSERT_TRUE(engine->Checkpoint().ok());  // before the deletions
    for (size_t i = 0; i < 600; i += 3) {
      ASSERT_TRUE(engine->Forget(articles[i].id).ok());
    }
    if (dir == checkpointed.path()) ASSERT_TRUE(engine->Checkpoint().ok());
    if (dir == never_closed.path()) live = decide_next(*engine);
  }
  std::unique_ptr<Engine> from_snapshot =
      Open(checkpointed.path(), Options(&clock));
  std::unique_ptr<Engine> rebuilt = Open(crashed.path(), Options(&clock));
  EXPECT_TRUE(from_snapshot->index_opening().from_snapshot);
  EXPECT_FALSE(rebuilt->index_opening().from_snapshot);
  EXPECT_NE(rebuilt->index_opening().why_rebuilt.find("deleted"),
            std::string::npos);
  EXPECT_EQ(rebuilt->detector().live_count(), 400u);
  const Decided restored = decide_next(*from_snapshot);
  const Decided again = decide_next(*rebuilt);
  EXPECT_EQ(restored.choices, live.choices);
  EXPECT_EQ(restored.scores, live.scores);  // to the bit
  EXPECT_EQ(again.choices, live.choices);
  size_t copies = 0;
  for (size_t i = 0; i < live.scores.size(); ++i) {
    EXPECT_NEAR(again.scores[i], live.scores[i], 0.05) << i;
    copies += live.choices[i].find(" NEW") == std::string::npos;
  }
  EXPECT_GT(copies, 30u);  // the comparison saw copies
}

TEST(EngineRetentionTest, ACountWindowKeepsTheNewest) {
  test::TempDir dir;
  Clock clock;
  RetentionOptions retention;
  retention.clock = RetentionOptions::Clock::kCount;
  retention.keep_articles = 3;
  retention.delete_from_store = true;
  std::unique_ptr<Engine> engine = Open(dir.path(), Options(&clock, retention));
  std::vector<Article> seeds = test::SeedArticles();  // 000 .. 004
  for (const Article& seed : seeds) IngestOk(*engine, seed);
  EXPECT_EQ(engine->detector().live_count(), 3u);
  EXPECT_EQ(engine->store().counters().live(), 3u);
  EXPECT_FALSE(engine->FindArticle(seeds[0].id)->has_value());
  EXPECT_FALSE(engine->FindArticle(seeds[1].id)->has_value());
  EXPECT_TRUE(engine->FindArticle(seeds[4].id)->has_value());
  std::vector<pb::ClusterEvent> events = EventsFrom(*engine, 1);
  size_t expired = 0;
  for (const pb::ClusterEvent& e : events) {
    expired += e.kind() == pb::ClusterEvent::ARTICLE_REMOVED &&
               e.removed_because() == "expired";
  }
  EXPECT_EQ(expired, 2u);
  // A copy of an expired article is news again.
  Article copy = seeds[0];
  copy.id = "copy-of-000";
  EXPECT_EQ(IngestOk(*engine, copy).relation(), pb::NEW);
}

TEST(EngineRetentionTest, ATimeWindowMovesWithTheClockAndSurvivesAReopen) {
  test::TempDir dir;
  Clock clock;
  RetentionOptions retention;
  retention.clock = RetentionOptions::Clock::kPublished;
  retention.window_ms = 3'600'000;  // an hour; index only
  std::vector<Article> seeds = test::SeedArticles();
  {
    std::unique_ptr<Engine> engine =
        Open(dir.path(), Options(&clock, retention));
    Article old = seeds[0];
    old.published_ms = clock.now - 7'200'000;  // sent now, two hours old
    IngestOk(*engine, old);
    IngestOk(*engine, seeds[2]);
    // The old one left at once (its step ran after it); the store keeps it.
    EXPECT_EQ(engine->detector().live_count(), 1u);
    EXPECT_TRUE(engine->FindArticle(seeds[0].id)->has_value());
    clock.now += 3'000'000;
    IngestOk(*engine, seeds[3]);
    EXPECT_EQ(engine->detector().live_count(), 2u);
    clock.now += 1'000'000;  // seeds[2] is now over an hour old
    StatusOr<ExpiryStep> step = engine->Expire();
    ASSERT_TRUE(step.ok());
    EXPECT_EQ(step->expired, 1u);
    EXPECT_EQ(step->deleted, 0u);
    EXPECT_EQ(engine->detector().live_count(), 1u);
    ASSERT_TRUE(engine->Checkpoint().ok());
  }
  // Reopened later: from the snapshot, and the window has moved on.
  clock.now += 3'600'000;
  std::unique_ptr<Engine> engine = Open(dir.path(), Options(&clock, retention));
  EXPECT_TRUE(engine->index_opening().from_snapshot);
  EXPECT_EQ(engine->detector().live_count(), 0u);
  EXPECT_EQ(engine->store().counters().live(), 3u);
  // Under another clock the snapshot is not used; the rebuild leaves the
  // expired out.
  engine.reset();
  retention.clock = RetentionOptions::Clock::kIngested;
  engine = Open(dir.path(), Options(&clock, retention));
  EXPECT_FALSE(engine->index_opening().from_snapshot);
  EXPECT_EQ(engine->detector().live_count(), 0u);
}

TEST(RetentionTest, ParsesWhatTheConfigAndFlagsSay) {
  StatusOr<RetentionOptions> count = ParseRetention("count:200000");
  ASSERT_TRUE(count.ok());
  EXPECT_EQ(count->clock, RetentionOptions::Clock::kCount);
  EXPECT_EQ(count->keep_articles, 200000u);
  StatusOr<RetentionOptions> days = ParseRetention("published:14d");
  ASSERT_TRUE(days.ok());
  EXPECT_EQ(days->window_ms, 14 * 86'400'000LL);
  EXPECT_EQ(days->ToString(), "published:2w");
  EXPECT_EQ(ParseRetention("ingested:36h")->ToString(), "ingested:36h");
  EXPECT_FALSE(ParseRetention("none")->enabled());
  for (const char* bad : {"count:", "count:0", "count:-5", "published:14",
                          "published:x d", "ingested:99999999999w", "forever",
                          "published:14y"}) {
    StatusOr<RetentionOptions> parsed = ParseRetention(bad);
    EXPECT_EQ(parsed.status().code(), Status::Code::kInvalidArgument) << bad;
  }
  EXPECT_EQ(PublishedSeconds(std::nullopt, 5'000), 5u);
  EXPECT_EQ(PublishedSeconds(2'000, 5'000), 2u);
  EXPECT_EQ(PublishedSeconds(9'000, 5'000), 5u);  // future: as it arrived
  EXPECT_EQ(PublishedSeconds(-1'000'000, 5'000), 0u);
}

}  // namespace
}  // namespace newsdedup
