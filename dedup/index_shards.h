// Index shards: the detector's candidate index split by feature hash over
// several holders (processes, machines), so that one logical detector can
// index more articles than one machine holds.
//
// The detector (dedup/detector.h) asks, for each article, about a few
// hundred features of four kinds (shingles, terms, sentence lines, title
// keys): their tallies, and for the article being decided the newest
// entries of their postings. Each feature lives in exactly one shard
// (ShardOf), so every tally a shard answers with is exact, and a detector
// over shards decides exactly as one holding the whole index: the same
// code runs on the answers.
//
// Changes (an article added or removed) reach every shard: each gets the
// features that are its own, and all of them the article's header (its
// cluster, boilerplate count and time), which is what lets a restarted
// detector recover its small per-article arrays from any shard.
//
// Thread safety: the types are values. IndexShards implementations say
// their own; the detector calls one from its deciding thread only.
#pragma once

#include <array>
#include <cstdint>
#include <vector>

#include "dedup/status.h"

namespace newsdedup {

// The four indexes of a detector, by what they key.
enum class IndexKind : uint8_t { kShingles = 0, kTerms, kLines, kTitles };
inline constexpr size_t kIndexKinds = 4;

// Which of `shard_count` shards holds the feature. Mixed with the kind, so
// that a shard's share of each index is even, and unlike PostingIndex's
// own slot hash, so that a shard's features still spread over its table.
uint32_t ShardOf(IndexKind kind, uint32_t key, uint32_t shard_count);

// Features by kind, each list sorted and without repeats.
struct IndexKeys {
  std::array<std::vector<uint32_t>, kIndexKinds> of;
  std::vector<uint32_t>& operator[](IndexKind k) {
    return of[static_cast<size_t>(k)];
  }
  const std::vector<uint32_t>& operator[](IndexKind k) const {
    return of[static_cast<size_t>(k)];
  }
  bool empty() const;
  size_t size() const;
};

// What a detector asks about one article's features.
struct IndexLookup {
  IndexKeys keys;
  // Candidate search: besides tallies, the newest entries of the postings
  // the search walks. Otherwise tallies only (verifying candidates).
  bool postings = false;
  // The shingle tally from which a shingle is boilerplate and not walked.
  uint32_t boilerplate_clusters = 0;
};

// A feature's tally (articles for a term, distinct clusters otherwise) and,
// when asked for, the newest entries of its posting, newest first.
struct KeyAnswer {
  uint32_t key = 0;
  uint32_t tally = 0;
  std::vector<uint32_t> postings;
};

struct IndexAnswer {
  // One per key asked, in the lookup's order, tally 0 for an unknown key.
  std::array<std::vector<KeyAnswer>, kIndexKinds> of;
  std::vector<KeyAnswer>& operator[](IndexKind k) {
    return of[static_cast<size_t>(k)];
  }
  const std::vector<KeyAnswer>& operator[](IndexKind k) const {
    return of[static_cast<size_t>(k)];
  }
};

// One change to the index, in the order the detector made them.
struct IndexChange {
  enum class Kind : uint8_t {
    kAdd,         // article `ordinal` posted
    kAddRemoved,  // ordinal `ordinal` taken by an article already gone
    kRemove,      // article `ordinal` leaves
  };
  Kind kind = Kind::kAdd;
  uint32_t ordinal = 0;
  // kAdd: the article's cluster, its boilerplate shingles as counted when
  // it arrived, and the caller's time (Detector::SetArticleTime).
  uint32_t cluster = 0;
  uint32_t boilerplate = 0;
  uint32_t time = 0;
  // kAdd: shingle and line tallies are exact below it (PostingIndex::Add).
  uint32_t exact_below = UINT32_MAX;
  // kAdd: what is posted (terms: the article's rarest); kRemove: every
  // feature the article was counted under.
  IndexKeys keys;
  // kAdd: terms counted but not posted.
  std::vector<uint32_t> counted_terms;
};

// The per-article arrays every shard keeps, from ordinal `first` on.
struct ShardArticles {
  uint32_t first = 0;
  // Parallel; a removed article's cluster is UINT32_MAX.
  std::vector<uint32_t> cluster;
  std::vector<uint32_t> boilerplate;
  std::vector<uint32_t> time;
  // Ordinals ever added, removed or not: the next ordinal.
  uint32_t article_count = 0;
};

// The part of `lookup` (or `change`) that is shard `shard`'s of
// `shard_count`.
IndexLookup LookupForShard(const IndexLookup& lookup, uint32_t shard,
                           uint32_t shard_count);
IndexChange ChangeForShard(const IndexChange& change, uint32_t shard,
                           uint32_t shard_count);
// Puts the shards' answers together in the order of `lookup`'s keys.
// kCorruption when an answer does not match what its shard was asked.
[[nodiscard]] Status MergeAnswers(const IndexLookup& lookup,
                                  uint32_t shard_count,
                                  std::vector<IndexAnswer> by_shard,
                                  IndexAnswer* merged);

// Where a detector's index lives when it is split (Detector's constructor).
class IndexShards {
 public:
  virtual ~IndexShards() = default;
  // Answers with every change applied before it.
  virtual Status Lookup(const IndexLookup& lookup, IndexAnswer* answer) = 0;
  // Takes one change. It may be held back and sent later (Flush, or the
  // next Lookup), but never reordered.
  virtual Status Apply(IndexChange change) = 0;
  // Sends every change held back; OK once all are applied or durable
  // where the shards read them.
  virtual Status Flush() = 0;
  // The per-article arrays from ordinal `from`, up to `max` of them.
  virtual StatusOr<ShardArticles> Articles(uint32_t from, uint32_t max) = 0;
  // False when the shards live and die with this process (in-process
  // shards, for tests and benchmarks): nothing then needs ordering against
  // a store that outlives them.
  virtual bool remote() const { return true; }
};

}  // namespace newsdedup
