#include "ingest/formats/xml.h"

#include <gtest/gtest.h>

#include <chrono>
#include <string>

namespace newsdedup {
namespace {

TEST(XmlTest, ReadsElementsTextAndAttributes) {
  StatusOr<XmlDocument> doc = XmlDocument::Parse(
      "<?xml version=\"1.0\"?>\n"
      "<r xmlns:x=\"urn:x\"><a k=\"v\" x:k=\"w\">one <b>two</b>"
      "<![CDATA[ <three> ]]></a><x:a>four</x:a><a/></r>");
  ASSERT_TRUE(doc.ok()) << doc.status().ToString();
  const XmlNode* root = doc->root();
  EXPECT_EQ(LocalName(root), "r");
  EXPECT_EQ(Children(root, "a").size(), 3u);
  EXPECT_EQ(Children(root, "a", "").size(), 2u);
  EXPECT_EQ(Children(root, "a", "urn:x").size(), 1u);
  EXPECT_EQ(Children(root, "*").size(), 3u);
  const XmlNode* a = Child(root, "a", "");
  EXPECT_EQ(TextOf(a), "one two <three> ");
  EXPECT_EQ(CollapsedTextOf(a), "one two <three>");
  EXPECT_EQ(Attribute(a, "k"), "v");
  EXPECT_EQ(Attribute(a, "k", "urn:x"), "w");
  EXPECT_EQ(Attribute(a, "missing"), std::nullopt);
  EXPECT_EQ(TextOf(Child(root, "a", "urn:x")), "four");
  EXPECT_EQ(Child(root, "nothing"), nullptr);
  EXPECT_EQ(Descendant(root, {"a", "b"}), Child(a, "b"));
  EXPECT_EQ(InnerXml(a), "one <b>two</b><![CDATA[ <three> ]]>");
}

TEST(XmlTest, MalformedXmlNamesLineAndColumn) {
  StatusOr<XmlDocument> doc =
      XmlDocument::Parse("<r>\n<a>text</a>\n<b>open</c>\n</r>");
  ASSERT_FALSE(doc.ok());
  EXPECT_EQ(doc.status().message().rfind(
                "not well-formed XML at line 3, column ", 0),
            0u)
      << doc.status().message();
  EXPECT_FALSE(XmlDocument::Parse("").ok());
  EXPECT_FALSE(XmlDocument::Parse("just text").ok());
}

TEST(XmlTest, EncodingDeclarationAndOverride) {
  // "café" in ISO-8859-1.
  const std::string latin1 =
      "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><r>caf\xE9</r>";
  StatusOr<XmlDocument> doc = XmlDocument::Parse(latin1);
  ASSERT_TRUE(doc.ok()) << doc.status().ToString();
  EXPECT_EQ(TextOf(doc->root()), "caf\xC3\xA9");
  // No declaration: UTF-8 unless the transport says otherwise.
  XmlReadOptions options;
  options.encoding = "windows-1252";
  doc = XmlDocument::Parse("<r>caf\xE9 \x93quoted\x94</r>", options);
  ASSERT_TRUE(doc.ok()) << doc.status().ToString();
  EXPECT_EQ(TextOf(doc->root()), "caf\xC3\xA9 \xE2\x80\x9Cquoted\xE2\x80\x9D");
  doc = XmlDocument::Parse("<r>caf\xE9</r>");
  ASSERT_FALSE(doc.ok());
  EXPECT_EQ(doc.status().message().find('\n'), std::string::npos);
}

TEST(XmlTest, InternalEntitiesExpandAndHtmlNamesAreKnown) {
  StatusOr<XmlDocument> doc = XmlDocument::Parse(
      "<!DOCTYPE r SYSTEM \"http://example.com/r.dtd\" "
      "[<!ENTITY co \"Acme &amp; Sons\">]>"
      "<r>&co; said&nbsp;no &mdash; twice &unknown;.</r>");
  ASSERT_TRUE(doc.ok()) << doc.status().ToString();
  EXPECT_EQ(TextOf(doc->root()),
            "Acme & Sons said\xC2\xA0no \xE2\x80\x94 twice .");
}

TEST(XmlTest, ExternalEntitiesAreRefusedNeverRead) {
  for (const std::string dtd :
       {"<!ENTITY e SYSTEM \"file:///etc/passwd\">",
        "<!ENTITY e PUBLIC \"-//x//y\" \"http://127.0.0.1:1/x\">",
        "<!ENTITY % p SYSTEM \"file:///etc/passwd\"> %p;"}) {
    StatusOr<XmlDocument> doc = XmlDocument::Parse(
        "<!DOCTYPE x [" + dtd + "]><x>a &e; b</x>");
    ASSERT_FALSE(doc.ok()) << dtd;
    EXPECT_NE(doc.status().message().find("external entit"), std::string::npos)
        << doc.status().message();
    EXPECT_EQ(doc.status().message().find("root:"), std::string::npos);
  }
}

TEST(XmlTest, BillionLaughsIsRefusedQuickly) {
  std::string dtd = "<!ENTITY lol \"lol\">";
  for (int i = 1; i <= 9; ++i) {
    std::string previous = i == 1 ? "lol" : "lol" + std::to_string(i - 1);
    dtd += "<!ENTITY lol" + std::to_string(i) + " \"";
    for (int j = 0; j < 10; ++j) dtd += "&" + previous + ";";
    dtd += "\">";
  }
  const auto start = std::chrono::steady_clock::now();
  StatusOr<XmlDocument> doc = XmlDocument::Parse(
      "<?xml version=\"1.0\"?><!DOCTYPE lolz [" + dtd +
      "]><lolz a=\"&lol9;\">&lol9;</lolz>");
  const auto elapsed = std::chrono::steady_clock::now() - start;
  ASSERT_FALSE(doc.ok());
  EXPECT_NE(doc.status().message().find("expand past"), std::string::npos)
      << doc.status().message();
  EXPECT_LT(elapsed, std::chrono::seconds(1));
}

TEST(XmlTest, EntityLoopsAndTooManyEntitiesAreRefused) {
  EXPECT_FALSE(XmlDocument::Parse("<!DOCTYPE r [<!ENTITY a \"&b;\">"
                                  "<!ENTITY b \"x&a;\">]><r>&a;</r>")
                   .ok());
  std::string dtd;
  for (int i = 0; i < 300; ++i) {
    dtd += "<!ENTITY e" + std::to_string(i) + " \"x\">";
  }
  StatusOr<XmlDocument> doc =
      XmlDocument::Parse("<!DOCTYPE r [" + dtd + "]><r/>");
  ASSERT_FALSE(doc.ok());
  EXPECT_NE(doc.status().message().find("more than 256"), std::string::npos);
}

TEST(XmlTest, ParameterEntityLaughsAreRefused) {
  std::string dtd = "<!ENTITY % a \"<!-- xxxxxxxx -->\">";
  for (int i = 0; i < 8; ++i) {
    dtd += "<!ENTITY % p" + std::to_string(i) + " \"";
    for (int j = 0; j < 10; ++j) {
      dtd += "&#37;" + (i == 0 ? std::string("a") : "p" + std::to_string(i - 1)) + ";";
    }
    dtd += "\">";
  }
  const auto start = std::chrono::steady_clock::now();
  StatusOr<XmlDocument> doc =
      XmlDocument::Parse("<!DOCTYPE r [" + dtd + "%p7;]><r/>");
  ASSERT_FALSE(doc.ok());
  EXPECT_NE(doc.status().message().find("expand past"), std::string::npos)
      << doc.status().message();
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(1));
}

TEST(XmlTest, ManyReferencesToABigEntityStayBounded) {
  // One entity of 60 KB referenced 20,000 times, in an attribute and in
  // text: 1.2 GB if expanded in full.
  const std::string dtd =
      "<!DOCTYPE r [<!ENTITY big \"" + std::string(60000, 'x') + "\">]>";
  std::string refs;
  for (int i = 0; i < 20000; ++i) refs += "&big;";
  XmlReadOptions small;
  small.max_entity_bytes = 1000;
  EXPECT_FALSE(XmlDocument::Parse(dtd + "<r/>", small).ok());
  const auto start = std::chrono::steady_clock::now();
  StatusOr<XmlDocument> doc =
      XmlDocument::Parse(dtd + "<r a=\"" + refs + "\">" + refs + "</r>");
  ASSERT_TRUE(doc.ok()) << doc.status().ToString();
  // The text and the attribute stop growing once past the cap asked for.
  EXPECT_LE(TextOf(doc->root(), 1 << 20).size(), (1u << 20) + 60000);
  EXPECT_LE(Attribute(doc->root(), "a", "", 1 << 20)->size(),
            (1u << 20) + 60000);
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(5));
}

TEST(XmlTest, UrlsAndBases) {
  EXPECT_EQ(ResolveUrl("/a/b?c=1", "https://example.com/x/y"),
            "https://example.com/a/b?c=1");
  EXPECT_EQ(ResolveUrl("b", "https://example.com/x/y"),
            "https://example.com/x/b");
  EXPECT_EQ(ResolveUrl("https://other.org/z", "https://example.com/"),
            "https://other.org/z");
  EXPECT_EQ(ResolveUrl("b", ""), "b");
  EXPECT_EQ(UrlHost("https://News.Example.com:8080/feed.xml"),
            "news.example.com");
  EXPECT_EQ(UrlHost("feeds/local.xml"), "");
  StatusOr<XmlDocument> doc = XmlDocument::Parse(
      "<r xml:base=\"https://example.com/news/\"><a xml:base=\"world/\">"
      "<b/></a><c/></r>");
  ASSERT_TRUE(doc.ok());
  EXPECT_EQ(XmlBase(Descendant(doc->root(), {"a", "b"})),
            "https://example.com/news/world/");
  EXPECT_EQ(XmlBase(Child(doc->root(), "c")), "https://example.com/news/");
}

TEST(XmlTest, HtmlPagesAreRecognised) {
  EXPECT_TRUE(OpensAsHtmlPage("\xEF\xBB\xBF  <!DOCTYPE html><html>"));
  EXPECT_TRUE(OpensAsHtmlPage("<!-- x --><HTML lang=en>"));
  EXPECT_TRUE(OpensAsHtmlPage("<?xml version=\"1.0\"?>\n<html xmlns=\"x\">"));
  EXPECT_FALSE(OpensAsHtmlPage("<?xml version=\"1.0\"?><rss>"));
}

}  // namespace
}  // namespace newsdedup
