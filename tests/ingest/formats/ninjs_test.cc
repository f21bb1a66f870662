#include "ingest/formats/ninjs.h"

#include <gtest/gtest.h>

#include <string>

#include "ingest/formats/rfc3339.h"

namespace newsdedup {
namespace {

DocumentItems Parse(const std::string& json,
                    const DocumentOptions& options = {}) {
  StatusOr<DocumentItems> items = ParseNinjs(json, options);
  EXPECT_TRUE(items.ok()) << items.status().ToString();
  return items.ok() ? *items : DocumentItems{};
}

Article Only(const DocumentItems& items) {
  EXPECT_EQ(items.size(), 1u);
  if (items.size() != 1) return {};
  EXPECT_TRUE(items[0].article.ok())
      << items[0].where << ": " << items[0].article.status().ToString();
  return items[0].article.ok() ? *items[0].article : Article{};
}

TEST(NinjsTest, Version1Item) {
  const Article a = Only(Parse(R"({
    "uri": "https://wire.example/2024/03/05/port-strike",
    "type": "text", "version": "1",
    "versioncreated": "2024-03-05T08:15:00Z",
    "firstcreated": "2024-03-05T07:00:00Z",
    "headline": "Dock workers strike at Port Kessel",
    "byline": "Staff", "by": "Mara Ellison",
    "copyrightholder": "Wire Example",
    "body_html": "<p>Cargo handling stopped on Tuesday.</p><p>Ships queued.</p>"
  })"));
  EXPECT_EQ(a.id, "https://wire.example/2024/03/05/port-strike");
  EXPECT_EQ(a.url, a.id);
  EXPECT_EQ(a.title, "Dock workers strike at Port Kessel");
  EXPECT_EQ(a.body, "Cargo handling stopped on Tuesday.\n\nShips queued.");
  EXPECT_EQ(a.source, "Wire Example");
  EXPECT_EQ(a.published_ms, ParseRfc3339("2024-03-05T08:15:00Z"));
}

TEST(NinjsTest, Version2ItemWithHeadlinesAndBodies) {
  const Article a = Only(Parse(R"({
    "uri": "urn:newsml:wire.example:20240305:strike",
    "headlines": [{"role": "short", "value": "Port strike"},
                  {"role": "main", "value": "Dock workers strike at Port Kessel"}],
    "bodies": [{"role": "main", "contenttype": "text/html",
                "value": "<p>Cargo handling <b>stopped</b>.</p>"},
               {"role": "main", "contenttype": "text/plain",
                "value": "Cargo handling stopped."}],
    "firstcreated": "2024-03-05T07:00:00+01:00",
    "infosource": [{"name": "Wire Example", "role": "originfo"}],
    "links": [{"href": "https://wire.example/a/1", "rel": "irrelevant"},
              {"href": "https://wire.example/strike", "rel": "canonical"}]
  })"));
  EXPECT_EQ(a.id, "urn:newsml:wire.example:20240305:strike");
  EXPECT_EQ(a.title, "Dock workers strike at Port Kessel");
  EXPECT_EQ(a.body, "Cargo handling stopped.");
  EXPECT_EQ(a.url, "https://wire.example/strike");
  EXPECT_EQ(a.source, "Wire Example");
  EXPECT_EQ(a.published_ms, ParseRfc3339("2024-03-05T06:00:00Z"));
}

TEST(NinjsTest, Version3ArrayAndHtmlOnlyBody) {
  DocumentOptions options;
  options.fallback_published_ms = 1700000000000;
  const DocumentItems items = Parse(R"([
    {"uri": "urn:x:1", "headlines": [{"value": "First"}],
     "bodies": [{"contenttype": "text/html", "value": "<p>One &amp; two.</p>"}],
     "provider": {"name": "Newsroom"}, "guid": "g-1"},
    {"guid": "g-2", "body_text": "Plain body.", "by": "A. Writer",
     "versioncreated": "2024-01-02T03:04:05Z"}
  ])", options);
  ASSERT_EQ(items.size(), 2u);
  ASSERT_TRUE(items[0].article.ok());
  EXPECT_EQ(items[0].article->title, "First");
  EXPECT_EQ(items[0].article->body, "One & two.");
  EXPECT_EQ(items[0].article->source, "Newsroom");
  EXPECT_EQ(items[0].article->url, "");  // a urn is no URL
  EXPECT_EQ(items[0].article->published_ms, 1700000000000);
  ASSERT_TRUE(items[1].article.ok());
  EXPECT_EQ(items[1].article->id, "g-2");
  EXPECT_EQ(items[1].article->source, "A. Writer");
  EXPECT_EQ(items[1].article->published_ms,
            ParseRfc3339("2024-01-02T03:04:05Z"));
}

TEST(NinjsTest, OneObjectPerLineAndItemErrorsNameTheItem) {
  const DocumentItems items = Parse(
      "{\"uri\": \"urn:a\", \"body_text\": \"Body a.\"}\n"
      "\n"
      "{\"uri\": \"urn:b\", \"headline\": \"No body\"}\n"
      "{not json\n"
      "[1]\n"
      "{\"uri\": \"urn:e\", \"body_text\": \"x\", \"versioncreated\": "
      "\"yesterday\"}\n"
      "{\"body_text\": \"no id\"}\n");
  ASSERT_EQ(items.size(), 6u);
  EXPECT_TRUE(items[0].article.ok());
  EXPECT_EQ(items[0].where, "item 1 (urn:a)");
  EXPECT_EQ(items[1].where, "item 2 (urn:b)");
  EXPECT_EQ(items[1].article.status().message(), "no body");
  EXPECT_EQ(items[2].where, "item 3");
  EXPECT_NE(items[2].article.status().message().find("not valid JSON"),
            std::string::npos);
  EXPECT_EQ(items[3].article.status().message(), "not a JSON object");
  EXPECT_NE(items[4].article.status().message().find("versioncreated"),
            std::string::npos);
  EXPECT_EQ(items[5].article.status().message(), "no uri or guid");
}

TEST(NinjsTest, DocumentErrors) {
  EXPECT_FALSE(ParseNinjs("this is not json at all", {}).ok());
  EXPECT_FALSE(ParseNinjs("", {}).ok());
  DocumentOptions tiny;
  tiny.limits.max_record_bytes = 4;
  EXPECT_FALSE(
      ParseNinjs(std::string(100, ' ') + "{\"uri\":\"a\"}", tiny).ok());
}

}  // namespace
}  // namespace newsdedup
