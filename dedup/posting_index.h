// PostingIndex: a compact in-memory inverted index from 32-bit feature hashes
// (shingles or terms) to the ordinals of the stored articles that have them.
//
// Memory is what limits how many articles one process can index, so entries
// live in one arena (8 bytes each: ordinal and the index of the next entry of
// the same feature) and features in one open-addressing table (16 bytes a
// slot), with no per-feature allocation. A posting is walked newest first.
//
// Besides the posting itself a slot counts the distinct clusters among its
// articles, up to a small cap: a feature seen in many different clusters is
// boilerplate, not evidence of copying.
//
// Thread safety: none; the detector owns it and serialises access.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace newsdedup {

class PostingIndex {
 public:
  // `cluster_cap`: distinct clusters are counted up to this value.
  // `cluster_of`: maps an ordinal to its cluster number; must stay valid.
  // `max_entries`: a feature keeps at most this many articles in its
  // posting (the first ones) and only counts the rest — for features that
  // are never walked once they are that common. 0: no limit.
  PostingIndex(uint32_t cluster_cap, const std::vector<uint32_t>* cluster_of,
               uint32_t max_entries = 0);

  // Adds `ordinal` to the posting of `feature`. REQUIRES: ordinals are added
  // in increasing order, and each (feature, ordinal) at most once.
  void Add(uint32_t feature, uint32_t ordinal);

  // Number of articles with `feature` (0 when unknown).
  uint32_t Count(uint32_t feature) const;

  // Distinct clusters among the articles with `feature`, capped.
  uint32_t DistinctClusters(uint32_t feature) const;

  // Both counts with one probe.
  struct Counts {
    uint32_t articles = 0;
    uint32_t distinct_clusters = 0;
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
  void Grow();

  uint32_t cluster_cap_;
  uint32_t max_entries_;
  const std::vector<uint32_t>* cluster_of_;
  std::vector<Slot> slots_;
  std::vector<Entry> entries_;
  size_t used_ = 0;
};

}  // namespace newsdedup
