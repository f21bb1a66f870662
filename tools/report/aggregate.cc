// AggregateReport: one pass over the cluster records, one over the stored
// articles, keeping a record per cluster that can have copies and per
// outlet (and, for a copy met before its original, 24 bytes until the end
// of the pass), then the members of the top clusters.
#include <algorithm>
#include <string_view>
#include <unordered_map>
#include <unordered_set>

#include "storage/article_records.h"
#include "storage/clusters.h"
#include "tools/report/report.h"

namespace newsdedup {
namespace {

constexpr std::string_view kNoSource = "(no source)";
constexpr int64_t kMinute = 60'000;
constexpr int64_t kHour = 60 * kMinute;
constexpr int64_t kDay = 24 * kHour;

struct LagBound {
  int64_t below_ms;
  const char* label;
};
constexpr LagBound kLagBins[] = {
    {1, "0"},
    {5 * kMinute, "< 5 min"},
    {30 * kMinute, "< 30 min"},
    {2 * kHour, "< 2 h"},
    {6 * kHour, "< 6 h"},
    {kDay, "< 1 day"},
    {3 * kDay, "< 3 days"},
    {7 * kDay, "< 7 days"},
};

// A cluster that can have copies: two members or more, or an original
// that is not its founder (its founder is gone). Clusters of one article
// that is its own original are only counted.
struct ClusterRecord {
  std::string id;  // after following merges
  std::string original_id;
  std::optional<int64_t> original_published_ms;
  // Filled when the scan reaches the original.
  bool original_seen = false;
  uint32_t original_source = 0;
  int64_t original_ingested_ms = 0;
  uint64_t members = 0;  // in the report's time range
};

// A copy met before its cluster's original (the scan goes in id order):
// its lag and its original's outlet are settled after the scan.
struct PendingCopy {
  uint32_t cluster;
  uint32_t source;
  std::optional<int64_t> published_ms;
  int64_t ingested_ms;
};

class Aggregator {
 public:
  Aggregator(const Store& store, const ReportOptions& options)
      : store_(store), options_(options) {}

  StatusOr<ReportData> Run() {
    data_.since_ms = options_.since_ms;
    data_.lags.resize(std::size(kLagBins) + 1);
    for (size_t i = 0; i < std::size(kLagBins); ++i) {
      data_.lags[i].label = kLagBins[i].label;
    }
    data_.lags.back().label = ">= 7 days";
    // Two sequential scans, no lookup per article: the clusters (merges and
    // originals), then the articles.
    Status s = ReadClusters();
    if (!s.ok()) return s;
    Status visit_status;
    s = store_.ScanArticles([&](const pb::StoredArticle& a) {
      visit_status = Visit(a);
      return visit_status.ok();
    });
    if (!s.ok()) return s;
    if (!visit_status.ok()) return visit_status;
    for (const PendingCopy& copy : pending_) Settle(copy);
    pending_.clear();
    data_.clusters = single_clusters_;
    for (const ClusterRecord& c : clusters_) {
      if (c.members >= 1) ++data_.clusters;
      if (c.members >= 2) ++data_.clusters_with_copies;
    }
    data_.sources = sources_.size();
    RankSources();
    s = ListTopClusters();
    if (!s.ok()) return s;
    return std::move(data_);
  }

 private:
  struct SourceCounts {
    uint64_t articles = 0;
    uint64_t copies = 0;
  };

  static int64_t TimeOf(const pb::StoredArticle& a) {
    return a.article().has_published_ms() ? a.article().published_ms()
                                          : a.ingested_ms();
  }

  uint32_t SourceIndex(const std::string& source) {
    const std::string& name = source.empty() ? no_source_ : source;
    auto [it, added] = source_index_.try_emplace(name, source_names_.size());
    if (added) {
      source_names_.push_back(name);
      sources_.emplace_back();
    }
    return it->second;
  }

  uint32_t AddCluster(const pb::StoredCluster& c) {
    auto [it, added] = cluster_index_.try_emplace(
        c.id(), static_cast<uint32_t>(clusters_.size()));
    if (added) {
      ClusterRecord& r = clusters_.emplace_back();
      r.id = c.id();
      r.original_id = c.original_id();
      if (c.has_original_published_ms()) {
        r.original_published_ms = c.original_published_ms();
      }
    }
    return it->second;
  }

  // The clusters that can have copies, and where each merged one went.
  Status ReadClusters() {
    std::unordered_map<std::string, std::string> merged_into;
    Status s = store_.ScanClusters([&](const pb::StoredCluster& c) {
      if (!c.merged_into().empty()) {
        merged_into.emplace(c.id(), c.merged_into());
      } else if (c.size() >= 2 || c.original_id() != c.id()) {
        AddCluster(c);
      }
      return true;
    });
    if (!s.ok()) return s;
    for (const auto& [from, into] : merged_into) {
      std::string id = into;
      // A merge chain is short; the bound only guards against a cycle in a
      // damaged store.
      for (int hop = 0; hop < 64; ++hop) {
        auto next = merged_into.find(id);
        if (next == merged_into.end()) break;
        id = next->second;
      }
      uint32_t index;
      if (auto final_it = cluster_index_.find(id);
          final_it != cluster_index_.end()) {
        index = final_it->second;
      } else {
        // Merged into a cluster left with one member: it still counts.
        pb::StoredCluster alone;
        alone.set_id(id);
        alone.set_original_id(id);
        index = AddCluster(alone);
      }
      cluster_index_.emplace(from, index);
    }
    return Status::Ok();
  }

  Status Visit(const pb::StoredArticle& a) {
    const std::string& decided = a.decision().cluster_id().empty()
                                     ? a.article().id()
                                     : a.decision().cluster_id();
    auto found = cluster_index_.find(decided);
    ClusterRecord* c =
        found == cluster_index_.end() ? nullptr : &clusters_[found->second];
    const bool is_original = c && a.article().id() == c->original_id;
    // Whatever the time range, an original is what its copies are measured
    // against.
    const uint32_t source = SourceIndex(a.article().source());
    if (is_original) {
      c->original_seen = true;
      c->original_source = source;
      c->original_ingested_ms = a.ingested_ms();
      if (a.article().has_published_ms()) {
        c->original_published_ms = a.article().published_ms();
      }
    }
    if (options_.since_ms && TimeOf(a) < *options_.since_ms) {
      return Status::Ok();
    }
    ++data_.articles;
    const Relation relation = FromProto(a.decision().relation());
    ++data_.by_relation[static_cast<size_t>(relation)];
    ++sources_[source].articles;
    if (!c) {
      // A cluster of one, this article. One decided as a copy lost what it
      // copied (deleted or expired): a copy of nobody known.
      ++single_clusters_;
      if (relation != Relation::kNew) {
        ++sources_[source].copies;
        ++data_.lags_unknown;
      }
      return Status::Ok();
    }
    ++c->members;
    // A copy that became its cluster's original (published earlier than the
    // article it matched) copies nobody.
    if (relation == Relation::kNew || is_original) return Status::Ok();
    ++sources_[source].copies;
    PendingCopy copy{found->second, source, std::nullopt, a.ingested_ms()};
    if (a.article().has_published_ms()) {
      copy.published_ms = a.article().published_ms();
    }
    if (c->original_seen) {
      Settle(copy);
    } else {
      pending_.push_back(copy);
    }
    return Status::Ok();
  }

  // A copy's lag and its original's outlet, once the scan has met the
  // original (or finished without it: the original is gone).
  void Settle(const PendingCopy& copy) {
    const ClusterRecord& c = clusters_[copy.cluster];
    if (c.original_seen) {
      ++copied_from_[(uint64_t{copy.source} << 32) | c.original_source];
    }
    std::optional<int64_t> lag;
    if (copy.published_ms && c.original_published_ms && c.original_seen) {
      lag = *copy.published_ms - *c.original_published_ms;
    } else if (c.original_seen) {
      lag = copy.ingested_ms - c.original_ingested_ms;
    }
    if (!lag) {
      ++data_.lags_unknown;
      return;
    }
    size_t bin = 0;
    while (bin < std::size(kLagBins) && *lag >= kLagBins[bin].below_ms) ++bin;
    ++data_.lags[bin].count;
  }

  void RankSources() {
    std::vector<uint32_t> order(sources_.size());
    for (uint32_t i = 0; i < order.size(); ++i) order[i] = i;
    auto share = [&](uint32_t i) {
      return sources_[i].articles == 0
                 ? 0.0
                 : static_cast<double>(sources_[i].copies) /
                       static_cast<double>(sources_[i].articles);
    };
    // Highest share first; among equal shares the outlet that copies more.
    std::sort(order.begin(), order.end(), [&](uint32_t x, uint32_t y) {
      if (share(x) != share(y)) return share(x) > share(y);
      if (sources_[x].copies != sources_[y].copies) {
        return sources_[x].copies > sources_[y].copies;
      }
      return source_names_[x] < source_names_[y];
    });
    if (order.size() > options_.top_sources) order.resize(options_.top_sources);
    std::unordered_map<uint32_t, size_t> row_of;
    for (uint32_t i : order) {
      row_of.emplace(i, data_.top_sources.size());
      data_.top_sources.push_back(ReportSource{
          source_names_[i], sources_[i].articles, sources_[i].copies, {}});
    }
    for (const auto& [key, count] : copied_from_) {
      auto row = row_of.find(static_cast<uint32_t>(key >> 32));
      if (row == row_of.end()) continue;
      data_.top_sources[row->second].copied_from.emplace_back(
          source_names_[static_cast<uint32_t>(key)], count);
    }
    for (ReportSource& row : data_.top_sources) {
      std::sort(row.copied_from.begin(), row.copied_from.end(),
                [](const auto& x, const auto& y) {
                  return x.second != y.second ? x.second > y.second
                                              : x.first < y.first;
                });
      if (row.copied_from.size() > options_.copied_from_per_source) {
        row.copied_from.resize(options_.copied_from_per_source);
      }
    }
  }

  Status ListTopClusters() {
    std::vector<uint32_t> order;
    for (uint32_t i = 0; i < clusters_.size(); ++i) {
      if (clusters_[i].members >= 2) order.push_back(i);
    }
    const size_t n = std::min(order.size(), options_.top_clusters);
    std::partial_sort(order.begin(), order.begin() + n, order.end(),
                      [&](uint32_t x, uint32_t y) {
                        if (clusters_[x].members != clusters_[y].members) {
                          return clusters_[x].members > clusters_[y].members;
                        }
                        return clusters_[x].id < clusters_[y].id;
                      });
    order.resize(n);
    for (uint32_t i : order) {
      StatusOr<std::optional<ClusterView>> view =
          FindCluster(store_, clusters_[i].id);
      if (!view.ok()) return view.status();
      if (!view->has_value()) continue;
      data_.top_clusters.push_back(Describe(**view, clusters_[i].members));
    }
    return Status::Ok();
  }

  ReportCluster Describe(const ClusterView& view, uint64_t members) const {
    ReportCluster out;
    out.id = view.cluster.id();
    out.original_id = view.cluster.original_id();
    out.members = members;
    const pb::StoredArticle* original = nullptr;
    for (const pb::StoredArticle& m : view.members) {
      if (m.article().id() == out.original_id) original = &m;
    }
    if (original) {
      out.original_title = original->article().title();
      out.original_source = original->article().source();
    }
    std::vector<ReportMember> listed;
    std::unordered_set<std::string> outlets;
    for (const pb::StoredArticle& m : view.members) {
      if (options_.since_ms && TimeOf(m) < *options_.since_ms) continue;
      ReportMember r;
      r.id = m.article().id();
      r.source = m.article().source();
      r.title = m.article().title();
      r.url = m.article().url();
      r.relation = FromProto(m.decision().relation());
      r.score = m.decision().scores().score();
      r.time_ms = TimeOf(m);
      r.published = m.article().has_published_ms();
      r.original = original == &m;
      if (original && !r.original) {
        if (r.published && original->article().has_published_ms()) {
          r.lag_ms =
              m.article().published_ms() - original->article().published_ms();
        } else {
          r.lag_ms = m.ingested_ms() - original->ingested_ms();
        }
      }
      outlets.insert(r.source);
      listed.push_back(std::move(r));
    }
    out.outlets = outlets.size();
    // The original first, then by time.
    std::stable_sort(listed.begin(), listed.end(),
                     [](const ReportMember& x, const ReportMember& y) {
                       if (x.original != y.original) return x.original;
                       return x.time_ms < y.time_ms;
                     });
    if (listed.size() > options_.members_per_cluster) {
      listed.resize(options_.members_per_cluster);
    }
    out.listed = std::move(listed);
    return out;
  }

  const Store& store_;
  const ReportOptions& options_;
  const std::string no_source_{kNoSource};
  ReportData data_;
  std::vector<std::string> source_names_;
  std::unordered_map<std::string, uint32_t> source_index_;
  std::vector<SourceCounts> sources_;
  std::vector<ClusterRecord> clusters_;
  // Cluster id (merged ones too) -> its record, for clusters that can have
  // copies.
  std::unordered_map<std::string, uint32_t> cluster_index_;
  uint64_t single_clusters_ = 0;  // in range
  std::vector<PendingCopy> pending_;
  // (copying source << 32 | original's source) -> copies.
  std::unordered_map<uint64_t, uint64_t> copied_from_;
};

}  // namespace

StatusOr<ReportData> AggregateReport(const Store& store,
                                     const ReportOptions& options) {
  return Aggregator(store, options).Run();
}

}  // namespace newsdedup
