#include "ingest/engine.h"

#include <gtest/gtest.h>

#include <set>

#include "tests/test_util.h"
#include "ingest/formats/html_text.h"
#include "ingest/sources/synthetic.h"

namespace newsdedup {
namespace {

EngineOptions FixedClock() {
  EngineOptions options;
  options.now_ms = [] { return int64_t{1700000000000}; };
  return options;
}

std::unique_ptr<Engine> OpenEngine(const std::string& dir) {
  StatusOr<std::unique_ptr<Engine>> engine = Engine::Open(dir, FixedClock());
  EXPECT_TRUE(engine.ok()) << engine.status().ToString();
  return engine.ok() ? std::move(*engine) : nullptr;
}

pb::Decision IngestOk(Engine& engine, Article article) {
  StatusOr<Outcome> outcome = engine.Ingest(engine.Prepare(std::move(article)));
  EXPECT_TRUE(outcome.ok()) << outcome.status().ToString();
  return outcome.ok() ? outcome->decision : pb::Decision();
}

// The acceptance test of the mission: 001 is a reworded copy of 000 (they
// share almost no 5-word shingle); 002, 003 and 004 share the topic but were
// written independently.
TEST(EngineTest, SeedDocumentsClusterAsLabelled) {
  test::TempDir dir;
  std::unique_ptr<Engine> engine = OpenEngine(dir.path());
  ASSERT_NE(engine, nullptr);
  std::map<std::string, std::string> cluster;
  for (Article& seed : test::SeedArticles()) {
    const std::string id = seed.id;
    cluster[id] = IngestOk(*engine, std::move(seed)).cluster_id();
  }
  ASSERT_EQ(cluster.size(), 5u);
  const std::string c000 = cluster["000_e38c8451f9d12aa9"];
  EXPECT_EQ(cluster["001_ec39493773d21da9"], c000);
  std::set<std::string> distinct = {c000, cluster["002_b1996c1b4c561954"],
                                    cluster["003_7ef853caf0724954"],
                                    cluster["004_9fda8650a18f4a9e"]};
  EXPECT_EQ(distinct.size(), 4u);
}

TEST(EngineTest, SeedDocumentsClusterAsLabelledInReverseOrder) {
  test::TempDir dir;
  std::unique_ptr<Engine> engine = OpenEngine(dir.path());
  ASSERT_NE(engine, nullptr);
  std::vector<Article> seeds = test::SeedArticles();
  std::reverse(seeds.begin(), seeds.end());
  std::map<std::string, pb::Decision> decision;
  for (Article& seed : seeds) {
    const std::string id = seed.id;
    decision[id] = IngestOk(*engine, std::move(seed));
  }
  EXPECT_EQ(decision["000_e38c8451f9d12aa9"].cluster_id(),
            decision["001_ec39493773d21da9"].cluster_id());
  EXPECT_EQ(decision["000_e38c8451f9d12aa9"].relation(), pb::REWRITE);
  for (const char* id : {"002_b1996c1b4c561954", "003_7ef853caf0724954"}) {
    EXPECT_EQ(decision[id].relation(), pb::NEW) << id;
  }
}

Article Story(const std::string& id, std::optional<int64_t> published) {
  Article a;
  a.id = id;
  a.body =
      "WELLINGTON, March 3 - The harbour board approved a 42 mln dlr plan on "
      "Tuesday to deepen the main shipping channel, its chairman said.\n\n"
      "Dredging is due to start in September and take 18 months. The board "
      "expects larger container ships to call from 2029, lifting volumes by "
      "about 15 pct a year.";
  a.published_ms = published;
  return a;
}

TEST(EngineTest, CopiesJoinTheirClusterAndEarliestPublishedIsOriginal) {
  test::TempDir dir;
  std::unique_ptr<Engine> engine = OpenEngine(dir.path());
  ASSERT_NE(engine, nullptr);
  const pb::Decision first = IngestOk(*engine, Story("late", 2000));
  EXPECT_EQ(first.relation(), pb::NEW);
  EXPECT_EQ(first.cluster_id(), "late");
  EXPECT_EQ(first.original_id(), "late");

  StatusOr<Outcome> copy =
      engine->Ingest(engine->Prepare(Story("early", 1000)));
  ASSERT_TRUE(copy.ok());
  EXPECT_EQ(copy->decision.relation(), pb::EXACT);
  EXPECT_EQ(copy->decision.cluster_id(), "late");
  EXPECT_EQ(copy->decision.matched_id(), "late");
  EXPECT_EQ(copy->decision.original_id(), "early");
  ASSERT_EQ(copy->events.size(), 2u);
  EXPECT_EQ(copy->events[0].kind(), pb::ClusterEvent::ARTICLE_JOINED);
  EXPECT_EQ(copy->events[1].kind(), pb::ClusterEvent::ORIGINAL_CHANGED);
  EXPECT_EQ(copy->events[1].previous_original_id(), "late");
  EXPECT_EQ(copy->events[1].sequence(), copy->events[0].sequence() + 1);

  // No publication time: never displaces an original that has one.
  const pb::Decision undated =
      IngestOk(*engine, Story("undated", std::nullopt));
  EXPECT_EQ(undated.original_id(), "early");
}

TEST(EngineTest, DuplicateIdIsReportedNotStoredTwice) {
  test::TempDir dir;
  std::unique_ptr<Engine> engine = OpenEngine(dir.path());
  ASSERT_NE(engine, nullptr);
  IngestOk(*engine, Story("a", 1000));
  Article other = Story("a", 5000);
  other.body = "Completely different text about something else entirely.";
  StatusOr<Outcome> again = engine->Ingest(engine->Prepare(std::move(other)));
  ASSERT_TRUE(again.ok());
  EXPECT_TRUE(again->already_known);
  EXPECT_EQ(again->decision.cluster_id(), "a");
  EXPECT_TRUE(again->events.empty());
  EXPECT_EQ(engine->store().counters().next_ordinal, 1u);
}

TEST(EngineTest, ReopenedStoreContinuesWhereItLeftOff) {
  test::TempDir dir;
  {
    std::unique_ptr<Engine> engine = OpenEngine(dir.path());
    ASSERT_NE(engine, nullptr);
    IngestOk(*engine, Story("a", 1000));
    IngestOk(*engine, Story("b", 2000));
  }
  std::unique_ptr<Engine> engine = OpenEngine(dir.path());
  ASSERT_NE(engine, nullptr);
  EXPECT_EQ(engine->detector().article_count(), 2u);
  // The rebuilt index still finds the stored articles.
  const pb::Decision c = IngestOk(*engine, Story("c", 3000));
  EXPECT_EQ(c.cluster_id(), "a");
  EXPECT_NE(c.relation(), pb::NEW);
  EXPECT_EQ(engine->store().counters().next_sequence, 4u);
  StatusOr<std::vector<std::string>> members = engine->store().GetMembers("a");
  ASSERT_TRUE(members.ok());
  EXPECT_EQ(members->size(), 3u);
}

TEST(EngineTest, MatchStoresNothing) {
  test::TempDir dir;
  std::unique_ptr<Engine> engine = OpenEngine(dir.path());
  ASSERT_NE(engine, nullptr);
  IngestOk(*engine, Story("a", 1000));
  StatusOr<pb::Decision> match = engine->Match(engine->Prepare(Story("b", 1)));
  ASSERT_TRUE(match.ok()) << match.status().ToString();
  EXPECT_EQ(match->article_id(), "b");
  EXPECT_EQ(match->relation(), pb::EXACT);
  EXPECT_EQ(match->matched_id(), "a");
  EXPECT_EQ(match->cluster_id(), "a");
  // Published earlier, "b" would become the original, but Match changes
  // nothing: the cluster's original as it stands.
  EXPECT_EQ(match->original_id(), "a");
  EXPECT_GT(match->scores().score(), 0.9);
  EXPECT_EQ(engine->store().counters().next_ordinal, 1u);

  StatusOr<pb::Decision> unrelated = engine->Match(engine->Prepare(
      Article{"c", "An unrelated note on the weather in the hills."}));
  ASSERT_TRUE(unrelated.ok());
  EXPECT_EQ(unrelated->relation(), pb::NEW);
  EXPECT_TRUE(unrelated->matched_id().empty());
  EXPECT_FALSE(unrelated->reason().empty());
}

// The rebuild decodes stored fingerprints in parallel batches and adds them
// in order: across several batches, a reopened store decides the next
// articles exactly as the store that was never closed.
TEST(EngineTest, ReopenedStoreDecidesAsIfNeverClosed) {
  test::TempDir closed_dir, open_dir;
  SyntheticStream stream;
  std::vector<Article> earlier, later;
  for (int i = 0; i < 2600; ++i) earlier.push_back(stream.Next());
  for (int i = 0; i < 300; ++i) later.push_back(stream.Next());
  std::unique_ptr<Engine> never_closed = OpenEngine(open_dir.path());
  ASSERT_NE(never_closed, nullptr);
  {
    std::unique_ptr<Engine> engine = OpenEngine(closed_dir.path());
    ASSERT_NE(engine, nullptr);
    for (const Article& a : earlier) {
      IngestOk(*engine, a);
      IngestOk(*never_closed, a);
    }
  }
  std::unique_ptr<Engine> reopened = OpenEngine(closed_dir.path());
  ASSERT_NE(reopened, nullptr);
  EXPECT_EQ(reopened->detector().article_count(), earlier.size());
  int copies = 0;
  for (const Article& a : later) {
    const pb::Decision want = IngestOk(*never_closed, a);
    const pb::Decision got = IngestOk(*reopened, a);
    EXPECT_EQ(got.cluster_id(), want.cluster_id()) << a.id;
    EXPECT_EQ(got.relation(), want.relation()) << a.id;
    EXPECT_EQ(got.matched_id(), want.matched_id()) << a.id;
    EXPECT_DOUBLE_EQ(got.scores().score(), want.scores().score()) << a.id;
    copies += want.relation() != pb::NEW;
  }
  EXPECT_GT(copies, 30);  // the comparison covers copies, not only news
}

// An HTML body is fingerprinted and compared as its text (body_text), and
// stored as it was sent.
TEST(EngineTest, AnHtmlBodyIsComparedAsTextAndStoredAsSent) {
  test::TempDir dir;
  EngineOptions options = FixedClock();
  options.body_text = HtmlBodyText;
  StatusOr<std::unique_ptr<Engine>> engine = Engine::Open(dir.path(), options);
  ASSERT_TRUE(engine.ok()) << engine.status().ToString();
  Article plain;
  plain.id = "plain";
  plain.body =
      "Zorvanek Mining said on Tuesday its Karluth copper mine in Velmora "
      "would close for three weeks after flooding.\n\nOutput at Karluth, "
      "which produces 212,000 tonnes a year, halted on Monday.";
  IngestOk(**engine, plain);
  Article html;
  html.id = "html";
  html.body =
      "<div class=\"story\"><p>Zorvanek Mining said on Tuesday its "
      "<a href=\"https://x.example/1987/03/03/karluth-8217\">Karluth</a> "
      "copper mine in Velmora would close for three weeks after "
      "flooding.</p>\n<p>Output at Karluth, which produces 212,000 tonnes a "
      "year, halted on Monday.</p><p><a href=\"/more\">Read more</a></p>"
      "</div>";
  const pb::Decision decision = IngestOk(**engine, html);
  EXPECT_EQ(decision.relation(), pb::EXACT);
  EXPECT_EQ(decision.matched_id(), "plain");
  StatusOr<std::optional<pb::StoredArticle>> stored =
      (*engine)->FindArticle("html");
  ASSERT_TRUE(stored.ok() && stored->has_value());
  EXPECT_EQ((*stored)->article().body(), html.body);
}

// Decide runs ahead of Record in a batch: copies of articles still in
// flight (decided, not yet stored) must be found and verified as if they
// were stored. With no feature cache, every candidate is read back through
// the engine, so the in-flight articles are read from where they wait.
TEST(EngineTest, DecidingAheadOfRecordingDecidesAsIngestDoes) {
  test::TempDir ingest_dir, ahead_dir;
  EngineOptions options = FixedClock();
  options.detector.candidates.feature_cache_entries = 0;
  StatusOr<std::unique_ptr<Engine>> ingesting =
      Engine::Open(ingest_dir.path(), options);
  StatusOr<std::unique_ptr<Engine>> ahead =
      Engine::Open(ahead_dir.path(), options);
  ASSERT_TRUE(ingesting.ok() && ahead.ok());
  SyntheticStream stream;
  constexpr int kGroup = 40;
  int copies = 0, copies_of_in_flight = 0;
  for (int group = 0; group < 15; ++group) {
    std::vector<Article> articles;
    for (int i = 0; i < kGroup; ++i) articles.push_back(stream.Next());
    std::vector<DecidedArticle> decided;
    std::set<std::string> in_flight;
    for (const Article& a : articles) {
      StatusOr<DecidedArticle> d = (*ahead)->Decide((*ahead)->Prepare(a));
      ASSERT_TRUE(d.ok()) << d.status().ToString();
      decided.push_back(std::move(*d));
      in_flight.insert(a.id);
    }
    for (size_t i = 0; i < articles.size(); ++i) {
      StatusOr<Outcome> got = (*ahead)->Record(std::move(decided[i]));
      ASSERT_TRUE(got.ok()) << got.status().ToString();
      const pb::Decision want = IngestOk(**ingesting, articles[i]);
      const pb::Decision& d = got->decision;
      EXPECT_EQ(d.cluster_id(), want.cluster_id()) << articles[i].id;
      EXPECT_EQ(d.relation(), want.relation()) << articles[i].id;
      EXPECT_EQ(d.matched_id(), want.matched_id()) << articles[i].id;
      EXPECT_DOUBLE_EQ(d.scores().score(), want.scores().score());
      EXPECT_EQ(d.sequence(), want.sequence());
      copies += want.relation() != pb::NEW;
      copies_of_in_flight += in_flight.count(want.matched_id());
    }
  }
  EXPECT_GT(copies, 30);
  EXPECT_GT(copies_of_in_flight, 10);  // the case this test is for
  EXPECT_EQ((*ahead)->store().counters().next_ordinal,
            (*ingesting)->store().counters().next_ordinal);
}

TEST(EngineTest, IdRepeatedWhileTheFirstIsInFlightIsKnown) {
  test::TempDir dir;
  std::unique_ptr<Engine> engine = OpenEngine(dir.path());
  ASSERT_NE(engine, nullptr);
  StatusOr<DecidedArticle> first =
      engine->Decide(engine->Prepare(Story("a", 1000)));
  Article other = Story("a", 5000);
  other.body = "Completely different text about something else entirely.";
  StatusOr<DecidedArticle> again = engine->Decide(engine->Prepare(other));
  ASSERT_TRUE(first.ok() && again.ok());
  EXPECT_FALSE(first->already_known);
  EXPECT_TRUE(again->already_known);
  ASSERT_TRUE(engine->Record(std::move(*first)).ok());
  StatusOr<Outcome> known = engine->Record(std::move(*again));
  ASSERT_TRUE(known.ok()) << known.status().ToString();
  EXPECT_TRUE(known->already_known);
  EXPECT_EQ(known->decision.cluster_id(), "a");
  EXPECT_EQ(known->decision.relation(), pb::NEW);
  EXPECT_EQ(engine->store().counters().next_ordinal, 1u);
  EXPECT_EQ(engine->detector().article_count(), 1u);
}

// Ingest stores before it indexes; with decisions in flight the index is
// ahead of the store, so Ingest waits for them to be recorded.
TEST(EngineTest, IngestRefusesWhileDecisionsAwaitRecord) {
  test::TempDir dir;
  std::unique_ptr<Engine> engine = OpenEngine(dir.path());
  ASSERT_NE(engine, nullptr);
  StatusOr<DecidedArticle> first =
      engine->Decide(engine->Prepare(Story("a", 1000)));
  ASSERT_TRUE(first.ok());
  StatusOr<Outcome> refused = engine->Ingest(engine->Prepare(Story("b", 1)));
  ASSERT_FALSE(refused.ok());
  EXPECT_NE(refused.status().message().find("await Record"), std::string::npos)
      << refused.status().ToString();
  ASSERT_TRUE(engine->Record(std::move(*first)).ok());
  EXPECT_EQ(IngestOk(*engine, Story("b", 1)).matched_id(), "a");
}

}  // namespace
}  // namespace newsdedup
