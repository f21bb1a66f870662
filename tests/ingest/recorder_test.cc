#include "ingest/recorder.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>

#include "tests/test_util.h"
#include "ingest/sources/synthetic.h"

namespace newsdedup {
namespace {

// Each test records into an engine on a fresh store.
class RecorderTest : public ::testing::Test {
 protected:
  void SetUp() override {
    StatusOr<std::unique_ptr<Engine>> opened = Engine::Open(dir_.path(), {});
    ASSERT_TRUE(opened.ok()) << opened.status().ToString();
    engine_ = std::move(*opened);
  }

  test::TempDir dir_;
  std::unique_ptr<Engine> engine_;
  SyntheticStream stream_;
};

TEST_F(RecorderTest, RecordsInDecisionOrderAndRunsStepsAfterWhatCameBefore) {
  std::vector<Article> articles;
  for (int i = 0; i < 30; ++i) articles.push_back(stream_.Next());
  std::vector<uint64_t> tags;
  std::vector<std::string> ids;
  size_t recorded_at_step = 0;
  {
    Recorder recorder(*engine_, [&](Outcome outcome, uint64_t tag) {
      tags.push_back(tag);
      ids.push_back(outcome.decision.article_id());
    });
    for (int i = 0; i < 21; ++i) {
      ASSERT_TRUE(recorder.Decide(engine_->Prepare(articles[i]), 100 + i).ok());
    }
    recorder.Then([&] {
      recorded_at_step = tags.size();
      return engine_->Persist();
    });
    for (int i = 21; i < 30; ++i) {
      ASSERT_TRUE(recorder.Decide(engine_->Prepare(articles[i]), 100 + i).ok());
    }
    ASSERT_TRUE(recorder.Wait().ok());
    EXPECT_EQ(recorded_at_step, 21u);
    ASSERT_EQ(tags.size(), 30u);
    for (int i = 0; i < 30; ++i) {
      EXPECT_EQ(tags[i], 100u + i);
      EXPECT_EQ(ids[i], articles[i].id);
    }
  }
  EXPECT_EQ(engine_->store().counters().next_ordinal, 30u);
}

// After a failure the recorder refuses new articles and drops the queued
// ones, but still runs the steps queued: they make durable and report what
// was recorded before it.
TEST_F(RecorderTest, AFailureStopsDecisionsButNotTheStepsAfterIt) {
  std::atomic<int> recorded = 0;
  bool later_step_ran = false;
  Recorder recorder(*engine_, [&](Outcome, uint64_t) { ++recorded; });
  ASSERT_TRUE(recorder.Decide(engine_->Prepare(stream_.Next()), 0).ok());
  recorder.Then([] { return Status::IOError("disk on fire"); });
  // Refused, or queued and then dropped: the failing step may not have run.
  Status s = recorder.Decide(engine_->Prepare(stream_.Next()), 1);
  EXPECT_TRUE(s.ok() || s.code() == Status::Code::kIOError) << s.ToString();
  recorder.Then([&] {
    later_step_ran = true;
    return Status::Ok();
  });
  Status waited = recorder.Wait();
  EXPECT_EQ(waited.code(), Status::Code::kIOError) << waited.ToString();
  EXPECT_TRUE(later_step_ran);
  EXPECT_EQ(recorded, 1);
  Status refused = recorder.Decide(engine_->Prepare(stream_.Next()), 2);
  EXPECT_EQ(refused.code(), Status::Code::kIOError);
  EXPECT_NE(refused.message().find("disk on fire"), std::string::npos);
}

// Deciding runs ahead of recording by a bounded number of articles: with
// the recorder held up, Decide stops after about a thousand (rather than
// queueing the whole input with its text), and goes on once it is free.
TEST_F(RecorderTest, DecideWaitsWhileTheRecorderIsFarBehind) {
  std::vector<PreparedArticle> prepared;
  for (int i = 0; i < 1200; ++i)
    prepared.push_back(engine_->Prepare(stream_.Next()));
  std::mutex mu;
  std::condition_variable cv;
  bool released = false;
  std::atomic<int> decided = 0, recorded = 0;
  Recorder recorder(*engine_, [&](Outcome, uint64_t) { ++recorded; });
  recorder.Then([&] {
    std::unique_lock<std::mutex> lock(mu);
    cv.wait(lock, [&] { return released; });
    return Status::Ok();
  });
  std::thread decider([&] {
    for (PreparedArticle& p : prepared) {
      if (!recorder.Decide(std::move(p), 0).ok()) return;
      ++decided;
    }
  });
  while (decided < 1000)
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  // Time enough to decide the other 200 if nothing held them back.
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  EXPECT_LT(decided, 1100);
  EXPECT_EQ(recorded, 0);
  {
    std::lock_guard<std::mutex> lock(mu);
    released = true;
  }
  cv.notify_all();
  decider.join();
  ASSERT_TRUE(recorder.Wait().ok());
  EXPECT_EQ(decided, 1200);
  EXPECT_EQ(recorded, 1200);
}

}  // namespace
}  // namespace newsdedup
