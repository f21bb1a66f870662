// Pipeline: the daemon's stages and the rules that join them.
//
//   connection (network threads) -> fingerprint (worker pool, all cores)
//   -> decide + commit (one writer thread, so decisions follow arrival order
//   and stay deterministic) -> acknowledge (back on the connection) ->
//   publish (EventHub wakes the subscribers).
//
// Admission bounds the work in flight: a request takes as many slots as it
// carries articles, and is turned away (HTTP 503) or made to wait (TCP stops
// reading) when they are taken, so a flood slows clients down instead of
// growing memory. An article is acknowledged only after its commit returned,
// so an acknowledged article survives a kill of the process.
//
// Where each stage runs is chosen here, when the pipeline is wired; handlers
// only co_await Ingest/Match.
//
// Thread safety: all members are safe to call from any thread. The awaitable
// members must be awaited from a single-threaded io_context (the daemon's
// network context): completions from the worker pool are posted back to it.
#pragma once

#include <utility>  // before asio's awaitable with GCC 12

#include <atomic>
#include <functional>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/thread_pool.hpp>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "ingest/engine.h"
#include "ingest/event_hub.h"
#include "ingest/metrics.h"

namespace newsdedup {

class Pipeline {
 public:
  struct Options {
    unsigned workers = 0;          // fingerprinting threads; 0: all cores
    size_t queue_capacity = 1024;  // articles in flight at most
  };

  // A request's claim on queue slots, released when it goes out of scope.
  class Admission {
   public:
    Admission() = default;
    Admission(Admission&& other) noexcept;
    Admission& operator=(Admission&& other) noexcept;
    ~Admission();
    explicit operator bool() const { return pipeline_ != nullptr; }

   private:
    friend class Pipeline;
    Admission(Pipeline* pipeline, size_t slots)
        : pipeline_(pipeline), slots_(slots) {}
    Pipeline* pipeline_ = nullptr;
    size_t slots_ = 0;
  };

  // `engine` must outlive the pipeline; it is used only on the writer thread
  // (and its thread-safe store from anywhere).
  Pipeline(Engine& engine, Options options, Metrics& metrics);
  ~Pipeline();

  // Claims `slots`; empty when the queues are full or shutting down.
  Admission TryAdmit(size_t slots);

  // Fingerprints the articles in parallel, then decides and commits them in
  // order. One result per article.
  boost::asio::awaitable<std::vector<StatusOr<Outcome>>> Ingest(
      std::vector<Article> articles);

  // What an article would match, without storing it: a decision as Ingest
  // would make it, with no cluster change.
  boost::asio::awaitable<StatusOr<pb::Decision>> Match(Article article);

  // Deletes an article (Engine::Forget) on the writer thread, in order with
  // the decisions, and wakes the event subscribers.
  boost::asio::awaitable<StatusOr<Removal>> Forget(std::string id);

  // One retention step (Engine::Expire) on the writer thread, for a timer
  // that moves a time window on while nothing arrives.
  boost::asio::awaitable<StatusOr<ExpiryStep>> Expire();

  // Runs `task` with the engine on the writer thread, between decisions:
  // for a look that needs the detector but changes nothing (a pair
  // explained on a web page). `task` must not store anything.
  boost::asio::awaitable<Status> WithEngine(
      std::function<Status(Engine&)> task);

  // Follows the cluster events from sequence `from` on, live: each stored
  // event is appended to a batch by `encode`, and each batch handed to
  // `write`, until `write` returns false (the subscriber went away) or the
  // pipeline drains. A slow subscriber only falls behind: events are read
  // back from the store at its pace, never queued for it.
  using EncodeEvent =
      std::function<void(const pb::ClusterEvent&, std::string* batch)>;
  using WriteBatch =
      std::function<boost::asio::awaitable<bool>(const std::string& batch)>;
  boost::asio::awaitable<void> FollowEvents(uint64_t from, EncodeEvent encode,
                                            WriteBatch write);

  // Stops admitting new work; completes when nothing is in flight.
  boost::asio::awaitable<void> Drain();
  bool draining() const { return draining_.load(); }

  EventHub& events() { return events_; }
  // For lookups, which are safe from any thread (Engine::FindArticle).
  const Engine& engine() const { return engine_; }
  Store& store() { return engine_.store(); }
  Metrics& metrics() { return metrics_; }

 private:
  void Release(size_t slots) { in_flight_.fetch_sub(slots); }
  // Counts as expired what left the index beyond `live_expected`.
  void CountExpired(uint64_t live_expected);

  Engine& engine_;
  Options options_;
  Metrics& metrics_;
  EventHub events_;
  boost::asio::thread_pool workers_;
  boost::asio::io_context writer_;
  std::optional<
      boost::asio::executor_work_guard<boost::asio::io_context::executor_type>>
      writer_guard_;
  std::thread writer_thread_;
  std::atomic<size_t> in_flight_{0};
  std::atomic<bool> draining_{false};
};

}  // namespace newsdedup
