#include "ingest/formats/charset.h"

#include <gtest/gtest.h>

namespace newsdedup {
namespace {

std::string Decoded(std::string_view bytes, std::string_view charset) {
  StatusOr<std::string> text = DecodeToUtf8(bytes, charset);
  EXPECT_TRUE(text.ok()) << text.status().ToString();
  return text.ok() ? *text : std::string();
}

TEST(CharsetTest, Latin1LabelsReadAsWindows1252) {
  // 0x92 and 0x93/0x94 are quotes in windows-1252, controls in ISO-8859-1:
  // pages labelled ISO-8859-1 mean the former.
  const std::string bytes = "caf\xE9 \x93quoted\x94 it\x92s";
  const std::string expected = "caf\u00E9 \u201Cquoted\u201D it\u2019s";
  EXPECT_EQ(Decoded(bytes, "windows-1252"), expected);
  EXPECT_EQ(Decoded(bytes, "ISO-8859-1"), expected);
  EXPECT_EQ(Decoded(bytes, " \"latin1\" "), expected);
  EXPECT_EQ(Decoded(bytes, "US-ASCII"), expected);
}

TEST(CharsetTest, CommonWebCharsets) {
  EXPECT_EQ(Decoded("\x93\xFA\x96\x7B", "Shift_JIS"), "\u65E5\u672C");
  EXPECT_EQ(Decoded("\xD6\xD0\xCE\xC4", "gb2312"), "\u4E2D\u6587");
  EXPECT_EQ(Decoded("\xF0\xD2\xC9\xD7\xC5\xD4", "koi8-r"),
            "\u041F\u0440\u0438\u0432\u0435\u0442");
  EXPECT_EQ(Decoded("Gr\xFC\xDF"
                    "e",
                    "iso-8859-15"),
            "Gr\u00FC\u00DFe");
  EXPECT_EQ(Decoded("\xED\x95\x9C", "utf-8"), "\uD55C");
  EXPECT_EQ(Decoded(std::string("h\0i\0", 4), "utf-16le"), "hi");
}

TEST(CharsetTest, InvalidSequencesBecomeReplacementCharacters) {
  EXPECT_EQ(Decoded("a\xFF"
                    "b\xC3",
                    "utf-8"),
            "a\uFFFD"
            "b\uFFFD");
  EXPECT_EQ(Decoded("a\x81"
                    "b",
                    "shift_jis")
                .substr(0, 1),
            "a");
  const std::string odd = Decoded("\x82\xA0\xFF", "shift_jis");
  EXPECT_NE(odd.find("\uFFFD"), std::string::npos) << odd;
}

TEST(CharsetTest, UnknownCharsetIsAnErrorNamingIt) {
  StatusOr<std::string> text = DecodeToUtf8("abc", "x-no-such-charset");
  ASSERT_FALSE(text.ok());
  EXPECT_NE(text.status().message().find("x-no-such-charset"),
            std::string::npos);
  EXPECT_FALSE(DecodeToUtf8("abc", "").ok());
}

TEST(CharsetTest, ByteOrderMarks) {
  EXPECT_EQ(SniffBom("\xEF\xBB\xBF<html>")->charset, "utf-8");
  EXPECT_EQ(SniffBom("\xEF\xBB\xBF<html>")->length, 3u);
  EXPECT_EQ(SniffBom("\xFF\xFE<\0")->charset, "utf-16le");
  EXPECT_EQ(SniffBom("\xFE\xFF\0<")->charset, "utf-16be");
  EXPECT_FALSE(SniffBom("<html>").has_value());
}

TEST(CharsetTest, PageDeclarations) {
  EXPECT_EQ(HtmlDeclaredCharset("<html><head><meta charset=\"ISO-8859-1\">"),
            "iso-8859-1");
  EXPECT_EQ(HtmlDeclaredCharset("<META CHARSET=shift_jis />"), "shift_jis");
  EXPECT_EQ(HtmlDeclaredCharset("<meta http-equiv=\"Content-Type\" "
                                "content=\"text/html; charset=windows-1251\">"),
            "windows-1251");
  EXPECT_EQ(HtmlDeclaredCharset("<meta content='text/html;charset=koi8-r' "
                                "http-equiv='content-type'>"),
            "koi8-r");
  // Not a declaration: commented out, another meta, too late, UTF-16.
  EXPECT_FALSE(
      HtmlDeclaredCharset("<!-- <meta charset=big5> --><p>x").has_value());
  EXPECT_FALSE(HtmlDeclaredCharset("<meta name=\"description\" "
                                   "content=\"charset=big5\">")
                   .has_value());
  EXPECT_FALSE(
      HtmlDeclaredCharset(std::string(1100, ' ') + "<meta charset=big5>")
          .has_value());
  EXPECT_EQ(HtmlDeclaredCharset("<meta charset=utf-16>"), "utf-8");
}

TEST(CharsetTest, ContentTypeParameter) {
  EXPECT_EQ(CharsetOfContentType("text/html; charset=UTF-8"), "UTF-8");
  EXPECT_EQ(CharsetOfContentType("text/html;Charset=\"iso-8859-1\"; x=y"),
            "iso-8859-1");
  EXPECT_FALSE(CharsetOfContentType("text/html").has_value());
}

}  // namespace
}  // namespace newsdedup
