// IndexShard: one partition of a detector's index (dedup/index_shards.h),
// held wherever the shard runs; and LocalIndexShards, every shard in this
// process, which is what tests compare a detector over shards with.
//
// A shard applies the changes meant for it in the order they were made and
// answers lookups of its own keys. It keeps every article's cluster (the
// distinct-cluster tallies need it), boilerplate count and time, so that a
// restarted detector can take them back (Articles).
//
// Usage:
//   IndexShard shard(DetectorOptions{});
//   Status applied = shard.Apply(ChangeForShard(change, 0, 1));
//   IndexAnswer answer = shard.Answer(LookupForShard(lookup, 0, 1));
//
// Thread safety: none; the process that holds the shard serialises access.
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include "dedup/index_shards.h"
#include "dedup/options.h"
#include "dedup/ordinal_array.h"
#include "dedup/posting_index.h"
#include "dedup/state_stream.h"
#include "dedup/status.h"

namespace newsdedup {

class IndexShard {
 public:
  // The walks and limits are the detector's (CandidateOptions): a shard
  // and the detectors it serves must be given the same options.
  explicit IndexShard(const DetectorOptions& options);

  // Applies one change. Changes come in the order the detector made them:
  // an add of an ordinal below article_count() is one applied already and
  // is ignored (a change sent again after a restart), as is the removal of
  // an article already removed; an add past article_count() leaves a gap
  // (kInvalidArgument, nothing applied).
  [[nodiscard]] Status Apply(const IndexChange& change);

  // Tallies, and with lookup.postings the newest entries of the postings
  // candidate search walks, of this shard's keys in the lookup.
  IndexAnswer Answer(const IndexLookup& lookup) const;

  // The per-article arrays from `from` (or the first still held), up to
  // `max` of them.
  ShardArticles Articles(uint32_t from, uint32_t max) const;

  uint32_t article_count() const { return cluster_of_.end(); }
  size_t MemoryBytes() const;
  size_t feature_count() const;

  // The shard as a stream of bytes, and back (REQUIRES for Load: an empty
  // shard). A shard saves itself so that a restart reads its state and
  // the changes after it rather than every change ever made.
  void Save(StateWriter& out) const;
  [[nodiscard]] Status Load(StateReader& in);

 private:
  static constexpr uint32_t kRemoved = UINT32_MAX;
  bool IsRemoved(uint32_t ordinal) const {
    return ordinal >= article_count() || ordinal < cluster_of_.base() ||
           cluster_of_[ordinal] == kRemoved;
  }
  void DropRemovedPrefix();

  DetectorOptions options_;
  OrdinalArray<uint32_t> cluster_of_;
  OrdinalArray<uint32_t> boilerplate_;
  OrdinalArray<uint32_t> time_;
  uint32_t first_live_ = 0;
  PostingIndex shingles_;
  PostingIndex terms_;
  PostingIndex lines_;
  PostingIndex titles_;
};

// Every shard in this process: the reference a detector over remote shards
// must agree with, and what the tests run.
class LocalIndexShards : public IndexShards {
 public:
  LocalIndexShards(const DetectorOptions& options, uint32_t shard_count);
  Status Lookup(const IndexLookup& lookup, IndexAnswer* answer) override;
  Status Apply(IndexChange change) override;
  Status Flush() override { return Status::Ok(); }
  StatusOr<ShardArticles> Articles(uint32_t from, uint32_t max) override;
  bool remote() const override { return false; }
  IndexShard& shard(uint32_t i) { return *shards_[i]; }
  uint32_t shard_count() const {
    return static_cast<uint32_t>(shards_.size());
  }

 private:
  std::vector<std::unique_ptr<IndexShard>> shards_;
};

}  // namespace newsdedup
