#include "tools/scoring.h"

#include <gtest/gtest.h>

namespace newsdedup {
namespace {

TEST(ScoringTest, PairwiseFiguresOnAKnownExample) {
  // Truth: {a, b, c} {d} {e}. Prediction: {a, b} {c, d} {e}.
  const std::vector<LabelledArticle> labels = {
      {"a", "g1", "original", "", ""}, {"b", "g1", "verbatim", "", ""},
      {"c", "g1", "rewrite", "", ""},  {"d", "g2", "original", "c", "topic"},
      {"e", "g3", "original", "", ""},
  };
  const std::unordered_map<std::string, std::string> clusters = {
      {"a", "1"}, {"b", "1"}, {"c", "2"}, {"d", "2"}, {"e", "3"}};
  const ClusteringScores s = ScoreClustering(labels, clusters);
  EXPECT_EQ(s.true_pairs, 3u);
  EXPECT_EQ(s.predicted_pairs, 2u);
  EXPECT_EQ(s.correct_pairs, 1u);
  EXPECT_DOUBLE_EQ(s.precision, 0.5);
  EXPECT_DOUBLE_EQ(s.recall, 1.0 / 3);
  EXPECT_DOUBLE_EQ(s.recall_by_relation.at("verbatim").rate(), 1.0);
  EXPECT_DOUBLE_EQ(s.recall_by_relation.at("rewrite").rate(), 0.0);
  EXPECT_EQ(s.hard_negatives.total, 1u);
  EXPECT_EQ(s.hard_negatives.hits, 1u);
  // ARI of this example, as the reference scorer computes it.
  EXPECT_NEAR(s.ari, 0.2105263, 1e-6);
  EXPECT_NE(FormatScores(s).find("RESULT f1=0.4000 precision=0.5000"),
            std::string::npos);
}

TEST(ScoringTest, MissingPredictionsAreSingletons) {
  const std::vector<LabelledArticle> labels = {{"a", "g1", "original", "", ""},
                                               {"b", "g1", "trimmed", "", ""}};
  const ClusteringScores s = ScoreClustering(labels, {});
  EXPECT_EQ(s.predicted_pairs, 0u);
  EXPECT_DOUBLE_EQ(s.precision, 1.0);
  EXPECT_DOUBLE_EQ(s.recall, 0.0);
}

}  // namespace
}  // namespace newsdedup
