#include "dedup/posting_index.h"

namespace newsdedup {
namespace {
// Spreads feature hashes that may share low bits (sampled shingles do).
inline size_t Mix(uint32_t key) {
  uint64_t x = key * 0x9E3779B97F4A7C15ull;
  return static_cast<size_t>(x >> 32);
}
}  // namespace

PostingIndex::PostingIndex(const std::vector<uint32_t>* cluster_of,
                           uint32_t cluster_walk)
    : cluster_of_(cluster_of), cluster_walk_(cluster_walk), slots_(1024) {}

size_t PostingIndex::FindSlot(uint32_t key) const {
  const size_t mask = slots_.size() - 1;
  size_t i = Mix(key) & mask;
  while (slots_[i].key != 0 && slots_[i].key != key) i = (i + 1) & mask;
  return i;
}

void PostingIndex::Grow() {
  std::vector<Slot> old = std::move(slots_);
  slots_.assign(old.size() * 2, Slot{});
  for (const Slot& slot : old) {
    if (slot.key != 0) slots_[FindSlot(slot.key)] = slot;
  }
}

PostingIndex::Slot& PostingIndex::SlotFor(uint32_t feature) {
  if ((used_ + 1) * 10 > slots_.size() * 7) Grow();
  const uint32_t key = Key(feature);
  Slot& slot = slots_[FindSlot(key)];
  if (slot.key == 0) {
    slot.key = key;
    ++used_;
  }
  return slot;
}

void PostingIndex::Add(uint32_t feature, uint32_t ordinal) {
  Slot& slot = SlotFor(feature);
  if (cluster_of_ != nullptr) {
    const uint32_t cluster = (*cluster_of_)[ordinal];
    bool seen = false;
    uint32_t walked = 0;
    for (uint32_t e = slot.head; e != kNone && !seen && walked < cluster_walk_;
         e = entries_[e].next, ++walked) {
      seen = (*cluster_of_)[entries_[e].ordinal] == cluster;
    }
    if (!seen) ++slot.distinct_clusters;
  }
  entries_.push_back(Entry{ordinal, slot.head});
  slot.head = static_cast<uint32_t>(entries_.size() - 1);
  ++slot.count;
}

void PostingIndex::CountOnly(uint32_t feature) { ++SlotFor(feature).count; }

uint32_t PostingIndex::Count(uint32_t feature) const {
  const Slot& slot = slots_[FindSlot(Key(feature))];
  return slot.key == 0 ? 0 : slot.count;
}

void PostingIndex::CountMany(const std::vector<uint32_t>& features,
                             std::vector<uint32_t>& counts) const {
  const size_t mask = slots_.size() - 1;
  for (uint32_t f : features) {
    __builtin_prefetch(&slots_[Mix(Key(f)) & mask]);
  }
  counts.resize(features.size());
  for (size_t i = 0; i < features.size(); ++i) {
    counts[i] = Count(features[i]);
  }
}

uint32_t PostingIndex::DistinctClusters(uint32_t feature) const {
  const Slot& slot = slots_[FindSlot(Key(feature))];
  return slot.key == 0 ? 0 : slot.distinct_clusters;
}

size_t PostingIndex::MemoryBytes() const {
  return slots_.capacity() * sizeof(Slot) + entries_.capacity() * sizeof(Entry);
}

}  // namespace newsdedup
