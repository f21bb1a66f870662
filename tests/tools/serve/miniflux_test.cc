// Miniflux's webhook (tools/serve/miniflux.h): signatures, the payload as
// Miniflux sends it, and the real daemon marking copies read through a
// stand-in for Miniflux's API on loopback.
#include "tools/serve/miniflux.h"

#include <gtest/gtest.h>

#include "tests/test_util.h"
#include "tests/tools/serve/fake_miniflux.h"
#include "tests/tools/serve/server_process.h"
#include "tools/json_output.h"

namespace newsdedup {
namespace {

using test::FakeMinifluxApi;

TEST(MinifluxSignatureTest, IsHexHmacSha256) {
  // RFC 4231, test case 2.
  EXPECT_EQ(MinifluxSignature("Jefe", "what do ya want for nothing?"),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
}

TEST(MinifluxSignatureTest, OnlyTheBodysSignatureUnderTheSecretIsValid) {
  const std::string sig = MinifluxSignature("s3cret", "{\"a\":1}");
  EXPECT_TRUE(MinifluxSignatureValid("s3cret", "{\"a\":1}", sig));
  std::string upper = sig;
  for (char& c : upper) c = static_cast<char>(std::toupper(c));
  EXPECT_TRUE(MinifluxSignatureValid("s3cret", "{\"a\":1}", upper));
  EXPECT_FALSE(MinifluxSignatureValid("s3cret", "{\"a\":2}", sig));
  EXPECT_FALSE(MinifluxSignatureValid("other", "{\"a\":1}", sig));
  EXPECT_FALSE(MinifluxSignatureValid("s3cret", "{\"a\":1}", sig.substr(1)));
  EXPECT_FALSE(MinifluxSignatureValid("s3cret", "{\"a\":1}", ""));
  std::string not_hex = sig;
  not_hex[0] = 'g';
  EXPECT_FALSE(MinifluxSignatureValid("s3cret", "{\"a\":1}", not_hex));
}

// A new_entries event shaped as Miniflux's webhook client writes it, one
// entry per (entry id, body), all from one feed.
std::string NewEntries(int64_t feed_id, const std::string& feed_title,
                       const std::vector<std::pair<int64_t, std::string>>&
                           entries) {
  std::string out = "{\"event_type\":\"new_entries\",\"feed\":{\"id\":" +
                    std::to_string(feed_id) +
                    ",\"user_id\":1,\"feed_url\":\"http://news.example/" +
                    std::to_string(feed_id) +
                    ".xml\",\"site_url\":\"http://news.example/\",\"title\":" +
                    JsonString(feed_title) +
                    ",\"checked_at\":\"2024-04-08T10:00:00Z\"},\"entries\":[";
  for (size_t i = 0; i < entries.size(); ++i) {
    const std::string id = std::to_string(entries[i].first);
    out += std::string(i ? "," : "") + "{\"id\":" + id +
           ",\"user_id\":1,\"feed_id\":" + std::to_string(feed_id) +
           ",\"status\":\"unread\",\"hash\":\"h" + id +
           "\",\"title\":\"Story " + id + "\",\"url\":\"http://news.example/" +
           id + "\",\"comments_url\":\"\",\"published_at\":"
           "\"2024-04-08T09:30:00.5+02:00\",\"created_at\":"
           "\"2024-04-08T10:00:00Z\",\"changed_at\":\"2024-04-08T10:00:00Z\","
           "\"content\":" +
           JsonString(entries[i].second) +
           ",\"author\":\"\",\"share_code\":\"\",\"starred\":false,"
           "\"reading_time\":1,\"enclosures\":null,\"tags\":[]}";
  }
  return out + "]}";
}

TEST(MinifluxEventTest, ReadsEntriesAsArticles) {
  const std::string body =
      NewEntries(7, "Wire Desk", {{41, "<p>Council approves budget.</p>"},
                                  {42, ""}});
  StatusOr<MinifluxEvent> event = ParseMinifluxEvent(body, {}, 10);
  ASSERT_TRUE(event.ok()) << event.status().ToString();
  EXPECT_EQ(event->event_type, "new_entries");
  ASSERT_EQ(event->entries.size(), 2u);
  const MinifluxEntry& first = event->entries[0];
  EXPECT_EQ(first.entry_id, 41);
  ASSERT_TRUE(first.article.ok()) << first.article.status().ToString();
  EXPECT_EQ(first.article->id, "miniflux:41");
  EXPECT_EQ(first.article->body, "<p>Council approves budget.</p>");
  EXPECT_EQ(first.article->title, "Story 41");
  EXPECT_EQ(first.article->source, "Wire Desk");
  EXPECT_EQ(first.article->url, "http://news.example/41");
  EXPECT_EQ(first.article->published_ms, 1712561400500);  // 07:30:00.5Z
  EXPECT_EQ(event->entries[1].entry_id, 42);
  EXPECT_FALSE(event->entries[1].article.ok()) << "no content";
}

TEST(MinifluxEventTest, GoZeroTimeIsUnknownAndOtherEventsCarryNoEntries) {
  std::string body = NewEntries(1, "F", {{5, "Some text here."}});
  const std::string when = "2024-04-08T09:30:00.5+02:00";
  body.replace(body.find(when), when.size(), "0001-01-01T00:00:00Z");
  StatusOr<MinifluxEvent> event = ParseMinifluxEvent(body, {}, 10);
  ASSERT_TRUE(event.ok());
  ASSERT_TRUE(event->entries[0].article.ok());
  EXPECT_FALSE(event->entries[0].article->published_ms.has_value());

  StatusOr<MinifluxEvent> saved = ParseMinifluxEvent(
      "{\"event_type\":\"save_entry\",\"entry\":{\"id\":5}}", {}, 10);
  ASSERT_TRUE(saved.ok());
  EXPECT_EQ(saved->event_type, "save_entry");
  EXPECT_TRUE(saved->entries.empty());
}

TEST(MinifluxEventTest, RefusesWhatIsNotAnEventAndTooManyEntries) {
  EXPECT_FALSE(ParseMinifluxEvent("[]", {}, 10).ok());
  EXPECT_FALSE(ParseMinifluxEvent("{\"entries\":[]}", {}, 10).ok());
  EXPECT_FALSE(ParseMinifluxEvent("{\"event_type\":\"new_entries\"}", {}, 10)
                   .ok());
  const std::string three =
      NewEntries(1, "F", {{1, "One."}, {2, "Two."}, {3, "Three."}});
  EXPECT_EQ(ParseMinifluxEvent(three, {}, 2).status().code(),
            Status::Code::kResourceExhausted);
}

// POSTs `body` to the webhook as Miniflux would; (status, body).
std::pair<int, std::string> Deliver(uint16_t port, const std::string& body,
                                    const std::string& signature) {
  test::RawConnection conn(port);
  if (!conn.connected()) return {0, ""};
  conn.Send("POST /v1/integrations/miniflux HTTP/1.1\r\nHost: localhost\r\n"
            "Content-Type: application/json\r\nUser-Agent: Miniflux/2.1\r\n"
            "X-Miniflux-Event-Type: new_entries\r\nX-Miniflux-Signature: " +
            signature + "\r\nConnection: close\r\nContent-Length: " +
            std::to_string(body.size()) + "\r\n\r\n" + body);
  conn.ReadUntilClosed(30000);
  const std::string& r = conn.received();
  const size_t end = r.find("\r\n\r\n");
  if (r.rfind("HTTP/1.1 ", 0) != 0 || end == std::string::npos) return {0, r};
  return {std::stoi(r.substr(9, 3)), r.substr(end + 4)};
}

TEST(MinifluxWebhookTest, CopiesAcrossFeedsAreMarkedReadOriginalsNot) {
  const std::vector<Article> seeds = test::SeedArticles();  // 000+001 copies
  FakeMinifluxApi api;
  test::TempDir dir;
  const std::string secret = "c4fdaf87900b72777cbe8e97d17b97a8";
  test::ServerProcess server(
      dir.path() + "/db",
      "{\"token\":\"t0ken\",\"miniflux\":{\"secret\":\"" + secret +
          "\",\"api_url\":\"http://127.0.0.1:" + std::to_string(api.port()) +
          "/\",\"api_key\":\"k3y\"}}");
  ASSERT_TRUE(server.running()) << server.StderrText();

  // A bad signature is refused and stores nothing.
  const std::string first =
      NewEntries(1, "Agency", {{100, seeds[0].body}, {101, seeds[2].body}});
  EXPECT_EQ(Deliver(server.http_port(), first, std::string(64, '0')).first,
            401);
  EXPECT_EQ(Deliver(server.http_port(), first, "").first, 401);
  EXPECT_EQ(test::HttpCall(server.http_port(), "GET",
                           "/v1/articles/miniflux:100", "", "t0ken")
                .status,
            404);
  // A signed body that is not an event is a 400.
  EXPECT_EQ(Deliver(server.http_port(), "{\"entries\":",
                    MinifluxSignature(secret, "{\"entries\":"))
                .first,
            400);

  // Originals: decided, stored, left unread.
  auto [status, answer] =
      Deliver(server.http_port(), first, MinifluxSignature(secret, first));
  EXPECT_EQ(status, 200) << answer;
  EXPECT_NE(answer.find("\"copies\":[]"), std::string::npos) << answer;
  EXPECT_TRUE(api.requests().empty());

  // Another feed carries a copy of 100 (and a story of its own).
  const std::string second =
      NewEntries(2, "Portal", {{200, seeds[1].body}, {201, seeds[3].body}});
  std::tie(status, answer) =
      Deliver(server.http_port(), second, MinifluxSignature(secret, second));
  EXPECT_EQ(status, 200) << answer;
  EXPECT_NE(answer.find("\"copies\":[200]"), std::string::npos) << answer;
  EXPECT_NE(answer.find("\"marked_read\":1"), std::string::npos) << answer;
  std::vector<FakeMinifluxApi::Recorded> puts = api.requests();
  ASSERT_EQ(puts.size(), 1u);
  EXPECT_EQ(puts[0].method, "PUT");
  EXPECT_EQ(puts[0].target, "/v1/entries");
  EXPECT_EQ(puts[0].token, "k3y");
  EXPECT_EQ(puts[0].body, "{\"entry_ids\":[200],\"status\":\"read\"}");

  // A redelivery decides nothing anew and marks the same copy again.
  std::tie(status, answer) =
      Deliver(server.http_port(), second, MinifluxSignature(secret, second));
  EXPECT_EQ(status, 200) << answer;
  puts = api.requests();
  ASSERT_EQ(puts.size(), 2u);
  EXPECT_EQ(puts[1].body, puts[0].body);

  // Counted as every article offered (bad signatures are not offered).
  const test::HttpResult metrics =
      test::HttpCall(server.http_port(), "GET", "/metrics", "", "t0ken");
  EXPECT_NE(metrics.body.find("newsdedup_articles_received_total 6\n"),
            std::string::npos)
      << metrics.body;

  // The entries are ordinary articles for the rest of the API.
  test::HttpResult stored = test::HttpCall(
      server.http_port(), "GET", "/v1/articles/miniflux:200", "", "t0ken");
  EXPECT_EQ(stored.status, 200);
  EXPECT_NE(stored.body.find("miniflux:100"), std::string::npos)
      << stored.body;
}

TEST(MinifluxWebhookTest, AnApiThatIsDownIsA502AndTheDecisionsStay) {
  const std::vector<Article> seeds = test::SeedArticles();
  uint16_t closed_port;
  {
    FakeMinifluxApi gone;
    closed_port = gone.port();
  }
  test::TempDir dir;
  const std::string secret = "s";
  test::ServerProcess server(
      dir.path() + "/db", "{\"miniflux\":{\"secret\":\"s\",\"api_url\":"
                          "\"http://127.0.0.1:" +
                              std::to_string(closed_port) +
                              "\",\"api_key\":\"k\"}}");
  ASSERT_TRUE(server.running()) << server.StderrText();
  const std::string body =
      NewEntries(1, "A", {{1, seeds[0].body}, {2, seeds[1].body}});
  auto [status, answer] =
      Deliver(server.http_port(), body, MinifluxSignature(secret, body));
  EXPECT_EQ(status, 502) << answer;
  EXPECT_NE(answer.find("\"copies\":[2]"), std::string::npos) << answer;
  EXPECT_EQ(test::HttpCall(server.http_port(), "GET", "/v1/articles/miniflux:2")
                .status,
            200);
}

TEST(MinifluxWebhookTest, IsNotThereUnlessConfigured) {
  test::TempDir dir;
  test::ServerProcess server(dir.path() + "/db");
  ASSERT_TRUE(server.running());
  const std::string body = NewEntries(1, "A", {{1, "Some text."}});
  EXPECT_EQ(Deliver(server.http_port(), body, MinifluxSignature("", body))
                .first,
            404);
}

}  // namespace
}  // namespace newsdedup
