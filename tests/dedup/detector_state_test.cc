#include <gtest/gtest.h>

#include <cstdio>
#include <random>
#include <string>
#include <vector>

#include "dedup/detector.h"
#include "dedup/state_stream.h"
#include "tests/dedup/story_corpus.h"

namespace newsdedup {
namespace {

using test::MemorySource;
using test::Stories;

std::string Saved(const Detector& detector) {
  std::string bytes;
  StringStateWriter out(&bytes);
  detector.SaveState(out);
  return bytes;
}

class DetectorStateTest : public ::testing::Test {
 protected:
  DetectorStateTest() : fingerprinter_(options_.fingerprint) {}

  // Matches and adds the article as the engine does; returns what was
  // decided: relation, score, candidate and cluster.
  std::string Decide(Detector& detector, const Article& article,
                     bool remember) {
    const Fingerprint fp = fingerprinter_.Compute(article);
    DerivedFeatures features = DeriveFeatures(fp, options_.fingerprint);
    StatusOr<MatchResult> match = detector.Match(fp, features, article.body);
    EXPECT_TRUE(match.ok()) << match.status().ToString();
    const uint32_t ordinal = detector.article_count();
    const bool copy = match->verdict.relation != Relation::kNew;
    const uint32_t cluster =
        copy ? detector.ClusterOf(match->best->evidence.candidate) : ordinal;
    if (remember) {
      source_.Put(ordinal, fp, article.body);
    }
    detector.Add(ordinal, cluster, fp, std::move(features), &*match);
    // The score to the last bit: "%a" prints a double exactly.
    char decided[128];
    std::snprintf(decided, sizeof decided, "%d %a %u %zu %d",
                  static_cast<int>(match->verdict.relation),
                  match->verdict.score, cluster, match->checked.size(),
                  copy ? static_cast<int>(match->best->evidence.candidate)
                       : -1);
    return decided;
  }

  DetectorOptions options_;
  Fingerprinter fingerprinter_;
  MemorySource source_;
};

TEST_F(DetectorStateTest, RestoredDetectorDecidesAsTheOriginal) {
  const std::vector<Article> stories = Stories(700);
  Detector original(options_, &source_);
  for (size_t i = 0; i < 400; ++i) Decide(original, stories[i], true);
  const std::string bytes = Saved(original);

  Detector restored(options_, &source_);
  StringStateReader in(bytes);
  ASSERT_TRUE(restored.LoadState(in).ok());
  EXPECT_EQ(restored.article_count(), 400u);
  EXPECT_EQ(Saved(restored), bytes);  // restored exactly, not re-derived

  size_t copies = 0;
  for (size_t i = 400; i < stories.size(); ++i) {
    const std::string want = Decide(original, stories[i], true);
    const std::string got = Decide(restored, stories[i], false);
    ASSERT_EQ(got, want) << stories[i].id;
    copies += want[0] != '0';
  }
  EXPECT_GT(copies, 50u);  // the comparison saw copies, not only news
  // And they went on to hold the same index.
  EXPECT_EQ(Saved(restored), Saved(original));
}

// What a rebuild does (Add with no match at hand, in the same order)
// gives the very bytes the live detector saves: so a snapshot taken of a
// rebuilt index and one of a live index are interchangeable.
TEST_F(DetectorStateTest, RebuiltDetectorSavesTheLiveBytes) {
  const std::vector<Article> stories = Stories(300);
  Detector live(options_, &source_);
  std::vector<uint32_t> clusters;
  for (const Article& story : stories) {
    Decide(live, story, true);
    clusters.push_back(live.ClusterOf(live.article_count() - 1));
  }
  Detector rebuilt(options_, &source_);
  for (uint32_t i = 0; i < clusters.size(); ++i) {
    const Fingerprint& fp = source_.fingerprints.at(i);
    rebuilt.Add(i, clusters[i], fp, DeriveFeatures(fp, options_.fingerprint));
  }
  EXPECT_TRUE(Saved(rebuilt) == Saved(live));
}

// Removals and article times are part of the state: a detector restored
// after articles left decides as the one it was saved from.
TEST_F(DetectorStateTest, RemovalsAndTimesAreRestored) {
  const std::vector<Article> stories = Stories(700);
  Detector original(options_, &source_);
  for (size_t i = 0; i < 400; ++i) {
    Decide(original, stories[i], true);
    original.SetArticleTime(static_cast<uint32_t>(i), 1000 + i);
  }
  for (uint32_t o = 0; o < 200; ++o) ASSERT_TRUE(original.Remove(o).ok());
  const std::string bytes = Saved(original);

  Detector restored(options_, &source_);
  StringStateReader in(bytes);
  ASSERT_TRUE(restored.LoadState(in).ok());
  EXPECT_EQ(restored.live_count(), 200u);
  EXPECT_EQ(restored.FirstLive(), 200u);
  EXPECT_TRUE(restored.IsRemoved(199));
  EXPECT_EQ(restored.ArticleTime(250), 1250u);
  for (size_t i = 400; i < stories.size(); ++i) {
    ASSERT_EQ(Decide(restored, stories[i], false),
              Decide(original, stories[i], true))
        << stories[i].id;
  }
}

TEST_F(DetectorStateTest, EmptyDetectorRoundTrips) {
  Detector empty(options_, &source_);
  const std::string bytes = Saved(empty);
  Detector restored(options_, &source_);
  StringStateReader in(bytes);
  ASSERT_TRUE(restored.LoadState(in).ok());
  EXPECT_EQ(Saved(restored), bytes);
}

TEST_F(DetectorStateTest, OtherIndexOptionsAreRefused) {
  Detector original(options_, &source_);
  for (const Article& a : Stories(20)) Decide(original, a, true);
  const std::string bytes = Saved(original);

  DetectorOptions other = options_;
  other.candidates.index_terms += 1;
  EXPECT_NE(IndexOptionsDigest(other), IndexOptionsDigest(options_));
  Detector restored(other, &source_);
  StringStateReader in(bytes);
  const Status s = restored.LoadState(in);
  EXPECT_EQ(s.code(), Status::Code::kInvalidArgument) << s.ToString();
  EXPECT_EQ(restored.article_count(), 0u);

  // Options only candidate search and the decision read do not matter.
  DetectorOptions lookup = options_;
  lookup.candidates.max_candidates += 2;
  lookup.decision.char_containment = 0.5;
  EXPECT_EQ(IndexOptionsDigest(lookup), IndexOptionsDigest(options_));
}

TEST_F(DetectorStateTest, DamagedStateIsRefusedAndLeavesTheDetectorEmpty) {
  Detector original(options_, &source_);
  for (const Article& a : Stories(50)) Decide(original, a, true);
  const std::string bytes = Saved(original);
  // Cut anywhere: never a crash, never a half-loaded detector.
  for (size_t cut = 0; cut < bytes.size(); cut += 1 + bytes.size() / 97) {
    Detector restored(options_, &source_);
    StringStateReader in(std::string_view(bytes).substr(0, cut));
    EXPECT_FALSE(restored.LoadState(in).ok()) << cut;
    EXPECT_EQ(restored.article_count(), 0u) << cut;
  }
  // Bytes past the end are refused too.
  Detector restored(options_, &source_);
  const std::string longer = bytes + "x";
  StringStateReader in(longer);
  EXPECT_EQ(restored.LoadState(in).code(), Status::Code::kCorruption);
}

TEST_F(DetectorStateTest, LoadingIntoADetectorInUseIsRefused) {
  Detector original(options_, &source_);
  for (const Article& a : Stories(10)) Decide(original, a, true);
  const std::string bytes = Saved(original);
  StringStateReader in(bytes);
  EXPECT_FALSE(original.LoadState(in).ok());
  EXPECT_EQ(original.article_count(), 10u);
}

}  // namespace
}  // namespace newsdedup
