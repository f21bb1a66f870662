#include "tools/nats/cluster_gate.h"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <optional>

namespace newsdedup {
namespace asio = boost::asio;

namespace {

// Runs `work` on `pool` and resumes the awaiting coroutine on its own
// executor with the result (as ingest/pipeline.cc does; co_spawn needs a
// default-constructible result, hence optional).
//
// No temporary with a destructor lives across a co_await here or in the
// callers (GCC 12 destroys such a closure twice): the closures are named,
// and Decide and Delete are plain functions that move their arguments in
// before anything suspends.
template <class T, class Work>
asio::awaitable<T> RunOn(asio::thread_pool& pool, Work work) {
  auto task =
      [work = std::move(work)]() mutable -> asio::awaitable<std::optional<T>> {
    co_return std::optional<T>(work());
  };
  std::optional<T> result =
      co_await asio::co_spawn(pool, std::move(task), asio::use_awaitable);
  co_return std::move(*result);
}

}  // namespace

ClusterGate::ClusterGate(const ClusterOptions& options, size_t max_in_flight,
                         int decision_timeout_ms)
    : options_(options),
      max_in_flight_(std::max<size_t>(1, max_in_flight)),
      decision_timeout_ms_(decision_timeout_ms),
      pool_(max_in_flight_) {}

ClusterGate::~ClusterGate() { pool_.join(); }

ClusterGate::Ticket ClusterGate::TryEnter() {
  size_t held = in_flight_.load();
  do {
    if (held >= max_in_flight_) return Ticket();
  } while (!in_flight_.compare_exchange_weak(held, held + 1));
  return Ticket(&in_flight_);
}

Status ClusterGate::Connect() {
  StatusOr<ClusterClient*> client = Client();
  return client.ok() ? Status::Ok() : client.status();
}

StatusOr<ClusterClient*> ClusterGate::Client() {
  if (ClusterClient* client = connected_.load()) return client;
  std::lock_guard<std::mutex> lock(connect_mu_);
  if (client_ != nullptr) return client_.get();
  const auto now = std::chrono::steady_clock::now();
  if (!last_failure_.ok() && now - last_attempt_ < std::chrono::seconds(1)) {
    return last_failure_;
  }
  last_attempt_ = now;
  StatusOr<std::unique_ptr<ClusterClient>> client =
      ClusterClient::Connect(options_);
  if (!client.ok()) {
    last_failure_ = Status::Unavailable("cannot reach the cluster: " +
                                        client.status().ToString());
    return last_failure_;
  }
  last_failure_ = Status::Ok();
  client_ = std::move(*client);
  connected_.store(client_.get());
  return client_.get();
}

StatusOr<std::vector<ClusterOutcome>> ClusterGate::DecideNow(
    const std::vector<Article>& articles) {
  StatusOr<ClusterClient*> client = Client();
  if (!client.ok()) return client.status();
  // Published in order; an article the stream refuses (over NATS's
  // message size) gets its error, the others go on.
  std::vector<std::optional<ClusterClient::Submitted>> sent(articles.size());
  std::vector<ClusterOutcome> outcomes(articles.size());
  for (size_t i = 0; i < articles.size(); ++i) {
    StatusOr<ClusterClient::Submitted> at =
        (*client)->SubmitArticle(articles[i]);
    if (at.ok()) {
      sent[i] = *at;
    } else if (at.status().code() == Status::Code::kUnavailable) {
      return at.status().WithContext("publishing article " + articles[i].id);
    } else {
      outcomes[i].message.set_error(at.status().message());
    }
  }
  for (size_t i = 0; i < articles.size(); ++i) {
    if (!sent[i]) continue;
    StatusOr<pb::DecisionMessage> decided =
        (*client)->AwaitDecision(sent[i]->sequence, decision_timeout_ms_);
    if (!decided.ok()) {
      return decided.status().WithContext("waiting for the decision on " +
                                          articles[i].id);
    }
    outcomes[i].known = decided->already_known() || sent[i]->duplicate;
    outcomes[i].message = std::move(*decided);
  }
  return outcomes;
}

StatusOr<pb::DecisionMessage> ClusterGate::DeleteNow(const std::string& id) {
  StatusOr<ClusterClient*> client = Client();
  if (!client.ok()) return client.status();
  StatusOr<uint64_t> at = (*client)->SubmitDelete(id);
  if (!at.ok()) return at.status().WithContext("publishing the deletion");
  StatusOr<pb::DecisionMessage> done =
      (*client)->AwaitDecision(*at, decision_timeout_ms_);
  if (!done.ok()) return done.status().WithContext("waiting for the deletion");
  return done;
}

asio::awaitable<StatusOr<std::vector<ClusterOutcome>>> ClusterGate::Decide(
    std::vector<Article>&& articles) {
  return RunOn<StatusOr<std::vector<ClusterOutcome>>>(
      pool_,
      [this, articles = std::move(articles)] { return DecideNow(articles); });
}

asio::awaitable<StatusOr<pb::DecisionMessage>> ClusterGate::Delete(
    const std::string& id) {
  return RunOn<StatusOr<pb::DecisionMessage>>(
      pool_, [this, id] { return DeleteNow(id); });
}

}  // namespace newsdedup
