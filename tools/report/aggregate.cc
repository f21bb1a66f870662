// AggregateReport: one pass over the stored articles, keeping a record per
// cluster and per outlet, then the members of the top clusters.
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

// What is known of a cluster once one of its copies is seen: its original.
struct ClusterRecord {
  std::string id;  // after following merges
  std::string original_id;
  uint32_t original_source = 0;
  std::optional<int64_t> original_published_ms;
  int64_t original_ingested_ms = 0;
  bool original_loaded = false;
  uint64_t members = 0;
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
    Status visit_status;
    Status s = store_.ScanArticles([&](const pb::StoredArticle& a) {
      visit_status = Visit(a);
      return visit_status.ok();
    });
    if (!s.ok()) return s;
    if (!visit_status.ok()) return visit_status;
    data_.clusters = clusters_.size();
    for (const ClusterRecord& c : clusters_) {
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

  // The cluster an article's decision named, after the merges since.
  StatusOr<uint32_t> ClusterIndex(const std::string& decided_cluster) {
    auto it = cluster_index_.find(decided_cluster);
    if (it != cluster_index_.end()) return it->second;
    std::string id = decided_cluster;
    // A merge chain is short; the bound only guards against a cycle in a
    // damaged store.
    for (int hop = 0; hop < 64; ++hop) {
      StatusOr<std::optional<pb::StoredCluster>> c = store_.GetCluster(id);
      if (!c.ok()) return c.status();
      if (!c->has_value() || (*c)->merged_into().empty()) break;
      id = (*c)->merged_into();
    }
    uint32_t index;
    if (auto final_it = cluster_index_.find(id);
        final_it != cluster_index_.end()) {
      index = final_it->second;
    } else {
      index = static_cast<uint32_t>(clusters_.size());
      clusters_.emplace_back().id = id;
      cluster_index_.emplace(id, index);
    }
    cluster_index_.emplace(decided_cluster, index);
    return index;
  }

  // Reads a cluster's original the first time one of its copies needs it.
  Status LoadOriginal(ClusterRecord& c) {
    if (c.original_loaded) return Status::Ok();
    c.original_loaded = true;
    StatusOr<std::optional<pb::StoredCluster>> cluster =
        store_.GetCluster(c.id);
    if (!cluster.ok()) return cluster.status();
    if (!cluster->has_value()) return Status::Ok();
    StatusOr<std::optional<pb::StoredArticle>> original =
        store_.GetArticle((*cluster)->original_id());
    if (!original.ok()) return original.status();
    // Gone (deleted or expired meanwhile): its copies' lags are unknown.
    if (!original->has_value()) return Status::Ok();
    c.original_id = (*cluster)->original_id();
    const pb::Article& article = (*original)->article();
    c.original_source = SourceIndex(article.source());
    if (article.has_published_ms()) {
      c.original_published_ms = article.published_ms();
    }
    c.original_ingested_ms = (*original)->ingested_ms();
    return Status::Ok();
  }

  Status Visit(const pb::StoredArticle& a) {
    if (options_.since_ms && TimeOf(a) < *options_.since_ms)
      return Status::Ok();
    ++data_.articles;
    const Relation relation = FromProto(a.decision().relation());
    ++data_.by_relation[static_cast<size_t>(relation)];
    const uint32_t source = SourceIndex(a.article().source());
    ++sources_[source].articles;
    const std::string& decided = a.decision().cluster_id().empty()
                                     ? a.article().id()
                                     : a.decision().cluster_id();
    StatusOr<uint32_t> index = ClusterIndex(decided);
    if (!index.ok()) return index.status();
    ClusterRecord& c = clusters_[*index];
    ++c.members;
    if (relation == Relation::kNew) return Status::Ok();
    Status s = LoadOriginal(c);
    if (!s.ok()) return s;
    // A copy that became its cluster's original (published earlier than the
    // article it matched) copies nobody.
    if (a.article().id() == c.original_id) return Status::Ok();
    ++sources_[source].copies;
    if (c.original_loaded && !c.original_id.empty()) {
      ++copied_from_[(uint64_t{source} << 32) | c.original_source];
    }
    std::optional<int64_t> lag;
    if (a.article().has_published_ms() && c.original_published_ms) {
      lag = a.article().published_ms() - *c.original_published_ms;
    } else if (!c.original_id.empty()) {
      lag = a.ingested_ms() - c.original_ingested_ms;
    }
    if (!lag) {
      ++data_.lags_unknown;
      return Status::Ok();
    }
    size_t bin = 0;
    while (bin < std::size(kLagBins) && *lag >= kLagBins[bin].below_ms) ++bin;
    ++data_.lags[bin].count;
    return Status::Ok();
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
  std::unordered_map<std::string, uint32_t> cluster_index_;
  // (copying source << 32 | original's source) -> copies.
  std::unordered_map<uint64_t, uint64_t> copied_from_;
};

}  // namespace

StatusOr<ReportData> AggregateReport(const Store& store,
                                     const ReportOptions& options) {
  return Aggregator(store, options).Run();
}

}  // namespace newsdedup
