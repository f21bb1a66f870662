#include "ingest/pipeline.h"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <chrono>

#include "ingest/threads.h"

namespace newsdedup {
namespace asio = boost::asio;
namespace {

double MsSince(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double, std::milli>(
             std::chrono::steady_clock::now() - start)
      .count();
}

// Runs `fn` on `executor` and resumes the caller on its own executor with
// the result. (co_spawn needs a default-constructible result, hence optional.)
template <typename Executor, typename Fn>
auto RunOn(Executor executor, Fn fn) -> asio::awaitable<decltype(fn())> {
  using Result = decltype(fn());
  std::optional<Result> result = co_await asio::co_spawn(
      executor,
      [fn = std::move(fn)]() mutable -> asio::awaitable<std::optional<Result>> {
        co_return std::optional<Result>(fn());
      },
      asio::use_awaitable);
  co_return std::move(*result);
}

}  // namespace

Pipeline::Admission::Admission(Admission&& other) noexcept
    : pipeline_(std::exchange(other.pipeline_, nullptr)),
      slots_(std::exchange(other.slots_, 0)) {}

Pipeline::Admission& Pipeline::Admission::operator=(
    Admission&& other) noexcept {
  if (this != &other) {
    if (pipeline_) pipeline_->Release(slots_);
    pipeline_ = std::exchange(other.pipeline_, nullptr);
    slots_ = std::exchange(other.slots_, 0);
  }
  return *this;
}

Pipeline::Admission::~Admission() {
  if (pipeline_) pipeline_->Release(slots_);
}

Pipeline::Pipeline(Engine& engine, Options options, Metrics& metrics)
    : engine_(engine),
      options_(options),
      metrics_(metrics),
      workers_(WorkerThreads(options.workers)),
      writer_guard_(asio::make_work_guard(writer_)) {
  events_.Publish(engine_.store().counters().next_sequence - 1);
  writer_thread_ = std::thread([this] { writer_.run(); });
}

Pipeline::~Pipeline() {
  writer_guard_.reset();
  writer_thread_.join();
  workers_.join();
}

Pipeline::Admission Pipeline::TryAdmit(size_t slots) {
  if (draining_.load()) return {};
  size_t current = in_flight_.load();
  do {
    if (current + slots > options_.queue_capacity) return {};
  } while (!in_flight_.compare_exchange_weak(current, current + slots));
  return Admission(this, slots);
}

asio::awaitable<std::vector<StatusOr<Outcome>>> Pipeline::Ingest(
    std::vector<Article> articles) {
  const size_t n = articles.size();
  metrics_.fingerprint_queue.fetch_add(static_cast<int64_t>(n));
  // Fingerprint on the pool, one task per article, all in parallel.
  std::vector<std::optional<PreparedArticle>> prepared(n);
  if (n > 0) {
    // The timer lives in this frame, never in a worker: a worker that let
    // go of the last reference to it after the network io_context was gone
    // would destroy it against a dead service. Workers hold only the count
    // and an executor; the last one posts the cancel, which runs on this
    // executor while this coroutine waits (it cannot run before the wait
    // starts, as both are on this executor), so the timer is alive then.
    struct Pending {
      Pending(size_t n, asio::steady_timer* t) : remaining(n), timer(t) {}
      std::atomic<size_t> remaining;
      asio::steady_timer* timer;
    };
    asio::steady_timer timer(co_await asio::this_coro::executor,
                             asio::steady_timer::time_point::max());
    auto pending = std::make_shared<Pending>(n, &timer);
    const auto executor = timer.get_executor();
    for (size_t i = 0; i < n; ++i) {
      asio::post(workers_, [&, i, pending, executor] {
        const auto start = std::chrono::steady_clock::now();
        prepared[i] = engine_.Prepare(std::move(articles[i]));
        metrics_.fingerprint_latency.Record(MsSince(start));
        if (pending->remaining.fetch_sub(1) == 1) {
          asio::post(executor, [pending] { pending->timer->cancel(); });
        }
      });
    }
    boost::system::error_code ec;
    co_await timer.async_wait(asio::redirect_error(asio::use_awaitable, ec));
  }
  metrics_.fingerprint_queue.fetch_sub(static_cast<int64_t>(n));
  metrics_.decision_queue.fetch_add(static_cast<int64_t>(n));
  std::vector<StatusOr<Outcome>> outcomes = co_await RunOn(
      writer_.get_executor(), [&]() -> std::vector<StatusOr<Outcome>> {
        std::vector<StatusOr<Outcome>> results;
        results.reserve(n);
        for (auto& p : prepared) {
          const auto start = std::chrono::steady_clock::now();
          const uint64_t live_before = engine_.detector().live_count();
          results.push_back(engine_.Ingest(std::move(*p)));
          const bool added = results.back().ok() && !results.back()->already_known;
          CountExpired(live_before + (added ? 1 : 0));
          metrics_.decision_latency.Record(MsSince(start));
          metrics_.decision_queue.fetch_sub(1);
          const StatusOr<Outcome>& r = results.back();
          if (r.ok() && !r->already_known) {
            metrics_.articles_stored.fetch_add(1);
            if (r->decision.relation() != pb::NEW)
              metrics_.copies_found.fetch_add(1);
          } else if (r.ok()) {
            metrics_.articles_known.fetch_add(1);
          }
        }
        events_.Publish(engine_.store().counters().next_sequence - 1);
        return results;
      });
  co_return outcomes;
}

asio::awaitable<StatusOr<Removal>> Pipeline::Forget(std::string id) {
  co_return co_await RunOn(writer_.get_executor(), [&]() -> StatusOr<Removal> {
    StatusOr<Removal> removal = engine_.Forget(id);
    if (removal.ok()) metrics_.articles_deleted.fetch_add(1);
    events_.Publish(engine_.store().counters().next_sequence - 1);
    return removal;
  });
}

asio::awaitable<StatusOr<ExpiryStep>> Pipeline::Expire() {
  co_return co_await RunOn(writer_.get_executor(),
                           [&]() -> StatusOr<ExpiryStep> {
                             StatusOr<ExpiryStep> step = engine_.Expire();
                             if (step.ok()) {
                               metrics_.articles_expired.fetch_add(
                                   step->expired);
                             }
                             events_.Publish(
                                 engine_.store().counters().next_sequence - 1);
                             return step;
                           });
}

void Pipeline::CountExpired(uint64_t live_expected) {
  // Whatever left the index besides what was deleted on request left it
  // by retention.
  const uint64_t live_now = engine_.detector().live_count();
  if (live_expected > live_now) {
    metrics_.articles_expired.fetch_add(live_expected - live_now);
  }
}

asio::awaitable<StatusOr<pb::Decision>> Pipeline::Match(Article article) {
  PreparedArticle prepared = co_await RunOn(workers_.get_executor(), [&] {
    return engine_.Prepare(std::move(article));
  });
  co_return co_await RunOn(writer_.get_executor(),
                           [&] { return engine_.Match(prepared); });
}

asio::awaitable<Status> Pipeline::WithEngine(
    std::function<Status(Engine&)> task) {
  co_return co_await RunOn(writer_.get_executor(),
                           [&] { return task(engine_); });
}

asio::awaitable<void> Pipeline::FollowEvents(uint64_t from, EncodeEvent encode,
                                             WriteBatch write) {
  constexpr size_t kBatchBytes = 256 << 10;
  metrics_.subscribers.fetch_add(1);
  uint64_t next = std::max<uint64_t>(from, 1);
  for (;;) {
    std::string batch;
    uint64_t last = 0;
    Status s = store().ScanEvents(next, [&](const pb::ClusterEvent& e) {
      encode(e, &batch);
      last = e.sequence();
      return batch.size() < kBatchBytes;
    });
    if (!s.ok()) break;
    if (!batch.empty()) {
      next = last + 1;
      if (!co_await write(batch)) break;
      continue;
    }
    if (events_.closed()) break;
    co_await events_.WaitAfter(next - 1, std::chrono::seconds(1));
  }
  metrics_.subscribers.fetch_sub(1);
}

asio::awaitable<void> Pipeline::Drain() {
  draining_.store(true);
  asio::steady_timer timer(co_await asio::this_coro::executor);
  while (in_flight_.load() > 0) {
    timer.expires_after(std::chrono::milliseconds(5));
    co_await timer.async_wait(asio::use_awaitable);
  }
  events_.Close();
}

}  // namespace newsdedup
