// The daemon's pipeline stage by stage, without sockets: admission,
// ingest (fingerprint on the pool, decide in order), match, the event
// stream and draining, each driven from a single-threaded io_context as
// the network thread would.
#include "ingest/pipeline.h"

#include <gtest/gtest.h>

#include <thread>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "ingest/sources/synthetic.h"
#include "tests/test_util.h"

namespace newsdedup {
namespace {
namespace asio = boost::asio;

class PipelineTest : public ::testing::Test {
 protected:
  void SetUp() override {
    EngineOptions options;
    options.now_ms = [] { return int64_t{1700000000000}; };
    StatusOr<std::unique_ptr<Engine>> engine =
        Engine::Open(dir_.path(), options);
    ASSERT_TRUE(engine.ok()) << engine.status().ToString();
    engine_ = std::move(*engine);
    pipeline_ = std::make_unique<Pipeline>(*engine_, Pipeline::Options{2, 8},
                                           metrics_);
  }

  // Runs `body` on the test's io_context until it and everything it
  // spawned are done.
  template <typename Body>
  void Run(Body body) {
    asio::co_spawn(io_, std::move(body), asio::detached);
    io_.run();
    io_.restart();
  }

  std::vector<Article> Articles(size_t n) {
    std::vector<Article> out;
    for (size_t i = 0; i < n; ++i) out.push_back(stream_.Next());
    return out;
  }

  test::TempDir dir_;
  std::unique_ptr<Engine> engine_;
  Metrics metrics_;
  std::unique_ptr<Pipeline> pipeline_;
  asio::io_context io_;
  SyntheticStream stream_{SyntheticOptions{.copy_share = 0.5}};
};

TEST_F(PipelineTest, AdmissionHoldsSlotsUntilReleasedAndRefusesPastCapacity) {
  Pipeline::Admission five = pipeline_->TryAdmit(5);
  EXPECT_TRUE(five);
  EXPECT_FALSE(pipeline_->TryAdmit(4));  // 5 + 4 > 8
  {
    Pipeline::Admission three = pipeline_->TryAdmit(3);
    EXPECT_TRUE(three);
    EXPECT_FALSE(pipeline_->TryAdmit(1));
  }
  EXPECT_TRUE(pipeline_->TryAdmit(3));  // released with `three`
  Pipeline::Admission moved = std::move(five);
  EXPECT_TRUE(moved);
  EXPECT_FALSE(five);  // NOLINT: a moved-from admission holds nothing
  EXPECT_FALSE(pipeline_->TryAdmit(4));
}

TEST_F(PipelineTest, IngestDecidesInArrivalOrderAsTheEngineWould) {
  const std::vector<Article> articles = Articles(40);
  std::vector<StatusOr<Outcome>> outcomes;
  Run([&]() -> asio::awaitable<void> {
    outcomes = co_await pipeline_->Ingest(articles);
  });
  ASSERT_EQ(outcomes.size(), articles.size());

  // The same articles through the engine alone, in a store of their own.
  test::TempDir other;
  StatusOr<std::unique_ptr<Engine>> alone = Engine::Open(other.path(), {});
  ASSERT_TRUE(alone.ok());
  size_t copies = 0;
  for (size_t i = 0; i < articles.size(); ++i) {
    ASSERT_TRUE(outcomes[i].ok()) << outcomes[i].status().ToString();
    StatusOr<Outcome> expected =
        (*alone)->Ingest((*alone)->Prepare(articles[i]));
    ASSERT_TRUE(expected.ok());
    const pb::Decision& got = outcomes[i]->decision;
    EXPECT_EQ(got.article_id(), articles[i].id);
    EXPECT_EQ(got.cluster_id(), expected->decision.cluster_id()) << i;
    EXPECT_EQ(got.relation(), expected->decision.relation()) << i;
    copies += got.relation() != pb::NEW;
  }
  EXPECT_GT(copies, 5u);
  EXPECT_EQ(metrics_.articles_stored.load(), articles.size());
  EXPECT_EQ(metrics_.copies_found.load(), copies);
  EXPECT_EQ(metrics_.fingerprint_queue.load(), 0);
  EXPECT_EQ(metrics_.decision_queue.load(), 0);
  EXPECT_EQ(pipeline_->events().last_sequence(),
            engine_->store().counters().next_sequence - 1);
}

// Each Ingest on a network io_context of its own, destroyed as soon as the
// call returns: nothing the workers hold may still belong to it. (Workers
// once held the last reference to a timer of the caller's context; the
// sanitizer build of this test caught its destruction against a dead
// service, which the HTTP fuzzer found first.)
TEST_F(PipelineTest, IngestLeavesNothingOnTheCallersContext) {
  for (int round = 0; round < 100; ++round) {
    std::vector<Article> articles = Articles(3);
    asio::io_context io;
    size_t decided = 0;
    asio::co_spawn(
        io,
        [&]() -> asio::awaitable<void> {
          decided = (co_await pipeline_->Ingest(std::move(articles))).size();
        },
        asio::detached);
    io.run();
    ASSERT_EQ(decided, 3u);
  }
}

TEST_F(PipelineTest, ADuplicateIdIsKnownNotStoredAgain) {
  const std::vector<Article> articles = Articles(1);
  std::vector<StatusOr<Outcome>> first, again;
  Run([&]() -> asio::awaitable<void> {
    first = co_await pipeline_->Ingest(articles);
    again = co_await pipeline_->Ingest(articles);
  });
  ASSERT_TRUE(first[0].ok());
  ASSERT_TRUE(again[0].ok());
  EXPECT_FALSE(first[0]->already_known);
  EXPECT_TRUE(again[0]->already_known);
  EXPECT_EQ(metrics_.articles_known.load(), 1u);
  EXPECT_EQ(engine_->store().counters().next_ordinal, 1u);
}

TEST_F(PipelineTest, MatchAnswersWithoutStoring) {
  Article original = Articles(1)[0];
  Article copy = original;
  copy.id = "copy";
  StatusOr<pb::Decision> match = Status::Internal("not run");
  std::vector<Article> first = {original};
  Run([&]() -> asio::awaitable<void> {
    (void)co_await pipeline_->Ingest(first);
    match = co_await pipeline_->Match(copy);
  });
  ASSERT_TRUE(match.ok()) << match.status().ToString();
  EXPECT_EQ(match->relation(), pb::EXACT);
  EXPECT_EQ(match->cluster_id(), original.id);
  EXPECT_EQ(engine_->store().counters().next_ordinal, 1u);
}

TEST_F(PipelineTest, WithEngineRunsOnTheWriterThreadAndReturnsItsStatus) {
  std::thread::id caller, task;
  Status ok = Status::Internal("not run"), failed;
  Run([&]() -> asio::awaitable<void> {
    caller = std::this_thread::get_id();
    ok = co_await pipeline_->WithEngine([&](Engine& engine) {
      task = std::this_thread::get_id();
      EXPECT_EQ(&engine, engine_.get());
      return Status::Ok();
    });
    // Resumed on the caller's thread, with the task's error.
    EXPECT_EQ(std::this_thread::get_id(), caller);
    failed = co_await pipeline_->WithEngine(
        [](Engine&) { return Status::NotFound("no such pair"); });
  });
  EXPECT_TRUE(ok.ok());
  EXPECT_NE(task, caller);
  EXPECT_NE(task, std::thread::id());
  EXPECT_EQ(failed.message(), "no such pair");
}

TEST_F(PipelineTest, FollowEventsReadsTheStoredThenTheLiveUntilTheSubscriberLeaves) {
  std::vector<uint64_t> sequences;
  Run([&]() -> asio::awaitable<void> {
    (void)co_await pipeline_->Ingest(Articles(3));
    // A subscriber from sequence 2 on, leaving after five events; two more
    // articles arrive while it waits.
    asio::co_spawn(
        co_await asio::this_coro::executor,
        [&]() -> asio::awaitable<void> {
          asio::steady_timer later(co_await asio::this_coro::executor,
                                   std::chrono::milliseconds(20));
          co_await later.async_wait(asio::use_awaitable);
          (void)co_await pipeline_->Ingest(Articles(6));
        },
        asio::detached);
    co_await pipeline_->FollowEvents(
        2,
        [](const pb::ClusterEvent& e, std::string* batch) {
          *batch += std::to_string(e.sequence()) + "\n";
        },
        [&](const std::string& batch) -> asio::awaitable<bool> {
          size_t start = 0;
          for (size_t end; (end = batch.find('\n', start)) != std::string::npos;
               start = end + 1) {
            sequences.push_back(std::stoull(batch.substr(start, end - start)));
          }
          co_return sequences.size() < 5;
        });
  });
  ASSERT_GE(sequences.size(), 5u);
  for (size_t i = 0; i < sequences.size(); ++i) {
    EXPECT_EQ(sequences[i], 2 + i);  // gap-free, from where it asked
  }
  EXPECT_EQ(metrics_.subscribers.load(), 0);
}

TEST_F(PipelineTest, DrainWaitsForWorkInFlightThenRefusesAndClosesEvents) {
  bool drained = false;
  Run([&]() -> asio::awaitable<void> {
    Pipeline::Admission held = pipeline_->TryAdmit(2);
    EXPECT_TRUE(held);
    asio::co_spawn(
        co_await asio::this_coro::executor,
        [&]() -> asio::awaitable<void> {
          co_await pipeline_->Drain();
          drained = true;
        },
        asio::detached);
    asio::steady_timer wait(co_await asio::this_coro::executor,
                            std::chrono::milliseconds(30));
    co_await wait.async_wait(asio::use_awaitable);
    EXPECT_FALSE(drained);  // a request still holds its slots
    EXPECT_TRUE(pipeline_->draining());
    EXPECT_FALSE(pipeline_->TryAdmit(1));
    held = Pipeline::Admission();
  });
  EXPECT_TRUE(drained);
  EXPECT_TRUE(pipeline_->events().closed());
}

}  // namespace
}  // namespace newsdedup
