#include "dedup/index_shard.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <string>
#include <vector>

#include "dedup/detector.h"
#include "tests/dedup/story_corpus.h"

namespace newsdedup {
namespace {

using test::MemorySource;
using test::Stories;

// Everything Match returns, scores to the last bit ("%a").
std::string Describe(const MatchResult& m) {
  char score[64];
  std::string out;
  auto verdict = [&](const Verdict& v) {
    std::snprintf(score, sizeof score, "%a", v.score);
    out += std::to_string(static_cast<int>(v.relation)) + " " + score + " " +
           v.reason + ";";
  };
  verdict(m.verdict);
  out += " seen " + std::to_string(m.candidates_seen) + " boilerplate " +
         std::to_string(m.boilerplate_shingles) + " counts";
  for (uint32_t c : m.term_counts) out += " " + std::to_string(c);
  for (const CheckedCandidate& c : m.checked) {
    out += " | " + std::to_string(c.evidence.candidate) + " ";
    verdict(c.verdict);
  }
  return out;
}

// Two detectors fed the same stream: one holding its index, one over
// shards. Every decision of the second is compared with the first's.
class OverShardsTest : public ::testing::Test {
 protected:
  OverShardsTest() : fingerprinter_(options_.fingerprint) {}

  // Decides the article in both and adds it; returns the decision.
  std::string DecideBoth(Detector& whole, Detector& sharded,
                         const Article& article) {
    const Fingerprint fp = fingerprinter_.Compute(article);
    const DerivedFeatures features = DeriveFeatures(fp, options_.fingerprint);
    StatusOr<MatchResult> a = whole.Match(fp, features, article.body);
    StatusOr<MatchResult> b = sharded.Match(fp, features, article.body);
    EXPECT_TRUE(a.ok() && b.ok()) << b.status().ToString();
    if (!a.ok() || !b.ok()) return "";
    const std::string decided = Describe(*a);
    EXPECT_EQ(decided, Describe(*b)) << article.id;
    const uint32_t ordinal = whole.article_count();
    const uint32_t cluster = a->verdict.relation == Relation::kNew
                                 ? ordinal
                                 : whole.ClusterOf(a->best->evidence.candidate);
    source_.Put(ordinal, fp, article.body);
    whole.Add(ordinal, cluster, fp, features, &*a, ordinal * 10);
    sharded.Add(ordinal, cluster, fp, features, &*b, ordinal * 10);
    EXPECT_TRUE(sharded.FlushShards().ok());
    return decided;
  }

  DetectorOptions options_;
  Fingerprinter fingerprinter_;
  MemorySource source_;
};

TEST_F(OverShardsTest, DecidesAsOneDetectorWhateverTheShardCount) {
  const std::vector<Article> stories = Stories(900);
  for (uint32_t shard_count : {1u, 2u, 3u}) {
    SCOPED_TRACE(shard_count);
    source_ = {};
    LocalIndexShards shards(options_, shard_count);
    Detector whole(options_, &source_);
    Detector sharded(options_, &source_, &shards);
    size_t copies = 0;
    for (size_t i = 0; i < stories.size(); ++i) {
      const std::string decided = DecideBoth(whole, sharded, stories[i]);
      copies += decided.rfind("0 ", 0) != 0;
      // Articles leave too: one in five of those a while back.
      if (i >= 100 && i % 5 == 0) {
        const uint32_t gone = static_cast<uint32_t>(i - 100);
        ASSERT_TRUE(whole.Remove(gone).ok());
        ASSERT_TRUE(sharded.Remove(gone).ok());
      }
      ASSERT_EQ(whole.live_count(), sharded.live_count());
    }
    // The stream has copies to find, or equality would prove little.
    EXPECT_GT(copies, 150u);
    if (shard_count > 1) {
      // Each shard holds a part of the features, not all of them.
      const size_t in_one = shards.shard(0).feature_count();
      size_t total = 0;
      for (uint32_t s = 0; s < shard_count; ++s) {
        total += shards.shard(s).feature_count();
      }
      EXPECT_LT(in_one, total * 2 / shard_count);
    }
  }
}

TEST_F(OverShardsTest, ARestartedDetectorTakesItsArraysFromTheShards) {
  const std::vector<Article> stories = Stories(500);
  LocalIndexShards shards(options_, 2);
  Detector whole(options_, &source_);
  auto sharded = std::make_unique<Detector>(options_, &source_, &shards);
  for (size_t i = 0; i < stories.size(); ++i) {
    if (i == 250) {
      ASSERT_TRUE(whole.Remove(3).ok());
      ASSERT_TRUE(sharded->Remove(3).ok());
      ASSERT_TRUE(sharded->FlushShards().ok());
      // The detector process restarts; the shards keep the index.
      sharded = std::make_unique<Detector>(options_, &source_, &shards);
      ASSERT_TRUE(sharded->RestoreFromShards().ok());
      EXPECT_EQ(sharded->article_count(), 250u);
      EXPECT_EQ(sharded->live_count(), 249u);
      EXPECT_EQ(sharded->ArticleTime(249), 2490u);
      EXPECT_EQ(sharded->ClusterOf(249), whole.ClusterOf(249));
    }
    DecideBoth(whole, *sharded, stories[i]);
  }
}

TEST(IndexShardTest, IgnoresChangesSentAgainAndRefusesGaps) {
  IndexShard shard{DetectorOptions{}};
  IndexChange add;
  add.ordinal = 0;
  add.cluster = 0;
  add.keys[IndexKind::kTerms] = {7, 9};
  ASSERT_TRUE(shard.Apply(add).ok());
  ASSERT_TRUE(shard.Apply(add).ok());  // sent again after a restart
  IndexLookup lookup;
  lookup.keys[IndexKind::kTerms] = {7, 8};
  IndexAnswer answer = shard.Answer(lookup);
  ASSERT_EQ(answer[IndexKind::kTerms].size(), 2u);
  EXPECT_EQ(answer[IndexKind::kTerms][0].tally, 1u);
  EXPECT_EQ(answer[IndexKind::kTerms][1].tally, 0u);

  IndexChange gap = add;
  gap.ordinal = 5;
  Status s = shard.Apply(gap);
  EXPECT_EQ(s.code(), Status::Code::kInvalidArgument);
  EXPECT_NE(s.message().find("missing"), std::string::npos);
  EXPECT_EQ(shard.article_count(), 1u);
}

TEST(IndexShardTest, SavedShardAnswersAsBefore) {
  const DetectorOptions options;
  LocalIndexShards shards(options, 1);
  MemorySource source;
  Fingerprinter fingerprinter(options.fingerprint);
  Detector detector(options, &source, &shards);
  for (const Article& a : Stories(200)) {
    const Fingerprint fp = fingerprinter.Compute(a);
    const DerivedFeatures features = DeriveFeatures(fp, options.fingerprint);
    StatusOr<MatchResult> m = detector.Match(fp, features, a.body);
    ASSERT_TRUE(m.ok());
    const uint32_t ordinal = detector.article_count();
    source.Put(ordinal, fp, a.body);
    detector.Add(ordinal, ordinal, fp, features, &*m);
  }
  ASSERT_TRUE(detector.Remove(0).ok());
  std::string bytes;
  StringStateWriter out(&bytes);
  shards.shard(0).Save(out);
  IndexShard loaded(options);
  StringStateReader in(bytes);
  ASSERT_TRUE(loaded.Load(in).ok());
  EXPECT_EQ(loaded.article_count(), 200u);
  IndexLookup lookup;
  lookup.postings = true;
  lookup.boilerplate_clusters = 100;
  const Fingerprint fp = fingerprinter.Compute(Stories(5)[4]);
  const DerivedFeatures features = DeriveFeatures(fp, options.fingerprint);
  lookup.keys[IndexKind::kShingles] = features.shingles;
  lookup.keys[IndexKind::kTerms] = features.terms;
  const IndexAnswer a = shards.shard(0).Answer(lookup);
  const IndexAnswer b = loaded.Answer(lookup);
  for (size_t k = 0; k < kIndexKinds; ++k) {
    ASSERT_EQ(a.of[k].size(), b.of[k].size());
    for (size_t i = 0; i < a.of[k].size(); ++i) {
      EXPECT_EQ(a.of[k][i].tally, b.of[k][i].tally);
      EXPECT_EQ(a.of[k][i].postings, b.of[k][i].postings);
    }
  }
  // A damaged state is refused, and leaves the shard empty.
  IndexShard damaged(options);
  StringStateReader cut(std::string_view(bytes).substr(0, bytes.size() / 2));
  EXPECT_FALSE(damaged.Load(cut).ok());
}

}  // namespace
}  // namespace newsdedup
