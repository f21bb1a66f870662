// tools/make_warc.py and tools/make_feed.py, run as the benchmarks run them:
// their output read back by newsdedup's own readers.
#include <gtest/gtest.h>

#include <cstdlib>

#include "ingest/formats/rfc3339.h"
#include "ingest/sources/warc_source.h"
#include "tests/test_util.h"

namespace newsdedup {
namespace {

const char kParagraph[] =
    "The harbour authority said on Monday that the new container terminal "
    "would open next year, two years later than planned, after delays in "
    "the delivery of the cranes and a dispute over the dredging contract "
    "that has now been settled.";

std::string ArticleLine(const std::string& id, const std::string& source,
                        const std::string& url, const std::string& title) {
  return "{\"id\":\"" + id + "\",\"source\":\"" + source + "\",\"url\":\"" +
         url + "\",\"title\":\"" + title +
         "\",\"published\":" + "\"2024-06-01T12:00:00Z\",\"body\":\"" +
         kParagraph + "\\n\\n" + kParagraph + " It was the " + id +
         " report.\"}\n";
}

// Runs a script of tools/ with `args`; false when it failed.
bool RunScript(const std::string& script, const std::string& args) {
  const std::string command = "python3 '" + std::string(NEWSDEDUP_SOURCE_DIR) +
                              "/tools/" + script + "' " + args + " 2>/dev/null";
  return std::system(command.c_str()) == 0;
}

class MakeWarcTest : public ::testing::Test {
 protected:
  void SetUp() override {
    // tools/install-deps.sh installs it: a missing python3 is a failure.
    ASSERT_EQ(std::system("python3 -c '' 2>/dev/null"), 0)
        << "python3 is not installed";
    input_ = dir_.path() + "/in.jsonl";
    test::WriteFile(
        input_, ArticleLine("first", "Harbour Times",
                            "https://harbour.example/1", "Terminal delayed") +
                    ArticleLine("second", "Coast Daily", "", "Terminal late") +
                    ArticleLine("third", "Coast Daily",
                                "https://harbour.example/1", "Cranes arrive"));
  }

  test::TempDir dir_;
  std::string input_;
};

TEST_F(MakeWarcTest, PagesReadBackAsTheArticlesTheyWereMadeFrom) {
  const std::string warc = dir_.path() + "/out.warc.gz";
  ASSERT_TRUE(RunScript("make_warc.py", "'" + input_ + "' '" + warc + "'"));
  StatusOr<std::unique_ptr<WarcSource>> source =
      WarcSource::Open(warc, IngestLimits{});
  ASSERT_TRUE(source.ok()) << source.status().ToString();
  std::vector<StreamEntry> chunk;
  ASSERT_TRUE((*source)->Read(100, chunk).ok());
  ASSERT_EQ(chunk.size(), 3u);
  const char* ids[] = {"https://harbour.example/1",
                       "https://coastdaily.example/a/second",
                       "https://coastdaily.example/a/third"};
  const char* titles[] = {"Terminal delayed", "Terminal late", "Cranes arrive"};
  const char* names[] = {"first", "second", "third"};
  for (size_t i = 0; i < chunk.size(); ++i) {
    StatusOr<Article> article = (*source)->Parse(chunk[i]);
    ASSERT_TRUE(article.ok()) << article.status().ToString();
    EXPECT_EQ(article->id, ids[i]);
    EXPECT_EQ(article->title, titles[i]);
    EXPECT_EQ(article->published_ms, ParseRfc3339("2024-06-01T12:00:00Z"));
    EXPECT_NE(article->body.find(std::string("It was the ") + names[i]),
              std::string::npos);
    // The site's chrome stays out of the story.
    EXPECT_EQ(article->body.find("More stories"), std::string::npos);
    EXPECT_EQ(article->body.find("rights reserved"), std::string::npos);
  }
  EXPECT_EQ((*source)->SkippedSummary(),
            "4 records skipped (3 request, 1 warcinfo)");
}

TEST_F(MakeWarcTest, IdsCanBeKeptForScoringAgainstLabels) {
  const std::string warc = dir_.path() + "/out.warc";
  ASSERT_TRUE(
      RunScript("make_warc.py", "--uri-is-id '" + input_ + "' '" + warc + "'"));
  StatusOr<std::unique_ptr<WarcSource>> source =
      WarcSource::Open(warc, IngestLimits{});
  ASSERT_TRUE(source.ok()) << source.status().ToString();
  std::vector<StreamEntry> chunk;
  ASSERT_TRUE((*source)->Read(100, chunk).ok());
  ASSERT_EQ(chunk.size(), 3u);
  const char* ids[] = {"first", "second", "third"};
  for (size_t i = 0; i < chunk.size(); ++i) {
    StatusOr<Article> article = (*source)->Parse(chunk[i]);
    ASSERT_TRUE(article.ok()) << article.status().ToString();
    EXPECT_EQ(article->id, ids[i]);
  }
  // The page's canonical link still gives the url.
  EXPECT_EQ((*source)->Parse(chunk[0])->url, "https://harbour.example/1");
}

TEST_F(MakeWarcTest, FeedHoldsAnItemPerArticle) {
  const std::string feed = dir_.path() + "/feed.xml";
  ASSERT_TRUE(RunScript("make_feed.py", "'" + input_ + "' '" + feed + "'"));
  const std::string xml = test::ReadFile(feed);
  EXPECT_EQ(xml.rfind("<?xml", 0), 0u);
  for (const char* id : {"first", "second", "third"}) {
    EXPECT_NE(
        xml.find(std::string("<guid isPermaLink=\"false\">") + id + "</guid>"),
        std::string::npos)
        << id;
  }
  EXPECT_NE(xml.find("<pubDate>Sat, 01 Jun 2024 12:00:00 +0000</pubDate>"),
            std::string::npos);
  EXPECT_NE(xml.find("<content:encoded><![CDATA[<p>The harbour"),
            std::string::npos);
  EXPECT_FALSE(RunScript("make_feed.py",
                         "'" + dir_.path() + "/missing' '" + feed + "'"));
}

}  // namespace
}  // namespace newsdedup
