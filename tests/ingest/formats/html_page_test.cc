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

}  // namespace
}  // namespace newsdedup
