#include "dedup/fingerprint.h"

#include <gtest/gtest.h>

#include "dedup/hash.h"

namespace newsdedup {
namespace {

Fingerprint Compute(const std::string& body) {
  Fingerprinter fingerprinter{FingerprintOptions{}};
  Article article;
  article.body = body;
  return fingerprinter.Compute(article);
}

TEST(FingerprintTest, DropsStopWordsAndStems) {
  const Fingerprint fp = Compute("The minister warned of the warnings.");
  // minister, warn, warn: "the", "of" dropped; warned/warnings share a stem.
  ASSERT_EQ(fp.terms.size(), 3u);
  EXPECT_EQ(fp.terms[1], fp.terms[2]);
  EXPECT_EQ(fp.terms[1], WordTermId("warn"));
}

// Words are cached per thread by length class (inline, arena, uncached):
// every occurrence of a word must get the same id as computing it afresh.
TEST(FingerprintTest, RepeatedWordsKeepTheirIdsWhateverTheirLength) {
  const std::string medium = "counterrevolutionaries";  // over 20 bytes
  const std::string long_word(70, 'x');                 // over 64 bytes
  const Fingerprint fp = Compute("treaty " + medium + " " + long_word +
                                 " the treaty " + medium + " " + long_word);
  ASSERT_EQ(fp.terms.size(), 6u);
  EXPECT_EQ(fp.terms[0], fp.terms[3]);
  EXPECT_EQ(fp.terms[1], fp.terms[4]);
  EXPECT_EQ(fp.terms[2], fp.terms[5]);
  EXPECT_EQ(fp.terms[0], WordTermId("treati"));
  EXPECT_EQ(fp.terms[2], WordTermId(long_word));
  const Fingerprint other = Compute("counterrevolutionary " + medium);
  ASSERT_EQ(other.terms.size(), 2u);
  EXPECT_EQ(other.terms[1], fp.terms[1]);
}

TEST(FingerprintTest, NumbersAreMarkedAndCanonical) {
  const Fingerprint a = Compute("Sales rose to 12,000 units.");
  const Fingerprint b = Compute("Sales rose to 12000 units.");
  EXPECT_EQ(a.terms, b.terms);
  ASSERT_EQ(a.terms.size(), 4u);
  EXPECT_TRUE(IsNumberTerm(a.terms[2]));
  EXPECT_EQ(a.terms[2], NumberTermId("12000"));
}

TEST(FingerprintTest, ContentHashIgnoresCaseAndPunctuation) {
  EXPECT_EQ(Compute("Shares FELL, sharply!").content_hash,
            Compute("shares fell sharply").content_hash);
  EXPECT_NE(Compute("shares fell sharply").content_hash,
            Compute("shares rose sharply").content_hash);
}

TEST(FingerprintTest, SplitsSentences) {
  const Fingerprint fp =
      Compute("Oil prices climbed today. Traders cited supply worries.");
  ASSERT_EQ(fp.sentence_ends.size(), 2u);
  EXPECT_EQ(fp.sentence_ends.back(), fp.terms.size());
  const DerivedFeatures f = DeriveFeatures(fp, FingerprintOptions{});
  ASSERT_EQ(f.sentence_count(), 2u);
  EXPECT_TRUE(std::is_sorted(f.terms.begin(), f.terms.end()));
  // "oil price climb today" and "trader cite suppli worri": positions into
  // the distinct terms, each sentence sorted, together covering them all.
  std::vector<uint32_t> positions;
  for (size_t i = 0; i < f.sentence_count(); ++i) {
    const auto sentence = f.Sentence(i);
    EXPECT_EQ(sentence.size(), 4u);
    EXPECT_TRUE(std::is_sorted(sentence.begin(), sentence.end()));
    positions.insert(positions.end(), sentence.begin(), sentence.end());
  }
  std::sort(positions.begin(), positions.end());
  EXPECT_EQ(positions.size(), f.terms.size());
  EXPECT_EQ(positions.back() + 1, f.terms.size());
}

TEST(FingerprintTest, EmptyBodyGivesEmptyFingerprint) {
  const Fingerprint fp = Compute("  ... ");
  EXPECT_TRUE(fp.terms.empty());
  EXPECT_TRUE(fp.sentence_ends.empty());
  EXPECT_TRUE(DeriveFeatures(fp, FingerprintOptions{}).shingles.empty());
}

TEST(FingerprintTest, SamplingKeepsTheSameShinglesOnBothSides) {
  FingerprintOptions sampled;
  sampled.shingle_sampling = 4;
  const Fingerprint fp = Compute(
      "Wheat futures closed higher on Monday as dry weather in the plains "
      "threatened the winter crop and export demand picked up again.");
  const DerivedFeatures all = DeriveFeatures(fp, FingerprintOptions{});
  const DerivedFeatures some = DeriveFeatures(fp, sampled);
  EXPECT_LT(some.shingles.size(), all.shingles.size());
  EXPECT_TRUE(std::includes(all.shingles.begin(), all.shingles.end(),
                            some.shingles.begin(), some.shingles.end()));
}

}  // namespace
}  // namespace newsdedup

namespace newsdedup {
namespace {

TEST(FingerprintTest, SentenceTextsMatchSentenceEnds) {
  Fingerprinter fingerprinter{FingerprintOptions{}};
  Article article;
  article.body =
      "Oil prices CLIMBED today.  The. Traders cited supply worries!";
  std::vector<std::string> texts;
  const Fingerprint fp = fingerprinter.Compute(article, &texts);
  ASSERT_EQ(texts.size(), fp.sentence_ends.size());
  // "The." has no content term: no sentence of its own.
  EXPECT_EQ(texts[0], "oil prices climbed today");
  EXPECT_EQ(texts[1], "traders cited supply worries");
}

// SentenceTexts splits as Compute does, stop-word-only lines included.
TEST(FingerprintTest, SentenceTextsAreComputesSentences) {
  const Fingerprinter f{FingerprintOptions{}};
  for (const char* body :
       {"One line. Two lines here!\nIt is.\n\nA 12,000 tonne ship? Yes",
        "", "the of and. A b. Zorvanek said 5.", "\n\nHome\nWorld | Sport\n"}) {
    Article article;
    article.body = body;
    std::vector<std::string> expected;
    f.Compute(article, &expected);
    EXPECT_EQ(f.SentenceTexts(body), expected) << body;
  }
}

}  // namespace
}  // namespace newsdedup
