// Metrics: the daemon's counters, gauges and latency histograms, updated
// lock-free from any thread and rendered in the Prometheus text format for
// GET /metrics, named as Prometheus asks: a unit suffix, _total on
// counters, one metric with a `stage` label rather than a metric a stage,
// and newsdedup_build_info.
#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <functional>
#include <string>

namespace newsdedup {

// Latency histogram with fixed buckets (milliseconds).
class LatencyHistogram {
 public:
  static constexpr std::array<double, 13> kBucketsMs = {
      0.25, 0.5, 1, 2, 5, 10, 25, 50, 100, 250, 500, 1000, 2500};
  void Record(double ms);
  // Appends the histogram's series as Prometheus text (in seconds) under
  // `name`, with `labels` ("stage=\"decision\"", or empty) on each; the
  // family's HELP and TYPE lines are the caller's.
  void Render(const std::string& name, const std::string& labels,
              std::string* out) const;

 private:
  std::array<std::atomic<uint64_t>, kBucketsMs.size() + 1> counts_{};
  std::atomic<uint64_t> count_{0};
  std::atomic<uint64_t> sum_us_{0};
};

struct Metrics {
  std::atomic<uint64_t> articles_received{0};  // every article offered
  std::atomic<uint64_t> articles_stored{0};
  std::atomic<uint64_t> copies_found{0};
  std::atomic<uint64_t> articles_rejected{0};  // bad input
  std::atomic<uint64_t> articles_known{0};     // duplicate ids
  std::atomic<uint64_t> overloaded{0};         // turned away: queues full
  std::atomic<uint64_t> articles_deleted{0};   // by request (Forget)
  std::atomic<uint64_t> articles_expired{0};   // out of the retention window
  std::atomic<int64_t> fingerprint_queue{0};   // waiting for or in a worker
  std::atomic<int64_t> decision_queue{0};      // waiting for or in the writer
  std::atomic<int64_t> subscribers{0};
  LatencyHistogram fingerprint_latency;
  LatencyHistogram decision_latency;  // decide + commit
  LatencyHistogram ack_latency;       // request in to durable ack

  // Metrics of a front end's own (a feed poller's, by feed), in the
  // Prometheus text format with their HELP and TYPE lines, appended by
  // Render. Set before the first Render and not changed after; may be
  // empty.
  std::function<std::string()> more;

  // Everything above plus the store's figures and `more`.
  std::string Render(uint64_t articles_in_store, uint64_t clusters,
                     uint64_t last_sequence, uint64_t store_bytes) const;
};

}  // namespace newsdedup
