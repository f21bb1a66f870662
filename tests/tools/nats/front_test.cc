// `newsdedup nats front` (tools/nats/front.h) against a real three-node
// JetStream cluster and the other roles as child processes: the daemon's
// HTTP and TCP answers, given by the cluster.
#include <gtest/gtest.h>
#include <signal.h>

#include <chrono>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "ingest/cluster/cluster.h"
#include "tests/nats_cluster.h"
#include "tests/test_util.h"
#include "tests/tools/nats/role_process.h"
#include "tests/tools/serve/server_process.h"

namespace newsdedup::test {
namespace {

// The cluster and its roles; members go in reverse order, the processes
// before the NATS servers.
struct ClusterRoles {
  std::unique_ptr<NatsCluster> nats;
  std::unique_ptr<TempDir> dir;
  std::vector<std::string> servers;  // --nats ... --replicas ... --shards ...
  std::unique_ptr<RoleProcess> shard, worker, decider;
  std::unique_ptr<FrontProcess> front;
  std::string failure;  // why the setup failed, if it did
};

std::vector<std::string> Plus(std::vector<std::string> a,
                              std::vector<std::string> b) {
  a.insert(a.end(), b.begin(), b.end());
  return a;
}

// Retries while the cluster's roles are still starting (503 or no answer).
HttpResult PostWhenReady(uint16_t port, const std::string& body) {
  HttpResult r;
  const auto deadline =
      std::chrono::steady_clock::now() + std::chrono::seconds(30);
  do {
    r = HttpCall(port, "POST", "/v1/articles", body);
    if (r.status != 0 && r.status != 503) return r;
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
  } while (std::chrono::steady_clock::now() < deadline);
  return r;
}

std::unique_ptr<ClusterRoles> StartRoles() {
  auto r = std::make_unique<ClusterRoles>();
  StatusOr<std::unique_ptr<NatsCluster>> nats = NatsCluster::Start(3);
  if (!nats.ok()) {
    r->failure = "no NATS cluster: " + nats.status().ToString();
    return r;
  }
  r->nats = std::move(*nats);
  r->dir = std::make_unique<TempDir>();
  std::string urls;
  for (const std::string& url : r->nats->urls()) {
    urls += (urls.empty() ? "" : ",") + url;
  }
  r->servers = {"--nats",   urls, "--replicas",   "3",
                "--shards", "1",  "--timeout-ms", "15000"};
  r->shard = std::make_unique<RoleProcess>(Plus(
      {"nats", "shard"},
      Plus(r->servers, {"--shard", "0", "--dir", r->dir->path() + "/shard"})));
  r->worker = std::make_unique<RoleProcess>(
      Plus({"nats", "worker"}, Plus(r->servers, {"--threads", "1"})));
  r->decider = std::make_unique<RoleProcess>(Plus(
      {"nats", "decide"}, Plus(r->servers, {"--db", r->dir->path() + "/db"})));
  r->front = std::make_unique<FrontProcess>(
      Plus(r->servers, {"--max-request-bytes", "65536"}));
  // The first decision says every role is up.
  HttpResult first =
      PostWhenReady(r->front->http_port(), ArticleJson(Numbered(9000)));
  // (409 when an earlier try was published but not answered in time.)
  if (first.status != 200 && first.status != 409) {
    r->failure = "the cluster did not decide a first article: " +
                 std::to_string(first.status) + " " + first.body +
                 "\nfront: " + r->front->process().StderrText() +
                 "\ndecider: " + r->decider->StderrText();
  }
  return r;
}

// One cluster for the whole suite: the roles take seconds to start, and
// every test uses ids of its own. Every process is killed after the suite.
class NatsFrontTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { roles_ = StartRoles(); }
  static void TearDownTestSuite() { roles_.reset(); }
  void SetUp() override {
    ASSERT_TRUE(roles_->failure.empty()) << roles_->failure;
  }
  static ClusterRoles& Roles() { return *roles_; }
  uint16_t http() { return roles_->front->http_port(); }

  static std::unique_ptr<ClusterRoles> roles_;
};

std::unique_ptr<ClusterRoles> NatsFrontTest::roles_;

// The value of "key" in a flat JSON line, as its text ("a1", 0.5, null).
std::string Field(const std::string& json, const std::string& key) {
  const size_t at = json.find("\"" + key + "\":");
  if (at == std::string::npos) return "";
  size_t start = at + key.size() + 3;
  if (json[start] == '"') {
    return json.substr(start + 1, json.find('"', start + 1) - start - 1);
  }
  return json.substr(start, json.find_first_of(",}", start) - start);
}

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> lines;
  size_t start = 0;
  for (size_t nl; (nl = text.find('\n', start)) != std::string::npos;
       start = nl + 1) {
    lines.push_back(text.substr(start, nl - start));
  }
  return lines;
}

Article Original(const std::string& id) {
  Article a;
  a.id = id;
  a.body =
      "Flood barriers along the river were raised overnight as water levels "
      "at the northern gauge reached their highest mark in eleven years. "
      "Emergency crews evacuated two care homes and closed the old bridge to "
      "traffic, while the county opened three shelters in school gyms. "
      "Forecasters expect the crest to pass the town on Thursday afternoon.";
  return a;
}

Article CopyOf(const Article& original, const std::string& id) {
  Article a;
  a.id = id;
  a.body = "(Reporting by a staff correspondent) " + original.body +
           " Residents were urged to avoid the riverside paths.";
  return a;
}

TEST_F(NatsFrontTest, PostedArticlesAreDecidedAndACopyFindsItsOriginal) {
  const Article original = Original("flood-1");
  const std::string body = ArticleJson(original) + "\n" +
                           ArticleJson(Numbered(101)) + "\n" +
                           ArticleJson(CopyOf(original, "flood-1-copy")) + "\n";
  HttpResult r = HttpCall(http(), "POST", "/v1/articles", body);
  ASSERT_EQ(r.status, 200) << r.body;
  const std::vector<std::string> lines = Lines(r.body);
  ASSERT_EQ(lines.size(), 3u) << r.body;
  EXPECT_EQ(Field(lines[0], "id"), "flood-1");
  EXPECT_EQ(Field(lines[0], "relation"), "new");
  EXPECT_EQ(Field(lines[1], "id"), "n101");
  EXPECT_EQ(Field(lines[2], "id"), "flood-1-copy");
  EXPECT_NE(Field(lines[2], "relation"), "new") << lines[2];
  EXPECT_EQ(Field(lines[2], "original"), "flood-1") << lines[2];
}

TEST_F(NatsFrontTest, AnInvalidArticleInAnArrayGetsItsErrorAndTheRestGoOn) {
  const std::string body = "[" + ArticleJson(Numbered(201)) +
                           ",{\"id\":\"no-body\"}," +
                           ArticleJson(Numbered(202)) + "]";
  HttpResult r = HttpCall(http(), "POST", "/v1/articles", body);
  ASSERT_EQ(r.status, 200) << r.body;
  const std::vector<std::string> lines = Lines(r.body);
  ASSERT_EQ(lines.size(), 3u) << r.body;
  EXPECT_EQ(Field(lines[0], "id"), "n201");
  EXPECT_EQ(lines[1],
            "{\"item\":\"element 2\",\"error\":\"missing field "
            "\\\"body\\\"\"}");
  EXPECT_EQ(Field(lines[2], "id"), "n202");
  EXPECT_FALSE(Field(lines[2], "cluster").empty()) << lines[2];
}

TEST_F(NatsFrontTest, TheSameArticlePostedTwiceGetsTheSameDecisionAsKnown) {
  const std::string body = ArticleJson(Numbered(301));
  HttpResult first = HttpCall(http(), "POST", "/v1/articles", body);
  ASSERT_EQ(first.status, 200) << first.body;
  HttpResult again = HttpCall(http(), "POST", "/v1/articles", body);
  ASSERT_EQ(again.status, 409) << again.body;
  EXPECT_NE(again.body.find("already stored"), std::string::npos);
  const std::string decision =
      again.body.substr(again.body.find("\"decision\""));
  EXPECT_EQ(Field(decision, "cluster"), Field(first.body, "cluster"));
  EXPECT_EQ(Field(decision, "relation"), Field(first.body, "relation"));
  EXPECT_EQ(Field(decision, "known"), "true");
}

TEST_F(NatsFrontTest, DeleteRemovesAStoredArticleAndAnswers404ForOthers) {
  ASSERT_EQ(HttpCall(http(), "POST", "/v1/articles", ArticleJson(Numbered(401)))
                .status,
            200);
  HttpResult gone = HttpCall(http(), "DELETE", "/v1/articles/n401");
  EXPECT_EQ(gone.status, 200) << gone.body;
  EXPECT_EQ(Field(gone.body, "deleted"), "n401");
  HttpResult again = HttpCall(http(), "DELETE", "/v1/articles/n401");
  EXPECT_EQ(again.status, 404) << again.body;
  HttpResult unknown = HttpCall(http(), "DELETE", "/v1/articles/never-sent");
  EXPECT_EQ(unknown.status, 404) << unknown.body;
}

TEST_F(NatsFrontTest, BadRequestsGetTheirErrorsAndTheFrontGoesOn) {
  HttpResult big =
      HttpCall(http(), "POST", "/v1/articles", std::string(100000, 'x'));
  EXPECT_EQ(big.status, 413) << big.body;
  EXPECT_NE(big.body.find("65536"), std::string::npos) << big.body;
  HttpResult not_json = HttpCall(http(), "POST", "/v1/articles", "{\"id\":");
  EXPECT_EQ(not_json.status, 400);
  EXPECT_NE(not_json.body.find("not valid JSON"), std::string::npos)
      << not_json.body;
  {
    RawConnection raw(http());
    ASSERT_TRUE(raw.Send("NOT HTTP AT ALL\r\n\r\n"));
    raw.ReadUntilClosed(5000);
    EXPECT_NE(raw.received().find(" 400 "), std::string::npos)
        << raw.received();
    EXPECT_NE(raw.received().find("malformed"), std::string::npos);
  }
  EXPECT_EQ(HttpCall(http(), "GET", "/v1/articles").status, 405);
  EXPECT_EQ(HttpCall(http(), "GET", "/v1/nothing").status, 404);
  EXPECT_EQ(HttpCall(http(), "GET", "/healthz").status, 200);
  HttpResult after =
      HttpCall(http(), "POST", "/v1/articles", ArticleJson(Numbered(501)));
  EXPECT_EQ(after.status, 200) << after.body;
  EXPECT_TRUE(Roles().front->process().alive());
}

TEST_F(NatsFrontTest, TcpProducerGetsAnAckWithTheDecision) {
  pb::Hello hello;
  hello.set_role(pb::Hello::PRODUCE);
  TcpClient client(Roles().front->tcp_port(), hello);
  ASSERT_TRUE(client.connected());
  pb::Article article;
  article.set_id("tcp-1");
  article.set_body(Numbered(601).body);
  ASSERT_TRUE(client.SendFrame(article.SerializeAsString()));
  std::string frame;
  ASSERT_TRUE(client.ReadFrame(&frame, 20000));
  pb::Ack ack;
  ASSERT_TRUE(ack.ParseFromString(frame));
  EXPECT_TRUE(ack.ok()) << ack.error();
  EXPECT_EQ(ack.article_id(), "tcp-1");
  EXPECT_EQ(ack.decision().article_id(), "tcp-1");
  EXPECT_FALSE(ack.already_known());
  // The same article again: known, with the same decision.
  ASSERT_TRUE(client.SendFrame(article.SerializeAsString()));
  ASSERT_TRUE(client.ReadFrame(&frame, 20000));
  ASSERT_TRUE(ack.ParseFromString(frame));
  EXPECT_FALSE(ack.ok());
  EXPECT_TRUE(ack.already_known());
  EXPECT_EQ(ack.decision().article_id(), "tcp-1");
}

TEST_F(NatsFrontTest, TcpSubscribersAreSentToTheEventsCommand) {
  pb::Hello hello;
  hello.set_role(pb::Hello::SUBSCRIBE);
  TcpClient client(Roles().front->tcp_port(), hello);
  ASSERT_TRUE(client.connected());
  std::string frame;
  ASSERT_TRUE(client.ReadFrame(&frame, 5000));
  pb::Ack ack;
  ASSERT_TRUE(ack.ParseFromString(frame));
  EXPECT_FALSE(ack.ok());
  EXPECT_NE(ack.error().find("nats events"), std::string::npos) << ack.error();
}

TEST_F(NatsFrontTest, AnUnreachableClusterIsA503NamingIt) {
  // Port 1 on loopback: nothing listens there.
  FrontProcess lonely({"--nats", "nats://127.0.0.1:1", "--replicas", "1",
                       "--timeout-ms", "2000"});
  HttpResult r = HttpCall(lonely.http_port(), "POST", "/v1/articles",
                          ArticleJson(Numbered(701)));
  EXPECT_EQ(r.status, 503) << r.body;
  EXPECT_NE(r.body.find("cannot reach the cluster"), std::string::npos)
      << r.body;
  EXPECT_EQ(HttpCall(lonely.http_port(), "GET", "/healthz").status, 200);
}

TEST_F(NatsFrontTest, TokensAreCheckedAndSigtermStopsCleanly) {
  FrontProcess guarded(Plus(Roles().servers, {"--token", "s3cret"}));
  HttpResult no_token = HttpCall(guarded.http_port(), "POST", "/v1/articles",
                                 ArticleJson(Numbered(801)));
  EXPECT_EQ(no_token.status, 401) << no_token.body;
  EXPECT_EQ(HttpCall(guarded.http_port(), "GET", "/healthz").status, 200);
  HttpResult with_token = HttpCall(guarded.http_port(), "POST",
                                   "/v1/articles", ArticleJson(Numbered(801)),
                                   "s3cret");
  EXPECT_EQ(with_token.status, 200) << with_token.body;
  EXPECT_EQ(guarded.process().Stop(SIGTERM), 0)
      << guarded.process().StderrText();
}

TEST_F(NatsFrontTest, RequestsBeyondTheInFlightCapGet503) {
  ClusterRoles& roles = Roles();
  FrontProcess narrow(Plus(roles.servers, {"--max-in-flight", "1"}));
  // No worker: the first request waits for its decision, holding the gate.
  roles.worker->Signal(SIGSTOP);
  RawConnection waiting(narrow.http_port());
  const std::string body = ArticleJson(Numbered(901));
  ASSERT_TRUE(waiting.Send(
      "POST /v1/articles HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
      "Content-Length: " +
      std::to_string(body.size()) + "\r\n\r\n" + body));
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  HttpResult busy = HttpCall(narrow.http_port(), "POST", "/v1/articles",
                             ArticleJson(Numbered(902)));
  EXPECT_EQ(busy.status, 503) << busy.body;
  EXPECT_EQ(busy.headers["retry-after"], "1");
  EXPECT_NE(busy.body.find("in flight"), std::string::npos) << busy.body;
  // Health answers while the gate is full: the network thread never waits.
  EXPECT_EQ(HttpCall(narrow.http_port(), "GET", "/healthz").status, 200);
  roles.worker->Signal(SIGCONT);
  EXPECT_TRUE(waiting.ReadUntilClosed(20000));
  EXPECT_NE(waiting.received().find(" 200 "), std::string::npos)
      << waiting.received();
  EXPECT_NE(waiting.received().find("\"id\":\"n901\""), std::string::npos);
}

TEST_F(NatsFrontTest, AFrontKilledMidRequestLosesNothingAndDecidesOnce) {
  ClusterRoles& roles = Roles();
  const Article article = Original("killed-front-1");
  // No worker: the article is published but not decided while we kill.
  roles.worker->Signal(SIGSTOP);
  {
    RawConnection in_flight(http());
    const std::string body = ArticleJson(article);
    ASSERT_TRUE(in_flight.Send(
        "POST /v1/articles HTTP/1.1\r\nHost: x\r\nContent-Length: " +
        std::to_string(body.size()) + "\r\n\r\n" + body));
    EXPECT_FALSE(in_flight.ReadUntilClosed(1500));  // no answer yet
    EXPECT_TRUE(in_flight.received().empty()) << in_flight.received();
    roles.front->process().Stop(SIGKILL);
  }
  roles.worker->Signal(SIGCONT);
  roles.front = std::make_unique<FrontProcess>(
      Plus(roles.servers, {"--max-request-bytes", "65536"}));
  HttpResult r = PostWhenReady(http(), ArticleJson(article));
  // The first sending was stored: the answer is its decision, as for an id
  // already stored.
  ASSERT_EQ(r.status, 409) << r.body;
  EXPECT_EQ(Field(r.body.substr(r.body.find("\"decision\"")), "id"),
            "killed-front-1");

  // Decided once: one decision on this id in the decisions stream.
  ClusterOptions options;
  options.nats.servers = roles.nats->urls();
  options.replicas = 3;
  StatusOr<std::unique_ptr<ClusterClient>> reader =
      ClusterClient::Connect(options);
  ASSERT_TRUE(reader.ok()) << reader.status().ToString();
  int decided = 0;
  ASSERT_TRUE((*reader)
                  ->ReadDecisions(1, 1000,
                                  [&](const pb::DecisionMessage& m) {
                                    if (m.has_decision() &&
                                        m.decision().article_id() ==
                                            "killed-front-1") {
                                      ++decided;
                                    }
                                    return true;
                                  })
                  .ok());
  EXPECT_EQ(decided, 1);
}

}  // namespace
}  // namespace newsdedup::test
