#include <gtest/gtest.h>

#include <cstdio>
#include <random>
#include <string>
#include <vector>

#include "dedup/detector.h"
#include "dedup/state_stream.h"

namespace newsdedup {
namespace {

// Articles kept in memory, as the store would keep them.
class MemorySource : public FingerprintSource {
 public:
  StatusOr<Fingerprint> LoadFingerprint(uint32_t ordinal) override {
    return fingerprints.at(ordinal);
  }
  StatusOr<std::string> LoadBody(uint32_t ordinal) override {
    return bodies.at(ordinal);
  }
  std::vector<Fingerprint> fingerprints;
  std::vector<std::string> bodies;
};

// A seeded stream of short stories, a third of them copies of a recent
// one with words changed, dropped or added: enough to fill every index
// (shingles, rare terms, recurring lines, titles) and to make clusters.
std::vector<Article> Stories(size_t count) {
  std::mt19937_64 rng(20261202);
  std::vector<std::string> words;
  for (int i = 0; i < 400; ++i) {
    std::string w;
    for (int k = 0; k < 3 + i % 5; ++k) w += static_cast<char>('a' + rng() % 26);
    words.push_back(w);
  }
  auto word = [&] {
    // Skewed, so that some words are common and some rare.
    const size_t r = rng() % words.size();
    return words[r * r / words.size()];
  };
  std::vector<Article> out;
  for (size_t i = 0; i < count; ++i) {
    Article a;
    a.id = "story-" + std::to_string(i);
    if (out.size() > 3 && rng() % 3 == 0) {
      const Article& of = out[out.size() - 1 - rng() % 3];
      a.title = of.title;
      a.body = of.body;
      for (int edit = 0; edit < 3; ++edit) {
        const size_t at = rng() % a.body.size();
        std::string inserted = " ";
        inserted.append(word()).append(" ").append(
            std::to_string(rng() % 100));
        a.body.insert(at, inserted);
      }
    } else {
      for (int t = 0; t < 6; ++t) a.title += word() + " ";
      for (int sentence = 0; sentence < 8; ++sentence) {
        for (int w = 0; w < 12; ++w) a.body += word() + " ";
        a.body += std::to_string(rng() % 1000) + ".\n";
      }
      // A footer many stories share: boilerplate.
      if (i % 4 == 0) a.body += "Reporting by the city desk, all rights kept.";
    }
    out.push_back(std::move(a));
  }
  return out;
}

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
      source_.fingerprints.push_back(fp);
      source_.bodies.push_back(article.body);
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
    const Fingerprint& fp = source_.fingerprints[i];
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
