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

// ASCII text takes a faster path; an accented letter elsewhere in a copy
// must not change the grams of its ASCII stretches.
TEST(CharGramsTest, AsciiAndUnicodeTextsAgreeOnTheirAsciiGrams) {
  const std::vector<uint32_t> ascii =
      CharGramSet("The Treasury sold 9,000 mln dlrs of bills.");
  const std::vector<uint32_t> accented =
      CharGramSet("The Treasury sold 9,000 mln dlrs of bills. Caf\u00e9.");
  EXPECT_EQ(CharGramContainment(ascii, accented), 1.0);
  EXPECT_GT(accented.size(), ascii.size());
  // Case folding agrees too: NFKC case folding of ASCII is lower case.
  EXPECT_EQ(CharGramSet("TREASURY BILLS \u00e9"),
            CharGramSet("treasury bills \u00c9"));
}

// Grams of other scripts are longer than a word of packed bytes.
TEST(CharGramsTest, LongGramsOfOtherScriptsAreDistinct) {
  const std::vector<uint32_t> a = CharGramSet(
      "\u041c\u043e\u0441\u043a\u0432\u0430 \u0440\u0435\u043a\u0430");
  const std::vector<uint32_t> b = CharGramSet(
      "\u041c\u043e\u0441\u043a\u0432\u0430 \u0440\u0435\u0447\u043a\u0430");
  EXPECT_FALSE(a.empty());
  EXPECT_GT(CharGramContainment(a, b), 0.0);
  EXPECT_LT(CharGramContainment(a, b), 1.0);
}

}  // namespace
}  // namespace newsdedup
