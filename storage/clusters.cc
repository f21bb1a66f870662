#include "storage/clusters.h"

namespace newsdedup {

StatusOr<std::optional<ClusterView>> FindCluster(const Store& store,
                                                 const std::string& id) {
  std::string cluster_id = id;
  StatusOr<std::optional<pb::StoredCluster>> cluster =
      store.GetCluster(cluster_id);
  if (!cluster.ok()) return cluster.status();
  if (!cluster->has_value()) {
    StatusOr<std::optional<pb::StoredArticle>> article = store.GetArticle(id);
    if (!article.ok()) return article.status();
    if (!article->has_value()) return std::optional<ClusterView>();
    cluster_id = (*article)->decision().cluster_id();
    cluster = store.GetCluster(cluster_id);
    if (!cluster.ok()) return cluster.status();
    if (!cluster->has_value()) return std::optional<ClusterView>();
  }
  StatusOr<std::vector<std::string>> members = store.GetMembers(cluster_id);
  if (!members.ok()) return members.status();
  ClusterView view;
  view.cluster = std::move(**cluster);
  view.members.reserve(members->size());
  for (const std::string& member : *members) {
    StatusOr<std::optional<pb::StoredArticle>> stored = store.GetArticle(member);
    if (!stored.ok()) return stored.status();
    // A member key without its article: written by no release, so skipped
    // rather than failing the whole lookup.
    if (!stored->has_value()) continue;
    view.members.push_back(std::move(**stored));
  }
  return std::optional<ClusterView>(std::move(view));
}

}  // namespace newsdedup
