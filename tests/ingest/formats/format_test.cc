#include "ingest/formats/format.h"

#include <gtest/gtest.h>

namespace newsdedup {
namespace {

TEST(FormatTest, NamesRoundTripAndAliases) {
  for (Format f : {Format::kJsonLines, Format::kFeed, Format::kHtml,
                   Format::kNinjs, Format::kNewsMl, Format::kNitf,
                   Format::kWarc}) {
    EXPECT_EQ(FormatNamed(FormatName(f)), f) << FormatName(f);
  }
  EXPECT_EQ(FormatNamed("RSS"), Format::kFeed);
  EXPECT_EQ(FormatNamed("atom"), Format::kFeed);
  EXPECT_EQ(FormatNamed("newsml-g2"), Format::kNewsMl);
  EXPECT_EQ(FormatNamed("docx"), std::nullopt);
}

TEST(FormatTest, SniffsXmlRoots) {
  EXPECT_EQ(SniffFormat("<?xml version=\"1.0\"?>\n<rss version=\"2.0\">", ""),
            Format::kFeed);
  EXPECT_EQ(SniffFormat("\xEF\xBB\xBF<feed xmlns=\"http://www.w3.org/2005/"
                        "Atom\">",
                        ""),
            Format::kFeed);
  EXPECT_EQ(SniffFormat("<rdf:RDF xmlns:rdf=\"x\">", ""), Format::kFeed);
  EXPECT_EQ(SniffFormat("<!-- c --><newsItem guid=\"x\">", ""),
            Format::kNewsMl);
  EXPECT_EQ(SniffFormat("<g2:newsMessage>", ""), Format::kNewsMl);
  EXPECT_EQ(SniffFormat("<?xml version=\"1.0\"?><!DOCTYPE nitf><nitf>", ""),
            Format::kNitf);
  EXPECT_EQ(SniffFormat("<!DOCTYPE html>\n<html lang=en>", ""), Format::kHtml);
  EXPECT_EQ(SniffFormat("  <html><body>", ""), Format::kHtml);
}

TEST(FormatTest, SniffsJsonAndWarc) {
  EXPECT_EQ(SniffFormat("{\"id\":\"a\",\"body\":\"x \\\"uri\\\": y\"}\n", ""),
            Format::kJsonLines);
  EXPECT_EQ(SniffFormat("{\"uri\":\"urn:a\",\"body_text\":\"x\"}", ""),
            Format::kNinjs);
  EXPECT_EQ(SniffFormat("{\n  \"uri\": \"urn:a\",\n  \"headline\": \"h\"\n}",
                        ""),
            Format::kNinjs);
  EXPECT_EQ(SniffFormat("[{\"uri\":\"a\"}]", ""), Format::kNinjs);
  EXPECT_EQ(SniffFormat("WARC/1.1\r\nWARC-Type: warcinfo\r\n", ""),
            Format::kWarc);
}

TEST(FormatTest, FallsBackToTheNameThenGivesUp) {
  EXPECT_EQ(SniffFormat("", "archive.warc.gz"), Format::kWarc);
  EXPECT_EQ(SniffFormat("", "in.jsonl.zst"), Format::kJsonLines);
  EXPECT_EQ(SniffFormat("<p>x</p>", "page.HTML"), Format::kHtml);
  EXPECT_EQ(SniffFormat("plain text", "notes.txt"), std::nullopt);
  EXPECT_EQ(SniffFormat("<unknown/>", "x.xml"), std::nullopt);
}

TEST(FormatTest, ContentTypes) {
  EXPECT_EQ(FormatOfContentType("application/rss+xml; charset=utf-8"),
            Format::kFeed);
  EXPECT_EQ(FormatOfContentType("Application/Atom+XML"), Format::kFeed);
  EXPECT_EQ(FormatOfContentType("text/html"), Format::kHtml);
  EXPECT_EQ(FormatOfContentType("application/vnd.iptc.g2.newsitem+xml"),
            Format::kNewsMl);
  EXPECT_EQ(FormatOfContentType("application/ninjs+json"), Format::kNinjs);
  EXPECT_EQ(FormatOfContentType("application/x-ndjson"), Format::kJsonLines);
  EXPECT_EQ(FormatOfContentType("application/json"), std::nullopt);
  EXPECT_EQ(FormatOfContentType("text/xml"), std::nullopt);
}

TEST(FormatTest, JsonLinesDocumentsNameEachLine) {
  StatusOr<DocumentItems> items =
      ParseDocument(Format::kJsonLines,
                    "{\"id\":\"a\",\"body\":\"Text.\"}\r\n\n{\"id\":1}\n",
                    DocumentOptions{});
  ASSERT_TRUE(items.ok());
  ASSERT_EQ(items->size(), 2u);
  EXPECT_TRUE((*items)[0].article.ok());
  EXPECT_EQ((*items)[1].where, "line 3");
  EXPECT_FALSE((*items)[1].article.ok());
}

}  // namespace
}  // namespace newsdedup
