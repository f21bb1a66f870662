// Engine: retention and deletion. An article leaves the index first (so no
// later decision finds it), then the store in one atomic commit: its
// record, fingerprint and member key go, its cluster shrinks (and is kept
// named after its first article even when that one is gone), and events
// say what changed.
#include <algorithm>

#include "ingest/engine.h"
#include "storage/records.h"

namespace newsdedup {
namespace {

std::optional<int64_t> PublishedOf(const pb::StoredArticle& stored) {
  if (!stored.article().has_published_ms()) return std::nullopt;
  return stored.article().published_ms();
}

// Articles a retention sweep looks at per step, besides the oldest.
constexpr uint32_t kSweepPerStep = 512;

}  // namespace

uint64_t Engine::TimeClock() const {
  return options_.retention.clock == RetentionOptions::Clock::kIngested ? 1
                                                                        : 0;
}

uint32_t Engine::IndexTime(const pb::StoredFingerprint& record) const {
  return TimeClock() == 1 ? record.ingested_seconds()
                          : record.published_seconds();
}

StatusOr<std::string> Engine::ClusterIdOf(uint32_t cluster_ordinal) const {
  StatusOr<std::string> first = ArticleId(cluster_ordinal);
  if (first.ok() || first.status().code() != Status::Code::kNotFound) {
    return first;
  }
  // Its first article was deleted while others remained.
  StatusOr<std::optional<std::string>> name =
      store_->GetClusterName(cluster_ordinal);
  if (!name.ok()) return name.status();
  if (!name->has_value()) {
    return Status::Corruption("cluster " + std::to_string(cluster_ordinal) +
                              " has neither its first article nor a name");
  }
  return std::move(**name);
}

StatusOr<std::vector<uint32_t>> Engine::ExpireFromIndex(size_t max) {
  const RetentionOptions& retention = options_.retention;
  std::vector<uint32_t> expired;
  auto expire = [&](uint32_t ordinal) -> Status {
    Status s = detector_->Remove(ordinal);
    if (s.ok()) {
      expired.push_back(ordinal);
      ++removed_since_checkpoint_;
    }
    return s;
  };
  if (retention.clock == RetentionOptions::Clock::kCount) {
    while (expired.size() < max &&
           detector_->live_count() > retention.keep_articles) {
      Status s = expire(detector_->FirstLive());
      if (!s.ok()) return s;
    }
    return expired;
  }
  if (retention.clock == RetentionOptions::Clock::kNone) return expired;
  const uint32_t cutoff = ClockSeconds(options_.now_ms() - retention.window_ms);
  // The oldest first: arrival order is nearly time order.
  for (uint32_t o = detector_->FirstLive();
       expired.size() < max && o < detector_->article_count() &&
       detector_->ArticleTime(o) < cutoff;
       o = detector_->FirstLive()) {
    Status s = expire(o);
    if (!s.ok()) return s;
  }
  // Then a sweep on from where the last one stopped, for articles older
  // than those that arrived around them (published long before they were
  // sent): each is found within one pass over the window.
  const uint32_t count = detector_->article_count();
  uint32_t o = std::max(sweep_cursor_, detector_->FirstLive());
  for (uint32_t looked = 0; looked < kSweepPerStep && expired.size() < max;
       ++looked, ++o) {
    if (o >= count) o = detector_->FirstLive();
    if (o >= count) break;
    if (!detector_->IsRemoved(o) && detector_->ArticleTime(o) < cutoff) {
      Status s = expire(o);
      if (!s.ok()) return s;
    }
  }
  sweep_cursor_ = o;
  return expired;
}

StatusOr<ExpiryStep> Engine::Expire() {
  ExpiryStep step;
  StatusOr<std::vector<uint32_t>> expired =
      ExpireFromIndex(options_.retention.max_per_step);
  if (!expired.ok()) return expired.status();
  step.expired = expired->size();
  // Index shards let go of the articles before the store does: an article
  // the store lacks must never stay findable.
  if (Status s = detector_->FlushShards(); !s.ok()) return s;
  if (!options_.retention.delete_from_store) return step;
  for (uint32_t ordinal : *expired) {
    Status s = DeleteExpired(ordinal, &step.events);
    if (!s.ok()) return s;
    ++step.deleted;
  }
  return step;
}

Status Engine::DeleteExpired(uint32_t ordinal,
                             std::vector<pb::ClusterEvent>* events) {
  StatusOr<pb::StoredFingerprint> record = store_->GetFingerprint(ordinal);
  if (record.status().code() == Status::Code::kNotFound) {
    return Status::Ok();  // deleted already
  }
  if (!record.ok()) return record.status();
  StatusOr<std::optional<pb::StoredArticle>> stored =
      store_->GetArticle(record->article_id());
  if (!stored.ok()) return stored.status();
  if (!stored->has_value() || (*stored)->ordinal() != ordinal) {
    return Status::Corruption("fingerprint " + std::to_string(ordinal) +
                              " names article " + record->article_id() +
                              ", which is not stored under it");
  }
  StatusOr<Removal> removal = DeleteStored(**stored, *record, "expired");
  if (!removal.ok()) return removal.status();
  for (pb::ClusterEvent& event : removal->events) {
    events->push_back(std::move(event));
  }
  return Status::Ok();
}

StatusOr<Removal> Engine::Forget(const std::string& id) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (!broken_.ok()) return broken_;
    if (!in_flight_.empty()) {
      return Status::Internal("Forget called while " +
                              std::to_string(in_flight_.size()) +
                              " decided articles await Record");
    }
  }
  if (options_.store.read_only) {
    return Status::InvalidArgument("a read-only store forgets nothing");
  }
  StatusOr<std::optional<pb::StoredArticle>> stored = store_->GetArticle(id);
  if (!stored.ok()) return stored.status();
  if (!stored->has_value()) {
    return Status::NotFound("no article " + id + " is stored");
  }
  // Out of the index first: if the commit fails, the article is only
  // unfindable until the store is reopened, never findable but gone.
  StatusOr<pb::StoredFingerprint> record =
      store_->GetFingerprint((*stored)->ordinal());
  if (!record.ok()) return record.status();
  Status s = detector_->Remove((*stored)->ordinal());
  if (s.ok()) s = detector_->FlushShards();
  if (!s.ok()) return s;
  ++removed_since_checkpoint_;
  return DeleteStored(**stored, *record, "deleted");
}

StatusOr<Removal> Engine::DeleteStored(const pb::StoredArticle& stored,
                                       const pb::StoredFingerprint& record,
                                       const char* because) {
  const std::string& id = stored.article().id();
  const uint32_t ordinal = stored.ordinal();
  const std::string& cluster_id = stored.decision().cluster_id();
  const uint32_t cluster_ordinal = record.cluster_ordinal();
  StatusOr<std::optional<pb::StoredCluster>> found =
      store_->GetCluster(cluster_id);
  if (!found.ok()) return found.status();
  if (!found->has_value()) {
    return Status::Corruption("cluster " + cluster_id + " of article " + id +
                              " is missing");
  }
  pb::StoredCluster cluster = std::move(**found);
  StatusOr<std::vector<std::string>> members = store_->GetMembers(cluster_id);
  if (!members.ok()) return members.status();
  std::erase(*members, id);

  Counters counters = store_->counters();
  ++counters.deleted;
  const int64_t now = options_.now_ms();
  CommitBatch batch;
  batch.deleted_articles.push_back(id);
  batch.deleted_fingerprints.push_back(ordinal);
  batch.deleted_members.emplace_back(cluster_id, id);
  Removal removal;
  removal.article_id = id;
  removal.events.reserve(2);
  auto new_event = [&](pb::ClusterEvent::Kind kind) -> pb::ClusterEvent& {
    pb::ClusterEvent& event = removal.events.emplace_back();
    event.set_sequence(counters.next_sequence++);
    event.set_kind(kind);
    event.set_article_id(id);
    event.set_cluster_id(cluster_id);
    event.set_event_time_ms(now);
    if (stored.article().has_published_ms()) {
      event.set_article_published_ms(stored.article().published_ms());
    }
    return event;
  };
  pb::ClusterEvent& removed = new_event(pb::ClusterEvent::ARTICLE_REMOVED);
  removed.set_removed_because(because);
  removed.set_relation(stored.decision().relation());

  if (members->empty()) {
    batch.deleted_clusters.push_back(cluster_id);
    if (counters.clusters > 0) --counters.clusters;
    if (cluster_ordinal != ordinal) {
      batch.deleted_cluster_names.push_back(cluster_ordinal);
    }
  } else {
    cluster.set_size(cluster.size() > 0 ? cluster.size() - 1 : 0);
    // Its members' fingerprints name the cluster by this ordinal.
    if (cluster_ordinal == ordinal) {
      batch.cluster_names.emplace_back(cluster_ordinal, cluster_id);
    }
    if (cluster.original_id() == id) {
      std::optional<pb::StoredArticle> earliest;
      for (const std::string& member : *members) {
        StatusOr<std::optional<pb::StoredArticle>> other =
            store_->GetArticle(member);
        if (!other.ok()) return other.status();
        if (!other->has_value()) {
          return Status::Corruption("member " + member + " of cluster " +
                                    cluster_id + " is not stored");
        }
        if (!earliest ||
            PublishedBefore(PublishedOf(**other), (*other)->ordinal(),
                            PublishedOf(*earliest), earliest->ordinal())) {
          earliest = std::move(**other);
        }
      }
      pb::ClusterEvent& changed =
          new_event(pb::ClusterEvent::ORIGINAL_CHANGED);
      changed.set_previous_original_id(id);
      changed.set_original_id(earliest->article().id());
      cluster.set_original_id(earliest->article().id());
      cluster.set_original_ordinal(earliest->ordinal());
      if (earliest->article().has_published_ms()) {
        cluster.set_original_published_ms(earliest->article().published_ms());
      } else {
        cluster.clear_original_published_ms();
      }
    }
    removed.set_original_id(cluster.original_id());
    batch.clusters.push_back(cluster);
  }
  batch.events = removal.events;
  batch.counters = counters;
  Status s = store_->Commit(batch);
  if (!s.ok()) return s;
  return removal;
}

}  // namespace newsdedup
