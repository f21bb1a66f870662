// The seed documents written out in every format newsdedup reads, run
// through `newsdedup batch`: whatever the format, 000 and 001 are one
// cluster and 002, 003 and 004 stay apart.
#include <gtest/gtest.h>

#include <filesystem>
#include <map>
#include <set>

#include "tests/test_util.h"

namespace newsdedup {
namespace {

std::string XmlEscape(const std::string& text) {
  std::string out;
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      default: out += c;
    }
  }
  return out;
}

std::string JsonEscape(const std::string& text) {
  std::string out;
  for (char c : text) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (c == '\n') {
      out += "\\n";
    } else if (static_cast<unsigned char>(c) < 0x20) {
      out += ' ';
    } else {
      out += c;
    }
  }
  return out;
}

// The seed's paragraphs as HTML, as a feed or a page carries them.
std::string Paragraphs(const std::string& body) {
  std::string html;
  size_t start = 0;
  while (start < body.size()) {
    size_t end = body.find('\n', start);
    if (end == std::string::npos) end = body.size();
    const std::string line = body.substr(start, end - start);
    if (line.find_first_not_of(" \t\r") != std::string::npos) {
      html += "<p>" + XmlEscape(line) + "</p>\n";
    }
    start = end + 1;
  }
  return html;
}

struct Seed {
  std::string id;
  std::string title;
  std::string body;
  std::string rfc822;
  std::string rfc3339;
};

std::vector<Seed> Seeds() {
  std::vector<Seed> seeds;
  int hour = 6;
  const char* const kTitles[] = {"Alliance warning", "Leaders aligned",
                                 "Summit opens", "Talks resume",
                                 "Envoys meet"};
  for (const Article& a : test::SeedArticles()) {
    Seed s{a.id, kTitles[seeds.size() % 5], a.body, "", ""};
    const std::string hh = (hour < 10 ? "0" : "") + std::to_string(hour);
    s.rfc822 = "Mon, 08 Apr 2024 " + hh + ":00:00 GMT";
    s.rfc3339 = "2024-04-08T" + hh + ":00:00Z";
    ++hour;
    seeds.push_back(s);
  }
  return seeds;
}

std::string Rss(const std::vector<Seed>& seeds) {
  std::string xml =
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      "<rss version=\"2.0\" "
      "xmlns:content=\"http://purl.org/rss/1.0/modules/content/\">\n"
      "<channel><title>Wire One</title><link>http://one.example/</link>\n";
  for (const Seed& s : seeds) {
    xml += "<item><guid isPermaLink=\"false\">" + s.id + "</guid><title>" +
           XmlEscape(s.title) + "</title><link>http://one.example/" + s.id +
           "</link><pubDate>" + s.rfc822 + "</pubDate><content:encoded>" +
           XmlEscape(Paragraphs(s.body)) + "</content:encoded></item>\n";
  }
  return xml + "</channel></rss>\n";
}

std::string Atom(const std::vector<Seed>& seeds) {
  std::string xml =
      "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
      "<feed xmlns=\"http://www.w3.org/2005/Atom\"><title>Two Daily</title>"
      "<id>urn:two</id><updated>2024-04-08T12:00:00Z</updated>\n";
  for (const Seed& s : seeds) {
    xml += "<entry><id>" + s.id + "</id><title>" + XmlEscape(s.title) +
           "</title><link href=\"http://two.example/" + s.id +
           "\"/><published>" + s.rfc3339 + "</published><updated>" +
           s.rfc3339 + "</updated><content type=\"html\">" +
           XmlEscape(Paragraphs(s.body)) + "</content></entry>\n";
  }
  return xml + "</feed>\n";
}

std::string Ninjs(const std::vector<Seed>& seeds) {
  std::string json = "[\n";
  for (const Seed& s : seeds) {
    if (json.size() > 2) json += ",\n";
    json += "{\"uri\":\"" + s.id + "\",\"type\":\"text\",\"headline\":\"" +
            JsonEscape(s.title) + "\",\"versioncreated\":\"" + s.rfc3339 +
            "\",\"body_text\":\"" + JsonEscape(s.body) + "\"}";
  }
  return json + "\n]\n";
}

std::string NewsMl(const std::vector<Seed>& seeds) {
  std::string xml =
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      "<newsMessage xmlns=\"http://iptc.org/std/nar/2006-10-01/\">"
      "<header><sent>2024-04-08T12:00:00Z</sent></header><itemSet>\n";
  for (const Seed& s : seeds) {
    xml += "<newsItem guid=\"" + s.id +
           "\" version=\"1\" standard=\"NewsML-G2\" standardversion=\"2.29\">"
           "<itemMeta><itemClass qcode=\"ninat:text\"/><versionCreated>" +
           s.rfc3339 +
           "</versionCreated></itemMeta><contentMeta><headline>" +
           XmlEscape(s.title) +
           "</headline></contentMeta><contentSet><inlineXML "
           "contenttype=\"application/xhtml+xml\"><html "
           "xmlns=\"http://www.w3.org/1999/xhtml\"><head><title/></head>"
           "<body>" +
           Paragraphs(s.body) + "</body></html></inlineXML></contentSet>"
           "</newsItem>\n";
  }
  return xml + "</itemSet></newsMessage>\n";
}

std::string Nitf(const Seed& s) {
  return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<nitf><head><title>" +
         XmlEscape(s.title) + "</title><docdata><doc-id id-string=\"" + s.id +
         "\"/><date.issue norm=\"" + s.rfc3339 +
         "\"/></docdata></head><body><body.head><hedline><hl1>" +
         XmlEscape(s.title) + "</hl1></hedline></body.head><body.content>" +
         Paragraphs(s.body) + "</body.content></body></nitf>\n";
}

// A page of a site whose chrome (navigation, related links, footer) is its
// own, so that pages of one story on two sites differ around it.
std::string Page(const Seed& s, int site) {
  const std::string name = "Site " + std::to_string(site);
  std::string html =
      "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>" +
      XmlEscape(s.title) + " | " + name + "</title>"
      "<meta property=\"og:site_name\" content=\"" + name + "\">"
      "<meta property=\"article:published_time\" content=\"" + s.rfc3339 +
      "\"></head><body><nav><ul>";
  for (int i = 0; i < 6; ++i) {
    html += "<li><a href=\"/s" + std::to_string(site * 10 + i) +
            "\">Section " + std::to_string(site * 10 + i) + "</a></li>";
  }
  html += "</ul></nav><article><h1>" + XmlEscape(s.title) + "</h1>" +
          Paragraphs(s.body) + "</article><aside><h2>More from " + name +
          "</h2><ul>";
  for (int i = 0; i < 4; ++i) {
    html += "<li><a href=\"/r" + std::to_string(i) + "\">Other headline " +
            std::to_string(site * 7 + i) + " on " + name + "</a></li>";
  }
  return html + "</ul></aside><footer><p>Copyright 2024 " + name +
         ". All rights reserved.</p></footer></body></html>\n";
}

std::string WarcRecord(const std::string& uri, const std::string& date,
                       const std::string& html) {
  const std::string http =
      "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n"
      "Content-Length: " +
      std::to_string(html.size()) + "\r\n\r\n" + html;
  return "WARC/1.1\r\nWARC-Type: response\r\nWARC-Record-ID: <urn:uuid:" +
         uri.substr(uri.size() - 3) +
         "-0000-0000-0000-000000000000>\r\nWARC-Date: " + date +
         "\r\nWARC-Target-URI: " + uri +
         "\r\nContent-Type: application/http; msgtype=response\r\n"
         "Content-Length: " +
         std::to_string(http.size()) + "\r\n\r\n" + http + "\r\n\r\n";
}

// The cluster of every article id in `batch`'s output lines.
std::map<std::string, std::string> ClusterOf(const std::string& out) {
  std::map<std::string, std::string> cluster_of;
  size_t start = 0;
  while (start < out.size()) {
    size_t end = out.find('\n', start);
    if (end == std::string::npos) end = out.size();
    const std::string line = out.substr(start, end - start);
    auto field = [&](const std::string& name) {
      const std::string key = "\"" + name + "\":\"";
      const size_t at = line.find(key);
      if (at == std::string::npos) return std::string();
      const size_t from = at + key.size();
      return line.substr(from, line.find('"', from) - from);
    };
    if (!field("id").empty()) cluster_of[field("id")] = field("cluster");
    start = end + 1;
  }
  return cluster_of;
}

// Checks that the articles whose ids contain each seed's number cluster as
// labelled: 000 with 001, the others each alone.
void ExpectSeedClusters(const std::string& out) {
  std::map<std::string, std::string> by_seed;
  for (const auto& [id, cluster] : ClusterOf(out)) {
    for (const char* n : {"000", "001", "002", "003", "004"}) {
      if (id.find(n) != std::string::npos) by_seed[n] = cluster;
    }
  }
  ASSERT_EQ(by_seed.size(), 5u) << out;
  EXPECT_EQ(by_seed["000"], by_seed["001"]) << out;
  const std::set<std::string> distinct = {by_seed["000"], by_seed["002"],
                                          by_seed["003"], by_seed["004"]};
  EXPECT_EQ(distinct.size(), 4u) << out;
}

class FormatsCliTest : public ::testing::Test {
 protected:
  test::CommandResult Batch(const std::string& inputs) {
    return test::RunNewsdedup("batch --db " + dir_.path() + "/db " + inputs);
  }
  std::string Write(const std::string& name, const std::string& text) {
    const std::string path = dir_.path() + "/" + name;
    test::WriteFile(path, text);
    return path;
  }
  test::TempDir dir_;
  std::vector<Seed> seeds_ = Seeds();
};

TEST_F(FormatsCliTest, RssAndAtomFeedsCopyingEachOther) {
  ASSERT_EQ(seeds_.size(), 5u);
  const std::string rss =
      Write("wire.rss", Rss({seeds_[0], seeds_[2], seeds_[3]}));
  const std::string atom = Write("daily.xml", Atom({seeds_[1], seeds_[4]}));
  const test::CommandResult r = Batch(rss + " " + atom);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  ExpectSeedClusters(r.out);
}

TEST_F(FormatsCliTest, Ninjs) {
  const test::CommandResult r = Batch(Write("seeds.json", Ninjs(seeds_)));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  ExpectSeedClusters(r.out);
}

TEST_F(FormatsCliTest, NewsMlG2Message) {
  const test::CommandResult r = Batch(Write("seeds.xml", NewsMl(seeds_)));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  ExpectSeedClusters(r.out);
}

TEST_F(FormatsCliTest, FolderOfNitfFiles) {
  std::filesystem::create_directories(dir_.path() + "/nitf");
  for (const Seed& s : seeds_) Write("nitf/" + s.id + ".xml", Nitf(s));
  const test::CommandResult r = Batch(dir_.path() + "/nitf");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  ExpectSeedClusters(r.out);
}

TEST_F(FormatsCliTest, FolderOfHtmlPagesFromDifferentSites) {
  std::filesystem::create_directories(dir_.path() + "/pages");
  int site = 0;
  for (const Seed& s : seeds_) {
    Write("pages/" + s.id + ".html", Page(s, ++site));
  }
  const test::CommandResult r = Batch(dir_.path() + "/pages");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  ExpectSeedClusters(r.out);
}

TEST_F(FormatsCliTest, WarcOfPagesFromDifferentSites) {
  std::string warc;
  int site = 0;
  for (const Seed& s : seeds_) {
    ++site;
    warc += WarcRecord("http://site" + std::to_string(site) +
                           ".example/news/" + s.id,
                       s.rfc3339, Page(s, site));
  }
  const test::CommandResult r = Batch(Write("crawl.warc", warc));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  ExpectSeedClusters(r.out);
}

TEST_F(FormatsCliTest, FormatCanBeNamedAndBadDocumentsAreRejected) {
  const std::string feed = Write("feed.dat", Rss(seeds_));
  const std::string broken = Write("broken.xml", "<rss><channel><item>");
  const test::CommandResult r =
      Batch("--format rss " + feed + " " + broken);
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_NE(r.err.find("broken.xml"), std::string::npos) << r.err;
  ExpectSeedClusters(r.out);
  const test::CommandResult unknown = Batch("--format docx " + feed);
  EXPECT_NE(unknown.exit_code, 0);
}

}  // namespace
}  // namespace newsdedup
