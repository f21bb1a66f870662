// Recorder: the decision stage on two threads. The calling thread decides
// each article and makes it findable (Engine::Decide); the recorder's own
// thread writes the articles decided before it to the store
// (Engine::Record) meanwhile, in the same order. Writing is a fifth of the
// stage's work, and the decisions are exactly those of Engine::Ingest.
//
// Usage:
//   Recorder recorder(engine, [&](Outcome outcome, uint64_t tag) {
//     Keep(std::move(outcome), tag);  // on the recorder's thread, in order
//   });
//   for (PreparedArticle& prepared : chunk) {
//     Status s = recorder.Decide(std::move(prepared), tag++);
//     if (!s.ok()) return s;  // this decision failed, or an earlier recording
//   }
//   recorder.Then([&] { return engine.Persist(); });  // then report the kept
//   Status done = recorder.Wait();  // everything queued is done
//
// Made for runs that report decisions in groups (batch, bench): an outcome
// is durable only once Engine::Persist has returned after it, which a step
// queued with Then can do without holding up the decisions.
//
// Thread safety: Decide, Then and Wait from one thread, the engine's
// deciding thread. `on_recorded` and the steps run on the recorder's
// thread; what they write the caller may read once Wait returns. After a
// recording or a step fails, Decide refuses every article and the
// decisions still queued are dropped, but the steps still run: they make
// durable, and report, what was recorded before the failure.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <mutex>
#include <optional>
#include <thread>
#include <utility>

#include "ingest/engine.h"

namespace newsdedup {

class Recorder {
 public:
  using OnRecorded = std::function<void(Outcome outcome, uint64_t tag)>;

  // `engine` must outlive the recorder.
  Recorder(Engine& engine, OnRecorded on_recorded);
  // Records what is queued, then stops. Persists nothing.
  ~Recorder();
  Recorder(const Recorder&) = delete;
  Recorder& operator=(const Recorder&) = delete;

  // Decides the article on the calling thread and queues its recording,
  // with `tag` passed on to on_recorded. Waits first while the recorder is
  // a thousand decisions behind.
  [[nodiscard]] Status Decide(PreparedArticle prepared, uint64_t tag);

  // Queues `step` to run on the recorder's thread once every article
  // decided before it is recorded. A failed step stops the recording as a
  // failed recording does.
  void Then(std::function<Status()> step);

  // Waits until everything queued so far is done. Returns the first
  // failure, if any.
  [[nodiscard]] Status Wait();

 private:
  void Run();

  Engine& engine_;
  OnRecorded on_recorded_;
  std::mutex mu_;
  std::condition_variable work_;   // the queue has work, or stop
  std::condition_variable idle_;   // the queue is empty and nothing running
  std::condition_variable space_;  // the queue has room again
  struct Item {
    std::optional<DecidedArticle> decided;
    uint64_t tag = 0;
    std::function<Status()> step;  // when not a decision
  };
  std::deque<Item> queue_;
  bool recording_ = false;
  bool stop_ = false;
  Status failure_;
  std::thread thread_;  // last: starts once the rest is ready
};

}  // namespace newsdedup
