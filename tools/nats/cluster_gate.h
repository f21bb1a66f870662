// ClusterGate: what the cluster front end's connections (front_servers.h)
// ask of the cluster, run off the network thread.
//
// Publishing and waiting for a decision block (ClusterClient polls the
// decisions stream), so every request's cluster work runs on the gate's
// own thread pool and the connection's coroutine resumes on its own
// executor once it is done: the io_context never waits on NATS. At most
// `max_in_flight` requests hold the gate at once; TryEnter refuses beyond
// that, and the caller answers 503 (or, on TCP, waits).
//
// The gate connects to NATS when first needed and keeps the connection
// (libnats reconnects it by itself); a failed connect is retried on a
// later request, not sooner than a second after the last attempt, so a
// cluster that is down costs each request one quick kUnavailable.
//
// Thread safety: every member is safe from any thread. REQUIRES: the gate
// outlives the io_context runs that await it.
#pragma once

#include <utility>  // before asio's awaitable with GCC 12

#include <atomic>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/thread_pool.hpp>
#include <chrono>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "dedup/article.h"
#include "dedup/status.h"
#include "ingest/cluster/cluster.h"

namespace newsdedup {

// What became of one article sent to the cluster.
struct ClusterOutcome {
  // The decider's word on its entry: a decision, or why it was refused.
  pb::DecisionMessage message;
  // The id was already stored, or already sent within the stream's
  // duplicate window (the entry and its decision are the earlier one's).
  bool known = false;
};

class ClusterGate {
 public:
  // `decision_timeout_ms`: how long a request waits for each decision.
  ClusterGate(const ClusterOptions& options, size_t max_in_flight,
              int decision_timeout_ms);
  ~ClusterGate();  // waits for the pool's threads
  ClusterGate(const ClusterGate&) = delete;
  ClusterGate& operator=(const ClusterGate&) = delete;

  // One request's place in the gate, given back when destroyed. Empty
  // (false) when max_in_flight requests already hold one.
  class Ticket {
   public:
    Ticket() = default;
    explicit Ticket(std::atomic<size_t>* held) : held_(held) {}
    Ticket(Ticket&& other) noexcept
        : held_(std::exchange(other.held_, nullptr)) {}
    Ticket& operator=(Ticket&&) = delete;
    ~Ticket() {
      if (held_ != nullptr) held_->fetch_sub(1);
    }
    explicit operator bool() const { return held_ != nullptr; }

   private:
    std::atomic<size_t>* held_ = nullptr;
  };
  Ticket TryEnter();
  size_t in_flight() const { return in_flight_.load(); }
  size_t max_in_flight() const { return max_in_flight_; }

  // Publishes every article (Nats-Msg-Id = its id), then waits for each
  // one's decision: one outcome per article, in order. An article the
  // stream refuses (over NATS's message size) gets its error in
  // message.error. kUnavailable, naming what failed (NATS, or a decision
  // that did not come within the timeout), fails the whole request; the
  // articles already published are decided all the same, and sending them
  // again is safe.
  boost::asio::awaitable<StatusOr<std::vector<ClusterOutcome>>> Decide(
      std::vector<Article>&& articles);
  // Publishes the deletion of `id` and waits for its outcome: a message
  // with deleted_id, or with the error saying the id was not stored.
  boost::asio::awaitable<StatusOr<pb::DecisionMessage>> Delete(
      const std::string& id);

  // Connects now, if not connected yet (a front end does it at start).
  Status Connect();

 private:
  StatusOr<ClusterClient*> Client();
  StatusOr<std::vector<ClusterOutcome>> DecideNow(
      const std::vector<Article>& articles);
  StatusOr<pb::DecisionMessage> DeleteNow(const std::string& id);

  const ClusterOptions options_;
  const size_t max_in_flight_;
  const int decision_timeout_ms_;
  std::atomic<size_t> in_flight_{0};
  std::mutex connect_mu_;  // guards the two below and connecting
  std::unique_ptr<ClusterClient> client_;
  std::chrono::steady_clock::time_point last_attempt_{};
  Status last_failure_;
  std::atomic<ClusterClient*> connected_{nullptr};
  boost::asio::thread_pool pool_;
};

}  // namespace newsdedup
