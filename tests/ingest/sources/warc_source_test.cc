#include "ingest/sources/warc_source.h"

#include <gtest/gtest.h>
#include <zstd.h>

#include "ingest/formats/rfc3339.h"
#include "tests/ingest/sources/warc_writer.h"
#include "tests/test_util.h"

namespace newsdedup {
namespace {

using test::Chunked;
using test::Compress;
using test::HtmlResponse;
using test::NewsPage;
using test::WarcRecordText;

// The archive of the first test: every kind of record, in order.
std::vector<std::string> MixedRecords() {
  const std::string latin1_page =
      NewsPage("Caf\xe9 reopens", "The caf\xe9 on the square reopened today.");
  return {
      WarcRecordText("warcinfo", "", "software: test\r\n",
                     "application/warc-fields"),
      WarcRecordText("request", "http://news.example/a",
                     "GET /a HTTP/1.1\r\nHost: news.example\r\n\r\n",
                     "application/http; msgtype=request"),
      WarcRecordText(
          "response", "http://news.example/a",
          HtmlResponse(
              "200 OK",
              Chunked(NewsPage("Bridge approved",
                               "A new bridge over the river was approved."),
                      100),
              "Content-Type: text/html\r\n"
              "Transfer-Encoding: chunked\r\n")),
      WarcRecordText(
          "response", "http://news.example/b",
          HtmlResponse("200 OK", Compress(latin1_page),
                       "Content-Type: text/html; charset=ISO-8859-1\r\n"
                       "Content-Encoding: gzip\r\n")),
      WarcRecordText(
          "resource", "http://news.example/c",
          NewsPage("Library opens", "The town library opened its new wing.",
                   "<link rel=\"canonical\" href=\"https://news.example/lib\">"
                   "<meta property=\"article:published_time\" "
                   "content=\"2024-01-02T03:04:05Z\">"),
          "text/html; charset=utf-8"),
      WarcRecordText("response", "http://news.example/data.json",
                     HtmlResponse("200 OK", "{\"a\": 1}",
                                  "Content-Type: application/json\r\n")),
      WarcRecordText("response", "http://news.example/gone",
                     HtmlResponse("404 Not Found", "<html>gone</html>")),
      WarcRecordText(
          "response", "http://news.example/old",
          HtmlResponse("301 Moved Permanently", "", "Location: /new\r\n")),
      WarcRecordText("metadata", "http://news.example/a", "outlinks: 3\r\n",
                     "application/warc-fields"),
      WarcRecordText("revisit", "http://news.example/a", ""),
      WarcRecordText("response", "dns:news.example",
                     "20240506070809\r\nnews.example. 300 IN A 192.0.2.1\r\n",
                     "text/dns"),
  };
}

TEST(WarcSourceTest, ReadsPagesSkipsTheRestAndEndsOnATruncatedRecord) {
  enum Packing { kPlain, kGzipPerRecord, kZstdWhole };
  for (const Packing packing : {kPlain, kGzipPerRecord, kZstdWhole}) {
    const char* kNames[] = {"/in.warc", "/in.warc.gz", "/in.warc.zst"};
    SCOPED_TRACE(kNames[packing]);
    test::TempDir dir;
    const std::string path = dir.path() + kNames[packing];
    std::vector<std::string> records = MixedRecords();
    const std::string last = WarcRecordText(
        "response", "http://news.example/cut",
        HtmlResponse("200 OK", NewsPage("Cut short", "This one never ends.")));
    records.push_back(last.substr(0, last.size() - 300));
    std::string file = test::WarcFile(records, packing == kGzipPerRecord);
    if (packing == kZstdWhole) {
      std::string compressed(ZSTD_compressBound(file.size()), '\0');
      compressed.resize(ZSTD_compress(compressed.data(), compressed.size(),
                                      file.data(), file.size(), 3));
      file = compressed;
    }
    test::WriteFile(path, file);

    StatusOr<std::unique_ptr<WarcSource>> source =
        WarcSource::Open(path, IngestLimits{});
    ASSERT_TRUE(source.ok()) << source.status().ToString();
    std::vector<StreamEntry> chunk;
    ASSERT_TRUE((*source)->Read(100, chunk).ok());
    ASSERT_EQ(chunk.size(), 3u);
    EXPECT_EQ(chunk[0].tag, 3u);
    EXPECT_EQ(chunk[1].tag, 4u);
    EXPECT_EQ(chunk[2].tag, 5u);
    EXPECT_EQ((*source)->Where(chunk[0]),
              path + ": record 3 (http://news.example/a)");

    // Chunked: id and url are the Target-URI, published the WARC-Date.
    StatusOr<Article> a = (*source)->Parse(chunk[0]);
    ASSERT_TRUE(a.ok()) << a.status().ToString();
    EXPECT_EQ(a->id, "http://news.example/a");
    EXPECT_EQ(a->url, "http://news.example/a");
    EXPECT_EQ(a->published_ms, ParseRfc3339("2024-05-06T07:08:09Z"));
    EXPECT_NE(a->body.find("A new bridge over the river"), std::string::npos);
    EXPECT_EQ(a->body.find("Privacy"), std::string::npos);

    // Gzip-encoded, latin-1 by the HTTP charset.
    StatusOr<Article> b = (*source)->Parse(chunk[1]);
    ASSERT_TRUE(b.ok()) << b.status().ToString();
    EXPECT_NE(b->body.find("The caf\xc3\xa9 on the square"), std::string::npos);

    // The page's canonical URL and date win, but not over the id.
    StatusOr<Article> c = (*source)->Parse(chunk[2]);
    ASSERT_TRUE(c.ok()) << c.status().ToString();
    EXPECT_EQ(c->id, "http://news.example/c");
    EXPECT_EQ(c->url, "https://news.example/lib");
    EXPECT_EQ(c->published_ms, ParseRfc3339("2024-01-02T03:04:05Z"));
    EXPECT_EQ((*source)->Where(chunk[2]),
              path + ": record 5 (http://news.example/c)");

    const std::map<std::string, uint64_t> skipped = {
        {"metadata", 1}, {"not 200", 1}, {"not HTML", 1}, {"not HTTP", 1},
        {"redirect", 1}, {"request", 1}, {"revisit", 1},  {"warcinfo", 1}};
    EXPECT_EQ((*source)->skipped(), skipped);
    EXPECT_EQ((*source)->SkippedSummary(),
              "8 records skipped (1 metadata, 1 not 200, 1 not HTML, "
              "1 not HTTP, 1 redirect, 1 request, 1 revisit, 1 warcinfo)");

    // The truncated record ends the stream, after the entries before it.
    Status end = (*source)->Read(100, chunk);
    ASSERT_FALSE(end.ok());
    EXPECT_NE(end.message().find("record 12 at byte "), std::string::npos)
        << end.message();
    EXPECT_NE(end.message().find("http://news.example/cut"), std::string::npos);
    EXPECT_NE(end.message().find("ends inside the block"), std::string::npos);
    EXPECT_EQ(chunk.size(), 3u);
  }
}

TEST(WarcSourceTest, AnOversizedRecordIsRejectedUnreadAndReadingGoesOn) {
  test::TempDir dir;
  const std::string path = dir.path() + "/in.warc";
  IngestLimits limits;
  limits.max_record_bytes = 4000;
  const std::string big = NewsPage("Big", std::string(5000, 'x') + ".");
  test::WriteFile(
      path,
      test::WarcFile(
          {WarcRecordText("resource", "http://news.example/big", big,
                          "text/html"),
           WarcRecordText("resource", "http://news.example/small",
                          NewsPage("Small", "A small page."), "text/html")},
          false));
  StatusOr<std::unique_ptr<WarcSource>> source = WarcSource::Open(path, limits);
  ASSERT_TRUE(source.ok());
  std::vector<StreamEntry> chunk;
  ASSERT_TRUE((*source)->Read(100, chunk).ok());
  ASSERT_EQ(chunk.size(), 2u);
  EXPECT_EQ(chunk[0].error.code(), Status::Code::kResourceExhausted);
  EXPECT_NE(chunk[0].error.message().find("cap of 4000 bytes"),
            std::string::npos);
  EXPECT_EQ((*source)->Where(chunk[0]),
            path + ": record 1 (http://news.example/big)");
  EXPECT_TRUE(chunk[0].raw.empty());
  StatusOr<Article> small = (*source)->Parse(chunk[1]);
  ASSERT_TRUE(small.ok()) << small.status().ToString();
  EXPECT_EQ(small->id, "http://news.example/small");
  EXPECT_DOUBLE_EQ((*source)->Fraction(), 1.0);
  ASSERT_TRUE((*source)->Read(100, chunk).ok());
  EXPECT_EQ(chunk.size(), 2u);
}

TEST(WarcSourceTest, ResynchronisesAfterAGarbledRecord) {
  for (const bool gzip : {false, true}) {
    SCOPED_TRACE(gzip ? "gzip per record" : "plain");
    test::TempDir dir;
    const std::string path = dir.path() + "/in.warc" + (gzip ? ".gz" : "");
    const std::string first =
        WarcRecordText("resource", "http://news.example/1",
                       NewsPage("One", "First page."), "text/html");
    const std::string garbled =
        "WARC/1.1\r\nWARC-Type: resource\r\nContent-Length: lots\r\n\r\n"
        "<html>whatever was here</html>\r\n\r\n";
    test::WriteFile(
        path,
        test::WarcFile(
            {first, garbled,
             WarcRecordText("resource", "http://news.example/3",
                            NewsPage("Three", "Third page."), "text/html"),
             "WARC/1.1\r\nnot a field\r\n\r\nand no record after\r\n"},
            gzip));
    StatusOr<std::unique_ptr<WarcSource>> source =
        WarcSource::Open(path, IngestLimits{});
    ASSERT_TRUE(source.ok());
    std::vector<StreamEntry> chunk;
    ASSERT_TRUE((*source)->Read(100, chunk).ok());
    ASSERT_EQ(chunk.size(), 3u);
    EXPECT_TRUE(chunk[0].error.ok());
    EXPECT_EQ(chunk[1].tag, 2u);
    EXPECT_NE(
        chunk[1].error.message().find("byte " + std::to_string(first.size())),
        std::string::npos)
        << chunk[1].error.message();
    EXPECT_NE(chunk[1].error.message().find("Content-Length"),
              std::string::npos);
    EXPECT_EQ(chunk[2].tag, 3u);
    StatusOr<Article> third = (*source)->Parse(chunk[2]);
    ASSERT_TRUE(third.ok()) << third.status().ToString();
    EXPECT_EQ(third->id, "http://news.example/3");
    // A garble with nothing after it ends the stream.
    Status end = (*source)->Read(100, chunk);
    ASSERT_FALSE(end.ok());
    EXPECT_NE(end.message().find("record 4"), std::string::npos)
        << end.message();
  }
}

TEST(WarcSourceTest, AResponseRecordWithoutContentTypeIsReadByItsHead) {
  test::TempDir dir;
  const std::string path = dir.path() + "/in.warc";
  test::WriteFile(
      path,
      test::WarcFile(
          {WarcRecordText("response", "http://news.example/p",
                          HtmlResponse("200 OK", NewsPage("P", "A page.")), ""),
           WarcRecordText("response", "http://news.example/q",
                          "not an HTTP message at all", "")},
          false));
  StatusOr<std::unique_ptr<WarcSource>> source =
      WarcSource::Open(path, IngestLimits{});
  ASSERT_TRUE(source.ok());
  std::vector<StreamEntry> chunk;
  ASSERT_TRUE((*source)->Read(100, chunk).ok());
  ASSERT_EQ(chunk.size(), 1u);
  EXPECT_TRUE((*source)->Parse(chunk[0]).ok());
  EXPECT_EQ((*source)->SkippedSummary(), "1 record skipped (1 not HTTP)");
}

TEST(WarcSourceTest, SummarisesSkipsMostFrequentFirst) {
  test::TempDir dir;
  const std::string path = dir.path() + "/in.warc";
  const std::string request = WarcRecordText(
      "request", "http://news.example/a", "GET /a HTTP/1.1\r\n\r\n",
      "application/http; msgtype=request");
  test::WriteFile(
      path, test::WarcFile(
                {WarcRecordText("warcinfo", "", "", "application/warc-fields"),
                 request, request, request},
                true));
  StatusOr<std::unique_ptr<WarcSource>> source =
      WarcSource::Open(path, IngestLimits{});
  ASSERT_TRUE(source.ok());
  EXPECT_EQ((*source)->SkippedSummary(), "");
  std::vector<StreamEntry> chunk;
  ASSERT_TRUE((*source)->Read(100, chunk).ok());
  EXPECT_TRUE(chunk.empty());
  EXPECT_EQ((*source)->SkippedSummary(),
            "4 records skipped (3 request, 1 warcinfo)");
}

TEST(WarcSourceTest, AMissingFileIsAnErrorNamingIt) {
  StatusOr<std::unique_ptr<WarcSource>> source =
      WarcSource::Open("/nonexistent/in.warc.gz", IngestLimits{});
  ASSERT_FALSE(source.ok());
  EXPECT_NE(source.status().message().find("/nonexistent/in.warc.gz"),
            std::string::npos);
}

}  // namespace
}  // namespace newsdedup
