#include "dedup/text.h"

#include <gtest/gtest.h>
#include <unicode/bytestream.h>
#include <unicode/normalizer2.h>

#include <random>

namespace newsdedup {
namespace {

// NFKC with case folding of the whole text by ICU in one call: what
// NormalizeText must equal however it splits the work.
std::string IcuWhole(std::string_view utf8) {
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* normalizer =
      icu::Normalizer2::getNFKCCasefoldInstance(status);
  std::string out;
  icu::StringByteSink<std::string> sink(&out);
  normalizer->normalizeUTF8(0, icu::StringPiece(utf8.data(), utf8.size()), sink,
                            nullptr, status);
  EXPECT_FALSE(U_FAILURE(status));
  return out;
}

std::vector<std::string> Texts(std::string_view normalized) {
  std::vector<std::string> out;
  for (const Token& t : Tokenize(normalized)) out.emplace_back(t.text);
  return out;
}

TEST(NormalizeTextTest, FoldsCaseWidthAndCompatibilityForms) {
  EXPECT_EQ(NormalizeText("NATO Chief"), "nato chief");
  EXPECT_EQ(NormalizeText("\uFF2E\uFF21\uFF34\uFF2F"), "nato");  // full width
  EXPECT_EQ(NormalizeText("\uFB01nance"), "finance");            // fi ligature
  EXPECT_EQ(NormalizeText("Stra\u00DFe"), "strasse");            // sharp s
  EXPECT_EQ(NormalizeText("\u00C9COLE"), "\u00E9cole");
}

// Only the stretches around non-ASCII characters go through ICU. Marks that
// compose with the ASCII letter before them, characters that fold to ASCII
// or to several characters, and invalid bytes must come out as ICU makes
// them of the whole text.
TEST(NormalizeTextTest, MostlyAsciiTextIsNormalisedAsAWhole) {
  for (const char* text :
       {"Cafe\u0301 CAFE\u0301", "\u0301Abc", "A\u0301\u0327B",
        "\u201CQuoted\u201D \u2014 Yes", "\u0130stanbul",
        "\u1100\u1161 and \u1100\u1161\u11A8", "x\uFB01y",
        "\u03A3\u038A\u03A3\u03A5\u03A6\u039F\u03A3 A", "bad \xC3( byte \xFF.",
        "N\u0303o", "\u00BD cup", "end \u00E9"}) {
    EXPECT_EQ(NormalizeText(text), IcuWhole(text)) << text;
  }
  // Random mixtures of ASCII and the awkward pieces above.
  const std::vector<std::string> pieces = {
      "a",      "Z",      "e",      "E",      " ",      ".",      "7",
      "\n",     "\u0301", "\u0308", "\u0327", "\u00E9", "\u00C9", "\uFB01",
      "\uFF2E", "\u201C", "\u2014", "\u4E2D", "\u1100", "\u1161", "\u0130",
      "\u00DF", "\u03A3", "\xFF",   "\xC3"};
  std::mt19937 rng(7);
  for (int i = 0; i < 5000; ++i) {
    std::string text;
    const int length = 1 + static_cast<int>(rng() % 24);
    for (int k = 0; k < length; ++k) text += pieces[rng() % pieces.size()];
    ASSERT_EQ(NormalizeText(text), IcuWhole(text)) << text;
  }
}

TEST(TokenizeTest, SplitsWordsAndKeepsNumbersWhole) {
  EXPECT_EQ(Texts("profits of 2.4 mln, up 12,000 (82 pct)."),
            (std::vector<std::string>{"profits", "of", "2.4", "mln", "up",
                                      "12,000", "82", "pct"}));
  EXPECT_EQ(Texts("coupon 9-1/2 pct"),
            (std::vector<std::string>{"coupon", "9-1/2", "pct"}));
  EXPECT_EQ(CanonicalNumber("12,000"), "12000");
}

TEST(TokenizeTest, IdeographsAreSingleTokens) {
  const std::string text = NormalizeText("北约秘书长 said");
  EXPECT_EQ(Texts(text),
            (std::vector<std::string>{"北", "约", "秘", "书", "长", "said"}));
}

TEST(TokenizeTest, AccentedAndCyrillicWordsStayWhole) {
  EXPECT_EQ(Texts(NormalizeText("Café Москва")),
            (std::vector<std::string>{"café", "москва"}));
}

TEST(TokenizeTest, MarksSentenceStarts) {
  const std::vector<Token> tokens = Tokenize("one two. three\nfour");
  ASSERT_EQ(tokens.size(), 4u);
  EXPECT_TRUE(tokens[0].starts_sentence);
  EXPECT_FALSE(tokens[1].starts_sentence);
  EXPECT_TRUE(tokens[2].starts_sentence);
  EXPECT_TRUE(tokens[3].starts_sentence);
}

TEST(Utf8Test, RejectsMalformedSequencesWithOffset) {
  size_t offset = 0;
  EXPECT_TRUE(IsValidUtf8("plain ascii and \xC3\xA9"));
  EXPECT_FALSE(IsValidUtf8("ok\xC3", &offset));
  EXPECT_EQ(offset, 2u);
  EXPECT_FALSE(IsValidUtf8("\xED\xA0\x80", &offset));  // a surrogate
  EXPECT_FALSE(IsValidUtf8("\xC0\xAF", &offset));      // an overlong '/'
}

}  // namespace
}  // namespace newsdedup
