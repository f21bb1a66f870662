#include "ingest/metrics.h"

#include <cstdio>

namespace newsdedup {
namespace {

void Family(std::string* out, const std::string& name, const char* type,
            const std::string& help) {
  *out += "# HELP " + name + " " + help + "\n# TYPE " + name + " " + type +
          "\n";
}

void Sample(std::string* out, const std::string& series, double value) {
  char buffer[64];
  std::snprintf(buffer, sizeof(buffer), "%.17g", value);
  *out += series + " " + buffer + "\n";
}

void Line(std::string* out, const std::string& name, const char* type,
          const std::string& help, double value) {
  Family(out, name, type, help);
  Sample(out, name, value);
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

void LatencyHistogram::Render(const std::string& name, const std::string& labels,
                              std::string* out) const {
  const std::string sep = labels.empty() ? "" : ",";
  const std::string own = labels.empty() ? "" : "{" + labels + "}";
  uint64_t cumulative = 0;
  char buffer[64];
  for (size_t i = 0; i < kBucketsMs.size(); ++i) {
    cumulative += counts_[i].load(std::memory_order_relaxed);
    std::snprintf(buffer, sizeof(buffer), "%g", kBucketsMs[i] / 1000);
    *out += name + "_bucket{" + labels + sep + "le=\"" + buffer + "\"} " +
            std::to_string(cumulative) + "\n";
  }
  cumulative += counts_[kBucketsMs.size()].load(std::memory_order_relaxed);
  *out += name + "_bucket{" + labels + sep + "le=\"+Inf\"} " +
          std::to_string(cumulative) + "\n";
  std::snprintf(buffer, sizeof(buffer), "%.6f",
                sum_us_.load(std::memory_order_relaxed) / 1e6);
  *out += name + "_sum" + own + " " + buffer + "\n";
  *out += name + "_count" + own + " " +
          std::to_string(count_.load(std::memory_order_relaxed)) + "\n";
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
  Line(&out, "newsdedup_articles_overloaded_total", "counter",
       "Articles turned away because the queues were full.", overloaded.load());
  Line(&out, "newsdedup_articles_deleted_total", "counter",
       "Articles deleted on request.", articles_deleted.load());
  Line(&out, "newsdedup_articles_expired_total", "counter",
       "Articles that left the index at the end of the retention window.",
       articles_expired.load());
  Family(&out, "newsdedup_queue_depth", "gauge",
         "Articles waiting for or in a pipeline stage.");
  Sample(&out, "newsdedup_queue_depth{stage=\"fingerprint\"}",
         fingerprint_queue.load());
  Sample(&out, "newsdedup_queue_depth{stage=\"decision\"}",
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
  Line(&out, "newsdedup_store_size_bytes", "gauge",
       "Bytes the store takes on disk.", static_cast<double>(store_bytes));
  Family(&out, "newsdedup_stage_duration_seconds", "histogram",
         "Time an article spends in a pipeline stage: fingerprinting, or "
         "deciding and committing.");
  fingerprint_latency.Render("newsdedup_stage_duration_seconds",
                             "stage=\"fingerprint\"", &out);
  decision_latency.Render("newsdedup_stage_duration_seconds",
                          "stage=\"decision\"", &out);
  Family(&out, "newsdedup_ack_duration_seconds", "histogram",
         "Time from a request's arrival to its durable acknowledgement.");
  ack_latency.Render("newsdedup_ack_duration_seconds", "", &out);
  Family(&out, "newsdedup_build_info", "gauge",
         "The running build, in its labels; always 1.");
  Sample(&out, "newsdedup_build_info{version=\"" NEWSDEDUP_VERSION "\"}", 1);
  if (more) out += more();
  return out;
}

}  // namespace newsdedup
