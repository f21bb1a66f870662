#include "tools/json_output.h"

#include <gtest/gtest.h>

#include "dedup/text.h"

namespace newsdedup {
namespace {

TEST(JsonStringTest, EscapesWhatJsonRequires) {
  EXPECT_EQ(JsonString("a\"b\\c\nd\te\r"), R"("a\"b\\c\nd\te\r")");
  EXPECT_EQ(JsonString(std::string("\x01", 1)), R"("\u0001")");
}

TEST(JsonStringTest, KeepsUtf8AsItIs) {
  const std::string text = "caf\xC3\xA9 \xE2\x80\x99 \xF0\x9F\x93\xB0";
  EXPECT_EQ(JsonString(text), "\"" + text + "\"");
}

TEST(JsonStringTest, BytesThatAreNotUtf8BecomeReplacementCharacters) {
  const struct {
    const char* what;
    std::string bytes;
  } cases[] = {
      {"stray bytes", "\xFF\xFE"},
      {"a cut-off sequence", "ab\xE2\x80"},
      {"an overlong slash", "\xC0\xAF"},
      {"a surrogate", "\xED\xA0\x80"},
      {"past U+10FFFF", "\xF4\x90\x80\x80"},
  };
  for (const auto& c : cases) {
    const std::string json = JsonString(c.bytes);
    EXPECT_TRUE(IsValidUtf8(json)) << c.what;
    EXPECT_NE(json.find("\\ufffd"), std::string::npos) << c.what;
  }
  EXPECT_EQ(JsonString("a\xFF" "b"), R"("a\ufffdb")");
}

}  // namespace
}  // namespace newsdedup
