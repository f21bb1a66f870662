#include "ingest/formats/nitf.h"

#include <gtest/gtest.h>

#include <string>

#include "ingest/formats/rfc3339.h"

namespace newsdedup {
namespace {

const char kNitf[] = R"(<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE nitf SYSTEM "nitf-3-4.dtd">
<nitf version="-//IPTC//DTD NITF 3.4//EN">
  <head>
    <title>Grain harvest (head title)</title>
    <docdata>
      <doc-id id-string="EXW-2024-0301-017"/>
      <date.issue norm="20240301T120000Z"/>
      <doc.copyright year="2024" holder="Example Wire"/>
    </docdata>
    <pubdata name="Example Wire Service" type="web"/>
  </head>
  <body>
    <body.head>
      <hedline><hl1>Grain harvest beats forecasts</hl1></hedline>
      <byline>By A. Writer</byline>
    </body.head>
    <body.content>
      <p>The grain harvest was larger than forecast,
         the ministry said on Friday.</p>
      <hl2>Prices</hl2>
      <p>Prices fell&nbsp;2 percent.</p>
      <media media-type="image"><media-caption>A field.</media-caption></media>
      <block><p>Exports are expected to rise.</p></block>
    </body.content>
  </body>
</nitf>)";

TEST(NitfTest, ReadsTheArticle) {
  StatusOr<DocumentItems> items = ParseNitf(kNitf, {});
  ASSERT_TRUE(items.ok()) << items.status().ToString();
  ASSERT_EQ(items->size(), 1u);
  const DocumentItem& item = (*items)[0];
  ASSERT_TRUE(item.article.ok()) << item.article.status().ToString();
  EXPECT_EQ(item.where, "item 1 (EXW-2024-0301-017)");
  EXPECT_EQ(item.article->id, "EXW-2024-0301-017");
  EXPECT_EQ(item.article->title, "Grain harvest beats forecasts");
  EXPECT_EQ(item.article->body,
            "The grain harvest was larger than forecast, the ministry said on "
            "Friday.\n\nPrices\n\nPrices fell\u00a02 percent.\n\n"
            "Exports are expected to rise.");
  EXPECT_EQ(item.article->source, "Example Wire");
  ASSERT_TRUE(item.article->published_ms);
  EXPECT_EQ(FormatRfc3339(*item.article->published_ms), "2024-03-01T12:00:00Z");
}

TEST(NitfTest, FallbacksAndNamespaces) {
  const std::string xml =
      "<nitf xmlns=\"http://iptc.org/std/NITF/2006-10-18/\"><head>"
      "<title>Head title</title><docdata><doc-id id-string=\"n-2\"/>"
      "<date.issue norm=\"2024-03-02T09:30:00+01:00\"/></docdata>"
      "<pubdata name=\"Example Times\"/></head><body><body.content>"
      "Loose text.<p>A paragraph.</p></body.content></body></nitf>";
  StatusOr<DocumentItems> items = ParseNitf(xml, {});
  ASSERT_TRUE(items.ok()) << items.status().ToString();
  ASSERT_TRUE((*items)[0].article.ok());
  const Article& article = *(*items)[0].article;
  EXPECT_EQ(article.title, "Head title");
  EXPECT_EQ(article.body, "Loose text.\n\nA paragraph.");
  EXPECT_EQ(article.source, "Example Times");
  EXPECT_EQ(FormatRfc3339(*article.published_ms), "2024-03-02T08:30:00Z");
}

TEST(NitfTest, ItemsWithoutIdOrTextAreRefused) {
  DocumentOptions options;
  options.fallback_published_ms = 5;
  StatusOr<DocumentItems> items = ParseNitf(
      "<nitf><head/><body><body.content><p>Text.</p></body.content></body>"
      "</nitf>",
      options);
  ASSERT_TRUE(items.ok());
  EXPECT_EQ((*items)[0].article.status().message(), "no doc-id");
  items = ParseNitf(
      "<nitf><head><docdata><doc-id id-string=\"x\"/></docdata></head>"
      "<body><body.content><media/></body.content></body></nitf>",
      options);
  ASSERT_TRUE(items.ok());
  EXPECT_EQ((*items)[0].article.status().message(), "no text in body.content");
  items = ParseNitf(
      "<nitf><head><docdata><doc-id id-string=\"x\"/></docdata></head>"
      "<body><body.content><p>T.</p></body.content></body></nitf>",
      options);
  ASSERT_TRUE(items.ok());
  ASSERT_TRUE((*items)[0].article.ok());
  EXPECT_EQ((*items)[0].article->published_ms, 5);
}

TEST(NitfTest, DocumentsThatAreNotNitf) {
  EXPECT_EQ(ParseNitf("<rss/>", {}).status().message(),
            "not NITF: the root element is <rss>");
  EXPECT_EQ(ParseNitf("<!DOCTYPE html><html></html>", {}).status().message(),
            "an HTML page, not NITF");
  EXPECT_EQ(ParseNitf("<nitf><head>", {}).status().message().rfind(
                "not well-formed XML at line 1", 0),
            0u);
}

}  // namespace
}  // namespace newsdedup
