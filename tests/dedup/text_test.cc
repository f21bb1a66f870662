#include "dedup/text.h"

#include <gtest/gtest.h>

namespace newsdedup {
namespace {

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
