// The NATS client against a real three-node JetStream cluster on loopback
// (tests/nats_cluster.h). The cluster is shared by the suite (starting one
// takes a second or two); each test uses streams of its own.
#include "ingest/nats/nats_client.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <set>
#include <thread>

#include "ingest/nats/nats_internal.h"  // RetryWhilePassing, NatsError
#include "tests/nats_cluster.h"

namespace newsdedup {
namespace {

using test::NatsCluster;

class NatsClientTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    auto started = NatsCluster::Start(3);
    if (started.ok()) {
      cluster_ = std::move(started).value().release();
    } else {
      start_error_ = new std::string(started.status().ToString());
    }
  }
  static void TearDownTestSuite() {
    delete cluster_;
    cluster_ = nullptr;
    delete start_error_;
    start_error_ = nullptr;
  }
  void SetUp() override {
    // A missing nats-server fails the tests: install-deps installs it.
    ASSERT_NE(cluster_, nullptr) << (start_error_ ? *start_error_ : "");
  }

  std::unique_ptr<NatsConnection> Connect(const std::string& name = "test") {
    NatsOptions options;
    options.servers = cluster_->urls();
    options.name = name;
    auto connection = NatsConnection::Connect(options);
    EXPECT_TRUE(connection.ok()) << connection.status().ToString();
    return connection.ok() ? std::move(connection).value() : nullptr;
  }

  static StreamSpec Spec(const std::string& name, int replicas = 3) {
    StreamSpec spec;
    spec.name = name;
    spec.subjects = {name + ".>"};
    spec.replicas = replicas;
    return spec;
  }

  static NatsCluster* cluster_;
  static std::string* start_error_;
};

NatsCluster* NatsClientTest::cluster_ = nullptr;
std::string* NatsClientTest::start_error_ = nullptr;

TEST(NatsClusterTest, TheServerIsInstalled) {
  EXPECT_TRUE(NatsCluster::available())
      << "nats-server not found: run tools/install-deps.sh";
}

TEST(NatsClientOptionsTest, ConnectingToNothingFailsNamingTheServer) {
  NatsOptions options;
  EXPECT_EQ(NatsConnection::Connect(options).status().code(),
            Status::Code::kInvalidArgument);
  options.servers = {"nats://127.0.0.1:1"};
  options.connect_timeout_ms = 500;
  auto connection = NatsConnection::Connect(options);
  ASSERT_FALSE(connection.ok());
  EXPECT_NE(connection.status().message().find("127.0.0.1:1"),
            std::string::npos)
      << connection.status().ToString();
}

// Set-up calls wait out a cluster that is electing or catching up, and
// give up at once on a real refusal.
TEST(NatsRetryWhilePassingTest, RetriesPassingStatesOnlyWithinTheBudget) {
  int tries = 0;
  jsErrCode error = kNoJsError;
  auto catching_up_twice = [&](jsErrCode* e) {
    if (++tries <= 2) {
      *e = JSStreamNotFoundErr;
      return NATS_NOT_FOUND;
    }
    return NATS_OK;
  };
  EXPECT_EQ(
      RetryWhilePassing(5000, JSStreamNotFoundErr, &error, catching_up_twice),
      NATS_OK);
  EXPECT_EQ(tries, 3);

  // The same answer, not known to pass, is final.
  tries = 0;
  EXPECT_EQ(RetryWhilePassing(5000, kNoJsError, &error, catching_up_twice),
            NATS_NOT_FOUND);
  EXPECT_EQ(tries, 1);
  EXPECT_EQ(error, JSStreamNotFoundErr);

  // An election that outlasts the budget ends in its last answer.
  tries = 0;
  auto electing = [&](jsErrCode* e) {
    ++tries;
    *e = JSClusterNotAvailErr;
    return NATS_ERR;
  };
  EXPECT_EQ(RetryWhilePassing(300, kNoJsError, &error, electing), NATS_ERR);
  EXPECT_GE(tries, 2);
  EXPECT_LE(tries, 6);
  EXPECT_EQ(error, JSClusterNotAvailErr);

  // A write that met a dead node's socket passes once the client has
  // moved to another node; a closed connection does not.
  tries = 0;
  auto broken_pipe_once = [&](jsErrCode*) {
    return ++tries == 1 ? NATS_IO_ERROR : NATS_OK;
  };
  EXPECT_EQ(RetryWhilePassing(5000, kNoJsError, &error, broken_pipe_once),
            NATS_OK);
  EXPECT_EQ(tries, 2);
  EXPECT_EQ(NatsError("js_PublishMsg", NATS_IO_ERROR).code(),
            Status::Code::kUnavailable);
  tries = 0;
  auto closed = [&](jsErrCode*) {
    ++tries;
    return NATS_CONNECTION_CLOSED;
  };
  EXPECT_EQ(RetryWhilePassing(5000, kNoJsError, &error, closed),
            NATS_CONNECTION_CLOSED);
  EXPECT_EQ(tries, 1);
}

TEST_F(NatsClientTest, EnsureStreamIsIdempotentAndUpdates) {
  auto nc = Connect();
  ASSERT_NE(nc, nullptr);
  StreamSpec spec = Spec("ensure");
  ASSERT_TRUE(nc->EnsureStream(spec).ok());
  ASSERT_TRUE(nc->EnsureStream(spec).ok());
  spec.max_bytes = 1 << 20;  // an update the server accepts
  Status updated = nc->EnsureStream(spec);
  EXPECT_TRUE(updated.ok()) << updated.ToString();
  spec.work_queue = true;  // retention cannot change: named in the error
  Status refused = nc->EnsureStream(spec);
  EXPECT_FALSE(refused.ok());
  EXPECT_NE(refused.message().find("js_UpdateStream(ensure)"),
            std::string::npos)
      << refused.ToString();
  auto last = nc->LastSequence("ensure");
  ASSERT_TRUE(last.ok()) << last.status().ToString();
  EXPECT_EQ(*last, 0u);
  EXPECT_EQ(nc->LastSequence("no_such_stream").status().code(),
            Status::Code::kNotFound);
}

TEST_F(NatsClientTest, PublishSequencesDuplicatesAndHeaders) {
  auto nc = Connect();
  ASSERT_NE(nc, nullptr);
  ASSERT_TRUE(nc->EnsureStream(Spec("pub")).ok());
  uint64_t previous = 0;
  for (const char* id : {"a", "b", "c"}) {
    auto ack = nc->Publish("pub.x", std::string("body ") + id, id,
                           {{"Source", "wire"}});
    ASSERT_TRUE(ack.ok()) << ack.status().ToString();
    EXPECT_GT(ack->sequence, previous);
    EXPECT_FALSE(ack->duplicate);
    previous = ack->sequence;
  }
  auto again = nc->Publish("pub.x", "body b", "b");
  ASSERT_TRUE(again.ok()) << again.status().ToString();
  EXPECT_TRUE(again->duplicate);
  EXPECT_EQ(again->sequence, previous - 1);
  EXPECT_EQ(*nc->LastSequence("pub"), previous);

  auto message = nc->GetMessage("pub", previous);
  ASSERT_TRUE(message.ok()) << message.status().ToString();
  EXPECT_EQ(message->subject(), "pub.x");
  EXPECT_EQ(message->data(), "body c");
  EXPECT_EQ(message->stream_sequence(), previous);
  EXPECT_EQ(message->Header("Source"), "wire");
  EXPECT_EQ(message->Header("Nats-Msg-Id"), "c");
  EXPECT_EQ(message->Header("Missing"), std::nullopt);
  EXPECT_EQ(nc->GetMessage("pub", previous + 10).status().code(),
            Status::Code::kNotFound);
}

TEST_F(NatsClientTest, OversizedMessagesAreRefusedBeforeSending) {
  auto nc = Connect();
  ASSERT_NE(nc, nullptr);
  StreamSpec spec = Spec("small", 1);
  spec.max_msg_size = 1024;
  ASSERT_TRUE(nc->EnsureStream(spec).ok());
  auto refused = nc->Publish("small.x", std::string(2000, 'x'));
  EXPECT_EQ(refused.status().code(), Status::Code::kInvalidArgument)
      << refused.status().ToString();
  EXPECT_EQ(nc->PublishAsync("small.x", std::string(2000, 'x')).code(),
            Status::Code::kInvalidArgument);
  // Over the server's max_payload, whatever the subject.
  EXPECT_EQ(nc->PublishCore("any", std::string(9 << 20, 'x')).code(),
            Status::Code::kInvalidArgument);
  EXPECT_TRUE(nc->Publish("small.x", std::string(500, 'x')).ok());
  EXPECT_EQ(*nc->LastSequence("small"), 1u);
}

TEST_F(NatsClientTest, PublishAsyncIsAllAcknowledged) {
  auto nc = Connect();
  ASSERT_NE(nc, nullptr);
  ASSERT_TRUE(nc->EnsureStream(Spec("async")).ok());
  for (int i = 0; i < 500; ++i) {
    ASSERT_TRUE(nc->PublishAsync("async." + std::to_string(i % 4),
                                 "m" + std::to_string(i),
                                 "id" + std::to_string(i))
                    .ok());
  }
  Status done = nc->WaitPublished(10000);
  ASSERT_TRUE(done.ok()) << done.ToString();
  EXPECT_EQ(*nc->LastSequence("async"), 500u);
  // A second round with the same ids stores nothing new.
  for (int i = 0; i < 10; ++i) {
    ASSERT_TRUE(
        nc->PublishAsync("async.0", "again", "id" + std::to_string(i)).ok());
  }
  ASSERT_TRUE(nc->WaitPublished(10000).ok());
  EXPECT_EQ(*nc->LastSequence("async"), 500u);
}

TEST_F(NatsClientTest, WaitPublishedRepublishesWhatTheStreamRefused) {
  auto nc = Connect();
  ASSERT_NE(nc, nullptr);
  // No stream takes "later.>" yet: every ack is an error (no responders).
  for (int i = 0; i < 20; ++i) {
    ASSERT_TRUE(nc->PublishAsync("later.x", std::to_string(i),
                                 "later" + std::to_string(i))
                    .ok());
  }
  ASSERT_TRUE(nc->Flush().ok());
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  ASSERT_TRUE(nc->EnsureStream(Spec("later")).ok());
  Status done = nc->WaitPublished(10000);
  ASSERT_TRUE(done.ok()) << done.ToString();
  EXPECT_EQ(*nc->LastSequence("later"), 20u);
  std::set<std::string> bodies;
  for (uint64_t seq = 1; seq <= 20; ++seq) {
    auto m = nc->GetMessage("later", seq);
    ASSERT_TRUE(m.ok()) << m.status().ToString();
    EXPECT_EQ(m->Header("Nats-Msg-Id"), "later" + std::string(m->data()));
    bodies.insert(std::string(m->data()));
  }
  EXPECT_EQ(bodies.size(), 20u);

  // When the republish fails too, the error names the message.
  ASSERT_TRUE(nc->PublishAsync("nowhere.x", "lost", "lost1").ok());
  Status failed = nc->WaitPublished(1000);
  ASSERT_FALSE(failed.ok());
  EXPECT_NE(failed.message().find("nowhere.x (Nats-Msg-Id lost1)"),
            std::string::npos)
      << failed.ToString();
}

TEST_F(NatsClientTest, SharedDurablePullDeliversEachMessageOnce) {
  auto producer = Connect("producer");
  auto worker1 = Connect("worker1");
  auto worker2 = Connect("worker2");
  ASSERT_TRUE(producer && worker1 && worker2);
  StreamSpec spec = Spec("work");
  spec.work_queue = true;
  ASSERT_TRUE(producer->EnsureStream(spec).ok());
  constexpr int kMessages = 40;
  for (int i = 0; i < kMessages; ++i) {
    ASSERT_TRUE(producer->Publish("work.item", std::to_string(i)).ok());
  }
  PullSpec pull;
  pull.stream = "work";
  pull.durable = "workers";
  auto a = worker1->Pull(pull);
  auto b = worker2->Pull(pull);
  ASSERT_TRUE(a.ok()) << a.status().ToString();
  ASSERT_TRUE(b.ok()) << b.status().ToString();
  std::multiset<std::string> seen;
  int from_a = 0, from_b = 0;
  for (int round = 0; round < 20 && seen.size() < kMessages; ++round) {
    for (PullConsumer* consumer : {a->get(), b->get()}) {
      auto batch = consumer->Fetch(7, 500);
      ASSERT_TRUE(batch.ok()) << batch.status().ToString();
      for (NatsMessage& m : *batch) {
        EXPECT_GT(m.stream_sequence(), 0u);
        seen.insert(std::string(m.data()));
        ASSERT_TRUE(m.Ack().ok());
      }
      (consumer == a->get() ? from_a : from_b) += batch->size();
    }
  }
  EXPECT_EQ(seen.size(), static_cast<size_t>(kMessages));
  EXPECT_EQ(std::set<std::string>(seen.begin(), seen.end()).size(),
            static_cast<size_t>(kMessages));
  EXPECT_GT(from_a, 0);
  EXPECT_GT(from_b, 0);
  auto rest = (*a)->Fetch(5, 200);
  ASSERT_TRUE(rest.ok());
  EXPECT_TRUE(rest->empty());
}

TEST_F(NatsClientTest, UnackedMessagesAreRedeliveredAfterAckWait) {
  auto nc = Connect();
  ASSERT_NE(nc, nullptr);
  ASSERT_TRUE(nc->EnsureStream(Spec("redeliver")).ok());
  ASSERT_TRUE(nc->Publish("redeliver.x", "first").ok());
  ASSERT_TRUE(nc->Publish("redeliver.x", "second").ok());
  PullSpec pull;
  pull.stream = "redeliver";
  pull.durable = "slow";
  pull.ack_wait_ms = 500;
  auto consumer = nc->Pull(pull);
  ASSERT_TRUE(consumer.ok()) << consumer.status().ToString();
  auto batch = (*consumer)->Fetch(1, 1000);
  ASSERT_TRUE(batch.ok() && batch->size() == 1u);
  EXPECT_EQ((*batch)[0].data(), "first");  // not acked
  auto next = (*consumer)->Fetch(1, 1000);
  ASSERT_TRUE(next.ok() && next->size() == 1u);
  EXPECT_EQ((*next)[0].data(), "second");
  ASSERT_TRUE((*next)[0].Nak().ok());  // a nak redelivers at once
  std::multiset<std::string> again;
  for (int round = 0; round < 6 && again.size() < 2; ++round) {
    auto redelivered = (*consumer)->Fetch(2, 500);
    ASSERT_TRUE(redelivered.ok());
    for (NatsMessage& m : *redelivered) {
      again.insert(std::string(m.data()));
      ASSERT_TRUE(m.Ack().ok());
    }
  }
  EXPECT_EQ(again, (std::multiset<std::string>{"first", "second"}));
}

TEST_F(NatsClientTest, ReadFollowsAStreamFromASequence) {
  auto nc = Connect();
  ASSERT_NE(nc, nullptr);
  StreamSpec spec = Spec("log");
  spec.subjects = {"log.odd", "log.even"};  // Read takes every subject
  ASSERT_TRUE(nc->EnsureStream(spec).ok());
  for (int i = 1; i <= 6; ++i) {
    ASSERT_TRUE(
        nc->Publish(i % 2 ? "log.odd" : "log.even", std::to_string(i)).ok());
  }
  auto reader = nc->Read("log", "", 3);
  ASSERT_TRUE(reader.ok()) << reader.status().ToString();
  for (uint64_t expected = 3; expected <= 6; ++expected) {
    auto m = (*reader)->Next(2000);
    ASSERT_TRUE(m.ok()) << m.status().ToString();
    ASSERT_TRUE(m->has_value());
    EXPECT_EQ((*m)->stream_sequence(), expected);
    EXPECT_EQ((*m)->data(), std::to_string(expected));
  }
  auto none = (*reader)->Next(200);
  ASSERT_TRUE(none.ok());
  EXPECT_FALSE(none->has_value());
  // A message published later arrives.
  ASSERT_TRUE(nc->Publish("log.odd", "7").ok());
  auto later = (*reader)->Next(2000);
  ASSERT_TRUE(later.ok() && later->has_value());
  EXPECT_EQ((*later)->stream_sequence(), 7u);

  auto odd = nc->Read("log", "log.odd", 1);
  ASSERT_TRUE(odd.ok()) << odd.status().ToString();
  std::vector<std::string> odds;
  while (true) {
    auto m = (*odd)->Next(300);
    ASSERT_TRUE(m.ok());
    if (!m->has_value()) break;
    odds.emplace_back((*m)->data());
  }
  EXPECT_EQ(odds, (std::vector<std::string>{"1", "3", "5", "7"}));
}

TEST_F(NatsClientTest, LastSequencePerSubject) {
  auto nc = Connect();
  ASSERT_NE(nc, nullptr);
  ASSERT_TRUE(nc->EnsureStream(Spec("last")).ok());
  ASSERT_TRUE(nc->Publish("last.a", "1").ok());
  ASSERT_TRUE(nc->Publish("last.b", "2").ok());
  ASSERT_TRUE(nc->Publish("last.a", "3").ok());
  ASSERT_TRUE(nc->Publish("last.c", "4").ok());
  EXPECT_EQ(*nc->LastSequence("last"), 4u);
  EXPECT_EQ(*nc->LastSequence("last", "last.a"), 3u);
  EXPECT_EQ(*nc->LastSequence("last", "last.b"), 2u);
  auto none = nc->LastSequence("last", "last.none");
  ASSERT_TRUE(none.ok()) << none.status().ToString();
  EXPECT_EQ(*none, 0u);
}

TEST_F(NatsClientTest, RequestsAreServedAndRepliedTo) {
  auto server = Connect("shard");
  auto client = Connect("client");
  ASSERT_TRUE(server && client);
  std::atomic<int> served{0};
  ASSERT_TRUE(server
                  ->Serve("query.shard0", "shards",
                          [&](const NatsMessage& m) {
                            ++served;
                            std::string reply(m.data());
                            std::reverse(reply.begin(), reply.end());
                            return reply;
                          })
                  .ok());
  ASSERT_TRUE(server->Flush().ok());  // the subscription reached its server
  // The client may be on another node, which learns of the subscription
  // over the cluster's routes a moment later: until then, no responders.
  const auto routed =
      std::chrono::steady_clock::now() + std::chrono::seconds(5);
  while (client->Request("query.shard0", "?", 2000).status().code() ==
             Status::Code::kUnavailable &&
         std::chrono::steady_clock::now() < routed) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  served = 0;
  for (const char* q : {"abc", "hello", ""}) {
    auto reply = client->Request("query.shard0", q, 2000);
    ASSERT_TRUE(reply.ok()) << reply.status().ToString();
    std::string expected(q);
    std::reverse(expected.begin(), expected.end());
    EXPECT_EQ(*reply, expected);
  }
  EXPECT_EQ(served.load(), 3);
  auto nobody = client->Request("query.nobody", "x", 1000);
  EXPECT_EQ(nobody.status().code(), Status::Code::kUnavailable)
      << nobody.status().ToString();
}

// Last: kills a node. A replicated stream keeps taking publishes after the
// node that leads it dies, and the node comes back into the cluster.
TEST_F(NatsClientTest, StreamSurvivesItsLeadersDeathAndTheNodeRejoins) {
  auto nc = Connect();
  ASSERT_NE(nc, nullptr);
  ASSERT_TRUE(nc->EnsureStream(Spec("ha")).ok());
  for (int i = 0; i < 5; ++i) {
    ASSERT_TRUE(
        nc->Publish("ha.x", "before", "before" + std::to_string(i)).ok());
  }
  // A worker and a reader that were there before the node dies.
  PullSpec pull;
  pull.stream = "ha";
  pull.durable = "ha_workers";
  auto worker = nc->Pull(pull);
  ASSERT_TRUE(worker.ok()) << worker.status().ToString();
  auto reader = nc->Read("ha", "", 1);
  ASSERT_TRUE(reader.ok()) << reader.status().ToString();

  auto leader = nc->StreamLeader("ha");
  ASSERT_TRUE(leader.ok()) << leader.status().ToString();
  const int node = cluster_->NodeNamed(*leader);
  ASSERT_GE(node, 0) << "leader " << *leader;
  // A publisher whose own server is the one that dies: its writes meet a
  // broken socket before the client notices and moves to another node.
  NatsOptions on_leader;
  on_leader.servers = {cluster_->url(node)};
  for (int other = 0; other < 3; ++other) {
    if (other != node) on_leader.servers.push_back(cluster_->url(other));
  }
  on_leader.in_order = true;
  on_leader.name = "publisher";
  auto publisher = NatsConnection::Connect(on_leader);
  ASSERT_TRUE(publisher.ok()) << publisher.status().ToString();
  cluster_->Kill(node);

  // Published while no node leads the stream: refused or unacknowledged,
  // and republished by WaitPublished once a new leader is elected.
  for (int i = 0; i < 100; ++i) {
    ASSERT_TRUE(
        nc->PublishAsync("ha.x", "async", "async" + std::to_string(i)).ok());
    ASSERT_TRUE((*publisher)
                    ->PublishAsync("ha.x", "own", "own" + std::to_string(i))
                    .ok());
  }
  Status published = nc->WaitPublished(20000);
  ASSERT_TRUE(published.ok()) << published.ToString();
  published = (*publisher)->WaitPublished(20000);
  ASSERT_TRUE(published.ok()) << published.ToString();

  for (int i = 0; i < 5; ++i) {
    auto ack =
        nc->Publish("ha.x", "after", "after" + std::to_string(i), {}, 15000);
    ASSERT_TRUE(ack.ok()) << ack.status().ToString();
  }
  EXPECT_EQ(*nc->LastSequence("ha"), 210u);  // retries stored nothing twice
  auto new_leader = nc->StreamLeader("ha");
  ASSERT_TRUE(new_leader.ok());
  EXPECT_NE(*new_leader, *leader);

  // Both carry on: the worker's fetches may fail while the consumer
  // elects a leader of its own, and are retried as a role would.
  std::set<uint64_t> fetched;
  const auto give_up =
      std::chrono::steady_clock::now() + std::chrono::seconds(15);
  while (fetched.size() < 210 && std::chrono::steady_clock::now() < give_up) {
    auto batch = (*worker)->Fetch(64, 1000);
    if (!batch.ok()) {
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
      continue;
    }
    for (NatsMessage& m : *batch) {
      fetched.insert(m.stream_sequence());
      (void)m.Ack();  // a lost ack means a redelivery, which the set absorbs
    }
  }
  EXPECT_EQ(fetched.size(), 210u);
  // The reader may have to subscribe again (its consumer died with the
  // node), which waits for the election: seconds, more on a busy machine.
  const auto reader_gives_up =
      std::chrono::steady_clock::now() + std::chrono::seconds(30);
  for (uint64_t expected = 1; expected <= 210; ++expected) {
    StatusOr<std::optional<NatsMessage>> m = std::optional<NatsMessage>();
    while (m.ok() && !m->has_value() &&
           std::chrono::steady_clock::now() < reader_gives_up) {
      m = (*reader)->Next(1000);
    }
    ASSERT_TRUE(m.ok()) << m.status().ToString();
    ASSERT_TRUE(m->has_value()) << "nothing after " << expected - 1;
    ASSERT_EQ((*m)->stream_sequence(), expected);
  }

  Status restarted = cluster_->Restart(node);
  ASSERT_TRUE(restarted.ok()) << restarted.ToString();
  // A client of the restarted node alone sees the whole stream.
  NatsOptions only;
  only.servers = {cluster_->url(node)};
  auto direct = NatsConnection::Connect(only);
  ASSERT_TRUE(direct.ok()) << direct.status().ToString();
  auto ack = (*direct)->Publish("ha.x", "rejoined", "rejoined", {}, 15000);
  ASSERT_TRUE(ack.ok()) << ack.status().ToString();
  EXPECT_EQ(ack->sequence, 211u);
}

}  // namespace
}  // namespace newsdedup
