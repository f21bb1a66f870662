#include "tools/feeds/url.h"

#include <gtest/gtest.h>

namespace newsdedup {
namespace {

TEST(UrlTest, ParsesTheParts) {
  StatusOr<Url> u = ParseUrl("HTTPS://News.Example.COM:8443/feeds/a.xml?x=1#top");
  ASSERT_TRUE(u.ok()) << u.status().ToString();
  EXPECT_EQ(u->scheme, "https");
  EXPECT_EQ(u->host, "news.example.com");
  EXPECT_EQ(u->port, 8443);
  EXPECT_EQ(u->target, "/feeds/a.xml?x=1");
  EXPECT_EQ(u->HostHeader(), "news.example.com:8443");
  EXPECT_EQ(u->ToString(), "https://news.example.com:8443/feeds/a.xml?x=1");

  u = ParseUrl("http://example.org");
  ASSERT_TRUE(u.ok());
  EXPECT_EQ(u->port, 80);
  EXPECT_EQ(u->target, "/");
  EXPECT_EQ(u->HostHeader(), "example.org");

  u = ParseUrl("http://[::1]:8080?q");
  ASSERT_TRUE(u.ok());
  EXPECT_EQ(u->host, "::1");
  EXPECT_EQ(u->target, "/?q");
  EXPECT_EQ(u->HostHeader(), "[::1]:8080");
}

TEST(UrlTest, RefusesWhatIsNotAPlainHttpUrl) {
  for (const char* bad :
       {"ftp://example.org/x", "file:///etc/passwd", "example.org/feed",
        "http://", "http://user:pw@example.org/", "http://example.org:0/",
        "http://example.org:70000/", "http://exa mple.org/",
        "http://example.org/\r\nX: y", "gopher://example.org"}) {
    StatusOr<Url> u = ParseUrl(bad);
    EXPECT_FALSE(u.ok()) << bad;
  }
  StatusOr<Url> u = ParseUrl("ftp://example.org/x");
  EXPECT_NE(u.status().message().find("ftp://example.org/x"),
            std::string::npos);
}

TEST(UrlTest, ResolvesRedirectLocations) {
  StatusOr<Url> base = ParseUrl("http://example.org:8080/news/feed.xml?p=2");
  ASSERT_TRUE(base.ok());
  auto resolve = [&](const char* location) {
    StatusOr<Url> u = ResolveUrl(*base, location);
    return u.ok() ? u->ToString() : "error: " + u.status().message();
  };
  EXPECT_EQ(resolve("https://other.example/x"), "https://other.example/x");
  EXPECT_EQ(resolve("//cdn.example/f.xml"), "http://cdn.example/f.xml");
  EXPECT_EQ(resolve("/moved/feed.xml"), "http://example.org:8080/moved/feed.xml");
  EXPECT_EQ(resolve("rss.xml?a=b"), "http://example.org:8080/news/rss.xml?a=b");
  EXPECT_EQ(resolve("../top.xml"), "http://example.org:8080/top.xml");
  EXPECT_EQ(resolve("../../../../etc"), "http://example.org:8080/etc");
  EXPECT_EQ(resolve("./a/./b/../c"), "http://example.org:8080/news/a/c");
  EXPECT_EQ(resolve("?p=3"), "http://example.org:8080/news/feed.xml?p=3");
  EXPECT_EQ(resolve("x#frag"), "http://example.org:8080/news/x");
  EXPECT_EQ(resolve("file:///etc/passwd").substr(0, 6), "error:");
  EXPECT_EQ(resolve("javascript:alert(1)").substr(0, 6), "error:");
}

}  // namespace
}  // namespace newsdedup
