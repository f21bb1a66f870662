// Test helpers that write WARC records (ingest/formats/warc.h) and the HTTP
// messages they hold, so that tests build their archives in code: plain,
// or compressed one gzip member a record as crawlers write them.
#pragma once

#include <zlib.h>

#include <string>
#include <utility>
#include <vector>

namespace newsdedup::test {

// `data` compressed with zlib; `window_bits` as deflateInit2 takes them
// (15 + 16 for one gzip member, 15 for zlib, -15 for raw deflate).
inline std::string Compress(const std::string& data, int window_bits = 31) {
  z_stream z{};
  deflateInit2(&z, 6, Z_DEFLATED, window_bits, 8, Z_DEFAULT_STRATEGY);
  std::string out(deflateBound(&z, data.size()) + 32, '\0');
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  z.avail_in = static_cast<uInt>(data.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  deflate(&z, Z_FINISH);
  out.resize(z.total_out);
  deflateEnd(&z);
  return out;
}

// One WARC/1.1 record: the fields (WARC-Type first), Content-Length, the
// block and the "\r\n\r\n" that ends it.
inline std::string WarcRecordText(
    const std::string& type, const std::string& uri, const std::string& block,
    const std::string& content_type = "application/http; msgtype=response",
    const std::string& date = "2024-05-06T07:08:09Z",
    const std::vector<std::pair<std::string, std::string>>& more = {}) {
  std::string text = "WARC/1.1\r\nWARC-Type: " + type + "\r\n";
  text += "WARC-Record-ID: <urn:uuid:" + std::to_string(block.size()) + "-" +
          std::to_string(uri.size()) + ">\r\n";
  if (!uri.empty()) text += "WARC-Target-URI: " + uri + "\r\n";
  text += "WARC-Date: " + date + "\r\n";
  if (!content_type.empty()) text += "Content-Type: " + content_type + "\r\n";
  for (const auto& [name, value] : more) text += name + ": " + value + "\r\n";
  text += "Content-Length: " + std::to_string(block.size()) + "\r\n\r\n";
  return text + block + "\r\n\r\n";
}

// An HTTP/1.1 response: the status line, the header lines (each ending in
// "\r\n"), an empty line and the body as it goes on the wire.
inline std::string HttpResponseText(const std::string& status,
                                    const std::string& headers,
                                    const std::string& body) {
  return "HTTP/1.1 " + status + "\r\n" + headers + "\r\n" + body;
}

// A news page for tests: site chrome around a story of a few paragraphs that
// starts with `lead`; `head` goes into <head>.
inline std::string NewsPage(const std::string& title, const std::string& lead,
                            const std::string& head = "") {
  return "<!DOCTYPE html><html><head><title>" + title +
         " | The Daily Example</title>" + head +
         "</head><body><header><nav><a href=\"/\">Home</a> <a "
         "href=\"/world\">World</a> <a href=\"/sport\">Sport</a></nav>"
         "</header><article><h1>" +
         title + "</h1><p>" + lead +
         " The council met on Tuesday evening to discuss the plans, which "
         "have been debated for more than two years, and voted by a clear "
         "majority to go ahead with them.</p>"
         "<p>Residents who spoke at the meeting said the new bridge would cut "
         "their journey to work by half, while others worried about the "
         "noise and the traffic during construction, which will close one "
         "lane of the main road for several weeks.</p>"
         "<p>The work is expected to begin in the spring and to last for "
         "about eighteen months, according to the engineers in charge of "
         "the project, who said that the budget had been checked twice by "
         "independent auditors.</p></article><footer><a href=\"/about\">About "
         "us</a> "
         "<a href=\"/privacy\">Privacy</a></footer></body></html>";
}

// An HTTP response carrying `body` as HTML.
inline std::string HtmlResponse(
    const std::string& status, const std::string& body,
    const std::string& headers = "Content-Type: text/html; charset=utf-8\r\n") {
  return HttpResponseText(status, headers, body);
}

// `body` in chunks of `chunk` bytes, chunked transfer coding.
inline std::string Chunked(const std::string& body, size_t chunk) {
  std::string out;
  char size[20];
  for (size_t i = 0; i < body.size(); i += chunk) {
    const std::string piece = body.substr(i, chunk);
    std::snprintf(size, sizeof size, "%zx", piece.size());
    out += std::string(size) + "\r\n" + piece + "\r\n";
  }
  return out + "0\r\n\r\n";
}

// The records as one file: concatenated, or one gzip member each.
inline std::string WarcFile(const std::vector<std::string>& records,
                            bool gzip_per_record) {
  std::string out;
  for (const std::string& record : records) {
    out += gzip_per_record ? Compress(record) : record;
  }
  return out;
}

}  // namespace newsdedup::test
