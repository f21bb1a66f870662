#include "dedup/evidence.h"

#include <gtest/gtest.h>

#include "dedup/fingerprint.h"

namespace newsdedup {
namespace {

// Every term equally rare, nothing boilerplate.
class FlatStats : public CorpusStats {
 public:
  double Idf(uint32_t) const override { return 1.0; }
  bool IsBoilerplate(uint32_t) const override { return false; }
};

struct Side {
  explicit Side(const std::string& body) {
    Article article;
    article.id = "x";
    article.body = body;
    fp = Fingerprinter(FingerprintOptions{}).Compute(article);
    features = DeriveFeatures(fp, FingerprintOptions{});
  }
  Fingerprint fp;
  DerivedFeatures features;
};

Evidence Compare(const Side& q, const Side& c, double align_from = 0) {
  const FlatStats stats;
  return CompareFeatures(Weigh(q.fp, q.features, stats),
                         Weigh(c.fp, c.features, stats), 0.4, 3, align_from);
}

const char* kStory =
    "Copper miners in Chile walked out on Monday over wages. "
    "The union said twelve thousand workers joined the strike. "
    "Output at the largest pit fell by half within hours. "
    "Traders in London pushed copper prices to a record.";

TEST(EvidenceTest, SameStoryAlignsEverySentenceInOrder) {
  const Side a(kStory), b(kStory);
  const Evidence e = Compare(a, b);
  EXPECT_TRUE(e.same_content);
  EXPECT_TRUE(e.sentences_aligned);
  EXPECT_EQ(e.aligned_sentences, 4u);
  EXPECT_DOUBLE_EQ(e.aligned_share, 1.0);
  ASSERT_EQ(e.alignments.size(), 4u);
  for (uint32_t i = 0; i < 4; ++i) {
    EXPECT_EQ(e.alignments[i].query_sentence, i);
    EXPECT_EQ(e.alignments[i].candidate_sentence, i);
  }
}

// The same sentences shuffled share every term but keep no order: the
// longest in-order chain is short.
TEST(EvidenceTest, ShuffledSentencesAlignOnlyInOrder) {
  const Side a(kStory);
  const Side b(
      "Traders in London pushed copper prices to a record. "
      "Output at the largest pit fell by half within hours. "
      "The union said twelve thousand workers joined the strike. "
      "Copper miners in Chile walked out on Monday over wages.");
  const Evidence e = Compare(a, b);
  EXPECT_DOUBLE_EQ(e.term_containment, 1.0);
  EXPECT_EQ(e.aligned_sentences, 1u);
}

TEST(EvidenceTest, SkipsAlignmentBelowTheTermContainmentAsked) {
  const Side a(kStory);
  const Side b(
      "Fishermen in Peru landed a record anchovy catch this season. "
      "Copper miners in Chile walked out on Monday over wages.");
  const Evidence aligned = Compare(a, b);
  EXPECT_TRUE(aligned.sentences_aligned);
  EXPECT_EQ(aligned.aligned_sentences, 1u);
  const Evidence skipped = Compare(a, b, /*align_from=*/0.99);
  EXPECT_LT(skipped.term_containment, 0.99);
  EXPECT_FALSE(skipped.sentences_aligned);
  EXPECT_EQ(skipped.aligned_sentences, 0u);
  EXPECT_TRUE(skipped.alignments.empty());
  // Everything else is measured the same.
  EXPECT_EQ(skipped.shared_shingles, aligned.shared_shingles);
  EXPECT_DOUBLE_EQ(skipped.term_containment, aligned.term_containment);
}

// A date is one figure, placed by the word before it: a dateline's date is
// compared with the other dateline's, whichever way it is written.
TEST(EvidenceTest, ComparesDatesInTheSamePlace) {
  const char* kLater =
      "WASHINGTON, April 9 - The orange juice yield was put at 1.50 gallons "
      "per box, the department said on 12 March.";
  const Side march(
      "WASHINGTON, March 9 - The orange juice yield was put at 1.47 gallons "
      "per box, the department said on March 12.");
  const Side april(kLater), again(kLater);
  const Evidence differ = Compare(april, march);
  EXPECT_EQ(differ.date_slot_conflicts, 1u);
  EXPECT_EQ(differ.date_slot_matches, 1u);  // "on March 12", "on 12 March"
  EXPECT_EQ(differ.date_gap_days, 31);
  const Evidence same = Compare(april, again);
  EXPECT_EQ(same.date_slot_conflicts, 0u);
  EXPECT_EQ(same.date_slot_matches, 2u);
  EXPECT_EQ(same.date_gap_days, 0);
}

// Dates after different words are not compared: a header's date is not the
// dateline's.
TEST(EvidenceTest, LeavesDatesInOtherPlacesAlone) {
  const Side a("Posted March 20. LONDON, March 3 - Tin prices rose 4 pct.");
  const Side b("LONDON, March 3 - Tin prices rose 4 pct.");
  const Evidence e = Compare(a, b);
  EXPECT_EQ(e.date_slot_conflicts, 0u);
  EXPECT_EQ(e.date_slot_matches, 1u);
}

}  // namespace
}  // namespace newsdedup
