// PostingIndex: a compact in-memory inverted index from 32-bit feature hashes
// (shingles or terms) to the ordinals of the stored articles that have them.
//
// Memory is what limits how many articles one process can index, so entries
// live in one arena (8 bytes each: ordinal and the index of the next entry of
// the same feature) and features in one open-addressing table (16 bytes a
// slot), with no per-feature allocation. A posting is walked newest first.
//
// Besides the posting itself a slot counts the articles with the feature
// (posted or not: the caller may count an article without posting it) and
// the distinct clusters among the posted ones: a feature seen in many
// different clusters is boilerplate, not evidence of copying.
//
// Thread safety: none; the detector owns it and serialises access.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace newsdedup {

class PostingIndex {
 public:
  // `cluster_of`: maps an ordinal to its cluster number, and must stay
  // valid; null when distinct clusters are not wanted. A new article's
  // cluster is looked for among the newest `cluster_walk` entries of the
  // posting: copies of one story arrive close together, so a cluster not
  // seen that recently is counted as another one. That bounds the cost of
  // an Add whatever the posting's length, and overcounts only for a story
  // reprinted far apart under a phrase common enough to crowd it out.
  explicit PostingIndex(const std::vector<uint32_t>* cluster_of = nullptr,
                        uint32_t cluster_walk = 64);

  // Adds `ordinal` to the posting of `feature` and counts it. REQUIRES:
  // ordinals are added in increasing order, and each (feature, ordinal) at
  // most once.
  void Add(uint32_t feature, uint32_t ordinal);

  // Counts one more article with `feature` without posting it.
  void CountOnly(uint32_t feature);

  // Number of articles with `feature` (0 when unknown).
  uint32_t Count(uint32_t feature) const;

  // Count() of each of `features` into `counts`. Looks them up in two
  // passes, the first only prefetching, so that the cache misses of a few
  // hundred lookups overlap instead of following one another.
  void CountMany(const std::vector<uint32_t>& features,
                 std::vector<uint32_t>& counts) const;

  // Distinct clusters among the articles posted under `feature`.
  uint32_t DistinctClusters(uint32_t feature) const;

  // Both counts with one probe.
  struct Counts {
    uint32_t articles = 0;           // counted, posted or not
    uint32_t distinct_clusters = 0;  // among the posted ones
  };
  Counts Lookup(uint32_t feature) const {
    const Slot& slot = slots_[FindSlot(Key(feature))];
    if (slot.key == 0) return {};
    return {slot.count, slot.distinct_clusters};
  }

  // Calls `visit(ordinal)` for each article with `feature`, newest first,
  // until it returns false.
  template <typename Visit>
  void ForEach(uint32_t feature, Visit visit) const {
    const Slot& slot = slots_[FindSlot(Key(feature))];
    if (slot.key == 0) return;
    for (uint32_t e = slot.head; e != kNone; e = entries_[e].next) {
      if (!visit(entries_[e].ordinal)) return;
    }
  }

  size_t feature_count() const { return used_; }
  size_t entry_count() const { return entries_.size(); }
  size_t MemoryBytes() const;

 private:
  struct Slot {
    uint32_t key = 0;  // 0 marks an empty slot (feature 0 is stored as 1)
    uint32_t head = kNone;
    uint32_t count = 0;
    uint32_t distinct_clusters = 0;
  };
  struct Entry {
    uint32_t ordinal;
    uint32_t next;
  };
  static constexpr uint32_t kNone = 0xFFFFFFFFu;

  static uint32_t Key(uint32_t feature) { return feature == 0 ? 1 : feature; }
  size_t FindSlot(uint32_t key) const;  // the slot of key, or an empty one
  Slot& SlotFor(uint32_t feature);      // found or made
  void Grow();

  const std::vector<uint32_t>* cluster_of_;
  uint32_t cluster_walk_;
  std::vector<Slot> slots_;
  std::vector<Entry> entries_;
  size_t used_ = 0;
};

}  // namespace newsdedup
