// `newsdedup fetch` end to end: the built binary against a feed server on
// loopback, with a real store on disk.
#include <gtest/gtest.h>

#include "tests/test_util.h"
#include "tests/tools/feeds/feed_server.h"
#include "tests/tools/feeds/feed_site.h"

namespace newsdedup {
namespace {

size_t CountLines(const std::string& text) {
  return static_cast<size_t>(std::count(text.begin(), text.end(), '\n'));
}

TEST(FetchCommandTest, StoresNewItemsOnceAndReportsFailures) {
  test::TempDir dir;
  test::FeedSite site;
  site.Add("wire-1");
  site.Add("wire-2");
  test::FeedServer server(site.Handler());
  const std::string db = " --db " + dir.path() + "/db ";

  test::CommandResult r =
      test::RunNewsdedup("fetch" + db + server.Url("/feed.jsonl"));
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(CountLines(r.out), 2u) << r.out;
  EXPECT_NE(r.out.find("\"id\":\"wire-1\""), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("\"id\":\"wire-2\""), std::string::npos);
  EXPECT_NE(r.err.find("2 stored"), std::string::npos) << r.err;

  // Unchanged: a conditional fetch, answered 304, prints nothing.
  r = test::RunNewsdedup("fetch" + db + server.Url("/feed.jsonl"));
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "");
  EXPECT_NE(r.err.find("1 not modified"), std::string::npos) << r.err;
  EXPECT_EQ(server.requests().back().Header("if-none-match"), site.Etag());

  // A new item, and a second feed that fails: the item is stored, the
  // failure named, and the exit status says something failed.
  site.Add("wire-3");
  test::FeedServer broken([](const test::SeenRequest&) {
    return test::HttpResponseText(503, "down");
  });
  r = test::RunNewsdedup("fetch" + db + server.Url("/feed.jsonl") + " " +
                         broken.Url("/other"));
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_EQ(CountLines(r.out), 1u) << r.out;
  EXPECT_NE(r.out.find("\"id\":\"wire-3\""), std::string::npos);
  EXPECT_NE(r.err.find(broken.Url("/other") + ": HTTP 503"), std::string::npos)
      << r.err;
  EXPECT_NE(r.err.find("2 seen before"), std::string::npos) << r.err;

  r = test::RunNewsdedup("stats" + db);
  EXPECT_NE(r.out.find("3"), std::string::npos) << r.out;
}

TEST(FetchCommandTest, RefusesUrlsThatAreNotHttp) {
  test::TempDir dir;
  test::CommandResult r = test::RunNewsdedup(
      "fetch --db " + dir.path() + "/db file:///etc/passwd");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("is not http or https"), std::string::npos) << r.err;
}

}  // namespace
}  // namespace newsdedup
