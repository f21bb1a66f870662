// Store: newsdedup's durable state in an embedded RocksDB database.
//
// Holds articles (with the decision made for each), their fingerprints,
// clusters and their members, and the cluster event log. Every commit is one
// atomic RocksDB write batch through the write-ahead log, so after a crash a
// commit is either wholly there or wholly absent; once Commit returns OK the
// data survives the process being killed (and, with sync_writes, the machine
// losing power). The layout is in doc/storage.md; encodings in encoding.h.
//
// Usage:
//   StatusOr<std::unique_ptr<Store>> store = Store::Open(dir, StoreOptions{});
//   if (!store.ok()) return store.status();
//   CommitBatch batch;  // everything one decision writes
//   batch.articles.push_back(stored_article);
//   batch.counters = (*store)->counters();
//   Status s = (*store)->Commit(batch);  // all of it or none
//
// Thread safety: reads are safe from any thread. Commit must be called by one
// writer at a time (the engine's single decision thread); the counters it
// carries are that writer's. PutState is safe from any thread, alongside
// Commit.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "dedup/status.h"
#include "proto/newsdedup.pb.h"
#include "storage/encoding.h"

namespace rocksdb {
class DB;
class ColumnFamilyHandle;
}  // namespace rocksdb

namespace newsdedup {

struct StoreOptions {
  // fsync the write-ahead log on every commit. Off, a commit survives a
  // killed process but not a power cut; on, both, at a cost in latency.
  bool sync_writes = false;
  // Block cache shared by all column families.
  size_t block_cache_bytes = 256 << 20;
  // Open an existing store for reading only (stats, cluster, explain, and
  // while another process holds the store).
  bool read_only = false;
  // Commits reach the write-ahead log only at Persist (RocksDB's manual WAL
  // flush), so a run that makes many decisions before it reports any (a
  // batch) writes the log once per group instead of once per decision.
  // Reads see every commit at once; the commits since the last Persist are
  // lost if the process dies, so nothing about them may be reported before
  // it returns.
  bool group_commit = false;
};

// Everything one decision writes, committed atomically.
struct CommitBatch {
  std::vector<pb::StoredArticle> articles;
  std::vector<pb::StoredFingerprint> fingerprints;  // keyed by their ordinal
  std::vector<uint32_t> fingerprint_ordinals;       // parallel to the above
  std::vector<pb::StoredCluster> clusters;
  std::vector<std::pair<std::string, std::string>> members;  // (cluster, id)
  std::vector<pb::ClusterEvent> events;
  // What a deletion takes away: article records by id, fingerprints by
  // ordinal, member keys, cluster records of clusters left empty.
  std::vector<std::string> deleted_articles;
  std::vector<uint32_t> deleted_fingerprints;
  std::vector<std::pair<std::string, std::string>> deleted_members;
  std::vector<std::string> deleted_clusters;
  // Cluster names to keep (cluster ordinal, id) once the first article is
  // gone, and to drop once the cluster is (GetClusterName).
  std::vector<std::pair<uint32_t, std::string>> cluster_names;
  std::vector<uint32_t> deleted_cluster_names;
  Counters counters;  // the counters after this batch
};

class Store {
 public:
  static StatusOr<std::unique_ptr<Store>> Open(const std::string& path,
                                               const StoreOptions& options);
  ~Store();
  Store(const Store&) = delete;
  Store& operator=(const Store&) = delete;

  [[nodiscard]] Status Commit(const CommitBatch& batch);
  // Makes every commit so far survive the process being killed (and, with
  // sync_writes, a power cut). Needed only with group_commit; else a no-op.
  [[nodiscard]] Status Persist();

  // Makes every commit so far survive a power cut, whatever sync_writes
  // and group_commit say (an index snapshot must never cover a commit the
  // store could still lose). A no-op when read-only.
  [[nodiscard]] Status Sync();

  // Counters as of the last commit (or as opened).
  const Counters& counters() const { return counters_; }

  StatusOr<std::optional<pb::StoredArticle>> GetArticle(
      const std::string& id) const;
  StatusOr<pb::StoredFingerprint> GetFingerprint(uint32_t ordinal) const;
  StatusOr<std::optional<pb::StoredCluster>> GetCluster(
      const std::string& id) const;
  // The id of the cluster numbered `cluster_ordinal` when its first
  // article was deleted while other members remain; nullopt otherwise.
  StatusOr<std::optional<std::string>> GetClusterName(
      uint32_t cluster_ordinal) const;
  // Article ids of a cluster's members, in key order.
  StatusOr<std::vector<std::string>> GetMembers(
      const std::string& cluster_id) const;

  // A front end's own small record (say, a polled feed's validators and the
  // ids it has seen), under a name it chooses; nullopt when none was put.
  // The store does not read the value. PutState replaces the record and,
  // like a commit, survives a killed process once it returns (group_commit
  // or not), and a power cut with sync_writes. Keep records small (a few
  // hundred kilobytes at most): each put rewrites the whole value.
  StatusOr<std::optional<std::string>> GetState(std::string_view name) const;
  [[nodiscard]] Status PutState(std::string_view name, std::string_view value);

  // Calls `visit` for each fingerprint in ordinal order; stops early if it
  // returns false.
  [[nodiscard]] Status ScanFingerprints(
      const std::function<bool(uint32_t, const pb::StoredFingerprint&)>& visit)
      const {
    return ScanFingerprintsFrom(0, visit);
  }
  // The same, from ordinal `from` on.
  [[nodiscard]] Status ScanFingerprintsFrom(
      uint32_t from,
      const std::function<bool(uint32_t, const pb::StoredFingerprint&)>& visit)
      const;
  // Calls `visit` for each stored article, in id order (not arrival order);
  // stops early if it returns false. Reads past the block cache, so a scan
  // of a whole archive leaves the hot blocks of a running daemon in place;
  // one record is held at a time.
  [[nodiscard]] Status ScanArticles(
      const std::function<bool(const pb::StoredArticle&)>& visit) const;
  // The same for each cluster record (merged ones included), in id order.
  [[nodiscard]] Status ScanClusters(
      const std::function<bool(const pb::StoredCluster&)>& visit) const;
  // Calls `visit` for each event with sequence >= `from`, in order.
  [[nodiscard]] Status ScanEvents(
      uint64_t from,
      const std::function<bool(const pb::ClusterEvent&)>& visit) const;

  // Deleted articles' space comes back through compaction (and blob
  // garbage collection, which the store turns on once anything has been
  // deleted). Compact does all of it now: slow, for a command run after a
  // large deletion, never on the ingest path.
  [[nodiscard]] Status Compact();

  // Bytes the store takes on disk (every file under its directory).
  uint64_t DiskBytes() const;
  const std::string& path() const { return path_; }

 private:
  Store() = default;
  // Blob files start holding garbage once articles are deleted.
  Status CollectBlobGarbage();

  std::string path_;
  StoreOptions options_;
  std::unique_ptr<rocksdb::DB> db_;
  std::vector<rocksdb::ColumnFamilyHandle*> handles_;
  rocksdb::ColumnFamilyHandle* meta_ = nullptr;
  rocksdb::ColumnFamilyHandle* articles_ = nullptr;
  rocksdb::ColumnFamilyHandle* fingerprints_ = nullptr;
  rocksdb::ColumnFamilyHandle* clusters_ = nullptr;
  rocksdb::ColumnFamilyHandle* members_ = nullptr;
  rocksdb::ColumnFamilyHandle* events_ = nullptr;
  Counters counters_;
  bool collecting_blob_garbage_ = false;
};

}  // namespace newsdedup
