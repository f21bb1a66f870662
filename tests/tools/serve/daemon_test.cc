// Integration tests of `newsdedup serve`: the real server on ephemeral
// loopback ports, real HTTP and Protobuf/TCP clients.
#include <gtest/gtest.h>
#include <signal.h>

#include <atomic>
#include <set>
#include <thread>

#include "tests/test_util.h"
#include "tests/tools/serve/server_process.h"
#include "tools/json_output.h"

namespace newsdedup {
namespace {

using test::ArticleJson;
using test::Numbered;


std::string ArticleProto(const Article& a) {
  pb::Article message;
  message.set_id(a.id);
  message.set_body(a.body);
  return message.SerializeAsString();
}

pb::Hello Produce() {
  pb::Hello hello;
  hello.set_role(pb::Hello::PRODUCE);
  return hello;
}

pb::Hello SubscribeFrom(uint64_t from) {
  pb::Hello hello;
  hello.set_role(pb::Hello::SUBSCRIBE);
  hello.set_from_sequence(from);
  return hello;
}


TEST(DaemonTest, SeedsOverHttpAndTcpClusterAsLabelledInTheEvents) {
  test::TempDir dir;
  test::ServerProcess server(dir.path() + "/db");
  ASSERT_TRUE(server.running());
  const std::vector<Article> seeds = test::SeedArticles();
  ASSERT_EQ(seeds.size(), 5u);

  test::TcpClient subscriber(server.tcp_port(), SubscribeFrom(1));
  ASSERT_TRUE(subscriber.connected());

  // 000 and 002 over HTTP, 001, 003 and 004 over TCP, in seed order.
  test::TcpClient producer(server.tcp_port(), Produce());
  ASSERT_TRUE(producer.connected());
  std::map<std::string, std::string> cluster;
  for (const Article& seed : seeds) {
    const bool over_http = seed.id[2] == '0' || seed.id[2] == '2';
    if (over_http) {
      const test::HttpResult r = test::HttpCall(
          server.http_port(), "POST", "/v1/articles", ArticleJson(seed));
      ASSERT_EQ(r.status, 200) << r.body;
    } else {
      ASSERT_TRUE(producer.SendFrame(ArticleProto(seed)));
      std::string frame;
      ASSERT_TRUE(producer.ReadFrame(&frame));
      pb::Ack ack;
      ASSERT_TRUE(ack.ParseFromString(frame));
      EXPECT_TRUE(ack.ok()) << ack.error();
      EXPECT_EQ(ack.article_id(), seed.id);
    }
  }
  // The subscriber sees one event per seed, in order.
  std::vector<pb::ClusterEvent> events;
  for (int i = 0; i < 5; ++i) {
    std::string frame;
    ASSERT_TRUE(subscriber.ReadFrame(&frame)) << "event " << i;
    ASSERT_TRUE(events.emplace_back().ParseFromString(frame));
    EXPECT_EQ(events.back().sequence(), static_cast<uint64_t>(i + 1));
    cluster[events.back().article_id()] = events.back().cluster_id();
  }
  EXPECT_EQ(events[1].kind(), pb::ClusterEvent::ARTICLE_JOINED);
  EXPECT_EQ(events[1].relation(), pb::REWRITE);
  EXPECT_EQ(cluster["001_ec39493773d21da9"], cluster["000_e38c8451f9d12aa9"]);
  std::set<std::string> distinct;
  for (const auto& [id, c] : cluster) distinct.insert(c);
  EXPECT_EQ(distinct.size(), 4u);
  for (int i : {0, 2, 3, 4}) {
    EXPECT_EQ(events[i].kind(), pb::ClusterEvent::NEW_CLUSTER) << i;
  }

  // The same events as JSON lines over HTTP.
  const std::vector<std::string> lines =
      test::ReadEventLines(server.http_port(), 2, 4);
  ASSERT_EQ(lines.size(), 4u);
  EXPECT_NE(lines[0].find("\"sequence\":2,\"kind\":\"article_joined\","
                          "\"article\":\"001_ec39493773d21da9\""),
            std::string::npos)
      << lines[0];

  // Lookups.
  EXPECT_EQ(test::HttpCall(server.http_port(), "GET",
                           "/v1/articles/001_ec39493773d21da9")
                .status,
            200);
  const test::HttpResult c = test::HttpCall(
      server.http_port(), "GET", "/v1/clusters/000_e38c8451f9d12aa9");
  EXPECT_EQ(c.status, 200);
  EXPECT_NE(c.body.find("\"size\":2"), std::string::npos) << c.body;
  const test::HttpResult m = test::HttpCall(server.http_port(), "POST",
                                            "/v1/match", ArticleJson(seeds[1]));
  EXPECT_EQ(m.status, 200);
  EXPECT_NE(m.body.find("\"relation\":\"exact\""), std::string::npos) << m.body;
  const test::HttpResult metrics =
      test::HttpCall(server.http_port(), "GET", "/metrics");
  EXPECT_NE(metrics.body.find("newsdedup_articles_stored_total 5"),
            std::string::npos);
  EXPECT_NE(metrics.body.find("newsdedup_queue_depth{stage=\"decision\"}"),
            std::string::npos);
  EXPECT_EQ(server.Stop(SIGTERM), 0) << server.StderrText();
}

TEST(DaemonTest, AcknowledgedArticlesAndEventsSurviveSigkill) {
  test::TempDir dir;
  const std::string db = dir.path() + "/db";
  std::vector<std::string> acked;
  uint64_t last_seen_sequence = 0;
  {
    test::ServerProcess server(db);
    ASSERT_TRUE(server.running());
    // A subscriber that reads a few events, then goes away.
    std::atomic<bool> stop{false};
    std::thread writer([&] {
      for (int n = 0; !stop.load() && n < 100000; ++n) {
        const Article a = Numbered(n);
        const test::HttpResult r = test::HttpCall(
            server.http_port(), "POST", "/v1/articles", ArticleJson(a));
        if (r.status != 200) break;  // the server is gone
        acked.push_back(a.id);
      }
    });
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    const std::vector<std::string> seen =
        test::ReadEventLines(server.http_port(), 1, 5);
    EXPECT_EQ(seen.size(), 5u);
    last_seen_sequence = 5;
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    EXPECT_EQ(server.Stop(SIGKILL), 128 + SIGKILL);
    stop.store(true);
    writer.join();
  }
  ASSERT_GT(acked.size(), 10u);

  test::ServerProcess server(db);
  ASSERT_TRUE(server.running());
  for (const std::string& id : acked) {
    ASSERT_EQ(
        test::HttpCall(server.http_port(), "GET", "/v1/articles/" + id).status,
        200)
        << id << " was acknowledged but is gone";
  }
  // Resuming after the last event seen gives every later one, gap-free:
  // at least one event per acknowledged article.
  const size_t expected = acked.size() - last_seen_sequence;
  const std::vector<std::string> rest = test::ReadEventLines(
      server.http_port(), last_seen_sequence + 1, expected, 10000);
  ASSERT_EQ(rest.size(), expected);
  for (size_t i = 0; i < rest.size(); ++i) {
    const std::string want =
        "{\"sequence\":" + std::to_string(last_seen_sequence + 1 + i) + ",";
    ASSERT_EQ(rest[i].rfind(want, 0), 0u) << rest[i];
  }
  // The store goes on where it stopped.
  const test::HttpResult again =
      test::HttpCall(server.http_port(), "POST", "/v1/articles",
                     ArticleJson(Numbered(999999)));
  EXPECT_EQ(again.status, 200) << again.body;
}

TEST(DaemonTest, BadInputGetsAClearErrorAndTheServerGoesOn) {
  test::TempDir dir;
  test::ServerProcess server(
      dir.path() + "/db",
      R"({"max_request_bytes": 4096, "max_body_bytes": 2000})");
  ASSERT_TRUE(server.running());
  const uint16_t port = server.http_port();
  auto post = [&](const std::string& body) {
    return test::HttpCall(port, "POST", "/v1/articles", body);
  };
  test::HttpResult r = post(R"({"id":"a","body":"unterminated)");
  EXPECT_EQ(r.status, 400);
  EXPECT_NE(r.body.find("not valid JSON"), std::string::npos) << r.body;
  r = post("{\"id\":\"a\",\"body\":\"bad \xC3\"}");
  EXPECT_EQ(r.status, 400);
  EXPECT_NE(r.body.find("invalid UTF-8 at byte"), std::string::npos) << r.body;
  r = post(R"({"id":"a"})");
  EXPECT_EQ(r.status, 400);
  EXPECT_NE(r.body.find("missing field \\\"body\\\""), std::string::npos)
      << r.body;
  r = post("{\"id\":\"big\",\"body\":\"" + std::string(3000, 'x') + "\"}");
  EXPECT_EQ(r.status, 400);
  EXPECT_NE(r.body.find("over the cap of 2000"), std::string::npos) << r.body;
  r = post(std::string(5000, ' '));
  EXPECT_EQ(r.status, 413);
  EXPECT_NE(r.body.find("over the cap of 4096"), std::string::npos) << r.body;
  EXPECT_EQ(test::HttpCall(port, "GET", "/nowhere").status, 404);
  EXPECT_EQ(test::HttpCall(port, "DELETE", "/v1/articles").status, 405);

  // A good article, then the same id again, then a batch with a bad line.
  EXPECT_EQ(post(ArticleJson(Numbered(1))).status, 200);
  r = post(ArticleJson(Numbered(1)));
  EXPECT_EQ(r.status, 409);
  EXPECT_NE(r.body.find("is already stored"), std::string::npos) << r.body;
  r = post(ArticleJson(Numbered(2)) + "\n{\"id\":\"x\"}\n" +
           ArticleJson(Numbered(3)) + "\n");
  EXPECT_EQ(r.status, 200);
  EXPECT_NE(r.body.find("{\"line\":2,\"error\":\"missing field"),
            std::string::npos)
      << r.body;
  EXPECT_NE(r.body.find("\"id\":\"n3\""), std::string::npos);

  // Protobuf: garbage, then an oversized frame, then a good article, on one
  // connection.
  test::TcpClient producer(server.tcp_port(), Produce());
  ASSERT_TRUE(producer.connected());
  pb::Ack ack;
  std::string frame;
  ASSERT_TRUE(producer.SendFrame("\xff\xff\xff\xff"));
  ASSERT_TRUE(producer.ReadFrame(&frame));
  ASSERT_TRUE(ack.ParseFromString(frame));
  EXPECT_FALSE(ack.ok());
  EXPECT_NE(ack.error().find("not a valid Protobuf Article"), std::string::npos)
      << ack.error();
  pb::Article empty_body;
  empty_body.set_id("e");
  ASSERT_TRUE(producer.SendFrame(empty_body.SerializeAsString()));
  ASSERT_TRUE(producer.ReadFrame(&frame));
  ASSERT_TRUE(ack.ParseFromString(frame));
  EXPECT_EQ(ack.error(), "empty \"body\"");
  ASSERT_TRUE(producer.SendFrame(ArticleProto(Numbered(4))));
  ASSERT_TRUE(producer.ReadFrame(&frame));
  ASSERT_TRUE(ack.ParseFromString(frame));
  EXPECT_TRUE(ack.ok()) << ack.error();
  EXPECT_EQ(ack.decision().article_id(), "n4");

  // A connection that does not say what it is is told so.
  test::TcpClient rude(server.tcp_port(), pb::Hello());
  ASSERT_TRUE(rude.ReadFrame(&frame));
  ASSERT_TRUE(ack.ParseFromString(frame));
  EXPECT_EQ(ack.error(), "Hello role 0 is neither PRODUCE nor SUBSCRIBE");

  EXPECT_EQ(test::HttpCall(port, "GET", "/healthz").status, 200);
  EXPECT_EQ(test::HttpCall(port, "GET", "/v1/articles/n4").status, 200);
  EXPECT_EQ(server.Stop(SIGTERM), 0);
}

TEST(DaemonTest, FullQueuesAnswer503AndTokensAreChecked) {
  test::TempDir dir;
  test::ServerProcess server(dir.path() + "/db",
                             R"({"queue_capacity": 2, "token": "s3cret"})");
  ASSERT_TRUE(server.running());
  const uint16_t port = server.http_port();
  std::string batch;
  for (int n = 0; n < 3; ++n) batch += ArticleJson(Numbered(n)) + "\n";
  // No token: refused, except for health checks.
  EXPECT_EQ(test::HttpCall(port, "POST", "/v1/articles", batch).status, 401);
  EXPECT_EQ(test::HttpCall(port, "GET", "/healthz").status, 200);
  // Three articles do not fit in a queue of two.
  test::HttpResult full =
      test::HttpCall(port, "POST", "/v1/articles", batch, "s3cret");
  EXPECT_EQ(full.status, 503) << full.body;
  EXPECT_EQ(full.headers["retry-after"], "1");
  // Two do, and nothing of the refused batch was stored.
  EXPECT_EQ(test::HttpCall(port, "GET", "/v1/articles/n0", "", "s3cret").status,
            404);
  const test::HttpResult fits = test::HttpCall(
      port, "POST", "/v1/articles",
      ArticleJson(Numbered(0)) + "\n" + ArticleJson(Numbered(1)) + "\n",
      "s3cret");
  EXPECT_EQ(fits.status, 200) << fits.body;
  const test::HttpResult metrics =
      test::HttpCall(port, "GET", "/metrics", "", "s3cret");
  EXPECT_NE(metrics.body.find("newsdedup_articles_overloaded_total 3"),
            std::string::npos);
  // TCP producers need the token in their Hello.
  test::TcpClient anonymous(server.tcp_port(), Produce());
  std::string frame;
  ASSERT_TRUE(anonymous.ReadFrame(&frame));
  pb::Ack ack;
  ASSERT_TRUE(ack.ParseFromString(frame));
  EXPECT_EQ(ack.error(), "missing or wrong token");
}

TEST(DaemonTest, DocumentsArePostedByTheirContentType) {
  test::TempDir dir;
  test::ServerProcess server(dir.path() + "/db");
  ASSERT_TRUE(server.running());
  const uint16_t port = server.http_port();
  const std::vector<Article> seeds = test::SeedArticles();
  ASSERT_GE(seeds.size(), 3u);
  // An Atom feed: the syndication pair and an item without any text.
  std::string atom =
      "<?xml version=\"1.0\"?><feed xmlns=\"http://www.w3.org/2005/Atom\">"
      "<title>Wire</title><id>urn:wire</id>";
  for (int i : {0, 1}) {
    atom += "<entry><id>" + seeds[i].id + "</id><title>Story</title>"
            "<updated>2024-04-08T0" + std::to_string(6 + i) +
            ":00:00Z</updated><content type=\"text\">";
    for (char c : seeds[i].body) {
      atom += c == '&' ? std::string("&amp;")
              : c == '<' ? std::string("&lt;")
                         : std::string(1, c);
    }
    atom += "</content></entry>";
  }
  atom += "<entry><id>empty</id><title>No text</title></entry></feed>";
  test::HttpResult r = test::HttpCall(port, "POST", "/v1/articles", atom, "",
                                      "application/atom+xml; charset=utf-8");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.headers["content-type"], "application/x-ndjson");
  const size_t first = r.body.find('\n');
  ASSERT_NE(first, std::string::npos) << r.body;
  const std::string second_line = r.body.substr(first + 1);
  EXPECT_NE(second_line.find("\"cluster\":" + JsonString(seeds[0].id)),
            std::string::npos)
      << r.body;
  EXPECT_NE(r.body.find("\"item\":"), std::string::npos) << r.body;

  // ninjs sent as plain JSON is told apart from our own by its fields.
  r = test::HttpCall(port, "POST", "/v1/articles",
                     "{\"uri\":\"urn:ninjs:1\",\"headline\":\"Other\","
                     "\"body_text\":" + JsonString(seeds[2].body) + "}",
                     "", "application/json");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_NE(r.body.find("\"id\":\"urn:ninjs:1\""), std::string::npos)
      << r.body;

  // A page is one article: its id the URL the client names, when the page
  // names no canonical one.
  const std::string page =
      "<!DOCTYPE html><html><head><title>Other news</title></head><body>"
      "<nav><a href=\"/\">Home</a></nav><article><p>" +
      seeds[2].body.substr(0, 600) + "</p></article></body></html>";
  r = test::HttpCall(port, "POST",
                     "/v1/articles?url=http%3A%2F%2Fsite.example%2Fa", page,
                     "", "text/html; charset=utf-8");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_NE(r.body.find("\"id\":\"http://site.example/a\""),
            std::string::npos)
      << r.body;
  r = test::HttpCall(port, "POST", "/v1/articles", page, "", "text/html");
  EXPECT_NE(r.body.find("\"error\":"), std::string::npos) << r.body;

  // A broken document is refused whole, naming its format; the server
  // goes on.
  r = test::HttpCall(port, "POST", "/v1/articles", "<rss><channel><item>", "",
                     "application/rss+xml");
  EXPECT_EQ(r.status, 400) << r.body;
  EXPECT_NE(r.body.find("feed document"), std::string::npos) << r.body;
  EXPECT_EQ(test::HttpCall(port, "GET", "/healthz").status, 200);
}

TEST(DaemonTest, AJsonArrayOfArticlesIsDecidedElementByElement) {
  test::TempDir dir;
  test::ServerProcess server(dir.path() + "/db");
  ASSERT_TRUE(server.running());
  const std::string body = "[" + ArticleJson(Numbered(1)) +
                           ", {\"id\":\"no-body\"}, " +
                           ArticleJson(Numbered(2)) + "]";
  test::HttpResult r =
      test::HttpCall(server.http_port(), "POST", "/v1/articles", body);
  ASSERT_EQ(r.status, 200) << r.body;
  std::vector<std::string> lines;
  for (size_t start = 0, nl; (nl = r.body.find('\n', start)) != std::string::npos;
       start = nl + 1) {
    lines.push_back(r.body.substr(start, nl - start));
  }
  ASSERT_EQ(lines.size(), 3u) << r.body;
  EXPECT_EQ(lines[0].rfind("{\"id\":\"n1\"", 0), 0u) << lines[0];
  EXPECT_EQ(lines[1],
            "{\"item\":\"element 2\",\"error\":\"missing field \\\"body\\\"\"}");
  EXPECT_EQ(lines[2].rfind("{\"id\":\"n2\"", 0), 0u) << lines[2];
}

}  // namespace
}  // namespace newsdedup
