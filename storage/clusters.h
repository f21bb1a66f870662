// Cluster lookups over the store: a cluster found by its own id or by any
// member's, with its members' stored articles, for every front end that
// shows a cluster (`newsdedup cluster`, GET /v1/clusters/{id}).
//
// Usage:
//   StatusOr<std::optional<ClusterView>> view = FindCluster(store, "a1");
//   if (!view.ok()) return view.status();  // the store failed
//   if (!view->has_value()) return Status::NotFound("no cluster or article a1");
//   for (const pb::StoredArticle& member : (*view)->members) Show(member);
//
// Thread safety: as the Store's reads, safe from any thread. A lookup
// during a commit sees each record before or after it, not the commit as
// a whole.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "dedup/status.h"
#include "proto/newsdedup.pb.h"
#include "storage/store.h"

namespace newsdedup {

struct ClusterView {
  pb::StoredCluster cluster;
  // Every member's stored article (the original among them), in key order.
  std::vector<pb::StoredArticle> members;
};

// The cluster named `id`, else the cluster of the article named `id`;
// nullopt when there is neither.
StatusOr<std::optional<ClusterView>> FindCluster(const Store& store,
                                                 const std::string& id);

}  // namespace newsdedup
