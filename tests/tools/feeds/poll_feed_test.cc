#include "tools/feeds/poll_feed.h"

#include <gtest/gtest.h>

#include "tests/test_util.h"
#include "tests/tools/feeds/feed_server.h"
#include "tests/tools/feeds/feed_site.h"
#include "tools/commands.h"

namespace newsdedup {
namespace {

using std::chrono::milliseconds;
namespace asio = boost::asio;

// An engine on a scratch store, ingesting on the caller's thread, counting
// what it is handed.
class PollFixture {
 public:
  explicit PollFixture(const std::string& dir) : dir_(dir) { Open(); }
  void Open() {
    StatusOr<std::unique_ptr<Engine>> engine =
        Engine::Open(dir_, DefaultEngineOptions());
    ASSERT_TRUE(engine.ok()) << engine.status().ToString();
    engine_ = std::move(*engine);
  }
  void Close() { engine_.reset(); }
  Engine& engine() { return *engine_; }

  IngestArticles Ingest() {
    return [this](std::vector<Article> articles)
               -> asio::awaitable<std::vector<StatusOr<Outcome>>> {
      std::vector<StatusOr<Outcome>> out;
      for (Article& a : articles) {
        handed.push_back(a.id);
        if (a.id == refuse_id) {
          out.push_back(Status::Unavailable("queues are full"));
          continue;
        }
        out.push_back(engine_->Ingest(engine_->Prepare(std::move(a))));
      }
      co_return out;
    };
  }

  FeedPollResult Poll(const std::string& url) {
    FeedSpec feed;
    feed.url = url;
    feed.interval = milliseconds(60'000);
    FeedPollOptions options;
    options.now_ms = [this] { return now_ms; };
    options.random = [] { return 0.5; };
    return test::RunAwaitable(
        PollFeed(engine_->store(), feed, Ingest(), options));
  }

  std::vector<std::string> handed;  // ids given to the engine
  std::string refuse_id;            // answered "not stored"
  int64_t now_ms = 1'796'000'000'000;

 private:
  std::string dir_;
  std::unique_ptr<Engine> engine_;
};

TEST(PollFeedTest, NewItemsAreStoredAndAnUnchangedFeedCostsNothing) {
  test::TempDir dir;
  test::FeedSite site;
  site.Add("wire-1");
  site.Add("wire-2");
  test::FeedServer server(site.Handler());
  PollFixture f(dir.path() + "/db");

  FeedPollResult first = f.Poll(server.Url("/feed.jsonl"));
  ASSERT_TRUE(first.status.ok()) << first.status.ToString();
  EXPECT_EQ(first.http_status, 200);
  EXPECT_EQ(first.items, 2u);
  ASSERT_EQ(first.outcomes.size(), 2u);
  EXPECT_EQ(first.outcomes[0].decision.article_id(), "wire-1");
  EXPECT_FALSE(first.outcomes[0].already_known);
  EXPECT_EQ(first.state.etag, site.Etag());
  EXPECT_EQ(first.state.last_outcome, "ok");
  EXPECT_EQ(first.state.next_poll_ms, f.now_ms + 60'000);
  EXPECT_TRUE(f.engine().FindArticle("wire-2")->has_value());

  FeedPollResult second = f.Poll(server.Url("/feed.jsonl"));
  ASSERT_TRUE(second.status.ok()) << second.status.ToString();
  EXPECT_TRUE(second.not_modified);
  EXPECT_EQ(second.http_status, 304);
  EXPECT_TRUE(second.outcomes.empty());
  EXPECT_EQ(f.handed.size(), 2u);  // nothing handed over again
  const test::SeenRequest conditional = server.requests().at(1);
  EXPECT_EQ(conditional.Header("if-none-match"), site.Etag());
  EXPECT_NE(conditional.Header("if-modified-since"), "");
  EXPECT_EQ(second.state.last_outcome, "not modified");

  site.Add("wire-3");  // the feed changes: only the new item goes in
  FeedPollResult third = f.Poll(server.Url("/feed.jsonl"));
  ASSERT_TRUE(third.status.ok()) << third.status.ToString();
  EXPECT_EQ(third.items, 3u);
  EXPECT_EQ(third.seen, 2u);
  ASSERT_EQ(third.outcomes.size(), 1u);
  EXPECT_EQ(third.outcomes[0].decision.article_id(), "wire-3");
  EXPECT_EQ(f.handed.size(), 3u);
}

TEST(PollFeedTest, FailuresBackOffLongerEachTimeAndRecover) {
  test::TempDir dir;
  test::FeedSite site;
  site.Add("wire-1");
  site.Fail(500);
  test::FeedServer server(site.Handler());
  PollFixture f(dir.path() + "/db");
  int64_t previous_wait = 0;
  for (uint32_t failures = 1; failures <= 3; ++failures) {
    FeedPollResult r = f.Poll(server.Url("/feed.jsonl"));
    ASSERT_FALSE(r.status.ok());
    EXPECT_EQ(r.http_status, 500);
    EXPECT_NE(r.status.message().find("HTTP 500"), std::string::npos);
    EXPECT_NE(r.status.message().find(server.Url("/feed.jsonl")),
              std::string::npos);
    EXPECT_EQ(r.state.consecutive_failures, failures);
    const int64_t wait = r.state.next_poll_ms - r.state.last_fetch_ms;
    EXPECT_GT(wait, previous_wait);
    EXPECT_EQ(wait, BackoffDelay(milliseconds(60'000), failures,
                                 std::chrono::hours(6), 0.5)
                        .count());
    previous_wait = wait;
  }
  site.Recover();
  FeedPollResult r = f.Poll(server.Url("/feed.jsonl"));
  ASSERT_TRUE(r.status.ok()) << r.status.ToString();
  EXPECT_EQ(r.state.consecutive_failures, 0u);
  EXPECT_EQ(r.state.next_poll_ms, f.now_ms + 60'000);
  EXPECT_EQ(r.outcomes.size(), 1u);
}

TEST(PollFeedTest, BackoffDoublesUpToTheCapWithJitterBelowIt) {
  const milliseconds interval(1000), cap(5000);
  EXPECT_EQ(BackoffDelay(interval, 1, cap, 0.0).count(), 800);
  EXPECT_EQ(BackoffDelay(interval, 2, cap, 0.0).count(), 1600);
  EXPECT_EQ(BackoffDelay(interval, 3, cap, 0.5).count(), 3600);
  EXPECT_EQ(BackoffDelay(interval, 4, cap, 0.0).count(), 4000);
  EXPECT_EQ(BackoffDelay(interval, 60, cap, 0.0).count(), 4000);
  EXPECT_LT(BackoffDelay(interval, 60, cap, 0.9999).count(), 5000);
  // A cap below the interval never polls a failing feed more often.
  EXPECT_EQ(BackoffDelay(interval, 5, milliseconds(10), 0.0).count(), 800);
}

TEST(PollFeedTest, ARestartNeitherRefetchesNorReingestsNorMisses) {
  test::TempDir dir;
  test::FeedSite site;
  site.Add("wire-1");
  site.Add("wire-2");
  test::FeedServer server(site.Handler());
  PollFixture f(dir.path() + "/db");
  ASSERT_TRUE(f.Poll(server.Url("/f")).status.ok());
  f.Close();
  f.Open();  // the state came back from the store
  FeedPollResult unchanged = f.Poll(server.Url("/f"));
  ASSERT_TRUE(unchanged.status.ok());
  EXPECT_TRUE(unchanged.not_modified);

  f.Close();
  site.Add("wire-3");  // published while the process was down
  site.set_conditional(false);  // and a server that sends it all anyway
  f.Open();
  FeedPollResult after = f.Poll(server.Url("/f"));
  ASSERT_TRUE(after.status.ok()) << after.status.ToString();
  EXPECT_EQ(after.seen, 2u);  // skipped without asking the engine
  ASSERT_EQ(after.outcomes.size(), 1u);
  EXPECT_EQ(after.outcomes[0].decision.article_id(), "wire-3");
  EXPECT_EQ(f.handed, (std::vector<std::string>{"wire-1", "wire-2", "wire-3"}));
}

TEST(PollFeedTest, AnItemNotStoredIsFetchedAgainAndAKnownIdIsNoError) {
  test::TempDir dir;
  test::FeedSite site;
  site.Add("wire-1");
  site.Add("wire-2");
  test::FeedServer server(site.Handler());
  PollFixture f(dir.path() + "/db");
  // wire-1 is already in the store, sent by another route.
  Article known;
  known.id = "wire-1";
  known.body = "The same id, sent earlier through the API by a client.";
  ASSERT_TRUE(f.engine().Ingest(f.engine().Prepare(known)).ok());
  f.refuse_id = "wire-2";

  FeedPollResult r = f.Poll(server.Url("/f"));
  ASSERT_TRUE(r.status.ok()) << r.status.ToString();
  ASSERT_EQ(r.outcomes.size(), 1u);
  EXPECT_TRUE(r.outcomes[0].already_known);
  ASSERT_EQ(r.item_errors.size(), 1u);
  EXPECT_EQ(r.state.etag, "");  // so the next poll is not told "unchanged"

  f.refuse_id.clear();
  r = f.Poll(server.Url("/f"));
  ASSERT_TRUE(r.status.ok()) << r.status.ToString();
  EXPECT_FALSE(r.not_modified);
  EXPECT_EQ(r.seen, 1u);
  ASSERT_EQ(r.outcomes.size(), 1u);
  EXPECT_EQ(r.outcomes[0].decision.article_id(), "wire-2");
  EXPECT_TRUE(r.item_errors.empty());
  EXPECT_EQ(r.state.etag, site.Etag());
}

TEST(PollFeedTest, BadItemsAreReportedAndTheRestStored) {
  test::TempDir dir;
  test::FeedServer server([](const test::SeenRequest&) {
    return test::HttpResponseText(
        200,
        "{\"id\":\"ok-1\",\"body\":\"Rail freight volumes rose four per cent "
        "in November, the operator said.\"}\n{\"id\":\"broken\"\n",
        {{"Content-Type", "application/x-ndjson"}});
  });
  PollFixture f(dir.path() + "/db");
  FeedPollResult r = f.Poll(server.Url("/f"));
  ASSERT_TRUE(r.status.ok()) << r.status.ToString();
  EXPECT_EQ(r.outcomes.size(), 1u);
  ASSERT_EQ(r.item_errors.size(), 1u);
  EXPECT_NE(r.item_errors[0].message().find(server.Url("/f")),
            std::string::npos)
      << r.item_errors[0].message();
}

// What readers poll most: an RSS feed with HTML item bodies. Items become
// articles (guid as id, the feed's title as source, RFC 822 dates), a
// second poll of the same feed stores nothing new, and an Atom feed that
// carries one of the stories again is found to copy it.
TEST(PollFeedTest, RssAndAtomFeedsAreReadAndTheirCopiesFound) {
  test::TempDir dir;
  const std::string story =
      "&lt;p&gt;The port authority said on Tuesday that container volumes "
      "fell 6 per cent in October as two shipping lines moved calls to a "
      "rival terminal.&lt;/p&gt;&lt;p&gt;Operators expect traffic to recover "
      "once dredging of the outer channel ends in March, the authority "
      "added.&lt;/p&gt;";
  const std::string rss =
      "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel>"
      "<title>Harbour Gazette</title><link>http://gazette.test/</link>"
      "<item><guid>gazette-1</guid><title>Port volumes fall</title>"
      "<link>http://gazette.test/1</link>"
      "<pubDate>Tue, 04 Nov 2025 08:00:00 GMT</pubDate>"
      "<description>" + story + "</description></item>"
      "<item><guid>gazette-2</guid><title>Ferry timetable</title>"
      "<pubDate>Tue, 04 Nov 2025 09:00:00 GMT</pubDate>"
      "<description>The winter ferry timetable starts on Sunday with two "
      "fewer crossings a day on the northern route.</description></item>"
      "</channel></rss>";
  const std::string atom =
      "<?xml version=\"1.0\"?><feed xmlns=\"http://www.w3.org/2005/Atom\">"
      "<title>Coast Daily</title><id>urn:coast</id>"
      "<updated>2025-11-04T10:00:00Z</updated>"
      "<entry><id>urn:coast:77</id><title>Port volumes fall 6 pct</title>"
      "<updated>2025-11-04T10:00:00Z</updated>"
      "<content type=\"html\">" + story + "</content></entry></feed>";
  test::FeedServer server([&](const test::SeenRequest& r) {
    if (r.target == "/atom") {
      return test::HttpResponseText(
          200, atom, {{"Content-Type", "application/atom+xml"}});
    }
    return test::HttpResponseText(200, rss,
                                  {{"Content-Type", "application/rss+xml"}});
  });
  PollFixture f(dir.path() + "/db");
  FeedPollResult first = f.Poll(server.Url("/rss"));
  ASSERT_TRUE(first.status.ok()) << first.status.ToString();
  ASSERT_EQ(first.outcomes.size(), 2u);
  EXPECT_TRUE(first.item_errors.empty());
  StatusOr<std::optional<pb::StoredArticle>> stored =
      f.engine().FindArticle("gazette-1");
  ASSERT_TRUE(stored.ok() && stored->has_value());
  EXPECT_EQ((*stored)->article().source(), "Harbour Gazette");
  EXPECT_EQ((*stored)->article().title(), "Port volumes fall");
  EXPECT_EQ((*stored)->article().published_ms(), 1'762'243'200'000);

  f.now_ms += 120'000;
  FeedPollResult again = f.Poll(server.Url("/rss"));
  ASSERT_TRUE(again.status.ok());
  EXPECT_TRUE(again.outcomes.empty());  // every item seen already

  FeedPollResult copy = f.Poll(server.Url("/atom"));
  ASSERT_TRUE(copy.status.ok()) << copy.status.ToString();
  ASSERT_EQ(copy.outcomes.size(), 1u);
  EXPECT_EQ(copy.outcomes[0].decision.cluster_id(), "gazette-1");
  EXPECT_NE(copy.outcomes[0].decision.relation(), pb::NEW);
}

TEST(PollFeedTest, AnOversizedOrUnknownDocumentIsAFailedPoll) {
  test::TempDir dir;
  test::FeedServer server([](const test::SeenRequest& r) {
    if (r.target == "/big") return test::HttpResponseText(200, std::string(9000, ' '));
    return test::HttpResponseText(200, "%PDF-1.4 not a feed",
                                  {{"Content-Type", "application/pdf"}});
  });
  PollFixture f(dir.path() + "/db");
  FeedSpec feed;
  feed.url = server.Url("/big");
  FeedPollOptions options;
  options.http.max_body_bytes = 4096;
  FeedPollResult big = test::RunAwaitable(
      PollFeed(f.engine().store(), feed, f.Ingest(), options));
  EXPECT_FALSE(big.status.ok());
  EXPECT_EQ(big.state.consecutive_failures, 1u);
  FeedPollResult pdf = f.Poll(server.Url("/doc.pdf"));
  EXPECT_FALSE(pdf.status.ok());
  EXPECT_TRUE(f.handed.empty());
}

}  // namespace
}  // namespace newsdedup
