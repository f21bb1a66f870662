#include "ingest/recorder.h"

namespace newsdedup {
namespace {

// The recorder is woken once per this many decisions rather than for each:
// a wake-up costs more than recording a few articles late.
constexpr size_t kWakeEvery = 8;

// Decisions waiting to be recorded at most: past this, Decide waits. It
// bounds the memory held (each waits with its text and records) and the
// articles in flight that every later decision looks through.
constexpr size_t kMaxQueued = 1024;

}  // namespace

Recorder::Recorder(Engine& engine, OnRecorded on_recorded)
    : engine_(engine),
      on_recorded_(std::move(on_recorded)),
      thread_([this] { Run(); }) {}

Recorder::~Recorder() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stop_ = true;
  }
  work_.notify_one();
  thread_.join();
}

Status Recorder::Decide(PreparedArticle prepared, uint64_t tag) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (!failure_.ok()) {
      return failure_.WithContext("an earlier decision was not recorded");
    }
  }
  StatusOr<DecidedArticle> decided = engine_.Decide(std::move(prepared));
  if (!decided.ok()) return decided.status();
  size_t queued;
  {
    std::unique_lock<std::mutex> lock(mu_);
    if (queue_.size() >= kMaxQueued) {
      work_.notify_one();
      space_.wait(lock, [&] { return queue_.size() < kMaxQueued; });
    }
    queue_.push_back({std::move(*decided), tag, nullptr});
    queued = queue_.size();
  }
  if (queued % kWakeEvery == 0) work_.notify_one();
  return Status::Ok();
}

void Recorder::Then(std::function<Status()> step) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    queue_.push_back({std::nullopt, 0, std::move(step)});
  }
  work_.notify_one();
}

Status Recorder::Wait() {
  std::unique_lock<std::mutex> lock(mu_);
  work_.notify_one();
  idle_.wait(lock, [&] { return queue_.empty() && !recording_; });
  return failure_;
}

void Recorder::Run() {
  std::unique_lock<std::mutex> lock(mu_);
  std::deque<Item> taken;
  while (true) {
    work_.wait(lock, [&] { return stop_ || !queue_.empty(); });
    if (queue_.empty()) return;  // and stop_
    taken.swap(queue_);
    recording_ = true;
    space_.notify_one();
    Status failure = failure_;
    lock.unlock();
    for (Item& item : taken) {
      if (!item.decided) {
        // Steps run even after a failure: they make durable, and report,
        // what was recorded before it.
        Status s = item.step();
        if (failure.ok()) failure = s;
        continue;
      }
      if (!failure.ok()) continue;  // dropped, never reported
      StatusOr<Outcome> outcome = engine_.Record(std::move(*item.decided));
      if (!outcome.ok()) {
        failure = outcome.status();
      } else {
        on_recorded_(std::move(*outcome), item.tag);
      }
    }
    taken.clear();
    lock.lock();
    failure_ = failure;
    recording_ = false;
    if (queue_.empty()) idle_.notify_all();
  }
}

}  // namespace newsdedup
