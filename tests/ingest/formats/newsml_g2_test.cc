#include "ingest/formats/newsml_g2.h"

#include <gtest/gtest.h>

#include <string>

#include "ingest/formats/rfc3339.h"

namespace newsdedup {
namespace {

const char kItem[] = R"(<?xml version="1.0" encoding="UTF-8"?>
<newsItem xmlns="http://iptc.org/std/nar/2006-10-01/"
    guid="urn:newsml:example.com:20240301:wx-1" version="2" standard="NewsML-G2">
  <itemMeta>
    <itemClass qcode="ninat:text"/>
    <provider literal="Example Wire"/>
    <versionCreated>2024-03-01T12:30:00Z</versionCreated>
    <firstCreated>2024-03-01T11:00:00Z</firstCreated>
  </itemMeta>
  <contentMeta>
    <headline>Storm closes mountain pass</headline>
    <creator><name>R. Reporter</name></creator>
    <infoSource literal="Example Wire"/>
  </contentMeta>
  <contentSet>
    <remoteContent href="https://example.com/wx-1.jpg"/>
    <inlineXML contenttype="application/xhtml+xml">
      <html xmlns="http://www.w3.org/1999/xhtml"><head><title>x</title></head>
      <body><p>Snow closed the pass on Friday.</p><p>Crews expect to reopen it by Sunday.</p></body></html>
    </inlineXML>
  </contentSet>
</newsItem>)";

TEST(NewsMlTest, ASingleNewsItemWithXhtml) {
  StatusOr<DocumentItems> items = ParseNewsMl(kItem, {});
  ASSERT_TRUE(items.ok()) << items.status().ToString();
  ASSERT_EQ(items->size(), 1u);
  const DocumentItem& item = (*items)[0];
  ASSERT_TRUE(item.article.ok()) << item.article.status().ToString();
  EXPECT_EQ(item.where, "item 1 (urn:newsml:example.com:20240301:wx-1)");
  EXPECT_EQ(item.article->id, "urn:newsml:example.com:20240301:wx-1");
  EXPECT_EQ(item.article->title, "Storm closes mountain pass");
  EXPECT_EQ(item.article->body,
            "Snow closed the pass on Friday.\n\nCrews expect to reopen it by "
            "Sunday.");
  EXPECT_EQ(item.article->source, "Example Wire");
  EXPECT_EQ(FormatRfc3339(*item.article->published_ms),
            "2024-03-01T12:30:00Z");
}

const char kMessage[] = R"(<?xml version="1.0" encoding="UTF-8"?>
<newsMessage xmlns="http://iptc.org/std/nar/2006-10-01/">
  <header><sent>2024-03-02T08:00:00Z</sent></header>
  <itemSet>
    <packageItem guid="urn:pkg:1" standard="NewsML-G2">
      <groupSet root="G1">
        <group id="G1" role="group:main">
          <itemRef residref="urn:item:nitf"/>
          <itemRef residref="urn:item:text"/>
          <itemRef residref="urn:item:elsewhere"/>
        </group>
      </groupSet>
    </packageItem>
    <newsItem guid="urn:item:nitf">
      <itemMeta><firstCreated>2024-03-02T07:00:00+01:00</firstCreated></itemMeta>
      <contentMeta><creator><name>Example Agency</name></creator></contentMeta>
      <contentSet><inlineXML contenttype="application/nitf+xml">
        <nitf xmlns="http://iptc.org/std/NITF/2006-10-18/"><body>
          <body.head><hedline><hl1>Rail strike called off</hl1></hedline></body.head>
          <body.content><p>The union called off the strike.</p><p>Trains run as usual.</p></body.content>
        </body></nitf>
      </inlineXML></contentSet>
    </newsItem>
    <newsItem guid="urn:item:text">
      <contentMeta><headline>Short note</headline>
        <contentCreated>2024-03-02T06:00:00Z</contentCreated></contentMeta>
      <contentSet><inlineData contenttype="text/plain">A short plain note.</inlineData></contentSet>
    </newsItem>
    <newsItem guid="urn:item:photo">
      <contentMeta><headline>Photo</headline></contentMeta>
      <contentSet><remoteContent href="https://example.com/p.jpg"/></contentSet>
    </newsItem>
    <newsItem><contentSet><inlineData>No guid.</inlineData></contentSet></newsItem>
  </itemSet>
</newsMessage>)";

TEST(NewsMlTest, AMessageWithItemsAndAPackage) {
  DocumentOptions options;
  options.origin = "https://agency.example.com/g2/feed.xml";
  StatusOr<DocumentItems> items = ParseNewsMl(kMessage, options);
  ASSERT_TRUE(items.ok()) << items.status().ToString();
  ASSERT_EQ(items->size(), 5u);
  // The package's reference to an item the message does not hold.
  EXPECT_EQ((*items)[0].where, "package 1 (urn:pkg:1)");
  EXPECT_EQ((*items)[0].article.status().message(),
            "refers to urn:item:elsewhere, which is not in this document");

  ASSERT_TRUE((*items)[1].article.ok()) << (*items)[1].article.status().ToString();
  const Article& nitf = *(*items)[1].article;
  EXPECT_EQ(nitf.id, "urn:item:nitf");
  EXPECT_EQ(nitf.title, "Rail strike called off");
  EXPECT_EQ(nitf.body, "The union called off the strike.\n\nTrains run as usual.");
  EXPECT_EQ(nitf.source, "Example Agency");
  EXPECT_EQ(FormatRfc3339(*nitf.published_ms), "2024-03-02T06:00:00Z");

  ASSERT_TRUE((*items)[2].article.ok());
  const Article& text = *(*items)[2].article;
  EXPECT_EQ(text.body, "A short plain note.");
  EXPECT_EQ(text.title, "Short note");
  EXPECT_EQ(text.source, "agency.example.com");
  EXPECT_EQ(FormatRfc3339(*text.published_ms), "2024-03-02T06:00:00Z");

  EXPECT_EQ((*items)[3].where, "item 3 (urn:item:photo)");
  EXPECT_EQ((*items)[3].article.status().message(), "no inline content");
  EXPECT_EQ((*items)[4].where, "item 4");
  EXPECT_EQ((*items)[4].article.status().message(), "no guid");
}

TEST(NewsMlTest, APackageAloneYieldsOnlyItsMissingReferences) {
  StatusOr<DocumentItems> items = ParseNewsMl(
      "<packageItem xmlns=\"http://iptc.org/std/nar/2006-10-01/\" "
      "guid=\"urn:p\"><groupSet><group><itemRef residref=\"urn:a\"/>"
      "</group></groupSet></packageItem>",
      {});
  ASSERT_TRUE(items.ok()) << items.status().ToString();
  ASSERT_EQ(items->size(), 1u);
  EXPECT_FALSE((*items)[0].article.ok());
}

TEST(NewsMlTest, DocumentsThatAreNotNewsMlG2) {
  EXPECT_EQ(ParseNewsMl("<newsItem guid=\"x\"/>", {}).status().message(),
            "not NewsML-G2: the root element is <newsItem> in namespace \"\"");
  EXPECT_EQ(ParseNewsMl("<NewsML/>", {}).status().message(),
            "not NewsML-G2: the root element is <NewsML> in namespace \"\"");
  EXPECT_EQ(ParseNewsMl("<html><body/></html>", {}).status().message(),
            "an HTML page, not NewsML-G2");
  EXPECT_EQ(ParseNewsMl("<newsItem>", {}).status().message().rfind(
                "not well-formed XML at line 1", 0),
            0u);
}

}  // namespace
}  // namespace newsdedup
