#include "ingest/sources/warc_pages.h"

#include <gtest/gtest.h>

#include "tests/ingest/sources/warc_writer.h"

namespace newsdedup {
namespace {

using test::HtmlResponse;
using test::NewsPage;
using test::WarcRecordText;

std::vector<std::string> Archive() {
  return {
      WarcRecordText("warcinfo", "", "software: test\r\n",
                     "application/warc-fields"),
      WarcRecordText("response", "http://news.example/a",
                     HtmlResponse("200 OK", NewsPage("A", "Page a."))),
      WarcRecordText("response", "http://news.example/gone",
                     HtmlResponse("404 Not Found", "<html>gone</html>")),
      "WARC/1.1\r\nWARC-Type: resource\r\nContent-Length: ?\r\n\r\n\r\n\r\n",
      WarcRecordText("resource", "http://news.example/b",
                     NewsPage("B", "Page b."), "text/html"),
      WarcRecordText("resource", "http://news.example/empty",
                     "<html><body><nav><a href=\"/\">Home</a></nav></body>"
                     "</html>",
                     "text/html"),
  };
}

TEST(WarcDocumentTest, AnItemAPageAndOneADamagedRecord) {
  for (const bool gzip : {false, true}) {
    SCOPED_TRACE(gzip ? "gzip per record" : "plain");
    std::vector<std::string> records = Archive();
    const std::string cut =
        WarcRecordText("resource", "http://news.example/cut",
                       NewsPage("C", "Page c."), "text/html");
    records.push_back(cut.substr(0, cut.size() - 100));
    const std::string bytes = test::WarcFile(records, gzip);
    StatusOr<DocumentItems> items = ParseWarcDocument(bytes, DocumentOptions{});
    ASSERT_TRUE(items.ok()) << items.status().ToString();
    ASSERT_EQ(items->size(), 5u);
    EXPECT_EQ((*items)[0].where, "record 2 (http://news.example/a)");
    ASSERT_TRUE((*items)[0].article.ok());
    EXPECT_EQ((*items)[0].article->id, "http://news.example/a");
    EXPECT_EQ((*items)[1].where, "record 4");
    EXPECT_NE((*items)[1].article.status().message().find("Content-Length"),
              std::string::npos);
    EXPECT_EQ((*items)[2].where, "record 5 (http://news.example/b)");
    EXPECT_TRUE((*items)[2].article.ok());
    EXPECT_EQ((*items)[3].where, "record 6 (http://news.example/empty)");
    EXPECT_FALSE((*items)[3].article.ok());
    EXPECT_EQ((*items)[4].where, "record 7 (http://news.example/cut)");
    EXPECT_NE((*items)[4].article.status().message().find("ends inside"),
              std::string::npos);
  }
}

TEST(WarcDocumentTest, BytesThatHoldNoRecordAreRefusedWhole) {
  EXPECT_FALSE(ParseWarcDocument("<html>not an archive</html>", {}).ok());
  StatusOr<DocumentItems> empty = ParseWarcDocument("", {});
  ASSERT_TRUE(empty.ok());
  EXPECT_TRUE(empty->empty());
}

TEST(WarcPagesTest, ClassifiesRecordsAndKeepsWhatTheRecordSays) {
  WarcRecord record;
  StatusOr<WarcHeader> header = ParseWarcHeader(
      "WARC/1.1\r\nWARC-Type: response\r\n"
      "WARC-Target-URI: http://news.example/x\r\n"
      "WARC-Date: 2024-05-06T07:08:09Z\r\nContent-Length: 0\r\n");
  ASSERT_TRUE(header.ok());
  record.header = *header;
  record.block = HtmlResponse(
      "200 OK", "<html></html>",
      "Content-Type: application/xhtml+xml; charset=windows-1252\r\n");
  WarcPage page;
  EXPECT_EQ(ClassifyWarcRecord(record, &page), "");
  EXPECT_EQ(page.target_uri, "http://news.example/x");
  EXPECT_EQ(page.date_ms, 1714979289000);
  EXPECT_EQ(page.charset, "windows-1252");
  EXPECT_TRUE(page.http);
  record.block = HtmlResponse("302 Found", "", "Location: /y\r\n");
  EXPECT_EQ(ClassifyWarcRecord(record, &page), "redirect");
  record.block = HtmlResponse("500 Internal Server Error", "");
  EXPECT_EQ(ClassifyWarcRecord(record, &page), "not 200");
  // A body no one gave a type is a page when it opens as one.
  record.block = HtmlResponse("200 OK", "\n<!DOCTYPE HTML><p>x</p>", "");
  EXPECT_EQ(ClassifyWarcRecord(record, &page), "");
  record.block = HtmlResponse("200 OK", "%PDF-1.4", "");
  EXPECT_EQ(ClassifyWarcRecord(record, &page), "not HTML");
  record.block =
      HtmlResponse("200 OK", "<html>", "Content-Type: text/plain\r\n");
  EXPECT_EQ(ClassifyWarcRecord(record, &page), "not HTML");
  record.header.fields.fields.front().second = "conversion";
  EXPECT_EQ(ClassifyWarcRecord(record, &page), "other");
}

}  // namespace
}  // namespace newsdedup
