#include "ingest/metrics.h"

#include <cstdio>

namespace newsdedup {
namespace {

void Line(std::string* out, const std::string& name, const char* type,
          const std::string& help, double value) {
  char buffer[64];
  std::snprintf(buffer, sizeof(buffer), "%.17g", value);
  *out += "# HELP " + name + " " + help + "\n# TYPE " + name + " " + type +
          "\n" + name + " " + buffer + "\n";
}

}  // namespace

void LatencyHistogram::Record(double ms) {
  size_t i = 0;
  while (i < kBucketsMs.size() && ms > kBucketsMs[i]) ++i;
  counts_[i].fetch_add(1, std::memory_order_relaxed);
  count_.fetch_add(1, std::memory_order_relaxed);
  sum_us_.fetch_add(static_cast<uint64_t>(ms * 1000),
                    std::memory_order_relaxed);
}

void LatencyHistogram::Render(const std::string& name, const std::string& help,
                              std::string* out) const {
  *out += "# HELP " + name + " " + help + "\n# TYPE " + name + " histogram\n";
  uint64_t cumulative = 0;
  char buffer[160];
  for (size_t i = 0; i < kBucketsMs.size(); ++i) {
    cumulative += counts_[i].load(std::memory_order_relaxed);
    std::snprintf(buffer, sizeof(buffer), "%s_bucket{le=\"%g\"} %llu\n",
                  name.c_str(), kBucketsMs[i] / 1000,
                  static_cast<unsigned long long>(cumulative));
    *out += buffer;
  }
  cumulative += counts_[kBucketsMs.size()].load(std::memory_order_relaxed);
  std::snprintf(
      buffer, sizeof(buffer),
      "%s_bucket{le=\"+Inf\"} %llu\n%s_sum %.6f\n%s_count %llu\n", name.c_str(),
      static_cast<unsigned long long>(cumulative), name.c_str(),
      sum_us_.load(std::memory_order_relaxed) / 1e6, name.c_str(),
      static_cast<unsigned long long>(count_.load(std::memory_order_relaxed)));
  *out += buffer;
}

std::string Metrics::Render(uint64_t articles_in_store, uint64_t clusters,
                            uint64_t last_sequence,
                            uint64_t store_bytes) const {
  std::string out;
  Line(&out, "newsdedup_articles_received_total", "counter",
       "Articles offered through any interface.", articles_received.load());
  Line(&out, "newsdedup_articles_stored_total", "counter",
       "Articles decided and committed.", articles_stored.load());
  Line(&out, "newsdedup_copies_found_total", "counter",
       "Stored articles that matched an earlier one.", copies_found.load());
  Line(&out, "newsdedup_articles_rejected_total", "counter",
       "Articles rejected as bad input.", articles_rejected.load());
  Line(&out, "newsdedup_articles_known_total", "counter",
       "Articles whose id was already stored.", articles_known.load());
  Line(&out, "newsdedup_overloaded_total", "counter",
       "Articles turned away because the queues were full.", overloaded.load());
  Line(&out, "newsdedup_queue_depth_fingerprint", "gauge",
       "Articles waiting for or in fingerprinting.", fingerprint_queue.load());
  Line(&out, "newsdedup_queue_depth_decision", "gauge",
       "Articles waiting for or in the decision and commit stage.",
       decision_queue.load());
  Line(&out, "newsdedup_event_subscribers", "gauge",
       "Connected cluster-event subscribers.", subscribers.load());
  Line(&out, "newsdedup_store_articles", "gauge", "Articles in the store.",
       static_cast<double>(articles_in_store));
  Line(&out, "newsdedup_store_clusters", "gauge", "Clusters in the store.",
       static_cast<double>(clusters));
  Line(&out, "newsdedup_store_last_event_sequence", "gauge",
       "Sequence number of the last committed cluster event.",
       static_cast<double>(last_sequence));
  Line(&out, "newsdedup_store_bytes", "gauge", "Bytes the store takes on disk.",
       static_cast<double>(store_bytes));
  fingerprint_latency.Render("newsdedup_fingerprint_seconds",
                             "Time to fingerprint one article.", &out);
  decision_latency.Render("newsdedup_decision_seconds",
                          "Time to decide and commit one article.", &out);
  ack_latency.Render("newsdedup_ack_seconds",
                     "Time from request to durable acknowledgement.", &out);
  return out;
}

}  // namespace newsdedup
