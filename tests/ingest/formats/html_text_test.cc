#include "ingest/formats/html_text.h"

#include <gtest/gtest.h>

namespace newsdedup {
namespace {

TEST(HtmlTextTest, PlainTextWithAngleBracketsIsNotHtml) {
  EXPECT_FALSE(LooksLikeHtml("Penril Corp <PNL> said it seeks to sell units."));
  EXPECT_FALSE(LooksLikeHtml("Output rose when a < b and c > d."));
  EXPECT_FALSE(LooksLikeHtml("A <p> alone, never closed."));
  EXPECT_EQ(ArticleText("Penril <PNL> & Co."), "Penril <PNL> & Co.");
}

TEST(HtmlTextTest, MarkupIsRecognised) {
  EXPECT_TRUE(LooksLikeHtml("<p>One.</p>"));
  EXPECT_TRUE(LooksLikeHtml("One line<br>another"));
  EXPECT_TRUE(LooksLikeHtml("<img src=\"x.jpg\"> Caption"));
  EXPECT_TRUE(LooksLikeHtml("<!-- teaser --> Text"));
  EXPECT_TRUE(LooksLikeHtml("<DIV class=x>Text</DIV>"));
}

TEST(HtmlTextTest, KeepsTheStoryAndItsParagraphs) {
  const std::string html =
      "<html><head><title>Site</title><style>p{color:red}</style></head>"
      "<body><nav><a href=\"/\">Home</a> | <a href=\"/w\">World</a></nav>"
      "<article><p>Acme&#8217;s profit rose 5 pct, said <a "
      "href=\"https://x.example/1987/03/03/acme-8217\">Acme Corp</a>.</p>\n"
      "<figure><img src=\"https://cdn.example/1987/03/03/p-4521.jpg\" "
      "alt=\"Photo 2024\"></figure>"
      "<p>Sales were 12 mln dlrs &amp; costs fell.<br>A second line.</p>"
      "<p><a href=\"https://x.example/more\">Read more &raquo;</a></p>"
      "<div class=\"share-tools\"><span>Share:</span> Facebook</div>"
      "<ul><li><a href=\"/a\">Other story one</a></li>"
      "<li><a href=\"/b\">Other story two</a></li></ul>"
      "<script>var id = 375416;</script></article>"
      "<footer>Copyright 2024</footer></body></html>";
  EXPECT_EQ(HtmlToText(html),
            "Acme\u2019s profit rose 5 pct, said Acme Corp.\n\n"
            "Sales were 12 mln dlrs & costs fell.\nA second line.");
  EXPECT_EQ(ArticleText(html), HtmlToText(html));
}

TEST(HtmlTextTest, NamedEntitiesAndBrokenMarkup) {
  EXPECT_EQ(HtmlToText("<p>&ldquo;Yes,&rdquo; he said &ndash; twice<p>Then"),
            "\u201cYes,\u201d he said \u2013 twice\n\nThen");
  EXPECT_EQ(HtmlToText(""), "");
}

}  // namespace
}  // namespace newsdedup
