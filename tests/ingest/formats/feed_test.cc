#include "ingest/formats/feed.h"

#include <gtest/gtest.h>

#include <string>

#include "ingest/formats/rfc3339.h"

namespace newsdedup {
namespace {

DocumentItems Parse(const std::string& xml, DocumentOptions options = {}) {
  StatusOr<DocumentItems> items = ParseFeed(xml, options);
  EXPECT_TRUE(items.ok()) << items.status().ToString();
  return items.ok() ? *items : DocumentItems{};
}

std::string Error(const std::string& xml, DocumentOptions options = {}) {
  StatusOr<DocumentItems> items = ParseFeed(xml, options);
  return items.ok() ? "parsed" : items.status().message();
}

std::string Published(const Article& article) {
  return article.published_ms ? FormatRfc3339(*article.published_ms) : "none";
}

const char kRss2[] = R"(<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"
     xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel>
  <title>Harbour &amp; Valley Gazette</title>
  <link>https://gazette.example.org/news/</link>
  <item>
    <title>Ferry fares rise &#8211; again</title>
    <link>/news/2024/ferry-fares</link>
    <guid isPermaLink="false">gazette-4471</guid>
    <pubDate>Fri, 01 Mar 2024 09:15:00 +0100</pubDate>
    <description>Short teaser.</description>
    <content:encoded><![CDATA[<p>The ferry operator said fares would rise by 4&nbsp;percent.</p>
<p>Commuters &ldquo;were not consulted&rdquo;, a council member said.</p>
<div class="share-tools"><a href="/s">Share</a></div>]]></content:encoded>
  </item>
  <item>
    <title>Council meets</title>
    <guid>https://gazette.example.org/news/council</guid>
    <dc:date>2024-03-02T08:00:00+00:00</dc:date>
    <description>&lt;p&gt;The council met on Friday &amp;amp; agreed the budget.&lt;/p&gt;</description>
    <source url="https://wire.example.com/rss">Example Wire</source>
  </item>
  <item><title>No identity</title><description>Text without a home.</description></item>
  <item><guid>gazette-4474</guid><title>Only a title</title></item>
</channel>
</rss>)";

TEST(FeedTest, Rss2ItemsWithHtmlContentAndDates) {
  DocumentOptions options;
  options.fallback_published_ms = 0;
  DocumentItems items = Parse(kRss2, options);
  ASSERT_EQ(items.size(), 4u);
  ASSERT_TRUE(items[0].article.ok()) << items[0].article.status().ToString();
  const Article& first = *items[0].article;
  EXPECT_EQ(items[0].where, "item 1 (gazette-4471)");
  EXPECT_EQ(first.id, "gazette-4471");
  EXPECT_EQ(first.title, "Ferry fares rise \u2013 again");
  // HtmlToText writes a no-break space as a space.
  EXPECT_EQ(first.body,
            "The ferry operator said fares would rise by 4 percent.\n\n"
            "Commuters \u201cwere not consulted\u201d, a council member said.");
  EXPECT_EQ(first.url, "https://gazette.example.org/news/2024/ferry-fares");
  EXPECT_EQ(first.source, "Harbour & Valley Gazette");
  EXPECT_EQ(Published(first), "2024-03-01T08:15:00Z");

  ASSERT_TRUE(items[1].article.ok()) << items[1].article.status().ToString();
  const Article& second = *items[1].article;
  EXPECT_EQ(second.id, "https://gazette.example.org/news/council");
  EXPECT_EQ(second.url, "https://gazette.example.org/news/council");
  EXPECT_EQ(second.body, "The council met on Friday & agreed the budget.");
  EXPECT_EQ(second.source, "Example Wire");
  EXPECT_EQ(Published(second), "2024-03-02T08:00:00Z");

  EXPECT_EQ(items[2].where, "item 3");
  EXPECT_EQ(items[2].article.status().message(), "no guid, id or link");
  EXPECT_EQ(items[3].where, "item 4 (gazette-4474)");
  EXPECT_NE(items[3].article.status().message().find("no text"),
            std::string::npos);
}

TEST(FeedTest, Rss091WithTheNetscapeDoctypeAndHtmlEntities) {
  const std::string xml = R"(<?xml version="1.0" encoding="ISO-8859-1"?>
<!DOCTYPE rss PUBLIC "-//Netscape Communications//DTD RSS 0.91//EN"
 "http://my.netscape.com/publish/formats/rss-0.91.dtd">
<rss version="0.91"><channel>
<title>Valley Post</title><link>http://post.example.net/</link>
<description>Local news</description><language>en</language>
<item><title>Caf)" "\xE9" R"( reopens</title>
<link>http://post.example.net/cafe</link>
<description>The caf)" "\xE9" R"(&nbsp;on Mill Street reopened &mdash; with a new owner.</description>
</item></channel></rss>)";
  DocumentOptions options;
  options.fallback_published_ms = 1709280000000;
  DocumentItems items = Parse(xml, options);
  ASSERT_EQ(items.size(), 1u);
  ASSERT_TRUE(items[0].article.ok()) << items[0].article.status().ToString();
  EXPECT_EQ(items[0].article->id, "http://post.example.net/cafe");
  EXPECT_EQ(items[0].article->title, "Caf\u00e9 reopens");
  EXPECT_EQ(items[0].article->body,
            "The caf\u00e9\u00a0on Mill Street reopened \u2014 with a new owner.");
  EXPECT_EQ(items[0].article->published_ms, 1709280000000);
}

TEST(FeedTest, Rss1RdfItems) {
  const std::string xml = R"(<?xml version="1.0"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"
  xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel rdf:about="https://science.example.com/rss">
  <title>Science Desk</title><link>https://science.example.com/</link>
</channel>
<item rdf:about="https://science.example.com/comet">
  <title>Comet seen from the coast</title>
  <link>https://science.example.com/comet</link>
  <description>Observers on the coast saw the comet before dawn.</description>
  <dc:date>2024-03-03T05:40+00:00</dc:date>
</item>
</rdf:RDF>)";
  DocumentItems items = Parse(xml);
  ASSERT_EQ(items.size(), 1u);
  ASSERT_TRUE(items[0].article.ok()) << items[0].article.status().ToString();
  EXPECT_EQ(items[0].article->id, "https://science.example.com/comet");
  EXPECT_EQ(items[0].article->source, "Science Desk");
  EXPECT_EQ(Published(*items[0].article), "2024-03-03T05:40:00Z");
}

const char kAtom[] = R"(<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:base="https://daily.example.com/">
  <title type="html">The &lt;b&gt;Daily&lt;/b&gt; Example</title>
  <link rel="self" href="https://daily.example.com/feed.atom"/>
  <link href="https://daily.example.com/"/>
  <updated>2024-03-04T10:00:00Z</updated>
  <entry>
    <title type="text">Bridge reopens</title>
    <id>tag:daily.example.com,2024:bridge</id>
    <link rel="alternate" type="text/html" href="city/bridge"/>
    <link rel="enclosure" href="city/bridge.jpg"/>
    <published>2024-03-04T08:00:00+01:00</published>
    <updated>2024-03-04T09:00:00Z</updated>
    <content type="html">&lt;p&gt;The bridge reopened after repairs.&lt;/p&gt;&lt;p&gt;Traffic was light.&lt;/p&gt;</content>
  </entry>
  <entry xml:base="https://daily.example.com/sport/">
    <title type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml">Cup <em>final</em></div></title>
    <id>tag:daily.example.com,2024:cup</id>
    <link href="final.html"/>
    <updated>2024-03-04T11:00:00Z</updated>
    <content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><p>The home side won 2&#8211;1.</p><p>Fans stayed late.</p></div></content>
    <source><title>Sport Wire</title></source>
  </entry>
  <entry>
    <title>Weather</title>
    <id>tag:daily.example.com,2024:weather</id>
    <summary>Rain  is
      expected.</summary>
  </entry>
  <entry><title>Nameless</title><content>Text.</content></entry>
</feed>)";

TEST(FeedTest, AtomTextHtmlAndXhtmlContent) {
  DocumentItems items = Parse(kAtom);
  ASSERT_EQ(items.size(), 4u);
  for (int i = 0; i < 3; ++i) {
    ASSERT_TRUE(items[i].article.ok()) << items[i].article.status().ToString();
  }
  const Article& bridge = *items[0].article;
  EXPECT_EQ(items[0].where, "entry 1 (tag:daily.example.com,2024:bridge)");
  EXPECT_EQ(bridge.title, "Bridge reopens");
  EXPECT_EQ(bridge.body, "The bridge reopened after repairs.\n\nTraffic was light.");
  EXPECT_EQ(bridge.url, "https://daily.example.com/city/bridge");
  EXPECT_EQ(bridge.source, "The Daily Example");
  EXPECT_EQ(Published(bridge), "2024-03-04T07:00:00Z");

  const Article& cup = *items[1].article;
  EXPECT_EQ(cup.title, "Cup final");
  EXPECT_EQ(cup.body, "The home side won 2\u20131.\n\nFans stayed late.");
  EXPECT_EQ(cup.url, "https://daily.example.com/sport/final.html");
  EXPECT_EQ(cup.source, "Sport Wire");
  EXPECT_EQ(Published(cup), "2024-03-04T11:00:00Z");

  EXPECT_EQ(items[2].article->body, "Rain  is\n      expected.");
  EXPECT_EQ(Published(*items[2].article), "none");
  EXPECT_EQ(items[3].where, "entry 4");
  EXPECT_EQ(items[3].article.status().message(), "no guid, id or link");
}

TEST(FeedTest, SourceFallsBackToTheOriginsHost) {
  const std::string xml =
      "<rss><channel><item><guid>a1</guid><description>Body text."
      "</description><link>story/1</link></item></channel></rss>";
  DocumentOptions options;
  options.origin = "https://feeds.example.com/top.rss";
  DocumentItems items = Parse(xml, options);
  ASSERT_EQ(items.size(), 1u);
  ASSERT_TRUE(items[0].article.ok());
  EXPECT_EQ(items[0].article->source, "feeds.example.com");
  EXPECT_EQ(items[0].article->url, "https://feeds.example.com/story/1");
}

TEST(FeedTest, ItemsOverTheLimitsAreRefusedOneByOne) {
  DocumentOptions options;
  options.limits.max_body_bytes = 20;
  DocumentItems items = Parse(
      "<rss><channel><item><guid>short</guid><description>Fits.</description>"
      "</item><item><guid>long</guid><description>This body is longer than "
      "twenty bytes.</description></item></channel></rss>",
      options);
  ASSERT_EQ(items.size(), 2u);
  EXPECT_TRUE(items[0].article.ok());
  ASSERT_FALSE(items[1].article.ok());
  EXPECT_NE(items[1].article.status().message().find("over the cap"),
            std::string::npos);
}

TEST(FeedTest, DocumentsThatAreNoFeed) {
  EXPECT_EQ(Error("<!DOCTYPE html>\n<html><head><title>502 Bad Gateway</title>"
                  "</head><body><h1>Bad Gateway</h1><hr></body></html>"),
            "an HTML page, not a feed");
  EXPECT_EQ(Error("<html><body><p>Not found</p></body></html>"),
            "an HTML page, not a feed");
  EXPECT_EQ(Error("<?xml version=\"1.0\"?>\n<rss><channel>\n<item><title>x"
                  "</item></channel></rss>")
                .rfind("not well-formed XML at line 3, column ", 0),
            0u);
  EXPECT_EQ(Error("<opml version=\"2.0\"><body/></opml>"),
            "not a feed: the root element is <opml>");
  EXPECT_EQ(Error("<feed xmlns=\"urn:other\"/>"),
            "not a feed: the root element is <feed> in namespace urn:other");
  EXPECT_EQ(Error(""), "empty or unreadable XML document");
}

TEST(FeedTest, ExternalEntitiesAreNeverRead) {
  const std::string xxe =
      "<?xml version=\"1.0\"?>\n<!DOCTYPE rss [<!ENTITY e SYSTEM "
      "\"file:///etc/passwd\">]>\n<rss><channel><item><guid>x</guid>"
      "<description>a &e; b</description></item></channel></rss>";
  StatusOr<DocumentItems> items = ParseFeed(xxe, {});
  ASSERT_FALSE(items.ok());
  EXPECT_NE(items.status().message().find("external entit"), std::string::npos);
  EXPECT_EQ(items.status().message().find("root:"), std::string::npos);
}

TEST(FeedTest, BillionLaughsIsRefused) {
  std::string dtd = "<!ENTITY l0 \"lol\">";
  for (int i = 1; i <= 9; ++i) {
    dtd += "<!ENTITY l" + std::to_string(i) + " \"";
    for (int j = 0; j < 10; ++j) dtd += "&l" + std::to_string(i - 1) + ";";
    dtd += "\">";
  }
  EXPECT_NE(Error("<!DOCTYPE rss [" + dtd + "]><rss><channel><item><guid>x"
                  "</guid><description>&l9;</description></item></channel>"
                  "</rss>")
                .find("expand past"),
            std::string::npos);
}

TEST(FeedTest, TheTransportCharsetOverridesTheDeclaration) {
  const std::string xml =
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?><rss><channel><item>"
      "<guid>c1</guid><description>Caf\xE9</description></item></channel>"
      "</rss>";
  EXPECT_EQ(Error(xml).find("not well-formed XML"), 0u);
  DocumentOptions options;
  options.charset = "ISO-8859-1";
  DocumentItems items = Parse(xml, options);
  ASSERT_EQ(items.size(), 1u);
  ASSERT_TRUE(items[0].article.ok());
  EXPECT_EQ(items[0].article->body, "Caf\u00e9");
}

}  // namespace
}  // namespace newsdedup
