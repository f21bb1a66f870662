#include "ingest/formats/html_page.h"

#include <gtest/gtest.h>

#include <string>

#include "ingest/formats/rfc3339.h"
#include "tests/test_util.h"

namespace newsdedup {
namespace {

std::string Page(const std::string& name) {
  return test::ReadFile(std::string(NEWSDEDUP_FIXTURES_DIR) + "/pages/" + name);
}

// The one article of a page, failing the test when there is none.
Article ParsePage(const std::string& bytes, const DocumentOptions& options) {
  StatusOr<DocumentItems> items = ParseHtmlPage(bytes, options);
  EXPECT_TRUE(items.ok()) << items.status().ToString();
  if (!items.ok()) return {};
  EXPECT_EQ(items->size(), 1u);
  if (items->size() != 1) return {};
  const DocumentItem& item = items->front();
  EXPECT_TRUE(item.article.ok()) << item.where << ": "
                                 << item.article.status().ToString();
  return item.article.ok() ? *item.article : Article{};
}

Article ParseFixture(const std::string& name, const std::string& origin) {
  DocumentOptions options;
  options.origin = origin;
  return ParsePage(Page(name), options);
}

bool Has(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

// The phrases every copy of the port strike story carries, and chrome
// around it in one layout or another.
const char* const kPortStory[] = {
    "Cargo handling at Port Kessel came to a standstill on Tuesday",
    "The union representing crane operators and lashers",
    "\u201cWe have offered a fair increase",
    "Exporters of timber and machinery warned",
    "The last strike at the port, in 2019, lasted five days"};
const char* const kPortChrome[] = {
    "cookies", "Business", "Facebook", "Read also", "More from", "comments",
    "The workers have a point", "Most read", "newsletter", "Advertisement",
    "Harbour Media Group", "Subscribe today", "Editors' pick", "Idle cranes",
    "You may also like", "Fishing fleet", "regulators", "founded in 1921",
    "Reporting by the business desk", "Ships queue outside"};

void ExpectPortStory(const Article& article) {
  for (const char* phrase : kPortStory) {
    EXPECT_TRUE(Has(article.body, phrase)) << phrase << "\n" << article.body;
  }
  for (const char* phrase : kPortChrome) {
    EXPECT_FALSE(Has(article.body, phrase)) << phrase << "\n" << article.body;
  }
}

TEST(HtmlPageTest, ClassicCmsPageKeepsOnlyTheStory) {
  const Article article = ParseFixture(
      "cms_classic.html", "https://harbourherald.example/business/p?id=7");
  ExpectPortStory(article);
  EXPECT_EQ(article.title,
            "Dock workers halt cargo at Port Kessel over pay dispute");
  EXPECT_EQ(article.url,
            "https://harbourherald.example/business/2024/03/05/"
            "port-kessel-strike");
  EXPECT_EQ(article.id, article.url);
  EXPECT_EQ(article.source, "Harbour Herald");
  EXPECT_EQ(article.published_ms, ParseRfc3339("2024-03-05T07:15:00Z"));
  // Paragraphs stay paragraphs.
  EXPECT_TRUE(Has(article.body, "by midday.\n\n\u201cWe have"));
}

TEST(HtmlPageTest, SemanticArticlePageKeepsOnlyTheStory) {
  const Article article = ParseFixture("semantic_article.html", "crawl.warc");
  ExpectPortStory(article);
  // <title> without the site's name; og:url; <time> in the article.
  EXPECT_EQ(article.title, "Port Kessel strike: dock workers walk out");
  EXPECT_EQ(article.id,
            "https://coastaltimes.example/2024/03/05/port-kessel-dock-strike/");
  EXPECT_EQ(article.source, "The Coastal Times");
  EXPECT_EQ(article.published_ms, ParseRfc3339("2024-03-05T07:40:00Z"));
}

TEST(HtmlPageTest, OneStoryInTwoSitesChromeExtractsToOneText) {
  const Article a = ParseFixture("cms_classic.html", "https://a.example/1");
  const Article b = ParseFixture("semantic_article.html", "https://b.example/2");
  EXPECT_EQ(a.body, b.body);
}

TEST(HtmlPageTest, PageWithoutSemanticMarkup) {
  const Article article = ParseFixture(
      "generic_divs.html", "http://www.riversidedaily.example/local/55.html");
  for (const char* phrase :
       {"The valley council voted eight to three on Monday night",
        "Engineers estimate the barrier will cost",
        "Residents of the lower town, where more than 300 homes",
        "Opponents argued that the money would be better spent"}) {
    EXPECT_TRUE(Has(article.body, phrase)) << phrase << "\n" << article.body;
  }
  for (const char* phrase :
       {"Riverside Daily", "Obituaries", "School board race", "Posted Tuesday",
        "Email this story", "Cloudy", "home delivery", "Copyright"}) {
    EXPECT_FALSE(Has(article.body, phrase)) << phrase << "\n" << article.body;
  }
  // Paragraphs written as <br><br> stay paragraphs.
  EXPECT_TRUE(Has(article.body, "lower town.\n\nEngineers")) << article.body;
  // No metadata but <title> and the URL: the title loses the site named by
  // the host, the source is the host, the time the fallback (none here).
  EXPECT_EQ(article.title, "Valley council approves new flood barrier");
  EXPECT_EQ(article.source, "riversidedaily.example");
  EXPECT_EQ(article.id, "http://www.riversidedaily.example/local/55.html");
  EXPECT_FALSE(article.published_ms.has_value());
}

TEST(HtmlPageTest, GermanPage) {
  const Article article = ParseFixture("german.html", "");
  for (const char* phrase :
       {"Im Hafen von Kessel ist am Dienstag der Umschlag",
        "\u201EDas Angebot der Hafenbeh\u00F6rde",
        "Exporteure von Holz und Maschinen warnten",
        "Der letzte Streik im Hafen von Kessel dauerte"}) {
    EXPECT_TRUE(Has(article.body, phrase)) << phrase << "\n" << article.body;
  }
  for (const char* phrase :
       {"Startseite", "Cookies", "Lesen Sie auch", "Kommentare",
        "Endlich wehren sich", "Mehr zum Thema", "Zentralbank", "Impressum",
        "GmbH"}) {
    EXPECT_FALSE(Has(article.body, phrase)) << phrase << "\n" << article.body;
  }
  EXPECT_EQ(article.id,
            "https://nordkurier.example/wirtschaft/hafen-streik-100.html");
  EXPECT_EQ(article.title, "Hafenarbeiter in Kessel legen die Arbeit nieder");
  EXPECT_EQ(article.source, "Nordkurier Beispiel");
  // "2024-03-05 09:30", a loose form pages use: no seconds, no zone (UTC).
  EXPECT_EQ(article.published_ms, ParseRfc3339("2024-03-05T09:30:00Z"));
}

TEST(HtmlPageTest, ChinesePageIsMeasuredInCharacters) {
  const Article article =
      ParseFixture("chinese.html", "https://news.example/c/2024-03-05/88.shtml");
  for (const char* phrase : {"周二，凯塞尔港约一千二百名码头工人停止工作",
                             "港务局发言人说", "木材和机械出口商警告说"}) {
    EXPECT_TRUE(Has(article.body, phrase)) << phrase << "\n" << article.body;
  }
  for (const char* phrase : {"首页", "相关新闻", "央行维持利率不变",
                             "热门排行", "新大桥", "关于我们", "版权所有"}) {
    EXPECT_FALSE(Has(article.body, phrase)) << phrase << "\n" << article.body;
  }
  EXPECT_EQ(article.title, "港口工人罢工 货物装卸陷入停顿");
  EXPECT_EQ(article.source, "示例新闻网");
}

TEST(HtmlPageTest, Windows1252PageDeclaredByMeta) {
  const std::string bytes = Page("latin1_meta.html");
  ASSERT_NE(bytes.find('\xF1'), std::string::npos);  // the file is not UTF-8
  DocumentOptions options;
  options.origin = "https://diario.example/economia/pescadores.html";
  const Article article = ParsePage(bytes, options);
  EXPECT_TRUE(Has(article.body, "Las cofrad\u00EDas de pescadores"))
      << article.body;
  EXPECT_TRUE(Has(article.body, "\u201CHay familias que no podr\u00E1n"))
      << article.body;
  EXPECT_TRUE(Has(article.body, "Los da\u00F1os se concentran")) << article.body;
  for (const char* phrase : {"Portada", "Aviso legal", "cookies", "2024"}) {
    EXPECT_FALSE(Has(article.body, phrase)) << phrase << "\n" << article.body;
  }
  EXPECT_EQ(article.title,
            "Los pescadores de Puerto Kessel piden ayudas tras la tormenta");
  EXPECT_EQ(article.source, "El Diario Ejemplo");
}

TEST(HtmlPageTest, TransportCharsetWinsOverTheMetaOne) {
  const std::string page =
      "<html><head><meta charset=\"iso-8859-1\"></head><body><p>"
      "\xD0\x9C\xD0\xBE\xD1\x80\xD0\xB5 \xE2\x80\x94 " +
      std::string(Page("latin1_meta.html").substr(0, 0)) +
      "a sentence long enough to be the story of this page, and it says "
      "so in plain words. Another sentence follows it here.</p></body></html>";
  DocumentOptions options;
  options.origin = "https://x.example/1";
  options.charset = "UTF-8";
  EXPECT_TRUE(Has(ParsePage(page, options).body, "\u041C\u043E\u0440\u0435"));
  options.charset.clear();  // now the meta's windows-1252 reads the bytes
  EXPECT_FALSE(Has(ParsePage(page, options).body, "\u041C\u043E\u0440\u0435"));
  // A byte order mark says what the bytes are, whatever was declared.
  options.charset = "windows-1252";
  EXPECT_TRUE(Has(ParsePage("\xEF\xBB\xBF" + page, options).body,
                  "\u041C\u043E\u0440\u0435"));
  // An unknown label is passed over: valid UTF-8 is read as UTF-8.
  options.charset = "x-unheard-of";
  EXPECT_TRUE(Has(ParsePage(page.substr(page.find("<body>")), options).body,
                  "\u041C\u043E\u0440\u0435"));
}

TEST(HtmlPageTest, JsonLdMetadata) {
  DocumentOptions options;
  options.origin = "https://islandpost.example/n/8812";
  options.fallback_published_ms = 0;
  const Article article = ParsePage(Page("jsonld_only.html"), options);
  EXPECT_EQ(article.title, "Ferry service resumes after storm damage repaired");
  EXPECT_EQ(article.source, "Island Post");
  EXPECT_EQ(article.published_ms, ParseRfc3339("2024-02-11T06:45:00Z"));
  EXPECT_EQ(article.id, "https://islandpost.example/n/8812");
  EXPECT_TRUE(Has(article.body, "The ferry linking the island"));
  EXPECT_TRUE(Has(article.body, "Shops on the island reported"));
  EXPECT_FALSE(Has(article.body, "Advertise"));
}

TEST(HtmlPageTest, ItemAndDocumentErrors) {
  DocumentOptions options;
  options.origin = "https://x.example/empty";
  StatusOr<DocumentItems> items = ParseHtmlPage(
      "<html><body><nav><a href=\"/\">Home</a></nav><p>Hi.</p></body></html>",
      options);
  ASSERT_TRUE(items.ok());
  ASSERT_EQ(items->size(), 1u);
  EXPECT_EQ((*items)[0].where, "page (https://x.example/empty)");
  EXPECT_EQ((*items)[0].article.status().message(), "no article text found");

  options.origin.clear();  // and no canonical link: nothing names the page
  items = ParseHtmlPage(Page("generic_divs.html"), options);
  ASSERT_TRUE(items.ok());
  EXPECT_FALSE((*items)[0].article.ok());

  options.limits.max_record_bytes = 100;
  EXPECT_FALSE(ParseHtmlPage(Page("generic_divs.html"), options).ok());
}

}  // namespace
}  // namespace newsdedup
