// PostingIndex: a compact in-memory inverted index from 32-bit feature hashes
// (shingles or terms) to the ordinals of the stored articles that have them.
//
// Memory is what limits how many articles one process can index, and cache
// misses what limits how fast postings are walked, so:
//  - features live in one open-addressing table of slots (feature, posting
//    head, and with kArticles the tally), with no per-feature allocation;
//  - a feature with one article (most shingles) keeps it in its slot;
//  - longer postings are chains of blocks of 2, 6, 14 and then 30 ordinals,
//    newest block first, in a pool allocated in large chunks (never copied
//    as it grows), so that walking a long posting touches one cache line
//    per block rather than one per article.
// A posting is walked newest first.
//
// Articles can also leave (Remove): their entries are taken out of the
// postings, blocks left empty go to free lists by size and are reused by
// later posts, and a feature left with nothing leaves the table (backward
// shift, so no tombstones lengthen probes). An index over a sliding window
// of articles so stays the size of the window.
//
// Besides its posting a feature has one tally, chosen for the whole index:
//  - kArticles: the articles with the feature, posted or not (the caller
//    may count an article without posting it) — a term's document
//    frequency, kept in a 12-byte slot.
//  - kDistinctClusters: the distinct clusters among the posted articles —
//    a shingle seen in many different clusters is boilerplate, not
//    evidence of copying, kept in the posting itself: a singleton's is 1,
//    and a longer posting's is in the header of its newest block. So a slot
//    is 8 bytes: most shingles are singletons, and the shingle table is
//    most of the detector's memory.
//
// Thread safety: none; the detector owns it and serialises access.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

#include "dedup/ordinal_array.h"
#include "dedup/state_stream.h"
#include "dedup/status.h"

namespace newsdedup {

class PostingIndex {
 public:
  enum class Tally { kArticles, kDistinctClusters };

  // Counts articles.
  PostingIndex();

  // Counts distinct clusters. `cluster_of` maps an ordinal to its cluster
  // number and must stay valid. A new article's cluster is looked for among
  // the newest `cluster_walk` entries of the posting: copies of one story
  // arrive close together, so a cluster not seen that recently is counted
  // as another one. That bounds the cost of an Add whatever the posting's
  // length, and overcounts only for a story reprinted far apart under a
  // phrase common enough to crowd it out.
  PostingIndex(const OrdinalArray<uint32_t>* cluster_of,
               uint32_t cluster_walk);

  PostingIndex(PostingIndex&&) = default;
  PostingIndex& operator=(PostingIndex&&) = default;

  // Adds `ordinal` to the posting of `feature` and tallies it. REQUIRES:
  // ordinals are added in increasing order, each (feature, ordinal) at
  // most once, and fewer than 2^31 of them.
  // With kDistinctClusters, the cluster is looked for only while the tally
  // is under `exact_below`; from there on every article counts as one more
  // (the caller passes the tally past which the exact figure no longer
  // matters, and saves the walk for the commonest features).
  void Add(uint32_t feature, uint32_t ordinal,
           uint32_t exact_below = UINT32_MAX);

  // Takes `ordinal` out of the posting of `feature` (nothing happens when
  // it is not posted there) and, with kArticles and `counted`, one article
  // out of the tally. With kDistinctClusters the tally drops when no other
  // article of the ordinal's cluster is left among the newest cluster_walk
  // entries: the same bound Add counts under. `cluster_of` must still map
  // `ordinal` to its cluster.
  void Remove(uint32_t feature, uint32_t ordinal, bool counted);

  // Counts one more article with `feature` without posting it.
  // REQUIRES: Tally::kArticles.
  void CountOnly(uint32_t feature);

  // Articles with `feature` (0 when unknown). REQUIRES: Tally::kArticles.
  uint32_t Count(uint32_t feature) const { return TallyOf(feature); }

  // Count() of each of `features` into `counts`. Looks them up in two
  // passes, the first only prefetching, so that the cache misses of a few
  // hundred lookups overlap instead of following one another.
  void CountMany(const std::vector<uint32_t>& features,
                 std::vector<uint32_t>& counts) const;

  // Distinct clusters among the articles posted under `feature`; 0 exactly
  // when none is. REQUIRES: Tally::kDistinctClusters.
  uint32_t DistinctClusters(uint32_t feature) const { return TallyOf(feature); }

  // Starts loading the slot of `feature`, for a lookup soon after: a caller
  // about to look up many features prefetches them all first.
  void Prefetch(uint32_t feature) const {
    __builtin_prefetch(SlotAt(HomeSlot(Key(feature))));
  }

  // Starts loading the newest block of `feature`'s posting, for a walk
  // soon after. Best after Prefetch(feature) has had time to land.
  void PrefetchPosting(uint32_t feature) const {
    const uint32_t* slot = SlotAt(FindSlot(Key(feature)));
    const uint32_t head = slot[kHead];
    if (slot[kKey] != 0 && head != kNone && !(head & kInline)) {
      __builtin_prefetch(Block(head));
    }
  }

  // Calls `visit(ordinal)` for each article posted under `feature`, newest
  // first, until it returns false.
  template <typename Visit>
  void ForEach(uint32_t feature, Visit visit) const {
    const uint32_t* slot = SlotAt(FindSlot(Key(feature)));
    if (slot[kKey] == 0 || slot[kHead] == kNone) return;
    if (slot[kHead] & kInline) {
      visit(slot[kHead] & ~kInline);
      return;
    }
    for (uint32_t block = slot[kHead]; block != kNone;) {
      const uint32_t* b = Block(block);
      block = b[0];
      if (block != kNone) __builtin_prefetch(Block(block));
      for (uint32_t i = Fill(b); i-- > 0;) {
        if (!visit(b[kHeader + i])) return;
      }
    }
  }

  // Writes the table and the posting pool as they are, for Load to restore
  // without adding anything again (dedup/detector_state.cc has the layout).
  void Save(StateWriter& out) const;
  // Replaces this index with one Save wrote. The cluster numbers and walk
  // given at construction stay; the tally must be the same kind. Sizes and
  // the table's heads are checked (kCorruption), the postings' contents
  // are not: the caller checksums the stream.
  [[nodiscard]] Status Load(StateReader& in);

  size_t feature_count() const { return used_; }
  size_t entry_count() const { return posted_; }
  size_t MemoryBytes() const;

 private:
  // A slot's words: the key (0 marks an empty slot; feature 0 is stored as
  // 1), the posting's head (kNone, kInline | ordinal, or a block) and, with
  // kArticles, the tally.
  static constexpr size_t kKey = 0, kHead = 1, kTally = 2;
  static constexpr uint32_t kNone = 0xFFFFFFFFu;
  static constexpr uint32_t kInline = 0x80000000u;
  // A block: [next block, capacity << 16 | fill, distinct clusters (in the
  // newest block of a kDistinctClusters posting), ordinals...].
  static constexpr uint32_t kBlockClusters = 2;
  static constexpr uint32_t kHeader = 3;
  static constexpr uint32_t kMaxBlockOrdinals = 29;  // 32 words a block
  static constexpr uint32_t kChunkWords = 1u << 20;

  static uint32_t Key(uint32_t feature) { return feature == 0 ? 1 : feature; }
  static uint32_t Fill(const uint32_t* block) { return block[1] & 0xFFFF; }
  static uint32_t Capacity(const uint32_t* block) { return block[1] >> 16; }

  uint32_t TallyOf(uint32_t feature) const {
    const size_t i = FindSlot(Key(feature));
    return SlotAt(i)[kKey] == 0 ? 0 : TallyAt(i);
  }
  uint32_t* SlotAt(size_t i) { return &slots_[i * stride_]; }
  const uint32_t* SlotAt(size_t i) const { return &slots_[i * stride_]; }
  size_t slot_count() const { return slot_count_; }
  uint32_t TallyAt(size_t slot) const;
  void IncrementTally(size_t slot);
  // Where probing for `key` starts: the mixed hash scaled to the table
  // (not masked, so the table need not be a power of two). The hash is
  // mixed because feature hashes may share low bits (sampled shingles do).
  size_t HomeSlot(uint32_t key) const {
    const uint64_t mixed = (key * 0x9E3779B97F4A7C15ull) >> 32;
    return static_cast<size_t>((mixed * slot_count_) >> 32);
  }
  size_t FindSlot(uint32_t key) const;  // the slot of key, or an empty one
  size_t SlotFor(uint32_t feature);     // found or made
  void Grow();
  void EmptySlots(size_t count);
  bool ClusterSeen(const uint32_t* slot, uint32_t cluster) const;
  // Posts; with kDistinctClusters, `new_cluster` says whether the tally
  // grows.
  void Post(uint32_t* slot, uint32_t ordinal, bool new_cluster);
  uint32_t NewBlock(uint32_t capacity);  // returns its address
  void FreeBlock(uint32_t address);
  // Takes `ordinal` out of the posting at `slot`; false when not there.
  bool Unpost(uint32_t* slot, uint32_t ordinal);
  // Empties slot `i`, moving later slots of its probe run back into place.
  void EraseSlot(size_t i);
  uint32_t* Block(uint32_t address) {
    return chunks_[address / kChunkWords].get() + address % kChunkWords;
  }
  const uint32_t* Block(uint32_t address) const {
    return chunks_[address / kChunkWords].get() + address % kChunkWords;
  }

  Tally tally_;
  const OrdinalArray<uint32_t>* cluster_of_ = nullptr;
  uint32_t cluster_walk_ = 0;
  size_t stride_;                // words a slot: 3 with kArticles, else 2
  std::vector<uint32_t> slots_;  // slot_count_ slots of stride_ words
  size_t slot_count_ = 0;
  size_t used_ = 0;
  size_t posted_ = 0;
  std::vector<std::unique_ptr<uint32_t[]>> chunks_;
  uint32_t pool_end_ = 0;  // next free word, as an address
  // Heads of the lists of free blocks, by capacity (linked through their
  // first word).
  static constexpr size_t kFreeLists = kMaxBlockOrdinals + 1;
  std::vector<uint32_t> free_ = std::vector<uint32_t>(kFreeLists, kNone);
};

}  // namespace newsdedup
