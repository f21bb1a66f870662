#include "tools/feeds/http_fetch.h"

#include <gtest/gtest.h>

#include "tests/tools/feeds/feed_server.h"

namespace newsdedup {
namespace {

using test::FeedServer;
using test::HttpResponseText;
using test::RunAwaitable;
using test::SeenRequest;

StatusOr<HttpFetchResponse> Get(const std::string& url,
                                HttpFetchOptions options = {}) {
  HttpFetchRequest request;
  request.url = url;
  return RunAwaitable(HttpFetch(std::move(request), options));
}

TEST(HttpFetchTest, GetsABodyAndNamesItself) {
  FeedServer server([](const SeenRequest& r) {
    return HttpResponseText(200, "hello " + r.target,
                            {{"Content-Type", "text/plain"}, {"ETag", "\"v1\""}});
  });
  StatusOr<HttpFetchResponse> r = Get(server.Url("/feed?x=1"));
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(r->body, "hello /feed?x=1");
  EXPECT_EQ(r->Header("etag"), "\"v1\"");
  EXPECT_EQ(r->Header("content-type"), "text/plain");
  EXPECT_EQ(r->Header("x-missing"), "");
  EXPECT_EQ(r->url, server.Url("/feed?x=1"));
  const SeenRequest seen = server.requests().at(0);
  EXPECT_EQ(seen.method, "GET");
  EXPECT_EQ(seen.Header("user-agent"), "newsdedup/" NEWSDEDUP_VERSION);
  EXPECT_EQ(seen.Header("host"), "127.0.0.1:" + std::to_string(server.port()));
}

// What the Miniflux integration needs: another method, headers and a body.
TEST(HttpFetchTest, SendsAnyMethodWithHeadersAndABody) {
  FeedServer server([](const SeenRequest& r) {
    return HttpResponseText(204, "");
  });
  HttpFetchRequest request;
  request.method = "PUT";
  request.url = server.Url("/v1/entries");
  request.headers = {{"Content-Type", "application/json"},
                     {"X-Auth-Token", "t0k"}};
  request.body = R"({"entry_ids":[1,2],"status":"read"})";
  StatusOr<HttpFetchResponse> r = RunAwaitable(HttpFetch(request, {}));
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->status, 204);
  const SeenRequest seen = server.requests().at(0);
  EXPECT_EQ(seen.method, "PUT");
  EXPECT_EQ(seen.body, request.body);
  EXPECT_EQ(seen.Header("x-auth-token"), "t0k");
  EXPECT_EQ(seen.Header("content-type"), "application/json");
}

TEST(HttpFetchTest, FollowsRelativeAndAbsoluteRedirects) {
  FeedServer server([](const SeenRequest& r) -> std::string {
    if (r.target == "/old") {
      return HttpResponseText(301, "", {{"Location", "new/place?y=2"}});
    }
    return HttpResponseText(200, "at " + r.target);
  });
  FeedServer front([&](const SeenRequest&) {
    return HttpResponseText(302, "", {{"Location", server.Url("/old")}});
  });
  StatusOr<HttpFetchResponse> r = Get(front.Url("/feed"));
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(r->body, "at /new/place?y=2");
  EXPECT_EQ(r->url, server.Url("/new/place?y=2"));
  EXPECT_EQ(front.request_count(), 1u);
  EXPECT_EQ(server.request_count(), 2u);
}

TEST(HttpFetchTest, ARedirectLoopStopsAtTheLimit) {
  FeedServer server([](const SeenRequest& r) {
    return HttpResponseText(302, "", {{"Location", r.target + "x"}});
  });
  StatusOr<HttpFetchResponse> r = Get(server.Url("/loop"));
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("more than 5 redirects"),
            std::string::npos)
      << r.status().message();
  EXPECT_EQ(server.request_count(), 6u);  // the first and five redirects
  HttpFetchOptions none;
  none.max_redirects = 0;
  EXPECT_FALSE(Get(server.Url("/loop"), none).ok());
}

TEST(HttpFetchTest, ARedirectOutOfHttpIsRefused) {
  FeedServer server([](const SeenRequest&) {
    return HttpResponseText(302, "", {{"Location", "file:///etc/passwd"}});
  });
  StatusOr<HttpFetchResponse> r = Get(server.Url("/feed"));
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("redirect refused"), std::string::npos)
      << r.status().message();
}

TEST(HttpFetchTest, BodiesOverTheCapAreRefused) {
  const std::string big(5000, 'x');
  FeedServer server([&](const SeenRequest& r) -> std::string {
    if (r.target == "/chunked") {
      std::string out =
          "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n"
          "Connection: close\r\n\r\n";
      for (int i = 0; i < 5; ++i) out += "3e8\r\n" + std::string(1000, 'y') + "\r\n";
      return out + "0\r\n\r\n";
    }
    return HttpResponseText(200, big);
  });
  HttpFetchOptions options;
  options.max_body_bytes = 4096;
  StatusOr<HttpFetchResponse> r = Get(server.Url("/announced"), options);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), Status::Code::kResourceExhausted);
  EXPECT_NE(r.status().message().find("Content-Length 5000"),
            std::string::npos)
      << r.status().message();
  r = Get(server.Url("/chunked"), options);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("over the cap of 4096"),
            std::string::npos)
      << r.status().message();
  options.max_body_bytes = 5000;
  r = Get(server.Url("/chunked"), options);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->body.size(), 5000u);
}

TEST(HttpFetchTest, FailuresNameTheUrl) {
  // A port nobody listens on: take one and close it again.
  uint16_t port = 0;
  {
    FeedServer server([](const SeenRequest&) { return std::string(); });
    port = server.port();
  }
  const std::string url = "http://127.0.0.1:" + std::to_string(port) + "/f";
  StatusOr<HttpFetchResponse> r = Get(url);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find(url), std::string::npos)
      << r.status().message();
  EXPECT_NE(r.status().message().find("connecting"), std::string::npos);
  r = Get("ftp://127.0.0.1/f");
  EXPECT_FALSE(r.ok());
}

TEST(HttpFetchTest, ASilentServerTimesOut) {
  FeedServer server([](const SeenRequest&) {
    std::this_thread::sleep_for(std::chrono::milliseconds(600));
    return HttpResponseText(200, "late");
  });
  HttpFetchOptions options;
  options.io_timeout = std::chrono::milliseconds(150);
  StatusOr<HttpFetchResponse> r = Get(server.Url("/slow"), options);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("reading the response header"),
            std::string::npos)
      << r.status().message();
}

}  // namespace
}  // namespace newsdedup
