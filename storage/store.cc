#include "storage/store.h"

#include <rocksdb/db.h>
#include <rocksdb/filter_policy.h>
#include <rocksdb/table.h>
#include <rocksdb/utilities/options_util.h>
#include <rocksdb/write_batch.h>

#include <filesystem>
#include <system_error>

namespace newsdedup {
namespace {

Status FromRocks(const rocksdb::Status& s, const std::string& what) {
  if (s.ok()) return Status::Ok();
  if (s.IsNotFound()) return Status::NotFound(what + ": " + s.ToString());
  if (s.IsCorruption()) return Status::Corruption(what + ": " + s.ToString());
  return Status::IOError(what + ": " + s.ToString());
}

std::string Serialize(const google::protobuf::MessageLite& message) {
  std::string out;
  message.SerializeToString(&out);
  return out;
}

}  // namespace

StatusOr<std::unique_ptr<Store>> Store::Open(const std::string& path,
                                             const StoreOptions& options) {
  std::unique_ptr<Store> store(new Store());
  store->path_ = path;
  store->options_ = options;

  rocksdb::Options db_options;
  db_options.create_if_missing = !options.read_only;
  db_options.create_missing_column_families = !options.read_only;
  db_options.IncreaseParallelism(2);
  db_options.max_open_files = 512;

  rocksdb::BlockBasedTableOptions table;
  table.block_cache = rocksdb::NewLRUCache(options.block_cache_bytes);
  table.filter_policy.reset(rocksdb::NewBloomFilterPolicy(10, false));
  table.cache_index_and_filter_blocks = true;
  rocksdb::ColumnFamilyOptions cf_options;
  cf_options.table_factory.reset(rocksdb::NewBlockBasedTableFactory(table));
  // Every new article's id is looked up before it is stored, and nearly
  // all are absent: a bloom filter on the articles' memtable answers those
  // without searching it (the SST files have theirs above).
  rocksdb::ColumnFamilyOptions articles_options = cf_options;
  articles_options.memtable_whole_key_filtering = true;
  articles_options.memtable_prefix_bloom_size_ratio = 0.02;
  // Article records (the text, kilobytes each) go to blob files and the
  // tree keeps only references to them: compaction then rewrites a few
  // bytes an article instead of the text, which in a big store is most of
  // the work the machine does besides deciding.
  articles_options.enable_blob_files = true;
  articles_options.min_blob_size = 256;
  // Until an article is deleted blob files hold no garbage; collecting it
  // would only copy live blobs into new files, and in a store of a million
  // articles each compaction then rewrote half a gigabyte of text. So
  // collection is off until the first deletion (CollectBlobGarbage).
  articles_options.enable_blob_garbage_collection = false;
  articles_options.blob_compression_type = rocksdb::kLZ4Compression;

  const std::vector<std::string> names = {rocksdb::kDefaultColumnFamilyName,
                                          kArticlesFamily,
                                          kFingerprintsFamily,
                                          kClustersFamily,
                                          kMembersFamily,
                                          kEventsFamily};
  std::vector<rocksdb::ColumnFamilyDescriptor> families;
  for (const std::string& name : names) {
    families.emplace_back(
        name, name == kArticlesFamily ? articles_options : cf_options);
  }

  db_options.manual_wal_flush = options.group_commit && !options.read_only;
  rocksdb::DB* raw = nullptr;
  rocksdb::Status s;
  if (options.read_only) {
    s = rocksdb::DB::OpenForReadOnly(db_options, path, families,
                                     &store->handles_, &raw);
  } else {
    std::error_code ec;
    std::filesystem::create_directories(path, ec);
    s = rocksdb::DB::Open(db_options, path, families, &store->handles_, &raw);
  }
  if (!s.ok()) return FromRocks(s, "opening store " + path);
  store->db_.reset(raw);
  store->meta_ = store->handles_[0];
  store->articles_ = store->handles_[1];
  store->fingerprints_ = store->handles_[2];
  store->clusters_ = store->handles_[3];
  store->members_ = store->handles_[4];
  store->events_ = store->handles_[5];

  std::string value;
  s = store->db_->Get(rocksdb::ReadOptions(), store->meta_,
                      std::string(kSchemaKey), &value);
  if (s.IsNotFound()) {
    if (!options.read_only) {
      s = store->db_->Put(rocksdb::WriteOptions(), store->meta_,
                          std::string(kSchemaKey),
                          std::to_string(kSchemaVersion));
      if (!s.ok()) return FromRocks(s, "writing schema version");
    }
  } else if (!s.ok()) {
    return FromRocks(s, "reading schema version");
  } else if (value != std::to_string(kSchemaVersion)) {
    return Status::Corruption("store " + path + " has schema version " + value +
                              ", this newsdedup reads version " +
                              std::to_string(kSchemaVersion));
  }

  s = store->db_->Get(rocksdb::ReadOptions(), store->meta_,
                      std::string(kCountersKey), &value);
  if (s.ok()) {
    std::optional<Counters> counters = DecodeCounters(value);
    if (!counters) return Status::Corruption("store counters do not decode");
    store->counters_ = *counters;
  } else if (!s.IsNotFound()) {
    return FromRocks(s, "reading store counters");
  }
  if (store->counters_.deleted > 0 && !options.read_only) {
    Status collecting = store->CollectBlobGarbage();
    if (!collecting.ok()) return collecting;
  }
  return store;
}

Status Store::CollectBlobGarbage() {
  if (collecting_blob_garbage_) return Status::Ok();
  // Blob files whose share of garbage passes the cutoff are rewritten by
  // the compactions that touch them; the oldest quarter is eligible.
  rocksdb::Status s = db_->SetOptions(
      articles_, {{"enable_blob_garbage_collection", "true"},
                  {"blob_garbage_collection_age_cutoff", "0.25"},
                  {"blob_garbage_collection_force_threshold", "0.5"}});
  if (!s.ok()) return FromRocks(s, "turning on blob garbage collection");
  collecting_blob_garbage_ = true;
  return Status::Ok();
}

Status Store::Compact() {
  if (options_.read_only) return Status::Internal("store opened read-only");
  Status s = CollectBlobGarbage();
  if (!s.ok()) return s;
  rocksdb::CompactRangeOptions options;
  options.bottommost_level_compaction =
      rocksdb::BottommostLevelCompaction::kForceOptimized;
  options.blob_garbage_collection_policy =
      rocksdb::BlobGarbageCollectionPolicy::kForce;
  options.blob_garbage_collection_age_cutoff = 1.0;
  for (rocksdb::ColumnFamilyHandle* handle : handles_) {
    s = FromRocks(db_->CompactRange(options, handle, nullptr, nullptr),
                  "compacting " + handle->GetName());
    if (!s.ok()) return s;
  }
  return Status::Ok();
}

StatusOr<std::optional<std::string>> Store::GetClusterName(
    uint32_t cluster_ordinal) const {
  std::string value;
  rocksdb::Status s = db_->Get(rocksdb::ReadOptions(), meta_,
                               EncodeClusterNameKey(cluster_ordinal), &value);
  if (s.IsNotFound()) return std::optional<std::string>();
  if (!s.ok()) return FromRocks(s, "reading a cluster name");
  return std::optional<std::string>(std::move(value));
}

Store::~Store() {
  if (db_) {
    // Whatever was committed is kept, reported or not.
    (void)Persist();
    for (rocksdb::ColumnFamilyHandle* handle : handles_) {
      db_->DestroyColumnFamilyHandle(handle);
    }
    db_->Close().PermitUncheckedError();
  }
}

Status Store::Commit(const CommitBatch& batch) {
  if (options_.read_only) return Status::Internal("store opened read-only");
  rocksdb::WriteBatch wb;
  for (const pb::StoredArticle& article : batch.articles) {
    wb.Put(articles_, article.article().id(), Serialize(article));
  }
  for (size_t i = 0; i < batch.fingerprints.size(); ++i) {
    wb.Put(fingerprints_, EncodeOrdinal(batch.fingerprint_ordinals[i]),
           Serialize(batch.fingerprints[i]));
  }
  for (const pb::StoredCluster& cluster : batch.clusters) {
    wb.Put(clusters_, cluster.id(), Serialize(cluster));
  }
  for (const auto& [cluster, id] : batch.members) {
    wb.Put(members_, EncodeMemberKey(cluster, id), "");
  }
  for (const pb::ClusterEvent& event : batch.events) {
    wb.Put(events_, EncodeSequence(event.sequence()), Serialize(event));
  }
  for (const std::string& id : batch.deleted_articles) wb.Delete(articles_, id);
  for (uint32_t ordinal : batch.deleted_fingerprints) {
    wb.Delete(fingerprints_, EncodeOrdinal(ordinal));
  }
  for (const auto& [cluster, id] : batch.deleted_members) {
    wb.Delete(members_, EncodeMemberKey(cluster, id));
  }
  for (const std::string& id : batch.deleted_clusters) wb.Delete(clusters_, id);
  for (const auto& [ordinal, id] : batch.cluster_names) {
    wb.Put(meta_, EncodeClusterNameKey(ordinal), id);
  }
  for (uint32_t ordinal : batch.deleted_cluster_names) {
    wb.Delete(meta_, EncodeClusterNameKey(ordinal));
  }
  if (!batch.deleted_articles.empty()) {
    Status collecting = CollectBlobGarbage();
    if (!collecting.ok()) return collecting;
  }
  wb.Put(meta_, std::string(kCountersKey), EncodeCounters(batch.counters));
  rocksdb::WriteOptions write_options;
  write_options.sync = options_.sync_writes && !options_.group_commit;
  Status s = FromRocks(db_->Write(write_options, &wb), "committing");
  if (s.ok()) counters_ = batch.counters;
  return s;
}

Status Store::Persist() {
  if (!options_.group_commit || options_.read_only) return Status::Ok();
  return FromRocks(db_->FlushWAL(options_.sync_writes), "writing the log");
}

Status Store::Sync() {
  if (options_.read_only) return Status::Ok();
  if (options_.group_commit) {
    return FromRocks(db_->FlushWAL(/*sync=*/true), "syncing the log");
  }
  return FromRocks(db_->SyncWAL(), "syncing the log");
}

StatusOr<std::optional<pb::StoredArticle>> Store::GetArticle(
    const std::string& id) const {
  std::string value;
  rocksdb::Status s = db_->Get(rocksdb::ReadOptions(), articles_, id, &value);
  if (s.IsNotFound()) return std::optional<pb::StoredArticle>();
  if (!s.ok()) return FromRocks(s, "reading article " + id);
  pb::StoredArticle article;
  if (!article.ParseFromString(value)) {
    return Status::Corruption("article record of " + id + " does not decode");
  }
  return std::optional<pb::StoredArticle>(std::move(article));
}

StatusOr<std::optional<std::string>> Store::GetState(
    std::string_view name) const {
  std::string value;
  rocksdb::Status s =
      db_->Get(rocksdb::ReadOptions(), meta_, EncodeStateKey(name), &value);
  if (s.IsNotFound()) return std::optional<std::string>();
  if (!s.ok()) return FromRocks(s, "reading state " + std::string(name));
  return std::optional<std::string>(std::move(value));
}

Status Store::PutState(std::string_view name, std::string_view value) {
  if (options_.read_only) return Status::Internal("store opened read-only");
  rocksdb::WriteOptions write_options;
  write_options.sync = options_.sync_writes && !options_.group_commit;
  const std::string what = "writing state " + std::string(name);
  Status s = FromRocks(db_->Put(write_options, meta_, EncodeStateKey(name),
                                rocksdb::Slice(value.data(), value.size())),
                       what);
  if (!s.ok()) return s;
  // With group_commit the put would wait in the log buffer for the next
  // Persist; a state record is written rarely and must not be lost.
  if (options_.group_commit) {
    return FromRocks(db_->FlushWAL(options_.sync_writes), what);
  }
  return Status::Ok();
}

StatusOr<pb::StoredFingerprint> Store::GetFingerprint(uint32_t ordinal) const {
  std::string value;
  rocksdb::Status s = db_->Get(rocksdb::ReadOptions(), fingerprints_,
                               EncodeOrdinal(ordinal), &value);
  if (!s.ok()) {
    return FromRocks(s, "reading fingerprint " + std::to_string(ordinal));
  }
  pb::StoredFingerprint fp;
  if (!fp.ParseFromString(value)) {
    return Status::Corruption("fingerprint " + std::to_string(ordinal) +
                              " does not decode");
  }
  return fp;
}

StatusOr<std::optional<pb::StoredCluster>> Store::GetCluster(
    const std::string& id) const {
  std::string value;
  rocksdb::Status s = db_->Get(rocksdb::ReadOptions(), clusters_, id, &value);
  if (s.IsNotFound()) return std::optional<pb::StoredCluster>();
  if (!s.ok()) return FromRocks(s, "reading cluster " + id);
  pb::StoredCluster cluster;
  if (!cluster.ParseFromString(value)) {
    return Status::Corruption("cluster record of " + id + " does not decode");
  }
  return std::optional<pb::StoredCluster>(std::move(cluster));
}

StatusOr<std::vector<std::string>> Store::GetMembers(
    const std::string& cluster_id) const {
  const std::string prefix = MemberPrefix(cluster_id);
  std::vector<std::string> ids;
  std::unique_ptr<rocksdb::Iterator> it(
      db_->NewIterator(rocksdb::ReadOptions(), members_));
  for (it->Seek(prefix); it->Valid() && it->key().starts_with(prefix);
       it->Next()) {
    ids.push_back(it->key().ToString().substr(prefix.size()));
  }
  if (!it->status().ok()) return FromRocks(it->status(), "listing members");
  return ids;
}

Status Store::ScanFingerprintsFrom(
    uint32_t from,
    const std::function<bool(uint32_t, const pb::StoredFingerprint&)>& visit)
    const {
  rocksdb::ReadOptions read_options;
  read_options.fill_cache = false;  // a one-off scan would evict hot blocks
  std::unique_ptr<rocksdb::Iterator> it(
      db_->NewIterator(read_options, fingerprints_));
  pb::StoredFingerprint fp;
  for (it->Seek(EncodeOrdinal(from)); it->Valid(); it->Next()) {
    std::optional<uint32_t> ordinal =
        DecodeOrdinal(std::string_view(it->key().data(), it->key().size()));
    if (!ordinal || !fp.ParseFromArray(it->value().data(),
                                       static_cast<int>(it->value().size()))) {
      return Status::Corruption("fingerprint record does not decode");
    }
    if (!visit(*ordinal, fp)) break;
  }
  return FromRocks(it->status(), "scanning fingerprints");
}

Status Store::ScanArticles(
    const std::function<bool(const pb::StoredArticle&)>& visit) const {
  rocksdb::ReadOptions read_options;
  read_options.fill_cache = false;  // a one-off scan would evict hot blocks
  std::unique_ptr<rocksdb::Iterator> it(
      db_->NewIterator(read_options, articles_));
  pb::StoredArticle article;
  for (it->SeekToFirst(); it->Valid(); it->Next()) {
    if (!article.ParseFromArray(it->value().data(),
                                static_cast<int>(it->value().size()))) {
      return Status::Corruption("article record of " + it->key().ToString() +
                                " does not decode");
    }
    if (!visit(article)) break;
  }
  return FromRocks(it->status(), "scanning articles");
}

Status Store::ScanClusters(
    const std::function<bool(const pb::StoredCluster&)>& visit) const {
  rocksdb::ReadOptions read_options;
  read_options.fill_cache = false;
  std::unique_ptr<rocksdb::Iterator> it(
      db_->NewIterator(read_options, clusters_));
  pb::StoredCluster cluster;
  for (it->SeekToFirst(); it->Valid(); it->Next()) {
    if (!cluster.ParseFromArray(it->value().data(),
                                static_cast<int>(it->value().size()))) {
      return Status::Corruption("cluster record of " + it->key().ToString() +
                                " does not decode");
    }
    if (!visit(cluster)) break;
  }
  return FromRocks(it->status(), "scanning clusters");
}

Status Store::ScanEvents(
    uint64_t from,
    const std::function<bool(const pb::ClusterEvent&)>& visit) const {
  std::unique_ptr<rocksdb::Iterator> it(
      db_->NewIterator(rocksdb::ReadOptions(), events_));
  pb::ClusterEvent event;
  for (it->Seek(EncodeSequence(from)); it->Valid(); it->Next()) {
    if (!event.ParseFromArray(it->value().data(),
                              static_cast<int>(it->value().size()))) {
      return Status::Corruption("event record does not decode");
    }
    if (!visit(event)) break;
  }
  return FromRocks(it->status(), "scanning events");
}

uint64_t Store::DiskBytes() const {
  uint64_t total = 0;
  std::error_code ec;
  for (const auto& entry :
       std::filesystem::recursive_directory_iterator(path_, ec)) {
    if (entry.is_regular_file(ec)) total += entry.file_size(ec);
  }
  return total;
}

}  // namespace newsdedup
