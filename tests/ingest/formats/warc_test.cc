#include "ingest/formats/warc.h"

#include <gtest/gtest.h>
#include <zlib.h>

namespace newsdedup {
namespace {

// `text` compressed by zlib with `window_bits` as deflateInit2 takes them:
// 15 + 16 gzip, 15 zlib, -15 raw deflate.
std::string Deflate(const std::string& text, int window_bits) {
  z_stream z{};
  deflateInit2(&z, 6, Z_DEFLATED, window_bits, 8, Z_DEFAULT_STRATEGY);
  std::string out(deflateBound(&z, text.size()) + 32, '\0');
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(text.data()));
  z.avail_in = static_cast<uInt>(text.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  deflate(&z, Z_FINISH);
  out.resize(z.total_out);
  deflateEnd(&z);
  return out;
}

TEST(WarcHeaderTest, ParsesFieldsInAnyCaseWithContinuations) {
  StatusOr<WarcHeader> header = ParseWarcHeader(
      "WARC/1.1\r\n"
      "WARC-Type: response\r\n"
      "warc-target-uri: <http://example.com/a?b=1>\r\n"
      "WARC-Date: 2024-03-01T10:00:00.5Z\r\n"
      "X-Note: one\r\n"
      "  two\r\n"
      "content-length:  42 \r\n");
  ASSERT_TRUE(header.ok()) << header.status().ToString();
  EXPECT_EQ(header->version, "WARC/1.1");
  EXPECT_EQ(header->Type(), "response");
  EXPECT_EQ(header->TargetUri(), "http://example.com/a?b=1");
  EXPECT_EQ(header->fields.Get("x-note").value_or(""), "one two");
  EXPECT_EQ(header->content_length, 42u);
  EXPECT_FALSE(header->fields.Get("WARC-Payload-Digest").has_value());
}

TEST(WarcHeaderTest, AcceptsBareNewlinesAndVersionOne) {
  StatusOr<WarcHeader> header =
      ParseWarcHeader("WARC/1.0\nWARC-Type: warcinfo\nContent-Length: 0\n");
  ASSERT_TRUE(header.ok()) << header.status().ToString();
  EXPECT_EQ(header->Type(), "warcinfo");
  EXPECT_EQ(header->content_length, 0u);
}

TEST(WarcHeaderTest, RefusesWhatIsNotAWarcHeader) {
  const char* bad[] = {
      "WARC/0.17\r\nContent-Length: 1\r\n",
      "HTTP/1.1 200 OK\r\nContent-Length: 1\r\n",
      "WARC/1.1\r\nWARC-Type: response\r\n",  // no length
      "WARC/1.1\r\nContent-Length: 12a\r\n",  // not a number
      "WARC/1.1\r\nContent-Length: -1\r\n",
      "WARC/1.1\r\nContent-Length: 99999999999999999999\r\n",
      "WARC/1.1\r\n continued\r\nContent-Length: 1\r\n",
      "WARC/1.1\r\nno colon here\r\nContent-Length: 1\r\n",
  };
  for (const char* text : bad) {
    EXPECT_FALSE(ParseWarcHeader(text).ok()) << text;
  }
}

TEST(WarcContentTypeTest, SplitsTypeAndCharset) {
  ContentType type = ParseContentType("Text/HTML; Charset=\"ISO-8859-1\"");
  EXPECT_EQ(type.mime_type, "text/html");
  EXPECT_EQ(type.charset, "ISO-8859-1");
  type = ParseContentType("application/xhtml+xml;q=1; charset = utf-8 ");
  EXPECT_EQ(type.mime_type, "application/xhtml+xml");
  EXPECT_EQ(type.charset, "utf-8");
  EXPECT_TRUE(IsHtmlMimeType(type.mime_type));
  type = ParseContentType("application/json");
  EXPECT_EQ(type.charset, "");
  EXPECT_FALSE(IsHtmlMimeType(type.mime_type));
}

TEST(HttpHeadTest, ParsesStatusAndHeaders) {
  const std::string message =
      "HTTP/1.1 404 Not Found\r\nContent-Type: text/html;\r\n charset=utf-8\r\n"
      "\r\n<html>gone</html>";
  StatusOr<HttpHead> head = ParseHttpHead(message);
  ASSERT_TRUE(head.ok()) << head.status().ToString();
  EXPECT_EQ(head->status, 404);
  EXPECT_EQ(head->headers.Get("content-type").value_or(""),
            "text/html; charset=utf-8");
  EXPECT_EQ(message.substr(head->body_offset), "<html>gone</html>");

  head = ParseHttpHead("HTTP/2 200\nServer: x\n\nbody");
  ASSERT_TRUE(head.ok()) << head.status().ToString();
  EXPECT_EQ(head->status, 200);

  EXPECT_FALSE(ParseHttpHead("GET / HTTP/1.1\r\nHost: x\r\n\r\n").ok());
  EXPECT_FALSE(ParseHttpHead("HTTP/1.1 20 OK\r\n\r\n").ok());
  EXPECT_FALSE(ParseHttpHead("HTTP/1.1 2000 OK\r\n\r\n").ok());
  EXPECT_FALSE(ParseHttpHead("HTTP/1.1 200 OK\r\nServer: x\r\n").ok());
}

// The body of a response with `headers` and the raw `body`.
StatusOr<std::string> Body(const std::string& headers, const std::string& body,
                           size_t max_bytes = 1 << 20) {
  const std::string message = "HTTP/1.1 200 OK\r\n" + headers + "\r\n" + body;
  StatusOr<HttpHead> head = ParseHttpHead(message);
  if (!head.ok()) return head.status();
  return DecodeHttpBody(*head, message, max_bytes);
}

TEST(HttpBodyTest, UndoesChunkingAndCompression) {
  const std::string page = "<html><p>Hello, world.</p></html>";
  EXPECT_EQ(*Body("", page), page);
  EXPECT_EQ(*Body("Transfer-Encoding: chunked\r\n",
                  "5;ext=1\r\n<html\r\n1c\r\n><p>Hello, world.</p></html>\r\n"
                  "0\r\nX-Trailer: 1\r\n\r\n"),
            page);
  EXPECT_EQ(*Body("Content-Encoding: gzip\r\n", Deflate(page, 15 + 16)), page);
  EXPECT_EQ(*Body("Content-Encoding: deflate\r\n", Deflate(page, 15)), page);
  EXPECT_EQ(*Body("Content-Encoding: deflate\r\n", Deflate(page, -15)), page);
  // Chunked and gzipped, the gzip split across chunks.
  const std::string gz = Deflate(page, 15 + 16);
  const std::string half = gz.substr(0, 10), rest = gz.substr(10);
  char sizes[2][16];
  std::snprintf(sizes[0], sizeof sizes[0], "%zx", half.size());
  std::snprintf(sizes[1], sizeof sizes[1], "%zx", rest.size());
  EXPECT_EQ(*Body("Transfer-Encoding: chunked\r\nContent-Encoding: gzip\r\n",
                  std::string(sizes[0]) + "\r\n" + half + "\r\n" + sizes[1] +
                      "\r\n" + rest + "\r\n0\r\n\r\n"),
            page);
}

TEST(HttpBodyTest, TakesABodyStoredDecodedAsItIs) {
  const std::string page = "<html><p>Stored decoded.</p></html>";
  EXPECT_EQ(
      *Body("Transfer-Encoding: chunked\r\nContent-Encoding: gzip\r\n", page),
      page);
}

TEST(HttpBodyTest, RefusesBrokenUnknownAndOversizedBodies) {
  const std::string page(10000, 'a');
  StatusOr<std::string> over =
      Body("Content-Encoding: gzip\r\n", Deflate(page, 15 + 16), 9999);
  ASSERT_FALSE(over.ok());
  EXPECT_EQ(over.status().code(), Status::Code::kResourceExhausted);
  EXPECT_TRUE(
      Body("Content-Encoding: gzip\r\n", Deflate(page, 15 + 16), 10000).ok());
  EXPECT_EQ(Body("", page, 100).status().code(),
            Status::Code::kResourceExhausted);
  const std::string gz = Deflate(page, 15 + 16);
  EXPECT_FALSE(
      Body("Content-Encoding: gzip\r\n", gz.substr(0, gz.size() / 2)).ok());
  StatusOr<std::string> brotli = Body("Content-Encoding: br\r\n", "\x0b\x02");
  ASSERT_FALSE(brotli.ok());
  EXPECT_NE(brotli.status().message().find("br"), std::string::npos);
  EXPECT_FALSE(Body("Transfer-Encoding: chunked\r\n", "10\r\nshort\r\n").ok());
  EXPECT_FALSE(
      Body("Transfer-Encoding: chunked\r\n", "3\r\nabc\r\nzz\r\n").ok());
}

}  // namespace
}  // namespace newsdedup
