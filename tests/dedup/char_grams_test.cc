#include "dedup/char_grams.h"

#include <gtest/gtest.h>

namespace newsdedup {
namespace {

TEST(CharGramsTest, IgnoresCaseSpacingAndHyphenation) {
  EXPECT_EQ(CharGramSet("The govern- ment said"),
            CharGramSet("the government SAID"));
  EXPECT_TRUE(CharGramSet("abcd").empty());  // shorter than one gram
  EXPECT_EQ(CharGramSet("abcde").size(), 1u);
}

TEST(CharGramsTest, OcrNoiseKeepsMostGrams) {
  const std::string clean =
      "Cincinnati Bell Inc said its board declared a two-for-one stock split, "
      "subject to two thirds approval at the annual meeting on April 20.";
  const std::string noisy =
      "Cincimnati Bell' Inc saidits board declared a two-for-one stock split, "
      "ubject to two thirds approval at the annual meeting on Apri1 20.";
  const std::string other =
      "Shares of the regional telephone company rose after analysts said "
      "the board could approve a larger dividend at its meeting in April.";
  const double noisy_score =
      CharGramContainment(CharGramSet(clean), CharGramSet(noisy));
  EXPECT_GT(noisy_score, 0.75);
  EXPECT_LT(CharGramContainment(CharGramSet(clean), CharGramSet(other)), 0.4);
  EXPECT_DOUBLE_EQ(CharGramContainment(CharGramSet(clean), CharGramSet(clean)),
                   1.0);
  EXPECT_EQ(CharGramContainment({}, CharGramSet(clean)), 0.0);
}

}  // namespace
}  // namespace newsdedup
